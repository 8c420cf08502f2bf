//! JSON Web Keys (RFC 7517, RFC 7518 §6, RFC 8037), JWK sets and RFC 7638 thumbprints.
//!
//! A JWK becomes a key only for one explicit algorithm, and only if everything it says
//! about itself agrees with that algorithm: `kty`, `crv`, `alg`, `use` and `key_ops`.
//!
//! | `kty` | `crv` | algorithms | members |
//! |---|---|---|---|
//! | `oct` | | HS256/384/512 | `k` |
//! | `RSA` | | RS256/384/512, PS256/384/512 | `n`, `e`; private: `d`, `p`, `q`, `dp`, `dq`, `qi` |
//! | `EC` | `P-256`, `P-384`; with `aws-lc-rs` also `P-521`, `secp256k1` | ES256, ES384, ES512, ES256K | `x`, `y`; private: `d` |
//! | `OKP` | `Ed25519` | EdDSA, Ed25519 | `x`; private: `d` |
//!
//! Parsing is strict JSON (duplicate member names refused at every level, size-capped)
//! and keeps every member it does not interpret (`x5c`, `x5t`, private names ...), so a
//! key serializes back with them.
//!
//! Secret members (`k`, `d`, `p`, `q`, `dp`, `dq`, `qi`) are decoded with `base64ct`'s
//! constant-time decoder and zeroized on drop. A JWK with private members is refused as
//! a verification key: load it with [`Jwk::to_signing_key`] and take its
//! [`verifying_key`](crate::SigningKey::verifying_key).

mod convert;
pub(crate) mod set;

pub use set::{JwkSet, MAX_JWK_SET_KEYS, MAX_JWK_SET_LEN, SkippedKey};

use crate::base64url;
use crate::error::{Error, ErrorKind, Result};
use crate::json::{DeError, OtherMembers, Out, Parser, write_object};
use crate::thumbprint::{Members, ThumbprintHash};
use alloc::string::String;
use alloc::vec::Vec;
use base64ct::Encoding as _;
use core::fmt;
use zeroize::Zeroizing;

/// Largest accepted JWK document, in bytes (an 8192-bit RSA private key is about 7 KiB).
pub const MAX_JWK_LEN: usize = 64 * 1024;

type Secret = Zeroizing<Vec<u8>>;
pub(crate) type PResult<T> = core::result::Result<T, DeError>;

/// One parsed JWK. Secret members are zeroized on drop and never shown by `Debug`.
#[derive(Clone)]
pub struct Jwk {
    kty: String,
    alg: Option<String>,
    use_: Option<String>,
    key_ops: Option<Vec<String>>,
    kid: Option<String>,
    crv: Option<String>,
    n: Option<Vec<u8>>,
    e: Option<Vec<u8>>,
    x: Option<Vec<u8>>,
    y: Option<Vec<u8>>,
    k: Option<Secret>,
    d: Option<Secret>,
    p: Option<Secret>,
    q: Option<Secret>,
    dp: Option<Secret>,
    dq: Option<Secret>,
    qi: Option<Secret>,
    /// Multi-prime RSA (`oth`): never used (refused when signing), kept as exact JSON.
    oth: Option<Zeroizing<String>>,
    /// Every member this crate does not interpret: name and exact JSON text.
    other: OtherMembers,
}

fn invalid_member(name: &str, what: &str) -> Error {
    Error::with_detail(
        ErrorKind::InvalidKey,
        alloc::format!("JWK member `{name}` must be {what}"),
    )
}

/// A string member. A value of another type is skipped and reported, so that parsing
/// can go on (the JSON itself was valid).
fn string_member(p: &mut Parser<'_>, name: &str) -> PResult<Result<String>> {
    if p.peek() != Some(b'"') {
        p.skip_value()?;
        return Ok(Err(invalid_member(name, "a string")));
    }
    Ok(Ok(p.parse_str()?.to_cow().into_owned()))
}

