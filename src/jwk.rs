//! JSON Web Keys (RFC 7517, RFC 7518 §6, RFC 8037) and JWK sets.
//!
//! A JWK becomes a key only for one explicit algorithm, and only if everything it says
//! about itself agrees with that algorithm: `kty`, `crv`, `alg`, `use` and `key_ops`.
//!
//! | `kty` | `crv` | algorithms | members |
//! |---|---|---|---|
//! | `oct` | | HS256/384/512 | `k` |
//! | `RSA` | | RS256/384/512, PS256/384/512 | `n`, `e`; private: `d`, `p`, `q`, `dp`, `dq`, `qi` |
//! | `EC` | `P-256`, `P-384` | ES256, ES384 | `x`, `y`; private: `d` |
//! | `OKP` | `Ed25519` | EdDSA, Ed25519 | `x`; private: `d` |
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
use crate::key::{Material, PrivateParts, SigningKey, VerifyingKey};
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use base64ct::Encoding as _;
use core::fmt;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// What a key will be used for, checked against `use` and `key_ops`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Sign,
    Verify,
}

type Secret = Zeroizing<Vec<u8>>;

/// One parsed JWK. Secret members are zeroized on drop and never shown by `Debug`.
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
    /// Multi-prime RSA (`oth`) is refused, but remembered so it is never ignored.
    oth: bool,
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
    crv: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    n: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    e: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    x: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    y: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    k: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    d: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    p: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    q: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    dp: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    dq: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    qi: Option<Cow<'a, str>>,
    #[serde(default)]
    oth: Option<serde::de::IgnoredAny>,
}

/// Decodes a public member with the crate's strict base64url decoder.
fn public(c: Option<Cow<'_, str>>) -> Result<Option<Vec<u8>>> {
    c.map(|c| base64url::decode(c.as_bytes())).transpose()
}

