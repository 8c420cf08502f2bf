//! What every test module shares: running the binary ([`Run`], [`jwt`], [`sh`] ...), the
//! fixture files, temporary key files, and tokens made by the library.
//!
//! Every run goes through [`Run::new`], which also checks that the process exited
//! normally with 0, 1 or 2 and that stderr does not mention a panic.

use serde_json::Value;
use std::ffi::OsString;
use std::fmt;
use std::io::Write;
use std::process::{Command, Stdio};
use strict_jwt::{Algorithm, Backend, Jwk, Signer, base64url};
use tempfile::TempDir;

pub(crate) const RSA_PEM: &str = include_str!("../../../tests/keys/rsa2048.pem");
pub(crate) const RSA_PUB_PEM: &str = include_str!("../../../tests/keys/rsa2048_pub.pem");
pub(crate) const RSA_PKCS8_DER: &[u8] = include_bytes!("../../../tests/keys/rsa2048_pkcs8.der");
pub(crate) const RSA_PUB_DER: &[u8] = include_bytes!("../../../tests/keys/rsa2048_pub.der");
pub(crate) const P521_PKCS8_DER: &[u8] = include_bytes!("../../../tests/keys/p521_pkcs8.der");
pub(crate) const P521_PUB_DER: &[u8] = include_bytes!("../../../tests/keys/p521_pub.der");
pub(crate) const RFC7515: &str = include_str!("../../../vectors/rfc7515/rfc7515_appendix_a.json");
pub(crate) const RFC8037: &str = include_str!("../../../vectors/rfc8037/rfc8037_appendix_a.json");
pub(crate) const RFC7638: &str = include_str!("../../../vectors/rfc7638/rfc7638_thumbprint.json");

/// The fixed "now" of the generated tokens.
pub(crate) const NOW: i64 = 1_700_000_000;

/// Another fixed "now" for signing (`--now SIGN_AT`), and a time inside the validity of
/// those tokens.
pub(crate) const SIGN_AT: &str = "1767225600";
pub(crate) const VERIFY_AT: &str = "1767225660";

// ---------------------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------------------

/// One finished run of `jwt`.
pub(crate) struct Run {
    pub(crate) line: String,
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
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

pub(crate) fn clip(s: &str) -> String {
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
pub(crate) fn command_line(args: &[OsString], stdin: Option<&[u8]>) -> String {
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
    pub(crate) fn new(args: &[OsString], stdin: Option<&[u8]>) -> Self {
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
    pub(crate) fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "expected success:{self}");
        let out = self
            .stdout
            .strip_suffix('\n')
            .unwrap_or_else(|| panic!("stdout does not end with a newline:{self}"));
        assert!(!out.contains('\n'), "stdout is not one line:{self}");
        out
    }

    /// Exit 0 and stdout one compact JSON value.
    pub(crate) fn ok_json(&self) -> Value {
        let out = self.ok();
        let value: Value =
            serde_json::from_str(out).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):{self}"));
        assert!(is_compact(out), "stdout is not compact JSON:{self}");
        value
    }

    /// The exit status and the first stderr line `error: KIND: ...`.
    pub(crate) fn fails(&self, code: i32, kind: &str) {
        assert_eq!(self.code, code, "expected exit {code} ({kind}):{self}");
        let first = self.stderr.lines().next().unwrap_or("");
        assert!(
            first.starts_with(&format!("error: {kind}: ")),
            "expected a first stderr line `error: {kind}: ...`:{self}"
        );
        assert!(self.stdout.is_empty(), "a failure printed on stdout:{self}");
    }

    /// The first line of stderr ("" if none).
    pub(crate) fn first_err_line(&self) -> &str {
        self.stderr.lines().next().unwrap_or("")
    }

    /// Exit 1 or 2 (never 0) — for garbage whose exact kind is not specified.
    pub(crate) fn refused(&self) {
        assert_ne!(self.code, 0, "garbage was accepted:{self}");
        assert!(
            self.stderr.starts_with("error: "),
            "no `error: ` first line:{self}"
        );
    }
}

/// No whitespace outside JSON strings.
pub(crate) fn is_compact(json: &str) -> bool {
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
pub(crate) fn sh(line: &str) -> Run {
    jwt(&line.split_whitespace().collect::<Vec<_>>())
}

/// `jwt sign REST` (split on whitespace); returns the token.
pub(crate) fn sign_line(rest: &str) -> String {
    sh(&format!("sign {rest}")).ok().to_owned()
}

pub(crate) fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

pub(crate) fn jwt(args: &[&str]) -> Run {
    Run::new(&os(args), None)
}

pub(crate) fn jwt_stdin(args: &[&str], stdin: &[u8]) -> Run {
    Run::new(&os(args), Some(stdin))
}

/// `args` plus more, for building command lines from a common prefix.
pub(crate) fn with<'a>(base: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
    base.iter().chain(more).copied().collect()
}

// ---------------------------------------------------------------------------------------
// Files, keys and tokens
// ---------------------------------------------------------------------------------------

pub(crate) fn tmp() -> TempDir {
    tempfile::Builder::new()
        .prefix("jwt-cli-test-")
        .tempdir()
        .expect("temp dir")
}

