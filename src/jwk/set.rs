//! JWK sets (RFC 7517 §5): what an issuer publishes at its `jwks_uri`.
//!
//! Import refuses the whole document only when it is not strict JSON, too large, has
//! two keys with one `kid`, or mixes shared secrets with public keys. A key the set
//! cannot use for verification (an unsupported `kty` or `crv`, `use: "enc"`, `key_ops`
//! without `verify`, a weak or malformed key ...) is skipped and reported in
//! [`JwkSet::skipped`], so that one odd key does not break the others. Give the set to
//! [`VerifierBuilder::key_set`](crate::VerifierBuilder::key_set).

use super::{Jwk, PResult};
use crate::error::{Error, ErrorKind, Result};
use crate::json::{OtherMembers, Parser, push_json_str};
use crate::key::VerifyingKey;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use zeroize::Zeroizing;

/// Largest accepted JWK set document, in bytes.
pub const MAX_JWK_SET_LEN: usize = 512 * 1024;
/// Most keys accepted in one JWK set (providers publish a handful).
pub const MAX_JWK_SET_KEYS: usize = 256;

/// A key of a [`JwkSet`] that a verifier will not use, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedKey {
    index: usize,
    kid: Option<String>,
    error: Error,
}

impl SkippedKey {
    /// Position of the key in the set's `keys` array.
    #[must_use]
    pub fn index(&self) -> usize {
        self.index
    }

    /// The key's `kid`, if it had a readable one.
    #[must_use]
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// Why it cannot be used, e.g. [`ErrorKind::UnsupportedKey`] for an
    /// unsupported `kty` or `crv`, [`ErrorKind::IncompatibleKey`] for `use: "enc"` or
    /// `key_ops` without `verify`, [`ErrorKind::WeakKey`], [`ErrorKind::InvalidKey`].
    #[must_use]
    pub fn error(&self) -> &Error {
        &self.error
    }
}

impl fmt::Display for SkippedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JWK #{} ", self.index)?;
        if let Some(kid) = &self.kid {
            // Escaped: a kid comes from a remote document.
            write!(f, "(kid {kid:?}) ")?;
        }
        write!(f, "skipped: {}", self.error)
    }
}

/// A JWK set (RFC 7517 §5): what an issuer publishes at its `jwks_uri`.
///
/// Keys have unique `kid`s and are all symmetric or all asymmetric. Each usable key is
/// bound, once, at import, to its own `alg`, or without one, to every algorithm its key
/// type serves (an `RSA` key without `alg`: RS256 ... PS512); a verifier built with
/// [`VerifierBuilder::key_set`](crate::VerifierBuilder::key_set) keeps the bindings
/// its allowlist names. The token header never picks the algorithm of a key.
///
/// ```
/// use strict_jwt::{Algorithm, JwkSet, Verifier};
/// let jwks = r#"{"keys":[
///   {"kty":"EC","crv":"P-256","kid":"2026-11","use":"sig",
///    "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
///    "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
///   {"kty":"EC","crv":"P-256","kid":"enc-1","use":"enc",
///    "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
///    "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}
/// ]}"#;
/// let set = JwkSet::from_json(jwks)?;
/// assert_eq!(set.skipped().len(), 1);          // the encryption key, reported
/// let verifier = Verifier::builder()
///     .allow(Algorithm::ES256)
///     .key_set(&set)
///     .issuer("https://issuer.example")
///     .build()?;
/// # Ok::<(), strict_jwt::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct JwkSet {
    keys: Vec<Jwk>,
    skipped: Vec<SkippedKey>,
    /// Every usable (key, algorithm) binding, with the index of its JWK in `keys`.
    bindings: Vec<(usize, VerifyingKey)>,
    /// Top-level members other than `keys`, as exact JSON.
    other: OtherMembers,
}

