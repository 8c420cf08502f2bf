//! Issuing and checking tokens.
//!
//! - **Access tokens**: `typ: at+jwt` (RFC 9068), signed by the ring's active key (ES256 by
//!   default) with its `kid`; claims `iss`, `sub`, `aud`, `exp`, `iat`, `jti`, `role`, `ver`.
//! - **Refresh tokens**: `typ: rt+jwt`, HS256 with a secret only this service holds, `aud`
//!   `{issuer}/auth/refresh`; claims `iss`, `sub`, `aud`, `exp`, `iat`, `jti`, `fam` (the
//!   session). The access verifier allows no HMAC algorithm and requires `at+jwt`; the
//!   refresh verifier allows only HS256 and requires `rt+jwt`: neither token passes for the
//!   other, on two independent grounds.

use crate::config::Config;
use crate::error::ServiceError;
use crate::keys::Keys;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use strict_jwt::{Algorithm, Claims, NumericDate, Signer, Verifier};
use strict_jwt_axum::SharedVerifier;

/// The application claims of an access token.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AccessClaims {
    /// `user` or `admin` (or any role given by `user add --role`).
    pub role: String,
    /// The user's token version at issue; `logout-all` increments it.
    pub ver: i64,
}

/// The application claims of a refresh token.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RefreshClaims {
    /// The session (refresh-token family) id.
    pub fam: String,
}

/// `typ` of access tokens (RFC 9068).
pub const ACCESS_TYP: &str = "at+jwt";
/// `typ` of refresh tokens (this service's own).
pub const REFRESH_TYP: &str = "rt+jwt";

/// A signed token and what was stored about it.
#[derive(Debug)]
pub struct Issued {
    /// The compact JWT.
    pub token: String,
    /// Its `jti`.
    pub jti: String,
    /// Its `exp`.
    pub exp: NumericDate,
}

/// The keys in use, rebuilt from the database when they change.
#[derive(Debug)]
pub struct Live {
    keys: Keys,
    /// One signer per ring key (headers pre-encoded), by `kid`.
    signers: HashMap<String, Signer>,
    refresh_signer: Signer,
    refresh_verifier: Verifier,
    jwks_json: Arc<str>,
    algorithms: Vec<&'static str>,
    /// What the keys were built from: `(kid, published_at, activates_at)` rows.
    fingerprint: Vec<(String, i64, i64)>,
    /// When a key next activates or retires (the published set changes).
    next_change: Option<NumericDate>,
}

/// The access-token verifier for the keys published at `now`.
fn access_verifier(
    config: &Config,
    keys: &Keys,
    now: NumericDate,
) -> Result<Verifier, ServiceError> {
    let published: Vec<_> = keys.ring.verifying_keys(now).collect();
    let Some(first) = published.first().map(strict_jwt::VerifyingKey::algorithm) else {
        return Err(ServiceError::Corrupt("no published access-token key"));
    };
    let mut builder = Verifier::builder().allow(first);
    for k in &published {
        builder = builder.allow(k.algorithm());
    }
    Ok(builder
        .keys(published)
        .require_type(ACCESS_TYP)
        .issuer(&config.issuer)
        .audience(&config.audience)
        .leeway(config.clock_skew)
        .require_claim("sub")
        .require_claim("iat")
        .require_claim("jti")
        .require_claim("role")
        .require_claim("ver")
        .build()?)
}

impl Live {
    /// Builds signers, verifiers and the JWK set from `keys` at `now`.
    ///
    /// # Errors
    /// No published key, or a key that does not build a verifier.
    pub fn new(
        config: &Config,
        keys: Keys,
        fingerprint: Vec<(String, i64, i64)>,
        now: NumericDate,
    ) -> Result<(Self, Verifier), ServiceError> {
        let signers = keys
            .ring
            .keys()
            .iter()
            .map(|k| {
                let signer = Signer::new(k.key().clone()).with_typ(ACCESS_TYP);
                (k.kid().to_owned(), signer)
            })
            .collect();
        let refresh_signer = Signer::new(keys.refresh.clone()).with_typ(REFRESH_TYP);
        let refresh_verifier = Verifier::builder()
            .allow(Algorithm::HS256)
            .key(keys.refresh.verifying_key())
            .require_type(REFRESH_TYP)
            .issuer(&config.issuer)
            .audience(refresh_audience(config))
            .require_claim("sub")
            .require_claim("jti")
            .require_claim("fam")
            .build()?;
        let access = access_verifier(config, &keys, now)?;
        let mut algorithms: Vec<&'static str> = keys
            .ring
            .published(now)
            .map(|k| k.key().algorithm().name())
            .collect();
        if config.alg != Algorithm::RS256 || algorithms.contains(&"RS256") {
            algorithms.push(config.alg.name());
        }
        algorithms.sort_unstable();
        algorithms.dedup();
        let live = Self {
            jwks_json: keys.ring.jwk_set_json(now)?.into(),
            next_change: keys.ring.next_change(now),
            keys,
            signers,
            refresh_signer,
            refresh_verifier,
            algorithms,
            fingerprint,
        };
        Ok((live, access))
    }

