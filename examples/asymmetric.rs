//! One service signs with a private key; others verify with only the public key.
//!
//! The auth service generates an ES256 key, keeps the PKCS#8 PEM secret and publishes the
//! public key as a JWK. An API service builds its verifier from that JWK alone. Then the
//! classic attacks are tried and refused: the public key used as an HMAC secret
//! (RS256/ES256 -> HS256 confusion) and a tampered payload.
//!
//! Run with `cargo run --example asymmetric`.

use std::time::Duration;
use strict_jwt::{
    Algorithm, Claims, ErrorKind, HmacKey, Jwk, Signer, SigningKey, Verifier, VerifyingKey,
};

#[derive(serde::Serialize, serde::Deserialize, Debug)]
struct Access {
    scope: String,
}

fn main() -> Result<(), strict_jwt::Error> {
    // --- auth service -------------------------------------------------------------
    let key = SigningKey::generate(Algorithm::ES256)?;
    let private_pem = key.to_pkcs8_pem()?; // store this as a secret
    let public_jwk = key
        .verifying_key()
        .with_kid("2026-11")
        .to_public_jwk()?
        .to_json();
    println!("published JWK: {}", public_jwk.as_str());

    // Reloaded from its PEM, as a restarted service would.
    let signer =
        Signer::new(SigningKey::from_pem(Algorithm::ES256, &private_pem)?).with_kid("2026-11");
    let token = signer.sign(
        &Claims::new(Access {
            scope: "read:orders".into(),
        })
        .issuer("https://auth.example")
        .subject("alice")
        .audience("orders-api")
        .issued_now()
        .expires_in(Duration::from_secs(900)),
    )?;
    println!("token: {token}");

    // --- API service: public key only -------------------------------------------------
    let verifier = Verifier::builder()
        .allow(Algorithm::ES256)
        .key(Jwk::from_json(&public_jwk)?.to_verifying_key(Algorithm::ES256)?)
        .issuer("https://auth.example")
        .audience("orders-api")
        .build()?;
    let verified = verifier.verify::<Access>(&token)?;
    println!(
        "verified: sub={:?} scope={}",
        verified.registered().sub,
        verified.claims().scope
    );

    // --- attacks ----------------------------------------------------------------------
    // 1. The attacker signs HS256 with the public key as the secret. The verifier only
    //    allows ES256, and the crate will not even build an HMAC key from a JWK or PEM.
    let public_pem = key.verifying_key().to_spki_pem()?;
    for (form, bytes) in [
        ("JWK", public_jwk.as_bytes()),
        ("PEM", public_pem.as_bytes()),
    ] {
        let refused = HmacKey::new(Algorithm::HS256, bytes)
            .map(|_| ())
            .map_err(|e| e.kind());
        assert_eq!(refused, Err(ErrorKind::IncompatibleKey));
        println!("public key ({form}) as an HMAC secret: IncompatibleKey");
    }
    // The PEM still imports as what it is.
    VerifyingKey::from_pem(Algorithm::ES256, &public_pem)?;
    // Whatever secret the attacker MACs with, an ES256-only verifier never runs HMAC.
    let forged = Signer::new(HmacKey::generate(Algorithm::HS256)?).sign(&serde_json::json!({
        "sub": "mallory", "iss": "https://auth.example", "aud": "orders-api", "exp": 4_102_444_800u64
    }))?;
    assert_eq!(
        verifier
            .verify::<Access>(&forged)
            .map(|_| ())
            .map_err(|e| e.kind()),
        Err(ErrorKind::AlgorithmNotAllowed)
    );
    println!("HS256 token against the ES256 verifier: AlgorithmNotAllowed");

    // 2. A tampered payload (same header and signature).
    let mut parts: Vec<&str> = token.split('.').collect();
    let evil = strict_jwt::base64url::encode(
        br#"{"scope":"admin","iss":"https://auth.example","aud":"orders-api","exp":4102444800}"#,
    );
    parts[1] = &evil;
    assert_eq!(
        verifier
            .verify::<Access>(&parts.join("."))
            .map(|_| ())
            .map_err(|e| e.kind()),
        Err(ErrorKind::InvalidSignature)
    );
    println!("tampered payload: InvalidSignature");
    Ok(())
}
