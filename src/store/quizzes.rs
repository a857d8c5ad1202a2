//! The quizzes running now, one per channel, kept in the state database so that any replica of
//! the bot can take an answer and exactly one reveals each round, even when the replica that
//! started the quiz has gone.
//!
//! A quiz is a row: the game (JSON, [`crate::quiz::Game`]) and the moment its round closes. An
//! answer or a stop is a locked read-modify-write of the row while its round is open. A round
//! that has closed is *claimed* by one replica for a lease (a row lock that skips rows another
//! replica holds, on PostgreSQL; one statement, on SQLite), revealed, and *advanced*: the scores
//! recorded and the next round written in one transaction that holds only if the claim still
//! does. A replica that dies between claim and advance leaves the row to be claimed again when
//! its lease runs out; its posts carry the same nonces the second time, so Discord drops them.

use serde::Serialize;

use super::{Store, StoreError, discord_id};

/// The columns of a [`QuizRow`] in both databases, in the order each backend reads them.
pub(super) const QUIZ_COLUMNS: &str = "channel, quiz, guild, starter, state, deadline_ms, stopping, version";

/// One running quiz as the database keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuizRow {
    pub channel: u64,
    /// The interaction that started it: buttons of an earlier quiz in the channel do not count.
    pub quiz: u64,
    pub guild: Option<u64>,
    pub starter: u64,
    /// The game, as JSON.
    pub state: String,
    /// When the open round closes (unix milliseconds).
    pub deadline_ms: i64,
    /// A moderator or the starter stopped it: the next reveal is the last.
    pub stopping: bool,
    /// Changes with every write: an advance holds only on the row it claimed.
    pub version: i64,
}

/// What the replica that revealed a round writes back.
#[derive(Debug, Clone, Copy)]
pub struct Advance<'a> {
    /// The next round's game and deadline; None when the quiz is over (the row goes).
    pub next: Option<(&'a str, i64)>,
    /// The revealed round's answers, added to the server's scores.
    pub answers: &'a [(u64, bool)],
    pub at: i64,
}

impl Store {
    /// Starts a quiz unless one runs in its channel; false if one does.
    pub fn quiz_start(&self, row: &QuizRow) -> Result<bool, StoreError> {
        self.backend.quiz_start(row)
    }

    /// Changes the channel's quiz while its round is open (not yet claimed for a reveal):
    /// `change` gets the row under a lock and says whether it changed it. None when no quiz runs
    /// there or its round is being revealed.
    pub fn quiz_update<T>(
        &self,
        channel: u64,
        now_ms: i64,
        change: impl FnOnce(&mut QuizRow) -> (bool, T),
    ) -> Result<Option<T>, StoreError> {
        let mut change = Some(change);
        let mut out = None;
        self.backend.quiz_update(discord_id(channel), now_ms, &mut |row| {
            let (changed, value) = (change.take().expect("called once"))(row);
            out = Some(value);
            changed
        })?;
        Ok(out)
    }

    /// The channel's quiz, read without a lock (for a form's prompt).
    pub fn quiz(&self, channel: u64) -> Result<Option<QuizRow>, StoreError> {
        self.backend.quiz(discord_id(channel))
    }

    /// Claims, for `lease_ms`, up to `limit` quizzes whose round has closed and that no live
    /// claim holds.
    pub fn quiz_claim(&self, now_ms: i64, lease_ms: i64, limit: u32) -> Result<Vec<QuizRow>, StoreError> {
        self.backend.quiz_claim(now_ms, lease_ms, limit)
    }

    /// Ends a claimed round: scores recorded (for a server's quiz), then the next round or the
    /// end, in one transaction. False, with nothing written, when the claim no longer holds.
    pub fn quiz_advance(&self, claimed: &QuizRow, advance: Advance<'_>) -> Result<bool, StoreError> {
        let answers: Vec<(i64, bool)> = advance.answers.iter().map(|&(u, r)| (discord_id(u), r)).collect();
        self.backend.quiz_advance(claimed, advance.next, &answers, advance.at)
    }
}

