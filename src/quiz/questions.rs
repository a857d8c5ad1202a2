//! The questions the knowledge offers: a Q&A entry's own question, who put a norm or initiative
//! forward and when, and which endnote the paper cites for what; and the draw of a game's
//! questions from them.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::asked::{Part, parts};
use super::choices::{OPTIONS, wrong_options};
use super::facts::{
    Fact, FactKind, Form, MAX_FOUND_FACTS, NOT_NAMES, context_of, fair, first_sentence, key_facts, without_parentheses,
};
use super::reading::read;
use crate::knowledge::{Endnote, Entry, KnowledgeBase};
use crate::matcher::Matcher;
use crate::text;

/// What a quiz question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// The entry it comes from.
    pub entry: String,
    pub asks: Asks,
    pub prompt: String,
    /// What the prompt asks for: every part must be answered by a fact.
    pub parts: Vec<Part>,
    pub facts: Vec<Fact>,
    /// The right answer in one line (the multiple-choice option).
    pub short: String,
    /// The model answer shown at the reveal.
    pub answer: String,
    pub endnotes: Vec<u32>,
    /// Every word true of the entry (see [`context_of`]): a number or name an answer gives
    /// that is not among them contradicts the paper.
    #[serde(skip)]
    pub context: BTreeSet<String>,
}

/// Every fair question the knowledge offers (of one section, when given): Q&A entries whose key
/// facts answer what their question asks, for norms and initiatives who proposed them and when,
/// and for each endnote which source the paper cites for what it supports.
pub fn questions(kb: &KnowledgeBase, section: Option<&str>) -> Vec<Question> {
    let mut out = entry_questions(kb, section);
    out.extend(source_questions(kb, section));
    out
}

/// "Which endnote does the paper cite for …?": answered by its number, or by its source's
/// author or title.
fn source_questions(kb: &KnowledgeBase, section: Option<&str>) -> Vec<Question> {
    let mut out = Vec::new();
    for endnote in kb.endnotes() {
        let citing = kb.citing(endnote.number).find(|e| section.is_none_or(|s| e.section.as_deref() == Some(s)));
        let Some(citing) = citing else { continue };
        let short = endnote.short_citation();
        let prompt = format!("Which endnote does the paper cite for this? {}", endnote.cited_for.trim());
        let fact = Fact {
            label: endnote.number.to_string(),
            kind: FactKind::Endnote,
            forms: source_forms(endnote),
            lenient: false,
            negative: false,
        };
        let context = [endnote.citation.as_str(), short, &prompt]
            .iter()
            .flat_map(|t| read(t).tokens)
            .flat_map(|t| [t.word, t.stem])
            .collect();
        out.push(Question {
            entry: citing.id.clone(),
            asks: Asks::Source,
            prompt,
            parts: vec![Part::Endnote],
            facts: vec![fact],
            short: format!("Endnote {}: {short}", endnote.number),
            answer: format!("Endnote {}: {}", endnote.number, endnote.citation),
            endnotes: vec![endnote.number],
            context,
        });
    }
    out
}

