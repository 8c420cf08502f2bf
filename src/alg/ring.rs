//! The `ring` backend: RS*/PS* (import only), ES256, ES384 and Ed25519.
//!
//! This file and `aws_lc.rs` implement the same narrow interface (see `mod.rs`); the
//! family modules (`ecdsa`, `eddsa`, `rsa`) hold every JOSE rule and call only it.
//! `ring` has no P-521, no secp256k1 and no RSA key generation: those fail as
//! [`ErrorKind::UnsupportedKey`] (the family modules ask [`supports`] first).

use super::{Algorithm, Backend};
use crate::der::Curve;
use crate::error::{Error, ErrorKind, Result};
use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;
use ring::rand::{SecureRandom as _, SystemRandom};
use ring::signature::{self as rs, EcdsaKeyPair, Ed25519KeyPair, KeyPair as _, RsaKeyPair};
use zeroize::Zeroizing;

pub(crate) const ACTIVE: Backend = Backend::Ring;

/// Every algorithm but ES512 and ES256K.
pub(crate) const fn supports(alg: Algorithm) -> bool {
    !matches!(alg, Algorithm::ES512 | Algorithm::ES256K)
}

pub(crate) fn fill_random(out: &mut [u8]) -> Result<()> {
    SystemRandom::new().fill(out).map_err(|_| rng_failed())
}

fn rng_failed() -> Error {
    super::RNG_FAILED
}

/// A key the backend refused. The crate's own checks (algorithm, type, curve, size,
/// encoding) ran before the backend saw the key, so what is left is key material the
/// backend cannot use: [`ErrorKind::InvalidKey`], whatever the reason. The reason
/// (a static name such as `InvalidComponent`, never key material) is kept in the detail
/// for the operator; it does not decide the kind.
fn rejected(e: ring::error::KeyRejected) -> Error {
    Error::with_detail(
        ErrorKind::InvalidKey,
        alloc::format!("key rejected by ring: {e}"),
    )
}

fn unsupported_curve() -> Error {
    Error::new(
        ErrorKind::UnsupportedKey,
        "P-521 (ES512) and secp256k1 (ES256K) need the aws-lc-rs feature",
    )
}

/// A signature as `ring` returns it (inline, no allocation).
pub(crate) type Signature = rs::Signature;

fn ec_verification(curve: Curve) -> Result<&'static rs::EcdsaVerificationAlgorithm> {
    match curve {
        Curve::P256 => Ok(&rs::ECDSA_P256_SHA256_FIXED),
        Curve::P384 => Ok(&rs::ECDSA_P384_SHA384_FIXED),
        Curve::P521 | Curve::Secp256k1 => Err(unsupported_curve()),
    }
}

fn ec_signing(curve: Curve) -> Result<&'static rs::EcdsaSigningAlgorithm> {
    match curve {
        Curve::P256 => Ok(&rs::ECDSA_P256_SHA256_FIXED_SIGNING),
        Curve::P384 => Ok(&rs::ECDSA_P384_SHA384_FIXED_SIGNING),
        Curve::P521 | Curve::Secp256k1 => Err(unsupported_curve()),
    }
}

/// An EC public key checked to lie on its curve.
#[derive(Clone)]
pub(crate) struct EcVerifier {
    alg: &'static rs::EcdsaVerificationAlgorithm,
    /// `0x04 || x || y`.
    point: Box<[u8]>,
}

impl EcVerifier {
    /// `ring` has no public "validate this point" call, but its ECDH checks the peer's
    /// point fully (on the curve, not the identity): one agreement with a throwaway key
    /// at construction time, so verification never meets an invalid point.
    pub(crate) fn new(curve: Curve, point: &[u8]) -> Result<Self> {
        use ring::agreement;
        let alg = ec_verification(curve)?;
        let ecdh = match curve {
            Curve::P256 => &agreement::ECDH_P256,
            _ => &agreement::ECDH_P384,
        };
        let mine = agreement::EphemeralPrivateKey::generate(ecdh, &SystemRandom::new())
            .map_err(|_| rng_failed())?;
        agreement::agree_ephemeral(
            mine,
            &agreement::UnparsedPublicKey::new(ecdh, point),
            |_| (),
        )
        .map_err(|_| super::NOT_ON_CURVE)?;
        Ok(Self {
            alg,
            point: point.into(),
        })
    }

