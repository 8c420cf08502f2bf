//! `jwt decode`: header and claims, unverified, with a warning.

use crate::common::*;
use serde_json::json;

#[test]
fn decode_prints_header_and_claims_unverified_with_a_warning() {
    let f = fixture();
    let token = jwt(&[
        "sign",
        "--alg",
        "ES256",
        "--key",
        &f.es,
        "--now",
        "1000",
        "--iss",
        "me",
        "--claims",
        r#"{"x":[1,{"y":null}]}"#,
    ])
    .ok()
    .to_owned();
    let run = jwt(&["decode", &token]);
    let out = run.ok_json();
    assert_eq!(
        out["claims"],
        json!({"iss": "me", "iat": 1000, "exp": 1900, "x": [1, {"y": null}]}),
        "{run}"
    );
    assert_eq!(out["header"]["alg"], "ES256", "{run}");
    assert_eq!(out["header"]["typ"], "JWT", "{run}");
    assert!(out["header"]["kid"].is_string(), "{run}");
    assert_eq!(
        out.as_object().map(|o| o.len()),
        Some(2),
        "only header and claims:{run}"
    );
    assert!(
        run.stderr
            .lines()
            .next()
            .is_some_and(|l| l.starts_with("warning:")),
        "no `warning:` first stderr line:{run}"
    );
    // Not verified: an expired, wrongly signed token still decodes.
    let tampered = tamper_signature(&token);
    let run = jwt(&["decode", &tampered]);
    assert_eq!(run.ok_json()["claims"]["iss"], "me", "{run}");
    // alg none decodes (and never verifies).
    let none = format!("{}.{}.", b64(r#"{"alg":"none"}"#), b64(r#"{"a":1}"#));
    let run = jwt(&["decode", &none]);
    assert_eq!(
        run.ok_json(),
        json!({"header": {"alg": "none"}, "claims": {"a": 1}}),
        "{run}"
    );
    // Not JSON / not base64url: malformed, exit 1.
    for bad in [
        format!("{}.{}.", b64("not json"), b64("{}")),
        format!("{}.{}.", b64(r#"{"alg":"HS256"}"#), b64("plain text")),
        "!!!.e30.".to_owned(),
        "abc".to_owned(),
    ] {
        jwt(&["decode", &bad]).fails(1, "malformed");
    }
}
