//! The `aws-lc-rs` backend: every asymmetric algorithm, including ES512 (P-521),
//! ES256K (secp256k1) and RSA key generation.
//!
//! The same narrow interface as `ring.rs` (see `mod.rs`). Public keys are parsed into
//! aws-lc's `EVP_PKEY` once, at import (`ParsedPublicKey`), never per verification.

use super::{Algorithm, Backend};
use crate::der::Curve;
use crate::error::{Error, ErrorKind, Result};
use alloc::vec;
use alloc::vec::Vec;
use aws_lc_rs::encoding::AsDer as _;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{
    self as sig, EcdsaKeyPair, Ed25519KeyPair, KeyPair as _, ParsedPublicKey, RsaKeyPair,
};
use zeroize::Zeroizing;

pub(crate) const ACTIVE: Backend = Backend::AwsLcRs;

/// Every algorithm.
pub(crate) const fn supports(_alg: Algorithm) -> bool {
    true
}

pub(crate) fn fill_random(out: &mut [u8]) -> Result<()> {
    aws_lc_rs::rand::fill(out).map_err(|_| rng_failed())
}

fn rng_failed() -> Error {
    super::RNG_FAILED
}

/// A key the backend refused. The crate's own checks (algorithm, type, curve, size,
/// encoding) ran before the backend saw the key, so what is left is key material the
/// backend cannot use: [`ErrorKind::InvalidKey`], whatever the reason. The reason
/// (a static name such as `InvalidComponent`, never key material) is kept in the detail
/// for the operator; it does not decide the kind.
fn rejected(e: aws_lc_rs::error::KeyRejected) -> Error {
    Error::with_detail(
        ErrorKind::InvalidKey,
        alloc::format!("key rejected by aws-lc-rs: {}", e.description_()),
    )
}

/// An ECDSA or Ed25519 signature (at most 132 bytes: ES512's `r || s`), inline. aws-lc-rs's
/// own `Signature` holds a buffer sized for post-quantum signatures (about 4.6 KB), which
/// would be moved around on every signing; the few bytes are copied out instead.
pub(crate) struct Signature {
    bytes: [u8; MAX_SIGNATURE_LEN],
    len: usize,
}

const MAX_SIGNATURE_LEN: usize = 132;

impl Signature {
    fn copy_of(sig: &sig::Signature) -> Result<Self> {
        let s = sig.as_ref();
        let mut bytes = [0u8; MAX_SIGNATURE_LEN];
        bytes
            .get_mut(..s.len())
            .ok_or(Error::new(ErrorKind::Crypto, "unexpected signature length"))?
            .copy_from_slice(s);
        Ok(Self {
            bytes,
            len: s.len(),
        })
    }
}

impl AsRef<[u8]> for Signature {
    fn as_ref(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

fn ec_verification(curve: Curve) -> &'static sig::EcdsaVerificationAlgorithm {
    match curve {
        Curve::P256 => &sig::ECDSA_P256_SHA256_FIXED,
        Curve::P384 => &sig::ECDSA_P384_SHA384_FIXED,
        Curve::P521 => &sig::ECDSA_P521_SHA512_FIXED,
        Curve::Secp256k1 => &sig::ECDSA_P256K1_SHA256_FIXED,
    }
}

fn ec_signing(curve: Curve) -> &'static sig::EcdsaSigningAlgorithm {
    match curve {
        Curve::P256 => &sig::ECDSA_P256_SHA256_FIXED_SIGNING,
        Curve::P384 => &sig::ECDSA_P384_SHA384_FIXED_SIGNING,
        Curve::P521 => &sig::ECDSA_P521_SHA512_FIXED_SIGNING,
        Curve::Secp256k1 => &sig::ECDSA_P256K1_SHA256_FIXED_SIGNING,
    }
}

/// An EC public key parsed once; aws-lc checks the point is on the curve.
#[derive(Clone)]
pub(crate) struct EcVerifier(ParsedPublicKey);

impl EcVerifier {
    pub(crate) fn new(curve: Curve, point: &[u8]) -> Result<Self> {
        ParsedPublicKey::new(ec_verification(curve), point)
            .map(Self)
            .map_err(|_| super::NOT_ON_CURVE)
    }

    pub(crate) fn verify(&self, input: &[u8], sig: &[u8]) -> Result<()> {
        self.0
            .verify_sig(input, sig)
            .map_err(|_| Error::invalid_signature())
    }
}

/// An EC key pair parsed from PKCS#8 (a public key in the document is checked against
/// the private scalar).
pub(crate) struct EcSigner {
    curve: Curve,
    pair: EcdsaKeyPair,
}

impl EcSigner {
    pub(crate) fn from_pkcs8(curve: Curve, der: &[u8]) -> Result<Self> {
        let pair = EcdsaKeyPair::from_pkcs8(ec_signing(curve), der).map_err(rejected)?;
        Ok(Self { curve, pair })
    }

    pub(crate) fn generate_pkcs8(curve: Curve) -> Result<Zeroizing<Vec<u8>>> {
        let doc = EcdsaKeyPair::generate_pkcs8(ec_signing(curve), &SystemRandom::new())
            .map_err(|_| rng_failed())?;
        Ok(Zeroizing::new(doc.as_ref().into()))
    }

    pub(crate) fn verifier(&self) -> Result<EcVerifier> {
        EcVerifier::new(self.curve, self.public_point())
    }

    pub(crate) fn public_point(&self) -> &[u8] {
        self.pair.public_key().as_ref()
    }