/// Decodes a secret member with `base64ct` (constant-time, canonical), wiping the
/// encoded copy too if unescaping made one.
fn secret(c: Option<Cow<'_, str>>) -> Result<Option<Secret>> {
    c.map(|c| {
        let text = Zeroizing::new(c.into_owned());
        base64ct::Base64UrlUnpadded::decode_vec(&text)
            .map(Zeroizing::new)
            .map_err(|_| Error::malformed("JWK secret member is not canonical base64url"))
    })
    .transpose()
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
        Ok(Self {
            kty: raw.kty.into_owned(),
            alg: own(raw.alg),
            use_: own(raw.use_),
            key_ops: raw
                .key_ops
                .map(|ops| ops.into_iter().map(Cow::into_owned).collect()),
            kid: own(raw.kid),
            crv: own(raw.crv),
            n: public(raw.n)?,
            e: public(raw.e)?,
            x: public(raw.x)?,
            y: public(raw.y)?,
            k: secret(raw.k)?,
            d: secret(raw.d)?,
            p: secret(raw.p)?,
            q: secret(raw.q)?,
            dp: secret(raw.dp)?,
            dq: secret(raw.dq)?,
            qi: secret(raw.qi)?,
            oth: raw.oth.is_some(),
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
            || self.oth
    }

    /// A verifying key bound to `alg`, carrying this JWK's `kid`.
    ///
    /// # Errors
    /// - [`ErrorKind::KeyMismatch`] when `kty`, `crv`, `alg`, `use` or `key_ops`
    ///   contradict `alg` (an `RSA`, `EC` or `OKP` JWK never becomes an HMAC key);
    /// - [`ErrorKind::InvalidKey`] for missing members, or private members on an
    ///   asymmetric key;
    /// - [`ErrorKind::WeakKey`] for short secrets and RSA moduli;
    /// - [`ErrorKind::UnsupportedAlgorithm`] for `P-521` and `Ed448` keys.
    pub fn to_verifying_key(&self, alg: Algorithm) -> Result<VerifyingKey> {
        self.check(alg, Purpose::Verify)?;
        if alg.family() != Family::Hmac && self.has_private_asymmetric_members() {
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
    /// `ES512`, `Ed448` and `ES256K`; [`ErrorKind::KeyMismatch`] for any other `alg` that
    /// is not a JWS algorithm here; otherwise as [`Jwk::to_verifying_key`].
    pub fn to_verifying_key_for_own_alg(&self) -> Result<VerifyingKey> {
        let alg = self.own_alg()?;
        self.to_verifying_key(alg)
    }

    /// A signing key bound to `alg`, from a private JWK (checked against `use` /
    /// `key_ops` "sign"). RSA keys need all of `d`, `p`, `q`, `dp`, `dq`, `qi`.
    ///
    /// # Errors
    /// As [`Jwk::to_verifying_key`]; [`ErrorKind::InvalidKey`] when private members
    /// are missing.
    pub fn to_signing_key(&self, alg: Algorithm) -> Result<SigningKey> {
        self.check(alg, Purpose::Sign)?;
        match alg.family() {
            Family::Hmac => Ok(SigningKey::from(self.hmac_key(alg)?)),
            Family::Rsa => {
                if self.oth {
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
                SigningKey::from_rsa(RsaPrivateKey::from_components(alg, &c)?)
            }
            Family::Ecdsa => {
                let d = required_secret(self.d.as_ref(), "d")?;
                let (x, y) = (
                    required(self.x.as_deref(), "x")?,
                    required(self.y.as_deref(), "y")?,
                );
                SigningKey::from_ec(EcPrivateKey::from_components(alg, d, x, y)?)
            }
            Family::Ed25519 => {
                let d = required_secret(self.d.as_ref(), "d")?;
                let x = required(self.x.as_deref(), "x")?;
                SigningKey::from_ed(EdPrivateKey::from_seed_and_public(alg, d, x)?)
            }
        }
    }

    /// An HMAC key bound to `alg`, for signing (checked against `use`/`key_ops` "sign").
    ///
    /// # Errors
    /// As [`Jwk::to_verifying_key`].
    pub fn to_hmac_signing_key(&self, alg: Algorithm) -> Result<HmacKey> {
        self.check(alg, Purpose::Sign)?;
        self.hmac_key(alg)
    }

    /// The JWK as JSON. For a private key the result holds secrets; it is zeroized on
    /// drop.
    #[must_use]
    pub fn to_json(&self) -> Zeroizing<String> {
        #[derive(Serialize)]
        struct Out<'a> {
            kty: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            kid: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            alg: Option<&'a str>,
            #[serde(rename = "use", skip_serializing_if = "Option::is_none")]
            use_: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            key_ops: Option<&'a [String]>,
            #[serde(skip_serializing_if = "Option::is_none")]
            crv: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            n: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            e: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            x: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            y: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            k: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            d: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            p: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            q: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            dp: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            dq: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            qi: Option<&'a str>,
        }
        let enc = |v: &Option<Vec<u8>>| v.as_deref().map(base64url::encode);
        let enc_secret = |v: &Option<Secret>| {
            v.as_deref()
                .map(|v| Zeroizing::new(base64ct::Base64UrlUnpadded::encode_string(v)))
        };
        let secrets = [
            &self.k, &self.d, &self.p, &self.q, &self.dp, &self.dq, &self.qi,
        ]
        .map(enc_secret);
        let [k, d, p, q, dp, dq, qi] = secrets.each_ref().map(|s| s.as_ref().map(|s| s.as_str()));
        let out = Out {
            kty: &self.kty,
            kid: self.kid.as_deref(),
            alg: self.alg.as_deref(),
            use_: self.use_.as_deref(),
            key_ops: self.key_ops.as_deref(),
            crv: self.crv.as_deref(),
            n: enc(&self.n),
            e: enc(&self.e),
            x: enc(&self.x),
            y: enc(&self.y),
            k,
            d,
            p,
            q,
            dp,
            dq,
            qi,
        };
        // Serializing strings into a String cannot fail.
        Zeroizing::new(serde_json::to_string(&out).unwrap_or_default())
    }

    fn empty(kty: &str, alg: Algorithm, kid: Option<&str>) -> Self {
        Self {
            kty: String::from(kty),
            alg: Some(String::from(alg.name())),
            use_: None,
            key_ops: None,
            kid: kid.map(String::from),
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
            oth: false,
        }
    }

    /// The public JWK of a verifying key, with its `alg` and `kid`.
    fn from_public(m: &Material, kid: Option<&str>) -> Result<Self> {
        Ok(match m {
            Material::Hmac(_) => {
                return Err(Error::new(
                    ErrorKind::KeyMismatch,
                    "an HMAC key is a shared secret and has no public JWK",
                ));
            }
            Material::Rsa(k) => {
                let (n, e) = k.components();
                let mut j = Self::empty("RSA", k.algorithm(), kid);
                j.n = Some(n.into());
                j.e = Some(e.into());
                j
            }
            Material::Ec(k) => {
                let mut j = Self::empty("EC", k.algorithm(), kid);
                let coords = k.point().get(1..).unwrap_or_default();
                let (x, y) = coords.split_at(coords.len() / 2);
                j.crv = Some(String::from(curve_name(k.curve())));
                j.x = Some(x.into());
                j.y = Some(y.into());
                j
            }
            Material::Ed(k) => {
                let mut j = Self::empty("OKP", k.algorithm(), kid);
                j.crv = Some(String::from("Ed25519"));
                j.x = Some(k.bytes().as_slice().into());
                j
            }
        })
    }

    fn own_alg(&self) -> Result<Algorithm> {
        let name = self.alg.as_deref().ok_or(Error::new(
            ErrorKind::InvalidKey,
            "JWK has no `alg` to bind it to",
        ))?;
        Algorithm::from_name(name).map_err(|e| match name {
            // Signature algorithms that exist but are not in ring.
            "ES512" | "Ed448" | "ES256K" => e,
            // Anything else (e.g. an encryption algorithm) says the key is not for JWS.
            _ => Error::new(
                ErrorKind::KeyMismatch,
                "JWK `alg` is not a supported JWS algorithm",
            ),
        })
    }

    /// `kty`, `crv`, `alg`, `use` and `key_ops` against the algorithm and purpose.
    fn check(&self, alg: Algorithm, purpose: Purpose) -> Result<()> {
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
            Algorithm::EdDSA | Algorithm::Ed25519 => Some("Ed25519"),
            _ => None,
        };
        match (want_crv, self.crv.as_deref()) {
            (Some(want), Some(crv)) if want == crv => {}
            (Some(_), Some("P-521" | "Ed448")) => {
                return Err(Error::new(
                    ErrorKind::UnsupportedAlgorithm,
                    "P-521 and Ed448 keys are not supported by ring",
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
    }
}

fn required<'a>(m: Option<&'a [u8]>, name: &'static str) -> Result<&'a [u8]> {
    m.ok_or_else(|| {
        Error::with_detail(ErrorKind::InvalidKey, alloc::format!("JWK has no `{name}`"))
    })
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
        Jwk::from_public(self.material(), self.kid())
    }
}

impl SigningKey {
    /// The private key as a JWK (with `alg`; `kid` if given). HMAC keys give an `oct`
    /// JWK; EC and Ed25519 keys give `d` and the public members. The JWK holds secrets.
    ///
    /// # Errors
    /// [`ErrorKind::UnsupportedAlgorithm`] for RSA keys (`ring` does not export
    /// private RSA components).
    pub fn to_private_jwk(&self, kid: Option<&str>) -> Result<Jwk> {
        match self.private_parts() {
            PrivateParts::Hmac(k) => {
                let mut j = Jwk::empty("oct", k.algorithm(), kid);
                j.k = Some(Zeroizing::new(k.expose_secret().into()));
                Ok(j)
            }
            PrivateParts::Pkcs8(doc) => {
                let mut j = Jwk::from_public(self.public_material(), kid)?;
                let (_, d, _) = crate::der::pkcs8_private_parts(doc)?;
                j.d = Some(Zeroizing::new(d.into()));
                Ok(j)
            }
            PrivateParts::Opaque => Err(Error::new(
                ErrorKind::UnsupportedAlgorithm,
                "ring does not export private RSA keys",
            )),
        }
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
            .finish_non_exhaustive()
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
