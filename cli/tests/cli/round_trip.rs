//! sign, then verify: every algorithm with generated, PEM, DER and raw keys; the
//! backend's ES512, ES256K and RSA key generation (or `unsupported_key`).

use crate::common::*;
use serde_json::{Value, json};
use strict_jwt::{Algorithm, Backend, base64url};

const CUSTOM: &str = r#"{"scope":"read write","n":7,"nested":{"a":[1,2,"x"]},"ok":true}"#;

/// Signs with the standard set of claims, verifies, and checks the printed claims and
/// the `--header` output exactly. `kid`: the header kid expected (None: no kid).
fn round_trip(
    alg: &str,
    sign_key: &[&str],
    verify_key: &[&str],
    extra_sign: &[&str],
    kid: Option<&str>,
) {
    let now = NOW.to_string();
    let mut sign = vec!["sign", "--alg", alg];
    sign.extend_from_slice(sign_key);
    sign.extend_from_slice(&[
        "--iss",
        "https://issuer.example",
        "--sub",
        "user-42",
        "--aud",
        "api-1",
        "--aud",
        "api-2",
        "--jti",
        "id-1",
        "--exp",
        "1h",
        "--claims",
        CUSTOM,
        "--now",
        &now,
    ]);
    sign.extend_from_slice(extra_sign);
    let run = jwt(&sign);
    let token = run.ok().to_owned();
    assert_eq!(token.split('.').count(), 3, "not a compact JWS:{run}");

    let mut expected: Value = serde_json::from_str(CUSTOM).expect("CUSTOM");
    let members = expected.as_object_mut().expect("object");
    members.insert("iss".into(), json!("https://issuer.example"));
    members.insert("sub".into(), json!("user-42"));
    members.insert("aud".into(), json!(["api-1", "api-2"]));
    members.insert("jti".into(), json!("id-1"));
    members.insert("iat".into(), json!(NOW));
    members.insert("exp".into(), json!(NOW + 3600));

    let at = (NOW + 10).to_string();
    let mut verify = vec!["verify", "--alg", alg];
    verify.extend_from_slice(verify_key);
    verify.extend_from_slice(&[
        "--iss",
        "https://issuer.example",
        "--aud",
        "api-2",
        "--sub",
        "user-42",
        "--now",
        &at,
    ]);
    let run = jwt(&with(&verify, &[&token]));
    assert_eq!(run.ok_json(), expected, "claims printed by verify:{run}");

    let run = jwt(&with(&verify, &["--header", &token]));
    let out = run.ok_json();
    let mut header = json!({"alg": alg, "typ": "JWT"});
    if let Some(kid) = kid {
        header["kid"] = json!(kid);
    }
    assert_eq!(
        out,
        json!({"header": header, "claims": expected}),
        "--header output:{run}"
    );
}

#[test]
fn hmac_algorithms_round_trip_with_generated_oct_jwks() {
    let dir = tmp();
    for alg in ["HS256", "HS384", "HS512"] {
        let (path, _, jwk) = generate(&dir, alg);
        assert_eq!(jwk["kty"], "oct", "{alg}: {jwk}");
        assert_eq!(jwk["alg"], alg, "{alg}: {jwk}");
        let secret = base64url::decode(jwk["k"].as_str().expect("k")).expect("k is base64url");
        let hash_len = alg[2..].parse::<usize>().expect("bits") / 8;
        assert_eq!(secret.len(), hash_len, "{alg}: secret length = hash length");
        let kid = jwk["kid"].as_str().expect("generated kid");
        round_trip(alg, &["--key", &path], &["--key", &path], &[], Some(kid));
    }
}

#[test]
fn ecdsa_and_eddsa_round_trip_with_generated_keys_and_their_public_jwks() {
    let dir = tmp();
    for (alg, kty, crv) in [
        ("ES256", "EC", "P-256"),
        ("ES384", "EC", "P-384"),
        ("EdDSA", "OKP", "Ed25519"),
        ("Ed25519", "OKP", "Ed25519"),
    ] {
        let (private, _, jwk) = generate(&dir, alg);
        assert_eq!(
            (jwk["kty"].as_str(), jwk["crv"].as_str()),
            (Some(kty), Some(crv))
        );
        assert_eq!(jwk["alg"], alg);
        assert!(jwk.get("d").is_some(), "a private JWK: {jwk}");
        let (public, pub_jwk) = public_of(&dir, &private, &format!("{alg}.pub.jwk"));
        assert!(pub_jwk.get("d").is_none(), "public JWK has d: {pub_jwk}");
        assert_eq!(pub_jwk["kid"], jwk["kid"]);
        assert_eq!(pub_jwk["x"], jwk["x"]);
        let kid = jwk["kid"].as_str().expect("kid");
        round_trip(
            alg,
            &["--key", &private],
            &["--key", &public],
            &[],
            Some(kid),
        );
    }
}

