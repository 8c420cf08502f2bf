//! Keys as the verifier and signer hold them: bound to one algorithm at construction,
//! parsed once, with an optional key id. Nothing converts between families: no API
//! turns an RSA, EC or Ed25519 key (in any serialization) into HMAC material.
//!
//! The algorithm always comes from the caller. A PEM label or a DER structure says
//! which *encoding* the bytes are in; the key inside must then be of the family the
//! algorithm needs ([`ErrorKind::IncompatibleKey`] otherwise).

use crate::alg::Algorithm;
use crate::alg::ecdsa::EcPublicKey;
use crate::alg::eddsa::EdPublicKey;
use crate::alg::hmac::HmacKey;
use crate::alg::rsa::RsaPublicKey;
use crate::error::{Error, ErrorKind};
use crate::thumbprint::Members;
use alloc::vec::Vec;

mod signing;
mod verifying;

pub use signing::SigningKey;
pub use verifying::VerifyingKey;

// HMAC keys hold their pre-keyed hash states inline; keys are few and long-lived, and
// boxing would add an indirection to the HS256 hot path.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub(crate) enum Material {
    Hmac(HmacKey),
    Rsa(RsaPublicKey),
    Ec(EcPublicKey),
    Ed(EdPublicKey),
}

impl Material {
    fn algorithm(&self) -> Algorithm {
        match self {
            Self::Hmac(k) => k.algorithm(),
            Self::Rsa(k) => k.algorithm(),
            Self::Ec(k) => k.algorithm(),
            Self::Ed(k) => k.algorithm(),
        }
    }

    fn signature_len(&self) -> usize {
        match self {
            Self::Hmac(k) => k.tag_len(),
            Self::Rsa(k) => k.signature_len(),
            Self::Ec(k) => k.signature_len(),
            Self::Ed(k) => k.signature_len(),
        }
    }

    /// The members of the key's RFC 7638 thumbprint, which are also its JWK's (for
    /// HMAC, the `oct` secret).
    pub(crate) fn members(&self) -> Members<'_> {
        match self {
            Self::Hmac(k) => Members::Oct {
                k: k.expose_secret(),
            },
            Self::Rsa(k) => {
                let (n, e) = k.components();
                Members::Rsa { n, e }
            }
            Self::Ec(k) => Members::ec(k.curve(), k.point()),
            Self::Ed(k) => Members::Okp {
                crv: "Ed25519",
                x: k.bytes(),
            },
        }
    }
}

/// What a private key can be exported from.
pub(crate) enum PrivateParts<'a> {
    Hmac(&'a HmacKey),
    Pkcs8(&'a [u8]),
    RsaPkcs8(&'a [u8]),
}

/// A signature as the backend returns it, without copying.
pub(crate) enum RawSignature {
    Tag([u8; crate::alg::hmac::MAX_TAG_LEN], usize),
    Backend(crate::alg::Signature),
    Heap(Vec<u8>),
}

impl AsRef<[u8]> for RawSignature {
    fn as_ref(&self) -> &[u8] {
        match self {
            Self::Tag(t, len) => t.get(..*len).unwrap_or_default(),
            Self::Backend(s) => s.as_ref(),
            Self::Heap(v) => v,
        }
    }
}

fn family_mismatch() -> Error {
    Error::new(
        ErrorKind::IncompatibleKey,
        "the key's type does not match the algorithm",
    )
}

fn public_key_as_hmac() -> Error {
    Error::new(
        ErrorKind::IncompatibleKey,
        "a public key can never be an HMAC key",
    )
}

fn private_key_as_hmac() -> Error {
    Error::new(
        ErrorKind::IncompatibleKey,
        "an asymmetric private key can never be an HMAC key",
    )
}

fn secret_has_no_public_form() -> Error {
    Error::new(
        ErrorKind::IncompatibleKey,
        "an HMAC key is a shared secret and has no public form",
    )
}
