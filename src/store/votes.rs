//! Students' votes on answers, one per student per answer, kept under a keyed hash of the
//! voter rather than the Discord user id.
//!
//! The hash is the one place the store touches a user's identity for a vote; keeping it next to
//! the two queries that use it makes what is stored, and how, easy to check.

use super::{Store, StoreError};

impl Store {
    /// Records a vote; a student's second vote on the same answer replaces the first. False if
    /// the question is not (or no longer) logged.
    pub fn vote(&self, question: i64, voter: u64, up: bool, at: i64) -> Result<bool, StoreError> {
        let secret = self.backend.voter_secret()?;
        self.backend.vote(question, voter_hash(&secret, voter), up, at)
    }

    /// (up, down) votes on a question.
    pub fn votes(&self, question: i64) -> Result<(u32, u32), StoreError> {
        self.backend.votes(question)
    }
}

/// A new voters' secret: 32 random bytes from the operating system.
pub(super) fn new_secret() -> Result<[u8; 32], StoreError> {
    let mut secret = [0u8; 32];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut secret).map_err(|_| StoreError::Random)?;
    Ok(secret)
}

pub(super) fn voter_hash(secret: &[u8], voter: u64) -> i64 {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret);
    let tag = ring::hmac::sign(&key, &voter.to_be_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&tag.as_ref()[..8]);
    i64::from_be_bytes(first)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use rusqlite::Connection;

    use super::super::VOTER_SECRET;
    use super::super::scenarios::asked;
    use super::super::sqlite::SCHEMA;
    use super::*;

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
