//! Shared by the HTTP tests: servers on 127.0.0.1 (plain and TLS), a real client, a JWK
//! server whose behaviour a test controls, and a resource server on the crate.
#![allow(dead_code, unreachable_pub)]

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use strict_jwt::{Algorithm, Claims, JwkSet, Signer, SigningKey};
use strict_jwt_axum::{Authenticated, BearerAuth, BearerAuthLayer, Scopes};

/// Serves `app` on an ephemeral loopback port.
pub async fn serve(app: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// Serves `app` over TLS with a certificate for `localhost` and 127.0.0.1 made now;
/// returns the address and a client configuration trusting exactly that certificate.
pub async fn serve_tls(app: Router) -> (SocketAddr, rustls::ClientConfig) {
    let cert =
        rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(cert.signing_key.serialize_der().into());
    let server = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.cert.der().clone()], key)
        .unwrap();
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert.cert.der().clone()).unwrap();
    let client = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(server));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let (acceptor, app) = (acceptor.clone(), app.clone());
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let service = hyper_util::service::TowerToHyperService::new(app);
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(tls), service)
                    .await;
            });
        }
    });
    (addr, client)
}

/// A response as the client saw it.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn challenge(&self) -> Option<&str> {
        self.headers
            .get(http::header::WWW_AUTHENTICATE)
            .map(|v| v.to_str().unwrap())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// The body's `error` member.
    pub fn error(&self) -> String {
        self.json()["error"].as_str().unwrap().to_owned()
    }

    pub fn description(&self) -> String {
        self.json()["error_description"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

/// GET `url` with these header lines (values as raw bytes; a name may repeat).
pub async fn fetch(url: &str, headers: &[(&str, &[u8])]) -> Reply {
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let mut request = Request::get(url).body(Full::new(Bytes::new())).unwrap();
    for (name, value) in headers {
        request.headers_mut().append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_bytes(value).unwrap(),
        );
    }
    let response = client.request(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8(body.to_vec()).unwrap(),
    }
}

/// GET with `Authorization: Bearer {token}`.
pub async fn get_bearer(url: &str, token: &str) -> Reply {
    fetch(
        url,
        &[("authorization", format!("Bearer {token}").as_bytes())],
    )
    .await
}

pub const ISSUER: &str = "https://issuer.example";
pub const AUDIENCE: &str = "api";
pub const REALM: &str = "test";

/// The claims the resource server's handlers read.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct TestClaims {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

impl Scopes for TestClaims {
    fn scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }
}

/// Standard claims for `sub` with this scope and role, issued now, valid for 10 minutes.
pub fn claims(sub: &str, scope: Option<&str>, role: Option<&str>) -> Claims<TestClaims> {
    Claims::new(TestClaims {
        scope: scope.map(Into::into),
        role: role.map(Into::into),
    })
    .issuer(ISSUER)
    .audience(AUDIENCE)
    .subject(sub)
    .issued_now()
    .expires_in(Duration::from_secs(600))
}

pub fn es256() -> SigningKey {
    SigningKey::generate(Algorithm::ES256).unwrap()
}

pub fn sign(key: &SigningKey, claims: &Claims<TestClaims>) -> String {
    Signer::new(key.clone()).sign(claims).unwrap()
}

