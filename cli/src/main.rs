//! `jwt`: sign, verify and inspect JSON Web Tokens offline, strictly, with strict-jwt.
//!
//! Exit status: 0 success; 1 the token is not valid; 2 a usage, I/O or key-file
//! problem. On failure the first line on stderr is `error: KIND: message`, where KIND
//! is the library's error kind in snake_case (`expired`, `invalid_signature` ...), or
//! `usage` / `io`.
//!
//! Secrets are only ever read from files, never from the command line (which ends up
//! in shell history and `ps`). The algorithm always comes from `--alg`.
//!
//! The asymmetric algorithms come from strict-jwt's crypto backend, chosen by this
//! package's Cargo features: `aws-lc-rs` (default: every algorithm, with ES512, ES256K
//! and RSA key generation) or `ring` (no ES512, ES256K or RSA generation: those fail as
//! `unsupported_algorithm`, exit 2). `jwt --version` names the backend.

#![forbid(unsafe_code)]

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::{Map, Value};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;
use strict_jwt::{
    Algorithm, Backend, Error as JwtError, ErrorKind, HmacKey, Jwk, JwkSet, NumericDate, Signer,
    SigningKey, ThumbprintHash, UntrustedToken, Verifier, VerifyingKey,
    insecure_decode_without_verification,
};

/// Largest file or stdin read (a token is capped far lower by the verifier).
const MAX_INPUT: u64 = 64 * 1024 * 1024;

/// `jwt --version`: the package version and the crypto backend strict-jwt was built with.
const VERSION: &str = match Backend::ACTIVE {
    Backend::AwsLcRs => concat!(env!("CARGO_PKG_VERSION"), " (crypto backend: aws-lc-rs)"),
    Backend::Ring => concat!(env!("CARGO_PKG_VERSION"), " (crypto backend: ring)"),
    Backend::HmacOnly => concat!(env!("CARGO_PKG_VERSION"), " (crypto backend: hmac-only)"),
    _ => concat!(env!("CARGO_PKG_VERSION"), " (crypto backend: unknown)"),
};

/// The RSA key sizes `key generate --bits` accepts.
const RSA_BITS: [usize; 3] = [2048, 3072, 4096];

#[derive(Parser)]
#[command(
    name = "jwt",
    version = VERSION,
    about = "Sign, verify and inspect JWTs offline, strictly.",
    long_about = "Sign, verify and inspect JWTs offline, strictly.\n\n\
        Exit status: 0 success, 1 the token is not valid, 2 a usage, I/O or key-file problem. \
        On failure the first line on stderr is `error: KIND: message`."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Sign claims into a compact JWT, printed on stdout.
    Sign(SignArgs),
    /// Verify a token's signature and claims; print its claims on success.
    Verify(VerifyArgs),
    /// Print a token's header and claims WITHOUT verifying anything.
    Decode(TokenInput),
    /// Generate keys, derive public keys and thumbprints.
    #[command(subcommand)]
    Key(KeyCommand),
}

#[derive(Clone, Copy, ValueEnum)]
enum KeyFormat {
    /// A JWK if the file starts with `{`, else PEM.
    Auto,
    Jwk,
    Pem,
    /// DER: PKCS#8 or SPKI (also PKCS#1 for RSA, SEC1 for EC).
    Der,
    /// The file's bytes are an HMAC secret.
    Raw,
}

#[derive(Args)]
struct KeyFile {
    /// How the key file is encoded.
    #[arg(long, value_enum, default_value = "auto")]
    key_format: KeyFormat,
}

