//! Rule 2, header policy: the token's `alg` must match the selected key. RS256 and
//! PS256 (and the RSA signature's own padding and hash, rule 3), ES256 and ES384, ES256
//! and ES256K, EdDSA and Ed25519 keys are never interchangeable.

use crate::common::b64u_encode as b64;
use crate::helpers::*;
use serde_json::{Value, json};
use strict_jwt::internal::{sign_raw, verify_raw};
use strict_jwt::{Algorithm, Backend, ErrorKind, Jwk, SigningKey, Verifier, VerifyingKey};

/// RS256 and PS256 are different algorithms even for one RSA key: a kid naming a key
/// bound to the other padding is a KeyMismatch; an alg outside the allowlist is refused.
#[test]
fn rule2_rs256_and_ps256_keys_are_not_interchangeable() {
    let (rs, ps) = (rsa_signing(Algorithm::RS256), rsa_signing(Algorithm::PS256));
    let both = Verifier::builder()
        .allow(Algorithm::RS256)
        .allow(Algorithm::PS256)
        .key_with_kid("rs", rsa_public(Algorithm::RS256))
        .key_with_kid("ps", rsa_public(Algorithm::PS256))
        .build()
        .unwrap();
    let rs_token = |kid| sign_token(&rs, &header(Algorithm::RS256, kid), &payload());
    let ps_token = |kid| sign_token(&ps, &header(Algorithm::PS256, kid), &payload());
    assert_eq!(outcome(&both, &rs_token(Some("rs"))), None);
    assert_eq!(outcome(&both, &ps_token(Some("ps"))), None);
    assert_eq!(outcome(&both, &rs_token(None)), None);
    assert_eq!(outcome(&both, &ps_token(None)), None);
    assert_eq!(
        outcome(&both, &rs_token(Some("ps"))),
        Some(ErrorKind::KeyMismatch)
    );
    assert_eq!(
        outcome(&both, &ps_token(Some("rs"))),
        Some(ErrorKind::KeyMismatch)
    );
    let ps_only = verifier(Algorithm::PS256, rsa_public(Algorithm::PS256));
    let rs_only = verifier(Algorithm::RS256, rsa_public(Algorithm::RS256));
    for kid in [None, Some("k")] {
        assert_eq!(
            outcome(&ps_only, &rs_token(kid)),
            Some(ErrorKind::AlgorithmNotAllowed)
        );
        assert_eq!(
            outcome(&rs_only, &ps_token(kid)),
            Some(ErrorKind::AlgorithmNotAllowed)
        );
    }
    // A key bound to one algorithm cannot join a verifier that does not allow it.
    let e = Verifier::builder()
        .allow(Algorithm::RS256)
        .key(rsa_public(Algorithm::PS256))
        .build();
    assert_eq!(kind_of(e), Some(ErrorKind::Configuration));
}

/// A PS256-bound key never verifies an RS256 signature made by the same RSA key (nor
/// the other way round, nor across hashes), at the raw level and inside a token whose
/// header was relabelled.
#[test]
fn rule3_rsa_signature_is_checked_with_the_keys_own_padding_and_hash() {
    let input = signing_input(&header(Algorithm::RS256, None), &payload());
    let algs = [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::PS256,
        Algorithm::PS384,
    ];
    for signed_as in algs {
        let sig = sign_raw(&rsa_signing(signed_as), input.as_bytes()).unwrap();
        for checked_as in algs {
            let got = kind_of(verify_raw(&rsa_public(checked_as), input.as_bytes(), &sig));
            let want = (signed_as != checked_as).then_some(ErrorKind::InvalidSignature);
            assert_eq!(got, want, "signed {signed_as}, checked {checked_as}");
        }
    }
    // The relabelled token: PS256 header, RS256 signature bytes over it (and back).
    for (label, signer) in [
        (Algorithm::PS256, Algorithm::RS256),
        (Algorithm::RS256, Algorithm::PS256),
    ] {
        let t = sign_token(&rsa_signing(signer), &header(label, Some("k")), &payload());
        let v = verifier(label, rsa_public(label));
        assert_eq!(
            outcome(&v, &t),
            Some(ErrorKind::InvalidSignature),
            "{label} header"
        );
    }
}

