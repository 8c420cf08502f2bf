//! Black-box tests of the `jwt` binary against its interface (exit status 0/1/2, first
//! stderr line `error: KIND: ...`): sign/verify round trips for all 15 algorithms (ES512,
//! ES256K and RSA key generation where the backend has them, `unsupported_algorithm`
//! where it does not), one key bound to several `--alg`, one purpose-made token per error kind, the RFC 7515 A.1-A.3 and RFC 8037 A.4 examples
//! verified from their JWK files, token-input rules, a malformed-input sweep that may
//! only ever exit 1 or 2, `decode`, `key thumbprint` and `--help`.
//!
//! Every run goes through [`Run::new`], which also checks that the process exited
//! normally with 0, 1 or 2 and that stderr does not mention a panic.

use serde_json::{Value, json};
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::io::Write;
use std::process::{Command, Stdio};
use strict_jwt::{Algorithm, Backend, Jwk, Signer, SigningKey, base64url};
use tempfile::TempDir;

const RSA_PEM: &str = include_str!("../../tests/keys/rsa2048.pem");
const RSA_PUB_PEM: &str = include_str!("../../tests/keys/rsa2048_pub.pem");
const RSA_PKCS8_DER: &[u8] = include_bytes!("../../tests/keys/rsa2048_pkcs8.der");
const RSA_PUB_DER: &[u8] = include_bytes!("../../tests/keys/rsa2048_pub.der");
const P521_PKCS8_DER: &[u8] = include_bytes!("../../tests/keys/p521_pkcs8.der");
const P521_PUB_DER: &[u8] = include_bytes!("../../tests/keys/p521_pub.der");
const RFC7515: &str = include_str!("../../vectors/rfc7515/rfc7515_appendix_a.json");
const RFC8037: &str = include_str!("../../vectors/rfc8037/rfc8037_appendix_a.json");
const RFC7638: &str = include_str!("../../vectors/rfc7638/rfc7638_thumbprint.json");

/// The fixed "now" of the generated tokens.
const NOW: i64 = 1_700_000_000;

// ---------------------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------------------

/// One finished run of `jwt`.
struct Run {
    line: String,
    code: i32,
    stdout: String,
    stderr: String,
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\n  command: {}\n  exit: {}\n  stdout: {}\n  stderr: {}",
            self.line,
            self.code,
            clip(&self.stdout),
            clip(&self.stderr)
        )
    }
}

fn clip(s: &str) -> String {
    if s.len() > 600 {
        let mut end = 600;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}... ({} bytes)", &s[..end], s.len())
    } else {
        s.to_owned()
    }
}

/// The command line for failure messages, long arguments shortened.
fn command_line(args: &[OsString], stdin: Option<&[u8]>) -> String {
    let mut line = String::from("jwt");
    for arg in args {
        let arg = arg.to_string_lossy();
        if arg.len() > 120 {
            let head: String = arg.chars().take(60).collect();
            line.push_str(&format!(" '{head}...'({} bytes)", arg.len()));
        } else if arg.is_empty() || arg.contains([' ', '"', '{', '\n']) {
            line.push_str(&format!(" '{arg}'"));
        } else {
            line.push(' ');
            line.push_str(&arg);
        }
    }
    if let Some(input) = stdin {
        let shown = String::from_utf8_lossy(&input[..input.len().min(60)]).into_owned();
        line.push_str(&format!(" < stdin {shown:?} ({} bytes)", input.len()));
    }
    line
}

