//! An issuer's signing keys over time, sans-IO: which key signs, which keys are published,
//! when a key may be deleted.
//!
//! See [`KeyRing`] for the three phases of a key and what the application stores.

use crate::claims::NumericDate;
use crate::error::{Error, ErrorKind, Result};
use crate::jwk::{Jwk, JwkSet};
use crate::key::{SigningKey, VerifyingKey};
use crate::sign::Signer;
use crate::thumbprint::ThumbprintHash;
use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

/// One key of a [`KeyRing`] and the two times that place it: when it was published and
/// when it starts signing. Store these with the key to rebuild the ring
/// ([`KeyRing::insert`]).
#[derive(Clone, Debug)]
pub struct RingKey {
    key: SigningKey,
    kid: String,
    published_at: NumericDate,
    activates_at: NumericDate,
}

impl RingKey {
    /// The private key (its `kid` is [`RingKey::kid`]).
    #[must_use]
    pub fn key(&self) -> &SigningKey {
        &self.key
    }

    /// The key's `kid`, unique in the ring.
    #[must_use]
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// When the key entered the published JWK set.
    #[must_use]
    pub fn published_at(&self) -> NumericDate {
        self.published_at
    }

    /// When the key starts signing.
    #[must_use]
    pub fn activates_at(&self) -> NumericDate {
        self.activates_at
    }

    /// The public key, with its `kid`.
    #[must_use]
    pub fn verifying_key(&self) -> VerifyingKey {
        self.key.verifying_key()
    }
}

/// Where a key of a [`KeyRing`] stands at a given time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyState {
    /// Published, not yet signing (its lead time is running).
    Next,
    /// The key that signs.
    Active,
    /// Superseded; still published until the tokens it signed have expired.
    Retiring,
    /// No longer published; [`KeyRing::remove_retired`] removes it.
    Retired,
}

/// An issuer's signing keys, sans-IO: which key signs, which keys are published, when a key
/// may be deleted.
///
/// Rotation without a single refused token needs three phases per key:
///
/// 1. **next**: published in the JWK set, not yet signing. Verifiers that cached the set
///    before the key appeared refresh within their cache lifetime; the ring waits
///    `lead_time` (set it at least to the verifiers' longest cache lifetime, e.g. the
///    `max-age` the JWK set is served with, plus a margin) before signing with it.
/// 2. **active**: the key with the latest activation time that has come. It signs.
/// 3. **retiring**: superseded, still published, because tokens it signed are still
///    valid. It retires `max_token_lifetime` after its successor took over, when the last
///    token it signed has expired; then it leaves the set and may be deleted.
///
/// The ring holds no clock and does no I/O: every query takes `now`, and storing the keys
/// (their PKCS#8 and the two times of [`RingKey`]) is the application's job, as is
/// calling [`KeyRing::remove_retired`].
///
/// ```
/// use std::time::Duration;
/// use strict_jwt::{Algorithm, KeyRing, KeyState, NumericDate, SigningKey};
///
/// let mut ring = KeyRing::new(Duration::from_secs(600), Duration::from_secs(900));
/// let t0 = NumericDate::from_secs(1_000_000);
/// let first = ring.rotate(SigningKey::generate(Algorithm::ES256)?, t0)?.to_owned();
/// assert_eq!(ring.state(&first, t0)?, KeyState::Active); // an empty ring's first key signs at once
///
/// let t1 = NumericDate::from_secs(2_000_000);
/// let second = ring.rotate(SigningKey::generate(Algorithm::ES256)?, t1)?.to_owned();
/// assert_eq!(ring.state(&second, t1)?, KeyState::Next);   // published, not signing
/// assert_eq!(ring.active(t1)?.kid(), first);
///
/// let t2 = NumericDate::from_secs(2_000_600);              // lead time served
/// assert_eq!(ring.active(t2)?.kid(), second);
/// assert_eq!(ring.state(&first, t2)?, KeyState::Retiring);
/// assert_eq!(ring.published(t2).count(), 2);
///
/// let t3 = NumericDate::from_secs(2_001_500);              // every token of `first` expired
/// assert_eq!(ring.remove_retired(t3).len(), 1);
/// assert_eq!(ring.published(t3).count(), 1);
/// # Ok::<(), strict_jwt::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct KeyRing {
    /// Sorted by activation time, then publication time.
    keys: Vec<RingKey>,
    lead_time: Duration,
    max_token_lifetime: Duration,
}