/// The ways to name an endnote: its number, its author's surname (or whole name), or most of
/// its title ("Broadening the Horizons of Chinese History").
fn source_forms(endnote: &Endnote) -> Vec<Form> {
    let short = endnote.short_citation();
    let mut forms = vec![Form::all(vec![endnote.number.to_string()])];
    // "Author, Title (year), p. 7", or a title alone: "China Digital Economy White Paper (2021)".
    let (author, title) = match short.split_once(',') {
        Some((author, title)) if !author.contains('(') && author.split_whitespace().count() <= 4 => (author, title),
        _ => ("", short),
    };
    let title =
        title.trim().trim_start_matches(['"', '\u{201c}']).split(['(', '"', '\u{201d}']).next().unwrap_or_default();
    let names: Vec<String> = read(author)
        .tokens
        .into_iter()
        .map(|t| t.word)
        .filter(|w| {
            w.starts_with('#')
                || (w.len() >= 3 && !NOT_NAMES.contains(&w.as_str()) && !w.chars().any(|c| c.is_ascii_digit()))
        })
        .collect();
    // "Ray Huang" or "Huang"; an organisation by its whole name ("Microsoft").
    if let Some(surname) = names.last().filter(|s| s.len() >= 4 && !s.starts_with('#')) {
        forms.push(Form::all(vec![surname.clone()]));
    }
    if !names.is_empty() && names.len() <= 3 {
        forms.push(Form::all(names));
    }
    let title: Vec<String> = read(title)
        .tokens
        .into_iter()
        .map(|t| t.word)
        .filter(|w| !crate::matcher::is_stop_word(w) && !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    if title.len() >= 2 {
        let need = (title.len() * 2).div_ceil(3).max(2);
        forms.push(Form { words: title, need });
    }
    forms
}

fn entry_questions(kb: &KnowledgeBase, section: Option<&str>) -> Vec<Question> {
    let aliases = alias_forms(kb);
    let mut out = Vec::new();
    for entry in kb.entries().iter().filter(|e| section.is_none_or(|s| e.section.as_deref() == Some(s))) {
        let candidates = match &entry.card {
            None => vec![answer_question(entry)],
            Some(card) => vec![proposer_question(entry, card), year_question(entry, card)],
        };
        for mut question in candidates.into_iter().flatten() {
            if fair(&question.facts, &question.parts).is_ok() {
                question.context = context_of(kb, entry, &[&question.prompt]);
                mark_negative(&mut question.facts, &question.answer);
                with_aliases(&mut question.facts, &aliases);
                out.push(question);
            }
        }
    }
    out
}

/// The knowledge's `[[alias]]` tables as forms: what each means, and its names.
type AliasForms = Vec<(Vec<String>, Vec<Vec<String>>)>;

fn alias_forms(kb: &KnowledgeBase) -> AliasForms {
    let words = |text: &str| Fact::written(&[text.to_owned()]).forms.into_iter().next().map(|f| f.words);
    kb.aliases()
        .iter()
        .filter_map(|alias| Some((words(&alias.means)?, alias.names.iter().filter_map(|n| words(n)).collect())))
        .collect()
}

/// Adds to each form that is what a knowledge `[[alias]]` means the alias's names: "the NSA
/// leaker" says "Snowden" in an answer as in a question.
fn with_aliases(facts: &mut [Fact], aliases: &AliasForms) {
    for (means, names) in aliases {
        for fact in facts.iter_mut().filter(|f| f.forms.iter().any(|form| &form.words == means)) {
            for name in names {
                if !fact.forms.iter().any(|f| &f.words == name) {
                    fact.forms.push(Form::all(name.clone()));
                }
            }
        }
    }
}

/// Marks the facts the model answer states under a negation (see [`Fact::negative`]).
fn mark_negative(facts: &mut [Fact], answer: &str) {
    let denied: Vec<String> = read(answer).tokens.into_iter().filter(|t| t.negated).map(|t| t.word).collect();
    for fact in facts {
        fact.negative = fact.forms.iter().any(|f| f.words.iter().all(|w| denied.contains(w)));
    }
}

/// A Q&A entry's own question, when its facts are the moderators' or few enough to be fair.
fn answer_question(entry: &Entry) -> Option<Question> {
    let parts = parts(&entry.title);
    let facts = key_facts(entry, &parts);
    let chosen = !entry.key_facts.is_empty();
    (chosen || facts.len() <= MAX_FOUND_FACTS).then(|| Question {
        entry: entry.id.clone(),
        asks: Asks::Answer,
        prompt: entry.title.clone(),
        parts,
        facts,
        short: without_parentheses(&first_sentence(&entry.answer)),
        answer: entry.answer.clone(),
        endnotes: entry.endnotes.clone(),
        context: BTreeSet::new(),
    })
}

/// "Who put forward …?", for a card whose moderators chose the names a right answer gives.
fn proposer_question(entry: &Entry, card: &crate::knowledge::Card) -> Option<Question> {
    let by = card.proposed_by.as_ref().filter(|_| !entry.key_facts.is_empty())?;
    Some(Question {
        entry: entry.id.clone(),
        asks: Asks::Proposer,
        prompt: format!("Who put forward \u{201c}{}\u{201d}?", entry.title),
        parts: vec![Part::Name],
        facts: entry.key_facts.iter().map(|forms| Fact::written(forms)).collect(),
        short: by.clone(),
        answer: format!("{by}. {}", entry.answer),
        endnotes: entry.endnotes.clone(),
        context: BTreeSet::new(),
    })
}

/// "In which year was … put forward?", for a dated card whose name does not give the year away.
fn year_question(entry: &Entry, card: &crate::knowledge::Card) -> Option<Question> {
    let date = card.date.as_ref()?;
    let when = crate::knowledge::When::parse(date)?;
    let year = when.year.to_string();
    if text::words(&entry.title).contains(&year) {
        return None;
    }
    Some(Question {
        entry: entry.id.clone(),
        asks: Asks::Year,
        prompt: format!("In which year was \u{201c}{}\u{201d} put forward?", entry.title),
        parts: vec![Part::Date],
        facts: vec![Fact::single(year, FactKind::Year)],
        short: date.clone(),
        answer: format!("{date}. {}", entry.answer),
        endnotes: entry.endnotes.clone(),
        context: BTreeSet::new(),
    })
}

/// At most this share of a quiz asks "which endnote": they are the easiest to make and the
/// least like studying.
const SOURCE_SHARE: usize = 5;

/// Picks `rounds` different questions (fewer if the pool is smaller), each seed its own draw
/// and the same seed the same draw: at most a fifth of them which-endnote questions, and no two
/// about the same entry or asking nearly the same thing. With `multiple_choice`, only questions
/// that can have fair options (checked one by one as drawn, not the whole pool).
pub fn draw(mut pool: Vec<Question>, rounds: usize, seed: u64, multiple_choice: Option<&Matcher>) -> Vec<Question> {
    fastrand::Rng::with_seed(seed).shuffle(&mut pool);
    let max_sources = rounds / SOURCE_SHARE;
    let mut out: Vec<Question> = Vec::new();
    for question in pool {
        if out.len() == rounds {
            break;
        }
        let sources = out.iter().filter(|q| q.asks == Asks::Source).count();
        if (question.asks == Asks::Source && sources >= max_sources)
            || out.iter().any(|q| near_duplicates(q, &question))
            || multiple_choice.is_some_and(|m| wrong_options(m, &question).len() < OPTIONS - 1)
        {
            continue;
        }
        out.push(question);
    }
    out
}

/// Two questions one quiz should not both ask: about the same entry, with the same answer, or
/// worded nearly alike.
fn near_duplicates(a: &Question, b: &Question) -> bool {
    let words = |q: &Question| -> BTreeSet<String> {
        read(&q.prompt).tokens.into_iter().map(|t| t.stem).filter(|w| !crate::matcher::is_stop_word(w)).collect()
    };
    let (wa, wb) = (words(a), words(b));
    let shared = wa.intersection(&wb).count();
    let alike = shared * 3 >= wa.len().min(wb.len()) * 2 && shared > 0;
    a.entry == b.entry || a.short == b.short || alike
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::grade_question;
    use crate::quiz::testing::kb;

    #[test]
    fn a_source_is_named_by_its_number_or_its_author() {
        let kb = kb();
        let q = questions(&kb, None).into_iter().find(|q| q.asks == Asks::Source && q.endnotes == [1]).unwrap();
        assert!(q.prompt.starts_with("Which endnote does the paper cite for this? "), "{}", q.prompt);
        assert!(grade_question(&q, "endnote 1").correct);
        assert!(grade_question(&q, "Ray Huang's book").correct, "{:?}", q.facts);
        assert!(!grade_question(&q, "endnote 11").correct);
        assert!(!grade_question(&q, "Ray").correct);
        assert!(grade_question(&q, "Huang").correct, "the surname will do");
        assert!(grade_question(&q, "Broadening the Horizons of Chinese History").correct, "so will the title");
        assert!(grade_question(&q, "endnote one").correct);
        assert!(!grade_question(&q, "1, 2, 3, 4, 5").correct, "a list of numbers is a hedge");
        let kleinwachter =
            questions(&kb, None).into_iter().find(|q| q.asks == Asks::Source && q.endnotes == [18]).unwrap();
        assert!(grade_question(&kleinwachter, "Kleinwachter").correct, "accents are not needed");
    }

    #[test]
    fn the_knowledge_aliases_name_a_fact_too() {
        let kb = kb();
        let microsoft = crate::quiz::testing::question(&kb, "microsoft-six-norms", Asks::Proposer);
        assert!(grade_question(&microsoft, "the Redmond software giant").correct, "{:?}", microsoft.facts);
    }

    #[test]
    fn every_seed_draws_its_own_varied_quiz() {
        let kb = kb();
        let pool = questions(&kb, None);
        let draws: Vec<Vec<Question>> = (0..40).map(|seed| draw(pool.clone(), 10, seed, None)).collect();
        for (seed, quiz) in draws.iter().enumerate() {
            assert_eq!(quiz.len(), 10);
            assert!(quiz.iter().filter(|q| q.asks == Asks::Source).count() <= 2, "at most a fifth: seed {seed}");
            for (i, a) in quiz.iter().enumerate() {
                assert!(quiz[..i].iter().all(|b| !near_duplicates(a, b)), "seed {seed}: {}", a.prompt);
            }
        }
        for k in 0..20 {
            assert_ne!(draws[2 * k], draws[2 * k + 1], "seeds {} and {} drew the same quiz", 2 * k, 2 * k + 1);
        }
    }

    #[test]
    fn every_question_asked_is_fair() {
        let kb = kb();
        for q in questions(&kb, None) {
            assert_eq!(fair(&q.facts, &q.parts), Ok(()), "{}", q.prompt);
        }
        let who = questions(&kb, None).into_iter().filter(|q| q.parts == [Part::Name]);
        for q in who {
            assert!(q.facts.iter().all(|f| !f.is_number()), "a who question needs no number: {}", q.prompt);
        }
    }

    #[test]
    fn draws_differ_and_repeat_with_the_seed() {
        let kb = kb();
        let a = draw(questions(&kb, None), 5, 42, None);
        assert_eq!(a, draw(questions(&kb, None), 5, 42, None));
        let ids: std::collections::BTreeSet<_> = a.iter().map(|q| (&q.entry, q.asks as u8)).collect();
        assert_eq!(ids.len(), 5);
        assert!(questions(&kb, Some("public-core-norm")).iter().all(|q| q.entry.contains("public-core")
            || kb.entry(&q.entry).unwrap().section.as_deref() == Some("public-core-norm")));
    }
}