/// Writes `bytes` to `dir/name` and returns the path.
pub(crate) fn put(dir: &TempDir, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path.to_str().expect("UTF-8 temp path").to_owned()
}

/// `jwt key generate --alg ALG` written to `dir/ALG.jwk`: (path, JWK text, JWK value).
pub(crate) fn generate(dir: &TempDir, alg: &str) -> (String, String, Value) {
    let text = jwt(&["key", "generate", "--alg", alg]).ok().to_owned();
    let value: Value = serde_json::from_str(&text).expect("generated JWK is JSON");
    (put(dir, &format!("{alg}.jwk"), &text), text, value)
}

/// `jwt key public FILE` written to `dir/name`.
pub(crate) fn public_of(dir: &TempDir, private: &str, name: &str) -> (String, Value) {
    let run = jwt(&["key", "public", private]);
    let value = run.ok_json();
    (put(dir, name, run.ok()), value)
}

/// Private and public key files for `alg`, generated by `jwt key generate` and `jwt key
/// public` (HMAC: the secret twice; RSA: the fixture key, PEM).
pub(crate) fn key_files(dir: &TempDir, alg: &str) -> (String, String) {
    if alg.starts_with("RS") || alg.starts_with("PS") {
        return (
            put(dir, &format!("{alg}.pem"), RSA_PEM),
            put(dir, &format!("{alg}.pub.pem"), RSA_PUB_PEM),
        );
    }
    let (private, _, _) = generate(dir, alg);
    if alg.starts_with("HS") {
        return (private.clone(), private);
    }
    let (public, _) = public_of(dir, &private, &format!("{alg}.pub.jwk"));
    (private, public)
}

/// A JWK file's text without its `kid` (for library tokens without a header kid).
pub(crate) fn without_kid(jwk_file: &str) -> String {
    let text = std::fs::read_to_string(jwk_file).expect("read JWK file");
    let mut jwk: Value = serde_json::from_str(&text).expect("JWK JSON");
    jwk.as_object_mut().expect("JWK object").remove("kid");
    jwk.to_string()
}

pub(crate) fn b64(bytes: impl AsRef<[u8]>) -> String {
    base64url::encode(bytes.as_ref())
}

/// A token signed by the library with a JWK file's key (its kid goes in the header).
pub(crate) fn library_token(jwk: &str, alg: Algorithm, claims: &Value) -> String {
    let key = Jwk::from_json(jwk)
        .and_then(|j| j.to_signing_key(alg))
        .expect("library signing key");
    Signer::new(key).sign(claims).expect("library sign")
}

/// A token with an arbitrary header and payload, signed at the raw level.
pub(crate) fn raw_token(jwk: &str, alg: Algorithm, header: &Value, payload: &[u8]) -> String {
    let key = Jwk::from_json(jwk)
        .and_then(|j| j.to_signing_key(alg))
        .expect("library signing key");
    let input = format!("{}.{}", b64(header.to_string()), b64(payload));
    let sig = strict_jwt::internal::sign_raw(&key, input.as_bytes()).expect("sign_raw");
    format!("{input}.{}", b64(sig))
}

/// Replaces the signature of `token` with that of `other` (same key, other content).
pub(crate) fn swap_signature(token: &str, other: &str) -> String {
    let (input, _) = token.rsplit_once('.').expect("token");
    let (_, sig) = other.rsplit_once('.').expect("token");
    format!("{input}.{sig}")
}

/// A tiny deterministic generator for garbage bytes.
pub(crate) struct XorShift(pub(crate) u64);

impl XorShift {
    pub(crate) fn bytes(&mut self, n: usize) -> Vec<u8> {
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

/// Keys and a fresh token shared by the error-kind tests.
pub(crate) struct Fixture {
    pub(crate) _dir: TempDir,
    pub(crate) hs: String,
    pub(crate) hs_text: String,
    pub(crate) es: String,
    pub(crate) es_pub: String,
}

pub(crate) fn fixture() -> Fixture {
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

pub(crate) fn rfc_case<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no case {id}"))
}

/// The token with one bit of its signature flipped (re-encoded, so still canonical).
pub(crate) fn tamper_signature(token: &str) -> String {
    let (input, sig) = token.rsplit_once('.').expect("token");
    let mut sig = base64url::decode(sig).expect("signature base64url");
    sig[0] ^= 0x01;
    format!("{input}.{}", b64(sig))
}

pub(crate) fn alg_of(name: &str) -> Algorithm {
    Algorithm::from_name(name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Whether `key generate --alg NAME` works with the backend this build uses (ring has
/// no ES512, ES256K and no RSA key generation; aws-lc-rs has all).
pub(crate) fn can_generate(name: &str) -> bool {
    let alg = alg_of(name);
    let rsa = ["RS", "PS"].iter().any(|p| name.starts_with(p));
    Backend::ACTIVE.supports(alg) && (!rsa || Backend::ACTIVE == Backend::AwsLcRs)
}

/// The big-endian bytes of a base64url JWK member.
pub(crate) fn member(jwk: &Value, name: &str) -> Vec<u8> {
    let text = jwk[name]
        .as_str()
        .unwrap_or_else(|| panic!("no {name}: {jwk}"));
    base64url::decode(text).unwrap_or_else(|e| panic!("{name} is not base64url ({e}): {jwk}"))
}
