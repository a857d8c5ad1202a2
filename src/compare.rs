//! Two norms or initiatives side by side (`/compare`): the same questions put to both, and what
//! the paper itself says when it sets one against the other.

use serde::Serialize;

use crate::knowledge::{CardField, Entry, KnowledgeBase};

/// One line of the comparison: a question and each side's answer (None: the paper is silent).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub label: &'static str,
    pub left: Option<String>,
    pub right: Option<String>,
}

/// What the paper says when it compares the two: the comparison written on a card that names
/// the other as related.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaperSays {
    /// The card whose comparison it is.
    pub from: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comparison<'a> {
    pub left: &'a Entry,
    pub right: &'a Entry,
    pub rows: Vec<Row>,
    pub paper: Vec<PaperSays>,
}

/// Compares two entries (norms and initiatives have the details; a Q&A entry has none).
pub fn compare<'a>(kb: &'a KnowledgeBase, left: &'a Entry, right: &'a Entry) -> Comparison<'a> {
    let field = |entry: &Entry, field: CardField| {
        entry.card.as_ref().and_then(|c| field.of(c)).filter(|t| !t.trim().is_empty()).map(str::to_owned)
    };
    let row = |f: CardField| Row { label: f.label(), left: field(left, f), right: field(right, f) };
    let wording = |entry: &Entry| field(entry, CardField::Wording).map(|w| format!("\u{201c}{w}\u{201d}"));
    let sources = |entry: &Entry| {
        let list: Vec<String> =
            entry.endnotes.iter().filter(|n| kb.endnote(**n).is_some()).map(u32::to_string).collect();
        (!list.is_empty()).then(|| format!("endnote{} {}", if list.len() == 1 { "" } else { "s" }, list.join(", ")))
    };
    let rows = vec![
        row(CardField::ProposedBy),
        row(CardField::Date),
        row(CardField::Forum),
        Row { label: CardField::Wording.label(), left: wording(left), right: wording(right) },
        row(CardField::Scope),
        row(CardField::Restrictiveness),
        row(CardField::ChinaPosition),
        Row { label: "Sources", left: sources(left), right: sources(right) },
    ];
    let mut paper = Vec::new();
    for (this, other) in [(left, right), (right, left)] {
        if this.related.contains(&other.id)
            && let Some(text) = field(this, CardField::Comparison)
        {
            paper.push(PaperSays { from: this.id.clone(), text });
        }
    }
    Comparison { left, right, rows, paper }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn the_vulnerability_norms_side_by_side_with_the_papers_comparison() {
        let kb = KnowledgeBase::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")).unwrap();
        let microsoft = kb.entry("vulnerability-norm").unwrap();
        let gcsc = kb.entry("norm-to-avoid-tampering").unwrap();
        let c = compare(&kb, microsoft, gcsc);
        let row = |label| c.rows.iter().find(|r| r.label == label).unwrap();
        assert_eq!(row("Proposed by").left.as_deref(), Some("Microsoft"));
        assert!(row("Proposed by").right.as_deref().unwrap().contains("GCSC"));
        assert!(row("How restrictive").left.as_deref().unwrap().contains("most prohibitive"));
        assert_eq!(row("When").right, None, "the paper gives no date for the GCSC norm");
        assert_eq!(row("Sources").left.as_deref(), Some("endnotes 28, 29, 30"));
        assert_eq!(c.paper.len(), 2, "each names the other as related");
        let unrelated = compare(&kb, microsoft, kb.entry("cyber-espionage-norm").unwrap());
        assert!(unrelated.paper.is_empty());
    }
}
