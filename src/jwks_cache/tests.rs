//! Unit tests of the cache state machine, on a fake clock.

use super::{CachePolicy, Fetch, JwksCache};
use crate::claims::NumericDate;
use crate::error::{Error, ErrorKind, Result};
use crate::jwk::JwkSet;
use crate::verify::Verifier;
use crate::{Algorithm, Claims, Signer, SigningKey};
use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;
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
            Some(ErrorKind::InvalidKey),
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

#[test]
fn the_with_methods_set_one_rule_each_and_keep_the_others() {
    let built = CachePolicy::default()
        .with_max_age(Duration::from_secs(600))
        .with_min_age(Duration::from_secs(30))
        .with_unknown_kid_cooldown(Duration::from_secs(60))
        .with_retry_after_failure(Duration::from_secs(10));
    assert_eq!(built, policy());
    assert_eq!(
        built.with_max_stale(Duration::from_secs(3600)),
        CachePolicy {
            max_stale: Some(Duration::from_secs(3600)),
            ..policy()
        }
    );
    assert_eq!(
        CachePolicy::default().with_max_age(Duration::ZERO),
        CachePolicy {
            max_age: Duration::ZERO,
            ..CachePolicy::default()
        }
    );
}
