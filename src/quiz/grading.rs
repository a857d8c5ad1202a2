//! Grading a typed answer as a teacher reads it: every part asked must be there and right, in
//! any wording; a fact the student denies ("not 2014") is not said; an answer that offers
//! several candidates, or puts a wrong year, number or name beside the right one, is wrong; a
//! bare word is not an explanation; and an answer with some facts but not all is partly right.

use serde::Serialize;

use super::asked::Part;
use super::facts::{Fact, FactKind, Form, scaled};
use super::questions::Question;
use super::reading::{Reading, Token, is_filler, read, stem};

/// Right, partly right, or wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Right,
    Partly,
    Wrong,
}

/// The verdict on one typed answer, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    pub verdict: Verdict,
    /// Whether the verdict is [`Verdict::Right`].
    pub correct: bool,
    /// Key facts the answer says.
    pub have: Vec<String>,
    /// Key facts the answer lacks.
    pub missing: Vec<String>,
    /// What makes an answer wrong although it may say the facts: a hedge, a denial, a
    /// contradiction, a bare word.
    pub problem: Option<String>,
}

impl Grade {
    /// The verdict in a line, for a student: "Right.", "Partly right: you have …, missing …".
    pub fn summary(&self) -> String {
        match (self.verdict, &self.problem) {
            (Verdict::Right, _) => "Right.".to_owned(),
            (Verdict::Partly, _) => {
                format!("Partly right: you have {}, but not {}.", self.have.join(", "), self.missing.join(", "))
            }
            (Verdict::Wrong, Some(problem)) => format!("Not quite: {problem}."),
            (Verdict::Wrong, None) => format!("Not quite: the answer needs {}.", self.missing.join(", ")),
        }
    }
}

/// Grades a typed answer against a question's key facts and what the paper says around them.
pub fn grade_question(question: &Question, typed: &str) -> Grade {
    let reading = read(typed);
    let facts = &question.facts;
    let (said, missing): (Vec<&Fact>, Vec<&Fact>) = facts.iter().partition(|f| f.said_in(&reading));
    let mut problem =
        denial(&missing, &reading).or_else(|| hedge(question, &reading)).or_else(|| contradiction(question, &reading));
    let lenient = facts.iter().filter(|f| f.lenient).count();
    // Of three or more names found in the answer, two in three will do; every other fact must be there.
    let allowed = if lenient >= 3 { lenient / 3 } else { 0 };
    let complete = !missing.iter().any(|f| !f.lenient) && missing.len() <= allowed;
    if !complete && problem.is_none() && !said.is_empty() {
        // Partly right only when what stands in for the missing facts is not wrong.
        problem = in_place_of(question, &missing, &reading);
    }
    let verdict = match () {
        _ if problem.is_some() || facts.is_empty() || said.is_empty() => Verdict::Wrong,
        _ if complete && !is_bare(question, &reading) => Verdict::Right,
        _ => Verdict::Partly,
    };
    Grade {
        verdict,
        correct: verdict == Verdict::Right,
        have: said.iter().map(|f| f.label.clone()).collect(),
        missing: missing.iter().map(|f| f.label.clone()).collect(),
        problem,
    }
}

/// A key fact the answer names only to deny it ("not 2014").
fn denial(missing: &[&Fact], reading: &Reading) -> Option<String> {
    let denied = Reading {
        tokens: reading.tokens.iter().map(|t| Token { negated: false, ..t.clone() }).collect(),
        hedges: false,
    };
    let fact = missing.iter().find(|f| f.said_in(&denied))?;
    Some(format!("the answer denies {}", fact.label))
}

/// Several candidates offered as alternatives: of the kind asked ("2013 or 2014", "endnote 5,
/// 6 or 7"), or a fact and something else either side of an "or" ("Confucianism or Taoism").
fn hedge(question: &Question, reading: &Reading) -> Option<String> {
    let mut candidates: Vec<&str> = Vec::new();
    for token in reading.affirmed().filter(|t| asked_kind(question, t)) {
        if !candidates.contains(&token.word.as_str()) {
            candidates.push(&token.word);
        }
    }
    let several = reading.hedges && (candidates.len() >= 2 || right_and_other_name(question, reading));
    (several || fact_or_other(question, reading)).then(|| "it offers several answers; give one".to_owned())
}

