//! The knowledge being served, swapped whole when the files change, never half-way.
//!
//! Every question takes the current matcher (an `Arc`) and keeps it until it is answered, so a
//! reload never changes the knowledge under a question in flight. A reload that finds any
//! problem changes nothing: the bot keeps serving the last good knowledge and reports the
//! problems. [`watch`] reloads when the files change on disk.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;

use crate::KnowledgeBase;
use crate::knowledge::Stats;
use crate::matcher::{Matcher, Thresholds};
use crate::problem::{LoadError, Problem};

/// The served knowledge and where it comes from.
#[derive(Debug)]
pub struct LiveKnowledge {
    dir: PathBuf,
    thresholds: Thresholds,
    current: ArcSwap<Matcher>,
    /// Reloads are serialized: two at once would race to store.
    reloading: std::sync::Mutex<()>,
}

impl LiveKnowledge {
    /// Loads the knowledge for the first time; it must be valid.
    pub fn load(dir: &Path, thresholds: Thresholds) -> Result<LiveKnowledge, LoadError> {
        let matcher = Matcher::new(Arc::new(KnowledgeBase::load(dir)?), thresholds);
        Ok(LiveKnowledge::serving(dir, matcher))
    }

    /// Serves an already built matcher, reloading later from `dir`.
    pub fn serving(dir: &Path, matcher: Matcher) -> LiveKnowledge {
        LiveKnowledge {
            dir: dir.to_path_buf(),
            thresholds: matcher.thresholds(),
            current: ArcSwap::from_pointee(matcher),
            reloading: std::sync::Mutex::new(()),
        }
    }

    /// The matcher to answer one question with.
    pub fn current(&self) -> Arc<Matcher> {
        self.current.load_full()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Loads the files again; swaps the new knowledge in only if it is valid.
    pub fn reload(&self) -> Result<Stats, Vec<Problem>> {
        let _one_at_a_time = self.reloading.lock().unwrap_or_else(|e| e.into_inner());
        let kb = KnowledgeBase::load(&self.dir).map_err(|e| e.problems())?;
        let stats = kb.stats();
        self.current.store(Arc::new(Matcher::new(Arc::new(kb), self.thresholds)));
        Ok(stats)
    }
}

/// Keeps a folder watched while it lives.
pub struct Watch {
    _debouncer: notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>,
}

/// Calls `changed` (debounced) whenever a file in `dir` is created, changed or removed.
pub fn watch(dir: &Path, debounce: Duration, changed: impl Fn() + Send + 'static) -> Result<Watch, String> {
    let mut debouncer =
        notify_debouncer_mini::new_debouncer(debounce, move |events: notify_debouncer_mini::DebounceEventResult| {
            match events {
                Ok(events) if events.iter().any(|e| e.path.extension().is_some_and(|x| x == "toml")) => changed(),
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "watching the knowledge folder failed"),
            }
        })
        .map_err(|e| e.to_string())?;
    debouncer
        .watcher()
        .watch(dir, notify_debouncer_mini::notify::RecursiveMode::Recursive)
        .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    Ok(Watch { _debouncer: debouncer })
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
}