#[test]
fn rsa_pkcs1_and_pss_round_trip_with_the_pem_fixture() {
    let dir = tmp();
    let private = put(&dir, "rsa.pem", RSA_PEM);
    let public = put(&dir, "rsa_pub.pem", RSA_PUB_PEM);
    for alg in ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"] {
        // A PEM key has no kid: none in the header unless --kid.
        round_trip(alg, &["--key", &private], &["--key", &public], &[], None);
    }
    // --kid sets the header kid; a kid-less PEM key verifies it whatever the kid.
    round_trip(
        "PS256",
        &["--key", &private],
        &["--key", &public],
        &["--kid", "rsa-2024"],
        Some("rsa-2024"),
    );
    // The private PEM verifies too; several algorithms, comma-separated or repeated.
    let token = sign_line(&format!("--alg PS384 --key {private} --now 1000"));
    for key in [&private, &public] {
        for algs in ["--alg RS256,PS384", "--alg RS256 --alg PS384"] {
            let run = sh(&format!("verify {algs} --key {key} --now 1001 {token}"));
            assert_eq!(run.ok_json(), json!({"iat": 1000, "exp": 1900}), "{run}");
        }
        sh(&format!(
            "verify --alg RS384 --key {key} --now 1001 {token}"
        ))
        .fails(1, "alg_not_allowed");
    }
    // `key public` of the PEM (needs --alg) verifies what the PEM signs.
    let run = sh(&format!("key public {private} --alg PS384"));
    let jwk = run.ok_json();
    assert_eq!(
        (&jwk["kty"], &jwk["e"]),
        (&json!("RSA"), &json!("AQAB")),
        "{run}"
    );
    assert!(
        jwk.get("d").is_none(),
        "private member in a public JWK:{run}"
    );
    let jwk_file = put(&dir, "rsa_pub.jwk", run.ok());
    sh(&format!(
        "verify --alg PS384 --key {jwk_file} --now 1001 {token}"
    ))
    .ok();
}

#[test]
fn der_keys_and_raw_hmac_secrets_round_trip() {
    let dir = tmp();
    let private = put(&dir, "rsa_pkcs8.der", RSA_PKCS8_DER);
    let public = put(&dir, "rsa_pub.der", RSA_PUB_DER);
    round_trip(
        "RS256",
        &["--key", &private, "--key-format", "der"],
        &["--key", &public, "--key-format", "der"],
        &[],
        None,
    );
    // The DER private key's public JWK has the thumbprint of the DER public key.
    let run = sh(&format!(
        "key public {private} --alg RS256 --key-format der"
    ));
    let jwk_file = put(&dir, "rsa_pub.jwk", run.ok());
    let from_der = sh(&format!(
        "key thumbprint {public} --alg RS256 --key-format der"
    ));
    let from_jwk = sh(&format!("key thumbprint {jwk_file}"));
    assert_eq!(
        from_der.ok(),
        from_jwk.ok(),
        "thumbprints:{from_der}{from_jwk}"
    );
    // DER is not guessed in auto mode: exit 2.
    let run = sh(&format!("sign --alg RS256 --key {private}"));
    assert_eq!(run.code, 2, "{run}");
    // PS256 with the same DER files.
    let token = jwt(&[
        "sign",
        "--alg",
        "PS256",
        "--key",
        &private,
        "--key-format",
        "der",
        "--now",
        SIGN_AT,
    ]);
    let token = token.ok().to_owned();
    jwt(&[
        "verify",
        "--alg",
        "PS256",
        "--key",
        &public,
        "--key-format",
        "der",
        "--now",
        VERIFY_AT,
        &token,
    ])
    .ok();
    // A raw 32-byte HMAC secret signs and verifies.
    let secret = put(&dir, "secret", [0x42u8; 32]);
    let token = jwt(&[
        "sign",
        "--alg",
        "HS256",
        "--key",
        &secret,
        "--key-format",
        "raw",
        "--now",
        SIGN_AT,
    ]);
    let token = token.ok().to_owned();
    jwt(&[
        "verify",
        "--alg",
        "HS256",
        "--key",
        &secret,
        "--key-format",
        "raw",
        "--now",
        VERIFY_AT,
        &token,
    ])
    .ok();
}

