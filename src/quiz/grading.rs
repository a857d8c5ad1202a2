//! Grading a typed answer: right when it says every key fact of the question (numbers exactly,
//! names with typos forgiven), whatever its wording.

use serde::Serialize;

use super::facts::Fact;
use super::questions::Question;
use crate::text;

/// The verdict on one typed answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    pub correct: bool,
    /// Key facts the answer lacks.
    pub missing: Vec<String>,
}

/// Grades a typed answer against a question's key facts.
pub fn grade_question(question: &Question, typed: &str) -> Grade {
    let facts = &question.facts;
    let words = answer_words(typed);
    let missing: Vec<&Fact> = facts.iter().filter(|f| !f.said_in(&words)).collect();
    let lenient = facts.iter().filter(|f| f.lenient).count();
    // Of three or more names found in the answer, two in three will do; every other fact must be there.
    let allowed = if lenient >= 3 { lenient / 3 } else { 0 };
    let strict_missing = missing.iter().any(|f| !f.lenient);
    let lenient_missing = missing.iter().filter(|f| f.lenient).count();
    let correct = !facts.is_empty() && !strict_missing && lenient_missing <= allowed;
    Grade { correct, missing: missing.iter().map(|f| f.label.clone()).collect() }
}

impl Fact {
    /// Whether `words` (folded) say this fact: every word of one form, numbers exactly.
    fn said_in(&self, words: &[String]) -> bool {
        self.forms.iter().any(|form| form.iter().all(|expected| words.iter().any(|w| same_word(w, expected))))
    }
}

/// The folded words of a typed answer, with the digits of ordinals ("20th" also gives "20").
fn answer_words(typed: &str) -> Vec<String> {
    let mut words = text::words(typed);
    let ordinals: Vec<String> = words
        .iter()
        .filter_map(|w| {
            let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
            (!digits.is_empty() && digits.len() < w.len()).then_some(digits)
        })
        .collect();
    words.extend(ordinals);
    words
}

fn same_word(typed: &str, expected: &str) -> bool {
    if expected.chars().any(|c| c.is_ascii_digit()) { typed == expected } else { close(typed, expected) }
}

/// The same word, a typo apart.
fn close(typed: &str, expected: &str) -> bool {
    typed == expected || (expected.len() >= 4 && strsim::jaro_winkler(typed, expected) >= 0.9)
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
        assert!(!grade_question(&q, "china").correct, "both parties are needed");
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
            "{:?}",
            connection.facts
        );
        assert!(grade_question(&connection, "april 20th 1994 via sprnt").correct, "typos in names are forgiven");
        let size = question(&kb, "digital-economy-size", Asks::Answer);
        assert!(
            grade_question(&size, "about 39.2 trillion yuan (roughly 6 trillion dollars)").correct,
            "{:?}",
            size.facts
        );
    }

    #[test]
    fn a_wrong_year_or_name_fails() {
        let kb = kb();
        let connection = question(&kb, "full-functional-connection", Asks::Answer);
        assert!(!grade_question(&connection, "20 april 1995 through Sprint").correct);
        assert!(!grade_question(&connection, "20 april 1994 through Verizon").correct);
        let firewall = question(&kb, "great-firewall-2003", Asks::Answer);
        assert!(grade_question(&firewall, "2003").correct, "{:?}", firewall.facts);
        assert!(!grade_question(&firewall, "2013").correct);
    }
}
