//! The verifier and its typestate builder.

use crate::alg::{Algorithm, AlgorithmSet};
use crate::claims::{self, MAX_REQUIRED_CLAIMS, NumericDate, Policy, RegisteredClaims};
use crate::error::{Error, ErrorKind, Result};
use crate::header::{Header, normalize_typ, typ_matches};
use crate::jwk::JwkSet;
use crate::key::VerifyingKey;
use crate::payload_claims::PayloadClaims;
use crate::token::{
    DEFAULT_MAX_TOKEN_LEN, Registered, SignatureBuf, UntrustedToken, Verified, VerifiedJws,
    check_token_len,
};
use alloc::string::String;
use alloc::vec::Vec;
use core::marker::PhantomData;
use core::time::Duration;
use serde::de::{Deserialize, DeserializeOwned};

/// Without a `kid`, at most this many keys bound to the token's `alg` are tried.
pub const MAX_KEYS_TRIED_WITHOUT_KID: usize = 4;

/// Checks tokens against an explicit algorithm allowlist, a fixed set of keys, and a
/// claims policy. Build one with [`Verifier::builder`]; share it (it is `Send + Sync`).
///
/// A token is processed in the order of the security model, and the first failure is
/// the one reported: byte gate, header policy, key selection, signature, claims.
#[derive(Clone, Debug)]
pub struct Verifier {
    algorithms: AlgorithmSet,
    keys: Vec<VerifyingKey>,
    policy: Policy,
    typ: Option<String>,
    max_len: usize,
}

/// Builder states: whether an algorithm was allowed yet.
pub mod state {
    /// No algorithm allowed yet: `build` is not available.
    #[derive(Clone, Copy, Debug)]
    pub struct NoAlgorithms;
    /// At least one algorithm allowed.
    #[derive(Clone, Copy, Debug)]
    pub struct WithAlgorithms;
}

/// Configures a [`Verifier`]. `build` exists only after at least one
/// [`allow`](VerifierBuilder::allow) call, so a verifier without an explicit algorithm
/// allowlist does not compile:
///
/// ```compile_fail
/// use strict_jwt::{Algorithm, HmacKey, Verifier};
/// let key = HmacKey::generate(Algorithm::HS256).unwrap();
/// // error[E0599]: no method named `build` found for `VerifierBuilder<NoAlgorithms>`
/// let verifier = Verifier::builder().key(key).build();
/// ```
///
/// With the algorithm it builds:
///
/// ```
/// use strict_jwt::{Algorithm, HmacKey, Verifier};
/// let key = HmacKey::generate(Algorithm::HS256)?;
/// let verifier = Verifier::builder().allow(Algorithm::HS256).key(key).build()?;
/// # Ok::<(), strict_jwt::Error>(())
/// ```
///
/// A builder is `Clone`, so one claims policy can serve several verifiers, e.g. an
/// issuer's own and the one a [`JwksCache`](crate::JwksCache) builds for every set:
///
/// ```
/// use strict_jwt::{Algorithm, CachePolicy, JwksCache, Verifier};
/// let policy = Verifier::builder().issuer("https://issuer.example").audience("api");
/// let cache = JwksCache::new(CachePolicy::default(), move |set| {
///     policy.clone().allow(Algorithm::ES256).key_set(set).build()
/// });
/// # let _ = cache;
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct VerifierBuilder<S> {
    algorithms: AlgorithmSet,
    keys: Vec<Candidate>,
    /// Origin numbers handed out so far (one per key, one per JWK of a key set).
    origins: u32,
    /// Whether any key came from a [`JwkSet`].
    from_set: bool,
    policy: Policy,
    typ: Option<String>,
    max_len: usize,
    _state: PhantomData<S>,
}

impl Verifier {
    /// Starts a builder with strict defaults: `exp` required, zero leeway, no audience
    /// accepted, [`DEFAULT_MAX_TOKEN_LEN`].
    pub fn builder() -> VerifierBuilder<state::NoAlgorithms> {
        VerifierBuilder {
            algorithms: AlgorithmSet::default(),
            keys: Vec::new(),
            origins: 0,
            from_set: false,
            policy: Policy::default(),
            typ: None,
            max_len: DEFAULT_MAX_TOKEN_LEN,
            _state: PhantomData,
        }
    }
}

