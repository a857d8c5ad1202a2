//! Runs the tuning questions many times, for a profiler: `valgrind --tool=callgrind`, or
//! `perf record`. `profile_ask [ROUNDS] [FILE]` (default: 20 rounds of eval/tune.jsonl).
use std::sync::Arc;

fn main() {
    let kb = Arc::new(normbot::KnowledgeBase::load("knowledge".as_ref()).unwrap());
    let matcher = normbot::matcher::Matcher::new(kb, Default::default());
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let file = std::env::args().nth(2).unwrap_or_else(|| "eval/tune.jsonl".to_owned());
    let text = std::fs::read_to_string(file).unwrap();
    let cases = normbot::eval::parse(&text).unwrap();
    let mut answered = 0;
    for _ in 0..rounds {
        for case in &cases {
            answered += usize::from(matches!(matcher.ask(&case.q), normbot::matcher::Outcome::Answered { .. }));
        }
    }
    println!("{answered}");
}
