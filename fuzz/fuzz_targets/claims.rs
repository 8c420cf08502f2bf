//! `claims`: arbitrary bytes as the payload of a correctly signed HS256 token, verified
//! into several claim types under two policies. Never panics; a repeated member name
//! anywhere is refused; what is accepted is what `serde_json` reads, with registered
//! claims of the right type and inside the policy.
#![no_main]

use std::borrow::Cow;
use std::sync::OnceLock;
use std::time::Duration;

use fuzz_common::{Members, NOW, fixed, members, now, sign_token};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;
use strict_jwt::{Algorithm, Audience, ErrorKind, Verifier};

/// A typical application type with borrowed strings.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct App<'a> {
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
    roles: Option<Vec<Cow<'a, str>>>,
    admin: Option<bool>,
    n: Option<i64>,
    #[serde(borrow)]
    sub: Option<Cow<'a, str>>,
}

fn strict_policy() -> &'static Verifier {
    static V: OnceLock<Verifier> = OnceLock::new();
    V.get_or_init(|| {
        Verifier::builder()
            .allow(Algorithm::HS256)
            .key(fixed()[0].verifying.clone())
            .issuer("iss-a")
            .audience("aud-a")
            .subject("sub-a")
            .reject_issued_in_future()
            .max_age(Duration::from_secs(3600))
            .require_claim("jti")
            .build()
            .expect("verifier")
    })
}

fn secs(v: &Value) -> f64 {
    v.as_f64().expect("a NumericDate claim is a number")
}

fuzz_target!(|payload: &[u8]| {
    let token = sign_token(&fixed()[0].signer, br#"{"alg":"HS256"}"#, payload);
    let default = &fixed()[0].verifier;
    let as_value = default.verify_at::<Value>(&token, now());
    let ignored = default.verify_at::<IgnoredAny>(&token, now());
    let mut buf = Vec::new();
    let typed = default
        .verify_borrowed_at::<App<'_>>(&token, now(), &mut buf)
        .map(|v| v.registered().into_owned());
    let strict = strict_policy().verify_at::<Value>(&token, now());

    let oracle = members(payload);
    if oracle == Members::Duplicate {
        assert!(as_value.is_err() && ignored.is_err() && typed.is_err() && strict.is_err());
    }
    for kind in [
        &as_value.as_ref().err(),
        &ignored.as_ref().err(),
        &strict.as_ref().err(),
    ]
    .into_iter()
    .flatten()
    .map(|e| e.kind())
    {
        // The signature is good, so every failure is about the claims.
        assert!(
            matches!(
                kind,
                ErrorKind::Malformed
                    | ErrorKind::InvalidClaim
                    | ErrorKind::MissingClaim
                    | ErrorKind::Expired
                    | ErrorKind::NotYetValid
                    | ErrorKind::IssuedInFuture
                    | ErrorKind::TooOld
                    | ErrorKind::WrongIssuer
                    | ErrorKind::WrongAudience
                    | ErrorKind::WrongSubject
                    | ErrorKind::TooLarge
            ),
            "unexpected kind {kind:?}"
        );
    }
    // The claim type does not change whether the registered claims pass.
    assert_eq!(as_value.is_ok(), ignored.is_ok(), "Value vs IgnoredAny");

    let Ok(verified) = as_value else { return };
    assert_eq!(oracle, Members::Unique, "accepted what serde_json refuses");
    let reference: Value = serde_json::from_slice(payload).expect("serde_json parses it");
    assert_eq!(
        verified.claims(),
        &reference,
        "claims differ from serde_json's reading"
    );
    let object = reference.as_object().expect("claims are an object");
    let r = verified.registered();

    // exp is required, a number, and in the future; nbf, if any, a number in the past.
    let exp = secs(&object["exp"]);
    assert!(exp > NOW as f64, "accepted an expired token");
    // Integers exactly (beyond 2^53 an f64 would round); fractions to their floor.
    let whole = object["exp"].as_i64().unwrap_or(exp.floor() as i64);
    assert_eq!(r.exp.map(|d| d.as_secs()), Some(whole));
    if let Some(nbf) = object.get("nbf") {
        assert!(secs(nbf) <= NOW as f64, "accepted a token not yet valid");
    }
    if let Some(iat) = object.get("iat") {
        secs(iat);
    }
    let text = |name: &str| {
        object
            .get(name)
            .map(|v| v.as_str().expect("a string claim"))
    };
    assert_eq!(r.iss.as_deref(), text("iss"));
    assert_eq!(r.sub.as_deref(), text("sub"));
    assert_eq!(r.jti.as_deref(), text("jti"));
    // Default policy: no audience expected, so a token naming one is refused.
    assert!(r.aud.is_none() && !object.contains_key("aud"));
    if let Ok(typed) = typed {
        assert_eq!(typed, r, "borrowed and owned registered claims differ");
    }

    let Ok(strict) = strict else { return };
    let r = strict.registered();
    assert_eq!(r.iss.as_deref(), Some("iss-a"));
    assert_eq!(r.sub.as_deref(), Some("sub-a"));
    assert!(r.jti.is_some());
    assert!(matches!(&r.aud, Some(aud) if aud.contains("aud-a")));
    if let Some(Audience::Many(all)) = &r.aud {
        assert!(!all.is_empty());
    }
    let iat = r.iat.expect("max_age requires iat").as_secs();
    assert!(iat <= NOW && iat >= NOW - 3601, "iat outside the policy");
});
