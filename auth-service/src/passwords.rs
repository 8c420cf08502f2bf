//! Password hashing: Argon2id at OWASP's minimum parameters (19 MiB, 2 passes, 1 lane),
//! PHC strings in the database, at most one hash per CPU at a time.

use crate::error::ServiceError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// OWASP Password Storage Cheat Sheet: Argon2id, m=19456 KiB, t=2, p=1.
fn argon2() -> Argon2<'static> {
    // The parameters are constants within Argon2's limits; `Params::new` cannot fail.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Shortest and longest accepted password, in bytes.
pub const PASSWORD_LEN: std::ops::RangeInclusive<usize> = 8..=1024;

/// Hashes and checks passwords on the blocking pool, as many at once as there are CPUs
/// (each hash takes 19 MiB: 200 logins at once would otherwise take 3.8 GiB).
#[derive(Clone, Debug)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    /// A hash of a random password, checked when the email is unknown so that the answer
    /// takes as long as for a wrong password.
    dummy: Arc<str>,
}

impl Passwords {
    /// Computes the dummy hash.
    ///
    /// # Errors
    /// The OS random generator failed.
    pub fn new() -> Result<Self, ServiceError> {
        let cpus = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        let dummy = hash_blocking(&crate::keys::random_id()?)?;
        Ok(Self {
            permits: Arc::new(Semaphore::new(cpus)),
            dummy: dummy.into(),
        })
    }

    /// The PHC string of `password` with a fresh salt.
    ///
    /// # Errors
    /// The OS random generator failed.
    pub async fn hash(&self, password: String) -> Result<String, ServiceError> {
        let _permit = self.permits.acquire().await.map_err(|_| closed())?;
        tokio::task::spawn_blocking(move || hash_blocking(&password)).await?
    }

    /// Checks `password` against `stored` (a PHC string), or against the dummy hash when
    /// `stored` is `None`, which always fails after the same work.
    ///
    /// # Errors
    /// [`Mismatch`] when the password is wrong or there is no account.
    pub async fn check(&self, password: String, stored: Option<String>) -> Result<(), Mismatch> {
        let Ok(_permit) = self.permits.acquire().await else {
            return Err(Mismatch);
        };
        let known = stored.is_some();
        let phc = stored.unwrap_or_else(|| self.dummy.to_string());
        let ok = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&phc)
                .is_ok_and(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
        })
        .await
        .unwrap_or(false);
        if ok && known { Ok(()) } else { Err(Mismatch) }
    }
}

/// A wrong password, or no such account.
#[derive(Debug)]
pub struct Mismatch;

fn closed() -> ServiceError {
    ServiceError::Setup("the password hasher was shut down".into())
}

/// Hashes on the current thread.
///
/// # Errors
/// The OS random generator failed.
pub fn hash_blocking(password: &str) -> Result<String, ServiceError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt)
        .map_err(|_| ServiceError::Setup("the OS random generator failed".into()))?;
    let salt = SaltString::encode_b64(&salt)
        .map_err(|_| ServiceError::Setup("salt encoding failed".into()))?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| ServiceError::Setup("password hashing failed".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_at_owasp_parameters_with_a_fresh_salt() {
        let a = hash_blocking("correct horse").unwrap();
        let b = hash_blocking("correct horse").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b);
    }

    #[tokio::test]
    async fn check_accepts_only_the_right_password_and_never_an_unknown_account() {
        let p = Passwords::new().unwrap();
        let stored = p.hash("correct horse".into()).await.unwrap();
        p.check("correct horse".into(), Some(stored.clone()))
            .await
            .unwrap();
        assert!(p.check("wrong horse".into(), Some(stored)).await.is_err());
        assert!(p.check("anything".into(), None).await.is_err());
        // Not even the dummy's own password opens a missing account: it is random and
        // never leaves `Passwords::new`.
    }
}
