//! Failed-login throttling per account: after `max_failures` failures within `window`,
//! logins for that email answer 429 until the window has passed. Counting per email (not
//! per client address) stops password guessing against one account from many addresses;
//! it lets an attacker lock an account out for `window`, the usual trade-off, which is why
//! the window is short and a success resets the count.
//!
//! Kept in memory: a restart forgets the counts, and several instances count apart.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Most accounts tracked; beyond it, expired entries are dropped, then the oldest.
const MAX_TRACKED: usize = 100_000;

/// Failure counts by normalized email.
#[derive(Debug)]
pub struct LoginLimiter {
    max_failures: u32,
    window: Duration,
    entries: Mutex<HashMap<String, (u32, Instant)>>,
}

impl LoginLimiter {
    /// `max_failures` failures within `window` lock the account for the rest of it.
    #[must_use]
    pub fn new(max_failures: u32, window: Duration) -> Self {
        Self {
            max_failures,
            window,
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, (u32, Instant)>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// `Err(seconds to wait)` while `email` is locked.
    ///
    /// # Errors
    /// The `Retry-After` seconds.
    pub fn check(&self, email: &str, now: Instant) -> Result<(), u64> {
        match self.entries().get(email) {
            Some(&(n, since)) if n >= self.max_failures => {
                let left = (since + self.window).saturating_duration_since(now);
                if left.is_zero() {
                    Ok(())
                } else {
                    // Round up: never tell a client to come back before it may.
                    Err(left.as_secs() + u64::from(left.subsec_nanos() > 0))
                }
            }
            _ => Ok(()),
        }
    }

    /// Counts a failure.
    pub fn failed(&self, email: &str, now: Instant) {
        let mut entries = self.entries();
        if entries.len() >= MAX_TRACKED {
            let window = self.window;
            entries.retain(|_, (_, since)| now.saturating_duration_since(*since) < window);
            if entries.len() >= MAX_TRACKED {
                if let Some(oldest) = entries
                    .iter()
                    .min_by_key(|(_, (_, since))| *since)
                    .map(|(k, _)| k.clone())
                {
                    entries.remove(&oldest);
                }
            }
        }
        let e = entries.entry(email.to_owned()).or_insert((0, now));
        if now.saturating_duration_since(e.1) >= self.window {
            *e = (0, now);
        }
        e.0 += 1;
    }

    /// A successful login clears the count.
    pub fn succeeded(&self, email: &str) {
        self.entries().remove(email);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nth_failure_locks_until_the_window_ends_and_success_resets() {
        let l = LoginLimiter::new(3, Duration::from_secs(60));
        let t = Instant::now();
        for _ in 0..2 {
            l.failed("a@x", t);
        }
        assert_eq!(l.check("a@x", t), Ok(()));
        l.failed("a@x", t + Duration::from_millis(500));
        assert_eq!(l.check("a@x", t + Duration::from_secs(1)), Err(59));
        assert_eq!(l.check("b@x", t), Ok(()), "other accounts are not affected");
        assert_eq!(l.check("a@x", t + Duration::from_secs(60)), Ok(()));
        // A failure after the window starts a new count.
        l.failed("a@x", t + Duration::from_secs(61));
        assert_eq!(l.check("a@x", t + Duration::from_secs(61)), Ok(()));
        l.failed("c@x", t);
        l.succeeded("c@x");
        l.failed("c@x", t);
        l.failed("c@x", t);
        assert_eq!(l.check("c@x", t), Ok(()));
    }
}
