//! RFC 7519 (JWT) §3.1 and §6.1 examples and the derived `time_checks`, from
//! `vectors/rfc7519/rfc7519_examples.json` (see `vectors/README.md`).

mod common;

use common::{Fields, b64u_decode, case_by_id, expect_valid, kind, parse_vectors, str_member as s};
use serde_json::Value;
use std::time::Duration;
use strict_jwt::{
    Algorithm, ErrorKind, HmacKey, Jwk, NumericDate, Signer, UntrustedToken, Verifier,
};

const FILE: &str = "rfc7519_examples.json";
const VECTORS: &str = include_str!("../vectors/rfc7519/rfc7519_examples.json");

fn vectors() -> Value {
    parse_vectors(FILE, VECTORS)
}

fn case(id: &str) -> Value {
    case_by_id(FILE, &vectors(), id)
}

/// The §3.1 key (the RFC 7515 A.1 key) as an HS256 key.
fn s3_1_key() -> HmacKey {
    let c = case("rfc7519-3.1");
    Jwk::from_json(&c["jwk"].to_string())
        .and_then(|j| j.to_hmac_signing_key(Algorithm::HS256))
        .expect("rfc7519-3.1: the JWK is a usable HS256 key")
}

fn s3_1_verifier() -> Verifier {
    Verifier::builder()
        .allow(Algorithm::HS256)
        .key(s3_1_key())
        .build()
        .expect("rfc7519-3.1: verifier builds")
}

fn s3_1_exp() -> i64 {
    case("rfc7519-3.1")["claims"]["exp"]
        .as_i64()
        .expect("rfc7519-3.1 exp")
}

#[test]
fn s3_1_example_jwt_verifies_before_exp() {
    let c = case("rfc7519-3.1");
    let token = s(&c, "token");
    let exp = s3_1_exp();
    for now in [exp - 1, exp - 3600, 0] {
        let v = s3_1_verifier()
            .verify_at::<Value>(token, NumericDate::from_secs(now))
            .unwrap_or_else(|e| panic!("rfc7519-3.1: must verify as of {now}: {e:?}"));
        assert_eq!(v.claims(), &c["claims"], "rfc7519-3.1 claims as of {now}");
        let r = v.registered();
        assert_eq!(r.iss.as_deref(), Some("joe"), "rfc7519-3.1 iss");
        assert_eq!(r.exp, Some(NumericDate::from_secs(exp)), "rfc7519-3.1 exp");
        assert_eq!(v.header().typ(), Some("JWT"), "rfc7519-3.1 typ");
    }
    // The payload octets (with CR LF) are the published ones.
    let payload = token.split('.').nth(1).expect("payload segment");
    assert_eq!(
        b64u_decode("rfc7519-3.1", payload),
        s(&c, "claims_utf8").as_bytes(),
        "rfc7519-3.1 claims_utf8"
    );
}

#[test]
fn s3_1_example_jwt_is_expired_at_and_after_exp() {
    let c = case("rfc7519-3.1");
    let token = s(&c, "token");
    let exp = s3_1_exp();
    for now in [exp, exp + 1, exp + 86_400] {
        assert_eq!(
            kind(&s3_1_verifier().verify_at::<Value>(token, NumericDate::from_secs(now))),
            Some(ErrorKind::Expired),
            "rfc7519-3.1 as of {now} (exp {exp})"
        );
    }
    // `expected_with_exp_check_at_real_current_time`: invalid (2011 is in the past).
    assert_eq!(
        s(&c, "expected_with_exp_check_at_real_current_time"),
        "invalid",
        "rfc7519-3.1"
    );
    assert_eq!(
        kind(&s3_1_verifier().verify::<Value>(token)),
        Some(ErrorKind::Expired),
        "rfc7519-3.1 with the real clock"
    );
}

#[test]
fn s6_1_unsecured_jwt_alg_none_is_refused() {
    let c = case("rfc7519-6.1");
    let token = s(&c, "token");
    assert_eq!(s(&c, "expected"), "invalid", "rfc7519-6.1 label");
    assert_eq!(
        kind(&UntrustedToken::parse(token)),
        Some(ErrorKind::UnsupportedAlgorithm),
        "rfc7519-6.1 parse"
    );
    // Refused at the header even as of a time before exp.
    assert_eq!(
        kind(&s3_1_verifier().verify_at::<Value>(token, NumericDate::from_secs(s3_1_exp() - 1))),
        Some(ErrorKind::UnsupportedAlgorithm),
        "rfc7519-6.1 verify_at"
    );
    assert_eq!(
        kind(&s3_1_verifier().verify_signature_only(token)),
        Some(ErrorKind::UnsupportedAlgorithm),
        "rfc7519-6.1 verify_signature_only"
    );
}

