//! Why a question matched what it did, for moderators tuning phrasings (`normbot ask --explain`).

use serde::Serialize;

use super::{Candidate, Matcher, Query, QueryWord};

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

impl Matcher {
    /// The best `n` entries for a question, with why they scored as they did.
    pub fn explain(&self, question: &str, n: usize) -> Vec<Explanation> {
        let query = self.query(question);
        let ranked = self.rank_query(&query);
        ranked.iter().take(n).map(|c| self.explanation(&query, c)).collect()
    }

    fn explanation(&self, query: &Query, candidate: &Candidate) -> Explanation {
        let words = &query.words;
        let (phrasing, index) = self.best_phrasing(candidate.entry, query);
        let matched = |w: &QueryWord| w.stem.filter(|_| self.word_coverage(w, candidate.entry) > 0.0);
        let coverage: f32 = words.iter().map(|w| self.word_coverage(w, candidate.entry)).sum();
        Explanation {
            entry: candidate.entry,
            score: candidate.score,
            coverage: (coverage / query.total).min(1.0),
            phrasing,
            best_phrasing: self
                .entry(candidate.entry)
                .phrasings
                .get(index)
                .cloned()
                .unwrap_or_else(|| "its keywords or its sources' titles".to_owned()),
            words: words
                .iter()
                .map(|w| (w.surface.clone(), matched(w).map(|s| self.vocabulary.stem(s).to_owned())))
                .collect(),
        }
    }
}
