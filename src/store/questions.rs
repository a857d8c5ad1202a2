//! The question log and the review queue built from it: each question as it was asked and
//! answered, the questions a moderator should look at, and the usage counts of `/stats`.
//!
//! Everything here reads or writes the `questions` table; votes and quiz scores have their own
//! modules and tables.

use std::sync::atomic::Ordering;

use rusqlite::{OptionalExtension, params};
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
    /// Logs a question; returns its id (which vote buttons carry).
    pub fn log_question(&self, q: &Asked<'_>) -> Result<i64, StoreError> {
        self.log_question_as(self.reserve_question_id(), q)
    }

    /// A new question id, without touching the database: the bot answers with it at once and
    /// writes the question later ([`Store::log_question_as`]). Ids are never handed out twice by
    /// one `Store`; one whose write fails is simply never used.
    pub fn reserve_question_id(&self) -> i64 {
        self.last_question.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Logs a question under an id from [`Store::reserve_question_id`]; returns the id it got,
    /// which is another one only if another process wrote a question with that id meanwhile.
    pub fn log_question_as(&self, id: i64, q: &Asked<'_>) -> Result<i64, StoreError> {
        let discord_id = |v: Option<u64>| v.and_then(|v| i64::try_from(v).ok());
        self.with(|c| {
            let insert = |id: Option<i64>| {
                c.execute(
                    "INSERT INTO questions (id, at, guild, channel, user, text, status, score, entry)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![
                        id,
                        q.at,
                        discord_id(q.guild),
                        discord_id(q.channel),
                        discord_id(q.user),
                        q.text,
                        q.status,
                        f64::from(q.score),
                        q.entry
                    ],
                )
            };
            match insert(Some(id)) {
                Ok(_) => Ok(id),
                Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation => {
                    insert(None)?;
                    let id = c.last_insert_rowid();
                    self.last_question.fetch_max(id, Ordering::Relaxed);
                    Ok(id)
                }
                Err(error) => Err(error),
            }
        })
    }

    /// Removes questions (and their votes) older than `days` days before `now`.
    pub fn purge(&self, now: i64, days: u32) -> Result<usize, StoreError> {
        let cutoff = now - i64::from(days) * 86_400;
        self.with(|c| {
            c.execute("DELETE FROM votes WHERE question IN (SELECT id FROM questions WHERE at < ?1)", [cutoff])?;
            c.execute("DELETE FROM questions WHERE at < ?1", [cutoff])
        })
    }

    /// Unanswered and down-voted questions, most asked first (the review queue, ungrouped).
    pub fn needing_review(&self, limit: u32) -> Result<Vec<Unanswered>, StoreError> {
        self.with(|c| {
            let mut statement = c.prepare(
                "SELECT q.text, q.status, COUNT(DISTINCT q.id),
                        COALESCE(SUM(CASE WHEN v.up = 0 THEN 1 ELSE 0 END), 0)
                 FROM questions q LEFT JOIN votes v ON v.question = q.id
                 WHERE q.dismissed = 0
                 GROUP BY lower(q.text), q.status
                 HAVING q.status != 'answered' OR SUM(CASE WHEN v.up = 0 THEN 1 ELSE 0 END) > 0
                 ORDER BY 3 DESC, 4 DESC, q.text LIMIT ?1",
            )?;
            let rows = statement.query_map([limit], |r| {
                Ok(Unanswered { text: r.get(0)?, status: r.get(1)?, asked: r.get(2)?, down_votes: r.get(3)? })
            })?;
            rows.collect()
        })
    }

    /// The text of a logged question.
    pub fn question_text(&self, id: i64) -> Result<Option<String>, StoreError> {
        self.with(|c| c.query_row("SELECT text FROM questions WHERE id = ?1", [id], |r| r.get(0)).optional())
    }

    /// The id of a logged question with this text (the latest).
    pub fn question_id(&self, text: &str) -> Result<Option<i64>, StoreError> {
        self.with(|c| c.query_row("SELECT MAX(id) FROM questions WHERE lower(text) = lower(?1)", [text], |r| r.get(0)))
    }

    /// Marks every logged question with this text as dealt with; returns how many were not yet.
    pub fn dismiss(&self, text: &str) -> Result<usize, StoreError> {
        self.with(|c| {
            c.execute("UPDATE questions SET dismissed = 1 WHERE lower(text) = lower(?1) AND dismissed = 0", [text])
        })
    }

    /// Questions since `since` (unix seconds): counts, top entries, top unanswered.
    pub fn usage(&self, since: i64) -> Result<Usage, StoreError> {
        self.with(|c| {
            let (questions, answered) = c.query_row(
                "SELECT COUNT(*), COALESCE(SUM(status = 'answered'), 0) FROM questions WHERE at >= ?1",
                [since],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let top = |sql: &str| -> rusqlite::Result<Vec<(String, u32)>> {
                let mut statement = c.prepare(sql)?;
                let rows = statement.query_map([since], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect()
            };
            Ok(Usage {
                questions,
                answered,
                top_entries: top("SELECT entry, COUNT(*) FROM questions WHERE at >= ?1 AND entry IS NOT NULL
                     GROUP BY entry ORDER BY 2 DESC, 1 LIMIT 5")?,
                top_unanswered: top("SELECT text, COUNT(*) FROM questions WHERE at >= ?1 AND status != 'answered'
                     GROUP BY lower(text) ORDER BY 2 DESC, 1 LIMIT 5")?,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::asked;
    use super::*;

    #[test]
    fn questions_votes_review_and_usage() {
        let store = Store::in_memory().unwrap();
        store.log_question(&asked("what is gdpr", "no_match", 100)).unwrap();
        store.log_question(&asked("What is GDPR", "no_match", 110)).unwrap();
        let answered = store
            .log_question(&Asked { entry: Some("public-core-norm"), ..asked("public core", "answered", 120) })
            .unwrap();
        assert!(store.vote(answered, 7, true, 130).unwrap());
        assert!(store.vote(answered, 7, false, 131).unwrap(), "a second vote replaces the first");
        assert!(store.vote(answered, 8, false, 132).unwrap());
        assert!(!store.vote(999, 8, false, 132).unwrap());
        assert_eq!(store.votes(answered).unwrap(), (0, 2));
        let queue = store.needing_review(10).unwrap();
        assert_eq!(queue[0].asked, 2, "{queue:?}");
        assert!(queue.iter().any(|u| u.text == "public core" && u.down_votes == 2));
        let usage = store.usage(0).unwrap();
        assert_eq!((usage.questions, usage.answered), (3, 1));
        assert_eq!(usage.top_entries, [("public-core-norm".to_owned(), 1)]);
        assert_eq!(store.dismiss("WHAT IS GDPR").unwrap(), 2);
        assert_eq!(store.dismiss("what is gdpr").unwrap(), 0, "already dismissed");
        assert!(store.needing_review(10).unwrap().iter().all(|u| u.text != "what is gdpr"));
        assert_eq!(store.purge(200, 0).unwrap(), 3);
    }

    #[test]
    fn a_reserved_question_id_is_the_one_written_and_never_handed_out_twice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        let store = Store::open(&path).unwrap();
        assert_eq!(store.log_question(&asked("first", "no_match", 1)).unwrap(), 1);
        let (a, b) = (store.reserve_question_id(), store.reserve_question_id());
        assert_eq!((a, b), (2, 3));
        assert_eq!(store.log_question_as(b, &asked("third", "no_match", 3)).unwrap(), 3, "written out of order");
        assert_eq!(store.log_question_as(a, &asked("second", "no_match", 2)).unwrap(), 2);
        assert_eq!(store.question_text(2).unwrap().as_deref(), Some("second"));
        // Another process writes the next id first: the question is kept under a new one.
        let other = Store::open(&path).unwrap();
        assert_eq!(other.reserve_question_id(), 4, "a new open starts after the last question");
        let taken = store.reserve_question_id();
        other.log_question_as(taken, &asked("theirs", "no_match", 4)).unwrap();
        let moved = store.log_question_as(taken, &asked("mine", "no_match", 4)).unwrap();
        assert_eq!((taken, moved), (4, 5));
        assert_eq!(store.question_text(5).unwrap().as_deref(), Some("mine"));
        assert_eq!(store.reserve_question_id(), 6);
    }
}
