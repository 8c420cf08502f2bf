//! The token, verifier and routers that `extractor.rs` (criterion) and `instructions.rs`
//! (callgrind) both measure, so the two report on the same code.

use axum::body::Body;
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderValue, Request, StatusCode};
use axum::routing::get;
use axum::{Extension, Router};
use serde::{Deserialize, Serialize};
use std::hint::black_box;
use std::sync::Arc;
use strict_jwt::{Algorithm, HmacKey, NumericDate, Signer, Verifier};
use strict_jwt_axum::{Authenticated, BearerAuth, BearerAuthLayer};

/// The application's claims (the registered ones are read through `registered()`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Claims {
    pub tenant: String,
}

/// The one body every handler answers with.
const BODY: &str = "ok";

async fn no_auth() -> &'static str {
    BODY
}

async fn with_extractor(user: Authenticated<Claims>) -> &'static str {
    black_box(user.claims());
    BODY
}

async fn with_layer(Extension(user): Extension<Authenticated<Claims>>) -> &'static str {
    black_box(user.claims());
    BODY
}

/// The least an application writes by hand: the verifier as state, `strip_prefix`,
/// `verify`, 401 on any error.
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
    Ok(BODY)
}

/// One HS256 token (aud `api`, a `sub`, a small custom claim, `exp` in 2100) and what
/// verifies it.
pub struct Fixture {
    pub token: String,
    pub verifier: Arc<Verifier>,
    pub bearer: HeaderValue,
}

impl Fixture {
    pub fn new() -> Self {
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
            .expect("signed token");
        let verifier = Arc::new(
            Verifier::builder()
                .allow(Algorithm::HS256)
                .key(key)
                .audience("api")
                .build()
                .expect("verifier"),
        );
        let bearer = HeaderValue::try_from(format!("Bearer {token}")).expect("header value");
        Self {
            token,
            verifier,
            bearer,
        }
    }

    /// The routers by bench id: `router_no_auth`, `router_hand_written`,
    /// `router_extractor`, `router_layer`.
    pub fn routers(&self) -> [(&'static str, Router); 4] {
        let auth = BearerAuth::new(Arc::clone(&self.verifier));
        [
            (
                "router_no_auth",
                Router::new()
                    .route("/me", get(no_auth))
                    .with_state(auth.clone()),
            ),
            (
                "router_hand_written",
                Router::new()
                    .route("/me", get(hand_written))
                    .with_state(Arc::clone(&self.verifier)),
            ),
            (
                "router_extractor",
                Router::new()
                    .route("/me", get(with_extractor))
                    .with_state(auth.clone()),
            ),
            (
                "router_layer",
                Router::new()
                    .route("/me", get(with_layer))
                    .layer(BearerAuthLayer::<Claims>::new(auth)),
            ),
        ]
    }
}

/// A GET of `/me`, with this `Authorization` value if any.
pub fn request(authorization: Option<&HeaderValue>) -> Request<Body> {
    let mut builder = Request::get("/me");
    if let Some(value) = authorization {
        builder = builder.header(AUTHORIZATION, value.clone());
    }
    builder.body(Body::empty()).expect("a valid request")
}