/// The same scenarios on each database.
#[cfg(test)]
pub(crate) mod scenarios {
    use super::*;

    fn row(channel: u64, deadline_ms: i64) -> QuizRow {
        QuizRow {
            channel,
            quiz: 900 + channel,
            guild: Some(1),
            starter: 7,
            state: "round 1".into(),
            deadline_ms,
            stopping: false,
            version: 0,
        }
    }

    pub(crate) fn one_quiz_per_channel_changed_only_while_open(store: &Store) {
        assert!(store.quiz_start(&row(10, 1_000)).unwrap());
        assert!(!store.quiz_start(&row(10, 2_000)).unwrap(), "one at a time in a channel");
        assert!(store.quiz_start(&row(11, 5_000)).unwrap());
        let answered = store.quiz_update(10, 500, |r| {
            r.state.push_str(" +a");
            (true, r.quiz)
        });
        assert_eq!(answered.unwrap(), Some(910));
        assert_eq!(store.quiz(10).unwrap().unwrap().state, "round 1 +a");
        assert_eq!(store.quiz_update(12, 500, |_| (true, ())).unwrap(), None, "no quiz there");
        let unchanged = store.quiz(10).unwrap().unwrap().version;
        store.quiz_update(10, 600, |_| (false, ())).unwrap();
        assert_eq!(store.quiz(10).unwrap().unwrap().version, unchanged, "nothing written");
    }

    pub(crate) fn a_closed_round_is_claimed_once_and_advanced_once(store: &Store) {
        assert!(store.quiz_start(&row(20, 1_000)).unwrap());
        assert!(store.quiz_start(&row(21, 9_000)).unwrap());
        assert!(store.quiz_claim(999, 30_000, 10).unwrap().iter().all(|r| r.channel != 20), "still open");
        let claimed = store.quiz_claim(1_000, 30_000, 10).unwrap();
        let claimed: Vec<_> = claimed.into_iter().filter(|r| r.channel == 20).collect();
        assert_eq!(claimed.len(), 1);
        assert!(store.quiz_claim(1_001, 30_000, 10).unwrap().iter().all(|r| r.channel != 20), "held");
        assert_eq!(store.quiz_update(20, 1_002, |_| (true, ())).unwrap(), None, "closed to answers");
        let next = Advance { next: Some(("round 2", 5_000)), answers: &[(7, true), (8, false)], at: 3 };
        assert!(store.quiz_advance(&claimed[0], next).unwrap());
        assert!(!store.quiz_advance(&claimed[0], next).unwrap(), "only once");
        let board = store.leaderboard(1, 10).unwrap();
        assert_eq!(board.iter().map(|s| (s.user, s.right, s.answered)).collect::<Vec<_>>(), [(7, 1, 1), (8, 0, 1)]);
        let open = store.quiz(20).unwrap().unwrap();
        assert_eq!((open.state.as_str(), open.deadline_ms), ("round 2", 5_000));
        assert_eq!(store.quiz_update(20, 1_003, |_| (false, 1)).unwrap(), Some(1), "open again");

        // A claim whose replica died runs out, and another takes the round; the dead one's late
        // advance then writes nothing.
        let first = store.quiz_claim(5_000, 1_000, 10).unwrap();
        let first = first.iter().find(|r| r.channel == 20).unwrap();
        assert!(store.quiz_claim(5_999, 1_000, 10).unwrap().iter().all(|r| r.channel != 20));
        let second = store.quiz_claim(6_000, 1_000, 10).unwrap();
        let second = second.iter().find(|r| r.channel == 20).unwrap().clone();
        let end = Advance { next: None, answers: &[], at: 4 };
        assert!(!store.quiz_advance(first, end).unwrap());
        assert!(store.quiz_advance(&second, end).unwrap());
        assert_eq!(store.quiz(20).unwrap(), None, "over");
        assert!(store.quiz_start(&row(20, 7_000)).unwrap(), "the channel is free again");
    }
}
