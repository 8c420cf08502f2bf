//! Key files: what a file holds (JWK, PEM, DER, raw HMAC secret), and the signing or
//! verifying key it makes for an algorithm, or for each allowed algorithm it serves.

use super::{read_file, read_text};
use crate::args::KeyFormat;
use crate::failure::{Failure, Outcome};
use std::path::Path;
use strict_jwt::{Algorithm, Error as JwtError, ErrorKind, HmacKey, Jwk, SigningKey, VerifyingKey};

/// What a key file holds, parsed for one purpose.
pub(crate) enum KeySource {
    Jwk(Box<Jwk>),
    Pem(String),
    Der(Vec<u8>),
    Raw(Vec<u8>),
}

pub(crate) fn load_key_file(path: &Path, format: KeyFormat) -> Outcome<KeySource> {
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

pub(crate) fn signing_key(src: &KeySource, alg: Algorithm) -> Result<SigningKey, JwtError> {
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
/// `incompatible_key` (an allowed family's key that is weak, invalid or unsupported by the
/// backend says more than "not an ES256 key"), else the first error.
pub(crate) fn verifying_keys(src: &KeySource, algs: &[Algorithm]) -> Outcome<Vec<VerifyingKey>> {
    let mut keys: Vec<VerifyingKey> = Vec::new();
    let (mut first, mut telling) = (None, None);
    for &alg in algs {
        if keys.iter().any(|k| k.algorithm() == alg) {
            continue;
        }
        match verifying_key(src, alg) {
            Ok(key) => keys.push(key),
            Err(e) => {
                if e.kind() != ErrorKind::IncompatibleKey && telling.is_none() {
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

pub(crate) fn verifying_key(src: &KeySource, alg: Algorithm) -> Result<VerifyingKey, JwtError> {
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
                        // Not a private key either: the public key's error.
                        ErrorKind::InvalidKey => first,
                        _ => e,
                    })
            }),
        KeySource::Raw(r) => HmacKey::new(alg, r).map(VerifyingKey::from),
    }
}
