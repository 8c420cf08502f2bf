//! JSON Web Keys (RFC 7517) for the implemented key types, and JWK sets.
//!
//! A JWK becomes a key only for one explicit algorithm, and only if everything it says
//! about itself agrees with that algorithm: `kty`, `alg`, `use` and `key_ops`.
//! This release imports `oct` (HMAC) keys; other key types are parsed and refused with
//! [`ErrorKind::InvalidKey`] until their algorithms land.

use crate::alg::Algorithm;
use crate::alg::hmac::HmacKey;
use crate::base64url;
use crate::error::{Error, ErrorKind, Result};
use crate::key::VerifyingKey;
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use serde::Deserialize;
use zeroize::Zeroizing;

/// What a key will be used for, checked against `use` and `key_ops`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Sign,
    Verify,
}

/// One parsed JWK. Secret members are zeroized on drop and never shown by `Debug`.
pub struct Jwk {
    kty: String,
    alg: Option<String>,
    use_: Option<String>,
    key_ops: Option<Vec<String>>,
    kid: Option<String>,
    k: Option<Zeroizing<Vec<u8>>>,
}

#[derive(Deserialize)]
struct RawJwk<'a> {
    #[serde(borrow)]
    kty: Cow<'a, str>,
    #[serde(borrow, default)]
    alg: Option<Cow<'a, str>>,
    #[serde(rename = "use", borrow, default)]
    use_: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    key_ops: Option<Vec<Cow<'a, str>>>,
    #[serde(borrow, default)]
    kid: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    k: Option<Cow<'a, str>>,
}