impl<S> VerifierBuilder<S> {
    /// Adds `alg` to the allowlist. Tokens with any other `alg` are refused with
    /// [`ErrorKind::AlgorithmNotAllowed`] before any cryptography runs.
    pub fn allow(self, alg: Algorithm) -> VerifierBuilder<state::WithAlgorithms> {
        let mut algorithms = self.algorithms;
        algorithms.insert(alg);
        VerifierBuilder {
            algorithms,
            keys: self.keys,
            origins: self.origins,
            from_set: self.from_set,
            policy: self.policy,
            typ: self.typ,
            max_len: self.max_len,
            _state: PhantomData,
        }
    }

    /// Adds a key (it keeps any `kid` it carries).
    pub fn key(mut self, key: impl Into<VerifyingKey>) -> Self {
        self.keys.push(Candidate {
            key: key.into(),
            origin: self.origins,
            from_set: false,
        });
        self.origins += 1;
        self
    }

    /// Adds a key under a key id.
    pub fn key_with_kid(self, kid: impl Into<String>, key: impl Into<VerifyingKey>) -> Self {
        self.key(key.into().with_kid(kid))
    }

    /// Adds several keys, each as [`VerifierBuilder::key`] does.
    pub fn keys(self, keys: impl IntoIterator<Item = VerifyingKey>) -> Self {
        keys.into_iter().fold(self, Self::key)
    }

    /// Adds the usable keys of a JWK set (its [`skipped`](JwkSet::skipped) keys are not
    /// used). A token is matched by exact `kid`; each key is bound to the algorithm its
    /// JWK's `alg` names or, without `alg`, to the allowed algorithms its key type
    /// serves (never to an algorithm the token header names alone). Bindings to
    /// algorithms outside the allowlist are dropped at [`build`](VerifierBuilder::build).
    ///
    /// With a key set, an allowed algorithm may have no key at the moment (an issuer
    /// rotating from RS256 to ES256 publishes one, then the other); tokens for it fail
    /// with [`ErrorKind::UnknownKey`]. A verifier with a key set refuses to build if its
    /// keys mix HMAC secrets with public keys.
    pub fn key_set(mut self, set: &JwkSet) -> Self {
        // Sets hold at most MAX_JWK_SET_KEYS keys, so the indexes fit.
        let origin = |index: usize| u32::try_from(index).unwrap_or(u32::MAX);
        let base = self.origins;
        for (index, key) in set.bindings() {
            self.keys.push(Candidate {
                key: key.clone(),
                origin: base.saturating_add(origin(*index)),
                from_set: true,
            });
        }
        self.origins = base.saturating_add(origin(set.keys().len()));
        self.from_set = true;
        self
    }

    /// Clock skew tolerated on `exp`, `nbf` and `iat` (default zero).
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.policy.leeway = leeway;
        self
    }

    /// **Relaxes** the default: accept tokens without `exp`, which then never expire.
    /// An `exp` that is present is still checked.
    pub fn allow_tokens_without_expiry(mut self) -> Self {
        self.policy.require_exp = false;
        self
    }

    /// Refuse tokens whose `iat` lies in the future (beyond the leeway).
    pub fn reject_issued_in_future(mut self) -> Self {
        self.policy.reject_future_iat = true;
        self
    }

    /// Refuse tokens issued longer than `max_age` ago; makes `iat` required.
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.policy.max_age = Some(max_age);
        self
    }

    /// Accept this issuer (several calls: any of them). Makes `iss` required.
    pub fn issuer(mut self, iss: impl Into<String>) -> Self {
        self.policy.issuers.push(iss.into());
        self
    }

    /// Accept tokens for this audience (several calls: any of them). Makes `aud`
    /// required. Without any, a token carrying `aud` is refused.
    pub fn audience(mut self, aud: impl Into<String>) -> Self {
        self.policy.audiences.push(aud.into());
        self
    }

    /// Require this exact `sub`.
    pub fn subject(mut self, sub: impl Into<String>) -> Self {
        self.policy.subject = Some(sub.into());
        self
    }

    /// Require a top-level claim of this name to be present (any JSON type).
    pub fn require_claim(mut self, name: impl Into<String>) -> Self {
        self.policy.required.push(name.into());
        self
    }

    /// Require the header `typ`, compared as RFC 7515 §4.1.9 says: ASCII
    /// case-insensitively, with an optional `application/` prefix (e.g. `at+jwt`).
    pub fn require_type(mut self, typ: &str) -> Self {
        self.typ = Some(normalize_typ(typ));
        self
    }

    /// Longest token accepted, in bytes (default [`DEFAULT_MAX_TOKEN_LEN`]).
    pub fn max_token_len(mut self, max: usize) -> Self {
        self.max_len = max;
        self
    }
}

