//! Judging the matcher on truth files: questions with what a right reply must contain.
//!
//! The format is `../shared/eval/README.md`'s: one JSON object a line, `{"q": …, "expect": …}`.
//! `normbot eval` and the accuracy tests both run through here, so a matcher change is judged by
//! the same rules everywhere.

use serde::{Deserialize, Serialize};

use crate::matcher::{Matcher, Status};
use crate::reply::Reply;

/// One question and what its reply must satisfy.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub q: String,
    /// What kind of question it is ("paraphrase", "slang", "entity_swap", …), for totals by kind.
    #[serde(default)]
    pub kind: Option<String>,
    pub expect: Expect,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    #[serde(default)]
    pub endnotes_any: Vec<u32>,
    #[serde(default)]
    pub text_all: Vec<String>,
    #[serde(default)]
    pub text_any: Vec<String>,
    #[serde(default)]
    pub reject: bool,
}

#[derive(Debug, thiserror::Error)]
#[error("line {line}: {source}")]
pub struct ParseError {
    pub line: usize,
    #[source]
    pub source: serde_json::Error,
}

/// Reads a truth file's text; blank lines are skipped.
pub fn parse(text: &str) -> Result<Vec<Case>, ParseError> {
    json_lines(text)
}

/// Reads JSON lines, one value a line; blank lines are skipped. The error names the line.
pub fn json_lines<T: serde::de::DeserializeOwned>(text: &str) -> Result<Vec<T>, ParseError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|source| ParseError { line: i + 1, source }))
        .collect()
}

/// Whether a reply satisfies an expectation.
pub fn passes(reply: &Reply, expect: &Expect) -> bool {
    if expect.reject {
        return reply.status != Status::Answered;
    }
    let Some(answer) = &reply.answer else { return false };
    let haystack = format!("{}\n{}", answer.title, answer.text).to_lowercase();
    let contains = |s: &String| haystack.contains(&s.to_lowercase());
    (expect.endnotes_any.is_empty() || answer.sources.iter().any(|s| expect.endnotes_any.contains(&s.endnote)))
        && expect.text_all.iter().all(contains)
        && (expect.text_any.is_empty() || expect.text_any.iter().any(contains))
}

/// A question that failed, with what the bot said instead.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub question: String,
    pub reject: bool,
    pub status: Status,
    pub score: f32,
    /// The id of the entry answered, or the suggestions offered.
    pub got: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub in_scope: usize,
    pub in_scope_passed: usize,
    pub out_of_scope: usize,
    pub out_of_scope_passed: usize,
    /// Passed and total questions of each kind, for the cases that name one.
    pub by_kind: std::collections::BTreeMap<String, (usize, usize)>,
    pub misses: Vec<Miss>,
}

impl Report {
    /// In-scope top-1 accuracy (1 when there are no in-scope questions).
    pub fn accuracy(&self) -> f64 {
        ratio(self.in_scope_passed, self.in_scope)
    }

    /// Out-of-scope rejection rate (1 when there are no out-of-scope questions).
    pub fn rejection(&self) -> f64 {
        ratio(self.out_of_scope_passed, self.out_of_scope)
    }
}

/// `passed / total`, 1 when there is nothing to pass.
pub fn ratio(passed: usize, total: usize) -> f64 {
    if total == 0 { 1.0 } else { passed as f64 / total as f64 }
}

/// Runs every case through the matcher.
pub fn run(matcher: &Matcher, cases: &[Case]) -> Report {
    let mut report = Report::default();
    for case in cases {
        let reply = Reply::to(matcher, &case.q);
        let passed = passes(&reply, &case.expect);
        if case.expect.reject {
            report.out_of_scope += 1;
            report.out_of_scope_passed += usize::from(passed);
        } else {
            report.in_scope += 1;
            report.in_scope_passed += usize::from(passed);
        }
        if let Some(kind) = &case.kind {
            let (kind_passed, total) = report.by_kind.entry(kind.clone()).or_default();
            *kind_passed += usize::from(passed);
            *total += 1;
        }
        if !passed {
            let got = match &reply.answer {
                Some(answer) => vec![answer.id.clone()],
                None => reply.suggestions.iter().map(|s| s.id.clone()).collect(),
            };
            report.misses.push(Miss {
                question: case.q.clone(),
                reject: case.expect.reject,
                status: reply.status,
                score: reply.score,
                got,
            });
        }
    }
    report
}
