//! Changing the knowledge files from a program (`normbot teach`, and later Discord's `/teach`),
//! as carefully as a moderator would by hand.
//!
//! An edit is made with toml_edit, so the moderators' comments and layout stay as they were; it is
//! validated with the whole folder before anything is written; it is written atomically (a
//! temporary file in the same folder, fsync, rename, the file's permissions kept), with the previous version kept in a backup
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

/// Writes a file so that a crash at any moment leaves either the old file or the new one.
///
/// The text goes to a temporary file in the same folder (tempfile's `NamedTempFile`), is synced,
/// takes the old file's permissions (a new file gets the usual 0666 less the umask, as
/// `File::create` gives), and is renamed over the old one (`persist`). On any failure the
/// temporary file is removed and the old file is left as it was.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), EditError> {
    write_with(path, |file| file.write_all(text.as_bytes()))
}

fn write_with(path: &Path, write: impl FnOnce(&mut fs::File) -> std::io::Result<()>) -> Result<(), EditError> {
    let error = |e: std::io::Error| EditError::File { path: path.to_path_buf(), message: e.to_string() };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let original = fs::metadata(path).ok().map(|m| m.permissions());
    // Not a *.toml name, so that the loader never reads a half-written temporary file.
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    // Dropped on every early return below, which deletes the temporary file.
    let mut temporary = builder.tempfile_in(dir).map_err(error)?;
    write(temporary.as_file_mut()).map_err(error)?;
    if let Some(permissions) = original {
        temporary.as_file().set_permissions(permissions).map_err(error)?;
    }
    temporary.as_file().sync_all().map_err(error)?;
    temporary.persist(path).map_err(|e| error(e.error))?;
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

/// Appends to an array in the layout of its last element (one per line stays one per line),
/// each comment staying with its item: the comment after the last item (`"c", # last one`) is
/// kept in the array's trailing text, which now goes before the new item, not after it.
fn push_like_the_others(array: &mut Array, text: &str) {
    let decor = array.iter().last().map(|v| v.decor().clone());
    let trailing = array.trailing().as_str().unwrap_or_default().to_owned();
    array.push(text);
    let Some(decor) = decor else { return };
    let prefix = decor.prefix().and_then(|p| p.as_str()).unwrap_or_default();
    let Some(last) = array.iter_mut().last() else { return };
    *last.decor_mut() = decor.clone();
    // One item a line: the new item opens with the old trailing text (the last item's comment
    // and its line break) and the indentation of the others; "]" gets a line of its own.
    if let (Some(break_at), Some(indent_at)) = (trailing.rfind('\n'), prefix.rfind('\n')) {
        let indentation = &prefix[indent_at + 1..];
        last.decor_mut().set_prefix(format!("{}{indentation}", &trailing[..=break_at]));
        array.set_trailing(format!("\n{}", &trailing[break_at + 1..]));
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
    // The guide's layout: one alternate a line, the answer wrapped near 100 columns.
    let mut list = Array::new();
    for alternate in alternates {
        list.push(alternate.as_str());
    }
    for item in list.iter_mut() {
        item.decor_mut().set_prefix("\n  ");
    }
    list.set_trailing_comma(true);
    list.set_trailing("\n");
    table.insert("alternates", value(list));
    table.insert("answer", Item::Value(wrapped(answer)));
    let mut numbers = Array::new();
    for n in endnotes {
        numbers.push(i64::from(*n));
    }
    table.insert("endnotes", Item::Value(Value::Array(numbers)));
    if doc.get("qa").is_none() {
        // The file's header comment stays on top, before the first entry.
        let header = doc.trailing().as_str().unwrap_or_default().to_owned();
        table.decor_mut().set_prefix(header);
        doc.set_trailing("");
        doc.insert("qa", Item::ArrayOfTables(ArrayOfTables::new()));
    } else {
        table.decor_mut().set_prefix("\n");
    }
    doc["qa"].as_array_of_tables_mut().ok_or("`qa` is not a list of tables")?.push(table);
    Ok(doc.to_string())
}

/// A long text as a `"""` string wrapped near 100 columns, each line ending in `\` so that the
/// text stays one paragraph (as the guide writes answers); a short one as a plain string.
fn wrapped(text: &str) -> Value {
    const WIDTH: usize = 96;
    if text.chars().count() <= WIDTH || text.contains('\n') {
        return Value::from(text);
    }
    let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
    let mut lines: Vec<String> = vec![String::new()];
    for word in escaped.split(' ') {
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WIDTH {
            line.push(' ');
            lines.push(word.to_owned());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    // Each line's trailing space is kept before the `\`, which joins the next line to it.
    let source = format!("\"\"\"\n{}\"\"\"", lines.join("\\\n"));
    match source.parse::<Value>() {
        Ok(value) if value.as_str() == Some(text) => value,
        _ => Value::from(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

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

    #[test]
    fn a_new_entry_is_written_in_the_guides_layout_under_the_header() {
        let answer = "It argues that demos are useful, and it says so at length, in a sentence long enough to need \
                      wrapping, with \"quotes\" and a backslash \\ too.";
        let edit = Edit::NewQa {
            id: "x".into(),
            section: Some("norms".into()),
            question: "Why demos?".into(),
            alternates: vec!["a".into(), "b".into()],
            answer: answer.into(),
            endnotes: vec![1],
        };
        let text = new_qa("# Entries added by moderators.\n", &edit).unwrap();
        assert!(text.starts_with("# Entries added by moderators.\n[[qa]]\n"), "{text}");
        assert!(text.contains("alternates = [\n  \"a\",\n  \"b\",\n]\n"), "{text}");
        assert!(text.contains("answer = \"\"\"\n"), "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
        let doc: DocumentMut = text.parse().unwrap();
        assert_eq!(doc["qa"][0]["answer"].as_str(), Some(answer), "the same text, wrapped only in the file");
        let Edit::NewQa { section, question, alternates, answer, endnotes, .. } = edit else { unreachable!() };
        let second =
            new_qa(&text, &Edit::NewQa { id: "y".into(), section, question, alternates, answer, endnotes }).unwrap();
        assert!(second.starts_with("# Entries added by moderators.\n[[qa]]\n"), "{second}");
        assert!(second.contains("\n\n[[qa]]\nid = \"y\""), "a blank line between entries: {second}");
    }

    #[test]
    fn a_comment_stays_with_its_item_when_a_phrasing_is_added() {
        let text = "[[qa]]\nid = \"x\"\nalternates = [\n  \"a\",\n  \"b\", # terse\n  \"c\", # last one\n]\n";
        let edited = add_phrasing(text, "x", "d").unwrap();
        assert_eq!(
            edited,
            "[[qa]]\nid = \"x\"\nalternates = [\n  \"a\",\n  \"b\", # terse\n  \"c\", # last one\n  \"d\",\n]\n"
        );
        let single = add_phrasing("[[qa]]\nid = \"x\"\nalternates = [\"a\", \"b\"]\n", "x", "c").unwrap();
        assert_eq!(single, "[[qa]]\nid = \"x\"\nalternates = [\"a\", \"b\", \"c\"]\n");
    }

    #[test]
    fn a_failed_write_leaves_no_temporary_file_and_the_original_intact() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("qa.toml");
        fs::write(&file, "original").unwrap();
        let failed = write_with(&file, |f| {
            f.write_all(b"half of the new")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(matches!(&failed, Err(EditError::File { message, .. }) if message.contains("disk full")), "{failed:?}");
        assert_eq!(fs::read_to_string(&file).unwrap(), "original");
        assert_eq!(names(dir.path()), ["qa.toml"], "no temporary file is left behind");

        // The rename failing (the target is a folder) leaves nothing behind either.
        let folder = dir.path().join("folder.toml");
        fs::create_dir(&folder).unwrap();
        fs::write(folder.join("inside"), "kept").unwrap();
        assert!(write_atomically(&folder, "new").is_err());
        assert_eq!(names(dir.path()), ["folder.toml", "qa.toml"]);
        assert_eq!(fs::read_to_string(folder.join("inside")).unwrap(), "kept");

        write_atomically(&file, "new").unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "new");
        assert_eq!(names(dir.path()), ["folder.toml", "qa.toml"]);
    }

    #[cfg(unix)]
    #[test]
    fn the_file_keeps_its_permissions_and_a_new_one_gets_the_usual_ones() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        let dir = tempfile::tempdir().unwrap();
        for kept in [0o640, 0o664, 0o600, 0o444] {
            let file = dir.path().join("qa.toml");
            let _ = fs::remove_file(&file);
            fs::write(&file, "original").unwrap();
            fs::set_permissions(&file, fs::Permissions::from_mode(kept)).unwrap();
            write_atomically(&file, "new").unwrap();
            assert_eq!(fs::read_to_string(&file).unwrap(), "new");
            assert_eq!(mode(&file), kept, "{kept:o}");
        }
        // A new file: as File::create makes one (0666 less the umask), not tempfile's 0600.
        let usual = dir.path().join("usual");
        fs::File::create(&usual).unwrap();
        let new = dir.path().join("new.toml");
        write_atomically(&new, "new").unwrap();
        assert_eq!(mode(&new), mode(&usual));
    }
}
