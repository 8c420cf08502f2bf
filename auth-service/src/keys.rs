//! Signing keys in the database: the access-token [`KeyRing`] (published, rotated by
//! `kid`) and the refresh-token key (a secret only this service uses, never published).
//!
//! Private keys are stored as PKCS#8 PEM (HMAC: the raw secret) in the 0600 database file.
//! That keeps this reference service self-contained; a production deployment keeps them in
//! a KMS or secret store and stores only references here.

use crate::config::Config;
use crate::error::ServiceError;
use rusqlite::{Connection, OptionalExtension, params};
use strict_jwt::{Algorithm, HmacKey, KeyRing, KeyState, NumericDate, SigningKey};
use zeroize::Zeroizing;

/// What the service signs with: the access-token ring and the refresh-token key.
#[derive(Clone, Debug)]
pub struct Keys {
    /// Access-token keys: next, active, retiring.
    pub ring: KeyRing,
    /// The refresh-token key (HS256, `kid` included).
    pub refresh: SigningKey,
}

fn algorithm(name: &str) -> Result<Algorithm, ServiceError> {
    Algorithm::from_name(name).map_err(|_| ServiceError::Corrupt("unknown alg in signing_keys"))
}

/// Reads every key; the ring is empty and `refresh` missing until [`initialize`] ran.
///
/// # Errors
/// SQLite's, or a stored key that does not parse.
pub fn load(conn: &Connection, config: &Config) -> Result<Keys, ServiceError> {
    let ring = load_ring_only(conn, config)?;
    let refresh = conn
        .query_row(
            "SELECT kid, alg, private_key FROM signing_keys WHERE purpose = 'refresh'
             ORDER BY activates_at DESC LIMIT 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    Zeroizing::new(r.get::<_, Vec<u8>>(2)?),
                ))
            },
        )
        .optional()?
        .ok_or(ServiceError::Corrupt(
            "no refresh-token key: run the service once",
        ))?;
    let (kid, alg, secret) = refresh;
    let refresh = SigningKey::from(HmacKey::new(algorithm(&alg)?, &secret)?).with_kid(kid);
    Ok(Keys { ring, refresh })
}

fn insert_key(
    tx: &Connection,
    purpose: &str,
    kid: &str,
    alg: Algorithm,
    private: &[u8],
    published: NumericDate,
    activates: NumericDate,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO signing_keys (kid, purpose, alg, private_key, published_at, activates_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            kid,
            purpose,
            alg.name(),
            private,
            published.as_secs(),
            activates.as_secs()
        ],
    )?;
    Ok(())
}

/// Creates the refresh-token key when the database has none.
///
/// # Errors
/// SQLite's or the key generator's.
pub fn ensure_refresh_key(tx: &Connection, now: NumericDate) -> Result<(), ServiceError> {
    let count: i64 = tx.query_row(
        "SELECT count(*) FROM signing_keys WHERE purpose = 'refresh'",
        [],
        |r| r.get(0),
    )?;
    if count == 0 {
        let key = HmacKey::generate(Algorithm::HS256)?;
        let kid = format!("refresh-{}", &random_id()?[..8]);
        insert_key(
            tx,
            "refresh",
            &kid,
            Algorithm::HS256,
            key.expose_secret(),
            now,
            now,
        )?;
    }
    Ok(())
}

/// Creates the refresh-token key and the first access-token key (`config.alg`; not RS256,
/// whose key is imported with `keys rotate --key-file`) when the database has none. Run
/// inside one transaction.
///
/// # Errors
/// SQLite's or the key generator's; [`ServiceError::Setup`] when RS256 has no key yet.
pub fn initialize(tx: &Connection, config: &Config, now: NumericDate) -> Result<(), ServiceError> {
    ensure_refresh_key(tx, now)?;
    let access: i64 = tx.query_row(
        "SELECT count(*) FROM signing_keys WHERE purpose = 'access'",
        [],
        |r| r.get(0),
    )?;
    if access == 0 {
        if config.alg == Algorithm::RS256 {
            return Err(ServiceError::Setup(
                "AUTH_ALG=RS256 needs an RSA key: `openssl genpkey -algorithm RSA -pkeyopt \
                 rsa_keygen_bits:3072 -out key.pem`, then `auth-service keys rotate --alg RS256 \
                 --key-file key.pem`"
                    .into(),
            ));
        }
        rotate_in(tx, config, now, NewKey::Generate(config.alg))?;
    }
    Ok(())
}

/// The key a rotation publishes.
#[derive(Debug)]
pub enum NewKey {
    /// A fresh key for this algorithm (ES256 or EdDSA).
    Generate(Algorithm),
    /// An imported PKCS#8 private key (PEM), e.g. RSA for RS256.
    Import(Algorithm, String),
}

