//! The knowledge being served, swapped whole when the files change, never half-way.
//!
//! Every question takes the current matcher (an `Arc`) and keeps it until it is answered, so a
//! reload never changes the knowledge under a question in flight. A reload that finds any
//! problem changes nothing: the bot keeps serving the last good knowledge and reports the
//! problems. [`watch`] reports when the files are written, created, removed or renamed, and
//! [`LiveKnowledge::reload_if_changed`] skips a reload whose files read the same as last time:
//! reading the files is itself a file event to some watchers (inotify reports opens), so without
//! both a reload would set off the next one, forever.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{Event, EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::KnowledgeBase;
use crate::knowledge::removals::{Removals, Roster};
use crate::knowledge::{self, Stats};
use crate::matcher::{Matcher, Thresholds};
use crate::problem::{LoadError, Problem};

/// What a reload that read valid files did.
#[derive(Debug, Clone)]
pub struct Reloaded {
    /// The new knowledge's counts.
    pub stats: Stats,
    /// The entries of the last good knowledge that the new files no longer have.
    pub removals: Removals,
    /// The new knowledge was not swapped in: it loses more entries than allowed, and a
    /// moderator must confirm ([`LiveKnowledge::reload_confirmed`]).
    pub held: bool,
}

/// What a reload did: the new knowledge, or the problems that keep the last good one served.
pub type ReloadResult = Result<Reloaded, Vec<Problem>>;

/// The served knowledge and where it comes from.
#[derive(Debug)]
pub struct LiveKnowledge {
    dir: PathBuf,
    thresholds: Thresholds,
    current: ArcSwap<Matcher>,
    /// Reloads are serialized (two at once would race to store); the fingerprint of the files
    /// last loaded, good or broken, is kept under the same lock.
    reloading: std::sync::Mutex<u64>,
    /// The share of entries a reload may lose without a moderator's confirmation.
    max_removed_share: f64,
    /// Where the entry list of the last good knowledge is kept (shared with `normbot check`);
    /// without one, reloads compare with the knowledge being served.
    record: Option<PathBuf>,
}

impl LiveKnowledge {
    /// Loads the knowledge for the first time; it must be valid.
    pub fn load(dir: &Path, thresholds: Thresholds) -> Result<LiveKnowledge, LoadError> {
        let fingerprint = knowledge::fingerprint(dir);
        let matcher = Matcher::new(Arc::new(KnowledgeBase::load(dir)?), thresholds);
        let live = LiveKnowledge::serving(dir, matcher);
        *live.reloading.lock().unwrap_or_else(|e| e.into_inner()) = fingerprint;
        Ok(live)
    }

    /// Serves an already built matcher, reloading later from `dir`. The files are taken to
    /// have changed since, so the first [`LiveKnowledge::reload_if_changed`] reloads.
    pub fn serving(dir: &Path, matcher: Matcher) -> LiveKnowledge {
        LiveKnowledge {
            dir: dir.to_path_buf(),
            thresholds: matcher.thresholds(),
            current: ArcSwap::from_pointee(matcher),
            reloading: std::sync::Mutex::new(0),
            max_removed_share: 1.0,
            record: None,
        }
    }

    /// Holds reloads that lose more than `max_share` of the entries, comparing with the entry
    /// list kept at `record` (and keeping the served knowledge's there from now on). Returns
    /// the entries that were lost since that list was kept, for the operator to hear of.
    pub fn guarding_removals(mut self, max_share: f64, record: Option<PathBuf>) -> (LiveKnowledge, Removals) {
        self.max_removed_share = max_share;
        self.record = record;
        let served = Roster::of(self.current().knowledge());
        let removals = Removals::between(&self.baseline(), &served);
        self.keep(&served);
        (self, removals)
    }

