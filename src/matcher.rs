//! Finds the entry a student's question is about, with a score that says how sure it is.
//!
//! The matcher is built once from a [`KnowledgeBase`] and is then read-only: pure, no I/O,
//! `Send + Sync`, shared by every handler, rebuilt when the knowledge is reloaded.
//!
//! How a question is scored (all weights are IDF over the knowledge, so rare words count more
//! than common ones, and an unknown word counts as much as the rarest known one):
//! 1. The question's content words are looked up in the [`vocabulary`] (spelling, stem,
//!    prefix, typo). Stop words ("what is the") carry no weight.
//! 2. An inverted index adds, for every entry sharing a word, how much of the question's weight
//!    the entry covers (phrasings and keywords fully, the answer text partly): the entry's
//!    *coverage*. Only the best-covered entries go on to step 3.
//! 3. Each of those entries' phrasings is compared with the question as a whole: how much of
//!    the question it covers (recall), how much of it the question covers (precision), and
//!    whether the question's adjacent words stand together in it (word pairs).
//!    The score is `0.35 × coverage + 0.65 × best phrasing`, in [0, 1].
//!
//! Because a score is a share of the question's own weight, it does not grow or shrink with
//! the size of the knowledge; a question whose main words are unknown to the paper ("GDPR",
//! "Budapest Convention") cannot score high whatever its "what is the" shares with an entry.

mod analyze;
mod vocabulary;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::knowledge::{Entry, KnowledgeBase};
use analyze::Analyzer;
use vocabulary::{Resolution, StemId, Vocabulary};

/// When an answer is given, offered as "did you mean", or withheld.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// A best score at least this high is answered (unless another entry is within `margin`).
    pub answer: f32,
    /// Entries scoring at least this, within `margin` of the best, are offered as "did you mean".
    pub ambiguous: f32,
    /// How close two scores must be for the question to count as ambiguous.
    pub margin: f32,
    /// A best score at least this high is answered even when others are close.
    pub sure: f32,
    /// The least score of a suggestion shown with "not in the paper".
    pub suggest: f32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { answer: 0.5, ambiguous: 0.4, margin: 0.03, sure: 0.85, suggest: 0.25 }
    }
}

/// An entry and its score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Candidate {
    /// Index into [`KnowledgeBase::entries`].
    pub entry: usize,
    pub score: f32,
}

/// What the matcher makes of a question.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// One entry answers it.
    Answered { entry: usize, score: f32, runners_up: Vec<Candidate> },
    /// Two or three entries fit about equally well: ask which one was meant.
    Ambiguous { candidates: Vec<Candidate> },
    /// Nothing in the paper answers it; maybe one of these is close.
    NoMatch { suggestions: Vec<Candidate> },
}

impl Outcome {
    pub fn status(&self) -> &'static str {
        match self {
            Outcome::Answered { .. } => "answered",
            Outcome::Ambiguous { .. } => "ambiguous",
            Outcome::NoMatch { .. } => "no_match",
        }
    }

    /// The best score behind the outcome (0 when nothing matched at all).
    pub fn score(&self) -> f32 {
        match self {
            Outcome::Answered { score, .. } => *score,
            Outcome::Ambiguous { candidates } => candidates.first().map_or(0.0, |c| c.score),
            Outcome::NoMatch { suggestions } => suggestions.first().map_or(0.0, |c| c.score),
        }
    }
}

/// Why an entry scored what it did (`normbot ask --explain`).
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub entry: usize,
    pub score: f32,
    pub coverage: f32,
    pub phrasing: f32,
    /// The phrasing that matched best.
    pub best_phrasing: String,
    /// Each question word with the knowledge word it matched (None when it matched nothing here).
    pub words: Vec<(String, Option<String>)>,
}

/// How much each part of an entry counts toward its coverage.
const PHRASING_WEIGHT: f32 = 1.0;
const KEYWORD_WEIGHT: f32 = 0.9;
const TEXT_WEIGHT: f32 = 0.35;
/// Recall counts this many times as much as precision in a phrasing's score (F-beta, beta²).
const RECALL_EMPHASIS: f32 = 2.0;
/// How many of the best-covered entries are scored in full.
const SHORTLIST: usize = 32;
/// Questions longer than this many content words are cut (a 100 KB paste is not a question).
const MAX_QUESTION_WORDS: usize = 40;

/// A question's content word, looked up.
#[derive(Debug, Clone)]
struct QueryWord {
    surface: String,
    stem: Option<StemId>,
    quality: f32,
    weight: f32,
}

#[derive(Debug)]
struct Phrasing {
    stems: Vec<StemId>,
    /// Sum of the IDF of its distinct stems.
    weight: f32,
}

#[derive(Debug, Clone, Copy)]
struct Posting {
    entry: u32,
    weight: f32,
}

/// The question matcher for one knowledge base.
#[derive(Debug)]
pub struct Matcher {
    knowledge: Arc<KnowledgeBase>,
    thresholds: Thresholds,
    analyzer: Analyzer,
    vocabulary: Vocabulary,
    idf: Vec<f32>,
    unknown_idf: f32,
    postings: Vec<Vec<Posting>>,
    phrasings: Vec<Vec<Phrasing>>,
}

