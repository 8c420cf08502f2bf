//! [`VerifyingKey`]: public keys and HMAC secrets a verifier checks signatures with.

use super::{Material, family_mismatch, public_key_as_hmac, secret_has_no_public_form};
use crate::alg::ecdsa::{self, EcPublicKey};
use crate::alg::eddsa::EdPublicKey;
use crate::alg::hmac::HmacKey;
use crate::alg::rsa::RsaPublicKey;
use crate::alg::{Algorithm, Family};
use crate::der::{self, PublicKeyInfo};
use crate::error::{Error, ErrorKind, Result};
use crate::pem;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// A key a [`Verifier`](crate::Verifier) may check signatures with, bound to exactly
/// one algorithm, optionally named by a key id (`kid`).
///
/// Build one from an [`HmacKey`], a public key ([`VerifyingKey::from_pem`],
/// [`VerifyingKey::from_spki_der`], ...), a [`Jwk`](crate::Jwk), or the public half of a
/// [`SigningKey`](crate::SigningKey).
#[derive(Clone)]
pub struct VerifyingKey {
    kid: Option<String>,
    material: Material,
}

impl VerifyingKey {
    pub(crate) fn from_material(material: Material) -> Self {
        Self {
            kid: None,
            material,
        }
    }

    /// A public key from PEM: `PUBLIC KEY` (SubjectPublicKeyInfo) or `RSA PUBLIC KEY`
    /// (PKCS#1), bound to `alg`: the key verifies `alg` tokens and nothing else.
    ///
    /// ```
    /// use strict_jwt::{Algorithm, ErrorKind, Verifier, VerifyingKey};
    ///
    /// let pem = "-----BEGIN PUBLIC KEY-----\n\
    ///     MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n\
    ///     -----END PUBLIC KEY-----\n";
    /// let key = VerifyingKey::from_pem(Algorithm::EdDSA, pem)?;
    /// assert_eq!(key.algorithm(), Algorithm::EdDSA);
    /// let verifier = Verifier::builder().allow(Algorithm::EdDSA).key(key).build()?;
    /// # let _ = verifier;
    ///
    /// // The same Ed25519 key cannot be bound to ES256, nor used as an HMAC secret.
    /// let e = VerifyingKey::from_pem(Algorithm::ES256, pem).unwrap_err();
    /// assert_eq!(e.kind(), ErrorKind::IncompatibleKey);
    /// let e = VerifyingKey::from_pem(Algorithm::HS256, pem).unwrap_err();
    /// assert_eq!(e.kind(), ErrorKind::IncompatibleKey);
    /// // A broken file is the key's fault, not a malformed token.
    /// let e = VerifyingKey::from_pem(Algorithm::EdDSA, &pem[1..]).unwrap_err();
    /// assert_eq!(e.kind(), ErrorKind::InvalidKey);
    /// # Ok::<(), strict_jwt::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] for bad armor or DER, or a private key;
    /// [`ErrorKind::IncompatibleKey`] when the key is not of `alg`'s family;
    /// [`ErrorKind::UnsupportedKey`] for an algorithm this build lacks;
    /// [`ErrorKind::WeakKey`] and [`ErrorKind::InvalidKey`] as for the DER constructors.
    pub fn from_pem(alg: Algorithm, pem: &str) -> Result<Self> {
        let block = pem::parse(pem)?;
        match block.label.as_str() {
            "PUBLIC KEY" => Self::from_spki_der(alg, &block.der),
            "RSA PUBLIC KEY" => Self::from_pkcs1_der(alg, &block.der),
            "PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY" | "ENCRYPTED PRIVATE KEY" => {
                Err(Error::new(
                    ErrorKind::InvalidKey,
                    "a private key where a public key is expected; load it as a SigningKey",
                ))
            }
            _ => Err(Error::new(
                ErrorKind::InvalidKey,
                "unsupported PEM label (expected PUBLIC KEY or RSA PUBLIC KEY)",
            )),
        }
    }

    /// A public key from a DER SubjectPublicKeyInfo (RSA, EC or Ed25519).
    ///
    /// # Errors
    /// As [`VerifyingKey::from_pem`].
    pub fn from_spki_der(alg: Algorithm, der: &[u8]) -> Result<Self> {
        let info = der::parse_spki(der)?;
        let material = match (alg.family(), info) {
            (Family::Rsa, PublicKeyInfo::Rsa { n, e }) => {
                Material::Rsa(RsaPublicKey::new(alg, n, e)?)
            }
            (Family::Ecdsa, PublicKeyInfo::Ec { curve, point }) => {
                ecdsa::check_curve(alg, curve)?;
                Material::Ec(EcPublicKey::from_point(alg, point)?)
            }
            (Family::Ed25519, PublicKeyInfo::Ed25519 { key }) => {
                Material::Ed(EdPublicKey::new(alg, key)?)
            }
            (Family::Hmac, _) => return Err(public_key_as_hmac()),
            _ => return Err(family_mismatch()),
        };
        Ok(Self::from_material(material))
    }

