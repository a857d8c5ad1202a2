//! Changing the knowledge files from a program (`normbot teach`, and later Discord's `/teach`),
//! as carefully as a moderator would by hand.
//!
//! An edit is made with toml_edit, so the moderators' comments and layout stay as they were; it is
//! validated with the whole folder before anything is written; it is written atomically (a
//! temporary file in the same folder, fsync, rename, the file's permissions kept), with the previous version kept in a backup
//! folder; and edits are serialized, so two at once both land.

mod atomic;
mod layout;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub use atomic::write_atomically;
use layout::{add_phrasing, find_entry, new_qa};

use super::KnowledgeBase;
use crate::problem::Problem;

/// A change to the knowledge. Serialised (JSON) in the shared edit log, so that every replica
/// applies the edits made through any of them (`crate::shared_edits`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum Edit {
    /// One more way of asking for an existing entry (an alternate of a Q&A entry, a question of
    /// a norm or initiative).
    AddPhrasing { entry: String, phrasing: String },
    /// A new Q&A entry, written to `qa-moderators.toml`.
    NewQa {
        id: String,
        section: Option<String>,
        question: String,
        alternates: Vec<String>,
        answer: String,
        endnotes: Vec<u32>,
    },
    /// A file as a backup kept it (see [`Editor::backups`]).
    Restore { backup: PathBuf },
}

impl Edit {
    /// What a valid edit may still lack, for the moderator to hear: a new entry with no section
    /// is not listed by /topics, and one with no endnote shows students no source.
    pub fn warnings(&self) -> Vec<String> {
        let Edit::NewQa { section, endnotes, .. } = self else { return Vec::new() };
        let mut out = Vec::new();
        if section.is_none() {
            out.push(
                "the new entry has no section, so /topics does not list it: give it one (`section`, or --section)"
                    .into(),
            );
        }
        if endnotes.is_empty() {
            out.push(
                "the new entry cites no endnote, so students see no source: add the paper's (`endnotes`, or --endnote)"
                    .into(),
            );
        }
        out
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("no entry with id `{0}`")]
    UnknownEntry(String),
    #[error("the edit would make the knowledge invalid: {}", .0.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Problem>),
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
}

/// Problems found in the edited version of `file`, told at lines of the files as the moderator
/// has them: a line the edit left alone at its line in the file now (shifted past what the edit
/// adds), a line the edit adds at the line where it would go, and a restored backup's problems
/// in the backup itself.
fn as_in_files(
    problems: Vec<Problem>,
    file: &Path,
    before: &str,
    after: &str,
    restored: Option<&Path>,
) -> Vec<Problem> {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = after.lines().collect();
    let same_start = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let same_end = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take_while(|(a, b)| a == b)
        .count()
        .min(old.len().min(new.len()) - same_start);
    problems
        .into_iter()
        .map(|mut problem| {
            if problem.file != file || problem.line == 0 {
                return problem;
            }
            if let Some(backup) = restored {
                problem.file = backup.to_path_buf();
                return problem;
            }
            let line = problem.line;
            if line <= same_start {
                // Before the change: the same line.
            } else if line > new.len() - same_end {
                problem.line = line + old.len() - new.len();
            } else {
                problem.line = same_start + 1;
                problem.column = 1;
                problem.message = format!("{} (in the lines this edit would add here)", problem.message);
            }
            problem
        })
        .collect()
}

/// What an edit changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Edited {
    pub file: PathBuf,
    pub backup: PathBuf,
    pub before: String,
    pub after: String,
}

/// Applies edits to one paper's folder, one at a time.
#[derive(Debug)]
pub struct Editor {
    dir: PathBuf,
    backups: PathBuf,
    lock: Mutex<()>,
}

/// The file new Q&A entries go to.
pub const NEW_ENTRIES_FILE: &str = "qa-moderators.toml";

impl Editor {
    /// `dir` is a paper's folder (or a folder holding one); previous versions go to `backups`.
    pub fn new(dir: &Path, backups: &Path) -> Result<Editor, EditError> {
        let dir = super::resolve_paper_dir(dir)
            .map_err(|e| EditError::File { path: dir.to_path_buf(), message: e.to_string() })?;
        Ok(Editor { dir, backups: backups.to_path_buf(), lock: Mutex::new(()) })
    }

