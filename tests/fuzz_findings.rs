//! Regression tests for what the fuzz targets (`fuzz/`) found. Each test names the
//! target and the property that failed; `fuzz/README.md` lists the findings.

use serde_json::{Value, json};
use strict_jwt::{Algorithm, ErrorKind, HmacKey, Jwk, MAX_KID_LEN, Signer, Verifier};

fn hs256() -> HmacKey {
    HmacKey::new(Algorithm::HS256, &[7u8; 32]).expect("key")
}

/// `claims`: `-0` was handed to the application as the integer 0, where `serde_json`
/// (and so every `Deserialize` written against it) reads the float -0.0.
#[test]
fn claims_negative_zero_reads_as_serde_json_does() {
    let key = hs256();
    let token = Signer::new(key.clone())
        .sign(&json!({"exp": 4_102_444_800u64, "n": 0}))
        .expect("sign");
    // Re-sign a payload with a literal `-0`, which serde_json never writes.
    let payload = br#"{"exp":4102444800,"n":-0,"m":[-0,0,-1]}"#;
    let header = token.split('.').next().expect("header");
    let input = format!("{header}.{}", strict_jwt::base64url::encode(payload));
    let sig = strict_jwt::internal::sign_raw(&key.clone().into(), input.as_bytes()).expect("sign");
    let token = format!("{input}.{}", strict_jwt::base64url::encode(&sig));

    let v = Verifier::builder()
        .allow(Algorithm::HS256)
        .key(key)
        .build()
        .expect("verifier");
    let ours = v.verify::<Value>(&token).expect("valid").into_claims();
    let reference: Value = serde_json::from_slice(payload).expect("JSON");
    assert_eq!(ours, reference);
    assert!(
        ours["n"]
            .as_f64()
            .is_some_and(|n| n == 0.0 && n.is_sign_negative())
    );
    assert_eq!(ours["m"][2], json!(-1));
}

/// `jwk`: an RSA private JWK whose `dq` does not match `d` and `q` imported (ring checks
/// CRT values only when signing) and then every signature failed with `Crypto`. The
/// import now makes one signature and refuses the key.
#[test]
fn jwk_rsa_private_key_with_inconsistent_crt_value_is_refused_at_import() {
    let text = include_str!("../fuzz/keys/rs256.jwk.json"); // RFC 7515 A.2
    let good = Jwk::from_json(text).expect("JWK");
    let key = good
        .to_signing_key(Algorithm::RS256)
        .expect("the RFC key imports");
    strict_jwt::internal::sign_raw(&key, b"message").expect("and signs");

    let mut v: Value = serde_json::from_str(text).expect("JSON");
    let dq = v["dq"].as_str().expect("dq").to_owned();
    // Change one base64url character in the middle (still canonical, still 2048-bit sized).
    let mid = dq.len() / 2;
    let c = if &dq[mid..=mid] == "A" { "B" } else { "A" };
    v["dq"] = Value::from(format!("{}{c}{}", &dq[..mid], &dq[mid + 1..]));
    let bad = Jwk::from_json(&v.to_string()).expect("still a well-formed JWK");
    for alg in [Algorithm::RS256, Algorithm::PS384] {
        let err = bad
            .to_signing_key(alg)
            .expect_err("inconsistent key refused");
        assert_eq!(err.kind(), ErrorKind::InvalidKey, "{alg:?}");
    }
}

/// `sign_verify_roundtrip`: a signer with a kid longer than `MAX_KID_LEN` produced
/// tokens that every verifier of the crate refuses. It now refuses to sign.
#[test]
fn sign_kid_over_the_cap_is_refused_by_the_signer() {
    let signer = Signer::new(hs256());
    let claims = json!({"exp": 4_102_444_800u64});
    signer
        .clone()
        .with_kid("k".repeat(MAX_KID_LEN))
        .sign(&claims)
        .expect("a kid at the cap signs");
    let err = signer
        .with_kid("k".repeat(MAX_KID_LEN + 1))
        .sign(&claims)
        .expect_err("over the cap");
    assert_eq!(err.kind(), ErrorKind::Configuration);
}