    /// The matcher to answer one question with.
    pub fn current(&self) -> Arc<Matcher> {
        self.current.load_full()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Loads the files again (a moderator asked); swaps the new knowledge in only if it is
    /// valid and loses no more entries than allowed.
    pub fn reload(&self) -> ReloadResult {
        self.reload_forced(false)
    }

    /// Like [`LiveKnowledge::reload`], but a moderator has confirmed that entries may go.
    pub fn reload_confirmed(&self) -> ReloadResult {
        self.reload_forced(true)
    }

    fn reload_forced(&self, confirmed: bool) -> ReloadResult {
        let mut last = self.reloading.lock().unwrap_or_else(|e| e.into_inner());
        *last = knowledge::fingerprint(&self.dir);
        self.load_and_swap(confirmed)
    }

    /// Reloads only if the files differ from those last loaded (good or broken), for a watcher:
    /// `None` when nothing changed, so nothing is reported.
    pub fn reload_if_changed(&self) -> Option<ReloadResult> {
        let mut last = self.reloading.lock().unwrap_or_else(|e| e.into_inner());
        let now = knowledge::fingerprint(&self.dir);
        if now == *last {
            return None;
        }
        *last = now;
        Some(self.load_and_swap(false))
    }

    fn load_and_swap(&self, confirmed: bool) -> ReloadResult {
        let kb = KnowledgeBase::load(&self.dir).map_err(|e| e.problems())?;
        let stats = kb.stats();
        let roster = Roster::of(&kb);
        let removals = Removals::between(&self.baseline(), &roster);
        let held = !confirmed && removals.exceeds(self.max_removed_share);
        if !held {
            self.current.store(Arc::new(Matcher::new(Arc::new(kb), self.thresholds)));
            self.keep(&roster);
        }
        Ok(Reloaded { stats, removals, held })
    }

    /// The last good knowledge's entries: as kept on disk (a moderator may have accepted
    /// removals with `normbot check --accept-removals` since), else those being served.
    fn baseline(&self) -> Roster {
        self.record.as_deref().and_then(Roster::read).unwrap_or_else(|| Roster::of(self.current().knowledge()))
    }

    fn keep(&self, roster: &Roster) {
        if let Some(path) = &self.record
            && let Err(error) = roster.write(path)
        {
            tracing::warn!(file = %path.display(), %error, "cannot keep the list of the served entries");
        }
    }
}

/// Keeps a folder watched while it lives.
pub struct Watch {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

/// Calls `changed` (debounced) whenever a `*.toml` file in `dir` is written, created, removed or
/// renamed. Opening, reading and closing a file (as every reload does) or changing only its
/// metadata is no change.
pub fn watch(dir: &Path, debounce: Duration, changed: impl Fn() + Send + 'static) -> Result<Watch, String> {
    let mut debouncer = new_debouncer(debounce, None, move |events: DebounceEventResult| match events {
        Ok(events) if events.iter().any(|e| is_knowledge_change(&e.event)) => changed(),
        Ok(_) => {}
        Err(errors) => {
            for error in errors {
                tracing::warn!(%error, "watching the knowledge folder failed");
            }
        }
    })
    .map_err(|e| e.to_string())?;
    debouncer.watch(dir, RecursiveMode::Recursive).map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    Ok(Watch { _debouncer: debouncer })
}

/// Whether a file event may change the knowledge: a write, creation, removal or rename of a
/// `*.toml` file.
fn is_knowledge_change(event: &Event) -> bool {
    let kind = matches!(
        event.kind,
        EventKind::Any
            | EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Any | ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Other)
    );
    kind && event.paths.iter().any(|p| p.extension().is_some_and(|x| x == "toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_of_shipped() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let paper = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge/xu-2021");
        for entry in std::fs::read_dir(paper).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
        dir
    }

    #[test]
    fn a_broken_reload_keeps_the_last_good_knowledge() {
        let dir = copy_of_shipped();
        let live = LiveKnowledge::load(dir.path(), Thresholds::default()).unwrap();
        let before = live.current();
        let file = dir.path().join("qa-development.toml");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replacen("[[qa]]", "[[qa]\n", 1)).unwrap();
        let problems = live.reload().unwrap_err();
        assert!(problems[0].file.ends_with("qa-development.toml") && problems[0].line > 0);
        assert!(Arc::ptr_eq(&before, &live.current()), "still serving the old knowledge");

