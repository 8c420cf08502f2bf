//! The timing rules of a [`JwksCache`](crate::JwksCache) and its fetch decisions.

use crate::claims::NumericDate;
use core::time::Duration;

/// Timing rules of a [`JwksCache`](crate::JwksCache).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CachePolicy {
    /// How long a fetched set is used before a refresh is due (default 1 hour); also the
    /// longest `max-age` of a response that is honoured.
    pub max_age: Duration,
    /// The shortest `max-age` of a response that is honoured (default 1 minute): a
    /// response with `max-age=0` or `no-cache` is not refetched more often than this.
    pub min_age: Duration,
    /// Least time between two refreshes triggered by an unknown `kid` (default 30 s, as
    /// `jose`): the longest an attacker's random `kid`s can delay a key rotation.
    pub unknown_kid_cooldown: Duration,
    /// Wait after a failed fetch or a rejected document (default 30 s).
    pub retry_after_failure: Duration,
    /// Stop verifying when no fetch has succeeded for this long (default: never).
    pub max_stale: Option<Duration>,
}

impl Default for CachePolicy {
    fn default() -> Self {
        Self {
            max_age: Duration::from_secs(3600),
            min_age: Duration::from_secs(60),
            unknown_kid_cooldown: Duration::from_secs(30),
            retry_after_failure: Duration::from_secs(30),
            max_stale: None,
        }
    }
}

/// What the application should do about fetching.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fetch {
    /// Fetch the JWKS now and give the bytes to
    /// [`JwksCache::update`](crate::JwksCache::update) (or report a transport failure
    /// with [`JwksCache::fetch_failed`](crate::JwksCache::fetch_failed)).
    Now,
    /// Nothing to do before this time.
    NotBefore(NumericDate),
}
