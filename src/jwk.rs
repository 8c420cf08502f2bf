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

use crate::alg::ecdsa::{EcPrivateKey, EcPublicKey};
use crate::alg::eddsa::{EdPrivateKey, EdPublicKey};
use crate::alg::hmac::HmacKey;
use crate::alg::rsa::{RsaComponents, RsaPrivateKey, RsaPublicKey};
use crate::alg::{Algorithm, Family};
use crate::base64url;
use crate::der::Curve;
use crate::error::{Error, ErrorKind, Result};
use crate::header::MAX_KID_LEN;
use crate::json::{DeError, OtherMembers, Out, Parser, write_object};
use crate::key::{Material, PrivateParts, SigningKey, VerifyingKey};
use alloc::string::String;
use alloc::vec::Vec;
use base64ct::Encoding as _;
use core::fmt;
use sha2::Digest as _;
use zeroize::Zeroizing;

/// Largest accepted JWK document, in bytes (an 8192-bit RSA private key is about 7 KiB).
pub const MAX_JWK_LEN: usize = 64 * 1024;
/// Largest accepted JWK set document, in bytes.
pub const MAX_JWK_SET_LEN: usize = 512 * 1024;
/// Most keys accepted in one JWK set (providers publish a handful).
pub const MAX_JWK_SET_KEYS: usize = 256;

/// What a key will be used for, checked against `use` and `key_ops`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Sign,
    Verify,
}

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

/// The hash of an RFC 7638 JWK thumbprint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ThumbprintHash {
    /// SHA-256, the usual choice (and the one used for generated `kid`s).
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
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

/// A public base64url member, decoded with the crate's strict decoder.
fn public_member(p: &mut Parser<'_>, name: &str) -> PResult<Result<Vec<u8>>> {
    Ok(string_member(p, name)?.and_then(|s| base64url::decode(s.as_bytes())))
}

