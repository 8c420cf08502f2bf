//! An issuer's JWK set over HTTP, driving the library's sans-IO [`JwksCache`].
//!
//! Verification never takes a lock: the current verifier is an immutable
//! [`JwksSnapshot`] in an [`ArcSwapOption`], replaced atomically after each good fetch.
//! The cache itself sits behind a `std` mutex held only for its (synchronous, short)
//! decisions, never across I/O. Fetches are single-flight: one task fetches while the
//! others that need the result (an unknown `kid`, no set yet) wait for it, then verify
//! with whatever set it produced.

use crate::fetch::{FetchError, Fetcher};
use arc_swap::ArcSwapOption;
use http::Uri;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::Duration;
use strict_jwt::{
    Algorithm, CachePolicy, ErrorKind, Fetch, JwksCache, JwksSnapshot, NumericDate, Verified,
    Verifier, VerifierBuilder, state::NoAlgorithms,
};

/// Why a [`RemoteJwks`] could not be set up.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RemoteJwksError {
    /// The JWKS or issuer URL is refused (not HTTPS, no host ...).
    Url(FetchError),
    /// The OIDC discovery document could not be fetched.
    Discovery(FetchError),
    /// The discovery document is not acceptable (issuer mismatch, `jwks_uri` not HTTPS,
    /// no algorithm left ...).
    InvalidDiscovery(&'static str),
    /// No algorithm was allowed.
    NoAlgorithms,
    /// Not called from within a Tokio runtime (the background refresh needs one).
    NoRuntime,
    /// The TLS configuration could not be built.
    Tls(FetchError),
}

impl core::fmt::Display for RemoteJwksError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Url(e) => write!(f, "JWKS URL refused: {e}"),
            Self::Discovery(e) => write!(f, "OIDC discovery failed: {e}"),
            Self::InvalidDiscovery(why) => write!(f, "OIDC discovery document refused: {why}"),
            Self::NoAlgorithms => f.write_str("no algorithm allowed"),
            Self::NoRuntime => f.write_str("RemoteJwks must be built inside a Tokio runtime"),
            Self::Tls(e) => write!(f, "TLS configuration: {e}"),
        }
    }
}

impl std::error::Error for RemoteJwksError {}

/// A remote JWK set and the verifier built from it, shared by every request (`Clone` is
/// an `Arc` clone).
///
/// ```no_run
/// # async fn doc() -> Result<(), Box<dyn std::error::Error>> {
/// use strict_jwt::{Algorithm, Verifier};
/// use strict_jwt_axum::RemoteJwks;
///
/// let jwks = RemoteJwks::builder(Verifier::builder().audience("api"))
///     .allow(Algorithm::RS256)
///     .allow(Algorithm::ES256)
///     .discover("https://accounts.example.com")   // or .jwks_uri("https://.../jwks.json")
///     .await?;
/// # let _ = jwks; Ok(()) }
/// ```
///
/// - It fetches on the [`CachePolicy`]'s schedule in a background task (which ends when
///   the last clone is dropped), honouring the response's `Cache-Control: max-age`
///   within the policy's `min_age..=max_age`.
/// - A token whose `kid` is not in the set triggers at most one fetch at a time and one
///   per `unknown_kid_cooldown`, however many requests carry it.
/// - A failed, non-200, malformed, unusable or oversized response keeps the last good
///   set; a fetch slower than the timeout counts as failed.
/// - Before the first good fetch (or past the policy's `max_stale`), verification fails
///   with [`ErrorKind::KeySetUnavailable`], which the extractor answers with 503.
#[derive(Clone, Debug)]
pub struct RemoteJwks {
    inner: Arc<Inner>,
}

struct Inner {
    uri: Uri,
    fetcher: Fetcher,
    cache: Mutex<JwksCache>,
    snapshot: ArcSwapOption<JwksSnapshot>,
    /// Single flight: held by the one task fetching, across the fetch.
    fetching: tokio::sync::Mutex<()>,
    /// Why the last fetch without a document failed.
    fetch_error: Mutex<Option<FetchError>>,
}

impl core::fmt::Debug for Inner {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RemoteJwks")
            .field("uri", &self.uri)
            .field("cache", &self.cache)
            .finish_non_exhaustive()
    }
}

/// Configures a [`RemoteJwks`]: the claims policy, the allowed algorithms, the cache
/// policy and the HTTP limits.
#[derive(Debug)]
#[must_use]
pub struct RemoteJwksBuilder {
    policy: VerifierBuilder<NoAlgorithms>,
    algorithms: Vec<Algorithm>,
    cache: CachePolicy,
    allow_http: bool,
    timeout: Duration,
    max_size: usize,
    tls: Option<rustls::ClientConfig>,
}

