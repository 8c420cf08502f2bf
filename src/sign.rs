//! Signing: the header comes from the signer (its `alg` from the key), the claims from
//! any `serde::Serialize`.

use crate::base64url;
use crate::claims::{Audience, NumericDate, RegisteredClaims};
use crate::error::{Error, ErrorKind, Result};
use crate::header::{MAX_KID_LEN, typ_matches};
use crate::key::SigningKey;
use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::sync::atomic::{AtomicUsize, Ordering};
use core::time::Duration;
use serde::{Serialize, Serializer};

/// Initial size hint for the claims JSON (a typical access token's claims fit).
const DEFAULT_PAYLOAD_HINT: usize = 256;
/// The hint never grows past this, so one unusually large token does not make every
/// later signature reserve as much.
const MAX_PAYLOAD_HINT: usize = 16 * 1024;

/// Signs claims into compact JWTs. The protected header is encoded once, at
/// construction; its `alg` is always the key's.
#[derive(Debug)]
pub struct Signer {
    key: SigningKey,
    typ: Option<String>,
    cty: Option<String>,
    kid: Option<String>,
    /// `BASE64URL(header)`, rebuilt when the header changes.
    header_b64: String,
    /// Length of the encoded signature, for sizing the output once.
    signature_b64_len: usize,
    /// The longest claims JSON signed so far, so that the one output buffer is sized
    /// right from the second token on (no reallocation).
    payload_hint: AtomicUsize,
}

impl Clone for Signer {
    fn clone(&self) -> Self {
        Self {
            key: self.key.clone(),
            typ: self.typ.clone(),
            cty: self.cty.clone(),
            kid: self.kid.clone(),
            header_b64: self.header_b64.clone(),
            signature_b64_len: self.signature_b64_len,
            payload_hint: AtomicUsize::new(self.payload_hint.load(Ordering::Relaxed)),
        }
    }
}

impl Signer {
    /// A signer whose header is `{"alg":<key's alg>,"typ":"JWT"}`, plus `"kid"` when the
    /// key has one ([`SigningKey::kid`]).
    pub fn new(key: impl Into<SigningKey>) -> Self {
        let key = key.into();
        let kid = key.kid().map(String::from);
        let signature_b64_len = base64url::encoded_len(key.signature_len());
        let mut s = Self {
            signature_b64_len,
            key,
            typ: Some(String::from("JWT")),
            cty: None,
            kid,
            header_b64: String::new(),
            payload_hint: AtomicUsize::new(DEFAULT_PAYLOAD_HINT),
        };
        s.encode_header();
        s
    }