/// The error a derived check expects when invalid, from the one claim it is about.
fn expected_kind(id: &str, claims: &serde_json::Map<String, Value>) -> ErrorKind {
    assert_eq!(
        claims.len(),
        1,
        "{id}: a time_check is about exactly one claim"
    );
    match claims.keys().next().map(String::as_str) {
        Some("exp") => ErrorKind::Expired,
        Some("nbf") => ErrorKind::NotYetValid,
        Some("aud") => ErrorKind::WrongAudience,
        other => panic!("{id}: the harness does not know the claim {other:?}"),
    }
}

/// Every one of the 11 derived `time_checks`: the claims are signed with HS256 by our
/// `Signer` and verified with a verifier configured with the case's `now`, `leeway`
/// and `audience`. A member the harness does not read fails the test.
#[test]
fn derived_time_checks_exp_nbf_leeway_fraction_and_aud() {
    let v = vectors();
    let mut top = Fields::new("time_checks", &v["time_checks"]);
    assert!(
        top.str("provenance").starts_with("DERIVED"),
        "time_checks provenance"
    );
    let cases = top.req("cases").as_array().expect("time_checks.cases");
    top.finish();

    let signer = Signer::new(s3_1_key());
    let (mut valid, mut invalid) = (0, 0);
    for c in cases {
        let id = c["id"].as_str().unwrap_or("<no id>").to_owned();
        let mut f = Fields::new(&id, c);
        f.str("id");
        let claims = f.req("claims");
        let claims_obj = claims.as_object().expect("claims object");
        let now = f.opt("now").map(|n| n.as_i64().expect("now is an integer"));
        let leeway = f
            .opt("leeway")
            .map(|l| l.as_u64().expect("leeway is a u64"));
        let audience = f.opt("audience").map(|a| a.as_str().expect("audience"));
        let expect = expect_valid(&id, f.str("expected"));
        let reason = f.str("reason");
        f.finish();

        let now = match now {
            Some(n) => NumericDate::from_secs(n),
            None => {
                // No clock given: only claims without time members may omit it, and then
                // any instant gives the same answer.
                assert!(
                    !claims_obj.contains_key("exp") && !claims_obj.contains_key("nbf"),
                    "{id}: a time claim needs a `now`"
                );
                NumericDate::from_secs(s3_1_exp())
            }
        };
        // `exp` stays enforced when present; cases without it (nbf, aud) are not about
        // the exp requirement.
        let mut b = Verifier::builder()
            .allow(Algorithm::HS256)
            .key(s3_1_key())
            .allow_tokens_without_expiry();
        if let Some(l) = leeway {
            b = b.leeway(Duration::from_secs(l));
        }
        if let Some(a) = audience {
            b = b.audience(a);
        }
        let verifier = b.build().expect("verifier builds");

        let token = signer
            .sign(claims)
            .unwrap_or_else(|e| panic!("{id}: signing the claims: {e:?}"));
        let got = verifier.verify_at::<Value>(&token, now);
        if expect {
            let ok = got.unwrap_or_else(|e| panic!("{id}: expected valid ({reason}), got {e:?}"));
            assert_eq!(ok.claims(), claims, "{id}: claims round trip");
            valid += 1;
        } else {
            assert_eq!(
                kind(&got),
                Some(expected_kind(&id, claims_obj)),
                "{id}: expected invalid ({reason})"
            );
            invalid += 1;
        }
    }
    println!(
        "rfc7519 time_checks: {} run, {valid} valid, {invalid} invalid, all as labelled",
        valid + invalid
    );
    assert_eq!((valid, invalid), (6, 5), "{FILE}: time_checks counts");
}

/// Converse of `derived-numericdate-fraction`: exp 1300819380.5 expires half a second
/// into the second, not at its start or end.
#[test]
fn derived_numericdate_fraction_expires_at_the_half_second() {
    let token = Signer::new(s3_1_key())
        .sign(&serde_json::json!({ "exp": 1_300_819_380.5 }))
        .expect("sign");
    let verifier = s3_1_verifier();
    let base = NumericDate::from_secs(1_300_819_380);
    let at = |ms| base.saturating_add(Duration::from_millis(ms));
    assert!(
        verifier.verify_at::<Value>(&token, at(499)).is_ok(),
        "derived-numericdate-fraction: .499 < .5 is valid"
    );
    for ms in [500, 501, 1000] {
        assert_eq!(
            kind(&verifier.verify_at::<Value>(&token, at(ms))),
            Some(ErrorKind::Expired),
            "derived-numericdate-fraction: now = exp - .5 + {ms} ms"
        );
    }
}
