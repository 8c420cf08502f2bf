//! What an issuer needs from the signing side: claims read back after signing, no
//! duplicated registered members, whole-second expiries that saturate into tokens the
//! verifier accepts, and public JWK (set) serialization.

use serde::Serialize;
use serde_json::{Value, json};
use std::time::Duration;
use strict_jwt::{
    Algorithm, Claims, ErrorKind, HmacKey, Jwk, JwkSet, NumericDate, Signer, SigningKey,
    ThumbprintHash, Verifier,
};

fn hs256() -> (Signer, Verifier) {
    let key = HmacKey::generate(Algorithm::HS256).unwrap();
    let verifier = Verifier::builder()
        .allow(Algorithm::HS256)
        .key(key.clone())
        .build()
        .unwrap();
    (Signer::new(key), verifier)
}

fn payload_text(token: &str) -> String {
    let parts = strict_jwt::insecure_decode_without_verification(token).unwrap();
    String::from_utf8(parts.payload).unwrap()
}

#[test]
fn claims_are_readable_back_after_signing_so_a_random_jti_can_be_stored() {
    let claims = Claims::new_at(json!({"role": "admin"}), NumericDate::from_secs(1_000))
        .issuer("https://issuer.example")
        .subject("alice")
        .audiences(["a", "b"])
        .issued_now()
        .expires_in(Duration::from_secs(900))
        .with_random_jti()
        .unwrap();
    let key = HmacKey::generate(Algorithm::HS256).unwrap();
    let verifier = Verifier::builder()
        .allow(Algorithm::HS256)
        .key(key.clone())
        .audience("b") // a token with an `aud` needs a verifier that expects one
        .build()
        .unwrap();
    let token = Signer::new(key).sign(&claims).unwrap();
    let r = claims.registered();
    assert_eq!(r.issuer().unwrap(), "https://issuer.example");
    assert_eq!(r.subject().unwrap(), "alice");
    assert_eq!(r.audience().unwrap().iter().collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(r.issued_at().unwrap(), NumericDate::from_secs(1_000));
    assert_eq!(r.expiration().unwrap(), NumericDate::from_secs(1_900));
    assert_eq!(r.not_before().unwrap_err().kind(), ErrorKind::MissingClaim);
    // The stored jti is the one in the token.
    let v = verifier
        .verify_at::<Value>(&token, NumericDate::from_secs(1_100))
        .unwrap();
    assert_eq!(v.registered().jti().unwrap(), r.jti().unwrap());
    assert_eq!(
        v.registered().expiration().unwrap(),
        r.expiration().unwrap()
    );
}

#[derive(Serialize)]
struct WithSub {
    sub: &'static str,
    role: &'static str,
}

#[test]
fn custom_claims_that_repeat_a_registered_claim_the_claims_sets_are_refused() {
    let (signer, _) = hs256();
    let at = NumericDate::from_secs(1_000);
    let cases: Vec<(&str, Result<String, strict_jwt::Error>)> = vec![
        (
            "sub, Value",
            signer.sign(&Claims::new_at(json!({"sub": "mallory"}), at).subject("alice")),
        ),
        (
            "sub, struct",
            signer.sign(
                &Claims::new_at(
                    WithSub {
                        sub: "mallory",
                        role: "x",
                    },
                    at,
                )
                .subject("alice"),
            ),
        ),
        (
            "exp",
            signer.sign(
                &Claims::new_at(json!({"exp": 4_000_000_000u64}), at)
                    .expires_in(Duration::from_secs(60)),
            ),
        ),
        (
            "jti",
            signer.sign(&Claims::new_at(json!({"jti": "x"}), at).jti("y")),
        ),
        (
            "aud, a map",
            signer.sign(
                &Claims::new_at(std::collections::BTreeMap::from([("aud", "evil")]), at)
                    .audience("api"),
            ),
        ),
    ];
    for (why, result) in cases {
        let e = result.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Configuration, "{why}");
        assert!(
            e.to_string().contains("repeat a registered claim"),
            "{why}: {e}"
        );
    }
}