/// Whether the answer names a name or number of the key facts and another the question does not
/// give: in a hedged answer, the other is a second candidate ("either Tencent … or Huawei …").
fn right_and_other_name(question: &Question, reading: &Reading) -> bool {
    let prompt: Vec<String> = read(&question.prompt).tokens.into_iter().map(|t| t.word).collect();
    let of_facts = |t: &Token| question.names_a_fact(t);
    let named: Vec<&Token> =
        reading.affirmed().filter(|t| (t.is_entity() || t.is_number()) && !prompt.contains(&t.word)).collect();
    named.iter().any(|t| of_facts(t)) && named.iter().any(|t| !of_facts(t))
}

/// Whether an "or" stands between a word of a key fact and a word of none ("Confucianism or
/// Taoism"), which hedges; "or so" and "or rather" do not.
fn fact_or_other(question: &Question, reading: &Reading) -> bool {
    let prompt: Vec<String> = read(&question.prompt).tokens.into_iter().map(|t| t.stem).collect();
    let of_facts =
        |t: &Token| question.facts.iter().flat_map(|f| &f.forms).flat_map(|f| &f.words).any(|w| same_word(t, w));
    // The words either side of the "or", past "the" and "a": a word of the question is no fact
    // ("backdoors / vulnerabilities" lists; "Confucianism or Taoism" hedges).
    let content = |t: &&Token| !is_filler(&t.word);
    let of_facts = |t: &Token| !prompt.contains(&t.stem) && of_facts(t);
    let tokens = &reading.tokens;
    tokens.iter().enumerate().filter(|(_, t)| t.word == "or").any(|(i, _)| {
        let before = tokens[..i].iter().rev().find(content);
        let after = tokens[i + 1..].iter().find(content);
        let rather = tokens.get(i + 1).is_some_and(|n| matches!(n.word.as_str(), "so" | "rather" | "more" | "less"));
        match (before, after) {
            (Some(b), Some(a)) if !rather => of_facts(b) != of_facts(a),
            _ => false,
        }
    })
}

/// Whether a token is a candidate answer to the part the question asks: a year for a date, a
/// number for a number or an endnote, a name for a name.
fn asked_kind(question: &Question, token: &Token) -> bool {
    question.parts.iter().any(|part| match part {
        Part::Date => token.is_year(),
        Part::Number | Part::Endnote => token.is_number() && !token.is_year(),
        Part::Name => token.is_entity(),
        Part::Substance => false,
    })
}

/// A number or name the answer affirms that the paper does not say here: a wrong count, year,
/// place or organisation beside (or instead of) the right one.
fn contradiction(question: &Question, reading: &Reading) -> Option<String> {
    let of_facts = |t: &Token| question.names_a_fact(t);
    // Names beside an explanation are context ("Huawei, even the president"); beside a name,
    // date, number or source asked for, they are a second answer or a wrong detail.
    let names_count = !question.parts.contains(&Part::Substance);
    let tokens = &reading.tokens;
    // "Nov 21 2017": the day of a date that asks only its year.
    let a_day = |i: usize| {
        let month = |j: Option<&Token>| j.is_some_and(|t| crate::knowledge::MONTHS.contains(&t.word.as_str()));
        tokens[i].word.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
            && (month(i.checked_sub(1).and_then(|j| tokens.get(j))) || month(tokens.get(i + 1)))
    };
    let wrong = (0..tokens.len())
        .filter(|&i| !tokens[i].negated && !a_day(i))
        .map(|i| &tokens[i])
        .filter(|t| t.is_number() || (names_count && t.is_entity()))
        .find(|t| !question.context.contains(&t.word) && !of_facts(t));
    if let Some(wrong) = wrong {
        let shown = if wrong.is_entity() { "that name" } else { wrong.word.as_str() };
        return Some(format!("{shown} is not what the paper says here"));
    }
    // "6 billion" where the paper says 6 trillion.
    let scale = scaled(tokens).find(|s| !question.context.contains(s))?;
    Some(format!("{scale} is not what the paper says here"))
}

