//! The questions the knowledge offers: a Q&A entry's own question, who put a norm or initiative
//! forward and when, and which endnote the paper cites for what; and the draw of a game's
//! questions from them.

use serde::Serialize;

use super::facts::{Fact, MAX_FOUND_FACTS, NOT_NAMES, first_sentence, key_facts, without_parentheses};
use crate::knowledge::KnowledgeBase;
use crate::text;

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
}
