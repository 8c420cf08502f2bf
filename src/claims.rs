//! Registered claims (RFC 7519 §4.1), NumericDate, and the single-pass claims parser.
//!
//! The payload is parsed once: the application's claims type is deserialized from the
//! strict parser while the registered claims are picked out of the same top-level
//! members, type-checked, and kept for validation. A registered claim of the wrong JSON
//! type is an error, never "absent" (CVE-2026-25537).

use crate::error::{Error, ErrorKind, Result};
use crate::json::{DeError, NumberDeserializer, ObjectKeys, Parser, RawStr, StrDeserializer};
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;
use serde::de::{self, DeserializeSeed, Visitor};
use serde::{Serialize, Serializer};

/// Seconds since the Unix epoch, with an optional fraction (RFC 7519 §2 NumericDate).
///
/// Ordered; arithmetic saturates instead of wrapping or panicking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NumericDate {
    secs: i64,
    /// Always `< 1_000_000_000`; the value is `secs + nanos / 1e9`.
    nanos: u32,
}

const NANOS: u32 = 1_000_000_000;

/// A `Duration` in nanoseconds: below 2^94, so always an `i128`.
fn duration_nanos(d: Duration) -> i128 {
    i128::try_from(d.as_nanos()).unwrap_or(i128::MAX)
}

impl NumericDate {
    /// A whole number of seconds since the epoch.
    #[must_use]
    pub const fn from_secs(secs: i64) -> Self {
        Self { secs, nanos: 0 }
    }

    /// The current system time.
    #[cfg(feature = "std")]
    #[cfg_attr(docsrs, doc(cfg(feature = "std")))]
    #[must_use]
    pub fn now() -> Self {
        Self::from_system_time(std::time::SystemTime::now())
    }

    /// Converts a `SystemTime`, saturating far outside the `i64` range of seconds.
    #[cfg(feature = "std")]
    #[cfg_attr(docsrs, doc(cfg(feature = "std")))]
    #[must_use]
    pub fn from_system_time(t: std::time::SystemTime) -> Self {
        match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => Self::from_secs(0).saturating_add(d),
            Err(e) => Self::from_secs(0).saturating_sub(e.duration()),
        }
    }

    /// Whole seconds (rounded toward negative infinity).
    #[must_use]
    pub const fn as_secs(self) -> i64 {
        self.secs
    }

    /// Fractional part in nanoseconds.
    #[must_use]
    pub const fn subsec_nanos(self) -> u32 {
        self.nanos
    }

    /// `self + d`, saturating at the maximum (exact: computed in `i128` nanoseconds, so
    /// `from_secs(i64::MIN) + u64::MAX s` is the maximum, not a wrapped value).
    #[must_use]
    pub fn saturating_add(self, d: Duration) -> Self {
        Self::from_total_nanos(self.total_nanos().saturating_add(duration_nanos(d)))
    }

    /// `self - d`, saturating at the minimum (exact, as
    /// [`saturating_add`](NumericDate::saturating_add)).
    #[must_use]
    pub fn saturating_sub(self, d: Duration) -> Self {
        Self::from_total_nanos(self.total_nanos().saturating_sub(duration_nanos(d)))
    }

    /// `secs * 1e9 + nanos`: at most 2^63 * 1e9 + 1e9 in magnitude, far inside `i128`.
    fn total_nanos(self) -> i128 {
        i128::from(self.secs) * i128::from(NANOS) + i128::from(self.nanos)
    }

    /// The inverse of `total_nanos`, clamped to `[i64::MIN s, i64::MAX s + 999_999_999 ns]`.
    /// `Duration::as_nanos` is below 2^94, so the sums that reach here do not overflow.
    fn from_total_nanos(total: i128) -> Self {
        let nanos_per_sec = i128::from(NANOS);
        let secs = total.div_euclid(nanos_per_sec);
        match i64::try_from(secs) {
            Ok(secs) => Self {
                secs,
                // `rem_euclid` is in 0..1e9.
                nanos: u32::try_from(total.rem_euclid(nanos_per_sec)).unwrap_or(0),
            },
            Err(_) if total > 0 => Self {
                secs: i64::MAX,
                nanos: NANOS - 1,
            },
            Err(_) => Self {
                secs: i64::MIN,
                nanos: 0,
            },
        }
    }

    /// Parses the text of a JSON number. Integers must fit `i64`; fractions must be
    /// finite and within the same range.
    fn from_json_number(text: &str, integer: bool) -> Option<Self> {
        if integer {
            return text.parse::<i64>().ok().map(Self::from_secs);
        }
        let v: f64 = text.parse().ok()?;
        // 2^63 as f64; every finite value strictly inside converts without saturating.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        if !(-LIMIT..LIMIT).contains(&v) {
            return None;
        }
        // `f64::floor` is not in `core`: truncate (exact for |v| < 2^63), then step down
        // for negative fractions. Above 2^52 every f64 is an integer, so the
        // conversions back to f64 are exact wherever a fraction exists.
        #[allow(clippy::cast_possible_truncation)]
        let truncated = v as i64;
        #[allow(clippy::cast_precision_loss)]
        let secs = if (truncated as f64) > v {
            truncated - 1
        } else {
            truncated
        };
        #[allow(clippy::cast_precision_loss)]
        let fraction = v - secs as f64;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let nanos = ((fraction * 1e9) as u32).min(NANOS - 1);
        Some(Self { secs, nanos })
    }
}