/// The resource server: `/me`, `/optional`, `/admin` (scope), `/role` (role predicate),
/// `/layered/report` (behind the layer, scope `reports:read`).
pub fn resource_server(auth: BearerAuth) -> Router {
    async fn me(user: Authenticated<TestClaims>) -> Response {
        axum::Json(serde_json::json!({
            "sub": user.registered().sub,
            "scope": user.claims().scope,
        }))
        .into_response()
    }
    async fn optional(user: Option<Authenticated<TestClaims>>) -> String {
        match user {
            Some(u) => format!("hello {}", u.registered().sub.as_deref().unwrap_or("?")),
            None => "hello anonymous".into(),
        }
    }
    async fn admin(
        user: Authenticated<TestClaims>,
    ) -> Result<&'static str, strict_jwt_axum::AuthRejection> {
        user.require_scope("admin")?;
        Ok("admin ok")
    }
    async fn role(
        user: Authenticated<TestClaims>,
    ) -> Result<&'static str, strict_jwt_axum::AuthRejection> {
        user.require("role:admin", |c| c.role.as_deref() == Some("admin"))?;
        Ok("role ok")
    }
    async fn report(axum::Extension(user): axum::Extension<Authenticated<TestClaims>>) -> String {
        format!(
            "report for {}",
            user.registered().sub.as_deref().unwrap_or("?")
        )
    }
    let layered = Router::new()
        .route("/report", get(report))
        .layer(BearerAuthLayer::<TestClaims>::new(auth.clone()).require_scope("reports:read"));
    Router::new()
        .route("/me", get(me))
        .route("/optional", get(optional))
        .route("/admin", get(admin))
        .route("/role", get(role))
        .with_state(auth)
        .nest("/layered", layered)
}

/// What the JWK server answers.
#[derive(Clone, Debug)]
pub enum Mode {
    /// The current set, with this `Cache-Control` if any.
    Good,
    /// 503.
    Down,
    /// 200 with a body that is not a JWK set.
    Malformed(&'static str),
    /// 200 with a JWK set padded to this many bytes; `chunked`: no Content-Length.
    Oversized { bytes: usize, chunked: bool },
    /// The set, after this delay.
    Slow(Duration),
}

/// A JWK server whose keys, behaviour and discovery document the test sets, counting
/// the requests it gets.
pub struct JwksServer {
    pub addr: SocketAddr,
    pub state: Arc<JwksState>,
}

pub struct JwksState {
    pub hits: AtomicUsize,
    pub keys: Mutex<Vec<SigningKey>>,
    pub mode: Mutex<Mode>,
    pub cache_control: Mutex<Option<String>>,
    pub discovery: Mutex<Option<String>>,
    pub discovery_hits: AtomicUsize,
}

impl JwksServer {
    pub async fn start(keys: &[&SigningKey]) -> Self {
        let state = Self::state(keys);
        let addr = serve(Self::router(state.clone())).await;
        Self { addr, state }
    }

    pub async fn start_tls(keys: &[&SigningKey]) -> (Self, rustls::ClientConfig) {
        let state = Self::state(keys);
        let (addr, client) = serve_tls(Self::router(state.clone())).await;
        (Self { addr, state }, client)
    }

    fn state(keys: &[&SigningKey]) -> Arc<JwksState> {
        Arc::new(JwksState {
            hits: AtomicUsize::new(0),
            keys: Mutex::new(keys.iter().map(|k| (*k).clone()).collect()),
            mode: Mutex::new(Mode::Good),
            cache_control: Mutex::new(None),
            discovery: Mutex::new(None),
            discovery_hits: AtomicUsize::new(0),
        })
    }

    fn router(state: Arc<JwksState>) -> Router {
        Router::new()
            .route("/jwks.json", get(jwks))
            .route("/.well-known/openid-configuration", get(discovery))
            .with_state(state)
    }

    pub fn url(&self) -> String {
        format!("http://{}/jwks.json", self.addr)
    }

    pub fn hits(&self) -> usize {
        self.state.hits.load(Ordering::SeqCst)
    }

    pub fn set_keys(&self, keys: &[&SigningKey]) {
        *self.state.keys.lock().unwrap() = keys.iter().map(|k| (*k).clone()).collect();
    }

