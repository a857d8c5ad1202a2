//! Study mode: quiz questions drawn from the knowledge, typed answers graded on their key
//! facts, multiple-choice options, and the state of a quiz game, all without I/O (the CLI and
//! the Discord adapter drive the clock and the messages).
//!
//! A typed answer is judged on the question's key facts: the ones moderators wrote
//! (`key_facts`), or else the numbers and names of the model answer's first sentence (the
//! sentence that answers). Numbers must be exact and names present (typos forgiven); the
//! wording may differ.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::knowledge::{Entry, EntryKind, KnowledgeBase};
use crate::matcher::Matcher;
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
    fn single(word: String) -> Fact {
        let lenient = !word.chars().any(|c| c.is_ascii_digit());
        Fact { label: word.clone(), forms: vec![vec![word]], lenient }
    }

    fn written(forms: &[String]) -> Fact {
        Fact {
            label: forms.first().cloned().unwrap_or_default(),
            forms: forms.iter().map(|f| text::words(f)).collect(),
            lenient: false,
        }
    }

    fn is_number(&self) -> bool {
        self.forms.iter().flatten().any(|w| w.chars().any(|c| c.is_ascii_digit()))
    }

    /// Whether `words` (folded) say this fact: every word of one form, numbers exactly.
    fn said_in(&self, words: &[String]) -> bool {
        self.forms.iter().any(|form| form.iter().all(|expected| words.iter().any(|w| same_word(w, expected))))
    }
}

/// Words that are capitalised in the paper's answers without being facts.
const NOT_NAMES: &[&str] = &[
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
fn without_parentheses(text: &str) -> String {
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

/// What a quiz question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Asks {
    /// A Q&A entry's question.
    Answer,
    /// Who proposed a norm or initiative.
    Proposer,
    /// The year a norm or initiative was put forward.
    Year,
    /// Which endnote (which source) the paper cites for something.
    Source,
}

/// A quiz question, with what a right answer must say and what is revealed afterwards.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    /// The entry it comes from.
    pub entry: String,
    pub asks: Asks,
    pub prompt: String,
    pub facts: Vec<Fact>,
    /// The right answer in one line (the multiple-choice option).
    pub short: String,
    /// The model answer shown at the reveal.
    pub answer: String,
    pub endnotes: Vec<u32>,
}

/// Every question the knowledge offers (of one section, when given): Q&A entries whose answers
/// have key facts, for norms and initiatives who proposed them and when, and for each endnote
/// which source the paper cites for what it supports.
pub fn questions(kb: &KnowledgeBase, section: Option<&str>) -> Vec<Question> {
    let mut out = entry_questions(kb, section);
    out.extend(source_questions(kb, section));
    out
}

/// "Which endnote does the paper cite for …?": answered by its number or its author's name.
fn source_questions(kb: &KnowledgeBase, section: Option<&str>) -> Vec<Question> {
    let mut out = Vec::new();
    for endnote in kb.endnotes() {
        let citing = kb.citing(endnote.number).find(|e| section.is_none_or(|s| e.section.as_deref() == Some(s)));
        let Some(citing) = citing else { continue };
        let short = endnote.short_citation();
        let author: Vec<String> = text::words(short.split([',', '(', '"', '\u{201c}']).next().unwrap_or_default())
            .into_iter()
            .filter(|w| w.len() >= 3 && !NOT_NAMES.contains(&w.as_str()))
            .collect();
        let mut forms = vec![vec![endnote.number.to_string()]];
        // "Ray Huang" or "Microsoft" will do as well as the number; a longer name would have to
        // be typed whole, so only the number is asked for.
        if (1..=2).contains(&author.len()) {
            forms.push(author);
        }
        out.push(Question {
            entry: citing.id.clone(),
            asks: Asks::Source,
            prompt: format!("Which endnote does the paper cite for this? {}", endnote.cited_for.trim()),
            facts: vec![Fact { label: endnote.number.to_string(), forms, lenient: false }],
            short: format!("Endnote {}: {short}", endnote.number),
            answer: format!("Endnote {}: {}", endnote.number, endnote.citation),
            endnotes: vec![endnote.number],
        });
    }
    out
}

