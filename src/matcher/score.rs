//! How well an entry answers a question, as a score in [0, 1]: the coverage of the question's
//! words over the inverted index, the best of the entry's phrasings, and the share of the
//! question the entry misses.
//!
//! Kept apart from building the matcher (the index, the vocabulary, the phrasings) so the
//! arithmetic of steps 2 and 3 of the [`super`] doc can be read in one place.

use super::vocabulary::StemId;
use super::{Candidate, Matcher, Phrasing, Posting, Query, QueryWord};

/// How many of the best-covered entries are scored in full.
const SHORTLIST: usize = 12;
/// At most this many more entries that tie with the last of the shortlist are scored too.
const MAX_TIED: usize = 200;

impl Matcher {
    pub(super) fn rank_query(&self, query: &Query) -> Vec<Candidate> {
        let (words, total) = (&query.words, query.total);
        if total <= 0.0 || words.iter().all(|w| w.stem.is_none()) {
            return Vec::new();
        }
        let mut coverage = vec![0.0f32; self.phrasings.len()];
        for word in words {
            let Some(stem) = word.stem else { continue };
            let postings = &self.postings[stem as usize];
            for posting in postings {
                coverage[posting.entry as usize] += word.weight * word.quality * posting.weight;
            }
            if let Some((also, quality)) = word.also {
                // Only what the longer word adds beyond the word itself.
                for posting in &self.postings[also as usize] {
                    let own = postings
                        .binary_search_by_key(&posting.entry, |p| p.entry)
                        .map_or(0.0, |i| word.quality * postings[i].weight);
                    let extra = (quality * posting.weight - own).max(0.0);
                    coverage[posting.entry as usize] += word.weight * extra;
                }
            }
        }
        // Room for every entry at once: a Chinese question's many words cover most entries, and
        // growing the list a doubling at a time copied it over and over.
        let mut shortlist: Vec<(usize, f32)> = Vec::with_capacity(coverage.len());
        shortlist.extend(coverage.iter().enumerate().filter(|(_, c)| **c > 0.0).map(|(i, c)| (i, c / total)));
        let by_coverage = |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if shortlist.len() > SHORTLIST {
            shortlist.select_nth_unstable_by(SHORTLIST - 1, by_coverage);
            // Entries that tie with the last one kept are kept too: a one-word question ("who is
            // the author?") covers dozens of entries equally, and which of them has the
            // phrasing is only known from their phrasings.
            let last = shortlist[SHORTLIST - 1].1;
            let rest = &mut shortlist[SHORTLIST..];
            // Only the tied ones are sorted (by entry), not the whole rest: they are its first.
            let tied = move_to_front(rest, |(_, c)| *c >= last);
            rest[..tied].sort_unstable_by(by_coverage);
            shortlist.truncate(SHORTLIST + tied.min(MAX_TIED));
        }
        let mut ranked: Vec<Candidate> = shortlist
            .into_iter()
            .map(|(entry, coverage)| {
                let (phrasing, _) = self.best_phrasing(entry, query);
                let share = self.weights.coverage;
                let score = share * coverage.min(1.0) + (1.0 - share) * phrasing;
                let score = score * (1.0 - self.weights.missing * self.missing_share(entry, query));
                let score = score.clamp(0.0, 1.0);
                Candidate { entry, score }
            })
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
        ranked
    }

    /// The largest share of the question's weight held by one word that the entry does not
    /// contain anywhere: "the great firewall of *india*" is not about China's Great Firewall.
    fn missing_share(&self, entry: usize, query: &Query) -> f32 {
        query
            .words
            .iter()
            .filter(|w| self.word_coverage(w, entry) <= 0.0)
            .map(|w| w.weight / query.total)
            .fold(0.0, f32::max)
    }

