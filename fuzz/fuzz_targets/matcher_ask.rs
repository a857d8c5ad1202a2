//! Any question, as the student may type it: the normaliser and the matcher never panic and
//! their results keep their invariants (scores finite, in [0, 1], ranked best first, outcomes
//! consistent with the ranking and the thresholds).
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::matcher_ask::run(data));