        std::fs::write(
            &file,
            text.replacen("It was valued at 39.2 trillion Yuan", "RELOADED: it was valued at 39.2 trillion Yuan", 1),
        )
        .unwrap();
        live.reload().unwrap();
        assert!(!Arc::ptr_eq(&before, &live.current()));
        let entry = live.current().knowledge().entry("digital-economy-size").unwrap().answer.clone();
        assert!(entry.contains("RELOADED"), "{entry}");
        // The folder vanishing (or becoming unreadable) is one more broken reload.
        let kept = live.current();
        let gone = dir.path().with_extension("gone");
        std::fs::rename(dir.path(), &gone).ok();
        assert!(live.reload().is_err());
        assert!(Arc::ptr_eq(&kept, &live.current()));
        std::fs::rename(&gone, dir.path()).ok();
        // A question in flight keeps the matcher it started with.
        assert!(!before.knowledge().entry("digital-economy-size").unwrap().answer.contains("RELOADED"));
    }

    #[test]
    fn a_reload_is_skipped_while_the_files_read_the_same() {
        let dir = copy_of_shipped();
        let live = LiveKnowledge::load(dir.path(), Thresholds::default()).unwrap();
        assert!(live.reload_if_changed().is_none(), "nothing changed since the load");
        live.reload().unwrap();
        assert!(live.reload_if_changed().is_none(), "nothing changed since the moderator's reload");

        let file = dir.path().join("qa-development.toml");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replacen("It was valued at", "Edited: it was valued at", 1)).unwrap();
        assert!(matches!(live.reload_if_changed(), Some(Ok(_))));
        assert!(live.reload_if_changed().is_none());

