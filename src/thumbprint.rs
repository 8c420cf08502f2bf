//! RFC 7638 JWK thumbprints (RFC 8037 §2 for `OKP` keys): the hash of a key's required
//! members, written as JSON in lexicographic order without whitespace.
//!
//! Depends on neither `key` nor `jwk`, so that both can use it: `key` names a generated
//! key by its thumbprint, `jwk` computes the thumbprint of any JWK, and `jwk` (which
//! builds keys) stays the only one of the two that imports the other.

use crate::base64url;
use crate::der::Curve;
use crate::json::{Out, write_object};
use alloc::string::String;
use alloc::vec::Vec;
use sha2::Digest as _;

/// The hash of an RFC 7638 JWK thumbprint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ThumbprintHash {
    /// SHA-256, the usual choice (and the one used for generated `kid`s).
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

/// The members a thumbprint hashes, by key type (the binary ones undecoded from
/// base64url). These are also the key material of a key's JWK.
#[derive(Clone, Copy)]
pub(crate) enum Members<'a> {
    /// `RSA`: `e`, `n`.
    Rsa { n: &'a [u8], e: &'a [u8] },
    /// `EC`: `crv`, `x`, `y`.
    Ec {
        crv: &'a str,
        x: &'a [u8],
        y: &'a [u8],
    },
    /// `OKP`: `crv`, `x`.
    Okp { crv: &'a str, x: &'a [u8] },
    /// `oct`: `k`, the shared secret.
    Oct { k: &'a [u8] },
}

impl<'a> Members<'a> {
    /// The members of an EC public key, from its curve and uncompressed SEC1 point.
    pub(crate) fn ec(curve: Curve, point: &'a [u8]) -> Self {
        let coords = point.get(1..).unwrap_or_default();
        let (x, y) = coords.split_at(coords.len() / 2);
        Self::Ec {
            crv: curve_name(curve),
            x,
            y,
        }
    }

    /// The JWK `kty` of these members.
    pub(crate) fn kty(&self) -> &'static str {
        match self {
            Self::Rsa { .. } => "RSA",
            Self::Ec { .. } => "EC",
            Self::Okp { .. } => "OKP",
            Self::Oct { .. } => "oct",
        }
    }

    /// The RFC 7638 thumbprint, base64url-encoded.
    pub(crate) fn thumbprint(&self, hash: ThumbprintHash) -> String {
        let kty = Out::Text(self.kty());
        let members: Vec<(&str, Out<'_>)> = match *self {
            Self::Rsa { n, e } => alloc::vec![("e", Out::B64(e)), ("kty", kty), ("n", Out::B64(n))],
            Self::Ec { crv, x, y } => alloc::vec![
                ("crv", Out::Text(crv)),
                ("kty", kty),
                ("x", Out::B64(x)),
                ("y", Out::B64(y)),
            ],
            Self::Okp { crv, x } => {
                alloc::vec![("crv", Out::Text(crv)), ("kty", kty), ("x", Out::B64(x))]
            }
            Self::Oct { k } => alloc::vec![("k", Out::B64(k)), ("kty", kty)],
        };
        let json = write_object(&members);
        let digest: Vec<u8> = match hash {
            ThumbprintHash::Sha256 => sha2::Sha256::digest(json.as_bytes()).to_vec(),
            ThumbprintHash::Sha384 => sha2::Sha384::digest(json.as_bytes()).to_vec(),
            ThumbprintHash::Sha512 => sha2::Sha512::digest(json.as_bytes()).to_vec(),
        };
        base64url::encode(&digest)
    }
}

/// The JWK `crv` name of a curve.
fn curve_name(c: Curve) -> &'static str {
    match c {
        Curve::P256 => "P-256",
        Curve::P384 => "P-384",
        Curve::P521 => "P-521",
        Curve::Secp256k1 => "secp256k1",
    }
}
