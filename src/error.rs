//! The crate's one error type and its matchable kinds.

use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt;

/// What went wrong, as a value a caller can `match` on.
///
/// Kinds fall in three groups:
/// - the application configured something wrong ([`ErrorKind::Configuration`],
///   [`ErrorKind::WeakKey`], [`ErrorKind::InvalidKey`]);
/// - the token is not acceptable (every other kind), reported in the order of the
///   verification rules: bytes, header, key selection, signature, claims;
/// - the environment: [`ErrorKind::Crypto`] (the platform failed, e.g. no random
///   numbers) and [`ErrorKind::KeySetUnavailable`] (no usable JWK set: never fetched, or
///   older than the cache's `max_stale`).
///
/// Use [`ErrorKind::is_application_error`] to tell the first group from the second.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The token (or a key or JSON document) is not well formed: wrong number of
    /// segments, non-canonical or non-base64url bytes, invalid or duplicate-member JSON.
    Malformed,
    /// The token is longer than the verifier's size limit (checked before any decoding).
    TooLarge,
    /// The `alg` names no algorithm this crate implements (`none` included).
    UnsupportedAlgorithm,
    /// The `alg` is implemented but not in the verifier's explicit allowlist.
    AlgorithmNotAllowed,
    /// The key selected for the token is bound to a different algorithm, or a key's
    /// declared type, curve, algorithm or usage contradicts the algorithm asked for.
    KeyMismatch,
    /// No configured key matches the token's `kid` (or, without `kid`, its `alg`).
    UnknownKey,
    /// A key is too short for its algorithm (RFC 7518 3.2) or otherwise too weak.
    WeakKey,
    /// Key material could not be used (wrong encoding, private members where a public
    /// key was required, unsupported key type).
    InvalidKey,
    /// The signature does not verify. Deliberately says nothing more.
    InvalidSignature,
    /// The header has a `crit` member naming an extension this crate does not process.
    CritUnsupported,
    /// `now >= exp + leeway`.
    Expired,
    /// `now < nbf - leeway`.
    NotYetValid,
    /// `iat` is later than `now + leeway` (policy).
    IssuedInFuture,
    /// `iat` is older than the configured maximum age (policy).
    TooOld,
    /// `iss` is not one of the expected issuers.
    WrongIssuer,
    /// `aud` contains none of the expected audiences, or is present while none is expected.
    WrongAudience,
    /// `sub` is not the expected subject.
    WrongSubject,
    /// The header `typ` (or `cty`) is not the required one.
    WrongType,
    /// A claim required by the verifier's policy is absent.
    MissingClaim,
    /// A claim is present with the wrong JSON type or an out-of-range value, or the
    /// claims do not fit the application's claims type.
    InvalidClaim,
    /// The verifier or signer was configured inconsistently (e.g. an allowed algorithm
    /// without a key for it).
    Configuration,
    /// The cryptographic backend failed (e.g. the system random number generator).
    Crypto,
    /// A [`JwksCache`](crate::JwksCache) has no usable JWK set: none was fetched yet, or
    /// the last good one is older than its `max_stale`. A fault of the server's
    /// environment, not of the token: unlike [`ErrorKind::UnknownKey`] (the set is there
    /// and lacks the token's `kid`), an HTTP service answers it with a 5xx.
    KeySetUnavailable,
}

impl ErrorKind {
    /// `true` when the application, not the token, is at fault: configuration, weak or
    /// unusable keys, a platform failure, or no JWK set available.
    #[must_use]
    pub fn is_application_error(self) -> bool {
        matches!(
            self,
            Self::Configuration
                | Self::WeakKey
                | Self::InvalidKey
                | Self::Crypto
                | Self::KeySetUnavailable
        )
    }

    /// A stable snake_case name for the kind, for logs, metrics and command-line output
    /// (`malformed`, `too_large`, `alg_not_allowed`, `invalid_signature`, `expired` ...).
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Malformed => "malformed",
            Self::TooLarge => "too_large",
            Self::UnsupportedAlgorithm => "unsupported_algorithm",
            Self::AlgorithmNotAllowed => "alg_not_allowed",
            Self::KeyMismatch => "key_mismatch",
            Self::UnknownKey => "unknown_key",
            Self::WeakKey => "weak_key",
            Self::InvalidKey => "invalid_key",
            Self::InvalidSignature => "invalid_signature",
            Self::CritUnsupported => "crit_unsupported",
            Self::Expired => "expired",
            Self::NotYetValid => "not_yet_valid",
            Self::IssuedInFuture => "issued_in_future",
            Self::TooOld => "too_old",
            Self::WrongIssuer => "wrong_issuer",
            Self::WrongAudience => "wrong_audience",
            Self::WrongSubject => "wrong_subject",
            Self::WrongType => "wrong_type",
            Self::MissingClaim => "missing_claim",
            Self::InvalidClaim => "invalid_claim",
            Self::Configuration => "configuration",
            Self::Crypto => "crypto",
            Self::KeySetUnavailable => "key_set_unavailable",
        }
    }

    fn summary(self) -> &'static str {
        match self {
            Self::Malformed => "malformed input",
            Self::TooLarge => "token too large",
            Self::UnsupportedAlgorithm => "unsupported algorithm",
            Self::AlgorithmNotAllowed => "algorithm not allowed",
            Self::KeyMismatch => "key does not match the algorithm",
            Self::UnknownKey => "no matching key",
            Self::WeakKey => "key too weak",
            Self::InvalidKey => "invalid key",
            Self::InvalidSignature => "invalid signature",
            Self::CritUnsupported => "unsupported critical header",
            Self::Expired => "token expired",
            Self::NotYetValid => "token not yet valid",
            Self::IssuedInFuture => "token issued in the future",
            Self::TooOld => "token too old",
            Self::WrongIssuer => "wrong issuer",
            Self::WrongAudience => "wrong audience",
            Self::WrongSubject => "wrong subject",
            Self::WrongType => "wrong token type",
            Self::MissingClaim => "missing claim",
            Self::InvalidClaim => "invalid claim",
            Self::Configuration => "invalid configuration",
            Self::Crypto => "cryptographic backend failure",
            Self::KeySetUnavailable => "no JWK set available",
        }
    }
}

/// The error returned by every fallible operation of this crate.
///
/// Its `Display` names the kind and, where it helps, a fixed detail such as the claim
/// name. It never contains key bytes or the token; claim values are never echoed.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    detail: Cow<'static, str>,
}

impl Error {
    pub(crate) const fn new(kind: ErrorKind, detail: &'static str) -> Self {
        Self {
            kind,
            detail: Cow::Borrowed(detail),
        }
    }

    pub(crate) fn with_detail(kind: ErrorKind, detail: String) -> Self {
        Self {
            kind,
            detail: Cow::Owned(detail),
        }
    }

    pub(crate) const fn malformed(detail: &'static str) -> Self {
        Self::new(ErrorKind::Malformed, detail)
    }

    /// The one opaque signature failure.
    pub(crate) const fn invalid_signature() -> Self {
        Self::new(ErrorKind::InvalidSignature, "")
    }

    /// The matchable kind.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// A short fixed explanation (e.g. the claim name for claim errors); may be empty.
    #[must_use]
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind)
            .field("detail", &self.detail)
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.summary())?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

impl core::error::Error for Error {}

/// Shorthand used throughout the crate.
pub type Result<T, E = Error> = core::result::Result<T, E>;
