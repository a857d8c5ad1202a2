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

mod agreement;
mod alias;
mod analyze;
mod chitchat;
mod explain;
mod gazetteer;
mod homophones;
mod outcome;
mod phrases;
mod score;
mod verdict;
mod vocabulary;
mod words;

use std::sync::Arc;

use crate::knowledge::{Entry, KnowledgeBase};
pub use agreement::Disagreement;
use agreement::Facts;
use analyze::Analyzer;
/// What the quiz's grader shares with the matcher: the same folding, stop words and names.
pub(crate) use analyze::{fold as fold_for_matching, is_stop_word};
pub use explain::Explanation;
use gazetteer::EntityId;
pub(crate) use gazetteer::Gazetteer;
pub use outcome::{Candidate, NotGiven, Outcome, Status, Thresholds, decide};
use rustc_hash::FxHashSet as HashSet;
use verdict::{entry_facts, statements};
use vocabulary::{Resolution, StemId, Vocabulary};

/// The matcher's inner weights: tuned on the project's truth files (`eval/tune.jsonl`), not
/// meant to be changed by operators (the [`Thresholds`] are).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// How much a keyword counts toward coverage (a phrasing counts 1).
    pub keyword: f32,
    /// How much a word of the answer text counts toward coverage.
    pub text: f32,
    /// The share of coverage in the score; the best phrasing has the rest.
    pub coverage: f32,
    /// Recall counts this many times as much as precision in a phrasing's score (F-beta, beta²).
    pub recall_emphasis: f32,
    /// The share of a phrasing's score that depends on the question's word pairs standing together.
    pub pairs: f32,
    /// The weight of everyday words ("happened", "between") relative to their IDF.
    pub soft: f32,
    /// How much a cited source's title counts as a phrasing of the entry (a phrasing counts 1).
    pub source: f32,
    /// The bonus of a phrasing that asks the same kind of question ("who", "when", …).
    pub intent: f32,
    /// The weight of a word the knowledge does not know, relative to the rarest known word.
    pub unknown: f32,
    /// How much the score drops for the heaviest question word the entry lacks altogether.
    pub missing: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            keyword: 0.6,
            text: 0.5,
            coverage: 0.5,
            recall_emphasis: 1.0,
            pairs: 0.1,
            soft: 0.4,
            source: 0.8,
            intent: 0.1,
            unknown: 1.0,
            missing: 0.9,
        }
    }
}

const PHRASING_WEIGHT: f32 = 1.0;
/// Questions longer than this many content words are cut (a 100 KB paste is not a question).
const MAX_QUESTION_WORDS: usize = 40;
/// Only this many characters of a question are read at all.
const MAX_QUESTION_CHARS: usize = 2_000;

/// A question, analysed once and then compared with every shortlisted entry.
#[derive(Debug)]
struct Query {
    /// The question folded, acronyms spelt out and aliases read as what they mean.
    folded: String,
    words: Vec<QueryWord>,
    /// The sum of the words' weights.
    total: f32,
    /// Adjacent known words.
    pairs: Vec<(StemId, StemId)>,
    /// The kind of question ("who", "when", …).
    asked: Option<&'static str>,
}

/// A question's content word, looked up.
#[derive(Debug, Clone)]
struct QueryWord {
    surface: String,
    stem: Option<StemId>,
    quality: f32,
    /// A longer known stem the word may also mean ("direct" -> "director"), and how surely.
    also: Option<(StemId, f32)>,
    weight: f32,
}

#[derive(Debug)]
struct Phrasing {
    stems: Vec<StemId>,
    /// Sum of the IDF of its distinct stems.
    weight: f32,
    /// 1 for a written phrasing; less for the names of the entry's sources.
    factor: f32,
    /// The kind of question it asks ("who", "when", …), when it asks one.
    intent: Option<&'static str>,
}

/// A phrasing's stems, its factor and its intent, before the IDF is known.
type RawPhrasing = (Vec<StemId>, f32, Option<&'static str>);

/// The kind of question a folded text asks: its first question word.
fn intent_of_folded(folded: &str) -> Option<&'static str> {
    const WORDS: [(&str, &str); 9] = [
        ("who", "who"),
        ("whos", "who"),
        ("when", "when"),
        ("where", "where"),
        ("why", "why"),
        ("how", "how"),
        ("what", "what"),
        ("whats", "what"),
        ("which", "which"),
    ];
    folded.split(' ').take(3).find_map(|w| WORDS.iter().find(|(word, _)| *word == w).map(|(_, intent)| *intent))
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
    weights: Weights,
    analyzer: Analyzer,
    vocabulary: Vocabulary,
    idf: Vec<f32>,
    unknown_idf: f32,
    postings: Vec<Vec<Posting>>,
    phrasings: Vec<Vec<Phrasing>>,
    /// For each entry, which of its phrasings hold each stem.
    phrasing_index: Vec<score::PhrasingIndex>,
    /// What each entry states (names, years, numbers), for [`agreement`].
    facts: Vec<Facts>,
    /// Every entity some entry names.
    known_entities: HashSet<EntityId>,
    /// Everyday words ([`Weights::soft`]): never the detail a question asks for.
    soft: HashSet<StemId>,
    /// The names moderators declared for the paper's words.
    aliases: alias::Aliases,
    /// The knowledge's Chinese terms by their sound, to mend a slip of the right sound.
    homophones: homophones::Homophones,
}

