//! JWS algorithms (RFC 7518 §3, RFC 8037) and their implementations, one file per family.
//!
//! Backend types (`hmac`, `sha2`, `ring`) never appear in the public API.

pub(crate) mod ecdsa;
pub(crate) mod eddsa;
pub(crate) mod hmac;
pub(crate) mod rsa;

use crate::error::{Error, ErrorKind, Result};
use core::fmt;

/// A JWS signature algorithm.
///
/// There is no `none` variant, and nothing parses into one: an Unsecured JWS
/// (RFC 7515 A.5) is always [`ErrorKind::UnsupportedAlgorithm`]. Names are matched
/// exactly and case-sensitively (RFC 7515 §4.1.1).
///
/// Not supported, and refused as [`ErrorKind::UnsupportedAlgorithm`] wherever they
/// appear: `ES512` and `Ed448` (not in `ring`), `ES256K`, and every JWE algorithm.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Algorithm {
    /// HMAC with SHA-256.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256 and MGF1-SHA-256.
    PS256,
    /// RSASSA-PSS with SHA-384 and MGF1-SHA-384.
    PS384,
    /// RSASSA-PSS with SHA-512 and MGF1-SHA-512.
    PS512,
    /// ECDSA on P-256 with SHA-256.
    ES256,
    /// ECDSA on P-384 with SHA-384.
    ES384,
    /// EdDSA with Ed25519, under its RFC 8037 name.
    EdDSA,
    /// Ed25519 under its fully-specified RFC 9864 name. A separate algorithm: a key
    /// bound to `EdDSA` does not verify `Ed25519` tokens, nor the other way round.
    Ed25519,
}

impl Algorithm {
    /// Every algorithm, in declaration order.
    pub const ALL: [Self; 13] = [
        Self::HS256,
        Self::HS384,
        Self::HS512,
        Self::RS256,
        Self::RS384,
        Self::RS512,
        Self::PS256,
        Self::PS384,
        Self::PS512,
        Self::ES256,
        Self::ES384,
        Self::EdDSA,
        Self::Ed25519,
    ];

    /// The registered `alg` name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::HS256 => "HS256",
            Self::HS384 => "HS384",
            Self::HS512 => "HS512",
            Self::RS256 => "RS256",
            Self::RS384 => "RS384",
            Self::RS512 => "RS512",
            Self::PS256 => "PS256",
            Self::PS384 => "PS384",
            Self::PS512 => "PS512",
            Self::ES256 => "ES256",
            Self::ES384 => "ES384",
            Self::EdDSA => "EdDSA",
            Self::Ed25519 => "Ed25519",
        }
    }

    /// Parses an `alg` value, exactly and case-sensitively.
    ///
    /// # Errors
    /// [`ErrorKind::UnsupportedAlgorithm`] for `none`, any case variant of a name, and
    /// every name this crate does not implement.
    pub fn from_name(name: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|a| a.name() == name)
            .ok_or(Error::new(ErrorKind::UnsupportedAlgorithm, ""))
    }

    /// `true` for the HMAC family, whose keys are shared secrets.
    #[must_use]
    pub const fn is_symmetric(self) -> bool {
        matches!(self, Self::HS256 | Self::HS384 | Self::HS512)
    }

    pub(crate) const fn family(self) -> Family {
        match self {
            Self::HS256 | Self::HS384 | Self::HS512 => Family::Hmac,
            Self::RS256 | Self::RS384 | Self::RS512 | Self::PS256 | Self::PS384 | Self::PS512 => {
                Family::Rsa
            }
            Self::ES256 | Self::ES384 => Family::Ecdsa,
            Self::EdDSA | Self::Ed25519 => Family::Ed25519,
        }
    }

    pub(crate) const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Maps `ring`'s key rejection reasons onto error kinds (the reason is a static name
/// such as `TooSmall`; it never contains key material).
pub(crate) fn rejected(e: ring::error::KeyRejected) -> Error {
    let reason = alloc::format!("key rejected by ring: {e}");
    let kind = match reason.rsplit(' ').next() {
        Some("TooSmall") => ErrorKind::WeakKey,
        Some("WrongAlgorithm") => ErrorKind::KeyMismatch,
        Some("InvalidEncoding") => ErrorKind::Malformed,
        _ => ErrorKind::InvalidKey,
    };
    Error::with_detail(kind, reason)
}

/// Which key type an algorithm needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    Hmac,
    Rsa,
    Ecdsa,
    Ed25519,
}

/// A set of algorithms (a verifier's allowlist).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) struct AlgorithmSet(u16);

impl AlgorithmSet {
    pub(crate) fn insert(&mut self, alg: Algorithm) {
        self.0 |= alg.bit();
    }

    pub(crate) fn contains(self, alg: Algorithm) -> bool {
        self.0 & alg.bit() != 0
    }

    pub(crate) fn iter(self) -> impl Iterator<Item = Algorithm> {
        Algorithm::ALL
            .into_iter()
            .filter(move |a| self.contains(*a))
    }
}

impl fmt::Debug for AlgorithmSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_none_is_never_an_algorithm() {
        for a in Algorithm::ALL {
            assert_eq!(Algorithm::from_name(a.name()), Ok(a));
        }
        for bad in [
            "none", "None", "NONE", "nOnE", "hs256", "HS256 ", "ES512", "Ed448", "", "ES256K",
            "eddsa", "ed25519", "RSA1_5",
        ] {
            assert_eq!(
                Algorithm::from_name(bad).map_err(|e| e.kind()),
                Err(ErrorKind::UnsupportedAlgorithm),
                "{bad:?}"
            );
        }
    }
}
