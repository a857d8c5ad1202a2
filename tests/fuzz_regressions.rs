//! The fuzz targets' checks (`fuzz/fuzz_targets/common/`), replayed with stable Rust on every
//! committed seed (`fuzz/seeds/`) and every input that once broke something
//! (`fuzz/regressions/`), so that CI keeps them fixed without nightly or libFuzzer.

#[path = "../fuzz/fuzz_targets/common/mod.rs"]
mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// Runs `check` on each file of `fuzz/seeds/<target>` and `fuzz/regressions/<target>`; returns
/// how many, and names every file whose check failed.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut failed = Vec::new();
    let mut count = 0;
    for dir in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(dir).join(target)) else { continue };
        let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let data = std::fs::read(&path).unwrap();
            count += 1;
            if catch_unwind(AssertUnwindSafe(|| check(&data))).is_err() {
                failed.push(path.display().to_string());
            }
        }
    }
    assert!(failed.is_empty(), "{target}: the checks fail on {failed:#?}");
    count
}

#[test]
fn knowledge_load_seeds_and_regressions() {
    assert!(replay("knowledge_load", common::knowledge_load::run) >= 15);
}

#[test]
fn matcher_ask_seeds_and_regressions() {
    assert!(replay("matcher_ask", common::matcher_ask::run) >= 20);
}

#[test]
fn render_reply_seeds_and_regressions() {
    assert!(replay("render_reply", common::render_reply::run) >= 80);
}

#[test]
fn quiz_answer_seeds_and_regressions() {
    assert!(replay("quiz_answer", common::quiz_answer::run) >= 10);
}
