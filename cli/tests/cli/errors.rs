//! The error interface: exit status 2 and the first stderr line for key problems and
//! usage errors, and one case of every error kind.

use crate::common::*;
use serde_json::json;
use strict_jwt::Algorithm;

#[test]
fn key_problems_exit_2_with_their_kind() {
    let f = fixture();
    let dir = tmp();
    let es_token = sign_line(&format!("--alg ES256 --key {} --now 1000", f.es));
    // incompatible_key: a JWK with "alg":"ES256" used for ES384 (private and public).
    sh(&format!("sign --alg ES384 --key {}", f.es)).fails(2, "incompatible_key");
    for key in [&f.es, &f.es_pub] {
        let verify = format!("verify --key {key} --now 1001");
        sh(&format!("{verify} --alg ES384 {es_token}")).fails(2, "incompatible_key");
        // Bound to the --alg its key serves: ES256 alone or ES256,ES384 verifies; ES384
        // alone is served by no key (above).
        sh(&format!("{verify} --alg ES256 {es_token}")).ok();
        sh(&format!("{verify} --alg ES256,ES384 {es_token}")).ok();
    }
    // incompatible_key: an HMAC JWK for RS256, an EC key for HS256, oct has no public JWK.
    sh(&format!("sign --alg RS256 --key {}", f.hs)).fails(2, "incompatible_key");
    sh(&format!("verify --alg HS256 --key {} {es_token}", f.es_pub)).fails(2, "incompatible_key");
    sh(&format!("key public {}", f.hs)).fails(2, "incompatible_key");
    // incompatible_key: a generated Ed25519 JWK carries "alg":"Ed25519", not EdDSA.
    let (ed, _, _) = generate(&dir, "Ed25519");
    sh(&format!("sign --alg EdDSA --key {ed}")).fails(2, "incompatible_key");
    // weak_key: a 16-byte raw HMAC secret, for signing and for verifying.
    let weak = put(&dir, "weak.key", [0x5au8; 16]);
    sh(&format!("sign --alg HS256 --key {weak} --key-format raw")).fails(2, "weak_key");
    sh(&format!(
        "verify --alg HS256 --key {weak} --key-format raw {es_token}"
    ))
    .fails(2, "weak_key");
    // 32 bytes is enough for HS256 but not for HS512.
    let k32 = put(&dir, "k32.key", [0x33u8; 32]);
    let t = sign_line(&format!("--alg HS256 --key {k32} --key-format raw --now 1"));
    sh(&format!(
        "verify --alg HS256 --key {k32} --key-format raw --now 2 {t}"
    ))
    .ok();
    sh(&format!("sign --alg HS512 --key {k32} --key-format raw")).fails(2, "weak_key");
    // weak_key: an RSA modulus of 1024 bits.
    let small = put(
        &dir,
        "small_rsa.jwk",
        json!({"kty": "RSA", "n": b64([0xc5u8; 128]), "e": "AQAB"}).to_string(),
    );
    sh(&format!("verify --alg RS256 --key {small} {es_token}")).fails(2, "weak_key");
    // An HMAC key in auto mode must be an oct JWK: a text secret file is refused.
    let secret = put(
        &dir,
        "secret.txt",
        "a-long-enough-shared-secret-of-32+bytes!",
    );
    sh(&format!("sign --alg HS256 --key {secret}")).fails(2, "invalid_key");
    // invalid_key: a key file that is neither a JWK nor PEM (auto mode).
    let junk = put(&dir, "junk.key", "hello");
    sh(&format!("sign --alg ES256 --key {junk}")).fails(2, "invalid_key");
    // unsupported_key: what the backend lacks (ring: RSA generation, ES512,
    // ES256K); with aws-lc-rs they are generated (see `key_generate_*` below).
    for alg in ["RS256", "PS512", "ES512", "ES256K"] {
        let run = sh(&format!("key generate --alg {alg}"));
        if can_generate(alg) {
            run.ok_json();
        } else {
            run.fails(2, "unsupported_key");
        }
    }
    // Names outside the JOSE registry stay usage errors.
    for alg in ["ES521", "es512", "Ed448", "ES256k"] {
        sh(&format!("key generate --alg {alg}")).fails(2, "usage");
    }
    // io: a key file that does not exist.
    sh("sign --alg HS256 --key /nonexistent/jwt-cli/key.jwk").fails(2, "io");
}