const ALL: [&str; 15] = [
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
    "ES384", "ES512", "ES256K", "EdDSA", "Ed25519",
];

#[test]
fn sign_then_verify_round_trips_for_every_algorithm() {
    let dir = tmp();
    for alg in ALL {
        if !Backend::ACTIVE.supports(Algorithm::from_name(alg).expect("name")) {
            // ring: ES512 and ES256K keys cannot be made, nor imported.
            jwt(&["key", "generate", "--alg", alg]).fails(2, "unsupported_key");
            continue;
        }
        let (private, public) = key_files(&dir, alg);
        let token = jwt(&[
            "sign",
            "--alg",
            alg,
            "--key",
            &private,
            "--iss",
            "me",
            "--sub",
            "alice",
            "--aud",
            "api",
            "--claims",
            r#"{"scope":"read"}"#,
            "--now",
            SIGN_AT,
            "--jti",
            "j1",
        ]);
        let token = token.ok().to_owned();
        let out = jwt(&[
            "verify", "--alg", alg, "--key", &public, "--iss", "me", "--aud", "api", "--sub",
            "alice", "--now", VERIFY_AT, &token,
        ]);
        let claims = out.ok_json();
        let want = json!({"iss": "me", "sub": "alice", "aud": "api", "scope": "read",
            "jti": "j1", "iat": 1_767_225_600, "exp": 1_767_225_600 + 900});
        assert_eq!(claims, want, "{alg}");
        let out = jwt(&[
            "verify", "--alg", alg, "--key", &public, "--aud", "api", "--now", VERIFY_AT,
            "--header", &token,
        ]);
        let both = out.ok_json();
        assert_eq!(both["header"]["alg"], alg, "{alg}");
        assert_eq!(both["claims"], want, "{alg}");
    }
}

#[test]
fn new_algorithms_round_trip_with_generated_keys() {
    let dir = tmp();
    for alg in ["ES512", "ES256K", "RS256", "RS384", "PS256", "PS512"] {
        if !can_generate(alg) {
            continue; // refused above, in key_generate_*
        }
        let (private, _, jwk) = generate(&dir, alg);
        let (public, _) = public_of(&dir, &private, &format!("{alg}.pub.jwk"));
        let kid = jwk["kid"].as_str().expect("kid");
        round_trip(
            alg,
            &["--key", &private],
            &["--key", &public],
            &[],
            Some(kid),
        );
        // The private JWK verifies too, and a tampered token does not.
        let token = sign_line(&format!("--alg {alg} --key {private} --now 1000"));
        for key in [&private, &public] {
            let verify = format!("verify --alg {alg} --key {key} --now 1001");
            sh(&format!("{verify} {token}")).ok();
            let tampered = tamper_signature(&token);
            sh(&format!("{verify} {tampered}")).fails(1, "invalid_signature");
        }
    }
    // A 3072-bit RSA key signs and verifies with every RSA algorithm but its own refused.
    if can_generate("PS384") {
        let run = sh("key generate --alg PS384 --bits 3072");
        let private = put(&dir, "ps384-3072.jwk", run.ok());
        let (public, _) = public_of(&dir, &private, "ps384-3072.pub.jwk");
        let kid = run.ok_json()["kid"].as_str().expect("kid").to_owned();
        round_trip(
            "PS384",
            &["--key", &private],
            &["--key", &public],
            &[],
            Some(&kid),
        );
        sh(&format!("sign --alg RS384 --key {private}")).fails(2, "incompatible_key");
    }
    // Generated keys (RS256 with --bits 3072) verify beside algorithms of other families
    // the key does not serve; where the backend cannot generate them, refused.
    for (alg, bits) in [
        ("ES512", None),
        ("ES256K", None),
        ("RS256", Some("3072")),
        ("PS256", None),
    ] {
        let mut args = vec!["key", "generate", "--alg", alg];
        args.extend(bits.iter().flat_map(|b| ["--bits", b]));
        let private = jwt(&args);
        if !can_generate(alg) {
            private.fails(2, "unsupported_key");
            continue;
        }
        let private = put(&dir, &format!("{alg}-generated.jwk"), private.ok());
        let public = jwt(&["key", "public", &private]);
        let public = put(&dir, &format!("{alg}-generated.pub.jwk"), public.ok());
        let token = jwt(&["sign", "--alg", alg, "--key", &private, "--now", SIGN_AT]);
        let token = token.ok().to_owned();
        let algs = format!("HS256,EdDSA,{alg}");
        let out = jwt(&[
            "verify", "--alg", &algs, "--key", &public, "--now", VERIFY_AT, "--header", &token,
        ]);
        assert_eq!(out.ok_json()["header"]["alg"], alg);
    }
}

