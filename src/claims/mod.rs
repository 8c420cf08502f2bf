//! Registered claims (RFC 7519 §4.1), NumericDate, and the single-pass claims parser.
//!
//! The payload is parsed once: the application's claims type is deserialized from the
//! strict parser while the registered claims are picked out of the same top-level
//! members, type-checked, and kept for validation. A registered claim of the wrong JSON
//! type is an error, never "absent" (CVE-2026-25537).
//!
//! - `date`: [`NumericDate`], its saturating arithmetic and its JSON number form.
//! - `registered`: [`Audience`] and [`RegisteredClaims`], the claims a verified token
//!   carries.
//! - `policy`: the verifier's claims rules (`Policy`).
//! - `collector`: the one-pass parser (`parse`) that deserializes the application's
//!   type and collects the registered claims.
//!
//! The submodules depend on each other in that order only (`date` <- `registered` <-
//! `policy`, `collector`).

mod collector;
mod date;
mod policy;
mod registered;

pub(crate) use collector::parse;
pub use date::NumericDate;
pub(crate) use policy::{MAX_REQUIRED_CLAIMS, Policy};
pub use registered::{Audience, RegisteredClaims};
