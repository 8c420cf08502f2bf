//! Ed25519 (RFC 8037), under the `EdDSA` name or RFC 9864's `Ed25519`.
//!
//! Signatures are deterministic and exactly 64 bytes. `Ed448` is offered by neither
//! backend and is refused as unsupported.

use super::{Algorithm, EdSigner, EdVerifier, require};
use crate::error::{Error, ErrorKind, Result};
use alloc::vec::Vec;
use core::fmt;
use zeroize::Zeroizing;

/// Public keys and seeds are 32 bytes; signatures 64.
pub(crate) const KEY_LEN: usize = 32;
const SIGNATURE_LEN: usize = 64;

pub(crate) fn check_alg(alg: Algorithm) -> Result<()> {
    match alg {
        Algorithm::EdDSA | Algorithm::Ed25519 => require(alg),
        _ => Err(Error::new(
            ErrorKind::IncompatibleKey,
            "an Ed25519 key needs the EdDSA or Ed25519 algorithm",
        )),
    }
}

/// The `y` coordinates (little-endian, sign bit clear) of the points of order 1, 2, 4
/// and 8: the identity (y = 1), (0, -1) (y = p - 1), (±sqrt(-1), 0) (y = 0), and the four
/// order-8 points, which share two `y` values (the roots of d·y⁴ + 2y² - 1 = 0: the
/// points whose double has y = 0). With such a public key `[k]A` stays in the
/// 8-torsion, so `(R, S = 0)` with R among those points verifies some message, and a
/// few tries find one for any claims: ring checks neither the key's order nor a
/// cofactored equation, so these keys are refused at import.
const SMALL_ORDER_Y: [[u8; KEY_LEN]; 5] = [
    [0; KEY_LEN],
    [
        1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0,
    ],
    [
        0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ],
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ],
];

/// A small-order point (either sign bit), or `y >= p = 2^255 - 19` (a second encoding
/// of `y - p`, which covers the other encodings of small-order points).
pub(crate) fn is_small_order_or_non_canonical(key: &[u8; KEY_LEN]) -> bool {
    let mut y = *key;
    y[KEY_LEN - 1] &= 0x7f;
    // p little-endian is ed ff .. ff 7f.
    let non_canonical =
        y[0] >= 0xed && y[1..KEY_LEN - 1].iter().all(|&b| b == 0xff) && y[KEY_LEN - 1] == 0x7f;
    non_canonical || SMALL_ORDER_Y.contains(&y)
}

/// An Ed25519 public key bound to `EdDSA` or `Ed25519`.
#[derive(Clone)]
pub(crate) struct EdPublicKey {
    alg: Algorithm,
    key: [u8; KEY_LEN],
    verifier: EdVerifier,
}

impl EdPublicKey {
    /// From the 32-byte encoded point. A point that does not decode fails the
    /// signature (ring decodes it on each verification) or the import (aws-lc).
    pub(crate) fn new(alg: Algorithm, key: &[u8]) -> Result<Self> {
        check_alg(alg)?;
        let key: [u8; KEY_LEN] = key.try_into().map_err(|_| super::ED25519_PUBLIC_LEN)?;
        if is_small_order_or_non_canonical(&key) {
            return Err(Error::new(
                ErrorKind::InvalidKey,
                "Ed25519 public key of small order or with a non-canonical encoding",
            ));
        }
        Ok(Self {
            alg,
            key,
            verifier: EdVerifier::new(&key)?,
        })
    }

    pub(crate) fn algorithm(&self) -> Algorithm {
        self.alg
    }

    pub(crate) fn bytes(&self) -> &[u8; KEY_LEN] {
        &self.key
    }

    pub(crate) fn signature_len(&self) -> usize {
        SIGNATURE_LEN
    }

    pub(crate) fn verify(&self, input: &[u8], sig: &[u8]) -> Result<()> {
        if sig.len() != SIGNATURE_LEN {
            return Err(Error::invalid_signature());
        }
        self.verifier.verify(input, sig)
    }
}

impl fmt::Debug for EdPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EdPublicKey")
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

/// An Ed25519 private key: the backend's parsed key pair and a PKCS#8 v2 document
/// (with the public key, zeroized on drop) for export.
pub(crate) struct EdPrivateKey {
    alg: Algorithm,
    pair: EdSigner,
    pkcs8: Zeroizing<Vec<u8>>,
}

impl EdPrivateKey {
    /// From PKCS#8 v1 (seed only, as OpenSSL writes it) or v2 (seed and public key,
    /// which must match).
    pub(crate) fn from_pkcs8(alg: Algorithm, der: &[u8]) -> Result<Self> {
        check_alg(alg)?;
        let (kind, seed, public) = crate::der::pkcs8_private_parts(der)?;
        match kind {
            crate::der::KeyAlgorithm::Ed25519 => {}
            crate::der::KeyAlgorithm::Ed448 => {
                return Err(crate::der::ED448_UNSUPPORTED);
            }
            _ => {
                return Err(Error::new(
                    ErrorKind::IncompatibleKey,
                    "the key is not an Ed25519 key",
                ));
            }
        }
        match public {
            Some(public) => Self::from_seed_and_public(alg, seed, public),
            None => {
                let public = EdSigner::public_of_seed(seed)?;
                Self::from_v2(alg, crate::der::ed25519_pkcs8(seed, &public))
            }
        }
    }

    /// From the JWK members `d` (the seed) and `x` (the public key), which must match.
    pub(crate) fn from_seed_and_public(alg: Algorithm, seed: &[u8], public: &[u8]) -> Result<Self> {
        check_alg(alg)?;
        if seed.len() != KEY_LEN || public.len() != KEY_LEN {
            return Err(Error::new(
                ErrorKind::InvalidKey,
                "Ed25519 seed and public key are 32 bytes each",
            ));
        }
        // The document is this crate's own: an encoding complaint means `d` and `x`
        // disagree.
        Self::from_v2(alg, crate::der::ed25519_pkcs8(seed, public)).map_err(super::members_disagree)
    }

    /// A new key pair from the system CSPRNG.
    pub(crate) fn generate(alg: Algorithm) -> Result<Self> {
        check_alg(alg)?;
        Self::from_v2(alg, EdSigner::generate_pkcs8()?)
    }

    fn from_v2(alg: Algorithm, pkcs8: Zeroizing<Vec<u8>>) -> Result<Self> {
        // Checks that the public key matches the seed.
        let pair = EdSigner::from_pkcs8_v2(&pkcs8)?;
        Ok(Self { alg, pair, pkcs8 })
    }

    pub(crate) fn pkcs8(&self) -> &[u8] {
        &self.pkcs8
    }

    pub(crate) fn public_key(&self) -> Result<EdPublicKey> {
        EdPublicKey::new(self.alg, self.pair.public_key())
    }

    pub(crate) fn sign(&self, input: &[u8]) -> Result<super::Signature> {
        self.pair.sign(input)
    }
}

impl fmt::Debug for EdPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EdPrivateKey")
            .field("alg", &self.alg)
            .field("private", &"<redacted>")
            .finish()
    }
}
