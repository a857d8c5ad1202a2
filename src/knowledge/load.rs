//! Reading a paper's folder: files to TOML tables to the raw entries of [`super::source`].
//!
//! Every file is parsed on its own and every entry deserialised on its own, so that one broken
//! entry (or file) does not hide the problems of the others: the moderator sees them all at once.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::EntryKind;
use super::source::{RawAlias, RawCard, RawEndnote, RawEvent, RawPaper, RawQa, RawSection};
use crate::problem::{LoadError, Problem};

/// One knowledge file and its text, kept so that problems can be placed in it.
#[derive(Debug)]
pub(crate) struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// A raw entry and where it was written.
#[derive(Debug)]
pub(crate) struct Located<T> {
    pub file: usize,
    pub span: Range<usize>,
    pub item: T,
}

/// Everything read from a paper's folder, good and bad.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub files: Vec<SourceFile>,
    pub papers: Vec<Located<RawPaper>>,
    pub sections: Vec<Located<RawSection>>,
    pub endnotes: Vec<Located<RawEndnote>>,
    pub cards: Vec<Located<(EntryKind, RawCard)>>,
    pub qas: Vec<Located<RawQa>>,
    pub events: Vec<Located<RawEvent>>,
    pub aliases: Vec<Located<RawAlias>>,
    pub problems: Vec<Problem>,
    /// Some file or entry could not be read at all, so cross-references (uncited endnotes,
    /// unknown ids) would be reported wrongly and are not checked.
    pub incomplete: bool,
}

impl Parsed {
    pub fn problem(&self, file: usize, offset: usize, entry: Option<&str>, message: impl Into<String>) -> Problem {
        let source = &self.files[file];
        Problem::at(&source.path, &source.text, offset, entry, message)
    }
}

/// The folder of the paper to serve: `dir` itself when it holds `*.toml` files, else its one
/// sub-folder that does.
pub fn resolve_paper_dir(dir: &Path) -> Result<PathBuf, LoadError> {
    if !toml_files(dir)?.is_empty() {
        return Ok(dir.to_path_buf());
    }
    let entries = std::fs::read_dir(dir).map_err(|source| LoadError::Directory { path: dir.to_path_buf(), source })?;
    let mut papers: Vec<String> = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && toml_files(&path).is_ok_and(|files| !files.is_empty()) {
            papers.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    papers.sort();
    match papers.len() {
        0 => Err(LoadError::Empty(dir.to_path_buf())),
        1 => Ok(dir.join(&papers[0])),
        _ => Err(LoadError::SeveralPapers { dir: dir.to_path_buf(), papers }),
    }
}

/// The `*.toml` files directly in `dir`, sorted by name.
fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|source| LoadError::Directory { path: dir.to_path_buf(), source })?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// A fingerprint of what [`read_dir`] would read from `dir` now: the paper folder's `*.toml`
/// files, their names and contents (or why they cannot be read). Two equal fingerprints mean a
/// reload would load the same knowledge, so a watcher can skip it. Kept in memory only: the
/// hash need not be stable across builds.
pub fn fingerprint(dir: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    match resolve_paper_dir(dir).and_then(|paper| toml_files(&paper)) {
        Err(error) => error.to_string().hash(&mut hasher),
        Ok(files) => {
            for path in files {
                path.hash(&mut hasher);
                match std::fs::read(&path) {
                    Ok(bytes) => bytes.hash(&mut hasher),
                    Err(error) => error.kind().hash(&mut hasher),
                }
            }
        }
    }
    hasher.finish()
}

/// Reads and parses every `*.toml` file of a paper's folder.
pub(crate) fn read_dir(dir: &Path) -> Result<Parsed, LoadError> {
    let files = toml_files(dir)?;
    if files.is_empty() {
        return Err(LoadError::Empty(dir.to_path_buf()));
    }
    let mut parsed = Parsed::default();
    for path in files {
        match std::fs::read(&path) {
            Err(e) => {
                parsed.problems.push(Problem::whole_file(&path, format!("cannot read the file: {e}")));
                parsed.incomplete = true;
            }
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => parse_text(&mut parsed, path, text),
                Err(e) => {
                    let valid = e.utf8_error().valid_up_to();
                    let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
                    parsed.problems.push(Problem::at(
                        &path,
                        &text,
                        valid,
                        None,
                        "the file is not UTF-8 text (save it as UTF-8)",
                    ));
                    parsed.incomplete = true;
                }
            },
        }
    }
    Ok(parsed)
}

/// Parses one file's text (also used by tests and tools that hold the text in memory).
pub(crate) fn parse_text(parsed: &mut Parsed, path: PathBuf, text: String) {
    let file = parsed.files.len();
    parsed.files.push(SourceFile { path, text });
    let text = parsed.files[file].text.as_str();
    let (root, errors) = DeTable::parse_recoverable(text);
    // Only a file's first syntax error: the rest are most often its echoes (one missing `]`
    // made 1,569 of them), and the file is read again once it is fixed.
    if let Some(error) = errors.first() {
        let offset = error.span().map_or(0, |s| s.start);
        let mut message = super::plain::syntax_error(error.message());
        if errors.len() > 1 {
            message.push_str("; this file is not read further until it is fixed");
        }
        let problem = parsed.problem(file, offset, None, message);
        parsed.problems.push(problem);
        parsed.incomplete = true;
        return;
    }
    let mut problems = Vec::new();
    let mut out = Tables::default();
    for (key, value) in root.get_ref().iter() {
        read_table(&mut out, &mut problems, file, key, value);
    }
    for (offset, entry, message) in problems {
        let problem = parsed.problem(file, offset, entry.as_deref(), message);
        parsed.problems.push(problem);
        parsed.incomplete = true;
    }
    parsed.papers.extend(out.papers);
    parsed.sections.extend(out.sections);
    parsed.endnotes.extend(out.endnotes);
    parsed.cards.extend(out.cards);
    parsed.qas.extend(out.qas);
    parsed.events.extend(out.events);
    parsed.aliases.extend(out.aliases);
}

