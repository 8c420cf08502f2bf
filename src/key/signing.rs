//! [`SigningKey`]: private keys and HMAC secrets a signer signs with.

use super::{
    Material, PrivateParts, RawSignature, VerifyingKey, family_mismatch, private_key_as_hmac,
};
use crate::alg::ecdsa::EcPrivateKey;
use crate::alg::eddsa::EdPrivateKey;
use crate::alg::hmac::HmacKey;
use crate::alg::rsa::RsaPrivateKey;
use crate::alg::{Algorithm, Family};
use crate::der::{self, KeyAlgorithm};
use crate::error::{Error, ErrorKind, Result};
use crate::pem;
use crate::thumbprint::ThumbprintHash;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use zeroize::Zeroizing;

#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
enum Private {
    Hmac(HmacKey),
    // ring's key pairs are not `Clone`; the `Arc` lets signers be cloned cheaply.
    Rsa(Arc<RsaPrivateKey>),
    Ec(Arc<EcPrivateKey>),
    Ed(Arc<EdPrivateKey>),
}

/// A key a [`Signer`](crate::Signer) signs with, bound to one algorithm. The token's
/// `alg` always comes from it.
///
/// Private keys are parsed by the backend once, at construction. What this crate holds
/// of them (PEM bodies, PKCS#8 documents, JWK members) is zeroized on drop and never
/// shown by `Debug`; the backends' own parsed key pairs are theirs to clear.
///
/// RSA keys can be imported under either backend (ring signs with 2048 to 4096 bits)
/// and generated with `aws-lc-rs` ([`SigningKey::generate_rsa`]). Every imported RSA key
/// signs once at import, checked against its public half.
#[derive(Clone, Debug)]
pub struct SigningKey {
    private: Private,
    public: Material,
    kid: Option<String>,
}

impl SigningKey {
    fn from_private(private: Private) -> Result<Self> {
        let public = match &private {
            Private::Hmac(k) => Material::Hmac(k.clone()),
            Private::Rsa(k) => Material::Rsa(k.public_key()?),
            Private::Ec(k) => Material::Ec(k.public_key()?),
            Private::Ed(k) => Material::Ed(k.public_key()?),
        };
        Ok(Self {
            private,
            public,
            kid: None,
        })
    }

    /// A new random key for `alg`: HS256/384/512 (a secret of the hash length), an EC
    /// key on the algorithm's curve, an Ed25519 key, or (with the `aws-lc-rs` backend)
    /// a 2048-bit RSA key; from the system CSPRNG. For a larger RSA key use
    /// [`SigningKey::generate_rsa`].
    ///
    /// Its `kid` is its RFC 7638 SHA-256 thumbprint, so that a [`Signer`](crate::Signer)
    /// puts it in every header and the published key (from [`SigningKey::to_public_jwk`]
    /// or [`SigningKey::verifying_key`]) carries it too. Replace it with
    /// [`SigningKey::with_kid`]. (For HMAC keys the thumbprint is a hash of the
    /// 256 to 512 random bits of the secret, which RFC 7638 §7 permits for
    /// high-entropy keys.)
    ///
    /// # Errors
    /// [`ErrorKind::UnsupportedKey`] for an algorithm the backend lacks (RS*/PS*
    /// generation, ES512 and ES256K need `aws-lc-rs`: `ring` cannot generate RSA keys);
    /// [`ErrorKind::Crypto`] if the random number generator fails.
    pub fn generate(alg: Algorithm) -> Result<Self> {
        let private = match alg.family() {
            Family::Hmac => Private::Hmac(HmacKey::generate(alg)?),
            Family::Ecdsa => Private::Ec(Arc::new(EcPrivateKey::generate(alg)?)),
            Family::Ed25519 => Private::Ed(Arc::new(EdPrivateKey::generate(alg)?)),
            Family::Rsa => Private::Rsa(Arc::new(RsaPrivateKey::generate(alg, 2048)?)),
        };
        Self::with_thumbprint_kid(private)
    }

