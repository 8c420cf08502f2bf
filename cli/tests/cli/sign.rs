//! `jwt sign`: every flag, and its usage errors.

use crate::common::*;
use serde_json::json;

#[test]
fn sign_time_audience_jti_typ_and_claims_file_flags() {
    let dir = tmp();
    let (key, _, _) = generate(&dir, "HS256");
    let decode = |token: &str| {
        let run = jwt(&["decode", token]);
        run.ok_json()
    };
    let sign = |more: &[&str]| {
        let run = jwt(&with(
            &["sign", "--alg", "HS256", "--key", &key, "--now", "1000"],
            more,
        ));
        run.ok().to_owned()
    };
    // Defaults: exp = now + 15m, iat = now, typ JWT.
    let d = decode(&sign(&[]));
    assert_eq!(d["claims"], json!({"iat": 1000, "exp": 1900}));
    assert_eq!(d["header"]["typ"], "JWT");
    // Absolute and relative times, every unit.
    for (exp, want) in [
        ("@5000", 5000),
        ("30s", 1030),
        ("2m", 1120),
        ("3h", 11_800),
        ("1d", 87_400),
        ("1w", 605_800),
    ] {
        assert_eq!(
            decode(&sign(&["--exp", exp]))["claims"]["exp"],
            want,
            "--exp {exp}"
        );
    }
    let d = decode(&sign(&["--no-exp", "--no-iat", "--nbf", "@1200"]));
    assert_eq!(d["claims"], json!({"nbf": 1200}));
    // One --aud is a string; --typ; --random-jti differs between runs.
    let d = decode(&sign(&["--aud", "only", "--typ", "at+jwt", "--random-jti"]));
    assert_eq!(d["claims"]["aud"], "only");
    assert_eq!(d["header"]["typ"], "at+jwt");
    let jti = d["claims"]["jti"].as_str().expect("random jti").to_owned();
    assert!(jti.len() >= 16, "jti {jti}");
    let again = decode(&sign(&["--random-jti"]));
    assert_ne!(again["claims"]["jti"], json!(jti), "--random-jti repeats");
    // --claims-file.
    let claims = put(&dir, "claims.json", r#"{"role":"admin","n":[1,2]}"#);
    let d = decode(&sign(&["--claims-file", &claims, "--no-iat"]));
    assert_eq!(
        d["claims"],
        json!({"role": "admin", "n": [1, 2], "exp": 1900})
    );
    // The same token, signed twice with the same --now, is byte-identical (HMAC).
    assert_eq!(sign(&["--sub", "s"]), sign(&["--sub", "s"]));

    // Usage errors: a member both in --claims and as a flag, non-object claims, bad
    // durations, conflicting flags.
    let base = ["sign", "--alg", "HS256", "--key", &key, "--now", "1000"];
    for more in [
        &["--claims", r#"{"iss":"a"}"#, "--iss", "b"][..],
        &["--claims", r#"{"exp":1}"#],
        &["--claims", r#"{"iat":1}"#],
        &["--claims", r#"{"aud":"x"}"#, "--aud", "y"],
        &["--claims", r#"{"jti":"x"}"#, "--random-jti"],
        &["--claims", "[1,2]"],
        &["--claims", "{not json"],
        &["--exp", "15"],
        &["--exp", "-5m"],
        &["--exp", "5y"],
        &["--exp", "@soon"],
        &["--nbf", "1.5h"],
        &["--exp", "1h", "--no-exp"],
        &["--jti", "a", "--random-jti"],
        &["--claims", "{}", "--claims-file", &claims],
    ] {
        jwt(&with(&base, more)).fails(2, "usage");
    }
    jwt(&["sign", "--alg", "HS256", "--key", &key, "--now", "1.5"]).fails(2, "usage");
}
