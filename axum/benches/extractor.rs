//! Per-request cost of the `Authenticated<C>` extractor and of `BearerAuthLayer`, on an
//! in-memory request (`tower::ServiceExt::oneshot` on an axum `Router`, no sockets), with
//! one HS256 token signed at setup (`aud` "api", a `sub`, a small custom claim, `exp` far
//! in the future).
//!
//! Ids, all in the group `extractor`:
//! - `verify_only`: `Verifier::verify::<Claims>` alone (no HTTP);
//! - `request_build`: building the `Request` alone (every router id includes it);
//! - `router_no_auth`: the same router shape and body, no authentication (the request
//!   still carries the `Authorization` header);
//! - `router_hand_written`: the glue applications write by hand today: the verifier as
//!   state, `strip_prefix("Bearer ")` on the header, `verify`, 401 on any error;
//! - `router_extractor`: a handler taking `Authenticated<Claims>`, `BearerAuth` as state;
//! - `router_layer`: `BearerAuthLayer::<Claims>` on the router, the handler reading
//!   `Extension<Authenticated<Claims>>`.
//!
//! The extractor's own overhead (credential parsing, state lookup, the `Arc`s it hands
//! out) is
//!
//! ```text
//! overhead = (router_extractor - router_no_auth) - verify_only
//! ```
//!
//! and the goal is under 10% of `verify_only`. `request_build` cancels out of that
//! difference; it is there so absolute router figures can be read without it.
//! `router_extractor - router_hand_written` is what the strict parsing and the RFC 6750
//! machinery cost over the least an application can write.
//!
//! Run with `cargo bench -p strict-jwt-axum --bench extractor`.

mod common;

use axum::Router;
use axum::http::{HeaderValue, StatusCode};
use common::{Claims, Fixture, request};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use tower::ServiceExt as _;

async fn status(router: &Router, authorization: Option<&HeaderValue>) -> StatusCode {
    let response = router
        .clone()
        .oneshot(request(authorization))
        .await
        .expect("infallible");
    response.status()
}

fn bench(c: &mut Criterion) {
    let fixture = Fixture::new();
    let (token, verifier, bearer) = (&fixture.token, &fixture.verifier, &fixture.bearer);
    let routers = fixture.routers();

    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("tokio runtime");

    // Once, outside the timed loops: every router takes the success path for the valid
    // token, and the authenticating ones refuse a request without it.
    let verified = verifier.verify::<Claims>(token).expect("token verifies");
    assert_eq!(verified.claims().tenant, "acme");
    assert_eq!(verified.registered().sub.as_deref(), Some("user-42"));
    rt.block_on(async {
        for (name, router) in &routers {
            assert_eq!(status(router, Some(bearer)).await, StatusCode::OK, "{name}");
            let anonymous = if *name == "router_no_auth" {
                StatusCode::OK
            } else {
                StatusCode::UNAUTHORIZED
            };
            assert_eq!(
                status(router, None).await,
                anonymous,
                "{name} without a token"
            );
        }
    });

    let mut g = c.benchmark_group("extractor");
    g.bench_function("verify_only", |b| {
        b.iter(|| {
            verifier
                .verify::<Claims>(black_box(token))
                .expect("verifies")
        });
    });
    g.bench_function("request_build", |b| {
        b.iter(|| request(Some(black_box(bearer))));
    });
    for (name, router) in &routers {
        g.bench_function(*name, |b| {
            b.to_async(&rt).iter(|| {
                // The request is consumed, so it is built inside the iteration.
                router.clone().oneshot(request(Some(black_box(bearer))))
            });
        });
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench
}
criterion_main!(benches);