/// A public base64url member, decoded with the crate's strict decoder (whose errors are
/// a token's `Malformed`; in a key they are [`ErrorKind::InvalidKey`]).
fn public_member(p: &mut Parser<'_>, name: &str) -> PResult<Result<Vec<u8>>> {
    Ok(string_member(p, name)?
        .and_then(|s| base64url::decode(s.as_bytes()).map_err(Error::in_key_document)))
}

/// A secret base64url member, decoded with `base64ct` (constant-time, canonical); the
/// encoded text is wiped too.
fn secret_member(p: &mut Parser<'_>, name: &str) -> PResult<Result<Secret>> {
    Ok(string_member(p, name)?.and_then(|s| {
        let text = Zeroizing::new(s);
        base64ct::Base64UrlUnpadded::decode_vec(&text)
            .map(Zeroizing::new)
            .map_err(|_| Error::invalid_key("JWK secret member is not canonical base64url"))
    }))
}

/// `key_ops`: an array of unique strings (RFC 7517 §4.3).
fn ops_member(p: &mut Parser<'_>) -> PResult<Result<Vec<String>>> {
    if p.peek() != Some(b'[') {
        p.skip_value()?;
        return Ok(Err(invalid_member("key_ops", "an array of strings")));
    }
    p.begin_array()?;
    let mut ops: Vec<String> = Vec::new();
    let mut error = None;
    let mut first = true;
    while p.next_element(&mut first)? {
        match string_member(p, "key_ops")? {
            Ok(op) if ops.contains(&op) => {
                error.get_or_insert(Error::new(
                    ErrorKind::InvalidKey,
                    "JWK `key_ops` repeats a value",
                ));
            }
            Ok(op) => ops.push(op),
            Err(e) => {
                error.get_or_insert(e);
            }
        }
    }
    Ok(error.map_or(Ok(ops), Err))
}

impl Jwk {
    fn blank(kty: &str) -> Self {
        Self {
            kty: String::from(kty),
            alg: None,
            use_: None,
            key_ops: None,
            kid: None,
            crv: None,
            n: None,
            e: None,
            x: None,
            y: None,
            k: None,
            d: None,
            p: None,
            q: None,
            dp: None,
            dq: None,
            qi: None,
            oth: None,
            other: OtherMembers::default(),
        }
    }

    /// Parses one JWK from strict JSON (duplicate member names refused at every level;
    /// at most [`MAX_JWK_LEN`] bytes). Members it does not interpret are kept.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] over the cap, for invalid JSON or base64url, a missing
    /// `kty` or members of the wrong type (the application's key material: never
    /// [`ErrorKind::Malformed`], which is for tokens).
    ///
    /// ```
    /// use strict_jwt::{Algorithm, ErrorKind, Jwk};
    /// // The EC key of RFC 7517 Appendix A.1 as a signature key, plus a member of its own.
    /// let jwk = Jwk::from_json(r#"{"kty":"EC","crv":"P-256","kid":"1","use":"sig",
    ///     "x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
    ///     "y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM",
    ///     "x-issuer":"example"}"#)?;
    /// assert_eq!((jwk.key_type(), jwk.curve(), jwk.kid()), ("EC", Some("P-256"), Some("1")));
    /// assert!(!jwk.is_private());
    /// assert_eq!(jwk.member_json("x-issuer"), Some(r#""example""#)); // kept, as exact JSON
    /// assert_eq!(jwk.to_verifying_key(Algorithm::ES256)?.kid(), Some("1"));
    ///
    /// // A member name twice is refused, even when one is spelled with an escape.
    /// let twice = r#"{"kty":"oct","k":"c2VjcmV0","\u006b":"b3RoZXI"}"#;
    /// assert_eq!(Jwk::from_json(twice).unwrap_err().kind(), ErrorKind::InvalidKey);
    /// # Ok::<(), strict_jwt::Error>(())
    /// ```
    pub fn from_json(json: &str) -> Result<Self> {
        if json.len() > MAX_JWK_LEN {
            return Err(Error::invalid_key("JWK document too large"));
        }
        let mut p = Parser::new(json);
        let key_document = |e: DeError| e.into_error().in_key_document();
        let (jwk, error) = Self::parse(&mut p).map_err(key_document)?;
        p.end().map_err(key_document)?;
        error.map_or(Ok(jwk), Err)
    }

