//! Rule 5, results: nothing secret (private key material, token bytes, key bytes) in
//! `Debug` or `Display`.

use crate::common::{b64u_decode, b64u_encode as b64, hex_encode};
use crate::helpers::*;
use serde_json::{Value, json};
use strict_jwt::{Algorithm, ErrorKind, HmacKey, Jwk, Signer, SigningKey, VerifyingKey};

/// Ways a byte string might show up in text: base64url, hex both cases, and as a
/// `{:?}` list of decimal bytes (a window of its first eight bytes).
fn renderings(secret: &[u8]) -> Vec<String> {
    let window = format!("{:?}", &secret[..8]);
    vec![
        b64(secret),
        b64(&secret[..12]),
        hex_encode(secret),
        hex_encode(secret).to_uppercase(),
        window.trim_matches(['[', ']']).to_string(),
    ]
}

fn assert_hidden(shown: &str, secrets: &[Vec<u8>], case: &str) {
    for secret in secrets {
        for needle in renderings(secret) {
            assert!(!shown.contains(&needle), "{case} shows {needle}: {shown}");
        }
    }
}

/// `Debug` of signing keys, private JWKs and signers never shows the private key.
#[test]
fn rule5_debug_of_private_keys_never_shows_private_material() {
    for alg in ecdsa_algs()
        .into_iter()
        .chain([Algorithm::EdDSA, Algorithm::Ed25519])
    {
        let sk = SigningKey::generate(alg).unwrap();
        let jwk = sk.clone().with_kid("k").to_private_jwk().unwrap();
        let json: Value = serde_json::from_str(&jwk.to_json()).unwrap();
        let d = b64u_decode("d", json["d"].as_str().unwrap());
        let pkcs8 = sk.to_pkcs8_der().unwrap().to_vec();
        let reparsed = Jwk::from_json(&jwk.to_json()).unwrap();
        for (case, shown) in [
            ("SigningKey", format!("{sk:?}")),
            ("SigningKey #", format!("{sk:#?}")),
            ("private Jwk", format!("{jwk:?}")),
            ("reparsed Jwk", format!("{reparsed:#?}")),
            ("Signer", format!("{:?}", Signer::new(sk.clone()))),
        ] {
            assert_hidden(&shown, std::slice::from_ref(&d), &format!("{alg} {case}"));
            assert!(!shown.contains(&b64_std(&pkcs8)), "{alg} {case}");
        }
    }
    // RSA: every private component of the fixed key (parsed here from PKCS#1) and of
    // the RFC 7515 A.2 JWK.
    let ints = der_integers(RSA_PKCS1_DER);
    assert_eq!(ints.len(), 9, "version, n, e, d, p, q, dp, dq, qi");
    let private: Vec<Vec<u8>> = ints[3..].to_vec();
    for alg in [Algorithm::RS256, Algorithm::PS512] {
        let from_pkcs8 = SigningKey::from_pkcs8_der(alg, RSA_PKCS8_DER).unwrap();
        let from_pkcs1 = SigningKey::from_pkcs1_der(alg, RSA_PKCS1_DER).unwrap();
        for (case, shown) in [
            ("PKCS#8", format!("{from_pkcs8:?}")),
            ("PKCS#1", format!("{from_pkcs1:#?}")),
            ("Signer", format!("{:?}", Signer::new(from_pkcs8.clone()))),
        ] {
            assert_hidden(&shown, &private, &format!("{alg} {case}"));
        }
    }
    let a2: Value = serde_json::from_str(&rfc7515_rsa_private_jwk()).unwrap();
    let a2_private: Vec<Vec<u8>> = ["d", "p", "q", "dp", "dq", "qi"]
        .iter()
        .map(|m| b64u_decode(m, a2[m].as_str().unwrap()))
        .collect();
    let jwk = Jwk::from_json(&rfc7515_rsa_private_jwk()).unwrap();
    let sk = jwk.to_signing_key(Algorithm::RS256).unwrap();
    for (case, shown) in [
        ("A.2 Jwk", format!("{jwk:?}")),
        ("A.2 SigningKey", format!("{sk:?}")),
    ] {
        assert_hidden(&shown, &a2_private, case);
    }
}