/// Default deadline of one fetch (connection, TLS, headers and body).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default cap of a JWKS or discovery response body.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 512 * 1024;

impl RemoteJwks {
    /// Starts a builder. `policy` holds the claims rules (issuer, audience, leeway,
    /// `typ` ...) without algorithms or keys: each fetched set gets a clone of it, the
    /// algorithms of [`RemoteJwksBuilder::allow`] and the set's keys.
    pub fn builder(policy: VerifierBuilder<NoAlgorithms>) -> RemoteJwksBuilder {
        RemoteJwksBuilder {
            policy,
            algorithms: Vec::new(),
            cache: CachePolicy::default(),
            allow_http: false,
            timeout: DEFAULT_TIMEOUT,
            max_size: DEFAULT_MAX_RESPONSE_SIZE,
            tls: None,
        }
    }

    /// The JWKS URL.
    #[must_use]
    pub fn uri(&self) -> &Uri {
        &self.inner.uri
    }

    /// The current set as a snapshot, if one was fetched.
    #[must_use]
    pub fn snapshot(&self) -> Option<Arc<JwksSnapshot>> {
        self.inner.snapshot.load_full()
    }

    /// Good fetches so far (0 before the first).
    #[must_use]
    pub fn generation(&self) -> u64 {
        self.inner
            .snapshot
            .load()
            .as_ref()
            .map_or(0, |s| s.generation())
    }

    /// The last failed fetch since the last good one: when, and why (the transport's or
    /// the document's error), for health checks and logs.
    #[must_use]
    pub fn last_failure(&self) -> Option<(NumericDate, String)> {
        let cache = self.inner.cache();
        let (at, document_error) = cache.last_failure()?;
        let why = match document_error {
            Some(e) => format!("document refused: {e}"),
            None => self
                .inner
                .fetch_error
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .as_ref()
                .map_or_else(|| "fetch failed".to_owned(), ToString::to_string),
        };
        Some((at, why))
    }

    /// Fetches now if the schedule says so (no set yet, or it is due), waiting for a
    /// fetch already under way. Returns the set's generation afterwards.
    pub async fn refresh(&self) -> u64 {
        let seen = self.generation();
        self.inner.fetch_if(seen, Reason::Schedule).await;
        self.generation()
    }

    /// Verifies `token` now against the current set, refreshing first when the set is
    /// missing or the token's `kid` is unknown (as the policy allows).
    ///
    /// # Errors
    /// [`ErrorKind::KeySetUnavailable`] when no usable set could be had; otherwise as
    /// [`Verifier::verify`].
    pub async fn verify<C: serde::de::DeserializeOwned>(
        &self,
        token: &str,
    ) -> strict_jwt::Result<Verified<'static, C>> {
        self.verify_with(|verifier, now| verifier.verify_at(token, now))
            .await
    }

    /// As [`RemoteJwks::verify`], with any verification of the caller's (e.g.
    /// [`Verifier::verify_signature_only`] for a JWS that is not a JWT); `check` runs
    /// again after a refresh when it failed with [`ErrorKind::UnknownKey`] or
    /// [`ErrorKind::KeySetUnavailable`].
    ///
    /// # Errors
    /// As [`RemoteJwks::verify`].
    pub async fn verify_with<T>(
        &self,
        mut check: impl FnMut(&Verifier, NumericDate) -> strict_jwt::Result<T>,
    ) -> strict_jwt::Result<T> {
        let now = NumericDate::now();
        let snapshot = self.inner.snapshot.load_full();
        let (seen, reason) = match &snapshot {
            Some(s) => match s.verifier(now).and_then(|v| check(v, now)) {
                Err(e) if e.kind() == ErrorKind::UnknownKey => (s.generation(), Reason::UnknownKid),
                Err(e) if e.kind() == ErrorKind::KeySetUnavailable => {
                    (s.generation(), Reason::Schedule)
                }
                done => return done,
            },
            None => (0, Reason::Schedule),
        };
        self.inner.fetch_if(seen, reason).await;
        let now = NumericDate::now();
        let snapshot = match self.inner.snapshot.load_full() {
            Some(s) => s,
            // Still nothing: the cache's own KeySetUnavailable error.
            None => Arc::new(self.inner.cache().snapshot()?),
        };
        snapshot.verifier(now).and_then(|v| check(v, now))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reason {
    /// No set, a set past `max_stale`, or the background schedule.
    Schedule,
    /// A token named a `kid` the set does not have.
    UnknownKid,
}

impl Inner {
    fn cache(&self) -> MutexGuard<'_, JwksCache> {
        // The cache's methods cannot leave it half-updated; a panic elsewhere while
        // holding the guard does not make its state wrong.
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Fetches if nobody has produced a newer set than generation `seen` meanwhile and
    /// the cache allows it for `reason`.
    async fn fetch_if(&self, seen: u64, reason: Reason) {
        let _flight = self.fetching.lock().await;
        let now = NumericDate::now();
        let decision = {
            let mut cache = self.cache();
            if cache.generation() != seen {
                return;
            }
            match reason {
                Reason::Schedule => cache.poll(now),
                Reason::UnknownKid => cache.unknown_kid(now),
            }
        };
        if decision == Fetch::Now {
            self.fetch(now).await;
        }
    }

    /// One fetch and its outcome recorded in the cache; call with the single-flight lock.
    async fn fetch(&self, now: NumericDate) {
        let fetched = self.fetcher.get(&self.uri).await;
        let now_after = NumericDate::now().max(now);
        let mut cache = self.cache();
        match fetched {
            Ok(doc) => match cache.update_with_max_age(&doc.body, now_after, doc.max_age) {
                Ok(set) => {
                    for skipped in set.skipped() {
                        tracing::warn!(uri = %self.uri, "{skipped}");
                    }
                    tracing::info!(uri = %self.uri, keys = set.keys().len(), "JWK set fetched");
                    if let Ok(snapshot) = cache.snapshot() {
                        self.snapshot.store(Some(Arc::new(snapshot)));
                    }
                }
                Err(e) => {
                    tracing::warn!(uri = %self.uri, error = %e, "JWK set refused; the last good set stays");
                }
            },
            Err(e) => {
                cache.fetch_failed(now_after);
                *self
                    .fetch_error
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) = Some(e.clone());
                tracing::warn!(uri = %self.uri, error = %e, "JWK set fetch failed; the last good set stays");
            }
        }
    }
}

