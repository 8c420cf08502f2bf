//! A resource server that knows only the auth service's issuer URL: it discovers the JWK
//! set (OpenID Connect discovery), verifies access tokens against it, and follows key
//! rotations by itself.
//!
//! ```text
//! cargo run -p strict-jwt-auth-service                                 # the issuer, :3000
//! ISSUER=http://127.0.0.1:3000 cargo run -p strict-jwt-auth-service --example resource_server
//! curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:4000/hello
//! ```
//!
//! `SELF_TEST=1` starts an auth service in-process on a temporary database, logs in over
//! HTTP and calls `/hello` with the token, then exits (CI runs this).

use axum::Router;
use axum::routing::get;
use serde::Deserialize;
use std::time::Duration;
use strict_jwt::{Algorithm, Verifier};
use strict_jwt_axum::{Authenticated, BearerAuth, RemoteJwks};

/// What this API reads from the token, beyond the registered claims.
#[derive(Debug, Deserialize)]
struct Access {
    role: String,
}

async fn hello(auth: Authenticated<Access>) -> String {
    let registered = auth.registered();
    let sub = registered.subject().unwrap_or("?");
    format!("hello {sub} ({})\n", auth.claims().role)
}

/// The resource server's router for `issuer`.
async fn resource_server(issuer: &str) -> Result<Router, Box<dyn std::error::Error>> {
    let policy = Verifier::builder()
        .audience("api")
        .require_type("at+jwt")
        .require_claim("sub");
    let mut jwks = RemoteJwks::builder(policy)
        .allow(Algorithm::ES256)
        .allow(Algorithm::EdDSA)
        .allow(Algorithm::RS256);
    if issuer.starts_with("http://127.0.0.1") || issuer.starts_with("http://localhost") {
        jwks = jwks.allow_http(); // a local issuer; production issuers are HTTPS
    }
    let jwks = jwks.discover(issuer).await?;
    Ok(Router::new()
        .route("/hello", get(hello))
        .with_state(BearerAuth::remote(jwks)))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    if std::env::var_os("SELF_TEST").is_some() {
        return self_test().await;
    }
    let issuer = std::env::var("ISSUER").unwrap_or_else(|_| "http://127.0.0.1:3000".into());
    let app = resource_server(&issuer).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:4000").await?;
    println!("resource server on http://127.0.0.1:4000/hello, trusting {issuer}");
    axum::serve(listener, app).await?;
    Ok(())
}

async fn self_test() -> Result<(), Box<dyn std::error::Error>> {
    use strict_jwt_auth_service::{AppState, config::Config, router};
    let dir = tempfile::tempdir()?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let issuer = format!("http://{}", listener.local_addr()?);
    let config = Config {
        db: dir.path().join("auth.db"),
        issuer: issuer.clone(),
        ..Config::default()
    };
    let state = tokio::task::spawn_blocking(move || AppState::open(config)).await??;
    tokio::spawn(async move { axum::serve(listener, router(state)).await });

    let http = reqwest::Client::new();
    let creds =
        serde_json::json!({"email": "alice@example.com", "password": "correct horse battery"});
    let r = http
        .post(format!("{issuer}/auth/register"))
        .json(&creds)
        .send()
        .await?;
    assert_eq!(r.status(), 201);
    let r = http
        .post(format!("{issuer}/auth/login"))
        .json(&creds)
        .send()
        .await?;
    let token: serde_json::Value = r.json().await?;
    let token = token["access_token"]
        .as_str()
        .ok_or("no access_token")?
        .to_owned();

    let rs = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let rs_url = format!("http://{}/hello", rs.local_addr()?);
    let app = resource_server(&issuer).await?;
    tokio::spawn(async move { axum::serve(rs, app).await });

    let r = http
        .get(&rs_url)
        .bearer_auth(&token)
        .timeout(Duration::from_secs(10))
        .send()
        .await?;
    assert_eq!(r.status(), 200);
    let body = r.text().await?;
    assert!(body.starts_with("hello 1 (user)"), "{body}");
    let r = http.get(&rs_url).bearer_auth("x.y.z").send().await?;
    assert_eq!(r.status(), 401);
    println!("self-test OK: {}", body.trim());
    Ok(())
}
