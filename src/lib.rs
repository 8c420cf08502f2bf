//! # strict-jwt
//!
//! A JWS/JWT library that is hard to misuse: explicit algorithms, keys bound to one
//! algorithm, strict parsing, and claims that are parsed only after the signature
//! verified.
//!
//! ## Quick start
//!
//! ```
//! use std::time::Duration;
//! use strict_jwt::{Algorithm, Claims, HmacKey, Signer, Verifier};
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Session { role: String }
//!
//! let key = HmacKey::generate(Algorithm::HS256)?;
//! let token = Signer::new(key.clone()).sign(
//!     &Claims::new(Session { role: "admin".into() })
//!         .subject("alice")
//!         .expires_in(Duration::from_secs(900)),
//! )?;
//!
//! let verifier = Verifier::builder().allow(Algorithm::HS256).key(key).build()?;
//! let verified = verifier.verify::<Session>(&token)?;
//! assert_eq!(verified.claims().role, "admin");
//! assert_eq!(verified.registered().sub.as_deref(), Some("alice"));
//! # Ok::<(), strict_jwt::Error>(())
//! ```
//!
//! ## Security model
//!
//! A token is processed in this order, and the first failing step is the error reported
//! (a forged, expired token reports [`ErrorKind::InvalidSignature`], never `Expired`):
//!
//! 1. **Bytes**: length cap ([`DEFAULT_MAX_TOKEN_LEN`]) before any decoding; exactly three
//!    segments; canonical unpadded base64url only ([`base64url`]).
//! 2. **Header**: one strict JSON object, duplicate names refused at every level; `alg`
//!    parsed into [`Algorithm`], which has no `none`; `alg` in the verifier's explicit
//!    allowlist; any `crit` refused; `jwk`/`jku`/`x5u`/`x5c` never used as keys;
//!    optional required `typ`.
//! 3. **Key and signature**: the `kid` selects exactly one key, which must be bound to
//!    the header's `alg` ([`ErrorKind::KeyMismatch`] otherwise); the signature is checked
//!    over the exact received bytes, in constant time, and fails opaquely.
//! 4. **Claims**: only now is the payload parsed (strict JSON, one pass, registered
//!    claims of the wrong type are errors). `exp` is required by default; `nbf`, `iss`,
//!    `aud`, `sub`, `iat`, required claims follow the verifier's policy.
//!
//! What is constant-time: HMAC tag comparison, [`HmacKey`] equality, the base64
//! decoding of PEM bodies and JWK private members (`base64ct`), and the backend's
//! private-key operations. What is not: the base64url and JSON parsers, which only ever see public
//! token bytes.
//!
//! Token bytes are not unique for every algorithm (ECDSA signatures are malleable), so
//! replay or deny lists must key on `(iss, jti)`, never on the token or its hash.
//!
//! ## Errors
//!
//! Every failure is an [`Error`] whose [`ErrorKind`] can be matched; no check reports
//! failure through a `bool` or an `Option`. Each kind has one [`Fault`]: the token's
//! (anything a client can send: answer 401), the application's (its keys, key files or
//! configuration: fix the deployment) or the environment's (no random numbers, no JWK
//! set: answer 503). A key file that does not parse is [`ErrorKind::InvalidKey`], never
//! a [`ErrorKind::Malformed`] token.
//!
//! ```
//! use strict_jwt::{Algorithm, ErrorKind, Fault, HmacKey, Verifier};
//! let verifier = Verifier::builder()
//!     .allow(Algorithm::HS256)
//!     .key(HmacKey::generate(Algorithm::HS256)?)
//!     .build()?;
//! let e = verifier.verify::<serde_json::Value>("not.a.token").unwrap_err();
//! assert_eq!((e.kind(), e.kind().fault()), (ErrorKind::Malformed, Fault::Token));
//!
//! let e = strict_jwt::VerifyingKey::from_pem(Algorithm::ES256, "not PEM").unwrap_err();
//! assert_eq!((e.kind(), e.kind().fault()), (ErrorKind::InvalidKey, Fault::Application));
//! # Ok::<(), strict_jwt::Error>(())
//! ```
//!
//! ## Algorithms and backends
//!
//! `HS256`/`HS384`/`HS512` ([`HmacKey`], on `hmac` + `sha2`) in every build. The
//! asymmetric algorithms come from the [`Backend`] chosen by Cargo features at compile
//! time:
//!
//! | algorithm | `ring` (default) | `aws-lc-rs` | neither (HMAC-only) |
//! |---|---|---|---|
//! | `RS256`/`RS384`/`RS512`, `PS256`/`PS384`/`PS512` | verify, sign (import only) | verify, sign, generate | - |
//! | `ES256`, `ES384`, `EdDSA`/`Ed25519` | yes | yes | - |
//! | `ES512` (P-521), `ES256K` (secp256k1, RFC 8812) | - | yes | - |
//!
//! With both features on, aws-lc-rs serves every algorithm. Whatever the backend lacks
//! fails as [`ErrorKind::UnsupportedKey`] when a key is constructed; `Ed448` is in
//! no backend. A verifier that allows an algorithm without a key for it refuses to
//! build. Without the `std` feature the crate is `#![no_std]` (with `alloc`): only the
//! system clock needs `std` ([`NumericDate::now`], [`Verifier::verify`],
//! [`Claims::new`]); the `_at` variants take the time from the caller.
//!
//! Asymmetric keys are [`VerifyingKey`]s and [`SigningKey`]s, built from PEM, DER (SPKI,
//! PKCS#1, PKCS#8, SEC1), a [`Jwk`], or generated (RSA only with `aws-lc-rs`), always
//! for one explicit algorithm:
//!
//! ```
//! use strict_jwt::{Algorithm, Jwk, Signer, SigningKey, Verifier};
//! let key = SigningKey::generate(Algorithm::ES256)?;    // kid: its RFC 7638 thumbprint
//! let public_jwk = key.to_public_jwk()?.to_json();      // publish this (kid included)
//!
//! let token = Signer::new(key).sign(&serde_json::json!({"sub": "alice", "exp": 4102444800u64}))?;
//! let verifier = Verifier::builder()
//!     .allow(Algorithm::ES256)
//!     .key(Jwk::from_json(&public_jwk)?.to_verifying_key(Algorithm::ES256)?)
//!     .build()?;
//! verifier.verify::<serde_json::Value>(&token)?;
//! # Ok::<(), strict_jwt::Error>(())
//! ```

