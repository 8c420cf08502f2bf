//! Wycheproof (C2SP/wycheproof, unmodified files in `vectors/wycheproof/`), two suites in
//! one test crate:
//!
//! - `jose`: the JOSE files, `json_web_signature_test.json` and `json_web_key_test.json`,
//!   through the verifier, with keys from the files' JWKs.
//! - `signatures`: the signature-level files (ECDSA P1363, Ed25519, RSASSA-PKCS1-v1_5,
//!   RSASSA-PSS), through the crate's key import and `strict_jwt::internal::verify_raw`.
//!
//! Each suite keeps its own table of the flags it knows (`KNOWN_FLAGS`: the same flag
//! name means different things in the two collections); `flags` checks both tables
//! against their files in one test.

#[path = "../common/mod.rs"]
mod common;

mod flags;
mod jose;
mod signatures;
