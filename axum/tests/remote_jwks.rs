//! `RemoteJwks` against a real JWK server on 127.0.0.1 (plain HTTP with `allow_http`,
//! and HTTPS with a certificate made for the test): rotation with single-flight fetches,
//! the server down, malformed, oversized and slow documents, HTTPS-only, OIDC discovery,
//! and a burst of random kids before a rotation. The JWK server counts its hits.

mod common;

use common::*;
use http::StatusCode;
use std::future::Future;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use strict_jwt::{Algorithm, CachePolicy, Verifier};
use strict_jwt_axum::{BearerAuth, FetchError, RemoteJwks, RemoteJwksBuilder, RemoteJwksError};

fn builder() -> RemoteJwksBuilder {
    RemoteJwks::builder(Verifier::builder().issuer(ISSUER).audience(AUDIENCE))
        .allow(Algorithm::ES256)
        .allow_http()
}

/// A fast schedule for tests that wait for the background refresh.
fn quick_policy() -> CachePolicy {
    CachePolicy::default()
        .with_max_age(Duration::from_secs(1))
        .with_min_age(Duration::ZERO)
        .with_unknown_kid_cooldown(Duration::from_secs(1))
        .with_retry_after_failure(Duration::from_millis(500))
}

async fn resource(jwks: &RemoteJwks) -> String {
    format!(
        "http://{}/me",
        serve(resource_server(BearerAuth::remote(jwks.clone()))).await
    )
}

