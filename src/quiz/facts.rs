//! The facts a right answer must say, chosen for what the question asks (see [`super::asked`]):
//! the moderators' `key_facts`, or, for a question that asks only names, dates or numbers, those
//! of the model answer's first sentence (the sentence that answers). A question that asks for an
//! explanation is graded only on facts a moderator chose. Questions are built from facts, typed
//! answers graded on them, and multiple-choice options vary them.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::asked::Part;
use super::reading::{self, Token, is_year, read};
use crate::knowledge::{CardField, Entry, KnowledgeBase};
use crate::text;

/// What kind of thing a fact is: what a multiple-choice option varies, and which part of a
/// question it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    Year,
    Number,
    Endnote,
    Name,
    Words,
}

impl FactKind {
    /// Whether a fact of this kind answers `part` of a question.
    pub fn answers(self, part: Part) -> bool {
        match part {
            Part::Date => self == FactKind::Year,
            Part::Number => self == FactKind::Number,
            Part::Endnote => self == FactKind::Endnote,
            Part::Name => matches!(self, FactKind::Name | FactKind::Words),
            // An explanation may turn on anything a moderator chose: "from the 1840s to the 1940s".
            Part::Substance => true,
        }
    }
}

/// One accepted way of saying a fact: words that must all be in the answer, or, for a long
/// title, most of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Form {
    /// Read as answers are read ([`reading::read`]): folded, numbers as digits, names as entities.
    pub words: Vec<String>,
    /// How many of `words` must be said.
    pub need: usize,
}

impl Form {
    pub(super) fn all(words: Vec<String>) -> Form {
        Form { need: words.len(), words }
    }
}

/// One thing a right answer must say, in any of its accepted forms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    /// How the fact is shown ("1994", "GCSC").
    pub label: String,
    pub kind: FactKind,
    pub forms: Vec<Form>,
    /// Found by the quiz in the answer (not written by a moderator) and a name: with several
    /// such names, most of them are enough (a book's long title, say).
    pub lenient: bool,
    /// The model answer says it under a negation ("states should not insert backdoors"), so a
    /// student's "must not put backdoors in" says it too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub negative: bool,
}

impl Fact {
    /// A fact of one word found in the answer.
    pub(super) fn single(word: String, kind: FactKind) -> Fact {
        let words = content(&read(&word).tokens);
        Fact { label: word, kind, forms: vec![Form::all(words)], lenient: kind == FactKind::Name, negative: false }
    }

    /// A fact as moderators write it: forms separated by `|`, the first as the answer says it.
    pub fn written(forms: &[String]) -> Fact {
        let first = forms.first().map(String::as_str).unwrap_or_default();
        let read_forms: Vec<Vec<Token>> = forms.iter().map(|f| read(f).tokens).collect();
        let kind = kind_of(first, read_forms.first().map(Vec::as_slice).unwrap_or_default());
        let mut out: Vec<Form> = Vec::new();
        for (text, tokens) in forms.iter().zip(&read_forms) {
            // A name is said by any of its names ("#12"), or by its own words with a typo in
            // one ("the Global Commission on the Stabilty of Cyberspace").
            let spelt = tokens.iter().any(Token::is_entity).then(|| Form::all(content(&plain(text))));
            for form in std::iter::once(Form::all(content(tokens))).chain(spelt) {
                if !form.words.is_empty() && !out.contains(&form) {
                    out.push(form);
                }
            }
        }
        let forms = out;
        Fact { label: first.trim().to_owned(), kind, forms, lenient: false, negative: false }
    }

    pub fn is_number(&self) -> bool {
        matches!(self.kind, FactKind::Year | FactKind::Number | FactKind::Endnote)
    }
}

/// The kind of a written fact, from its first form.
fn kind_of(text: &str, tokens: &[Token]) -> FactKind {
    let era = |w: &[Token]| w[0].is_number() && matches!(w[1].word.as_str(), "bc" | "bce" | "ad" | "ce");
    let month = |t: &Token| crate::knowledge::MONTHS.contains(&t.word.as_str());
    if tokens.iter().any(|t| t.is_year() || month(t)) || tokens.windows(2).any(era) {
        FactKind::Year
    } else if tokens.iter().any(|t| t.is_number() || MAGNITUDES.contains(&t.word.as_str())) {
        FactKind::Number
    } else if tokens.iter().any(Token::is_entity) || text.trim().starts_with(char::is_uppercase) {
        FactKind::Name
    } else {
        FactKind::Words
    }
}

