//! Any question, as the student may type it: the normaliser and the matcher never panic and
//! their results keep their invariants (scores finite, in [0, 1], ranked best first, outcomes
//! consistent with the ranking and the thresholds).
use normbot::matcher::{Matcher, Outcome, decide};
use normbot::reply::Reply;
use normbot::text;

/// One input, checked as the fuzz target checks it (also replayed by `tests/fuzz_regressions.rs`).
pub fn run(data: &[u8]) {
    let m = super::matcher();
    // The bytes as UTF-8 (what Discord delivers is always valid UTF-8; invalid bytes become
    // U+FFFD) and as Latin-1 (every byte one char: C0/C1 controls, NBSP, soft hyphen, …).
    let lossy = String::from_utf8_lossy(data);
    check(m, &lossy);
    if !data.is_ascii() {
        let latin1: String = data.iter().map(|&b| char::from(b)).collect();
        check(m, &latin1);
    }
}

fn check(m: &Matcher, question: &str) {
    check_fold(question);

    let entries = m.knowledge().entries().len();
    let ranked = m.rank(question);
    for c in &ranked {
        assert!(c.score.is_finite() && (0.0..=1.0).contains(&c.score), "score {} out of [0, 1]", c.score);
        assert!(c.entry < entries, "candidate entry {} of {entries}", c.entry);
    }
    for pair in ranked.windows(2) {
        assert!(pair[0].score >= pair[1].score, "ranking not best first: {pair:?}");
        assert!(pair[0].entry != pair[1].entry, "entry ranked twice");
    }
    let mut seen: Vec<usize> = ranked.iter().map(|c| c.entry).collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), ranked.len(), "an entry is ranked twice");

    // ask() is decide() over rank(): the matcher is pure, so both agree.
    let outcome = m.ask(question);
    let t = m.thresholds();
    assert_eq!(outcome, decide(&ranked, &t, |a, b| m.akin(a, b)), "ask is not deterministic");
    let score = outcome.score();
    assert!(score.is_finite() && (0.0..=1.0).contains(&score));
    let best = ranked.first().map_or(0.0, |c| c.score);
    match &outcome {
        Outcome::Answered { entry, score, runners_up } => {
            assert_eq!(Some(*entry), ranked.first().map(|c| c.entry));
            assert!(*score >= t.ambiguous, "answered with {score} < ambiguous {}", t.ambiguous);
            assert!(runners_up.len() <= 3);
            for r in runners_up {
                assert!(r.entry != *entry && r.score <= *score && r.score >= t.suggest);
            }
        }
        Outcome::Ambiguous { candidates } => {
            assert!((2..=3).contains(&candidates.len()), "{} ambiguous candidates", candidates.len());
            assert_eq!(candidates[0].score, best);
            for c in candidates {
                assert!(c.score >= t.ambiguous && best - c.score <= t.margin);
            }
        }
        Outcome::NoMatch { suggestions, .. } => {
            assert!(suggestions.len() <= 3);
            for s in suggestions {
                assert!(s.score >= t.suggest && s.entry < entries);
            }
        }
    }

    let explained = m.explain(question, 3);
    assert!(explained.len() <= 3.min(ranked.len()));
    for (e, c) in explained.iter().zip(&ranked) {
        assert_eq!((e.entry, e.score), (c.entry, c.score), "explain disagrees with rank");
        for x in [e.coverage, e.phrasing] {
            assert!(x.is_finite() && (0.0..=1.0 + 1e-5).contains(&x), "explanation part {x} out of [0, 1]");
        }
    }
    for term in m.terms(question) {
        assert!(!term.is_empty(), "empty term");
    }

    let reply = Reply::to(m, question);
    assert_eq!(reply.question, question);
    assert_eq!(reply.status, outcome.status());
    assert!(reply.score.is_finite() && (0.0..=1.0).contains(&reply.score));
    assert_eq!(reply.answer.is_some(), matches!(outcome, Outcome::Answered { .. }));
    serde_json::to_string(&reply).expect("a reply serialises");
}

/// The normaliser: lower-case words separated by single spaces, nothing else, and folding its
/// own output changes nothing (the validator and the matcher rely on seeing the same words).
fn check_fold(question: &str) {
    let folded = text::fold(question);
    assert!(!folded.starts_with(' ') && !folded.ends_with(' '), "fold leaves edge spaces: {folded:?}");
    assert!(!folded.contains("  "), "fold leaves double spaces: {folded:?}");
    let chars: Vec<char> = folded.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        assert!(c == ' ' || c == '.' || c.is_alphanumeric(), "fold keeps {c:?} in {folded:?}");
        if c == '.' {
            let digit = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|d| d.is_ascii_digit());
            assert!(digit(i.checked_sub(1)) && digit(Some(i + 1)), "a '.' not between digits: {folded:?}");
        }
    }
    let words = text::words(question);
    assert_eq!(words, folded.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>());
    assert_eq!(text::fold(&folded), folded, "fold is not idempotent on {question:?}");
}
