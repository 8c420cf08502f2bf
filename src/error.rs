//! The crate's one error type and its matchable kinds.

use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt;

/// What went wrong, as a value a caller can `match` on.
///
/// Every kind has one [`Fault`] ([`ErrorKind::fault`]):
/// - [`Fault::Token`]: the token is not acceptable, reported in the order of the
///   verification rules: bytes ([`Malformed`](ErrorKind::Malformed),
///   [`TooLarge`](ErrorKind::TooLarge)), header, key selection, signature, claims. This
///   is everything an attacker can cause by sending bytes; an HTTP service answers 401.
/// - [`Fault::Application`]: the application's own key or configuration is wrong
///   ([`InvalidKey`](ErrorKind::InvalidKey) for a key file or JWK that does not parse,
///   [`WeakKey`](ErrorKind::WeakKey), [`IncompatibleKey`](ErrorKind::IncompatibleKey),
///   [`UnsupportedKey`](ErrorKind::UnsupportedKey),
///   [`Configuration`](ErrorKind::Configuration)). Fix the deployment, not the client.
/// - [`Fault::Environment`]: the platform failed ([`Crypto`](ErrorKind::Crypto)) or no
///   JWK set is available ([`KeySetUnavailable`](ErrorKind::KeySetUnavailable)); an
///   HTTP service answers 5xx.
///
/// The kind follows from what the crate was processing (a token, a key, the
/// configuration), never from another library's error text.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The token is not well formed: wrong number of segments, non-canonical or
    /// non-base64url bytes, invalid or duplicate-member JSON in its header or claims.
    /// (A key file or JWK that is not well formed is [`ErrorKind::InvalidKey`].)
    Malformed,
    /// The token is longer than the verifier's size limit (checked before any decoding).
    TooLarge,
    /// The token's `alg` names no algorithm this crate implements (`none` included), or
    /// an algorithm name given to [`Algorithm::from_name`](crate::Algorithm::from_name)
    /// is unknown.
    UnsupportedAlgorithm,
    /// The `alg` is implemented but not in the verifier's explicit allowlist.
    AlgorithmNotAllowed,
    /// The key the token's `kid` selects is bound to another algorithm than the token's
    /// `alg`.
    KeyMismatch,
    /// No configured key matches the token's `kid` (or, without `kid`, its `alg`).
    UnknownKey,
    /// A key is too short for its algorithm (RFC 7518 3.2) or otherwise too weak.
    WeakKey,
    /// Key material could not be used: a PEM, DER or JWK document (or JWK set) that does
    /// not parse or is over its size limit, a point not on the curve, private members
    /// where a public key was required, a private key inconsistent with its public part.
    InvalidKey,
    /// The key cannot serve the algorithm it was asked for: its type or curve, its
    /// JWK's `alg`, `use` or `key_ops`, or the algorithm a key file declares contradicts
    /// it (e.g. an EC key for `RS256`, a P-384 key for `ES256`).
    IncompatibleKey,
    /// The key's algorithm is not available: not in this build (ES512 and ES256K need
    /// the `aws-lc-rs` feature, every asymmetric algorithm needs a backend) or in no
    /// backend (Ed448, an unknown key type or algorithm OID).
    UnsupportedKey,
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
    /// without a key for it), or the claims given to sign cannot make a token.
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
    /// Whose fault the error is: the token's, the application's, or the environment's.
    #[must_use]
    pub fn fault(self) -> Fault {
        match self {
            Self::Configuration
            | Self::WeakKey
            | Self::InvalidKey
            | Self::IncompatibleKey
            | Self::UnsupportedKey => Fault::Application,
            Self::Crypto | Self::KeySetUnavailable => Fault::Environment,
            Self::Malformed
            | Self::TooLarge
            | Self::UnsupportedAlgorithm
            | Self::AlgorithmNotAllowed
            | Self::KeyMismatch
            | Self::UnknownKey
            | Self::InvalidSignature
            | Self::CritUnsupported
            | Self::Expired
            | Self::NotYetValid
            | Self::IssuedInFuture
            | Self::TooOld
            | Self::WrongIssuer
            | Self::WrongAudience
            | Self::WrongSubject
            | Self::WrongType
            | Self::MissingClaim
            | Self::InvalidClaim => Fault::Token,
        }
    }

    /// `true` unless the token is at fault ([`ErrorKind::fault`] is not
    /// [`Fault::Token`]): the application's key or configuration, a platform failure,
    /// or no JWK set available.
    #[must_use]
    pub fn is_application_error(self) -> bool {
        self.fault() != Fault::Token
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
            Self::IncompatibleKey => "incompatible_key",
            Self::UnsupportedKey => "unsupported_key",
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
            Self::KeyMismatch => "the token's key is bound to another algorithm",
            Self::UnknownKey => "no matching key",
            Self::WeakKey => "key too weak",
            Self::InvalidKey => "invalid key",
            Self::IncompatibleKey => "key does not fit the algorithm",
            Self::UnsupportedKey => "key algorithm not available",
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

/// Whose fault an error is (see [`ErrorKind`]).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fault {
    /// The token: something a client (or an attacker) sent.
    Token,
    /// The application: its keys, key files, JWK sets or configuration.
    Application,
    /// The environment: the platform's random number generator or crypto, or no JWK
    /// set available.
    Environment,
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

    /// A token that is not well formed (never a key: see [`Error::invalid_key`]).
    pub(crate) const fn malformed(detail: &'static str) -> Self {
        Self::new(ErrorKind::Malformed, detail)
    }

    /// Key material that does not parse or cannot be used.
    pub(crate) const fn invalid_key(detail: &'static str) -> Self {
        Self::new(ErrorKind::InvalidKey, detail)
    }

    /// An error raised while parsing a key document (a JWK or JWK set): the JSON parser
    /// it shares with tokens reports token kinds (`Malformed`), which for the
    /// application's key material are [`ErrorKind::InvalidKey`] (same detail).
    pub(crate) fn in_key_document(self) -> Self {
        if self.kind.fault() == Fault::Token {
            Self {
                kind: ErrorKind::InvalidKey,
                detail: self.detail,
            }
        } else {
            self
        }
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
