//! The question log and the review queue built from it: each question as it was asked and
//! answered, the questions a moderator should look at, and the usage counts of `/stats`.
//!
//! Everything here reads or writes the `questions` table; votes and quiz scores have their own
//! modules and tables.

use serde::Serialize;

use super::{Store, StoreError};

/// A question as it is logged.
#[derive(Debug, Clone)]
pub struct Asked<'a> {
    pub guild: Option<u64>,
    pub channel: Option<u64>,
    /// Kept only when the operator turned `log_user_ids` on.
    pub user: Option<u64>,
    /// Unix time, seconds.
    pub at: i64,
    pub text: &'a str,
    pub status: &'a str,
    pub score: f32,
    pub entry: Option<&'a str>,
}

/// A logged question that needs a moderator's look.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unanswered {
    pub text: String,
    pub status: String,
    pub asked: u32,
    pub down_votes: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Usage {
    pub questions: u32,
    pub answered: u32,
    pub top_entries: Vec<(String, u32)>,
    pub top_unanswered: Vec<(String, u32)>,
}

impl Usage {
    pub fn answer_rate(&self) -> f64 {
        if self.questions == 0 { 0.0 } else { f64::from(self.answered) / f64::from(self.questions) }
    }
}

impl Store {
    /// Logs a question under a new id; the id.
    pub fn log_question(&self, q: &Asked<'_>) -> Result<i64, StoreError> {
        self.log_question_as(self.reserve_question_id(), q)
    }

    /// An id for a question about to be logged, so that its answer can carry the id (for the
    /// vote buttons) before the question is written. Never handed out twice, by any process
    /// sharing the database.
    pub fn reserve_question_id(&self) -> i64 {
        self.backend.reserve_question_id()
    }

    /// Logs a question under a reserved id; if another process took that id meanwhile (two bots
    /// on one SQLite file), under a new one. The id used.
    pub fn log_question_as(&self, id: i64, q: &Asked<'_>) -> Result<i64, StoreError> {
        self.backend.log_question_as(id, q)
    }

    /// Deletes questions (and their votes) older than `days` days before `now`; how many.
    pub fn purge(&self, now: i64, days: u32) -> Result<usize, StoreError> {
        self.backend.purge(now - i64::from(days) * 86_400)
    }

    /// Questions not answered, or answered and voted down, grouped by text (case aside), most
    /// asked first; dismissed ones left out.
    pub fn needing_review(&self, limit: u32) -> Result<Vec<Unanswered>, StoreError> {
        self.backend.needing_review(limit)
    }

    pub fn question_text(&self, id: i64) -> Result<Option<String>, StoreError> {
        self.backend.question_text(id)
    }

    /// The latest question with this text (case aside).
    pub fn question_id(&self, text: &str) -> Result<Option<i64>, StoreError> {
        self.backend.question_id(text)
    }

    /// Takes every question with this text (case aside) off the review queue; how many.
    pub fn dismiss(&self, text: &str) -> Result<usize, StoreError> {
        self.backend.dismiss(text)
    }

    /// Questions since `since`: how many, how many answered, the top entries and unanswered texts.
    pub fn usage(&self, since: i64) -> Result<Usage, StoreError> {
        self.backend.usage(since)
    }
}