#[derive(Args)]
struct SignArgs {
    /// The algorithm (e.g. HS256, RS256, PS256, ES256, ES384, ES512, ES256K, EdDSA).
    #[arg(long, value_parser = parse_alg)]
    alg: Algorithm,
    /// The private key (or HMAC secret) file.
    #[arg(long)]
    key: PathBuf,
    #[command(flatten)]
    format: KeyFile,
    /// Header `kid` (default: the key file's own `kid`, if any).
    #[arg(long)]
    kid: Option<String>,
    /// Header `typ` (default `JWT`).
    #[arg(long)]
    typ: Option<String>,
    /// `iss` claim.
    #[arg(long)]
    iss: Option<String>,
    /// `sub` claim.
    #[arg(long)]
    sub: Option<String>,
    /// `aud` claim; repeat for several audiences.
    #[arg(long)]
    aud: Vec<String>,
    /// `exp`: a duration from now (`15m`, `7d`, `3600s`) or `@UNIX` [default: 15m].
    #[arg(long, conflicts_with = "no_exp")]
    exp: Option<String>,
    /// Omit `exp` (verifiers require it by default).
    #[arg(long)]
    no_exp: bool,
    /// `nbf`: a duration from now or `@UNIX`.
    #[arg(long)]
    nbf: Option<String>,
    /// Omit `iat`.
    #[arg(long)]
    no_iat: bool,
    /// `jti` claim.
    #[arg(long, conflicts_with = "random_jti")]
    jti: Option<String>,
    /// A random 128-bit `jti`.
    #[arg(long)]
    random_jti: bool,
    /// Other claims, as a JSON object.
    #[arg(long, conflicts_with = "claims_file")]
    claims: Option<String>,
    /// Other claims, from a file holding a JSON object.
    #[arg(long)]
    claims_file: Option<PathBuf>,
    /// Sign as of this Unix time (integer) instead of the system clock.
    #[arg(long)]
    now: Option<i64>,
}

#[derive(Args)]
struct VerifyArgs {
    /// Allowed algorithm(s); repeat or separate with commas. At least one. A --key is
    /// bound to those of them its key type serves (at least one must be).
    #[arg(long = "alg", required = true, value_delimiter = ',', value_parser = parse_alg)]
    algs: Vec<Algorithm>,
    /// The key file (public or private; JWK, PEM, DER, raw HMAC secret).
    #[arg(long, required_unless_present = "jwks", conflicts_with = "jwks")]
    key: Option<PathBuf>,
    /// A JWK set file; keys are selected by exact `kid`.
    #[arg(long)]
    jwks: Option<PathBuf>,
    #[command(flatten)]
    format: KeyFile,
    /// Accepted issuer; repeat for several (any of them). Makes `iss` required.
    #[arg(long)]
    iss: Vec<String>,
    /// Accepted audience; repeat for several (any of them). Makes `aud` required.
    #[arg(long)]
    aud: Vec<String>,
    /// Required `sub`.
    #[arg(long)]
    sub: Option<String>,
    /// Required header `typ` (e.g. `at+jwt`).
    #[arg(long)]
    typ: Option<String>,
    /// A claim that must be present; repeatable.
    #[arg(long)]
    require: Vec<String>,
    /// Clock skew tolerated on exp, nbf and iat, in seconds (an `iat` later than now plus
    /// the leeway is refused).
    #[arg(long, default_value_t = 0)]
    leeway: u64,
    /// Refuse tokens whose `iat` is older than this many seconds (makes `iat` required).
    #[arg(long)]
    max_age: Option<u64>,
    /// Validate as of this Unix time (integer or fractional) instead of the system clock.
    #[arg(long, value_parser = parse_now)]
    now: Option<NumericDate>,
    /// Accept tokens without `exp`.
    #[arg(long)]
    allow_missing_exp: bool,
    /// Print `{"header":...,"claims":...}` instead of the claims alone.
    #[arg(long)]
    header: bool,
    #[command(flatten)]
    input: TokenInput,
}

