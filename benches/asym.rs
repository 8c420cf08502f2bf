//! RS256, PS256, ES256, ES384 and EdDSA sign and verify: `strict_jwt` against
//! `jsonwebtoken` 11 with each of its two crypto backends (`rust_crypto`, `aws_lc_rs`)
//! and against the raw `ring` primitive over the same signing input (the crypto floor:
//! no base64, no JSON, no claims).
//!
//! The token, its claims and the validation rules are those of `benches/hs256.rs`.
//! Every library's token is cross-checked in every other library at setup.
//!
//! Run with `cargo bench --bench asym`. See BENCHMARKS.md for results.

use std::hint::black_box;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use criterion::{Criterion, criterion_group, criterion_main};
use ring::rand::SystemRandom;
use ring::signature::{
    self as rs, EcdsaKeyPair, Ed25519KeyPair, KeyPair as _, RsaEncoding, RsaKeyPair, RsaParameters,
    RsaPublicKeyComponents, UnparsedPublicKey, VerificationAlgorithm,
};
use serde::de::IgnoredAny;

use jsonwebtoken as jwt;
use jwt::crypto::{CryptoProvider, JwtSigner, JwtVerifier, KeyUtils};
use strict_jwt::{Algorithm, Signer, SigningKey, Verifier};

mod workload;
use workload::{AUDIENCE, Borrowed, ISSUER, Owned, SUBJECT, claims, unix_now};

/// A 2048-bit RSA key made for this benchmark with
/// `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`, stored as PKCS#1
/// `RSAPrivateKey` DER (the form jsonwebtoken's `EncodingKey::from_rsa_der` takes).
/// It protects nothing.
const RSA_PKCS1_DER: &[u8] = include_bytes!("keys/rsa2048-pkcs1.der");

/// The algorithms compared, in the order they run.
const ALGORITHMS: [Algorithm; 5] = [
    Algorithm::RS256,
    Algorithm::PS256,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

// ---------------------------------------------------------------------------------------
// jsonwebtoken backend selection
// ---------------------------------------------------------------------------------------

/// jsonwebtoken 11 compiles both backends when both features are on, but picks one
/// process-wide `CryptoProvider`, installed once. To time both backends in the same run,
/// the benchmark installs a provider whose factories forward to the chosen backend's own
/// `DEFAULT_PROVIDER` factories. The cost is one relaxed atomic load and one indirect call
/// per `encode`/`decode`, nanoseconds against tens of microseconds of public-key work.
static BACKEND: AtomicU8 = AtomicU8::new(0);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Backend {
    RustCrypto = 1,
    AwsLc = 2,
}

impl Backend {
    const BOTH: [Self; 2] = [Self::RustCrypto, Self::AwsLc];

    fn id(self) -> &'static str {
        match self {
            Self::RustCrypto => "jsonwebtoken-rust_crypto",
            Self::AwsLc => "jsonwebtoken-aws_lc_rs",
        }
    }

    fn select(self) {
        BACKEND.store(self as u8, Ordering::Relaxed);
    }

    fn selected() -> &'static CryptoProvider {
        match BACKEND.load(Ordering::Relaxed) {
            1 => &jwt::crypto::rust_crypto::DEFAULT_PROVIDER,
            2 => &jwt::crypto::aws_lc::DEFAULT_PROVIDER,
            _ => panic!("no jsonwebtoken backend selected"),
        }
    }
}

fn dispatch_signer(
    alg: &jwt::Algorithm,
    key: &jwt::EncodingKey,
) -> jwt::errors::Result<Box<dyn JwtSigner>> {
    (Backend::selected().signer_factory)(alg, key)
}

fn dispatch_verifier(
    alg: &jwt::Algorithm,
    key: &jwt::DecodingKey,
) -> jwt::errors::Result<Box<dyn JwtVerifier>> {
    (Backend::selected().verifier_factory)(alg, key)
}

/// JWK helpers (`key_utils`) are not used by `encode`/`decode`, so they are left out.
static DISPATCH: CryptoProvider = CryptoProvider {
    signer_factory: dispatch_signer,
    verifier_factory: dispatch_verifier,
    key_utils: KeyUtils::new_unimplemented(),
};