    pub fn set_mode(&self, mode: Mode) {
        *self.state.mode.lock().unwrap() = mode;
    }
}

fn key_set(keys: &[SigningKey]) -> String {
    JwkSet::from_keys(keys.iter().map(|k| k.to_public_jwk().unwrap()))
        .unwrap()
        .to_json()
        .to_string()
}

async fn jwks(State(state): State<Arc<JwksState>>) -> Response {
    state.hits.fetch_add(1, Ordering::SeqCst);
    let mode = state.mode.lock().unwrap().clone();
    let body = key_set(&state.keys.lock().unwrap());
    let cache_control = state.cache_control.lock().unwrap().clone();
    let mut response = match mode {
        Mode::Good => body.into_response(),
        Mode::Down => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        Mode::Malformed(text) => text.into_response(),
        Mode::Oversized { bytes, chunked } => {
            // Valid JSON: the set with a long unknown member, so only the size is wrong.
            let pad = bytes.saturating_sub(body.len() + 16);
            let doc = format!("{{\"pad\":\"{}\",{}", "x".repeat(pad), &body[1..]);
            if chunked {
                let chunks = doc
                    .into_bytes()
                    .chunks(8192)
                    .map(|c| Ok::<_, std::io::Error>(Bytes::copy_from_slice(c)))
                    .collect::<Vec<_>>();
                axum::body::Body::from_stream(futures_stream(chunks)).into_response()
            } else {
                doc.into_response()
            }
        }
        Mode::Slow(delay) => {
            tokio::time::sleep(delay).await;
            body.into_response()
        }
    };
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Some(cc) = cache_control {
        response.headers_mut().insert(
            http::header::CACHE_CONTROL,
            HeaderValue::from_str(&cc).unwrap(),
        );
    }
    response
}

async fn discovery(State(state): State<Arc<JwksState>>) -> Response {
    state.discovery_hits.fetch_add(1, Ordering::SeqCst);
    match state.discovery.lock().unwrap().clone() {
        Some(doc) => doc.into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A stream of ready chunks, without a futures dependency.
fn futures_stream(
    chunks: Vec<Result<Bytes, std::io::Error>>,
) -> impl futures_core::Stream<Item = Result<Bytes, std::io::Error>> {
    struct Chunks(std::vec::IntoIter<Result<Bytes, std::io::Error>>);
    impl futures_core::Stream for Chunks {
        type Item = Result<Bytes, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    Chunks(chunks.into_iter())
}

/// `token` with one signature character changed (in the middle, so the encoding stays
/// canonical).
pub fn tamper(token: &str) -> String {
    let mut bytes = token.as_bytes().to_vec();
    let i = bytes.len() - 10;
    bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
    String::from_utf8(bytes).unwrap()
}

/// A compact token with this header and payload JSON and this signature (no key).
pub fn raw_token(header: &str, payload: &str, signature: &[u8]) -> String {
    use strict_jwt::base64url::encode;
    format!(
        "{}.{}.{}",
        encode(header.as_bytes()),
        encode(payload.as_bytes()),
        encode(signature)
    )
}

/// An ES256 verifier for `key`, with the tests' issuer and audience.
pub fn es256_verifier(key: &SigningKey) -> strict_jwt::Verifier {
    strict_jwt::Verifier::builder()
        .allow(Algorithm::ES256)
        .key(key.verifying_key())
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .build()
        .unwrap()
}

/// A port nothing listens on.
pub async fn closed_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

/// `n` requests with `token` to `url` at once; their statuses.
pub async fn concurrently(n: usize, url: &str, token: &str) -> Vec<StatusCode> {
    let requests: Vec<_> = (0..n)
        .map(|_| {
            let (url, token) = (url.to_owned(), token.to_owned());
            tokio::spawn(async move { get_bearer(&url, &token).await.status })
        })
        .collect();
    let mut statuses = Vec::with_capacity(n);
    for request in requests {
        statuses.push(request.await.unwrap());
    }
    statuses
}

/// A `RemoteJwks` (ES256, the tests' issuer and audience) whose server is not there.
pub async fn unreachable_jwks() -> strict_jwt_axum::RemoteJwks {
    strict_jwt_axum::RemoteJwks::builder(
        strict_jwt::Verifier::builder()
            .issuer(ISSUER)
            .audience(AUDIENCE),
    )
    .allow(Algorithm::ES256)
    .allow_http()
    .jwks_uri(&format!(
        "http://127.0.0.1:{}/jwks.json",
        closed_port().await
    ))
    .unwrap()
}
