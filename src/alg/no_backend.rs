//! No asymmetric backend (an HMAC-only build): the same interface as `ring.rs` and
//! `aws_lc.rs`, whose key types cannot exist. [`supports`] is false for every
//! asymmetric algorithm, so the family modules refuse them as
//! [`ErrorKind::UnsupportedKey`] before they reach this file.

use super::{Algorithm, Backend};
use crate::der::Curve;
use crate::error::{Error, ErrorKind, Result};
use alloc::vec::Vec;
use zeroize::Zeroizing;

pub(crate) const ACTIVE: Backend = Backend::HmacOnly;

/// HS256, HS384 and HS512 only.
pub(crate) const fn supports(alg: Algorithm) -> bool {
    alg.is_symmetric()
}

#[cfg(feature = "getrandom")]
pub(crate) fn fill_random(out: &mut [u8]) -> Result<()> {
    getrandom::fill(out).map_err(|_| super::RNG_FAILED)
}

#[cfg(not(feature = "getrandom"))]
pub(crate) fn fill_random(_out: &mut [u8]) -> Result<()> {
    Err(Error::new(
        ErrorKind::Crypto,
        "no random number generator in this build: enable the getrandom feature",
    ))
}

fn unsupported<T>() -> Result<T> {
    Err(Error::new(ErrorKind::UnsupportedKey, super::NO_BACKEND))
}

/// Uninhabited: no value of these types is ever made.
#[derive(Clone, Copy)]
pub(crate) enum Never {}

/// Inhabited (unlike `Never`) so that callers' code after a `sign` is not unreachable.
pub(crate) type Signature = [u8; 0];

#[derive(Clone)]
pub(crate) struct EcVerifier(Never);

impl EcVerifier {
    pub(crate) fn new(_curve: Curve, _point: &[u8]) -> Result<Self> {
        unsupported()
    }

    pub(crate) fn verify(&self, _input: &[u8], _sig: &[u8]) -> Result<()> {
        match self.0 {}
    }
}

pub(crate) struct EcSigner(Never);

impl EcSigner {
    pub(crate) fn from_pkcs8(_curve: Curve, _der: &[u8]) -> Result<Self> {
        unsupported()
    }

    pub(crate) fn generate_pkcs8(_curve: Curve) -> Result<Zeroizing<Vec<u8>>> {
        unsupported()
    }

    pub(crate) fn verifier(&self) -> Result<EcVerifier> {
        match self.0 {}
    }

    pub(crate) fn public_point(&self) -> &[u8] {
        match self.0 {}
    }

    pub(crate) fn sign(&self, _input: &[u8]) -> Result<Signature> {
        match self.0 {}
    }
}

#[derive(Clone)]
pub(crate) struct EdVerifier(Never);

impl EdVerifier {
    pub(crate) fn new(_key: &[u8; 32]) -> Result<Self> {
        unsupported()
    }

    pub(crate) fn verify(&self, _input: &[u8], _sig: &[u8]) -> Result<()> {
        match self.0 {}
    }
}

pub(crate) struct EdSigner(Never);

impl EdSigner {
    pub(crate) fn from_pkcs8_v2(_der: &[u8]) -> Result<Self> {
        unsupported()
    }

    pub(crate) fn public_of_seed(_seed: &[u8]) -> Result<[u8; 32]> {
        unsupported()
    }

    pub(crate) fn generate_pkcs8() -> Result<Zeroizing<Vec<u8>>> {
        unsupported()
    }

    pub(crate) fn public_key(&self) -> &[u8] {
        match self.0 {}
    }

    pub(crate) fn sign(&self, _input: &[u8]) -> Result<Signature> {
        match self.0 {}
    }
}

#[derive(Clone)]
pub(crate) struct RsaVerifier(Never);

impl RsaVerifier {
    pub(crate) fn new(_alg: Algorithm, _n: &[u8], _e: &[u8]) -> Result<Self> {
        unsupported()
    }

    pub(crate) fn verify(&self, _input: &[u8], _sig: &[u8]) -> Result<()> {
        match self.0 {}
    }
}

pub(crate) struct RsaSigner(Never);

impl RsaSigner {
    pub(crate) fn from_pkcs8(_alg: Algorithm, _der: &[u8]) -> Result<Self> {
        unsupported()
    }

    pub(crate) fn from_pkcs1(_alg: Algorithm, _der: &[u8]) -> Result<Self> {
        unsupported()
    }

    pub(crate) fn from_components(
        _alg: Algorithm,
        _c: &super::rsa::RsaComponents<'_>,
    ) -> Result<Self> {
        unsupported()
    }

    pub(crate) fn generate_pkcs8(_bits: usize) -> Result<Zeroizing<Vec<u8>>> {
        unsupported()
    }

    pub(crate) fn public_components(&self) -> (Vec<u8>, Vec<u8>) {
        match self.0 {}
    }

    pub(crate) fn modulus_len(&self) -> usize {
        match self.0 {}
    }

    pub(crate) fn sign(&self, _input: &[u8]) -> Result<Vec<u8>> {
        match self.0 {}
    }
}