/// `header`: an unused header member holding a number beyond the f64 range
/// (`5e300027`) was kept as raw text, where `serde_json` refuses the document. Numbers
/// that overflow are now refused in skipped values too.
#[test]
fn header_number_out_of_f64_range_is_refused() {
    let key = hs256();
    let v = Verifier::builder()
        .allow(Algorithm::HS256)
        .key(key.clone())
        .build()
        .expect("verifier");
    let token = |header: &str| {
        let input = format!(
            "{}.{}",
            strict_jwt::base64url::encode(header.as_bytes()),
            strict_jwt::base64url::encode(br#"{"exp":4102444800}"#)
        );
        let sig =
            strict_jwt::internal::sign_raw(&key.clone().into(), input.as_bytes()).expect("sign");
        format!("{input}.{}", strict_jwt::base64url::encode(&sig))
    };
    for (member, ok) in [
        ("1e308", true),
        ("1e-400", true),
        ("-0.5E+2", true),
        ("1e309", false),
        ("555859495e300027356854775808", false),
        ("-1e400", false),
        ("[1,{\"x\":2e999}]", false),
    ] {
        let header = format!(r#"{{"alg":"HS256","x":{member}}}"#);
        let result = v.verify::<Value>(&token(&header));
        assert_eq!(
            serde_json::from_str::<Value>(&header).is_ok(),
            ok,
            "{member}"
        );
        match ok {
            true => {
                result.expect("in range");
            }
            false => assert_eq!(
                result.map(|_| ()).map_err(|e| e.kind()),
                Err(ErrorKind::Malformed)
            ),
        }
    }
}

/// `sign_verify_roundtrip`: `with_cty("JWT")` signed tokens that every verifier of the
/// crate refuses (nested JWTs are not supported). The signer now refuses them.
#[test]
fn sign_cty_jwt_is_refused_by_the_signer() {
    let claims = json!({"exp": 4_102_444_800u64});
    for cty in ["JWT", "jwt", "application/JWT"] {
        let err = Signer::new(hs256())
            .with_cty(cty)
            .sign(&claims)
            .expect_err("nested");
        assert_eq!(err.kind(), ErrorKind::Configuration, "{cty}");
    }
    let token = Signer::new(hs256())
        .with_cty("example+json")
        .sign(&claims)
        .expect("another cty signs");
    let v = Verifier::builder()
        .allow(Algorithm::HS256)
        .key(hs256())
        .build()
        .expect("verifier");
    v.verify::<Value>(&token).expect("and verifies");
}

/// `jwk`: an `OKP` (or `EC`, `RSA`) JWK that also carried an `oct` secret member `k`
/// imported as a verification key, although `is_private()` reported it private. A
/// verification JWK with any secret member is now refused.
#[test]
fn jwk_public_key_carrying_a_secret_k_is_refused_for_verification() {
    let public =
        r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
    Jwk::from_json(public)
        .expect("RFC 8037 A.2")
        .to_verifying_key(Algorithm::EdDSA)
        .expect("the public key imports");
    let with_k = r#"{"kty":"OKP","crv":"Ed25519","k":"c2VjcmV0","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
    let jwk = Jwk::from_json(with_k).expect("well-formed");
    assert!(jwk.is_private());
    let err = jwk
        .to_verifying_key(Algorithm::EdDSA)
        .expect_err("secret member refused");
    assert_eq!(err.kind(), ErrorKind::InvalidKey);
    // In a key set it is skipped and reported, not used.
    let set = strict_jwt::JwkSet::from_json(&format!(r#"{{"keys":[{with_k}]}}"#)).expect("set");
    assert_eq!(set.verifying_keys().count(), 0);
    assert_eq!(set.skipped().len(), 1);
    assert_eq!(set.skipped()[0].error().kind(), ErrorKind::InvalidKey);
}
