//! PostgreSQL: the state that several replicas of the bot share (`[state] database =
//! "postgres://…"`). The same tables as SQLite, migrated on open under an advisory lock (replicas
//! starting together migrate once), reached through an r2d2 pool of sync `postgres` clients: the
//! store is called off the async runtime (the handler's state thread, `spawn_blocking`), as SQLite is.
//!
//! The sync client runs a small runtime of its own per connection, which must not be started or
//! dropped on an async runtime's thread: the bot opens the store with `spawn_blocking`, and
//! [`Postgres`]'s drop hands the pool to a thread of its own.
//!
//! Question ids must be unique across replicas without a round trip per question: each opened
//! store takes a number from a sequence and hands out `number << 32 | counter`.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use postgres::NoTls;
use r2d2_postgres::PostgresConnectionManager;

use super::quizzes::QUIZ_COLUMNS;
use super::{Asked, Backend, LoggedEdit, QuizRow, Standing, StoreError, Unanswered, Usage, VOTER_SECRET, discord_id};

type Pool = r2d2::Pool<PostgresConnectionManager<NoTls>>;

/// Serialises migrations of replicas that start together (any number, the same on every replica).
const MIGRATION_LOCK: i64 = 0x006e_6f72_6d62_6f74; // "normbot"

const MIGRATIONS: &[&str] = &[
    // version 1: everything SQLite has at its version 4.
    "CREATE TABLE questions (id BIGINT PRIMARY KEY, at BIGINT NOT NULL, guild BIGINT, channel BIGINT,
        user_id BIGINT, text TEXT NOT NULL, status TEXT NOT NULL, score DOUBLE PRECISION NOT NULL, entry TEXT,
        dismissed BOOLEAN NOT NULL DEFAULT FALSE);
     CREATE INDEX questions_at ON questions (at);
     CREATE INDEX questions_text ON questions (lower(text));
     CREATE TABLE votes (question BIGINT NOT NULL, voter BIGINT NOT NULL, up BOOLEAN NOT NULL, at BIGINT NOT NULL,
        PRIMARY KEY (question, voter));
     CREATE TABLE audit (id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL, moderator BIGINT NOT NULL,
        action TEXT NOT NULL, before TEXT, after TEXT);
     CREATE TABLE quiz_scores (guild BIGINT NOT NULL, user_id BIGINT NOT NULL, right_answers INTEGER NOT NULL,
        answered INTEGER NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (guild, user_id));
     CREATE TABLE secrets (name TEXT PRIMARY KEY, value BYTEA NOT NULL);
     CREATE TABLE cooldowns (user_id BIGINT PRIMARY KEY, at_ms BIGINT NOT NULL);
     CREATE SEQUENCE replicas;",
    // version 2: the knowledge edits made from Discord, which every replica applies.
    "CREATE TABLE knowledge_edits (id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL, moderator BIGINT NOT NULL,
        edit TEXT NOT NULL);",
    // version 3: the quizzes running now, which any replica answers and one reveals (`super::quizzes`).
    "CREATE TABLE quizzes (channel BIGINT PRIMARY KEY, quiz BIGINT NOT NULL, guild BIGINT, starter BIGINT NOT NULL,
        state TEXT NOT NULL, deadline_ms BIGINT NOT NULL, stopping BOOLEAN NOT NULL DEFAULT FALSE,
        lease_ms BIGINT NOT NULL DEFAULT 0, version BIGINT NOT NULL DEFAULT 0);",
];

fn quiz_row(r: &postgres::Row) -> QuizRow {
    QuizRow {
        channel: r.get::<_, i64>(0) as u64,
        quiz: r.get::<_, i64>(1) as u64,
        guild: r.get::<_, Option<i64>>(2).map(|g| g as u64),
        starter: r.get::<_, i64>(3) as u64,
        state: r.get(4),
        deadline_ms: r.get(5),
        stopping: r.get(6),
        version: r.get(7),
    }
}

