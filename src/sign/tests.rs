//! Unit tests of the signer and the claims builder.

use super::flat::DUPLICATE_CLAIM;
use super::{Claims, Signer};
use crate::claims::NumericDate;
use crate::error::ErrorKind;
use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::time::Duration;
use serde::Serialize;
use serde_json::json;

fn at() -> NumericDate {
    NumericDate::from_secs(1_000)
}

fn json_of<T: Serialize>(c: &Claims<T>) -> Result<String, String> {
    serde_json::to_string(c).map_err(|e| e.to_string())
}

#[test]
fn map_keys_are_checked_without_being_rewritten() {
    // A char key is a one-character name; `s` is no registered claim.
    let chars = BTreeMap::from([('s', 1)]);
    assert_eq!(
        json_of(&Claims::new_at(chars, at()).subject("a")).unwrap(),
        r#"{"sub":"a","s":1}"#
    );
    // The key the map gave is what is written (escapes included).
    let escaped = BTreeMap::from([("su\"b", 1)]);
    assert_eq!(
        json_of(&Claims::new_at(escaped, at()).subject("a")).unwrap(),
        r#"{"sub":"a","su\"b":1}"#
    );
    // A map key repeating a set registered claim is refused, whatever its type.
    let owned = BTreeMap::from([(String::from("iss"), 1)]);
    let e = json_of(&Claims::new_at(owned, at()).issuer("i")).unwrap_err();
    assert_eq!(e, DUPLICATE_CLAIM);
    let e = json_of(&Claims::new_at(json!({"nbf": 1}), at()).not_before(at())).unwrap_err();
    assert_eq!(e, DUPLICATE_CLAIM);
    let e = json_of(&Claims::new_at(json!({"iat": 1}), at()).issued_now()).unwrap_err();
    assert_eq!(e, DUPLICATE_CLAIM);
}

#[test]
fn non_string_map_keys_and_non_objects_are_not_claims() {
    let signer = Signer::new(crate::HmacKey::generate(crate::Algorithm::HS256).unwrap());
    let numbers = BTreeMap::from([(1u32, "x")]);
    let e = signer.sign(&Claims::new_at(numbers, at())).unwrap_err();
    assert_eq!(
        (e.kind(), e.detail()),
        (
            ErrorKind::Configuration,
            super::signer::UNSIGNABLE_CLAIMS.detail()
        )
    );
    for e in [
        signer.sign(&Claims::new_at("text", at())).unwrap_err(),
        signer.sign(&Claims::new_at(json!([1]), at())).unwrap_err(),
        signer.sign(&Claims::new_at(Some(true), at())).unwrap_err(),
    ] {
        assert_eq!(
            (e.kind(), e.detail()),
            (
                ErrorKind::Configuration,
                super::signer::UNSIGNABLE_CLAIMS.detail()
            )
        );
    }
    let e = signer
        .sign(&Claims::new_at(json!({"sub": 1}), at()).subject("a"))
        .unwrap_err();
    assert_eq!(e, super::signer::UNSIGNABLE_CLAIMS);
    // The refusal is the Claims' own: its serialization alone names the duplicate.
    let alone = serde_json::to_string(&Claims::new_at(json!({"sub": 1}), at()).subject("a"));
    assert_eq!(alone.unwrap_err().to_string(), DUPLICATE_CLAIM);
}

#[derive(Serialize)]
struct Wrapper<T>(T);

#[derive(Serialize)]
struct Outer {
    role: &'static str,
    #[serde(flatten)]
    extra: BTreeMap<&'static str, u32>,
}

#[test]
fn newtypes_and_nested_flatten_are_seen_at_the_top_level() {
    let ok = Wrapper(Some(json!({"role": "admin"})));
    assert_eq!(
        json_of(&Claims::new_at(ok, at()).subject("a")).unwrap(),
        r#"{"sub":"a","role":"admin"}"#
    );
    // The application's own flatten lands at the top level too, so it is checked.
    let outer = Outer {
        role: "admin",
        extra: BTreeMap::from([("jti", 7)]),
    };
    assert_eq!(
        json_of(&Claims::new_at(outer, at())).unwrap(),
        r#"{"role":"admin","jti":7}"#
    );
    let outer = Outer {
        role: "admin",
        extra: BTreeMap::from([("jti", 7)]),
    };
    let e = json_of(&Claims::new_at(outer, at()).jti("j")).unwrap_err();
    assert_eq!(e, DUPLICATE_CLAIM);
}

#[test]
fn registered_borrows_what_the_claims_will_write() {
    let claims = Claims::new_at((), at())
        .issuer("i")
        .audiences(["a", "b"])
        .expires_in(Duration::from_millis(1_500));
    let r = claims.registered();
    assert_eq!(r.issuer().unwrap(), "i");
    assert_eq!(r.audience().unwrap().iter().collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(r.expiration().unwrap(), NumericDate::from_secs(1_001));
    assert_eq!(r.subject().unwrap_err().kind(), ErrorKind::MissingClaim);
    assert_eq!(
        json_of(&claims).unwrap(),
        r#"{"iss":"i","aud":["a","b"],"exp":1001}"#
    );
}
