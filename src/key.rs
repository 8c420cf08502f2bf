//! Keys as the verifier and signer hold them: bound to one algorithm, with an optional
//! key id. Each algorithm family adds a variant here; nothing converts between them.

use crate::alg::Algorithm;
use crate::alg::hmac::HmacKey;
use crate::error::Result;
use alloc::string::String;
use core::fmt;

#[derive(Clone, Debug)]
pub(crate) enum Material {
    Hmac(HmacKey),
}

/// A key a [`Verifier`](crate::Verifier) may check signatures with, bound to exactly
/// one algorithm, optionally named by a key id (`kid`).
#[derive(Clone)]
pub struct VerifyingKey {
    kid: Option<String>,
    material: Material,
}

impl VerifyingKey {
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
        match &self.material {
            Material::Hmac(k) => k.algorithm(),
        }
    }

    /// Checks `signature` over `signing_input` (the exact received bytes).
    pub(crate) fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<()> {
        match &self.material {
            Material::Hmac(k) => k.verify(signing_input, signature),
        }
    }

    /// Exact signature length for this key, when the algorithm fixes one.
    pub(crate) fn signature_len(&self) -> usize {
        match &self.material {
            Material::Hmac(k) => k.tag_len(),
        }
    }
}

impl From<HmacKey> for VerifyingKey {
    fn from(key: HmacKey) -> Self {
        Self {
            kid: None,
            material: Material::Hmac(key),
        }
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

/// A key a [`Signer`](crate::Signer) signs with. The token's `alg` always comes from it.
#[derive(Clone, Debug)]
pub struct SigningKey {
    material: Material,
}

impl SigningKey {
    /// The one algorithm this key signs with.
    #[must_use]
    pub fn algorithm(&self) -> Algorithm {
        match &self.material {
            Material::Hmac(k) => k.algorithm(),
        }
    }

    /// Signs `signing_input`; the signature is written to the front of `out`.
    pub(crate) fn sign<'o>(
        &self,
        signing_input: &[u8],
        out: &'o mut [u8; crate::alg::hmac::MAX_TAG_LEN],
    ) -> &'o [u8] {
        match &self.material {
            Material::Hmac(k) => k.sign(signing_input, out),
        }
    }
}

impl From<HmacKey> for SigningKey {
    fn from(key: HmacKey) -> Self {
        Self {
            material: Material::Hmac(key),
        }
    }
}
