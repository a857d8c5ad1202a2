//! Multiple-choice options: the right answer in one line, and wrong ones that vary only the
//! fact asked (a year for a year, a number for a number, an organisation for an organisation,
//! an endnote for an endnote). Every wrong option is proven wrong: it fails the grader, and what
//! it puts in place of the fact is nowhere in what the paper says of the entry (so "GCSC" is not
//! offered as wrong where the paper also credits the GCSC). A question that cannot get three
//! such options is not asked as multiple choice.

use serde::{Deserialize, Serialize};

use super::facts::{Fact, FactKind, without_parentheses};
use super::grading::grade_question;
use super::questions::{Asks, Question};
use super::reading::{is_year, read};
use crate::knowledge::{Entry, When};
use crate::matcher::{Gazetteer, Matcher};
use crate::text;

/// A multiple-choice question's options; exactly one is right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choices {
    pub options: Vec<String>,
    pub correct: usize,
}

/// How many options a multiple-choice question has.
pub const OPTIONS: usize = 4;

/// Of the most plausible wrong options, how many a seed chooses among.
const PLAUSIBLE: usize = 6;

/// Four options for a question, the right one among three proven wrong; None when the question
/// has fewer than three (see the module's documentation). The seed picks which and where.
pub fn choices(matcher: &Matcher, question: &Question, seed: u64) -> Option<Choices> {
    let mut wrong = wrong_options(matcher, question);
    if wrong.len() < OPTIONS - 1 {
        return None;
    }
    let mut rng = fastrand::Rng::with_seed(seed);
    wrong.truncate(PLAUSIBLE);
    rng.shuffle(&mut wrong);
    wrong.truncate(OPTIONS - 1);
    let correct = rng.usize(..OPTIONS);
    wrong.insert(correct, question.short.clone());
    Some(Choices { options: wrong, correct })
}

/// The questions of `pool` that can be asked as multiple choice.
pub fn multiple_choice(matcher: &Matcher, pool: Vec<Question>) -> Vec<Question> {
    pool.into_iter().filter(|q| wrong_options(matcher, q).len() >= OPTIONS - 1).collect()
}

/// The proven-wrong options of a question, the most plausible first.
pub fn wrong_options(matcher: &Matcher, question: &Question) -> Vec<String> {
    // The right option must itself be a right answer: not so for an explanation whose facts
    // go beyond the answer's first sentence.
    if !grade_question(question, &question.short).correct {
        return Vec::new();
    }
    let similar: Vec<&Entry> = matcher
        .rank(&question.prompt)
        .iter()
        .map(|c| matcher.entry(c.entry))
        .chain(matcher.knowledge().entries())
        .filter(|e| e.id != question.entry)
        .collect();
    let candidates: Vec<String> = match question.asks {
        Asks::Proposer => proposers(&similar),
        Asks::Source => sources(matcher, question, &similar),
        Asks::Year | Asks::Answer => {
            varied_fact(question).map_or_else(Vec::new, |fact| substitutes(question, fact, &similar))
        }
    };
    let mut out: Vec<String> = Vec::new();
    for option in candidates {
        let folded = text::fold(&option);
        let taken = folded == text::fold(&question.short) || out.iter().any(|o| text::fold(o) == folded);
        if !taken && proven_wrong(question, &option) {
            out.push(option);
        }
    }
    out
}

/// Wrong by the grader, and naming nothing the paper says of the entry in place of the fact.
fn proven_wrong(question: &Question, option: &str) -> bool {
    let right: Vec<String> = read(&question.short).tokens.into_iter().map(|t| t.word).collect();
    let option_tokens = read(option).tokens;
    // Another proposer must name no one the paper credits here, even beside someone new.
    let credited = option_tokens.iter().any(|t| t.is_entity() && question.context.contains(&t.word));
    if question.asks == Asks::Proposer && credited {
        return false;
    }
    let changed = option_tokens.into_iter().filter(|t| !right.contains(&t.word)).collect::<Vec<_>>();
    let names_the_entry = changed
        .iter()
        .any(|t| (t.is_number() || t.is_entity() || t.word.len() >= 4) && question.context.contains(&t.word));
    !changed.is_empty()
        && !names_the_entry
        && grade_question(question, option).verdict != super::grading::Verdict::Right
}

