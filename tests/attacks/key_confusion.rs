//! Rule 0, inputs are typed before they are trusted: key confusion. An asymmetric key,
//! in every serialization it might be found written down, never becomes HMAC material,
//! and no asymmetric key constructor yields a key for an HMAC algorithm.

use crate::common::b64u_encode as b64;
use crate::helpers::*;
use serde_json::{Value, json};
use strict_jwt::internal::{sign_raw, verify_raw};
use strict_jwt::{Algorithm, ErrorKind, HmacKey, Jwk, SigningKey, Verifier, VerifyingKey};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Pem,
    Der,
    Jwk,
    /// Raw key bytes (modulus, point, Ed25519 key): indistinguishable from random.
    Raw,
    /// Any of the above, base64url-encoded: random-looking text.
    Base64url,
}

struct Serialized {
    name: String,
    form: Form,
    bytes: Vec<u8>,
}

fn ser(name: &str, form: Form, bytes: impl Into<Vec<u8>>) -> Serialized {
    Serialized {
        name: name.to_string(),
        form,
        bytes: bytes.into(),
    }
}

/// Adds the base64url encoding of every form.
fn with_base64url(mut list: Vec<Serialized>) -> Vec<Serialized> {
    let encoded: Vec<Serialized> = list
        .iter()
        .map(|s| Serialized {
            name: format!("base64url({})", s.name),
            form: Form::Base64url,
            bytes: b64(&s.bytes).into_bytes(),
        })
        .collect();
    list.extend(encoded);
    list
}

fn pretty(json: &str) -> String {
    serde_json::to_string_pretty(&serde_json::from_str::<Value>(json).unwrap()).unwrap()
}

/// Every way the genuine RSA public key might be found written down.
fn rsa_public_serializations() -> Vec<Serialized> {
    let (n, e) = rsa_n_e();
    let lib_jwk = jwk_json(&rsa_public(Algorithm::RS256));
    let minimal = json!({"kty": "RSA", "n": b64(&n), "e": b64(&e)}).to_string();
    let mut signed_n = vec![0];
    signed_n.extend(&n);
    with_base64url(vec![
        ser("PEM SPKI", Form::Pem, RSA_PUB_PEM),
        ser(
            "PEM SPKI without trailing newline",
            Form::Pem,
            RSA_PUB_PEM.trim_end(),
        ),
        ser(
            "PEM SPKI with CRLF",
            Form::Pem,
            RSA_PUB_PEM.replace('\n', "\r\n"),
        ),
        ser("PEM PKCS#1", Form::Pem, RSA_PUB_PKCS1_PEM),
        ser(
            "PEM PKCS#1 without trailing newline",
            Form::Pem,
            RSA_PUB_PKCS1_PEM.trim_end(),
        ),
        ser("DER SPKI", Form::Der, RSA_PUB_DER),
        ser("DER PKCS#1", Form::Der, RSA_PUB_PKCS1_DER),
        ser("JWK as exported", Form::Jwk, lib_jwk.clone()),
        ser("JWK minimal", Form::Jwk, minimal),
        ser("JWK pretty-printed", Form::Jwk, pretty(&lib_jwk)),
        ser("raw modulus", Form::Raw, n),
        ser("raw modulus with DER sign byte", Form::Raw, signed_n),
    ])
}

fn ec_public_serializations(vk: &VerifyingKey) -> Vec<Serialized> {
    let len = ec_scalar_len(vk.algorithm());
    let spki = vk.to_spki_der().unwrap();
    let point = spki_key(&spki, 1 + 2 * len).to_vec();
    assert_eq!(point[0], 4, "uncompressed point at the end of the SPKI");
    let (x, y) = point[1..].split_at(len);
    let crv = crv_name(vk.algorithm());
    let lib_jwk = jwk_json(vk);
    let minimal = json!({"kty": "EC", "crv": crv, "x": b64(x), "y": b64(y)}).to_string();
    let pem = pem_armor("PUBLIC KEY", &spki);
    with_base64url(vec![
        ser("PEM SPKI", Form::Pem, pem.clone()),
        ser(
            "PEM SPKI without trailing newline",
            Form::Pem,
            pem.trim_end(),
        ),
        ser("DER SPKI", Form::Der, spki.clone()),
        ser("JWK as exported", Form::Jwk, lib_jwk.clone()),
        ser("JWK minimal", Form::Jwk, minimal),
        ser("JWK pretty-printed", Form::Jwk, pretty(&lib_jwk)),
        ser("raw uncompressed point", Form::Raw, point[..].to_vec()),
        ser("raw x || y", Form::Raw, point[1..].to_vec()),
    ])
}

