//! `jwt key generate`, `key public` and `key thumbprint`.

use crate::args::{Hash, KeyCommand};
use crate::failure::{Failure, Outcome};
use crate::input::key::{KeySource, load_key_file, signing_key, verifying_key};
use strict_jwt::{Algorithm, Error as JwtError, Jwk, SigningKey, ThumbprintHash};

fn is_rsa(alg: Algorithm) -> bool {
    use Algorithm::{PS256, PS384, PS512, RS256, RS384, RS512};
    matches!(alg, RS256 | RS384 | RS512 | PS256 | PS384 | PS512)
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

pub(crate) fn key(cmd: &KeyCommand) -> Outcome<String> {
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
