//! What is wrong with a knowledge file, said so that a moderator can find and fix it.
//!
//! Every problem carries the file, line and column it was found at and the entry it belongs to,
//! and the loader gathers all of them before it gives up, so that one run of `normbot check`
//! shows everything that needs fixing.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// One problem in one knowledge file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The file, as given to the loader (relative paths stay relative).
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based column, counted in characters; 0 when the problem concerns the file as a whole.
    pub column: usize,
    /// The id (or endnote number) of the entry the problem is in, when it is known.
    pub entry: Option<String>,
    pub message: String,
}

impl Problem {
    /// A problem with the file as a whole (it cannot be read, it is not UTF-8, …).
    pub fn whole_file(file: &Path, message: impl Into<String>) -> Self {
        Problem { file: file.to_path_buf(), line: 0, column: 0, entry: None, message: message.into() }
    }

    /// A problem at a byte offset of a file's text.
    pub fn at(file: &Path, text: &str, offset: usize, entry: Option<&str>, message: impl Into<String>) -> Self {
        let (line, column) = line_column(text, offset);
        Problem { file: file.to_path_buf(), line, column, entry: entry.map(str::to_owned), message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        if let Some(entry) = &self.entry {
            write!(f, " [{entry}]")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// 1-based line and character column of a byte offset (clamped to the text).
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Why knowledge could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read the knowledge directory {path}: {source}")]
    Directory {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no knowledge files (*.toml) in {0}")]
    Empty(PathBuf),
    #[error("{dir} holds several papers ({}); choose one, e.g. --knowledge {}", .papers.join(", "), .dir.join(&.papers[0]).display())]
    SeveralPapers { dir: PathBuf, papers: Vec<String> },
    #[error("{} problem{} in the knowledge files", .0.len(), if .0.len() == 1 { "" } else { "s" })]
    Invalid(Vec<Problem>),
}

impl LoadError {
    /// The problems to show, one per line; a directory-level error becomes one problem.
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            LoadError::Invalid(problems) => problems.clone(),
            LoadError::Directory { path, .. } | LoadError::Empty(path) | LoadError::SeveralPapers { dir: path, .. } => {
                vec![Problem::whole_file(path, self.to_string())]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_lines_and_characters() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        // "é" is two bytes but one column.
        assert_eq!(line_column(text, 9), (2, 3));
        assert_eq!(line_column(text, 1000), (3, 1));
    }

    #[test]
    fn display_names_file_line_column_and_entry() {
        let p = Problem::at(Path::new("k/qa.toml"), "x\ny", 2, Some("some-id"), "bad");
        assert_eq!(p.to_string(), "k/qa.toml:2:1 [some-id]: bad");
    }
}