/// The fact an option varies: the first year, number or known name of the right answer's line.
fn varied_fact(question: &Question) -> Option<&Fact> {
    question.facts.iter().find(|f| {
        let shown = f.label.split_whitespace().next().unwrap_or_default();
        let varies = match f.kind {
            FactKind::Year | FactKind::Number => true,
            FactKind::Name => read(&f.label).tokens.iter().any(|t| t.is_entity()),
            FactKind::Endnote | FactKind::Words => false,
        };
        varies && replace_word(&question.short, shown, "\u{0}") != question.short
    })
}

/// The right answer's line with the varied fact replaced by others of its kind.
fn substitutes(question: &Question, fact: &Fact, similar: &[&Entry]) -> Vec<String> {
    let shown = fact.label.split_whitespace().next().unwrap_or_default();
    let others = match fact.kind {
        FactKind::Year => years(shown, similar),
        FactKind::Number => numbers(shown, similar),
        _ => names(shown, similar),
    };
    others.into_iter().map(|other| replace_word(&question.short, shown, &other)).collect()
}

/// Other years: those of similar entries first, then a few either side.
fn years(year: &str, similar: &[&Entry]) -> Vec<String> {
    let digits = year.trim_end_matches('s');
    let decade = year.ends_with('s');
    let mut out: Vec<String> = Vec::new();
    for entry in similar.iter().take(40) {
        let dated =
            entry.card.as_ref().and_then(|c| c.date.as_deref()).and_then(When::parse).map(|w| w.year.to_string());
        for word in dated.into_iter().chain(text::words(&entry.answer)) {
            if is_year(&word) && word.ends_with('s') == decade && word != year && !out.contains(&word) {
                out.push(word);
            }
        }
    }
    let y: i64 = digits.parse().unwrap_or(2000);
    let step = if decade { 10 } else { 1 };
    for delta in [1, -2, 3, -1, 2, -3] {
        let other = format!("{}{}", y + delta * step, if decade { "s" } else { "" });
        if !out.contains(&other) {
            out.push(other);
        }
    }
    out
}

/// Other numbers of the same shape (as many digits, a decimal for a decimal): those of similar
/// entries first, then the number a little more or less.
fn numbers(number: &str, similar: &[&Entry]) -> Vec<String> {
    let shape = |n: &str| (n.len(), n.contains('.'), n.parse::<f64>().is_ok());
    let mut out: Vec<String> = Vec::new();
    for entry in similar.iter().take(40) {
        for word in text::words(&entry.answer) {
            if shape(&word) == shape(number)
                && shape(number).2
                && !is_year(&word)
                && word != number
                && !out.contains(&word)
            {
                out.push(word);
            }
        }
    }
    let Ok(value) = number.parse::<f64>() else { return out };
    let decimals = number.split('.').nth(1).map_or(0, str::len);
    for factor in [0.8, 1.25, 0.6, 1.5, 0.9, 1.1] {
        let mut other = format!("{:.*}", decimals, value * factor);
        if decimals == 0 && value < 10.0 {
            other =
                format!("{}", (value + (factor - 1.0).signum() * (1.0 + (factor - 1.0).abs() * 5.0)).round().max(1.0));
        }
        if other != number && !out.contains(&other) {
            out.push(other);
        }
    }
    out
}

