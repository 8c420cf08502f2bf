//! Heap allocations per operation, counted by a global allocator wrapper
//! (`stats_alloc`; this test binary only), on the benchmark workload: the 9-claim token
//! of `benches/workload`.
//!
//! Targets (issue 6): at most 2 allocations per HS256 verification with borrowed claims,
//! at most 1 per HS256 signature. The test asserts them, and prints a table for every
//! algorithm and, for HS256, the peers and the raw floor
//! (`cargo test --test allocations -- --nocapture`). BENCHMARKS.md quotes the table.

use std::alloc::System;
use std::sync::Mutex;

use hmac::{KeyInit, Mac};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use strict_jwt::{Algorithm, HmacKey, Signer, SigningKey, Verifier, VerifyingKey};

#[path = "../benches/workload/mod.rs"]
#[allow(dead_code)]
mod workload;
use workload::{AUDIENCE, Borrowed, ISSUER, Owned, SUBJECT};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Tests in one binary run on several threads; the counters are global.
static SERIAL: Mutex<()> = Mutex::new(());

const SECRET: [u8; 32] = *b"0123456789abcdef0123456789abcdef";

/// Allocations and bytes allocated by one call of `op`, after a warm-up call (so that
/// one-time initialisation, such as a lazily created CPU-feature cache, is not counted).
fn count<R>(mut op: impl FnMut() -> R) -> (usize, usize) {
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
        _ => SigningKey::from_pkcs1_der(alg, include_bytes!("../benches/keys/rsa2048-pkcs1.der"))
            .expect("RSA key"),
    }
}

struct Row {
    what: String,
    verify_borrowed: Option<(usize, usize)>,
    verify_owned: (usize, usize),
    sign: (usize, usize),
}

fn strict_row(alg: Algorithm) -> Row {
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
fn raw_floor_row() -> Row {
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

fn jsonwebtoken_row() -> Row {
    use jsonwebtoken as jwt;
    let _ = jwt::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();
    let claims = workload::claims();
    let enc = jwt::EncodingKey::from_secret(&SECRET);
    let dec = jwt::DecodingKey::from_secret(&SECRET);
    let header = jwt::Header::new(jwt::Algorithm::HS256);
    let mut validation = jwt::Validation::new(jwt::Algorithm::HS256);
    validation.leeway = 0;
    validation.validate_nbf = true;
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[AUDIENCE]);
    validation.sub = Some(SUBJECT.into());
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    let token = jwt::encode(&header, &claims, &enc).expect("sign");
    Row {
        what: "jsonwebtoken HS256 (rust_crypto)".into(),
        verify_borrowed: None,
        verify_owned: count(|| jwt::decode::<Owned>(&token, &dec, &validation).expect("verify")),
        sign: count(|| jwt::encode(&header, &claims, &enc).expect("sign")),
    }
}

fn jwt_simple_row() -> Row {
    use jwt_simple::prelude::*;
    #[derive(serde::Serialize, serde::Deserialize, Clone)]
    struct Custom {
        name: String,
        role: String,
    }
    let w = workload::claims();
    let key = HS256Key::from_bytes(&SECRET);
    let claims: JWTClaims<Custom> =
        serde_json::from_value(serde_json::to_value(&w).expect("JSON")).expect("jwt-simple claims");
    let options = VerificationOptions {
        allowed_issuers: Some(std::iter::once(ISSUER.to_owned()).collect()),
        allowed_audiences: Some(std::iter::once(AUDIENCE.to_owned()).collect()),
        required_subject: Some(SUBJECT.to_owned()),
        time_tolerance: Some(Duration::from_secs(0)),
        ..Default::default()
    };
    let token = key.authenticate(claims.clone()).expect("sign");
    Row {
        what: "jwt-simple HS256 (pure-rust)".into(),
        verify_borrowed: None,
        verify_owned: count(|| {
            key.verify_token::<Custom>(&token, Some(options.clone()))
                .expect("verify")
        }),
        sign: count(|| key.authenticate(claims.clone()).expect("sign")),
    }
}

fn jwt_compact_row() -> Row {
    use jwt_compact::{AlgorithmExt as _, Claims, Header, TimeOptions, UntrustedToken, alg};
    #[derive(serde::Serialize, serde::Deserialize, Clone)]
    struct Custom {
        sub: String,
        name: String,
        role: String,
        iss: String,
        aud: String,
        jti: String,
    }
    let w = workload::claims();
    let key = alg::Hs256Key::new(SECRET);
    let claims: Claims<Custom> = serde_json::from_value(serde_json::to_value(&w).expect("JSON"))
        .expect("jwt-compact claims");
    let header = Header::empty().with_token_type("JWT");
    let mut time = TimeOptions::default();
    time.leeway = Default::default();
    let token = alg::Hs256.token(&header, &claims, &key).expect("sign");
    Row {
        what: "jwt-compact HS256".into(),
        verify_borrowed: None,
        verify_owned: count(|| {
            let untrusted = UntrustedToken::new(&token).expect("parse");
            let verified = alg::Hs256
                .validator::<Custom>(&key)
                .validate(&untrusted)
                .expect("verify");
            let c = verified.claims();
            c.validate_expiration(&time).expect("exp");
            c.validate_maturity(&time).expect("nbf");
            assert!(c.custom.iss == ISSUER && c.custom.aud == AUDIENCE && c.custom.sub == SUBJECT);
            verified
        }),
        sign: count(|| alg::Hs256.token(&header, &claims, &key).expect("sign")),
    }
}

fn cell(c: Option<(usize, usize)>) -> String {
    c.map_or_else(|| "n/a".into(), |(n, b)| format!("{n} ({b} B)"))
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
    rows.push(jsonwebtoken_row());
    rows.push(jwt_simple_row());
    rows.push(jwt_compact_row());

    println!("| operation | verify, borrowed claims | verify, owned claims | sign |");
    println!("|---|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} |",
            r.what,
            cell(r.verify_borrowed),
            cell(Some(r.verify_owned)),
            cell(Some(r.sign))
        );
    }

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
    let floor = &rows[rows.len() - 4];
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