    /// Sets the `kid` header member (replacing the key's own).
    #[must_use]
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self.encode_header();
        self
    }

    /// Sets the `typ` header member (default `JWT`), e.g. `at+jwt` (RFC 9068).
    #[must_use]
    pub fn with_typ(mut self, typ: impl Into<String>) -> Self {
        self.typ = Some(typ.into());
        self.encode_header();
        self
    }

    /// Omits the `typ` header member.
    #[must_use]
    pub fn without_typ(mut self) -> Self {
        self.typ = None;
        self.encode_header();
        self
    }

    /// Sets the `cty` header member. `JWT` (nested tokens, which this crate does not
    /// verify) makes [`Signer::sign`] fail.
    #[must_use]
    pub fn with_cty(mut self, cty: impl Into<String>) -> Self {
        self.cty = Some(cty.into());
        self.encode_header();
        self
    }

    fn encode_header(&mut self) {
        #[derive(Serialize)]
        struct H<'a> {
            alg: &'static str,
            #[serde(skip_serializing_if = "Option::is_none")]
            typ: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            cty: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            kid: Option<&'a str>,
        }
        let h = H {
            alg: self.key.algorithm().name(),
            typ: self.typ.as_deref(),
            cty: self.cty.as_deref(),
            kid: self.kid.as_deref(),
        };
        // Serializing a struct of strings into a Vec cannot fail.
        let json = serde_json::to_vec(&h).unwrap_or_default();
        self.header_b64 = base64url::encode(&json);
    }

    /// Signs `claims` (anything that serializes to a JSON object).
    ///
    /// The output of `serde_json` is signed as is, not re-parsed. A [`Claims`] whose custom
    /// claims have a top-level member named like a registered claim it also sets (`sub`
    /// from `.subject()` and a custom `"sub"`) is refused. `serde`'s derived and standard
    /// implementations cannot repeat a member name otherwise, but a hand-written
    /// `Serialize` passed here directly can: strict verifiers (this crate's included) then
    /// refuse the token as malformed.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidClaim`] if the claims do not serialize to a JSON object, or repeat
    /// a registered claim the [`Claims`] sets;
    /// [`ErrorKind::Configuration`] if the `kid` is longer than
    /// [`MAX_KID_LEN`](crate::MAX_KID_LEN) or `cty` is `JWT`, which every verifier of
    /// this crate refuses;
    /// [`ErrorKind::Crypto`] if an RSA or ECDSA signature cannot be produced (the
    /// system random number generator failed).
    pub fn sign<T: Serialize + ?Sized>(&self, claims: &T) -> Result<String> {
        let not_object = || {
            Error::new(
                ErrorKind::InvalidClaim,
                "claims must serialize to a JSON object",
            )
        };
        if self.kid.as_ref().is_some_and(|k| k.len() > MAX_KID_LEN) {
            return Err(Error::new(
                ErrorKind::Configuration,
                "kid is longer than MAX_KID_LEN: no verifier of this crate would accept the token",
            ));
        }
        if self.cty.as_deref().is_some_and(|c| typ_matches(c, "jwt")) {
            return Err(Error::new(
                ErrorKind::Configuration,
                "cty JWT marks a nested token, which no verifier of this crate accepts",
            ));
        }
        // One buffer: header, then the claims JSON written by serde_json and encoded in
        // place, then the signature. One allocation once the hint has seen the claims.
        let hint = self.payload_hint.load(Ordering::Relaxed);
        let mut out = Vec::with_capacity(
            self.header_b64.len() + base64url::encoded_len(hint) + 2 + self.signature_b64_len,
        );
        out.extend_from_slice(self.header_b64.as_bytes());
        out.push(b'.');
        let start = out.len();
        let serialized = {
            #[cfg(feature = "std")]
            {
                serde_json::to_writer(&mut out, claims)
            }
            // Without `std`, serde_json has no writer: one extra buffer.
            #[cfg(not(feature = "std"))]
            {
                serde_json::to_vec(claims).map(|json| out.extend_from_slice(&json))
            }
        };
        serialized.map_err(|e| {
            // The one serde error this crate raises itself (see `Claims`'s `Serialize`).
            if e.to_string().starts_with(DUPLICATE_CLAIM) {
                Error::new(ErrorKind::InvalidClaim, DUPLICATE_CLAIM)
            } else {
                not_object()
            }
        })?;
        if out.get(start) != Some(&b'{') {
            return Err(not_object());
        }
        let json_len = out.len() - start;
        if json_len > hint && json_len <= MAX_PAYLOAD_HINT {
            self.payload_hint.store(json_len, Ordering::Relaxed);
        }
        base64url::encode_in_place(&mut out, start);
        let signature = self.key.sign(&out)?;
        out.push(b'.');
        base64url::encode_to_vec(signature.as_ref(), &mut out);
        // Every byte written is base64url ASCII or '.'.
        String::from_utf8(out).map_err(|_| not_object())
    }
}

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

/// The serde error of custom claims that repeat a registered claim the [`Claims`] sets.
const DUPLICATE_CLAIM: &str = "custom claims repeat a registered claim that the Claims also sets";

/// The registered members a `Claims` writes, as a bitmask over these names.
const REGISTERED: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

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

/// Serializes the custom claims into the outer map, as `#[serde(flatten)]` would, and
/// refuses a top-level name that repeats a registered claim already written.
mod flat {
    use super::{DUPLICATE_CLAIM, REGISTERED};
    use core::fmt::Display;
    use serde::ser::{self, Error as _, Impossible, Serialize, SerializeMap, Serializer};

