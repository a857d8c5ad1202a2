//! What the bot remembers between runs: the questions asked (for the review queue and the
//! statistics), the students' votes on answers, and the moderators' actions (an audit log).
//!
//! SQLite, one file, created and migrated on open. By default no user identity is kept with a
//! question; votes keep only a keyed hash of the voter, to allow one vote per student per answer
//! (see [`votes::voter_hash`]: HMAC-SHA256 under a secret made once per installation and kept here).
//! The bot never stops answering because of this store: its callers log a failure and go on.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::AtomicI64;

use rusqlite::{Connection, params};
use serde::Serialize;

mod questions;
mod votes;

pub use questions::{Asked, Unanswered, Usage};

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
    #[error("the operating system gave no random bytes for the voters' secret")]
    Random,
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
    // version 3: this installation's secrets, made once (the voters' hash key: `voter_secret`).
    // Votes recorded before it keep their old hash (std's DefaultHasher) and stay counted.
    "CREATE TABLE secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL);",
];

/// The name of the voters' hash key in the `secrets` table.
const VOTER_SECRET: &str = "voter_secret";

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
    /// The last question id handed out ([`Store::reserve_question_id`]), so that an answer can
    /// carry its question's id before the question is written.
    last_question: AtomicI64,
}

impl Store {
    /// Opens (creating and migrating) the database at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let connection = Store::connect(path)?;
        let last = Store::last_question(&connection)?;
        Ok(Store { connection: Mutex::new(connection), path: Some(path.to_path_buf()), last_question: last.into() })
    }

    fn last_question(connection: &Connection) -> rusqlite::Result<i64> {
        connection.query_row("SELECT COALESCE(MAX(id), 0) FROM questions", [], |r| r.get(0))
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
        Store::make_secret(&connection)?;
        Ok(connection)
    }

    /// A database in memory (for tests and for running without a state file).
    pub fn in_memory() -> Result<Store, StoreError> {
        let connection = Connection::open_in_memory()?;
        Store::migrate(&connection)?;
        Store::make_secret(&connection)?;
        let last = Store::last_question(&connection)?;
        Ok(Store { connection: Mutex::new(connection), path: None, last_question: last.into() })
    }

    fn migrate(connection: &Connection) -> Result<(), rusqlite::Error> {
        let version: i64 = connection.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (i, step) in SCHEMA.iter().enumerate().skip(usize::try_from(version).unwrap_or(0)) {
            connection.execute_batch(&format!("BEGIN; {step} PRAGMA user_version = {}; COMMIT;", i + 1))?;
        }
        Ok(())
    }

    /// Makes the voters' secret (32 random bytes from the operating system) if the database has
    /// none yet. Two processes opening a new database at once keep the first one written.
    fn make_secret(connection: &Connection) -> Result<(), StoreError> {
        let exists = |c: &Connection| -> rusqlite::Result<bool> {
            c.query_row("SELECT COUNT(*) FROM secrets WHERE name = ?1", [VOTER_SECRET], |r| r.get::<_, i64>(0))
                .map(|n| n > 0)
        };
        if exists(connection)? {
            return Ok(());
        }
        let mut secret = [0u8; 32];
        ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut secret)
            .map_err(|_| StoreError::Random)?;
        connection.execute(
            "INSERT OR IGNORE INTO secrets (name, value) VALUES (?1, ?2)",
            params![VOTER_SECRET, &secret[..]],
        )?;
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

    /// Whether the database answers (`/healthz`).
    pub fn ping(&self) -> Result<(), StoreError> {
        self.with(|c| c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0)).map(|_| ()))
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
}

/// Now, in unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn asked<'a>(text: &'a str, status: &'a str, at: i64) -> Asked<'a> {
        Asked { guild: Some(1), channel: Some(2), user: None, at, text, status, score: 0.2, entry: None }
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