/// ES384 and ES256 keys are different keys: a P-256 key is never used for ES384.
#[test]
fn rule2_es384_header_with_a_p256_key_is_a_key_mismatch() {
    let p256 = SigningKey::generate(Algorithm::ES256).unwrap();
    let p384 = SigningKey::generate(Algorithm::ES384).unwrap();
    let v = Verifier::builder()
        .allow(Algorithm::ES256)
        .allow(Algorithm::ES384)
        .key_with_kid("p256", p256.verifying_key())
        .key_with_kid("p384", p384.verifying_key())
        .build()
        .unwrap();
    let es384_kid = header(Algorithm::ES384, Some("p256"));
    let es256_kid = header(Algorithm::ES256, Some("p384"));
    assert_eq!(
        outcome(&v, &sign_token(&p384, &es384_kid, &payload())),
        Some(ErrorKind::KeyMismatch)
    );
    // A P-256 signature under an ES384 header naming the P-256 key.
    assert_eq!(
        outcome(&v, &sign_token(&p256, &es384_kid, &payload())),
        Some(ErrorKind::KeyMismatch)
    );
    assert_eq!(
        outcome(&v, &sign_token(&p256, &es256_kid, &payload())),
        Some(ErrorKind::KeyMismatch)
    );
    // Controls.
    let ok384 = sign_token(&p384, &header(Algorithm::ES384, Some("p384")), &payload());
    assert_eq!(outcome(&v, &ok384), None);
    // Constructors: the curve must be the algorithm's.
    let p256_spki = p256.verifying_key().to_spki_der().unwrap();
    let p384_spki = p384.verifying_key().to_spki_der().unwrap();
    assert_eq!(
        kind_of(VerifyingKey::from_spki_der(Algorithm::ES384, &p256_spki)),
        Some(ErrorKind::IncompatibleKey)
    );
    assert_eq!(
        kind_of(VerifyingKey::from_spki_der(Algorithm::ES256, &p384_spki)),
        Some(ErrorKind::IncompatibleKey)
    );
    let jwk = p256.verifying_key().to_public_jwk().unwrap();
    assert_eq!(
        kind_of(jwk.to_verifying_key(Algorithm::ES384)),
        Some(ErrorKind::IncompatibleKey)
    );
    let p256_point = spki_key(&p256_spki, 65);
    let no_alg: Value = serde_json::from_str(&jwk.to_json()).unwrap();
    let no_alg = json!({"kty": "EC", "crv": no_alg["crv"], "x": no_alg["x"], "y": no_alg["y"]});
    let no_alg = Jwk::from_json(&no_alg.to_string()).unwrap();
    assert_eq!(
        kind_of(no_alg.to_verifying_key(Algorithm::ES384)),
        Some(ErrorKind::IncompatibleKey)
    );
    // A raw point of the other curve's size is not a point of this curve.
    assert_eq!(
        kind_of(VerifyingKey::from_ec_point(Algorithm::ES384, p256_point)),
        Some(ErrorKind::InvalidKey)
    );
    let p256_pkcs8 = p256.to_pkcs8_der().unwrap();
    assert_eq!(
        kind_of(SigningKey::from_pkcs8_der(Algorithm::ES384, &p256_pkcs8)),
        Some(ErrorKind::IncompatibleKey)
    );
}

