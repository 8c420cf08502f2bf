//! [`Claims`]: the registered claims and the application's own, for signing, and their
//! serialization as one JSON object.

use super::flat::{self, REGISTERED};
use crate::base64url;
use crate::claims::{Audience, NumericDate, RegisteredClaims};
use crate::error::Result;
use alloc::borrow::Cow;
use alloc::string::String;
use core::time::Duration;
use serde::{Serialize, Serializer};

/// Registered claims plus the application's own, for signing, with helpers for the
/// time claims and a random `jti`.
///
/// ```
/// use std::time::Duration;
/// use strict_jwt::Claims;
/// #[derive(serde::Serialize)]
/// struct Mine { role: &'static str }
/// let claims = Claims::new(Mine { role: "admin" })
///     .subject("alice")
///     .issued_now()
///     .expires_in(Duration::from_secs(900))
///     .with_random_jti()?;
/// # Ok::<(), strict_jwt::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Claims<T> {
    iss: Option<String>,
    sub: Option<String>,
    aud: Option<Audience<'static>>,
    exp: Option<NumericDate>,
    nbf: Option<NumericDate>,
    iat: Option<NumericDate>,
    jti: Option<String>,
    custom: T,
    now: NumericDate,
}

impl<T: Serialize> Serialize for Claims<T> {
    /// The set registered claims, then the custom ones, in one JSON object. A custom
    /// top-level member named like a registered claim that is also set is an error: the
    /// token would carry the name twice, which strict verifiers refuse and lenient ones
    /// read as either value.
    fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        let mut set = 0u8;
        macro_rules! registered {
            ($($i:literal $field:ident),*) => {$(
                if let Some(v) = &self.$field {
                    set |= 1 << $i;
                    map.serialize_entry(REGISTERED[$i], v)?;
                }
            )*};
        }
        registered!(0 iss, 1 sub, 2 aud, 3 exp, 4 nbf, 5 iat, 6 jti);
        self.custom.serialize(flat::Flat { map: &mut map, set })?;
        map.end()
    }
}

impl<T> Claims<T> {
    /// Wraps the application's claims; "now" is the system clock at this call, in whole
    /// seconds (many verifiers refuse fractional NumericDates, although RFC 7519 allows them).
    #[cfg(feature = "std")]
    #[cfg_attr(docsrs, doc(cfg(feature = "std")))]
    pub fn new(custom: T) -> Self {
        Self::new_at(custom, NumericDate::from_secs(NumericDate::now().as_secs()))
    }

    /// Wraps the application's claims with an explicit "now" (an injectable clock).
    pub fn new_at(custom: T, now: NumericDate) -> Self {
        Self {
            iss: None,
            sub: None,
            aud: None,
            exp: None,
            nbf: None,
            iat: None,
            jti: None,
            custom,
            now,
        }
    }

    /// `iss`.
    #[must_use]
    pub fn issuer(mut self, iss: impl Into<String>) -> Self {
        self.iss = Some(iss.into());
        self
    }

    /// `sub`.
    #[must_use]
    pub fn subject(mut self, sub: impl Into<String>) -> Self {
        self.sub = Some(sub.into());
        self
    }

    /// `aud` as a single string.
    #[must_use]
    pub fn audience(mut self, aud: impl Into<String>) -> Self {
        self.aud = Some(Audience::One(Cow::Owned(aud.into())));
        self
    }

    /// `aud` as an array.
    #[must_use]
    pub fn audiences<I: IntoIterator<Item = S>, S: Into<String>>(mut self, auds: I) -> Self {
        self.aud = Some(Audience::Many(
            auds.into_iter().map(|a| Cow::Owned(a.into())).collect(),
        ));
        self
    }

    /// `iat` = now.
    #[must_use]
    pub fn issued_now(mut self) -> Self {
        self.iat = Some(self.now);
        self
    }

    /// `exp` = now + `ttl`, in whole seconds, rounded down (a token never lives longer
    /// than asked). Saturates: `Duration::MAX` gives `exp` = `i64::MAX`, which verifiers
    /// accept.
    #[must_use]
    pub fn expires_in(mut self, ttl: Duration) -> Self {
        self.exp = Some(NumericDate::from_secs(
            self.now.saturating_add(ttl).as_secs(),
        ));
        self
    }

    /// `exp` at a given time.
    #[must_use]
    pub fn expires_at(mut self, exp: NumericDate) -> Self {
        self.exp = Some(exp);
        self
    }

    /// `nbf` at a given time.
    #[must_use]
    pub fn not_before(mut self, nbf: NumericDate) -> Self {
        self.nbf = Some(nbf);
        self
    }

    /// `jti` given by the caller.
    #[must_use]
    pub fn jti(mut self, jti: impl Into<String>) -> Self {
        self.jti = Some(jti.into());
        self
    }

    /// `jti` = 128 random bits from the system CSPRNG, base64url-encoded.
    ///
    /// # Errors
    /// [`ErrorKind::Crypto`](crate::ErrorKind::Crypto) if the system random number
    /// generator fails.
    pub fn with_random_jti(mut self) -> Result<Self> {
        let mut id = [0u8; 16];
        crate::alg::fill_random(&mut id)?;
        self.jti = Some(base64url::encode(&id));
        Ok(self)
    }

    /// The registered claims this will write, e.g. to store the random `jti` and the `exp`
    /// of a token just signed:
    ///
    /// ```
    /// use std::time::Duration;
    /// use strict_jwt::{Claims, NumericDate};
    /// let claims = Claims::new_at((), NumericDate::from_secs(1000))
    ///     .expires_in(Duration::from_secs(900))
    ///     .with_random_jti()?;
    /// let registered = claims.registered();
    /// assert_eq!(registered.jti()?.len(), 22);
    /// assert_eq!(registered.expiration()?, NumericDate::from_secs(1900));
    /// # Ok::<(), strict_jwt::Error>(())
    /// ```
    #[must_use]
    pub fn registered(&self) -> RegisteredClaims<'_> {
        RegisteredClaims {
            iss: self.iss.as_deref().map(Cow::Borrowed),
            sub: self.sub.as_deref().map(Cow::Borrowed),
            aud: self.aud.as_ref().map(Audience::reborrow),
            exp: self.exp,
            nbf: self.nbf,
            iat: self.iat,
            jti: self.jti.as_deref().map(Cow::Borrowed),
        }
    }

    /// The application's claims.
    pub fn custom(&self) -> &T {
        &self.custom
    }
}
