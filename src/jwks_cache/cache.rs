//! The cache state machine: the current set and its verifier, the schedule of the next
//! fetch, and the snapshots handed to verifying threads.

use super::policy::{CachePolicy, Fetch};
use crate::claims::NumericDate;
use crate::error::{Error, ErrorKind, Result};
use crate::jwk::JwkSet;
use crate::token::Verified;
use crate::verify::Verifier;
use alloc::boxed::Box;
use alloc::sync::Arc;
use core::fmt;
use core::time::Duration;
use serde::de::DeserializeOwned;

type BuildVerifier = dyn Fn(&JwkSet) -> Result<Verifier> + Send + Sync;

/// A JWK set fetched by the application, and the verifier built from it.
///
/// ```
/// use std::sync::Mutex;
/// use strict_jwt::{Algorithm, CachePolicy, ErrorKind, Fetch, JwksCache, NumericDate, Verifier};
///
/// // Any HTTP client: reqwest, ureq, hyper, a test double... The cache never sees it.
/// fn http_get(url: &str) -> Result<Vec<u8>, std::io::Error> {
///     # let _ = url;
///     # Ok(br#"{"keys":[{"kty":"EC","crv":"P-256","kid":"k1","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}"#.to_vec())
///     // ...
/// }
///
/// fn refresh(cache: &mut JwksCache, now: NumericDate) {
///     match http_get("https://issuer.example/.well-known/jwks.json") {
///         // A malformed or unusable document keeps the last good set.
///         Ok(body) => {
///             if let Err(e) = cache.update(&body, now) {
///                 eprintln!("JWKS refresh refused: {e}");
///             }
///         }
///         Err(_) => cache.fetch_failed(now),
///     }
/// }
///
/// fn verify(cache: &Mutex<JwksCache>, token: &str) -> strict_jwt::Result<serde_json::Value> {
///     let now = NumericDate::now();
///     let mut cache = cache.lock().expect("lock");
///     if cache.poll(now) == Fetch::Now {
///         refresh(&mut cache, now);
///     }
///     let verified = match cache.verify_at::<serde_json::Value>(token, now) {
///         // A kid we do not know yet: maybe the issuer rotated. At most one fetch
///         // per cooldown, whatever kids attackers send.
///         Err(e) if e.kind() == ErrorKind::UnknownKey && cache.unknown_kid(now) == Fetch::Now => {
///             refresh(&mut cache, now);
///             cache.verify_at::<serde_json::Value>(token, now)
///         }
///         other => other,
///     }?;
///     Ok(verified.into_claims())
/// }
///
/// let cache = Mutex::new(JwksCache::new(CachePolicy::default(), |set| {
///     Verifier::builder()
///         .allow(Algorithm::ES256)
///         .key_set(set)
///         .issuer("https://issuer.example")
///         .build()
/// }));
/// // A token whose key is in the set but whose signature is wrong:
/// let token = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.e30.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
/// assert_eq!(verify(&cache, token).unwrap_err().kind(), ErrorKind::InvalidSignature);
/// ```
///
/// # The loop, step by step
///
/// The same decisions on a fake clock: what to fetch when ([`JwksCache::poll`],
/// [`JwksCache::unknown_kid`]), the fetched bytes or the failure handed back
/// ([`JwksCache::update`], [`JwksCache::fetch_failed`]), and tokens verified with the
/// keys of a [`JwksSnapshot`] (which a server keeps where its request handlers read it
/// without a lock):
///
/// ```
/// use std::time::Duration;
/// use strict_jwt::{
///     Algorithm, CachePolicy, Claims, ErrorKind, Fetch, JwkSet, JwksCache, NumericDate,
///     Signer, SigningKey, Verifier,
/// };
///
/// // The issuer: a signing key, and the JWK set its `jwks_uri` serves.
/// let old = SigningKey::generate(Algorithm::ES256)?;
/// let mut served = JwkSet::from_keys([old.to_public_jwk()?])?.to_json();
///
/// let mut cache = JwksCache::new(
///     CachePolicy::default().with_max_age(Duration::from_secs(600)),
///     |set| Verifier::builder().allow(Algorithm::ES256).key_set(set).build(),
/// );
/// let t0 = NumericDate::from_secs(1_800_000_000);
/// let at = |secs| t0.saturating_add(Duration::from_secs(secs));
///
/// // 1. Nothing fetched yet: fetch now and hand over the response body.
/// assert_eq!(cache.poll(t0), Fetch::Now);
/// cache.update(served.as_bytes(), t0)?;
/// // The next scheduled fetch is due `max_age` later.
/// assert_eq!(cache.poll(t0), Fetch::NotBefore(at(600)));
///
/// // 2. Verify with the snapshot's keys.
/// let snapshot = cache.snapshot()?;
/// let claims = |now| {
///     Claims::new_at((), now).subject("alice").expires_in(Duration::from_secs(900))
/// };
/// let token = Signer::new(old.clone()).sign(&claims(at(10)))?;
/// let verified = snapshot.verify_at::<serde_json::Value>(&token, at(10))?;
/// assert_eq!(verified.registered().subject()?, "alice");
///
/// // 3. The issuer publishes a new key and signs with it at once: an unknown kid.
/// let new = SigningKey::generate(Algorithm::ES256)?;
/// served = JwkSet::from_keys([new.to_public_jwk()?, old.to_public_jwk()?])?.to_json();
/// let token = Signer::new(new).sign(&claims(at(20)))?;
/// let unknown = snapshot.verify_at::<serde_json::Value>(&token, at(20)).unwrap_err();
/// assert_eq!(unknown.kind(), ErrorKind::UnknownKey);
/// // One early fetch is allowed; its set verifies the new token.
/// assert_eq!(cache.unknown_kid(at(20)), Fetch::Now);
/// cache.update(served.as_bytes(), at(20))?;
/// let snapshot = cache.snapshot()?;
/// assert_eq!(snapshot.generation(), 2);
/// snapshot.verify_at::<serde_json::Value>(&token, at(20))?;
/// // The next is not before the cooldown (30 s by default), whatever kids tokens carry.
/// assert_eq!(cache.unknown_kid(at(21)), Fetch::NotBefore(at(50)));
///
/// // 4. The scheduled fetch fails: the last good set stays, a retry is due 30 s later.
/// assert_eq!(cache.poll(at(620)), Fetch::Now);
/// cache.fetch_failed(at(620));
/// assert_eq!(cache.poll(at(620)), Fetch::NotBefore(at(650)));
/// snapshot.verify_at::<serde_json::Value>(&token, at(620))?;
/// # Ok::<(), strict_jwt::Error>(())
/// ```
pub struct JwksCache {
    policy: CachePolicy,
    build: Box<BuildVerifier>,
    current: Option<Current>,
    /// The last failed attempt since the last good one, and the document's error
    /// (none for a failed fetch).
    failure: Option<(NumericDate, Option<Error>)>,
    last_unknown_kid_fetch: Option<NumericDate>,
    /// Good updates so far.
    generation: u64,
}