/// A secret base64url member, decoded with `base64ct` (constant-time, canonical); the
/// encoded text is wiped too.
fn secret_member(p: &mut Parser<'_>, name: &str) -> PResult<Result<Secret>> {
    Ok(string_member(p, name)?.and_then(|s| {
        let text = Zeroizing::new(s);
        base64ct::Base64UrlUnpadded::decode_vec(&text)
            .map(Zeroizing::new)
            .map_err(|_| Error::malformed("JWK secret member is not canonical base64url"))
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
    /// [`ErrorKind::TooLarge`] over the cap; [`ErrorKind::Malformed`] for invalid JSON or
    /// base64url; [`ErrorKind::InvalidKey`] for a missing `kty` or members of the wrong
    /// type.
    pub fn from_json(json: &str) -> Result<Self> {
        if json.len() > MAX_JWK_LEN {
            return Err(Error::new(ErrorKind::TooLarge, "JWK document too large"));
        }
        let mut p = Parser::new(json);
        let (jwk, error) = Self::parse(&mut p).map_err(DeError::into_error)?;
        p.end().map_err(DeError::into_error)?;
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

    /// A verifying key bound to `alg`, carrying this JWK's `kid`.
    ///
    /// # Errors
    /// - [`ErrorKind::KeyMismatch`] when `kty`, `crv`, `alg`, `use` or `key_ops`
    ///   contradict `alg` (an `RSA`, `EC` or `OKP` JWK never becomes an HMAC key);
    /// - [`ErrorKind::InvalidKey`] for missing members, or private members (`d`, RSA
    ///   CRT members, or a secret `k`) on an asymmetric key;
    /// - [`ErrorKind::WeakKey`] for short secrets and RSA moduli;
    /// - [`ErrorKind::UnsupportedAlgorithm`] for `Ed448` keys, and for `P-521` and
    ///   `secp256k1` keys without the `aws-lc-rs` backend.
    pub fn to_verifying_key(&self, alg: Algorithm) -> Result<VerifyingKey> {
        self.check(alg, Purpose::Verify)?;
        // `is_private`, not only the key type's own private members: an `OKP` or `EC`
        // JWK that also carries an `oct` secret `k` is refused too (found by fuzzing:
        // it imported while `is_private()` said it was private).
        if alg.family() != Family::Hmac && self.is_private() {
            return Err(Error::new(
                ErrorKind::InvalidKey,
                "a verification JWK must not carry private members; load it with to_signing_key",
            ));
        }
        let key = match alg.family() {
            Family::Hmac => VerifyingKey::from(self.hmac_key(alg)?),
            Family::Rsa => {
                let (n, e) = (
                    required(self.n.as_deref(), "n")?,
                    required(self.e.as_deref(), "e")?,
                );
                VerifyingKey::from_material(Material::Rsa(RsaPublicKey::new(alg, n, e)?))
            }
            Family::Ecdsa => {
                let (x, y) = (
                    required(self.x.as_deref(), "x")?,
                    required(self.y.as_deref(), "y")?,
                );
                VerifyingKey::from_material(Material::Ec(EcPublicKey::from_coordinates(alg, x, y)?))
            }
            Family::Ed25519 => {
                let x = required(self.x.as_deref(), "x")?;
                VerifyingKey::from_material(Material::Ed(EdPublicKey::new(alg, x)?))
            }
        };
        Ok(match &self.kid {
            Some(kid) => key.with_kid(kid.clone()),
            None => key,
        })
    }

    /// A verifying key bound to the algorithm the JWK's own `alg` names (required).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] without `alg`; [`ErrorKind::UnsupportedAlgorithm`] for
    /// `Ed448`, and for `ES512` and `ES256K` without the `aws-lc-rs` backend;
    /// [`ErrorKind::KeyMismatch`] for any other `alg` that is not a JWS algorithm here;
    /// otherwise as [`Jwk::to_verifying_key`].
    pub fn to_verifying_key_for_own_alg(&self) -> Result<VerifyingKey> {
        let alg = self.own_alg()?;
        self.to_verifying_key(alg)
    }

    /// Every verifying key this JWK gives a key set: bound to its own `alg`, or without
    /// one, to each algorithm its `kty` (and `crv`) can serve. Fails when none works,
    /// with the first reason.
    pub(crate) fn verification_keys(&self) -> Result<Vec<VerifyingKey>> {
        if self.kid.as_ref().is_some_and(|k| k.len() > MAX_KID_LEN) {
            return Err(Error::new(
                ErrorKind::InvalidKey,
                "JWK `kid` is longer than any token may carry",
            ));
        }
        let own;
        let algs: &[Algorithm] = if self.alg.is_some() {
            own = [self.own_alg()?];
            &own
        } else {
            self.algorithms_for_key_type()?
        };
        let mut keys = Vec::new();
        let mut first_error = None;
        for &alg in algs {
            match self.to_verifying_key(alg) {
                Ok(k) => keys.push(k),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        match first_error {
            Some(e) if keys.is_empty() => Err(e),
            _ => Ok(keys),
        }
    }

    /// The JWS algorithms a key of this `kty`/`crv` can serve, whatever its `alg` says:
    /// `oct`: HS256/384/512; `RSA`: RS256 ... PS512; `EC` P-256: ES256, P-384: ES384,
    /// P-521: ES512, secp256k1: ES256K; `OKP` Ed25519: EdDSA and Ed25519. (A key set
    /// binds a JWK without `alg` to those of them the verifier allows.)
    ///
    /// # Errors
    /// [`ErrorKind::UnsupportedAlgorithm`] for other key types and curves, and for
    /// curves the active [`Backend`](crate::Backend) lacks;
    /// [`ErrorKind::KeyMismatch`] for ECDH keys (X25519, X448);
    /// [`ErrorKind::InvalidKey`] for an `EC` or `OKP` key without `crv`.
    pub fn algorithms_for_key_type(&self) -> Result<&'static [Algorithm]> {
        use Algorithm::{ES256, ES256K, ES384, ES512, Ed25519, EdDSA, HS256, HS384, HS512};
        use Algorithm::{PS256, PS384, PS512, RS256, RS384, RS512};
        let unsupported = |d| Err(Error::new(ErrorKind::UnsupportedAlgorithm, d));
        let backend = crate::Backend::ACTIVE;
        match (self.kty.as_str(), self.crv.as_deref()) {
            ("oct", _) => Ok(&[HS256, HS384, HS512]),
            ("RSA", _) => Ok(&[RS256, RS384, RS512, PS256, PS384, PS512]),
            ("EC", Some("P-256")) => Ok(&[ES256]),
            ("EC", Some("P-384")) => Ok(&[ES384]),
            ("EC", Some("P-521")) if backend.supports(ES512) => Ok(&[ES512]),
            ("EC", Some("secp256k1")) if backend.supports(ES256K) => Ok(&[ES256K]),
            ("OKP", Some("Ed25519")) => Ok(&[EdDSA, Ed25519]),
            ("EC" | "OKP", None) => Err(Error::new(ErrorKind::InvalidKey, "JWK has no `crv`")),
            ("OKP", Some("X25519" | "X448")) => Err(Error::new(
                ErrorKind::KeyMismatch,
                "an ECDH key (X25519, X448) does not verify signatures",
            )),
            ("EC" | "OKP", Some(_)) => unsupported("JWK curve not supported"),
            _ => unsupported("JWK key type not supported"),
        }
    }

    /// A signing key bound to `alg`, from a private JWK (checked against `use` /
    /// `key_ops` "sign"), carrying this JWK's `kid`. RSA keys need all of `d`, `p`,
    /// `q`, `dp`, `dq`, `qi`.
    ///
    /// # Errors
    /// As [`Jwk::to_verifying_key`]; [`ErrorKind::InvalidKey`] when private members
    /// are missing.
    pub fn to_signing_key(&self, alg: Algorithm) -> Result<SigningKey> {
        self.check(alg, Purpose::Sign)?;
        let key = match alg.family() {
            Family::Hmac => SigningKey::from(self.hmac_key(alg)?),
            Family::Rsa => {
                if self.oth.is_some() {
                    return Err(Error::new(
                        ErrorKind::InvalidKey,
                        "multi-prime RSA keys (oth) are not supported",
                    ));
                }
                let c = RsaComponents {
                    n: required(self.n.as_deref(), "n")?,
                    e: required(self.e.as_deref(), "e")?,
                    d: required_secret(self.d.as_ref(), "d")?,
                    p: required_secret(self.p.as_ref(), "p")?,
                    q: required_secret(self.q.as_ref(), "q")?,
                    dp: required_secret(self.dp.as_ref(), "dp")?,
                    dq: required_secret(self.dq.as_ref(), "dq")?,
                    qi: required_secret(self.qi.as_ref(), "qi")?,
                };
                SigningKey::from_rsa(RsaPrivateKey::from_components(alg, &c)?)?
            }
            Family::Ecdsa => {
                let d = required_secret(self.d.as_ref(), "d")?;
                let (x, y) = (
                    required(self.x.as_deref(), "x")?,
                    required(self.y.as_deref(), "y")?,
                );
                SigningKey::from_ec(EcPrivateKey::from_components(alg, d, x, y)?)?
            }
            Family::Ed25519 => {
                let d = required_secret(self.d.as_ref(), "d")?;
                let x = required(self.x.as_deref(), "x")?;
                SigningKey::from_ed(EdPrivateKey::from_seed_and_public(alg, d, x)?)?
            }
        };
        Ok(match &self.kid {
            Some(kid) => key.with_kid(kid.clone()),
            None => key,
        })
    }

    /// An HMAC key bound to `alg`, for signing (checked against `use`/`key_ops` "sign").
    ///
    /// # Errors
    /// As [`Jwk::to_verifying_key`].
    pub fn to_hmac_signing_key(&self, alg: Algorithm) -> Result<HmacKey> {
        self.check(alg, Purpose::Sign)?;
        self.hmac_key(alg)
    }

    /// The public JWK of a private `RSA`, `EC` or `OKP` JWK: private members removed,
    /// `key_ops` mapped to their public counterparts (`sign` -> `verify`, `decrypt` ->
    /// `encrypt`, `unwrapKey` -> `wrapKey`; others dropped, leaving `[]` rather than no
    /// `key_ops` at all, which would allow every operation). Of the members this crate
    /// does not interpret, only `x5u`, `x5c`, `x5t` and `x5t#S256` are kept: any other
    /// could be private.
    ///
    /// # Errors
    /// [`ErrorKind::KeyMismatch`] for an `oct` key (a shared secret has no public form);
    /// [`ErrorKind::InvalidKey`] for a key type without a known public form.
    pub fn to_public(&self) -> Result<Self> {
        match self.kty.as_str() {
            "RSA" | "EC" | "OKP" => {}
            "oct" => {
                return Err(Error::new(
                    ErrorKind::KeyMismatch,
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
        fn text<'a>(m: Option<&'a String>, name: &str) -> Result<Out<'a>> {
            m.map(|s| Out::Text(s)).ok_or_else(|| missing(name))
        }
        fn bytes<'a>(m: Option<&'a Vec<u8>>, name: &str) -> Result<Out<'a>> {
            m.map(|b| Out::B64(b)).ok_or_else(|| missing(name))
        }
        let kty = Out::Text(&self.kty);
        let members: Vec<(&str, Out<'_>)> = match self.kty.as_str() {
            "RSA" => alloc::vec![
                ("e", bytes(self.e.as_ref(), "e")?),
                ("kty", kty),
                ("n", bytes(self.n.as_ref(), "n")?),
            ],
            "EC" => alloc::vec![
                ("crv", text(self.crv.as_ref(), "crv")?),
                ("kty", kty),
                ("x", bytes(self.x.as_ref(), "x")?),
                ("y", bytes(self.y.as_ref(), "y")?),
            ],
            "OKP" => alloc::vec![
                ("crv", text(self.crv.as_ref(), "crv")?),
                ("kty", kty),
                ("x", bytes(self.x.as_ref(), "x")?),
            ],
            "oct" => alloc::vec![("k", bytes(self.k.as_deref(), "k")?), ("kty", kty),],
            _ => {
                return Err(Error::new(
                    ErrorKind::InvalidKey,
                    "RFC 7638 defines no thumbprint members for this `kty`",
                ));
            }
        };
        let json = write_object(&members);
        let digest: Vec<u8> = match hash {
            ThumbprintHash::Sha256 => sha2::Sha256::digest(json.as_bytes()).to_vec(),
            ThumbprintHash::Sha384 => sha2::Sha384::digest(json.as_bytes()).to_vec(),
            ThumbprintHash::Sha512 => sha2::Sha512::digest(json.as_bytes()).to_vec(),
        };
        Ok(base64url::encode(&digest))
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

    fn with_alg(kty: &str, alg: Algorithm, kid: Option<&str>) -> Self {
        let mut j = Self::blank(kty);
        j.alg = Some(String::from(alg.name()));
        j.kid = kid.map(String::from);
        j
    }

    /// The JWK of a key's public material (for HMAC, the `oct` secret), with its `alg`
    /// and `kid`.
    pub(crate) fn from_material(m: &Material, kid: Option<&str>) -> Self {
        match m {
            Material::Hmac(k) => {
                let mut j = Self::with_alg("oct", k.algorithm(), kid);
                j.k = Some(Zeroizing::new(k.expose_secret().into()));
                j
            }
            Material::Rsa(k) => {
                let (n, e) = k.components();
                let mut j = Self::with_alg("RSA", k.algorithm(), kid);
                j.n = Some(n.into());
                j.e = Some(e.into());
                j
            }
            Material::Ec(k) => {
                let mut j = Self::with_alg("EC", k.algorithm(), kid);
                let coords = k.point().get(1..).unwrap_or_default();
                let (x, y) = coords.split_at(coords.len() / 2);
                j.crv = Some(String::from(curve_name(k.curve())));
                j.x = Some(x.into());
                j.y = Some(y.into());
                j
            }
            Material::Ed(k) => {
                let mut j = Self::with_alg("OKP", k.algorithm(), kid);
                j.crv = Some(String::from("Ed25519"));
                j.x = Some(k.bytes().as_slice().into());
                j
            }
        }
    }

    fn own_alg(&self) -> Result<Algorithm> {
        let name = self.alg.as_deref().ok_or(Error::new(
            ErrorKind::InvalidKey,
            "JWK has no `alg` to bind it to",
        ))?;
        Algorithm::from_name(name).map_err(|e| match name {
            // A signature algorithm that exists but that no backend implements.
            "Ed448" => e,
            // Anything else (e.g. an encryption algorithm) says the key is not for JWS.
            _ => Error::new(
                ErrorKind::KeyMismatch,
                "JWK `alg` is not a supported JWS algorithm",
            ),
        })
    }

    /// `kty`, `crv`, `alg`, `use` and `key_ops` against the algorithm and purpose.
    fn check(&self, alg: Algorithm, purpose: Purpose) -> Result<()> {
        // An algorithm the backend lacks is refused first, whatever else the JWK says.
        crate::alg::require(alg)?;
        let mismatch = |d| Err(Error::new(ErrorKind::KeyMismatch, d));
        let kty = match alg.family() {
            Family::Hmac => "oct",
            Family::Rsa => "RSA",
            Family::Ecdsa => "EC",
            Family::Ed25519 => "OKP",
        };
        if self.kty != kty {
            // In particular, no asymmetric key ever becomes HMAC material.
            return mismatch("JWK `kty` does not match the algorithm");
        }
        let want_crv = match alg {
            Algorithm::ES256 => Some("P-256"),
            Algorithm::ES384 => Some("P-384"),
            Algorithm::ES512 => Some("P-521"),
            Algorithm::ES256K => Some("secp256k1"),
            Algorithm::EdDSA | Algorithm::Ed25519 => Some("Ed25519"),
            _ => None,
        };
        match (want_crv, self.crv.as_deref()) {
            (Some(want), Some(crv)) if want == crv => {}
            (Some(_), Some("Ed448")) => {
                return Err(Error::new(
                    ErrorKind::UnsupportedAlgorithm,
                    "Ed448 keys are not supported",
                ));
            }
            // A key on a curve the backend lacks is unsupported whatever it is bound to.
            (Some(_), Some("P-521")) if !crate::Backend::ACTIVE.supports(Algorithm::ES512) => {
                return Err(Error::new(
                    ErrorKind::UnsupportedAlgorithm,
                    "P-521 keys need the aws-lc-rs feature",
                ));
            }
            (Some(_), Some("secp256k1")) if !crate::Backend::ACTIVE.supports(Algorithm::ES256K) => {
                return Err(Error::new(
                    ErrorKind::UnsupportedAlgorithm,
                    "secp256k1 keys need the aws-lc-rs feature",
                ));
            }
            (Some(_), None) => {
                return Err(Error::new(ErrorKind::InvalidKey, "JWK has no `crv`"));
            }
            (Some(_), Some(_)) => return mismatch("JWK `crv` does not match the algorithm"),
            (None, Some(_)) => return mismatch("JWK `crv` on a key type without curves"),
            (None, None) => {}
        }
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

    fn hmac_key(&self, alg: Algorithm) -> Result<HmacKey> {
        let k = self
            .k
            .as_ref()
            .ok_or(Error::new(ErrorKind::InvalidKey, "`oct` JWK has no `k`"))?;
        HmacKey::new(alg, k)
    }
}

fn curve_name(c: Curve) -> &'static str {
    match c {
        Curve::P256 => "P-256",
        Curve::P384 => "P-384",
        Curve::P521 => "P-521",
        Curve::Secp256k1 => "secp256k1",
    }
}

fn missing(name: &str) -> Error {
    Error::with_detail(ErrorKind::InvalidKey, alloc::format!("JWK has no `{name}`"))
}

fn required<'a>(m: Option<&'a [u8]>, name: &'static str) -> Result<&'a [u8]> {
    m.ok_or_else(|| missing(name))
}

fn required_secret<'a>(m: Option<&'a Secret>, name: &'static str) -> Result<&'a [u8]> {
    required(m.map(|s| s.as_slice()), name)
}

impl VerifyingKey {
    /// The public key as a JWK, with its `alg` and `kid`.
    ///
    /// # Errors
    /// [`ErrorKind::KeyMismatch`] for an HMAC key (a shared secret has no public form).
    pub fn to_public_jwk(&self) -> Result<Jwk> {
        if let Material::Hmac(_) = self.material() {
            return Err(Error::new(
                ErrorKind::KeyMismatch,
                "an HMAC key is a shared secret and has no public JWK",
            ));
        }
        Ok(Jwk::from_material(self.material(), self.kid()))
    }

    /// The key's RFC 7638 thumbprint, base64url-encoded (for an HMAC key, of its `oct`
    /// JWK: see [`Jwk::thumbprint`]).
    ///
    /// # Errors
    /// Never for keys this crate built; the `Result` is [`Jwk::thumbprint`]'s.
    pub fn thumbprint(&self, hash: ThumbprintHash) -> Result<String> {
        Jwk::from_material(self.material(), None).thumbprint(hash)
    }
}

impl SigningKey {
    /// The private key as a JWK, with `alg` and the key's `kid` (if any). HMAC keys give
    /// an `oct` JWK; EC and Ed25519 keys give `d` and the public members; RSA keys `d`,
    /// `p`, `q`, `dp`, `dq`, `qi` and `n`, `e`. The JWK holds secrets.
    ///
    /// # Errors
    /// Never for keys this crate built (the `Result` covers a malformed stored document).
    pub fn to_private_jwk(&self) -> Result<Jwk> {
        match self.private_parts() {
            PrivateParts::Hmac(k) => {
                let mut j = Jwk::with_alg("oct", k.algorithm(), self.kid());
                j.k = Some(Zeroizing::new(k.expose_secret().into()));
                Ok(j)
            }
            PrivateParts::Pkcs8(doc) => {
                let mut j = Jwk::from_material(self.public_material(), self.kid());
                let (_, d, _) = crate::der::pkcs8_private_parts(doc)?;
                j.d = Some(Zeroizing::new(d.into()));
                Ok(j)
            }
            PrivateParts::RsaPkcs8(doc) => {
                let mut j = Jwk::from_material(self.public_material(), self.kid());
                let [_, _, d, p, q, dp, dq, qi] = crate::der::pkcs8_rsa_private_parts(doc)?;
                let secret = |m: &[u8]| Some(Zeroizing::new(m.into()));
                (j.d, j.p, j.q) = (secret(d), secret(p), secret(q));
                (j.dp, j.dq, j.qi) = (secret(dp), secret(dq), secret(qi));
                Ok(j)
            }
        }
    }

    /// The public JWK of this key (any asymmetric key, RSA included), with `alg` and
    /// `kid`.
    ///
    /// # Errors
    /// [`ErrorKind::KeyMismatch`] for an HMAC key.
    pub fn to_public_jwk(&self) -> Result<Jwk> {
        self.verifying_key().to_public_jwk()
    }

    /// The RFC 7638 thumbprint of the public key (for HMAC, of the `oct` JWK),
    /// base64url-encoded. [`SigningKey::generate`] uses the SHA-256 one as the `kid`.
    ///
    /// # Errors
    /// As [`VerifyingKey::thumbprint`].
    pub fn thumbprint(&self, hash: ThumbprintHash) -> Result<String> {
        Jwk::from_material(self.public_material(), None).thumbprint(hash)
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