    pub(crate) fn sign(&self, input: &[u8]) -> Result<Signature> {
        let sig = self
            .pair
            .sign(&SystemRandom::new(), input)
            .map_err(|_| super::ECDSA_SIGNING_FAILED)?;
        Signature::copy_of(&sig)
    }
}

/// An Ed25519 public key parsed once.
#[derive(Clone)]
pub(crate) struct EdVerifier(ParsedPublicKey);

impl EdVerifier {
    pub(crate) fn new(key: &[u8; 32]) -> Result<Self> {
        ParsedPublicKey::new(&sig::ED25519, key)
            .map(Self)
            .map_err(|_| Error::new(ErrorKind::InvalidKey, "Ed25519 public key rejected"))
    }

    pub(crate) fn verify(&self, input: &[u8], sig: &[u8]) -> Result<()> {
        self.0
            .verify_sig(input, sig)
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
        Signature::copy_of(&self.0.sign(input))
    }
}

fn rsa_verification(alg: Algorithm) -> Result<&'static sig::RsaParameters> {
    Ok(match alg {
        Algorithm::RS256 => &sig::RSA_PKCS1_2048_8192_SHA256,
        Algorithm::RS384 => &sig::RSA_PKCS1_2048_8192_SHA384,
        Algorithm::RS512 => &sig::RSA_PKCS1_2048_8192_SHA512,
        Algorithm::PS256 => &sig::RSA_PSS_2048_8192_SHA256,
        Algorithm::PS384 => &sig::RSA_PSS_2048_8192_SHA384,
        Algorithm::PS512 => &sig::RSA_PSS_2048_8192_SHA512,
        _ => return Err(super::rsa::not_rsa()),
    })
}

fn rsa_padding(alg: Algorithm) -> Result<&'static dyn sig::RsaEncoding> {
    Ok(match alg {
        Algorithm::RS256 => &sig::RSA_PKCS1_SHA256,
        Algorithm::RS384 => &sig::RSA_PKCS1_SHA384,
        Algorithm::RS512 => &sig::RSA_PKCS1_SHA512,
        Algorithm::PS256 => &sig::RSA_PSS_SHA256,
        Algorithm::PS384 => &sig::RSA_PSS_SHA384,
        Algorithm::PS512 => &sig::RSA_PSS_SHA512,
        _ => return Err(super::rsa::not_rsa()),
    })
}

/// An RSA public key for one RS/PS algorithm, parsed once at import.
#[derive(Clone)]
pub(crate) struct RsaVerifier(ParsedPublicKey);

impl RsaVerifier {
    pub(crate) fn new(alg: Algorithm, n: &[u8], e: &[u8]) -> Result<Self> {
        sig::RsaPublicKeyComponents { n, e }
            .to_parsed_public_key(rsa_verification(alg)?)
            .map(Self)
            .map_err(rejected)
    }

    pub(crate) fn verify(&self, input: &[u8], sig: &[u8]) -> Result<()> {
        self.0
            .verify_sig(input, sig)
            .map_err(|_| Error::invalid_signature())
    }
}

/// An RSA key pair for one RS/PS algorithm, parsed once.
pub(crate) struct RsaSigner {
    padding: &'static dyn sig::RsaEncoding,
    pair: RsaKeyPair,
}

impl RsaSigner {
    pub(crate) fn from_pkcs8(alg: Algorithm, der: &[u8]) -> Result<Self> {
        Ok(Self {
            padding: rsa_padding(alg)?,
            pair: RsaKeyPair::from_pkcs8(der).map_err(rejected)?,
        })
    }

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
        let pair = RsaKeyPair::from_components(&aws_lc_rs::rsa::KeyPairComponents {
            public_key: sig::RsaPublicKeyComponents { n: c.n, e: c.e },
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

    /// A new key of 2048, 3072 or 4096 bits, as PKCS#8.
    pub(crate) fn generate_pkcs8(bits: usize) -> Result<Zeroizing<Vec<u8>>> {
        use aws_lc_rs::rsa::KeySize;
        let size = match bits {
            2048 => KeySize::Rsa2048,
            3072 => KeySize::Rsa3072,
            4096 => KeySize::Rsa4096,
            _ => {
                return Err(Error::new(
                    ErrorKind::InvalidKey,
                    "RSA keys are generated with 2048, 3072 or 4096 bits",
                ));
            }
        };
        let pair = RsaKeyPair::generate(size)
            .map_err(|_| Error::new(ErrorKind::Crypto, "RSA key generation failed"))?;
        let der = pair
            .as_der()
            .map_err(|_| Error::new(ErrorKind::Crypto, "RSA key export failed"))?;
        Ok(Zeroizing::new(der.as_ref().into()))
    }

    pub(crate) fn public_components(&self) -> (Vec<u8>, Vec<u8>) {
        let public = self.pair.public_key();
        (
            public.modulus().big_endian_without_leading_zero().into(),
            public.exponent().big_endian_without_leading_zero().into(),
        )
    }

    pub(crate) fn modulus_len(&self) -> usize {
        self.pair.public_modulus_len()
    }

    pub(crate) fn sign(&self, input: &[u8]) -> Result<Vec<u8>> {
        let mut sig = vec![0; self.modulus_len()];
        self.pair
            .sign(self.padding, &SystemRandom::new(), input, &mut sig)
            .map_err(|_| super::RSA_SIGNING_FAILED)?;
        Ok(sig)
    }
}