/// Other names of the same kind (a place for a place, an organisation for an organisation)
/// that similar entries mention.
fn names(name: &str, similar: &[&Entry]) -> Vec<String> {
    let gazetteer = Gazetteer::builtin();
    let Some(entity) = read(name).tokens.iter().find(|t| t.is_entity()).and_then(|t| t.word[1..].parse().ok()) else {
        return Vec::new();
    };
    let class = gazetteer.class(entity);
    let mut out: Vec<String> = Vec::new();
    for entry in similar.iter().take(60) {
        let words = crate::matcher::fold_for_matching(&entry.answer);
        let words: Vec<&str> = words.split(' ').collect();
        for found in gazetteer.find(&words) {
            let shown = gazetteer.shown(found.entity).trim_start_matches("the ").to_owned();
            if found.entity != entity && gazetteer.class(found.entity) == class && !out.contains(&shown) {
                out.push(shown);
            }
        }
    }
    out
}

/// Other cards' proposers, in a line each, one per set of names.
fn proposers(similar: &[&Entry]) -> Vec<String> {
    similar.iter().filter_map(|e| e.card.as_ref()?.proposed_by.as_deref()).map(without_parentheses).collect()
}

/// Other endnotes, those of similar entries first, none by the right one's author.
fn sources(matcher: &Matcher, question: &Question, similar: &[&Entry]) -> Vec<String> {
    let kb = matcher.knowledge();
    let numbers = similar.iter().flat_map(|e| e.endnotes.iter().copied());
    let right_author = |n: u32| kb.endnote(n).map(|e| author(e.short_citation()));
    let author_of_right = question.endnotes.first().and_then(|&n| right_author(n));
    numbers
        .chain(1..=kb.paper().endnote_count)
        .filter(|&n| !question.endnotes.contains(&n) && right_author(n) != author_of_right)
        .filter_map(|n| kb.endnote(n))
        .map(|endnote| format!("Endnote {}: {}", endnote.number, endnote.short_citation()))
        .collect()
}

/// A short citation's author: what comes before its first comma.
fn author(short: &str) -> String {
    text::fold(short.split(',').next().unwrap_or_default())
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
    fn every_multiple_choice_question_has_exactly_one_right_option() {
        let (kb, matcher) = (kb(), matcher());
        let mut asked = 0;
        for (i, q) in questions(&kb, None).iter().enumerate() {
            for seed in [i as u64, i as u64 * 31 + 7] {
                let Some(c) = choices(&matcher, q, seed) else { continue };
                asked += 1;
                assert_eq!(c.options.len(), OPTIONS, "{q:?}: {c:?}");
                assert_eq!(c.options[c.correct], q.short);
                for (j, option) in c.options.iter().enumerate() {
                    assert_eq!(grade_question(q, option).correct, j == c.correct, "{}: {option}", q.prompt);
                    assert!(c.options[..j].iter().all(|o| text::fold(o) != text::fold(option)), "{c:?}");
                }
            }
        }
        assert!(asked >= 80, "only {asked} multiple-choice questions");
    }

    #[test]
    fn wrong_options_vary_the_asked_fact_only() {
        let (kb, matcher) = (kb(), matcher());
        let firewall = question(&kb, "great-firewall-2003", Asks::Answer);
        let c = choices(&matcher, &firewall, 3).unwrap();
        assert!(c.options.iter().all(|o| o.starts_with("In ")), "years from similar entries: {c:?}");
        let year = question(&kb, "cyber-espionage-norm", Asks::Year);
        for option in wrong_options(&matcher, &year) {
            assert!(option.starts_with("25 September "), "{option}");
        }
    }

    #[test]
    fn an_option_the_paper_also_supports_is_never_offered_as_wrong() {
        let (kb, matcher) = (kb(), matcher());
        for q in questions(&kb, None).iter().filter(|q| q.asks == Asks::Proposer) {
            for option in wrong_options(&matcher, q) {
                let names: Vec<String> =
                    read(&option).tokens.into_iter().filter(|t| t.is_entity()).map(|t| t.word).collect();
                assert!(names.iter().all(|n| !q.context.contains(n)), "{}: {option}", q.prompt);
            }
        }
    }
}