    /// How an entry holds a stem (its field weight), if it does.
    fn posting(&self, stem: StemId, entry: usize) -> Option<Posting> {
        let postings = &self.postings[stem as usize];
        postings.binary_search_by_key(&(entry as u32), |p| p.entry).ok().map(|i| postings[i])
    }

    /// The weight one question word adds to one entry's coverage: the better of the word itself
    /// and its longer form. [`Matcher::rank_query`] sums the same over the inverted index.
    pub(super) fn word_coverage(&self, word: &QueryWord, entry: usize) -> f32 {
        let own = word.stem.and_then(|s| self.posting(s, entry)).map_or(0.0, |p| word.quality * p.weight);
        let also = word.also.and_then(|(a, q)| self.posting(a, entry).map(|p| q * p.weight)).unwrap_or(0.0);
        word.weight * own.max(also)
    }

    /// The best phrasing score of an entry, and which phrasing it was. Only the phrasings that
    /// share a word with the question are scored: any other scores 0.
    pub(super) fn best_phrasing(&self, entry: usize, query: &Query) -> (f32, usize) {
        let index = &self.phrasing_index[entry];
        let mut best = (0.0f32, 0usize);
        for block in 0..index.blocks {
            let mut sums = [Sums::default(); 64];
            let sharing = self.phrasing_sums(index, block, query, &mut sums);
            for i in ones(sharing) {
                let number = block * 64 + i;
                let phrasing = &self.phrasings[entry][number];
                let mut score = self.phrasing_score(phrasing, query, sums[i]) * phrasing.factor;
                if query.asked.is_some() && query.asked == phrasing.intent {
                    score = (score * (1.0 + self.weights.intent)).min(1.0);
                }
                if score > best.0 {
                    best = (score, number);
                }
            }
        }
        best
    }

    /// For each phrasing of a block of 64 of an entry's, its [`Sums`]: each word counted by its
    /// own stem if the phrasing has it, else by its longer form; summed in the question's word
    /// order, as the phrasings were once scored one by one. Returns the set of the block's
    /// phrasings holding any word.
    fn phrasing_sums(&self, index: &PhrasingIndex, block: usize, query: &Query, sums: &mut [Sums; 64]) -> u64 {
        let mut sharing = 0;
        // The place of the word among the question's known words, as a bit (none past 64).
        let mut known = 1u64;
        for word in &query.words {
            let Some(stem) = word.stem else { continue };
            let own = index.holding(stem, block);
            for i in ones(own) {
                sums[i].matched += word.weight * word.quality;
                sums[i].covered += self.idf[stem as usize] * word.quality;
                sums[i].held |= known;
            }
            known <<= 1;
            sharing |= own;
            let Some((also, quality)) = word.also else { continue };
            let also_only = index.holding(also, block) & !own;
            for i in ones(also_only) {
                sums[i].matched += word.weight * quality;
                sums[i].covered += self.idf[also as usize] * quality;
            }
            sharing |= also_only;
        }
        sharing
    }

    /// A phrasing's score from its sums ([`Matcher::phrasing_sums`]): F-beta of the share of
    /// the question it holds (recall) and the share of itself the question holds (precision),
    /// a little less when the question's word pairs do not stand together in it.
    fn phrasing_score(&self, phrasing: &Phrasing, query: &Query, sums: Sums) -> f32 {
        if phrasing.weight <= 0.0 {
            return 0.0;
        }
        let recall = sums.matched / query.total;
        let precision = (sums.covered / phrasing.weight).min(1.0);
        if recall <= 0.0 || precision <= 0.0 {
            return 0.0;
        }
        let beta2 = self.weights.recall_emphasis;
        let f = (1.0 + beta2) * precision * recall / (beta2 * precision + recall);
        f * (1.0 - self.weights.pairs + self.weights.pairs * pair_ratio(phrasing, &query.pairs, sums.held))
    }
}