/// The background refresh: sleeps until the cache's next due time, fetches, repeats.
/// Holds only a weak reference, so it ends when the last [`RemoteJwks`] is dropped.
async fn refresh_loop(inner: Weak<Inner>) {
    loop {
        let wait = {
            let Some(inner) = inner.upgrade() else { return };
            let now = NumericDate::now();
            let due = inner.cache().poll(now);
            match due {
                Fetch::Now => {
                    let seen = inner.cache().generation();
                    inner.fetch_if(seen, Reason::Schedule).await;
                    // A policy with max_age (or a response with max-age) of zero must not
                    // turn this loop into a flood of requests to the issuer.
                    MIN_SCHEDULED_INTERVAL
                }
                Fetch::NotBefore(at) => until(now, at),
                // A decision this version does not know (`Fetch` is non-exhaustive): no
                // fetch, ask the cache again soon.
                _ => MIN_SCHEDULED_INTERVAL,
            }
        };
        // Wake at least every minute, so a dropped RemoteJwks ends the task soon.
        tokio::time::sleep(wait.min(Duration::from_secs(60))).await;
    }
}

/// The least time between two scheduled fetches, whatever the policy says.
const MIN_SCHEDULED_INTERVAL: Duration = Duration::from_secs(1);

fn until(now: NumericDate, at: NumericDate) -> Duration {
    let nanos =
        |d: NumericDate| i128::from(d.as_secs()) * 1_000_000_000 + i128::from(d.subsec_nanos());
    let diff = (nanos(at) - nanos(now)).clamp(0, i128::from(u64::MAX));
    // Clamped into u64's range above.
    Duration::from_nanos(u64::try_from(diff).unwrap_or(u64::MAX))
}

impl RemoteJwksBuilder {
    /// Allows `alg` (several calls: several algorithms). At least one is required.
    pub fn allow(mut self, alg: Algorithm) -> Self {
        if !self.algorithms.contains(&alg) {
            self.algorithms.push(alg);
        }
        self
    }

    /// The cache's schedule (default [`CachePolicy::default`]).
    pub fn cache_policy(mut self, policy: CachePolicy) -> Self {
        self.cache = policy;
        self
    }