    /// A new RSA key of `bits` (2048, 3072 or 4096) for an RS*/PS* algorithm, with its
    /// thumbprint as `kid` as for [`SigningKey::generate`]. Needs the `aws-lc-rs`
    /// backend.
    ///
    /// # Errors
    /// [`ErrorKind::IncompatibleKey`] for a non-RSA `alg`; [`ErrorKind::InvalidKey`] for
    /// another size; [`ErrorKind::UnsupportedKey`] without `aws-lc-rs`;
    /// [`ErrorKind::Crypto`] if generation fails.
    pub fn generate_rsa(alg: Algorithm, bits: usize) -> Result<Self> {
        Self::with_thumbprint_kid(Private::Rsa(Arc::new(RsaPrivateKey::generate(alg, bits)?)))
    }

    fn with_thumbprint_kid(private: Private) -> Result<Self> {
        let key = Self::from_private(private)?;
        let kid = key.public.members().thumbprint(ThumbprintHash::Sha256);
        Ok(key.with_kid(kid))
    }

    /// Names the key: a [`Signer`](crate::Signer) puts the `kid` in every header, and
    /// [`SigningKey::verifying_key`] and the JWK exports carry it.
    #[must_use]
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The key id, if any.
    #[must_use]
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// A private key from PEM: `PRIVATE KEY` (PKCS#8: RSA, EC or Ed25519),
    /// `RSA PRIVATE KEY` (PKCS#1) or `EC PRIVATE KEY` (SEC1), bound to `alg`.
    /// Encrypted PEM is not supported. The decoded body is zeroized after use.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] for bad armor or DER; [`ErrorKind::IncompatibleKey`] when
    /// the key is not of `alg`'s family; [`ErrorKind::WeakKey`] for small RSA keys;
    /// [`ErrorKind::UnsupportedKey`] for Ed448 keys and for algorithms the
    /// backend lacks (ES512 and ES256K without `aws-lc-rs`).
    pub fn from_pem(alg: Algorithm, pem: &str) -> Result<Self> {
        let block = pem::parse(pem)?;
        match block.label.as_str() {
            "PRIVATE KEY" => Self::from_pkcs8_der(alg, &block.der),
            "RSA PRIVATE KEY" => Self::from_pkcs1_der(alg, &block.der),
            "EC PRIVATE KEY" => Self::from_sec1_der(alg, &block.der),
            "ENCRYPTED PRIVATE KEY" => Err(Error::new(
                ErrorKind::InvalidKey,
                "encrypted private keys are not supported",
            )),
            "PUBLIC KEY" | "RSA PUBLIC KEY" => Err(Error::new(
                ErrorKind::IncompatibleKey,
                "a public key cannot sign",
            )),
            _ => Err(Error::new(
                ErrorKind::InvalidKey,
                "unsupported PEM label (expected PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)",
            )),
        }
    }

    /// A private key from DER PKCS#8 (`PrivateKeyInfo` / `OneAsymmetricKey`).
    ///
    /// # Errors
    /// As [`SigningKey::from_pem`].
    pub fn from_pkcs8_der(alg: Algorithm, der: &[u8]) -> Result<Self> {
        let inside = der::pkcs8_algorithm(der)?;
        let private = match (alg.family(), inside) {
            (Family::Rsa, KeyAlgorithm::Rsa) => {
                Private::Rsa(Arc::new(RsaPrivateKey::from_pkcs8(alg, der)?))
            }
            (Family::Ecdsa, KeyAlgorithm::Ec(_)) => {
                Private::Ec(Arc::new(EcPrivateKey::from_pkcs8(alg, der)?))
            }
            (Family::Ed25519, KeyAlgorithm::Ed25519 | KeyAlgorithm::Ed448) => {
                Private::Ed(Arc::new(EdPrivateKey::from_pkcs8(alg, der)?))
            }
            (Family::Hmac, _) => return Err(private_key_as_hmac()),
            _ => return Err(family_mismatch()),
        };
        Self::from_private(private)
    }

    /// An RSA private key from DER PKCS#1 `RSAPrivateKey`.
    ///
    /// # Errors
    /// As [`SigningKey::from_pem`].
    pub fn from_pkcs1_der(alg: Algorithm, der: &[u8]) -> Result<Self> {
        match alg.family() {
            Family::Rsa => {
                Self::from_private(Private::Rsa(Arc::new(RsaPrivateKey::from_pkcs1(alg, der)?)))
            }
            Family::Hmac => Err(private_key_as_hmac()),
            _ => Err(family_mismatch()),
        }
    }