/// One word is not an explanation that needs several facts: at most partly right.
fn is_bare(question: &Question, reading: &Reading) -> bool {
    question.parts.contains(&Part::Substance) && reading.content_words() <= 1 && question.facts.len() > 1
}

/// What an answer says instead of a fact it lacks, when that is wrong: another year, number or
/// name of the kind asked ("2014" for 2015, "nine" for eight, "Britain" for the United States).
fn in_place_of(question: &Question, missing: &[&Fact], reading: &Reading) -> Option<String> {
    let prompt: Vec<String> = read(&question.prompt).tokens.into_iter().map(|t| t.stem).collect();
    let of_facts = |t: &Token| question.names_a_fact(t);
    let new = |t: &&Token| !prompt.contains(&t.stem) && !of_facts(t);
    let kinds: Vec<FactKind> = missing.iter().map(|f| f.kind).collect();
    let other = reading.affirmed().filter(new).find(|t| {
        (kinds.contains(&FactKind::Year) && t.is_year())
            || (kinds.contains(&FactKind::Number) && t.is_number() && !t.is_year())
            || (kinds.contains(&FactKind::Name) && t.is_entity())
    });
    let other = other?;
    let shown = if other.is_entity() { "that name" } else { other.word.as_str() };
    Some(format!("{shown} is not what the paper says here"))
}

impl Question {
    /// Whether a token is, word for word, part of one of the key facts' forms.
    fn names_a_fact(&self, token: &Token) -> bool {
        self.facts.iter().flat_map(|f| &f.forms).any(|form| form.words.contains(&token.word))
    }
}

impl Fact {
    /// Whether the reading affirms this fact, in one of its forms.
    pub(super) fn said_in(&self, reading: &Reading) -> bool {
        let denied_too = self.negative;
        self.forms.iter().any(|form| form.said_in(reading, denied_too))
    }
}

impl Form {
    fn said_in(&self, reading: &Reading, denied_too: bool) -> bool {
        let said = self
            .words
            .iter()
            .filter(|w| reading.tokens.iter().any(|t| (denied_too || !t.negated) && same_word(t, w)))
            .count();
        said >= self.need.max(1)
    }
}