/// P-256 and secp256k1 have the same sizes (32-byte coordinates, 64-byte signatures):
/// only the curve tells their keys apart, and a key of one is never used for the other's
/// algorithm. With `aws-lc-rs`, every constructor and the verifier's `kid` selection
/// refuse the swap; with `ring`, the secp256k1 key is unsupported in every form, its
/// point is not a P-256 point, and an ES256K token is not allowed by an ES256 verifier.
#[test]
fn rule2_es256k_header_with_a_p256_key_is_a_key_mismatch() {
    let p256 = SigningKey::generate(Algorithm::ES256).unwrap();
    let (k1_jwk, k1_point) = secp256k1_fixture();
    assert_eq!(k1_point.len(), 65);
    // A secp256k1 point is 65 bytes like a P-256 one, but not on P-256 (either backend).
    assert_eq!(
        kind_of(VerifyingKey::from_ec_point(Algorithm::ES256, &k1_point)),
        Some(ErrorKind::InvalidKey)
    );
    let es256k_kid = header(Algorithm::ES256K, Some("p256"));
    if !Backend::ACTIVE.supports(Algorithm::ES256K) {
        let unsupported = Some(ErrorKind::UnsupportedKey);
        assert_eq!(
            kind_of(k1_jwk.to_signing_key(Algorithm::ES256K)),
            unsupported
        );
        let public = k1_jwk.to_public().unwrap();
        for alg in [Algorithm::ES256K, Algorithm::ES256] {
            assert_eq!(kind_of(public.to_verifying_key(alg)), unsupported, "{alg}");
        }
        assert_eq!(
            kind_of(VerifyingKey::from_ec_point(Algorithm::ES256K, &k1_point)),
            unsupported
        );
        let v = verifier(Algorithm::ES256, p256.verifying_key());
        assert_eq!(
            outcome(&v, &sign_token(&p256, &es256k_kid, &payload())),
            Some(ErrorKind::AlgorithmNotAllowed)
        );
        return;
    }
    let k1 = k1_jwk.to_signing_key(Algorithm::ES256K).unwrap();
    let v = Verifier::builder()
        .allow(Algorithm::ES256)
        .allow(Algorithm::ES256K)
        .key_with_kid("p256", p256.verifying_key())
        .key_with_kid("k1", k1.verifying_key())
        .build()
        .unwrap();
    let es256_kid = header(Algorithm::ES256, Some("k1"));
    // Each key signing under the other algorithm's name, naming itself or the other key.
    assert_eq!(
        outcome(&v, &sign_token(&p256, &es256k_kid, &payload())),
        Some(ErrorKind::KeyMismatch)
    );
    assert_eq!(
        outcome(&v, &sign_token(&k1, &es256_kid, &payload())),
        Some(ErrorKind::KeyMismatch)
    );
    assert_eq!(
        outcome(
            &v,
            &sign_token(&p256, &header(Algorithm::ES256K, Some("k1")), &payload())
        ),
        Some(ErrorKind::InvalidSignature)
    );
    assert_eq!(
        outcome(
            &v,
            &sign_token(&k1, &header(Algorithm::ES256, Some("p256")), &payload())
        ),
        Some(ErrorKind::InvalidSignature)
    );
    // Without a kid only the key bound to the header's algorithm is tried.
    assert_eq!(
        outcome(
            &v,
            &sign_token(&p256, &header(Algorithm::ES256K, None), &payload())
        ),
        Some(ErrorKind::InvalidSignature)
    );
    // Controls.
    for (sk, alg, kid) in [
        (&p256, Algorithm::ES256, "p256"),
        (&k1, Algorithm::ES256K, "k1"),
    ] {
        assert_eq!(
            outcome(&v, &sign_token(sk, &header(alg, Some(kid)), &payload())),
            None,
            "{alg}"
        );
        assert_eq!(
            outcome(&v, &sign_token(sk, &header(alg, None), &payload())),
            None,
            "{alg}, no kid"
        );
    }
    // Constructors: the curve must be the algorithm's, in both directions.
    for (sk, alg, other) in [
        (&p256, Algorithm::ES256, Algorithm::ES256K),
        (&k1, Algorithm::ES256K, Algorithm::ES256),
    ] {
        let spki = sk.verifying_key().to_spki_der().unwrap();
        let incompatible = Some(ErrorKind::IncompatibleKey);
        assert_eq!(
            kind_of(VerifyingKey::from_spki_der(other, &spki)),
            incompatible,
            "{alg} SPKI as {other}"
        );
        let pem = sk.verifying_key().to_spki_pem().unwrap();
        assert_eq!(
            kind_of(VerifyingKey::from_pem(other, &pem)),
            incompatible,
            "{alg} PEM as {other}"
        );
        let jwk = sk.verifying_key().to_public_jwk().unwrap();
        assert_eq!(
            kind_of(jwk.to_verifying_key(other)),
            incompatible,
            "{alg} JWK as {other}"
        );
        let no_alg: Value = serde_json::from_str(&jwk.to_json()).unwrap();
        let no_alg = json!({"kty": "EC", "crv": no_alg["crv"], "x": no_alg["x"], "y": no_alg["y"]});
        let no_alg = Jwk::from_json(&no_alg.to_string()).unwrap();
        assert_eq!(
            kind_of(no_alg.to_verifying_key(other)),
            incompatible,
            "{alg} JWK without alg as {other}"
        );
        assert_eq!(
            kind_of(SigningKey::from_pkcs8_der(
                other,
                &sk.to_pkcs8_der().unwrap()
            )),
            incompatible,
            "{alg} PKCS#8 as {other}"
        );
        assert_eq!(
            kind_of(sk.to_private_jwk().unwrap().to_signing_key(other)),
            incompatible,
            "{alg} private JWK as {other}"
        );
        // The raw point has the right size for the other curve, but is not on it.
        assert_eq!(
            kind_of(VerifyingKey::from_ec_point(other, spki_key(&spki, 65))),
            Some(ErrorKind::InvalidKey),
            "{alg} point as {other}"
        );
    }
}