#[test]
fn es512_fixtures_and_the_rfc7515_a4_vector_or_unsupported_under_ring() {
    let dir = tmp();
    let private = put(&dir, "p521.der", P521_PKCS8_DER);
    let public = put(&dir, "p521_pub.der", P521_PUB_DER);
    let doc: Value = serde_json::from_str(RFC7515).expect("RFC 7515 vectors");
    let a4 = rfc_case(&doc, "rfc7515-A.4");
    let a4_public = put(&dir, "a4.jwk", a4["jwk_public"].to_string());
    let a4_private = put(&dir, "a4_private.jwk", a4["jwk"].to_string());
    let token = a4["token"].as_str().expect("token");
    // The secp256k1 generator as a public key (private scalar 1): a well-formed key.
    let g = json!({"kty": "EC", "crv": "secp256k1",
        "x": "eb5mfvncu6xVoGKVzocLBwKb_NstzijZWfKBWxb4F5g",
        "y": "SDradyajxGVdpPv8DhEIqP0XtEimhVQZnEfQj_sQ1Lg"});
    let k1 = put(&dir, "k1.pub.jwk", g.to_string());
    if !Backend::ACTIVE.supports(Algorithm::ES512) {
        let der = "--key-format der";
        for line in [
            format!("sign --alg ES512 --key {private} {der}"),
            format!("sign --alg ES512 --key {a4_private}"),
            format!("verify --alg ES512 --key {public} {der} {token}"),
            format!("verify --alg ES512 --key {a4_public} {token}"),
            format!("verify --alg ES256,ES512 --key {a4_public} {token}"),
            format!("verify --alg ES512 --key {a4_private} {token}"),
            format!("key public {private} --alg ES512 {der}"),
            format!("key public {a4_private}"),
            format!("key thumbprint {public} --alg ES512 {der}"),
            format!("key thumbprint {a4_public} --alg ES512"),
            format!("verify --alg ES256K --key {k1} {token}"),
            format!("key thumbprint {k1} --alg ES256K"),
        ] {
            sh(&line).fails(2, "unsupported_key");
        }
        return;
    }
    // The OpenSSL P-521 key in DER: signs, verifies, exports.
    round_trip(
        "ES512",
        &["--key", &private, "--key-format", "der"],
        &["--key", &public, "--key-format", "der"],
        &[],
        None,
    );
    let run = sh(&format!(
        "key public {private} --alg ES512 --key-format der"
    ));
    let jwk = run.ok_json();
    assert_eq!(jwk["crv"], "P-521", "{run}");
    let jwk_file = put(&dir, "p521_pub.jwk", run.ok());
    let from_der = sh(&format!(
        "key thumbprint {public} --alg ES512 --key-format der"
    ));
    assert_eq!(
        from_der.ok(),
        sh(&format!("key thumbprint {jwk_file}")).ok(),
        "{from_der}"
    );
    // RFC 7515 A.4 (ES512): the signature verifies, then its payload "Payload" is not
    // a claims set; a tampered signature is invalid_signature instead.
    for key in [&a4_public, &a4_private] {
        let verify = format!("verify --alg ES512 --key {key} --now 1");
        sh(&format!("{verify} {token}")).fails(1, "malformed");
        let tampered = tamper_signature(token);
        sh(&format!("{verify} {tampered}")).fails(1, "invalid_signature");
    }
    let t = sign_line(&format!("--alg ES512 --key {a4_private} --now 1000"));
    sh(&format!(
        "verify --alg ES512 --key {a4_public} --now 1001 {t}"
    ))
    .ok();
    // The secp256k1 public key is accepted for ES256K, and only for it.
    let t = sign_line(&format!(
        "--alg ES256K --key {} --now 1000",
        generate(&dir, "ES256K").0
    ));
    sh(&format!("verify --alg ES256K --key {k1} --now 1001 {t}")).fails(1, "invalid_signature");
    sh(&format!("verify --alg ES256 --key {k1} --now 1001 {t}")).fails(2, "incompatible_key");
}
