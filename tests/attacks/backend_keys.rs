//! Rule 0, keys the active backend may lack: P-521 (ES512) and secp256k1 (ES256K) keys
//! and RSA key generation only with `aws-lc-rs`, Ed448 in no build. Each test branches
//! on `Backend::ACTIVE` and checks that backend's side: refused as unsupported, never
//! faked or parsed as something else.

use crate::common::{b64u_decode, b64u_encode as b64, set_keys};
use crate::helpers::*;
use serde_json::{Value, json};
use strict_jwt::{
    Algorithm, Backend, ErrorKind, Jwk, JwkSet, SigningKey, ThumbprintHash, Verifier, VerifyingKey,
};

/// P-521 keys (`tests/keys/p521_*.der`, the RFC 7515 A.4 JWK) need the `aws-lc-rs`
/// backend. With `ring` (no P-521) they are refused as unsupported in every form, for
/// ES512 and for every other ECDSA algorithm, and no verifier allowing ES512 can be built.
/// With `aws-lc-rs` the same keys import for ES512 (and only for it: another ECDSA
/// algorithm is an incompatible key), sign, and verify RFC 7515 A.4 itself. `ES512` is an
/// algorithm name in every build, so a token naming it is refused by a verifier that
/// does not allow it, never parsed as something else.
#[test]
fn rule0_p521_keys_are_unsupported_with_ring_and_es512_keys_with_aws_lc_rs() {
    let unsupported = Some(ErrorKind::UnsupportedKey);
    assert_eq!(
        Algorithm::from_name("ES512").map_err(|e| e.kind()),
        Ok(Algorithm::ES512)
    );
    let has_p521 = Backend::ACTIVE.supports(Algorithm::ES512);
    assert_eq!(has_p521, Backend::ACTIVE == Backend::AwsLcRs);
    let a4 = rfc7515_case("rfc7515-A.4");
    let jwk = a4["jwk_public"].to_string();
    let jwk = Jwk::from_json(&jwk).unwrap();
    let private = a4["jwk"].to_string();
    let private = Jwk::from_json(&private).unwrap();
    let token = crate::common::str_member(&a4, "token");

    // Bound to another ECDSA algorithm: the curve is missing (ring), or not the
    // algorithm's (aws-lc-rs).
    let other_alg = if has_p521 {
        Some(ErrorKind::IncompatibleKey)
    } else {
        unsupported
    };
    for alg in [Algorithm::ES256, Algorithm::ES384, Algorithm::ES256K] {
        assert_eq!(kind_of(jwk.to_verifying_key(alg)), other_alg, "JWK {alg}");
        assert_eq!(
            kind_of(SigningKey::from_pkcs8_der(alg, P521_PKCS8)),
            other_alg,
            "PKCS#8 {alg}"
        );
        assert_eq!(
            kind_of(VerifyingKey::from_spki_der(alg, P521_SPKI)),
            other_alg,
            "SPKI {alg}"
        );
    }
    assert_eq!(
        kind_of(private.to_signing_key(Algorithm::ES256)),
        other_alg,
        "private JWK"
    );

    // A token naming ES512 (RFC 7515 A.4 itself), to a verifier that allows only ES256.
    let v = verifier(
        Algorithm::ES256,
        SigningKey::generate(Algorithm::ES256)
            .unwrap()
            .verifying_key(),
    );
    assert_eq!(
        kind_of(v.verify_signature_only(token)),
        Some(ErrorKind::AlgorithmNotAllowed),
        "A.4 token"
    );

    // Bound to ES512 itself.
    let public_jwk = jwk.to_verifying_key(Algorithm::ES512);
    let from_pkcs8 = SigningKey::from_pkcs8_der(Algorithm::ES512, P521_PKCS8);
    let from_spki = VerifyingKey::from_spki_der(Algorithm::ES512, P521_SPKI);
    let from_jwk = private.to_signing_key(Algorithm::ES512);
    let generated = SigningKey::generate(Algorithm::ES512);
    if !has_p521 {
        assert_eq!(kind_of(public_jwk), unsupported, "JWK ES512");
        assert_eq!(kind_of(from_pkcs8), unsupported, "PKCS#8 ES512");
        assert_eq!(kind_of(from_spki), unsupported, "SPKI ES512");
        assert_eq!(kind_of(from_jwk), unsupported, "private JWK ES512");
        assert_eq!(kind_of(generated), unsupported, "generate ES512");
        assert_eq!(
            kind_of(Verifier::builder().allow(Algorithm::ES512).build()),
            Some(ErrorKind::Configuration),
            "a verifier allowing ES512 has no key to hold"
        );
        return;
    }
    // aws-lc-rs: the OpenSSL files are one key pair.
    let from_pkcs8 = from_pkcs8.unwrap();
    let from_spki = from_spki.unwrap();
    assert_eq!(from_pkcs8.algorithm(), Algorithm::ES512);
    assert_eq!(from_pkcs8.verifying_key().to_spki_der().unwrap(), P521_SPKI);
    let t = sign_token(
        &from_pkcs8,
        &header(Algorithm::ES512, Some("k")),
        &payload(),
    );
    assert_eq!(split(&t).1.len(), 132, "r || s, 66 bytes each");
    let v = verifier(Algorithm::ES512, from_spki.clone());
    assert_eq!(
        outcome(&v, &t),
        None,
        "PKCS#8-signed token under the SPKI key"
    );
    assert_eq!(
        outcome(&v, &resign(&t, &[7; 132])),
        Some(ErrorKind::InvalidSignature)
    );
    // RFC 7515 A.4: the public JWK verifies the published token; the private JWK is the
    // same key, and its own tokens verify under the public JWK.
    let public_jwk = public_jwk.unwrap();
    assert_eq!(public_jwk.algorithm(), Algorithm::ES512);
    let a4_verifier = verifier(Algorithm::ES512, public_jwk.clone());
    assert_eq!(
        kind_of(a4_verifier.verify_signature_only(token)),
        None,
        "A.4 token"
    );
    let from_jwk = from_jwk.unwrap();
    assert_eq!(
        from_jwk.thumbprint(ThumbprintHash::Sha256).unwrap(),
        jwk.thumbprint(ThumbprintHash::Sha256).unwrap()
    );
    let t = sign_token(&from_jwk, &header(Algorithm::ES512, None), &payload());
    assert_eq!(outcome(&a4_verifier, &t), None, "A.4 private JWK signs");
    // A P-521 key is not the A.4 key: its tokens do not verify under A.4.
    assert_eq!(
        outcome(
            &a4_verifier,
            &sign_token(&from_pkcs8, &header(Algorithm::ES512, None), &payload())
        ),
        Some(ErrorKind::InvalidSignature)
    );
    let generated = generated.unwrap();
    assert_eq!(
        outcome(
            &verifier(Algorithm::ES512, generated.verifying_key()),
            &sign_token(&generated, &header(Algorithm::ES512, None), &payload())
        ),
        None,
        "generated ES512 key"
    );
}

