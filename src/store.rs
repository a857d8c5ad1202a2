//! What the bot remembers between runs: the questions asked (for the review queue and the
//! statistics), the students' votes on answers, the moderators' actions (an audit log), quiz
//! scores, the quizzes running now ([`quizzes`]) and the students' cooldowns.
//!
//! One interface, [`Store`], over two databases: SQLite, one file created and migrated on open
//! (the embedded default, [`sqlite`]), and PostgreSQL, which several replicas of the bot share
//! (`[state] database = "postgres://…"`, [`postgres`]). Each implements [`Backend`]; the SQL of
//! each lives with it, the rules above the SQL (ids, hashes, cut-offs) here.
//!
//! By default no user identity is kept with a question; votes keep only a keyed hash of the voter,
//! to allow one vote per student per answer (see [`votes::voter_hash`]: HMAC-SHA256 under a secret
//! made once per installation and kept in the database). The bot never stops answering because of
//! this store: its callers log a failure and go on.

use std::path::{Path, PathBuf};

use serde::Serialize;

#[cfg(feature = "postgres")]
mod postgres;
mod questions;
mod quizzes;
mod sqlite;
mod votes;

#[cfg(all(test, feature = "postgres"))]
pub(crate) use postgres::tests::{schema_url as postgres_test_schema, test_url as postgres_test_url};
pub use questions::{Asked, Unanswered, Usage};
pub use quizzes::{Advance, QuizRow};

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
    /// PostgreSQL, named by host, port and database only (never the password of its URL).
    #[error("state database {database}: {message}")]
    Postgres { database: String, message: String },
    #[error("the state database URL is not a PostgreSQL URL this bot can read: {0}")]
    BadUrl(String),
    #[error("this normbot was built without PostgreSQL (the `postgres` feature); use a SQLite file")]
    NoPostgres,
    #[error("the operating system gave no random bytes for the voters' secret")]
    Random,
    #[error("opening the state database panicked (see the log)")]
    Panicked,
}

/// The name of the voters' hash key in the `secrets` table.
const VOTER_SECRET: &str = "voter_secret";

/// A student's standing in a server's quizzes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Standing {
    pub user: u64,
    pub right: u32,
    pub answered: u32,
}

/// What each database does, in its own SQL. Ids of Discord (servers, users) arrive as `i64`,
/// as both databases store them.
trait Backend: Send + Sync + std::fmt::Debug {
    fn ping(&self) -> Result<(), StoreError>;
    /// An id for a question not yet written, unique among every process sharing the database.
    fn reserve_question_id(&self) -> i64;
    /// Writes a question under `id`, or under a new id if `id` was taken meanwhile; the id used.
    fn log_question_as(&self, id: i64, q: &Asked<'_>) -> Result<i64, StoreError>;
    /// Deletes the questions (and their votes) asked before `cutoff`, and cooldowns older than it.
    fn purge(&self, cutoff: i64) -> Result<usize, StoreError>;
    fn needing_review(&self, limit: u32) -> Result<Vec<Unanswered>, StoreError>;
    fn question_text(&self, id: i64) -> Result<Option<String>, StoreError>;
    fn question_id(&self, text: &str) -> Result<Option<i64>, StoreError>;
    fn dismiss(&self, text: &str) -> Result<usize, StoreError>;
    fn usage(&self, since: i64) -> Result<Usage, StoreError>;
    fn voter_secret(&self) -> Result<Vec<u8>, StoreError>;
    /// Records a vote (already hashed) on a known question; false if the question is unknown.
    fn vote(&self, question: i64, voter: i64, up: bool, at: i64) -> Result<bool, StoreError>;
    fn votes(&self, question: i64) -> Result<(u32, u32), StoreError>;
    fn audit(&self, at: i64, moderator: i64, action: &str, before: &str, after: &str) -> Result<(), StoreError>;
    fn record_quiz(&self, guild: i64, answers: &[(i64, bool)], at: i64) -> Result<(), StoreError>;
    fn leaderboard(&self, guild: i64, limit: u32) -> Result<Vec<Standing>, StoreError>;
    /// Starts `user`'s cooldown at `now_ms` unless one started less than `period_ms` ago; then
    /// the milliseconds left. One statement, so two replicas asked at once cannot both start it.
    fn cooldown(&self, user: i64, now_ms: i64, period_ms: i64) -> Result<Option<i64>, StoreError>;
    /// Appends a knowledge edit (JSON) to the shared edit log; its id.
    fn record_edit(&self, at: i64, moderator: i64, edit: &str) -> Result<i64, StoreError>;
    /// The edits logged after `id`, oldest first, at most `limit`.
    fn edits_after(&self, id: i64, limit: u32) -> Result<Vec<LoggedEdit>, StoreError>;
    /// Inserts a quiz unless its channel has one; whether it did.
    fn quiz_start(&self, row: &QuizRow) -> Result<bool, StoreError>;
    /// Locks the channel's quiz if its round is open (no live claim and `now_ms` before the
    /// deadline), lets `change` edit it, and writes it back (version + 1) if `change` says so.
    fn quiz_update(
        &self,
        channel: i64,
        now_ms: i64,
        change: &mut dyn FnMut(&mut QuizRow) -> bool,
    ) -> Result<(), StoreError>;
    fn quiz(&self, channel: i64) -> Result<Option<QuizRow>, StoreError>;
    /// Claims closed rounds with no live claim: lease until `now_ms + lease_ms`, version + 1.
    fn quiz_claim(&self, now_ms: i64, lease_ms: i64, limit: u32) -> Result<Vec<QuizRow>, StoreError>;
    /// If the row still has the claimed version: records the answers (when the quiz has a
    /// server) and writes the next round (state, deadline; lease cleared) or deletes the row.
    fn quiz_advance(
        &self,
        claimed: &QuizRow,
        next: Option<(&str, i64)>,
        answers: &[(i64, bool)],
        at: i64,
    ) -> Result<bool, StoreError>;
}

/// A knowledge edit as the shared edit log keeps it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoggedEdit {
    pub id: i64,
    pub at: i64,
    pub moderator: u64,
    /// The edit, as JSON (`knowledge::edit::Edit`).
    pub edit: String,
}

