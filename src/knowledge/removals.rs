//! Entries that an edit of the knowledge makes disappear.
//!
//! Deleting a `qa-*.toml` file, or a merge gone wrong, can drop dozens of entries and still
//! load cleanly, so no check of the files alone notices. The bot and `normbot check` therefore
//! compare each load with the last good one: its [`Roster`] (every entry's id and file) is kept
//! in the backups folder as `<paper>/last-good.json`. The entries that are gone are reported by
//! id and file, and a load that loses more than a configured share is held until a moderator
//! confirms it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::KnowledgeBase;

/// How many ids a report lists before it says "and N more".
const IDS_SHOWN: usize = 12;

/// The entries of one load: each id with the file it is written in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    entries: BTreeMap<String, String>,
}

impl Roster {
    pub fn of(kb: &KnowledgeBase) -> Roster {
        Roster { entries: kb.entries().iter().map(|e| (e.id.clone(), e.file.clone())).collect() }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The roster kept at `path`; `None` when there is none yet (or it cannot be read, which
    /// only means there is nothing to compare with).
    pub fn read(path: &Path) -> Option<Roster> {
        let text = std::fs::read_to_string(path).ok()?;
        match serde_json::from_str(&text) {
            Ok(roster) => Some(roster),
            Err(error) => {
                tracing::warn!(file = %path.display(), %error, "the last good knowledge's entry list is unreadable");
                None
            }
        }
    }

    /// Keeps this roster at `path` (written whole, then renamed into place).
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        let temporary = path.with_extension("json.new");
        std::fs::write(&temporary, text + "\n")?;
        std::fs::rename(&temporary, path)
    }
}

/// Where the roster of the last good load of a knowledge folder is kept:
/// `<backups>/<paper folder>/last-good.json`, next to that paper's backups.
pub fn record_path(backups: &Path, knowledge: &Path) -> PathBuf {
    let paper = super::resolve_paper_dir(knowledge).unwrap_or_else(|_| knowledge.to_path_buf());
    let name = paper.file_name().map_or_else(|| "paper".into(), |n| n.to_string_lossy().into_owned());
    backups.join(name).join("last-good.json")
}

/// One entry of the last good load that a new load no longer has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lost {
    pub id: String,
    pub file: String,
}

/// The entries of the last good load that a new load no longer has.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Removals {
    /// How many entries the last good load had.
    pub before: usize,
    pub lost: Vec<Lost>,
    /// The files none of whose entries are left (deleted or emptied).
    pub files_gone: Vec<String>,
}

impl Removals {
    pub fn between(before: &Roster, after: &Roster) -> Removals {
        let lost: Vec<Lost> = before
            .entries
            .iter()
            .filter(|(id, _)| !after.entries.contains_key(*id))
            .map(|(id, file)| Lost { id: id.clone(), file: file.clone() })
            .collect();
        let mut files_gone: Vec<String> =
            lost.iter().map(|l| l.file.clone()).filter(|file| !after.entries.values().any(|f| f == file)).collect();
        files_gone.sort();
        files_gone.dedup();
        Removals { before: before.len(), lost, files_gone }
    }

    pub fn is_empty(&self) -> bool {
        self.lost.is_empty()
    }

    /// The share of the last good load's entries that are gone (0 to 1).
    pub fn share(&self) -> f64 {
        if self.before == 0 { 0.0 } else { self.lost.len() as f64 / self.before as f64 }
    }

    /// Whether so many entries are gone that a moderator must confirm (more than `share`).
    pub fn exceeds(&self, share: f64) -> bool {
        !self.is_empty() && self.share() > share
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.lost.iter().map(|l| l.id.as_str())
    }
}

/// "30 entries of the last good knowledge are gone: all of qa-history.toml (a, b, …); from
/// qa-norms.toml: c".
impl fmt::Display for Removals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.lost.len();
        write!(
            f,
            "{n} entr{} of the last good knowledge {} gone ({:.0}% of {}):",
            if n == 1 { "y" } else { "ies" },
            if n == 1 { "is" } else { "are" },
            self.share() * 100.0,
            self.before
        )?;
        let mut files: Vec<&str> = self.lost.iter().map(|l| l.file.as_str()).collect();
        files.sort_unstable();
        files.dedup();
        let mut shown = 0;
        for (i, file) in files.iter().enumerate() {
            let ids: Vec<&str> = self.lost.iter().filter(|l| l.file == *file).map(|l| l.id.as_str()).collect();
            let label = if self.files_gone.iter().any(|g| g == file) {
                format!("all of {file}")
            } else {
                format!("from {file}")
            };
            let room = IDS_SHOWN.saturating_sub(shown);
            let listed = ids.iter().take(room.max(1)).copied().collect::<Vec<_>>();
            shown += listed.len();
            let more = ids.len() - listed.len();
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            write!(f, "{} {label} ({}{more})", if i == 0 { "" } else { ";" }, listed.join(", "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster(entries: &[(&str, &str)]) -> Roster {
        Roster { entries: entries.iter().map(|(id, file)| (id.to_string(), file.to_string())).collect() }
    }

    #[test]
    fn a_deleted_file_is_named_and_its_ids_listed() {
        let before = roster(&[
            ("a", "qa-history.toml"),
            ("b", "qa-history.toml"),
            ("c", "qa-norms.toml"),
            ("d", "qa-norms.toml"),
        ]);
        let after = roster(&[("c", "qa-norms.toml"), ("d", "qa-norms.toml"), ("e", "qa-norms.toml")]);
        let removals = Removals::between(&before, &after);
        assert_eq!(removals.ids().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(removals.files_gone, ["qa-history.toml"]);
        assert_eq!(
            removals.to_string(),
            "2 entries of the last good knowledge are gone (50% of 4): all of qa-history.toml (a, b)"
        );
        assert!(removals.exceeds(0.1));
        assert!(!removals.exceeds(0.5));
    }

    #[test]
    fn one_entry_gone_from_a_file_that_stays() {
        let before = roster(&[("a", "qa.toml"), ("b", "qa.toml")]);
        let removals = Removals::between(&before, &roster(&[("b", "qa.toml")]));
        assert_eq!(removals.to_string(), "1 entry of the last good knowledge is gone (50% of 2): from qa.toml (a)");
    }

    #[test]
    fn nothing_gone_is_empty_even_when_entries_were_added_or_moved() {
        let before = roster(&[("a", "one.toml")]);
        let removals = Removals::between(&before, &roster(&[("a", "two.toml"), ("b", "two.toml")]));
        assert!(removals.is_empty());
        assert!(!removals.exceeds(0.0));
    }

    #[test]
    fn long_lists_are_cut_with_a_count() {
        let ids: Vec<String> = (0..20).map(|i| format!("e{i:02}")).collect();
        let before = roster(&ids.iter().map(|id| (id.as_str(), "qa.toml")).collect::<Vec<_>>());
        let text = Removals::between(&before, &Roster::default()).to_string();
        assert!(text.ends_with("e11 and 8 more)"), "{text}");
    }

    #[test]
    fn a_roster_is_kept_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = record_path(dir.path(), Path::new("knowledge/xu-2021"));
        assert!(path.ends_with("xu-2021/last-good.json"));
        assert_eq!(Roster::read(&path), None);
        let kept = roster(&[("a", "qa.toml")]);
        kept.write(&path).unwrap();
        assert_eq!(Roster::read(&path), Some(kept));
    }
}