impl JwkSet {
    /// Parses `{"keys":[...]}` from strict JSON (at most [`MAX_JWK_SET_LEN`] bytes and
    /// [`MAX_JWK_SET_KEYS`] keys), and binds each usable key to its algorithms. Keys
    /// that cannot be used are listed in [`JwkSet::skipped`].
    ///
    /// # Errors
    /// - [`ErrorKind::InvalidKey`] over the caps, for invalid JSON (duplicate member
    ///   names included), when `keys` is missing or not an array, two keys share
    ///   a `kid` (lookup would be ambiguous), or shared secrets are mixed with public
    ///   keys (a secret published beside public keys is a leak, and one verifier must
    ///   not hold both).
    ///
    /// ```
    /// use strict_jwt::{ErrorKind, JwkSet};
    /// let set = JwkSet::from_json(r#"{"keys":[
    ///   {"kty":"OKP","crv":"Ed25519","kid":"ed-1",
    ///    "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
    ///   {"kty":"EC","crv":"P-256","kid":"ec-1","use":"enc",
    ///    "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
    ///    "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}
    /// ]}"#)?;
    /// assert_eq!(set.keys().len(), 2);                      // both parsed,
    /// assert_eq!(set.skipped().len(), 1);                   // the encryption key skipped:
    /// assert_eq!(set.skipped()[0].kid(), Some("ec-1"));
    /// assert_eq!(set.skipped()[0].error().kind(), ErrorKind::IncompatibleKey);
    /// assert_eq!(set.verifying_keys().count(), 2);          // no `alg`: EdDSA and Ed25519
    /// assert_eq!(set.find("ed-1")?.curve(), Some("Ed25519"));
    ///
    /// // Two keys with one `kid` would make lookup ambiguous: the whole set is refused.
    /// let twice = r#"{"keys":[{"kty":"oct","kid":"a","k":"c2VjcmV0"},
    ///                         {"kty":"oct","kid":"a","k":"b3RoZXI"}]}"#;
    /// assert_eq!(JwkSet::from_json(twice).unwrap_err().kind(), ErrorKind::InvalidKey);
    /// # Ok::<(), strict_jwt::Error>(())
    /// ```
    pub fn from_json(json: &str) -> Result<Self> {
        if json.len() > MAX_JWK_SET_LEN {
            return Err(Error::invalid_key("JWK set document too large"));
        }
        let parsed = Self::parse(json).map_err(|e| e.into_error().in_key_document())?;
        let (raw, other) = parsed?;
        // Set-level ambiguity is refused whatever each key's own problems are.
        for (i, (k, _)) in raw.iter().enumerate() {
            if k.kid().is_some() && raw[..i].iter().any(|(o, _)| o.kid() == k.kid()) {
                return Err(Error::new(
                    ErrorKind::InvalidKey,
                    "JWK set has duplicate kids",
                ));
            }
        }
        let symmetric = raw.iter().any(|(k, _)| k.key_type() == "oct");
        let asymmetric = raw
            .iter()
            .any(|(k, _)| matches!(k.key_type(), "RSA" | "EC" | "OKP"));
        if symmetric && asymmetric {
            return Err(Error::new(
                ErrorKind::InvalidKey,
                "JWK set mixes symmetric and asymmetric keys",
            ));
        }
        let mut set = Self {
            keys: Vec::with_capacity(raw.len()),
            skipped: Vec::new(),
            bindings: Vec::new(),
            other,
        };
        for (index, (jwk, error)) in raw.into_iter().enumerate() {
            let skip = |error| SkippedKey {
                index,
                kid: jwk.kid().map(String::from),
                error,
            };
            if let Some(error) = error {
                // A member could not be read: the key is reported, not kept.
                set.skipped.push(skip(error));
                continue;
            }
            match jwk.verification_keys() {
                Ok(keys) => {
                    let at = set.keys.len();
                    set.bindings.extend(keys.into_iter().map(|k| (at, k)));
                }
                Err(error) => set.skipped.push(skip(error)),
            }
            set.keys.push(jwk);
        }
        Ok(set)
    }

    /// The document's keys and other members. JSON errors end the parse; a key's own
    /// problems are returned beside it.
    #[allow(clippy::type_complexity)]
    fn parse(json: &str) -> PResult<Result<(Vec<(Jwk, Option<Error>)>, OtherMembers)>> {
        let mut p = Parser::new(json);
        let mut obj = p.begin_object()?;
        let mut keys = None;
        let mut other = OtherMembers::default();
        while let Some(name) = p.next_key(&mut obj)? {
            let name = name.to_cow();
            if name != "keys" {
                let raw = p.raw_value()?;
                other.push(name.into_owned(), raw);
                continue;
            }
            if p.peek() != Some(b'[') {
                return Ok(Err(Error::new(
                    ErrorKind::InvalidKey,
                    "JWK set `keys` must be an array",
                )));
            }
            p.begin_array()?;
            let mut list = Vec::new();
            let mut first = true;
            while p.next_element(&mut first)? {
                if list.len() == MAX_JWK_SET_KEYS {
                    return Ok(Err(TOO_MANY_KEYS));
                }
                list.push(Jwk::parse(&mut p)?);
            }
            keys = Some(list);
        }
        p.end()?;
        Ok(keys
            .map(|k| (k, other))
            .ok_or(Error::new(ErrorKind::InvalidKey, "JWK set has no `keys`")))
    }

