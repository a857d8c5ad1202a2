//! The review queue: questions the bot could not answer (or answered badly), grouped when they
//! are the same question in other words, each with the entry that came closest. A question that
//! is already some entry's phrasing has nothing left to teach, and is not in the queue.

use std::collections::HashSet;

use serde::Serialize;

use crate::knowledge::{Entry, KnowledgeBase};
use crate::matcher::Matcher;
use crate::store::Unanswered;
use crate::text;

/// One row of the queue: a group of paraphrases.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewRow {
    /// The most asked wording.
    pub question: String,
    /// Every wording in the group.
    pub wordings: Vec<String>,
    pub asked: u32,
    pub down_votes: u32,
    /// The entry that came closest, with its score: a likely home for a new phrasing.
    pub candidate: Option<(String, f32)>,
}

/// How much two questions' terms must overlap (Jaccard) to count as one question.
const SAME_QUESTION: f32 = 0.5;

/// The entry that already has `question` as one of its phrasings, compared as the knowledge's
/// checker compares phrasings (folded: case, punctuation and spacing aside). Adding it to any
/// entry again would fail ("is written twice", or "is also a phrasing of").
pub fn phrasing_owner<'a>(kb: &'a KnowledgeBase, question: &str) -> Option<&'a Entry> {
    let folded = text::fold(question);
    if folded.is_empty() {
        return None;
    }
    kb.entries().iter().find(|e| e.phrasings.iter().any(|p| text::fold(p) == folded))
}

/// Groups paraphrases (most asked first) and finds each group's closest entry. Questions that are
/// already some entry's phrasing (see [`phrasing_owner`]) are left out.
pub fn group(matcher: &Matcher, items: &[Unanswered]) -> Vec<ReviewRow> {
    let taught: HashSet<String> =
        matcher.knowledge().entries().iter().flat_map(|e| &e.phrasings).map(|p| text::fold(p)).collect();
    let mut groups: Vec<(Vec<String>, ReviewRow)> = Vec::new();
    for item in items.iter().filter(|item| !taught.contains(&text::fold(&item.text))) {
        let mut terms = matcher.terms(&item.text);
        terms.sort();
        terms.dedup();
        let home = groups.iter_mut().find(|(t, _)| similarity(t, &terms) >= SAME_QUESTION);
        match home {
            Some((_, row)) => {
                row.asked += item.asked;
                row.down_votes += item.down_votes;
                row.wordings.push(item.text.clone());
            }
            None => {
                let candidate = matcher
                    .rank(&item.text)
                    .first()
                    .map(|c| (matcher.entry(c.entry).id.clone(), (c.score * 1000.0).round() / 1000.0));
                let row = ReviewRow {
                    question: item.text.clone(),
                    wordings: vec![item.text.clone()],
                    asked: item.asked,
                    down_votes: item.down_votes,
                    candidate,
                };
                groups.push((terms, row));
            }
        }
    }
    let mut rows: Vec<ReviewRow> = groups.into_iter().map(|(_, r)| r).collect();
    rows.sort_by(|a, b| (b.asked + b.down_votes).cmp(&(a.asked + a.down_votes)).then(a.question.cmp(&b.question)));
    rows
}

fn similarity(a: &[String], b: &[String]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return if a.is_empty() && b.is_empty() { 1.0 } else { 0.0 };
    }
    let shared = a.iter().filter(|t| b.binary_search(t).is_ok()).count() as f32;
    shared / ((a.len() + b.len()) as f32 - shared)
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;

    fn item(text: &str, asked: u32) -> Unanswered {
        Unanswered { text: text.into(), status: "no_match".into(), asked, down_votes: 0 }
    }

    #[test]
    fn paraphrases_become_one_row() {
        let kb = crate::KnowledgeBase::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")).unwrap();
        let matcher = Matcher::new(Arc::new(kb), Default::default());
        let rows = group(
            &matcher,
            &[
                item("what is the budapest convention", 3),
                item("budapest convention??", 2),
                item("whats the budapest conventoin about", 1),
                item("who founded huawei", 2),
            ],
        );
        assert_eq!(rows.len(), 2, "{rows:#?}");
        assert_eq!(rows[0].asked, 6);
        assert_eq!(rows[0].wordings.len(), 3);
        assert_eq!(rows[1].question, "who founded huawei");
        assert!(rows[1].candidate.is_some());
    }

    #[test]
    fn questions_that_are_already_phrasings_are_left_out() {
        let kb = crate::KnowledgeBase::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")).unwrap();
        let entry = kb.entries().iter().find(|e| e.phrasings.len() > 1).unwrap();
        let phrasing = entry.phrasings[1].to_uppercase() + "?!";
        assert_eq!(phrasing_owner(&kb, &phrasing).map(|e| e.id.as_str()), Some(entry.id.as_str()));
        assert!(phrasing_owner(&kb, "who founded huawei").is_none());
        assert!(phrasing_owner(&kb, "?!").is_none());
        let matcher = Matcher::new(Arc::new(kb.clone()), Default::default());
        let rows = group(&matcher, &[item(&phrasing, 5), item("who founded huawei", 2)]);
        assert_eq!(rows.len(), 1, "{rows:#?}");
        assert_eq!(rows[0].question, "who founded huawei");
    }
}
