//! Signs a token, verifies it, prints the claims, then shows three attacks refused:
//! an `alg: none` forgery, a tampered token and an expired token.
//!
//! Run with `cargo run --example quickstart`.

use serde::{Deserialize, Serialize};
use std::time::Duration;
use strict_jwt::base64url;
use strict_jwt::{Algorithm, Claims, HmacKey, NumericDate, Signer, Verifier};

#[derive(Serialize, Deserialize, Debug)]
struct Session {
    name: String,
    role: String,
}

fn main() -> Result<(), strict_jwt::Error> {
    // One 256-bit secret from the OS CSPRNG, bound to HS256 for its whole life.
    let key = HmacKey::generate(Algorithm::HS256)?;

    // Login: the server signs a short-lived token.
    let signer = Signer::new(key.clone()).with_kid("2026-11");
    let claims = Claims::new(Session {
        name: "Alice".into(),
        role: "admin".into(),
    })
    .issuer("https://auth.example")
    .subject("user-42")
    .audience("api://orders")
    .issued_now()
    .expires_in(Duration::from_secs(15 * 60))
    .with_random_jti()?;
    let token = signer.sign(&claims)?;
    println!("token:\n  {token}\n");

    // Every service: an explicit algorithm allowlist, the key, and the claims policy.
    let verifier = Verifier::builder()
        .allow(Algorithm::HS256)
        .key_with_kid("2026-11", key)
        .issuer("https://auth.example")
        .audience("api://orders")
        .leeway(Duration::from_secs(30))
        .build()?;

    let verified = verifier.verify::<Session>(&token)?;
    let r = verified.registered();
    println!("verified:");
    println!("  alg  {}", verified.header().algorithm());
    println!("  sub  {}", r.sub.as_deref().unwrap_or("-"));
    println!("  iss  {}", r.iss.as_deref().unwrap_or("-"));
    println!("  jti  {}", r.jti.as_deref().unwrap_or("-"));
    println!("  exp  {:?}", r.exp.map(NumericDate::as_secs));
    println!("  claims {:?}\n", verified.claims());

    println!("refused:");
    let (_, rest) = token.split_once('.').unwrap_or_default();
    let (payload, _) = rest.split_once('.').unwrap_or_default();

    // 1. alg=none: take the real payload, claim no signature is needed.
    let none_header = base64url::encode(br#"{"alg":"none","typ":"JWT"}"#);
    let forged = format!("{none_header}.{payload}.");
    report("alg=none forgery", verifier.verify::<Session>(&forged));

    // 2. Tampered: promote ourselves by editing the payload, keep the signature.
    let mut decoded = base64url::decode(payload)?;
    let text = String::from_utf8_lossy(&decoded).replace("admin", "owner");
    decoded = text.into_bytes();
    let header_sig: Vec<&str> = token.split('.').collect();
    let tampered = format!(
        "{}.{}.{}",
        header_sig[0],
        base64url::encode(&decoded),
        header_sig[2]
    );
    report("tampered payload", verifier.verify::<Session>(&tampered));

    // 3. Expired: a genuine token, checked an hour later (the clock is injectable).
    let later = NumericDate::now().saturating_add(Duration::from_secs(3600));
    report(
        "expired token",
        verifier.verify_at::<Session>(&token, later),
    );
    Ok(())
}

fn report<T>(what: &str, result: Result<T, strict_jwt::Error>) {
    match result {
        Ok(_) => println!("  {what}: ACCEPTED (this must never happen)"),
        Err(e) => println!("  {what}: {:?} ({e})", e.kind()),
    }
}
