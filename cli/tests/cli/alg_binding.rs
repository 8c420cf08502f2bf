//! `jwt verify` with one key and several `--alg`: the key is bound to those it serves.

use crate::common::*;
use serde_json::json;
use strict_jwt::{Algorithm, Backend, Jwk};

#[test]
fn one_key_with_several_algs_binds_to_those_its_type_serves() {
    let dir = tmp();
    let (ed, ed_text, _) = generate(&dir, "EdDSA");
    let (ed_pub, ed_pub_jwk) = public_of(&dir, &ed, "ed.pub.jwk");
    // The same Ed25519 key without `alg` (it serves EdDSA and Ed25519), and as PEM and DER.
    let mut no_alg = ed_pub_jwk.clone();
    no_alg.as_object_mut().expect("object").remove("alg");
    let no_alg = put(&dir, "ed.noalg.jwk", no_alg.to_string());
    let key = Jwk::from_json(&ed_text)
        .and_then(|j| j.to_signing_key(Algorithm::EdDSA))
        .expect("library key");
    let spki = key.verifying_key();
    let spki_pem = put(&dir, "ed.pub.pem", spki.to_spki_pem().expect("SPKI PEM"));
    let pkcs8_pem = put(&dir, "ed.pem", key.to_pkcs8_pem().expect("PKCS#8").as_str());
    let spki_der = put(&dir, "ed.pub.der", spki.to_spki_der().expect("SPKI DER"));
    let pkcs8_der = put(
        &dir,
        "ed.der",
        key.to_pkcs8_der().expect("PKCS#8").as_slice(),
    );
    let (es, _, _) = generate(&dir, "ES256");
    let ed_token = sign_line(&format!("--alg EdDSA --key {ed} --now 1000"));
    let es_token = sign_line(&format!("--alg ES256 --key {es} --now 1000"));
    let keys = [
        ed.clone(),
        ed_pub,
        no_alg,
        spki_pem,
        pkcs8_pem,
        format!("{spki_der} --key-format der"),
        format!("{pkcs8_der} --key-format der"),
    ];
    for key in &keys {
        for algs in [
            "--alg ES256 --alg EdDSA",
            "--alg EdDSA,ES256",
            "--alg RS256,ES384,HS256,EdDSA",
            "--alg ES256,EdDSA,ES256,EdDSA",
        ] {
            let verify = format!("verify {algs} --key {key} --now 1001");
            let run = sh(&format!("{verify} {ed_token}"));
            assert_eq!(run.ok_json(), json!({"iat": 1000, "exp": 1900}), "{run}");
            // An ES256 token: refused as any algorithm outside the allowlist is, since
            // the Ed25519 key serves no ES256; the warning says why.
            let run = sh(&format!("{verify} {es_token}"));
            run.fails(1, "alg_not_allowed");
            if algs.contains("ES256") {
                assert!(
                    run.stderr
                        .lines()
                        .nth(1)
                        .is_some_and(|l| l.starts_with("warning: --alg ES256 ")),
                    "no warning after the error line:{run}"
                );
            }
        }
        // A key serving none of the allowed algorithms is a key problem, as for one --alg.
        for algs in ["ES256", "ES256,RS256", "HS256,ES384,PS256"] {
            sh(&format!(
                "verify --alg {algs} --key {key} --now 1001 {ed_token}"
            ))
            .fails(2, "incompatible_key");
        }
    }
    // The ES256 key the other way round: it verifies its token, not the EdDSA one.
    let run = sh(&format!(
        "verify --alg EdDSA,ES256 --key {es} --now 1001 {es_token}"
    ));
    assert_eq!(run.ok_json(), json!({"iat": 1000, "exp": 1900}), "{run}");
    sh(&format!(
        "verify --alg EdDSA,ES256 --key {es} --now 1001 {ed_token}"
    ))
    .fails(1, "alg_not_allowed");
    // A successful run has no warning.
    let run = sh(&format!(
        "verify --alg ES256,EdDSA --key {ed} --now 1001 {ed_token}"
    ));
    assert!(run.stderr.is_empty(), "{run}");
}

#[test]
fn an_hmac_secret_with_several_algs_binds_only_to_hmac() {
    let dir = tmp();
    let (jwk, _, _) = generate(&dir, "HS256");
    let raw = put(&dir, "raw.key", [0x42u8; 32]);
    let (es, _, _) = generate(&dir, "ES256");
    let es_token = sign_line(&format!("--alg ES256 --key {es} --now 1000"));
    for key in [jwk, format!("{raw} --key-format raw")] {
        let token = sign_line(&format!("--alg HS256 --key {key} --now 1000"));
        for algs in ["--alg HS256 --alg ES256", "--alg ES256,EdDSA,HS256"] {
            let verify = format!("verify {algs} --key {key} --now 1001");
            sh(&format!("{verify} {token}")).ok();
            sh(&format!("{verify} {es_token}")).fails(1, "alg_not_allowed");
        }
        sh(&format!(
            "verify --alg ES256,RS256 --key {key} --now 1001 {token}"
        ))
        .fails(2, "incompatible_key");
    }
    // A 32-byte secret serves HS256 but is too short for HS512: bound to HS256 alone;
    // for HS512 alone it is weak.
    let raw = format!("{raw} --key-format raw");
    let token = sign_line(&format!("--alg HS256 --key {raw} --now 1000"));
    sh(&format!(
        "verify --alg HS512,HS256 --key {raw} --now 1001 {token}"
    ))
    .ok();
    sh(&format!(
        "verify --alg HS512 --key {raw} --now 1001 {token}"
    ))
    .fails(2, "weak_key");
}

