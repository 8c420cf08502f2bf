//! ECDSA `ES256` (P-256, SHA-256) and `ES384` (P-384, SHA-384) on `ring`.
//!
//! Signatures are the JWS form only: raw `r || s`, exactly 64 or 96 bytes (`ring`'s
//! `FIXED` variants). DER signatures are never accepted. `ring` rejects `r` or `s`
//! equal to zero or not below the group order (CVE-2022-21449, "psychic signatures").
//! High-S signatures verify: JWS does not require low-S, so ECDSA tokens are
//! malleable and must never be deduplicated by their bytes.
//!
//! `ES512` (P-521) is not offered by `ring` and is refused as unsupported.

use super::{Algorithm, rejected};
use crate::der::Curve;
use crate::error::{Error, ErrorKind, Result};
use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;
use ring::agreement;
use ring::rand::SystemRandom;
use ring::signature::{self as rs, EcdsaKeyPair, KeyPair as _};
use zeroize::Zeroizing;

/// The curve, verification and signing parameters of an ECDSA algorithm.
pub(crate) fn curve_of(alg: Algorithm) -> Result<Curve> {
    match alg {
        Algorithm::ES256 => Ok(Curve::P256),
        Algorithm::ES384 => Ok(Curve::P384),
        _ => Err(Error::new(
            ErrorKind::KeyMismatch,
            "an EC key needs an ES256 or ES384 algorithm",
        )),
    }
}

/// Refuses curves this crate has no algorithm for, with the right kind: P-521 is a
/// real curve `ring` lacks (unsupported), any other mismatch is the caller's.
pub(crate) fn check_curve(alg: Algorithm, curve: Curve) -> Result<()> {
    let want = curve_of(alg)?;
    if curve == want {
        Ok(())
    } else if curve == Curve::P521 {
        Err(Error::new(
            ErrorKind::UnsupportedAlgorithm,
            "P-521 (ES512) is not supported by ring",
        ))
    } else {
        Err(Error::new(
            ErrorKind::KeyMismatch,
            "the key's curve does not match the algorithm",
        ))
    }
}

fn verification(alg: Algorithm) -> &'static rs::EcdsaVerificationAlgorithm {
    if alg == Algorithm::ES384 {
        &rs::ECDSA_P384_SHA384_FIXED
    } else {
        &rs::ECDSA_P256_SHA256_FIXED
    }
}

fn signing(alg: Algorithm) -> &'static rs::EcdsaSigningAlgorithm {
    if alg == Algorithm::ES384 {
        &rs::ECDSA_P384_SHA384_FIXED_SIGNING
    } else {
        &rs::ECDSA_P256_SHA256_FIXED_SIGNING
    }
}

/// An EC public key (an uncompressed point checked to be on its curve) bound to
/// `ES256` or `ES384`.
#[derive(Clone)]
pub(crate) struct EcPublicKey {
    alg: Algorithm,
    curve: Curve,
    /// `0x04 || x || y`.
    point: Box<[u8]>,
}

impl EcPublicKey {
    /// From an uncompressed SEC1 point. Compressed points and the point at infinity
    /// are refused; the point must lie on the algorithm's curve.
    pub(crate) fn from_point(alg: Algorithm, point: &[u8]) -> Result<Self> {
        let curve = curve_of(alg)?;
        if point.first() != Some(&4) || point.len() != 1 + 2 * curve.scalar_len() {
            return Err(Error::new(
                ErrorKind::InvalidKey,
                "EC public key must be an uncompressed point of the algorithm's curve",
            ));
        }
        validate_point(curve, point)?;
        Ok(Self {
            alg,
            curve,
            point: point.into(),
        })
    }

    /// From JWK coordinates, each exactly the curve's field size (RFC 7518 §6.2.1.2).
    pub(crate) fn from_coordinates(alg: Algorithm, x: &[u8], y: &[u8]) -> Result<Self> {
        let len = curve_of(alg)?.scalar_len();
        if x.len() != len || y.len() != len {
            return Err(Error::new(
                ErrorKind::InvalidKey,
                "EC coordinates must be exactly the curve's field size",
            ));
        }
        let mut point = Vec::with_capacity(1 + 2 * len);
        point.push(4);
        point.extend_from_slice(x);
        point.extend_from_slice(y);
        Self::from_point(alg, &point)
    }

    pub(crate) fn algorithm(&self) -> Algorithm {
        self.alg
    }

    pub(crate) fn curve(&self) -> Curve {
        self.curve
    }

    /// `0x04 || x || y`.
    pub(crate) fn point(&self) -> &[u8] {
        &self.point
    }

    pub(crate) fn signature_len(&self) -> usize {
        2 * self.curve.scalar_len()
    }

    pub(crate) fn verify(&self, input: &[u8], sig: &[u8]) -> Result<()> {
        if sig.len() != self.signature_len() {
            return Err(Error::invalid_signature());
        }
        rs::UnparsedPublicKey::new(verification(self.alg), &*self.point)
            .verify(input, sig)
            .map_err(|_| Error::invalid_signature())
    }
}

