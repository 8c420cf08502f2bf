//! The comparisons of strict-jwt with other JWT libraries (not published): the criterion
//! benchmarks `hs256` and `asym`, the peers' allocation counts (`tests/allocations.rs`)
//! and the differential properties against `jsonwebtoken` (`tests/differential.rs`).
//! Run the benchmarks with `benches/run`; see BENCHMARKS.md.
//!
//! The library target holds only the [`workload`] they share.

pub mod workload;
