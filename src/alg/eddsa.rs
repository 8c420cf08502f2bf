//! Ed25519 (RFC 8037) on `ring`, under the `EdDSA` name or RFC 9864's `Ed25519`.
//!
//! Signatures are deterministic and exactly 64 bytes. `Ed448` is not offered by
//! `ring` and is refused as unsupported.

use super::{Algorithm, rejected};
use crate::error::{Error, ErrorKind, Result};
use alloc::vec::Vec;
use core::fmt;
use ring::rand::SystemRandom;
use ring::signature::{self as rs, Ed25519KeyPair, KeyPair as _};
use zeroize::Zeroizing;

/// Public keys and seeds are 32 bytes; signatures 64.
pub(crate) const KEY_LEN: usize = 32;
const SIGNATURE_LEN: usize = 64;

pub(crate) fn check_alg(alg: Algorithm) -> Result<()> {
    match alg {
        Algorithm::EdDSA | Algorithm::Ed25519 => Ok(()),
        _ => Err(Error::new(
            ErrorKind::KeyMismatch,
            "an Ed25519 key needs the EdDSA or Ed25519 algorithm",
        )),
    }
}

/// An Ed25519 public key bound to `EdDSA` or `Ed25519`.
#[derive(Clone)]
pub(crate) struct EdPublicKey {
    alg: Algorithm,
    key: [u8; KEY_LEN],
}

impl EdPublicKey {
    /// From the 32-byte encoded point. `ring` decodes the point on each verification
    /// and fails the signature if it is not a valid encoding.
    pub(crate) fn new(alg: Algorithm, key: &[u8]) -> Result<Self> {
        check_alg(alg)?;
        let key = key
            .try_into()
            .map_err(|_| Error::new(ErrorKind::InvalidKey, "an Ed25519 public key is 32 bytes"))?;
        Ok(Self { alg, key })
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
        rs::UnparsedPublicKey::new(&rs::ED25519, &self.key)
            .verify(input, sig)
            .map_err(|_| Error::invalid_signature())
    }
}

impl fmt::Debug for EdPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EdPublicKey")
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

/// An Ed25519 private key: `ring`'s parsed key pair and a PKCS#8 v2 document (with
/// the public key, zeroized on drop) for export.
pub(crate) struct EdPrivateKey {
    alg: Algorithm,
    pair: Ed25519KeyPair,
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
                return Err(Error::new(
                    ErrorKind::UnsupportedAlgorithm,
                    "Ed448 is not supported by ring",
                ));
            }
            _ => {
                return Err(Error::new(
                    ErrorKind::KeyMismatch,
                    "the key is not an Ed25519 key",
                ));
            }
        }
        match public {
            Some(public) => Self::from_seed_and_public(alg, seed, public),
            None => {
                let pair = Ed25519KeyPair::from_seed_unchecked(seed).map_err(rejected)?;
                let public = pair.public_key().as_ref();
                let pkcs8 = crate::der::ed25519_pkcs8(seed, public);
                Self::from_v2(alg, pkcs8)
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
        Self::from_v2(alg, crate::der::ed25519_pkcs8(seed, public))
    }

    /// A new key pair from the system CSPRNG.
    pub(crate) fn generate(alg: Algorithm) -> Result<Self> {
        check_alg(alg)?;
        let doc = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new())
            .map_err(|_| Error::new(ErrorKind::Crypto, "system random number generator failed"))?;
        Self::from_v2(alg, Zeroizing::new(doc.as_ref().into()))
    }

    fn from_v2(alg: Algorithm, pkcs8: Zeroizing<Vec<u8>>) -> Result<Self> {
        // Checks that the public key matches the seed.
        let pair = Ed25519KeyPair::from_pkcs8(&pkcs8).map_err(rejected)?;
        Ok(Self { alg, pair, pkcs8 })
    }

    pub(crate) fn pkcs8(&self) -> &[u8] {
        &self.pkcs8
    }

    pub(crate) fn public_key(&self) -> Result<EdPublicKey> {
        EdPublicKey::new(self.alg, self.pair.public_key().as_ref())
    }

    pub(crate) fn sign(&self, input: &[u8]) -> rs::Signature {
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
