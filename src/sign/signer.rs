//! [`Signer`]: the protected header, encoded once, and the signing of claims into a
//! compact JWT.

use crate::base64url;
use crate::error::{Error, ErrorKind, Result};
use crate::header::{MAX_KID_LEN, typ_matches};
use crate::key::SigningKey;
use alloc::string::String;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicUsize, Ordering};
use serde::Serialize;

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
    /// The output of `serde_json` is signed as is, not re-parsed. A
    /// [`Claims`](crate::Claims) whose custom claims have a top-level member named like a
    /// registered claim it also sets (`sub` from `.subject()` and a custom `"sub"`) is
    /// refused. `serde`'s derived and standard
    /// implementations cannot repeat a member name otherwise, but a hand-written
    /// `Serialize` passed here directly can: strict verifiers (this crate's included) then
    /// refuse the token as malformed.
    ///
    /// # Errors
    /// [`ErrorKind::Configuration`] (the application's fault) if the claims do not
    /// serialize to one JSON object: not an object, a custom claim repeating a
    /// registered claim the [`Claims`](crate::Claims) sets, a map key that is not a
    /// string, the claims' own `Serialize` failing; if the `kid` is longer than
    /// [`MAX_KID_LEN`](crate::MAX_KID_LEN) or `cty` is `JWT`, which every verifier of
    /// this crate refuses;
    /// [`ErrorKind::Crypto`] if an RSA or ECDSA signature cannot be produced (the
    /// system random number generator failed).
    pub fn sign<T: Serialize + ?Sized>(&self, claims: &T) -> Result<String> {
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
        // serde_json's error is not read: its text is no interface, and a custom
        // `Serialize` may have put claim values in it.
        serialized.map_err(|_| UNSIGNABLE_CLAIMS)?;
        if out.get(start) != Some(&b'{') {
            return Err(UNSIGNABLE_CLAIMS);
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
        String::from_utf8(out).map_err(|_| UNSIGNABLE_CLAIMS)
    }
}

/// The claims given to sign do not serialize to one JSON object with unique members.
pub(super) const UNSIGNABLE_CLAIMS: Error = Error::new(
    ErrorKind::Configuration,
    "claims must serialize to a JSON object; a custom claim may not repeat a registered \
     claim the Claims sets, and map keys must be strings",
);