impl Serialize for NumericDate {
    fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        if self.nanos == 0 {
            s.serialize_i64(self.secs)
        } else {
            #[allow(clippy::cast_precision_loss)]
            s.serialize_f64(self.secs as f64 + f64::from(self.nanos) / 1e9)
        }
    }
}

/// The `aud` claim: one audience or several (RFC 7519 §4.1.3).
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

/// Claims validation policy; built by [`VerifierBuilder`](crate::VerifierBuilder).
#[derive(Clone, Debug)]
pub(crate) struct Policy {
    pub(crate) require_exp: bool,
    pub(crate) leeway: Duration,
    pub(crate) reject_future_iat: bool,
    pub(crate) max_age: Option<Duration>,
    pub(crate) issuers: Vec<String>,
    pub(crate) audiences: Vec<String>,
    pub(crate) subject: Option<String>,
    pub(crate) required: Vec<String>,
}

/// Most claim names a policy may require (tracked in a `u64` bitmask).
pub(crate) const MAX_REQUIRED_CLAIMS: usize = 64;

impl Default for Policy {
    fn default() -> Self {
        Self {
            require_exp: true,
            leeway: Duration::ZERO,
            reject_future_iat: false,
            max_age: None,
            issuers: Vec::new(),
            audiences: Vec::new(),
            subject: None,
            required: Vec::new(),
        }
    }
}

const fn claim_error(kind: ErrorKind, claim: &'static str) -> Error {
    Error::new(kind, claim)
}

impl Policy {
    /// Validates the registered claims at `now`. One error, in a fixed order: time
    /// (exp, nbf, iat), then identity (iss, aud, sub).
    pub(crate) fn check(&self, r: &RegisteredClaims<'_>, now: NumericDate) -> Result<()> {
        use ErrorKind::*;
        match r.exp {
            // RFC 7519 §4.1.4: valid only while now < exp (+ leeway); now == exp is expired.
            Some(exp) if now >= exp.saturating_add(self.leeway) => {
                return Err(claim_error(Expired, "exp"));
            }
            None if self.require_exp => return Err(claim_error(MissingClaim, "exp")),
            _ => {}
        }
        if let Some(nbf) = r.nbf {
            if now < nbf.saturating_sub(self.leeway) {
                return Err(claim_error(NotYetValid, "nbf"));
            }
        }
        if self.reject_future_iat || self.max_age.is_some() {
            match r.iat {
                Some(iat) if self.reject_future_iat && iat > now.saturating_add(self.leeway) => {
                    return Err(claim_error(IssuedInFuture, "iat"));
                }
                None if self.max_age.is_some() => return Err(claim_error(MissingClaim, "iat")),
                _ => {}
            }
            if let (Some(max_age), Some(iat)) = (self.max_age, r.iat) {
                if now > iat.saturating_add(max_age).saturating_add(self.leeway) {
                    return Err(claim_error(TooOld, "iat"));
                }
            }
        }
        if !self.issuers.is_empty() {
            match &r.iss {
                None => return Err(claim_error(MissingClaim, "iss")),
                Some(iss) if !self.issuers.iter().any(|e| e == iss) => {
                    return Err(claim_error(WrongIssuer, "iss"));
                }
                Some(_) => {}
            }
        }
        match (&r.aud, self.audiences.is_empty()) {
            (None, false) => return Err(claim_error(MissingClaim, "aud")),
            // RFC 7519 §4.1.3: a recipient that does not identify itself with a value in
            // `aud` must reject; one that expects no audience identifies with none.
            (Some(_), true) => return Err(claim_error(WrongAudience, "aud")),
            (Some(aud), false) if !self.audiences.iter().any(|e| aud.contains(e)) => {
                return Err(claim_error(WrongAudience, "aud"));
            }
            _ => {}
        }
        if let Some(expected) = &self.subject {
            match &r.sub {
                None => return Err(claim_error(MissingClaim, "sub")),
                Some(sub) if sub != expected => return Err(claim_error(WrongSubject, "sub")),
                Some(_) => {}
            }
        }
        Ok(())
    }
}

