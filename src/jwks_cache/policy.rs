//! The timing rules of a [`JwksCache`](crate::JwksCache) and its fetch decisions.

use crate::claims::NumericDate;
use core::time::Duration;

/// Timing rules of a [`JwksCache`](crate::JwksCache).
///
/// Start from [`CachePolicy::default`] and set what differs with the `with_...` methods.
/// The fields can be read (and assigned), but the struct is `#[non_exhaustive]`: a
/// struct literal does not compile outside this crate, so that a rule added later (with
/// its default) breaks no caller.
///
/// ```
/// use std::time::Duration;
/// use strict_jwt::CachePolicy;
///
/// let policy = CachePolicy::default()
///     .with_max_age(Duration::from_secs(600))
///     .with_unknown_kid_cooldown(Duration::from_secs(60))
///     .with_max_stale(Duration::from_secs(6 * 3600));
/// assert_eq!(policy.max_age, Duration::from_secs(600));
/// assert_eq!(policy.min_age, Duration::from_secs(60)); // the default, unchanged
/// assert_eq!(policy.max_stale, Some(Duration::from_secs(6 * 3600)));
/// ```
#[non_exhaustive]
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

impl CachePolicy {
    /// Sets [`max_age`](CachePolicy::max_age): how long a fetched set is used before a
    /// refresh is due, and the longest `max-age` of a response that is honoured.
    #[must_use]
    pub fn with_max_age(mut self, max_age: Duration) -> Self {
        self.max_age = max_age;
        self
    }

    /// Sets [`min_age`](CachePolicy::min_age): the shortest `max-age` of a response
    /// that is honoured.
    #[must_use]
    pub fn with_min_age(mut self, min_age: Duration) -> Self {
        self.min_age = min_age;
        self
    }

    /// Sets [`unknown_kid_cooldown`](CachePolicy::unknown_kid_cooldown): the least time
    /// between two refreshes triggered by an unknown `kid`.
    #[must_use]
    pub fn with_unknown_kid_cooldown(mut self, cooldown: Duration) -> Self {
        self.unknown_kid_cooldown = cooldown;
        self
    }

    /// Sets [`retry_after_failure`](CachePolicy::retry_after_failure): the wait after a
    /// failed fetch or a rejected document.
    #[must_use]
    pub fn with_retry_after_failure(mut self, retry: Duration) -> Self {
        self.retry_after_failure = retry;
        self
    }

    /// Sets [`max_stale`](CachePolicy::max_stale): the cache stops verifying when no
    /// fetch has succeeded for `max_stale` (by default it never stops).
    #[must_use]
    pub fn with_max_stale(mut self, max_stale: Duration) -> Self {
        self.max_stale = Some(max_stale);
        self
    }
}

/// What the application should do about fetching.
///
/// `#[non_exhaustive]`: later versions may add decisions, so a `match` outside this
/// crate needs a wildcard arm (comparing with `==`, as the examples do, needs none).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fetch {
    /// Fetch the JWKS now and give the bytes to
    /// [`JwksCache::update`](crate::JwksCache::update) (or report a transport failure
    /// with [`JwksCache::fetch_failed`](crate::JwksCache::fetch_failed)).
    Now,
    /// Nothing to do before this time.
    NotBefore(NumericDate),
}