/// Ed448 is refused as unsupported (not in `ring`), as `alg` (an unsupported algorithm),
/// as `crv` and as a key (an unsupported key).
#[test]
fn rule0_ed448_keys_are_unsupported() {
    let unsupported_alg = Some(ErrorKind::UnsupportedAlgorithm);
    let unsupported = Some(ErrorKind::UnsupportedKey);
    assert_eq!(kind_of(Algorithm::from_name("Ed448")), unsupported_alg);
    let x = b64(&[7; 57]);
    for alg in [Algorithm::EdDSA, Algorithm::Ed25519] {
        let jwk = json!({"kty": "OKP", "crv": "Ed448", "x": x}).to_string();
        let jwk = Jwk::from_json(&jwk).unwrap();
        assert_eq!(
            kind_of(jwk.to_verifying_key(alg)),
            unsupported,
            "crv Ed448, {alg}"
        );
    }
    let v = verifier(
        Algorithm::EdDSA,
        SigningKey::generate(Algorithm::EdDSA)
            .unwrap()
            .verifying_key(),
    );
    let t = format!(
        "{}.{}.{}",
        b64(br#"{"alg":"Ed448"}"#),
        b64(payload().as_bytes()),
        b64(&[0; 114])
    );
    assert_eq!(outcome(&v, &t), unsupported_alg, "alg Ed448 token");
    let mut failures = Vec::new();
    for alg in [Algorithm::EdDSA, Algorithm::Ed25519] {
        let got = kind_of(SigningKey::from_pkcs8_der(alg, ED448_PKCS8));
        if got != unsupported {
            failures.push(format!(
                "SigningKey::from_pkcs8_der({alg}, Ed448 PKCS#8): {got:?}"
            ));
        }
        let got = kind_of(VerifyingKey::from_spki_der(alg, ED448_SPKI));
        if got != unsupported {
            failures.push(format!(
                "VerifyingKey::from_spki_der({alg}, Ed448 SPKI): {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A JWK whose own `alg` names Ed448 is unsupported, like the name itself, in every
/// build. One naming ES512 (a P-521 key) or ES256K (a secp256k1 key) is unsupported with
/// `ring`, which has neither curve, and becomes a key for exactly that algorithm with
/// `aws-lc-rs`, alone and in a key set.
#[test]
fn rule0_jwk_own_alg_naming_ed448_is_unsupported_and_es512_es256k_need_aws_lc_rs() {
    let mut p521 = rfc7515_case("rfc7515-A.4")["jwk_public"].clone();
    p521["alg"] = json!("ES512");
    let mut secp256k1: Value =
        serde_json::from_str(&secp256k1_fixture().0.to_public().unwrap().to_json()).unwrap();
    secp256k1["alg"] = json!("ES256K");
    let ed448 = json!({"kty": "OKP", "crv": "Ed448", "alg": "Ed448", "x": b64(&[7; 57])});
    let mut failures = Vec::new();
    for (jwk, alg) in [
        (p521, Some(Algorithm::ES512)),
        (secp256k1, Some(Algorithm::ES256K)),
        (ed448, None),
    ] {
        // The algorithm the JWK becomes a key for, or None where it must be unsupported.
        let expected = alg.filter(|a| Backend::ACTIVE.supports(*a));
        let parsed = Jwk::from_json(&jwk.to_string()).unwrap();
        let set = JwkSet::from_json(&json!({"keys": [jwk]}).to_string()).unwrap();
        let results = [
            (
                "Jwk::to_verifying_key_for_own_alg",
                parsed.to_verifying_key_for_own_alg().map(|k| vec![k]),
            ),
            ("JwkSet::verifying_keys", set_keys(&set)),
        ];
        for (what, got) in results {
            let got: Result<Vec<Algorithm>, ErrorKind> = got
                .map(|keys| keys.iter().map(VerifyingKey::algorithm).collect())
                .map_err(|e| e.kind());
            let want = match expected {
                Some(a) => Ok(vec![a]),
                None => Err(ErrorKind::UnsupportedKey),
            };
            if got != want {
                failures.push(format!("{what}({jwk}): {got:?}, expected {want:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} backend:\n{}",
        Backend::ACTIVE.name(),
        failures.join("\n")
    );
}

/// RSA key generation is refused, not faked, where the backend cannot do it (`ring`
/// has no RSA key generation); with `aws-lc-rs` it makes a real, fresh 2048-bit key
/// bound to the algorithm, whose signatures verify.
#[test]
fn rule0_rsa_keys_are_generated_only_by_aws_lc_rs_and_never_faked() {
    let mut moduli = Vec::new();
    for alg in [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
    ] {
        let generated = SigningKey::generate(alg);
        if Backend::ACTIVE != Backend::AwsLcRs {
            assert_eq!(kind_of(generated), Some(ErrorKind::UnsupportedKey), "{alg}");
            continue;
        }
        let sk = generated.unwrap_or_else(|e| panic!("{alg}: {e}"));
        assert_eq!(sk.algorithm(), alg);
        let jwk: Value = serde_json::from_str(&sk.to_public_jwk().unwrap().to_json()).unwrap();
        let n = b64u_decode("n", jwk["n"].as_str().unwrap());
        assert_eq!(n.len(), 256, "{alg}: 2048 bits");
        assert!(n[0] & 0x80 != 0, "{alg}: exactly 2048 bits");
        assert_eq!(jwk["e"], "AQAB", "{alg}");
        let t = sign_token(&sk, &header(alg, Some("k")), &payload());
        assert_eq!(
            outcome(&verifier(alg, sk.verifying_key()), &t),
            None,
            "{alg}"
        );
        // Not the fixture, and not the same key twice.
        assert_ne!(n, rsa_n_e().0, "{alg}");
        assert!(!moduli.contains(&n), "{alg}: a modulus generated twice");
        moduli.push(n);
    }
}
