//! Heap allocations per operation, counted by a global allocator wrapper
//! (`stats_alloc`; this test binary only), on the benchmark workload: the 9-claim token
//! of `benches/workload` ([`workload`]).
//!
//! Targets (issue 6): at most 2 allocations per HS256 verification with borrowed claims,
//! at most 1 per HS256 signature. The test asserts them, and prints a table for every
//! algorithm and, for HS256, the raw floor
//! (`cargo test -p strict-jwt --test allocations -- --nocapture`). The peers' counts
//! (jsonwebtoken, jwt-simple, jwt-compact) are in the `strict-jwt-benches` package
//! (`benches/tests/allocations.rs`, which reuses this file's counter and rows), so that
//! the library's tests build no peer. BENCHMARKS.md quotes both tables.

use std::alloc::System;
use std::sync::Mutex;

use hmac::{KeyInit, Mac};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use strict_jwt::{Algorithm, HmacKey, Signer, SigningKey, Verifier, VerifyingKey};

/// The benchmark workload: the claims of `benches/workload/mod.rs` (the
/// `strict-jwt-benches` package), copied so that this package's tests build from its own
/// files (`cargo package` leaves the nested package out). `benches/tests/allocations.rs`
/// checks that the two stay the same.
pub(crate) mod workload {
    use std::time::{SystemTime, UNIX_EPOCH};

    use serde::{Deserialize, Serialize};

    pub const ISSUER: &str = "https://issuer.example";
    pub const AUDIENCE: &str = "api://bench";
    pub const SUBJECT: &str = "user-42";
    /// 22 characters: 128 random bits in base64url, as `Claims::with_random_jti` makes.
    pub const JTI: &str = "Xb3f9QkLm2Zt7RwPq1Ns0A";

    /// The 9 claims, owned. Signed and decoded by every library in the benchmarks.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Owned {
        pub sub: String,
        pub name: String,
        pub role: String,
        pub iss: String,
        pub aud: String,
        pub iat: i64,
        pub nbf: i64,
        pub exp: i64,
        pub jti: String,
    }

    /// The same 9 claims, with strings borrowed from the decoded payload.
    #[derive(Debug, PartialEq, Eq, Deserialize)]
    pub struct Borrowed<'a> {
        pub sub: &'a str,
        pub name: &'a str,
        pub role: &'a str,
        pub iss: &'a str,
        pub aud: &'a str,
        pub iat: i64,
        pub nbf: i64,
        pub exp: i64,
        pub jti: &'a str,
    }

    pub fn unix_now() -> i64 {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("clock after 1970")
            .as_secs();
        i64::try_from(secs).expect("seconds fit i64")
    }

    pub fn claims() -> Owned {
        let now = unix_now();
        Owned {
            sub: SUBJECT.into(),
            name: "Ada Lovelace".into(),
            role: "admin".into(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now - 10,
            nbf: now - 10,
            exp: now + 365 * 24 * 3600,
            jti: JTI.into(),
        }
    }
}
use workload::{AUDIENCE, Borrowed, ISSUER, Owned, SUBJECT};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Tests in one binary run on several threads; the counters are global.
pub(crate) static SERIAL: Mutex<()> = Mutex::new(());

pub(crate) const SECRET: [u8; 32] = *b"0123456789abcdef0123456789abcdef";

/// Allocations and bytes allocated by one call of `op`, after a warm-up call (so that
/// one-time initialisation, such as a lazily created CPU-feature cache, is not counted).
pub(crate) fn count<R>(mut op: impl FnMut() -> R) -> (usize, usize) {
    drop(op());
    let region = Region::new(GLOBAL);
    let r = op();
    let stats = region.change();
    drop(r);
    (
        stats.allocations + stats.reallocations,
        stats.bytes_allocated,
    )
}

fn verifier(alg: Algorithm, key: impl Into<VerifyingKey>) -> Verifier {
    Verifier::builder()
        .allow(alg)
        .key(key)
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject(SUBJECT)
        .build()
        .expect("verifier")
}

fn signing_key(alg: Algorithm) -> SigningKey {
    match alg {
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
            HmacKey::new(alg, &[7u8; 64]).expect("HMAC key").into()
        }
        Algorithm::ES256
        | Algorithm::ES384
        | Algorithm::ES512
        | Algorithm::ES256K
        | Algorithm::EdDSA
        | Algorithm::Ed25519 => SigningKey::generate(alg).expect("generated key"),
        // A 2048-bit key like the benchmarks' (`benches/keys/`): the counts depend on the
        // size only.
        _ => SigningKey::from_pkcs1_der(alg, include_bytes!("keys/rsa2048_pkcs1.der"))
            .expect("RSA key"),
    }
}

pub(crate) struct Row {
    pub(crate) what: String,
    pub(crate) verify_borrowed: Option<(usize, usize)>,
    pub(crate) verify_owned: (usize, usize),
    pub(crate) sign: (usize, usize),
}

