//! The DER tags and OIDs this crate reads and writes, and the key types the parsers
//! return.

use crate::error::{Error, ErrorKind, Result};

pub(super) const INTEGER: u8 = 0x02;
pub(super) const BIT_STRING: u8 = 0x03;
pub(super) const OCTET_STRING: u8 = 0x04;
pub(super) const NULL: u8 = 0x05;
pub(super) const OID: u8 = 0x06;
pub(super) const SEQUENCE: u8 = 0x30;
/// `[0]` constructed: PKCS#8 attributes, SEC1 parameters.
pub(super) const CONTEXT_0: u8 = 0xa0;
/// `[1]` constructed: SEC1 `[1] EXPLICIT publicKey`.
pub(super) const CONTEXT_1: u8 = 0xa1;
/// `[1]` primitive: RFC 5958 `[1] IMPLICIT publicKey BIT STRING`.
pub(super) const CONTEXT_1_IMPLICIT: u8 = 0x81;

pub(super) const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
pub(super) const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
pub(super) const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
pub(super) const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
pub(super) const OID_P521: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x23];
pub(super) const OID_SECP256K1: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x0a];
pub(super) const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];
pub(super) const OID_ED448: &[u8] = &[0x2b, 0x65, 0x71];

// Key files are the application's key material: whatever is wrong with their DER is
// `ErrorKind::InvalidKey` (`Error::invalid_key`), never a token's `Malformed`.

/// Ed448: a JOSE algorithm (RFC 8037) that no backend of this crate implements.
pub(crate) const ED448_UNSUPPORTED: Error =
    Error::new(ErrorKind::UnsupportedKey, "Ed448 keys are not supported");

/// A key algorithm or curve that no backend of this crate implements.
pub(super) fn unsupported(detail: &'static str) -> Error {
    Error::new(ErrorKind::UnsupportedKey, detail)
}

/// Named curves we recognise by OID.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Curve {
    /// NIST P-256 (secp256r1), 1.2.840.10045.3.1.7.
    P256,
    /// NIST P-384 (secp384r1), 1.3.132.0.34.
    P384,
    /// NIST P-521 (secp521r1), 1.3.132.0.35.
    P521,
    /// secp256k1 (RFC 8812), 1.3.132.0.10.
    Secp256k1,
}

impl Curve {
    /// The length in bytes of a private scalar or of one point coordinate.
    pub(crate) fn scalar_len(self) -> usize {
        match self {
            Self::P256 | Self::Secp256k1 => 32,
            Self::P384 => 48,
            Self::P521 => 66,
        }
    }

    pub(super) fn oid(self) -> &'static [u8] {
        match self {
            Self::P256 => OID_P256,
            Self::P384 => OID_P384,
            Self::P521 => OID_P521,
            Self::Secp256k1 => OID_SECP256K1,
        }
    }

    pub(super) fn from_oid(oid: &[u8]) -> Result<Self> {
        match oid {
            OID_P256 => Ok(Self::P256),
            OID_P384 => Ok(Self::P384),
            OID_P521 => Ok(Self::P521),
            OID_SECP256K1 => Ok(Self::Secp256k1),
            _ => Err(unsupported("unsupported curve")),
        }
    }
}

/// The key inside a `SubjectPublicKeyInfo` (RFC 5280 4.1.2.7).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PublicKeyInfo<'a> {
    /// rsaEncryption with NULL parameters; `n` and `e` are positive big-endian
    /// magnitudes without a leading zero byte.
    Rsa {
        /// The modulus.
        n: &'a [u8],
        /// The public exponent.
        e: &'a [u8],
    },
    /// id-ecPublicKey with a named curve; `point` is the SEC1 point as found (non-empty).
    Ec {
        /// The curve named by the parameters.
        curve: Curve,
        /// The encoded point, not validated here.
        point: &'a [u8],
    },
    /// id-Ed25519 without parameters.
    Ed25519 {
        /// The 32-byte public key.
        key: &'a [u8],
    },
}

/// Which key a PKCS#8 document holds, judged by its `AlgorithmIdentifier` only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyAlgorithm {
    /// rsaEncryption.
    Rsa,
    /// id-ecPublicKey on a named curve.
    Ec(Curve),
    /// id-Ed25519.
    Ed25519,
    /// id-Ed448: recognised only so callers can say it is unsupported.
    Ed448,
}

/// A SEC1 `ECPrivateKey` (RFC 5915). Its `Debug` never shows the scalar.
pub(crate) struct Sec1<'a> {
    /// The curve from the optional `[0]` parameters.
    pub(crate) curve: Option<Curve>,
    /// The private scalar, big-endian; exactly `scalar_len` bytes when the curve is known.
    pub(crate) d: &'a [u8],
    /// The SEC1 public point from the optional `[1]` field.
    pub(crate) public: Option<&'a [u8]>,
}

impl core::fmt::Debug for Sec1<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Sec1")
            .field("curve", &self.curve)
            .field("d", &"<redacted>")
            .field("public", &self.public)
            .finish()
    }
}

/// The members of a private RSA JWK, decoded.
pub(crate) struct RsaComponents<'a> {
    pub(crate) n: &'a [u8],
    pub(crate) e: &'a [u8],
    pub(crate) d: &'a [u8],
    pub(crate) p: &'a [u8],
    pub(crate) q: &'a [u8],
    pub(crate) dp: &'a [u8],
    pub(crate) dq: &'a [u8],
    pub(crate) qi: &'a [u8],
}