#[derive(Args)]
struct TokenInput {
    /// The token; `-` or nothing reads stdin (one trailing newline is stripped).
    token: Option<String>,
    /// Read the token from a file, byte for byte (a trailing newline is part of it).
    #[arg(long, conflicts_with = "token")]
    token_file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Generate a private key and print it as a JWK (kid: its RFC 7638 thumbprint).
    Generate {
        /// HS256/384/512, RS256/384/512, PS256/384/512, ES256, ES384, ES512, ES256K, EdDSA
        /// or Ed25519 (with the ring backend: no RSA, ES512 or ES256K).
        #[arg(long, value_parser = parse_alg)]
        alg: Algorithm,
        /// RSA modulus size for RS*/PS*: 2048, 3072 or 4096 [default: 2048].
        #[arg(long, value_parser = parse_bits)]
        bits: Option<usize>,
        /// The key id (default: the RFC 7638 SHA-256 thumbprint).
        #[arg(long)]
        kid: Option<String>,
    },
    /// Print the public JWK of a private key.
    Public {
        /// The private key file.
        file: PathBuf,
        /// The key's algorithm (required for PEM and DER files).
        #[arg(long, value_parser = parse_alg)]
        alg: Option<Algorithm>,
        #[command(flatten)]
        format: KeyFile,
    },
    /// Print the RFC 7638 thumbprint (base64url) of a key.
    Thumbprint {
        /// The key file (public or private).
        file: PathBuf,
        /// The key's algorithm (required for PEM and DER files).
        #[arg(long, value_parser = parse_alg)]
        alg: Option<Algorithm>,
        /// The hash.
        #[arg(long, value_enum, default_value = "sha256")]
        hash: Hash,
        #[command(flatten)]
        format: KeyFile,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

/// A failure: the exit status and the `KIND: message` line.
struct Failure {
    status: u8,
    kind: &'static str,
    message: String,
}

impl Failure {
    fn usage(message: impl Into<String>) -> Self {
        Self {
            status: 2,
            kind: "usage",
            message: message.into(),
        }
    }

    fn io(path: &Path, e: &std::io::Error) -> Self {
        Self {
            status: 2,
            kind: "io",
            message: format!("{}: {e}", path.display()),
        }
    }

    /// A library error about keys, configuration or arguments: exit 2.
    fn setup(e: &JwtError) -> Self {
        Self {
            status: 2,
            kind: e.kind().code(),
            message: e.to_string(),
        }
    }

    /// A library error about the token: exit 1.
    fn token(e: &JwtError) -> Self {
        Self {
            status: 1,
            kind: e.kind().code(),
            message: e.to_string(),
        }
    }
}

type Outcome<T> = Result<T, Failure>;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind as Clap;
            if matches!(e.kind(), Clap::DisplayHelp | Clap::DisplayVersion) {
                print_out(&e.render().to_string());
                return ExitCode::SUCCESS;
            }
            let text = e.render().to_string();
            let text = text.strip_prefix("error: ").unwrap_or(&text);
            print_err(&format!("error: usage: {}", text.trim_end()));
            return ExitCode::from(2);
        }
    };
    let mut warnings = Vec::new();
    let result = match cli.command {
        Command::Sign(args) => sign(&args),
        Command::Verify(args) => verify(&args, &mut warnings),
        Command::Decode(input) => decode(&input),
        Command::Key(cmd) => key(&cmd),
    };
    match result {
        Ok(out) => {
            for w in &warnings {
                print_err(&format!("warning: {w}"));
            }
            print_out(&out);
            ExitCode::SUCCESS
        }
        Err(f) => {
            print_err(&format!("error: {}: {}", f.kind, f.message));
            for w in &warnings {
                print_err(&format!("warning: {w}"));
            }
            ExitCode::from(f.status)
        }
    }
}

/// Writes to stdout; a closed pipe is not worth a panic.
fn print_out(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = out.write_all(b"\n");
    }
    let _ = out.flush();
}

