//! The verifier's claims rules, checked against the registered claims of a token whose
//! signature verified.

use super::date::NumericDate;
use super::registered::{RegisteredClaims, claim_error};
use crate::error::{ErrorKind, Result};
use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

/// Claims validation policy; built by [`VerifierBuilder`](crate::VerifierBuilder).
#[derive(Clone, Debug)]
pub(crate) struct Policy {
    pub(crate) require_exp: bool,
    pub(crate) leeway: Duration,
    pub(crate) reject_future_iat: bool,
    pub(crate) max_age: Option<Duration>,
    pub(crate) issuers: Vec<String>,
    pub(crate) audiences: Vec<String>,
    pub(crate) subject: Option<String>,
    pub(crate) required: Vec<String>,
}

/// Most claim names a policy may require (tracked in a `u64` bitmask).
pub(crate) const MAX_REQUIRED_CLAIMS: usize = 64;

impl Default for Policy {
    fn default() -> Self {
        Self {
            require_exp: true,
            leeway: Duration::ZERO,
            reject_future_iat: false,
            max_age: None,
            issuers: Vec::new(),
            audiences: Vec::new(),
            subject: None,
            required: Vec::new(),
        }
    }
}

impl Policy {
    /// Validates the registered claims at `now`. One error, in a fixed order: time
    /// (exp, nbf, iat), then identity (iss, aud, sub).
    pub(crate) fn check(&self, r: &RegisteredClaims<'_>, now: NumericDate) -> Result<()> {
        use ErrorKind::*;
        match r.exp {
            // RFC 7519 §4.1.4: valid only while now < exp (+ leeway); now == exp is expired.
            Some(exp) if now >= exp.saturating_add(self.leeway) => {
                return Err(claim_error(Expired, "exp"));
            }
            None if self.require_exp => return Err(claim_error(MissingClaim, "exp")),
            _ => {}
        }
        if let Some(nbf) = r.nbf {
            if now < nbf.saturating_sub(self.leeway) {
                return Err(claim_error(NotYetValid, "nbf"));
            }
        }
        if self.reject_future_iat || self.max_age.is_some() {
            match r.iat {
                Some(iat) if self.reject_future_iat && iat > now.saturating_add(self.leeway) => {
                    return Err(claim_error(IssuedInFuture, "iat"));
                }
                None if self.max_age.is_some() => return Err(claim_error(MissingClaim, "iat")),
                _ => {}
            }
            if let (Some(max_age), Some(iat)) = (self.max_age, r.iat) {
                if now > iat.saturating_add(max_age).saturating_add(self.leeway) {
                    return Err(claim_error(TooOld, "iat"));
                }
            }
        }
        if !self.issuers.is_empty() {
            match &r.iss {
                None => return Err(claim_error(MissingClaim, "iss")),
                Some(iss) if !self.issuers.iter().any(|e| e == iss) => {
                    return Err(claim_error(WrongIssuer, "iss"));
                }
                Some(_) => {}
            }
        }
        match (&r.aud, self.audiences.is_empty()) {
            (None, false) => return Err(claim_error(MissingClaim, "aud")),
            // RFC 7519 §4.1.3: a recipient that does not identify itself with a value in
            // `aud` must reject; one that expects no audience identifies with none.
            (Some(_), true) => return Err(claim_error(WrongAudience, "aud")),
            (Some(aud), false) if !self.audiences.iter().any(|e| aud.contains(e)) => {
                return Err(claim_error(WrongAudience, "aud"));
            }
            _ => {}
        }
        if let Some(expected) = &self.subject {
            match &r.sub {
                None => return Err(claim_error(MissingClaim, "sub")),
                Some(sub) if sub != expected => return Err(claim_error(WrongSubject, "sub")),
                Some(_) => {}
            }
        }
        Ok(())
    }
}