impl Matcher {
    pub fn new(knowledge: Arc<KnowledgeBase>, thresholds: Thresholds) -> Self {
        let analyzer = Analyzer::default();
        let mut vocabulary = Vocabulary::default();
        let mut postings: Vec<Vec<Posting>> = Vec::new();
        let mut phrasing_stems: Vec<Vec<Vec<StemId>>> = Vec::with_capacity(knowledge.entries().len());
        for (index, entry) in knowledge.entries().iter().enumerate() {
            let mut weights: Vec<(StemId, f32)> = Vec::new();
            let mut add = |text: &str, weight: f32, vocabulary: &mut Vocabulary| -> Vec<StemId> {
                let stems: Vec<StemId> = analyzer.content_words(text).iter().map(|w| vocabulary.add(w)).collect();
                for &stem in &stems {
                    match weights.iter_mut().find(|(s, _)| *s == stem) {
                        Some((_, w)) => *w = w.max(weight),
                        None => weights.push((stem, weight)),
                    }
                }
                stems
            };
            let stems = entry.phrasings.iter().map(|p| add(p, PHRASING_WEIGHT, &mut vocabulary)).collect();
            for keyword in &entry.keywords {
                add(keyword, KEYWORD_WEIGHT, &mut vocabulary);
            }
            for text in entry_texts(entry) {
                add(text, TEXT_WEIGHT, &mut vocabulary);
            }
            phrasing_stems.push(stems);
            for (stem, weight) in weights {
                let stem = stem as usize;
                if postings.len() <= stem {
                    postings.resize_with(stem + 1, Vec::new);
                }
                postings[stem].push(Posting { entry: index as u32, weight });
            }
        }
        vocabulary.finish();
        let documents = knowledge.entries().len() as f32;
        let idf_of = |df: f32| (1.0 + (documents - df + 0.5) / (df + 0.5)).ln();
        let idf: Vec<f32> = postings.iter().map(|p| idf_of(p.len() as f32)).collect();
        let phrasings = phrasing_stems
            .into_iter()
            .map(|list| {
                list.into_iter()
                    .map(|stems| {
                        let mut distinct = stems.clone();
                        distinct.sort_unstable();
                        distinct.dedup();
                        let weight = distinct.iter().map(|&s| idf[s as usize]).sum();
                        Phrasing { stems, weight }
                    })
                    .collect()
            })
            .collect();
        Matcher { knowledge, thresholds, analyzer, vocabulary, idf, unknown_idf: idf_of(1.0), postings, phrasings }
    }

    pub fn knowledge(&self) -> &Arc<KnowledgeBase> {
        &self.knowledge
    }

    pub fn thresholds(&self) -> Thresholds {
        self.thresholds
    }

    pub fn entry(&self, index: usize) -> &Entry {
        &self.knowledge.entries()[index]
    }

    /// Matches a question.
    pub fn ask(&self, question: &str) -> Outcome {
        let ranked = self.rank(question);
        self.decide(&ranked)
    }

    /// The best `n` entries for a question, with why they scored as they did.
    pub fn explain(&self, question: &str, n: usize) -> Vec<Explanation> {
        let words = self.query(question);
        let ranked = self.rank_words(&words);
        ranked.iter().take(n).map(|c| self.explanation(&words, c)).collect()
    }

    fn decide(&self, ranked: &[Candidate]) -> Outcome {
        let t = &self.thresholds;
        let Some(&best) = ranked.first() else { return Outcome::NoMatch { suggestions: Vec::new() } };
        let close: Vec<Candidate> = ranked
            .iter()
            .take(3)
            .copied()
            .filter(|c| c.score >= t.ambiguous && best.score - c.score < t.margin)
            .collect();
        if best.score >= t.answer && (close.len() < 2 || best.score >= t.sure) {
            let runners_up = ranked.iter().skip(1).take(3).copied().filter(|c| c.score >= t.suggest).collect();
            Outcome::Answered { entry: best.entry, score: best.score, runners_up }
        } else if close.len() >= 2 {
            Outcome::Ambiguous { candidates: close }
        } else {
            let suggestions = ranked.iter().take(3).copied().filter(|c| c.score >= t.suggest).collect();
            Outcome::NoMatch { suggestions }
        }
    }

    /// Every candidate entry, best first (ties: the entry written first).
    pub fn rank(&self, question: &str) -> Vec<Candidate> {
        self.rank_words(&self.query(question))
    }

    fn query(&self, question: &str) -> Vec<QueryWord> {
        let mut words: Vec<QueryWord> = Vec::new();
        for word in self.analyzer.content_words(question).into_iter().take(MAX_QUESTION_WORDS) {
            let (stem, quality) = match self.vocabulary.resolve(&word) {
                Resolution::Stop => continue,
                Resolution::Known { stem, quality } => (Some(stem), quality),
                Resolution::Unknown => (None, 0.0),
            };
            if stem.is_some() && words.iter().any(|w| w.stem == stem) {
                continue;
            }
            let weight = stem.map_or(self.unknown_idf, |s| self.idf[s as usize]);
            words.push(QueryWord { surface: word.surface, stem, quality, weight });
        }
        words
    }

