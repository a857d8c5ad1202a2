//! Builds the matcher on the shipped knowledge many times, for a profiler: `perf record`.
use std::sync::Arc;

fn main() {
    let kb = Arc::new(normbot::KnowledgeBase::load("knowledge".as_ref()).unwrap());
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let mut entries = 0;
    for _ in 0..rounds {
        let matcher = normbot::matcher::Matcher::new(kb.clone(), Default::default());
        entries += matcher.knowledge().entries().len();
    }
    println!("{entries}");
}