fn ed25519_public_serializations(vk: &VerifyingKey) -> Vec<Serialized> {
    let spki = vk.to_spki_der().unwrap();
    let raw = spki_key(&spki, 32).to_vec();
    let lib_jwk = jwk_json(vk);
    let minimal = json!({"kty": "OKP", "crv": "Ed25519", "x": b64(&raw)}).to_string();
    let pem = pem_armor("PUBLIC KEY", &spki);
    with_base64url(vec![
        ser("PEM SPKI", Form::Pem, pem.clone()),
        ser(
            "PEM SPKI without trailing newline",
            Form::Pem,
            pem.trim_end(),
        ),
        ser("DER SPKI", Form::Der, spki.clone()),
        ser("JWK as exported", Form::Jwk, lib_jwk.clone()),
        ser("JWK minimal", Form::Jwk, minimal),
        ser("JWK pretty-printed", Form::Jwk, pretty(&lib_jwk)),
        ser("raw 32-byte key", Form::Raw, raw),
    ])
}

/// Private-key serializations: RSA (fixed files, RFC 7515 A.2 JWK), EC and Ed25519
/// (generated, exported by the library, armored here).
fn private_serializations() -> Vec<Serialized> {
    let mut out = vec![
        ser("RSA PEM PKCS#8", Form::Pem, RSA_PKCS8_PEM),
        ser(
            "RSA PEM PKCS#8 without trailing newline",
            Form::Pem,
            RSA_PKCS8_PEM.trim_end(),
        ),
        ser("RSA PEM PKCS#1", Form::Pem, RSA_PKCS1_PEM),
        ser("RSA DER PKCS#8", Form::Der, RSA_PKCS8_DER),
        ser("RSA DER PKCS#1", Form::Der, RSA_PKCS1_DER),
        ser("RSA private JWK", Form::Jwk, rfc7515_rsa_private_jwk()),
    ];
    for alg in ecdsa_algs().into_iter().chain([Algorithm::EdDSA]) {
        let sk = SigningKey::generate(alg).unwrap();
        let der = sk.to_pkcs8_der().unwrap().to_vec();
        let pem = pem_armor("PRIVATE KEY", &der);
        let jwk = sk.to_private_jwk().unwrap().to_json().as_str().to_owned();
        out.push(ser(&format!("{alg} PEM PKCS#8"), Form::Pem, pem.clone()));
        out.push(ser(
            &format!("{alg} PEM PKCS#8 without newline"),
            Form::Pem,
            pem.trim_end(),
        ));
        out.push(ser(&format!("{alg} DER PKCS#8"), Form::Der, der));
        out.push(ser(&format!("{alg} private JWK"), Form::Jwk, jwk));
    }
    out
}

/// Every public serialization of every key family, labelled by family.
fn all_public_serializations() -> Vec<Serialized> {
    let mut out = Vec::new();
    let mut add = |family: &str, list: Vec<Serialized>| {
        out.extend(list.into_iter().map(|s| Serialized {
            name: format!("{family} {}", s.name),
            ..s
        }));
    };
    add("RSA", rsa_public_serializations());
    for alg in ecdsa_algs() {
        let vk = SigningKey::generate(alg).unwrap().verifying_key();
        add(alg.name(), ec_public_serializations(&vk));
    }
    let vk = SigningKey::generate(Algorithm::EdDSA)
        .unwrap()
        .verifying_key();
    add("Ed25519", ed25519_public_serializations(&vk));
    out
}

