//! `pem`: arbitrary bytes as PEM text and as DER, through every key constructor and
//! the algorithms of each family. Never panics; an accepted key re-exports and
//! re-imports to the same key; an accepted private key signs what its public half
//! verifies; the PEM path agrees with the DER path it wraps.
#![no_main]

use base64ct::{Base64, Encoding};
use fuzz_common::import_kind;
use libfuzzer_sys::fuzz_target;
use strict_jwt::{Algorithm, SigningKey, VerifyingKey};

const ALGS: [Algorithm; 8] = [
    Algorithm::RS256,
    Algorithm::PS384,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::ES512,
    Algorithm::ES256K,
    Algorithm::EdDSA,
    Algorithm::HS256,
];

/// Public key invariants: SPKI export re-imports to the same key, through DER and PEM.
fn public_round_trip(alg: Algorithm, key: &VerifyingKey) {
    assert_eq!(key.algorithm(), alg);
    let spki = key.to_spki_der().expect("SPKI export");
    let again = VerifyingKey::from_spki_der(alg, &spki).expect("own SPKI re-imports");
    assert_eq!(again.to_spki_der().expect("SPKI"), spki);
    let pem = key.to_spki_pem().expect("PEM export");
    let again = VerifyingKey::from_pem(alg, &pem).expect("own PEM re-imports");
    assert_eq!(again.to_spki_der().expect("SPKI"), spki);
}

/// Private key invariants: its signature verifies under its public half.
fn private_round_trip(alg: Algorithm, key: &SigningKey) {
    assert_eq!(key.algorithm(), alg);
    let public = key.verifying_key();
    public_round_trip(alg, &public);
    let msg = b"eyJhbGciOiJub25lIn0.e30";
    let sig = strict_jwt::internal::sign_raw(key, msg).expect("an imported key signs");
    strict_jwt::internal::verify_raw(&public, msg, &sig).expect("and its public half verifies");
}

/// The base64 body of a single PEM block, decoded independently of the crate.
fn body(text: &str) -> Option<(String, Vec<u8>)> {
    let begin = text.find("-----BEGIN ")?;
    let label_end = text[begin + 11..].find("-----")? + begin + 11;
    let label = text[begin + 11..label_end].to_owned();
    let end = text.find("-----END ")?;
    let b64: String = text
        .get(label_end + 5..end)?
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    Base64::decode_vec(&b64).ok().map(|der| (label, der))
}

fuzz_target!(|data: &[u8]| {
    let text = std::str::from_utf8(data).ok();
    for alg in ALGS {
        if let Some(text) = text {
            match VerifyingKey::from_pem(alg, text) {
                Ok(key) => {
                    public_round_trip(alg, &key);
                    let (label, der) = body(text).expect("an accepted PEM has a body");
                    let direct = match label.as_str() {
                        "PUBLIC KEY" => VerifyingKey::from_spki_der(alg, &der),
                        "RSA PUBLIC KEY" => VerifyingKey::from_pkcs1_der(alg, &der),
                        other => panic!("public key accepted under label {other:?}"),
                    }
                    .expect("the DER inside an accepted PEM imports");
                    assert_eq!(direct.to_spki_der().ok(), key.to_spki_der().ok());
                }
                Err(e) => import_kind(e.kind()),
            }
            match SigningKey::from_pem(alg, text) {
                Ok(key) => {
                    private_round_trip(alg, &key);
                    let (label, der) = body(text).expect("an accepted PEM has a body");
                    let direct = match label.as_str() {
                        "PRIVATE KEY" => SigningKey::from_pkcs8_der(alg, &der),
                        "RSA PRIVATE KEY" => SigningKey::from_pkcs1_der(alg, &der),
                        "EC PRIVATE KEY" => SigningKey::from_sec1_der(alg, &der),
                        other => panic!("private key accepted under label {other:?}"),
                    }
                    .expect("the DER inside an accepted PEM imports");
                    assert_eq!(
                        direct.verifying_key().to_spki_der().ok(),
                        key.verifying_key().to_spki_der().ok()
                    );
                }
                Err(e) => import_kind(e.kind()),
            }
        }
        // The bytes as DER, through every constructor.
        for public in [
            VerifyingKey::from_spki_der(alg, data),
            VerifyingKey::from_pkcs1_der(alg, data),
        ] {
            match public {
                Ok(key) => public_round_trip(alg, &key),
                Err(e) => import_kind(e.kind()),
            }
        }
        for private in [
            SigningKey::from_pkcs8_der(alg, data),
            SigningKey::from_pkcs1_der(alg, data),
            SigningKey::from_sec1_der(alg, data),
        ] {
            match private {
                Ok(key) => private_round_trip(alg, &key),
                Err(e) => import_kind(e.kind()),
            }
        }
    }
});