impl Jwk {
    /// Parses one JWK from strict JSON (duplicate members refused).
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`] for invalid JSON or base64url; [`ErrorKind::InvalidKey`]
    /// for members of the wrong type.
    pub fn from_json(json: &str) -> Result<Self> {
        let raw: RawJwk<'_> = crate::json::from_str(json).map_err(as_key_error)?;
        Self::from_raw(raw)
    }

    fn from_raw(raw: RawJwk<'_>) -> Result<Self> {
        let own = |c: Option<Cow<'_, str>>| c.map(Cow::into_owned);
        let k = match raw.k {
            Some(k) => {
                // The encoded secret may be an owned (unescaped) copy: wipe it too.
                let k = Zeroizing::new(k.into_owned());
                Some(Zeroizing::new(base64url::decode(k.as_bytes())?))
            }
            None => None,
        };
        Ok(Self {
            kty: raw.kty.into_owned(),
            alg: own(raw.alg),
            use_: own(raw.use_),
            key_ops: raw
                .key_ops
                .map(|ops| ops.into_iter().map(Cow::into_owned).collect()),
            kid: own(raw.kid),
            k,
        })
    }

    /// `kid`, if any.
    #[must_use]
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// `kty`.
    #[must_use]
    pub fn key_type(&self) -> &str {
        &self.kty
    }

    /// `alg` as written, if any (it may name an algorithm this crate does not have).
    #[must_use]
    pub fn algorithm_name(&self) -> Option<&str> {
        self.alg.as_deref()
    }

    /// A verifying key bound to `alg`, carrying this JWK's `kid`.
    ///
    /// # Errors
    /// [`ErrorKind::KeyMismatch`] when `kty`, `alg`, `use` or `key_ops` contradict `alg`;
    /// [`ErrorKind::WeakKey`] for a too-short secret; [`ErrorKind::InvalidKey`] for
    /// missing members or key types not implemented yet.
    pub fn to_verifying_key(&self, alg: Algorithm) -> Result<VerifyingKey> {
        let key = VerifyingKey::from(self.hmac_key(alg, Purpose::Verify)?);
        Ok(match &self.kid {
            Some(kid) => key.with_kid(kid.clone()),
            None => key,
        })
    }

    /// A verifying key bound to the algorithm the JWK's own `alg` names (required).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] without `alg`, [`ErrorKind::KeyMismatch`] for an `alg`
    /// this crate does not implement, otherwise as [`Jwk::to_verifying_key`].
    pub fn to_verifying_key_for_own_alg(&self) -> Result<VerifyingKey> {
        let alg = self.own_alg()?;
        self.to_verifying_key(alg)
    }

    /// An HMAC key bound to `alg`, for signing (checked against `use`/`key_ops` "sign").
    ///
    /// # Errors
    /// As [`Jwk::to_verifying_key`].
    pub fn to_hmac_signing_key(&self, alg: Algorithm) -> Result<HmacKey> {
        self.hmac_key(alg, Purpose::Sign)
    }

    fn own_alg(&self) -> Result<Algorithm> {
        let name = self.alg.as_deref().ok_or(Error::new(
            ErrorKind::InvalidKey,
            "JWK has no `alg` to bind it to",
        ))?;
        Algorithm::from_name(name).map_err(|_| {
            Error::new(
                ErrorKind::KeyMismatch,
                "JWK `alg` is not a supported JWS algorithm",
            )
        })
    }

    fn check_metadata(&self, alg: Algorithm, purpose: Purpose) -> Result<()> {
        let mismatch = |d| Err(Error::new(ErrorKind::KeyMismatch, d));
        if self.alg.as_deref().is_some_and(|a| a != alg.name()) {
            return mismatch("JWK `alg` differs from the algorithm asked for");
        }
        if self.use_.as_deref().is_some_and(|u| u != "sig") {
            return mismatch("JWK `use` is not `sig`");
        }
        if let Some(ops) = &self.key_ops {
            let op = match purpose {
                Purpose::Sign => "sign",
                Purpose::Verify => "verify",
            };
            if !ops.iter().any(|o| o == op) {
                return mismatch("JWK `key_ops` does not allow this operation");
            }
        }
        Ok(())
    }

    fn hmac_key(&self, alg: Algorithm, purpose: Purpose) -> Result<HmacKey> {
        if !alg.is_symmetric() {
            return Err(Error::new(
                ErrorKind::InvalidKey,
                "only `oct` (HMAC) JWKs are supported in this release",
            ));
        }
        if self.kty != "oct" {
            // No asymmetric key ever becomes HMAC material.
            return Err(Error::new(
                ErrorKind::KeyMismatch,
                "HMAC needs a JWK of kty `oct`",
            ));
        }
        self.check_metadata(alg, purpose)?;
        let k = self
            .k
            .as_ref()
            .ok_or(Error::new(ErrorKind::InvalidKey, "`oct` JWK has no `k`"))?;
        HmacKey::new(alg, k)
    }
}

impl fmt::Debug for Jwk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Jwk")
            .field("kty", &self.kty)
            .field("alg", &self.alg)
            .field("use", &self.use_)
            .field("key_ops", &self.key_ops)
            .field("kid", &self.kid)
            .field("k", &self.k.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

fn as_key_error(e: Error) -> Error {
    match e.kind() {
        ErrorKind::InvalidClaim => {
            Error::with_detail(ErrorKind::InvalidKey, String::from(e.detail()))
        }
        _ => e,
    }
}

/// A JWK set (RFC 7517 §5): keys with unique `kid`s, all symmetric or all asymmetric.
#[derive(Debug)]
pub struct JwkSet {
    keys: Vec<Jwk>,
}

impl JwkSet {
    /// Parses `{"keys":[...]}` from strict JSON.
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`] for invalid JSON; [`ErrorKind::InvalidKey`] when two keys
    /// share a `kid` (lookup would be ambiguous) or symmetric and asymmetric keys are
    /// mixed (a shared secret published beside public keys is a mistake).
    pub fn from_json(json: &str) -> Result<Self> {
        #[derive(Deserialize)]
        struct RawSet<'a> {
            #[serde(borrow)]
            keys: Vec<RawJwk<'a>>,
        }
        let raw: RawSet<'_> = crate::json::from_str(json).map_err(as_key_error)?;
        // Set-level ambiguity is reported before any single key's encoding problem.
        for (i, k) in raw.keys.iter().enumerate() {
            let earlier = &raw.keys[..i];
            if k.kid.is_some() && earlier.iter().any(|o| o.kid == k.kid) {
                return Err(Error::new(
                    ErrorKind::InvalidKey,
                    "JWK set has duplicate kids",
                ));
            }
            if earlier.iter().any(|o| (o.kty == "oct") != (k.kty == "oct")) {
                return Err(Error::new(
                    ErrorKind::InvalidKey,
                    "JWK set mixes symmetric and asymmetric keys",
                ));
            }
        }
        let keys = raw
            .keys
            .into_iter()
            .map(Jwk::from_raw)
            .collect::<Result<Vec<_>>>()?;
        Ok(Self { keys })
    }

    /// The keys, in document order.
    #[must_use]
    pub fn keys(&self) -> &[Jwk] {
        &self.keys
    }

    /// The key with exactly this `kid`.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownKey`] when no key has it.
    pub fn find(&self, kid: &str) -> Result<&Jwk> {
        self.keys
            .iter()
            .find(|k| k.kid() == Some(kid))
            .ok_or(Error::new(ErrorKind::UnknownKey, "no JWK has this kid"))
    }

    /// Every key as a verifying key bound to its own `alg` (required on each key).
    ///
    /// # Errors
    /// The first key's error, as [`Jwk::to_verifying_key_for_own_alg`].
    pub fn to_verifying_keys(&self) -> Result<Vec<VerifyingKey>> {
        self.keys
            .iter()
            .map(Jwk::to_verifying_key_for_own_alg)
            .collect()
    }
}