    /// A point `ring` derived from a private scalar: valid by construction.
    fn trusted(curve: Curve, point: &[u8]) -> Result<Self> {
        Ok(Self {
            alg: ec_verification(curve)?,
            point: point.into(),
        })
    }

    pub(crate) fn verify(&self, input: &[u8], sig: &[u8]) -> Result<()> {
        rs::UnparsedPublicKey::new(self.alg, &*self.point)
            .verify(input, sig)
            .map_err(|_| Error::invalid_signature())
    }
}

/// An EC key pair parsed from PKCS#8 (the document's public key, if any, is checked
/// against the private scalar).
pub(crate) struct EcSigner {
    curve: Curve,
    pair: EcdsaKeyPair,
}

impl EcSigner {
    pub(crate) fn from_pkcs8(curve: Curve, der: &[u8]) -> Result<Self> {
        let pair = EcdsaKeyPair::from_pkcs8(ec_signing(curve)?, der, &SystemRandom::new())
            .map_err(rejected)?;
        Ok(Self { curve, pair })
    }

    pub(crate) fn generate_pkcs8(curve: Curve) -> Result<Zeroizing<Vec<u8>>> {
        let doc = EcdsaKeyPair::generate_pkcs8(ec_signing(curve)?, &SystemRandom::new())
            .map_err(|_| rng_failed())?;
        Ok(Zeroizing::new(doc.as_ref().into()))
    }

    /// The public key (derived from the scalar, so not re-validated).
    pub(crate) fn verifier(&self) -> Result<EcVerifier> {
        EcVerifier::trusted(self.curve, self.pair.public_key().as_ref())
    }

    pub(crate) fn public_point(&self) -> &[u8] {
        self.pair.public_key().as_ref()
    }

    pub(crate) fn sign(&self, input: &[u8]) -> Result<Signature> {
        self.pair
            .sign(&SystemRandom::new(), input)
            .map_err(|_| super::ECDSA_SIGNING_FAILED)
    }
}

/// An Ed25519 public key (its encoding is decoded by `ring` on each verification).
#[derive(Clone)]
pub(crate) struct EdVerifier([u8; 32]);

impl EdVerifier {
    pub(crate) fn new(key: &[u8; 32]) -> Result<Self> {
        Ok(Self(*key))
    }

    pub(crate) fn verify(&self, input: &[u8], sig: &[u8]) -> Result<()> {
        rs::UnparsedPublicKey::new(&rs::ED25519, &self.0)
            .verify(input, sig)
            .map_err(|_| Error::invalid_signature())
    }
}

/// An Ed25519 key pair.
pub(crate) struct EdSigner(Ed25519KeyPair);

impl EdSigner {
    /// From PKCS#8 v2 (seed and public key, which must match).
    pub(crate) fn from_pkcs8_v2(der: &[u8]) -> Result<Self> {
        Ed25519KeyPair::from_pkcs8(der).map(Self).map_err(rejected)
    }

    /// The public key of a seed.
    pub(crate) fn public_of_seed(seed: &[u8]) -> Result<[u8; 32]> {
        let pair = Ed25519KeyPair::from_seed_unchecked(seed).map_err(rejected)?;
        pair.public_key()
            .as_ref()
            .try_into()
            .map_err(|_| super::ED25519_PUBLIC_LEN)
    }

    /// A new PKCS#8 v2 document.
    pub(crate) fn generate_pkcs8() -> Result<Zeroizing<Vec<u8>>> {
        let doc = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).map_err(|_| rng_failed())?;
        Ok(Zeroizing::new(doc.as_ref().into()))
    }

    pub(crate) fn public_key(&self) -> &[u8] {
        self.0.public_key().as_ref()
    }

    pub(crate) fn sign(&self, input: &[u8]) -> Result<Signature> {
        Ok(self.0.sign(input))
    }
}

fn rsa_verification(alg: Algorithm) -> Result<&'static rs::RsaParameters> {
    Ok(match alg {
        Algorithm::RS256 => &rs::RSA_PKCS1_2048_8192_SHA256,
        Algorithm::RS384 => &rs::RSA_PKCS1_2048_8192_SHA384,
        Algorithm::RS512 => &rs::RSA_PKCS1_2048_8192_SHA512,
        Algorithm::PS256 => &rs::RSA_PSS_2048_8192_SHA256,
        Algorithm::PS384 => &rs::RSA_PSS_2048_8192_SHA384,
        Algorithm::PS512 => &rs::RSA_PSS_2048_8192_SHA512,
        _ => return Err(super::rsa::not_rsa()),
    })
}