/// Adds a round's answers to a server's quiz scores.
fn add_scores(
    tx: &mut postgres::Transaction<'_>,
    guild: i64,
    answers: &[(i64, bool)],
    at: i64,
) -> Result<(), postgres::Error> {
    for &(user, right) in answers {
        tx.execute(
            "INSERT INTO quiz_scores (guild, user_id, right_answers, answered, at) VALUES ($1, $2, $3, 1, $4)
             ON CONFLICT (guild, user_id) DO UPDATE SET right_answers = quiz_scores.right_answers + excluded.right_answers,
                answered = quiz_scores.answered + 1, at = excluded.at",
            &[&guild, &user, &i32::from(right), &at],
        )?;
    }
    Ok(())
}

#[derive(Debug)]
pub(super) struct Postgres {
    /// Always Some until dropped.
    pool: Option<Pool>,
    /// Host, port and database, for errors (the URL's password never leaves it).
    database: String,
    /// This store's number from the `replicas` sequence: the high half of its question ids.
    replica: i64,
    counter: AtomicI64,
}

/// The database a config points at, without user or password.
fn describe(config: &postgres::Config) -> String {
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        #[cfg(unix)]
        Some(postgres::config::Host::Unix(path)) => path.display().to_string(),
        None => "localhost".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!("postgres://{host}:{port}/{}", config.get_dbname().unwrap_or_default())
}

impl Postgres {
    pub(super) fn open(url: &str) -> Result<Postgres, StoreError> {
        // The parser's message never holds the URL itself.
        let config: postgres::Config = url.parse().map_err(|e: postgres::Error| StoreError::BadUrl(e.to_string()))?;
        let database = describe(&config);
        let error = |message: String| StoreError::Postgres { database: database.clone(), message };
        let manager = PostgresConnectionManager::new(config, NoTls);
        let pool = r2d2::Pool::builder()
            .max_size(8)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(5))
            .build(manager)
            .map_err(|e| error(e.to_string()))?;
        let mut client = pool.get().map_err(|e| error(e.to_string()))?;
        Postgres::migrate(&mut client).map_err(|e| error(e.to_string()))?;
        let secret = super::votes::new_secret()?;
        client
            .execute(
                "INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                &[&VOTER_SECRET, &&secret[..]],
            )
            .map_err(|e| error(e.to_string()))?;
        let replica: i64 =
            client.query_one("SELECT nextval('replicas')", &[]).map_err(|e| error(e.to_string()))?.get(0);
        drop(client);
        Ok(Postgres { pool: Some(pool), database, replica, counter: AtomicI64::new(0) })
    }

    fn migrate(client: &mut postgres::Client) -> Result<(), postgres::Error> {
        let mut tx = client.transaction()?;
        tx.query("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS normbot_schema (version INTEGER NOT NULL)")?;
        let version: i32 = tx.query_opt("SELECT version FROM normbot_schema", &[])?.map_or(0, |r| r.get(0));
        for (i, step) in MIGRATIONS.iter().enumerate().skip(usize::try_from(version).unwrap_or(0)) {
            tx.batch_execute(step)?;
            let version = i32::try_from(i + 1).unwrap_or(i32::MAX);
            tx.execute("DELETE FROM normbot_schema", &[])?;
            tx.execute("INSERT INTO normbot_schema (version) VALUES ($1)", &[&version])?;
        }
        tx.commit()
    }

    fn with<T>(&self, f: impl FnOnce(&mut postgres::Client) -> Result<T, postgres::Error>) -> Result<T, StoreError> {
        let error = |message: String| StoreError::Postgres { database: self.database.clone(), message };
        let pool = self.pool.as_ref().ok_or_else(|| error("closed".into()))?;
        let mut client = pool.get().map_err(|e| error(e.to_string()))?;
        f(&mut client).map_err(|e| error(e.to_string()))
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        // Closing a connection blocks on its own runtime: never on the caller's (async) thread.
        if let Some(pool) = self.pool.take() {
            let _ = std::thread::Builder::new().name("normbot-pg-close".into()).spawn(move || drop(pool));
        }
    }
}

