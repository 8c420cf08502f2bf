//! Untrusted and verified tokens.
//!
//! Bytes are gated before anything else: length cap, exactly three segments, strict
//! base64url in each. The header is decoded and parsed once. Claims are never parsed
//! here: only [`Verifier`](crate::Verifier) produces a [`Verified`] token, after the
//! signature checked out.

use crate::base64url;
use crate::claims::RegisteredClaims;
use crate::error::{Error, ErrorKind, Result};
use crate::header::Header;
use crate::payload_claims::PayloadClaims;
use alloc::vec::Vec;

/// Default cap on the token length in bytes, checked before any decoding.
pub const DEFAULT_MAX_TOKEN_LEN: usize = 256 * 1024;

/// Longest signature of any algorithm: RSA with a 16384-bit modulus.
const MAX_SIGNATURE_LEN: usize = 2048;
/// Signatures up to this size (every algorithm with keys up to RSA-4096) are decoded on
/// the stack when they are checked.
const STACK_SIGNATURE_LEN: usize = 512;

/// The first rule of the byte gate, before any decoding: the length cap.
pub(crate) fn check_token_len(token: &str, max_len: usize) -> Result<()> {
    if token.len() > max_len {
        Err(Error::new(
            ErrorKind::TooLarge,
            "token exceeds the length limit",
        ))
    } else {
        Ok(())
    }
}

const NOT_THREE_SEGMENTS: Error = Error::malformed("a compact JWS has exactly three segments");

/// A decoded signature: on the stack up to [`STACK_SIGNATURE_LEN`] bytes (every
/// algorithm with keys up to RSA-4096), on the heap beyond.
pub(crate) struct SignatureBuf {
    stack: [u8; STACK_SIGNATURE_LEN],
    heap: Vec<u8>,
    len: usize,
}

impl SignatureBuf {
    pub(crate) const fn new() -> Self {
        Self {
            stack: [0; STACK_SIGNATURE_LEN],
            heap: Vec::new(),
            len: 0,
        }
    }

    fn decode(&mut self, encoded: &[u8]) -> Result<()> {
        let len = base64url::decoded_len(encoded.len())?;
        if len <= STACK_SIGNATURE_LEN {
            base64url::decode_into(encoded, &mut self.stack)?;
        } else {
            base64url::decode_to_vec(encoded, &mut self.heap)?;
        }
        self.len = len;
        Ok(())
    }

    pub(crate) fn as_slice(&self) -> &[u8] {
        if self.len <= STACK_SIGNATURE_LEN {
            self.stack.get(..self.len).unwrap_or_default()
        } else {
            &self.heap
        }
    }
}

/// A compact JWS that passed the byte gate and whose header parsed, but whose signature
/// has not been checked. Use it to read the header (e.g. to route by `kid`), then hand
/// the token to a [`Verifier`](crate::Verifier).
#[derive(Clone)]
pub struct UntrustedToken<'t> {
    token: &'t str,
    /// `BASE64URL(header) "." BASE64URL(payload)`: the exact received signing input.
    signing_input: &'t str,
    header: Header,
    /// The signature segment: validated canonical base64url, decoded only when checked.
    signature_b64: &'t str,
}

impl core::fmt::Debug for UntrustedToken<'_> {
    // The token itself may be a live credential: never print it.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("UntrustedToken")
            .field("header", &self.header)
            .field("len", &self.token.len())
            .finish_non_exhaustive()
    }
}