/// Polls `check` every 50 ms for up to 15 s; panics with `what` if it never holds.
async fn eventually<F: Future<Output = bool>>(what: &str, mut check: impl FnMut() -> F) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never happened: {what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotation_fetches_a_new_kid_once_for_100_concurrent_requests() {
    let (a, b) = (es256(), es256());
    let server = JwksServer::start(&[&a]).await;
    let jwks = builder().jwks_uri(&server.url()).unwrap();
    let me = resource(&jwks).await;
    let reply = get_bearer(&me, &sign(&a, &claims("alice", None, None))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        server.hits(),
        1,
        "the first request waits for the first fetch"
    );
    // The issuer rotates to B and signs with it at once.
    server.set_keys(&[&b, &a]);
    let token = sign(&b, &claims("bob", None, None));
    for status in concurrently(100, &me, &token).await {
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(server.hits(), 2, "100 requests with a new kid, one fetch");
    assert_eq!(jwks.generation(), 2);
    // Tokens of the old key still verify while it is published.
    let reply = get_bearer(&me, &sign(&a, &claims("alice", None, None))).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(server.hits(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_goes_down_keeps_the_last_good_set_then_recovers() {
    let (a, b) = (es256(), es256());
    let server = JwksServer::start(&[&a]).await;
    let jwks = builder()
        .cache_policy(quick_policy())
        .jwks_uri(&server.url())
        .unwrap();
    let me = resource(&jwks).await;
    let old = sign(&a, &claims("alice", None, None));
    assert_eq!(get_bearer(&me, &old).await.status, StatusCode::OK);
    server.set_mode(Mode::Down);
    let before = server.hits();
    eventually("two failed background refreshes", || async {
        server.hits() >= before + 2
    })
    .await;
    let (_, why) = jwks.last_failure().expect("a failure is recorded");
    assert_eq!(why, "HTTP status 503");
    assert_eq!(
        get_bearer(&me, &old).await.status,
        StatusCode::OK,
        "last good set kept"
    );
    assert_eq!(jwks.generation(), 1);
    // Back up, rotated to B.
    server.set_keys(&[&b]);
    server.set_mode(Mode::Good);
    let new = sign(&b, &claims("bob", None, None));
    eventually("the rotated key verifies", || async {
        get_bearer(&me, &new).await.status == StatusCode::OK
    })
    .await;
    assert!(jwks.last_failure().is_none());
    // A was retired: its tokens stop verifying.
    let reply = get_bearer(&me, &old).await;
    assert_eq!(
        (reply.status, reply.description()),
        (StatusCode::UNAUTHORIZED, "unknown signing key".into())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_and_oversized_documents_keep_the_last_good_set() {
    let (a, b) = (es256(), es256());
    let server = JwksServer::start(&[&a]).await;
    let jwks = builder()
        .cache_policy(quick_policy())
        .max_response_size(64 * 1024)
        .jwks_uri(&server.url())
        .unwrap();
    let me = resource(&jwks).await;
    let token = sign(&a, &claims("alice", None, None));
    assert_eq!(get_bearer(&me, &token).await.status, StatusCode::OK);
    // If any of these were taken, A's token would stop verifying: B replaces A.
    server.set_keys(&[&b]);
    let cases = [
        (
            Mode::Malformed("{\"keys\":["),
            "document refused: invalid key",
        ),
        (
            Mode::Malformed("<html>502 Bad Gateway</html>"),
            "document refused: invalid key",
        ),
        (
            Mode::Malformed("{\"keys\":{}}"),
            "document refused: invalid key",
        ),
        (
            Mode::Oversized {
                bytes: 200 * 1024,
                chunked: false,
            },
            "response larger than the size cap",
        ),
        (
            Mode::Oversized {
                bytes: 200 * 1024,
                chunked: true,
            },
            "response larger than the size cap",
        ),
    ];
    for (mode, reason) in cases {
        server.set_mode(mode.clone());
        let before = server.hits();
        eventually(&format!("{mode:?} fetched"), || async {
            server.hits() > before
                && jwks
                    .last_failure()
                    .is_some_and(|(_, why)| why.starts_with(reason))
        })
        .await;
        let (_, why) = jwks.last_failure().unwrap();
        assert!(why.starts_with(reason), "{mode:?}: {why}");
        assert_eq!(
            get_bearer(&me, &token).await.status,
            StatusCode::OK,
            "{mode:?}"
        );
        assert_eq!(jwks.generation(), 1, "{mode:?}");
    }
    // The same padding under the cap is a good document: the cap is what refused it.
    server.set_mode(Mode::Oversized {
        bytes: 32 * 1024,
        chunked: true,
    });
    eventually("a padded set under the cap is taken", || async {
        jwks.generation() == 2
    })
    .await;
    assert_eq!(
        get_bearer(&me, &sign(&b, &claims("bob", None, None)))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_slower_than_the_timeout_is_a_failed_fetch() {
    let a = es256();
    let server = JwksServer::start(&[&a]).await;
    server.set_mode(Mode::Slow(Duration::from_secs(3)));
    let jwks = builder()
        .cache_policy(quick_policy())
        .timeout(Duration::from_millis(300))
        .jwks_uri(&server.url())
        .unwrap();
    let me = resource(&jwks).await;
    let token = sign(&a, &claims("alice", None, None));
    // Nothing fetched yet and the server too slow: 503, not a hang.
    let reply = tokio::time::timeout(Duration::from_secs(2), get_bearer(&me, &token))
        .await
        .expect("the request waited for the slow server");
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        jwks.last_failure().unwrap().1,
        "no response within the timeout"
    );
    // Within the timeout: fetched, verified.
    server.set_mode(Mode::Slow(Duration::from_millis(50)));
    eventually("a fetch within the timeout", || async {
        get_bearer(&me, &token).await.status == StatusCode::OK
    })
    .await;
    // Slow again: the last good set keeps serving.
    server.set_mode(Mode::Slow(Duration::from_secs(3)));
    let before = server.hits();
    eventually("a timed-out refresh", || async {
        server.hits() > before && jwks.last_failure().is_some()
    })
    .await;
    assert_eq!(get_bearer(&me, &token).await.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_before_the_first_fetch_wait_for_it() {
    let a = es256();
    let server = JwksServer::start(&[&a]).await;
    server.set_mode(Mode::Slow(Duration::from_millis(300)));
    let jwks = builder().jwks_uri(&server.url()).unwrap();
    let me = resource(&jwks).await;
    let token = sign(&a, &claims("alice", None, None));
    for status in concurrently(10, &me, &token).await {
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn plain_http_is_refused_unless_allowed() {
    let a = es256();
    let server = JwksServer::start(&[&a]).await;
    let strict =
        || RemoteJwks::builder(Verifier::builder().audience(AUDIENCE)).allow(Algorithm::ES256);
    let err = strict().jwks_uri(&server.url()).unwrap_err();
    assert!(
        matches!(err, RemoteJwksError::Url(FetchError::InvalidUrl(_))),
        "{err:?}"
    );
    let issuer = format!("http://{}", server.addr);
    let err = strict().discover(&issuer).await.unwrap_err();
    assert!(
        matches!(err, RemoteJwksError::Url(FetchError::InvalidUrl(_))),
        "{err:?}"
    );
    for bad in ["ftp://example.com/jwks", "https:///jwks", "/jwks.json"] {
        assert!(strict().jwks_uri(bad).is_err(), "{bad}");
    }
    assert_eq!(
        server.hits() + server.state.discovery_hits.load(Ordering::SeqCst),
        0
    );
    // Allowed: fetched.
    let jwks = builder().jwks_uri(&server.url()).unwrap();
    assert_eq!(jwks.refresh().await, 1);
    assert_eq!(server.hits(), 1);
    // Without an algorithm, nothing is built.
    let none = RemoteJwks::builder(Verifier::builder())
        .allow_http()
        .jwks_uri(&server.url());
    assert_eq!(none.unwrap_err(), RemoteJwksError::NoAlgorithms);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_with_the_configured_roots_and_refused_with_the_default_ones() {
    let a = es256();
    let (server, tls) = JwksServer::start_tls(&[&a]).await;
    let url = format!("https://127.0.0.1:{}/jwks.json", server.addr.port());
    let token = sign(&a, &claims("alice", None, None));
    let trusted = RemoteJwks::builder(Verifier::builder().issuer(ISSUER).audience(AUDIENCE))
        .allow(Algorithm::ES256)
        .tls_config(tls)
        .jwks_uri(&url)
        .unwrap();
    assert_eq!(
        get_bearer(&resource(&trusted).await, &token).await.status,
        StatusCode::OK
    );
    // The default roots (Mozilla's) do not know the test's certificate.
    let untrusted = RemoteJwks::builder(Verifier::builder().issuer(ISSUER).audience(AUDIENCE))
        .allow(Algorithm::ES256)
        .jwks_uri(&url)
        .unwrap();
    let reply = get_bearer(&resource(&untrusted).await, &token).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    let (_, why) = untrusted.last_failure().unwrap();
    assert!(why.starts_with("transport error"), "{why}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oidc_discovery_checks_issuer_jwks_uri_and_narrows_algorithms() {
    let a = es256();
    let (server, tls) = JwksServer::start_tls(&[&a]).await;
    let issuer = format!("https://127.0.0.1:{}", server.addr.port());
    let jwks_uri = format!("{issuer}/jwks.json");
    let discover = |doc: serde_json::Value| {
        *server.state.discovery.lock().unwrap() = Some(doc.to_string());
        RemoteJwks::builder(Verifier::builder().audience(AUDIENCE))
            .allow(Algorithm::ES256)
            .allow(Algorithm::RS256)
            .tls_config(tls.clone())
            .discover(&issuer)
    };
    let token = |iss: &str| sign(&a, &claims("alice", None, None).issuer(iss));

    // A good document: the issuer's tokens verify, and `iss` is required to be it.
    let jwks = discover(serde_json::json!({
        "issuer": issuer, "jwks_uri": jwks_uri,
        "id_token_signing_alg_values_supported": ["ES256", "RS256", "PS256"],
    }))
    .await
    .unwrap();
    let me = resource(&jwks).await;
    assert_eq!(
        get_bearer(&me, &token(&issuer)).await.status,
        StatusCode::OK
    );
    let reply = get_bearer(&me, &token("https://evil.example")).await;
    assert_eq!(reply.description(), "wrong issuer");
    // A trailing slash is removed before the well-known path (OIDC Discovery §4), but the
    // document's issuer must still equal what was configured, byte for byte.
    let err = RemoteJwks::builder(Verifier::builder().audience(AUDIENCE))
        .allow(Algorithm::ES256)
        .tls_config(tls.clone())
        .discover(&format!("{issuer}/"))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        RemoteJwksError::InvalidDiscovery("its issuer is not the configured issuer")
    );

    // Issuer mismatch: refused.
    let err = discover(serde_json::json!({"issuer": "https://evil.example", "jwks_uri": jwks_uri}))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        RemoteJwksError::InvalidDiscovery("its issuer is not the configured issuer")
    );
    // A jwks_uri over plain http: refused.
    let err = discover(serde_json::json!({
        "issuer": issuer, "jwks_uri": format!("http://127.0.0.1:{}/jwks.json", server.addr.port()),
    }))
    .await
    .unwrap_err();
    assert_eq!(
        err,
        RemoteJwksError::InvalidDiscovery("its jwks_uri is not an https URL")
    );
    // The issuer's algorithms narrow the allowlist: with RS256 only, the set's ES256 key
    // is not used (no verifier builds from it: 503), where it verified above.
    let narrowed = discover(serde_json::json!({
        "issuer": issuer, "jwks_uri": jwks_uri, "id_token_signing_alg_values_supported": ["RS256"],
    }))
    .await
    .unwrap();
    let reply = get_bearer(&resource(&narrowed).await, &token(&issuer)).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    // ... and never widen it: HS256 is not added, and nothing is left.
    let err = discover(serde_json::json!({
        "issuer": issuer, "jwks_uri": jwks_uri, "id_token_signing_alg_values_supported": ["HS256", "none"],
    }))
    .await
    .unwrap_err();
    assert_eq!(
        err,
        RemoteJwksError::InvalidDiscovery("the issuer supports none of the allowed algorithms")
    );
    // Not a document / not there.
    *server.state.discovery.lock().unwrap() = Some("<html>".into());
    let err = RemoteJwks::builder(Verifier::builder())
        .allow(Algorithm::ES256)
        .tls_config(tls.clone())
        .discover(&issuer)
        .await
        .unwrap_err();
    assert!(
        matches!(err, RemoteJwksError::InvalidDiscovery(_)),
        "{err:?}"
    );
    *server.state.discovery.lock().unwrap() = None;
    let err = discover_missing(&issuer, tls.clone()).await;
    assert_eq!(err, RemoteJwksError::Discovery(FetchError::Status(404)));
}

async fn discover_missing(issuer: &str, tls: rustls::ClientConfig) -> RemoteJwksError {
    RemoteJwks::builder(Verifier::builder())
        .allow(Algorithm::ES256)
        .tls_config(tls)
        .discover(issuer)
        .await
        .unwrap_err()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_random_kids_cannot_keep_a_rotation_out_longer_than_the_cooldown() {
    let (a, b) = (es256(), es256());
    let server = JwksServer::start(&[&a]).await;
    let cooldown = Duration::from_secs(2);
    let jwks = builder()
        .cache_policy(CachePolicy::default().with_unknown_kid_cooldown(cooldown))
        .jwks_uri(&server.url())
        .unwrap();
    let me = resource(&jwks).await;
    assert_eq!(
        get_bearer(&me, &sign(&a, &claims("alice", None, None)))
            .await
            .status,
        StatusCode::OK
    );
    // A fresh key's kid is its thumbprint: a new kid every time.
    let random = || sign(&es256(), &claims("x", None, None));
    // The attacker's burst: 50 concurrent tokens with random kids.
    let burst: Vec<_> = (0..50)
        .map(|_| {
            let (me, token) = (me.clone(), random());
            tokio::spawn(async move { get_bearer(&me, &token).await })
        })
        .collect();
    for reply in burst {
        let reply = reply.await.unwrap();
        assert_eq!(
            (reply.status, reply.description()),
            (StatusCode::UNAUTHORIZED, "unknown signing key".into())
        );
    }
    assert_eq!(server.hits(), 2, "the burst cost one fetch");
    // Right after it, the issuer rotates and signs with B; the attacker keeps going.
    server.set_keys(&[&b, &a]);
    let rotated = Instant::now();
    let new = sign(&b, &claims("bob", None, None));
    loop {
        let _ = get_bearer(&me, &random()).await;
        if get_bearer(&me, &new).await.status == StatusCode::OK {
            break;
        }
        assert!(
            rotated.elapsed() < cooldown * 4,
            "rotation still refused after {:?}",
            rotated.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // One fetch per cooldown at most, however many random kids.
    assert!(server.hits() <= 2 + 1 + 1, "{} hits", server.hits());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_background_refresh_follows_cache_control_within_the_policy() {
    let a = es256();
    let server = JwksServer::start(&[&a]).await;
    *server.state.cache_control.lock().unwrap() = Some("public, max-age=1".into());
    let jwks = builder()
        .cache_policy(
            CachePolicy::default()
                .with_min_age(Duration::from_secs(1))
                .with_max_age(Duration::from_secs(3600)),
        )
        .jwks_uri(&server.url())
        .unwrap();
    // No request at all: the background task refreshes every second.
    eventually("three background fetches", || async { server.hits() >= 3 }).await;
    assert!(jwks.generation() >= 3);
    // A day's max-age is capped at the policy's hour: no refresh for now.
    *server.state.cache_control.lock().unwrap() = Some("max-age=86400".into());
    let hits = server.hits();
    eventually("one more fetch, with the long max-age", || async {
        server.hits() > hits
    })
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let settled = server.hits();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(server.hits(), settled, "refetched before max-age");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zero_max_age_does_not_flood_the_issuer() {
    let a = es256();
    let server = JwksServer::start(&[&a]).await;
    *server.state.cache_control.lock().unwrap() = Some("no-store".into());
    let jwks = builder()
        .cache_policy(
            CachePolicy::default()
                .with_max_age(Duration::ZERO)
                .with_min_age(Duration::ZERO),
        )
        .jwks_uri(&server.url())
        .unwrap();
    eventually("the first fetch", || async { jwks.generation() >= 1 }).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    // At most one scheduled fetch a second (plus the first), not thousands.
    assert!(server.hits() <= 4, "{} hits in 2.5 s", server.hits());
}