/// Rule 0 part (a) for one asymmetric key: the attacker MACs an HS256 token with each
/// serialization of the genuine public key as the secret.
fn assert_hs256_forgeries_refused(
    signer: &SigningKey,
    genuine: &VerifyingKey,
    forms: &[Serialized],
) {
    let alg = genuine.algorithm();
    let only = verifier(alg, genuine.clone());
    let both = Verifier::builder()
        .allow(Algorithm::HS256)
        .allow(alg)
        .key_with_kid("k", genuine.clone())
        .key_with_kid("h", HmacKey::new(Algorithm::HS256, &LEGIT_SECRET).unwrap())
        .build()
        .unwrap();
    // Controls: the genuine key's own token passes both verifiers, so each refusal below
    // is about the forgery.
    let real = sign_token(signer, &header(alg, Some("k")), &payload());
    assert_eq!(outcome(&only, &real), None, "{alg}: genuine token");
    assert_eq!(outcome(&both, &real), None, "{alg}: genuine token");
    let no_kid = header(Algorithm::HS256, None);
    let with_kid = header(Algorithm::HS256, Some("k"));
    for s in forms {
        let case = format!("{alg} key as {}", s.name);
        let forged = hs256_token(&no_kid, &payload(), &s.bytes);
        let forged_kid = hs256_token(&with_kid, &payload(), &s.bytes);
        // Only the asymmetric algorithm allowed: refused before any cryptography.
        assert_eq!(
            outcome(&only, &forged),
            Some(ErrorKind::AlgorithmNotAllowed),
            "{case}"
        );
        assert_eq!(
            outcome(&only, &forged_kid),
            Some(ErrorKind::AlgorithmNotAllowed),
            "{case}, kid"
        );
        // HS256 allowed too: the kid selects the asymmetric key, bound to another alg.
        assert_eq!(
            outcome(&both, &forged_kid),
            Some(ErrorKind::KeyMismatch),
            "{case}, kid k"
        );
        // Without kid only keys bound to HS256 are tried: the legitimate secret, never
        // the public key.
        assert_eq!(
            outcome(&both, &forged),
            Some(ErrorKind::InvalidSignature),
            "{case}, no kid"
        );
        // The MAC under the asymmetric alg's own name is no signature for the key.
        let relabelled = hs256_token(&header(alg, Some("k")), &payload(), &s.bytes);
        assert_eq!(
            outcome(&only, &relabelled),
            Some(ErrorKind::InvalidSignature),
            "{case}, relabelled"
        );
        // The forgery is a correct MAC: a verifier that held these bytes as its HS256
        // secret would accept it. (Only constructible where the bytes look random.)
        if let Ok(k) = HmacKey::new(Algorithm::HS256, &s.bytes) {
            let naive = verifier(Algorithm::HS256, k.into());
            assert_eq!(outcome(&naive, &forged), None, "{case}: control");
        }
    }
}

/// RS256 -> HS256 (CVE-2015-9235, CVE-2016-10555, CVE-2017-11424, CVE-2022-29217,
/// CVE-2024-33663): the attacker HMACs a token with the verifier's RSA public key in
/// every serialization it might be published in.
#[test]
fn rule0_rs256_to_hs256_confusion_with_every_public_key_serialization() {
    let forms = rsa_public_serializations();
    assert_eq!(forms.len(), 24);
    for alg in [Algorithm::RS256, Algorithm::PS256] {
        assert_hs256_forgeries_refused(&rsa_signing(alg), &rsa_public(alg), &forms);
    }
}

/// ES256/ES384 (and ES512/ES256K with `aws-lc-rs`) -> HS256 with the EC public key in
/// every serialization.
#[test]
fn rule0_es256_to_hs256_confusion_with_every_public_key_serialization() {
    for alg in ecdsa_algs() {
        let sk = SigningKey::generate(alg).unwrap();
        let vk = sk.verifying_key();
        let forms = ec_public_serializations(&vk);
        assert_eq!(forms.len(), 16);
        assert_hs256_forgeries_refused(&sk, &vk, &forms);
    }
}

/// EdDSA -> HS256 with the Ed25519 public key in every serialization (the raw key is
/// exactly 32 bytes, long enough to be an HS256 secret).
#[test]
fn rule0_eddsa_to_hs256_confusion_with_every_public_key_serialization() {
    for alg in [Algorithm::EdDSA, Algorithm::Ed25519] {
        let sk = SigningKey::generate(alg).unwrap();
        let vk = sk.verifying_key();
        let forms = ed25519_public_serializations(&vk);
        assert_eq!(forms.len(), 14);
        assert_hs256_forgeries_refused(&sk, &vk, &forms);
    }
}

