//! HS256 sign and verify: `strict_jwt` against `jsonwebtoken` 11 (RustCrypto backend),
//! on the same 9-claim token, the same 32-byte secret and the same validation rules.
//!
//! Run with `cargo bench --bench hs256`. See BENCHMARKS.md for results.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use serde::de::IgnoredAny;

use jsonwebtoken as jwt;
use strict_jwt::{Algorithm, HmacKey, Signer, Verifier};

mod workload;
use workload::{AUDIENCE, Borrowed, ISSUER, Owned, SUBJECT, claims, unix_now};

const SECRET: &[u8; 32] = b"0123456789abcdef0123456789ABCDEF";
/// Both libraries, configured identically.
struct Setup {
    claims: Owned,
    signer: Signer,
    verifier: Verifier,
    enc_key: jwt::EncodingKey,
    dec_key: jwt::DecodingKey,
    header: jwt::Header,
    validation: jwt::Validation,
}

impl Setup {
    fn new() -> Self {
        // Both backends are compiled in (benches/asym.rs times each), so jsonwebtoken
        // cannot pick a provider by itself: install rust_crypto's. It fails harmlessly if a
        // provider is already installed (`Setup::new` runs once per benchmark group).
        let _ = jwt::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();

        let key = HmacKey::new(Algorithm::HS256, SECRET).expect("HS256 key");
        let signer = Signer::new(key.clone());
        // exp required (default), nbf checked when present, leeway 0 (default), iat
        // only type-checked (default); iss, aud and sub required and compared.
        let verifier = Verifier::builder()
            .allow(Algorithm::HS256)
            .key(key)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .subject(SUBJECT)
            .build()
            .expect("verifier");

        // The same rules for jsonwebtoken. Its defaults differ: leeway 60 s and nbf not
        // validated, so both are set; iss/aud/sub are compared only when present, so
        // they are made required. nbf is validated when present, as in strict_jwt.
        let mut validation = jwt::Validation::new(jwt::Algorithm::HS256);
        validation.leeway = 0;
        validation.reject_tokens_expiring_in_less_than = 0;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.validate_aud = true;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.sub = Some(SUBJECT.to_owned());
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);

        let s = Self {
            claims: claims(),
            signer,
            verifier,
            enc_key: jwt::EncodingKey::from_secret(SECRET),
            dec_key: jwt::DecodingKey::from_secret(SECRET),
            header: jwt::Header::new(jwt::Algorithm::HS256),
            validation,
        };
        s.sanity_checks();
        s
    }

    fn strict_token(&self) -> String {
        self.signer.sign(&self.claims).expect("strict_jwt sign")
    }

    fn jwt_token(&self) -> String {
        jwt::encode(&self.header, &self.claims, &self.enc_key).expect("jsonwebtoken encode")
    }

    fn strict_accepts(&self, token: &str) -> bool {
        self.verifier.verify::<IgnoredAny>(token).is_ok()
    }

    fn jwt_accepts(&self, token: &str) -> bool {
        jwt::decode::<IgnoredAny>(token, &self.dec_key, &self.validation).is_ok()
    }

    /// The workload is the same on both sides: each library verifies both tokens to the
    /// same claims, and both reject the same invalid claims.
    fn sanity_checks(&self) {
        let tokens = [self.strict_token(), self.jwt_token()];
        for token in &tokens {
            let a = self
                .verifier
                .verify::<Owned>(token)
                .expect("strict_jwt verifies");
            assert_eq!(a.claims(), &self.claims);
            let mut buf = Vec::new();
            let b = self
                .verifier
                .verify_borrowed::<Borrowed>(token, &mut buf)
                .expect("strict_jwt verifies (borrowed)");
            assert_eq!(b.claims().to_owned_claims(), self.claims);
            let c = jwt::decode::<Owned>(token, &self.dec_key, &self.validation)
                .expect("jsonwebtoken verifies");
            assert_eq!(c.claims, self.claims);
        }

        let now = unix_now();
        let bad = workload::rejected_claim_patches(now);
        for (what, patch) in bad {
            let v = workload::patched(&self.claims, &patch);
            let token = self.signer.sign(&v).expect("sign patched claims");
            assert!(!self.strict_accepts(&token), "strict_jwt accepts: {what}");
            assert!(!self.jwt_accepts(&token), "jsonwebtoken accepts: {what}");
        }
        // Tokens without nbf are accepted by both (nbf is checked when present).
        let mut v = serde_json::to_value(&self.claims).expect("claims to JSON");
        v.as_object_mut().expect("object").remove("nbf");
        let token = self.signer.sign(&v).expect("sign without nbf");
        assert!(self.strict_accepts(&token) && self.jwt_accepts(&token));
    }
}

fn configure<'a>(
    c: &'a mut Criterion,
    name: &str,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    g
}

fn bench_verify(c: &mut Criterion) {
    let s = Setup::new();
    let strict_token = s.strict_token();
    let jwt_token = s.jwt_token();
    let mut g = configure(c, "hs256_verify");

    // Each library verifies the token it produced itself (the two differ only in the
    // header member order, `{"alg","typ"}` vs `{"typ","alg"}`).
    g.bench_function(BenchmarkId::new("jsonwebtoken", "owned"), |b| {
        b.iter(|| {
            jwt::decode::<Owned>(black_box(jwt_token.as_str()), &s.dec_key, &s.validation)
                .expect("jsonwebtoken verifies")
        });
    });
    g.bench_function(BenchmarkId::new("strict_jwt", "owned"), |b| {
        b.iter(|| {
            s.verifier
                .verify::<Owned>(black_box(strict_token.as_str()))
                .expect("strict_jwt verifies")
        });
    });
    let mut buf = Vec::new();
    g.bench_function(BenchmarkId::new("strict_jwt", "borrowed"), |b| {
        b.iter(|| {
            let v = s
                .verifier
                .verify_borrowed::<Borrowed>(black_box(strict_token.as_str()), &mut buf)
                .expect("strict_jwt verifies");
            black_box(&v);
        });
    });
    // No `jsonwebtoken/borrowed`: `jsonwebtoken::decode` requires `T: DeserializeOwned`
    // (and decodes the payload into a Vec that is dropped before returning).
    g.finish();
}

fn bench_sign(c: &mut Criterion) {
    let s = Setup::new();
    let mut g = configure(c, "hs256_sign");
    g.bench_function(BenchmarkId::new("jsonwebtoken", "sign"), |b| {
        b.iter(|| {
            jwt::encode(&s.header, black_box(&s.claims), &s.enc_key).expect("jsonwebtoken encode")
        });
    });
    g.bench_function(BenchmarkId::new("strict_jwt", "sign"), |b| {
        b.iter(|| {
            s.signer
                .sign(black_box(&s.claims))
                .expect("strict_jwt sign")
        });
    });
    g.finish();
}

criterion_group!(benches, bench_verify, bench_sign);
criterion_main!(benches);
