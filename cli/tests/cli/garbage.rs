//! Malformed tokens and key files: always refused with exit 1 or 2, never a panic.

use crate::common::*;
use serde_json::{Value, json};
use std::ffi::{OsStr, OsString};
use strict_jwt::{Algorithm, SigningKey};

/// Inputs that are not a compact JWS in any way: verify and decode must refuse them.
fn garbage_tokens() -> Vec<(&'static str, Vec<u8>)> {
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut binary_dots = rng.bytes(300);
    binary_dots[100] = b'.';
    binary_dots[200] = b'.';
    vec![
        ("empty", Vec::new()),
        ("newline only", b"\n".to_vec()),
        ("dots", b"..".to_vec()),
        ("three dots", b"...".to_vec()),
        ("one segment", b"eyJhbGciOiJIUzI1NiJ9".to_vec()),
        ("five segments (JWE)", b"a.b.c.d.e".to_vec()),
        ("binary", rng.bytes(1000)),
        ("binary with dots", binary_dots),
        ("NUL bytes", vec![0u8; 64]),
        ("NUL inside", b"eyJhbGciOiJIUzI1NiJ9\0.e30.AAAA".to_vec()),
        ("invalid UTF-8", b"eyJ\xff\xfe.\xc3\x28.\x80".to_vec()),
        (
            "UTF-8 non-ASCII",
            "\u{e9}y\u{e9}.\u{e9}.\u{1f600}".as_bytes().to_vec(),
        ),
        ("padding", b"eyJhbGciOiJIUzI1NiJ9==.e30=.AAAA".to_vec()),
        (
            "standard base64",
            b"eyJhbGciOiJIUzI1NiJ9.e30+/.AA+/".to_vec(),
        ),
        ("spaces", b"eyJhbGciOiJIUzI1NiJ9 . e30 . AAAA".to_vec()),
        (
            "header not JSON",
            format!("{}.{}.AAAA", b64("{alg"), b64("{}")).into_bytes(),
        ),
        ("header dots", ".".repeat(5000).into_bytes()),
        ("long segment", "A".repeat(100_000).into_bytes()),
    ]
}

