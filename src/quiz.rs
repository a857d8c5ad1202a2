//! Study mode's grading: is a student's typed answer right?
//!
//! An answer is judged on the entry's key facts, taken from the first sentence of the model
//! answer (the sentence that answers): its numbers and years must all be there exactly, and
//! its names (capitalised words) must be there too, typos forgiven; the wording may differ.

use serde::Serialize;

use crate::knowledge::Entry;
use crate::text;

/// What must be in a right answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyFacts {
    /// Numbers, years and decimals, exactly ("1994", "38.6").
    pub numbers: Vec<String>,
    /// Names and other capitalised terms, folded ("sprint", "germany").
    pub names: Vec<String>,
}

/// Words that are capitalised in the paper's answers without being facts.
const NOT_NAMES: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "he", "his", "in", "it", "its", "of", "on", "or", "that", "the",
    "their", "they", "this", "to", "was", "with", "xu", "paper", "endnote", "endnotes", "internet",
    // Units: "6 trillion dollars" is as right as "6 trillion USD".
    "usd", "yuan", "gdp", "percent",
];

/// The key facts of an entry: from its answer's first sentence, less what the question itself
/// says ("When did China connect?" does not make "China" a fact to recall).
pub fn key_facts(entry: &Entry) -> KeyFacts {
    let first = without_parentheses(first_sentence(&entry.answer));
    let first = first.as_str();
    let given = text::words(&entry.title);
    let mut numbers = Vec::new();
    let mut names = Vec::new();
    for (i, raw) in first.split_whitespace().enumerate() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() {
            continue;
        }
        let folded = text::fold(word);
        if word.chars().any(|c| c.is_ascii_digit()) {
            for number in
                folded.split(' ').filter(|w| w.chars().any(|c| c.is_ascii_digit()) && !given.iter().any(|g| g == w))
            {
                push_unique(&mut numbers, number.to_owned());
            }
        } else if i > 0 && word.chars().next().is_some_and(char::is_uppercase) && !NOT_NAMES.contains(&folded.as_str())
        {
            for name in folded.split(' ').filter(|n| n.len() >= 3 && !given.iter().any(|g| g == n)) {
                push_unique(&mut names, name.to_owned());
            }
        }
    }
    KeyFacts { numbers, names }
}

/// "(endnote 29)" and other asides are not facts to recall.
fn without_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth = depth.saturating_sub(1);
                    return false;
                }
                _ => {}
            }
            depth == 0
        })
        .collect()
}

fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

fn first_sentence(answer: &str) -> &str {
    let bytes = answer.as_bytes();
    for (i, c) in answer.char_indices() {
        let next_is_space = bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
        // "U.S." or "39.2" do not end a sentence; ". " after a lower-case word does.
        if matches!(c, '.' | '?' | '!') && next_is_space && i > 1 && !answer[..i].ends_with(char::is_uppercase) {
            return &answer[..i];
        }
    }
    answer
}

/// The verdict on one typed answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    pub correct: bool,
    /// Key facts the answer lacks.
    pub missing: Vec<String>,
}

/// Grades a typed answer against an entry's key facts. An entry with no key facts in its first
/// sentence is graded on its words: half of the first sentence's content words must be there.
pub fn grade(entry: &Entry, typed: &str) -> Grade {
    let facts = key_facts(entry);
    let mut words = text::words(typed);
    // "20th" gives the date's "20".
    let ordinals: Vec<String> = words
        .iter()
        .filter_map(|w| {
            let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
            (!digits.is_empty() && digits.len() < w.len()).then_some(digits)
        })
        .collect();
    words.extend(ordinals);
    let mut missing: Vec<String> = facts.numbers.iter().filter(|n| !words.contains(n)).cloned().collect();
    missing.extend(facts.names.iter().filter(|n| !words.iter().any(|w| close(w, n))).cloned());
    if facts.numbers.is_empty() && facts.names.is_empty() {
        let expected: Vec<String> =
            text::words(first_sentence(&entry.answer)).into_iter().filter(|w| w.len() > 3).collect();
        let found = expected.iter().filter(|e| words.iter().any(|w| close(w, e))).count();
        let correct = !expected.is_empty() && found * 2 >= expected.len();
        return Grade { correct, missing: if correct { Vec::new() } else { expected } };
    }
    Grade { correct: missing.is_empty(), missing }
}

/// The same word, a typo apart.
fn close(typed: &str, expected: &str) -> bool {
    typed == expected || (expected.len() >= 4 && strsim::jaro_winkler(typed, expected) >= 0.9)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::KnowledgeBase;

    fn kb() -> KnowledgeBase {
        KnowledgeBase::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")).unwrap()
    }

    #[test]
    fn right_answers_in_other_words_pass() {
        let kb = kb();
        let connection = kb.entry("full-functional-connection").unwrap();
        assert!(
            grade(connection, "it was on 20 april 1994, through a Sprint line").correct,
            "{:?}",
            key_facts(connection)
        );
        assert!(grade(connection, "april 20th 1994 via sprnt").correct, "typos in names are forgiven");
        let size = kb.entry("digital-economy-size").unwrap();
        assert!(grade(size, "about 39.2 trillion yuan (roughly 6 trillion dollars)").correct, "{:?}", key_facts(size));
    }

    #[test]
    fn a_wrong_year_or_name_fails() {
        let kb = kb();
        let connection = kb.entry("full-functional-connection").unwrap();
        assert!(!grade(connection, "20 april 1995 through Sprint").correct);
        assert!(!grade(connection, "20 april 1994 through Verizon").correct);
        let firewall = kb.entry("great-firewall-2003").unwrap();
        assert!(grade(firewall, "2003").correct, "{:?}", key_facts(firewall));
        assert!(!grade(firewall, "2013").correct);
    }
}
