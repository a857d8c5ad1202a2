//! From what was read to the model: the parsed TOML records become a [`KnowledgeBase`].
//!
//! Loading and checking report problems; this step only copies and orders what passed (or, for
//! [`super::check`], whatever could be read), keeping the first of any duplicates.

use std::collections::HashMap;
use std::path::Path;

use super::load::{Located, Parsed};
use super::source::{self, Text};
use super::{Alias, Card, Endnote, Entry, EntryKind, Event, KnowledgeBase, Paper, Section, When};
use crate::text::Folds;

/// Turns what was read into the model, keeping the first of any duplicates. Only called on
/// valid input, except by [`super::check`], which needs the counts of whatever could be read.
/// `folds` are the texts validation folded, kept for the matcher.
pub(super) fn build(p: &Parsed, folds: Folds) -> KnowledgeBase {
    let paper = p.papers.first().map(|l| paper(&l.item)).unwrap_or_default();
    let mut sections: Vec<Section> = Vec::new();
    for s in &p.sections {
        if !sections.iter().any(|x| x.id == *s.item.id.get_ref()) {
            sections.push(Section {
                id: s.item.id.get_ref().clone(),
                title: s.item.title.get_ref().clone(),
                summary: s.item.summary.get_ref().clone(),
            });
        }
    }
    let mut endnotes: Vec<Endnote> = p
        .endnotes
        .iter()
        .filter_map(|l| {
            let r = &l.item;
            Some(Endnote {
                number: u32::try_from(*r.number.get_ref()).ok()?,
                citation: r.citation.get_ref().clone(),
                short: opt(&r.short),
                url: opt(&r.url),
                cited_for: r.cited_for.get_ref().clone(),
            })
        })
        .collect();
    endnotes.sort_by_key(|e| e.number);
    endnotes.dedup_by_key(|e| e.number);
    let aliases = p
        .aliases
        .iter()
        .map(|l| Alias {
            means: l.item.means.get_ref().clone(),
            names: l.item.names.iter().map(|n| n.get_ref().clone()).collect(),
        })
        .collect();
    let mut kb = KnowledgeBase {
        paper,
        sections,
        endnotes,
        entries: Vec::new(),
        by_id: HashMap::new(),
        timeline: Vec::new(),
        aliases,
        folds,
    };
    // Files are read in name order; within the folder, entries keep that order.
    let mut located: Vec<(usize, usize, Entry)> = p.cards.iter().map(card_entry).collect();
    located.extend(p.qas.iter().map(qa_entry));
    located.sort_by_key(|(file, offset, _)| (*file, *offset));
    for (file, _, mut entry) in located {
        entry.file = p.files.get(file).map(|f| file_name(&f.path)).unwrap_or_default();
        if !kb.by_id.contains_key(&entry.id) {
            kb.by_id.insert(entry.id.clone(), kb.entries.len());
            kb.entries.push(entry);
        }
    }
    let timeline: Vec<Event> = p
        .events
        .iter()
        .filter_map(|l| {
            let r = &l.item;
            let entry = opt(&r.entry);
            let endnotes = match &r.endnotes {
                Some(own) => numbers(own),
                None => entry.as_deref().and_then(|id| kb.entry(id)).map(|e| e.endnotes.clone()).unwrap_or_default(),
            };
            Some(Event {
                date: r.date.get_ref().trim().to_owned(),
                when: When::parse(r.date.get_ref())?,
                what: r.what.get_ref().trim().to_owned(),
                entry,
                endnotes,
            })
        })
        .collect();
    kb.timeline = timeline;
    kb.timeline.sort_by_key(|e| e.when);
    kb
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn paper(r: &source::RawPaper) -> Paper {
    Paper {
        id: r.id.get_ref().clone(),
        title: r.title.get_ref().clone(),
        author: r.author.get_ref().clone(),
        affiliation: r.affiliation.get_ref().clone(),
        series: r.series.get_ref().clone(),
        publisher: r.publisher.get_ref().clone(),
        date: r.date.get_ref().clone(),
        licence: r.licence.get_ref().clone(),
        author_bio: r.author_bio.get_ref().clone(),
        endnote_count: u32::try_from(*r.endnote_count.get_ref()).unwrap_or(0),
    }
}

fn opt(text: &Option<Text>) -> Option<String> {
    text.as_ref().map(|t| t.get_ref().clone())
}

fn texts(list: &[Text]) -> Vec<String> {
    list.iter().map(|t| t.get_ref().clone()).collect()
}

/// "GCSC | Global Commission on the Stability of Cyberspace" -> its accepted forms.
fn facts(list: &[Text]) -> Vec<Vec<String>> {
    list.iter().map(|t| key_fact_forms(t.get_ref())).collect()
}

/// The accepted forms of a key fact as moderators write it (`|` between forms).
pub(crate) fn key_fact_forms(fact: &str) -> Vec<String> {
    fact.split('|').map(str::trim).filter(|f| !f.is_empty()).map(str::to_owned).collect()
}

fn numbers(list: &[toml::Spanned<i64>]) -> Vec<u32> {
    list.iter().filter_map(|n| u32::try_from(*n.get_ref()).ok()).collect()
}

fn card_entry(l: &Located<(EntryKind, source::RawCard)>) -> (usize, usize, Entry) {
    let (kind, r) = &l.item;
    let mut phrasings = vec![r.name.get_ref().clone()];
    phrasings.extend(texts(&r.aliases));
    phrasings.extend(texts(&r.questions));
    let entry = Entry {
        id: r.id.get_ref().clone(),
        kind: *kind,
        title: r.name.get_ref().clone(),
        phrasings,
        keywords: texts(&r.aliases),
        answer: r.summary.get_ref().clone(),
        endnotes: numbers(&r.endnotes),
        related: texts(&r.related),
        section: opt(&r.section),
        file: String::new(),
        card: Some(Card {
            aliases: texts(&r.aliases),
            proposed_by: opt(&r.proposed_by),
            date: opt(&r.date),
            forum: opt(&r.forum),
            wording: opt(&r.wording),
            comparison: opt(&r.comparison),
            china_position: opt(&r.china_position),
            scope: opt(&r.scope),
            restrictiveness: opt(&r.restrictiveness),
        }),
        key_facts: facts(&r.key_facts),
    };
    (l.file, l.span.start, entry)
}

fn qa_entry(l: &Located<source::RawQa>) -> (usize, usize, Entry) {
    let r = &l.item;
    let mut phrasings = vec![r.question.get_ref().clone()];
    phrasings.extend(texts(&r.alternates));
    let entry = Entry {
        id: r.id.get_ref().clone(),
        kind: EntryKind::Qa,
        title: r.question.get_ref().clone(),
        phrasings,
        keywords: texts(&r.keywords),
        answer: r.answer.get_ref().trim().to_owned(),
        endnotes: numbers(&r.endnotes),
        related: texts(&r.related),
        section: opt(&r.section),
        file: String::new(),
        key_facts: facts(&r.key_facts),
        card: None,
    };
    (l.file, l.span.start, entry)
}
