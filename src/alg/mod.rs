//! JWS algorithms (RFC 7518 §3, RFC 8037) and their implementations, one file per family.
//!
//! The family modules (`ecdsa`, `eddsa`, `rsa`, `hmac`) hold the JOSE rules: which
//! key fits which algorithm, sizes, encodings, weak-key checks. Below them, one file per
//! asymmetric backend implements the same narrow interface (`EcVerifier`/`EcSigner`,
//! `EdVerifier`/`EdSigner`, `RsaVerifier`/`RsaSigner`, `Signature`, `fill_random`,
//! `supports`): `aws_lc.rs`, `ring.rs`, and `no_backend.rs` for HMAC-only builds. The
//! choice is made at compile time, deterministically: aws-lc-rs when its feature is on
//! (whatever else is), else ring, else none. Backend types never appear in the public
//! API.

pub(crate) mod ecdsa;
pub(crate) mod eddsa;
pub(crate) mod hmac;
pub(crate) mod rsa;

#[cfg(feature = "aws-lc-rs")]
pub(crate) mod aws_lc;
#[cfg(not(any(feature = "ring", feature = "aws-lc-rs")))]
pub(crate) mod no_backend;
// With both features on, aws-lc-rs serves every algorithm; `ring.rs` is then used only
// by `differential.rs`, which compares the two.
#[cfg(all(feature = "ring", feature = "aws-lc-rs"))]
pub(crate) mod differential;
#[cfg(feature = "ring")]
#[cfg_attr(feature = "aws-lc-rs", allow(dead_code))]
pub(crate) mod ring;

#[cfg(all(feature = "ring", not(feature = "aws-lc-rs")))]
pub(crate) use self::ring as backend;
#[cfg(feature = "aws-lc-rs")]
pub(crate) use aws_lc as backend;
#[cfg(not(any(feature = "ring", feature = "aws-lc-rs")))]
pub(crate) use no_backend as backend;

/// The cryptographic backend this build of the crate uses for the asymmetric
/// algorithms, chosen at compile time by Cargo features (HMAC always uses the
/// RustCrypto `hmac` and `sha2` crates).
///
/// | features | backend | algorithms |
/// |---|---|---|
/// | `aws-lc-rs` (with or without `ring`) | [`Backend::AwsLcRs`] | all, with ES512, ES256K and RSA key generation |
/// | `ring` (default) | [`Backend::Ring`] | all but ES512 and ES256K; RSA keys import only |
/// | neither | [`Backend::HmacOnly`] | HS256, HS384, HS512 |
///
/// An algorithm the active backend lacks fails as [`ErrorKind::UnsupportedKey`]
/// when a key for it is constructed; nothing panics and nothing is chosen at run time.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// `ring`.
    Ring,
    /// `aws-lc-rs` (AWS-LC).
    AwsLcRs,
    /// No asymmetric backend: HMAC only.
    HmacOnly,
}

impl Backend {
    /// The backend of this build.
    pub const ACTIVE: Self = backend::ACTIVE;

    /// Whether keys for `alg` can be constructed with this backend.
    #[must_use]
    pub const fn supports(self, alg: Algorithm) -> bool {
        match self {
            Self::AwsLcRs => true,
            Self::Ring => !matches!(alg, Algorithm::ES512 | Algorithm::ES256K),
            Self::HmacOnly => alg.is_symmetric(),
        }
    }

    /// A short name: `ring`, `aws-lc-rs` or `hmac-only`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Ring => "ring",
            Self::AwsLcRs => "aws-lc-rs",
            Self::HmacOnly => "hmac-only",
        }
    }
}

/// For a key document this crate built from JWK members (so its encoding is right): a
/// backend's refusal can only mean that the private and public members do not belong
/// together.
pub(crate) fn members_disagree(e: Error) -> Error {
    if e.kind() == ErrorKind::InvalidKey {
        Error::new(
            ErrorKind::InvalidKey,
            "the private key does not match the public key members",
        )
    } else {
        e
    }
}

/// Errors every backend raises alike.
#[cfg_attr(not(any(feature = "ring", feature = "aws-lc-rs")), allow(dead_code))]
pub(crate) const RNG_FAILED: Error =
    Error::new(ErrorKind::Crypto, "system random number generator failed");
#[cfg_attr(not(any(feature = "ring", feature = "aws-lc-rs")), allow(dead_code))]
pub(crate) const ECDSA_SIGNING_FAILED: Error =
    Error::new(ErrorKind::Crypto, "ECDSA signing failed");
