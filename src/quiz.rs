//! Study mode: quiz questions drawn from the knowledge, typed answers graded on their key
//! facts, multiple-choice options, and the state of a quiz game, all without I/O (the CLI and
//! the Discord adapter drive the clock and the messages).
//!
//! A question asks for parts (a name, a date, a number, an endnote, an explanation; see
//! `asked`), and its key facts answer every part and nothing else: the ones moderators wrote
//! (`key_facts`), or else the names, dates or numbers of the model answer's first sentence.
//! A typed answer is read as a teacher reads it (`reading`) and graded right, partly right or
//! wrong (`grading`); multiple-choice options vary only the fact asked (`choices`).

mod asked;
mod choices;
pub mod eval;
mod facts;
mod game;
mod grading;
mod questions;
mod reading;

pub use asked::{Part, parts};
pub use choices::{Choices, OPTIONS, choices, multiple_choice, wrong_options};
pub use facts::{Fact, FactKind, Form, MAX_FOUND_FACTS, fair, first_sentence, key_facts, unanswered, unasked};
pub use game::{Answered, Game, Reveal, Score, Submitted};
pub use grading::{Grade, Verdict, grade_question};
pub use questions::{Asks, Question, draw, questions};

/// What the tests of every part of the quiz share: the knowledge, its matcher, and one question.
#[cfg(test)]
mod testing {
    use std::path::Path;

    use super::{Asks, Question, questions};
    use crate::KnowledgeBase;
    use crate::matcher::Matcher;

    pub fn kb() -> KnowledgeBase {
        KnowledgeBase::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")).unwrap()
    }

    pub fn matcher() -> Matcher {
        Matcher::new(std::sync::Arc::new(kb()), crate::matcher::Thresholds::default())
    }

    pub fn question(kb: &KnowledgeBase, entry: &str, asks: Asks) -> Question {
        questions(kb, None).into_iter().find(|q| q.entry == entry && q.asks == asks).unwrap()
    }
}
