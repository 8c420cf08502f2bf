//! The service under test: the real `auth-service` binary, on 127.0.0.1, with its own
//! database in a temporary directory, driven over HTTP.
#![allow(dead_code)]

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, SET_COOKIE};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const PASSWORD: &str = "correct horse battery";

/// A running service process.
pub struct Service {
    child: Child,
    pub url: String,
    pub dir: PathBuf,
    env: Vec<(String, String)>,
    _tmp: Option<tempfile::TempDir>,
    pub http: reqwest::Client,
}

/// A port free right now (the service binds it a moment later).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_auth-service")
}

fn spawn(dir: &Path, env: &[(String, String)]) -> (Child, String) {
    let mut cmd = Command::new(binary());
    cmd.env_clear()
        .env("AUTH_DB", dir.join("auth.db"))
        .env("AUTH_ADDR", "127.0.0.1:0")
        .env("AUTH_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("start auth-service");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_owned();
    (child, url)
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

impl Service {
    /// Starts the service with these extra settings.
    pub fn start(env: &[(&str, &str)]) -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_owned();
        let mut s = Self::start_in(&dir, env);
        s._tmp = Some(tmp);
        s
    }

    /// Starts the service on the database in `dir`.
    pub fn start_in(dir: &Path, env: &[(&str, &str)]) -> Self {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        let (child, url) = spawn(dir, &env);
        Self {
            child,
            url,
            dir: dir.to_owned(),
            env,
            _tmp: None,
            http: client(),
        }
    }

    /// Stops the process (SIGKILL: nothing is flushed on the way out) and starts a new
    /// one on the same database and settings.
    pub fn restart(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        let (child, url) = spawn(&self.dir, &self.env);
        self.child = child;
        self.url = url;
        // Pooled keep-alive connections went with the old process.
        self.http = client();
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.join("auth.db")
    }

    /// Runs `auth-service ARGS` on this service's database, with `stdin`.
    pub fn command(&self, args: &[&str], stdin: &str) -> std::process::Output {
        run_command(&self.db_path(), &self.env, args, stdin)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn register(&self, email: &str) -> String {
        let r = self
            .post_json(
                "/auth/register",
                &serde_json::json!({"email": email, "password": PASSWORD}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let v: Value = r.json().await.unwrap();
        v["id"].as_str().unwrap().to_owned()
    }

    /// `POST /auth/login` with this password, whatever the answer.
    pub async fn try_login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_json(
            "/auth/login",
            &serde_json::json!({"email": email, "password": password}),
        )
        .await
    }

    /// `GET path`, its JSON body.
    pub async fn get_json(&self, path: &str) -> Value {
        let r = self.http.get(self.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        r.json().await.unwrap()
    }

    /// Logs in: the access token and the refresh cookie's value.
    pub async fn login(&self, email: &str) -> Session {
        let r = self.try_login(email, PASSWORD).await;
        assert_eq!(r.status(), StatusCode::OK);
        Session::from_response(r).await
    }

    pub async fn refresh(&self, cookie: &str) -> reqwest::Response {
        self.http
            .post(self.url("/auth/refresh"))
            .header("cookie", format!("refresh_token={cookie}"))
            .send()
            .await
            .unwrap()
    }

    pub async fn get_bearer(&self, path: &str, token: &str) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }
}

pub fn run_command(
    db: &Path,
    env: &[(String, String)],
    args: &[&str],
    stdin: &str,
) -> std::process::Output {
    use std::io::Write;
    let mut cmd = Command::new(binary());
    cmd.env_clear().env("AUTH_DB", db).env("AUTH_LOG", "warn");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a login or refresh returned.
#[derive(Clone, Debug)]
pub struct Session {
    pub access: String,
    pub refresh: String,
    pub set_cookie: String,
    pub body: Value,
}

impl Session {
    pub async fn from_response(r: reqwest::Response) -> Self {
        assert_eq!(r.status(), StatusCode::OK);
        let set_cookie = set_cookie(r.headers()).expect("a Set-Cookie");
        let refresh = cookie_value(&set_cookie).to_owned();
        let body: Value = r.json().await.unwrap();
        Self {
            access: body["access_token"].as_str().unwrap().to_owned(),
            refresh,
            set_cookie,
            body,
        }
    }
}

pub fn set_cookie(h: &HeaderMap) -> Option<String> {
    h.get(SET_COOKIE).map(|v| v.to_str().unwrap().to_owned())
}

/// `refresh_token=VALUE; ...` → VALUE.
pub fn cookie_value(set_cookie: &str) -> &str {
    set_cookie
        .split(';')
        .next()
        .unwrap()
        .strip_prefix("refresh_token=")
        .unwrap()
}

/// The JSON error body, checked for its shape.
pub async fn error_of(r: reqwest::Response) -> (StatusCode, String, HeaderMap) {
    let status = r.status();
    let headers = r.headers().clone();
    let v: Value = r.json().await.unwrap();
    assert!(v["error_description"].is_string(), "{v}");
    (status, v["error"].as_str().unwrap().to_owned(), headers)
}

/// Polls `f` until it returns `Some`, for at most `limit`.
pub async fn eventually<T, F: Future<Output = Option<T>>>(
    limit: Duration,
    mut f: impl FnMut() -> F,
) -> T {
    let deadline = std::time::Instant::now() + limit;
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "condition not met in {limit:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The payload of a compact JWT, decoded without verification (to inspect claims).
pub fn payload(token: &str) -> Value {
    let parts = strict_jwt::insecure_decode_without_verification(token).unwrap();
    serde_json::from_slice(&parts.payload).unwrap()
}

/// The header of a compact JWT, decoded without verification.
pub fn header(token: &str) -> Value {
    let parts = strict_jwt::insecure_decode_without_verification(token).unwrap();
    serde_json::from_slice(&parts.header).unwrap()
}