/// Picks registered claims out of the top-level members while the application's type
/// is deserialized.
struct Collector<'de, 'p> {
    claims: RegisteredClaims<'de>,
    required: &'p [String],
    present: u64,
}

/// A registered claim's value, parsed ahead, waiting for the application's visitor.
#[derive(Clone, Copy)]
enum Pending<'de> {
    Str(RawStr<'de>),
    Number(&'de str, bool),
    Raw(&'de str),
}

#[derive(Clone, Copy)]
enum Registered {
    Iss,
    Sub,
    Aud,
    Exp,
    Nbf,
    Iat,
    Jti,
}

impl Registered {
    const fn name(self) -> &'static str {
        match self {
            Self::Iss => "iss",
            Self::Sub => "sub",
            Self::Aud => "aud",
            Self::Exp => "exp",
            Self::Nbf => "nbf",
            Self::Iat => "iat",
            Self::Jti => "jti",
        }
    }
}

impl<'de> Collector<'de, '_> {
    /// Notes a member name; returns which registered claim it is, if any.
    fn on_key(&mut self, key: RawStr<'de>) -> Option<Registered> {
        for (i, name) in self.required.iter().enumerate() {
            if key.value_eq_str(name) {
                self.present |= 1 << i;
            }
        }
        let name = key.to_cow();
        Some(match &*name {
            "iss" => Registered::Iss,
            "sub" => Registered::Sub,
            "aud" => Registered::Aud,
            "exp" => Registered::Exp,
            "nbf" => Registered::Nbf,
            "iat" => Registered::Iat,
            "jti" => Registered::Jti,
            _ => return None,
        })
    }

    /// Parses a registered claim's value from the payload parser, type-checks it, keeps
    /// it, and returns it for the application's visitor: each value is scanned once.
    fn record(&mut self, which: Registered, p: &mut Parser<'de>) -> Result<Pending<'de>, DeError> {
        let c = &mut self.claims;
        // A value of the wrong type is an invalid claim, but only once it is known to be
        // JSON at all: `"exp":NaN` is malformed, not a type error.
        let invalid = |p: &mut Parser<'de>, name: &'static str| -> DeError {
            match p.skip_value() {
                Ok(()) => DeError::new(claim_error(ErrorKind::InvalidClaim, name)),
                Err(e) => e,
            }
        };
        let string = |p: &mut Parser<'de>, name| match p.peek() {
            Some(b'"') => p.parse_str(),
            _ => Err(invalid(p, name)),
        };
        let date = |p: &mut Parser<'de>, name| match p.peek() {
            Some(b'-' | b'0'..=b'9') => {
                let (text, integer) = p.parse_number()?;
                let date = NumericDate::from_json_number(text, integer)
                    .ok_or_else(|| DeError::new(claim_error(ErrorKind::InvalidClaim, name)))?;
                Ok((date, Pending::Number(text, integer)))
            }
            _ => Err(invalid(p, name)),
        };
        let pending = match which {
            Registered::Iss | Registered::Sub | Registered::Jti => {
                let s = string(p, which.name())?;
                let slot = match which {
                    Registered::Iss => &mut c.iss,
                    Registered::Sub => &mut c.sub,
                    _ => &mut c.jti,
                };
                *slot = Some(s.to_cow());
                Pending::Str(s)
            }
            Registered::Exp | Registered::Nbf | Registered::Iat => {
                let (d, pending) = date(p, which.name())?;
                let slot = match which {
                    Registered::Exp => &mut c.exp,
                    Registered::Nbf => &mut c.nbf,
                    _ => &mut c.iat,
                };
                *slot = Some(d);
                pending
            }
            Registered::Aud => match p.peek() {
                Some(b'"') => {
                    let s = p.parse_str()?;
                    c.aud = Some(Audience::One(s.to_cow()));
                    Pending::Str(s)
                }
                Some(b'[') => {
                    // Arrays are rare: keep the text and let the visitor re-read it.
                    let raw = p.raw_value()?;
                    let mut sub = Parser::with_depth(raw, TOP_LEVEL_DEPTH);
                    sub.begin_array()?;
                    let mut all = Vec::new();
                    let mut first = true;
                    while sub.next_element(&mut first)? {
                        all.push(string(&mut sub, "aud")?.to_cow());
                    }
                    c.aud = Some(Audience::Many(all));
                    Pending::Raw(raw)
                }
                _ => return Err(invalid(p, "aud")),
            },
        };
        Ok(pending)
    }
}