#[test]
fn a_custom_registered_name_that_the_claims_does_not_set_and_nested_names_are_allowed() {
    let (signer, verifier) = hs256();
    let at = NumericDate::from_secs(1_000);
    let token = signer
        .sign(
            &Claims::new_at(
                WithSub {
                    sub: "alice",
                    role: "admin",
                },
                at,
            )
            .expires_in(Duration::from_secs(60)),
        )
        .unwrap();
    let v = verifier.verify_at::<Value>(&token, at).unwrap();
    assert_eq!(v.registered().subject().unwrap(), "alice");
    assert_eq!(v.claims()["role"], "admin");

    let token = signer
        .sign(
            &Claims::new_at(json!({"profile": {"sub": "nested", "exp": 1}}), at)
                .subject("alice")
                .expires_in(Duration::from_secs(60)),
        )
        .unwrap();
    let v = verifier.verify_at::<Value>(&token, at).unwrap();
    assert_eq!(v.claims()["profile"]["sub"], "nested");
    assert_eq!(
        payload_text(&token),
        r#"{"sub":"alice","exp":1060,"profile":{"exp":1,"sub":"nested"}}"#
    );
    // Unit and Option custom claims flatten to nothing, as with serde's flatten.
    let token = signer
        .sign(
            &Claims::new_at((), at)
                .subject("a")
                .expires_in(Duration::from_secs(60)),
        )
        .unwrap();
    assert_eq!(payload_text(&token), r#"{"sub":"a","exp":1060}"#);
    let none: Option<WithSub> = None;
    let token = signer
        .sign(&Claims::new_at(none, at).expires_in(Duration::from_secs(60)))
        .unwrap();
    assert_eq!(payload_text(&token), r#"{"exp":1060}"#);
    // Custom claims that are not an object are refused, as before.
    let e = signer.sign(&Claims::new_at(42, at)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    let e = signer.sign(&Claims::new_at(vec![1, 2], at)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
}

#[test]
fn expires_in_writes_whole_seconds_rounded_down() {
    let (signer, _) = hs256();
    let token = signer
        .sign(
            &Claims::new_at((), NumericDate::from_secs(10))
                .expires_in(Duration::from_millis(1_500)),
        )
        .unwrap();
    assert_eq!(payload_text(&token), r#"{"exp":11}"#);
    // A fractional "now" from `new_at` still gives a whole-second exp.
    let now = NumericDate::from_secs(10).saturating_add(Duration::from_millis(700));
    let claims = Claims::new_at((), now).expires_in(Duration::from_millis(500));
    assert_eq!(
        claims.registered().expiration().unwrap(),
        NumericDate::from_secs(11)
    );
}

#[test]
fn expires_in_duration_max_gives_a_token_the_verifier_accepts() {
    let (signer, verifier) = hs256();
    let token = signer
        .sign(&Claims::new(()).subject("alice").expires_in(Duration::MAX))
        .unwrap();
    let text = payload_text(&token);
    assert!(text.contains(&format!("\"exp\":{}", i64::MAX)), "{text}");
    assert!(!text.contains("e18"), "no float: {text}");
    let v = verifier.verify::<Value>(&token).unwrap();
    assert_eq!(
        v.registered().expiration().unwrap(),
        NumericDate::from_secs(i64::MAX)
    );
}

#[test]
fn a_jwk_serializes_its_public_members_only() {
    for alg in [Algorithm::ES256, Algorithm::EdDSA] {
        let key = SigningKey::generate(alg).unwrap();
        let private = key.to_private_jwk().unwrap();
        assert!(private.is_private());
        let v: Value = serde_json::to_value(&private).unwrap();
        let members = v.as_object().unwrap();
        assert!(!members.contains_key("d"), "{alg:?}: {v}");
        assert!(members.contains_key("x"));
        assert_eq!(members["kid"], key.kid().unwrap());
        // The same JWK as the public one, member for member.
        let public: Value = serde_json::from_str(&key.to_public_jwk().unwrap().to_json()).unwrap();
        assert_eq!(v, public);
    }
    let oct =
        Jwk::from_json(r#"{"kty":"oct","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ"}"#).unwrap();
    assert!(serde_json::to_string(&oct).is_err());
}

#[test]
fn a_public_jwk_set_round_trips_as_a_plain_string_and_a_secret_set_refuses() {
    let keys: Vec<SigningKey> = [Algorithm::ES256, Algorithm::EdDSA, Algorithm::ES384]
        .into_iter()
        .map(|a| SigningKey::generate(a).unwrap())
        .collect();
    let private = JwkSet::from_keys(keys.iter().map(|k| k.to_private_jwk().unwrap())).unwrap();
    let json: String = private.to_public_json().unwrap();
    assert!(!json.contains("\"d\""), "{json}");
    let again = JwkSet::from_json(&json).unwrap();
    assert_eq!(again.keys().len(), 3);
    for (a, b) in private.keys().iter().zip(again.keys()) {
        assert_eq!(
            a.thumbprint(ThumbprintHash::Sha256).unwrap(),
            b.thumbprint(ThumbprintHash::Sha256).unwrap()
        );
        assert!(!b.is_private());
    }
    let via_serde: Value = serde_json::to_value(&private).unwrap();
    assert_eq!(via_serde, serde_json::from_str::<Value>(&json).unwrap());

    // Only `keys`: other top-level members of the document are not carried over.
    let with_extra = format!(r#"{{"keys":{},"internal":"x"}}"#, via_serde["keys"]);
    let extra = JwkSet::from_json(&with_extra).unwrap();
    assert!(extra.to_json().contains("internal"));
    assert_eq!(extra.to_public_json().unwrap(), json);
    let via_serde: Value = serde_json::to_value(&extra).unwrap();
    assert_eq!(via_serde.as_object().unwrap().len(), 1);

    let secrets = JwkSet::from_json(
        r#"{"keys":[{"kty":"oct","kid":"h","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ"}]}"#,
    )
    .unwrap();
    assert_eq!(
        secrets.to_public_json().unwrap_err().kind(),
        ErrorKind::IncompatibleKey
    );
    assert!(serde_json::to_string(&secrets).is_err());
}
