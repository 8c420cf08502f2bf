//! `jwt verify`: token structure and key selection, time claims, claim policy, JWK
//! sets, and how the token is read (argument, file, stdin).

use crate::common::*;
use serde_json::{Value, json};
use strict_jwt::{Algorithm, Jwk};

#[test]
fn token_structure_and_key_selection_errors_exit_1_with_their_kind() {
    let f = fixture();
    let dir = tmp();
    let verify = format!("verify --alg HS256 --key {} --now 1000", f.hs);

    // malformed
    for bad in [
        "not-a-token",
        "a.b",
        "a.b.c.d",
        "eyJhbGciOiJIUzI1NiJ9.e30.!!",
        "!!.!!.!!",
    ] {
        sh(&format!("{verify} {bad}")).fails(1, "malformed");
    }
    // too_large: over 256 KiB (through a file: one argv string is capped at 128 KiB).
    let huge = format!(
        "eyJhbGciOiJIUzI1NiJ9.{}.{}",
        "A".repeat(300 * 1024),
        "A".repeat(43)
    );
    let file = put(&dir, "huge.jwt", &huge);
    sh(&format!("{verify} --token-file {file}")).fails(1, "too_large");
    // unsupported_algorithm: alg none (RFC 7515 A.5 shape).
    let none = format!("{}.{}.", b64(r#"{"alg":"none"}"#), b64(r#"{"exp":5000}"#));
    sh(&format!("{verify} {none}")).fails(1, "unsupported_algorithm");
    // alg_not_allowed: an ES256 token where only HS256 is allowed.
    let es_token = sign_line(&format!("--alg ES256 --key {} --now 999", f.es));
    sh(&format!("{verify} {es_token}")).fails(1, "alg_not_allowed");
    // unknown_key: a JWK with a kid does not match a token with another kid.
    let other_kid = sign_line(&format!("--alg HS256 --key {} --kid other --now 999", f.hs));
    sh(&format!("{verify} {other_kid}")).fails(1, "unknown_key");
    // invalid_signature: the signature of another token of the same key.
    let t1 = library_token(&f.hs_text, Algorithm::HS256, &json!({"exp": 5000, "n": 1}));
    let t2 = library_token(&f.hs_text, Algorithm::HS256, &json!({"exp": 5000, "n": 2}));
    sh(&format!("{verify} {t1}")).ok();
    let spliced = swap_signature(&t1, &t2);
    sh(&format!("{verify} {spliced}")).fails(1, "invalid_signature");
    // invalid_signature: a raw secret (no kid) of the right length but the wrong value.
    let wrong = put(&dir, "wrong.key", [7u8; 32]);
    sh(&format!(
        "verify --alg HS256 --key {wrong} --key-format raw --now 1000 {t1}"
    ))
    .fails(1, "invalid_signature");
    // invalid_signature: ES256 verified with an unrelated ES256 public key without kid.
    let mut stranger: Value =
        serde_json::from_str(sh("key generate --alg ES256").ok()).expect("JWK");
    let members = stranger.as_object_mut().expect("object");
    for name in ["d", "kid"] {
        members.remove(name);
    }
    let stranger = put(&dir, "stranger.jwk", stranger.to_string());
    sh(&format!(
        "verify --alg ES256 --key {stranger} --now 1000 {es_token}"
    ))
    .fails(1, "invalid_signature");
    // crit_unsupported: a correctly signed token with an unknown critical extension.
    let kid = Jwk::from_json(&f.hs_text)
        .expect("jwk")
        .kid()
        .expect("kid")
        .to_owned();
    let crit = raw_token(
        &f.hs_text,
        Algorithm::HS256,
        &json!({"alg": "HS256", "kid": kid, "crit": ["http://example.com/x"], "http://example.com/x": true}),
        br#"{"exp":5000}"#,
    );
    sh(&format!("{verify} {crit}")).fails(1, "crit_unsupported");
    // A token without kid is still tried against a JWK that has one (the library's
    // selection: keys bound to the header alg are tried when the token has no kid).
    let no_kid = raw_token(
        &f.hs_text,
        Algorithm::HS256,
        &json!({"alg": "HS256"}),
        br#"{"exp":5000}"#,
    );
    assert_eq!(
        sh(&format!("{verify} {no_kid}")).ok_json(),
        json!({"exp": 5000})
    );
}

#[test]
fn time_claims_fail_at_their_boundaries_with_fixed_now() {
    let f = fixture();
    let sign = |more: &[&str]| {
        jwt(&with(
            &["sign", "--alg", "HS256", "--key", &f.hs, "--now", "1000"],
            more,
        ))
        .ok()
        .to_owned()
    };
    let verify = |at: &str, more: &[&str], token: &str| {
        jwt(&with(
            &with(
                &["verify", "--alg", "HS256", "--key", &f.hs, "--now", at],
                more,
            ),
            &[token],
        ))
    };
    // expired: exp = 1060 is valid strictly before 1060.
    let t = sign(&["--exp", "60s"]);
    verify("1059", &[], &t).ok();
    verify("1059.999", &[], &t).ok();
    verify("1060", &[], &t).fails(1, "expired");
    verify("5000", &[], &t).fails(1, "expired");
    verify("1065", &["--leeway", "10"], &t).ok();
    verify("1070", &["--leeway", "10"], &t).fails(1, "expired");
    // not_yet_valid: nbf = 1100.
    let t = sign(&["--nbf", "100s"]);
    verify("1099", &[], &t).fails(1, "not_yet_valid");
    verify("1100", &[], &t).ok();
    verify("1095", &["--leeway", "5"], &t).ok();
    // issued_in_future: iat = 1000 seen at 900 (the CLI refuses it beyond the leeway).
    let t = sign(&[]);
    verify("900", &[], &t).fails(1, "issued_in_future");
    verify("999", &["--leeway", "1"], &t).ok();
    // too_old: --max-age 10, iat = 1000.
    verify("1010", &["--max-age", "10"], &t).ok();
    verify("1011", &["--max-age", "10"], &t).fails(1, "too_old");
    // --max-age makes iat required.
    let no_iat = sign(&["--no-iat"]);
    verify("1001", &["--max-age", "10"], &no_iat).fails(1, "missing_claim");
    // exp is required unless --allow-missing-exp.
    let no_exp = sign(&["--no-exp"]);
    verify("1001", &[], &no_exp).fails(1, "missing_claim");
    verify("99999999", &["--allow-missing-exp"], &no_exp).ok();
    // A bad --now is a usage error.
    for bad in ["soon", "1.", "1.2.3", "1e9", ".5", "1.1234567891"] {
        verify(bad, &[], &t).fails(2, "usage");
    }
}

#[test]
fn claim_policy_errors_exit_1_with_their_kind() {
    let f = fixture();
    let token = jwt(&[
        "sign", "--alg", "HS256", "--key", &f.hs, "--now", "1000", "--iss", "iss-a", "--sub",
        "sub-a", "--aud", "aud-a", "--aud", "aud-b", "--typ", "at+jwt",
    ])
    .ok()
    .to_owned();
    let verify = |more: &[&str]| {
        jwt(&with(
            &with(
                &["verify", "--alg", "HS256", "--key", &f.hs, "--now", "1001"],
                more,
            ),
            &[&token],
        ))
    };
    verify(&["--aud", "aud-b"]).ok();
    verify(&["--aud", "aud-b", "--iss", "iss-x", "--iss", "iss-a"]).ok();
    verify(&["--aud", "aud-x", "--aud", "aud-a"]).ok();
    verify(&["--aud", "aud-a", "--iss", "iss-b"]).fails(1, "wrong_issuer");
    verify(&["--aud", "aud-c"]).fails(1, "wrong_audience");
    verify(&["--aud", "aud-a", "--sub", "sub-b"]).fails(1, "wrong_subject");
    verify(&["--aud", "aud-a", "--sub", "sub-a"]).ok();
    // typ per RFC 7515 4.1.9: "application/" may be omitted, compared case-insensitively.
    for typ in ["at+jwt", "application/at+jwt", "AT+JWT"] {
        verify(&["--aud", "aud-a", "--typ", typ]).ok();
    }
    verify(&["--aud", "aud-a", "--typ", "JWT"]).fails(1, "wrong_type");
    // missing_claim: --require, and claims made required by --iss/--sub.
    verify(&["--aud", "aud-a", "--require", "jti"]).fails(1, "missing_claim");
    verify(&["--aud", "aud-a", "--require", "sub", "--require", "iss"]).ok();
    let bare = jwt(&["sign", "--alg", "HS256", "--key", &f.hs, "--now", "1000"])
        .ok()
        .to_owned();
    let verify_bare = |more: &[&str]| {
        jwt(&with(
            &with(
                &["verify", "--alg", "HS256", "--key", &f.hs, "--now", "1001"],
                more,
            ),
            &[&bare],
        ))
    };
    verify_bare(&["--iss", "iss-a"]).fails(1, "missing_claim");
    verify_bare(&["--sub", "sub-a"]).fails(1, "missing_claim");
    verify_bare(&["--aud", "aud-a"]).fails(1, "missing_claim");

    // invalid_claim: registered claims of the wrong type, signed by the library.
    for claims in [
        json!({"exp": "5000"}),
        json!({"exp": 5000, "nbf": "1000"}),
        json!({"exp": 5000, "iat": [1000]}),
        json!({"exp": 5000, "iss": 5}),
        json!({"exp": 5000, "aud": 5}),
        json!({"exp": 5000, "sub": {"id": 1}}),
    ] {
        let t = library_token(&f.hs_text, Algorithm::HS256, &claims);
        let run = jwt(&[
            "verify", "--alg", "HS256", "--key", &f.hs, "--now", "1001", "--iss", "i", "--aud",
            "a", "--sub", "s", &t,
        ]);
        run.fails(1, "invalid_claim");
    }
}

#[test]
fn jwks_selects_by_kid_and_lists_unusable_keys_after_the_result_line() {
    let dir = tmp();
    let (es, es_text, es_jwk) = generate(&dir, "ES256");
    let (ed, _, _) = generate(&dir, "EdDSA");
    let (_, ed_pub) = public_of(&dir, &ed, "ed.pub.jwk");
    let (_, es_pub) = public_of(&dir, &es, "es.pub.jwk");
    let mut enc = es_pub.clone();
    enc["kid"] = json!("encryption-only");
    enc["use"] = json!("enc");
    let set = json!({"keys": [es_pub, ed_pub, enc]}).to_string();
    let set = put(&dir, "set.json", set);
    let verify = format!("verify --alg ES256,EdDSA --jwks {set} --now 1001");

    let token = sign_line(&format!("--alg ES256 --key {es} --now 1000"));
    let run = sh(&format!("{verify} {token}"));
    assert_eq!(run.ok_json(), json!({"iat": 1000, "exp": 1900}), "{run}");
    assert!(
        run.stderr.lines().any(|l| l.starts_with("warning:")),
        "the unusable key is not listed:{run}"
    );
    let ed_token = sign_line(&format!("--alg EdDSA --key {ed} --now 1000"));
    sh(&format!("{verify} {ed_token}")).ok();
    // alg_not_allowed: the set's ES256 key, the token's alg not in --alg.
    sh(&format!(
        "verify --alg EdDSA --jwks {set} --now 1001 {token}"
    ))
    .fails(1, "alg_not_allowed");

    // unknown_key: the set lacks the token's kid; the warning comes after the error.
    let kid = es_jwk["kid"].as_str().expect("kid");
    let stranger = library_token(
        &es_text.replace(kid, "not-in-the-set"),
        Algorithm::ES256,
        &json!({"exp": 5000}),
    );
    let run = sh(&format!("{verify} {stranger}"));
    run.fails(1, "unknown_key");
    let second = run.stderr.lines().nth(1).unwrap_or("");
    assert!(
        second.starts_with("warning:"),
        "expected `warning: ...` after the error line:{run}"
    );
    // A set mixing oct and asymmetric keys is refused as a key-file problem (exit 2).
    let (_, _, hs) = generate(&dir, "HS256");
    let mixed = put(
        &dir,
        "mixed.json",
        json!({"keys": [es_pub, hs]}).to_string(),
    );
    sh(&format!(
        "verify --alg ES256 --jwks {mixed} --now 1001 {token}"
    ))
    .fails(2, "invalid_key");
    // A single JWK is not a set.
    let single = put(&dir, "single.json", es_pub.to_string());
    let run = sh(&format!(
        "verify --alg ES256 --jwks {single} --now 1001 {token}"
    ));
    assert_eq!(run.code, 2, "{run}");
}

#[test]
fn token_file_is_read_exactly_but_stdin_strips_one_trailing_newline() {
    let f = fixture();
    let dir = tmp();
    let token = jwt(&["sign", "--alg", "HS256", "--key", &f.hs, "--now", "1000"])
        .ok()
        .to_owned();
    let verify = ["verify", "--alg", "HS256", "--key", &f.hs, "--now", "1001"];
    let expected = json!({"iat": 1000, "exp": 1900});

    let exact = put(&dir, "exact.jwt", &token);
    assert_eq!(
        jwt(&with(&verify, &["--token-file", &exact])).ok_json(),
        expected
    );
    for (name, bytes) in [
        ("lf.jwt", format!("{token}\n")),
        ("crlf.jwt", format!("{token}\r\n")),
        ("space.jwt", format!("{token} ")),
        ("lead.jwt", format!("\n{token}")),
    ] {
        let file = put(&dir, name, bytes);
        jwt(&with(&verify, &["--token-file", &file])).fails(1, "malformed");
    }
    // stdin, explicit `-` and implicit: one `\n` or `\r\n` stripped.
    for input in [token.clone(), format!("{token}\n"), format!("{token}\r\n")] {
        assert_eq!(
            jwt_stdin(&with(&verify, &["-"]), input.as_bytes()).ok_json(),
            expected
        );
        assert_eq!(jwt_stdin(&verify, input.as_bytes()).ok_json(), expected);
    }
    // ... and only one.
    for input in [
        format!("{token}\n\n"),
        format!("{token}\r\n\r\n"),
        format!("{token} \n"),
    ] {
        jwt_stdin(&with(&verify, &["-"]), input.as_bytes()).fails(1, "malformed");
    }
    // A newline inside an argument is not stripped.
    jwt(&with(&verify, &[&format!("{token}\n")])).fails(1, "malformed");
    // decode reads the same ways.
    for run in [
        jwt(&["decode", &token]),
        jwt(&["decode", "--token-file", &exact]),
        jwt_stdin(&["decode", "-"], format!("{token}\n").as_bytes()),
        jwt_stdin(&["decode"], token.as_bytes()),
    ] {
        assert_eq!(run.ok_json()["claims"], expected, "{run}");
    }
    // A missing token file is an io error.
    jwt(&with(
        &verify,
        &["--token-file", "/nonexistent/jwt-cli/t.jwt"],
    ))
    .fails(2, "io");

    // The same rules with an EdDSA key pair (stdin always a pipe, empty when unused).
    let (private, public) = key_files(&dir, "EdDSA");
    let token = jwt(&[
        "sign", "--alg", "EdDSA", "--key", &private, "--now", SIGN_AT,
    ]);
    let token = token.ok().to_owned();
    let with_newline = put(&dir, "t", format!("{token}\n"));
    let exact = put(&dir, "t2", &token);
    let verify = |extra: &[&str], stdin: &[u8]| {
        let mut args = vec![
            "verify", "--alg", "EdDSA", "--key", &public, "--now", VERIFY_AT,
        ];
        args.extend_from_slice(extra);
        jwt_stdin(&args, stdin)
    };
    verify(&["--token-file", &with_newline], b"").fails(1, "malformed");
    verify(&["--token-file", &exact], b"").ok();
    verify(&["-"], format!("{token}\n").as_bytes()).ok();
    verify(&[], format!("{token}\r\n").as_bytes()).ok();
    verify(&["-"], format!("{token}\n\n").as_bytes()).fails(1, "malformed");
    // decode: not verified, and says so first on stderr.
    let out = jwt(&["decode", "--token-file", &exact]);
    let both = out.ok_json();
    assert_eq!(both["header"]["alg"], "EdDSA");
    assert!(both["claims"]["exp"].is_number());
    assert!(out.first_err_line().starts_with("warning:"), "{out}");
    jwt(&["decode", "not.a.token"]).fails(1, "malformed");
}
