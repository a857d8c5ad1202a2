//! Knowledge edits that reach every replica: an edit made from Discord (`/teach`, the review
//! queue) is applied to the replica's own files as before, and appended to the edit log in the
//! state database; every replica sharing that database follows the log and applies what it has
//! not got, through the same [`Editor`] (validated, comments kept, backups made), then reloads.
//!
//! Applying is idempotent: an edit already in the knowledge (a phrasing its entry already has,
//! an entry that exists) is skipped, so a replica started later replays the whole log safely, two
//! moderators editing through two replicas at once both land everywhere, and `normbot edits
//! --apply` writes the log into a repository's TOML files. A restore is not logged: backups are
//! each replica's own.

use crate::knowledge::KnowledgeBase;
use crate::knowledge::edit::{Edit, EditError, Editor};
use crate::live::LiveKnowledge;
use crate::store::{LoggedEdit, Store, StoreError};

/// How far back each pass re-reads the log: ids are handed out before their transactions
/// commit, so one may appear after a higher one was read. Re-reading is free (idempotent).
const OVERLAP: i64 = 64;

/// Appends `edit` to the log (a restore is not logged); its id.
pub fn record(store: &Store, moderator: u64, edit: &Edit) -> Result<Option<i64>, StoreError> {
    if let Edit::Restore { .. } = edit {
        return Ok(None);
    }
    let json = serde_json::to_string(edit).unwrap_or_default();
    store.record_edit(crate::store::now(), moderator, &json).map(Some)
}

/// What became of one logged edit here.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Applied,
    /// The knowledge has it already.
    AlreadyThere,
    /// It cannot be applied here (the phrasing belongs to another entry, the entry is gone, the
    /// edit no longer validates, or the log holds something this version cannot read).
    Skipped(String),
}

/// Whether the knowledge already has what `edit` adds.
pub fn already_there(kb: &KnowledgeBase, edit: &Edit) -> Result<bool, String> {
    match edit {
        Edit::AddPhrasing { entry, phrasing } => match crate::review::phrasing_owner(kb, phrasing) {
            Some(owner) if owner.id == *entry => Ok(true),
            Some(owner) => Err(format!("the phrasing belongs to `{}` here", owner.id)),
            None => Ok(false),
        },
        Edit::NewQa { id, .. } => Ok(kb.entry(id).is_some()),
        Edit::Restore { .. } => Err("a restore is not shared".into()),
    }
}

