//! Multiple-choice options: the right answer in one line and wrong ones made from the entries
//! most like the question, each checked to grade wrong.

use serde::Serialize;

use super::facts::{first_sentence, without_parentheses};
use super::grading::grade_question;
use super::questions::{Asks, Question};
use crate::knowledge::{Entry, EntryKind};
use crate::matcher::Matcher;
use crate::text;

/// A multiple-choice question's options; exactly one is right.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choices {
    pub options: Vec<String>,
    pub correct: usize,
}

/// How many options a multiple-choice question has.
pub const OPTIONS: usize = 4;

/// Four options for a question: the right one and three wrong ones drawn from the entries most
/// like it (their dates, numbers, proposers or answers), each checked to be wrong.
pub fn choices(matcher: &Matcher, question: &Question, seed: u64) -> Choices {
    let kb = matcher.knowledge();
    let similar: Vec<&Entry> = matcher
        .rank(&question.prompt)
        .iter()
        .map(|c| matcher.entry(c.entry))
        .chain(kb.entries())
        .filter(|e| e.id != question.entry)
        .collect();
    let mut wrong: Vec<String> = Vec::new();
    let offer = |option: String, wrong: &mut Vec<String>| {
        let option = option.trim().to_owned();
        let year = |o: &str| crate::knowledge::When::parse(o).map(|w| w.year);
        let taken = option == question.short
            || wrong.iter().any(|w| text::fold(w) == text::fold(&option))
            || (question.asks == Asks::Year
                && std::iter::once(&question.short).chain(wrong.iter()).any(|w| year(w) == year(&option)));
        if wrong.len() < OPTIONS - 1 && !option.is_empty() && !taken && !grade_question(question, &option).correct {
            wrong.push(option);
        }
    };
    match question.asks {
        Asks::Proposer => {
            for by in similar.iter().filter_map(|e| e.card.as_ref()?.proposed_by.clone()) {
                offer(by, &mut wrong);
            }
        }
        Asks::Year => {
            for date in similar.iter().filter_map(|e| e.card.as_ref()?.date.clone()) {
                offer(date, &mut wrong);
            }
        }
        Asks::Source => {
            let numbers = similar.iter().flat_map(|e| e.endnotes.iter().copied());
            for endnote in numbers.chain(1..=kb.paper().endnote_count).filter_map(|n| kb.endnote(n)) {
                offer(format!("Endnote {}: {}", endnote.number, endnote.short_citation()), &mut wrong);
            }
        }
        Asks::Answer => {
            for number in question.facts.iter().filter(|f| f.is_number()) {
                for other in similar_numbers(&similar, &number.label) {
                    offer(replace_word(&question.short, &number.label, &other), &mut wrong);
                }
            }
            for entry in similar.iter().filter(|e| e.kind == EntryKind::Qa) {
                let sentence = without_parentheses(&first_sentence(&entry.answer));
                // "No." or "In 2013." alone would give the game away.
                if sentence.split_whitespace().count() >= 3 {
                    offer(sentence, &mut wrong);
                }
            }
        }
    }
    // Years (and other whole numbers) a little off, when the knowledge has too few others.
    if let Some(year) = question.facts.iter().find(|f| f.label.len() >= 3 && f.label.parse::<u32>().is_ok()) {
        let y: i64 = year.label.parse().unwrap_or(2000);
        for delta in [1, -2, 3, -1, 2, -3] {
            offer(replace_word(&question.short, &year.label, &(y + delta).to_string()), &mut wrong);
        }
    }
    let correct = (seed % OPTIONS as u64) as usize;
    let mut options = wrong;
    options.insert(correct.min(options.len()), question.short.clone());
    let correct = options.iter().position(|o| *o == question.short).unwrap_or(0);
    Choices { options, correct }
}

/// Numbers of the same shape as `number` (a year for a year, as many digits, a decimal for a
/// decimal) in similar entries' answers.
fn similar_numbers(similar: &[&Entry], number: &str) -> Vec<String> {
    let shape = |n: &str| (n.len(), n.contains('.'), n.parse::<f64>().is_ok());
    let mut out: Vec<String> = Vec::new();
    for entry in similar.iter().take(40) {
        for word in text::words(&entry.answer) {
            let shaped = shape(&word) == shape(number) && shape(number).2;
            if shaped && word != number && !out.contains(&word) {
                out.push(word);
            }
        }
    }
    out
}

/// `text` with the whole word `from` replaced by `to` (once).
fn replace_word(text: &str, from: &str, to: &str) -> String {
    let mut start = 0;
    while let Some(i) = text[start..].find(from).map(|i| i + start) {
        let before = text[..i].chars().next_back();
        let after = text[i + from.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '.');
        let after_ok = after.is_none_or(|c| !c.is_alphanumeric())
            && !(after == Some('.') && text[i + from.len() + 1..].starts_with(|c: char| c.is_ascii_digit()));
        if boundary(before) && after_ok {
            return format!("{}{to}{}", &text[..i], &text[i + from.len()..]);
        }
        start = i + from.len();
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::questions;
    use crate::quiz::testing::{kb, matcher, question};

    #[test]
    fn multiple_choice_has_one_right_option_and_wrong_ones_that_grade_wrong() {
        let (kb, matcher) = (kb(), matcher());
        for (i, q) in questions(&kb, None).iter().enumerate() {
            let c = choices(&matcher, q, i as u64);
            assert_eq!(c.options.len(), OPTIONS, "{q:?}: {c:?}");
            assert_eq!(c.options[c.correct], q.short);
            for (j, option) in c.options.iter().enumerate() {
                assert_eq!(grade_question(q, option).correct, j == c.correct, "{q:?}: {option}");
                assert!(c.options[..j].iter().all(|o| text::fold(o) != text::fold(option)), "{c:?}");
            }
        }
        let firewall = question(&kb, "great-firewall-2003", Asks::Answer);
        let c = choices(&matcher, &firewall, 3);
        assert!(c.options.iter().all(|o| o.starts_with("In ")), "years from similar entries: {c:?}");
    }
}