#![cfg_attr(not(feature = "std"), no_std)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations, unreachable_pub)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

extern crate alloc;

mod alg;
pub mod base64url;
mod claims;
mod der;
mod error;
mod header;
mod json;
mod jwk;
mod jwks_cache;
mod key;
mod key_ring;
mod payload_claims;
mod pem;
mod sign;
mod thumbprint;
mod token;
mod verify;

pub use alg::hmac::HmacKey;
pub use alg::{Algorithm, Backend};
pub use claims::{Audience, NumericDate, RegisteredClaims};
pub use error::{Error, ErrorKind, Fault, Result};
pub use header::{Header, MAX_KID_LEN};
pub use jwk::{Jwk, JwkSet, MAX_JWK_LEN, MAX_JWK_SET_KEYS, MAX_JWK_SET_LEN, SkippedKey};
pub use jwks_cache::{CachePolicy, Fetch, JwksCache, JwksSnapshot};
pub use key::{SigningKey, VerifyingKey};
pub use key_ring::{KeyRing, KeyState, RingKey};
pub use sign::{Claims, Signer};
pub use thumbprint::ThumbprintHash;
pub use token::{
    DEFAULT_MAX_TOKEN_LEN, InsecureParts, UntrustedToken, Verified, VerifiedJws,
    insecure_decode_without_verification,
};
pub use verify::{MAX_KEYS_TRIED_WITHOUT_KID, Verifier, VerifierBuilder, state};

/// Entry points below the JWS layer for test-vector harnesses and fuzz targets.
/// Not part of the stable API; applications use [`Signer`] and [`Verifier`].
#[doc(hidden)]
pub mod internal {
    use crate::{Result, SigningKey, VerifyingKey};
    use alloc::vec::Vec;

    /// The raw signature of `message` (for JWS, the ASCII signing input).
    ///
    /// # Errors
    /// [`crate::ErrorKind::Crypto`] if the backend fails.
    pub fn sign_raw(key: &SigningKey, message: &[u8]) -> Result<Vec<u8>> {
        key.sign(message).map(|s| s.as_ref().to_vec())
    }

    /// Checks a raw signature over `message` with exactly the key's algorithm.
    ///
    /// # Errors
    /// [`crate::ErrorKind::InvalidSignature`].
    pub fn verify_raw(key: &VerifyingKey, message: &[u8], signature: &[u8]) -> Result<()> {
        key.verify(message, signature)
    }

    /// Each backend's verdict, `[ring, aws-lc-rs]`, on a raw signature over `message`
    /// with the public key `spki` (DER SubjectPublicKeyInfo) bound to `alg`, after the
    /// JOSE key checks (for the differential fuzz target; both features on).
    ///
    /// # Errors
    /// When the key fails the JOSE checks, or for an algorithm only one backend has.
    #[cfg(all(feature = "ring", feature = "aws-lc-rs"))]
    pub fn verify_with_each_backend(
        alg: crate::Algorithm,
        spki: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<[core::result::Result<(), crate::ErrorKind>; 2]> {
        crate::alg::differential::verify_both(alg, spki, message, signature)
    }

    /// Parses a decoded JOSE header exactly as the verifier does (strict JSON, `alg`,
    /// `crit`, member types), for the `header` fuzz target.
    ///
    /// # Errors
    /// As [`crate::UntrustedToken::parse`] for the header.
    pub fn parse_header(bytes: &[u8]) -> Result<crate::Header> {
        crate::Header::parse(bytes)
    }
}