/// Parses `payload` (already UTF-8-checked) into the registered claims and `C`.
pub(crate) fn parse<'de, C: de::Deserialize<'de>>(
    payload: &'de str,
    required: &[String],
) -> Result<(RegisteredClaims<'de>, C)> {
    let mut p = Parser::new(payload);
    let mut collector = Collector {
        claims: RegisteredClaims::default(),
        required,
        present: 0,
    };
    let custom = C::deserialize(TopLevel {
        p: &mut p,
        c: &mut collector,
    })
    .map_err(DeError::into_error)?;
    p.end().map_err(DeError::into_error)?;
    for (i, name) in required.iter().enumerate() {
        if collector.present & (1 << i) == 0 {
            return Err(Error::with_detail(ErrorKind::MissingClaim, name.clone()));
        }
    }
    Ok((collector.claims, custom))
}

/// The payload object, seen by the application's `Deserialize`.
struct TopLevel<'a, 'p, 'de> {
    p: &'a mut Parser<'de>,
    c: &'a mut Collector<'de, 'p>,
}

impl<'de> TopLevel<'_, '_, 'de> {
    fn run<V: Visitor<'de>>(self, visitor: V, ignore: bool) -> Result<V::Value, DeError> {
        if self.p.peek() != Some(b'{') {
            return Err(DeError::new(Error::malformed(
                "claims are not a JSON object",
            )));
        }
        let mut obj = self.p.begin_object()?;
        let mut map = TopMap {
            p: &mut *self.p,
            c: &mut *self.c,
            obj: &mut obj,
            pending: None,
            awaiting_value: false,
            done: false,
        };
        let v = if ignore {
            visitor.visit_unit()?
        } else {
            visitor.visit_map(&mut map)?
        };
        map.drain()?;
        Ok(v)
    }
}

impl<'de> de::Deserializer<'de> for TopLevel<'_, '_, 'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.run(visitor, false)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.run(visitor, true)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct enum identifier
    }
}

/// Nesting depth of a top-level member's value (inside the payload object).
const TOP_LEVEL_DEPTH: u32 = 1;

struct TopMap<'a, 'p, 'de> {
    p: &'a mut Parser<'de>,
    c: &'a mut Collector<'de, 'p>,
    obj: &'a mut ObjectKeys<'de>,
    /// Text of a registered claim's value, already consumed from the parser.
    pending: Option<Pending<'de>>,
    awaiting_value: bool,
    done: bool,
}

