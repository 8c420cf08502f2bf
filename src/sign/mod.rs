//! Signing: the header comes from the signer (its `alg` from the key), the claims from
//! any `serde::Serialize`.
//!
//! - `signer`: [`Signer`], which encodes the header once and signs claims into compact
//!   JWTs.
//! - `builder`: [`Claims`], the registered claims plus the application's own, and its
//!   hand-written `Serialize`.
//! - `flat`: the serializer that writes the custom claims into the same JSON object and
//!   refuses a registered claim written twice.
//!
//! The submodules depend on each other in that order only (`flat` <- `builder`, `signer`).

mod builder;
mod flat;
mod signer;
#[cfg(test)]
mod tests;

pub use builder::Claims;
pub use signer::Signer;
