//! Code shared by the integration tests (and included by the benchmarks).

pub mod synthetic;
