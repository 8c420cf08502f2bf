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
//!   verifying ([`ErrorKind::KeySetUnavailable`]), rather than trust keys the issuer may
//!   have revoked.
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

use crate::claims::NumericDate;
use crate::error::{Error, ErrorKind, Result};
use crate::jwk_set::JwkSet;
use crate::token::Verified;
use crate::verify::Verifier;
use alloc::boxed::Box;
use alloc::sync::Arc;
use core::fmt;
use core::time::Duration;
use serde::de::DeserializeOwned;

/// Timing rules of a [`JwksCache`].
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
    /// Fetch the JWKS now and give the bytes to [`JwksCache::update`] (or report a
    /// transport failure with [`JwksCache::fetch_failed`]).
    Now,
    /// Nothing to do before this time.
    NotBefore(NumericDate),
}

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
    /// [`ErrorKind::Malformed`] for bytes that are not UTF-8, and otherwise the error of
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
            .map_err(|_| Error::malformed("JWKS document is not UTF-8"))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Algorithm, Claims, Signer, SigningKey};
    use alloc::string::String;
    use alloc::vec::Vec;
    use serde::de::IgnoredAny;

    const T0: NumericDate = NumericDate::from_secs(1_800_000_000);

    fn at(secs: u64) -> NumericDate {
        T0.saturating_add(Duration::from_secs(secs))
    }

    fn policy() -> CachePolicy {
        CachePolicy {
            max_age: Duration::from_secs(600),
            min_age: Duration::from_secs(30),
            unknown_kid_cooldown: Duration::from_secs(60),
            retry_after_failure: Duration::from_secs(10),
            max_stale: None,
        }
    }

    fn cache(policy: CachePolicy) -> JwksCache {
        JwksCache::new(policy, |set| {
            Verifier::builder()
                .allow(Algorithm::ES256)
                .key_set(set)
                .build()
        })
    }

    fn jwks(keys: &[&SigningKey]) -> Vec<u8> {
        let keys = keys.iter().map(|k| k.to_public_jwk().unwrap());
        JwkSet::from_keys(keys)
            .unwrap()
            .to_json()
            .as_bytes()
            .to_vec()
    }

    /// A token by `key` (kid = its thumbprint), valid for a day from T0.
    fn token(key: &SigningKey) -> String {
        Signer::new(key.clone())
            .sign(&Claims::new_at((), T0).expires_in(Duration::from_secs(86_400)))
            .unwrap()
    }

    fn kind<T>(r: Result<T>) -> Option<ErrorKind> {
        r.err().map(|e| e.kind())
    }

    #[test]
    fn empty_cache_wants_a_fetch_and_knows_no_key() {
        let mut c = cache(policy());
        assert_eq!(c.poll(T0), Fetch::Now);
        // No set yet is the server's problem, not the token's: not UnknownKey.
        assert_eq!(kind(c.verifier(T0)), Some(ErrorKind::KeySetUnavailable));
        assert_eq!(kind(c.snapshot()), Some(ErrorKind::KeySetUnavailable));
        assert!(ErrorKind::KeySetUnavailable.is_application_error());
        let a = SigningKey::generate(Algorithm::ES256).unwrap();
        assert_eq!(
            kind(c.verify_at::<IgnoredAny>(&token(&a), T0)),
            Some(ErrorKind::KeySetUnavailable)
        );
        assert_eq!(c.generation(), 0);
        // Before the first set, an unknown kid defers to the schedule: fetch now.
        assert_eq!(c.unknown_kid(T0), Fetch::Now);
        assert!(c.key_set().is_none() && c.fetched_at().is_none());
    }

    #[test]
    fn refresh_is_due_after_max_age() {
        let a = SigningKey::generate(Algorithm::ES256).unwrap();
        let mut c = cache(policy());
        c.update(&jwks(&[&a]), T0).unwrap();
        assert_eq!(c.fetched_at(), Some(T0));
        assert_eq!(c.poll(T0), Fetch::NotBefore(at(600)));
        assert_eq!(c.poll(at(599)), Fetch::NotBefore(at(600)));
        assert_eq!(c.poll(at(600)), Fetch::Now);
        c.update(&jwks(&[&a]), at(605)).unwrap();
        assert_eq!(c.poll(at(606)), Fetch::NotBefore(at(1205)));
        c.verify_at::<IgnoredAny>(&token(&a), at(606)).unwrap();
    }

    #[test]
    fn malformed_refresh_keeps_the_last_good_set() {
        let a = SigningKey::generate(Algorithm::ES256).unwrap();
        let mut c = cache(policy());
        c.update(&jwks(&[&a]), T0).unwrap();
        let bad: [&[u8]; 5] = [
            b"",
            b"<html>502 Bad Gateway</html>",
            b"{\"keys\":[]",
            b"{\"keys\":[],\"keys\":[]}",
            &[0xff, 0xfe, b'{'],
        ];
        for (i, body) in bad.iter().enumerate() {
            let now = at(600 + i as u64);
            assert_eq!(
                kind(c.update(body, now)),
                Some(ErrorKind::Malformed),
                "body #{i}"
            );
            assert_eq!(c.last_failure().map(|(t, _)| t), Some(now), "body #{i}");
            c.verify_at::<IgnoredAny>(&token(&a), now)
                .unwrap_or_else(|e| panic!("body #{i}: last good set lost: {e}"));
            assert_eq!(c.fetched_at(), Some(T0), "body #{i}");
        }
        // Retry after the failure, not on every poll.
        assert_eq!(c.poll(at(604)), Fetch::NotBefore(at(614)));
        assert_eq!(c.poll(at(614)), Fetch::Now);
        // A good document clears the failure.
        c.update(&jwks(&[&a]), at(614)).unwrap();
        assert!(c.last_failure().is_none());
        assert_eq!(c.poll(at(615)), Fetch::NotBefore(at(1214)));
    }

    #[test]
    fn a_set_the_verifier_refuses_keeps_the_last_good_set() {
        let a = SigningKey::generate(Algorithm::ES256).unwrap();
        let ed = SigningKey::generate(Algorithm::EdDSA).unwrap();
        let mut c = cache(policy());
        c.update(&jwks(&[&a]), T0).unwrap();
        // Parses, but has no ES256 key: the build function refuses it.
        assert_eq!(
            kind(c.update(&jwks(&[&ed]), at(1))),
            Some(ErrorKind::Configuration)
        );
        // Duplicate kids: refused at import.
        let public = a.to_public_jwk().unwrap().to_json();
        let dup = alloc::format!(r#"{{"keys":[{},{}]}}"#, public.as_str(), public.as_str());
        let dup = dup.as_bytes();
        assert_eq!(kind(c.update(dup, at(2))), Some(ErrorKind::InvalidKey));
        c.verify_at::<IgnoredAny>(&token(&a), at(3)).unwrap();
        assert_eq!(
            c.last_failure().and_then(|(_, e)| e).map(Error::kind),
            Some(ErrorKind::InvalidKey)
        );
    }

    #[test]
    fn failed_fetch_is_retried_after_the_failure_delay() {
        let mut c = cache(policy());
        c.fetch_failed(T0);
        assert_eq!(c.poll(T0), Fetch::NotBefore(at(10)));
        assert_eq!(c.poll(at(10)), Fetch::Now);
        assert_eq!(c.last_failure(), Some((T0, None)));
        let a = SigningKey::generate(Algorithm::ES256).unwrap();
        c.update(&jwks(&[&a]), at(10)).unwrap();
        // A failed scheduled refresh never brings the schedule forward...
        c.fetch_failed(at(20));
        assert_eq!(c.poll(at(21)), Fetch::NotBefore(at(610)));
        // ... and past max age, retries wait for the failure delay.
        c.fetch_failed(at(610));
        assert_eq!(c.poll(at(611)), Fetch::NotBefore(at(620)));
        assert_eq!(c.poll(at(620)), Fetch::Now);
        c.verify_at::<IgnoredAny>(&token(&a), at(620)).unwrap();
    }

    #[test]
    fn unknown_kid_refresh_is_allowed_once_per_cooldown() {
        let a = SigningKey::generate(Algorithm::ES256).unwrap();
        let mut c = cache(policy());
        c.update(&jwks(&[&a]), T0).unwrap();
        // A thousand tokens with random kids in one window: one fetch.
        let mut fetches = 0;
        for i in 0..1000 {
            let stranger = SigningKey::generate(Algorithm::ES256)
                .unwrap()
                .with_kid(alloc::format!("random-{i}"));
            let now = at(5 + i / 100);
            assert_eq!(
                kind(c.verify_at::<IgnoredAny>(&token(&stranger), now)),
                Some(ErrorKind::UnknownKey)
            );
            if c.unknown_kid(now) == Fetch::Now {
                fetches += 1;
                c.update(&jwks(&[&a]), now).unwrap();
            }
        }
        assert_eq!(fetches, 1);
        assert_eq!(c.unknown_kid(at(64)), Fetch::NotBefore(at(65)));
        assert_eq!(c.unknown_kid(at(65)), Fetch::Now);
        assert_eq!(c.unknown_kid(at(66)), Fetch::NotBefore(at(125)));
    }

    #[test]
    fn unknown_kid_refresh_picks_up_a_rotated_key() {
        let (a, b) = (
            SigningKey::generate(Algorithm::ES256).unwrap(),
            SigningKey::generate(Algorithm::ES256).unwrap(),
        );
        let mut c = cache(policy());
        c.update(&jwks(&[&a]), T0).unwrap();
        let now = at(30);
        let new_token = token(&b);
        assert_eq!(
            kind(c.verify_at::<IgnoredAny>(&new_token, now)),
            Some(ErrorKind::UnknownKey)
        );
        assert_eq!(c.unknown_kid(now), Fetch::Now);
        c.update(&jwks(&[&b, &a]), now).unwrap();
        c.verify_at::<IgnoredAny>(&new_token, now).unwrap();
        c.verify_at::<IgnoredAny>(&token(&a), now).unwrap();
        // The issuer retires A: its tokens stop verifying at the next refresh.
        c.update(&jwks(&[&b]), at(630)).unwrap();
        assert_eq!(
            kind(c.verify_at::<IgnoredAny>(&token(&a), at(630))),
            Some(ErrorKind::UnknownKey)
        );
    }

    #[test]
    fn max_stale_stops_verification_with_an_old_set() {
        let a = SigningKey::generate(Algorithm::ES256).unwrap();
        let mut c = cache(CachePolicy {
            max_stale: Some(Duration::from_secs(3600)),
            ..policy()
        });
        c.update(&jwks(&[&a]), T0).unwrap();
        c.fetch_failed(at(600));
        c.verify_at::<IgnoredAny>(&token(&a), at(3599)).unwrap();
        let snapshot = c.snapshot().unwrap();
        snapshot
            .verify_at::<IgnoredAny>(&token(&a), at(3599))
            .unwrap();
        assert_eq!(
            kind(c.verify_at::<IgnoredAny>(&token(&a), at(3600))),
            Some(ErrorKind::KeySetUnavailable)
        );
        // A snapshot taken before applies the same rule.
        assert_eq!(
            kind(snapshot.verify_at::<IgnoredAny>(&token(&a), at(3600))),
            Some(ErrorKind::KeySetUnavailable)
        );
        c.update(&jwks(&[&a]), at(3600)).unwrap();
        c.verify_at::<IgnoredAny>(&token(&a), at(3600)).unwrap();
    }

    #[test]
    fn default_policy_and_debug() {
        let p = CachePolicy::default();
        assert_eq!(p.max_age, Duration::from_secs(3600));
        assert_eq!(p.min_age, Duration::from_secs(60));
        assert_eq!(p.unknown_kid_cooldown, Duration::from_secs(30));
        assert_eq!(p.retry_after_failure, Duration::from_secs(30));
        assert_eq!(p.max_stale, None);
        let c = cache(p);
        assert!(alloc::format!("{c:?}").starts_with("JwksCache"));
    }

    #[test]
    fn response_max_age_is_honoured_within_the_policy_bounds() {
        let a = SigningKey::generate(Algorithm::ES256).unwrap();
        let mut c = cache(policy()); // min_age 30 s, max_age 600 s
        let cases = [
            (Some(120), 120),    // inside the bounds: as the response says
            (Some(0), 30),       // max-age=0 / no-cache: not more often than min_age
            (Some(86_400), 600), // a day: capped at max_age
            (None, 600),         // no header: max_age
        ];
        for (i, (given, due)) in cases.into_iter().enumerate() {
            let now = at(i as u64 * 10_000);
            c.update_with_max_age(&jwks(&[&a]), now, given.map(Duration::from_secs))
                .unwrap();
            let next = now.saturating_add(Duration::from_secs(due));
            assert_eq!(c.poll(now), Fetch::NotBefore(next), "case #{i}: {given:?}");
            assert_eq!(
                c.poll(now.saturating_add(Duration::from_secs(due))),
                Fetch::Now,
                "case #{i}"
            );
        }
        assert_eq!(c.generation(), 4);
    }

    #[test]
    fn snapshot_is_the_set_of_its_generation() {
        let (a, b) = (
            SigningKey::generate(Algorithm::ES256).unwrap(),
            SigningKey::generate(Algorithm::ES256).unwrap(),
        );
        let mut c = cache(policy());
        c.update(&jwks(&[&a]), T0).unwrap();
        let first = c.snapshot().unwrap();
        assert_eq!((first.generation(), first.fetched_at()), (1, T0));
        // A refused document changes nothing.
        assert!(c.update(b"{}", at(1)).is_err());
        assert_eq!(c.generation(), 1);
        c.update(&jwks(&[&b]), at(2)).unwrap();
        let second = c.snapshot().unwrap();
        assert_eq!((second.generation(), second.fetched_at()), (2, at(2)));
        // The old snapshot still verifies with the old set, the new one with the new.
        first.verify_at::<IgnoredAny>(&token(&a), at(3)).unwrap();
        assert_eq!(
            kind(first.verify_at::<IgnoredAny>(&token(&b), at(3))),
            Some(ErrorKind::UnknownKey)
        );
        second.verify_at::<IgnoredAny>(&token(&b), at(3)).unwrap();
        assert_eq!(
            kind(second.verify_at::<IgnoredAny>(&token(&a), at(3))),
            Some(ErrorKind::UnknownKey)
        );
    }

    /// The attack of the JWKS-cache review: one random kid every cooldown used to keep a
    /// rotation out for 5 minutes. Whatever kids arrive, a key published at `t` verifies
    /// by `t + unknown_kid_cooldown`, with the default policy.
    #[test]
    fn rotation_after_a_burst_of_random_kids_is_accepted_within_the_cooldown() {
        let policy = CachePolicy::default();
        let cooldown = policy.unknown_kid_cooldown;
        assert_eq!(cooldown, Duration::from_secs(30));
        let (a, b) = (
            SigningKey::generate(Algorithm::ES256).unwrap(),
            SigningKey::generate(Algorithm::ES256).unwrap(),
        );
        let mut c = cache(policy);
        c.update(&jwks(&[&a]), T0).unwrap();
        // The issuer's endpoint: A until it publishes B at `published`.
        let published = at(11);
        let serve = |now: NumericDate| {
            if now >= published {
                jwks(&[&b, &a])
            } else {
                jwks(&[&a])
            }
        };
        let mut fetches = 0;
        // An attacker's burst at t0+10: 200 tokens with random kids, one fetch.
        for i in 0..200 {
            let stranger = SigningKey::generate(Algorithm::ES256)
                .unwrap()
                .with_kid(alloc::format!("random-{i}"));
            let now = at(10);
            assert_eq!(
                kind(c.verify_at::<IgnoredAny>(&token(&stranger), now)),
                Some(ErrorKind::UnknownKey)
            );
            if c.unknown_kid(now) == Fetch::Now {
                fetches += 1;
                c.update(&serve(now), now).unwrap();
            }
        }
        assert_eq!(fetches, 1);
        // The issuer signs with B right away; the attacker keeps sending random kids
        // every second, and a user presents a B token every second.
        let new_token = token(&b);
        let mut accepted_at = None;
        for s in 11..=120 {
            let now = at(s);
            let stranger = SigningKey::generate(Algorithm::ES256)
                .unwrap()
                .with_kid(alloc::format!("late-{s}"));
            for t in [token(&stranger), new_token.clone()] {
                let result = c.verify_at::<IgnoredAny>(&t, now);
                if t == new_token && result.is_ok() {
                    accepted_at.get_or_insert(now);
                }
                if kind(result) == Some(ErrorKind::UnknownKey) && c.unknown_kid(now) == Fetch::Now {
                    fetches += 1;
                    c.update(&serve(now), now).unwrap();
                }
            }
        }
        let accepted_at = accepted_at.expect("the rotated key was never accepted");
        assert!(
            accepted_at <= published.saturating_add(cooldown),
            "B accepted at {accepted_at:?}, published at {published:?}, cooldown {cooldown:?}"
        );
        // And the random kids still cost one fetch per cooldown at most.
        assert!(fetches <= 1 + 110 / 30 + 1, "{fetches} fetches");
    }
}