impl KeyRing {
    /// An empty ring. `lead_time`: how long a new key is published before it signs.
    /// `max_token_lifetime`: the longest lifetime of a token signed by these keys (the
    /// access-token TTL, plus any leeway verifiers allow), i.e. how long a superseded key
    /// stays published.
    #[must_use]
    pub fn new(lead_time: Duration, max_token_lifetime: Duration) -> Self {
        Self {
            keys: Vec::new(),
            lead_time,
            max_token_lifetime,
        }
    }

    /// The lead time given to [`KeyRing::new`].
    #[must_use]
    pub fn lead_time(&self) -> Duration {
        self.lead_time
    }

    /// The token lifetime given to [`KeyRing::new`].
    #[must_use]
    pub fn max_token_lifetime(&self) -> Duration {
        self.max_token_lifetime
    }

    /// Publishes `key` at `now` as the next key and returns its `kid` (the key's own, or
    /// else its RFC 7638 SHA-256 thumbprint). It signs from `now + lead_time`; the first
    /// key of an empty ring (nothing published, nothing signed before it) signs at once.
    ///
    /// # Errors
    /// [`ErrorKind::Configuration`] if a next key is already waiting for its lead time
    /// (rotate again once it is active), or if the `kid` is already in the ring.
    pub fn rotate(&mut self, key: SigningKey, now: NumericDate) -> Result<&str> {
        if self.keys.iter().any(|k| k.activates_at > now) {
            return Err(Error::new(
                ErrorKind::Configuration,
                "a next key is already waiting for its lead time",
            ));
        }
        let activates_at = if self.keys.is_empty() {
            now
        } else {
            now.saturating_add(self.lead_time)
        };
        self.insert(key, now, activates_at)
    }

    /// Adds a key with its stored times (rebuilding a ring from storage) and returns its
    /// `kid` (the key's own, or its RFC 7638 SHA-256 thumbprint).
    ///
    /// # Errors
    /// [`ErrorKind::Configuration`] if the `kid` is already in the ring or
    /// `activates_at` is before `published_at`.
    pub fn insert(
        &mut self,
        key: SigningKey,
        published_at: NumericDate,
        activates_at: NumericDate,
    ) -> Result<&str> {
        if activates_at < published_at {
            return Err(Error::new(
                ErrorKind::Configuration,
                "a key cannot sign before it is published",
            ));
        }
        let (key, kid) = match key.kid() {
            Some(kid) => {
                let kid = String::from(kid);
                (key, kid)
            }
            None => {
                let kid = key.thumbprint(ThumbprintHash::Sha256)?;
                (key.with_kid(kid.clone()), kid)
            }
        };
        if self.keys.iter().any(|k| k.kid == kid) {
            return Err(Error::new(
                ErrorKind::Configuration,
                "a key with this kid is already in the ring",
            ));
        }
        let at = self
            .keys
            .partition_point(|k| (k.activates_at, k.published_at) <= (activates_at, published_at));
        self.keys.insert(
            at,
            RingKey {
                key,
                kid,
                published_at,
                activates_at,
            },
        );
        Ok(&self.keys[at].kid)
    }

    /// Every key, retired ones included, in order of activation.
    #[must_use]
    pub fn keys(&self) -> &[RingKey] {
        &self.keys
    }

    fn index_of(&self, kid: &str) -> Result<usize> {
        self.keys
            .iter()
            .position(|k| k.kid == kid)
            .ok_or(Error::new(
                ErrorKind::UnknownKey,
                "no key with this kid in the ring",
            ))
    }

