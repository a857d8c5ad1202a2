//! Any typed answer to any quiz question, and any pick: see `common/quiz_answer.rs`.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::quiz_answer::run(data));
