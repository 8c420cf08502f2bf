//! A bounded load run against a real service on 127.0.0.1: USERS concurrent users (200 by
//! default) each register, log in, make 20 authenticated requests, refresh 3 times and
//! log out. Prints requests/s and p50/p99 latency per endpoint, then checks the outcome:
//! no 5xx, no failed step, and in the database exactly one session per user with exactly
//! 4 refresh tokens (no lost or duplicated session), all revoked by the logout.
//!
//! ```text
//! cargo run --release -p strict-jwt-auth-service --example load
//! USERS=50 cargo run -p strict-jwt-auth-service --example load
//! ```
//!
//! Not a benchmark of record: latencies include Argon2id (19 MiB, 2 passes) for register
//! and login, on however many cores the machine has.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use strict_jwt_auth_service::{AppState, config::Config, router};

type Latencies = Arc<Mutex<BTreeMap<&'static str, Vec<Duration>>>>;

struct User {
    http: reqwest::Client,
    base: String,
    latencies: Latencies,
}

impl User {
    async fn timed(
        &self,
        name: &'static str,
        req: reqwest::RequestBuilder,
        expect: u16,
    ) -> Result<(reqwest::header::HeaderMap, Vec<u8>), String> {
        let start = Instant::now();
        let r = req.send().await.map_err(|e| format!("{name}: {e}"))?;
        let status = r.status().as_u16();
        // The body is read inside the timing: the request is done when the client has it.
        let headers = r.headers().clone();
        let body = r
            .bytes()
            .await
            .map_err(|e| format!("{name}: {e}"))?
            .to_vec();
        self.latencies
            .lock()
            .unwrap()
            .entry(name)
            .or_default()
            .push(start.elapsed());
        if status != expect {
            return Err(format!(
                "{name}: {status} {}",
                String::from_utf8_lossy(&body)
            ));
        }
        Ok((headers, body))
    }

    async fn run(&self, n: usize) -> Result<(), String> {
        let creds = serde_json::json!({"email": format!("user{n}@example.com"), "password": "correct horse battery"});
        let url = |p: &str| format!("{}{p}", self.base);
        self.timed(
            "POST /auth/register",
            self.http.post(url("/auth/register")).json(&creds),
            201,
        )
        .await?;
        let r = self
            .timed(
                "POST /auth/login",
                self.http.post(url("/auth/login")).json(&creds),
                200,
            )
            .await?;
        let (mut access, mut cookie) = tokens(r).await?;
        for _ in 0..20 {
            self.timed(
                "GET /me",
                self.http.get(url("/me")).bearer_auth(&access),
                200,
            )
            .await?;
        }
        for _ in 0..3 {
            let r = self
                .timed(
                    "POST /auth/refresh",
                    self.http
                        .post(url("/auth/refresh"))
                        .header("cookie", format!("refresh_token={cookie}")),
                    200,
                )
                .await?;
            (access, cookie) = tokens(r).await?;
        }
        self.timed(
            "POST /auth/logout",
            self.http
                .post(url("/auth/logout"))
                .bearer_auth(&access)
                .header("cookie", format!("refresh_token={cookie}")),
            204,
        )
        .await?;
        // After logout, both are refused.
        self.timed(
            "GET /me",
            self.http.get(url("/me")).bearer_auth(&access),
            401,
        )
        .await?;
        Ok(())
    }
}

async fn tokens(
    (headers, body): (reqwest::header::HeaderMap, Vec<u8>),
) -> Result<(String, String), String> {
    let cookie = headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .and_then(|v| v.strip_prefix("refresh_token="))
        .ok_or("no refresh cookie")?
        .to_owned();
    let body: serde_json::Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
    let access = body["access_token"]
        .as_str()
        .ok_or("no access_token")?
        .to_owned();
    Ok((access, cookie))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let users: usize = std::env::var("USERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir()?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let config = Config {
        db: dir.path().join("auth.db"),
        issuer: base.clone(),
        ..Config::default()
    };
    let state = tokio::task::spawn_blocking(move || AppState::open(config)).await??;
    let db = state.db.clone();
    tokio::spawn(async move { axum::serve(listener, router(state)).await });

    let latencies: Latencies = Arc::default();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(users)
        .build()?;
    let start = Instant::now();
    let tasks: Vec<_> = (0..users)
        .map(|n| {
            let user = User {
                http: http.clone(),
                base: base.clone(),
                latencies: Arc::clone(&latencies),
            };
            tokio::spawn(async move { user.run(n).await })
        })
        .collect();
    let mut failures = Vec::new();
    for t in tasks {
        if let Err(e) = t.await? {
            failures.push(e);
        }
    }
    let elapsed = start.elapsed();
    let latencies = latencies.lock().unwrap().clone();
    let total: usize = latencies.values().map(Vec::len).sum();
    #[allow(clippy::cast_precision_loss)]
    let rps = total as f64 / elapsed.as_secs_f64();
    println!(
        "{users} users, {total} requests in {:.2} s: {rps:.0} requests/s",
        elapsed.as_secs_f64()
    );
    println!(
        "{:<22} {:>7} {:>10} {:>10}",
        "endpoint", "count", "p50 ms", "p99 ms"
    );
    for (name, mut v) in latencies {
        v.sort_unstable();
        println!(
            "{name:<22} {:>7} {:>10.2} {:>10.2}",
            v.len(),
            percentile(&v, 0.50).as_secs_f64() * 1e3,
            percentile(&v, 0.99).as_secs_f64() * 1e3
        );
    }
    if !failures.is_empty() {
        return Err(format!("{} users failed, e.g. {}", failures.len(), failures[0]).into());
    }
    // No lost or duplicated session: one family per user, 4 refresh tokens each (login
    // plus 3 rotations), 3 of them spent, every family revoked by the logout.
    let (families, per_user_max, tokens, spent, unrevoked): (i64, i64, i64, i64, i64) = db.read(|c| {
        c.query_row(
            "SELECT (SELECT count(*) FROM refresh_families),
                    (SELECT max(n) FROM (SELECT count(*) AS n FROM refresh_families GROUP BY user_id)),
                    (SELECT count(*) FROM refresh_tokens),
                    (SELECT count(*) FROM refresh_tokens WHERE spent_at IS NOT NULL),
                    (SELECT count(*) FROM refresh_families WHERE revoked_at IS NULL)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
    })?;
    let users = i64::try_from(users)?;
    println!(
        "sessions {families}, refresh tokens {tokens} ({spent} spent), unrevoked sessions {unrevoked}"
    );
    if (families, per_user_max, tokens, spent, unrevoked) != (users, 1, 4 * users, 3 * users, 0) {
        return Err("the database does not hold exactly one complete session per user".into());
    }
    println!("load run OK: no 5xx, no failed step, no lost or duplicated session");
    Ok(())
}
