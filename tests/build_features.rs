//! The build's features decide the backend, deterministically, and no combination
//! panics: run under every configuration of `.ci/run`'s feature matrix (default ring,
//! aws-lc-rs only, both, HMAC-only). HMAC works everywhere; every asymmetric algorithm
//! either works end to end or is refused as `UnsupportedKey` at key construction,
//! exactly as `Backend::ACTIVE.supports` says.

use strict_jwt::{
    Algorithm, Backend, Claims, ErrorKind, HmacKey, Jwk, NumericDate, Signer, SigningKey, Verifier,
    VerifyingKey,
};

const NOW: NumericDate = NumericDate::from_secs(1_800_000_000);

fn expected_backend() -> Backend {
    if cfg!(feature = "aws-lc-rs") {
        Backend::AwsLcRs
    } else if cfg!(feature = "ring") {
        Backend::Ring
    } else {
        Backend::HmacOnly
    }
}

#[test]
fn the_features_choose_the_backend() {
    assert_eq!(Backend::ACTIVE, expected_backend());
    let name = Backend::ACTIVE.name();
    assert_eq!(
        name,
        match expected_backend() {
            Backend::AwsLcRs => "aws-lc-rs",
            Backend::Ring => "ring",
            _ => "hmac-only",
        }
    );
    // What each backend serves, for every backend (not only the active one).
    for alg in Algorithm::ALL {
        assert!(Backend::AwsLcRs.supports(alg), "{alg}");
        assert_eq!(
            Backend::Ring.supports(alg),
            !matches!(alg, Algorithm::ES512 | Algorithm::ES256K),
            "{alg}"
        );
        assert_eq!(Backend::HmacOnly.supports(alg), alg.is_symmetric(), "{alg}");
    }
}

fn round_trip(key: SigningKey) -> Result<(), strict_jwt::Error> {
    let alg = key.algorithm();
    let verifier = Verifier::builder()
        .allow(alg)
        .key(key.verifying_key())
        .build()?;
    let token = Signer::new(key).sign(
        &Claims::new_at(serde_json::json!({}), NOW)
            .subject("alice")
            .expires_in(std::time::Duration::from_secs(60)),
    )?;
    let verified = verifier.verify_at::<serde_json::Value>(&token, NOW)?;
    assert_eq!(verified.registered().sub.as_deref(), Some("alice"));
    // One flipped signature character is refused.
    let mut forged = token.into_bytes();
    let last = forged.len() - 2;
    forged[last] = if forged[last] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).expect("ASCII");
    assert_eq!(
        verifier
            .verify_at::<serde_json::Value>(&forged, NOW)
            .map(drop)
            .map_err(|e| e.kind()),
        Err(ErrorKind::InvalidSignature),
        "{alg}"
    );
    Ok(())
}

#[test]
fn hmac_works_in_every_build() {
    for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
        let generated = HmacKey::generate(alg).expect("random HMAC key");
        round_trip(generated.into()).expect("HMAC round trip");
        let fixed = HmacKey::new(alg, &[0x5a; 64]).expect("HMAC key");
        round_trip(fixed.into()).expect("HMAC round trip");
    }
}

#[test]
fn every_asymmetric_algorithm_is_generated_and_round_trips_or_is_unsupported() {
    for alg in Algorithm::ALL.into_iter().filter(|a| !a.is_symmetric()) {
        let generated = SigningKey::generate(alg);
        // ring imports RSA keys but cannot generate them.
        let rsa = alg.name().starts_with("RS") || alg.name().starts_with("PS");
        let generates = Backend::ACTIVE.supports(alg) && (Backend::ACTIVE != Backend::Ring || !rsa);
        if generates {
            round_trip(generated.unwrap_or_else(|e| panic!("{alg}: generate: {e}")))
                .unwrap_or_else(|e| panic!("{alg}: round trip: {e}"));
        } else {
            assert_eq!(
                generated.map(drop).map_err(|e| e.kind()),
                Err(ErrorKind::UnsupportedKey),
                "{alg}: generate"
            );
        }
    }
}

/// Fixed public keys of each family, in every import form: where the backend lacks the
/// family, every form fails the same way, before any parsing result could differ.
#[test]
fn imports_are_refused_as_unsupported_where_the_backend_lacks_the_algorithm() {
    let p256_jwk = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
    let ed_jwk =
        r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
    let rsa_der = include_bytes!("../benches/keys/rsa2048-pkcs1.der");
    let cases: Vec<(Algorithm, Result<(), strict_jwt::Error>)> = vec![
        (
            Algorithm::ES256,
            Jwk::from_json(p256_jwk)
                .and_then(|j| j.to_verifying_key(Algorithm::ES256))
                .map(drop),
        ),
        (
            Algorithm::EdDSA,
            Jwk::from_json(ed_jwk)
                .and_then(|j| j.to_verifying_key(Algorithm::EdDSA))
                .map(drop),
        ),
        (
            Algorithm::RS256,
            SigningKey::from_pkcs1_der(Algorithm::RS256, rsa_der).map(drop),
        ),
        (
            Algorithm::PS256,
            SigningKey::from_pkcs1_der(Algorithm::PS256, rsa_der)
                .and_then(|k| {
                    VerifyingKey::from_spki_der(Algorithm::PS256, &k.verifying_key().to_spki_der()?)
                })
                .map(drop),
        ),
    ];
    for (alg, result) in cases {
        if Backend::ACTIVE.supports(alg) {
            result.unwrap_or_else(|e| panic!("{alg}: {e}"));
        } else {
            assert_eq!(
                result.map_err(|e| e.kind()),
                Err(ErrorKind::UnsupportedKey),
                "{alg}"
            );
        }
    }
}

