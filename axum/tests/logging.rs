//! Server-side faults are logged through `tracing` (the client gets no detail), token
//! failures at debug, and no token ever reaches the log. Its own test binary: `tracing`
//! caches each call site's interest process-wide, and tests running in parallel without
//! a subscriber would race with the one this test installs for its thread.

mod common;

use common::*;
use http::StatusCode;
use strict_jwt_axum::BearerAuth;

/// Collects what `tracing` writes, for the test's thread.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Self;
    fn make_writer(&'a self) -> Self {
        self.clone()
    }
}

#[tokio::test]
async fn faults_are_logged_through_tracing_without_the_token() {
    let log = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(log.clone())
        .finish();
    // The test runtime is single-threaded: the servers' tasks log to this subscriber.
    let _guard = tracing::subscriber::set_default(subscriber);
    let key = es256();
    let token = sign(&key, &claims("alice", None, None));
    let down = unreachable_jwks().await;
    let addr = serve(resource_server(BearerAuth::remote(down))).await;
    let reply = get_bearer(&format!("http://{addr}/me"), &token).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    let fixed = es256_verifier(&key);
    let addr = serve(resource_server(BearerAuth::new(fixed))).await;
    let forged = tamper(&token);
    assert_eq!(
        get_bearer(&format!("http://{addr}/me"), &forged)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    let line = |needle: &str| text.lines().find(|l| l.contains(needle)).map(str::to_owned);
    let fetch = line("JWK set fetch failed").expect("the failed fetch is logged");
    assert!(
        fetch.contains("WARN") && fetch.contains("transport error"),
        "{fetch}"
    );
    let fault = line("cannot verify bearer tokens").expect("the 503 is logged");
    assert!(
        fault.contains("WARN") && fault.contains("key_set_unavailable"),
        "{fault}"
    );
    let refused =
        line("bearer token refused").unwrap_or_else(|| panic!("the 401 is logged:\n{text}"));
    assert!(
        refused.contains("DEBUG") && refused.contains("invalid_signature"),
        "{refused}"
    );
    assert!(
        !text.contains(&token) && !text.contains(&forged),
        "a token reached the log"
    );
}