/// The state database.
#[derive(Debug)]
pub struct Store {
    backend: Box<dyn Backend>,
    /// Whether other processes may share it (PostgreSQL): cooldowns then live in it.
    shared: bool,
}

/// A Discord id as the databases store it.
fn discord_id(id: u64) -> i64 {
    i64::try_from(id).unwrap_or(i64::MAX)
}

/// Whether `database` names a PostgreSQL database rather than a SQLite file.
pub fn is_postgres(database: &Path) -> bool {
    database.to_str().is_some_and(|d| d.starts_with("postgres://") || d.starts_with("postgresql://"))
}

impl Store {
    /// Opens (creating and migrating) the database: a `postgres://` URL, or a SQLite file.
    pub fn open(database: &Path) -> Result<Store, StoreError> {
        if is_postgres(database) {
            return Store::open_postgres(database.to_str().unwrap_or_default());
        }
        Ok(Store { backend: Box::new(sqlite::Sqlite::open(database)?), shared: false })
    }

    #[cfg(feature = "postgres")]
    fn open_postgres(url: &str) -> Result<Store, StoreError> {
        Ok(Store { backend: Box::new(postgres::Postgres::open(url)?), shared: true })
    }

    #[cfg(not(feature = "postgres"))]
    fn open_postgres(_url: &str) -> Result<Store, StoreError> {
        Err(StoreError::NoPostgres)
    }

    /// A database in memory (for tests and for running without a state file).
    pub fn in_memory() -> Result<Store, StoreError> {
        Ok(Store { backend: Box::new(sqlite::Sqlite::in_memory()?), shared: false })
    }

    /// Whether other processes share this database (PostgreSQL), so that state one replica
    /// keeps in memory (cooldowns) must live here instead.
    pub fn is_shared(&self) -> bool {
        self.shared
    }

    /// Whether the database answers (`/healthz`).
    pub fn ping(&self) -> Result<(), StoreError> {
        self.backend.ping()
    }

    pub fn audit(&self, at: i64, moderator: u64, action: &str, before: &str, after: &str) -> Result<(), StoreError> {
        self.backend.audit(at, discord_id(moderator), action, before, after)
    }

    /// Adds a quiz round's answers to the server's scores.
    pub fn record_quiz(&self, guild: u64, answers: &[(u64, bool)], at: i64) -> Result<(), StoreError> {
        let answers: Vec<(i64, bool)> = answers.iter().map(|&(user, right)| (discord_id(user), right)).collect();
        self.backend.record_quiz(discord_id(guild), &answers, at)
    }

    /// The server's best quiz players: most right answers first, then fewest tries.
    pub fn leaderboard(&self, guild: u64, limit: u32) -> Result<Vec<Standing>, StoreError> {
        self.backend.leaderboard(discord_id(guild), limit)
    }

    /// Seconds `user` still has to wait, or None when they may ask (and their cooldown starts now).
    pub fn cooldown(&self, user: u64, now_ms: i64, period: std::time::Duration) -> Result<Option<f64>, StoreError> {
        let period_ms = i64::try_from(period.as_millis()).unwrap_or(i64::MAX);
        let left = self.backend.cooldown(discord_id(user), now_ms, period_ms)?;
        Ok(left.map(|ms| ms.max(1) as f64 / 1000.0))
    }
}

impl Store {
    /// Appends a knowledge edit (JSON) to the edit log that replicas follow; its id.
    pub fn record_edit(&self, at: i64, moderator: u64, edit: &str) -> Result<i64, StoreError> {
        self.backend.record_edit(at, discord_id(moderator), edit)
    }

    /// The logged edits after `id`, oldest first, at most `limit`.
    pub fn edits_after(&self, id: i64, limit: u32) -> Result<Vec<LoggedEdit>, StoreError> {
        self.backend.edits_after(id, limit)
    }
}