fn install_dispatch() {
    if let Err(other) = DISPATCH.install_default() {
        assert!(
            std::ptr::eq(other, &DISPATCH),
            "another jsonwebtoken CryptoProvider is installed"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Raw ring: the crypto floor
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// One algorithm, set up identically in every library
// ---------------------------------------------------------------------------------------

struct Case {
    alg: Algorithm,
    claims: Owned,
    signer: Signer,
    verifier: Verifier,
    enc_key: jwt::EncodingKey,
    dec_key: jwt::DecodingKey,
    header: jwt::Header,
    validation: jwt::Validation,
    raw_signer: RawSigner,
    raw_verifier: RawVerifier,
    rng: SystemRandom,
}

fn b64(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

/// `(signing input, decoded signature)` of a compact JWS.
fn split(token: &str) -> (&[u8], Vec<u8>) {
    let (input, sig) = token.rsplit_once('.').expect("three parts");
    let sig = Base64UrlUnpadded::decode_vec(sig).expect("base64url signature");
    (input.as_bytes(), sig)
}

impl Case {
    fn new(alg: Algorithm) -> Self {
        install_dispatch();
        let rng = SystemRandom::new();
        let (signing_key, raw_signer, raw_verifier, enc_key, dec_key, jalg) = match alg {
            Algorithm::RS256 | Algorithm::PS256 => {
                let (jalg, padding, params): (_, &'static dyn RsaEncoding, _) =
                    if alg == Algorithm::RS256 {
                        (
                            jwt::Algorithm::RS256,
                            &rs::RSA_PKCS1_SHA256,
                            &rs::RSA_PKCS1_2048_8192_SHA256,
                        )
                    } else {
                        (
                            jwt::Algorithm::PS256,
                            &rs::RSA_PSS_SHA256,
                            &rs::RSA_PSS_2048_8192_SHA256,
                        )
                    };
                let pair = RsaKeyPair::from_der(RSA_PKCS1_DER).expect("ring RSA key");
                let public: RsaPublicKeyComponents<Vec<u8>> = pair.public().into();
                let dec_key = jwt::DecodingKey::from_rsa_raw_components(&public.n, &public.e);
                (
                    SigningKey::from_pkcs1_der(alg, RSA_PKCS1_DER).expect("strict_jwt RSA key"),
                    RawSigner::Rsa(pair, padding),
                    RawVerifier::Rsa(params, public),
                    jwt::EncodingKey::from_rsa_der(RSA_PKCS1_DER),
                    dec_key,
                    jalg,
                )
            }
            Algorithm::ES256 | Algorithm::ES384 => {
                let (jalg, signing, verification, coord): (
                    _,
                    _,
                    &'static dyn VerificationAlgorithm,
                    _,
                ) = if alg == Algorithm::ES256 {
                    (
                        jwt::Algorithm::ES256,
                        &rs::ECDSA_P256_SHA256_FIXED_SIGNING,
                        &rs::ECDSA_P256_SHA256_FIXED,
                        32,
                    )
                } else {
                    (
                        jwt::Algorithm::ES384,
                        &rs::ECDSA_P384_SHA384_FIXED_SIGNING,
                        &rs::ECDSA_P384_SHA384_FIXED,
                        48,
                    )
                };
                let pkcs8 = EcdsaKeyPair::generate_pkcs8(signing, &rng).expect("EC keygen");
                let pair =
                    EcdsaKeyPair::from_pkcs8(signing, pkcs8.as_ref(), &rng).expect("ring EC key");
                let point = pair.public_key().as_ref().to_vec();
                assert_eq!(point.len(), 1 + 2 * coord);
                let (x, y) = point[1..].split_at(coord);
                let dec_key =
                    jwt::DecodingKey::from_ec_components(&b64(x), &b64(y)).expect("jwt EC key");
                (
                    SigningKey::from_pkcs8_der(alg, pkcs8.as_ref()).expect("strict_jwt EC key"),
                    RawSigner::Ecdsa(pair),
                    RawVerifier::Unparsed(verification, point),
                    jwt::EncodingKey::from_ec_der(pkcs8.as_ref()),
                    dec_key,
                    jalg,
                )
            }
            Algorithm::EdDSA => {
                let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).expect("Ed25519 keygen");
                let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).expect("ring Ed25519 key");
                let public = pair.public_key().as_ref().to_vec();
                let dec_key =
                    jwt::DecodingKey::from_ed_components(&b64(&public)).expect("jwt Ed25519 key");
                (
                    SigningKey::from_pkcs8_der(alg, pkcs8.as_ref())
                        .expect("strict_jwt Ed25519 key"),
                    RawSigner::Ed25519(pair),
                    RawVerifier::Unparsed(&rs::ED25519, public),
                    jwt::EncodingKey::from_ed_der(pkcs8.as_ref()),
                    dec_key,
                    jwt::Algorithm::EdDSA,
                )
            }
            other => panic!("not benchmarked here: {other:?}"),
        };

        // exp required (default), nbf checked when present, leeway 0 (default), iat
        // only type-checked (default); iss, aud and sub required and compared.
        let verifier = Verifier::builder()
            .allow(alg)
            .key(signing_key.verifying_key())
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .subject(SUBJECT)
            .build()
            .expect("verifier");

        // The same rules for jsonwebtoken, as in benches/hs256.rs.
        let mut validation = jwt::Validation::new(jalg);
        validation.leeway = 0;
        validation.reject_tokens_expiring_in_less_than = 0;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.validate_aud = true;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.sub = Some(SUBJECT.to_owned());
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);

        let case = Self {
            alg,
            claims: claims(),
            signer: Signer::new(signing_key),
            verifier,
            enc_key,
            dec_key,
            header: jwt::Header::new(jalg),
            validation,
            raw_signer,
            raw_verifier,
            rng,
        };
        case.sanity_checks();
        case
    }

    fn strict_token(&self) -> String {
        self.signer.sign(&self.claims).expect("strict_jwt sign")
    }

    fn jwt_token(&self, backend: Backend) -> String {
        backend.select();
        jwt::encode(&self.header, &self.claims, &self.enc_key).expect("jsonwebtoken encode")
    }

    fn jwt_decode(&self, backend: Backend, token: &str) -> jwt::errors::Result<Owned> {
        backend.select();
        jwt::decode::<Owned>(token, &self.dec_key, &self.validation).map(|d| d.claims)
    }

    fn raw_sign(&self, msg: &[u8]) -> Vec<u8> {
        let mut buf = [0u8; 512];
        let len = self.raw_signer.sign(&self.rng, msg, &mut buf);
        buf[..len].to_vec()
    }

    /// Every library verifies every other library's token to the same claims, the raw
    /// primitives agree with the libraries, and all of them reject the same bad tokens.
    fn sanity_checks(&self) {
        let name = self.alg.name();
        let mut tokens = vec![self.strict_token()];
        tokens.extend(Backend::BOTH.map(|b| self.jwt_token(b)));

        // The raw signature over strict_jwt's signing input makes a token the libraries
        // accept, so `ring-raw/sign` does the same crypto as the libraries.
        let (input, strict_sig) = split(&tokens[0]);
        let raw_sig = self.raw_sign(input);
        let raw_token = format!(
            "{}.{}",
            std::str::from_utf8(input).expect("ASCII"),
            b64(&raw_sig)
        );
        if matches!(self.alg, Algorithm::RS256 | Algorithm::EdDSA) {
            // Deterministic: byte-identical to what strict_jwt produced.
            assert_eq!(raw_sig, strict_sig, "{name}: raw signature differs");
        }
        tokens.push(raw_token);

        for token in &tokens {
            let got = self
                .verifier
                .verify::<Owned>(token)
                .unwrap_or_else(|e| panic!("{name}: strict_jwt rejects {token}: {e:?}"));
            assert_eq!(got.claims(), &self.claims);
            let mut buf = Vec::new();
            let got = self
                .verifier
                .verify_borrowed::<Borrowed>(token, &mut buf)
                .unwrap_or_else(|e| panic!("{name}: strict_jwt (borrowed) rejects: {e:?}"));
            assert_eq!(got.claims().to_owned_claims(), self.claims);
            for backend in Backend::BOTH {
                let got = self
                    .jwt_decode(backend, token)
                    .unwrap_or_else(|e| panic!("{name}: {} rejects: {e:?}", backend.id()));
                assert_eq!(got, self.claims);
            }
            let (input, sig) = split(token);
            assert!(
                self.raw_verifier.verify(input, &sig),
                "{name}: ring rejects"
            );
        }

        // A signature with one bit flipped is rejected everywhere.
        let (input, mut sig) = split(&tokens[0]);
        let mid = sig.len() / 2;
        sig[mid] ^= 1;
        assert!(
            !self.raw_verifier.verify(input, &sig),
            "{name}: ring accepts"
        );
        let tampered = format!(
            "{}.{}",
            std::str::from_utf8(input).expect("ASCII"),
            b64(&sig)
        );
        assert!(
            !self.strict_accepts(&tampered),
            "{name}: strict_jwt accepts"
        );
        for backend in Backend::BOTH {
            assert!(
                self.jwt_decode(backend, &tampered).is_err(),
                "{name}: {} accepts a bad signature",
                backend.id()
            );
        }

        // The claims rules of benches/hs256.rs, on this algorithm's keys.
        let now = unix_now();
        let bad = workload::rejected_claim_patches(now);
        for (what, patch) in bad {
            let token = self.sign_patched(&patch);
            assert!(
                !self.strict_accepts(&token),
                "{name}: strict_jwt accepts: {what}"
            );
            for backend in Backend::BOTH {
                assert!(
                    !self.jwt_accepts(backend, &token),
                    "{name}: {} accepts: {what}",
                    backend.id()
                );
            }
        }
        // Tokens without nbf are accepted by all (nbf is checked when present).
        let token = self.sign_patched(&serde_json::json!({"nbf": null}));
        assert!(self.strict_accepts(&token), "{name}: strict_jwt, no nbf");
        for backend in Backend::BOTH {
            assert!(
                self.jwt_accepts(backend, &token),
                "{name}: {}, no nbf",
                backend.id()
            );
        }
    }

    fn sign_patched(&self, patch: &serde_json::Value) -> String {
        let v = workload::patched(&self.claims, patch);
        self.signer.sign(&v).expect("sign patched claims")
    }

    fn strict_accepts(&self, token: &str) -> bool {
        self.verifier.verify::<IgnoredAny>(token).is_ok()
    }

    fn jwt_accepts(&self, backend: Backend, token: &str) -> bool {
        backend.select();
        jwt::decode::<IgnoredAny>(token, &self.dec_key, &self.validation).is_ok()
    }
}

// ---------------------------------------------------------------------------------------
// Benchmarks
// ---------------------------------------------------------------------------------------

fn configure<'a>(
    c: &'a mut Criterion,
    name: &str,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    g
}

fn bench_verify(c: &mut Criterion, case: &Case) {
    let strict_token = case.strict_token();
    let jwt_token = case.jwt_token(Backend::RustCrypto);
    let (input, sig) = split(&strict_token);
    let mut g = configure(c, &format!("{}/verify", case.alg.name()));

    // ring-raw and strict-jwt first and next to each other: their ratio is the target.
    g.bench_function("ring-raw", |b| {
        b.iter(|| assert!(case.raw_verifier.verify(black_box(input), black_box(&sig))));
    });
    g.bench_function("strict-jwt", |b| {
        b.iter(|| {
            case.verifier
                .verify::<Owned>(black_box(strict_token.as_str()))
                .expect("strict_jwt verifies")
        });
    });
    let mut buf = Vec::new();
    g.bench_function("strict-jwt-borrowed", |b| {
        b.iter(|| {
            let v = case
                .verifier
                .verify_borrowed::<Borrowed>(black_box(strict_token.as_str()), &mut buf)
                .expect("strict_jwt verifies");
            black_box(&v);
        });
    });
    // Each library verifies the token it produced itself (the headers differ only in
    // member order); jsonwebtoken's token is the same for both of its backends.
    for backend in Backend::BOTH {
        g.bench_function(backend.id(), |b| {
            backend.select();
            b.iter(|| {
                jwt::decode::<Owned>(
                    black_box(jwt_token.as_str()),
                    &case.dec_key,
                    &case.validation,
                )
                .expect("jsonwebtoken verifies")
            });
        });
    }
    g.finish();
}

fn bench_sign(c: &mut Criterion, case: &Case) {
    let strict_token = case.strict_token();
    let (input, _) = split(&strict_token);
    let mut g = configure(c, &format!("{}/sign", case.alg.name()));

    let mut buf = [0u8; 512];
    g.bench_function("ring-raw", |b| {
        b.iter(|| case.raw_signer.sign(&case.rng, black_box(input), &mut buf));
    });
    g.bench_function("strict-jwt", |b| {
        b.iter(|| {
            case.signer
                .sign(black_box(&case.claims))
                .expect("strict_jwt sign")
        });
    });
    for backend in Backend::BOTH {
        g.bench_function(backend.id(), |b| {
            backend.select();
            b.iter(|| {
                jwt::encode(&case.header, black_box(&case.claims), &case.enc_key)
                    .expect("jsonwebtoken encode")
            });
        });
    }
    g.finish();
}

fn benches(c: &mut Criterion) {
    for alg in ALGORITHMS {
        let case = Case::new(alg);
        bench_verify(c, &case);
        bench_sign(c, &case);
    }
}

criterion_group!(asym, benches);
criterion_main!(asym);