fn print_err(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

fn parse_alg(s: &str) -> Result<Algorithm, String> {
    Algorithm::from_name(s).map_err(|_| format!("unsupported algorithm `{s}`"))
}

fn parse_bits(s: &str) -> Result<usize, String> {
    s.parse()
        .ok()
        .filter(|bits| RSA_BITS.contains(bits))
        .ok_or_else(|| format!("`{s}` is not an RSA key size (2048, 3072 or 4096)"))
}

fn is_rsa(alg: Algorithm) -> bool {
    use Algorithm::{PS256, PS384, PS512, RS256, RS384, RS512};
    matches!(alg, RS256 | RS384 | RS512 | PS256 | PS384 | PS512)
}

/// `--now` for verify: an integer or fractional Unix time.
fn parse_now(s: &str) -> Result<NumericDate, String> {
    let bad = || format!("`{s}` is not a Unix time");
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let negative = int.starts_with('-');
    let secs: i64 = int.parse().map_err(|_| bad())?;
    if frac.is_empty() {
        return if s.ends_with('.') {
            Err(bad())
        } else {
            Ok(NumericDate::from_secs(secs))
        };
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 9 {
        return Err(bad());
    }
    let nanos: u32 = format!("{frac:0<9}").parse().map_err(|_| bad())?;
    let base = NumericDate::from_secs(secs);
    let fraction = Duration::from_nanos(u64::from(nanos));
    Ok(if negative || int == "-0" {
        base.saturating_sub(fraction)
    } else {
        base.saturating_add(fraction)
    })
}

fn read_file(path: &Path) -> Outcome<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| Failure::io(path, &e))?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::io(path, &e))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(Failure::usage(format!(
            "{}: larger than {MAX_INPUT} bytes",
            path.display()
        )));
    }
    Ok(bytes)
}

fn read_text(path: &Path) -> Outcome<String> {
    String::from_utf8(read_file(path)?).map_err(|_| Failure {
        status: 2,
        kind: "invalid_key",
        message: format!("{}: not UTF-8 text", path.display()),
    })
}

/// The token: an argument, a file (exact bytes), or stdin (one newline stripped).
fn read_token(input: &TokenInput) -> Outcome<String> {
    let bytes = match (&input.token, &input.token_file) {
        (Some(t), None) if t != "-" => return Ok(t.clone()),
        (_, Some(path)) => read_file(path)?,
        _ => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(MAX_INPUT + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::io(Path::new("<stdin>"), &e))?;
            if bytes.ends_with(b"\r\n") {
                bytes.truncate(bytes.len() - 2);
            } else if bytes.ends_with(b"\n") {
                bytes.truncate(bytes.len() - 1);
            }
            bytes
        }
    };
    // Not UTF-8 (or absurdly long) cannot be a compact JWS.
    if bytes.len() as u64 > MAX_INPUT {
        return Err(Failure {
            status: 1,
            kind: ErrorKind::TooLarge.code(),
            message: "the token exceeds the length limit".into(),
        });
    }
    String::from_utf8(bytes).map_err(|_| Failure {
        status: 1,
        kind: ErrorKind::Malformed.code(),
        message: "the token is not ASCII".into(),
    })
}

/// What a key file holds, parsed for one purpose.
enum KeySource {
    Jwk(Box<Jwk>),
    Pem(String),
    Der(Vec<u8>),
    Raw(Vec<u8>),
}

fn load_key_file(path: &Path, format: KeyFormat) -> Outcome<KeySource> {
    let setup = |e: JwtError| Failure::setup(&e);
    Ok(match format {
        KeyFormat::Der => KeySource::Der(read_file(path)?),
        KeyFormat::Raw => KeySource::Raw(read_file(path)?),
        KeyFormat::Jwk => {
            KeySource::Jwk(Box::new(Jwk::from_json(&read_text(path)?).map_err(setup)?))
        }
        KeyFormat::Pem => KeySource::Pem(read_text(path)?),
        KeyFormat::Auto => {
            let text = read_text(path)?;
            if text.trim_start().starts_with('{') {
                KeySource::Jwk(Box::new(Jwk::from_json(&text).map_err(setup)?))
            } else if text.trim_start().starts_with("-----BEGIN") {
                KeySource::Pem(text)
            } else {
                return Err(Failure {
                    status: 2,
                    kind: "invalid_key",
                    message: format!(
                        "{}: neither a JWK nor PEM (use --key-format der or raw)",
                        path.display()
                    ),
                });
            }
        }
    })
}

