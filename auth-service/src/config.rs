//! Settings, from the environment, with defaults that run on a laptop.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use strict_jwt::Algorithm;

/// Every setting of the service.
#[derive(Clone, Debug)]
pub struct Config {
    /// `AUTH_ADDR`: where to listen (default `127.0.0.1:3000`; port 0 picks one).
    pub addr: SocketAddr,
    /// `AUTH_DB`: the SQLite file (default `auth.db`), created 0600 on first start.
    pub db: PathBuf,
    /// `AUTH_ISSUER`: the `iss` of every token and the base of the published URLs
    /// (default `http://` and the address listened on, so `http://127.0.0.1:3000`).
    pub issuer: String,
    /// Whether `AUTH_ISSUER` was set; if not, the issuer follows the bound address (port 0).
    pub issuer_from_env: bool,
    /// `AUTH_AUDIENCE`: the `aud` of access tokens (default `api`).
    pub audience: String,
    /// `AUTH_ACCESS_TTL`: access-token lifetime (default 15 min).
    pub access_ttl: Duration,
    /// `AUTH_REFRESH_TTL`: lifetime of a login's refresh tokens (default 7 days). Rotation
    /// does not extend it: a session ends this long after its login.
    pub refresh_ttl: Duration,
    /// `AUTH_ALG`: the algorithm of new access-token keys: `ES256` (default), `EdDSA`,
    /// or `RS256` (the RSA key is imported: `keys rotate --key-file`).
    pub alg: Algorithm,
    /// `AUTH_KEY_LEAD_TIME`: how long a new key is published before it signs (default
    /// 10 min). At least `AUTH_JWKS_MAX_AGE`, so every verifier's cached set has it.
    pub key_lead_time: Duration,
    /// `AUTH_KEY_ROTATION`: rotate the access-token key on this schedule (default 30 days;
    /// `0` turns the schedule off and leaves rotation to `keys rotate`).
    pub key_rotation: Option<Duration>,
    /// `AUTH_JWKS_MAX_AGE`: `Cache-Control: max-age` of the JWK set (default 5 min).
    pub jwks_max_age: Duration,
    /// `AUTH_CLOCK_SKEW`: leeway for `exp`/`nbf`, and how much longer than the access TTL
    /// a superseded key stays published (default 60 s).
    pub clock_skew: Duration,
    /// `AUTH_LOGIN_MAX_FAILURES`: failed logins per email before 429 (default 5).
    pub login_max_failures: u32,
    /// `AUTH_LOGIN_LOCKOUT`: how long those failures count, and the lockout (default
    /// 15 min).
    pub login_lockout: Duration,
    /// `AUTH_TICK`: how often keys are reloaded from the database, scheduled rotation and
    /// retirement run (default 1 s).
    pub tick: Duration,
    /// `AUTH_PURGE_INTERVAL`: how often expired deny-list and refresh rows are deleted
    /// (default 10 min).
    pub purge_interval: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            db: PathBuf::from("auth.db"),
            issuer: String::from("http://127.0.0.1:3000"),
            issuer_from_env: false,
            audience: String::from("api"),
            access_ttl: Duration::from_secs(15 * 60),
            refresh_ttl: Duration::from_secs(7 * 24 * 3600),
            alg: Algorithm::ES256,
            key_lead_time: Duration::from_secs(600),
            key_rotation: Some(Duration::from_secs(30 * 24 * 3600)),
            jwks_max_age: Duration::from_secs(300),
            clock_skew: Duration::from_secs(60),
            login_max_failures: 5,
            login_lockout: Duration::from_secs(15 * 60),
            tick: Duration::from_secs(1),
            purge_interval: Duration::from_secs(600),
        }
    }
}