/// A text's words as tokens, names left as words.
fn plain(text: &str) -> Vec<Token> {
    text::words(text).into_iter().map(|w| Token { stem: reading::stem(&w), word: w, negated: false }).collect()
}

/// Words that make a number of "one billion" or "a million".
const MAGNITUDES: &[&str] = &["hundred", "thousand", "million", "billion", "trillion", "percent", "half", "dozen"];

/// The words of a form that carry it: "the whistleblower" is said by "whistleblower".
fn content(tokens: &[Token]) -> Vec<String> {
    let all: Vec<String> = tokens.iter().map(|t| t.word.clone()).collect();
    // "BC" is a chat word for "because", but in a key fact it is the era.
    let era = |w: &str| matches!(w, "bc" | "bce" | "ad" | "ce");
    let kept: Vec<String> = all.iter().filter(|w| era(w) || !crate::matcher::is_stop_word(w)).cloned().collect();
    if kept.is_empty() { all } else { kept }
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

/// The key facts of an entry for a question asking `parts`: the moderators' `key_facts`, or
/// those of the answer's first sentence of the kinds asked, less what the question already says
/// ("When did China connect?" does not make "China" a fact to recall). Empty when the question
/// asks for an explanation and no moderator chose its facts.
pub fn key_facts(entry: &Entry, parts: &[Part]) -> Vec<Fact> {
    if !entry.key_facts.is_empty() {
        return entry.key_facts.iter().map(|forms| Fact::written(forms)).collect();
    }
    if parts.contains(&Part::Substance) {
        return Vec::new();
    }
    facts_in(&first_sentence(&entry.answer), &entry.title, parts)
}

/// Whether `facts` answer every part a question asks, and nothing it does not ask: the test of
/// a fair question.
pub fn fair(facts: &[Fact], parts: &[Part]) -> Result<(), String> {
    if facts.is_empty() {
        return Err("it has no key facts".into());
    }
    match facts.iter().find_map(|f| unasked(f, parts)) {
        Some(problem) => Err(problem),
        None => unanswered(facts, parts).map_or(Ok(()), Err),
    }
}

/// Why a fact answers no part of the question, if it does not: "Who wrote it?" never needs
/// the year.
pub fn unasked(fact: &Fact, parts: &[Part]) -> Option<String> {
    if parts.iter().any(|&p| fact.kind.answers(p)) {
        return None;
    }
    let what = match fact.kind {
        FactKind::Year => "a date, but the question does not ask when",
        FactKind::Number => "a number, but the question does not ask how many or how much",
        FactKind::Endnote => "an endnote, but the question does not ask for one",
        FactKind::Name | FactKind::Words => "a name or words, but the question asks only for a date or number",
    };
    Some(format!("key fact \"{}\" is {what}", fact.label))
}

/// Which part of the question no fact answers, if one: "who and when" needs both.
pub fn unanswered(facts: &[Fact], parts: &[Part]) -> Option<String> {
    let part = parts.iter().find(|&&part| !facts.iter().any(|f| f.kind.answers(part)))?;
    let what = match part {
        Part::Date => "when, but no key fact is a date",
        Part::Number => "how many or how much, but no key fact is a number",
        Part::Endnote => "which endnote, but no key fact is an endnote",
        Part::Name => "for a name, but every key fact is a date or number",
        Part::Substance => "for an explanation, but it has no key fact",
    };
    Some(format!("the question asks {what}"))
}

/// The facts of the kinds `parts` ask for in `sentence` that `question` does not already give.
fn facts_in(sentence: &str, question: &str, parts: &[Part]) -> Vec<Fact> {
    // "John C. Nerone; it was published by ..." asks only for the name.
    let sentence = without_parentheses(sentence.split(';').next().unwrap_or_default());
    let given: BTreeSet<String> = read(question).tokens.into_iter().map(|t| t.word).collect();
    let mut numbers: Vec<(String, FactKind)> = Vec::new();
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
            for number in folded.split(' ').filter(|w| w.chars().any(|c| c.is_ascii_digit()) && !given.contains(*w)) {
                let kind = if is_year(number) { FactKind::Year } else { FactKind::Number };
                let asked = parts.iter().any(|&p| kind.answers(p));
                if asked && !numbers.iter().any(|(n, _)| n == number) {
                    numbers.push((number.to_owned(), kind));
                }
            }
        } else if parts.contains(&Part::Name)
            && i > 0
            && word.chars().next().is_some_and(char::is_uppercase)
            && !NOT_NAMES.contains(&folded.as_str())
        {
            for name in folded.split(' ').filter(|n| n.len() >= 3 && !given.contains(*n)) {
                if !names.iter().any(|n| n == name) {
                    names.push(name.to_owned());
                }
            }
        }
    }
    let numbers = numbers.into_iter().map(|(n, kind)| Fact::single(n, kind));
    numbers.chain(names.into_iter().map(|n| Fact::single(n, FactKind::Name))).collect()
}

