//! What the bot remembers between runs: the questions asked (for the review queue and the
//! statistics), the students' votes on answers, and the moderators' actions (an audit log).
//!
//! SQLite, one file, created and migrated on open. By default no user identity is kept with a
//! question; votes keep only a keyed hash of the voter, to allow one vote per student per answer
//! (see [`voter_hash`]: HMAC-SHA256 under a secret made once per installation and kept here).
//! The bot never stops answering because of this store: its callers log a failure and go on.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};

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
    #[error("the operating system gave no random bytes for the voters' secret")]
    Random,
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

    /// Records a vote; a student's second vote on the same answer replaces the first.
    /// Returns false when the question is unknown.
    pub fn vote(&self, question: i64, voter: u64, up: bool, at: i64) -> Result<bool, StoreError> {
        self.with(|c| {
            let secret: Vec<u8> =
                c.query_row("SELECT value FROM secrets WHERE name = ?1", [VOTER_SECRET], |r| r.get(0))?;
            let voter = voter_hash(&secret, voter);
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

/// How a voter is kept in the `votes` table: HMAC-SHA256 (RFC 2104) keyed with the installation's
/// secret, of the Discord user id as 8 big-endian bytes, cut to its first 8 bytes read as a
/// big-endian signed integer. A fixed, documented algorithm, so the same student gets the same hash
/// whatever toolchain built the bot; without the secret the hashes cannot be traced back to user ids
/// by trying them all.
fn voter_hash(secret: &[u8], voter: u64) -> i64 {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret);
    let tag = ring::hmac::sign(&key, &voter.to_be_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&tag.as_ref()[..8]);
    i64::from_be_bytes(first)
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

    /// HMAC-SHA256 of 42 (8 big-endian bytes) under the key 0, 1, …, 31: its first 8 bytes.
    const KNOWN_HASH: i64 = -8_522_728_614_476_712_103;

    fn read_secret(path: &Path) -> Vec<u8> {
        let c = Connection::open(path).unwrap();
        c.query_row("SELECT value FROM secrets WHERE name = ?1", [VOTER_SECRET], |r| r.get(0)).unwrap()
    }

    fn voters(path: &Path, question: i64) -> Vec<i64> {
        let c = Connection::open(path).unwrap();
        let mut statement = c.prepare("SELECT voter FROM votes WHERE question = ?1 ORDER BY voter").unwrap();
        statement.query_map([question], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    }

    #[test]
    fn the_voter_hash_is_a_fixed_keyed_algorithm() {
        // HMAC-SHA256 as any implementation computes it (e.g. Python's
        // hmac.new(bytes(range(32)), (42).to_bytes(8, "big"), "sha256")), first 8 bytes.
        let secret: Vec<u8> = (0..32).collect();
        assert_eq!(voter_hash(&secret, 42), KNOWN_HASH);
        assert_ne!(voter_hash(&secret, 43), voter_hash(&secret, 42), "another voter, another hash");
        assert_ne!(voter_hash(&[7; 32], 42), voter_hash(&secret, 42), "another secret, another hash");
    }

    #[test]
    fn a_voter_hashes_the_same_across_opens_and_differently_in_another_installation() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        let store = Store::open(&path).unwrap();
        let question = store.log_question(&asked("x", "answered", 1)).unwrap();
        assert!(store.vote(question, 7, true, 2).unwrap());
        let first = voters(&path, question);
        let secret = read_secret(&path);
        assert_eq!(secret.len(), 32);
        drop(store);

        let store = Store::open(&path).unwrap();
        assert!(store.vote(question, 7, false, 3).unwrap());
        assert_eq!(read_secret(&path), secret, "the secret is made once");
        assert_eq!(voters(&path, question), first, "the same voter, the same hash: the vote was replaced");
        assert_eq!(store.votes(question).unwrap(), (0, 1));
        assert_eq!(first, [voter_hash(&secret, 7)]);

        let other = dir.path().join("other.sqlite");
        let store = Store::open(&other).unwrap();
        let question = store.log_question(&asked("x", "answered", 1)).unwrap();
        assert!(store.vote(question, 7, true, 2).unwrap());
        assert_ne!(read_secret(&other), secret, "each installation has its own secret");
        assert_ne!(voters(&other, question), first, "and so another hash for the same voter");
    }

    #[test]
    fn votes_under_the_old_hash_stay_counted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        let old = Connection::open(&path).unwrap();
        old.execute_batch(&format!("BEGIN; {} {} PRAGMA user_version = 2; COMMIT;", SCHEMA[0], SCHEMA[1])).unwrap();
        old.execute("INSERT INTO questions (at, text, status, score) VALUES (1, 'x', 'answered', 0.9)", []).unwrap();
        old.execute("INSERT INTO votes (question, voter, up, at) VALUES (1, -5, 0, 1)", []).unwrap();
        drop(old);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.votes(1).unwrap(), (0, 1), "the old vote is still counted");
        assert!(store.vote(1, 7, true, 2).unwrap());
        assert_eq!(store.votes(1).unwrap(), (1, 1), "a vote under the new hash is another row");
    }
}