/// Applies one logged edit to `editor`'s files, unless the knowledge `kb` has it already.
pub fn apply(editor: &Editor, kb: &KnowledgeBase, logged: &LoggedEdit) -> Outcome {
    let edit: Edit = match serde_json::from_str(&logged.edit) {
        Ok(edit) => edit,
        Err(error) => return Outcome::Skipped(format!("unreadable edit: {error}")),
    };
    match already_there(kb, &edit) {
        Ok(true) => return Outcome::AlreadyThere,
        Ok(false) => {}
        Err(why) => return Outcome::Skipped(why),
    }
    match editor.apply(&edit) {
        Ok(_) => Outcome::Applied,
        Err(EditError::Invalid(problems)) => {
            Outcome::Skipped(problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; "))
        }
        Err(error) => Outcome::Skipped(error.to_string()),
    }
}

/// A replica's place in the log.
#[derive(Debug, Default)]
pub struct Follower {
    last: i64,
}

impl Follower {
    /// Applies the edits logged since the last pass (and reloads after each one applied); how
    /// many were applied.
    pub fn catch_up(&mut self, store: &Store, editor: &Editor, live: &LiveKnowledge) -> Result<usize, StoreError> {
        let mut applied = 0;
        loop {
            let batch = store.edits_after(self.last.saturating_sub(OVERLAP).max(0), 500)?;
            let newest = batch.last().map_or(self.last, |e| e.id);
            for logged in &batch {
                match apply(editor, live.current().knowledge(), logged) {
                    Outcome::Applied => {
                        applied += 1;
                        if let Err(problems) = live.reload() {
                            tracing::warn!(problems = problems.len(), "a shared edit left the knowledge invalid");
                        }
                        tracing::info!(edit = logged.id, "applied a knowledge edit made through another replica");
                    }
                    Outcome::AlreadyThere => {}
                    Outcome::Skipped(why) if logged.id > self.last => {
                        tracing::warn!(edit = logged.id, why, "skipped a shared knowledge edit");
                    }
                    Outcome::Skipped(_) => {}
                }
            }
            let more = batch.len() == 500 && newest > self.last;
            self.last = self.last.max(newest);
            if !more {
                return Ok(applied);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &to.join(entry.file_name()));
            } else {
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
    }

    /// A replica: its own copy of the shipped knowledge, served and editable.
    fn replica(dir: &Path) -> (Editor, LiveKnowledge) {
        copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge"), &dir.join("knowledge"));
        let editor = Editor::new(&dir.join("knowledge"), &dir.join("backups")).unwrap();
        let live = LiveKnowledge::load(&dir.join("knowledge"), Default::default()).unwrap();
        (editor, live)
    }

    fn answered_by(live: &LiveKnowledge, question: &str) -> Option<String> {
        crate::reply::Reply::to(&live.current(), question).answer.map(|a| a.id)
    }

    /// Two replicas on one log: each moderator's edit, made through either, reaches both; a
    /// replica started later gets both; replaying the log changes nothing.
    pub(crate) fn edits_reach_every_replica(store_a: &Store, store_b: &Store) {
        let dirs = tempfile::tempdir().unwrap();
        let (a, b, late) = (dirs.path().join("a"), dirs.path().join("b"), dirs.path().join("late"));
        let ((editor_a, live_a), (editor_b, live_b)) = (replica(&a), replica(&b));
        let one = Edit::AddPhrasing {
            entry: "wuwei-effortless-action".into(),
            phrasing: "the zen of not pushing things".into(),
        };
        let two = Edit::AddPhrasing {
            entry: "great-firewall-2003".into(),
            phrasing: "that big blocking system on chinese internet borders".into(),
        };
        // Two moderators at once, one through each replica.
        editor_a.apply(&one).unwrap();
        live_a.reload().unwrap();
        record(store_a, 1, &one).unwrap();
        editor_b.apply(&two).unwrap();
        live_b.reload().unwrap();
        record(store_b, 2, &two).unwrap();
        let (mut follow_a, mut follow_b) = (Follower::default(), Follower::default());
        assert_eq!(follow_a.catch_up(store_a, &editor_a, &live_a).unwrap(), 1, "A gets B's edit only");
        assert_eq!(follow_b.catch_up(store_b, &editor_b, &live_b).unwrap(), 1, "B gets A's edit only");
        for live in [&live_a, &live_b] {
            assert_eq!(answered_by(live, "the zen of not pushing things").as_deref(), Some("wuwei-effortless-action"));
            assert_eq!(
                answered_by(live, "that big blocking system on chinese internet borders").as_deref(),
                Some("great-firewall-2003")
            );
        }
        assert_eq!(follow_a.catch_up(store_a, &editor_a, &live_a).unwrap(), 0, "nothing new");
        let (editor_late, live_late) = replica(&late);
        assert_eq!(Follower::default().catch_up(store_b, &editor_late, &live_late).unwrap(), 2);
        assert_eq!(
            answered_by(&live_late, "the zen of not pushing things").as_deref(),
            Some("wuwei-effortless-action")
        );
        // Written with the editor: in the entry's own file, its comments kept.
        let file = std::fs::read_dir(late.join("knowledge/xu-2021"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .find(|text| text.contains("the zen of not pushing things"))
            .unwrap();
        assert!(file.starts_with('#') && file.contains("id = \"wuwei-effortless-action\""));
    }

    #[test]
    fn edits_reach_every_replica_on_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        let (a, b) = (Store::open(&path).unwrap(), Store::open(&path).unwrap());
        edits_reach_every_replica(&a, &b);
    }

    #[cfg(feature = "postgres")]
    #[test]
    fn edits_reach_every_replica_on_postgres() {
        let Some(url) = crate::store::postgres_test_url() else {
            eprintln!("skipped: set NORMBOT_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test to run it");
            return;
        };
        let url = crate::store::postgres_test_schema(&url, "shared_edits");
        let (a, b) = (Store::open(Path::new(&url)).unwrap(), Store::open(Path::new(&url)).unwrap());
        edits_reach_every_replica(&a, &b);
    }

    #[test]
    fn an_edit_whose_phrasing_another_entry_has_is_skipped_not_forced() {
        let dir = tempfile::tempdir().unwrap();
        let (editor, live) = replica(dir.path());
        let taken = Edit::AddPhrasing {
            entry: "great-firewall-2003".into(),
            phrasing: "What is wuwei, and what themes is Taoism associated with?".into(),
        };
        let logged = LoggedEdit { id: 1, at: 0, moderator: 1, edit: serde_json::to_string(&taken).unwrap() };
        assert!(matches!(apply(&editor, live.current().knowledge(), &logged), Outcome::Skipped(_)));
        let garbage = LoggedEdit { edit: "{\"edit\":\"rename_everything\"}".into(), ..logged };
        assert!(matches!(apply(&editor, live.current().knowledge(), &garbage), Outcome::Skipped(_)));
    }
}