struct Current {
    set: JwkSet,
    verifier: Arc<Verifier>,
    fetched_at: NumericDate,
    /// How long this set is used before a refresh is due.
    max_age: Duration,
}

/// An immutable view of a [`JwksCache`]'s current verifier, to share between threads or
/// tasks without holding any lock while verifying (see [`JwksCache::snapshot`]). It
/// applies the cache's `max_stale` rule itself.
#[derive(Clone, Debug)]
pub struct JwksSnapshot {
    verifier: Arc<Verifier>,
    fetched_at: NumericDate,
    usable_until: Option<NumericDate>,
    generation: u64,
}

impl JwksSnapshot {
    /// The verifier of this set, if it is still usable at `now`.
    ///
    /// # Errors
    /// [`ErrorKind::KeySetUnavailable`] when the set is older than the cache's
    /// `max_stale`.
    pub fn verifier(&self, now: NumericDate) -> Result<&Verifier> {
        match self.usable_until {
            Some(until) if now >= until => Err(STALE),
            _ => Ok(&self.verifier),
        }
    }

    /// Verifies `token` as of `now`, as [`JwksCache::verify_at`] does.
    ///
    /// # Errors
    /// As [`JwksSnapshot::verifier`], then as [`Verifier::verify_at`].
    pub fn verify_at<C: DeserializeOwned>(
        &self,
        token: &str,
        now: NumericDate,
    ) -> Result<Verified<'static, C>> {
        self.verifier(now)?.verify_at(token, now)
    }

    /// When this set was fetched.
    #[must_use]
    pub fn fetched_at(&self) -> NumericDate {
        self.fetched_at
    }

    /// Which good update of the cache this is (1 for the first set): two snapshots with
    /// the same generation hold the same set.
    #[must_use]
    pub fn generation(&self) -> u64 {
        self.generation
    }
}