    /// Parses one JSON value as a JWK. JSON errors are returned (they end the document);
    /// a member's wrong type or encoding is returned beside the key, whose other members
    /// (`kid`, `kty`) are still read.
    pub(crate) fn parse(p: &mut Parser<'_>) -> PResult<(Self, Option<Error>)> {
        let mut j = Self::blank("");
        if p.peek() != Some(b'{') {
            p.skip_value()?;
            return Ok((
                j,
                Some(Error::new(
                    ErrorKind::InvalidKey,
                    "a JWK must be a JSON object",
                )),
            ));
        }
        let mut obj = p.begin_object()?;
        let mut error: Option<Error> = None;
        let mut has_kty = false;
        while let Some(key) = p.next_key(&mut obj)? {
            let name = key.to_cow();
            fn set<T>(slot: &mut Option<T>, r: Result<T>) -> Result<()> {
                r.map(|v| *slot = Some(v))
            }
            let r = match &*name {
                "kty" => string_member(p, "kty")?.map(|s| {
                    j.kty = s;
                    has_kty = true;
                }),
                "alg" => set(&mut j.alg, string_member(p, "alg")?),
                "use" => set(&mut j.use_, string_member(p, "use")?),
                "kid" => set(&mut j.kid, string_member(p, "kid")?),
                "crv" => set(&mut j.crv, string_member(p, "crv")?),
                "key_ops" => set(&mut j.key_ops, ops_member(p)?),
                "n" => set(&mut j.n, public_member(p, "n")?),
                "e" => set(&mut j.e, public_member(p, "e")?),
                "x" => set(&mut j.x, public_member(p, "x")?),
                "y" => set(&mut j.y, public_member(p, "y")?),
                "k" => set(&mut j.k, secret_member(p, "k")?),
                "d" => set(&mut j.d, secret_member(p, "d")?),
                "p" => set(&mut j.p, secret_member(p, "p")?),
                "q" => set(&mut j.q, secret_member(p, "q")?),
                "dp" => set(&mut j.dp, secret_member(p, "dp")?),
                "dq" => set(&mut j.dq, secret_member(p, "dq")?),
                "qi" => set(&mut j.qi, secret_member(p, "qi")?),
                "oth" => {
                    j.oth = Some(Zeroizing::new(String::from(p.raw_value()?)));
                    Ok(())
                }
                _ => {
                    let raw = p.raw_value()?;
                    j.other.push(name.into_owned(), raw);
                    Ok(())
                }
            };
            if let Err(e) = r {
                error.get_or_insert(e);
            }
        }
        if !has_kty {
            error.get_or_insert(Error::new(ErrorKind::InvalidKey, "JWK has no `kty`"));
        }
        Ok((j, error))
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

    /// `crv`, if any.
    #[must_use]
    pub fn curve(&self) -> Option<&str> {
        self.crv.as_deref()
    }

    /// `alg` as written, if any (it may name an algorithm this crate does not have).
    #[must_use]
    pub fn algorithm_name(&self) -> Option<&str> {
        self.alg.as_deref()
    }

    /// `use`, if any.
    #[must_use]
    pub fn public_key_use(&self) -> Option<&str> {
        self.use_.as_deref()
    }

    /// `key_ops`, if any.
    #[must_use]
    pub fn key_ops(&self) -> Option<&[String]> {
        self.key_ops.as_deref()
    }

    /// The exact JSON text of a member this crate does not interpret (`x5c`, `x5t`,
    /// private names ...).
    #[must_use]
    pub fn member_json(&self, name: &str) -> Option<&str> {
        self.other.get(name)
    }

    /// Names of the members this crate does not interpret, in document order.
    pub fn other_member_names(&self) -> impl Iterator<Item = &str> {
        self.other.names()
    }

    /// Sets (or replaces) `kid`.
    #[must_use]
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// Whether the JWK carries private members (`d`, RSA CRT members) or is a
    /// shared secret (`oct`).
    #[must_use]
    pub fn is_private(&self) -> bool {
        self.k.is_some() || self.has_private_asymmetric_members()
    }

    fn has_private_asymmetric_members(&self) -> bool {
        [&self.d, &self.p, &self.q, &self.dp, &self.dq, &self.qi]
            .iter()
            .any(|m| m.is_some())
            || self.oth.is_some()
    }

    /// The public JWK of a private `RSA`, `EC` or `OKP` JWK: private members removed,
    /// `key_ops` mapped to their public counterparts (`sign` -> `verify`, `decrypt` ->
    /// `encrypt`, `unwrapKey` -> `wrapKey`; others dropped, leaving `[]` rather than no
    /// `key_ops` at all, which would allow every operation). Of the members this crate
    /// does not interpret, only `x5u`, `x5c`, `x5t` and `x5t#S256` are kept: any other
    /// could be private.
    ///
    /// # Errors
    /// [`ErrorKind::IncompatibleKey`] for an `oct` key (a shared secret has no public form);
    /// [`ErrorKind::InvalidKey`] for a key type without a known public form.
    pub fn to_public(&self) -> Result<Self> {
        match self.kty.as_str() {
            "RSA" | "EC" | "OKP" => {}
            "oct" => {
                return Err(Error::new(
                    ErrorKind::IncompatibleKey,
                    "an `oct` key is a shared secret and has no public JWK",
                ));
            }
            _ => {
                return Err(Error::new(
                    ErrorKind::InvalidKey,
                    "JWK key type has no known public form",
                ));
            }
        }
        let mut j = Self::blank(&self.kty);
        j.alg.clone_from(&self.alg);
        j.use_.clone_from(&self.use_);
        j.kid.clone_from(&self.kid);
        j.crv.clone_from(&self.crv);
        j.n.clone_from(&self.n);
        j.e.clone_from(&self.e);
        j.x.clone_from(&self.x);
        j.y.clone_from(&self.y);
        j.key_ops = self.key_ops.as_ref().map(|ops| {
            let mut public: Vec<String> = Vec::new();
            for op in ops {
                let p = match op.as_str() {
                    "sign" | "verify" => "verify",
                    "decrypt" | "encrypt" => "encrypt",
                    "unwrapKey" | "wrapKey" => "wrapKey",
                    _ => continue,
                };
                if !public.iter().any(|o| o == p) {
                    public.push(String::from(p));
                }
            }
            public
        });
        j.other = self
            .other
            .filtered(|n| matches!(n, "x5u" | "x5c" | "x5t" | "x5t#S256"));
        Ok(j)
    }

    /// The RFC 7638 thumbprint, base64url-encoded: the hash of the key's required
    /// members (`RSA`: `e`, `kty`, `n`; `EC`: `crv`, `kty`, `x`, `y`; `OKP` (RFC 8037):
    /// `crv`, `kty`, `x`; `oct`: `k`, `kty`) in lexicographic order, without whitespace.
    /// Works for any curve, including ones this crate cannot use.
    ///
    /// The thumbprint of an `oct` key is a hash of the secret (RFC 7638 §7): publish it
    /// only for high-entropy keys, such as generated ones.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] when a required member is missing or the `kty` has no
    /// defined thumbprint members.
    pub fn thumbprint(&self, hash: ThumbprintHash) -> Result<String> {
        fn text<'a>(m: Option<&'a String>, name: &str) -> Result<&'a str> {
            m.map(String::as_str).ok_or_else(|| missing(name))
        }
        fn bytes<'a>(m: Option<&'a Vec<u8>>, name: &str) -> Result<&'a [u8]> {
            m.map(Vec::as_slice).ok_or_else(|| missing(name))
        }
        // Struct fields are evaluated as written: the first missing member is reported.
        let members = match self.kty.as_str() {
            "RSA" => Members::Rsa {
                e: bytes(self.e.as_ref(), "e")?,
                n: bytes(self.n.as_ref(), "n")?,
            },
            "EC" => Members::Ec {
                crv: text(self.crv.as_ref(), "crv")?,
                x: bytes(self.x.as_ref(), "x")?,
                y: bytes(self.y.as_ref(), "y")?,
            },
            "OKP" => Members::Okp {
                crv: text(self.crv.as_ref(), "crv")?,
                x: bytes(self.x.as_ref(), "x")?,
            },
            "oct" => Members::Oct {
                k: bytes(self.k.as_deref(), "k")?,
            },
            _ => {
                return Err(Error::new(
                    ErrorKind::InvalidKey,
                    "RFC 7638 defines no thumbprint members for this `kty`",
                ));
            }
        };
        Ok(members.thumbprint(hash))
    }

    /// The JWK as JSON: the members this crate interprets, then every other member as it
    /// was received. For a private key the result holds secrets; it is zeroized on drop.
    #[must_use]
    pub fn to_json(&self) -> Zeroizing<String> {
        let mut m: Vec<(&str, Out<'_>)> = Vec::with_capacity(20 + self.other.len());
        m.push(("kty", Out::Text(&self.kty)));
        let texts = [("kid", &self.kid), ("alg", &self.alg), ("use", &self.use_)];
        for (name, v) in texts {
            if let Some(v) = v {
                m.push((name, Out::Text(v)));
            }
        }
        if let Some(ops) = &self.key_ops {
            m.push(("key_ops", Out::List(ops)));
        }
        if let Some(crv) = &self.crv {
            m.push(("crv", Out::Text(crv)));
        }
        let public = [
            ("n", &self.n),
            ("e", &self.e),
            ("x", &self.x),
            ("y", &self.y),
        ];
        for (name, v) in public {
            if let Some(v) = v {
                m.push((name, Out::B64(v)));
            }
        }
        let secrets = [
            ("k", &self.k),
            ("d", &self.d),
            ("p", &self.p),
            ("q", &self.q),
            ("dp", &self.dp),
            ("dq", &self.dq),
            ("qi", &self.qi),
        ];
        for (name, v) in secrets {
            if let Some(v) = v {
                m.push((name, Out::B64(v)));
            }
        }
        if let Some(oth) = &self.oth {
            m.push(("oth", Out::Raw(oth)));
        }
        for (name, raw) in self.other.iter() {
            m.push((name, Out::Raw(raw)));
        }
        write_object(&m)
    }
}