impl<'t> UntrustedToken<'t> {
    /// Parses with the [`DEFAULT_MAX_TOKEN_LEN`] cap. The payload's encoding is
    /// validated but the payload is not decoded or parsed.
    ///
    /// Use it to route a token by its (unverified) header, e.g. to the verifier of the
    /// tenant its `kid` names, then verify it without decoding it again:
    ///
    /// ```
    /// use strict_jwt::{Algorithm, HmacKey, NumericDate, Signer, UntrustedToken, Verifier};
    ///
    /// let key = HmacKey::generate(Algorithm::HS256)?;
    /// let token = Signer::new(key.clone())
    ///     .with_kid("tenant-a")
    ///     .sign(&serde_json::json!({"sub": "alice", "exp": 4102444800u64}))?;
    ///
    /// let untrusted = UntrustedToken::parse(&token)?;
    /// assert_eq!(untrusted.header().kid(), Some("tenant-a")); // not verified yet
    /// assert_eq!(untrusted.header().algorithm(), Algorithm::HS256);
    ///
    /// let verifier = Verifier::builder()
    ///     .allow(Algorithm::HS256)
    ///     .key_with_kid("tenant-a", key)
    ///     .build()?;
    /// let now = NumericDate::from_secs(1_700_000_000);
    /// let verified = verifier.verify_parsed_at::<serde_json::Value>(&untrusted, now)?;
    /// assert_eq!(verified.claims()["sub"], "alice");
    ///
    /// // Anything but a strict compact JWS is refused before any key is touched.
    /// let e = UntrustedToken::parse("eyJhbGciOiJub25lIn0.e30.").unwrap_err();
    /// assert_eq!(e.kind(), strict_jwt::ErrorKind::UnsupportedAlgorithm); // alg: none
    /// # Ok::<(), strict_jwt::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::TooLarge`], [`ErrorKind::Malformed`],
    /// [`ErrorKind::UnsupportedAlgorithm`], [`ErrorKind::CritUnsupported`].
    pub fn parse(token: &'t str) -> Result<Self> {
        Self::parse_with_max_len(token, DEFAULT_MAX_TOKEN_LEN)
    }

    /// Parses with a caller-chosen length cap.
    ///
    /// # Errors
    /// As [`UntrustedToken::parse`].
    pub fn parse_with_max_len(token: &'t str, max_len: usize) -> Result<Self> {
        Self::gate(token, max_len, None, None)
    }

    /// The byte gate and header parse. With `payload_out`, the payload is decoded into
    /// it (its one pass); without, it is only validated. Likewise the signature, into
    /// `signature_out`.
    pub(crate) fn gate(
        token: &'t str,
        max_len: usize,
        payload_out: Option<&mut Vec<u8>>,
        signature_out: Option<&mut SignatureBuf>,
    ) -> Result<Self> {
        check_token_len(token, max_len)?;
        let (header_b64, rest) = token.split_once('.').ok_or(NOT_THREE_SEGMENTS)?;
        // A third dot is outside the base64url alphabet: the signature check refuses it.
        let (payload, signature) = rest.split_once('.').ok_or(NOT_THREE_SEGMENTS)?;
        let d2 = header_b64.len() + 1 + payload.len();
        if header_b64.is_empty() {
            return Err(Error::malformed("empty header segment"));
        }
        // Headers are small; decode on the stack when they fit.
        let mut stack = [0u8; 512];
        let heap;
        let header_bytes = if base64url::decoded_len(header_b64.len())? <= stack.len() {
            base64url::decode_into(header_b64.as_bytes(), &mut stack)?
        } else {
            heap = base64url::decode(header_b64)?;
            &heap[..]
        };
        match payload_out {
            Some(out) => base64url::decode_to_vec(payload.as_bytes(), out)?,
            None => base64url::validate(payload.as_bytes())?,
        }
        if base64url::decoded_len(signature.len())? > MAX_SIGNATURE_LEN {
            return Err(Error::malformed("signature longer than any algorithm's"));
        }
        match signature_out {
            Some(out) => out.decode(signature.as_bytes())?,
            None => base64url::validate(signature.as_bytes())?,
        }
        let header = Header::parse(header_bytes)?;
        Ok(Self {
            token,
            signing_input: token.get(..d2).unwrap_or_default(),
            header,
            signature_b64: signature,
        })
    }

    /// The header. **Unverified**: anyone could have written it. Use it only to choose
    /// which verifier or key to try.
    #[must_use]
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The whole token as received.
    #[must_use]
    pub fn as_str(&self) -> &'t str {
        self.token
    }

    pub(crate) fn signing_input(&self) -> &'t [u8] {
        self.signing_input.as_bytes()
    }

    /// Runs `check` on the decoded signature (on the stack up to
    /// [`STACK_SIGNATURE_LEN`] bytes).
    pub(crate) fn with_signature<R>(&self, check: impl FnOnce(&[u8]) -> Result<R>) -> Result<R> {
        let mut sig = SignatureBuf::new();
        sig.decode(self.signature_b64.as_bytes())?;
        check(sig.as_slice())
    }

    /// The payload segment as received (validated base64url).
    pub(crate) fn payload_b64(&self) -> &'t str {
        self.signing_input
            .split_once('.')
            .map_or("", |(_, payload)| payload)
    }

    pub(crate) fn into_header(self) -> Header {
        self.header
    }
}

