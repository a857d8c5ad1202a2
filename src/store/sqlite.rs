//! The embedded default: the state in one SQLite file, created and migrated on open, used by one
//! process (a second one on the same file is tolerated: ids that collide are moved).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};

use rusqlite::{Connection, OptionalExtension, params};

use super::quizzes::QUIZ_COLUMNS;
use super::{Asked, Backend, LoggedEdit, QuizRow, Standing, StoreError, Unanswered, Usage, VOTER_SECRET, discord_id};

pub(super) const SCHEMA: &[&str] = &[
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
    // version 4: when each student last asked, for the cooldown (milliseconds; kept a day).
    "CREATE TABLE cooldowns (user INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL);",
    // version 5: the knowledge edits made from Discord, for replicas and `normbot edits`.
    "CREATE TABLE knowledge_edits (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, moderator INTEGER NOT NULL,
        edit TEXT NOT NULL);",
    // version 6: the quizzes running now, so that they survive a restart (`super::quizzes`).
    "CREATE TABLE quizzes (channel INTEGER PRIMARY KEY, quiz INTEGER NOT NULL, guild INTEGER,
        starter INTEGER NOT NULL, state TEXT NOT NULL, deadline_ms INTEGER NOT NULL,
        stopping INTEGER NOT NULL DEFAULT 0, lease_ms INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL DEFAULT 0);",
];

/// Adds a round's answers to a server's quiz scores.
fn add_scores(c: &Connection, guild: i64, answers: &[(i64, bool)], at: i64) -> rusqlite::Result<()> {
    for &(user, right) in answers {
        c.execute(
            "INSERT INTO quiz_scores (guild, user, right, answered, at) VALUES (?1, ?2, ?3, 1, ?4)
             ON CONFLICT (guild, user) DO UPDATE SET right = right + excluded.right,
                answered = answered + 1, at = excluded.at",
            params![guild, user, i64::from(right), at],
        )?;
    }
    Ok(())
}

fn quiz_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<QuizRow> {
    Ok(QuizRow {
        channel: r.get::<_, i64>(0)? as u64,
        quiz: r.get::<_, i64>(1)? as u64,
        guild: r.get::<_, Option<i64>>(2)?.map(|g| g as u64),
        starter: r.get::<_, i64>(3)? as u64,
        state: r.get(4)?,
        deadline_ms: r.get(5)?,
        stopping: r.get(6)?,
        version: r.get(7)?,
    })
}

#[derive(Debug)]
pub(super) struct Sqlite {
    connection: Mutex<Connection>,
    /// The file, to notice when it is deleted under the running bot (None: in memory).
    path: Option<PathBuf>,
    /// The last question id handed out, so that an answer can carry its question's id before
    /// the question is written.
    last_question: AtomicI64,
}

impl Sqlite {
    pub(super) fn open(path: &Path) -> Result<Sqlite, StoreError> {
        let connection = Sqlite::connect(path)?;
        let last = Sqlite::last_question(&connection)?;
        Ok(Sqlite { connection: Mutex::new(connection), path: Some(path.to_path_buf()), last_question: last.into() })
    }

    pub(super) fn in_memory() -> Result<Sqlite, StoreError> {
        let connection = Connection::open_in_memory()?;
        Sqlite::migrate(&connection)?;
        Sqlite::make_secret(&connection)?;
        let last = Sqlite::last_question(&connection)?;
        Ok(Sqlite { connection: Mutex::new(connection), path: None, last_question: last.into() })
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
        Sqlite::migrate(&connection).map_err(error)?;
        Sqlite::make_secret(&connection)?;
        Ok(connection)
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
        let secret = super::votes::new_secret()?;
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
            *connection = Sqlite::connect(path)?;
            tracing::warn!(path = %path.display(), "the state database was deleted; started a new one");
        }
        Ok(f(&connection)?)
    }
}

