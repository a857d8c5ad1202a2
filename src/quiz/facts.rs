//! The facts a right answer must say: the moderators' `key_facts`, or else the numbers and names
//! of the model answer's first sentence (the sentence that answers). Questions are built from
//! them, typed answers are graded on them, and multiple-choice options vary them.

use serde::Serialize;

use crate::knowledge::{Entry, EntryKind};
use crate::text;

/// One thing a right answer must say, in any of its accepted forms (each a list of folded words).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// How the fact is shown ("1994", "GCSC").
    pub label: String,
    pub forms: Vec<Vec<String>>,
    /// Found by the quiz in the answer (not written by a moderator) and not a number: with
    /// several such names, most of them are enough (a book's long title, say).
    pub lenient: bool,
}

impl Fact {
    pub(super) fn single(word: String) -> Fact {
        let lenient = !word.chars().any(|c| c.is_ascii_digit());
        Fact { label: word.clone(), forms: vec![vec![word]], lenient }
    }

    pub(super) fn written(forms: &[String]) -> Fact {
        Fact {
            label: forms.first().cloned().unwrap_or_default(),
            forms: forms.iter().map(|f| text::words(f)).collect(),
            lenient: false,
        }
    }

    pub(super) fn is_number(&self) -> bool {
        self.forms.iter().flatten().any(|w| w.chars().any(|c| c.is_ascii_digit()))
    }
}

/// Words that are capitalised in the paper's answers without being facts.
pub(super) const NOT_NAMES: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "he", "his", "in", "it", "its", "of", "on", "or", "that", "the",
    "their", "they", "this", "to", "was", "with", "xu", "paper", "endnote", "endnotes", "internet",
    // Units: "6 trillion dollars" is as right as "6 trillion USD".
    "usd", "yuan", "gdp", "percent", // Company suffixes: "Sprint" is the fact, not "Ltd".
    "co", "com", "inc", "ltd",
];

/// A Q&A entry whose answer gives more facts than this (a list of twenty names, say) is not a
/// fair quiz question unless the moderators chose its `key_facts`.
pub const MAX_FOUND_FACTS: usize = 6;

/// The key facts of an entry's answer: the moderators' `key_facts` for a Q&A entry, or the
/// numbers and names of its answer's first sentence, less what the question itself says
/// ("When did China connect?" does not make "China" a fact to recall).
pub fn key_facts(entry: &Entry) -> Vec<Fact> {
    if entry.kind == EntryKind::Qa && !entry.key_facts.is_empty() {
        return entry.key_facts.iter().map(|forms| Fact::written(forms)).collect();
    }
    facts_in(&first_sentence(&entry.answer), &entry.title)
}

/// The numbers and names of `sentence` that `question` does not already give.
fn facts_in(sentence: &str, question: &str) -> Vec<Fact> {
    // "John C. Nerone; it was published by ..." asks only for the name.
    let sentence = without_parentheses(sentence.split(';').next().unwrap_or_default());
    let given = text::words(question);
    let mut numbers: Vec<String> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    // "cited in endnotes 1 and 2": the numbers of endnotes are not facts to recall.
    let mut citing = false;
    for (i, raw) in sentence.split_whitespace().enumerate() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() {
            continue;
        }
        let folded = text::fold(word);
        citing = matches!(folded.as_str(), "endnote" | "endnotes")
            || (citing && (folded == "and" || folded.chars().all(|c| c.is_ascii_digit())));
        if citing {
            continue;
        }
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
    numbers.into_iter().chain(names).map(Fact::single).collect()
}

/// "(endnote 29)" and other asides are not facts to recall, nor shown in an option.
pub(super) fn without_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    let kept: String = text
        .chars()
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
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ").replace(" .", ".").replace(" ,", ",").replace(" ;", ";")
}

fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// Words that a full stop follows without ending the sentence.
const ABBREVIATIONS: &[&str] = &["Co", "Corp", "Dr", "Inc", "Ltd", "Mr", "Mrs", "Ms", "St", "al", "etc", "vs"];

/// The sentence of an answer that answers: its first.
pub fn first_sentence(answer: &str) -> String {
    let bytes = answer.as_bytes();
    for (i, c) in answer.char_indices() {
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        let next_is_space = bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
        // "U.S.", "John C. Nerone" or "39.2" do not end a sentence; "221 BC. " does.
        let word = answer[..i].rsplit(|c: char| c.is_whitespace()).next().unwrap_or_default();
        let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
        // "Xiaomi Inc. as" and "Sprint Co. Ltd." go on; "Sprint Co. Ltd. The paper" ends.
        let next = answer[i + 1..].split_whitespace().next().unwrap_or_default();
        let goes_on = next.starts_with(char::is_lowercase) || ABBREVIATIONS.contains(&next.trim_end_matches('.'));
        let abbreviation = (ABBREVIATIONS.contains(&word) && goes_on) || word.contains('.');
        if next_is_space && i > 1 && !initial && !abbreviation {
            return answer[..=i].to_owned();
        }
    }
    answer.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentences_survive_initials_and_abbreviations() {
        assert_eq!(first_sentence("John C. Nerone; it was. More."), "John C. Nerone; it was.");
        assert_eq!(first_sentence("Xiaomi Inc. as a company. More."), "Xiaomi Inc. as a company.");
        assert_eq!(first_sentence("As early as 221 BC. Citing"), "As early as 221 BC.");
        assert_eq!(first_sentence("The U.S. did. Then"), "The U.S. did.");
    }

    #[test]
    fn endnote_numbers_are_not_facts() {
        let facts = facts_in("Broadening the Horizons, by Ray Huang, cited in endnotes 1 and 2.", "Which book?");
        assert!(facts.iter().all(|f| !f.is_number()), "{facts:?}");
    }
}