/// A setting that could not be read.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads the `AUTH_*` variables; unset ones keep their defaults.
    ///
    /// # Errors
    /// A variable that does not parse, or settings that contradict each other.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// As [`Config::from_env`], from any lookup (for tests).
    ///
    /// # Errors
    /// As [`Config::from_env`].
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut c = Self::default();
        let bad = |name: &str, why: &str| ConfigError(format!("{name}: {why}"));
        if let Some(v) = get("AUTH_ADDR") {
            c.addr = v
                .parse()
                .map_err(|_| bad("AUTH_ADDR", "not an address:port"))?;
        }
        if let Some(v) = get("AUTH_DB") {
            c.db = PathBuf::from(v);
        }
        if let Some(v) = get("AUTH_ISSUER") {
            c.issuer = v;
            c.issuer_from_env = true;
        } else {
            c.issuer = format!("http://{}", c.addr);
        }
        if let Some(v) = get("AUTH_AUDIENCE") {
            c.audience = v;
        }
        if let Some(v) = get("AUTH_ALG") {
            c.alg = match v.as_str() {
                "ES256" => Algorithm::ES256,
                "EdDSA" => Algorithm::EdDSA,
                "RS256" => Algorithm::RS256,
                _ => return Err(bad("AUTH_ALG", "one of ES256, EdDSA, RS256")),
            };
        }
        let duration = |name: &str, into: &mut Duration| -> Result<(), ConfigError> {
            if let Some(v) = get(name) {
                *into = parse_duration(&v).ok_or_else(|| {
                    bad(name, "a duration: seconds, or a number with s, m, h or d")
                })?;
            }
            Ok(())
        };
        duration("AUTH_ACCESS_TTL", &mut c.access_ttl)?;
        duration("AUTH_REFRESH_TTL", &mut c.refresh_ttl)?;
        duration("AUTH_KEY_LEAD_TIME", &mut c.key_lead_time)?;
        duration("AUTH_JWKS_MAX_AGE", &mut c.jwks_max_age)?;
        duration("AUTH_CLOCK_SKEW", &mut c.clock_skew)?;
        duration("AUTH_LOGIN_LOCKOUT", &mut c.login_lockout)?;
        duration("AUTH_TICK", &mut c.tick)?;
        duration("AUTH_PURGE_INTERVAL", &mut c.purge_interval)?;
        let mut rotation = c.key_rotation.unwrap_or(Duration::ZERO);
        duration("AUTH_KEY_ROTATION", &mut rotation)?;
        c.key_rotation = (!rotation.is_zero()).then_some(rotation);
        if let Some(v) = get("AUTH_LOGIN_MAX_FAILURES") {
            c.login_max_failures = v
                .parse()
                .map_err(|_| bad("AUTH_LOGIN_MAX_FAILURES", "a whole number"))?;
        }
        c.check()?;
        Ok(c)
    }

    /// Refuses settings that would break a promise of the service.
    ///
    /// # Errors
    /// The contradiction, named.
    pub fn check(&self) -> Result<(), ConfigError> {
        let err = |s: &str| Err(ConfigError(s.to_owned()));
        if self.access_ttl < Duration::from_secs(1) || self.refresh_ttl < Duration::from_secs(1) {
            return err("AUTH_ACCESS_TTL and AUTH_REFRESH_TTL must be at least 1 s");
        }
        if self.key_lead_time < self.jwks_max_age {
            return err(
                "AUTH_KEY_LEAD_TIME must be at least AUTH_JWKS_MAX_AGE: a verifier that \
                 cached the set before a new key appeared would refuse its tokens",
            );
        }
        if self.tick.is_zero() || self.purge_interval.is_zero() {
            return err("AUTH_TICK and AUTH_PURGE_INTERVAL must be positive");
        }
        if !(self.issuer.starts_with("https://") || self.issuer.starts_with("http://")) {
            return err("AUTH_ISSUER must be an http(s) URL");
        }
        if self.issuer.ends_with('/') {
            return err("AUTH_ISSUER must not end with '/' (it is compared exactly)");
        }
        Ok(())
    }

    /// The published JWK set's URL.
    #[must_use]
    pub fn jwks_uri(&self) -> String {
        format!("{}/.well-known/jwks.json", self.issuer)
    }

    /// The longest time a token signed by an access key stays acceptable somewhere: the
    /// access TTL plus the clock skew verifiers allow.
    #[must_use]
    pub fn max_access_token_lifetime(&self) -> Duration {
        self.access_ttl + self.clock_skew
    }
}

/// `90`, `90s`, `15m`, `12h`, `7d`.
#[must_use]
pub fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (digits, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => s.split_at(i),
        None => (s, "s"),
    };
    let n: u64 = digits.parse().ok()?;
    let mul = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return None,
    };
    n.checked_mul(mul).map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_documented_ones() {
        let c = Config::from_lookup(|_| None).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.issuer, "http://127.0.0.1:3000");
        assert_eq!(c.audience, "api");
        assert_eq!(c.access_ttl, Duration::from_secs(900));
        assert_eq!(c.refresh_ttl, Duration::from_secs(604_800));
        assert_eq!(c.alg, Algorithm::ES256);
    }

    #[test]
    fn durations_parse_with_units_and_bad_values_are_refused() {
        assert_eq!(parse_duration("90"), Some(Duration::from_secs(90)));
        assert_eq!(parse_duration("15m"), Some(Duration::from_secs(900)));
        assert_eq!(parse_duration("7d"), Some(Duration::from_secs(604_800)));
        for bad in ["", "m", "1w", "-5", "1.5h", "99999999999999999999d"] {
            assert_eq!(parse_duration(bad), None, "{bad:?}");
        }
        let e = Config::from_lookup(|k| (k == "AUTH_ACCESS_TTL").then(|| "soon".into()));
        assert!(e.unwrap_err().0.starts_with("AUTH_ACCESS_TTL"));
    }

    #[test]
    fn a_lead_time_shorter_than_the_jwks_cache_lifetime_is_refused() {
        let e = Config::from_lookup(|k| (k == "AUTH_KEY_LEAD_TIME").then(|| "10s".into()));
        assert!(e.unwrap_err().0.contains("AUTH_JWKS_MAX_AGE"));
    }
}