fn entry_questions(kb: &KnowledgeBase, section: Option<&str>) -> Vec<Question> {
    let mut out = Vec::new();
    for entry in kb.entries().iter().filter(|e| section.is_none_or(|s| e.section.as_deref() == Some(s))) {
        match &entry.card {
            None => {
                let facts = key_facts(entry);
                let chosen = !entry.key_facts.is_empty();
                if !facts.is_empty() && (chosen || facts.len() <= MAX_FOUND_FACTS) {
                    out.push(Question {
                        entry: entry.id.clone(),
                        asks: Asks::Answer,
                        prompt: entry.title.clone(),
                        facts,
                        short: without_parentheses(&first_sentence(&entry.answer)),
                        answer: entry.answer.clone(),
                        endnotes: entry.endnotes.clone(),
                    });
                }
            }
            Some(card) => {
                let name = &entry.title;
                if let Some(by) = card.proposed_by.as_ref().filter(|_| !entry.key_facts.is_empty()) {
                    out.push(Question {
                        entry: entry.id.clone(),
                        asks: Asks::Proposer,
                        prompt: format!("Who put forward \u{201c}{name}\u{201d}?"),
                        facts: entry.key_facts.iter().map(|forms| Fact::written(forms)).collect(),
                        short: by.clone(),
                        answer: format!("{by}. {}", entry.answer),
                        endnotes: entry.endnotes.clone(),
                    });
                }
                let when = card.date.as_deref().and_then(crate::knowledge::When::parse);
                if let (Some(date), Some(when)) = (&card.date, when)
                    && !text::words(name).contains(&when.year.to_string())
                {
                    out.push(Question {
                        entry: entry.id.clone(),
                        asks: Asks::Year,
                        prompt: format!("In which year was \u{201c}{name}\u{201d} put forward?"),
                        facts: vec![Fact::single(when.year.to_string())],
                        short: date.clone(),
                        answer: format!("{date}. {}", entry.answer),
                        endnotes: entry.endnotes.clone(),
                    });
                }
            }
        }
    }
    out
}

/// The verdict on one typed answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    pub correct: bool,
    /// Key facts the answer lacks.
    pub missing: Vec<String>,
}

/// Grades a typed answer against a question's key facts.
pub fn grade_question(question: &Question, typed: &str) -> Grade {
    grade_facts(&question.facts, typed)
}

fn grade_facts(facts: &[Fact], typed: &str) -> Grade {
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

/// Grades a typed answer to an entry's own question. An entry with no key facts is graded on
/// its words: half of the first sentence's content words must be there.
pub fn grade(entry: &Entry, typed: &str) -> Grade {
    let facts = key_facts(entry);
    if facts.is_empty() {
        let words = answer_words(typed);
        let expected: Vec<String> =
            text::words(&first_sentence(&entry.answer)).into_iter().filter(|w| w.len() > 3).collect();
        let found = expected.iter().filter(|e| words.iter().any(|w| close(w, e))).count();
        let correct = !expected.is_empty() && found * 2 >= expected.len();
        return Grade { correct, missing: if correct { Vec::new() } else { expected } };
    }
    grade_facts(&facts, typed)
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

/// Picks `rounds` different questions (fewer if the pool is smaller), the same for the same seed.
pub fn draw(mut pool: Vec<Question>, rounds: usize, seed: u64) -> Vec<Question> {
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = Vec::new();
    while out.len() < rounds && !pool.is_empty() {
        let i = (next() % pool.len() as u64) as usize;
        out.push(pool.swap_remove(i));
    }
    out
}

/// A student's answer in a round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answered {
    pub user: u64,
    pub correct: bool,
}

/// A student's score in one game.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Score {
    pub right: u32,
    pub answered: u32,
}

/// What became of an answer handed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    /// Counted (right or wrong is told at the reveal).
    Counted,
    /// Only a student's first answer in a round counts.
    AlreadyAnswered,
    /// Not an option of this question.
    NoSuchOption,
}

/// How a round ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reveal {
    pub question: Question,
    pub choices: Option<Choices>,
    /// In the order they answered.
    pub answers: Vec<Answered>,
    /// 1-based.
    pub round: usize,
    pub rounds: usize,
}

/// A quiz in progress: its questions, the current round's answers, and the scores so far.
#[derive(Debug, Clone)]
pub struct Game {
    rounds: Vec<(Question, Option<Choices>)>,
    round: usize,
    answers: Vec<Answered>,
    scores: BTreeMap<u64, Score>,
}

impl Game {
    /// A game over these questions; with `matcher`, each comes with multiple-choice options.
    pub fn new(questions: Vec<Question>, multiple_choice: Option<&Matcher>, seed: u64) -> Game {
        let rounds = questions
            .into_iter()
            .enumerate()
            .map(|(i, q)| {
                let choices = multiple_choice.map(|m| choices(m, &q, seed.wrapping_add(i as u64 * 7)));
                (q, choices)
            })
            .collect();
        Game { rounds, round: 0, answers: Vec::new(), scores: BTreeMap::new() }
    }

    pub fn question(&self) -> &Question {
        &self.rounds[self.round].0
    }

    pub fn choices(&self) -> Option<&Choices> {
        self.rounds[self.round].1.as_ref()
    }

    /// The current round, from 1.
    pub fn round(&self) -> usize {
        self.round + 1
    }

    pub fn rounds(&self) -> usize {
        self.rounds.len()
    }

    /// A typed answer.
    pub fn answer(&mut self, user: u64, typed: &str) -> Submitted {
        let correct = grade_question(self.question(), typed).correct;
        self.submit(user, correct)
    }

