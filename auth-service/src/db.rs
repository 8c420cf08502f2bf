//! The SQLite database: file creation (0600), WAL mode, migrations, and a small pool of
//! connections. Every state change is one `BEGIN IMMEDIATE` transaction, so concurrent
//! requests (and the `keys`/`user` subcommands, in another process) serialize on
//! SQLite's write lock instead of racing.

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// The schema, one step per version (`PRAGMA user_version`). Append; never edit a step.
const MIGRATIONS: &[&str] = &[
    // 1: users, sessions (refresh-token families), refresh tokens, denied access-token
    // ids, signing keys.
    "CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT 'user',
        token_version INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE refresh_families (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_version INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        revoked_at INTEGER,
        revoked_because TEXT
    ) STRICT;
    CREATE INDEX refresh_families_user ON refresh_families(user_id);
    CREATE INDEX refresh_families_expiry ON refresh_families(expires_at);
    CREATE TABLE refresh_tokens (
        jti TEXT PRIMARY KEY,
        family_id TEXT NOT NULL REFERENCES refresh_families(id) ON DELETE CASCADE,
        issued_at INTEGER NOT NULL,
        spent_at INTEGER
    ) STRICT;
    CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);
    CREATE TABLE denied_jtis (
        jti TEXT PRIMARY KEY,
        expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX denied_jtis_expiry ON denied_jtis(expires_at);
    CREATE TABLE signing_keys (
        kid TEXT PRIMARY KEY,
        purpose TEXT NOT NULL CHECK (purpose IN ('access', 'refresh')),
        alg TEXT NOT NULL,
        private_key BLOB NOT NULL,
        published_at INTEGER NOT NULL,
        activates_at INTEGER NOT NULL
    ) STRICT;",
];

/// The schema version this build migrates to.
#[must_use]
pub fn schema_version() -> usize {
    MIGRATIONS.len()
}

/// A pool of connections to one database file.
#[derive(Clone, Debug)]
pub struct Db {
    conns: Arc<Vec<Mutex<Connection>>>,
}

/// A database error, or an application error raised inside a transaction.
pub type DbResult<T> = Result<T, rusqlite::Error>;

