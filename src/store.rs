//! What the bot remembers between runs: the questions asked (for the review queue and the
//! statistics), the students' votes on answers, and the moderators' actions (an audit log).
//!
//! SQLite, one file, created and migrated on open. By default no user identity is kept with a
//! question; votes keep only a hash of the voter, to allow one vote per student per answer.
//! The bot never stops answering because of this store: its callers log a failure and go on.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the state database {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("state database: {0}")]
    Sql(#[from] rusqlite::Error),
}

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

const SCHEMA: &[&str] = &[
    // version 1
    "CREATE TABLE questions (
        id INTEGER PRIMARY KEY, at INTEGER NOT NULL, guild INTEGER, channel INTEGER, user INTEGER,
        text TEXT NOT NULL, status TEXT NOT NULL, score REAL NOT NULL, entry TEXT, dismissed INTEGER NOT NULL DEFAULT 0);
     CREATE INDEX questions_at ON questions(at);
     CREATE TABLE votes (question INTEGER NOT NULL, voter INTEGER NOT NULL, up INTEGER NOT NULL, at INTEGER NOT NULL,
        PRIMARY KEY (question, voter));
     CREATE TABLE audit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, moderator INTEGER NOT NULL, action TEXT NOT NULL,
        before TEXT, after TEXT);",
    // version 2: study mode. A quiz score is the one place a user id is kept: a leaderboard
    // needs it, and only students who play have one.
    "CREATE TABLE quiz_scores (guild INTEGER NOT NULL, user INTEGER NOT NULL, right INTEGER NOT NULL,
        answered INTEGER NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (guild, user));",
];

/// A student's standing in a server's quizzes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Standing {
    pub user: u64,
    pub right: u32,
    pub answered: u32,
}