    /// A multiple-choice pick (from 0).
    pub fn pick(&mut self, user: u64, option: usize) -> Submitted {
        let Some(choices) = self.choices() else { return Submitted::NoSuchOption };
        if option >= choices.options.len() {
            return Submitted::NoSuchOption;
        }
        let correct = option == choices.correct;
        self.submit(user, correct)
    }

    fn submit(&mut self, user: u64, correct: bool) -> Submitted {
        if self.answers.iter().any(|a| a.user == user) {
            return Submitted::AlreadyAnswered;
        }
        self.answers.push(Answered { user, correct });
        let score = self.scores.entry(user).or_default();
        score.answered += 1;
        score.right += u32::from(correct);
        Submitted::Counted
    }

    /// Ends the current round; the next begins if there is one (see [`Game::finished`]).
    pub fn reveal(&mut self) -> Reveal {
        let (question, choices) = self.rounds[self.round].clone();
        let reveal = Reveal {
            question,
            choices,
            answers: std::mem::take(&mut self.answers),
            round: self.round + 1,
            rounds: self.rounds.len(),
        };
        self.round = (self.round + 1).min(self.rounds.len());
        reveal
    }

    /// Whether every round has been revealed.
    pub fn finished(&self) -> bool {
        self.round >= self.rounds.len()
    }

    /// The scores so far, best first.
    pub fn scores(&self) -> Vec<(u64, Score)> {
        let mut scores: Vec<(u64, Score)> = self.scores.iter().map(|(u, s)| (*u, *s)).collect();
        scores.sort_by_key(|(user, s)| (std::cmp::Reverse(s.right), s.answered, *user));
        scores
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::KnowledgeBase;

    fn kb() -> KnowledgeBase {
        KnowledgeBase::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")).unwrap()
    }

    fn matcher() -> Matcher {
        Matcher::new(std::sync::Arc::new(kb()), crate::matcher::Thresholds::default())
    }

    fn question(kb: &KnowledgeBase, entry: &str, asks: Asks) -> Question {
        questions(kb, None).into_iter().find(|q| q.entry == entry && q.asks == asks).unwrap()
    }

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
    fn a_source_is_named_by_its_number_or_its_author() {
        let kb = kb();
        let q = questions(&kb, None).into_iter().find(|q| q.asks == Asks::Source && q.endnotes == [1]).unwrap();
        assert!(q.prompt.starts_with("Which endnote does the paper cite for this? "), "{}", q.prompt);
        assert!(grade_question(&q, "endnote 1").correct);
        assert!(grade_question(&q, "Ray Huang's book").correct, "{:?}", q.facts);
        assert!(!grade_question(&q, "endnote 11").correct);
        assert!(!grade_question(&q, "Ray").correct);
    }

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

    #[test]
    fn a_game_counts_first_answers_and_keeps_scores() {
        let kb = kb();
        let rounds = vec![
            question(&kb, "full-functional-connection", Asks::Answer),
            question(&kb, "public-core-norm", Asks::Proposer),
        ];
        let mut game = Game::new(rounds, None, 1);
        assert_eq!((game.round(), game.rounds()), (1, 2));
        assert_eq!(game.answer(1, "20 april 1994 via sprnt"), Submitted::Counted);
        assert_eq!(game.answer(1, "something else"), Submitted::AlreadyAnswered);
        assert_eq!(game.answer(2, "1995"), Submitted::Counted);
        let reveal = game.reveal();
        assert_eq!(reveal.answers, [Answered { user: 1, correct: true }, Answered { user: 2, correct: false }]);
        assert!(!game.finished());
        assert_eq!(game.answer(2, "gcsc"), Submitted::Counted);
        game.reveal();
        assert!(game.finished());
        assert_eq!(game.scores(), [(1, Score { right: 1, answered: 1 }), (2, Score { right: 1, answered: 2 })]);
    }

    #[test]
    fn picks_are_checked_against_the_options() {
        let (kb, matcher) = (kb(), matcher());
        let mut game = Game::new(vec![question(&kb, "great-firewall-2003", Asks::Answer)], Some(&matcher), 2);
        let right = game.choices().unwrap().correct;
        assert_eq!(game.pick(1, 9), Submitted::NoSuchOption);
        assert_eq!(game.pick(1, right), Submitted::Counted);
        assert_eq!(game.pick(2, (right + 1) % OPTIONS), Submitted::Counted);
        let reveal = game.reveal();
        assert_eq!(reveal.answers.iter().map(|a| a.correct).collect::<Vec<_>>(), [true, false]);
    }

    #[test]
    fn draws_differ_and_repeat_with_the_seed() {
        let kb = kb();
        let a = draw(questions(&kb, None), 5, 42);
        assert_eq!(a, draw(questions(&kb, None), 5, 42));
        let ids: std::collections::BTreeSet<_> = a.iter().map(|q| (&q.entry, q.asks as u8)).collect();
        assert_eq!(ids.len(), 5);
        assert!(questions(&kb, Some("public-core-norm")).iter().all(|q| q.entry.contains("public-core")
            || kb.entry(&q.entry).unwrap().section.as_deref() == Some("public-core-norm")));
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