/// Allowing HS256 next to an asymmetric algorithm without an HS256 key does not build:
/// the HMAC path can never fall back to the public key.
#[test]
fn rule0_hs256_allowed_without_an_hmac_key_does_not_build() {
    let ec = SigningKey::generate(Algorithm::ES256)
        .unwrap()
        .verifying_key();
    let ed = SigningKey::generate(Algorithm::EdDSA)
        .unwrap()
        .verifying_key();
    for key in [rsa_public(Algorithm::RS256), ec, ed] {
        let alg = key.algorithm();
        for kid in [None, Some("k")] {
            let b = Verifier::builder().allow(Algorithm::HS256).allow(alg);
            let b = match kid {
                Some(kid) => b.key_with_kid(kid, key.clone()),
                None => b.key(key.clone()),
            };
            assert_eq!(
                kind_of(b.build()),
                Some(ErrorKind::Configuration),
                "{alg}, kid {kid:?}"
            );
        }
        // Nor can the asymmetric key be the only key of an HS256-only verifier.
        let e = Verifier::builder()
            .allow(Algorithm::HS256)
            .key(key.clone())
            .build();
        assert_eq!(kind_of(e), Some(ErrorKind::Configuration), "{alg} alone");
    }
}

fn assert_hmac_refuses(forms: &[Serialized], form: Form) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for s in forms.iter().filter(|s| s.form == form) {
        checked += 1;
        let got = kind_of(HmacKey::new(Algorithm::HS256, &s.bytes));
        if got != Some(ErrorKind::IncompatibleKey) {
            failures.push(format!("{}: {got:?}", s.name));
        }
    }
    assert!(checked > 0);
    assert!(
        failures.is_empty(),
        "HmacKey::new(HS256, S) must refuse a serialized key with IncompatibleKey; got \
         (None = accepted):\n{}",
        failures.join("\n")
    );
}

/// `HmacKey::new(HS256, S)` refuses PEM armor of any public or private key.
#[test]
fn rule0_hmac_key_refuses_pem_armored_keys() {
    assert_hmac_refuses(&all_public_serializations(), Form::Pem);
    assert_hmac_refuses(&private_serializations(), Form::Pem);
}

/// `HmacKey::new(HS256, S)` refuses DER SPKI, PKCS#1 and PKCS#8 documents.
#[test]
fn rule0_hmac_key_refuses_der_encoded_keys() {
    assert_hmac_refuses(&all_public_serializations(), Form::Der);
    assert_hmac_refuses(&private_serializations(), Form::Der);
}

/// `HmacKey::new(HS256, S)` refuses the JSON text of a public or private JWK.
#[test]
fn rule0_hmac_key_refuses_jwk_json() {
    assert_hmac_refuses(&all_public_serializations(), Form::Jwk);
    assert_hmac_refuses(&private_serializations(), Form::Jwk);
}

