//! The curated knowledge about one paper: what the bot knows and may say.
//!
//! Moderators write it as TOML files in a paper's folder (see `knowledge/README.md`); this module
//! loads them, checks them ([`validate`]) and offers the result as a [`KnowledgeBase`], the one
//! value that the matcher, the replies and the tools read. A knowledge base is only ever built
//! from files that passed every check, so the rest of the crate can trust it.

mod build;
pub mod edit;
mod load;
mod plain;
pub mod removals;
mod source;
mod validate;
mod when;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde::Serialize;

pub use load::{fingerprint, resolve_paper_dir};
pub use validate::{MAX_ID, MIN_ALTERNATES};
pub use when::{MONTHS, When};

use crate::problem::{LoadError, Problem};
use crate::text::Folds;
use build::build;
pub(crate) use build::key_fact_forms;
use load::Parsed;

/// The paper the knowledge is about.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Paper {
    pub id: String,
    pub title: String,
    pub author: String,
    pub affiliation: String,
    pub series: String,
    pub publisher: String,
    pub date: String,
    pub licence: String,
    pub author_bio: String,
    pub endnote_count: u32,
}

/// A part of the paper, for browsing.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub summary: String,
}

/// One of the paper's own endnotes.
#[derive(Debug, Clone, Serialize)]
pub struct Endnote {
    pub number: u32,
    /// The full citation as printed in the paper.
    pub citation: String,
    /// A short form for a line of sources, when the moderators wrote one.
    pub short: Option<String>,
    pub url: Option<String>,
    pub cited_for: String,
}

impl Endnote {
    /// The short form, or the citation itself when there is none.
    pub fn short_citation(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.citation)
    }
}

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// A curated question and its answer.
    Qa,
    /// A norm of behaviour in cyberspace.
    Norm,
    /// A proposal, report, law or instrument that carries norms.
    Initiative,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Qa => "qa",
            EntryKind::Norm => "norm",
            EntryKind::Initiative => "initiative",
        }
    }
}

/// The details that only norms and initiatives have.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Card {
    pub aliases: Vec<String>,
    pub proposed_by: Option<String>,
    pub date: Option<String>,
    pub forum: Option<String>,
    /// The norm's own words, as the paper quotes them.
    pub wording: Option<String>,
    pub comparison: Option<String>,
    pub china_position: Option<String>,
    /// What it covers.
    pub scope: Option<String>,
    /// How much it forbids, as the paper judges it.
    pub restrictiveness: Option<String>,
}

/// A detail of a card, named once: its label as replies show it and where it is kept. Each view
/// lists the fields it shows as these, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardField {
    Wording,
    ProposedBy,
    Date,
    Forum,
    Comparison,
    ChinaPosition,
    Scope,
    Restrictiveness,
}

impl CardField {
    /// The fields an entry's reply shows below its summary (the wording has its own place).
    pub const SHOWN: [CardField; 5] =
        [CardField::ProposedBy, CardField::Date, CardField::Forum, CardField::Comparison, CardField::ChinaPosition];
    /// The fields that state facts of the paper (what the matcher and the quiz read).
    pub const STATEMENTS: [CardField; 6] = [
        CardField::ProposedBy,
        CardField::Date,
        CardField::Forum,
        CardField::Wording,
        CardField::Comparison,
        CardField::ChinaPosition,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CardField::Wording => "In its own words",
            CardField::ProposedBy => "Proposed by",
            CardField::Date => "When",
            CardField::Forum => "Where",
            CardField::Comparison => "Compared with the others",
            CardField::ChinaPosition => "China's position",
            CardField::Scope => "Scope",
            CardField::Restrictiveness => "How restrictive",
        }
    }

    /// Whether replies show it inline (short values, side by side).
    pub fn inline(self) -> bool {
        matches!(self, CardField::ProposedBy | CardField::Date | CardField::Forum)
    }

    pub fn of(self, card: &Card) -> Option<&str> {
        let value = match self {
            CardField::Wording => &card.wording,
            CardField::ProposedBy => &card.proposed_by,
            CardField::Date => &card.date,
            CardField::Forum => &card.forum,
            CardField::Comparison => &card.comparison,
            CardField::ChinaPosition => &card.china_position,
            CardField::Scope => &card.scope,
            CardField::Restrictiveness => &card.restrictiveness,
        };
        value.as_deref()
    }
}