const NOT_FETCHED: Error = Error::new(ErrorKind::KeySetUnavailable, "no JWKS has been fetched yet");
const STALE: Error = Error::new(
    ErrorKind::KeySetUnavailable,
    "the JWKS is older than max_stale",
);

impl JwksCache {
    /// An empty cache. `build` turns each fetched set into a verifier (algorithms,
    /// issuer, audience ...); a set it refuses is a failed refresh.
    pub fn new(
        policy: CachePolicy,
        build: impl Fn(&JwkSet) -> Result<Verifier> + Send + Sync + 'static,
    ) -> Self {
        Self {
            policy,
            build: Box::new(build),
            current: None,
            failure: None,
            last_unknown_kid_fetch: None,
            generation: 0,
        }
    }

    /// Whether a refresh is due at `now`: right away when nothing was fetched yet (or
    /// `retry_after_failure` after a failed first fetch), `max_age` after the last good
    /// fetch, and never sooner than `retry_after_failure` after a failure.
    #[must_use]
    pub fn poll(&self, now: NumericDate) -> Fetch {
        let retry = self
            .failure
            .as_ref()
            .map(|(at, _)| at.saturating_add(self.policy.retry_after_failure));
        let due = match (&self.current, retry) {
            (None, None) => return Fetch::Now,
            (None, Some(retry)) => retry,
            (Some(c), retry) => {
                let stale = c.fetched_at.saturating_add(c.max_age);
                retry.map_or(stale, |r| r.max(stale))
            }
        };
        if now >= due {
            Fetch::Now
        } else {
            Fetch::NotBefore(due)
        }
    }

    /// A token had a `kid` the current set does not have: may the application fetch
    /// now? [`Fetch::Now`] at most once per `unknown_kid_cooldown` (the call that
    /// returns it starts the next window), so that random `kid`s cannot amplify
    /// fetches. Before any set was fetched, defers to [`JwksCache::poll`].
    pub fn unknown_kid(&mut self, now: NumericDate) -> Fetch {
        if self.current.is_none() {
            return self.poll(now);
        }
        if let Some(last) = self.last_unknown_kid_fetch {
            let next = last.saturating_add(self.policy.unknown_kid_cooldown);
            if now < next {
                return Fetch::NotBefore(next);
            }
        }
        self.last_unknown_kid_fetch = Some(now);
        Fetch::Now
    }

    /// Gives the cache a fetched JWKS document. It replaces the current set only if
    /// it parses as a [`JwkSet`] and the `build` function makes a verifier of it;
    /// otherwise the last good set stays, and the next attempt is due
    /// `retry_after_failure` later.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] for bytes that are not UTF-8, and otherwise the error of
    /// [`JwkSet::from_json`] or of `build`.
    pub fn update(&mut self, body: &[u8], now: NumericDate) -> Result<&JwkSet> {
        self.update_with_max_age(body, now, None)
    }

    /// As [`JwksCache::update`], with the lifetime the HTTP response gave the document
    /// (its `Cache-Control: max-age`; zero for `no-cache` or `no-store`). It is kept
    /// within the policy's `min_age..=max_age`; `None` means `max_age`.
    ///
    /// # Errors
    /// As [`JwksCache::update`].
    pub fn update_with_max_age(
        &mut self,
        body: &[u8],
        now: NumericDate,
        max_age: Option<Duration>,
    ) -> Result<&JwkSet> {
        let max_age = max_age.map_or(self.policy.max_age, |age| {
            age.max(self.policy.min_age).min(self.policy.max_age)
        });
        let built = core::str::from_utf8(body)
            .map_err(|_| Error::invalid_key("JWKS document is not UTF-8"))
            .and_then(JwkSet::from_json)
            .and_then(|set| (self.build)(&set).map(|verifier| (set, verifier)));
        match built {
            Ok((set, verifier)) => {
                self.failure = None;
                self.generation = self.generation.saturating_add(1);
                let current = self.current.insert(Current {
                    set,
                    verifier: Arc::new(verifier),
                    fetched_at: now,
                    max_age,
                });
                Ok(&current.set)
            }
            Err(e) => {
                self.failure = Some((now, Some(e.clone())));
                Err(e)
            }
        }
    }