impl Db {
    /// Opens (creating with mode 0600 if needed) and migrates the database.
    ///
    /// # Errors
    /// The file cannot be created or opened, or a migration fails.
    pub fn open(path: &Path, connections: usize) -> DbResult<Self> {
        create_private(path).map_err(|e| {
            rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
                Some(format!("cannot create {}: {e}", path.display())),
            )
        })?;
        let mut conns = Vec::with_capacity(connections.max(1));
        for i in 0..connections.max(1) {
            let conn = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            // WAL: readers never wait for the writer; synchronous=NORMAL is durable
            // across application crashes in WAL mode.
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            conn.busy_timeout(Duration::from_secs(5))?;
            if i == 0 {
                migrate(&conn)?;
            }
            conns.push(Mutex::new(conn));
        }
        Ok(Self {
            conns: Arc::new(conns),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        for c in self.conns.iter() {
            if let Ok(guard) = c.try_lock() {
                return guard;
            }
        }
        // Every connection busy: wait for the first. A poisoned lock only means another
        // request panicked; the connection itself is still usable.
        self.conns[0]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction, committed if `f` returns `Ok`
    /// and rolled back otherwise. Blocking: call it from `spawn_blocking` (see
    /// [`Db::write`]).
    ///
    /// # Errors
    /// `f`'s error, or SQLite's.
    pub fn transaction<T, E: From<rusqlite::Error>>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` on a connection, outside any explicit transaction (reads).
    ///
    /// # Errors
    /// `f`'s error.
    pub fn read<T, E>(&self, f: impl FnOnce(&Connection) -> Result<T, E>) -> Result<T, E> {
        f(&self.conn())
    }

    /// [`Db::transaction`] on tokio's blocking pool.
    ///
    /// # Errors
    /// As [`Db::transaction`].
    pub async fn write<T, E>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<rusqlite::Error> + From<tokio::task::JoinError> + Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || db.transaction(f)).await?
    }

    /// [`Db::read`] on tokio's blocking pool.
    ///
    /// # Errors
    /// As [`Db::read`].
    pub async fn read_async<T, E>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<tokio::task::JoinError> + Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || db.read(f)).await?
    }

    /// Deletes rows no check needs any more: denied `jti`s past their token's `exp`,
    /// and sessions (with their refresh tokens) past their expiry. Returns
    /// `(denied, sessions)` deleted.
    ///
    /// # Errors
    /// SQLite's.
    pub fn purge(&self, now: i64) -> DbResult<(usize, usize)> {
        self.transaction(|tx| {
            let denied = tx.execute("DELETE FROM denied_jtis WHERE expires_at <= ?1", [now])?;
            let sessions =
                tx.execute("DELETE FROM refresh_families WHERE expires_at <= ?1", [now])?;
            Ok((denied, sessions))
        })
    }
}

/// Creates the file with mode 0600 if it does not exist, so the private keys and password
/// hashes in it are never readable by other users, not even for an instant.
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

fn migrate(conn: &Connection) -> DbResult<()> {
    let version: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, step) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", i + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_is_private_in_wal_mode_and_migrated_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("auth.db");
        let db = Db::open(&path, 2).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            // SQLite gives the WAL and shared-memory files the database file's mode.
            db.transaction(|tx| tx.execute("DELETE FROM denied_jtis", []))
                .unwrap();
            for side in ["auth.db-wal", "auth.db-shm"] {
                let mode = std::fs::metadata(dir.path().join(side))
                    .unwrap()
                    .permissions()
                    .mode();
                assert_eq!(mode & 0o777, 0o600, "{side}");
            }
        }
        let (mode, version): (String, usize) = db
            .read(|c| {
                Ok::<_, rusqlite::Error>((
                    c.pragma_query_value(None, "journal_mode", |r| r.get(0))?,
                    c.pragma_query_value(None, "user_version", |r| r.get(0))?,
                ))
            })
            .unwrap();
        assert_eq!(mode, "wal");
        assert_eq!(version, schema_version());
        drop(db);
        // Reopening migrates nothing and keeps the data.
        let db = Db::open(&path, 1).unwrap();
        db.transaction(|tx| {
            tx.execute(
                "INSERT INTO users (email, password_hash, created_at) VALUES ('a@b', 'x', 0)",
                [],
            )
        })
        .unwrap();
        drop(db);
        let db = Db::open(&path, 1).unwrap();
        let n: i64 = db
            .read(|c| c.query_row("SELECT count(*) FROM users", [], |r| r.get(0)))
            .unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn purge_deletes_only_expired_rows() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("auth.db"), 1).unwrap();
        db.transaction(|tx| {
            tx.execute(
                "INSERT INTO users (id, email, password_hash, created_at) VALUES (1, 'a@b', 'x', 0)",
                [],
            )?;
            for (id, exp) in [("old", 100), ("live", 300)] {
                tx.execute(
                    "INSERT INTO refresh_families (id, user_id, token_version, created_at, expires_at)
                     VALUES (?1, 1, 0, 0, ?2)",
                    rusqlite::params![id, exp],
                )?;
                tx.execute(
                    "INSERT INTO refresh_tokens (jti, family_id, issued_at) VALUES (?1, ?1, 0)",
                    [id],
                )?;
                tx.execute(
                    "INSERT INTO denied_jtis (jti, expires_at) VALUES (?1, ?2)",
                    rusqlite::params![id, exp],
                )?;
            }
            Ok::<_, rusqlite::Error>(())
        })
        .unwrap();
        assert_eq!(db.purge(200).unwrap(), (1, 1));
        let left: Vec<String> = db
            .read(|c| {
                let mut s = c.prepare(
                    "SELECT jti FROM refresh_tokens UNION ALL SELECT id FROM refresh_families
                     UNION ALL SELECT jti FROM denied_jtis",
                )?;
                let rows = s.query_map([], |r| r.get(0))?;
                rows.collect::<Result<Vec<String>, _>>()
            })
            .unwrap();
        assert_eq!(left, ["live", "live", "live"]);
        assert_eq!(db.purge(200).unwrap(), (0, 0));
    }
}