    pub(super) struct Flat<'a, M> {
        pub(super) map: &'a mut M,
        pub(super) set: u8,
    }

    fn check<E: ser::Error>(set: u8, key: &str) -> Result<(), E> {
        if set & bit(key) != 0 {
            Err(E::custom(DUPLICATE_CLAIM))
        } else {
            Ok(())
        }
    }

    fn not_object<E: ser::Error>() -> E {
        E::custom("custom claims must serialize to a JSON object")
    }

    /// Scalars are not JSON objects: refused, as `#[serde(flatten)]` refuses them.
    macro_rules! refuse {
        ($($name:ident: $t:ty),* $(,)?) => {$(
            fn $name(self, _: $t) -> Result<(), M::Error> {
                Err(not_object())
            }
        )*};
    }

    impl<'a, M: SerializeMap> Serializer for Flat<'a, M> {
        type Ok = ();
        type Error = M::Error;
        type SerializeSeq = Impossible<(), M::Error>;
        type SerializeTuple = Impossible<(), M::Error>;
        type SerializeTupleStruct = Impossible<(), M::Error>;
        type SerializeTupleVariant = Impossible<(), M::Error>;
        type SerializeMap = FlatMap<'a, M>;
        type SerializeStruct = FlatMap<'a, M>;
        type SerializeStructVariant = Impossible<(), M::Error>;

        refuse!(
            serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
            serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
            serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_char: char,
            serialize_str: &str, serialize_bytes: &[u8],
        );
        fn serialize_none(self) -> Result<(), M::Error> {
            Ok(())
        }
        fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), M::Error> {
            v.serialize(self)
        }
        fn serialize_unit(self) -> Result<(), M::Error> {
            Ok(())
        }
        fn serialize_unit_struct(self, _: &'static str) -> Result<(), M::Error> {
            Ok(())
        }
        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
        ) -> Result<(), M::Error> {
            Err(not_object())
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            v: &T,
        ) -> Result<(), M::Error> {
            v.serialize(self)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(), M::Error> {
            Err(not_object())
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, M::Error> {
            Err(not_object())
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, M::Error> {
            Err(not_object())
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, M::Error> {
            Err(not_object())
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, M::Error> {
            Err(not_object())
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, M::Error> {
            Ok(FlatMap {
                map: self.map,
                set: self.set,
            })
        }
        fn serialize_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStruct, M::Error> {
            Ok(FlatMap {
                map: self.map,
                set: self.set,
            })
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, M::Error> {
            Err(not_object())
        }
        fn collect_str<T: Display + ?Sized>(self, _: &T) -> Result<(), M::Error> {
            Err(not_object())
        }
    }

    pub(super) struct FlatMap<'a, M> {
        map: &'a mut M,
        set: u8,
    }

    impl<M: SerializeMap> ser::SerializeStruct for FlatMap<'_, M> {
        type Ok = ();
        type Error = M::Error;
        fn serialize_field<T: Serialize + ?Sized>(
            &mut self,
            key: &'static str,
            v: &T,
        ) -> Result<(), M::Error> {
            check(self.set, key)?;
            self.map.serialize_entry(key, v)
        }
        fn end(self) -> Result<(), M::Error> {
            Ok(())
        }
    }

    impl<M: SerializeMap> SerializeMap for FlatMap<'_, M> {
        type Ok = ();
        type Error = M::Error;
        fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), M::Error> {
            // The key is looked at once to check its name (no copy), then written.
            let bit = key
                .serialize(KeyBit)
                .map_err(|_: KeyError| M::Error::custom("claim names must be strings"))?;
            if self.set & bit != 0 {
                return Err(M::Error::custom(DUPLICATE_CLAIM));
            }
            self.map.serialize_key(key)
        }
        fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), M::Error> {
            self.map.serialize_value(v)
        }
        fn end(self) -> Result<(), M::Error> {
            Ok(())
        }
    }

    /// The bit of a registered claim name in a mask (0 for any other name).
    fn bit(name: &str) -> u8 {
        REGISTERED
            .iter()
            .position(|r| *r == name)
            .map_or(0, |i| 1 << i)
    }

    /// Reads a map key that is a string (or a char) and gives its [`bit`], without
    /// copying it.
    struct KeyBit;

    #[derive(Debug)]
    struct KeyError;
    impl Display for KeyError {
        fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str("not a string key")
        }
    }
    impl core::error::Error for KeyError {}
    impl ser::Error for KeyError {
        fn custom<T: Display>(_: T) -> Self {
            KeyError
        }
    }

    macro_rules! key_refuse {
        ($($name:ident: $t:ty),* $(,)?) => {$(
            fn $name(self, _: $t) -> Result<u8, KeyError> {
                Err(KeyError)
            }
        )*};
    }

    impl Serializer for KeyBit {
        type Ok = u8;
        type Error = KeyError;
        type SerializeSeq = Impossible<u8, KeyError>;
        type SerializeTuple = Impossible<u8, KeyError>;
        type SerializeTupleStruct = Impossible<u8, KeyError>;
        type SerializeTupleVariant = Impossible<u8, KeyError>;
        type SerializeMap = Impossible<u8, KeyError>;
        type SerializeStruct = Impossible<u8, KeyError>;
        type SerializeStructVariant = Impossible<u8, KeyError>;

        fn serialize_str(self, v: &str) -> Result<u8, KeyError> {
            Ok(bit(v))
        }
        fn serialize_char(self, v: char) -> Result<u8, KeyError> {
            Ok(bit(v.encode_utf8(&mut [0; 4])))
        }
        key_refuse!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16,
            serialize_i32: i32, serialize_i64: i64, serialize_u8: u8, serialize_u16: u16,
            serialize_u32: u32, serialize_u64: u64, serialize_f32: f32, serialize_f64: f64,
            serialize_bytes: &[u8]);
        fn serialize_none(self) -> Result<u8, KeyError> {
            Err(KeyError)
        }
        fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<u8, KeyError> {
            Err(KeyError)
        }
        fn serialize_unit(self) -> Result<u8, KeyError> {
            Err(KeyError)
        }
        fn serialize_unit_struct(self, _: &'static str) -> Result<u8, KeyError> {
            Err(KeyError)
        }
        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            v: &'static str,
        ) -> Result<u8, KeyError> {
            // serde_json writes a unit variant key as its name.
            Ok(bit(v))
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            v: &T,
        ) -> Result<u8, KeyError> {
            v.serialize(self)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<u8, KeyError> {
            Err(KeyError)
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, KeyError> {
            Err(KeyError)
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, KeyError> {
            Err(KeyError)
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, KeyError> {
            Err(KeyError)
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, KeyError> {
            Err(KeyError)
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, KeyError> {
            Err(KeyError)
        }
        fn serialize_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStruct, KeyError> {
            Err(KeyError)
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, KeyError> {
            Err(KeyError)
        }
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
    /// [`ErrorKind::Crypto`] if the system random number generator fails.
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
            aud: self.aud.as_ref().map(|a| match a {
                Audience::One(a) => Audience::One(Cow::Borrowed(a.as_ref())),
                Audience::Many(v) => {
                    Audience::Many(v.iter().map(|a| Cow::Borrowed(a.as_ref())).collect())
                }
            }),
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

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;
    use serde_json::json;

    fn at() -> NumericDate {
        NumericDate::from_secs(1_000)
    }

    fn json_of<T: Serialize>(c: &Claims<T>) -> core::result::Result<String, String> {
        serde_json::to_string(c).map_err(|e| e.to_string())
    }

    #[test]
    fn map_keys_are_checked_without_being_rewritten() {
        // A char key is a one-character name; `s` is no registered claim.
        let chars = BTreeMap::from([('s', 1)]);
        assert_eq!(
            json_of(&Claims::new_at(chars, at()).subject("a")).unwrap(),
            r#"{"sub":"a","s":1}"#
        );
        // The key the map gave is what is written (escapes included).
        let escaped = BTreeMap::from([("su\"b", 1)]);
        assert_eq!(
            json_of(&Claims::new_at(escaped, at()).subject("a")).unwrap(),
            r#"{"sub":"a","su\"b":1}"#
        );
        // A map key repeating a set registered claim is refused, whatever its type.
        let owned = BTreeMap::from([(String::from("iss"), 1)]);
        let e = json_of(&Claims::new_at(owned, at()).issuer("i")).unwrap_err();
        assert_eq!(e, DUPLICATE_CLAIM);
        let e = json_of(&Claims::new_at(json!({"nbf": 1}), at()).not_before(at())).unwrap_err();
        assert_eq!(e, DUPLICATE_CLAIM);
        let e = json_of(&Claims::new_at(json!({"iat": 1}), at()).issued_now()).unwrap_err();
        assert_eq!(e, DUPLICATE_CLAIM);
    }

    #[test]
    fn non_string_map_keys_and_non_objects_are_not_claims() {
        let signer = Signer::new(crate::HmacKey::generate(crate::Algorithm::HS256).unwrap());
        let numbers = BTreeMap::from([(1u32, "x")]);
        let e = signer.sign(&Claims::new_at(numbers, at())).unwrap_err();
        assert_eq!(
            (e.kind(), e.detail()),
            (
                ErrorKind::InvalidClaim,
                "claims must serialize to a JSON object"
            )
        );
        for e in [
            signer.sign(&Claims::new_at("text", at())).unwrap_err(),
            signer.sign(&Claims::new_at(json!([1]), at())).unwrap_err(),
            signer.sign(&Claims::new_at(Some(true), at())).unwrap_err(),
        ] {
            assert_eq!(e.detail(), "claims must serialize to a JSON object");
        }
        let e = signer
            .sign(&Claims::new_at(json!({"sub": 1}), at()).subject("a"))
            .unwrap_err();
        assert_eq!(
            (e.kind(), e.detail()),
            (ErrorKind::InvalidClaim, DUPLICATE_CLAIM)
        );
    }

    #[derive(Serialize)]
    struct Wrapper<T>(T);

    #[derive(Serialize)]
    struct Outer {
        role: &'static str,
        #[serde(flatten)]
        extra: BTreeMap<&'static str, u32>,
    }

    #[test]
    fn newtypes_and_nested_flatten_are_seen_at_the_top_level() {
        let ok = Wrapper(Some(json!({"role": "admin"})));
        assert_eq!(
            json_of(&Claims::new_at(ok, at()).subject("a")).unwrap(),
            r#"{"sub":"a","role":"admin"}"#
        );
        // The application's own flatten lands at the top level too, so it is checked.
        let outer = Outer {
            role: "admin",
            extra: BTreeMap::from([("jti", 7)]),
        };
        assert_eq!(
            json_of(&Claims::new_at(outer, at())).unwrap(),
            r#"{"role":"admin","jti":7}"#
        );
        let outer = Outer {
            role: "admin",
            extra: BTreeMap::from([("jti", 7)]),
        };
        let e = json_of(&Claims::new_at(outer, at()).jti("j")).unwrap_err();
        assert_eq!(e, DUPLICATE_CLAIM);
    }

    #[test]
    fn registered_borrows_what_the_claims_will_write() {
        let claims = Claims::new_at((), at())
            .issuer("i")
            .audiences(["a", "b"])
            .expires_in(Duration::from_millis(1_500));
        let r = claims.registered();
        assert_eq!(r.issuer().unwrap(), "i");
        assert_eq!(r.audience().unwrap().iter().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(r.expiration().unwrap(), NumericDate::from_secs(1_001));
        assert_eq!(r.subject().unwrap_err().kind(), ErrorKind::MissingClaim);
        assert_eq!(
            json_of(&claims).unwrap(),
            r#"{"iss":"i","aud":["a","b"],"exp":1001}"#
        );
    }
}
