//! Instruction counts per request, for `benches/instructions.sh` (callgrind): the same
//! routers as `benches/extractor.rs`, each driven `N` times through
//! `tower::ServiceExt::oneshot`. Callgrind's counts do not depend on the machine's load,
//! so they separate a few hundred instructions of extractor work from timing noise.
//!
//! `cargo bench -p strict-jwt-axum --bench instructions -- CASE N`, CASE one of
//! `verify_only`, `router_no_auth`, `router_hand_written`, `router_extractor`,
//! `router_layer`. Without arguments (as `cargo bench` runs every bench) it does one
//! request of each, checking that they succeed.

mod common;

use axum::http::StatusCode;
use common::{Claims, Fixture, request};
use std::hint::black_box;
use tower::ServiceExt as _;

const CASES: [&str; 5] = [
    "verify_only",
    "router_no_auth",
    "router_hand_written",
    "router_extractor",
    "router_layer",
];

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let runs: Vec<(String, usize)> = match args.as_slice() {
        [case, n] => vec![(case.clone(), n.parse().expect("N is a number"))],
        _ => CASES.iter().map(|c| ((*c).to_owned(), 1)).collect(),
    };
    let fixture = Fixture::new();
    let routers = fixture.routers();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    for (case, n) in runs {
        if case == "verify_only" {
            for _ in 0..n {
                let verified = fixture.verifier.verify::<Claims>(black_box(&fixture.token));
                black_box(verified.expect("verifies"));
            }
            continue;
        }
        let Some((_, router)) = routers.iter().find(|(name, _)| *name == case) else {
            panic!("unknown case {case}; one of {CASES:?}");
        };
        rt.block_on(async {
            for _ in 0..n {
                let request = request(Some(&fixture.bearer));
                let response = router.clone().oneshot(request).await.expect("infallible");
                assert_eq!(response.status(), StatusCode::OK, "{case}");
            }
        });
    }
}