impl Card {
    /// The values of some fields that the card has, with their field.
    pub fn values(&self, fields: &[CardField]) -> impl Iterator<Item = (CardField, &str)> {
        fields.iter().filter_map(move |&f| f.of(self).map(|v| (f, v)))
    }
}

/// Something a student can ask about: a Q&A entry, a norm or an initiative.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: String,
    pub kind: EntryKind,
    /// The canonical question (Q&A) or the name (norms and initiatives).
    pub title: String,
    /// Every way of asking for this entry, the title first.
    pub phrasings: Vec<String>,
    pub keywords: Vec<String>,
    /// The answer (Q&A) or the summary (norms and initiatives).
    pub answer: String,
    pub endnotes: Vec<u32>,
    pub related: Vec<String>,
    pub section: Option<String>,
    /// The file it is written in ("qa-history.toml"), to say which file's entries a reload lost.
    #[serde(skip)]
    pub file: String,
    /// What a right quiz answer must contain, as written by the moderators: each fact one or
    /// more accepted forms (empty: the quiz finds the facts in the answer itself).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub key_facts: Vec<Vec<String>>,
    /// Norms' and initiatives' details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<Card>,
}

/// A dated event of the paper's chronology (`/timeline`).
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// As the paper gives it: "20 April 1994", "April 1994" or "1994".
    pub date: String,
    #[serde(skip)]
    pub when: When,
    pub what: String,
    /// The entry that tells more.
    pub entry: Option<String>,
    /// The endnotes shown with it: its own, or its entry's when the event names none (an event
    /// written with `endnotes = []` has none).
    pub endnotes: Vec<u32>,
}

/// Counts that `normbot check` reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub qa: usize,
    pub norms: usize,
    pub initiatives: usize,
    pub endnotes: usize,
    pub sections: usize,
    pub events: usize,
    /// Every canonical and alternate question, name, alias and extra question.
    pub phrasings: usize,
    pub uncited_endnotes: Vec<u32>,
}

/// The outcome of checking a folder: all problems, and the counts of what was read.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub ok: bool,
    pub problems: Vec<Problem>,
    /// What loads but would reach students otherwise than meant (a tab, an indented line
    /// break in an answer): reported, not refused.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Problem>,
    pub stats: Stats,
    /// The entries read, to compare with the last good knowledge.
    #[serde(skip)]
    pub roster: removals::Roster,
}

/// A validated paper's knowledge.
#[derive(Debug, Clone)]
pub struct KnowledgeBase {
    paper: Paper,
    sections: Vec<Section>,
    endnotes: Vec<Endnote>,
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    timeline: Vec<Event>,
    aliases: Vec<Alias>,
    /// Its texts as validation folded them: the matcher reads them from here rather than fold
    /// them again.
    folds: Folds,
}

/// Other names students use for words of the paper (`[[alias]]`): a question's `name` is read
/// as `means`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alias {
    pub means: String,
    pub names: Vec<String>,
}

impl KnowledgeBase {
    /// Loads and validates a paper's folder (or a folder holding one paper's folder).
    pub fn load(dir: &Path) -> Result<Self, LoadError> {
        let (parsed, problems, folds) = read_and_validate(dir)?;
        if problems.is_empty() { Ok(build(&parsed, folds)) } else { Err(LoadError::Invalid(problems)) }
    }

