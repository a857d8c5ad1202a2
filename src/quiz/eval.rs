//! Judging the grader on grading truth files: quiz questions, typed answers, and the grade a
//! fair teacher gives them. `normbot quiz --eval` and the grading floors in the tests run
//! through here, so a grader change is judged by the same rules everywhere.
//!
//! The format is one JSON object a line: `{"q": "<a quiz prompt, exactly>", "a": "<the typed
//! answer>", "expect": "right" | "partial" | "wrong", "kind": "reworded" | "hedge" | …}`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::grading::{Verdict, grade_question};
use super::questions::Question;
pub use crate::eval::ParseError;

/// One typed answer and the grade it deserves.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub q: String,
    pub a: String,
    pub expect: Expected,
    /// What kind of answer it is ("reworded", "hedge", …), for totals by kind.
    #[serde(default)]
    pub kind: Option<String>,
}

/// The grade a case deserves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Expected {
    Right,
    Partial,
    Wrong,
}

/// Reads a grading truth file's text; blank lines are skipped.
pub fn parse(text: &str) -> Result<Vec<Case>, ParseError> {
    crate::eval::json_lines(text)
}

/// How one kind of case (or all of them) fared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub cases: usize,
    /// Graded as expected (right as right, partial as partly right, wrong as wrong).
    pub agreed: usize,
}

/// A case graded otherwise than expected.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub question: String,
    pub answer: String,
    pub expected: Expected,
    pub got: Verdict,
    pub why: String,
}

/// The grader's figures on a set of cases.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Cases whose question the quiz asks, and so graded.
    pub graded: usize,
    /// Cases whose question the quiz does not ask (no fair key facts), left out of the rates.
    pub not_asked: usize,
    /// Questions asked, and not.
    pub questions: usize,
    pub questions_not_asked: usize,
    /// Right answers, and those graded anything but right.
    pub right: usize,
    pub false_rejections: usize,
    /// Wrong or partial answers, and those graded right.
    pub not_right: usize,
    pub false_acceptances: usize,
    /// Hedges and negations, and those graded right.
    pub hedges_and_negations: usize,
    pub hedges_and_negations_accepted: usize,
    pub all: Tally,
    pub by_kind: BTreeMap<String, Tally>,
    pub misses: Vec<Miss>,
}

impl Report {
    pub fn false_rejection_rate(&self) -> f64 {
        ratio(self.false_rejections, self.right)
    }

    pub fn false_acceptance_rate(&self) -> f64 {
        ratio(self.false_acceptances, self.not_right)
    }
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 { 0.0 } else { n as f64 / d as f64 }
}

/// Grades every case whose question is among `questions` (matched by its prompt, exactly).
pub fn run(questions: &[Question], cases: &[Case]) -> Report {
    let mut report = Report::default();
    let mut seen: BTreeMap<&str, bool> = BTreeMap::new();
    for case in cases {
        let question = questions.iter().find(|q| q.prompt == case.q);
        seen.insert(&case.q, question.is_some());
        let Some(question) = question else {
            report.not_asked += 1;
            continue;
        };
        let grade = grade_question(question, &case.a);
        report.graded += 1;
        let agreed = matches!(
            (case.expect, grade.verdict),
            (Expected::Right, Verdict::Right)
                | (Expected::Partial, Verdict::Partly)
                | (Expected::Wrong, Verdict::Wrong)
        );
        if case.expect == Expected::Right {
            report.right += 1;
            report.false_rejections += usize::from(grade.verdict != Verdict::Right);
        } else {
            report.not_right += 1;
            report.false_acceptances += usize::from(grade.verdict == Verdict::Right);
        }
        let kind = case.kind.clone().unwrap_or_else(|| "unknown".into());
        if matches!(kind.as_str(), "hedge" | "negation") {
            report.hedges_and_negations += 1;
            report.hedges_and_negations_accepted += usize::from(grade.verdict == Verdict::Right);
        }
        for tally in [&mut report.all, report.by_kind.entry(kind).or_default()] {
            tally.cases += 1;
            tally.agreed += usize::from(agreed);
        }
        if !agreed {
            let why =
                grade.problem.clone().unwrap_or_else(|| format!("has {:?}, missing {:?}", grade.have, grade.missing));
            report.misses.push(Miss {
                question: case.q.clone(),
                answer: case.a.clone(),
                expected: case.expect,
                got: grade.verdict,
                why,
            });
        }
    }
    report.questions = seen.values().filter(|asked| **asked).count();
    report.questions_not_asked = seen.len() - report.questions;
    report
}
