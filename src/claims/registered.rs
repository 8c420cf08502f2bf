//! The registered claims of a token (RFC 7519 §4.1) and its `aud` claim.

use super::date::NumericDate;
use crate::error::{Error, ErrorKind, Result};
use alloc::borrow::Cow;
use alloc::vec::Vec;
use serde::Serialize;

/// The `aud` claim: one audience or several (RFC 7519 §4.1.3).
///
/// `#[non_exhaustive]`: a `match` outside this crate needs a wildcard arm; reading the
/// values with [`Audience::iter`] or [`Audience::contains`] needs none.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Audience<'a> {
    /// `"aud": "x"`.
    One(Cow<'a, str>),
    /// `"aud": ["x", "y"]`.
    Many(Vec<Cow<'a, str>>),
}

impl Audience<'_> {
    /// Every audience value.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let (one, many) = match self {
            Self::One(a) => (Some(a.as_ref()), &[][..]),
            Self::Many(v) => (None, v.as_slice()),
        };
        one.into_iter().chain(many.iter().map(AsRef::as_ref))
    }

    /// Exact, case-sensitive membership.
    #[must_use]
    pub fn contains(&self, aud: &str) -> bool {
        self.iter().any(|a| a == aud)
    }

    /// The same audiences, borrowed from `self`.
    pub(crate) fn reborrow(&self) -> Audience<'_> {
        match self {
            Self::One(a) => Audience::One(Cow::Borrowed(a)),
            Self::Many(v) => Audience::Many(v.iter().map(|a| Cow::Borrowed(&**a)).collect()),
        }
    }

    /// Copies borrowed strings so the value outlives the payload buffer.
    #[must_use]
    pub fn into_owned(self) -> Audience<'static> {
        match self {
            Self::One(a) => Audience::One(Cow::Owned(a.into_owned())),
            Self::Many(v) => {
                Audience::Many(v.into_iter().map(|a| Cow::Owned(a.into_owned())).collect())
            }
        }
    }
}

/// The registered claims of a verified token, type-checked and validated.
///
/// Strings borrow from the decoded payload when they contain no JSON escapes.
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RegisteredClaims<'a> {
    /// `iss`.
    pub iss: Option<Cow<'a, str>>,
    /// `sub`.
    pub sub: Option<Cow<'a, str>>,
    /// `aud`.
    pub aud: Option<Audience<'a>>,
    /// `exp`.
    pub exp: Option<NumericDate>,
    /// `nbf`.
    pub nbf: Option<NumericDate>,
    /// `iat`.
    pub iat: Option<NumericDate>,
    /// `jti`. Note: token bytes are not unique (ECDSA signatures are malleable), so
    /// replay and deny lists must key on `(iss, jti)`, never on the token or its hash.
    pub jti: Option<Cow<'a, str>>,
}

/// Reading a claim that must be there: after
/// [`VerifierBuilder::require_claim`](crate::VerifierBuilder::require_claim) (or
/// `issuer`, `audience`, `subject`, the default `exp` rule) the verifier guarantees it, so
/// `verified.registered().subject()?` never fails for such a verifier, and no `Option` is
/// unwrapped.
///
/// ```
/// use strict_jwt::{Algorithm, Claims, HmacKey, Signer, Verifier};
/// let key = HmacKey::generate(Algorithm::HS256)?;
/// let token = Signer::new(key.clone())
///     .sign(&Claims::new(serde_json::json!({})).subject("alice").expires_in(std::time::Duration::from_secs(60)))?;
/// let verifier = Verifier::builder().allow(Algorithm::HS256).key(key).require_claim("sub").build()?;
/// let verified = verifier.verify::<serde_json::Value>(&token)?;
/// assert_eq!(verified.registered().subject()?, "alice");
/// assert_eq!(verified.registered().issuer().unwrap_err().kind(), strict_jwt::ErrorKind::MissingClaim);
/// # Ok::<(), strict_jwt::Error>(())
/// ```
impl<'a> RegisteredClaims<'a> {
    /// `iss`.
    ///
    /// # Errors
    /// [`ErrorKind::MissingClaim`] if absent.
    pub fn issuer(&self) -> Result<&str> {
        self.iss
            .as_deref()
            .ok_or(claim_error(ErrorKind::MissingClaim, "iss"))
    }

    /// `sub`.
    ///
    /// # Errors
    /// [`ErrorKind::MissingClaim`] if absent.
    pub fn subject(&self) -> Result<&str> {
        self.sub
            .as_deref()
            .ok_or(claim_error(ErrorKind::MissingClaim, "sub"))
    }

    /// `aud`.
    ///
    /// # Errors
    /// [`ErrorKind::MissingClaim`] if absent.
    pub fn audience(&self) -> Result<&Audience<'a>> {
        self.aud
            .as_ref()
            .ok_or(claim_error(ErrorKind::MissingClaim, "aud"))
    }

    /// `exp`.
    ///
    /// # Errors
    /// [`ErrorKind::MissingClaim`] if absent.
    pub fn expiration(&self) -> Result<NumericDate> {
        self.exp.ok_or(claim_error(ErrorKind::MissingClaim, "exp"))
    }

    /// `nbf`.
    ///
    /// # Errors
    /// [`ErrorKind::MissingClaim`] if absent.
    pub fn not_before(&self) -> Result<NumericDate> {
        self.nbf.ok_or(claim_error(ErrorKind::MissingClaim, "nbf"))
    }

    /// `iat`.
    ///
    /// # Errors
    /// [`ErrorKind::MissingClaim`] if absent.
    pub fn issued_at(&self) -> Result<NumericDate> {
        self.iat.ok_or(claim_error(ErrorKind::MissingClaim, "iat"))
    }

    /// `jti`.
    ///
    /// # Errors
    /// [`ErrorKind::MissingClaim`] if absent.
    pub fn jti(&self) -> Result<&str> {
        self.jti
            .as_deref()
            .ok_or(claim_error(ErrorKind::MissingClaim, "jti"))
    }
}

impl RegisteredClaims<'_> {
    /// The same claims, borrowed from `self`.
    pub(crate) fn reborrow(&self) -> RegisteredClaims<'_> {
        fn b<'s>(s: &'s Option<Cow<'_, str>>) -> Option<Cow<'s, str>> {
            s.as_deref().map(Cow::Borrowed)
        }
        RegisteredClaims {
            iss: b(&self.iss),
            sub: b(&self.sub),
            aud: self.aud.as_ref().map(Audience::reborrow),
            exp: self.exp,
            nbf: self.nbf,
            iat: self.iat,
            jti: b(&self.jti),
        }
    }

    /// Copies borrowed strings so the value outlives the payload buffer.
    #[must_use]
    pub fn into_owned(self) -> RegisteredClaims<'static> {
        let own = |s: Option<Cow<'_, str>>| s.map(|s| Cow::Owned(s.into_owned()));
        RegisteredClaims {
            iss: own(self.iss),
            sub: own(self.sub),
            aud: self.aud.map(Audience::into_owned),
            exp: self.exp,
            nbf: self.nbf,
            iat: self.iat,
            jti: own(self.jti),
        }
    }
}

/// The error of a registered claim, named by `claim`.
pub(super) const fn claim_error(kind: ErrorKind, claim: &'static str) -> Error {
    Error::new(kind, claim)
}