/// The state database.
#[derive(Debug)]
pub struct Store {
    connection: Mutex<Connection>,
    /// The file, to notice when it is deleted under the running bot (None: in memory).
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (creating and migrating) the database at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let connection = Store::connect(path)?;
        Ok(Store { connection: Mutex::new(connection), path: Some(path.to_path_buf()) })
    }

    fn connect(path: &Path) -> Result<Connection, StoreError> {
        let error = |source| StoreError::Open { path: path.to_path_buf(), source };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(dir);
        }
        let connection = Connection::open(path).map_err(error)?;
        connection.busy_timeout(std::time::Duration::from_millis(500)).map_err(error)?;
        connection.pragma_update(None, "journal_mode", "WAL").map_err(error)?;
        connection.pragma_update(None, "synchronous", "NORMAL").map_err(error)?;
        Store::migrate(&connection).map_err(error)?;
        Ok(connection)
    }

    /// A database in memory (for tests and for running without a state file).
    pub fn in_memory() -> Result<Store, StoreError> {
        let connection = Connection::open_in_memory()?;
        Store::migrate(&connection)?;
        Ok(Store { connection: Mutex::new(connection), path: None })
    }

    fn migrate(connection: &Connection) -> Result<(), rusqlite::Error> {
        let version: i64 = connection.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (i, step) in SCHEMA.iter().enumerate().skip(usize::try_from(version).unwrap_or(0)) {
            connection.execute_batch(&format!("BEGIN; {step} PRAGMA user_version = {}; COMMIT;", i + 1))?;
        }
        Ok(())
    }

    fn with<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T, StoreError> {
        let mut connection = self.connection.lock().unwrap_or_else(|e| e.into_inner());
        // A file deleted under the running bot would swallow every write until a restart (the
        // open connection keeps the deleted file): start a new one instead.
        if let Some(path) = &self.path
            && !path.exists()
        {
            *connection = Store::connect(path)?;
            tracing::warn!(path = %path.display(), "the state database was deleted; started a new one");
        }
        Ok(f(&connection)?)
    }

    /// Logs a question; returns its id (which vote buttons carry).
    pub fn log_question(&self, q: &Asked<'_>) -> Result<i64, StoreError> {
        let id = |v: Option<u64>| v.and_then(|v| i64::try_from(v).ok());
        self.with(|c| {
            c.execute(
                "INSERT INTO questions (at, guild, channel, user, text, status, score, entry) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![q.at, id(q.guild), id(q.channel), id(q.user), q.text, q.status, f64::from(q.score), q.entry],
            )?;
            Ok(c.last_insert_rowid())
        })
    }

    /// Records a vote; a student's second vote on the same answer replaces the first.
    /// Returns false when the question is unknown.
    pub fn vote(&self, question: i64, voter: u64, up: bool, at: i64) -> Result<bool, StoreError> {
        let voter = voter_hash(voter);
        self.with(|c| {
            let known: Option<i64> =
                c.query_row("SELECT id FROM questions WHERE id = ?1", [question], |r| r.get(0)).optional()?;
            if known.is_none() {
                return Ok(false);
            }
            c.execute(
                "INSERT INTO votes (question, voter, up, at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (question, voter) DO UPDATE SET up = excluded.up, at = excluded.at",
                params![question, voter, up, at],
            )?;
            Ok(true)
        })
    }

    /// (up, down) votes on a logged answer.
    pub fn votes(&self, question: i64) -> Result<(u32, u32), StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT COALESCE(SUM(up), 0), COALESCE(SUM(1 - up), 0) FROM votes WHERE question = ?1",
                [question],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
        })
    }

    pub fn audit(&self, at: i64, moderator: u64, action: &str, before: &str, after: &str) -> Result<(), StoreError> {
        let moderator = i64::try_from(moderator).unwrap_or(i64::MAX);
        self.with(|c| {
            c.execute(
                "INSERT INTO audit (at, moderator, action, before, after) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![at, moderator, action, before, after],
            )
            .map(|_| ())
        })
    }

    /// Adds a quiz round's answers to the server's scores.
    pub fn record_quiz(&self, guild: u64, answers: &[(u64, bool)], at: i64) -> Result<(), StoreError> {
        let guild = i64::try_from(guild).unwrap_or(i64::MAX);
        self.with(|c| {
            let tx = c.unchecked_transaction()?;
            for &(user, right) in answers {
                tx.execute(
                    "INSERT INTO quiz_scores (guild, user, right, answered, at) VALUES (?1, ?2, ?3, 1, ?4)
                     ON CONFLICT (guild, user) DO UPDATE SET right = right + excluded.right,
                        answered = answered + 1, at = excluded.at",
                    params![guild, i64::try_from(user).unwrap_or(i64::MAX), i64::from(right), at],
                )?;
            }
            tx.commit()
        })
    }

    /// The server's best quiz players: most right answers first, then fewest tries.
    pub fn leaderboard(&self, guild: u64, limit: u32) -> Result<Vec<Standing>, StoreError> {
        let guild = i64::try_from(guild).unwrap_or(i64::MAX);
        self.with(|c| {
            let mut statement = c.prepare(
                "SELECT user, right, answered FROM quiz_scores WHERE guild = ?1
                 ORDER BY right DESC, answered ASC, user ASC LIMIT ?2",
            )?;
            let rows = statement.query_map(params![guild, limit], |r| {
                Ok(Standing { user: r.get::<_, i64>(0)? as u64, right: r.get(1)?, answered: r.get(2)? })
            })?;
            rows.collect()
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

    /// Marks every logged question with this text as dealt with.
    pub fn dismiss(&self, text: &str) -> Result<usize, StoreError> {
        self.with(|c| c.execute("UPDATE questions SET dismissed = 1 WHERE lower(text) = lower(?1)", [text]))
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

fn voter_hash(voter: u64) -> i64 {
    let mut hasher = DefaultHasher::new();
    ("normbot-voter", voter).hash(&mut hasher);
    hasher.finish() as i64
}

/// Now, in unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked<'a>(text: &'a str, status: &'a str, at: i64) -> Asked<'a> {
        Asked { guild: Some(1), channel: Some(2), user: None, at, text, status, score: 0.2, entry: None }
    }

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
        assert!(store.needing_review(10).unwrap().iter().all(|u| u.text != "what is gdpr"));
        assert_eq!(store.purge(200, 0).unwrap(), 3);
    }

    #[test]
    fn quiz_scores_add_up_per_server() {
        let store = Store::in_memory().unwrap();
        store.record_quiz(1, &[(10, true), (11, false)], 5).unwrap();
        store.record_quiz(1, &[(10, false), (11, true), (12, true)], 6).unwrap();
        store.record_quiz(2, &[(13, true)], 7).unwrap();
        let board = store.leaderboard(1, 10).unwrap();
        let standing = |user, right, answered| Standing { user, right, answered };
        assert_eq!(board, [standing(12, 1, 1), standing(10, 1, 2), standing(11, 1, 2)]);
        assert_eq!(store.leaderboard(2, 10).unwrap(), [standing(13, 1, 1)]);
        assert!(store.leaderboard(3, 10).unwrap().is_empty());
    }

    #[test]
    fn a_version_1_database_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite");
        let old = Connection::open(&path).unwrap();
        old.execute_batch(&format!("BEGIN; {} PRAGMA user_version = 1; COMMIT;", SCHEMA[0])).unwrap();
        drop(old);
        let store = Store::open(&path).unwrap();
        store.record_quiz(1, &[(10, true)], 5).unwrap();
        assert_eq!(store.leaderboard(1, 1).unwrap().len(), 1);
    }

    #[test]
    fn a_file_that_is_not_a_database_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        std::fs::write(&path, "this is not a database, just text that is long enough to have a header").unwrap();
        let error = Store::open(&path).unwrap_err();
        assert!(error.to_string().contains("state.sqlite"), "{error}");
    }

    #[test]
    fn a_deleted_database_file_is_recreated_and_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        let store = Store::open(&path).unwrap();
        store.log_question(&asked("before", "no_match", 1)).unwrap();
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        store.log_question(&asked("after", "no_match", 2)).unwrap();
        assert!(path.exists());
        assert_eq!(Store::open(&path).unwrap().usage(0).unwrap().questions, 1, "the new file holds the new question");
    }

    #[test]
    fn reopening_keeps_the_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        Store::open(&path).unwrap().log_question(&asked("x", "no_match", 1)).unwrap();
        assert_eq!(Store::open(&path).unwrap().usage(0).unwrap().questions, 1);
    }
}