/// Structurally plausible tokens: verify must refuse them; decode may print them.
fn suspicious_tokens(hs_text: &str) -> Vec<(&'static str, Vec<u8>)> {
    let payload = b64(r#"{"exp":5000}"#);
    let seg = |s: &str| b64(s);
    let signed = library_token(hs_text, Algorithm::HS256, &json!({"exp": 5000}));
    let (input, _) = signed.rsplit_once('.').expect("token");
    vec![
        ("empty signature", format!("{input}.").into_bytes()),
        ("short signature", format!("{input}.AAAA").into_bytes()),
        ("non-canonical signature end", {
            let mut t = signed.clone().into_bytes();
            let last = t.last_mut().expect("byte");
            *last = if *last == b'B' { b'C' } else { b'B' };
            t
        }),
        (
            "duplicate alg",
            format!("{}.{payload}.AAAA", seg(r#"{"alg":"HS256","alg":"none"}"#)).into_bytes(),
        ),
        (
            "header array",
            format!("{}.{payload}.AAAA", seg("[]")).into_bytes(),
        ),
        (
            "alg number",
            format!("{}.{payload}.AAAA", seg(r#"{"alg":256}"#)).into_bytes(),
        ),
        (
            "alg case",
            format!("{}.{payload}.AAAA", seg(r#"{"alg":"hs256"}"#)).into_bytes(),
        ),
        (
            "payload array",
            format!("{}.{}.AAAA", seg(r#"{"alg":"HS256"}"#), seg("[]")).into_bytes(),
        ),
        (
            "deep nesting",
            format!(
                "{}.{}.AAAA",
                seg(r#"{"alg":"HS256"}"#),
                seg(&format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)))
            )
            .into_bytes(),
        ),
        (
            "JWS JSON serialization",
            br#"{"payload":"e30","protected":"eyJhbGciOiJIUzI1NiJ9","signature":"AAAA"}"#.to_vec(),
        ),
    ]
}

#[test]
fn garbage_tokens_never_verify_decode_or_panic() {
    let f = fixture();
    let dir = tmp();
    let verify = ["verify", "--alg", "HS256", "--key", &f.hs, "--now", "1000"];
    let mut cases: Vec<(&str, Vec<u8>, bool)> = garbage_tokens()
        .into_iter()
        .map(|(name, bytes)| (name, bytes, true))
        .collect();
    cases.extend(
        suspicious_tokens(&f.hs_text)
            .into_iter()
            .map(|(name, bytes)| (name, bytes, false)),
    );
    for (i, (name, bytes, undecodable)) in cases.iter().enumerate() {
        let file = put(&dir, &format!("t{i}.jwt"), bytes);
        let mut runs = vec![
            (
                "verify --token-file",
                true,
                jwt(&with(&verify, &["--token-file", &file])),
            ),
            (
                "verify stdin",
                true,
                jwt_stdin(&with(&verify, &["-"]), bytes),
            ),
            (
                "decode --token-file",
                *undecodable,
                jwt(&["decode", "--token-file", &file]),
            ),
            ("decode stdin", *undecodable, jwt_stdin(&["decode"], bytes)),
        ];
        // As an argument too, when the OS can carry it (no NUL).
        if !bytes.contains(&0) {
            use std::os::unix::ffi::OsStrExt;
            let arg = OsStr::from_bytes(bytes).to_os_string();
            let mut args = os(&verify);
            args.push(arg.clone());
            runs.push(("verify argument", true, Run::new(&args, None)));
            runs.push((
                "decode argument",
                *undecodable,
                Run::new(&[OsString::from("decode"), arg], None),
            ));
        }
        for (how, must_fail, run) in runs {
            if must_fail {
                assert_ne!(run.code, 0, "{name} ({how}) was accepted:{run}");
                run.refused();
            }
        }
    }
}

#[test]
fn ten_megabyte_token_is_refused_cleanly() {
    let f = fixture();
    let dir = tmp();
    let mut big = b"eyJhbGciOiJIUzI1NiJ9.".to_vec();
    big.resize(10 * 1024 * 1024 - 5, b'A');
    big.extend_from_slice(b".AAAA");
    let file = put(&dir, "big.jwt", &big);
    let verify = ["verify", "--alg", "HS256", "--key", &f.hs, "--now", "1000"];
    jwt(&with(&verify, &["--token-file", &file])).fails(1, "too_large");
    jwt_stdin(&verify, &big).fails(1, "too_large");
    let run = jwt(&["decode", "--token-file", &file]);
    run.refused();
    assert_eq!(run.code, 1, "{run}");
    // A 10 MB key file is refused as a key problem.
    for args in [
        &["sign", "--alg", "HS256", "--key", &file][..],
        &[
            "verify",
            "--alg",
            "HS256",
            "--key",
            &file,
            "--token-file",
            &file,
        ],
        &["key", "public", &file],
        &["key", "thumbprint", &file],
    ] {
        let run = jwt(args);
        run.refused();
        assert_eq!(run.code, 2, "{run}");
    }
}

/// Key files that are nothing like a key.
fn garbage_keys() -> Vec<(&'static str, Vec<u8>)> {
    let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
    vec![
        ("empty", Vec::new()),
        ("whitespace", b" \n\t\r\n".to_vec()),
        ("binary 64", rng.bytes(64)),
        ("binary 3000", rng.bytes(3000)),
        ("NUL bytes", vec![0u8; 100]),
        ("invalid UTF-8", b"{\xff\xfe\"kty\":\"oct\"}".to_vec()),
        ("open brace", b"{".to_vec()),
        ("empty object", b"{}".to_vec()),
        ("JSON array", b"[]".to_vec()),
        ("JWK set", br#"{"keys":[]}"#.to_vec()),
        ("oct without k", br#"{"kty":"oct"}"#.to_vec()),
        ("k not a string", br#"{"kty":"oct","k":123}"#.to_vec()),
        ("k bad base64url", br#"{"kty":"oct","k":"!!!!"}"#.to_vec()),
        ("unknown kty", br#"{"kty":"XYZ","x":"AAAA"}"#.to_vec()),
        (
            "duplicate members",
            br#"{"kty":"oct","kty":"RSA","k":"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"}"#.to_vec(),
        ),
        (
            "deep JSON",
            format!("{}{}", "[".repeat(5000), "]".repeat(5000)).into_bytes(),
        ),
        (
            "huge JSON",
            format!(r#"{{"kty":"oct","k":"{}"}}"#, "A".repeat(200_000)).into_bytes(),
        ),
        (
            "PEM garbage body",
            b"-----BEGIN PRIVATE KEY-----\nZ2FyYmFnZQ==\n-----END PRIVATE KEY-----\n".to_vec(),
        ),
        (
            "PEM bad base64",
            b"-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n".to_vec(),
        ),
        (
            "PEM no end",
            b"-----BEGIN RSA PRIVATE KEY-----\nAAAA\n".to_vec(),
        ),
        (
            "PEM unknown label",
            b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".to_vec(),
        ),
        (
            "PEM random DER",
            format!(
                "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
                b64(rng.bytes(600)).replace('-', "+").replace('_', "/")
            )
            .into_bytes(),
        ),
        ("truncated DER", RSA_PKCS8_DER[..100].to_vec()),
        (
            "truncated public DER",
            RSA_PUB_DER[..RSA_PUB_DER.len() - 1].to_vec(),
        ),
    ]
}

/// Well-formed JWKs whose key material is not a valid key.
fn invalid_jwks() -> Vec<(&'static str, Value)> {
    let zeros = b64([0u8; 32]);
    let one = b64({
        let mut b = [0u8; 32];
        b[31] = 1;
        b
    });
    // The private scalar of one generated key with the public point of another.
    let mixed = |alg: Algorithm| {
        let jwk = |k: SigningKey| -> Value {
            serde_json::from_str(&k.to_private_jwk().expect("jwk").to_json()).expect("JSON")
        };
        let mut a = jwk(SigningKey::generate(alg).expect("generate"));
        let b = jwk(SigningKey::generate(alg).expect("generate"));
        a["d"] = b["d"].clone();
        a
    };
    vec![
        ("EC private, d of another key", mixed(Algorithm::ES256)),
        ("OKP private, d of another key", mixed(Algorithm::EdDSA)),
        (
            "EC private, point (0,1) not on P-256",
            json!({"kty": "EC", "crv": "P-256", "x": zeros, "y": one, "d": one}),
        ),
        (
            "EC private, 3-byte coordinates",
            json!({"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA", "d": "AAAA"}),
        ),
        (
            "OKP private, 3-byte x and d",
            json!({"kty": "OKP", "crv": "Ed25519", "x": "AAAA", "d": "AAAA"}),
        ),
        (
            "RSA private, 17-bit modulus",
            json!({"kty": "RSA", "n": "AQAB", "e": "AQAB", "d": "AQAB"}),
        ),
    ]
}

/// sign, verify, key public and key thumbprint over `file` in every format: the lines.
fn key_file_lines(file: &str, hs_token: &str, es_token: &str, export: bool) -> Vec<String> {
    let mut lines = Vec::new();
    for format in ["auto", "jwk", "pem", "der"] {
        let key = format!("{file} --key-format {format}");
        for (alg, token) in [
            ("HS256", hs_token),
            ("ES256", es_token),
            ("RS256", es_token),
            ("EdDSA", es_token),
        ] {
            lines.push(format!("sign --alg {alg} --key {key}"));
            lines.push(format!("verify --alg {alg} --key {key} --now 1001 {token}"));
        }
        if export {
            for cmd in ["public", "thumbprint"] {
                lines.push(format!("key {cmd} {key}"));
                lines.push(format!("key {cmd} {key} --alg ES256"));
                lines.push(format!("key {cmd} {key} --alg RS256"));
            }
        }
    }
    lines
}

/// Runs every line; returns those that exited 0 (the others must be clean failures).
fn accepted(name: &str, lines: &[String]) -> Vec<String> {
    let mut accepted = Vec::new();
    for line in lines {
        let run = sh(line);
        if run.code == 0 {
            accepted.push(format!("`{name}`:{run}"));
        } else {
            run.refused();
        }
    }
    accepted
}

#[test]
fn garbage_key_files_never_sign_verify_export_or_panic() {
    let f = fixture();
    let dir = tmp();
    let hs_token = sign_line(&format!("--alg HS256 --key {} --now 1000", f.hs));
    let es_token = sign_line(&format!("--alg ES256 --key {} --now 1000", f.es));
    let mut bad = Vec::new();
    for (i, (name, bytes)) in garbage_keys().iter().enumerate() {
        let key = put(&dir, &format!("k{i}.key"), bytes);
        let mut lines = key_file_lines(&key, &hs_token, &es_token, true);
        // raw: only a short secret is refused (weak_key); any 32+ bytes is a secret.
        if bytes.len() < 32 {
            lines.push(format!("sign --alg HS256 --key {key} --key-format raw"));
            lines.push(format!("key public {key} --alg HS256 --key-format raw"));
        }
        bad.extend(accepted(name, &lines));
    }
    // Well-formed JWKs with invalid key material never sign or verify.
    for (i, (name, jwk)) in invalid_jwks().iter().enumerate() {
        let key = put(&dir, &format!("j{i}.jwk"), jwk.to_string());
        bad.extend(accepted(
            name,
            &key_file_lines(&key, &hs_token, &es_token, false),
        ));
        // (key thumbprint hashes the members: RFC 7638 does not validate the key, so
        // any exit status is acceptable there; it must only not panic.)
        sh(&format!("key thumbprint {key}"));
    }
    assert!(
        bad.is_empty(),
        "{} garbage key runs exited 0:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn key_public_refuses_jwks_that_are_not_valid_keys() {
    // `key public` on a JWK strips the private members without checking the key, so a
    // JWK with an off-curve point or 3-byte coordinates yields a "public key" (exit 0)
    // that no verifier accepts. For a PEM or DER file the key is parsed and checked.
    let dir = tmp();
    let mut bad = Vec::new();
    for (i, (name, jwk)) in invalid_jwks().iter().enumerate() {
        let key = put(&dir, &format!("j{i}.jwk"), jwk.to_string());
        bad.extend(accepted(name, &[format!("key public {key}")]));
    }
    assert!(
        bad.is_empty(),
        "{} invalid keys got a public JWK:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn malformed_inputs_only_ever_exit_1_or_2() {
    let dir = tmp();
    let (private, public) = key_files(&dir, "ES256");
    let mut inputs: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"\0\0\0".to_vec(),
        vec![0xff, 0xfe, 0x00, 0x80],
        b"..".to_vec(),
        b"e30.e30.".to_vec(),
        b"eyJhbGciOiJFUzI1NiJ9.\0.AAAA".to_vec(),
        (0..=255u8).collect(),
        vec![b'A'; 10 * 1024 * 1024],
    ];
    inputs.push([b"a.".as_slice(), &vec![b'.'; 100_000]].concat());
    for (i, input) in inputs.iter().enumerate() {
        let file = put(&dir, &format!("in{i}"), input);
        for args in [
            vec![
                "verify",
                "--alg",
                "ES256",
                "--key",
                &public,
                "--token-file",
                &file,
            ],
            vec!["decode", "--token-file", &file],
            vec!["sign", "--alg", "ES256", "--key", &file],
            vec!["verify", "--alg", "ES256", "--key", &file, "e30.e30.e30"],
            vec!["verify", "--alg", "ES256", "--jwks", &file, "e30.e30.e30"],
            vec!["key", "public", &file],
            vec!["key", "thumbprint", &file],
            vec![
                "key",
                "public",
                &file,
                "--alg",
                "ES256",
                "--key-format",
                "der",
            ],
            vec![
                "sign",
                "--alg",
                "HS256",
                "--key",
                &private,
                "--claims-file",
                &file,
            ],
        ] {
            let run = jwt(&args);
            // `decode` checks nothing but the encoding: `e30.e30.` decodes.
            let may_pass = args[0] == "decode" && run.code == 0;
            assert!(
                may_pass || matches!(run.code, 1 | 2),
                "input #{i}: jwt {}: exit {:?}\n{}",
                run.line,
                run.code,
                run.stderr
            );
            assert!(
                may_pass || run.first_err_line().starts_with("error: "),
                "input #{i}: {}",
                run.stderr
            );
        }
        let run = jwt_stdin(&["verify", "--alg", "ES256", "--key", &public], input);
        assert!(
            matches!(run.code, 1 | 2),
            "input #{i} on stdin: {:?}",
            run.code
        );
    }
}