    /// An RSA public key from a DER PKCS#1 `RSAPublicKey`.
    ///
    /// # Errors
    /// As [`VerifyingKey::from_pem`].
    pub fn from_pkcs1_der(alg: Algorithm, der: &[u8]) -> Result<Self> {
        let (n, e) = der::parse_pkcs1_public(der)?;
        Self::from_rsa_components(alg, n, e)
    }

    /// An RSA public key from its big-endian modulus and exponent (no leading zeros).
    /// 2048 to 8192 bits; the exponent odd, greater than 1, at most 33 bits.
    ///
    /// # Errors
    /// [`ErrorKind::IncompatibleKey`] unless `alg` is RS*/PS*; [`ErrorKind::WeakKey`] for a
    /// short modulus or a bad exponent; [`ErrorKind::InvalidKey`] otherwise.
    pub fn from_rsa_components(alg: Algorithm, n: &[u8], e: &[u8]) -> Result<Self> {
        Ok(Self::from_material(Material::Rsa(RsaPublicKey::new(
            alg, n, e,
        )?)))
    }

    /// An EC public key from an uncompressed SEC1 point (`0x04 || x || y`), which must
    /// lie on the curve of `alg` (ES256: P-256, ES384: P-384, ES512: P-521, ES256K:
    /// secp256k1).
    ///
    /// # Errors
    /// [`ErrorKind::IncompatibleKey`] unless `alg` is an ES* algorithm;
    /// [`ErrorKind::UnsupportedKey`] for one the backend lacks; [`ErrorKind::InvalidKey`]
    /// for a compressed, wrong-length or off-curve point.
    pub fn from_ec_point(alg: Algorithm, point: &[u8]) -> Result<Self> {
        Ok(Self::from_material(Material::Ec(EcPublicKey::from_point(
            alg, point,
        )?)))
    }

    /// An Ed25519 public key from its 32 bytes, bound to `EdDSA` or `Ed25519`.
    ///
    /// # Errors
    /// [`ErrorKind::IncompatibleKey`] for another algorithm; [`ErrorKind::InvalidKey`] for
    /// a length other than 32.
    pub fn from_ed25519_bytes(alg: Algorithm, key: &[u8]) -> Result<Self> {
        Ok(Self::from_material(Material::Ed(EdPublicKey::new(
            alg, key,
        )?)))
    }

    /// Names the key. A token whose header carries a `kid` is checked only with the
    /// key of exactly that id.
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

    /// The one algorithm this key verifies.
    #[must_use]
    pub fn algorithm(&self) -> Algorithm {
        self.material.algorithm()
    }

    /// The public key as DER SubjectPublicKeyInfo.
    ///
    /// # Errors
    /// [`ErrorKind::IncompatibleKey`] for an HMAC key, which has no public form.
    pub fn to_spki_der(&self) -> Result<Vec<u8>> {
        Ok(match &self.material {
            Material::Hmac(_) => return Err(secret_has_no_public_form()),
            Material::Rsa(k) => {
                let (n, e) = k.components();
                der::spki_rsa(n, e)
            }
            Material::Ec(k) => der::spki_ec(k.curve(), k.point()),
            Material::Ed(k) => der::spki_ed25519(k.bytes()),
        })
    }

    /// The public key as a `PUBLIC KEY` PEM block.
    ///
    /// # Errors
    /// As [`VerifyingKey::to_spki_der`].
    pub fn to_spki_pem(&self) -> Result<String> {
        let der = self.to_spki_der()?;
        Ok(String::from(pem::encode("PUBLIC KEY", &der).as_str()))
    }

    pub(crate) fn material(&self) -> &Material {
        &self.material
    }

    /// Checks `signature` over `signing_input` (the exact received bytes).
    pub(crate) fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<()> {
        match &self.material {
            Material::Hmac(k) => k.verify(signing_input, signature),
            Material::Rsa(k) => k.verify(signing_input, signature),
            Material::Ec(k) => k.verify(signing_input, signature),
            Material::Ed(k) => k.verify(signing_input, signature),
        }
    }

    /// Exact signature length for this key.
    pub(crate) fn signature_len(&self) -> usize {
        self.material.signature_len()
    }
}

impl From<HmacKey> for VerifyingKey {
    fn from(key: HmacKey) -> Self {
        Self::from_material(Material::Hmac(key))
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyingKey")
            .field("kid", &self.kid)
            .field("material", &self.material)
            .finish()
    }
}