fn rsa_padding(alg: Algorithm) -> Result<&'static dyn rs::RsaEncoding> {
    Ok(match alg {
        Algorithm::RS256 => &rs::RSA_PKCS1_SHA256,
        Algorithm::RS384 => &rs::RSA_PKCS1_SHA384,
        Algorithm::RS512 => &rs::RSA_PKCS1_SHA512,
        Algorithm::PS256 => &rs::RSA_PSS_SHA256,
        Algorithm::PS384 => &rs::RSA_PSS_SHA384,
        Algorithm::PS512 => &rs::RSA_PSS_SHA512,
        _ => return Err(super::rsa::not_rsa()),
    })
}

/// An RSA public key for one RS/PS algorithm. `ring` has no parsed public key type:
/// its components are checked again on each verification.
#[derive(Clone)]
pub(crate) struct RsaVerifier {
    params: &'static rs::RsaParameters,
    n: Box<[u8]>,
    e: Box<[u8]>,
}

impl RsaVerifier {
    pub(crate) fn new(alg: Algorithm, n: &[u8], e: &[u8]) -> Result<Self> {
        Ok(Self {
            params: rsa_verification(alg)?,
            n: n.into(),
            e: e.into(),
        })
    }

    pub(crate) fn verify(&self, input: &[u8], sig: &[u8]) -> Result<()> {
        rs::RsaPublicKeyComponents {
            n: &*self.n,
            e: &*self.e,
        }
        .verify(self.params, input, sig)
        .map_err(|_| Error::invalid_signature())
    }
}

/// An RSA key pair for one RS/PS algorithm, parsed once.
pub(crate) struct RsaSigner {
    padding: &'static dyn rs::RsaEncoding,
    pair: RsaKeyPair,
}

impl RsaSigner {
    /// From a PKCS#8 `PrivateKeyInfo` holding an `rsaEncryption` key.
    pub(crate) fn from_pkcs8(alg: Algorithm, der: &[u8]) -> Result<Self> {
        Ok(Self {
            padding: rsa_padding(alg)?,
            pair: RsaKeyPair::from_pkcs8(der).map_err(rejected)?,
        })
    }

    /// From a PKCS#1 `RSAPrivateKey`.
    pub(crate) fn from_pkcs1(alg: Algorithm, der: &[u8]) -> Result<Self> {
        Ok(Self {
            padding: rsa_padding(alg)?,
            pair: RsaKeyPair::from_der(der).map_err(rejected)?,
        })
    }

    pub(crate) fn from_components(
        alg: Algorithm,
        c: &super::rsa::RsaComponents<'_>,
    ) -> Result<Self> {
        let pair = RsaKeyPair::from_components(&ring::rsa::KeyPairComponents {
            public_key: rs::RsaPublicKeyComponents { n: c.n, e: c.e },
            d: c.d,
            p: c.p,
            q: c.q,
            dP: c.dp,
            dQ: c.dq,
            qInv: c.qi,
        })
        .map_err(rejected)?;
        Ok(Self {
            padding: rsa_padding(alg)?,
            pair,
        })
    }

    /// `ring` cannot generate RSA keys.
    pub(crate) fn generate_pkcs8(_bits: usize) -> Result<Zeroizing<Vec<u8>>> {
        Err(Error::new(
            ErrorKind::UnsupportedKey,
            "ring cannot generate RSA keys: enable the aws-lc-rs feature, or import one",
        ))
    }

    /// The modulus and exponent, big-endian without leading zeros.
    pub(crate) fn public_components(&self) -> (Vec<u8>, Vec<u8>) {
        let c: rs::RsaPublicKeyComponents<Vec<u8>> = self.pair.public().into();
        (c.n, c.e)
    }

    pub(crate) fn modulus_len(&self) -> usize {
        self.pair.public().modulus_len()
    }

    pub(crate) fn sign(&self, input: &[u8]) -> Result<Vec<u8>> {
        let mut sig = vec![0; self.modulus_len()];
        self.pair
            .sign(self.padding, &SystemRandom::new(), input, &mut sig)
            .map_err(|_| super::RSA_SIGNING_FAILED)?;
        Ok(sig)
    }
}