    /// Records a fetch that failed before any document arrived (network, HTTP status).
    /// The last good set stays; the next attempt is due `retry_after_failure` later.
    pub fn fetch_failed(&mut self, now: NumericDate) {
        self.failure = Some((now, None));
    }

    /// The verifier of the current set.
    ///
    /// # Errors
    /// [`ErrorKind::KeySetUnavailable`] when no set has been fetched yet, or when the
    /// last good fetch is older than `max_stale`.
    pub fn verifier(&self, now: NumericDate) -> Result<&Verifier> {
        let current = self.current.as_ref().ok_or(NOT_FETCHED)?;
        match self.usable_until(current) {
            Some(until) if now >= until => Err(STALE),
            _ => Ok(&current.verifier),
        }
    }

    /// The `max_stale` deadline of a set, shared by the cache and its snapshots.
    fn usable_until(&self, current: &Current) -> Option<NumericDate> {
        self.policy
            .max_stale
            .map(|stale| current.fetched_at.saturating_add(stale))
    }

    /// The current verifier as an immutable, shareable snapshot: a server keeps it in an
    /// atomically swapped cell and verifies without touching the cache, whose lock (if
    /// any) is then only taken to poll and update.
    ///
    /// # Errors
    /// [`ErrorKind::KeySetUnavailable`] when no set has been fetched yet.
    pub fn snapshot(&self) -> Result<JwksSnapshot> {
        let current = self.current.as_ref().ok_or(NOT_FETCHED)?;
        Ok(JwksSnapshot {
            verifier: Arc::clone(&current.verifier),
            fetched_at: current.fetched_at,
            usable_until: self.usable_until(current),
            generation: self.generation,
        })
    }

    /// Good updates so far (0 before the first set).
    #[must_use]
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The policy the cache was made with.
    #[must_use]
    pub fn policy(&self) -> &CachePolicy {
        &self.policy
    }

    /// Verifies `token` as of `now` with the current set's verifier.
    ///
    /// # Errors
    /// As [`JwksCache::verifier`], then as [`Verifier::verify_at`]. On
    /// [`ErrorKind::UnknownKey`], ask [`JwksCache::unknown_kid`] whether to refresh; on
    /// [`ErrorKind::KeySetUnavailable`], ask [`JwksCache::poll`].
    pub fn verify_at<C: DeserializeOwned>(
        &self,
        token: &str,
        now: NumericDate,
    ) -> Result<Verified<'static, C>> {
        self.verifier(now)?.verify_at(token, now)
    }

    /// The current (last good) set, if any.
    #[must_use]
    pub fn key_set(&self) -> Option<&JwkSet> {
        self.current.as_ref().map(|c| &c.set)
    }

    /// When the current set was fetched.
    #[must_use]
    pub fn fetched_at(&self) -> Option<NumericDate> {
        self.current.as_ref().map(|c| c.fetched_at)
    }

    /// The last failed attempt since the last good one: when, and the document's
    /// error (none when the fetch itself failed).
    #[must_use]
    pub fn last_failure(&self) -> Option<(NumericDate, Option<&Error>)> {
        self.failure.as_ref().map(|(at, e)| (*at, e.as_ref()))
    }
}

impl fmt::Debug for JwksCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JwksCache")
            .field("policy", &self.policy)
            .field("fetched_at", &self.fetched_at())
            .field("keys", &self.key_set().map(|s| s.keys().len()))
            .field("last_failure", &self.failure)
            .field("last_unknown_kid_fetch", &self.last_unknown_kid_fetch)
            .finish_non_exhaustive()
    }
}