fn signing_key(src: &KeySource, alg: Algorithm) -> Result<SigningKey, JwtError> {
    match src {
        KeySource::Jwk(j) => j.to_signing_key(alg),
        KeySource::Pem(p) => SigningKey::from_pem(alg, p),
        KeySource::Der(d) => SigningKey::from_pkcs8_der(alg, d).or_else(|first| {
            // PKCS#1 (RSA) and SEC1 (EC) private keys, when PKCS#8 did not parse.
            let other = if alg.is_symmetric() {
                return Err(first);
            } else if alg.name().starts_with("ES") {
                SigningKey::from_sec1_der(alg, d)
            } else if alg.name().starts_with("RS") || alg.name().starts_with("PS") {
                SigningKey::from_pkcs1_der(alg, d)
            } else {
                return Err(first);
            };
            other.map_err(|_| first)
        }),
        KeySource::Raw(r) => HmacKey::new(alg, r).map(SigningKey::from),
    }
}

/// The key file bound to each allowed algorithm it serves, in `--alg` order, as jose
/// and PyJWT do: every `--alg` the library constructs the key for. For a PEM, DER or raw
/// key that is the algorithms of its key type; for a JWK, the library refuses those its
/// `kty`, `crv`, `alg`, `use` or `key_ops` contradict, which leaves its own `alg` if it
/// has one (and it is allowed), else the allowed ones of `Jwk::algorithms_for_key_type`.
/// An HMAC secret is bound to HMAC algorithms only.
///
/// Fails only when the key serves none, with the first error that is not a plain
/// `key_mismatch` (an allowed family's key that is weak, invalid or unsupported by the
/// backend says more than "not an ES256 key"), else the first error.
fn verifying_keys(src: &KeySource, algs: &[Algorithm]) -> Outcome<Vec<VerifyingKey>> {
    let mut keys: Vec<VerifyingKey> = Vec::new();
    let (mut first, mut telling) = (None, None);
    for &alg in algs {
        if keys.iter().any(|k| k.algorithm() == alg) {
            continue;
        }
        match verifying_key(src, alg) {
            Ok(key) => keys.push(key),
            Err(e) => {
                if e.kind() != ErrorKind::KeyMismatch && telling.is_none() {
                    telling = Some(e.clone());
                }
                first.get_or_insert(e);
            }
        }
    }
    match telling.or(first) {
        _ if !keys.is_empty() => Ok(keys),
        Some(e) => Err(Failure::setup(&e)),
        None => Err(Failure::usage("at least one --alg is required")),
    }
}

fn verifying_key(src: &KeySource, alg: Algorithm) -> Result<VerifyingKey, JwtError> {
    match src {
        // A private JWK verifies through its public half.
        KeySource::Jwk(j) if j.is_private() && !alg.is_symmetric() => {
            j.to_signing_key(alg).map(|k| k.verifying_key())
        }
        KeySource::Jwk(j) => j.to_verifying_key(alg),
        KeySource::Pem(p) if p.contains("PRIVATE KEY-----") => {
            SigningKey::from_pem(alg, p).map(|k| k.verifying_key())
        }
        KeySource::Pem(p) => VerifyingKey::from_pem(alg, p),
        KeySource::Der(d) => VerifyingKey::from_spki_der(alg, d)
            .or_else(|first| {
                if alg.name().starts_with("RS") || alg.name().starts_with("PS") {
                    VerifyingKey::from_pkcs1_der(alg, d).map_err(|_| first)
                } else {
                    Err(first)
                }
            })
            .or_else(|first| {
                // A private key's own error (wrong family ...) once its DER parsed.
                signing_key(src, alg)
                    .map(|k| k.verifying_key())
                    .map_err(|e| match e.kind() {
                        ErrorKind::Malformed => first,
                        _ => e,
                    })
            }),
        KeySource::Raw(r) => HmacKey::new(alg, r).map(VerifyingKey::from),
    }
}

