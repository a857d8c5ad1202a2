//! Grid search of the matcher's weights and thresholds on truth files.
//!
//! `cargo run --release --example tune -- eval/tune.jsonl ../shared/eval/dev-questions.jsonl`
//! Never give it the held-out file: its figure is only honest while nothing was tuned on it.

use std::sync::Arc;

use normbot::KnowledgeBase;
use normbot::eval::{self, Case};
use normbot::matcher::{Candidate, Matcher, Outcome, Thresholds, Weights, decide};
use normbot::reply::Reply;

struct Ranked {
    reject: bool,
    top: Vec<Candidate>,
    /// Whether top[0] is akin to top[i].
    akin: Vec<bool>,
    /// Whether answering with top[i] passes.
    passes: Vec<bool>,
}

fn main() -> anyhow::Result<()> {
    let files: Vec<String> = std::env::args().skip(1).collect();
    anyhow::ensure!(!files.is_empty(), "usage: tune FILE.jsonl...");
    assert!(files.iter().all(|f| !f.contains("final")), "never tune on the held-out file (eval/final.jsonl)");
    let mut cases: Vec<Case> = Vec::new();
    for file in &files {
        cases.extend(eval::parse(&std::fs::read_to_string(file)?)?);
    }
    let kb = Arc::new(KnowledgeBase::load("knowledge".as_ref())?);
    let mut best: Vec<(f64, f64, Weights, Thresholds)> = Vec::new();
    for keyword in [0.6] {
        for text in [0.5, 0.7] {
            for coverage in [0.4, 0.5] {
                for recall_emphasis in [1.0, 1.5] {
                    for pairs in [0.1] {
                        for (unknown, missing) in
                            [(1.0, 0.0), (1.0, 0.3), (1.0, 0.6), (1.5, 0.3), (1.5, 0.6), (1.0, 0.9)]
                        {
                            let (soft, source, intent) = (0.4, 0.8, 0.1);
                            let weights = Weights {
                                keyword,
                                text,
                                coverage,
                                recall_emphasis,
                                pairs,
                                soft,
                                source,
                                intent,
                                unknown,
                                missing,
                            };
                            let matcher = Matcher::with_weights(kb.clone(), Thresholds::default(), weights);
                            let ranked: Vec<Ranked> = cases.iter().map(|c| rank(&matcher, &kb, c)).collect();
                            for t in thresholds() {
                                let (acc, rej) = score(&ranked, &t);
                                best.push((acc, rej, weights, t));
                            }
                        }
                    }
                }
            }
        }
    }
    best.sort_by(|a, b| (b.0.min(b.1) + b.0 + b.1).total_cmp(&(a.0.min(a.1) + a.0 + a.1)));
    for (acc, rej, w, t) in best.iter().take(15) {
        println!("acc {acc:.3} rej {rej:.3}  {w:?}  {t:?}");
    }
    let default = best.iter().find(|(_, _, w, t)| *w == Weights::default() && *t == Thresholds::default());
    if let Some((acc, rej, _, _)) = default {
        println!("defaults: acc {acc:.3} rej {rej:.3}");
    }
    Ok(())
}

fn rank(matcher: &Matcher, kb: &KnowledgeBase, case: &Case) -> Ranked {
    let top: Vec<Candidate> = matcher.rank(&case.q).into_iter().take(3).collect();
    let passes = top
        .iter()
        .map(|c| {
            let outcome = Outcome::Answered { entry: c.entry, score: c.score, runners_up: vec![] };
            eval::passes(&Reply::from_outcome(kb, &case.q, &outcome), &case.expect)
        })
        .collect();
    let akin = top.iter().map(|c| matcher.akin(top[0].entry, c.entry)).collect();
    Ranked { reject: case.expect.reject, top, akin, passes }
}

fn thresholds() -> Vec<Thresholds> {
    let mut out = vec![Thresholds::default()];
    for answer in (15..=35).map(|i| i as f32 * 0.02) {
        for gap in [0.05, 0.1] {
            for margin in [0.01, 0.02] {
                for lead in [1.0, 0.08, 0.12, 0.16, 0.2] {
                    out.push(Thresholds {
                        answer,
                        ambiguous: answer - gap,
                        margin,
                        sure: 0.7,
                        lead,
                        suggest: 0.25,
                        ..Thresholds::default()
                    });
                }
            }
        }
    }
    out
}

fn score(ranked: &[Ranked], t: &Thresholds) -> (f64, f64) {
    let (mut inn, mut inn_ok, mut out, mut out_ok) = (0, 0, 0, 0);
    for r in ranked {
        let akin = |a: usize, b: usize| {
            let Some(i) = r.top.iter().position(|c| c.entry == b) else { return false };
            a == r.top[0].entry && r.akin[i]
        };
        let answered = match decide(&r.top, t, akin) {
            Outcome::Answered { entry, .. } => r.top.iter().position(|c| c.entry == entry),
            _ => None,
        };
        if r.reject {
            out += 1;
            out_ok += usize::from(answered.is_none());
        } else {
            inn += 1;
            inn_ok += usize::from(answered.is_some_and(|i| r.passes[i]));
        }
    }
    (inn_ok as f64 / inn.max(1) as f64, out_ok as f64 / out.max(1) as f64)
}
