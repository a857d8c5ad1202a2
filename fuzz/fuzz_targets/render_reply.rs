//! Any question, through the matcher, rendered as the bot would post it on Discord: every
//! message fits Discord's limits, nothing the student typed can mention anyone, and every
//! message is sent with no allowed mentions.
//!
//! Input: one byte of flags (private, logged, thresholds), then the question.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::render_reply::run(data));