/// The words that are true of an entry, as an answer is read: its question, answer and card,
/// and the citations of its endnotes. A number or name in a typed answer that is none of these
/// contradicts the paper (or at least is not what it says here).
pub fn context_of(kb: &KnowledgeBase, entry: &Entry, extra: &[&str]) -> BTreeSet<String> {
    let mut texts: Vec<&str> = vec![&entry.title, &entry.answer];
    if let Some(card) = &entry.card {
        // What the card states, but its comparison with others (which names them).
        let stated = CardField::STATEMENTS.into_iter().filter(|f| *f != CardField::Comparison).collect::<Vec<_>>();
        texts.extend(card.values(&stated).map(|(_, value)| value));
    }
    for endnote in entry.endnotes.iter().filter_map(|&n| kb.endnote(n)) {
        texts.push(&endnote.citation);
        texts.push(endnote.short_citation());
    }
    texts.extend(extra);
    // Words and their stems: "nationalized" in the answer is true of "nationalization"; and
    // numbers with their magnitudes ("6 trillion"), so that "6 billion" is not.
    let mut context = BTreeSet::new();
    for text in texts {
        let tokens = read(text).tokens;
        context.extend(scaled(&tokens));
        context.extend(tokens.into_iter().flat_map(|t| [t.word, t.stem]));
    }
    context
}

/// The numbers of a text joined to the magnitude that follows them: "6 trillion" is "6 trillion".
pub(super) fn scaled(tokens: &[Token]) -> impl Iterator<Item = String> + '_ {
    tokens
        .windows(2)
        .filter(|w| w[0].is_number() && MAGNITUDES[1..5].contains(&w[1].word.as_str()))
        .map(|w| format!("{} {}", w[0].word, w[1].word))
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
        let facts =
            facts_in("Broadening the Horizons, by Ray Huang, cited in endnotes 1 and 2.", "Which book?", &[Part::Name]);
        assert!(facts.iter().all(|f| !f.is_number()), "{facts:?}");
    }

    #[test]
    fn only_what_is_asked_is_a_fact() {
        let sentence = "Media, Messages, and Men was written by John C. Merrill and Ralph L. Lowenstein in 1979.";
        let who = facts_in(sentence, "Who wrote Media, Messages, and Men?", &[Part::Name]);
        assert!(who.iter().all(|f| f.kind == FactKind::Name) && !who.is_empty(), "{who:?}");
        let when = facts_in(sentence, "When was Media, Messages, and Men published?", &[Part::Date]);
        assert_eq!(when.iter().map(|f| f.label.as_str()).collect::<Vec<_>>(), ["1979"]);
        assert!(fair(&when, &[Part::Date]).is_ok());
        assert!(fair(&when, &[Part::Name]).is_err(), "a year does not answer who");
        assert!(fair(&who, &[Part::Name, Part::Date]).is_err(), "who and when needs a date too");
    }

    #[test]
    fn written_facts_are_read_like_answers() {
        let fact = Fact::written(&["the United States".into(), "America".into()]);
        assert_eq!(fact.kind, FactKind::Name);
        assert_eq!(fact.forms[0].words, Fact::written(&["the US".into()]).forms[0].words, "one entity");
        assert!(fact.forms.iter().any(|f| f.words == ["united", "states"]), "and its words, for typos: {fact:?}");
        assert_eq!(Fact::written(&["eight".into()]).kind, FactKind::Number);
        assert_eq!(Fact::written(&["December 2015".into()]).kind, FactKind::Year);
    }
}