/// `15m`, `7d`, `3600s` from now, or `@UNIX`.
fn parse_time(s: &str, now: NumericDate, flag: &str) -> Outcome<NumericDate> {
    let bad = || {
        Failure::usage(format!(
            "--{flag} `{s}`: expected a duration like 15m, 7d, 3600s, or @UNIX"
        ))
    };
    if let Some(abs) = s.strip_prefix('@') {
        return abs.parse().map(NumericDate::from_secs).map_err(|_| bad());
    }
    let split = s.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (n, unit) = s.split_at(split);
    let n: u64 = n.parse().map_err(|_| bad())?;
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return Err(bad()),
    };
    Ok(now.saturating_add(Duration::from_secs(n.saturating_mul(scale))))
}

fn sign(a: &SignArgs) -> Outcome<String> {
    let src = load_key_file(&a.key, a.format.key_format)?;
    let key = signing_key(&src, a.alg).map_err(|e| Failure::setup(&e))?;
    let now = a.now.map_or_else(NumericDate::now, NumericDate::from_secs);

    let mut claims = match (&a.claims, &a.claims_file) {
        (Some(json), _) => parse_claims(json)?,
        (None, Some(path)) => {
            let text = String::from_utf8(read_file(path)?)
                .map_err(|_| Failure::usage("--claims-file is not UTF-8"))?;
            parse_claims(&text)?
        }
        (None, None) => Map::new(),
    };
    let mut set = |name: &str, value: Value| -> Outcome<()> {
        if claims.contains_key(name) {
            return Err(Failure::usage(format!(
                "`{name}` is given both in the claims JSON and as a flag"
            )));
        }
        claims.insert(name.to_owned(), value);
        Ok(())
    };
    if !a.no_iat {
        set("iat", Value::from(now.as_secs()))?;
    }
    if !a.no_exp {
        let exp = parse_time(a.exp.as_deref().unwrap_or("15m"), now, "exp")?;
        set("exp", Value::from(exp.as_secs()))?;
    }
    if let Some(nbf) = &a.nbf {
        set("nbf", Value::from(parse_time(nbf, now, "nbf")?.as_secs()))?;
    }
    if let Some(iss) = &a.iss {
        set("iss", Value::from(iss.as_str()))?;
    }
    if let Some(sub) = &a.sub {
        set("sub", Value::from(sub.as_str()))?;
    }
    match a.aud.as_slice() {
        [] => {}
        [one] => set("aud", Value::from(one.as_str()))?,
        many => set("aud", Value::from(many.to_vec()))?,
    }
    if let Some(jti) = &a.jti {
        set("jti", Value::from(jti.as_str()))?;
    }
    if a.random_jti {
        let random = strict_jwt::Claims::new(Map::new())
            .with_random_jti()
            .map_err(|e| Failure::setup(&e))?;
        let random = serde_json::to_value(&random).unwrap_or_default();
        set("jti", random["jti"].clone())?;
    }

    let mut signer = Signer::new(key);
    if let Some(kid) = &a.kid {
        signer = signer.with_kid(kid.as_str());
    }
    if let Some(typ) = &a.typ {
        signer = signer.with_typ(typ.as_str());
    }
    signer
        .sign(&Value::Object(claims))
        .map_err(|e| Failure::setup(&e))
}

fn parse_claims(json: &str) -> Outcome<Map<String, Value>> {
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(Failure::usage("the claims must be a JSON object")),
        Err(e) => Err(Failure::usage(format!("the claims are not JSON: {e}"))),
    }
}

