//! Instruction counts per request, for `benches/instructions.sh` (callgrind): the same
//! routers as `benches/extractor.rs`, each driven `N` times through
//! `tower::ServiceExt::oneshot`. Callgrind's counts do not depend on the machine's load,
//! so they separate a few hundred instructions of extractor work from timing noise.
//!
//! `cargo bench -p strict-jwt-axum --bench instructions -- CASE N`, CASE one of
//! `verify_only`, `router_no_auth`, `router_hand_written`, `router_extractor`,
//! `router_layer`. Without arguments (as `cargo bench` runs every bench) it does one
//! request of each, checking that they succeed.

use axum::body::Body;
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderValue, Request, StatusCode};
use axum::routing::get;
use axum::{Extension, Router};
use std::hint::black_box;
use std::sync::Arc;
use strict_jwt::{Algorithm, HmacKey, NumericDate, Signer, Verifier};
use strict_jwt_axum::{Authenticated, BearerAuth, BearerAuthLayer};
use tower::ServiceExt as _;

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Claims {
    tenant: String,
}

async fn no_auth() -> &'static str {
    "ok"
}

async fn with_extractor(user: Authenticated<Claims>) -> &'static str {
    black_box(user.claims());
    "ok"
}

async fn with_layer(Extension(user): Extension<Authenticated<Claims>>) -> &'static str {
    black_box(user.claims());
    "ok"
}

async fn hand_written(
    axum::extract::State(verifier): axum::extract::State<Arc<Verifier>>,
    request: Request<Body>,
) -> Result<&'static str, StatusCode> {
    let token = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(StatusCode::UNAUTHORIZED)?;
    let verified = verifier
        .verify::<Claims>(token)
        .map_err(|_| StatusCode::UNAUTHORIZED)?;
    black_box(verified.claims());
    Ok("ok")
}

const CASES: [&str; 5] = [
    "verify_only",
    "router_no_auth",
    "router_hand_written",
    "router_extractor",
    "router_layer",
];

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let runs: Vec<(String, usize)> = match args.as_slice() {
        [case, n] => vec![(case.clone(), n.parse().expect("N is a number"))],
        _ => CASES.iter().map(|c| ((*c).to_owned(), 1)).collect(),
    };
    let key = HmacKey::generate(Algorithm::HS256).expect("HMAC key");
    let token = Signer::new(key.clone())
        .sign(
            &strict_jwt::Claims::new(Claims {
                tenant: "acme".into(),
            })
            .subject("user-42")
            .audience("api")
            .expires_at(NumericDate::from_secs(4_102_444_800)),
        )
        .expect("signed");
    let verifier = Arc::new(
        Verifier::builder()
            .allow(Algorithm::HS256)
            .key(key)
            .audience("api")
            .build()
            .expect("verifier"),
    );
    let auth = BearerAuth::new(Arc::clone(&verifier));
    let bearer = HeaderValue::try_from(format!("Bearer {token}")).expect("header value");
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    for (case, n) in runs {
        let router = match case.as_str() {
            "verify_only" => {
                for _ in 0..n {
                    black_box(
                        verifier
                            .verify::<Claims>(black_box(&token))
                            .expect("verifies"),
                    );
                }
                continue;
            }
            "router_no_auth" => Router::new()
                .route("/me", get(no_auth))
                .with_state(auth.clone()),
            "router_hand_written" => Router::new()
                .route("/me", get(hand_written))
                .with_state(Arc::clone(&verifier)),
            "router_extractor" => Router::new()
                .route("/me", get(with_extractor))
                .with_state(auth.clone()),
            "router_layer" => Router::new()
                .route("/me", get(with_layer))
                .layer(BearerAuthLayer::<Claims>::new(auth.clone())),
            other => panic!("unknown case {other}; one of {CASES:?}"),
        };
        rt.block_on(async {
            for _ in 0..n {
                let request = Request::get("/me")
                    .header(AUTHORIZATION, bearer.clone())
                    .body(Body::empty())
                    .expect("request");
                let response = router.clone().oneshot(request).await.expect("infallible");
                assert_eq!(response.status(), StatusCode::OK, "{case}");
            }
        });
    }
}