    pub fn apply(&self, edit: &Edit) -> Result<Edited, EditError> {
        let _one_at_a_time = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let files = self.read_files()?;
        let (file, before, after) = match edit {
            Edit::AddPhrasing { entry, phrasing } => {
                let (file, before) = files
                    .iter()
                    .find(|(_, text)| find_entry(text, entry).is_some())
                    .cloned()
                    .ok_or_else(|| EditError::UnknownEntry(entry.clone()))?;
                let after = add_phrasing(&before, entry, phrasing)
                    .map_err(|message| EditError::File { path: file.clone(), message })?;
                (file, before, after)
            }
            Edit::Restore { backup } => {
                let name = restored_name(backup).ok_or_else(|| EditError::File {
                    path: backup.clone(),
                    message: "not a backup of this folder (they are named <file>.<date-time>.toml)".into(),
                })?;
                let file = self.dir.join(name);
                let before = files.iter().find(|(f, _)| *f == file).map(|(_, t)| t.clone()).unwrap_or_default();
                let after = fs::read_to_string(backup).map_err(|e| self.error(backup, e))?;
                (file, before, after)
            }
            Edit::NewQa { .. } => {
                let file = self.dir.join(NEW_ENTRIES_FILE);
                let before = files.iter().find(|(f, _)| *f == file).map(|(_, t)| t.clone()).unwrap_or_else(|| {
                    "# Q&A entries added by moderators with `normbot teach` or /teach.\n".to_owned()
                });
                let after = new_qa(&before, edit).map_err(|message| EditError::File { path: file.clone(), message })?;
                (file, before, after)
            }
        };
        self.validate(&files, &file, &after).map_err(|problems| {
            let restored = if let Edit::Restore { backup } = edit { Some(backup.as_path()) } else { None };
            EditError::Invalid(as_in_files(problems, &file, &before, &after, restored))
        })?;
        let backup = self.backup(&file, &before)?;
        write_atomically(&file, &after)?;
        Ok(Edited { file, backup, before, after })
    }

    fn read_files(&self) -> Result<Vec<(PathBuf, String)>, EditError> {
        let mut files = Vec::new();
        let entries = fs::read_dir(&self.dir).map_err(|e| self.error(&self.dir, e))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
                let text = fs::read_to_string(&path).map_err(|e| self.error(&path, e))?;
                files.push((path, text));
            }
        }
        files.sort();
        Ok(files)
    }

    fn error(&self, path: &Path, error: std::io::Error) -> EditError {
        EditError::File { path: path.to_path_buf(), message: error.to_string() }
    }

    /// The whole folder, with the edited file's new text, must load.
    fn validate(&self, files: &[(PathBuf, String)], edited: &Path, text: &str) -> Result<(), Vec<Problem>> {
        let mut texts: Vec<(String, String)> =
            files.iter().filter(|(f, _)| f != edited).map(|(f, t)| (f.display().to_string(), t.clone())).collect();
        texts.push((edited.display().to_string(), text.to_owned()));
        texts.sort();
        KnowledgeBase::from_texts(texts.iter().map(|(n, t)| (n.as_str(), t.clone())))
            .map(|_| ())
            .map_err(|e| e.problems())
    }

    /// This paper's backups folder: `<backups>/<paper folder>/`.
    fn backup_dir(&self) -> PathBuf {
        let paper = self.dir.file_name().map_or_else(|| "paper".into(), |n| n.to_string_lossy().into_owned());
        self.backups.join(paper)
    }

    /// Keeps `before` as `<backups>/<paper>/<file>.<date-time>.toml` (UTC), a name a person can
    /// read and sort; a second backup in the same second gets `-2`, and so on.
    fn backup(&self, file: &Path, before: &str) -> Result<PathBuf, EditError> {
        let dir = self.backup_dir();
        fs::create_dir_all(&dir).map_err(|e| self.error(&dir, e))?;
        let stem = file.file_stem().map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
        let format = time::macros::format_description!("[year]-[month]-[day]-[hour][minute][second]");
        let stamp = time::OffsetDateTime::now_utc().format(&format).unwrap_or_else(|_| "now".into());
        let mut backup = dir.join(format!("{stem}.{stamp}.toml"));
        for n in 2.. {
            if !backup.exists() {
                break;
            }
            backup = dir.join(format!("{stem}.{stamp}-{n}.toml"));
        }
        write_atomically(&backup, before)?;
        Ok(backup)
    }

    /// This paper's backups, the newest first.
    pub fn backups(&self) -> Vec<PathBuf> {
        let Ok(entries) = fs::read_dir(self.backup_dir()) else { return Vec::new() };
        let mut found: Vec<PathBuf> =
            entries.flatten().map(|e| e.path()).filter(|p| restored_name(p).is_some()).collect();
        // The date-time sorts as text; the newest first, whichever file it is of.
        found.sort_by_key(|p| std::cmp::Reverse(stamp_of(p)));
        found
    }
}

/// The date-time part of a backup's name ("2026-12-04-152311" or "2026-12-04-152311-2").
fn stamp_of(backup: &Path) -> String {
    let name = backup.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let name = name.strip_suffix(".toml").unwrap_or(&name);
    name.rsplit_once('.').map(|(_, stamp)| stamp.to_owned()).unwrap_or_default()
}

