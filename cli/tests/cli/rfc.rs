//! The RFC 7515 A.1-A.3 and RFC 8037 A.4 examples, verified from their JWK files.

use crate::common::*;
use serde_json::{Value, json};

#[test]
fn rfc7515_a1_a2_a3_verify_from_their_jwk_files_until_exp() {
    let doc: Value = serde_json::from_str(RFC7515).expect("RFC 7515 vectors");
    let dir = tmp();
    let expected = json!({"iss": "joe", "exp": 1_300_819_380, "http://example.com/is_root": true});
    for (id, alg) in [
        ("rfc7515-A.1", "HS256"),
        ("rfc7515-A.2", "RS256"),
        ("rfc7515-A.3", "ES256"),
    ] {
        let case = rfc_case(&doc, id);
        // A.1 publishes only the (secret) oct key; A.2 and A.3 have a public part.
        let jwk = case.get("jwk_public").unwrap_or_else(|| &case["jwk"]);
        let key = put(&dir, &format!("{id}.jwk"), jwk.to_string());
        let token = case["token"].as_str().expect("token");
        let verify = format!("verify --alg {alg} --key {key}");
        let at = |now: &str, token: &str| sh(&format!("{verify} --now {now} {token}"));
        assert_eq!(at("1300819379", token).ok_json(), expected, "{id}");
        assert_eq!(at("1300819379.5", token).ok_json(), expected, "{id}");
        at("1300819380", token).fails(1, "expired");
        at("1300819379", &tamper_signature(token)).fails(1, "invalid_signature");
        // With --key-format jwk named: the same, until the last nanosecond before exp.
        let as_jwk = |now: &str| sh(&format!("{verify} --key-format jwk --now {now} {token}"));
        assert_eq!(as_jwk("1300819379").ok_json()["iss"], "joe", "{id}");
        as_jwk("1300819380").fails(1, "expired");
        as_jwk("1300819379.999").ok();
        // The same through --token-file (exact bytes) and stdin (newline stripped).
        let file = put(&dir, &format!("{id}.jwt"), token);
        sh(&format!("{verify} --now 1300819379 --token-file {file}")).ok();
        let stdin = format!("{token}\n");
        let args: Vec<&str> = verify.split(' ').chain(["--now", "1300819379"]).collect();
        assert_eq!(jwt_stdin(&args, stdin.as_bytes()).ok_json(), expected);
        // --header shows the signed header exactly (A.1's carries typ JWT).
        let run = sh(&format!("{verify} --now 1300819379 --header {token}"));
        let header: Value =
            serde_json::from_str(case["protected_header_utf8"].as_str().expect("header"))
                .expect("header JSON");
        assert_eq!(
            run.ok_json(),
            json!({"header": header, "claims": expected}),
            "{id}:{run}"
        );
    }
    // A.2's key has no alg, so it also serves PS256; an RS256 token is then not allowed.
    let a2 = rfc_case(&doc, "rfc7515-A.2");
    let key = put(&dir, "a2.jwk", a2["jwk_public"].to_string());
    let token = a2["token"].as_str().expect("token");
    sh(&format!(
        "verify --alg PS256 --key {key} --now 1300819379 {token}"
    ))
    .fails(1, "alg_not_allowed");
    // The A.2 private JWK verifies too (through its public half).
    let private = put(&dir, "a2_private.jwk", a2["jwk"].to_string());
    let run = sh(&format!(
        "verify --alg RS256 --key {private} --now 1300819379 {token}"
    ));
    assert_eq!(run.ok_json(), expected);
}

#[test]
fn rfc8037_a4_eddsa_passes_the_signature_then_fails_on_its_text_payload() {
    // RFC 8037 A.4 signs the text "Example of Ed25519 signing", not a JWT claims set.
    // The CLI checks the signature first, then refuses the payload as `malformed`
    // ("claims are not a JSON object"), exit 1. A tampered signature gives
    // invalid_signature instead: proof that the genuine signature passed.
    let doc: Value = serde_json::from_str(RFC8037).expect("RFC 8037 vectors");
    let case = rfc_case(&doc, "rfc8037-A.4");
    let dir = tmp();
    let public = put(&dir, "okp.jwk", case["jwk_public"].to_string());
    let private = put(&dir, "okp_private.jwk", case["jwk"].to_string());
    let token = case["token"].as_str().expect("token");
    let tampered = tamper_signature(token);
    for key in [&public, &private] {
        for extra in ["", " --allow-missing-exp"] {
            let verify = format!("verify --alg EdDSA --key {key} --now 1{extra}");
            sh(&format!("{verify} {token}")).fails(1, "malformed");
            sh(&format!("{verify} {tampered}")).fails(1, "invalid_signature");
        }
    }
    // Without --now (the system clock), and with the first signature character changed
    // rather than one bit: the same two outcomes.
    let run = |t: &str| jwt(&["verify", "--alg", "EdDSA", "--key", &public, t]);
    let after_signature = run(token);
    assert_eq!(after_signature.code, 1, "{after_signature}");
    assert!(
        !after_signature
            .first_err_line()
            .contains("invalid_signature"),
        "{after_signature}"
    );
    let (input, sig) = token.rsplit_once('.').expect("compact");
    let first = if sig.starts_with('A') { 'B' } else { 'A' };
    let tampered = format!("{input}.{first}{}", &sig[1..]);
    run(&tampered).fails(1, "invalid_signature");
    // Ed25519 (RFC 9864) is a different algorithm from EdDSA: not allowed.
    sh(&format!(
        "verify --alg Ed25519 --key {public} --now 1 {token}"
    ))
    .fails(1, "alg_not_allowed");
    // decode refuses the non-JSON payload the same way.
    sh(&format!("decode {token}")).fails(1, "malformed");
    // The CLI signs EdDSA with the A.1 private key; the A.2 public key verifies it.
    let t = sign_line(&format!("--alg EdDSA --key {private} --now 1000"));
    sh(&format!("verify --alg EdDSA --key {public} --now 1001 {t}")).ok();
    // Its thumbprint is the RFC 8037 A.3 value.
    let run = sh(&format!("key thumbprint {public}"));
    assert_eq!(run.ok(), doc["thumbprint"]["thumbprint_b64u"], "{run}");
}