/// What a question's words add up to in one phrasing ([`Matcher::phrasing_sums`]).
#[derive(Debug, Default, Clone, Copy)]
struct Sums {
    /// The question's weight the phrasing holds.
    matched: f32,
    /// The IDF of the phrasing's stems the question holds.
    covered: f32,
    /// Which of the question's known words (by their place among them, the first 64) the
    /// phrasing holds by their own stem.
    held: u64,
}

/// Which of an entry's phrasings hold each of its stems: scoring an entry looks each question
/// word up once, not once per phrasing, and scores only the phrasings sharing a word with the
/// question (a Chinese question has a score of words, and most phrasings hold none of them).
#[derive(Debug, Default)]
pub(super) struct PhrasingIndex {
    /// The stems of the entry's phrasings, sorted, each once.
    stems: Vec<StemId>,
    /// For each stem, the set of phrasings holding it: `blocks` words, phrasing `i` as bit
    /// `i % 64` of word `i / 64`.
    sets: Vec<u64>,
    /// How many blocks of 64 phrasings the entry has.
    blocks: usize,
}

impl PhrasingIndex {
    pub(super) fn new(phrasings: &[Phrasing]) -> PhrasingIndex {
        let blocks = phrasings.len().div_ceil(64);
        let mut stems: Vec<StemId> = phrasings.iter().flat_map(|p| p.stems.iter().copied()).collect();
        stems.sort_unstable();
        stems.dedup();
        let mut sets = vec![0u64; stems.len() * blocks];
        for (i, phrasing) in phrasings.iter().enumerate() {
            for stem in &phrasing.stems {
                if let Ok(s) = stems.binary_search(stem) {
                    sets[s * blocks + i / 64] |= 1 << (i % 64);
                }
            }
        }
        PhrasingIndex { stems, sets, blocks }
    }

    /// The phrasings of one block that hold a stem.
    fn holding(&self, stem: StemId, block: usize) -> u64 {
        self.stems.binary_search(&stem).map_or(0, |s| self.sets[s * self.blocks + block])
    }
}

/// The positions of a word's set bits, lowest first.
fn ones(bits: u64) -> impl Iterator<Item = usize> {
    std::iter::successors(Some(bits).filter(|b| *b != 0), |b| Some(b & (b - 1)).filter(|b| *b != 0))
        .map(|b| b.trailing_zeros() as usize)
}

/// Moves the items that pass a test to the front of a slice (in no particular order) and
/// returns how many there are.
fn move_to_front<T>(items: &mut [T], test: impl Fn(&T) -> bool) -> usize {
    let mut front = 0;
    for i in 0..items.len() {
        if test(&items[i]) {
            items.swap(front, i);
            front += 1;
        }
    }
    front
}

/// The share of the question's adjacent word pairs that also stand side by side in the phrasing
/// (1 when the question has fewer than two known words). Pair `k` is known words `k` and `k + 1`
/// ([`super::Query::pairs`]), so only the pairs whose two words the phrasing holds (`held`, see
/// [`Sums::held`]) are looked for in it: a Chinese question has a score of pairs, and most
/// phrasings hold few of its words.
fn pair_ratio(phrasing: &Phrasing, pairs: &[(StemId, StemId)], held: u64) -> f32 {
    if pairs.is_empty() {
        return 1.0;
    }
    let together = if pairs.len() < 64 {
        ones(held & (held >> 1)).filter(|&k| k < pairs.len() && side_by_side(phrasing, pairs[k])).count()
    } else {
        // Past the 64 words `held` tells of (a pasted list of abbreviations, each spelt out).
        pairs.iter().filter(|pair| side_by_side(phrasing, **pair)).count()
    };
    together as f32 / pairs.len() as f32
}

/// Whether two stems stand side by side in a phrasing, in either order.
fn side_by_side(phrasing: &Phrasing, pair: (StemId, StemId)) -> bool {
    phrasing.stems.windows(2).any(|p| (p[0] == pair.0 && p[1] == pair.1) || (p[0] == pair.1 && p[1] == pair.0))
}
