//! `differential_backends`: the same public key, message and signature through ring and
//! aws-lc-rs; both must give the same verdict. Keys are the fixed RFC keys (and one
//! generated P-384 key) or arbitrary bytes shaped into a key; signatures are real ones
//! with optional byte edits, or arbitrary bytes.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use fuzz_common::fixed;
use libfuzzer_sys::fuzz_target;
use strict_jwt::{Algorithm, SigningKey};

#[derive(Debug, Arbitrary)]
enum Key {
    /// A fixed key: RS256 (RFC 7515 A.2, under any RS/PS alg), ES256, EdDSA, ES384.
    Fixed(u8, u8),
    /// An uncompressed point from arbitrary coordinates (P-256 or P-384).
    EcPoint { p384: bool, coords: Vec<u8> },
    /// 32 arbitrary bytes as an Ed25519 key.
    Ed25519([u8; 32]),
    /// An arbitrary SubjectPublicKeyInfo.
    Spki(u8, Vec<u8>),
}

#[derive(Debug, Arbitrary)]
enum Signature {
    /// The fixed key's signature of the message, then these edits.
    Real(Vec<(u16, u8)>),
    Raw(Vec<u8>),
}

#[derive(Debug, Arbitrary)]
struct Input {
    key: Key,
    message: Vec<u8>,
    signature: Signature,
}

const RSA_ALGS: [Algorithm; 6] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
];

fn p384() -> &'static SigningKey {
    static KEY: OnceLock<SigningKey> = OnceLock::new();
    KEY.get_or_init(|| SigningKey::generate(Algorithm::ES384).expect("P-384 key"))
}

fn spki_prefix(alg: Algorithm, point_len: usize) -> Vec<u8> {
    // The SPKI of a fixed key of the same family, with its key bytes cut off: the
    // header is the same for every key of that size.
    let sample = match alg {
        Algorithm::ES256 => fixed()[2].verifying.to_spki_der().expect("SPKI"),
        _ => p384().verifying_key().to_spki_der().expect("SPKI"),
    };
    sample[..sample.len() - point_len].to_vec()
}

fuzz_target!(|input: Input| {
    let mut real: Option<SigningKey> = None;
    let (alg, spki) = match input.key {
        Key::Fixed(which, rsa_alg) => {
            let (alg, key) = match which % 4 {
                0 => {
                    let alg = RSA_ALGS[usize::from(rsa_alg) % RSA_ALGS.len()];
                    let jwk = strict_jwt::Jwk::from_json(include_str!("../keys/rs256.jwk.json"))
                        .expect("JWK");
                    (alg, jwk.to_signing_key(alg).expect("RSA key"))
                }
                1 => (Algorithm::ES256, fixed()[2].signer.clone()),
                2 => (Algorithm::EdDSA, fixed()[3].signer.clone()),
                _ => (Algorithm::ES384, p384().clone()),
            };
            let spki = key.verifying_key().to_spki_der().expect("SPKI");
            real = Some(key);
            (alg, spki)
        }
        Key::EcPoint { p384, coords } => {
            let (alg, len) = if p384 {
                (Algorithm::ES384, 97)
            } else {
                (Algorithm::ES256, 65)
            };
            let mut point = vec![4u8];
            point.extend(
                coords
                    .iter()
                    .copied()
                    .chain(std::iter::repeat(0))
                    .take(len - 1),
            );
            let mut spki = spki_prefix(alg, len);
            spki.extend_from_slice(&point);
            (alg, spki)
        }
        Key::Ed25519(bytes) => {
            let mut spki = fixed()[3].verifying.to_spki_der().expect("SPKI");
            let at = spki.len() - 32;
            spki[at..].copy_from_slice(&bytes);
            (Algorithm::EdDSA, spki)
        }
        Key::Spki(alg, bytes) => (
            Algorithm::ALL[usize::from(alg) % Algorithm::ALL.len()],
            bytes,
        ),
    };
    let signature = match (input.signature, &real) {
        (Signature::Real(edits), Some(key)) => {
            let mut sig =
                strict_jwt::internal::sign_raw(key, &input.message).expect("a fixed key signs");
            for (at, xor) in edits {
                let len = sig.len().max(1);
                if let Some(b) = sig.get_mut(usize::from(at) % len) {
                    *b ^= xor;
                }
            }
            sig
        }
        (Signature::Real(edits), None) => edits.iter().map(|(_, b)| *b).collect(),
        (Signature::Raw(bytes), _) => bytes,
    };
    let Ok([ring, aws_lc]) =
        strict_jwt::internal::verify_with_each_backend(alg, &spki, &input.message, &signature)
    else {
        return;
    };
    assert_eq!(
        ring.is_ok(),
        aws_lc.is_ok(),
        "{alg}: ring {ring:?}, aws-lc-rs {aws_lc:?}"
    );
});