impl Backend for Sqlite {
    fn ping(&self) -> Result<(), StoreError> {
        self.with(|c| c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0)).map(|_| ()))
    }

    fn reserve_question_id(&self) -> i64 {
        self.last_question.fetch_add(1, Ordering::Relaxed) + 1
    }

    fn log_question_as(&self, id: i64, q: &Asked<'_>) -> Result<i64, StoreError> {
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

    fn purge(&self, cutoff: i64) -> Result<usize, StoreError> {
        self.with(|c| {
            c.execute("DELETE FROM votes WHERE question IN (SELECT id FROM questions WHERE at < ?1)", [cutoff])?;
            c.execute("DELETE FROM cooldowns WHERE at_ms < ?1", [cutoff.saturating_mul(1000)])?;
            c.execute("DELETE FROM questions WHERE at < ?1", [cutoff])
        })
    }

    fn needing_review(&self, limit: u32) -> Result<Vec<Unanswered>, StoreError> {
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

    fn question_text(&self, id: i64) -> Result<Option<String>, StoreError> {
        self.with(|c| c.query_row("SELECT text FROM questions WHERE id = ?1", [id], |r| r.get(0)).optional())
    }

    fn question_id(&self, text: &str) -> Result<Option<i64>, StoreError> {
        self.with(|c| c.query_row("SELECT MAX(id) FROM questions WHERE lower(text) = lower(?1)", [text], |r| r.get(0)))
    }

    fn dismiss(&self, text: &str) -> Result<usize, StoreError> {
        self.with(|c| {
            c.execute("UPDATE questions SET dismissed = 1 WHERE lower(text) = lower(?1) AND dismissed = 0", [text])
        })
    }

    fn usage(&self, since: i64) -> Result<Usage, StoreError> {
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

    fn voter_secret(&self) -> Result<Vec<u8>, StoreError> {
        self.with(|c| c.query_row("SELECT value FROM secrets WHERE name = ?1", [VOTER_SECRET], |r| r.get(0)))
    }

    fn vote(&self, question: i64, voter: i64, up: bool, at: i64) -> Result<bool, StoreError> {
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

    fn votes(&self, question: i64) -> Result<(u32, u32), StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT COALESCE(SUM(up), 0), COALESCE(SUM(1 - up), 0) FROM votes WHERE question = ?1",
                [question],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
        })
    }

    fn audit(&self, at: i64, moderator: i64, action: &str, before: &str, after: &str) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "INSERT INTO audit (at, moderator, action, before, after) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![at, moderator, action, before, after],
            )
            .map(|_| ())
        })
    }

    fn record_quiz(&self, guild: i64, answers: &[(i64, bool)], at: i64) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.unchecked_transaction()?;
            add_scores(&tx, guild, answers, at)?;
            tx.commit()
        })
    }

    fn leaderboard(&self, guild: i64, limit: u32) -> Result<Vec<Standing>, StoreError> {
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

    fn cooldown(&self, user: i64, now_ms: i64, period_ms: i64) -> Result<Option<i64>, StoreError> {
        self.with(|c| {
            let started = c
                .query_row(
                    "INSERT INTO cooldowns (user, at_ms) VALUES (?1, ?2)
                     ON CONFLICT (user) DO UPDATE SET at_ms = excluded.at_ms WHERE cooldowns.at_ms <= ?2 - ?3
                     RETURNING at_ms",
                    params![user, now_ms, period_ms],
                    |r| r.get::<_, i64>(0),
                )
                .optional()?;
            if started.is_some() {
                return Ok(None);
            }
            let at: i64 = c.query_row("SELECT at_ms FROM cooldowns WHERE user = ?1", [user], |r| r.get(0))?;
            Ok(Some(at + period_ms - now_ms))
        })
    }

    fn record_edit(&self, at: i64, moderator: i64, edit: &str) -> Result<i64, StoreError> {
        self.with(|c| {
            c.execute(
                "INSERT INTO knowledge_edits (at, moderator, edit) VALUES (?1, ?2, ?3)",
                params![at, moderator, edit],
            )?;
            Ok(c.last_insert_rowid())
        })
    }

    fn edits_after(&self, id: i64, limit: u32) -> Result<Vec<LoggedEdit>, StoreError> {
        self.with(|c| {
            let mut statement =
                c.prepare("SELECT id, at, moderator, edit FROM knowledge_edits WHERE id > ?1 ORDER BY id LIMIT ?2")?;
            let rows = statement.query_map(params![id, limit], |r| {
                Ok(LoggedEdit { id: r.get(0)?, at: r.get(1)?, moderator: r.get::<_, i64>(2)? as u64, edit: r.get(3)? })
            })?;
            rows.collect()
        })
    }
    fn quiz_start(&self, row: &QuizRow) -> Result<bool, StoreError> {
        self.with(|c| {
            let inserted = c.execute(
                "INSERT INTO quizzes (channel, quiz, guild, starter, state, deadline_ms, stopping)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (channel) DO NOTHING",
                params![
                    discord_id(row.channel),
                    discord_id(row.quiz),
                    row.guild.map(discord_id),
                    discord_id(row.starter),
                    row.state,
                    row.deadline_ms,
                    row.stopping
                ],
            )?;
            Ok(inserted == 1)
        })
    }

    fn quiz_update(
        &self,
        channel: i64,
        now_ms: i64,
        change: &mut dyn FnMut(&mut QuizRow) -> bool,
    ) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.unchecked_transaction()?;
            let row = tx
                .query_row(
                    &format!(
                        "SELECT {QUIZ_COLUMNS} FROM quizzes WHERE channel = ?1 AND deadline_ms > ?2 AND lease_ms <= ?2"
                    ),
                    params![channel, now_ms],
                    quiz_row,
                )
                .optional()?;
            let Some(mut row) = row else { return Ok(()) };
            if change(&mut row) {
                tx.execute(
                    "UPDATE quizzes SET state = ?2, deadline_ms = ?3, stopping = ?4, version = version + 1
                     WHERE channel = ?1",
                    params![channel, row.state, row.deadline_ms, row.stopping],
                )?;
            }
            tx.commit()
        })
    }

    fn quiz(&self, channel: i64) -> Result<Option<QuizRow>, StoreError> {
        self.with(|c| {
            c.query_row(&format!("SELECT {QUIZ_COLUMNS} FROM quizzes WHERE channel = ?1"), [channel], quiz_row)
                .optional()
        })
    }

    fn quiz_claim(&self, now_ms: i64, lease_ms: i64, limit: u32) -> Result<Vec<QuizRow>, StoreError> {
        self.with(|c| {
            // One statement: a second process on the same file cannot claim the same rows.
            let mut statement = c.prepare(&format!(
                "UPDATE quizzes SET lease_ms = ?1 + ?2, version = version + 1
                 WHERE channel IN (SELECT channel FROM quizzes WHERE deadline_ms <= ?1 AND lease_ms <= ?1
                                   ORDER BY deadline_ms LIMIT ?3)
                 RETURNING {QUIZ_COLUMNS}"
            ))?;
            let rows = statement.query_map(params![now_ms, lease_ms, limit], quiz_row)?;
            rows.collect()
        })
    }

    fn quiz_advance(
        &self,
        claimed: &QuizRow,
        next: Option<(&str, i64)>,
        answers: &[(i64, bool)],
        at: i64,
    ) -> Result<bool, StoreError> {
        let (channel, version) = (discord_id(claimed.channel), claimed.version);
        self.with(|c| {
            let tx = c.unchecked_transaction()?;
            let held = match next {
                Some((state, deadline)) => tx.execute(
                    "UPDATE quizzes SET state = ?3, deadline_ms = ?4, lease_ms = 0, version = version + 1
                     WHERE channel = ?1 AND version = ?2",
                    params![channel, version, state, deadline],
                )?,
                None => {
                    tx.execute("DELETE FROM quizzes WHERE channel = ?1 AND version = ?2", params![channel, version])?
                }
            } == 1;
            if !held {
                return Ok(false);
            }
            if let Some(guild) = claimed.guild.map(discord_id) {
                add_scores(&tx, guild, answers, at)?;
            }
            tx.commit()?;
            Ok(true)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::Store;
    use super::super::scenarios::asked;
    use super::*;

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
    fn a_version_1_database_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite");
        let old = Connection::open(&path).unwrap();
        old.execute_batch(&format!("BEGIN; {} PRAGMA user_version = 1; COMMIT;", SCHEMA[0])).unwrap();
        drop(old);
        let store = Store::open(&path).unwrap();
        store.record_quiz(1, &[(10, true)], 5).unwrap();
        assert_eq!(store.leaderboard(1, 1).unwrap().len(), 1);
        assert_eq!(store.cooldown(1, 0, std::time::Duration::from_secs(1)).unwrap(), None);
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