/// A token whose signature verified and whose claims passed the verifier's policy.
///
/// Only a [`Verifier`](crate::Verifier) creates one. `'a` is the lifetime of the decoded
/// payload that borrowed claims point into (`'static` for owned verification, which
/// keeps the payload itself and reads the registered claims from it: no claim is copied).
#[derive(Clone, Debug)]
pub struct Verified<'a, C> {
    pub(crate) header: Header,
    pub(crate) registered: Registered<'a>,
    pub(crate) claims: C,
}

/// Where a [`Verified`]'s registered claims live.
#[derive(Clone, Debug)]
pub(crate) enum Registered<'a> {
    /// Borrowed verification: as parsed, borrowing from the caller's buffer.
    Parsed(RegisteredClaims<'a>),
    /// Owned verification: in the payload the `Verified` keeps.
    InPayload(PayloadClaims),
}

impl<'a, C> Verified<'a, C> {
    /// The verified header.
    #[must_use]
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The registered claims (`iss`, `sub`, `aud`, `exp`, `nbf`, `iat`, `jti`), borrowing
    /// from the verified payload (no copy; an `aud` with several values allocates its
    /// list). Bind it once to read several claims:
    /// `let claims = verified.registered(); claims.subject()?; claims.audience()?`.
    #[must_use]
    pub fn registered(&self) -> RegisteredClaims<'_> {
        match &self.registered {
            Registered::Parsed(r) => r.reborrow(),
            Registered::InPayload(p) => p.view(),
        }
    }

    /// The application's claims.
    #[must_use]
    pub fn claims(&self) -> &C {
        &self.claims
    }

    /// The application's claims, by value.
    #[must_use]
    pub fn into_claims(self) -> C {
        self.claims
    }

    /// Header, registered claims and application claims (for owned verification, the
    /// registered claims are copied out of the payload here).
    #[must_use]
    pub fn into_parts(self) -> (Header, RegisteredClaims<'a>, C) {
        let registered = match self.registered {
            Registered::Parsed(r) => r,
            Registered::InPayload(p) => p.view().into_owned(),
        };
        (self.header, registered, self.claims)
    }
}

/// A JWS whose signature verified, with its payload as bytes. No claim was parsed or
/// validated: see [`Verifier::verify_signature_only`](crate::Verifier::verify_signature_only).
#[derive(Clone, Debug)]
pub struct VerifiedJws {
    pub(crate) header: Header,
    pub(crate) payload: Vec<u8>,
}

impl VerifiedJws {
    /// The verified header.
    #[must_use]
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The verified payload bytes.
    #[must_use]
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }
}

/// The parts of a token decoded **without any verification**, for debugging only.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct InsecureParts {
    /// Decoded header bytes (not parsed: even `alg: none` headers show).
    pub header: Vec<u8>,
    /// Decoded payload bytes.
    pub payload: Vec<u8>,
    /// Decoded signature bytes.
    pub signature: Vec<u8>,
}

/// Decodes the three segments of a compact token **without checking anything but the
/// encoding**: no signature, no algorithm, no claim. For debugging tools only; never
/// base a decision on the result.
///
/// # Errors
/// [`ErrorKind::TooLarge`] beyond [`DEFAULT_MAX_TOKEN_LEN`], [`ErrorKind::Malformed`]
/// unless the token has three strict base64url segments.
pub fn insecure_decode_without_verification(token: &str) -> Result<InsecureParts> {
    check_token_len(token, DEFAULT_MAX_TOKEN_LEN)?;
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(NOT_THREE_SEGMENTS);
    };
    Ok(InsecureParts {
        header: base64url::decode(h)?,
        payload: base64url::decode(p)?,
        signature: base64url::decode(s)?,
    })
}