fn verify(a: &VerifyArgs, warnings: &mut Vec<String>) -> Outcome<String> {
    let (first, rest) = a
        .algs
        .split_first()
        .ok_or_else(|| Failure::usage("at least one --alg is required"))?;
    let token = read_token(&a.input)?;
    let mut b = if let Some(path) = &a.jwks {
        let set = JwkSet::from_json(&read_text(path)?).map_err(|e| Failure::setup(&e))?;
        warnings.extend(set.skipped().iter().map(ToString::to_string));
        let mut b = Verifier::builder().allow(*first);
        for alg in rest {
            b = b.allow(*alg);
        }
        b.key_set(&set)
    } else if let Some(path) = &a.key {
        let src = load_key_file(path, a.format.key_format)?;
        let mut keys = verifying_keys(&src, &a.algs)?;
        let (token_alg, token_kid) = match UntrustedToken::parse(&token) {
            Ok(t) => (
                Some(t.header().algorithm()),
                t.header().kid().map(str::to_owned),
            ),
            Err(_) => (None, None),
        };
        let bound: Vec<Algorithm> = keys.iter().map(VerifyingKey::algorithm).collect();
        // The allowlist is the algorithms the key is bound to. Only the binding for the
        // token's own alg can check it, and bindings of one key outside a key set may not
        // share a kid in one verifier, so the verifier gets that binding alone; when no
        // binding has the token's alg, the first, which refuses the token as
        // alg_not_allowed exactly as an allowlist of every binding would.
        let chosen = token_alg
            .and_then(|alg| bound.iter().position(|b| *b == alg))
            .unwrap_or(0);
        let key = keys.swap_remove(chosen);
        if let Some(alg) = token_alg.filter(|alg| a.algs.contains(alg) && !bound.contains(alg)) {
            warnings.push(format!(
                "--alg {alg} is not used: the key serves only {}",
                bound
                    .iter()
                    .map(|b| b.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        // A key without a kid of its own is the key the user named, whatever kid the
        // token carries; a JWK with a kid matches only tokens with that kid.
        let key = match (key.kid(), &token_kid) {
            (None, Some(kid)) => key.with_kid(kid.as_str()),
            _ => key,
        };
        Verifier::builder().allow(key.algorithm()).key(key)
    } else {
        return Err(Failure::usage("--key or --jwks is required"));
    };
    for iss in &a.iss {
        b = b.issuer(iss.as_str());
    }
    for aud in &a.aud {
        b = b.audience(aud.as_str());
    }
    if let Some(sub) = &a.sub {
        b = b.subject(sub.as_str());
    }
    if let Some(typ) = &a.typ {
        b = b.require_type(typ);
    }
    for claim in &a.require {
        b = b.require_claim(claim.as_str());
    }
    // Strict by default: a token issued in the future (beyond the leeway) is refused.
    b = b
        .leeway(Duration::from_secs(a.leeway))
        .reject_issued_in_future();
    if let Some(max_age) = a.max_age {
        b = b.max_age(Duration::from_secs(max_age));
    }
    if a.allow_missing_exp {
        b = b.allow_tokens_without_expiry();
    }
    let verifier = b.build().map_err(|e| Failure::setup(&e))?;
    let now = a.now.unwrap_or_else(NumericDate::now);
    let verified = verifier
        .verify_at::<Value>(&token, now)
        .map_err(|e| Failure::token(&e))?;
    let claims = verified.into_claims();
    if a.header {
        // The token verified: its header segment is the one the signature covers.
        let header = insecure_decode_without_verification(&token)
            .map_err(|e| Failure::token(&e))
            .and_then(|parts| json_of(&parts.header, "header"))?;
        Ok(serde_json::json!({"header": header, "claims": claims}).to_string())
    } else {
        Ok(claims.to_string())
    }
}

fn json_of(bytes: &[u8], what: &str) -> Outcome<Value> {
    serde_json::from_slice(bytes).map_err(|_| Failure {
        status: 1,
        kind: ErrorKind::Malformed.code(),
        message: format!("the {what} is not JSON"),
    })
}

fn decode(input: &TokenInput) -> Outcome<String> {
    let token = read_token(input)?;
    let parts = insecure_decode_without_verification(&token).map_err(|e| Failure::token(&e))?;
    let header = json_of(&parts.header, "header")?;
    let claims = json_of(&parts.payload, "payload")?;
    print_err("warning: NOT VERIFIED: the signature and the claims were not checked");
    Ok(serde_json::json!({"header": header, "claims": claims}).to_string())
}

/// Imports a JWK as a key, so that `key public` never prints the public half of a key
/// that `sign` or `verify` would refuse (off-curve point, mismatched `d`, short RSA
/// modulus ...). The algorithm: `--alg`, else the JWK's own `alg`, else one its
/// `kty`/`crv` serves (any of them checks the same key).
fn check_jwk(jwk: &Jwk, alg: Option<Algorithm>) -> Result<(), JwtError> {
    let alg = match (alg, jwk.algorithm_name()) {
        (Some(alg), _) => alg,
        (None, Some(name)) => Algorithm::from_name(name)?,
        (None, None) => match jwk.algorithms_for_key_type()? {
            [first, ..] => *first,
            // Never empty: the library errs for key types it has no algorithm for.
            [] => Algorithm::RS256,
        },
    };
    if jwk.is_private() {
        jwk.to_signing_key(alg).map(drop)
    } else {
        jwk.to_verifying_key(alg).map(drop)
    }
}

fn key(cmd: &KeyCommand) -> Outcome<String> {
    let setup = |e: JwtError| Failure::setup(&e);
    match cmd {
        KeyCommand::Generate { alg, bits, kid } => {
            let mut key = match bits {
                Some(_) if !is_rsa(*alg) => {
                    return Err(Failure::usage(format!(
                        "--bits is for RSA keys (RS256 ... PS512), not {alg}"
                    )));
                }
                Some(bits) => SigningKey::generate_rsa(*alg, *bits),
                None => SigningKey::generate(*alg),
            }
            .map_err(setup)?;
            if let Some(kid) = kid {
                key = key.with_kid(kid.as_str());
            }
            let jwk = key.to_private_jwk().map_err(setup)?;
            Ok(jwk.to_json().as_str().to_owned())
        }
        KeyCommand::Public { file, alg, format } => {
            let jwk = match (load_key_file(file, format.key_format)?, alg) {
                (KeySource::Jwk(j), alg) => {
                    check_jwk(&j, *alg).map_err(setup)?;
                    j.to_public().map_err(setup)?
                }
                (src, Some(alg)) => {
                    let key = signing_key(&src, *alg).map_err(setup)?;
                    key.to_public_jwk().map_err(setup)?
                }
                (_, None) => return Err(Failure::usage("PEM and DER keys need --alg")),
            };
            Ok(jwk.to_json().as_str().to_owned())
        }
        KeyCommand::Thumbprint {
            file,
            alg,
            hash,
            format,
        } => {
            let hash = match hash {
                Hash::Sha256 => ThumbprintHash::Sha256,
                Hash::Sha384 => ThumbprintHash::Sha384,
                Hash::Sha512 => ThumbprintHash::Sha512,
            };
            match (load_key_file(file, format.key_format)?, alg) {
                (KeySource::Jwk(j), Some(alg)) => check_jwk(&j, Some(*alg))
                    .and_then(|()| j.thumbprint(hash))
                    .map_err(setup),
                // RFC 7638 hashes the members; without --alg the key is not imported.
                (KeySource::Jwk(j), None) => j.thumbprint(hash).map_err(setup),
                (src, Some(alg)) => verifying_key(&src, *alg)
                    .and_then(|k| k.thumbprint(hash))
                    .map_err(setup),
                (_, None) => Err(Failure::usage("PEM, DER and raw keys need --alg")),
            }
        }
    }
}