    fn active_index(&self, now: NumericDate) -> Option<usize> {
        self.keys.iter().rposition(|k| k.activates_at <= now)
    }

    /// When the key at `i` leaves the published set: `max_token_lifetime` after the key
    /// after it started signing; `None` while no key follows it.
    fn retire_time(&self, i: usize) -> Option<NumericDate> {
        self.keys
            .get(i + 1)
            .map(|next| next.activates_at.saturating_add(self.max_token_lifetime))
    }

    fn state_of(&self, i: usize, now: NumericDate) -> KeyState {
        match self.active_index(now) {
            Some(a) if a == i => KeyState::Active,
            Some(a) if i > a => KeyState::Next,
            None => KeyState::Next,
            Some(_) => match self.retire_time(i) {
                Some(t) if t <= now => KeyState::Retired,
                _ => KeyState::Retiring,
            },
        }
    }

    /// The state of the key `kid` at `now`.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownKey`] if no key of the ring has this `kid`.
    pub fn state(&self, kid: &str, now: NumericDate) -> Result<KeyState> {
        Ok(self.state_of(self.index_of(kid)?, now))
    }

    /// When the key `kid` retires: `Ok(None)` while no key follows it.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownKey`] if no key of the ring has this `kid`.
    pub fn retires_at(&self, kid: &str) -> Result<Option<NumericDate>> {
        Ok(self.retire_time(self.index_of(kid)?))
    }

    /// The key that signs at `now`.
    ///
    /// # Errors
    /// [`ErrorKind::Configuration`] if no key is active yet (the ring is empty).
    pub fn active(&self, now: NumericDate) -> Result<&RingKey> {
        self.active_index(now)
            .and_then(|i| self.keys.get(i))
            .ok_or(Error::new(
                ErrorKind::Configuration,
                "the key ring has no active key",
            ))
    }

    /// A [`Signer`] for the key active at `now`, its header carrying the `kid`.
    ///
    /// # Errors
    /// As [`KeyRing::active`].
    pub fn signer(&self, now: NumericDate) -> Result<Signer> {
        Ok(Signer::new(self.active(now)?.key.clone()))
    }

    /// The keys published at `now`: next, active and retiring, in order of activation.
    pub fn published(&self, now: NumericDate) -> impl Iterator<Item = &RingKey> {
        self.keys.iter().enumerate().filter_map(move |(i, k)| {
            (k.published_at <= now && self.state_of(i, now) != KeyState::Retired).then_some(k)
        })
    }

    /// The public keys published at `now`, with their `kid`s, e.g. for the issuer's own
    /// [`Verifier`](crate::Verifier).
    pub fn verifying_keys(&self, now: NumericDate) -> impl Iterator<Item = VerifyingKey> {
        self.published(now).map(RingKey::verifying_key)
    }

    /// The public JWK set to serve at `now`: `{"keys":[...]}` of every published key.
    ///
    /// # Errors
    /// [`ErrorKind::IncompatibleKey`] if the ring holds an HMAC key (a shared secret has no
    /// public form).
    pub fn jwk_set_json(&self, now: NumericDate) -> Result<String> {
        let keys = self
            .published(now)
            .map(|k| k.key.to_public_jwk())
            .collect::<Result<Vec<Jwk>>>()?;
        // Public keys only: a plain `String` is fine.
        Ok(String::from(JwkSet::keys_json(&keys).as_str()))
    }

    /// The next time any key changes state after `now` (a key activates or retires), for
    /// scheduling; `None` if nothing is due.
    #[must_use]
    pub fn next_change(&self, now: NumericDate) -> Option<NumericDate> {
        let activations = self.keys.iter().map(|k| k.activates_at);
        let retirements = (0..self.keys.len()).filter_map(|i| self.retire_time(i));
        activations.chain(retirements).filter(|t| *t > now).min()
    }