#[derive(Default)]
struct Tables {
    papers: Vec<Located<RawPaper>>,
    sections: Vec<Located<RawSection>>,
    endnotes: Vec<Located<RawEndnote>>,
    cards: Vec<Located<(EntryKind, RawCard)>>,
    qas: Vec<Located<RawQa>>,
    events: Vec<Located<RawEvent>>,
    aliases: Vec<Located<RawAlias>>,
}

type RawProblem = (usize, Option<String>, String);

const TABLES: &str = "[paper], [[section]], [[endnote]], [[norm]], [[initiative]], [[qa]], [[event]] or [[alias]]";

fn read_table(
    out: &mut Tables,
    problems: &mut Vec<RawProblem>,
    file: usize,
    key: &Spanned<std::borrow::Cow<'_, str>>,
    value: &Spanned<DeValue<'_>>,
) {
    let name = key.get_ref().as_ref();
    let at = key.span().start;
    match name {
        "paper" => match value.get_ref() {
            DeValue::Table(_) => {
                if let Some(paper) = entry::<RawPaper>(problems, value, "paper") {
                    out.papers.push(Located { file, span: value.span(), item: paper });
                }
            }
            _ => problems.push((at, None, "`paper` must be a table: write `[paper]` on its own line".into())),
        },
        "section" | "endnote" | "norm" | "initiative" | "qa" | "event" | "alias" => {
            let DeValue::Array(items) = value.get_ref() else {
                let message = format!("write `[[{name}]]` (two brackets) before each {name}, not `[{name}]`");
                problems.push((at, None, message));
                return;
            };
            for item in items.iter() {
                if !matches!(item.get_ref(), DeValue::Table(_)) {
                    problems.push((item.span().start, None, format!("each `{name}` must be a table: `[[{name}]]`")));
                    continue;
                }
                let span = item.span();
                match name {
                    "section" => push(&mut out.sections, entry(problems, item, name), file, span),
                    "endnote" => push(&mut out.endnotes, entry(problems, item, name), file, span),
                    "norm" => {
                        push(&mut out.cards, entry(problems, item, name).map(|c| (EntryKind::Norm, c)), file, span)
                    }
                    "initiative" => push(
                        &mut out.cards,
                        entry(problems, item, name).map(|c| (EntryKind::Initiative, c)),
                        file,
                        span,
                    ),
                    "event" => push(&mut out.events, entry(problems, item, name), file, span),
                    "alias" => push(&mut out.aliases, entry(problems, item, name), file, span),
                    _ => push(&mut out.qas, entry(problems, item, name), file, span),
                }
            }
        }
        _ => {
            problems.push((at, None, format!("unknown table `{name}`: expected {TABLES}")));
        }
    }
}

fn push<T>(list: &mut Vec<Located<T>>, item: Option<T>, file: usize, span: Range<usize>) {
    if let Some(item) = item {
        list.push(Located { file, span, item });
    }
}

/// Deserialises one table, turning serde's error into a located problem.
fn entry<T: for<'de> Deserialize<'de>>(
    problems: &mut Vec<RawProblem>,
    value: &Spanned<DeValue<'_>>,
    kind: &str,
) -> Option<T> {
    match T::deserialize(ValueDeserializer::from(value.clone())) {
        Ok(item) => Some(item),
        Err(error) => {
            let id = entry_label(value.get_ref());
            let offset = error.span().map_or(value.span().start, |s| s.start);
            let message = error.message().trim().replace('\n', " ");
            // The key whose value is at fault, for "`endnotes` must be a list".
            let key = value.get_ref().as_table().and_then(|table| {
                table
                    .iter()
                    .find(|(_, v)| error.span().is_some_and(|s| v.span() == s))
                    .map(|(k, _)| k.get_ref().to_string())
            });
            let message = super::plain::deserialize_error(&message, key.as_deref(), kind);
            problems.push((offset, id, message));
            None
        }
    }
}

/// The id (or endnote number) of a table that may not deserialise, to label its problems.
fn entry_label(value: &DeValue<'_>) -> Option<String> {
    let table = value.as_table()?;
    if let Some(id) = table.get("id").and_then(|v| v.get_ref().as_str()) {
        return Some(id.to_owned());
    }
    if let Some(date) = table.get("date").filter(|_| table.contains_key("what")).and_then(|v| v.get_ref().as_str()) {
        return Some(format!("event {date}"));
    }
    table.get("number").and_then(|v| v.get_ref().as_integer()).map(|n| format!("endnote {}", n.as_str()))
}
