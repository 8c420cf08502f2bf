//! RS256/384/512, PS256/384/512, ES256, ES384, ES512, ES256K and EdDSA sign and verify:
//! `strict_jwt` on the backend this build has (`strict_jwt::Backend::ACTIVE`: ring with
//! the default features, aws-lc-rs with `--features aws-lc-rs`) against `jsonwebtoken` 11
//! (both crypto backends, `rust_crypto` and `aws_lc_rs`; no ES512, no ES256K),
//! `jwt-simple` 0.15 (no ES512), `jwt-compact` 0.8 (no ES384, no ES512) and the raw
//! primitive of the same backend over the same signing input (the crypto floor: no
//! base64, no JSON, no claims), all in the same run. ES512 and ES256K run only when the
//! backend has them (aws-lc-rs). The setup and the peers are in `harness/`; this file
//! has the floors.
//!
//! The ids carry the backend, so that the two builds' results sit side by side in
//! `target/criterion`: `raw ring`, `strict-jwt (ring)/owned`, `strict-jwt (ring)/borrowed`,
//! `strict-jwt (ring)`; `raw aws-lc-rs`, `raw aws-lc-rs/unparsed`,
//! `strict-jwt (aws-lc-rs)/owned`, ... The peers' ids do not depend on the build.
//!
//! Run with `benches/run` (both bench files, both backends, and the tables) or
//! `cargo bench -p strict-jwt-benches --bench asym [--features aws-lc-rs]`. See
//! BENCHMARKS.md.

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use strict_jwt::{Algorithm, Backend};
use strict_jwt_benches::workload;

mod harness;
use harness::{Floor, Keys, RSA_PKCS1_DER, b64, split};
use workload::Owned;

/// The algorithms compared, in the order they run; those the active backend lacks are
/// left out (`Backend::supports`).
const ALGORITHMS: [Algorithm; 11] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::ES512,
    Algorithm::ES256K,
    Algorithm::EdDSA,
];

/// One backend's raw sign and verify calls, the same ones `strict_jwt` makes on it.
trait Primitive: Sized {
    const BACKEND: Backend;
    const RAW: &'static str;
    const STRICT: &'static str;

    fn new(alg: Algorithm, keys: &Keys) -> Self;

    /// Signs into `out` (reused across calls; RSA writes in place) and returns the
    /// signature's length.
    fn sign(&self, msg: &[u8], out: &mut [u8]) -> usize;

    /// The floor's verification.
    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool;

    /// Labelled variants of the floor's verification, timed next to it
    /// (`<RAW>/<label>`); not the floor.
    fn bench_verify_variants(
        &self,
        _g: &mut BenchmarkGroup<'_, WallTime>,
        _msg: &[u8],
        _sig: &[u8],
    ) {
    }
}

/// ring 0.17: the floor of the `ring` backend.
mod ring_floor {
    use ring::rand::SystemRandom;
    use ring::signature::{
        self as rs, EcdsaKeyPair, Ed25519KeyPair, RsaEncoding, RsaKeyPair, RsaParameters,
        RsaPublicKeyComponents, UnparsedPublicKey, VerificationAlgorithm,
    };
    use strict_jwt::{Algorithm, Backend};

    use super::{Keys, Primitive, RSA_PKCS1_DER};

    enum Signer {
        Rsa(RsaKeyPair, &'static dyn RsaEncoding),
        Ecdsa(EcdsaKeyPair),
        Ed25519(Ed25519KeyPair),
    }