    /// Removes and returns the keys retired at `now`, for the application to delete
    /// from storage.
    pub fn remove_retired(&mut self, now: NumericDate) -> Vec<RingKey> {
        let retired: Vec<bool> = (0..self.keys.len())
            .map(|i| self.state_of(i, now) == KeyState::Retired)
            .collect();
        let mut removed = Vec::new();
        let mut kept = Vec::with_capacity(self.keys.len());
        for (k, gone) in self.keys.drain(..).zip(retired) {
            if gone { removed.push(k) } else { kept.push(k) }
        }
        self.keys = kept;
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Algorithm, Verifier};

    const LEAD: Duration = Duration::from_secs(600);
    const TTL: Duration = Duration::from_secs(900);

    fn at(s: i64) -> NumericDate {
        NumericDate::from_secs(s)
    }

    fn key() -> SigningKey {
        SigningKey::generate(Algorithm::ES256).unwrap()
    }

    #[test]
    fn an_empty_ring_has_no_signer_and_publishes_nothing() {
        let ring = KeyRing::new(LEAD, TTL);
        assert_eq!(
            ring.active(at(0)).unwrap_err().kind(),
            ErrorKind::Configuration
        );
        assert_eq!(
            ring.signer(at(0)).unwrap_err().kind(),
            ErrorKind::Configuration
        );
        assert_eq!(ring.jwk_set_json(at(0)).unwrap(), r#"{"keys":[]}"#);
        assert_eq!(ring.next_change(at(0)), None);
    }

    #[test]
    fn a_key_signs_only_after_its_lead_time_and_the_old_one_retires_after_the_token_lifetime() {
        let mut ring = KeyRing::new(LEAD, TTL);
        let a = ring.rotate(key(), at(100)).unwrap().to_owned();
        assert_eq!(ring.state(&a, at(100)).unwrap(), KeyState::Active);
        let b = ring.rotate(key(), at(1000)).unwrap().to_owned();

        // Published at once, signing only from 1600.
        assert_eq!(ring.state(&b, at(1000)).unwrap(), KeyState::Next);
        assert_eq!(ring.state(&b, at(1599)).unwrap(), KeyState::Next);
        assert_eq!(ring.active(at(1599)).unwrap().kid(), a);
        assert_eq!(ring.published(at(1000)).count(), 2);
        assert_eq!(ring.next_change(at(1000)), Some(at(1600)));

        assert_eq!(ring.active(at(1600)).unwrap().kid(), b);
        assert_eq!(ring.state(&a, at(1600)).unwrap(), KeyState::Retiring);
        assert_eq!(ring.retires_at(&a).unwrap(), Some(at(2500)));
        assert_eq!(ring.retires_at(&b).unwrap(), None);
        assert_eq!(ring.next_change(at(1600)), Some(at(2500)));

        // `a` signed its last token just before 1600; it is valid until before 2500.
        assert_eq!(ring.state(&a, at(2499)).unwrap(), KeyState::Retiring);
        assert_eq!(ring.published(at(2499)).count(), 2);
        assert_eq!(ring.state(&a, at(2500)).unwrap(), KeyState::Retired);
        let kids: Vec<&str> = ring.published(at(2500)).map(RingKey::kid).collect();
        assert_eq!(kids, [b.as_str()]);

        let removed = ring.remove_retired(at(2500));
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].kid(), a);
        assert_eq!(ring.keys().len(), 1);
        assert_eq!(
            ring.state(&a, at(2500)).unwrap_err().kind(),
            ErrorKind::UnknownKey
        );
    }

    #[test]
    fn a_second_rotation_during_the_lead_time_is_refused() {
        let mut ring = KeyRing::new(LEAD, TTL);
        ring.rotate(key(), at(0)).unwrap();
        ring.rotate(key(), at(10)).unwrap();
        let e = ring.rotate(key(), at(20)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Configuration);
        assert_eq!(ring.keys().len(), 2);
        assert!(ring.rotate(key(), at(610)).is_ok());
    }

    #[test]
    fn kids_are_the_thumbprint_when_the_key_has_none_and_must_be_unique() {
        let mut ring = KeyRing::new(LEAD, TTL);
        let k =
            SigningKey::from_pkcs8_der(Algorithm::ES256, &key().to_pkcs8_der().unwrap()).unwrap();
        assert_eq!(k.kid(), None);
        let thumb = k.thumbprint(ThumbprintHash::Sha256).unwrap();
        let kid = ring.insert(k.clone(), at(0), at(0)).unwrap().to_owned();
        assert_eq!(kid, thumb);
        assert_eq!(
            ring.active(at(0)).unwrap().key().kid(),
            Some(thumb.as_str())
        );
        let e = ring.insert(k, at(5), at(5)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Configuration);
        let e = ring.insert(key(), at(5), at(4)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Configuration);
    }

    #[test]
    fn a_ring_rebuilt_from_stored_times_is_the_same_ring() {
        let mut ring = KeyRing::new(LEAD, TTL);
        ring.rotate(key(), at(0)).unwrap();
        ring.rotate(key(), at(5000)).unwrap();
        let mut rebuilt = KeyRing::new(LEAD, TTL);
        // Inserted in reverse order: the ring sorts by activation.
        for k in ring.keys().iter().rev() {
            let der = k.key().to_pkcs8_der().unwrap();
            let key = SigningKey::from_pkcs8_der(Algorithm::ES256, &der)
                .unwrap()
                .with_kid(k.kid());
            rebuilt
                .insert(key, k.published_at(), k.activates_at())
                .unwrap();
        }
        for t in [0, 5000, 5599, 5600, 6499, 6500] {
            assert_eq!(
                ring.active(at(t)).unwrap().kid(),
                rebuilt.active(at(t)).unwrap().kid(),
                "{t}"
            );
            assert_eq!(
                ring.jwk_set_json(at(t)).unwrap(),
                rebuilt.jwk_set_json(at(t)).unwrap()
            );
        }
    }

    #[test]
    fn tokens_of_every_published_key_verify_against_the_published_set() {
        let mut ring = KeyRing::new(LEAD, TTL);
        ring.rotate(key(), at(0)).unwrap();
        let old = ring.signer(at(100)).unwrap();
        ring.rotate(SigningKey::generate(Algorithm::EdDSA).unwrap(), at(1000))
            .unwrap();
        let new = ring.signer(at(1600)).unwrap();
        let claims = serde_json::json!({"sub": "alice", "exp": 4_000_000_000u64});
        let (t_old, t_new) = (old.sign(&claims).unwrap(), new.sign(&claims).unwrap());

        // A verifier that knows only the set published at `t`.
        let published = |t: i64| {
            let set = JwkSet::from_json(&ring.jwk_set_json(at(t)).unwrap()).unwrap();
            assert!(set.keys().iter().all(|k| !k.is_private()));
            let verifier = Verifier::builder()
                .allow(Algorithm::ES256)
                .allow(Algorithm::EdDSA)
                .key_set(&set)
                .build()
                .unwrap();
            (set.keys().len(), verifier)
        };
        let (n, verifier) = published(1600);
        assert_eq!(n, 2);
        for t in [&t_old, &t_new] {
            verifier
                .verify_at::<serde_json::Value>(t, at(1600))
                .unwrap();
        }
        // Once `old` retired, its tokens no longer find a key.
        let (n, verifier) = published(2500);
        assert_eq!(n, 1);
        verifier
            .verify_at::<serde_json::Value>(&t_new, at(2500))
            .unwrap();
        let e = verifier
            .verify_at::<serde_json::Value>(&t_old, at(2500))
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownKey);
    }

    #[test]
    fn an_hmac_key_has_no_public_set() {
        let mut ring = KeyRing::new(LEAD, TTL);
        let k = SigningKey::from(crate::HmacKey::generate(Algorithm::HS256).unwrap()).with_kid("h");
        ring.rotate(k, at(0)).unwrap();
        assert_eq!(
            ring.jwk_set_json(at(0)).unwrap_err().kind(),
            ErrorKind::IncompatibleKey
        );
    }
}