/// Publishes a new access-token key now; it signs after the lead time. Returns its `kid`
/// and activation time.
///
/// # Errors
/// A rotation already waiting for its lead time, or the key does not build.
pub fn rotate_in(
    tx: &Connection,
    config: &Config,
    now: NumericDate,
    new: NewKey,
) -> Result<(String, NumericDate), ServiceError> {
    let mut ring = load_ring_only(tx, config)?;
    let (key, pem) = match new {
        NewKey::Generate(alg) => {
            let key = SigningKey::generate(alg)?;
            let pem = key.to_pkcs8_pem()?;
            (key, pem)
        }
        NewKey::Import(alg, pem) => (SigningKey::from_pem(alg, &pem)?, Zeroizing::new(pem)),
    };
    let alg = key.algorithm();
    let kid = ring.rotate(key, now)?.to_owned();
    let entry = ring
        .keys()
        .iter()
        .find(|k| k.kid() == kid)
        .ok_or(ServiceError::Corrupt("rotated key missing from the ring"))?;
    insert_key(
        tx,
        "access",
        &kid,
        alg,
        pem.as_bytes(),
        entry.published_at(),
        entry.activates_at(),
    )?;
    Ok((kid, entry.activates_at()))
}

fn load_ring_only(conn: &Connection, config: &Config) -> Result<KeyRing, ServiceError> {
    let mut ring = KeyRing::new(config.key_lead_time, config.max_access_token_lifetime());
    let mut stmt = conn.prepare_cached(
        "SELECT kid, alg, private_key, published_at, activates_at FROM signing_keys
         WHERE purpose = 'access'",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            Zeroizing::new(r.get::<_, Vec<u8>>(2)?),
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    for row in rows {
        let (kid, alg, pem, published, activates) = row?;
        let pem = std::str::from_utf8(&pem)
            .map_err(|_| ServiceError::Corrupt("a stored key is not PEM"))?;
        let key = SigningKey::from_pem(algorithm(&alg)?, pem)?.with_kid(kid);
        ring.insert(
            key,
            NumericDate::from_secs(published),
            NumericDate::from_secs(activates),
        )?;
    }
    Ok(ring)
}

/// Scheduled rotation and retirement at `now`, in one transaction: publishes a new key if
/// the active one has signed for `config.key_rotation` and none is waiting, and deletes the
/// keys whose every token has expired. Returns whether anything changed.
///
/// # Errors
/// SQLite's or the key generator's.
pub fn maintain(tx: &Connection, config: &Config, now: NumericDate) -> Result<bool, ServiceError> {
    let mut ring = load_ring_only(tx, config)?;
    let mut changed = false;
    for gone in ring.remove_retired(now) {
        tx.execute("DELETE FROM signing_keys WHERE kid = ?1", [gone.kid()])?;
        tracing::info!(kid = gone.kid(), "retired access-token key deleted");
        changed = true;
    }
    if let (Some(every), Ok(active)) = (config.key_rotation, ring.active(now)) {
        let pending = ring.keys().iter().any(|k| k.activates_at() > now);
        if !pending
            && active.activates_at().saturating_add(every) <= now
            && config.alg != Algorithm::RS256
        {
            let alg = config.alg;
            let (kid, at) = rotate_in(tx, config, now, NewKey::Generate(alg))?;
            tracing::info!(kid, activates_at = at.as_secs(), "scheduled key rotation");
            changed = true;
        }
    }
    Ok(changed)
}

/// One line of `keys list`.
#[derive(Debug)]
pub struct KeyInfo {
    /// The `kid`.
    pub kid: String,
    /// Its algorithm.
    pub alg: Algorithm,
    /// Next, active, retiring or retired.
    pub state: KeyState,
    /// Published at.
    pub published_at: NumericDate,
    /// Signs from.
    pub activates_at: NumericDate,
    /// Leaves the set at (once a later key signs).
    pub retires_at: Option<NumericDate>,
}

/// Every access-token key and where it stands at `now`.
///
/// # Errors
/// As [`load`].
pub fn list(
    conn: &Connection,
    config: &Config,
    now: NumericDate,
) -> Result<Vec<KeyInfo>, ServiceError> {
    let ring = load_ring_only(conn, config)?;
    ring.keys()
        .iter()
        .map(|k| {
            Ok(KeyInfo {
                kid: k.kid().to_owned(),
                alg: k.key().algorithm(),
                state: ring.state(k.kid(), now)?,
                published_at: k.published_at(),
                activates_at: k.activates_at(),
                retires_at: ring.retires_at(k.kid())?,
            })
        })
        .collect()
}

/// 128 random bits, base64url (session ids, refresh-token ids).
///
/// # Errors
/// The OS random generator failed.
pub fn random_id() -> Result<String, ServiceError> {
    let mut id = [0u8; 16];
    getrandom::fill(&mut id)
        .map_err(|_| ServiceError::Setup("the OS random generator failed".into()))?;
    Ok(strict_jwt::base64url::encode(&id))
}
