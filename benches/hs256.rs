//! HS256, HS384 and HS512 sign and verify: `strict_jwt` against `jsonwebtoken` 11 (both
//! crypto backends, `rust_crypto` and `aws_lc_rs`), `jwt-simple` 0.15, `jwt-compact` 0.8
//! and the HMAC floor (`raw`), on the same 9-claim token and the same validation rules,
//! all in the same run. The setup and the peers are in `harness/`; this file has the
//! floor.
//!
//! HMAC does not use strict-jwt's asymmetric backend (`ring` or `aws-lc-rs`): it is
//! `hmac` + `sha2` in every build, so the ids carry no backend (`raw`, `strict-jwt/owned`,
//! `strict-jwt/borrowed`, `strict-jwt`) and `benches/run` times this file once, in its
//! default-features pass.
//!
//! Run with `benches/run` (both bench files and the tables) or
//! `cargo bench -p strict-jwt-benches --bench hs256`. See BENCHMARKS.md.

use std::hint::black_box;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit as _, Mac};
use sha2::{Sha256, Sha384, Sha512};
use strict_jwt::Algorithm;
use strict_jwt_benches::workload;

mod harness;
use harness::{Floor, Keys};
use workload::Owned;

/// The HMAC floor: what any HS* JWT verifier or signer has to do at least, with no header
/// parsing and no claims checks.
///
/// - verify: split at the two dots, base64url-decode header, payload and signature (into
///   stack buffers), HMAC over `header.payload` with a key made once and cloned per call,
///   `verify_slice` (constant-time), then `serde_json::from_slice::<Owned>` of the payload;
/// - sign: `serde_json::to_vec` of the claims, base64url of a fixed header and of the
///   payload into one `String`, HMAC, base64url of the tag.
enum RawKey {
    S256(Hmac<Sha256>),
    S384(Hmac<Sha384>),
    S512(Hmac<Sha512>),
}

struct HmacFloor {
    key: RawKey,
    /// `{"alg":"HS…","typ":"JWT"}`, the header `strict_jwt` writes.
    header: String,
}

/// Larger than the workload's 187-byte payload; a longer one is rejected.
const PAYLOAD_MAX: usize = 512;

fn floor_verify<M: Mac + Clone>(key: &M, token: &str) -> Option<Owned> {
    let (header, rest) = token.split_once('.')?;
    let (payload, sig) = rest.split_once('.')?;
    let mut header_buf = [0u8; 96];
    let mut payload_buf = [0u8; PAYLOAD_MAX];
    let mut sig_buf = [0u8; 64];
    black_box(Base64UrlUnpadded::decode(header, &mut header_buf).ok()?);
    let payload_json = Base64UrlUnpadded::decode(payload, &mut payload_buf).ok()?;
    let sig = Base64UrlUnpadded::decode(sig, &mut sig_buf).ok()?;
    let mut mac = key.clone();
    mac.update(&token.as_bytes()[..header.len() + 1 + payload.len()]);
    mac.verify_slice(sig).ok()?;
    serde_json::from_slice::<Owned>(payload_json).ok()
}

fn floor_sign<M: Mac + Clone>(key: &M, header: &str, claims: &Owned) -> String {
    let payload = serde_json::to_vec(claims).expect("claims to JSON");
    let mut buf = [0u8; PAYLOAD_MAX * 4 / 3 + 4];
    let len = Base64UrlUnpadded::encoded_len(header.as_bytes())
        + Base64UrlUnpadded::encoded_len(&payload)
        + 88; // two dots and a base64url tag of up to 64 bytes (86 characters)
    let mut out = String::with_capacity(len);
    out.push_str(Base64UrlUnpadded::encode(header.as_bytes(), &mut buf).expect("fits"));
    out.push('.');
    out.push_str(Base64UrlUnpadded::encode(&payload, &mut buf).expect("fits"));
    let mut mac = key.clone();
    mac.update(out.as_bytes());
    let tag = mac.finalize().into_bytes();
    out.push('.');
    out.push_str(Base64UrlUnpadded::encode(&tag, &mut buf).expect("fits"));
    out
}

fn bench_floor_verify<M: Mac + Clone>(g: &mut BenchmarkGroup<'_, WallTime>, key: &M, token: &str) {
    g.bench_function(HmacFloor::RAW, |b| {
        b.iter(|| floor_verify(key, black_box(token)).expect("floor verifies"));
    });
}

fn bench_floor_sign<M: Mac + Clone>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    key: &M,
    header: &str,
    claims: &Owned,
) {
    g.bench_function(HmacFloor::RAW, |b| {
        b.iter(|| floor_sign(key, header, black_box(claims)));
    });
}

impl Floor for HmacFloor {
    const RAW: &'static str = "raw";
    const STRICT: &'static str = "strict-jwt";

    fn new(alg: Algorithm, keys: &Keys) -> Self {
        let Keys::Hmac(secret) = keys else {
            panic!("HMAC floor for {alg:?}")
        };
        let key = match alg {
            Algorithm::HS256 => RawKey::S256(Hmac::new_from_slice(secret).expect("key")),
            Algorithm::HS384 => RawKey::S384(Hmac::new_from_slice(secret).expect("key")),
            Algorithm::HS512 => RawKey::S512(Hmac::new_from_slice(secret).expect("key")),
            other => panic!("HMAC floor for {other:?}"),
        };
        let header = format!(r#"{{"alg":"{}","typ":"JWT"}}"#, alg.name());
        Self { key, header }
    }

    fn token(&self, claims: &Owned, _strict_token: &str) -> String {
        match &self.key {
            RawKey::S256(k) => floor_sign(k, &self.header, claims),
            RawKey::S384(k) => floor_sign(k, &self.header, claims),
            RawKey::S512(k) => floor_sign(k, &self.header, claims),
        }
    }

    fn accepts(&self, token: &str, claims: &Owned) -> bool {
        let got = match &self.key {
            RawKey::S256(k) => floor_verify(k, token),
            RawKey::S384(k) => floor_verify(k, token),
            RawKey::S512(k) => floor_verify(k, token),
        };
        got.as_ref() == Some(claims)
    }

    fn bench_verify(&self, g: &mut BenchmarkGroup<'_, WallTime>, strict_token: &str) {
        match &self.key {
            RawKey::S256(k) => bench_floor_verify(g, k, strict_token),
            RawKey::S384(k) => bench_floor_verify(g, k, strict_token),
            RawKey::S512(k) => bench_floor_verify(g, k, strict_token),
        }
    }

    fn bench_sign(&self, g: &mut BenchmarkGroup<'_, WallTime>, claims: &Owned, _: &str) {
        match &self.key {
            RawKey::S256(k) => bench_floor_sign(g, k, &self.header, claims),
            RawKey::S384(k) => bench_floor_sign(g, k, &self.header, claims),
            RawKey::S512(k) => bench_floor_sign(g, k, &self.header, claims),
        }
    }
}

fn benches(c: &mut Criterion) {
    harness::run::<HmacFloor>(c, &[Algorithm::HS256, Algorithm::HS384, Algorithm::HS512]);
}

criterion_group!(hmac_benches, benches);
criterion_main!(hmac_benches);