/// No public-key or private-key constructor yields a key for an HMAC algorithm.
#[test]
fn rule0_asymmetric_key_constructors_refuse_hmac_algorithms() {
    let (n, e) = rsa_n_e();
    let ec = SigningKey::generate(Algorithm::ES256).unwrap();
    let ec_spki = ec.verifying_key().to_spki_der().unwrap();
    let ed = SigningKey::generate(Algorithm::EdDSA).unwrap();
    let ed_spki = ed.verifying_key().to_spki_der().unwrap();
    let rsa_jwk = Jwk::from_json(&jwk_json(&rsa_public(Algorithm::RS256))).unwrap();
    for hs in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
        let incompatible = Some(ErrorKind::IncompatibleKey);
        let cases = [
            (
                "spki rsa",
                kind_of(VerifyingKey::from_spki_der(hs, RSA_PUB_DER)),
            ),
            (
                "spki ec",
                kind_of(VerifyingKey::from_spki_der(hs, &ec_spki)),
            ),
            (
                "spki ed",
                kind_of(VerifyingKey::from_spki_der(hs, &ed_spki)),
            ),
            (
                "pkcs1",
                kind_of(VerifyingKey::from_pkcs1_der(hs, RSA_PUB_PKCS1_DER)),
            ),
            (
                "rsa parts",
                kind_of(VerifyingKey::from_rsa_components(hs, &n, &e)),
            ),
            (
                "ec point",
                kind_of(VerifyingKey::from_ec_point(hs, spki_key(&ec_spki, 65))),
            ),
            (
                "ed bytes",
                kind_of(VerifyingKey::from_ed25519_bytes(hs, spki_key(&ed_spki, 32))),
            ),
            (
                "pkcs8 rsa",
                kind_of(SigningKey::from_pkcs8_der(hs, RSA_PKCS8_DER)),
            ),
            (
                "pkcs8 ec",
                kind_of(SigningKey::from_pkcs8_der(hs, &ec.to_pkcs8_der().unwrap())),
            ),
            (
                "pkcs8 ed",
                kind_of(SigningKey::from_pkcs8_der(hs, &ed.to_pkcs8_der().unwrap())),
            ),
            (
                "pkcs1 private",
                kind_of(SigningKey::from_pkcs1_der(hs, RSA_PKCS1_DER)),
            ),
            ("jwk rsa", kind_of(rsa_jwk.to_verifying_key(hs))),
        ];
        for (case, got) in cases {
            assert_eq!(got, incompatible, "{hs} from {case}");
        }
        // Every public and private JWK (RSA, EC, OKP), for verification and signing.
        for sk in [&ec, &ed] {
            let public = sk.verifying_key().to_public_jwk().unwrap();
            let private = sk.to_private_jwk().unwrap();
            for jwk in [&public, &private] {
                assert_eq!(
                    kind_of(jwk.to_verifying_key(hs)),
                    incompatible,
                    "{hs} {jwk:?}"
                );
                assert_eq!(
                    kind_of(jwk.to_signing_key(hs)),
                    incompatible,
                    "{hs} {jwk:?}"
                );
                assert_eq!(
                    kind_of(jwk.to_hmac_signing_key(hs)),
                    incompatible,
                    "{hs} {jwk:?}"
                );
            }
        }
        let rsa_private = Jwk::from_json(&rfc7515_rsa_private_jwk()).unwrap();
        assert_eq!(
            kind_of(rsa_private.to_signing_key(hs)),
            incompatible,
            "{hs}"
        );
        assert_eq!(
            kind_of(rsa_private.to_hmac_signing_key(hs)),
            incompatible,
            "{hs}"
        );
    }
}

/// `VerifyingKey::from_pem(HS*, pem)` and `SigningKey::from_pem(HS*, pem)` refuse every
/// PEM key with `IncompatibleKey` (the label names an encoding, the algorithm decides).
#[test]
fn rule0_pem_key_constructors_refuse_hmac_algorithms() {
    let mut failures = Vec::new();
    for s in all_public_serializations()
        .iter()
        .filter(|s| s.form == Form::Pem)
    {
        let pem = std::str::from_utf8(&s.bytes).unwrap();
        let got = kind_of(VerifyingKey::from_pem(Algorithm::HS256, pem));
        if got != Some(ErrorKind::IncompatibleKey) {
            failures.push(format!(
                "VerifyingKey::from_pem(HS256, {}): {got:?}",
                s.name
            ));
        }
    }
    for s in private_serializations()
        .iter()
        .filter(|s| s.form == Form::Pem)
    {
        let pem = std::str::from_utf8(&s.bytes).unwrap();
        let got = kind_of(SigningKey::from_pem(Algorithm::HS256, pem));
        if got != Some(ErrorKind::IncompatibleKey) {
            failures.push(format!("SigningKey::from_pem(HS256, {}): {got:?}", s.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The genuine RSA key loads from PEM as it does from DER: the same signatures verify.
#[test]
fn rule0_rsa_pem_keys_load_like_their_der() {
    let input = b"same key, any encoding";
    for alg in [Algorithm::RS256, Algorithm::PS256] {
        for pem in [RSA_PKCS8_PEM, RSA_PKCS1_PEM] {
            let sk = SigningKey::from_pem(alg, pem).unwrap();
            let sig = sign_raw(&sk, input).unwrap();
            assert!(verify_raw(&rsa_public(alg), input, &sig).is_ok(), "{alg}");
        }
        let sig = sign_raw(&rsa_signing(alg), input).unwrap();
        for pem in [RSA_PUB_PEM, RSA_PUB_PKCS1_PEM] {
            let vk = VerifyingKey::from_pem(alg, pem).unwrap();
            assert!(verify_raw(&vk, input, &sig).is_ok(), "{alg}");
        }
    }
}
