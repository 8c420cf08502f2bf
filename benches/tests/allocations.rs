//! Heap allocations per operation of the peers (`jsonwebtoken` 11, `jwt-simple` 0.15,
//! `jwt-compact` 0.8) on the benchmark workload, HS256, next to strict-jwt's and the raw
//! floor's, counted the same way: this file includes the library's own allocation counts
//! (`tests/allocations.rs` of the `strict-jwt` package, as the module [`library`]: its
//! counting allocator, its rows and its assertions, which run here too) and adds the
//! peers' rows. `cargo test -p strict-jwt-benches --test allocations -- --nocapture`
//! prints the HS256 table BENCHMARKS.md quotes. The library's file has its own copy of
//! the workload (its package must build without this one); [`the_workload_is_the_benchmarks`]
//! checks that it is this package's.

#[path = "../../tests/allocations.rs"]
mod library;

use library::workload::{self, AUDIENCE, ISSUER, Owned, SUBJECT};
use library::{Row, SECRET, SERIAL, count};
use strict_jwt::Algorithm;

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

/// The HS256 table: strict-jwt, the raw floor, the peers. The peers' rows assert only that
/// each library signs and verifies the workload; strict-jwt's targets are asserted by
/// `library::allocations_per_operation`.
#[test]
fn peers_allocations_per_operation() {
    let _serial = SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let rows = [
        library::strict_row(Algorithm::HS256),
        library::raw_floor_row(),
        jsonwebtoken_row(),
        jwt_simple_row(),
        jwt_compact_row(),
    ];
    library::print_table(&rows);
}

/// The library's copy of the workload (`library::workload`) is the benchmarks'
/// (`benches/workload/mod.rs`): the same claims, the same times relative to `iat`.
#[test]
fn the_workload_is_the_benchmarks() {
    fn relative(mut v: serde_json::Value) -> serde_json::Value {
        let iat = v["iat"].as_i64().expect("iat");
        for name in ["iat", "nbf", "exp"] {
            v[name] = (v[name].as_i64().expect("NumericDate") - iat).into();
        }
        v
    }
    let library = serde_json::to_value(workload::claims()).expect("JSON");
    let benches = serde_json::to_value(strict_jwt_benches::workload::claims()).expect("JSON");
    assert_eq!(relative(library), relative(benches));
}