    /// Whether the keys must be rebuilt: other rows in the database, or a key activated
    /// or retired since.
    #[must_use]
    pub fn stale(&self, fingerprint: &[(String, i64, i64)], now: NumericDate) -> bool {
        self.fingerprint != fingerprint || self.next_change.is_some_and(|t| t <= now)
    }

    /// The published JWK set.
    #[must_use]
    pub fn jwks_json(&self) -> Arc<str> {
        Arc::clone(&self.jwks_json)
    }

    /// The algorithms access tokens are (or will be) signed with.
    #[must_use]
    pub fn algorithms(&self) -> &[&'static str] {
        &self.algorithms
    }

    /// Signs an access token with the key active at `now`.
    ///
    /// # Errors
    /// No active key, or signing failed.
    pub fn access_token(
        &self,
        config: &Config,
        sub: i64,
        role: &str,
        ver: i64,
        now: NumericDate,
    ) -> Result<Issued, ServiceError> {
        let kid = self.keys.ring.active(now)?.kid();
        let signer = self
            .signers
            .get(kid)
            .ok_or(ServiceError::Corrupt("no signer for the active key"))?;
        let claims = Claims::new_at(
            AccessClaims {
                role: role.to_owned(),
                ver,
            },
            now,
        )
        .issuer(&config.issuer)
        .subject(sub.to_string())
        .audience(&config.audience)
        .issued_now()
        .expires_in(config.access_ttl)
        .with_random_jti()?;
        let registered = claims.registered();
        let jti = registered.jti()?.to_owned();
        let exp = registered.expiration()?;
        Ok(Issued {
            token: signer.sign(&claims)?,
            jti,
            exp,
        })
    }

    /// Signs a refresh token of session `fam`, expiring with the session at `exp`.
    ///
    /// # Errors
    /// Signing failed.
    pub fn refresh_token(
        &self,
        config: &Config,
        sub: i64,
        fam: &str,
        exp: NumericDate,
        now: NumericDate,
    ) -> Result<Issued, ServiceError> {
        let claims = Claims::new_at(
            RefreshClaims {
                fam: fam.to_owned(),
            },
            now,
        )
        .issuer(&config.issuer)
        .subject(sub.to_string())
        .audience(refresh_audience(config))
        .issued_now()
        .expires_at(exp)
        .with_random_jti()?;
        let jti = claims.registered().jti()?.to_owned();
        Ok(Issued {
            token: self.refresh_signer.sign(&claims)?,
            jti,
            exp,
        })
    }

    /// Verifies a refresh token (signature, `typ`, `iss`, `aud`, `exp`).
    ///
    /// # Errors
    /// The library's verdict.
    pub fn verify_refresh(
        &self,
        token: &str,
        now: NumericDate,
    ) -> strict_jwt::Result<strict_jwt::Verified<'static, RefreshClaims>> {
        self.refresh_verifier.verify_at(token, now)
    }
}

/// The `aud` of refresh tokens: the refresh endpoint.
#[must_use]
pub fn refresh_audience(config: &Config) -> String {
    format!("{}/auth/refresh", config.issuer)
}

/// The live keys, shared by the handlers and swapped by the maintenance task.
#[derive(Clone, Debug)]
pub struct KeyHandle {
    live: Arc<RwLock<Arc<Live>>>,
    access: SharedVerifier,
}

impl KeyHandle {
    /// Starts from `live` and its access verifier.
    #[must_use]
    pub fn new(live: Live, access: Verifier) -> Self {
        Self {
            live: Arc::new(RwLock::new(Arc::new(live))),
            access: SharedVerifier::new(access),
        }
    }

    /// The current keys.
    #[must_use]
    pub fn current(&self) -> Arc<Live> {
        Arc::clone(
            &self
                .live
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }

    /// Replaces the keys and the access verifier.
    pub fn replace(&self, live: Live, access: Verifier) {
        self.access.replace(access);
        *self
            .live
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(live);
    }

    /// The access verifier slot (for [`strict_jwt_axum::BearerAuth::shared`]).
    #[must_use]
    pub fn access_verifier(&self) -> SharedVerifier {
        self.access.clone()
    }
}