/// Whether a token says an expected word: numbers and names exactly, words by stem, by prefix
/// ("vulnerab") or a typo apart.
fn same_word(token: &Token, expected: &str) -> bool {
    if token.word == expected {
        return true;
    }
    let exact = expected.starts_with('#') || expected.chars().any(|c| c.is_ascii_digit());
    if exact || token.is_number() || token.is_entity() {
        return false;
    }
    // "decentralized" is not "centralized", nor "unofficial" "official".
    // (The first four characters, not bytes: a key fact may be written in Chinese.)
    let head = expected.char_indices().nth(4).map_or(expected, |(i, _)| &expected[..i]);
    let opposite = ["de", "un", "non", "in", "im", "dis", "anti"]
        .iter()
        .any(|p| token.word.strip_prefix(p).is_some_and(|rest| rest.starts_with(head)));
    if opposite {
        return false;
    }
    (expected.len() >= 4 && token.word.starts_with(expected))
        || token.stem == stem(expected)
        || (expected.len() >= 4
            && token.word.len().abs_diff(expected.len()) <= 2
            && token.word.chars().next() == expected.chars().next()
            && strsim::jaro_winkler(&token.word, expected) >= 0.9)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::Asks;
    use crate::quiz::testing::{kb, question};

    #[test]
    fn written_key_facts_accept_each_of_their_forms() {
        let kb = kb();
        let q = question(&kb, "public-core-norm", Asks::Proposer);
        assert!(grade_question(&q, "the GCSC").correct);
        assert!(grade_question(&q, "global comission on the stability of cyberspace").correct, "a typo is forgiven");
        assert!(!grade_question(&q, "Microsoft").correct);
        let q = question(&kb, "cyber-espionage-norm", Asks::Proposer);
        assert!(grade_question(&q, "Xi and Obama").correct);
        assert!(grade_question(&q, "china and the US").correct);
        assert!(grade_question(&q, "the PRC and America").correct, "other names of the same countries");
        assert_eq!(grade_question(&q, "china").verdict, Verdict::Partly, "both parties are needed");
        let q = question(&kb, "vulnerability-norm", Asks::Year);
        assert!(grade_question(&q, "in 2014").correct);
        assert!(!grade_question(&q, "2015").correct);
    }

    #[test]
    fn right_answers_in_other_words_pass() {
        let kb = kb();
        let connection = question(&kb, "full-functional-connection", Asks::Answer);
        assert!(
            grade_question(&connection, "it was on 20 april 1994, through a Sprint line").correct,
            "{connection:?}"
        );
        assert!(grade_question(&connection, "april 20th 1994").correct);
        assert!(grade_question(&connection, "20/04/1994").correct);
        let size = question(&kb, "digital-economy-size", Asks::Answer);
        assert!(
            grade_question(&size, "about 39.2 trillion yuan (roughly 6 trillion dollars)").correct,
            "{:?}",
            size.facts
        );
    }

    #[test]
    fn denials_hedges_and_contradictions_fail() {
        let kb = kb();
        let q = question(&kb, "vulnerability-norm", Asks::Year);
        for wrong in ["Not 2014 - it was 2013", "2003, 2013, 2014 or 2015", "either 2014 or 2015", "2014 or 2015"] {
            let grade = grade_question(&q, wrong);
            assert_eq!(grade.verdict, Verdict::Wrong, "{wrong}: {grade:?}");
            assert!(grade.problem.is_some(), "{wrong}: {grade:?}");
        }
        let gcsc = question(&kb, "public-core-norm", Asks::Proposer);
        for hedge in [
            "the GCSC or the hackers",
            "GCSC or Microsoft",
            "GCSC/Microsoft",
            "GCSC / the hackers",
            "maybe the GCSC, maybe Microsoft",
        ] {
            assert_eq!(grade_question(&gcsc, hedge).verdict, Verdict::Wrong, "{hedge}");
        }
        assert!(grade_question(&gcsc, "the GCSC, or so I remember").correct);
        let connection = question(&kb, "full-functional-connection", Asks::Answer);
        assert!(!grade_question(&connection, "20 april 1995").correct);
        assert!(!grade_question(&connection, "1994, or maybe 1995").correct);
        let firewall = question(&kb, "great-firewall-2003", Asks::Answer);
        assert!(grade_question(&firewall, "2003").correct, "{:?}", firewall.facts);
        assert!(!grade_question(&firewall, "2013").correct);
    }

    /// Every shape of hedge between the right answer and a wrong one, and every shape of
    /// denial of the right answer, is wrong, for every multiple-choice question.
    #[test]
    fn hedges_and_denials_of_every_shape_fail_everywhere() {
        let (kb, matcher) = (kb(), crate::quiz::testing::matcher());
        let mut tried = 0;
        for q in crate::quiz::questions(&kb, None) {
            let Some(wrong) = crate::quiz::wrong_options(&matcher, &q).into_iter().next() else { continue };
            let right = q.short.trim_end_matches('.');
            let wrong = wrong.trim_end_matches('.');
            let fact = &q.facts[0].label;
            let shapes = [
                format!("{right} or {wrong}"),
                format!("either {wrong} or {right}"),
                format!("maybe {right}, maybe {wrong}"),
                format!("I think {right} but it might be {wrong}"),
                format!("{wrong}? or {right}"),
                format!("not {fact}"),
                format!("it wasn't {fact}"),
                format!("never {fact}, it was {wrong}"),
                format!("{wrong} rather than {fact}"),
                format!("{wrong}, instead of {fact}"),
                format!("could be {right}, could be {wrong}"),
                format!("{right}? {wrong}?"),
            ];
            for typed in shapes {
                tried += 1;
                assert!(!grade_question(&q, &typed).correct, "{}: {typed}", q.prompt);
            }
        }
        assert!(tried > 300, "{tried}");
    }

    #[test]
    fn a_partial_answer_says_what_it_has_and_lacks() {
        let kb = kb();
        let q = question(&kb, "cyber-espionage-norm", Asks::Proposer);
        let grade = grade_question(&q, "Obama");
        assert_eq!(grade.verdict, Verdict::Partly);
        assert!(grade.summary().starts_with("Partly right: you have "), "{}", grade.summary());
    }
}
