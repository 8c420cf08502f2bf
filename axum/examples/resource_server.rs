//! A small resource server: four routes behind bearer tokens, the way an API checks the
//! access tokens of an OAuth authorization server.
//!
//! - `GET /public`: no token needed.
//! - `GET /me`: a valid token required; answers its `sub` and `scope` as JSON.
//! - `GET /optional`: works without a token, greets the caller by `sub` with one (a
//!   broken token is still refused, never treated as anonymous).
//! - `GET /admin`: a valid token with the scope `admin` required (403 otherwise).
//!
//! To keep the example self-contained the server also plays the authorization server: it
//! generates an ES256 key at start-up and prints two freshly signed tokens, ready to paste
//! into curl. A real resource server holds only the public key (or fetches the issuer's
//! JWK set with `RemoteJwks`).
//!
//! ```text
//! cargo run -p strict-jwt-axum --example resource_server            # serves until Ctrl-C
//! PORT=8080 cargo run -p strict-jwt-axum --example resource_server  # on a fixed port
//! SELF_TEST=1 cargo run -p strict-jwt-axum --example resource_server
//! ```
//!
//! With `SELF_TEST=1` it sends a few requests to itself over real HTTP, prints each
//! status and exits non-zero if one is not what it should be.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderValue, Request, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use bytes::Bytes;
use http_body_util::{BodyExt as _, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde::{Deserialize, Serialize};
use strict_jwt::{Algorithm, Signer, SigningKey, Verifier};
use strict_jwt_axum::{AuthRejection, Authenticated, BearerAuth, Scopes};

const ISSUER: &str = "https://issuer.example";
const AUDIENCE: &str = "api";
/// RFC 9068 access tokens say what they are in the header, so that an ID token (or any
/// other JWT the issuer signs) cannot be replayed as one.
const ACCESS_TOKEN_TYPE: &str = "at+jwt";

/// The application's claims. `sub`, `iss`, `aud` and `exp` are registered claims, checked
/// by the verifier and read through `Authenticated::registered`.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Claims {
    /// Space-delimited OAuth scopes (RFC 9068 §2.2.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scope: Option<String>,
}

/// What `require_scope` reads.
impl Scopes for Claims {
    fn scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }
}

async fn public() -> &'static str {
    "public: no token needed\n"
}

/// A missing or bad token never reaches the body: the extractor answers 401 (or 400 for
/// malformed credentials) with an RFC 6750 `WWW-Authenticate` challenge.
async fn me(user: Authenticated<Claims>) -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "sub": user.registered().sub,
        "scope": user.claims().scope,
    }))
}

async fn optional(user: Option<Authenticated<Claims>>) -> String {
    match user {
        Some(user) => format!(
            "hello {}\n",
            user.registered().sub.as_deref().unwrap_or("(no sub)")
        ),
        None => "hello anonymous\n".to_owned(),
    }
}

async fn admin(user: Authenticated<Claims>) -> Result<&'static str, AuthRejection> {
    // 403 insufficient_scope, naming the scope, when the token lacks it.
    user.require_scope("admin")?;
    Ok("admin: welcome\n")
}

fn app(auth: BearerAuth) -> Router {
    Router::new()
        .route("/public", get(public))
        .route("/me", get(me))
        .route("/optional", get(optional))
        .route("/admin", get(admin))
        .with_state(auth)
}

/// What the authorization server would do at login: a short-lived access token.
fn access_token(signer: &Signer, scope: &str) -> Result<String, strict_jwt::Error> {
    signer.sign(
        &strict_jwt::Claims::new(Claims {
            scope: Some(scope.to_owned()),
        })
        .issuer(ISSUER)
        .subject("alice")
        .audience(AUDIENCE)
        .issued_now()
        .expires_in(Duration::from_secs(15 * 60))
        .with_random_jti()?,
    )
}

#[tokio::main]
async fn main() -> Result<ExitCode, Box<dyn std::error::Error>> {
    // The authorization server's key. Here generated on the spot; in production it lives
    // with the issuer, and this server gets only `key.verifying_key()` (or a JWK set).
    let key = SigningKey::generate(Algorithm::ES256)?;
    let signer = Signer::new(key.clone()).with_typ(ACCESS_TOKEN_TYPE);

    // The resource server's rules: one algorithm, the issuer's public key, and the claims
    // every token must carry.
    let verifier = Verifier::builder()
        .allow(Algorithm::ES256)
        .key(key.verifying_key())
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .require_type(ACCESS_TOKEN_TYPE)
        .build()?;
    let app = app(BearerAuth::new(verifier));

    let port = match std::env::var("PORT") {
        Ok(port) => port.parse::<u16>()?,
        Err(_) => 0,
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;

    let read = access_token(&signer, "read")?;
    let read_admin = access_token(&signer, "read admin")?;
    println!("listening on http://{addr}\n");
    println!("try (tokens valid for 15 minutes):");
    println!("  curl -i -H 'Authorization: Bearer {read}' http://{addr}/me");
    println!("  curl -i -H 'Authorization: Bearer {read_admin}' http://{addr}/admin");
    println!("and without a token: curl -i http://{addr}/me\n");

    if std::env::var("SELF_TEST").is_ok_and(|v| v == "1") {
        tokio::spawn(async move { axum::serve(listener, app).await });
        return self_test(addr, &read, &read_admin).await;
    }
    axum::serve(listener, app).await?;
    Ok(ExitCode::SUCCESS)
}

/// Calls the running server over HTTP/1.1 and checks each status.
async fn self_test(
    addr: SocketAddr,
    read: &str,
    read_admin: &str,
) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
    let bearer = |token: &str| HeaderValue::try_from(format!("Bearer {token}"));
    let cases = [
        ("/public", "no token", None, StatusCode::OK),
        ("/me", "no token", None, StatusCode::UNAUTHORIZED),
        ("/me", "read token", Some(bearer(read)?), StatusCode::OK),
        ("/optional", "no token", None, StatusCode::OK),
        (
            "/optional",
            "read token",
            Some(bearer(read)?),
            StatusCode::OK,
        ),
        (
            "/admin",
            "read token",
            Some(bearer(read)?),
            StatusCode::FORBIDDEN,
        ),
        (
            "/admin",
            "read admin token",
            Some(bearer(read_admin)?),
            StatusCode::OK,
        ),
        (
            "/me",
            "`Bearer  x` (two spaces)",
            Some(HeaderValue::from_static("Bearer  x")),
            StatusCode::BAD_REQUEST,
        ),
    ];
    let mut failed = 0;
    for (path, what, authorization, expected) in cases {
        let mut request = Request::get(format!("http://{addr}{path}"));
        if let Some(value) = authorization {
            request = request.header(AUTHORIZATION, value);
        }
        let response = client.request(request.body(Empty::new())?).await?;
        let status = response.status();
        let challenge = response
            .headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response.into_body().collect().await?.to_bytes();
        let verdict = if status == expected {
            "ok"
        } else {
            failed += 1;
            "UNEXPECTED"
        };
        println!("GET {path:<9} {what:<26} -> {status} [{verdict}, expected {expected}]");
        println!("    body: {}", String::from_utf8_lossy(&body).trim_end());
        if let Some(challenge) = challenge {
            println!("    www-authenticate: {challenge}");
        }
    }
    if failed == 0 {
        println!("\nself-test passed");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("\nself-test FAILED: {failed} unexpected status(es)");
        Ok(ExitCode::FAILURE)
    }
}