/// `EdDSA` (RFC 8037) and `Ed25519` (RFC 9864) are separate algorithms: a key bound to
/// one never verifies a token labelled with the other.
#[test]
fn rule2_eddsa_token_with_a_key_bound_to_ed25519_is_a_key_mismatch() {
    let sk = SigningKey::generate(Algorithm::EdDSA).unwrap();
    let spki = sk.verifying_key().to_spki_der().unwrap();
    let raw = spki_key(&spki, 32);
    let v = Verifier::builder()
        .allow(Algorithm::EdDSA)
        .allow(Algorithm::Ed25519)
        .key_with_kid(
            "eddsa",
            VerifyingKey::from_ed25519_bytes(Algorithm::EdDSA, raw).unwrap(),
        )
        .key_with_kid(
            "ed25519",
            VerifyingKey::from_ed25519_bytes(Algorithm::Ed25519, raw).unwrap(),
        )
        .build()
        .unwrap();
    let t = |alg, kid| sign_token(&sk, &header(alg, Some(kid)), &payload());
    assert_eq!(outcome(&v, &t(Algorithm::EdDSA, "eddsa")), None);
    assert_eq!(outcome(&v, &t(Algorithm::Ed25519, "ed25519")), None);
    assert_eq!(
        outcome(&v, &t(Algorithm::EdDSA, "ed25519")),
        Some(ErrorKind::KeyMismatch)
    );
    assert_eq!(
        outcome(&v, &t(Algorithm::Ed25519, "eddsa")),
        Some(ErrorKind::KeyMismatch)
    );
    // Only one of them allowed.
    let ed25519_only = verifier(
        Algorithm::Ed25519,
        VerifyingKey::from_ed25519_bytes(Algorithm::Ed25519, raw).unwrap(),
    );
    assert_eq!(
        outcome(&ed25519_only, &t(Algorithm::EdDSA, "k")),
        Some(ErrorKind::AlgorithmNotAllowed)
    );
    let e = Verifier::builder()
        .allow(Algorithm::EdDSA)
        .key(VerifyingKey::from_ed25519_bytes(Algorithm::Ed25519, raw).unwrap())
        .build();
    assert_eq!(kind_of(e), Some(ErrorKind::Configuration));
    // A JWK whose own alg is Ed25519 does not become an EdDSA key.
    let jwk = json!({"kty": "OKP", "crv": "Ed25519", "alg": "Ed25519", "x": b64(raw)}).to_string();
    let jwk = Jwk::from_json(&jwk).unwrap();
    assert_eq!(
        kind_of(jwk.to_verifying_key(Algorithm::EdDSA)),
        Some(ErrorKind::IncompatibleKey)
    );
    assert_eq!(
        jwk.to_verifying_key_for_own_alg().unwrap().algorithm(),
        Algorithm::Ed25519
    );
}