impl VerifierBuilder<state::WithAlgorithms> {
    /// Checks the configuration and builds the verifier.
    ///
    /// # Errors
    /// [`ErrorKind::Configuration`] when there is no key, a key given with
    /// [`key`](VerifierBuilder::key) is bound to an algorithm outside the allowlist, an
    /// allowed algorithm has no key (unless a key set was given), two keys share a
    /// `kid`, a key set verifier mixes HMAC and asymmetric keys, or more than 64 claims
    /// are required.
    pub fn build(self) -> Result<Verifier> {
        let config = |detail| Err(Error::new(ErrorKind::Configuration, detail));
        if self
            .keys
            .iter()
            .any(|c| !c.from_set && !self.algorithms.contains(c.key.algorithm()))
        {
            return config("a key is bound to an algorithm outside the allowlist");
        }
        let algorithms = self.algorithms;
        let keys: Vec<Candidate> = self
            .keys
            .into_iter()
            .filter(|c| algorithms.contains(c.key.algorithm()))
            .collect();
        if keys.is_empty() {
            return config("a verifier needs at least one key");
        }
        if !self.from_set
            && algorithms
                .iter()
                .any(|a| !keys.iter().any(|c| c.key.algorithm() == a))
        {
            return config("an allowed algorithm has no key");
        }
        if self.from_set {
            let symmetric = |c: &Candidate| c.key.algorithm().is_symmetric();
            if keys.iter().any(symmetric) && !keys.iter().all(symmetric) {
                return config("a key set verifier mixes HMAC secrets and public keys");
            }
        }
        for (i, c) in keys.iter().enumerate() {
            // One kid names one key: several bindings of the same JWK (to different
            // algorithms) are fine, anything else is ambiguous.
            let clash = |o: &Candidate| {
                o.key.kid() == c.key.kid()
                    && (o.origin != c.origin || o.key.algorithm() == c.key.algorithm())
            };
            if c.key.kid().is_some() && keys[..i].iter().any(clash) {
                return config("two keys share a kid");
            }
        }
        if self.policy.required.len() > MAX_REQUIRED_CLAIMS {
            return config("more than 64 required claims");
        }
        Ok(Verifier {
            algorithms,
            keys: keys.into_iter().map(|c| c.key).collect(),
            policy: self.policy,
            typ: self.typ,
            max_len: self.max_len,
        })
    }
}

/// A key offered to the builder, and where it came from.
#[derive(Clone, Debug)]
struct Candidate {
    key: VerifyingKey,
    /// Bindings of one JWK share an origin; every other key has its own.
    origin: u32,
    /// Keys from a set are dropped, not refused, when the allowlist does not name
    /// their algorithm.
    from_set: bool,
}