fn count(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

impl Backend for Postgres {
    fn ping(&self) -> Result<(), StoreError> {
        self.with(|c| c.query_one("SELECT 1", &[]).map(|_| ()))
    }

    fn reserve_question_id(&self) -> i64 {
        let n = self.counter.fetch_add(1, Ordering::Relaxed) + 1;
        (self.replica << 32) | (n & 0xffff_ffff)
    }

    fn log_question_as(&self, id: i64, q: &Asked<'_>) -> Result<i64, StoreError> {
        let discord_id = |v: Option<u64>| v.and_then(|v| i64::try_from(v).ok());
        let (guild, channel, user) = (discord_id(q.guild), discord_id(q.channel), discord_id(q.user));
        self.with(|c| {
            c.execute(
                "INSERT INTO questions (id, at, guild, channel, user_id, text, status, score, entry)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[&id, &q.at, &guild, &channel, &user, &q.text, &q.status, &f64::from(q.score), &q.entry],
            )
            .map(|_| id)
        })
    }

    fn purge(&self, cutoff: i64) -> Result<usize, StoreError> {
        self.with(|c| {
            let mut tx = c.transaction()?;
            tx.execute("DELETE FROM votes WHERE question IN (SELECT id FROM questions WHERE at < $1)", &[&cutoff])?;
            tx.execute("DELETE FROM cooldowns WHERE at_ms < $1", &[&cutoff.saturating_mul(1000)])?;
            let n = tx.execute("DELETE FROM questions WHERE at < $1", &[&cutoff])?;
            tx.commit()?;
            Ok(usize::try_from(n).unwrap_or(usize::MAX))
        })
    }

    fn needing_review(&self, limit: u32) -> Result<Vec<Unanswered>, StoreError> {
        self.with(|c| {
            let rows = c.query(
                "SELECT MIN(q.text), q.status, COUNT(DISTINCT q.id),
                        COALESCE(SUM(CASE WHEN NOT v.up THEN 1 ELSE 0 END), 0)::BIGINT
                 FROM questions q LEFT JOIN votes v ON v.question = q.id
                 WHERE NOT q.dismissed
                 GROUP BY lower(q.text), q.status
                 HAVING q.status != 'answered' OR SUM(CASE WHEN NOT v.up THEN 1 ELSE 0 END) > 0
                 ORDER BY 3 DESC, 4 DESC, 1 LIMIT $1",
                &[&i64::from(limit)],
            )?;
            Ok(rows
                .iter()
                .map(|r| Unanswered {
                    text: r.get(0),
                    status: r.get(1),
                    asked: count(r.get(2)),
                    down_votes: count(r.get(3)),
                })
                .collect())
        })
    }

    fn question_text(&self, id: i64) -> Result<Option<String>, StoreError> {
        self.with(|c| Ok(c.query_opt("SELECT text FROM questions WHERE id = $1", &[&id])?.map(|r| r.get(0))))
    }

    fn question_id(&self, text: &str) -> Result<Option<i64>, StoreError> {
        self.with(|c| {
            c.query_one("SELECT MAX(id) FROM questions WHERE lower(text) = lower($1)", &[&text]).map(|r| r.get(0))
        })
    }

    fn dismiss(&self, text: &str) -> Result<usize, StoreError> {
        self.with(|c| {
            let n = c.execute(
                "UPDATE questions SET dismissed = TRUE WHERE lower(text) = lower($1) AND NOT dismissed",
                &[&text],
            )?;
            Ok(usize::try_from(n).unwrap_or(usize::MAX))
        })
    }

    fn usage(&self, since: i64) -> Result<Usage, StoreError> {
        self.with(|c| {
            let totals = c.query_one(
                "SELECT COUNT(*), COUNT(*) FILTER (WHERE status = 'answered') FROM questions WHERE at >= $1",
                &[&since],
            )?;
            let mut top = |sql: &str| -> Result<Vec<(String, u32)>, postgres::Error> {
                Ok(c.query(sql, &[&since])?.iter().map(|r| (r.get(0), count(r.get(1)))).collect())
            };
            Ok(Usage {
                questions: count(totals.get(0)),
                answered: count(totals.get(1)),
                top_entries: top("SELECT entry, COUNT(*) FROM questions WHERE at >= $1 AND entry IS NOT NULL
                     GROUP BY entry ORDER BY 2 DESC, 1 LIMIT 5")?,
                top_unanswered: top(
                    "SELECT MIN(text), COUNT(*) FROM questions WHERE at >= $1 AND status != 'answered'
                     GROUP BY lower(text) ORDER BY 2 DESC, 1 LIMIT 5",
                )?,
            })
        })
    }

    fn voter_secret(&self) -> Result<Vec<u8>, StoreError> {
        self.with(|c| c.query_one("SELECT value FROM secrets WHERE name = $1", &[&VOTER_SECRET]).map(|r| r.get(0)))
    }

    fn vote(&self, question: i64, voter: i64, up: bool, at: i64) -> Result<bool, StoreError> {
        self.with(|c| {
            // One statement: the question must exist, and the vote replaces an earlier one.
            let n = c.execute(
                "INSERT INTO votes (question, voter, up, at) SELECT id, $2, $3, $4 FROM questions WHERE id = $1
                 ON CONFLICT (question, voter) DO UPDATE SET up = excluded.up, at = excluded.at",
                &[&question, &voter, &up, &at],
            )?;
            Ok(n > 0)
        })
    }

    fn votes(&self, question: i64) -> Result<(u32, u32), StoreError> {
        self.with(|c| {
            let r = c.query_one(
                "SELECT COUNT(*) FILTER (WHERE up), COUNT(*) FILTER (WHERE NOT up) FROM votes WHERE question = $1",
                &[&question],
            )?;
            Ok((count(r.get(0)), count(r.get(1))))
        })
    }

    fn audit(&self, at: i64, moderator: i64, action: &str, before: &str, after: &str) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "INSERT INTO audit (at, moderator, action, before, after) VALUES ($1, $2, $3, $4, $5)",
                &[&at, &moderator, &action, &before, &after],
            )
            .map(|_| ())
        })
    }

    fn record_quiz(&self, guild: i64, answers: &[(i64, bool)], at: i64) -> Result<(), StoreError> {
        self.with(|c| {
            let mut tx = c.transaction()?;
            add_scores(&mut tx, guild, answers, at)?;
            tx.commit()
        })
    }

    fn leaderboard(&self, guild: i64, limit: u32) -> Result<Vec<Standing>, StoreError> {
        self.with(|c| {
            let rows = c.query(
                "SELECT user_id, right_answers, answered FROM quiz_scores WHERE guild = $1
                 ORDER BY right_answers DESC, answered ASC, user_id ASC LIMIT $2",
                &[&guild, &i64::from(limit)],
            )?;
            Ok(rows
                .iter()
                .map(|r| Standing {
                    user: r.get::<_, i64>(0) as u64,
                    right: r.get::<_, i32>(1).max(0) as u32,
                    answered: r.get::<_, i32>(2).max(0) as u32,
                })
                .collect())
        })
    }

    fn cooldown(&self, user: i64, now_ms: i64, period_ms: i64) -> Result<Option<i64>, StoreError> {
        self.with(|c| {
            let started = c.query_opt(
                "INSERT INTO cooldowns (user_id, at_ms) VALUES ($1, $2)
                 ON CONFLICT (user_id) DO UPDATE SET at_ms = excluded.at_ms WHERE cooldowns.at_ms <= $2 - $3
                 RETURNING at_ms",
                &[&user, &now_ms, &period_ms],
            )?;
            if started.is_some() {
                return Ok(None);
            }
            let at: i64 = c.query_one("SELECT at_ms FROM cooldowns WHERE user_id = $1", &[&user])?.get(0);
            Ok(Some(at + period_ms - now_ms))
        })
    }

    fn record_edit(&self, at: i64, moderator: i64, edit: &str) -> Result<i64, StoreError> {
        self.with(|c| {
            c.query_one(
                "INSERT INTO knowledge_edits (at, moderator, edit) VALUES ($1, $2, $3) RETURNING id",
                &[&at, &moderator, &edit],
            )
            .map(|r| r.get(0))
        })
    }

    fn edits_after(&self, id: i64, limit: u32) -> Result<Vec<LoggedEdit>, StoreError> {
        self.with(|c| {
            let rows = c.query(
                "SELECT id, at, moderator, edit FROM knowledge_edits WHERE id > $1 ORDER BY id LIMIT $2",
                &[&id, &i64::from(limit)],
            )?;
            Ok(rows
                .iter()
                .map(|r| LoggedEdit {
                    id: r.get(0),
                    at: r.get(1),
                    moderator: r.get::<_, i64>(2) as u64,
                    edit: r.get(3),
                })
                .collect())
        })
    }
    fn quiz_start(&self, row: &QuizRow) -> Result<bool, StoreError> {
        self.with(|c| {
            let inserted = c.execute(
                "INSERT INTO quizzes (channel, quiz, guild, starter, state, deadline_ms, stopping)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (channel) DO NOTHING",
                &[
                    &discord_id(row.channel),
                    &discord_id(row.quiz),
                    &row.guild.map(discord_id),
                    &discord_id(row.starter),
                    &row.state,
                    &row.deadline_ms,
                    &row.stopping,
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
            let mut tx = c.transaction()?;
            let row = tx.query_opt(
                &format!(
                    "SELECT {QUIZ_COLUMNS} FROM quizzes WHERE channel = $1 AND deadline_ms > $2 AND lease_ms <= $2
                     FOR UPDATE"
                ),
                &[&channel, &now_ms],
            )?;
            let Some(mut row) = row.as_ref().map(quiz_row) else { return Ok(()) };
            if change(&mut row) {
                tx.execute(
                    "UPDATE quizzes SET state = $2, deadline_ms = $3, stopping = $4, version = version + 1
                     WHERE channel = $1",
                    &[&channel, &row.state, &row.deadline_ms, &row.stopping],
                )?;
            }
            tx.commit()
        })
    }

    fn quiz(&self, channel: i64) -> Result<Option<QuizRow>, StoreError> {
        self.with(|c| {
            let row = c.query_opt(&format!("SELECT {QUIZ_COLUMNS} FROM quizzes WHERE channel = $1"), &[&channel])?;
            Ok(row.as_ref().map(quiz_row))
        })
    }

    fn quiz_claim(&self, now_ms: i64, lease_ms: i64, limit: u32) -> Result<Vec<QuizRow>, StoreError> {
        self.with(|c| {
            // Rows another replica is claiming (or answering into) right now are skipped, not waited for.
            let rows = c.query(
                &format!(
                    "UPDATE quizzes SET lease_ms = $1 + $2, version = version + 1
                     WHERE channel IN (SELECT channel FROM quizzes WHERE deadline_ms <= $1 AND lease_ms <= $1
                                       ORDER BY deadline_ms LIMIT $3 FOR UPDATE SKIP LOCKED)
                     RETURNING {QUIZ_COLUMNS}"
                ),
                &[&now_ms, &lease_ms, &i64::from(limit)],
            )?;
            Ok(rows.iter().map(quiz_row).collect())
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
            let mut tx = c.transaction()?;
            let held = match next {
                Some((state, deadline)) => tx.execute(
                    "UPDATE quizzes SET state = $3, deadline_ms = $4, lease_ms = 0, version = version + 1
                     WHERE channel = $1 AND version = $2",
                    &[&channel, &version, &state, &deadline],
                )?,
                None => tx.execute("DELETE FROM quizzes WHERE channel = $1 AND version = $2", &[&channel, &version])?,
            } == 1;
            if !held {
                return Ok(false);
            }
            if let Some(guild) = claimed.guild.map(discord_id) {
                add_scores(&mut tx, guild, answers, at)?;
            }
            tx.commit()?;
            Ok(true)
        })
    }
}

/// The store scenarios on a real PostgreSQL, each test in a schema of its own (so they run in
/// parallel). They need `NORMBOT_TEST_POSTGRES` (a URL such as
/// `postgres://postgres@127.0.0.1:5432/test`); without it they say so and pass.
#[cfg(test)]
pub(crate) mod tests {
    use super::super::{Store, scenarios};

    /// A store in a new, empty schema of the test database, or None (with a message) without one.
    pub(crate) fn store(test: &str) -> Option<Store> {
        let Some(url) = test_url() else {
            eprintln!(
                "skipped {test}: set NORMBOT_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test to run it against PostgreSQL"
            );
            return None;
        };
        Some(Store::open(std::path::Path::new(&schema_url(&url, test))).unwrap())
    }

    pub(crate) fn test_url() -> Option<String> {
        std::env::var("NORMBOT_TEST_POSTGRES").ok().filter(|u| !u.is_empty())
    }

    /// `url` with a new, empty schema as its search path.
    pub(crate) fn schema_url(url: &str, test: &str) -> String {
        // One schema per test name, dropped and made again at each run: no leftovers pile up.
        let schema =
            format!("normbot_test_{}", test.chars().filter(char::is_ascii_alphanumeric).take(40).collect::<String>());
        let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
        client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};")).unwrap();
        let separator = if url.contains('?') { '&' } else { '?' };
        format!("{url}{separator}options=-c%20search_path%3D{schema}")
    }

    #[test]
    fn quiz_scores_add_up_per_server() {
        let Some(store) = store("quiz_scores") else { return };
        scenarios::quiz_scores_add_up_per_server(&store);
    }

    #[test]
    fn questions_votes_review_and_usage() {
        let Some(store) = store("questions_votes") else { return };
        scenarios::questions_votes_review_and_usage(&store);
    }

    #[test]
    fn a_cooldown_holds_for_its_period_only() {
        let Some(store) = store("cooldown") else { return };
        scenarios::a_cooldown_holds_for_its_period_only(&store);
    }

    #[test]
    fn edits_are_logged_in_order() {
        let Some(store) = store("edits") else { return };
        scenarios::edits_are_logged_in_order(&store);
    }

    #[test]
    fn one_quiz_per_channel_changed_only_while_open() {
        let Some(store) = store("quizzes_open") else { return };
        super::super::quizzes::scenarios::one_quiz_per_channel_changed_only_while_open(&store);
    }

    #[test]
    fn a_closed_round_is_claimed_once_and_advanced_once() {
        let Some(store) = store("quizzes_claim") else { return };
        super::super::quizzes::scenarios::a_closed_round_is_claimed_once_and_advanced_once(&store);
    }

    #[test]
    fn two_replicas_share_cooldowns_votes_and_never_the_same_question_id() {
        let Some(url) = test_url() else {
            eprintln!("skipped: set NORMBOT_TEST_POSTGRES to run it against PostgreSQL");
            return;
        };
        let url = schema_url(&url, "two_replicas");
        let (a, b) =
            (Store::open(std::path::Path::new(&url)).unwrap(), Store::open(std::path::Path::new(&url)).unwrap());
        assert!(a.is_shared());
        let period = std::time::Duration::from_secs(3);
        assert_eq!(a.cooldown(7, 1_000, period).unwrap(), None);
        assert_eq!(b.cooldown(7, 2_000, period).unwrap(), Some(2.0), "asked again through the other replica");
        let ids: Vec<i64> = (0..50).flat_map(|_| [a.reserve_question_id(), b.reserve_question_id()]).collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
        let question = a.log_question(&scenarios::asked("public core", "answered", 5)).unwrap();
        assert!(b.vote(question, 8, false, 6).unwrap(), "a vote through B on a question logged through A");
        assert_eq!(a.votes(question).unwrap(), (0, 1));
        assert_eq!(b.needing_review(5).unwrap()[0].text, "public core");
    }

    #[test]
    fn a_wrong_url_names_the_database_and_never_the_password() {
        let error = Store::open(std::path::Path::new("postgres://normbot:s3cret@127.0.0.1:1/nodb")).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("127.0.0.1:1/nodb"), "{message}");
        assert!(!message.contains("s3cret"), "{message}");
    }
}