/// The file a backup restores: `qa-history.2026-12-04-152311.toml` is `qa-history.toml`.
pub fn restored_name(backup: &Path) -> Option<String> {
    let name = backup.file_name()?.to_str()?.strip_suffix(".toml")?;
    let (stem, stamp) = name.rsplit_once('.')?;
    let dated = stamp.len() >= 17 && stamp[..17].chars().all(|c| c.is_ascii_digit() || c == '-');
    (dated && !stem.is_empty()).then(|| format!("{stem}.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backups_are_named_by_paper_file_and_date_and_can_be_restored() {
        let knowledge = tempfile::tempdir().unwrap();
        let paper = knowledge.path().join("demo");
        fs::create_dir(&paper).unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        for file in fs::read_dir(&fixture).unwrap().flatten() {
            fs::copy(file.path(), paper.join(file.file_name())).unwrap();
        }
        let backups = tempfile::tempdir().unwrap();
        let editor = Editor::new(&paper, backups.path()).unwrap();
        let original = fs::read_to_string(paper.join("qa.toml")).unwrap();
        let edited = editor
            .apply(&Edit::AddPhrasing { entry: "demo-question".into(), phrasing: "why demos matter".into() })
            .unwrap();
        let name = edited.backup.file_name().unwrap().to_string_lossy().into_owned();
        assert!(edited.backup.starts_with(backups.path().join("demo")), "{}", edited.backup.display());
        assert!(name.starts_with("qa.20") && name.ends_with(".toml"), "{name}");
        assert_eq!(restored_name(&edited.backup).as_deref(), Some("qa.toml"));
        assert_eq!(editor.backups().as_slice(), std::slice::from_ref(&edited.backup));
        // Restoring puts the old text back, validated, and keeps the edited one as a backup too.
        let restored = editor.apply(&Edit::Restore { backup: edited.backup.clone() }).unwrap();
        assert_eq!(fs::read_to_string(paper.join("qa.toml")).unwrap(), original);
        assert!(restored.after == original && restored.before.contains("why demos matter"));
        assert_eq!(editor.backups().len(), 2);
        assert!(restored_name(Path::new("qa.toml")).is_none(), "not a backup");
    }

    /// A refused edit's problems are told at lines of the file as it is, not of the version
    /// that was refused (which the moderator never sees).
    #[test]
    fn a_refused_edit_names_lines_of_the_file_as_it_is() {
        let paper = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        for file in fs::read_dir(&fixture).unwrap().flatten() {
            fs::copy(file.path(), paper.path().join(file.file_name())).unwrap();
        }
        let qa = paper.path().join("qa.toml");
        let text = fs::read_to_string(&qa).unwrap().replace("endnotes = [2]", "endnotes = [99]");
        fs::write(&qa, &text).unwrap();
        assert_eq!(text.lines().position(|l| l == "endnotes = [99]"), Some(22), "line 23 of the file");
        let backups = tempfile::tempdir().unwrap();
        let editor = Editor::new(paper.path(), backups.path()).unwrap();
        let add = |phrasing: &str| Edit::AddPhrasing { entry: "demo-question".into(), phrasing: phrasing.into() };

        // An old problem below the added line keeps its line.
        let Err(EditError::Invalid(problems)) = editor.apply(&add("why demos matter")) else { panic!("refused") };
        let old = problems.iter().find(|p| p.file == qa).unwrap();
        assert_eq!((old.line, old.column), (23, 13), "{problems:?}");
        assert!(old.message.contains("endnote 99 does not exist"), "{problems:?}");

        // A problem in the added line is told where it would go.
        fs::write(&qa, text.replace("endnotes = [99]", "endnotes = [2]")).unwrap();
        let long = "why ".repeat(70);
        let Err(EditError::Invalid(problems)) = editor.apply(&add(&long)) else { panic!("refused") };
        assert!(problems[0].message.ends_with("(in the lines this edit would add here)"), "{problems:?}");
        assert_eq!(problems[0].line, 10, "before the `]` that closes the alternates: {problems:?}");
        // Another entry's line, below the added one, keeps its line too.
        let Err(EditError::Invalid(problems)) = editor.apply(&add("second source")) else { panic!("refused") };
        assert_eq!((problems[0].line, problems[0].entry.as_deref()), (18, Some("second-question")), "{problems:?}");
        assert_eq!(
            fs::read_to_string(&qa).unwrap(),
            text.replace("endnotes = [99]", "endnotes = [2]"),
            "nothing written"
        );
    }

    #[test]
    fn a_new_entry_without_section_or_endnotes_is_warned_about() {
        let new = |section: Option<&str>, endnotes: Vec<u32>| Edit::NewQa {
            id: "x".into(),
            section: section.map(str::to_owned),
            question: "q".into(),
            alternates: Vec::new(),
            answer: "a".into(),
            endnotes,
        };
        assert_eq!(new(None, Vec::new()).warnings().len(), 2);
        assert!(new(Some("norms"), vec![5]).warnings().is_empty());
        assert!(Edit::AddPhrasing { entry: "x".into(), phrasing: "p".into() }.warnings().is_empty());
    }
}
