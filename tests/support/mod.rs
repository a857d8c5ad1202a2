//! Code shared by the integration tests (and included by the benchmarks).

#![allow(dead_code)]

pub mod discord_server;
pub mod synthetic;