    enum Verifier {
        /// `RsaPublicKeyComponents::verify`, which is what `strict_jwt` calls too.
        Rsa(&'static RsaParameters, RsaPublicKeyComponents<Vec<u8>>),
        /// `UnparsedPublicKey::new(alg, key).verify`: the EC point or the Ed25519 key.
        /// ring 0.17 has no pre-parsed public key.
        Unparsed(&'static dyn VerificationAlgorithm, Vec<u8>),
    }

    pub struct Ring {
        signer: Signer,
        verifier: Verifier,
        rng: SystemRandom,
    }

    impl Primitive for Ring {
        const BACKEND: Backend = Backend::Ring;
        const RAW: &'static str = "raw ring";
        const STRICT: &'static str = "strict-jwt (ring)";

        fn new(alg: Algorithm, keys: &Keys) -> Self {
            let rng = SystemRandom::new();
            let (signer, verifier) = match (alg, keys) {
                (_, Keys::Rsa(_)) => {
                    let (padding, params): (&'static dyn RsaEncoding, _) = match alg {
                        Algorithm::RS256 => {
                            (&rs::RSA_PKCS1_SHA256, &rs::RSA_PKCS1_2048_8192_SHA256)
                        }
                        Algorithm::RS384 => {
                            (&rs::RSA_PKCS1_SHA384, &rs::RSA_PKCS1_2048_8192_SHA384)
                        }
                        Algorithm::RS512 => {
                            (&rs::RSA_PKCS1_SHA512, &rs::RSA_PKCS1_2048_8192_SHA512)
                        }
                        Algorithm::PS256 => (&rs::RSA_PSS_SHA256, &rs::RSA_PSS_2048_8192_SHA256),
                        Algorithm::PS384 => (&rs::RSA_PSS_SHA384, &rs::RSA_PSS_2048_8192_SHA384),
                        Algorithm::PS512 => (&rs::RSA_PSS_SHA512, &rs::RSA_PSS_2048_8192_SHA512),
                        other => panic!("RSA floor for {other:?}"),
                    };
                    let pair = RsaKeyPair::from_der(RSA_PKCS1_DER).expect("ring RSA key");
                    let public: RsaPublicKeyComponents<Vec<u8>> = pair.public().into();
                    (Signer::Rsa(pair, padding), Verifier::Rsa(params, public))
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
                        Signer::Ecdsa(pair),
                        Verifier::Unparsed(verification, point.clone()),
                    )
                }
                (Algorithm::EdDSA, Keys::Ed { pkcs8, public, .. }) => {
                    let pair = Ed25519KeyPair::from_pkcs8(pkcs8).expect("ring Ed25519 key");
                    (
                        Signer::Ed25519(pair),
                        Verifier::Unparsed(&rs::ED25519, public.clone()),
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

        #[inline]
        fn sign(&self, msg: &[u8], out: &mut [u8]) -> usize {
            match &self.signer {
                Signer::Rsa(pair, padding) => {
                    let len = pair.public().modulus_len();
                    pair.sign(*padding, &self.rng, msg, &mut out[..len])
                        .expect("ring RSA sign");
                    len
                }
                Signer::Ecdsa(pair) => {
                    let sig = pair.sign(&self.rng, msg).expect("ring ECDSA sign");
                    out[..sig.as_ref().len()].copy_from_slice(sig.as_ref());
                    sig.as_ref().len()
                }
                Signer::Ed25519(pair) => {
                    let sig = pair.sign(msg);
                    out[..sig.as_ref().len()].copy_from_slice(sig.as_ref());
                    sig.as_ref().len()
                }
            }
        }

        #[inline]
        fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
            match &self.verifier {
                Verifier::Rsa(params, key) => key.verify(params, msg, sig).is_ok(),
                Verifier::Unparsed(alg, key) => UnparsedPublicKey::new(*alg, key.as_slice())
                    .verify(msg, sig)
                    .is_ok(),
            }
        }
    }
}

/// aws-lc-rs 1.19: the floor of the `aws-lc-rs` backend.
mod aws_lc_floor {
    use std::hint::black_box;

    use aws_lc_rs::rand::SystemRandom;
    use aws_lc_rs::signature::{
        self as als, EcdsaKeyPair, Ed25519KeyPair, ParsedPublicKey, RsaEncoding, RsaKeyPair,
        RsaParameters, RsaPublicKeyComponents, UnparsedPublicKey, VerificationAlgorithm,
    };
    use criterion::measurement::WallTime;
    use criterion::{BenchmarkGroup, BenchmarkId};
    use strict_jwt::{Algorithm, Backend};

    use super::{Keys, Primitive, RSA_PKCS1_DER};

    enum Signer {
        Rsa(RsaKeyPair, &'static dyn RsaEncoding),
        Ecdsa(EcdsaKeyPair),
        Ed25519(Ed25519KeyPair),
    }

    /// The same key, unparsed, for the `unparsed` variant: what ring's floor does (and
    /// what an aws-lc-rs user who does not keep a `ParsedPublicKey` pays).
    enum Unparsed {
        /// `RsaPublicKeyComponents { n, e }.verify(params, ..)`: the RSA key is built on
        /// every call.
        Rsa(&'static RsaParameters, RsaPublicKeyComponents<Vec<u8>>),
        /// `UnparsedPublicKey::new(alg, key).verify(..)`: the EC point or Ed25519 key is
        /// parsed on every call.
        Key(&'static dyn VerificationAlgorithm, Vec<u8>),
    }

    pub struct AwsLc {
        signer: Signer,
        /// Parsed once, as `strict_jwt` does at key import: `ParsedPublicKey::new(alg,
        /// key)` for EC and Ed25519, `RsaPublicKeyComponents { n, e }
        /// .to_parsed_public_key(params)` for RSA, then `verify_sig`.
        parsed: ParsedPublicKey,
        unparsed: Unparsed,
        rng: SystemRandom,
    }

    fn rsa_algorithms(alg: Algorithm) -> (&'static dyn RsaEncoding, &'static RsaParameters) {
        match alg {
            Algorithm::RS256 => (&als::RSA_PKCS1_SHA256, &als::RSA_PKCS1_2048_8192_SHA256),
            Algorithm::RS384 => (&als::RSA_PKCS1_SHA384, &als::RSA_PKCS1_2048_8192_SHA384),
            Algorithm::RS512 => (&als::RSA_PKCS1_SHA512, &als::RSA_PKCS1_2048_8192_SHA512),
            Algorithm::PS256 => (&als::RSA_PSS_SHA256, &als::RSA_PSS_2048_8192_SHA256),
            Algorithm::PS384 => (&als::RSA_PSS_SHA384, &als::RSA_PSS_2048_8192_SHA384),
            Algorithm::PS512 => (&als::RSA_PSS_SHA512, &als::RSA_PSS_2048_8192_SHA512),
            other => panic!("RSA floor for {other:?}"),
        }
    }

    fn ec_algorithms(
        alg: Algorithm,
    ) -> (
        &'static als::EcdsaSigningAlgorithm,
        &'static als::EcdsaVerificationAlgorithm,
    ) {
        match alg {
            Algorithm::ES256 => (
                &als::ECDSA_P256_SHA256_FIXED_SIGNING,
                &als::ECDSA_P256_SHA256_FIXED,
            ),
            Algorithm::ES384 => (
                &als::ECDSA_P384_SHA384_FIXED_SIGNING,
                &als::ECDSA_P384_SHA384_FIXED,
            ),
            Algorithm::ES512 => (
                &als::ECDSA_P521_SHA512_FIXED_SIGNING,
                &als::ECDSA_P521_SHA512_FIXED,
            ),
            Algorithm::ES256K => (
                &als::ECDSA_P256K1_SHA256_FIXED_SIGNING,
                &als::ECDSA_P256K1_SHA256_FIXED,
            ),
            other => panic!("ECDSA floor for {other:?}"),
        }
    }

    impl Primitive for AwsLc {
        const BACKEND: Backend = Backend::AwsLcRs;
        const RAW: &'static str = "raw aws-lc-rs";
        const STRICT: &'static str = "strict-jwt (aws-lc-rs)";

        fn new(alg: Algorithm, keys: &Keys) -> Self {
            let (signer, parsed, unparsed) = match keys {
                Keys::Rsa(parts) => {
                    let (padding, params) = rsa_algorithms(alg);
                    let pair = RsaKeyPair::from_der(RSA_PKCS1_DER).expect("aws-lc-rs RSA key");
                    let public = RsaPublicKeyComponents {
                        n: parts.n.clone(),
                        e: parts.e.clone(),
                    };
                    let parsed = public
                        .to_parsed_public_key(params)
                        .expect("aws-lc-rs RSA public key");
                    (
                        Signer::Rsa(pair, padding),
                        parsed,
                        Unparsed::Rsa(params, public),
                    )
                }
                Keys::Ec { pkcs8, point, .. } => {
                    let (signing, verification) = ec_algorithms(alg);
                    let pair = EcdsaKeyPair::from_pkcs8(signing, pkcs8).expect("aws-lc-rs EC key");
                    let parsed =
                        ParsedPublicKey::new(verification, point).expect("aws-lc-rs EC point");
                    (
                        Signer::Ecdsa(pair),
                        parsed,
                        Unparsed::Key(verification, point.clone()),
                    )
                }
                Keys::Ed { pkcs8, public, .. } if alg == Algorithm::EdDSA => {
                    let pair = Ed25519KeyPair::from_pkcs8(pkcs8).expect("aws-lc-rs Ed25519 key");
                    let parsed =
                        ParsedPublicKey::new(&als::ED25519, public).expect("aws-lc-rs Ed25519");
                    (
                        Signer::Ed25519(pair),
                        parsed,
                        Unparsed::Key(&als::ED25519, public.clone()),
                    )
                }
                _ => panic!("aws-lc-rs floor for {alg:?}"),
            };
            Self {
                signer,
                parsed,
                unparsed,
                rng: SystemRandom::new(),
            }
        }

        #[inline]
        fn sign(&self, msg: &[u8], out: &mut [u8]) -> usize {
            match &self.signer {
                Signer::Rsa(pair, padding) => {
                    let len = pair.public_modulus_len();
                    pair.sign(*padding, &self.rng, msg, &mut out[..len])
                        .expect("aws-lc-rs RSA sign");
                    len
                }
                Signer::Ecdsa(pair) => {
                    let sig = pair.sign(&self.rng, msg).expect("aws-lc-rs ECDSA sign");
                    out[..sig.as_ref().len()].copy_from_slice(sig.as_ref());
                    sig.as_ref().len()
                }
                Signer::Ed25519(pair) => {
                    let sig = pair.sign(msg);
                    out[..sig.as_ref().len()].copy_from_slice(sig.as_ref());
                    sig.as_ref().len()
                }
            }
        }

        #[inline]
        fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
            self.parsed.verify_sig(msg, sig).is_ok()
        }

        fn bench_verify_variants(
            &self,
            g: &mut BenchmarkGroup<'_, WallTime>,
            msg: &[u8],
            sig: &[u8],
        ) {
            let verify = |msg: &[u8], sig: &[u8]| match &self.unparsed {
                Unparsed::Rsa(params, key) => key.verify(params, msg, sig).is_ok(),
                Unparsed::Key(alg, key) => UnparsedPublicKey::new(*alg, key.as_slice())
                    .verify(msg, sig)
                    .is_ok(),
            };
            assert!(verify(msg, sig), "raw aws-lc-rs/unparsed rejects");
            g.bench_function(BenchmarkId::new(Self::RAW, "unparsed"), |b| {
                b.iter(|| assert!(verify(black_box(msg), black_box(sig))));
            });
        }
    }
}

/// The raw primitive of strict-jwt's active backend: signs `strict_jwt`'s signing input
/// and verifies the decoded signature over it. Same calls as `strict_jwt`, on the same
/// key material.
struct RawFloor<P>(P);

impl<P: Primitive> RawFloor<P> {
    fn sign_vec(&self, msg: &[u8]) -> Vec<u8> {
        let mut buf = [0u8; 512];
        let len = self.0.sign(msg, &mut buf);
        buf[..len].to_vec()
    }
}

impl<P: Primitive> Floor for RawFloor<P> {
    const RAW: &'static str = P::RAW;
    const STRICT: &'static str = P::STRICT;

    fn new(alg: Algorithm, keys: &Keys) -> Self {
        assert_eq!(P::BACKEND, Backend::ACTIVE, "the floor of another backend");
        assert_eq!(P::RAW, format!("raw {}", P::BACKEND.name()));
        assert_eq!(P::STRICT, format!("strict-jwt ({})", P::BACKEND.name()));
        Self(P::new(alg, keys))
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
        self.0.verify(input, &sig)
    }

    fn bench_verify(&self, g: &mut BenchmarkGroup<'_, WallTime>, strict_token: &str) {
        let (input, sig) = split(strict_token);
        g.bench_function(P::RAW, |b| {
            b.iter(|| assert!(self.0.verify(black_box(input), black_box(&sig))));
        });
        self.0.bench_verify_variants(g, input, &sig);
    }

    fn bench_sign(&self, g: &mut BenchmarkGroup<'_, WallTime>, _: &Owned, strict_token: &str) {
        let (input, _) = split(strict_token);
        let mut buf = [0u8; 512];
        g.bench_function(P::RAW, |b| {
            b.iter(|| self.0.sign(black_box(input), &mut buf));
        });
    }
}

fn benches(c: &mut Criterion) {
    let backend = Backend::ACTIVE;
    let algorithms: Vec<Algorithm> = ALGORITHMS
        .into_iter()
        .filter(|&alg| backend.supports(alg))
        .collect();
    eprintln!(
        "asym: strict-jwt on {}; {}",
        backend.name(),
        algorithms
            .iter()
            .map(|a| a.name())
            .collect::<Vec<_>>()
            .join(", ")
    );
    match backend {
        Backend::Ring => harness::run::<RawFloor<ring_floor::Ring>>(c, &algorithms),
        Backend::AwsLcRs => harness::run::<RawFloor<aws_lc_floor::AwsLc>>(c, &algorithms),
        other => eprintln!(
            "asym: this build has no asymmetric backend ({}); nothing to time",
            other.name()
        ),
    }
}

criterion_group!(asym, benches);
criterion_main!(asym);