impl Verifier {
    /// Verifies `token` now and deserializes the claims into an owned `C`.
    ///
    /// # Errors
    /// The first failing rule's [`ErrorKind`].
    #[cfg(feature = "std")]
    #[cfg_attr(docsrs, doc(cfg(feature = "std")))]
    pub fn verify<C: DeserializeOwned>(&self, token: &str) -> Result<Verified<'static, C>> {
        self.verify_at(token, NumericDate::now())
    }

    /// As [`Verifier::verify`], as of `now` (an injectable clock).
    ///
    /// # Errors
    /// As [`Verifier::verify`].
    pub fn verify_at<C: DeserializeOwned>(
        &self,
        token: &str,
        now: NumericDate,
    ) -> Result<Verified<'static, C>> {
        let mut payload = Vec::new();
        let header = self.check_jws(token, &mut payload)?;
        self.check_claims_owned(header, payload, now)
    }

    /// Verifies `token` now, decoding the payload into `buf` (reused across calls) so
    /// that `C` can borrow strings from it without copying: the fastest entry point,
    /// and the one a server verifying every request wants.
    ///
    /// Borrowing works for strings without JSON escapes; use `Cow<'a, str>` with
    /// `#[serde(borrow)]` to accept both.
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use std::time::Duration;
    /// use strict_jwt::{Algorithm, Claims, HmacKey, Signer, Verifier};
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Session<'a> {
    ///     #[serde(borrow)]
    ///     role: Cow<'a, str>,
    /// }
    ///
    /// let key = HmacKey::generate(Algorithm::HS256)?;
    /// let token = Signer::new(key.clone()).sign(
    ///     &Claims::new(serde_json::json!({"role": "admin"}))
    ///         .subject("alice")
    ///         .expires_in(Duration::from_secs(60)),
    /// )?;
    /// let verifier = Verifier::builder().allow(Algorithm::HS256).key(key).build()?;
    ///
    /// let mut buf = Vec::new(); // keep it across requests: no allocation once warm
    /// let verified = verifier.verify_borrowed::<Session<'_>>(&token, &mut buf)?;
    /// assert!(matches!(verified.claims().role, Cow::Borrowed("admin")));
    /// assert_eq!(verified.registered().subject()?, "alice");
    /// # Ok::<(), strict_jwt::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Verifier::verify`].
    #[cfg(feature = "std")]
    #[cfg_attr(docsrs, doc(cfg(feature = "std")))]
    pub fn verify_borrowed<'b, C: Deserialize<'b>>(
        &self,
        token: &str,
        buf: &'b mut Vec<u8>,
    ) -> Result<Verified<'b, C>> {
        self.verify_borrowed_at(token, NumericDate::now(), buf)
    }

    /// As [`Verifier::verify_borrowed`], as of `now`.
    ///
    /// # Errors
    /// As [`Verifier::verify`].
    pub fn verify_borrowed_at<'b, C: Deserialize<'b>>(
        &self,
        token: &str,
        now: NumericDate,
        buf: &'b mut Vec<u8>,
    ) -> Result<Verified<'b, C>> {
        let header = self.check_jws(token, buf)?;
        let text = core::str::from_utf8(buf).map_err(|_| CLAIMS_NOT_UTF8)?;
        let (registered, claims) = self.check_claims(text, now)?;
        Ok(Verified {
            header,
            registered: Registered::Parsed(registered),
            claims,
        })
    }

    /// Checks the byte gate, header policy and signature of a JWS, and returns its
    /// payload **without parsing or validating any claim** (no `exp`, no `aud`...).
    /// For JWS payloads that are not JWT claims; never use it for JWTs.
    ///
    /// # Errors
    /// Any error up to and including [`ErrorKind::InvalidSignature`].
    pub fn verify_signature_only(&self, token: &str) -> Result<VerifiedJws> {
        let mut payload = Vec::new();
        let header = self.check_jws(token, &mut payload)?;
        Ok(VerifiedJws { header, payload })
    }

    /// As [`Verifier::verify_at`] for a token already parsed (e.g. to read its `kid`):
    /// its header and signature are not decoded again.
    ///
    /// # Errors
    /// As [`Verifier::verify`]; [`ErrorKind::TooLarge`] if the token was parsed with a
    /// larger cap than this verifier's.
    pub fn verify_parsed_at<C: DeserializeOwned>(
        &self,
        token: &UntrustedToken<'_>,
        now: NumericDate,
    ) -> Result<Verified<'static, C>> {
        // The byte gate ran when the token was parsed, perhaps with another cap.
        check_token_len(token.as_str(), self.max_len)?;
        token.with_signature(|sig| self.check_gated(token, sig))?;
        let payload = crate::base64url::decode(token.payload_b64())?;
        self.check_claims_owned(token.header().clone(), payload, now)
    }

    /// **The verification core**, every check before any claim is parsed, in the order
    /// of the security model: the byte gate (decoding the payload into `payload`, the
    /// signature on the stack), then [`Verifier::check_gated`]. Every entry point but
    /// [`Verifier::verify_parsed_at`] (whose token went through the gate when it was
    /// parsed) starts here.
    fn check_jws(&self, token: &str, payload: &mut Vec<u8>) -> Result<Header> {
        let mut sig = SignatureBuf::new();
        let token = UntrustedToken::gate(token, self.max_len, Some(payload), Some(&mut sig))?;
        self.check_gated(&token, sig.as_slice())?;
        Ok(token.into_header())
    }

    /// The core's steps after the byte gate, shared by every entry point: header
    /// policy, then key selection and signature.
    fn check_gated(&self, token: &UntrustedToken<'_>, signature: &[u8]) -> Result<()> {
        self.check_header(token.header())?;
        self.select_key_and_verify(token, signature)
    }

    /// Claims, only after the signature verified: parse the payload (one pass, the
    /// registered claims collected and type-checked on the way), apply the policy.
    fn check_claims<'t, C: Deserialize<'t>>(
        &self,
        payload: &'t str,
        now: NumericDate,
    ) -> Result<(RegisteredClaims<'t>, C)> {
        let (registered, claims) = claims::parse::<C>(payload, &self.policy.required)?;
        self.policy.check(&registered, now)?;
        Ok((registered, claims))
    }

    /// As [`Verifier::check_claims`], keeping the payload: the registered claims are
    /// located in it rather than copied out.
    fn check_claims_owned<C: DeserializeOwned>(
        &self,
        header: Header,
        payload: Vec<u8>,
        now: NumericDate,
    ) -> Result<Verified<'static, C>> {
        let text = String::from_utf8(payload).map_err(|_| CLAIMS_NOT_UTF8)?;
        let (registered, claims) = self.check_claims::<C>(&text, now)?;
        let located = PayloadClaims::locate(registered, &text);
        Ok(Verified {
            header,
            registered: Registered::InPayload(PayloadClaims::new(text, located)),
            claims,
        })
    }

    /// Header policy: allowlist, `typ`, nested tokens. (Malformed headers, unknown
    /// algorithms and `crit` were refused while parsing.)
    fn check_header(&self, h: &Header) -> Result<()> {
        if !self.algorithms.contains(h.algorithm()) {
            return Err(Error::new(
                ErrorKind::AlgorithmNotAllowed,
                h.algorithm().name(),
            ));
        }
        if let Some(expected) = &self.typ {
            match h.typ() {
                Some(t) if typ_matches(t, expected) => {}
                _ => return Err(Error::new(ErrorKind::WrongType, "typ")),
            }
        }
        if h.cty().is_some_and(|c| typ_matches(c, "jwt")) {
            return Err(Error::new(
                ErrorKind::WrongType,
                "nested JWTs (cty: JWT) are not supported",
            ));
        }
        Ok(())
    }

    /// Key selection and signature check: the rule, implemented here and nowhere else.
    ///
    /// - **With a `kid`**: the keys with exactly that `kid` (none: [`ErrorKind::UnknownKey`]);
    ///   of those, the one bound to the header's `alg` (a JWK set may bind one JWK to
    ///   several algorithms; none bound to it: [`ErrorKind::KeyMismatch`]); its verdict
    ///   is final, no other key is tried.
    /// - **Without a `kid`**: the first [`MAX_KEYS_TRIED_WITHOUT_KID`] keys bound to the
    ///   header's `alg`, in configuration order (none: [`ErrorKind::UnknownKey`]); keys
    ///   whose signature length differs are skipped; the token verifies if one of them
    ///   accepts the signature.
    ///
    /// A key is never chosen by the header's `alg` alone: it is used only for the
    /// algorithm it was bound to when it was built, and the `alg` already passed the
    /// allowlist. Every signature failure is the one opaque
    /// [`ErrorKind::InvalidSignature`].
    fn select_key_and_verify(&self, t: &UntrustedToken<'_>, sig: &[u8]) -> Result<()> {
        let alg = t.header().algorithm();
        let input = t.signing_input();
        if let Some(kid) = t.header().kid() {
            let mut named = self.keys.iter().filter(|k| k.kid() == Some(kid)).peekable();
            if named.peek().is_none() {
                return Err(Error::new(
                    ErrorKind::UnknownKey,
                    "no key has the token's kid",
                ));
            }
            return match named.find(|k| k.algorithm() == alg) {
                Some(key) => key.verify(input, sig),
                None => Err(Error::new(
                    ErrorKind::KeyMismatch,
                    "the kid's key is bound to another algorithm",
                )),
            };
        }
        let mut candidates = self
            .keys
            .iter()
            .filter(|k| k.algorithm() == alg)
            .take(MAX_KEYS_TRIED_WITHOUT_KID)
            .peekable();
        if candidates.peek().is_none() {
            return Err(Error::new(
                ErrorKind::UnknownKey,
                "no key for the token's alg",
            ));
        }
        if candidates.any(|k| k.signature_len() == sig.len() && k.verify(input, sig).is_ok()) {
            Ok(())
        } else {
            Err(Error::invalid_signature())
        }
    }
}

/// The payload of a verified token is not UTF-8 (so it is no JSON claims set).
const CLAIMS_NOT_UTF8: Error = Error::malformed("claims are not UTF-8");
