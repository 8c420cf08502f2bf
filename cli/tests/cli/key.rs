//! `jwt key generate`, `key public` and `key thumbprint`.

use crate::common::*;
use serde_json::{Value, json};

#[test]
fn key_thumbprint_of_the_rfc7638_example_and_generated_kids() {
    let doc: Value = serde_json::from_str(RFC7638).expect("RFC 7638 vectors");
    let case = rfc_case(&doc, "rfc7638-3.1");
    let dir = tmp();
    let key = put(&dir, "rfc7638.jwk", case["jwk"].to_string());
    let run = jwt(&["key", "thumbprint", &key]);
    assert_eq!(
        run.ok(),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs",
        "{run}"
    );
    let run = jwt(&["key", "thumbprint", &key, "--hash", "sha256"]);
    assert_eq!(
        run.ok(),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs",
        "{run}"
    );
    for (hash, len) in [("sha384", 64), ("sha512", 86)] {
        let run = jwt(&["key", "thumbprint", &key, "--hash", hash]);
        assert_eq!(run.ok().len(), len, "{hash}:{run}");
    }
    // The other cases of the file (EC, oct, OKP).
    for case in doc["cases"].as_array().expect("cases") {
        let file = put(&dir, "case.jwk", case["jwk"].to_string());
        let run = jwt(&["key", "thumbprint", &file]);
        assert_eq!(run.ok(), case["thumbprint_b64u"], "{}:{run}", case["id"]);
    }
    // A generated key's default kid is its thumbprint; --kid overrides it; the private
    // and public JWKs have the same thumbprint.
    for alg in ["HS384", "ES256", "ES384", "EdDSA", "Ed25519"] {
        let (private, _, jwk) = generate(&dir, alg);
        let thumb = jwt(&["key", "thumbprint", &private]).ok().to_owned();
        assert_eq!(jwk["kid"], json!(thumb), "{alg}");
        if !alg.starts_with("HS") {
            let (public, _) = public_of(&dir, &private, &format!("{alg}.pub.jwk"));
            assert_eq!(jwt(&["key", "thumbprint", &public]).ok(), thumb, "{alg}");
        }
        let run = jwt(&["key", "generate", "--alg", alg, "--kid", "my-key"]);
        assert_eq!(run.ok_json()["kid"], "my-key", "{run}");
    }
    // PEM with --alg: the RSA fixture's thumbprint equals its public JWK's.
    let pem = put(&dir, "rsa_pub.pem", RSA_PUB_PEM);
    let from_pem = jwt(&["key", "thumbprint", &pem, "--alg", "RS256"])
        .ok()
        .to_owned();
    let private_pem = put(&dir, "rsa.pem", RSA_PEM);
    let run = jwt(&["key", "public", &private_pem, "--alg", "PS256"]);
    let jwk = put(&dir, "rsa_pub.jwk", run.ok());
    assert_eq!(jwt(&["key", "thumbprint", &jwk]).ok(), from_pem, "{run}");
}

#[test]
fn key_generate_es512_and_es256k_or_refuses_them_as_unsupported() {
    let dir = tmp();
    for (alg, crv, len) in [("ES512", "P-521", 66), ("ES256K", "secp256k1", 32)] {
        let run = jwt(&["key", "generate", "--alg", alg]);
        if !can_generate(alg) {
            run.fails(2, "unsupported_key");
            continue;
        }
        let jwk = run.ok_json();
        assert_eq!(
            (&jwk["kty"], &jwk["crv"], &jwk["alg"]),
            (&json!("EC"), &json!(crv), &json!(alg)),
            "{run}"
        );
        for name in ["x", "y", "d"] {
            assert_eq!(member(&jwk, name).len(), len, "{alg} {name}:{run}");
        }
        // kid: the thumbprint, of the private and of the public JWK alike.
        let private = put(&dir, &format!("{alg}.jwk"), run.ok());
        let (public, pub_jwk) = public_of(&dir, &private, &format!("{alg}.pub.jwk"));
        assert!(pub_jwk.get("d").is_none(), "{pub_jwk}");
        assert_eq!(
            (&pub_jwk["crv"], &pub_jwk["alg"]),
            (&json!(crv), &json!(alg))
        );
        for file in [&private, &public] {
            let run = jwt(&["key", "thumbprint", file]);
            assert_eq!(json!(run.ok()), jwk["kid"], "{run}");
        }
        let run = jwt(&["key", "generate", "--alg", alg, "--kid", "k-1"]);
        assert_eq!(run.ok_json()["kid"], "k-1", "{run}");
    }
}

#[test]
fn key_generate_rsa_with_bits_or_refuses_it_as_unsupported() {
    let dir = tmp();
    for (alg, bits, size) in [
        ("RS256", None, 2048),
        ("PS384", Some("2048"), 2048),
        ("RS256", Some("3072"), 3072),
        ("PS512", Some("4096"), 4096),
    ] {
        let mut args = vec!["key", "generate", "--alg", alg];
        args.extend(bits.iter().flat_map(|b| ["--bits", b]));
        let run = jwt(&args);
        if !can_generate(alg) {
            run.fails(2, "unsupported_key");
            continue;
        }
        let jwk = run.ok_json();
        assert_eq!(
            (&jwk["kty"], &jwk["alg"]),
            (&json!("RSA"), &json!(alg)),
            "{run}"
        );
        assert_eq!(jwk["e"], "AQAB", "{run}");
        // n: exactly `size` bits (no leading zero byte, top bit set).
        let n = member(&jwk, "n");
        assert_eq!(n.len() * 8, size, "modulus bytes:{run}");
        assert!(n[0] & 0x80 != 0, "modulus shorter than {size} bits:{run}");
        // A private JWK with every CRT member (sign needs them all).
        for name in ["d", "p", "q", "dp", "dq", "qi"] {
            assert!(!member(&jwk, name).is_empty(), "{name}:{run}");
        }
        assert_eq!(member(&jwk, "p").len() * 16, size, "p:{run}");
        let private = put(&dir, &format!("{alg}-{size}.jwk"), run.ok());
        let (_, pub_jwk) = public_of(&dir, &private, &format!("{alg}-{size}.pub.jwk"));
        assert_eq!(pub_jwk["n"], jwk["n"]);
        assert!(pub_jwk.get("d").is_none() && pub_jwk.get("p").is_none());
        let run = jwt(&["key", "thumbprint", &private]);
        assert_eq!(json!(run.ok()), jwk["kid"], "{run}");
    }
}

#[test]
fn key_generate_bits_misuse_is_a_usage_error() {
    // --bits with a non-RSA algorithm: refused before any key is made, whatever the
    // backend.
    for alg in ["ES256", "ES512", "EdDSA", "Ed25519", "HS256", "HS512"] {
        sh(&format!("key generate --alg {alg} --bits 2048")).fails(2, "usage");
    }
    // Sizes other than 2048, 3072, 4096, and values that are not numbers.
    for bits in [
        "1024", "2047", "2049", "8192", "0", "-2048", "2k", "", "3072.0",
    ] {
        jwt(&["key", "generate", "--alg", "RS256", "--bits", bits]).fails(2, "usage");
    }
    sh("key generate --alg RS256 --bits").fails(2, "usage");
    sh("key generate --bits 2048").fails(2, "usage");
    sh("key generate --alg PS256 --bits 2048 --bits 3072").fails(2, "usage");
    // --bits is an option of `key generate` only.
    let f = fixture();
    sh(&format!("sign --alg HS256 --key {} --bits 2048", f.hs)).fails(2, "usage");
    sh(&format!("key public {} --bits 2048", f.es)).fails(2, "usage");
}
