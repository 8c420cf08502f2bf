//! A sans-IO JWKS cache: the application fetches, the cache decides.
//!
//! The cache never does I/O and never reads the clock. The application asks it
//! [`when to fetch`](JwksCache::poll), hands it the fetched bytes with the time
//! ([`JwksCache::update`]), and verifies through it. It works with any HTTP client,
//! blocking or async, and is tested with a fake clock.
//!
//! - A refresh is due `max_age` after the last good fetch, or after the HTTP response's
//!   own `Cache-Control: max-age` kept within `min_age..=max_age`
//!   ([`JwksCache::update_with_max_age`]).
//! - An unknown `kid` may trigger one early refresh per `unknown_kid_cooldown`
//!   ([`JwksCache::unknown_kid`]), whatever the `kid`s: tokens with random `kid`s cannot
//!   make the application fetch more often than that.
//! - A failed fetch or a document that does not give a verifier keeps the last good
//!   set; the next attempt is due `retry_after_failure` later.
//! - Optionally, `max_stale`: if no fetch has succeeded for that long, the cache stops
//!   verifying ([`ErrorKind::KeySetUnavailable`](crate::ErrorKind::KeySetUnavailable)),
//!   rather than trust keys the issuer may have revoked.
//!
//! # Rotating keys
//!
//! An issuer should **publish the next key before signing with it**, by at least the
//! verifiers' refresh interval (`max_age`, one hour by default, or the `max-age` its JWKS
//! responses carry): every verifier then has the key before the first token signed with
//! it arrives, and no early refresh is needed. Keep the old key published until the last
//! token it signed has expired.
//!
//! An issuer that signs with a new key at once relies on the unknown-`kid` refresh. Any
//! early refresh fetches the whole set, so a key published at time `t` is in the cache by
//! `t + unknown_kid_cooldown` at the latest, however many tokens with random `kid`s
//! attackers send: they can delay a rotation by one cooldown (30 s by default), never
//! block it.
//!
//! # Modules
//!
//! - `policy`: [`CachePolicy`] (the timing rules) and [`Fetch`] (what the application
//!   should do).
//! - `cache`: the state machine, [`JwksCache`], and the lock-free view it hands out,
//!   [`JwksSnapshot`].
//!
//! `cache` depends on `policy`, never the other way.

mod cache;
mod policy;
#[cfg(test)]
mod tests;

pub use cache::{JwksCache, JwksSnapshot};
pub use policy::{CachePolicy, Fetch};