impl Matcher {
    pub fn new(knowledge: Arc<KnowledgeBase>, thresholds: Thresholds) -> Self {
        Matcher::with_weights(knowledge, thresholds, Weights::default())
    }

    /// A matcher with other inner weights (for tuning).
    pub fn with_weights(knowledge: Arc<KnowledgeBase>, thresholds: Thresholds, weights: Weights) -> Self {
        let analyzer = Analyzer::default();
        let mut folds = analyze::KnowledgeFolds::new(knowledge.folds());
        let mut vocabulary = Vocabulary::default();
        let mut postings: Vec<Vec<Posting>> = Vec::new();
        let mut phrasing_stems: Vec<Vec<RawPhrasing>> = Vec::with_capacity(knowledge.entries().len());
        // Each entry's folded names and statements, for its facts once every word is known.
        let mut fact_texts: Vec<(Vec<String>, Vec<String>)> = Vec::with_capacity(knowledge.entries().len());
        // Where each stem is in `entry_weights`, for the entry it was last seen in: an entry's
        // hundreds of words are each found at once instead of by a search of its list.
        let mut weight_slots: Vec<(u32, u32)> = Vec::new();
        for (index, entry) in knowledge.entries().iter().enumerate() {
            let mut entry_weights: Vec<(StemId, f32)> = Vec::new();
            // Each text is folded once, for its words and for its facts.
            let mut folded_statements: Vec<String> = Vec::new();
            let mut folded_names: Vec<String> = Vec::new();
            let mut add_folded = |folded: &str, weight: f32, vocabulary: &mut Vocabulary| -> Vec<StemId> {
                let stems: Vec<StemId> =
                    analyze::content_words_of_folded(folded).map(|w| vocabulary.add_surface(w, &analyzer)).collect();
                for &stem in &stems {
                    if weight_slots.len() <= stem as usize {
                        weight_slots.resize(stem as usize + 1, (u32::MAX, 0));
                    }
                    match weight_slots[stem as usize] {
                        (seen, slot) if seen == index as u32 => {
                            let w = &mut entry_weights[slot as usize].1;
                            *w = w.max(weight);
                        }
                        _ => {
                            weight_slots[stem as usize] = (index as u32, entry_weights.len() as u32);
                            entry_weights.push((stem, weight));
                        }
                    }
                }
                stems
            };
            let mut add = |folded: String, weight: f32, vocabulary: &mut Vocabulary, kept: Option<&mut Vec<String>>| {
                let stems = add_folded(&folded, weight, vocabulary);
                if let Some(kept) = kept {
                    kept.push(folded);
                }
                stems
            };
            let mut stems: Vec<(Vec<StemId>, f32, Option<&'static str>)> = entry
                .phrasings
                .iter()
                .map(|p| {
                    let stems = add(folds.fold(p), PHRASING_WEIGHT, &mut vocabulary, Some(&mut folded_names));
                    (stems, 1.0, folded_names.last().and_then(|folded| intent_of_folded(folded)))
                })
                .collect();
            // The keywords, together, are one more way of naming the entry.
            let keywords: Vec<StemId> = entry
                .keywords
                .iter()
                .flat_map(|k| add(folds.fold(k), weights.keyword, &mut vocabulary, Some(&mut folded_names)))
                .collect();
            if !keywords.is_empty() {
                stems.push((keywords, 1.0, None));
            }
            // So is its id, which moderators write as a short name ("digital-economy-size").
            let id = add(analyze::fold(&entry.id.replace('-', " ")), weights.keyword, &mut vocabulary, None);
            stems.push((id, weights.source, None));
            for text in statements(entry) {
                add(folds.fold(text), weights.text, &mut vocabulary, Some(&mut folded_statements));
            }
            for text in citations(&knowledge, entry) {
                add(folds.fold(text), weights.text, &mut vocabulary, None);
            }
            // So are the titles of the sources it cites ("who wrote New Comments on Laozi?").
            for endnote in entry.endnotes.iter().filter_map(|&n| knowledge.endnote(n)) {
                let source = analyze::content_words_of_folded(&folds.fold(endnote.short_citation()))
                    .map(|w| vocabulary.add_surface(w, &analyzer))
                    .collect();
                stems.push((source, weights.source, None));
            }
            phrasing_stems.push(stems);
            fact_texts.push((folded_names, folded_statements));
            for (stem, weight) in entry_weights {
                let stem = stem as usize;
                if postings.len() <= stem {
                    postings.resize_with(stem + 1, Vec::new);
                }
                postings[stem].push(Posting { entry: index as u32, weight });
            }
        }
        // The facts stem many of the same words: the vocabulary knows their stems already, and
        // is asked directly (copying its spellings and stems into a table cost 10,000 strings).
        let stem = |w: &str| vocabulary.surface_stem(w).map_or_else(|| analyzer.stem(w), str::to_owned);
        let facts: Vec<Facts> = knowledge
            .entries()
            .iter()
            .zip(&fact_texts)
            .map(|(entry, (names, statements))| entry_facts(entry, names, statements, &stem))
            .collect();
        vocabulary.finish();
        let documents = knowledge.entries().len() as f32;
        let idf_of = |df: f32| (1.0 + (documents - df + 0.5) / (df + 0.5)).ln();
        let soft: Vec<StemId> = analyze::soft_stems(&analyzer).iter().filter_map(|s| vocabulary.stem_id(s)).collect();
        let idf: Vec<f32> = postings
            .iter()
            .enumerate()
            .map(|(stem, p)| {
                let idf = idf_of(p.len() as f32);
                if soft.contains(&(stem as StemId)) { idf * weights.soft } else { idf }
            })
            .collect();
        let phrasings: Vec<Vec<Phrasing>> = phrasing_stems
            .into_iter()
            .map(|list| {
                list.into_iter()
                    .map(|(stems, factor, intent)| {
                        let mut distinct = stems.clone();
                        distinct.sort_unstable();
                        distinct.dedup();
                        let weight = distinct.iter().map(|&s| idf[s as usize]).sum();
                        Phrasing { stems, weight, factor, intent }
                    })
                    .collect()
            })
            .collect();
        let known_entities = facts.iter().flat_map(|f| f.entities.iter().copied()).collect();
        let folded_aliases = alias::fold(knowledge.aliases(), |text| folds.fold(text));
        let aliases = alias::Aliases::new(&folded_aliases);
        let stems = (0..idf.len()).map(|id| vocabulary.stem(id as StemId));
        let homophones = homophones::Homophones::new(folded_aliases.iter().map(|(name, _)| name.as_str()).chain(stems));
        Matcher {
            knowledge,
            thresholds,
            weights,
            analyzer,
            vocabulary,
            idf,
            unknown_idf: idf_of(1.0),
            postings,
            phrasing_index: phrasings.iter().map(|list| score::PhrasingIndex::new(list)).collect(),
            phrasings,
            facts,
            known_entities,
            soft: soft.into_iter().collect(),
            aliases,
            homophones,
        }
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

    /// Whether two entries are about the same thing: one lists the other as related, or they
    /// rest on the same endnote. Asking "did you mean" between them would not help anyone.
    pub fn akin(&self, a: usize, b: usize) -> bool {
        let (a, b) = (self.entry(a), self.entry(b));
        a.related.contains(&b.id) || b.related.contains(&a.id) || a.endnotes.iter().any(|n| b.endnotes.contains(n))
    }

    /// The content terms of a question as the matcher sees them: known words by their stem
    /// (typos mended), unknown words as written. Two paraphrases share most of their terms.
    pub fn terms(&self, question: &str) -> Vec<String> {
        self.query(question)
            .words
            .into_iter()
            .map(|w| w.stem.map_or(w.surface, |s| self.vocabulary.stem(s).to_owned()))
            .collect()
    }

    /// Every candidate entry, best first (ties: the entry written first).
    pub fn rank(&self, question: &str) -> Vec<Candidate> {
        self.rank_query(&self.query(question))
    }

    fn query(&self, question: &str) -> Query {
        let question = clip(question);
        let folded = analyze::drop_length_requests(analyze::fold(question));
        let folded = self.aliases.apply(self.homophones.mend(folded));
        let mut resolved: Vec<(String, Resolution)> = Vec::new();
        for surface in analyze::content_surfaces_of_folded(&folded).take(MAX_QUESTION_WORDS) {
            let resolution = self.vocabulary.resolve_surface(&surface, &self.analyzer);
            match analyze::expansion(&surface) {
                Some(words) if !matches!(resolution, Resolution::Known { quality, .. } if quality >= 1.0) => {
                    for expanded in words {
                        resolved
                            .push((expanded.to_string(), self.vocabulary.resolve_surface(expanded, &self.analyzer)));
                    }
                }
                _ => resolved.push((surface, resolution)),
            }
        }
        self.join_split_words(&mut resolved);
        let joined = join_unknown_han(&mut resolved);
        let mut words: Vec<QueryWord> = Vec::new();
        for ((surface, resolution), joined) in resolved.into_iter().zip(joined) {
            let (stem, quality) = match resolution {
                Resolution::Stop => continue,
                Resolution::Known { stem, quality } => (Some(stem), quality),
                Resolution::Unknown => (None, 0.0),
            };
            if stem.is_some() && words.iter().any(|w| w.stem == stem) {
                continue;
            }
            let weight = match stem {
                Some(stem) => self.idf[stem as usize],
                None if joined => self.unknown_weight("name"),
                None => self.unknown_weight(&surface),
            };
            let also = stem.and_then(|s| self.vocabulary.extension(s)).map(|e| (e, quality * 0.8));
            words.push(QueryWord { surface, stem, quality, also, weight });
        }
        let known: Vec<StemId> = words.iter().filter_map(|w| w.stem).collect();
        Query {
            asked: intent_of_folded(&folded),
            folded,
            total: words.iter().map(|w| w.weight).sum(),
            pairs: known.windows(2).map(|p| (p[0], p[1])).collect(),
            words,
        }
    }

    /// The weight of a word the knowledge does not know: as much as the rarest known word
    /// ("Wassenaar" counts against every entry), less for a short one ("tho", "ik", a stray
    /// letter), which is more often chat than a name.
    fn unknown_weight(&self, surface: &str) -> f32 {
        let length = surface.chars().count() as f32;
        self.unknown_idf * self.weights.unknown * ((length - 1.0) / 3.0).clamp(0.0, 1.0)
    }

    /// "wu wei" is the knowledge's "wuwei": two words not known exactly that are one known word.
    fn join_split_words(&self, words: &mut Vec<(String, Resolution)>) {
        let exact = |r: &Resolution| matches!(r, Resolution::Known { quality, .. } if *quality >= 1.0);
        let mut i = 0;
        while i + 1 < words.len() {
            if !exact(&words[i].1) || !exact(&words[i + 1].1) {
                let joined = format!("{}{}", words[i].0, words[i + 1].0);
                let resolution = self.vocabulary.resolve_surface(&joined, &self.analyzer);
                if exact(&resolution) {
                    words[i] = (joined, resolution);
                    words.remove(i + 1);
                }
            }
            i += 1;
        }
    }
}

/// Runs of unknown single Han characters made one unknown word, which weighs as a name: jieba
/// cuts a name its dictionary lacks into characters ("谷歌", Google: "谷", "歌"), and each alone
/// would weigh as little as a stray letter. A word jieba's dictionary calls a proper name, and the
/// knowledge does not know, joins such a run or is one alone: jieba cuts "扎克伯格" (Zuckerberg)
/// into two pieces of names, "扎克" and "伯格". Returns, for each word left, whether it was so
/// joined.
fn join_unknown_han(words: &mut Vec<(String, Resolution)>) -> Vec<bool> {
    let unknown_han = |(surface, resolution): &(String, Resolution)| {
        matches!(resolution, Resolution::Unknown) && surface.chars().all(crate::text::chinese::is_han)
    };
    let lone_han = |word: &(String, Resolution)| unknown_han(word) && word.0.chars().count() == 1;
    // Looked up once a word: jieba tags it by cutting it again.
    let mut name: Vec<bool> = words
        .iter()
        .map(|word| unknown_han(word) && word.0.chars().count() > 1 && crate::text::chinese::is_name(&word.0))
        .collect();
    let mut joined = vec![false; words.len()];
    let mut i = 0;
    while i < words.len() {
        let end = (i..words.len()).find(|&j| !lone_han(&words[j]) && !name[j]).unwrap_or(words.len());
        if end > i + 1 || end == i + 1 && name[i] {
            let whole: String = words[i..end].iter().map(|(surface, _)| surface.as_str()).collect();
            words.splice(i..end, [(whole, Resolution::Unknown)]);
            joined.splice(i..end, [true]);
            name.splice(i..end, [false]);
        }
        i += 1;
    }
    joined
}

/// The part of a question that is read at all.
fn clip(question: &str) -> &str {
    match question.char_indices().nth(MAX_QUESTION_CHARS) {
        Some((end, _)) => &question[..end],
        None => question,
    }
}

/// The short citations of an entry's endnotes: "who wrote New Comments on Laozi" finds the
/// entry citing that book.
fn citations<'a>(knowledge: &'a KnowledgeBase, entry: &'a Entry) -> impl Iterator<Item = &'a str> {
    entry.endnotes.iter().filter_map(|&n| knowledge.endnote(n)).map(|e| e.short_citation())
}