impl Run {
    fn new(args: &[OsString], stdin: Option<&[u8]>) -> Self {
        let line = command_line(args, stdin);
        let mut child = Command::new(env!("CARGO_BIN_EXE_jwt"))
            .args(args)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {line}: {e}"));
        let output = std::thread::scope(|scope| {
            if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
                // A writer thread, so a large input cannot deadlock against the output
                // pipes; the child may legitimately stop reading early.
                scope.spawn(move || {
                    let _ = pipe.write_all(bytes);
                });
            }
            child.wait_with_output()
        })
        .unwrap_or_else(|e| panic!("waiting for {line}: {e}"));
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let Some(code) = output.status.code() else {
            panic!(
                "killed by a signal ({:?}): {line}\nstderr: {stderr}",
                output.status
            );
        };
        let run = Self {
            line,
            code,
            stdout,
            stderr,
        };
        assert!(matches!(run.code, 0..=2), "exit status outside 0/1/2:{run}");
        assert!(
            !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
            "the binary panicked:{run}"
        );
        run
    }

    /// Exit 0; returns stdout without its (single, final) newline.
    fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "expected success:{self}");
        let out = self
            .stdout
            .strip_suffix('\n')
            .unwrap_or_else(|| panic!("stdout does not end with a newline:{self}"));
        assert!(!out.contains('\n'), "stdout is not one line:{self}");
        out
    }

    /// Exit 0 and stdout one compact JSON value.
    fn ok_json(&self) -> Value {
        let out = self.ok();
        let value: Value =
            serde_json::from_str(out).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):{self}"));
        assert!(is_compact(out), "stdout is not compact JSON:{self}");
        value
    }

    /// The exit status and the first stderr line `error: KIND: ...`.
    fn fails(&self, code: i32, kind: &str) {
        assert_eq!(self.code, code, "expected exit {code} ({kind}):{self}");
        let first = self.stderr.lines().next().unwrap_or("");
        assert!(
            first.starts_with(&format!("error: {kind}: ")),
            "expected a first stderr line `error: {kind}: ...`:{self}"
        );
        assert!(self.stdout.is_empty(), "a failure printed on stdout:{self}");
    }

    /// Exit 1 or 2 (never 0) — for garbage whose exact kind is not specified.
    fn refused(&self) {
        assert_ne!(self.code, 0, "garbage was accepted:{self}");
        assert!(
            self.stderr.starts_with("error: "),
            "no `error: ` first line:{self}"
        );
    }
}

/// No whitespace outside JSON strings.
fn is_compact(json: &str) -> bool {
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if c.is_whitespace() {
            return false;
        }
    }
    true
}

/// `jwt` with `line` split on whitespace (for arguments without spaces).
fn sh(line: &str) -> Run {
    jwt(&line.split_whitespace().collect::<Vec<_>>())
}

/// `jwt sign REST` (split on whitespace); returns the token.
fn sign_line(rest: &str) -> String {
    sh(&format!("sign {rest}")).ok().to_owned()
}

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

fn jwt(args: &[&str]) -> Run {
    Run::new(&os(args), None)
}

fn jwt_stdin(args: &[&str], stdin: &[u8]) -> Run {
    Run::new(&os(args), Some(stdin))
}

/// `args` plus more, for building command lines from a common prefix.
fn with<'a>(base: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
    base.iter().chain(more).copied().collect()
}

// ---------------------------------------------------------------------------------------
// Files, keys and tokens
// ---------------------------------------------------------------------------------------

fn tmp() -> TempDir {
    tempfile::Builder::new()
        .prefix("jwt-cli-test-")
        .tempdir()
        .expect("temp dir")
}

/// Writes `bytes` to `dir/name` and returns the path.
fn put(dir: &TempDir, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path.to_str().expect("UTF-8 temp path").to_owned()
}

/// `jwt key generate --alg ALG` written to `dir/ALG.jwk`: (path, JWK text, JWK value).
fn generate(dir: &TempDir, alg: &str) -> (String, String, Value) {
    let text = jwt(&["key", "generate", "--alg", alg]).ok().to_owned();
    let value: Value = serde_json::from_str(&text).expect("generated JWK is JSON");
    (put(dir, &format!("{alg}.jwk"), &text), text, value)
}

/// `jwt key public FILE` written to `dir/name`.
fn public_of(dir: &TempDir, private: &str, name: &str) -> (String, Value) {
    let run = jwt(&["key", "public", private]);
    let value = run.ok_json();
    (put(dir, name, run.ok()), value)
}

fn b64(bytes: impl AsRef<[u8]>) -> String {
    base64url::encode(bytes.as_ref())
}

/// A token signed by the library with a JWK file's key (its kid goes in the header).
fn library_token(jwk: &str, alg: Algorithm, claims: &Value) -> String {
    let key = Jwk::from_json(jwk)
        .and_then(|j| j.to_signing_key(alg))
        .expect("library signing key");
    Signer::new(key).sign(claims).expect("library sign")
}

/// A token with an arbitrary header and payload, signed at the raw level.
fn raw_token(jwk: &str, alg: Algorithm, header: &Value, payload: &[u8]) -> String {
    let key = Jwk::from_json(jwk)
        .and_then(|j| j.to_signing_key(alg))
        .expect("library signing key");
    let input = format!("{}.{}", b64(header.to_string()), b64(payload));
    let sig = strict_jwt::internal::sign_raw(&key, input.as_bytes()).expect("sign_raw");
    format!("{input}.{}", b64(sig))
}

/// Replaces the signature of `token` with that of `other` (same key, other content).
fn swap_signature(token: &str, other: &str) -> String {
    let (input, _) = token.rsplit_once('.').expect("token");
    let (_, sig) = other.rsplit_once('.').expect("token");
    format!("{input}.{sig}")
}