/// A failing asymmetric verification (or key import) reports a kind, never the token,
/// its segments, the signature, or the key bytes, in `Display` or `Debug`.
#[test]
fn rule5_asymmetric_errors_never_display_token_or_key_bytes() {
    let (n, _) = rsa_n_e();
    let ec = SigningKey::generate(Algorithm::ES256).unwrap();
    let ec_point = spki_key(&ec.verifying_key().to_spki_der().unwrap(), 65).to_vec();
    let ed = SigningKey::generate(Algorithm::EdDSA).unwrap();
    let ed_raw = spki_key(&ed.verifying_key().to_spki_der().unwrap(), 32).to_vec();
    let key_bytes = vec![
        n.clone(),
        ec_point.clone(),
        ed_raw.clone(),
        RSA_PUB_DER.to_vec(),
    ];
    let expired = json!({"sub": "secret-subject", "exp": NOW - 1}).to_string();
    let mut seen = Vec::new();
    for (sk, vk) in [
        (rsa_signing(Algorithm::RS256), rsa_public(Algorithm::RS256)),
        (ec.clone(), ec.verifying_key()),
        (ed.clone(), ed.verifying_key()),
    ] {
        let alg = sk.algorithm();
        let v = verifier(alg, vk);
        let good = sign_token(&sk, &header(alg, Some("k")), &payload());
        let sig = split(&good).1;
        let mut bad_sig = sig.clone();
        bad_sig[0] ^= 1;
        let cases = [
            (resign(&good, &bad_sig), ErrorKind::InvalidSignature),
            (resign(&good, &sig[1..]), ErrorKind::InvalidSignature),
            (
                sign_token(&sk, &header(alg, Some("other")), &payload()),
                ErrorKind::UnknownKey,
            ),
            (
                hs256_token(&header(Algorithm::HS256, Some("k")), &payload(), &n),
                ErrorKind::AlgorithmNotAllowed,
            ),
            (
                sign_token(&sk, &header(alg, Some("k")), &expired),
                ErrorKind::Expired,
            ),
            (format!("{good}!"), ErrorKind::Malformed),
        ];
        for (token, want) in cases {
            let e = v.verify_at::<Value>(&token, now()).unwrap_err();
            assert_eq!(e.kind(), want, "{alg}");
            let mut needles: Vec<String> = token.split('.').map(str::to_string).collect();
            needles.push(token.clone());
            needles.push("secret-subject".to_string());
            for shown in [e.to_string(), format!("{e:?}"), e.detail().to_string()] {
                for needle in needles.iter().filter(|s| s.len() >= 8) {
                    assert!(!shown.contains(needle.as_str()), "{alg} {want:?}: {shown}");
                }
                assert_hidden(&shown, &key_bytes, &format!("{alg} {want:?}"));
                assert_hidden(
                    &shown,
                    std::slice::from_ref(&sig),
                    &format!("{alg} {want:?}"),
                );
            }
            seen.push(want);
        }
    }
    // Key import failures do not echo the key either.
    let mut weak_n = n.clone();
    weak_n.truncate(128);
    let mut off_curve = ec_point.clone();
    off_curve[64] ^= 1;
    let import_errors = [
        VerifyingKey::from_rsa_components(Algorithm::RS256, &weak_n, &F4).unwrap_err(),
        VerifyingKey::from_ec_point(Algorithm::ES256, &off_curve).unwrap_err(),
        VerifyingKey::from_ed25519_bytes(Algorithm::EdDSA, &ed_raw[..31]).unwrap_err(),
        HmacKey::new(Algorithm::HS256, &n[..16]).unwrap_err(),
    ];
    for e in import_errors {
        for shown in [e.to_string(), format!("{e:?}")] {
            assert_hidden(
                &shown,
                &[
                    weak_n.clone(),
                    off_curve.clone(),
                    ed_raw.clone(),
                    n[..16].to_vec(),
                ],
                "import",
            );
        }
        seen.push(e.kind());
    }
    assert_eq!(seen.len(), 22);
}