#[test]
fn usage_errors_exit_2() {
    let f = fixture();
    let token = sign_line(&format!("--alg HS256 --key {}", f.hs));
    let (hs, t) = (&f.hs, &token);
    for line in [
        // no --alg
        format!("verify --key {hs} {t}"),
        format!("sign --key {hs}"),
        "key generate".to_owned(),
        // --key and --jwks together; neither
        format!("verify --alg HS256 --key {hs} --jwks {hs} {t}"),
        format!("verify --alg HS256 {t}"),
        // secrets on the command line are not accepted, only files
        "sign --alg HS256 --secret hunter2hunter2hunter2hunter2hunter2".to_owned(),
        format!("verify --alg HS256 --secret hunter2hunter2hunter2hunter2hunter2 {t}"),
        "sign --alg HS256 --key-value hunter2hunter2hunter2hunter2hunter2".to_owned(),
        // unknown algorithm names, none, bad values
        format!("sign --alg none --key {hs}"),
        format!("verify --alg HS257 --key {hs} {t}"),
        format!("verify --alg HS256, --key {hs} {t}"),
        format!("verify --alg HS256 --key {hs} --leeway -1 {t}"),
        format!("verify --alg HS256 --key {hs} --max-age 1.5 {t}"),
        format!("verify --alg HS256 --key {hs} --key-format x509 {t}"),
        format!("key thumbprint {hs} --hash md5"),
        // a token both as argument and file; two positional tokens
        format!("verify --alg HS256 --key {hs} --token-file {hs} {t}"),
        format!("decode {t} {t}"),
        // no subcommand, unknown subcommand
        String::new(),
        "frobnicate".to_owned(),
        "key".to_owned(),
        "key rotate".to_owned(),
    ] {
        sh(&line).fails(2, "usage");
    }
    // PEM and DER keys need --alg for `key public` / `key thumbprint`.
    let dir = tmp();
    let pem = put(&dir, "rsa.pem", RSA_PEM);
    sh(&format!("key public {pem}")).fails(2, "usage");
    sh(&format!("key thumbprint {pem}")).fails(2, "usage");
    // A secret given where a key FILE is expected is taken as a path: exit 2, `io`
    // (not `usage`: the CLI cannot tell a mistyped path from a secret).
    sh("sign --alg HS256 --key hunter2hunter2hunter2hunter2hunter2").fails(2, "io");
}