#[test]
fn several_bindings_of_one_key_share_its_kid() {
    let dir = tmp();
    // A kid-less PEM key takes the token's kid for each algorithm it is bound to.
    let private = put(&dir, "rsa.pem", RSA_PEM);
    let public = put(&dir, "rsa_pub.pem", RSA_PUB_PEM);
    for alg in ["RS256", "PS256"] {
        let token = sign_line(&format!(
            "--alg {alg} --key {private} --kid rsa-1 --now 1000"
        ));
        for key in [&private, &public] {
            let run = sh(&format!(
                "verify --alg RS256,PS256,ES256 --key {key} --now 1001 {token}"
            ));
            assert_eq!(run.ok_json(), json!({"iat": 1000, "exp": 1900}), "{run}");
        }
    }
    // A JWK with a kid and no alg: one key under one kid for EdDSA and Ed25519 alike,
    // and only under that kid.
    let (ed, _, ed_jwk) = generate(&dir, "EdDSA");
    let mut private_no_alg = ed_jwk.clone();
    private_no_alg
        .as_object_mut()
        .expect("object")
        .remove("alg");
    let private_no_alg = put(&dir, "ed.noalg.jwk", private_no_alg.to_string());
    let (public_no_alg, public_jwk) = public_of(&dir, &private_no_alg, "ed.noalg.pub.jwk");
    assert!(public_jwk.get("alg").is_none(), "{public_jwk}");
    let kid = ed_jwk["kid"].as_str().expect("kid");
    for alg in ["EdDSA", "Ed25519"] {
        let token = sign_line(&format!("--alg {alg} --key {private_no_alg} --now 1000"));
        for key in [&private_no_alg, &public_no_alg] {
            let verify = format!("verify --alg EdDSA,Ed25519 --key {key} --now 1001");
            let run = sh(&format!("{verify} --header {token}"));
            assert_eq!(run.ok_json()["header"]["kid"], kid, "{run}");
            let other = sign_line(&format!(
                "--alg {alg} --key {private_no_alg} --kid other --now 1000"
            ));
            sh(&format!("{verify} {other}")).fails(1, "unknown_key");
        }
    }
    // The key with its own alg (EdDSA) is bound to EdDSA only.
    let token = sign_line(&format!("--alg Ed25519 --key {private_no_alg} --now 1000"));
    sh(&format!(
        "verify --alg EdDSA,Ed25519 --key {ed} --now 1001 {token}"
    ))
    .fails(1, "alg_not_allowed");
}

#[test]
fn a_key_serving_no_allowed_alg_fails_with_its_most_telling_error() {
    // The first error that is not a plain incompatible_key: a 1024-bit RSA key is weak for
    // RS256 whatever comes before it in --alg.
    let dir = tmp();
    let small = put(
        &dir,
        "small_rsa.jwk",
        json!({"kty": "RSA", "n": b64([0xc5u8; 128]), "e": "AQAB"}).to_string(),
    );
    for algs in ["RS256", "ES256,RS256", "EdDSA,HS256,PS256,RS256"] {
        sh(&format!("verify --alg {algs} --key {small} e30.e30.e30")).fails(2, "weak_key");
    }
    sh(&format!(
        "verify --alg ES256,EdDSA --key {small} e30.e30.e30"
    ))
    .fails(2, "incompatible_key");
    // A P-521 key: bound to ES512 among several with aws-lc-rs; with ring it serves
    // nothing, whichever --alg (unsupported_key).
    let public = put(&dir, "p521_pub.der", P521_PUB_DER);
    let private = put(&dir, "p521.der", P521_PKCS8_DER);
    let verify =
        format!("verify --alg ES256,ES512,EdDSA --key {public} --key-format der --now 1001");
    if Backend::ACTIVE.supports(Algorithm::ES512) {
        let token = sign_line(&format!(
            "--alg ES512 --key {private} --key-format der --now 1000"
        ));
        sh(&format!("{verify} {token}")).ok();
    } else {
        sh(&format!("{verify} e30.e30.e30")).fails(2, "unsupported_key");
    }
    // Without ES512 among them: not a key for ES256 or EdDSA (with ring, a P-521 key is
    // unsupported whatever it is asked for).
    let kind = if Backend::ACTIVE.supports(Algorithm::ES512) {
        "incompatible_key"
    } else {
        "unsupported_key"
    };
    sh(&format!(
        "verify --alg ES256,EdDSA --key {public} --key-format der e30.e30.e30"
    ))
    .fails(2, kind);
}