impl<'de> TopMap<'_, '_, 'de> {
    fn key(&mut self) -> Result<Option<RawStr<'de>>, DeError> {
        if self.awaiting_value {
            // The visitor took a name but not its value.
            self.awaiting_value = false;
            if self.pending.take().is_none() {
                self.p.skip_value()?;
            }
        }
        if self.done {
            return Ok(None);
        }
        let Some(key) = self.p.next_key(self.obj)? else {
            self.done = true;
            return Ok(None);
        };
        if let Some(which) = self.c.on_key(key) {
            self.pending = Some(self.c.record(which, self.p)?);
        }
        self.awaiting_value = true;
        Ok(Some(key))
    }

    fn drain(&mut self) -> Result<(), DeError> {
        while self.key()?.is_some() {}
        Ok(())
    }
}

impl<'de> de::MapAccess<'de> for &mut TopMap<'_, '_, 'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.key()? {
            Some(key) => seed.deserialize(StrDeserializer(key)).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, DeError> {
        self.awaiting_value = false;
        match self.pending.take() {
            Some(Pending::Str(s)) => seed.deserialize(StrDeserializer(s)),
            Some(Pending::Number(text, integer)) => {
                seed.deserialize(NumberDeserializer { text, integer })
            }
            Some(Pending::Raw(raw)) => {
                let mut sub = Parser::with_depth(raw, TOP_LEVEL_DEPTH);
                let v = seed.deserialize(&mut sub)?;
                sub.end()?;
                Ok(v)
            }
            None => seed.deserialize(&mut *self.p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    /// Reference model for the saturating arithmetic: exact `i128` nanoseconds, clamped.
    fn model(secs: i64, nanos: u32, d: Duration, add: bool) -> (i64, u32) {
        let lo = i128::from(i64::MIN) * 1_000_000_000;
        let hi = i128::from(i64::MAX) * 1_000_000_000 + 999_999_999;
        let t = i128::from(secs) * 1_000_000_000 + i128::from(nanos);
        let d = i128::try_from(d.as_nanos()).unwrap();
        let r = (if add { t + d } else { t - d }).clamp(lo, hi);
        (
            i64::try_from(r.div_euclid(1_000_000_000)).unwrap(),
            u32::try_from(r.rem_euclid(1_000_000_000)).unwrap(),
        )
    }

    fn parts(t: NumericDate) -> (i64, u32) {
        (t.as_secs(), t.subsec_nanos())
    }

    #[test]
    fn numeric_date_saturating_arithmetic_is_exact_at_the_extremes() {
        let max = Duration::new(u64::MAX, 999_999_999);
        let min = NumericDate::from_secs(i64::MIN);
        assert_eq!(
            min.saturating_add(Duration::from_secs(u64::MAX)).as_secs(),
            i64::MAX
        );
        assert_eq!(parts(min.saturating_add(max)), (i64::MAX, 999_999_999));
        assert_eq!(
            parts(NumericDate::from_secs(i64::MAX).saturating_sub(Duration::from_secs(u64::MAX))),
            (i64::MIN, 0) // 2^63 - 1 - (2^64 - 1) = -2^63, exactly the minimum
        );
        for (secs, d, add) in [
            (i64::MIN, Duration::from_secs(u64::MAX), true),
            (i64::MAX, Duration::from_secs(u64::MAX), false),
            (0, Duration::from_secs(u64::MAX), true),
            (0, Duration::from_secs(u64::MAX), false),
            (-1, Duration::new(0, 1), true),
            (i64::MAX, Duration::new(0, 999_999_999), true),
            (i64::MAX, Duration::new(1, 0), true),
            (i64::MIN, Duration::new(0, 1), false),
        ] {
            let t = NumericDate::from_secs(secs);
            let got = if add {
                t.saturating_add(d)
            } else {
                t.saturating_sub(d)
            };
            assert_eq!(parts(got), model(secs, 0, d, add), "{secs} {d:?} {add}");
        }
    }

    proptest::proptest! {
        #[test]
        fn numeric_date_arithmetic_matches_the_i128_model(
            secs in proptest::prelude::any::<i64>(),
            nanos in 0u32..1_000_000_000,
            d_secs in proptest::prelude::any::<u64>(),
            d_nanos in 0u32..1_000_000_000,
            add in proptest::prelude::any::<bool>(),
        ) {
            let base = NumericDate::from_secs(secs).saturating_add(Duration::new(0, nanos));
            let base_parts = parts(base);
            let d = Duration::new(d_secs, d_nanos);
            let got = if add { base.saturating_add(d) } else { base.saturating_sub(d) };
            proptest::prop_assert_eq!(parts(got), model(base_parts.0, base_parts.1, d, add));
        }
    }

    #[test]
    fn numeric_dates_parse_fractions_and_refuse_out_of_range() {
        assert_eq!(
            NumericDate::from_json_number("1300819380", true),
            Some(NumericDate::from_secs(1_300_819_380))
        );
        let f = NumericDate::from_json_number("1300819380.5", false).unwrap();
        assert_eq!(
            (f.as_secs(), f.subsec_nanos()),
            (1_300_819_380, 500_000_000)
        );
        let neg = NumericDate::from_json_number("-1.25", false).unwrap();
        assert_eq!((neg.as_secs(), neg.subsec_nanos()), (-2, 750_000_000));
        for bad in [
            ("1e400", false),
            ("9223372036854775808", true),
            ("1e19", false),
        ] {
            assert_eq!(NumericDate::from_json_number(bad.0, bad.1), None, "{bad:?}");
        }
    }

    #[test]
    fn numeric_date_arithmetic_saturates() {
        let max = NumericDate::from_secs(i64::MAX);
        assert_eq!(
            max.saturating_add(Duration::from_secs(u64::MAX)).as_secs(),
            i64::MAX
        );
        let min = NumericDate::from_secs(i64::MIN);
        assert_eq!(
            min.saturating_sub(Duration::from_secs(1)).as_secs(),
            i64::MIN
        );
        let t = NumericDate::from_secs(10).saturating_sub(Duration::from_millis(1500));
        assert_eq!((t.as_secs(), t.subsec_nanos()), (8, 500_000_000));
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Mine<'a> {
        sub: &'a str,
        role: &'a str,
    }

    #[test]
    fn one_pass_gives_registered_and_custom_claims() {
        let payload = r#"{"sub":"alice","role":"admin","exp":10,"aud":["a","b"],"iss":"i\u0021"}"#;
        let (r, mine) = parse::<Mine<'_>>(payload, &[]).unwrap();
        assert_eq!(
            mine,
            Mine {
                sub: "alice",
                role: "admin"
            }
        );
        assert_eq!(r.exp, Some(NumericDate::from_secs(10)));
        assert!(matches!(r.sub, Some(Cow::Borrowed("alice"))));
        assert_eq!(r.iss.as_deref(), Some("i!"));
        assert_eq!(r.aud.unwrap().iter().collect::<Vec<_>>(), ["a", "b"]);
    }

    #[test]
    fn wrong_typed_registered_claims_are_errors_even_when_the_type_ignores_them() {
        for payload in [
            r#"{"nbf":"1700000000"}"#,
            r#"{"exp":null}"#,
            r#"{"iat":true}"#,
            r#"{"iss":1}"#,
            r#"{"sub":{}}"#,
            r#"{"jti":[]}"#,
            r#"{"aud":["a",1]}"#,
            r#"{"aud":{}}"#,
            r#"{"exp":1e400}"#,
        ] {
            let e = parse::<de::IgnoredAny>(payload, &[]).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidClaim, "{payload}");
        }
    }

    #[test]
    fn claims_must_be_a_strict_object() {
        for payload in [
            "[1]",
            "\"x\"",
            "{\"a\":1,\"a\":2}",
            "{\"a\":{\"b\":1,\"b\":1}}",
            "{} x",
        ] {
            let e = parse::<serde_json::Value>(payload, &[]).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{payload}");
        }
    }

    #[test]
    fn required_claims_are_tracked_even_when_escaped() {
        let req = [String::from("role"), String::from("tenant")];
        let (_, _) = parse::<de::IgnoredAny>(r#"{"r\u006fle":1,"tenant":2}"#, &req).unwrap();
        let e = parse::<de::IgnoredAny>(r#"{"role":1}"#, &req).unwrap_err();
        assert_eq!((e.kind(), e.detail()), (ErrorKind::MissingClaim, "tenant"));
    }
}