pub(crate) fn strict_row(alg: Algorithm) -> Row {
    let claims = workload::claims();
    let key = signing_key(alg);
    let v = verifier(alg, key.verifying_key());
    let signer = Signer::new(key);
    let token = signer.sign(&claims).expect("sign");
    let mut buf = Vec::new();
    let verify_borrowed = Some(count(|| {
        let verified = v
            .verify_borrowed::<Borrowed<'_>>(&token, &mut buf)
            .expect("borrowed verify");
        assert_eq!(verified.claims().sub, SUBJECT);
    }));
    let verify_owned = count(|| v.verify::<Owned>(&token).expect("owned verify"));
    let sign = count(|| signer.sign(&claims).expect("sign"));
    Row {
        what: format!("strict-jwt {}", alg.name()),
        verify_borrowed,
        verify_owned,
        sign,
    }
}

/// The HS256 floor of the benchmarks: base64url decode of the three segments with
/// `base64ct`, HMAC (key schedule made once, cloned), `serde_json` into `Owned`; no
/// claim checks. Sign: `serde_json`, base64url of header and payload into one `String`,
/// HMAC, base64url of the tag.
pub(crate) fn raw_floor_row() -> Row {
    use base64ct::{Base64UrlUnpadded as B64, Encoding};
    let claims = workload::claims();
    let mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&SECRET).expect("key");
    let sign = || {
        let payload = serde_json::to_vec(&claims).expect("JSON");
        let header = br#"{"alg":"HS256","typ":"JWT"}"#;
        let mut token = String::with_capacity(400);
        token.push_str(&B64::encode_string(header));
        token.push('.');
        token.push_str(&B64::encode_string(&payload));
        let mut m = mac.clone();
        m.update(token.as_bytes());
        let tag = m.finalize().into_bytes();
        token.push('.');
        token.push_str(&B64::encode_string(&tag));
        token
    };
    let token = sign();
    let verify = || {
        let (input, sig) = token.rsplit_once('.').expect("dots");
        let (h, p) = input.split_once('.').expect("dot");
        let _header = B64::decode_vec(h).expect("header");
        let payload = B64::decode_vec(p).expect("payload");
        let sig = B64::decode_vec(sig).expect("signature");
        let mut m = mac.clone();
        m.update(input.as_bytes());
        m.verify_slice(&sig).expect("tag");
        serde_json::from_slice::<Owned>(&payload).expect("claims")
    };
    Row {
        what: "raw floor HS256 (base64ct + hmac + serde_json)".into(),
        verify_borrowed: None,
        verify_owned: count(verify),
        sign: count(sign),
    }
}

fn cell(c: Option<(usize, usize)>) -> String {
    c.map_or_else(|| "n/a".into(), |(n, b)| format!("{n} ({b} B)"))
}

pub(crate) fn print_table(rows: &[Row]) {
    println!("| operation | verify, borrowed claims | verify, owned claims | sign |");
    println!("|---|---:|---:|---:|");
    for r in rows {
        println!(
            "| {} | {} | {} | {} |",
            r.what,
            cell(r.verify_borrowed),
            cell(Some(r.verify_owned)),
            cell(Some(r.sign))
        );
    }
}

/// The table, and the issue's targets for HS256.
#[test]
fn allocations_per_operation() {
    let _serial = SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // Every algorithm of the active backend (the note and BENCHMARKS.md give both).
    let mut rows: Vec<Row> = Algorithm::ALL
        .into_iter()
        .filter(|a| strict_jwt::Backend::ACTIVE.supports(*a))
        .map(strict_row)
        .collect();
    rows.push(raw_floor_row());
    print_table(&rows);

    let hs256 = &rows[0];
    assert_eq!(hs256.what, "strict-jwt HS256");
    let (borrowed, _) = hs256.verify_borrowed.expect("borrowed row");
    assert!(
        borrowed <= 2,
        "HS256 borrowed verify: {borrowed} allocations (target <= 2)"
    );
    assert!(
        hs256.sign.0 <= 1,
        "HS256 sign: {} allocations (target <= 1)",
        hs256.sign.0
    );
    // Owned claims add only the decoded payload buffer, which the `Verified` keeps (1),
    // and the application's own 6 `String`s: the registered claims are read from the
    // payload, not copied out of it.
    let (owned, _) = hs256.verify_owned;
    assert!(
        owned <= borrowed + 1 + 6,
        "HS256 owned verify: {owned} allocations"
    );
    let floor = &rows[rows.len() - 1];
    assert!(floor.what.starts_with("raw floor"), "{}", floor.what);
    assert!(
        owned < floor.verify_owned.0,
        "HS256 owned verify: {owned} allocations, the raw floor {}",
        floor.verify_owned.0
    );
}

/// The counter itself counts: one `Vec` with capacity is one allocation.
#[test]
fn the_counter_counts() {
    let _serial = SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let (n, bytes) = count(|| Vec::<u8>::with_capacity(100));
    assert_eq!((n, bytes), (1, 100));
    let (n, _) = count(|| 1 + 1);
    assert_eq!(n, 0);
}