    /// Every key that parsed, usable or not, in document order (a key whose members
    /// could not be decoded is only in [`JwkSet::skipped`]).
    #[must_use]
    pub fn keys(&self) -> &[Jwk] {
        &self.keys
    }

    /// The keys a verifier will not use, with the reason for each.
    #[must_use]
    pub fn skipped(&self) -> &[SkippedKey] {
        &self.skipped
    }

    /// Every usable (key, algorithm) binding, each a [`VerifyingKey`] with the JWK's
    /// `kid`. A key without `alg` appears once per algorithm its type serves.
    pub fn verifying_keys(&self) -> impl Iterator<Item = &VerifyingKey> {
        self.bindings.iter().map(|(_, k)| k)
    }

    /// Bindings with the index of their JWK, for the verifier builder.
    pub(crate) fn bindings(&self) -> &[(usize, VerifyingKey)] {
        &self.bindings
    }

    /// The key with exactly this `kid` (compared as an opaque string).
    ///
    /// # Errors
    /// [`ErrorKind::UnknownKey`] when no key has it.
    pub fn find(&self, kid: &str) -> Result<&Jwk> {
        self.keys
            .iter()
            .find(|k| k.kid() == Some(kid))
            .ok_or(Error::new(ErrorKind::UnknownKey, "no JWK has this kid"))
    }

    /// A set of the given keys (e.g. public JWKs to publish). Checked as
    /// [`JwkSet::from_json`] checks a document.
    ///
    /// # Errors
    /// As [`JwkSet::from_json`].
    pub fn from_keys(keys: impl IntoIterator<Item = Jwk>) -> Result<Self> {
        let keys: Vec<Jwk> = keys.into_iter().collect();
        if keys.len() > MAX_JWK_SET_KEYS {
            return Err(TOO_MANY_KEYS);
        }
        let json = Self::json_of(&keys, &OtherMembers::default());
        Self::from_json(&json)
    }

    /// The set as JSON: `{"keys":[...]}` with every key it holds and the document's
    /// other members. Zeroized on drop (a set of `oct` keys holds secrets).
    #[must_use]
    pub fn to_json(&self) -> Zeroizing<String> {
        Self::json_of(&self.keys, &self.other)
    }

    /// The set's public form as JSON: `{"keys":[...]}` with each key's public members
    /// ([`Jwk::to_public`]), and nothing else: the document's other top-level members
    /// are left out, as `to_public` leaves out the members it does not know (any could
    /// be private). Public data, so a plain `String` (what a server publishes at its
    /// `jwks_uri`).
    ///
    /// # Errors
    /// [`ErrorKind::IncompatibleKey`] if the set holds `oct` keys (shared secrets have no
    /// public form).
    pub fn to_public_json(&self) -> Result<String> {
        let public = self
            .keys
            .iter()
            .map(Jwk::to_public)
            .collect::<Result<Vec<Jwk>>>()?;
        Ok(String::from(
            Self::json_of(&public, &OtherMembers::default()).as_str(),
        ))
    }

    /// `{"keys":[...]}` of these keys as [`Jwk::to_json`] writes them, and no other
    /// member (what [`KeyRing::jwk_set_json`](crate::KeyRing::jwk_set_json) publishes).
    pub(crate) fn keys_json(keys: &[Jwk]) -> Zeroizing<String> {
        Self::json_of(keys, &OtherMembers::default())
    }

    fn json_of(keys: &[Jwk], other: &OtherMembers) -> Zeroizing<String> {
        let keys: Vec<Zeroizing<String>> = keys.iter().map(Jwk::to_json).collect();
        let len = 16
            + keys.iter().map(|k| k.len() + 1).sum::<usize>()
            + other
                .iter()
                .map(|(n, v)| 4 + 6 * n.len() + v.len())
                .sum::<usize>();
        let mut out = Zeroizing::new(String::with_capacity(len));
        out.push_str("{\"keys\":[");
        for (i, k) in keys.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(k);
        }
        out.push(']');
        for (name, raw) in other.iter() {
            out.push(',');
            push_json_str(&mut out, name);
            out.push(':');
            out.push_str(raw);
        }
        out.push('}');
        out
    }
}

/// Writes the set's public form ([`JwkSet::to_public_json`]); fails for a set of `oct`
/// keys.
impl serde::Serialize for JwkSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        let json = self.to_public_json().map_err(S::Error::custom)?;
        let value: serde_json::Value = serde_json::from_str(&json).map_err(S::Error::custom)?;
        value.serialize(s)
    }
}

const TOO_MANY_KEYS: Error = Error::invalid_key("JWK set has too many keys");
