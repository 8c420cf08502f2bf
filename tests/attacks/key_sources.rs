//! Rule 2, header policy: keys never come from the token (`jwk`, `jku`, `x5u`, `x5c`,
//! `x5t#S256` headers).

use crate::common::b64u_encode as b64;
use crate::helpers::*;
use serde_json::{Value, json};
use strict_jwt::{Algorithm, ErrorKind, SigningKey};

/// CVE-2018-0114: a header `jwk` carrying the attacker's own public key is never used.
/// The attacker signs with their key (EC, RSA, Ed25519) and embeds its public JWK;
/// the genuine verifier reports an invalid signature, while a verifier configured with
/// the attacker's key accepts the very same token (so the token itself is fine).
#[test]
fn rule2_embedded_jwk_header_is_never_a_key_source() {
    let es384 = SigningKey::generate(Algorithm::ES384).unwrap();
    let ed = SigningKey::generate(Algorithm::EdDSA).unwrap();
    let attackers = [
        SigningKey::from_pkcs8_der(Algorithm::ES256, ATTACKER_P256_PKCS8).unwrap(),
        es384,
        attacker_rsa(),
        ed,
    ];
    for attacker in &attackers {
        let alg = attacker.algorithm();
        let genuine_signer = match alg {
            Algorithm::RS256 => rsa_signing(alg),
            _ => SigningKey::generate(alg).unwrap(),
        };
        let genuine = verifier(alg, genuine_signer.verifying_key());
        let theirs = verifier(alg, attacker.verifying_key());
        let attacker_jwk: Value =
            serde_json::from_str(&jwk_json(&attacker.verifying_key())).unwrap();
        for kid in [None, Some("k")] {
            let mut h = json!({"alg": alg.name(), "jwk": attacker_jwk});
            if let Some(kid) = kid {
                h["kid"] = json!(kid);
            }
            let t = sign_token(attacker, &h.to_string(), &payload());
            assert_eq!(
                outcome(&genuine, &t),
                Some(ErrorKind::InvalidSignature),
                "{alg} {kid:?}"
            );
            assert_eq!(outcome(&theirs, &t), None, "{alg} {kid:?}: control");
        }
        // The genuine key in the header changes nothing either.
        let genuine_jwk: Value =
            serde_json::from_str(&jwk_json(&genuine_signer.verifying_key())).unwrap();
        let h = json!({"alg": alg.name(), "jwk": genuine_jwk}).to_string();
        let t = sign_token(attacker, &h, &payload());
        assert_eq!(
            outcome(&genuine, &t),
            Some(ErrorKind::InvalidSignature),
            "{alg} own jwk"
        );
    }
}

/// `jku`, `x5u` (SSRF and key injection) and `x5c` / `x5t` (a certificate for the
/// attacker's key) are never used to find a key.
#[test]
fn rule2_jku_x5u_x5c_headers_are_never_key_sources() {
    let attacker = SigningKey::from_pkcs8_der(Algorithm::ES256, ATTACKER_P256_PKCS8).unwrap();
    let genuine = verifier(
        Algorithm::ES256,
        SigningKey::generate(Algorithm::ES256)
            .unwrap()
            .verifying_key(),
    );
    let theirs = verifier(Algorithm::ES256, attacker.verifying_key());
    let x5c = json!([b64_std(ATTACKER_P256_CERT)]);
    let x5t = b64(crate::common::reference::digest::digest(
        &crate::common::reference::digest::SHA256,
        ATTACKER_P256_CERT,
    )
    .as_ref());
    let headers = [
        json!({"alg": "ES256", "jku": "https://attacker.example/jwks.json"}),
        json!({"alg": "ES256", "kid": "k", "jku": "https://attacker.example/jwks.json"}),
        json!({"alg": "ES256", "x5u": "https://attacker.example/cert.pem"}),
        json!({"alg": "ES256", "x5c": x5c}),
        json!({"alg": "ES256", "kid": "k", "x5c": x5c, "x5t#S256": x5t}),
        json!({
            "alg": "ES256",
            "jku": "https://attacker.example/jwks.json",
            "x5u": "https://attacker.example/cert.pem",
            "x5c": x5c,
            "jwk": serde_json::from_str::<Value>(&jwk_json(&attacker.verifying_key())).unwrap(),
        }),
    ];
    for h in headers {
        let t = sign_token(&attacker, &h.to_string(), &payload());
        assert_eq!(
            outcome(&genuine, &t),
            Some(ErrorKind::InvalidSignature),
            "{h}"
        );
        assert_eq!(outcome(&theirs, &t), None, "{h}: control");
    }
}