#[test]
fn every_error_kind_has_its_exit_status_and_first_line() {
    let dir = tmp();
    let (es_private, es_public) = key_files(&dir, "ES256");
    let sign = |extra: &[&str]| {
        let mut args = vec![
            "sign",
            "--alg",
            "ES256",
            "--key",
            &es_private,
            "--now",
            SIGN_AT,
        ];
        args.extend_from_slice(extra);
        jwt(&args).ok().to_owned()
    };
    let verify = |token: &str, extra: &[&str]| {
        let mut args = vec!["verify", "--alg", "ES256", "--key", &es_public];
        args.extend_from_slice(extra);
        args.push(token);
        jwt(&args)
    };
    let good = sign(&["--iss", "me", "--sub", "alice", "--aud", "api"]);
    let base = ["--now", VERIFY_AT];

    verify("a.b", &base).fails(1, "malformed");
    let huge = put(&dir, "huge", "a".repeat(300 * 1024));
    jwt(&[
        "verify",
        "--alg",
        "ES256",
        "--key",
        &es_public,
        "--token-file",
        &huge,
    ])
    .fails(1, "too_large");
    let (last, _) = good.rsplit_once('.').expect("three segments");
    let flipped = format!("{last}.{}", "A".repeat(86));
    verify(&flipped, &base).fails(1, "invalid_signature");
    jwt(&[
        "verify", "--alg", "HS256", "--key", &es_public, "--now", VERIFY_AT, &good,
    ])
    .fails(2, "incompatible_key");
    let (hs_private, _) = key_files(&dir, "HS256");
    // Library tokens without a header kid, signed with the HS256 secret.
    let hs_text = without_kid(&hs_private);
    let hs_token = library_token(&hs_text, Algorithm::HS256, &json!({"exp": 1_767_229_200}));
    jwt(&["verify", "--alg", "HS384", "--key", &hs_private, &hs_token])
        .fails(2, "incompatible_key");
    verify(&hs_token, &base).fails(1, "alg_not_allowed");
    verify(&good, &["--now", "1767226500"]).fails(1, "expired");
    let future = sign(&["--nbf", "@1767229200"]);
    verify(&future, &base).fails(1, "not_yet_valid");
    verify(&good, &["--now", VERIFY_AT, "--max-age", "10"]).fails(1, "too_old");
    verify(&good, &["--now", "1767225000", "--aud", "api"]).fails(1, "issued_in_future");
    verify(&good, &["--now", VERIFY_AT, "--iss", "other"]).fails(1, "wrong_issuer");
    verify(&good, &["--now", VERIFY_AT, "--aud", "other"]).fails(1, "wrong_audience");
    verify(&good, &["--now", VERIFY_AT, "--aud", "api", "--sub", "bob"]).fails(1, "wrong_subject");
    verify(
        &good,
        &["--now", VERIFY_AT, "--aud", "api", "--typ", "at+jwt"],
    )
    .fails(1, "wrong_type");
    verify(
        &good,
        &["--now", VERIFY_AT, "--aud", "api", "--require", "role"],
    )
    .fails(1, "missing_claim");

    let hs = |token: &str, extra: &[&str]| {
        let mut args = vec![
            "verify",
            "--alg",
            "HS256",
            "--key",
            &hs_private,
            "--now",
            VERIFY_AT,
        ];
        args.extend_from_slice(extra);
        args.push(token);
        jwt(&args)
    };
    let bad_exp = library_token(&hs_text, Algorithm::HS256, &json!({"exp": "1767229200"}));
    hs(&bad_exp, &[]).fails(1, "invalid_claim");
    let none = raw_token(
        &hs_text,
        Algorithm::HS256,
        &json!({"alg": "none"}),
        json!({}).to_string().as_bytes(),
    );
    hs(&none, &[]).fails(1, "unsupported_algorithm");
    let crit = raw_token(
        &hs_text,
        Algorithm::HS256,
        &json!({"alg": "HS256", "crit": ["exp"], "exp": 1}),
        json!({"exp": 1_767_229_200}).to_string().as_bytes(),
    );
    hs(&crit, &[]).fails(1, "crit_unsupported");

    // Key files and usage.
    let short = put(&dir, "short", [7u8; 16]);
    jwt(&[
        "sign",
        "--alg",
        "HS256",
        "--key",
        &short,
        "--key-format",
        "raw",
    ])
    .fails(2, "weak_key");
    let jwks = put(&dir, "jwks.json", r#"{"keys":[]}"#);
    jwt(&["verify", "--alg", "ES256", "--jwks", &jwks, &good]).fails(2, "configuration");
    let other = jwt(&["key", "public", &key_files(&dir, "ES384").0]);
    let other_set = put(
        &dir,
        "other.json",
        format!(r#"{{"keys":[{}]}}"#, other.ok()),
    );
    let with_set = |set: &str| {
        jwt(&[
            "verify",
            "--alg",
            "ES256,ES384",
            "--jwks",
            set,
            "--now",
            VERIFY_AT,
            "--aud",
            "api",
            &good,
        ])
    };
    with_set(&other_set).fails(1, "unknown_key");
    let both = format!(
        r#"{{"keys":[{},{}]}}"#,
        std::fs::read_to_string(&es_public).expect("public"),
        other.ok()
    );
    let both = put(&dir, "both.json", both);
    with_set(&both).ok();
    // key_mismatch is the token's fault (exit 1): its kid selects the set's ES384 key
    // for an ES256 token.
    let es384_kid = other.ok_json()["kid"].as_str().expect("kid").to_owned();
    let wrong_kid = sign(&[&format!("--kid={es384_kid}")]); // a kid may start with `-`
    jwt(&[
        "verify",
        "--alg",
        "ES256,ES384",
        "--jwks",
        &both,
        "--now",
        VERIFY_AT,
        &wrong_kid,
    ])
    .fails(1, "key_mismatch");
    jwt(&["verify", "--key", &es_public, &good]).fails(2, "usage");
    jwt(&["verify", "--alg", "ES256", &good]).fails(2, "usage");
    jwt(&[
        "verify", "--alg", "ES256", "--key", &es_public, "--jwks", &both, &good,
    ])
    .fails(2, "usage");
    jwt(&["verify", "--alg", "none", "--key", &es_public, &good]).fails(2, "usage");
    jwt(&["sign", "--alg", "HS256", "--key", "hunter2hunter2"]).fails(2, "io");
    jwt(&[
        "sign",
        "--alg",
        "ES256",
        "--key",
        &es_private,
        "--exp",
        "soon",
    ])
    .fails(2, "usage");
    jwt(&[
        "sign",
        "--alg",
        "ES256",
        "--key",
        &es_private,
        "--iss",
        "a",
        "--claims",
        r#"{"iss":"b"}"#,
    ])
    .fails(2, "usage");
    // RSA key generation: aws-lc-rs makes 2048-bit keys by default; ring has none.
    let rsa = jwt(&["key", "generate", "--alg", "RS256"]);
    if can_generate("RS256") {
        let jwk = rsa.ok_json();
        let n = strict_jwt::base64url::decode(jwk["n"].as_str().expect("n")).expect("n");
        assert_eq!(n.len(), 256, "{jwk}");
    } else {
        rsa.fails(2, "unsupported_key");
    }
    jwt(&["key", "generate", "--alg", "ES256", "--bits", "2048"]).fails(2, "usage");
    jwt(&["key", "generate", "--alg", "RS256", "--bits", "1024"]).fails(2, "usage");
}
