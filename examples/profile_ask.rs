//! Runs the tuning questions many times, for a profiler: `valgrind --tool=callgrind`.
use std::sync::Arc;

fn main() {
    let kb = Arc::new(normbot::KnowledgeBase::load("knowledge".as_ref()).unwrap());
    let matcher = normbot::matcher::Matcher::new(kb, Default::default());
    let text = std::fs::read_to_string("eval/tune.jsonl").unwrap();
    let cases = normbot::eval::parse(&text).unwrap();
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let mut answered = 0;
    for _ in 0..rounds {
        for case in &cases {
            answered += usize::from(matches!(matcher.ask(&case.q), normbot::matcher::Outcome::Answered { .. }));
        }
    }
    println!("{answered}");
}