    /// Builds a knowledge base from TOML texts held in memory, as if each were a file of one
    /// paper's folder (for tests, benchmarks and generated knowledge).
    pub fn from_texts<'a>(files: impl IntoIterator<Item = (&'a str, String)>) -> Result<Self, LoadError> {
        let mut parsed = Parsed::default();
        for (name, text) in files {
            load::parse_text(&mut parsed, name.into(), text);
        }
        if parsed.files.is_empty() {
            return Err(LoadError::Empty("(no files given)".into()));
        }
        let (problems, folds) = all_problems(&parsed);
        if problems.is_empty() { Ok(build(&parsed, folds)) } else { Err(LoadError::Invalid(problems)) }
    }

    pub fn paper(&self) -> &Paper {
        &self.paper
    }

    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The endnotes, in the paper's order.
    pub fn endnotes(&self) -> &[Endnote] {
        &self.endnotes
    }

    pub fn endnote(&self, number: u32) -> Option<&Endnote> {
        self.endnotes.binary_search_by_key(&number, |e| e.number).ok().map(|i| &self.endnotes[i])
    }

    /// Every entry, in the order of the files (by name) and of the entries in them.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// The chronology, earliest first (events of the same date keep the files' order).
    /// The aliases moderators declared, for the matcher.
    pub fn aliases(&self) -> &[Alias] {
        &self.aliases
    }

    /// The texts of the entries and aliases, folded ([`crate::text::fold`]) when they were
    /// checked.
    pub(crate) fn folds(&self) -> &Folds {
        &self.folds
    }

    pub fn timeline(&self) -> &[Event] {
        &self.timeline
    }

    /// The entries that cite an endnote.
    pub fn citing(&self, number: u32) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.endnotes.contains(&number))
    }

    pub fn stats(&self) -> Stats {
        let cited: BTreeSet<u32> = self.entries.iter().flat_map(|e| e.endnotes.iter().copied()).collect();
        Stats {
            qa: self.count(EntryKind::Qa),
            norms: self.count(EntryKind::Norm),
            initiatives: self.count(EntryKind::Initiative),
            endnotes: self.endnotes.len(),
            sections: self.sections.len(),
            events: self.timeline.len(),
            phrasings: self.entries.iter().map(|e| e.phrasings.len()).sum(),
            uncited_endnotes: self.endnotes.iter().map(|e| e.number).filter(|n| !cited.contains(n)).collect(),
        }
    }

    fn count(&self, kind: EntryKind) -> usize {
        self.entries.iter().filter(|e| e.kind == kind).count()
    }
}

/// Checks a folder and reports every problem, with the counts of what could be read.
pub fn check(dir: &Path) -> Result<Check, LoadError> {
    let (parsed, problems, folds) = read_and_validate(dir)?;
    let kb = build(&parsed, folds);
    let warnings = validate::warnings(&parsed);
    Ok(Check { ok: problems.is_empty(), problems, warnings, stats: kb.stats(), roster: removals::Roster::of(&kb) })
}

fn read_and_validate(dir: &Path) -> Result<(Parsed, Vec<Problem>, Folds), LoadError> {
    let dir = resolve_paper_dir(dir)?;
    let parsed = load::read_dir(&dir)?;
    let (problems, folds) = all_problems(&parsed);
    Ok((parsed, problems, folds))
}

/// Every problem of a parsed folder, with the folds of the texts checked.
fn all_problems(parsed: &Parsed) -> (Vec<Problem>, Folds) {
    let mut problems = parsed.problems.clone();
    let (found, folds) = validate::validate(parsed);
    problems.extend(found);
    problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    problems.dedup();
    (problems, folds)
}

/// The whole knowledge base as other tools read it (`normbot export --json`).
#[derive(Debug, Serialize)]
pub struct Export<'a> {
    pub paper: &'a Paper,
    pub sections: &'a [Section],
    pub endnotes: &'a [Endnote],
    pub entries: &'a [Entry],
    pub timeline: &'a [Event],
}

impl<'a> Export<'a> {
    pub fn of(kb: &'a KnowledgeBase) -> Self {
        Export {
            paper: &kb.paper,
            sections: &kb.sections,
            endnotes: &kb.endnotes,
            entries: &kb.entries,
            timeline: &kb.timeline,
        }
    }
}
