//! RS256/384/512, PS256/384/512, ES256, ES384 and EdDSA sign and verify: `strict_jwt`
//! against `jsonwebtoken` 11 (both crypto backends, `rust_crypto` and `aws_lc_rs`),
//! `jwt-simple` 0.15, `jwt-compact` 0.8 (no ES384: it has no P-384) and the raw `ring`
//! primitive over the same signing input (`raw`, the crypto floor: no base64, no JSON, no
//! claims), all in the same run. The setup and the peers are in `harness/`; this file has
//! the floor.
//!
//! Run with `benches/run` (both bench files and the tables) or `cargo bench --bench asym`.
//! See BENCHMARKS.md.

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use ring::rand::SystemRandom;
use ring::signature::{
    self as rs, EcdsaKeyPair, Ed25519KeyPair, RsaEncoding, RsaKeyPair, RsaParameters,
    RsaPublicKeyComponents, UnparsedPublicKey, VerificationAlgorithm,
};
use strict_jwt::Algorithm;

mod harness;
mod workload;
use harness::{Floor, Keys, RSA_PKCS1_DER, b64, split};
use workload::Owned;

/// The algorithms compared, in the order they run.
const ALGORITHMS: [Algorithm; 9] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

enum RawSigner {
    Rsa(RsaKeyPair, &'static dyn RsaEncoding),
    Ecdsa(EcdsaKeyPair),
    Ed25519(Ed25519KeyPair),
}

impl RawSigner {
    /// Signs into `out` (reused across calls; RSA writes in place) and returns the
    /// signature's length.
    #[inline]
    fn sign(&self, rng: &SystemRandom, msg: &[u8], out: &mut [u8]) -> usize {
        match self {
            Self::Rsa(pair, padding) => {
                let len = pair.public().modulus_len();
                pair.sign(*padding, rng, msg, &mut out[..len])
                    .expect("ring RSA sign");
                len
            }
            Self::Ecdsa(pair) => {
                let sig = pair.sign(rng, msg).expect("ring ECDSA sign");
                out[..sig.as_ref().len()].copy_from_slice(sig.as_ref());
                sig.as_ref().len()
            }
            Self::Ed25519(pair) => {
                let sig = pair.sign(msg);
                out[..sig.as_ref().len()].copy_from_slice(sig.as_ref());
                sig.as_ref().len()
            }
        }
    }
}

enum RawVerifier {
    /// `RsaPublicKeyComponents::verify`, which is what `strict_jwt` calls too.
    Rsa(&'static RsaParameters, RsaPublicKeyComponents<Vec<u8>>),
    /// `UnparsedPublicKey::new(alg, key).verify`: the EC point or the Ed25519 key.
    Unparsed(&'static dyn VerificationAlgorithm, Vec<u8>),
}

impl RawVerifier {
    #[inline]
    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        match self {
            Self::Rsa(params, key) => key.verify(params, msg, sig).is_ok(),
            Self::Unparsed(alg, key) => UnparsedPublicKey::new(*alg, key.as_slice())
                .verify(msg, sig)
                .is_ok(),
        }
    }
}

/// The raw ring primitive: signs `strict_jwt`'s signing input and verifies the decoded
/// signature over it. Same ring calls as `strict_jwt`, on the same key material.
struct RingFloor {
    signer: RawSigner,
    verifier: RawVerifier,
    rng: SystemRandom,
}

impl RingFloor {
    fn sign_vec(&self, msg: &[u8]) -> Vec<u8> {
        let mut buf = [0u8; 512];
        let len = self.signer.sign(&self.rng, msg, &mut buf);
        buf[..len].to_vec()
    }
}

impl Floor for RingFloor {
    fn new(alg: Algorithm, keys: &Keys) -> Self {
        let rng = SystemRandom::new();
        let (signer, verifier) = match (alg, keys) {
            (_, Keys::Rsa(_)) => {
                let (padding, params): (&'static dyn RsaEncoding, _) = match alg {
                    Algorithm::RS256 => (&rs::RSA_PKCS1_SHA256, &rs::RSA_PKCS1_2048_8192_SHA256),
                    Algorithm::RS384 => (&rs::RSA_PKCS1_SHA384, &rs::RSA_PKCS1_2048_8192_SHA384),
                    Algorithm::RS512 => (&rs::RSA_PKCS1_SHA512, &rs::RSA_PKCS1_2048_8192_SHA512),
                    Algorithm::PS256 => (&rs::RSA_PSS_SHA256, &rs::RSA_PSS_2048_8192_SHA256),
                    Algorithm::PS384 => (&rs::RSA_PSS_SHA384, &rs::RSA_PSS_2048_8192_SHA384),
                    Algorithm::PS512 => (&rs::RSA_PSS_SHA512, &rs::RSA_PSS_2048_8192_SHA512),
                    other => panic!("RSA floor for {other:?}"),
                };
                let pair = RsaKeyPair::from_der(RSA_PKCS1_DER).expect("ring RSA key");
                let public: RsaPublicKeyComponents<Vec<u8>> = pair.public().into();
                (
                    RawSigner::Rsa(pair, padding),
                    RawVerifier::Rsa(params, public),
                )
            }
            (Algorithm::ES256 | Algorithm::ES384, Keys::Ec { pkcs8, point, .. }) => {
                let (signing, verification): (_, &'static dyn VerificationAlgorithm) =
                    if alg == Algorithm::ES256 {
                        (
                            &rs::ECDSA_P256_SHA256_FIXED_SIGNING,
                            &rs::ECDSA_P256_SHA256_FIXED,
                        )
                    } else {
                        (
                            &rs::ECDSA_P384_SHA384_FIXED_SIGNING,
                            &rs::ECDSA_P384_SHA384_FIXED,
                        )
                    };
                let pair = EcdsaKeyPair::from_pkcs8(signing, pkcs8, &rng).expect("ring EC key");
                (
                    RawSigner::Ecdsa(pair),
                    RawVerifier::Unparsed(verification, point.clone()),
                )
            }
            (Algorithm::EdDSA, Keys::Ed { pkcs8, public, .. }) => {
                let pair = Ed25519KeyPair::from_pkcs8(pkcs8).expect("ring Ed25519 key");
                (
                    RawSigner::Ed25519(pair),
                    RawVerifier::Unparsed(&rs::ED25519, public.clone()),
                )
            }
            (other, _) => panic!("ring floor for {other:?}"),
        };
        Self {
            signer,
            verifier,
            rng,
        }
    }

    /// `strict_jwt`'s signing input with the raw signature over it.
    fn token(&self, _claims: &Owned, strict_token: &str) -> String {
        let (input, _) = split(strict_token);
        let sig = self.sign_vec(input);
        format!(
            "{}.{}",
            std::str::from_utf8(input).expect("ASCII"),
            b64(&sig)
        )
    }

    fn accepts(&self, token: &str, _claims: &Owned) -> bool {
        let (input, sig) = split(token);
        self.verifier.verify(input, &sig)
    }

    fn bench_verify(&self, g: &mut BenchmarkGroup<'_, WallTime>, strict_token: &str) {
        let (input, sig) = split(strict_token);
        g.bench_function("raw", |b| {
            b.iter(|| assert!(self.verifier.verify(black_box(input), black_box(&sig))));
        });
    }

    fn bench_sign(&self, g: &mut BenchmarkGroup<'_, WallTime>, _: &Owned, strict_token: &str) {
        let (input, _) = split(strict_token);
        let mut buf = [0u8; 512];
        g.bench_function("raw", |b| {
            b.iter(|| self.signer.sign(&self.rng, black_box(input), &mut buf));
        });
    }
}

fn benches(c: &mut Criterion) {
    harness::run::<RingFloor>(c, &ALGORITHMS);
}

criterion_group!(asym, benches);
criterion_main!(asym);
