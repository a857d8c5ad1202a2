//! Changing the knowledge files from a program (`normbot teach`, and later Discord's `/teach`),
//! as carefully as a moderator would by hand.
//!
//! An edit is made with toml_edit, so the moderators' comments and layout stay as they were; it is
//! validated with the whole folder before anything is written; it is written atomically (a
//! temporary file in the same folder, fsync, rename), with the previous version kept in a backup
//! folder; and edits are serialized, so two at once both land.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value, value};

use super::KnowledgeBase;
use crate::problem::Problem;

/// A change to the knowledge.
#[derive(Debug, Clone, PartialEq)]
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
            Edit::NewQa { .. } => {
                let file = self.dir.join(NEW_ENTRIES_FILE);
                let before = files.iter().find(|(f, _)| *f == file).map(|(_, t)| t.clone()).unwrap_or_else(|| {
                    "# Q&A entries added by moderators with `normbot teach` or /teach.\n".to_owned()
                });
                let after = new_qa(&before, edit).map_err(|message| EditError::File { path: file.clone(), message })?;
                (file, before, after)
            }
        };
        self.validate(&files, &file, &after)?;
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
    fn validate(&self, files: &[(PathBuf, String)], edited: &Path, text: &str) -> Result<(), EditError> {
        let mut texts: Vec<(String, String)> =
            files.iter().filter(|(f, _)| f != edited).map(|(f, t)| (f.display().to_string(), t.clone())).collect();
        texts.push((edited.display().to_string(), text.to_owned()));
        texts.sort();
        KnowledgeBase::from_texts(texts.iter().map(|(n, t)| (n.as_str(), t.clone())))
            .map(|_| ())
            .map_err(|e| EditError::Invalid(e.problems()))
    }

    fn backup(&self, file: &Path, before: &str) -> Result<PathBuf, EditError> {
        fs::create_dir_all(&self.backups).map_err(|e| self.error(&self.backups, e))?;
        let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let name = file.file_name().map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
        let backup = self.backups.join(format!("{name}.{stamp}"));
        write_atomically(&backup, before)?;
        Ok(backup)
    }
}

/// Writes a file so that a crash at any moment leaves either the old file or the new one.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), EditError> {
    let error = |e: std::io::Error| EditError::File { path: path.to_path_buf(), message: e.to_string() };
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    // Not a *.toml name, so that the loader never reads a half-written temporary file.
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut file = fs::File::create(&temporary).map_err(error)?;
    file.write_all(text.as_bytes()).map_err(error)?;
    file.sync_all().map_err(error)?;
    drop(file);
    fs::rename(&temporary, path).map_err(error)?;
    if let Ok(dir) = fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Where an entry is: its table kind and index.
fn find_entry(text: &str, id: &str) -> Option<(&'static str, usize)> {
    let doc: DocumentMut = text.parse().ok()?;
    for kind in ["qa", "norm", "initiative"] {
        if let Some(tables) = doc.get(kind).and_then(Item::as_array_of_tables)
            && let Some(i) = tables.iter().position(|t| t.get("id").and_then(Item::as_str) == Some(id))
        {
            return Some((kind, i));
        }
    }
    None
}

fn add_phrasing(text: &str, id: &str, phrasing: &str) -> Result<String, String> {
    let (kind, index) = find_entry(text, id).ok_or_else(|| format!("no entry `{id}`"))?;
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| e.to_string())?;
    let table = doc[kind].as_array_of_tables_mut().and_then(|t| t.get_mut(index)).ok_or("entry vanished")?;
    let key = if kind == "qa" { "alternates" } else { "questions" };
    if table.get(key).is_none() {
        table.insert(key, value(Array::new()));
    }
    let array = table[key].as_array_mut().ok_or_else(|| format!("`{key}` is not a list"))?;
    push_like_the_others(array, phrasing);
    Ok(doc.to_string())
}

/// Appends to an array in the layout of its last element (one per line stays one per line).
fn push_like_the_others(array: &mut Array, text: &str) {
    let decor = array.iter().last().map(|v| v.decor().clone());
    array.push(text);
    if let (Some(decor), Some(last)) = (decor, array.iter_mut().last()) {
        *last.decor_mut() = decor;
    }
}

fn new_qa(text: &str, edit: &Edit) -> Result<String, String> {
    let Edit::NewQa { id, section, question, alternates, answer, endnotes } = edit else {
        return Err("not a new entry".into());
    };
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| e.to_string())?;
    let mut table = Table::new();
    table.insert("id", value(id.as_str()));
    if let Some(section) = section {
        table.insert("section", value(section.as_str()));
    }
    table.insert("question", value(question.as_str()));
    let mut list = Array::new();
    for alternate in alternates {
        list.push(alternate.as_str());
    }
    table.insert("alternates", value(list));
    table.insert("answer", value(answer.as_str()));
    let mut numbers = Array::new();
    for n in endnotes {
        numbers.push(i64::from(*n));
    }
    table.insert("endnotes", Item::Value(Value::Array(numbers)));
    if doc.get("qa").is_none() {
        doc.insert("qa", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    doc["qa"].as_array_of_tables_mut().ok_or("`qa` is not a list of tables")?.push(table);
    Ok(doc.to_string())
}