        // A broken file is reported once, not at every look.
        std::fs::write(&file, text.replacen("[[qa]]", "[[qa]", 1)).unwrap();
        assert!(matches!(live.reload_if_changed(), Some(Err(_))));
        assert!(live.reload_if_changed().is_none());
        // Removing a file, or the whole folder, is a change; so is its return.
        std::fs::write(&file, &text).unwrap();
        assert!(matches!(live.reload_if_changed(), Some(Ok(_))));
        let gone = dir.path().with_extension("gone");
        std::fs::rename(dir.path(), &gone).unwrap();
        assert!(matches!(live.reload_if_changed(), Some(Err(_))));
        assert!(live.reload_if_changed().is_none());
        std::fs::rename(&gone, dir.path()).unwrap();
        assert!(matches!(live.reload_if_changed(), Some(Ok(_))));
    }

    /// Deletes the one Q&A file no other file refers to; returns how many entries it had.
    fn delete_entries(dir: &Path) -> usize {
        let file = dir.join("qa-sources.toml");
        let gone = KnowledgeBase::load(dir).unwrap().entries().iter().filter(|e| e.file == "qa-sources.toml").count();
        std::fs::remove_file(file).unwrap();
        gone
    }

    #[test]
    fn a_reload_that_loses_many_entries_is_held_until_confirmed() {
        let dir = copy_of_shipped();
        let state = tempfile::tempdir().unwrap();
        let record = state.path().join("last-good.json");
        let (live, since) = LiveKnowledge::load(dir.path(), Thresholds::default())
            .unwrap()
            .guarding_removals(0.02, Some(record.clone()));
        assert!(since.is_empty());
        let before = live.current();
        let total = before.knowledge().entries().len();
        let lost = delete_entries(dir.path());
        assert!(lost * 50 > total, "the test needs more than 2%: {lost} of {total}");

        let held = live.reload_if_changed().unwrap().unwrap();
        assert!(held.held);
        assert_eq!(held.removals.lost.len(), lost);
        assert_eq!(held.removals.files_gone, ["qa-sources.toml"]);
        assert!(Arc::ptr_eq(&before, &live.current()), "held: still serving every entry");
        assert!(live.reload().unwrap().held, "a plain /reload holds it too");

        let confirmed = live.reload_confirmed().unwrap();
        assert!(!confirmed.held);
        assert_eq!(live.current().knowledge().entries().len(), total - lost);
        // The kept list is now the new knowledge: nothing more is reported as gone.
        assert!(live.reload().unwrap().removals.is_empty());
        assert_eq!(Roster::read(&record).unwrap().len(), total - lost);
    }

    #[test]
    fn a_few_entries_gone_are_served_and_reported() {
        let dir = copy_of_shipped();
        let (live, _) = LiveKnowledge::load(dir.path(), Thresholds::default()).unwrap().guarding_removals(0.1, None);
        let total = live.current().knowledge().entries().len();
        let lost = delete_entries(dir.path());
        let reloaded = live.reload().unwrap();
        assert!(!reloaded.held);
        assert_eq!(reloaded.removals.lost.len(), lost);
        assert!(reloaded.removals.ids().all(|id| live.current().knowledge().entry(id).is_none()));
        assert_eq!(live.current().knowledge().entries().len(), total - lost);
    }

    #[test]
    fn removals_accepted_elsewhere_are_not_held() {
        // `normbot check --accept-removals` keeps the new list; the bot's next reload takes it.
        let dir = copy_of_shipped();
        let state = tempfile::tempdir().unwrap();
        let record = state.path().join("last-good.json");
        let (live, _) = LiveKnowledge::load(dir.path(), Thresholds::default())
            .unwrap()
            .guarding_removals(0.1, Some(record.clone()));
        delete_entries(dir.path());
        Roster::of(&KnowledgeBase::load(dir.path()).unwrap()).write(&record).unwrap();
        let reloaded = live.reload().unwrap();
        assert!(!reloaded.held && reloaded.removals.is_empty());
    }

    #[test]
    fn entries_gone_while_the_bot_was_down_are_told_at_start() {
        let dir = copy_of_shipped();
        let state = tempfile::tempdir().unwrap();
        let record = state.path().join("last-good.json");
        Roster::of(&KnowledgeBase::load(dir.path()).unwrap()).write(&record).unwrap();
        let lost = delete_entries(dir.path());
        let (_, since) = LiveKnowledge::load(dir.path(), Thresholds::default())
            .unwrap()
            .guarding_removals(0.1, Some(record.clone()));
        assert_eq!(since.lost.len(), lost);
        assert_eq!(Roster::read(&record).unwrap(), Roster::of(&KnowledgeBase::load(dir.path()).unwrap()));
    }

    fn event(kind: EventKind, path: &str) -> Event {
        Event::new(kind).add_path(path.into())
    }

    #[test]
    fn only_writes_creations_removals_and_renames_of_toml_files_are_changes() {
        use notify_debouncer_full::notify::event::{
            AccessKind, AccessMode, CreateKind, DataChange, MetadataKind, RemoveKind, RenameMode,
        };
        for kind in [
            EventKind::Create(CreateKind::File),
            EventKind::Modify(ModifyKind::Data(DataChange::Content)),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            EventKind::Remove(RemoveKind::File),
        ] {
            assert!(is_knowledge_change(&event(kind, "k/qa.toml")), "{kind:?}");
            assert!(!is_knowledge_change(&event(kind, "k/.qa.toml.swp")), "{kind:?}");
        }
        for kind in [
            EventKind::Access(AccessKind::Open(AccessMode::Read)),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)),
        ] {
            assert!(!is_knowledge_change(&event(kind, "k/qa.toml")), "{kind:?}");
        }
    }

    /// The loop the watcher once had: each reload read the files, the reads were events, and
    /// each event reloaded. Idle after one edit, the watcher must now call back once.
    #[test]
    fn the_watcher_is_quiet_while_reloads_read_the_files() {
        let dir = copy_of_shipped();
        let live = Arc::new(LiveKnowledge::load(dir.path(), Thresholds::default()).unwrap());
        let reports = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (watching, counted) = (live.clone(), reports.clone());
        let _watch = watch(dir.path(), Duration::from_millis(100), move || {
            if watching.reload_if_changed().is_some() {
                counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
        })
        .unwrap();
        // Reads alone (a moderator's /reload) are no change.
        live.reload().unwrap();
        std::thread::sleep(Duration::from_millis(1500));
        assert_eq!(reports.load(std::sync::atomic::Ordering::SeqCst), 0);
        let file = dir.path().join("qa-development.toml");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replacen("It was valued at", "Edited: it was valued at", 1)).unwrap();
        std::thread::sleep(Duration::from_millis(2500));
        assert_eq!(reports.load(std::sync::atomic::Ordering::SeqCst), 1, "one edit, one reload");
    }
}