    /// Deadline of one fetch (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Largest accepted response body (default [`DEFAULT_MAX_RESPONSE_SIZE`]).
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_size = bytes;
        self
    }

    /// **Relaxes** the default: also fetch over plain `http` (for tests on loopback, or
    /// an issuer inside the same host). Never for an issuer across a network.
    pub fn allow_http(mut self) -> Self {
        self.allow_http = true;
        self
    }

    /// Your own rustls configuration (e.g. a private CA). By default: `ring`, Mozilla's
    /// root certificates (webpki-roots), TLS 1.2 and 1.3.
    pub fn tls_config(mut self, config: rustls::ClientConfig) -> Self {
        self.tls = Some(config);
        self
    }

    /// Builds a [`RemoteJwks`] for this JWKS URL and starts its background refresh. The
    /// first fetch starts at once; requests before it completes wait for it.
    ///
    /// # Errors
    /// [`RemoteJwksError::Url`] for a URL that is not HTTPS (unless
    /// [`allow_http`](RemoteJwksBuilder::allow_http)), [`RemoteJwksError::NoAlgorithms`],
    /// [`RemoteJwksError::NoRuntime`] outside a Tokio runtime.
    pub fn jwks_uri(mut self, jwks_uri: &str) -> Result<RemoteJwks, RemoteJwksError> {
        let fetcher = self.fetcher()?;
        let uri = fetcher.check_url(jwks_uri).map_err(RemoteJwksError::Url)?;
        self.start(fetcher, uri)
    }

    /// OpenID Connect discovery: fetches `{issuer}/.well-known/openid-configuration`,
    /// requires its `issuer` to equal `issuer` exactly and its `jwks_uri` to be HTTPS
    /// (unless [`allow_http`](RemoteJwksBuilder::allow_http)), narrows the allowed
    /// algorithms to its `id_token_signing_alg_values_supported` (never widens them), and
    /// requires `iss == issuer` in every token.
    ///
    /// # Errors
    /// [`RemoteJwksError::Discovery`] when the document cannot be fetched,
    /// [`RemoteJwksError::InvalidDiscovery`] when it is refused, and as
    /// [`RemoteJwksBuilder::jwks_uri`].
    pub async fn discover(mut self, issuer: &str) -> Result<RemoteJwks, RemoteJwksError> {
        if self.algorithms.is_empty() {
            return Err(RemoteJwksError::NoAlgorithms);
        }
        let fetcher = self.fetcher()?;
        // OpenID Connect Discovery 1.0 §4: a terminating `/` is removed before appending.
        let config_url = format!(
            "{}/.well-known/openid-configuration",
            issuer.strip_suffix('/').unwrap_or(issuer)
        );
        let config_uri = fetcher
            .check_url(&config_url)
            .map_err(RemoteJwksError::Url)?;
        let doc = fetcher
            .get(&config_uri)
            .await
            .map_err(RemoteJwksError::Discovery)?;
        let doc = crate::discovery::Discovery::parse(&doc.body)?;
        if doc.issuer != issuer {
            return Err(RemoteJwksError::InvalidDiscovery(
                "its issuer is not the configured issuer",
            ));
        }
        let jwks_uri = fetcher
            .check_url(&doc.jwks_uri)
            .map_err(|_| RemoteJwksError::InvalidDiscovery("its jwks_uri is not an https URL"))?;
        if let Some(supported) = &doc.algorithms {
            self.algorithms
                .retain(|alg| supported.iter().any(|s| s == alg.name()));
            if self.algorithms.is_empty() {
                return Err(RemoteJwksError::InvalidDiscovery(
                    "the issuer supports none of the allowed algorithms",
                ));
            }
        }
        self.policy = self.policy.issuer(issuer);
        self.start(fetcher, jwks_uri)
    }

    fn fetcher(&mut self) -> Result<Fetcher, RemoteJwksError> {
        Fetcher::new(
            self.tls.take(),
            self.allow_http,
            self.timeout,
            self.max_size,
        )
        .map_err(RemoteJwksError::Tls)
    }

    fn start(self, fetcher: Fetcher, uri: Uri) -> Result<RemoteJwks, RemoteJwksError> {
        let runtime =
            tokio::runtime::Handle::try_current().map_err(|_| RemoteJwksError::NoRuntime)?;
        let Self {
            policy,
            algorithms,
            cache,
            ..
        } = self;
        let Some((&first, rest)) = algorithms.split_first() else {
            return Err(RemoteJwksError::NoAlgorithms);
        };
        let rest = rest.to_vec();
        let cache = JwksCache::new(cache, move |set| {
            rest.iter()
                .fold(policy.clone().allow(first), |b, &alg| b.allow(alg))
                .key_set(set)
                .build()
        });
        let inner = Arc::new(Inner {
            uri,
            fetcher,
            cache: Mutex::new(cache),
            snapshot: ArcSwapOption::empty(),
            fetching: tokio::sync::Mutex::new(()),
            fetch_error: Mutex::new(None),
        });
        runtime.spawn(refresh_loop(Arc::downgrade(&inner)));
        Ok(RemoteJwks { inner })
    }
}