#[test]
fn rsa_keys_are_generated_only_by_aws_lc_rs_and_only_at_standard_sizes() {
    for bits in [2048, 3072, 4096] {
        let key = SigningKey::generate_rsa(Algorithm::PS256, bits);
        if Backend::ACTIVE == Backend::AwsLcRs {
            let key = key.unwrap_or_else(|e| panic!("{bits}: {e}"));
            let jwk = key.to_public_jwk().expect("public JWK");
            let n = jwk.to_json();
            let n: serde_json::Value = serde_json::from_str(&n).expect("JSON");
            let n = strict_jwt::base64url::decode(n["n"].as_str().expect("n").as_bytes())
                .expect("base64url");
            assert_eq!(n.len() * 8, bits);
            // The private key leaves as PKCS#8 and as a JWK, and comes back the same.
            let pem = key.to_pkcs8_pem().expect("PKCS#8");
            let back = SigningKey::from_pem(Algorithm::PS256, &pem).expect("re-import");
            assert_eq!(
                back.thumbprint(strict_jwt::ThumbprintHash::Sha256).unwrap(),
                key.thumbprint(strict_jwt::ThumbprintHash::Sha256).unwrap()
            );
            let private = key.to_private_jwk().expect("private JWK");
            let again = private.to_signing_key(Algorithm::PS256).expect("from JWK");
            round_trip(again).expect("round trip");
        } else {
            assert_eq!(
                key.map(drop).map_err(|e| e.kind()),
                Err(ErrorKind::UnsupportedKey),
                "{bits}"
            );
        }
    }
    for (alg, bits, kind) in [
        (Algorithm::RS256, 1024, ErrorKind::InvalidKey),
        (Algorithm::RS256, 8192, ErrorKind::InvalidKey),
        (Algorithm::ES256, 2048, ErrorKind::IncompatibleKey),
        (Algorithm::HS256, 2048, ErrorKind::IncompatibleKey),
    ] {
        let expected = if Backend::ACTIVE == Backend::AwsLcRs || kind == ErrorKind::IncompatibleKey
        {
            kind
        } else {
            ErrorKind::UnsupportedKey
        };
        assert_eq!(
            SigningKey::generate_rsa(alg, bits)
                .map(drop)
                .map_err(|e| e.kind()),
            Err(expected),
            "{alg} {bits}"
        );
    }
}

/// Every EC curve of the backend (P-521 and secp256k1 with aws-lc-rs) through PEM, DER
/// (PKCS#8, SEC1 via PEM, SPKI) and JWK, with the same RFC 7638 thumbprint throughout.
#[test]
fn ec_keys_of_every_curve_round_trip_through_pem_der_and_jwk() {
    use strict_jwt::ThumbprintHash::Sha256;
    let curves = [
        (Algorithm::ES256, "P-256", 32),
        (Algorithm::ES384, "P-384", 48),
        (Algorithm::ES512, "P-521", 66),
        (Algorithm::ES256K, "secp256k1", 32),
    ];
    for (alg, crv, len) in curves {
        if !Backend::ACTIVE.supports(alg) {
            continue; // refused as unsupported: asserted by the tests above
        }
        let key = SigningKey::generate(alg).unwrap();
        let thumb = key.thumbprint(Sha256).unwrap();
        let from_pem = SigningKey::from_pem(alg, &key.to_pkcs8_pem().unwrap()).unwrap();
        assert_eq!(
            from_pem.thumbprint(Sha256).unwrap(),
            thumb,
            "{alg} PKCS#8 PEM"
        );
        let der = key.to_pkcs8_der().unwrap();
        let from_der = SigningKey::from_pkcs8_der(alg, &der).unwrap();
        assert_eq!(
            from_der.thumbprint(Sha256).unwrap(),
            thumb,
            "{alg} PKCS#8 DER"
        );
        let spki = key.verifying_key().to_spki_der().unwrap();
        let public = VerifyingKey::from_spki_der(alg, &spki).unwrap();
        assert_eq!(
            public.to_spki_pem().unwrap(),
            key.verifying_key().to_spki_pem().unwrap()
        );
        let jwk: serde_json::Value =
            serde_json::from_str(&key.to_public_jwk().unwrap().to_json()).unwrap();
        assert_eq!(jwk["crv"], crv, "{alg}");
        let x = strict_jwt::base64url::decode(jwk["x"].as_str().unwrap().as_bytes()).unwrap();
        assert_eq!(x.len(), len, "{alg} coordinate size");
        let private = key.to_private_jwk().unwrap();
        let back = Jwk::from_json(&private.to_json())
            .unwrap()
            .to_signing_key(alg)
            .unwrap();
        assert_eq!(back.thumbprint(Sha256).unwrap(), thumb, "{alg} private JWK");
        assert_eq!(
            private.thumbprint(Sha256).unwrap(),
            thumb,
            "{alg} JWK thumbprint"
        );
        round_trip(back).unwrap();
        // A key of one curve is never a key of another.
        for (other, _, _) in curves {
            if other != alg && Backend::ACTIVE.supports(other) {
                assert_eq!(
                    VerifyingKey::from_spki_der(other, &spki)
                        .map(drop)
                        .map_err(|e| e.kind()),
                    Err(ErrorKind::IncompatibleKey),
                    "{alg} key as {other}"
                );
            }
        }
    }
}