/// `ring` has no public "validate this point" call, but its ECDH checks the peer's
/// point fully (on the curve, not the identity): one agreement with a throwaway key
/// at construction time, so verification never meets an invalid point.
fn validate_point(curve: Curve, point: &[u8]) -> Result<()> {
    let alg = match curve {
        Curve::P256 => &agreement::ECDH_P256,
        Curve::P384 => &agreement::ECDH_P384,
        Curve::P521 => {
            return Err(Error::new(
                ErrorKind::UnsupportedAlgorithm,
                "P-521 (ES512) is not supported by ring",
            ));
        }
    };
    let mine = agreement::EphemeralPrivateKey::generate(alg, &SystemRandom::new())
        .map_err(|_| Error::new(ErrorKind::Crypto, "system random number generator failed"))?;
    agreement::agree_ephemeral(mine, &agreement::UnparsedPublicKey::new(alg, point), |_| ())
        .map_err(|_| Error::new(ErrorKind::InvalidKey, "EC point is not on the curve"))
}

impl fmt::Debug for EcPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcPublicKey")
            .field("alg", &self.alg)
            .field("curve", &self.curve)
            .finish_non_exhaustive()
    }
}

/// An EC private key bound to `ES256` or `ES384`: `ring`'s parsed key pair, and the
/// PKCS#8 document it came from (zeroized on drop) for export.
pub(crate) struct EcPrivateKey {
    alg: Algorithm,
    pair: EcdsaKeyPair,
    pkcs8: Zeroizing<Vec<u8>>,
}

impl EcPrivateKey {
    /// From PKCS#8. The document's curve must be the algorithm's.
    pub(crate) fn from_pkcs8(alg: Algorithm, der: &[u8]) -> Result<Self> {
        curve_of(alg)?;
        match crate::der::pkcs8_algorithm(der)? {
            crate::der::KeyAlgorithm::Ec(curve) => check_curve(alg, curve)?,
            _ => return Err(wrong_key_type()),
        }
        let pair =
            EcdsaKeyPair::from_pkcs8(signing(alg), der, &SystemRandom::new()).map_err(rejected)?;
        Ok(Self {
            alg,
            pair,
            pkcs8: Zeroizing::new(der.into()),
        })
    }

    /// From a SEC1 `ECPrivateKey`, which must carry its public key (OpenSSL's always
    /// does; `ring` cannot derive it).
    pub(crate) fn from_sec1(alg: Algorithm, der: &[u8]) -> Result<Self> {
        let sec1 = crate::der::parse_sec1(der)?;
        let curve = curve_of(alg)?;
        if let Some(c) = sec1.curve {
            check_curve(alg, c)?;
        }
        let public = sec1.public.ok_or(Error::new(
            ErrorKind::InvalidKey,
            "SEC1 key without its public key is not supported",
        ))?;
        Self::from_pkcs8(alg, &crate::der::ec_pkcs8(curve, sec1.d, public))
    }

    /// From the JWK members `d`, `x`, `y`.
    pub(crate) fn from_components(alg: Algorithm, d: &[u8], x: &[u8], y: &[u8]) -> Result<Self> {
        let public = EcPublicKey::from_coordinates(alg, x, y)?;
        if d.len() != public.curve.scalar_len() {
            return Err(Error::new(
                ErrorKind::InvalidKey,
                "EC private key must be exactly the curve's scalar size",
            ));
        }
        Self::from_pkcs8(alg, &crate::der::ec_pkcs8(public.curve, d, &public.point))
    }

    /// A new key pair from the system CSPRNG.
    pub(crate) fn generate(alg: Algorithm) -> Result<Self> {
        curve_of(alg)?;
        let doc = EcdsaKeyPair::generate_pkcs8(signing(alg), &SystemRandom::new())
            .map_err(|_| Error::new(ErrorKind::Crypto, "system random number generator failed"))?;
        Self::from_pkcs8(alg, doc.as_ref())
    }

    pub(crate) fn pkcs8(&self) -> &[u8] {
        &self.pkcs8
    }

    /// ring derived this point from the private scalar (and checked it against any
    /// public key the document carried), so the ECDH validation is not repeated.
    pub(crate) fn public_key(&self) -> Result<EcPublicKey> {
        Ok(EcPublicKey {
            alg: self.alg,
            curve: curve_of(self.alg)?,
            point: self.pair.public_key().as_ref().into(),
        })
    }

    pub(crate) fn sign(&self, input: &[u8]) -> Result<rs::Signature> {
        self.pair
            .sign(&SystemRandom::new(), input)
            .map_err(|_| Error::new(ErrorKind::Crypto, "ECDSA signing failed"))
    }
}

fn wrong_key_type() -> Error {
    Error::new(
        ErrorKind::KeyMismatch,
        "the key is not an EC key; ES256/ES384 need one",
    )
}

impl fmt::Debug for EcPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcPrivateKey")
            .field("alg", &self.alg)
            .field("private", &"<redacted>")
            .finish()
    }
}