    /// An EC private key from DER SEC1 `ECPrivateKey` (RFC 5915); it must include its
    /// public key, as OpenSSL writes it.
    ///
    /// # Errors
    /// As [`SigningKey::from_pem`].
    pub fn from_sec1_der(alg: Algorithm, der: &[u8]) -> Result<Self> {
        match alg.family() {
            Family::Ecdsa => {
                Self::from_private(Private::Ec(Arc::new(EcPrivateKey::from_sec1(alg, der)?)))
            }
            Family::Hmac => Err(private_key_as_hmac()),
            _ => Err(family_mismatch()),
        }
    }

    pub(crate) fn from_rsa(key: RsaPrivateKey) -> Result<Self> {
        Self::from_private(Private::Rsa(Arc::new(key)))
    }

    pub(crate) fn from_ec(key: EcPrivateKey) -> Result<Self> {
        Self::from_private(Private::Ec(Arc::new(key)))
    }

    pub(crate) fn from_ed(key: EdPrivateKey) -> Result<Self> {
        Self::from_private(Private::Ed(Arc::new(key)))
    }

    /// The one algorithm this key signs with.
    #[must_use]
    pub fn algorithm(&self) -> Algorithm {
        self.public.algorithm()
    }

    /// The key that verifies this key's signatures (for HMAC, the same secret), with
    /// the same `kid`.
    #[must_use]
    pub fn verifying_key(&self) -> VerifyingKey {
        let key = VerifyingKey::from_material(self.public.clone());
        match &self.kid {
            Some(kid) => key.with_kid(kid.clone()),
            None => key,
        }
    }

    /// The private key as DER PKCS#8 (RSA and EC: v1; Ed25519: v2 with the public
    /// key). Treat the result as a secret; it is zeroized on drop.
    ///
    /// # Errors
    /// [`ErrorKind::IncompatibleKey`] for HMAC keys, which are not asymmetric (use
    /// [`HmacKey::expose_secret`]).
    pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        match &self.private {
            Private::Ec(k) => Ok(Zeroizing::new(k.pkcs8().into())),
            Private::Ed(k) => Ok(Zeroizing::new(k.pkcs8().into())),
            Private::Rsa(k) => Ok(Zeroizing::new(k.pkcs8().into())),
            Private::Hmac(_) => Err(Error::new(
                ErrorKind::IncompatibleKey,
                "an HMAC key has no PKCS#8 form; use HmacKey::expose_secret",
            )),
        }
    }

    /// The private key as a `PRIVATE KEY` PEM block; zeroized on drop.
    ///
    /// # Errors
    /// As [`SigningKey::to_pkcs8_der`].
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>> {
        Ok(pem::encode("PRIVATE KEY", &self.to_pkcs8_der()?))
    }

    /// The PKCS#8 document of an EC or Ed25519 key, or the HMAC key, for JWK export.
    pub(crate) fn private_parts(&self) -> PrivateParts<'_> {
        match &self.private {
            Private::Hmac(k) => PrivateParts::Hmac(k),
            Private::Ec(k) => PrivateParts::Pkcs8(k.pkcs8()),
            Private::Ed(k) => PrivateParts::Pkcs8(k.pkcs8()),
            Private::Rsa(k) => PrivateParts::RsaPkcs8(k.pkcs8()),
        }
    }

    pub(crate) fn signature_len(&self) -> usize {
        self.public.signature_len()
    }

    pub(crate) fn public_material(&self) -> &Material {
        &self.public
    }

    /// Signs `signing_input`.
    pub(crate) fn sign(&self, signing_input: &[u8]) -> Result<RawSignature> {
        Ok(match &self.private {
            Private::Hmac(k) => {
                let mut tag = [0u8; crate::alg::hmac::MAX_TAG_LEN];
                let len = k.sign(signing_input, &mut tag).len();
                RawSignature::Tag(tag, len)
            }
            Private::Rsa(k) => RawSignature::Heap(k.sign(signing_input)?),
            Private::Ec(k) => RawSignature::Backend(k.sign(signing_input)?),
            Private::Ed(k) => RawSignature::Backend(k.sign(signing_input)?),
        })
    }
}

impl From<HmacKey> for SigningKey {
    fn from(key: HmacKey) -> Self {
        Self {
            public: Material::Hmac(key.clone()),
            private: Private::Hmac(key),
            kid: None,
        }
    }
}