#[cfg_attr(not(any(feature = "ring", feature = "aws-lc-rs")), allow(dead_code))]
pub(crate) const RSA_SIGNING_FAILED: Error = Error::new(ErrorKind::Crypto, "RSA signing failed");
#[cfg_attr(not(any(feature = "ring", feature = "aws-lc-rs")), allow(dead_code))]
pub(crate) const NOT_ON_CURVE: Error =
    Error::new(ErrorKind::InvalidKey, "EC point is not on the curve");
#[cfg_attr(not(any(feature = "ring", feature = "aws-lc-rs")), allow(dead_code))]
pub(crate) const ED25519_PUBLIC_LEN: Error =
    Error::new(ErrorKind::InvalidKey, "an Ed25519 public key is 32 bytes");
pub(crate) const NO_BACKEND: &str = "asymmetric algorithms need the ring or aws-lc-rs feature";

/// Refuses, before any parsing, an algorithm the active backend does not implement.
pub(crate) fn require(alg: Algorithm) -> Result<()> {
    if backend::supports(alg) {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::UnsupportedKey,
        match Backend::ACTIVE {
            Backend::HmacOnly => NO_BACKEND,
            _ => "ES512 and ES256K need the aws-lc-rs feature (ring has neither curve)",
        },
    ))
}

use crate::error::{Error, ErrorKind, Result};
use core::fmt;

pub(crate) use backend::{
    EcSigner, EcVerifier, EdSigner, EdVerifier, RsaSigner, RsaVerifier, Signature, fill_random,
};

/// A JWS signature algorithm.
///
/// There is no `none` variant, and nothing parses into one: an Unsecured JWS
/// (RFC 7515 A.5) is always [`ErrorKind::UnsupportedAlgorithm`]. Names are matched
/// exactly and case-sensitively (RFC 7515 §4.1.1).
///
/// `ES512` and `ES256K` are names in every build, but their keys can only be
/// constructed with the `aws-lc-rs` backend (see [`Backend`]); without it they fail as
/// [`ErrorKind::UnsupportedAlgorithm`]. Not supported anywhere, and refused as
/// unsupported wherever they appear: `Ed448` and every JWE algorithm.
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
    /// ECDSA on P-521 with SHA-512 (`aws-lc-rs` backend only).
    ES512,
    /// ECDSA on secp256k1 with SHA-256, RFC 8812 (`aws-lc-rs` backend only).
    ES256K,
    /// EdDSA with Ed25519, under its RFC 8037 name.
    EdDSA,
    /// Ed25519 under its fully-specified RFC 9864 name. A separate algorithm: a key
    /// bound to `EdDSA` does not verify `Ed25519` tokens, nor the other way round.
    Ed25519,
}

impl Algorithm {
    /// Every algorithm, in declaration order.
    pub const ALL: [Self; 15] = [
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
        Self::ES512,
        Self::ES256K,
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
            Self::ES512 => "ES512",
            Self::ES256K => "ES256K",
            Self::EdDSA => "EdDSA",
            Self::Ed25519 => "Ed25519",
        }
    }

    /// Parses an `alg` value, exactly and case-sensitively.
    ///
    /// # Errors
    /// [`ErrorKind::UnsupportedAlgorithm`] for `none`, any case variant of a name, and
    /// every name this crate does not implement (`ES512` and `ES256K` parse in every
    /// build; see [`Backend`]).
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
            Self::ES256 | Self::ES384 | Self::ES512 | Self::ES256K => Family::Ecdsa,
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
            "none", "None", "NONE", "nOnE", "hs256", "HS256 ", "es512", "Ed448", "", "ES256k",
            "eddsa", "ed25519", "RSA1_5", "ES521",
        ] {
            assert_eq!(
                Algorithm::from_name(bad).map_err(|e| e.kind()),
                Err(ErrorKind::UnsupportedAlgorithm),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_active_backend_is_the_one_the_features_choose() {
        let expected = if cfg!(feature = "aws-lc-rs") {
            Backend::AwsLcRs
        } else if cfg!(feature = "ring") {
            Backend::Ring
        } else {
            Backend::HmacOnly
        };
        assert_eq!(Backend::ACTIVE, expected);
        for alg in Algorithm::ALL {
            assert_eq!(
                require(alg).map_err(|e| e.kind()),
                if Backend::ACTIVE.supports(alg) {
                    Ok(())
                } else {
                    Err(ErrorKind::UnsupportedKey)
                },
                "{alg}"
            );
            assert_eq!(backend::supports(alg), Backend::ACTIVE.supports(alg));
        }
        assert!(Backend::Ring.supports(Algorithm::PS512));
        assert!(!Backend::Ring.supports(Algorithm::ES512));
        assert!(!Backend::HmacOnly.supports(Algorithm::ES256));
        assert!(Backend::AwsLcRs.supports(Algorithm::ES256K));
    }
}
