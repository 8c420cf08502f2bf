//! Between JWKs and keys: a [`Jwk`] becomes a [`VerifyingKey`], [`SigningKey`] or
//! [`HmacKey`] for one explicit algorithm, once its `kty`, `crv`, `alg`, `use` and
//! `key_ops` agree with it; keys export their public or private JWK and thumbprint.

use super::{Jwk, Secret, missing};
use crate::alg::ecdsa::{EcPrivateKey, EcPublicKey};
use crate::alg::eddsa::{EdPrivateKey, EdPublicKey};
use crate::alg::hmac::HmacKey;
use crate::alg::rsa::{RsaComponents, RsaPrivateKey, RsaPublicKey};
use crate::alg::{Algorithm, Family};
use crate::error::{Error, ErrorKind, Result};
use crate::header::MAX_KID_LEN;
use crate::key::{Material, PrivateParts, SigningKey, VerifyingKey};
use crate::thumbprint::{Members, ThumbprintHash};
use alloc::string::String;
use alloc::vec::Vec;
use zeroize::Zeroizing;

/// What a key will be used for, checked against `use` and `key_ops`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Sign,
    Verify,
}

impl Jwk {
    /// A verifying key bound to `alg`, carrying this JWK's `kid`.
    ///
    /// # Errors
    /// - [`ErrorKind::IncompatibleKey`] when `kty`, `crv`, `alg`, `use` or `key_ops`
    ///   contradict `alg` (an `RSA`, `EC` or `OKP` JWK never becomes an HMAC key);
    /// - [`ErrorKind::InvalidKey`] for missing members, or private members (`d`, RSA
    ///   CRT members, or a secret `k`) on an asymmetric key;
    /// - [`ErrorKind::WeakKey`] for short secrets and RSA moduli;
    /// - [`ErrorKind::UnsupportedKey`] for `Ed448` keys, and for `P-521` and
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
    /// [`ErrorKind::InvalidKey`] without `alg`; [`ErrorKind::UnsupportedKey`] for
    /// `Ed448`, and for `ES512` and `ES256K` without the `aws-lc-rs` backend;
    /// [`ErrorKind::IncompatibleKey`] for any other `alg` that is not a JWS algorithm here;
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
    /// [`ErrorKind::UnsupportedKey`] for other key types and curves, and for
    /// curves the active [`Backend`](crate::Backend) lacks;
    /// [`ErrorKind::IncompatibleKey`] for ECDH keys (X25519, X448);
    /// [`ErrorKind::InvalidKey`] for an `EC` or `OKP` key without `crv`.
    pub fn algorithms_for_key_type(&self) -> Result<&'static [Algorithm]> {
        use Algorithm::{ES256, ES256K, ES384, ES512, Ed25519, EdDSA, HS256, HS384, HS512};
        use Algorithm::{PS256, PS384, PS512, RS256, RS384, RS512};
        let unsupported = |d| Err(Error::new(ErrorKind::UnsupportedKey, d));
        let backend = crate::Backend::ACTIVE;
        match (self.kty.as_str(), self.crv.as_deref()) {
            ("oct", _) => Ok(&[HS256, HS384, HS512]),
            ("RSA", _) => Ok(&[RS256, RS384, RS512, PS256, PS384, PS512]),
            ("EC", Some("P-256")) => Ok(&[ES256]),
            ("EC", Some("P-384")) => Ok(&[ES384]),
            ("EC", Some("P-521")) if backend.supports(ES512) => Ok(&[ES512]),
            ("EC", Some("secp256k1")) if backend.supports(ES256K) => Ok(&[ES256K]),
            ("OKP", Some("Ed25519")) => Ok(&[EdDSA, Ed25519]),
            ("EC" | "OKP", None) => Err(NO_CRV),
            ("OKP", Some("X25519" | "X448")) => Err(Error::new(
                ErrorKind::IncompatibleKey,
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

    fn with_alg(kty: &str, alg: Algorithm, kid: Option<&str>) -> Self {
        let mut j = Self::blank(kty);
        j.alg = Some(String::from(alg.name()));
        j.kid = kid.map(String::from);
        j
    }

    /// The JWK of a key's public material (for HMAC, the `oct` secret), with its `alg`
    /// and `kid`.
    pub(crate) fn from_members(m: Members<'_>, alg: Algorithm, kid: Option<&str>) -> Self {
        let mut j = Self::with_alg(m.kty(), alg, kid);
        match m {
            Members::Oct { k } => j.k = Some(Zeroizing::new(k.into())),
            Members::Rsa { n, e } => {
                j.n = Some(n.into());
                j.e = Some(e.into());
            }
            Members::Ec { crv, x, y } => {
                j.crv = Some(String::from(crv));
                j.x = Some(x.into());
                j.y = Some(y.into());
            }
            Members::Okp { crv, x } => {
                j.crv = Some(String::from(crv));
                j.x = Some(x.into());
            }
        }
        j
    }

    fn own_alg(&self) -> Result<Algorithm> {
        let name = self.alg.as_deref().ok_or(Error::new(
            ErrorKind::InvalidKey,
            "JWK has no `alg` to bind it to",
        ))?;
        Algorithm::from_name(name).map_err(|_| match name {
            // A signature algorithm that exists but that no backend implements.
            "Ed448" => crate::der::ED448_UNSUPPORTED,
            // Anything else (e.g. an encryption algorithm) says the key is not for JWS.
            _ => Error::new(
                ErrorKind::IncompatibleKey,
                "JWK `alg` is not a supported JWS algorithm",
            ),
        })
    }

    /// `kty`, `crv`, `alg`, `use` and `key_ops` against the algorithm and purpose.
    fn check(&self, alg: Algorithm, purpose: Purpose) -> Result<()> {
        // An algorithm the backend lacks is refused first, whatever else the JWK says.
        crate::alg::require(alg)?;
        let mismatch = |d| Err(Error::new(ErrorKind::IncompatibleKey, d));
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
                return Err(crate::der::ED448_UNSUPPORTED);
            }
            // A key on a curve the backend lacks is unsupported whatever it is bound to.
            (Some(_), Some("P-521")) if !crate::Backend::ACTIVE.supports(Algorithm::ES512) => {
                return Err(Error::new(
                    ErrorKind::UnsupportedKey,
                    "P-521 keys need the aws-lc-rs feature",
                ));
            }
            (Some(_), Some("secp256k1")) if !crate::Backend::ACTIVE.supports(Algorithm::ES256K) => {
                return Err(Error::new(
                    ErrorKind::UnsupportedKey,
                    "secp256k1 keys need the aws-lc-rs feature",
                ));
            }
            (Some(_), None) => {
                return Err(NO_CRV);
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
    /// [`ErrorKind::IncompatibleKey`] for an HMAC key (a shared secret has no public form).
    pub fn to_public_jwk(&self) -> Result<Jwk> {
        if let Material::Hmac(_) = self.material() {
            return Err(Error::new(
                ErrorKind::IncompatibleKey,
                "an HMAC key is a shared secret and has no public JWK",
            ));
        }
        Ok(Jwk::from_members(
            self.material().members(),
            self.algorithm(),
            self.kid(),
        ))
    }

    /// The key's RFC 7638 thumbprint, base64url-encoded (for an HMAC key, of its `oct`
    /// JWK: see [`Jwk::thumbprint`]).
    ///
    /// # Errors
    /// Never: every key this crate builds has the members a thumbprint needs (the
    /// `Result` is [`Jwk::thumbprint`]'s, whose JWK may lack them).
    pub fn thumbprint(&self, hash: ThumbprintHash) -> Result<String> {
        Ok(self.material().members().thumbprint(hash))
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
                let mut j = Jwk::from_members(
                    self.public_material().members(),
                    self.algorithm(),
                    self.kid(),
                );
                let (_, d, _) = crate::der::pkcs8_private_parts(doc)?;
                j.d = Some(Zeroizing::new(d.into()));
                Ok(j)
            }
            PrivateParts::RsaPkcs8(doc) => {
                let mut j = Jwk::from_members(
                    self.public_material().members(),
                    self.algorithm(),
                    self.kid(),
                );
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
    /// [`ErrorKind::IncompatibleKey`] for an HMAC key.
    pub fn to_public_jwk(&self) -> Result<Jwk> {
        self.verifying_key().to_public_jwk()
    }

    /// The RFC 7638 thumbprint of the public key (for HMAC, of the `oct` JWK),
    /// base64url-encoded. [`SigningKey::generate`] uses the SHA-256 one as the `kid`.
    ///
    /// # Errors
    /// As [`VerifyingKey::thumbprint`].
    pub fn thumbprint(&self, hash: ThumbprintHash) -> Result<String> {
        Ok(self.public_material().members().thumbprint(hash))
    }
}

const NO_CRV: Error = Error::new(ErrorKind::InvalidKey, "JWK has no `crv`");
