//! A reference auth service on strict-jwt: register, login, refresh-token rotation with
//! reuse detection, logout, logout everywhere, and access-token keys that rotate behind a
//! published JWK set. See the README for the HTTP contract and a curl walk-through.

#![forbid(unsafe_code)]

pub mod config;
pub mod db;
pub mod error;
pub mod keys;
pub mod limiter;
pub mod passwords;
pub mod routes;
pub mod tokens;
mod web;

use crate::config::Config;
use crate::db::Db;
use crate::error::{REALM, ServiceError};
use crate::limiter::LoginLimiter;
use crate::passwords::Passwords;
use crate::tokens::{KeyHandle, Live};
use axum::Router;
use axum::extract::FromRef;
use axum::routing::{get, post};
use std::sync::Arc;
use strict_jwt::NumericDate;
use strict_jwt_axum::BearerAuth;

/// The router's state: settings, database, password hasher, login limiter, keys.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Settings.
    pub config: Arc<Config>,
    /// The database.
    pub db: Db,
    /// Argon2id.
    pub passwords: Passwords,
    /// Failed-login counts.
    pub limiter: Arc<LoginLimiter>,
    /// The keys in use.
    pub keys: KeyHandle,
    auth: BearerAuth,
}

impl FromRef<AppState> for BearerAuth {
    fn from_ref(state: &AppState) -> Self {
        state.auth.clone()
    }
}

/// The current time, in whole seconds.
#[must_use]
pub fn now() -> NumericDate {
    NumericDate::from_secs(NumericDate::now().as_secs())
}

/// Connections in the pool: enough for concurrent reads in WAL mode; writes serialize on
/// SQLite's lock anyway.
const CONNECTIONS: usize = 4;

fn fingerprint(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<(String, i64, i64)>> {
    let mut stmt = conn
        .prepare_cached("SELECT kid, published_at, activates_at FROM signing_keys ORDER BY kid")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

fn build_live(
    db: &Db,
    config: &Config,
    at: NumericDate,
) -> Result<(Live, strict_jwt::Verifier), ServiceError> {
    db.read(|conn| {
        let keys = keys::load(conn, config)?;
        Live::new(config, keys, fingerprint(conn)?, at)
    })
}

impl AppState {
    /// Opens the database (migrating it), creates the first keys if there are none, and
    /// computes the dummy password hash.
    ///
    /// # Errors
    /// The database cannot be opened, or the keys cannot be created or loaded.
    pub fn open(config: Config) -> Result<Self, ServiceError> {
        let db = Db::open(&config.db, CONNECTIONS)?;
        let at = now();
        db.transaction(|tx| keys::initialize(tx, &config, at))?;
        let (live, access) = build_live(&db, &config, at)?;
        let keys = KeyHandle::new(live, access);
        let auth = BearerAuth::shared(keys.access_verifier()).realm(REALM);
        Ok(Self {
            limiter: Arc::new(LoginLimiter::new(
                config.login_max_failures,
                config.login_lockout,
            )),
            passwords: Passwords::new()?,
            config: Arc::new(config),
            db,
            keys,
            auth,
        })
    }

    /// One maintenance step at `at`: scheduled rotation and retirement, then a reload of
    /// the keys if the database's differ from the ones in use (e.g. after `keys rotate`
    /// in another process) or a key activated or retired.
    ///
    /// # Errors
    /// The database, or a key that does not load.
    pub fn maintain(&self, at: NumericDate) -> Result<(), ServiceError> {
        self.db
            .transaction(|tx| keys::maintain(tx, &self.config, at))?;
        let current = self.db.read(fingerprint)?;
        if self.keys.current().stale(&current, at) {
            let (live, access) = build_live(&self.db, &self.config, at)?;
            self.keys.replace(live, access);
            tracing::info!("signing keys reloaded");
        }
        Ok(())
    }
}

/// The service's routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(web::index))
        .route("/app.js", get(web::script))
        .route("/auth/register", post(routes::register))
        .route("/auth/login", post(routes::login))
        .route("/auth/refresh", post(routes::refresh))
        .route("/auth/logout", post(routes::logout))
        .route("/auth/logout-all", post(routes::logout_all))
        .route("/me", get(routes::me))
        .route("/admin/ping", get(routes::admin_ping))
        .route("/.well-known/jwks.json", get(routes::jwks))
        .route(
            "/.well-known/openid-configuration",
            get(routes::openid_configuration),
        )
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(16 * 1024))
        .with_state(state)
}

/// Unknown paths: 404 in the API's error shape.
async fn not_found() -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        axum::http::StatusCode::NOT_FOUND,
        axum::Json(
            serde_json::json!({"error": "not_found", "error_description": "no such endpoint"}),
        ),
    )
        .into_response()
}

/// Binds `config.addr`, prints `auth-service listening on http://ADDR` on stdout, and
/// serves until Ctrl-C or SIGTERM, running maintenance every `config.tick` and purging
/// expired rows every `config.purge_interval`.
///
/// # Errors
/// The address cannot be bound, or setup fails.
pub async fn serve(mut config: Config) -> Result<(), ServiceError> {
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| ServiceError::Setup(format!("cannot listen on {}: {e}", config.addr)))?;
    let bound = listener
        .local_addr()
        .map_err(|e| ServiceError::Setup(e.to_string()))?;
    if !config.issuer_from_env {
        config.issuer = format!("http://{bound}");
    }
    let state = tokio::task::spawn_blocking(move || AppState::open(config)).await??;
    println!(
        "auth-service listening on http://{bound} (issuer {})",
        state.config.issuer
    );
    let background = tokio::spawn(maintenance(state.clone()));
    let app = router(state);
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await;
    background.abort();
    served.map_err(|e| ServiceError::Setup(format!("server: {e}")))
}

async fn maintenance(state: AppState) {
    let mut tick = tokio::time::interval(state.config.tick);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_purge = std::time::Instant::now();
    loop {
        tick.tick().await;
        let s = state.clone();
        let purge = last_purge.elapsed() >= state.config.purge_interval;
        if purge {
            last_purge = std::time::Instant::now();
        }
        let result = tokio::task::spawn_blocking(move || {
            let at = now();
            s.maintain(at)?;
            if purge {
                let (denied, sessions) = s.db.purge(at.as_secs())?;
                tracing::info!(denied, sessions, "expired rows purged");
            }
            Ok::<_, ServiceError>(())
        })
        .await;
        match result {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::error!(error = %e, "maintenance failed"),
            Err(e) => tracing::error!(error = %e, "maintenance task failed"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
