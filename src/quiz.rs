//! Study mode: quiz questions drawn from the knowledge, typed answers graded on their key
//! facts, multiple-choice options, and the state of a quiz game, all without I/O (the CLI and
//! the Discord adapter drive the clock and the messages).
//!
//! A typed answer is judged on the question's key facts: the ones moderators wrote
//! (`key_facts`), or else the numbers and names of the model answer's first sentence (the
//! sentence that answers). Numbers must be exact and names present (typos forgiven); the
//! wording may differ.

mod choices;
mod facts;
mod game;
mod grading;
mod questions;

pub use choices::{Choices, OPTIONS, choices};
pub use facts::{Fact, MAX_FOUND_FACTS, first_sentence, key_facts};
pub use game::{Answered, Game, Reveal, Score, Submitted};
pub use grading::{Grade, grade_question};
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