fn missing(name: &str) -> Error {
    Error::with_detail(ErrorKind::InvalidKey, alloc::format!("JWK has no `{name}`"))
}

impl fmt::Debug for Jwk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Jwk")
            .field("kty", &self.kty)
            .field("alg", &self.alg)
            .field("use", &self.use_)
            .field("key_ops", &self.key_ops)
            .field("kid", &self.kid)
            .field("crv", &self.crv)
            .field("private", &self.is_private())
            .field("other_members", &self.other.len())
            .finish_non_exhaustive()
    }
}

/// Writes the key's **public** form ([`Jwk::to_public`]): private members (`d`, `p`, `q`,
/// `dp`, `dq`, `qi`, `oth`) are never serialized, so a `Jwk` in an application's
/// `Serialize` type cannot leak a secret. An `oct` key (a shared secret, no public form)
/// fails to serialize.
///
/// ```
/// use strict_jwt::{Algorithm, SigningKey};
/// let private = SigningKey::generate(Algorithm::ES256)?.to_private_jwk()?;
/// let json = serde_json::to_string(&private).unwrap();
/// assert!(json.contains("\"x\"") && !json.contains("\"d\""));
/// # Ok::<(), strict_jwt::Error>(())
/// ```
impl serde::Serialize for Jwk {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        let public = self.to_public().map_err(S::Error::custom)?;
        // Public material only: the text is a plain (non-zeroized) string by design.
        let value: serde_json::Value =
            serde_json::from_str(&public.to_json()).map_err(S::Error::custom)?;
        value.serialize(s)
    }
}
