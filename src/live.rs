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
use crate::knowledge::{self, Stats};
use crate::matcher::{Matcher, Thresholds};
use crate::problem::{LoadError, Problem};

/// The served knowledge and where it comes from.
#[derive(Debug)]
pub struct LiveKnowledge {
    dir: PathBuf,
    thresholds: Thresholds,
    current: ArcSwap<Matcher>,
    /// Reloads are serialized (two at once would race to store); the fingerprint of the files
    /// last loaded, good or broken, is kept under the same lock.
    reloading: std::sync::Mutex<u64>,
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
        }
    }

    /// The matcher to answer one question with.
    pub fn current(&self) -> Arc<Matcher> {
        self.current.load_full()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Loads the files again (a moderator asked); swaps the new knowledge in only if it is valid.
    pub fn reload(&self) -> Result<Stats, Vec<Problem>> {
        let mut last = self.reloading.lock().unwrap_or_else(|e| e.into_inner());
        *last = knowledge::fingerprint(&self.dir);
        self.load_and_swap()
    }

    /// Reloads only if the files differ from those last loaded (good or broken), for a watcher:
    /// `None` when nothing changed, so nothing is reported.
    pub fn reload_if_changed(&self) -> Option<Result<Stats, Vec<Problem>>> {
        let mut last = self.reloading.lock().unwrap_or_else(|e| e.into_inner());
        let now = knowledge::fingerprint(&self.dir);
        if now == *last {
            return None;
        }
        *last = now;
        Some(self.load_and_swap())
    }

    fn load_and_swap(&self) -> Result<Stats, Vec<Problem>> {
        let kb = KnowledgeBase::load(&self.dir).map_err(|e| e.problems())?;
        let stats = kb.stats();
        self.current.store(Arc::new(Matcher::new(Arc::new(kb), self.thresholds)));
        Ok(stats)
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