    fn rank_words(&self, words: &[QueryWord]) -> Vec<Candidate> {
        let total: f32 = words.iter().map(|w| w.weight).sum();
        if total <= 0.0 || words.iter().all(|w| w.stem.is_none()) {
            return Vec::new();
        }
        let mut coverage = vec![0.0f32; self.phrasings.len()];
        for word in words {
            if let Some(stem) = word.stem {
                for posting in &self.postings[stem as usize] {
                    coverage[posting.entry as usize] += word.weight * word.quality * posting.weight;
                }
            }
        }
        let mut shortlist: Vec<(usize, f32)> =
            coverage.iter().enumerate().filter(|(_, c)| **c > 0.0).map(|(i, c)| (i, c / total)).collect();
        let by_coverage = |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if shortlist.len() > SHORTLIST {
            shortlist.select_nth_unstable_by(SHORTLIST - 1, by_coverage);
            shortlist.truncate(SHORTLIST);
        }
        let mut ranked: Vec<Candidate> = shortlist
            .into_iter()
            .map(|(entry, coverage)| {
                let (phrasing, _) = self.best_phrasing(entry, words, total);
                let score = (0.35 * coverage.min(1.0) + 0.65 * phrasing).clamp(0.0, 1.0);
                Candidate { entry, score }
            })
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
        ranked
    }

    /// The best phrasing score of an entry, and which phrasing it was.
    fn best_phrasing(&self, entry: usize, words: &[QueryWord], total: f32) -> (f32, usize) {
        let mut best = (0.0f32, 0usize);
        for (index, phrasing) in self.phrasings[entry].iter().enumerate() {
            let score = self.phrasing_score(phrasing, words, total);
            if score > best.0 {
                best = (score, index);
            }
        }
        best
    }

    fn phrasing_score(&self, phrasing: &Phrasing, words: &[QueryWord], total: f32) -> f32 {
        if phrasing.weight <= 0.0 {
            return 0.0;
        }
        let mut matched = 0.0;
        let mut covered = 0.0;
        for word in words {
            if let Some(stem) = word.stem
                && phrasing.stems.contains(&stem)
            {
                matched += word.weight * word.quality;
                covered += self.idf[stem as usize] * word.quality;
            }
        }
        let recall = matched / total;
        let precision = (covered / phrasing.weight).min(1.0);
        if recall <= 0.0 || precision <= 0.0 {
            return 0.0;
        }
        let f = (1.0 + RECALL_EMPHASIS) * precision * recall / (RECALL_EMPHASIS * precision + recall);
        f * (0.9 + 0.1 * pair_ratio(phrasing, words))
    }

    fn explanation(&self, words: &[QueryWord], candidate: &Candidate) -> Explanation {
        let total: f32 = words.iter().map(|w| w.weight).sum();
        let (phrasing, index) = self.best_phrasing(candidate.entry, words, total);
        let entry_stems: Vec<StemId> = self.phrasings[candidate.entry].iter().flat_map(|p| p.stems.clone()).collect();
        let matched = |w: &QueryWord| {
            w.stem.filter(|s| entry_stems.contains(s) || self.postings[*s as usize].iter().any(|p| p.entry as usize == candidate.entry))
        };
        Explanation {
            entry: candidate.entry,
            score: candidate.score,
            coverage: (candidate.score - 0.65 * phrasing) / 0.35,
            phrasing,
            best_phrasing: self.entry(candidate.entry).phrasings.get(index).cloned().unwrap_or_default(),
            words: words.iter().map(|w| (w.surface.clone(), matched(w).map(|s| self.vocabulary.stem(s).to_owned()))).collect(),
        }
    }
}

/// The share of the question's adjacent word pairs that also stand side by side in the phrasing
/// (1 when the question has fewer than two known words).
fn pair_ratio(phrasing: &Phrasing, words: &[QueryWord]) -> f32 {
    let known: Vec<StemId> = words.iter().filter_map(|w| w.stem).collect();
    if known.len() < 2 {
        return 1.0;
    }
    let pairs = known.windows(2).count() as f32;
    let together = known
        .windows(2)
        .filter(|pair| {
            phrasing.stems.windows(2).any(|p| (p[0] == pair[0] && p[1] == pair[1]) || (p[0] == pair[1] && p[1] == pair[0]))
        })
        .count() as f32;
    together / pairs
}

/// The texts of an entry other than its phrasings and keywords.
fn entry_texts(entry: &Entry) -> Vec<&str> {
    let mut texts = vec![entry.answer.as_str()];
    if let Some(card) = &entry.card {
        for text in [&card.proposed_by, &card.date, &card.forum, &card.wording, &card.comparison, &card.china_position]
            .into_iter()
            .flatten()
        {
            texts.push(text);
        }
    }
    texts
}
