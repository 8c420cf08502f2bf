//! The command line: clap definitions of every command and flag, and the value parsers
//! of `--alg`, `--bits` and verify's `--now`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;
use strict_jwt::{Algorithm, Backend, NumericDate};

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
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
pub(crate) enum KeyFormat {
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
pub(crate) struct KeyFile {
    /// How the key file is encoded.
    #[arg(long, value_enum, default_value = "auto")]
    pub(crate) key_format: KeyFormat,
}

#[derive(Args)]
pub(crate) struct SignArgs {
    /// The algorithm (e.g. HS256, RS256, PS256, ES256, ES384, ES512, ES256K, EdDSA).
    #[arg(long, value_parser = parse_alg)]
    pub(crate) alg: Algorithm,
    /// The private key (or HMAC secret) file.
    #[arg(long)]
    pub(crate) key: PathBuf,
    #[command(flatten)]
    pub(crate) format: KeyFile,
    /// Header `kid` (default: the key file's own `kid`, if any).
    #[arg(long)]
    pub(crate) kid: Option<String>,
    /// Header `typ` (default `JWT`).
    #[arg(long)]
    pub(crate) typ: Option<String>,
    /// `iss` claim.
    #[arg(long)]
    pub(crate) iss: Option<String>,
    /// `sub` claim.
    #[arg(long)]
    pub(crate) sub: Option<String>,
    /// `aud` claim; repeat for several audiences.
    #[arg(long)]
    pub(crate) aud: Vec<String>,
    /// `exp`: a duration from now (`15m`, `7d`, `3600s`) or `@UNIX` [default: 15m].
    #[arg(long, conflicts_with = "no_exp")]
    pub(crate) exp: Option<String>,
    /// Omit `exp` (verifiers require it by default).
    #[arg(long)]
    pub(crate) no_exp: bool,
    /// `nbf`: a duration from now or `@UNIX`.
    #[arg(long)]
    pub(crate) nbf: Option<String>,
    /// Omit `iat`.
    #[arg(long)]
    pub(crate) no_iat: bool,
    /// `jti` claim.
    #[arg(long, conflicts_with = "random_jti")]
    pub(crate) jti: Option<String>,
    /// A random 128-bit `jti`.
    #[arg(long)]
    pub(crate) random_jti: bool,
    /// Other claims, as a JSON object.
    #[arg(long, conflicts_with = "claims_file")]
    pub(crate) claims: Option<String>,
    /// Other claims, from a file holding a JSON object.
    #[arg(long)]
    pub(crate) claims_file: Option<PathBuf>,
    /// Sign as of this Unix time (integer) instead of the system clock.
    #[arg(long)]
    pub(crate) now: Option<i64>,
}

#[derive(Args)]
pub(crate) struct VerifyArgs {
    /// Allowed algorithm(s); repeat or separate with commas. At least one. A --key is
    /// bound to those of them its key type serves (at least one must be).
    #[arg(long = "alg", required = true, value_delimiter = ',', value_parser = parse_alg)]
    pub(crate) algs: Vec<Algorithm>,
    /// The key file (public or private; JWK, PEM, DER, raw HMAC secret).
    #[arg(long, required_unless_present = "jwks", conflicts_with = "jwks")]
    pub(crate) key: Option<PathBuf>,
    /// A JWK set file; keys are selected by exact `kid`.
    #[arg(long)]
    pub(crate) jwks: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) format: KeyFile,
    /// Accepted issuer; repeat for several (any of them). Makes `iss` required.
    #[arg(long)]
    pub(crate) iss: Vec<String>,
    /// Accepted audience; repeat for several (any of them). Makes `aud` required.
    #[arg(long)]
    pub(crate) aud: Vec<String>,
    /// Required `sub`.
    #[arg(long)]
    pub(crate) sub: Option<String>,
    /// Required header `typ` (e.g. `at+jwt`).
    #[arg(long)]
    pub(crate) typ: Option<String>,
    /// A claim that must be present; repeatable.
    #[arg(long)]
    pub(crate) require: Vec<String>,
    /// Clock skew tolerated on exp, nbf and iat, in seconds (an `iat` later than now plus
    /// the leeway is refused).
    #[arg(long, default_value_t = 0)]
    pub(crate) leeway: u64,
    /// Refuse tokens whose `iat` is older than this many seconds (makes `iat` required).
    #[arg(long)]
    pub(crate) max_age: Option<u64>,
    /// Validate as of this Unix time (integer or fractional) instead of the system clock.
    #[arg(long, value_parser = parse_now)]
    pub(crate) now: Option<NumericDate>,
    /// Accept tokens without `exp`.
    #[arg(long)]
    pub(crate) allow_missing_exp: bool,
    /// Print `{"header":...,"claims":...}` instead of the claims alone.
    #[arg(long)]
    pub(crate) header: bool,
    #[command(flatten)]
    pub(crate) input: TokenInput,
}

#[derive(Args)]
pub(crate) struct TokenInput {
    /// The token; `-` or nothing reads stdin (one trailing newline is stripped).
    pub(crate) token: Option<String>,
    /// Read the token from a file, byte for byte (a trailing newline is part of it).
    #[arg(long, conflicts_with = "token")]
    pub(crate) token_file: Option<PathBuf>,
}

#[derive(Subcommand)]
pub(crate) enum KeyCommand {
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
pub(crate) enum Hash {
    Sha256,
    Sha384,
    Sha512,
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