/// Now, in unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// Now, in unix milliseconds.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// The same scenarios, run on each database (`sqlite` always; `postgres` when a test server is
/// given): what the rest of the bot relies on, whichever store it has.
#[cfg(test)]
pub(crate) mod scenarios {
    use super::*;

    pub(crate) fn asked<'a>(text: &'a str, status: &'a str, at: i64) -> Asked<'a> {
        Asked { guild: Some(1), channel: Some(2), user: None, at, text, status, score: 0.2, entry: None }
    }

    pub(crate) fn quiz_scores_add_up_per_server(store: &Store) {
        store.record_quiz(1, &[(10, true), (11, false)], 5).unwrap();
        store.record_quiz(1, &[(10, false), (11, true), (12, true)], 6).unwrap();
        store.record_quiz(2, &[(13, true)], 7).unwrap();
        let board = store.leaderboard(1, 10).unwrap();
        let standing = |user, right, answered| Standing { user, right, answered };
        assert_eq!(board, [standing(12, 1, 1), standing(10, 1, 2), standing(11, 1, 2)]);
        assert_eq!(store.leaderboard(2, 10).unwrap(), [standing(13, 1, 1)]);
        assert!(store.leaderboard(3, 10).unwrap().is_empty());
    }

    pub(crate) fn questions_votes_review_and_usage(store: &Store) {
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
        assert_eq!(usage.top_unanswered.len(), 1, "{usage:?}");
        assert_eq!(usage.top_unanswered[0].1, 2);
        assert_eq!(store.question_id("PUBLIC CORE").unwrap(), Some(answered));
        assert_eq!(store.question_text(answered).unwrap().as_deref(), Some("public core"));
        assert_eq!(store.dismiss("WHAT IS GDPR").unwrap(), 2);
        assert_eq!(store.dismiss("what is gdpr").unwrap(), 0, "already dismissed");
        assert!(store.needing_review(10).unwrap().iter().all(|u| u.text != "what is gdpr"));
        store.audit(140, 9, "teach", "", "x").unwrap();
        assert_eq!(store.purge(200, 0).unwrap(), 3);
    }

    pub(crate) fn edits_are_logged_in_order(store: &Store) {
        let first = store.record_edit(1, 9, r#"{"edit":"add_phrasing"}"#).unwrap();
        let second = store.record_edit(2, 9, r#"{"edit":"new_qa"}"#).unwrap();
        assert!(second > first);
        let all = store.edits_after(0, 10).unwrap();
        assert_eq!(all.iter().map(|e| e.id).collect::<Vec<_>>(), [first, second]);
        assert_eq!((all[0].moderator, all[1].edit.as_str()), (9, r#"{"edit":"new_qa"}"#));
        assert_eq!(store.edits_after(first, 10).unwrap().len(), 1);
        assert_eq!(store.edits_after(0, 1).unwrap().len(), 1);
    }

    pub(crate) fn a_cooldown_holds_for_its_period_only(store: &Store) {
        let period = std::time::Duration::from_secs(3);
        assert_eq!(store.cooldown(7, 10_000, period).unwrap(), None);
        assert_eq!(store.cooldown(7, 11_000, period).unwrap(), Some(2.0));
        assert_eq!(store.cooldown(8, 11_000, period).unwrap(), None, "another student");
        assert_eq!(store.cooldown(7, 13_000, period).unwrap(), None, "the period is over");
        assert_eq!(store.cooldown(7, 13_500, period).unwrap(), Some(2.5), "and a new one started");
    }
}

#[cfg(test)]
mod tests {
    use super::scenarios;
    use super::*;

    #[test]
    fn quiz_scores_add_up_per_server() {
        scenarios::quiz_scores_add_up_per_server(&Store::in_memory().unwrap());
    }

    #[test]
    fn questions_votes_review_and_usage() {
        scenarios::questions_votes_review_and_usage(&Store::in_memory().unwrap());
    }

    #[test]
    fn a_cooldown_holds_for_its_period_only() {
        scenarios::a_cooldown_holds_for_its_period_only(&Store::in_memory().unwrap());
    }

    #[test]
    fn edits_are_logged_in_order() {
        scenarios::edits_are_logged_in_order(&Store::in_memory().unwrap());
    }

    #[test]
    fn one_quiz_per_channel_changed_only_while_open() {
        quizzes::scenarios::one_quiz_per_channel_changed_only_while_open(&Store::in_memory().unwrap());
    }

    #[test]
    fn a_closed_round_is_claimed_once_and_advanced_once() {
        quizzes::scenarios::a_closed_round_is_claimed_once_and_advanced_once(&Store::in_memory().unwrap());
    }

    #[test]
    fn postgres_urls_are_told_from_files() {
        assert!(is_postgres(Path::new("postgres://u@h/db")));
        assert!(is_postgres(Path::new("postgresql://h/db")));
        assert!(!is_postgres(Path::new("normbot.sqlite")));
        assert!(!is_postgres(Path::new("state/postgres.sqlite")));
    }
}