/// A tiny deterministic generator for garbage bytes.
struct XorShift(u64);

impl XorShift {
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n)
            .map(|_| {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                self.0.to_le_bytes()[3]
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------------------
// 1. Round trips
// ---------------------------------------------------------------------------------------

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
fn rsa_round_trips_with_der_key_files() {
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
}

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

// ---------------------------------------------------------------------------------------
// 2. Every error kind
// ---------------------------------------------------------------------------------------

/// Keys and a fresh token shared by the error-kind tests.
struct Fixture {
    _dir: TempDir,
    hs: String,
    hs_text: String,
    es: String,
    es_pub: String,
}

fn fixture() -> Fixture {
    let dir = tmp();
    let (hs, hs_text, _) = generate(&dir, "HS256");
    let (es, _, _) = generate(&dir, "ES256");
    let (es_pub, _) = public_of(&dir, &es, "es.pub.jwk");
    Fixture {
        _dir: dir,
        hs,
        hs_text,
        es,
        es_pub,
    }
}

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
fn key_problems_exit_2_with_their_kind() {
    let f = fixture();
    let dir = tmp();
    let es_token = sign_line(&format!("--alg ES256 --key {} --now 1000", f.es));
    // key_mismatch: a JWK with "alg":"ES256" used for ES384 (private and public).
    sh(&format!("sign --alg ES384 --key {}", f.es)).fails(2, "key_mismatch");
    for key in [&f.es, &f.es_pub] {
        let verify = format!("verify --key {key} --now 1001");
        sh(&format!("{verify} --alg ES384 {es_token}")).fails(2, "key_mismatch");
        // Bound to the --alg its key serves: ES256 alone or ES256,ES384 verifies; ES384
        // alone is served by no key (above).
        sh(&format!("{verify} --alg ES256 {es_token}")).ok();
        sh(&format!("{verify} --alg ES256,ES384 {es_token}")).ok();
    }
    // key_mismatch: an HMAC JWK for RS256, an EC key for HS256, oct has no public JWK.
    sh(&format!("sign --alg RS256 --key {}", f.hs)).fails(2, "key_mismatch");
    sh(&format!("verify --alg HS256 --key {} {es_token}", f.es_pub)).fails(2, "key_mismatch");
    sh(&format!("key public {}", f.hs)).fails(2, "key_mismatch");
    // key_mismatch: a generated Ed25519 JWK carries "alg":"Ed25519", not EdDSA.
    let (ed, _, _) = generate(&dir, "Ed25519");
    sh(&format!("sign --alg EdDSA --key {ed}")).fails(2, "key_mismatch");
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
    // unsupported_algorithm: what the backend lacks (ring: RSA generation, ES512,
    // ES256K); with aws-lc-rs they are generated (see `key_generate_*` below).
    for alg in ["RS256", "PS512", "ES512", "ES256K"] {
        let run = sh(&format!("key generate --alg {alg}"));
        if can_generate(alg) {
            run.ok_json();
        } else {
            run.fails(2, "unsupported_algorithm");
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

// ---------------------------------------------------------------------------------------
// 3. RFC examples
// ---------------------------------------------------------------------------------------

fn rfc_case<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no case {id}"))
}

/// The token with one bit of its signature flipped (re-encoded, so still canonical).
fn tamper_signature(token: &str) -> String {
    let (input, sig) = token.rsplit_once('.').expect("token");
    let mut sig = base64url::decode(sig).expect("signature base64url");
    sig[0] ^= 0x01;
    format!("{input}.{}", b64(sig))
}

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

// ---------------------------------------------------------------------------------------
// 4. Token input and the malformed-input sweep
// ---------------------------------------------------------------------------------------

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
}

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

// ---------------------------------------------------------------------------------------
// 5. decode, thumbprint, --help
// ---------------------------------------------------------------------------------------

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
fn help_works_for_every_subcommand_and_lists_its_flags() {
    let cases: &[(&[&str], &[&str])] = &[
        (&[], &["sign", "verify", "decode", "key"]),
        (
            &["sign"],
            &[
                "--alg",
                "--key",
                "--key-format",
                "--kid",
                "--typ",
                "--iss",
                "--sub",
                "--aud",
                "--exp",
                "--no-exp",
                "--nbf",
                "--no-iat",
                "--jti",
                "--random-jti",
                "--claims",
                "--claims-file",
                "--now",
            ],
        ),
        (
            &["verify"],
            &[
                "--alg",
                "--key",
                "--jwks",
                "--key-format",
                "--iss",
                "--aud",
                "--sub",
                "--typ",
                "--require",
                "--leeway",
                "--max-age",
                "--now",
                "--allow-missing-exp",
                "--header",
                "--token-file",
            ],
        ),
        (&["decode"], &["--token-file"]),
        (&["key"], &["generate", "public", "thumbprint"]),
        (&["key", "generate"], &["--alg", "--bits", "--kid"]),
        (&["key", "public"], &["--alg", "--key-format"]),
        (&["key", "thumbprint"], &["--alg", "--hash", "--key-format"]),
    ];
    for (sub, flags) in cases {
        for help in ["--help", "-h"] {
            let run = jwt(&with(sub, &[help]));
            assert_eq!(run.code, 0, "{run}");
            assert!(!run.stdout.is_empty(), "help on stdout:{run}");
            for flag in *flags {
                assert!(
                    run.stdout.contains(flag),
                    "help does not mention {flag}:{run}"
                );
            }
        }
    }
    // `jwt help SUB` too.
    let run = jwt(&["help", "verify"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.contains("--jwks"), "{run}");
}

// ---------------------------------------------------------------------------------------
// 6. The backend's algorithms: ES512, ES256K, RSA generation; --version
// ---------------------------------------------------------------------------------------

fn alg_of(name: &str) -> Algorithm {
    Algorithm::from_name(name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Whether `key generate --alg NAME` works with the backend this build uses (ring has
/// no ES512, ES256K and no RSA key generation; aws-lc-rs has all).
fn can_generate(name: &str) -> bool {
    let alg = alg_of(name);
    let rsa = ["RS", "PS"].iter().any(|p| name.starts_with(p));
    Backend::ACTIVE.supports(alg) && (!rsa || Backend::ACTIVE == Backend::AwsLcRs)
}

/// The big-endian bytes of a base64url JWK member.
fn member(jwk: &Value, name: &str) -> Vec<u8> {
    let text = jwk[name]
        .as_str()
        .unwrap_or_else(|| panic!("no {name}: {jwk}"));
    base64url::decode(text).unwrap_or_else(|e| panic!("{name} is not base64url ({e}): {jwk}"))
}

#[test]
fn version_names_the_crypto_backend() {
    for flag in ["--version", "-V"] {
        let run = jwt(&[flag]);
        assert_eq!(
            run.ok(),
            format!(
                "jwt {} (crypto backend: {})",
                env!("CARGO_PKG_VERSION"),
                Backend::ACTIVE.name()
            ),
            "{run}"
        );
    }
    // The cli's features choose it: aws-lc-rs by default and whenever it is on; with
    // `ring` alone, ring (unless another package of the build turns aws-lc-rs on).
    if cfg!(feature = "aws-lc-rs") {
        assert_eq!(Backend::ACTIVE, Backend::AwsLcRs);
    } else if cfg!(feature = "ring") {
        assert_ne!(Backend::ACTIVE, Backend::HmacOnly);
    }
}

#[test]
fn key_generate_es512_and_es256k_or_refuses_them_as_unsupported() {
    let dir = tmp();
    for (alg, crv, len) in [("ES512", "P-521", 66), ("ES256K", "secp256k1", 32)] {
        let run = jwt(&["key", "generate", "--alg", alg]);
        if !can_generate(alg) {
            run.fails(2, "unsupported_algorithm");
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
            run.fails(2, "unsupported_algorithm");
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
        sh(&format!("sign --alg RS384 --key {private}")).fails(2, "key_mismatch");
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
            sh(&line).fails(2, "unsupported_algorithm");
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
    sh(&format!("verify --alg ES256 --key {k1} --now 1001 {t}")).fails(2, "key_mismatch");
}

// ---------------------------------------------------------------------------------------
// 7. One key, several --alg
// ---------------------------------------------------------------------------------------

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
            .fails(2, "key_mismatch");
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
        .fails(2, "key_mismatch");
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
    // The first error that is not a plain key_mismatch: a 1024-bit RSA key is weak for
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
    .fails(2, "key_mismatch");
    // A P-521 key: bound to ES512 among several with aws-lc-rs; with ring it serves
    // nothing, whichever --alg (unsupported_algorithm).
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
        sh(&format!("{verify} e30.e30.e30")).fails(2, "unsupported_algorithm");
    }
    // Without ES512 among them: not a key for ES256 or EdDSA (with ring, a P-521 key is
    // unsupported whatever it is asked for).
    let kind = if Backend::ACTIVE.supports(Algorithm::ES512) {
        "key_mismatch"
    } else {
        "unsupported_algorithm"
    };
    sh(&format!(
        "verify --alg ES256,EdDSA --key {public} --key-format der e30.e30.e30"
    ))
    .fails(2, kind);
}
