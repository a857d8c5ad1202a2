//! Every word the knowledge uses, and the typo-tolerant lookup of a question's words in it.
//!
//! A question's word is found by its spelling, then by its stem, then as a prefix of a known
//! stem ("sovereign" / "sovereignty"), and last as a typo: a deletion index (every known word
//! with one letter dropped) proposes the few candidates that can be within edit distance 2,
//! and strsim's optimal-string-alignment distance (Damerau-Levenshtein with adjacent
//! transpositions) confirms them. No question word is ever compared
//! with the whole vocabulary, so a lookup costs the same for 200 entries or 10,000.

use rustc_hash::FxHashMap as HashMap;

use super::analyze::{self, Analyzer, Word};

/// Identifies a stem in the vocabulary.
pub type StemId = u32;

/// How a question's word was found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Resolution {
    /// A known stem, with how sure the match is (1 for an exact spelling or stem).
    Known { stem: StemId, quality: f32 },
    /// A misspelt stop word ("wat", "wich"): it carries no topic.
    Stop,
    /// A word the knowledge never uses.
    Unknown,
}

const STOP: StemId = StemId::MAX;
const NO_EXTENSION: StemId = StemId::MAX;

#[derive(Debug, Default)]
pub struct Vocabulary {
    stems: Vec<String>,
    stem_ids: HashMap<String, StemId>,
    /// Spelling -> stem, for every word of the knowledge.
    surfaces: HashMap<String, StemId>,
    /// Spellings that typo lookups may land on, with their stem (STOP for stop words).
    spellings: Vec<(String, StemId)>,
    /// A spelling, or a spelling with one letter dropped, by its hash ([`variant_key`]) ->
    /// indices into `spellings`. Keys are hashes, not strings, so that building allocates no
    /// string per variant; a collision only adds a candidate, which the edit distance rejects.
    deletions: Deletions,
    /// Stem ids sorted by their text, for prefix lookups.
    sorted: Vec<StemId>,
    /// Each stem's [`Vocabulary::extension`] (NO_EXTENSION for none), found once in `finish`:
    /// every question's known word asks for it.
    extensions: Vec<StemId>,
    /// How often the knowledge uses each stem: a typo that is as close to two words means the
    /// more used one.
    uses: Vec<u32>,
}

impl Vocabulary {
    /// Adds a folded word of the knowledge, stemming it only when its spelling is new.
    pub fn add_surface(&mut self, surface: &str, analyzer: &Analyzer) -> StemId {
        let stem = match self.surfaces.get(surface) {
            Some(&stem) => stem,
            None => self.add(&analyzer.word(surface)),
        };
        self.uses[stem as usize] += 1;
        stem
    }

    /// Finds a question's folded word, stemming it only when its spelling is unknown.
    pub fn resolve_surface(&self, surface: &str, analyzer: &Analyzer) -> Resolution {
        match self.surfaces.get(surface) {
            Some(&stem) => Resolution::Known { stem, quality: 1.0 },
            None => self.resolve(&analyzer.word(surface)),
        }
    }

    /// Adds a word of the knowledge and returns its stem's id.
    pub fn add(&mut self, word: &Word) -> StemId {
        let stem = match self.stem_ids.get(&word.stem) {
            Some(&id) => id,
            None => {
                let id = self.stems.len() as StemId;
                self.stems.push(word.stem.clone());
                self.uses.push(0);
                self.stem_ids.insert(word.stem.clone(), id);
                id
            }
        };
        if !self.surfaces.contains_key(&word.surface) {
            self.surfaces.insert(word.surface.clone(), stem);
            self.add_spelling(&word.surface, stem);
        }
        stem
    }

    /// Finishes the vocabulary: stop words become typo targets, stems are sorted.
    pub fn finish(&mut self) {
        for stop in analyze::stop_words() {
            if stop.chars().count() >= 3 {
                self.add_spelling(stop, STOP);
            }
        }
        let mut sorted: Vec<StemId> = (0..self.stems.len() as StemId).collect();
        sorted.sort_by(|&a, &b| self.stems[a as usize].cmp(&self.stems[b as usize]));
        self.sorted = sorted;
        self.extensions = self.extensions_by_stem();
    }

    /// Every stem's extension. Stems are distinct, so the stems that start with the one at a
    /// place in `sorted` follow it directly.
    fn extensions_by_stem(&self) -> Vec<StemId> {
        let mut extensions = vec![NO_EXTENSION; self.stems.len()];
        for (place, &stem) in self.sorted.iter().enumerate() {
            if let Some(longer) = self.extension_among(stem, &self.sorted[place + 1..]) {
                extensions[stem as usize] = longer;
            }
        }
        extensions
    }

    /// The shortest stem of `after` (the stems sorted after this one) that extends this one.
    fn extension_among(&self, stem: StemId, after: &[StemId]) -> Option<StemId> {
        const MIN: usize = 5;
        const MAX_EXTRA: usize = 3;
        let text = self.stems[stem as usize].as_str();
        if text.len() < MIN || text.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        after
            .iter()
            .take_while(|&&id| self.stems[id as usize].starts_with(text))
            .filter(|&&id| self.stems[id as usize].len() <= text.len() + MAX_EXTRA)
            .min_by_key(|&&id| (self.stems[id as usize].len(), id))
            .copied()
    }

    fn add_spelling(&mut self, spelling: &str, stem: StemId) {
        // A three-letter word of the knowledge is never a typo's target (see `typo`); a
        // three-letter stop word is ("wat" for "what" is four, but "teh" for "the" is three).
        if !typo_candidate(spelling) || (stem != STOP && spelling.chars().count() < 4) {
            return;
        }
        let index = self.spellings.len() as u32;
        self.spellings.push((spelling.to_owned(), stem));
        let deletions = &mut self.deletions;
        for_each_variant(spelling, |variant| deletions.add(variant_key(variant), index));
    }

    /// A known stem that extends this known one by a few letters ("direct" -> "director"), the
    /// shortest such: a question's word may mean it too.
    pub fn extension(&self, stem: StemId) -> Option<StemId> {
        self.extensions.get(stem as usize).copied().filter(|&e| e != NO_EXTENSION)
    }

    /// The stem of a spelling of the knowledge (as [`Analyzer::stem`] gives it), if it is one.
    pub fn surface_stem(&self, surface: &str) -> Option<&str> {
        self.surfaces.get(surface).map(|&stem| self.stems[stem as usize].as_str())
    }

    /// The id of a stem the knowledge uses.
    pub fn stem_id(&self, stem: &str) -> Option<StemId> {
        self.stem_ids.get(stem).copied()
    }

    pub fn stem(&self, id: StemId) -> &str {
        &self.stems[id as usize]
    }

    /// Finds a question's word.
    pub fn resolve(&self, word: &Word) -> Resolution {
        if let Some(&stem) = self.surfaces.get(&word.surface).or_else(|| self.stem_ids.get(&word.stem)) {
            return Resolution::Known { stem, quality: 1.0 };
        }
        if let Some(stem) = self.decade(&word.surface) {
            return Resolution::Known { stem, quality: 0.85 };
        }
        match self.prefix(&word.stem) {
            // A long word's slip beats a short word inside it: "microsft" is "microsoft", not
            // "micro".
            Some(stem) if self.stems[stem as usize].len().abs_diff(word.stem.len()) >= 3 => {
                match self.typo(&word.surface) {
                    known @ Resolution::Known { .. } => known,
                    _ => Resolution::Known { stem, quality: 0.85 },
                }
            }
            Some(stem) => Resolution::Known { stem, quality: 0.85 },
            None => self.typo(&word.surface),
        }
    }

    /// A year the knowledge names only by its decade: "1840" is in "the 1840s".
    fn decade(&self, surface: &str) -> Option<StemId> {
        if surface.len() != 4 || !surface.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.surfaces.get(&format!("{}0s", &surface[..3])).copied()
    }

    /// How often the knowledge uses a stem (stop words count as used most).
    fn uses(&self, stem: StemId) -> u32 {
        if stem == STOP { u32::MAX } else { self.uses[stem as usize] }
    }

    /// A known stem that this stem extends, or that extends it, by a few letters.
    fn prefix(&self, stem: &str) -> Option<StemId> {
        const MIN: usize = 5;
        const MAX_EXTRA: usize = 4;
        if !(MIN..=MAX_WORD).contains(&stem.len()) || !stem.is_ascii() || stem.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        // A known stem inside this one: "sovereignti" holds "sovereign".
        let shorter = (MIN.max(stem.len().saturating_sub(MAX_EXTRA))..stem.len())
            .rev()
            .find_map(|end| self.stem_ids.get(&stem[..end]).copied());
        // A known stem that starts with this one: "digit" starts "digital".
        let start = self.sorted.partition_point(|&id| self.stems[id as usize].as_str() < stem);
        let longer = self.sorted[start..]
            .iter()
            .take_while(|&&id| self.stems[id as usize].starts_with(stem))
            .filter(|&&id| self.stems[id as usize].len() <= stem.len() + MAX_EXTRA)
            .min_by_key(|&&id| (self.stems[id as usize].len(), id))
            .copied();
        match (shorter, longer) {
            (Some(a), Some(b)) => {
                let extra = |id: StemId| self.stems[id as usize].len().abs_diff(stem.len());
                Some(if extra(b) < extra(a) { b } else { a })
            }
            (a, b) => a.or(b),
        }
    }

    /// The closest known spelling within the edit distance this word's length allows.
    fn typo(&self, surface: &str) -> Resolution {
        if !typo_candidate(surface) {
            return Resolution::Unknown;
        }
        let length = surface.chars().count();
        let max_distance = if length <= 5 { 1 } else { 2 };
        let first = surface.chars().next();
        let mut best: Option<(usize, bool, std::cmp::Reverse<u32>, &str, StemId)> = None;
        for_each_variant(surface, |variant| {
            for index in self.deletions.get(variant_key(variant)) {
                let (spelling, stem) = &self.spellings[index as usize];
                // Short words may only be misspelt stop words ("wat"), and a misspelt stop word
                // keeps its first letter ("tls" is not "its").
                if (length < 4 && *stem != STOP) || (*stem == STOP && spelling.chars().next() != first) {
                    continue;
                }
                // In a short word an extra letter more often makes another word than a typo
                // ("robot" is not "root"), and so does another first letter ("light" is not
                // "right").
                if length <= 5 && (spelling.chars().count() < length || spelling.chars().next() != first) {
                    continue;
                }
                let distance = strsim::osa_distance(surface, spelling);
                if distance == 0 || distance > max_distance {
                    continue;
                }
                let uses = std::cmp::Reverse(self.uses(*stem));
                let key = (distance, spelling.chars().next() != first, uses, spelling.as_str(), *stem);
                if best.is_none_or(|b| (key.0, key.1, key.2, key.3) < (b.0, b.1, b.2, b.3)) {
                    best = Some(key);
                }
            }
        });
        match best {
            None => Resolution::Unknown,
            Some((_, _, _, _, STOP)) => Resolution::Stop,
            Some((distance, first_differs, _, _, stem)) => {
                let quality = 0.9 - 0.15 * distance as f32 - if first_differs { 0.1 } else { 0.0 };
                Resolution::Known { stem, quality }
            }
        }
    }
}

/// The longest word worth looking up as a typo or a prefix: no word of the paper is longer,
/// and a pasted 100 KB "word" must cost no more than a short one.
const MAX_WORD: usize = 40;

/// The deletion index's lists ([`Vocabulary::deletions`]): for each key, the indices of the
/// spellings that have it, in the order they were added. The lists are chains through one flat
/// vector, not a `Vec` each: the knowledge has tens of thousands of keys, and a `Vec` a key was
/// an allocation a key when the matcher was built and a free when it was dropped.
#[derive(Debug, Default)]
struct Deletions {
    /// A key -> the first and the last link of its chain (indices into `links`).
    ends: HashMap<u64, (u32, u32)>,
    /// A spelling's index into `spellings`, and the next link of its key's chain (or [`END`]).
    links: Vec<(u32, u32)>,
}

/// The end of a chain of [`Deletions::links`].
const END: u32 = u32::MAX;

impl Deletions {
    /// Adds a spelling to a key's list, unless it is the list's last already (a word whose
    /// variants repeat: "lessen" without either "s").
    fn add(&mut self, key: u64, spelling: u32) {
        let link = self.links.len() as u32;
        match self.ends.get_mut(&key) {
            Some((_, last)) if self.links[*last as usize].0 == spelling => {}
            Some((_, last)) => {
                self.links[*last as usize].1 = link;
                *last = link;
                self.links.push((spelling, END));
            }
            None => {
                self.ends.insert(key, (link, link));
                self.links.push((spelling, END));
            }
        }
    }

    /// The spellings with a key, in the order they were added.
    fn get(&self, key: u64) -> impl Iterator<Item = u32> + '_ {
        let first = self.ends.get(&key).map_or(END, |&(first, _)| first);
        std::iter::successors(Some(first).filter(|&l| l != END), |&l| {
            Some(self.links[l as usize].1).filter(|&n| n != END)
        })
        .map(|l| self.links[l as usize].0)
    }
}

/// The key of a spelling variant in [`Vocabulary::deletions`]: a hash with fixed keys, so that
/// every run builds the same table. FxHash, not SipHash: a build hashes every variant of every
/// spelling of the knowledge, and SipHash cost four times as much for 64 bits all the same.
fn variant_key(variant: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(variant)
}

/// Words that typos are looked for in: letters only, 3 to [`MAX_WORD`] of them. Not Chinese:
/// a Chinese typo is a homophone, not a dropped character, and jieba has already cut the word.
fn typo_candidate(word: &str) -> bool {
    (3..=MAX_WORD).contains(&word.chars().count())
        && word.chars().all(|c| !crate::text::chinese::is_han(c) && c.is_alphabetic())
}

/// Calls `f` with the word itself and with every way of dropping one of its letters, reusing
/// one buffer (a question's lookup allocates nothing per variant).
fn for_each_variant(word: &str, mut f: impl FnMut(&str)) {
    f(word);
    let mut buffer = String::with_capacity(word.len());
    for (skip, _) in word.char_indices() {
        buffer.clear();
        buffer.push_str(&word[..skip]);
        let rest = &word[skip..];
        let next = rest.chars().next().map_or(0, char::len_utf8);
        buffer.push_str(&rest[next..]);
        f(&buffer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(text: &str) -> (Analyzer, Vocabulary) {
        let analyzer = Analyzer::default();
        let mut v = Vocabulary::default();
        for word in analyzer.content_words(text) {
            v.add_surface(&word.surface, &analyzer);
        }
        v.finish();
        (analyzer, v)
    }

    fn known(v: &Vocabulary, r: Resolution) -> Option<(String, f32)> {
        match r {
            Resolution::Known { stem, quality } => Some((v.stem(stem).to_owned(), quality)),
            _ => None,
        }
    }

    #[test]
    fn finds_words_by_spelling_stem_prefix_and_typo() {
        let (a, v) = vocabulary("public core espionage sovereign digital governed 1994");
        assert_eq!(known(&v, v.resolve(&a.word("public"))), Some(("public".into(), 1.0)));
        assert_eq!(known(&v, v.resolve(&a.word("governing"))).unwrap().0, "govern");
        assert_eq!(known(&v, v.resolve(&a.word("sovereignty"))).unwrap().0, "sovereign");
        assert_eq!(known(&v, v.resolve(&a.word("publc"))).unwrap().0, "public");
        assert_eq!(known(&v, v.resolve(&a.word("espinoage"))).unwrap().0, "espionag");
        assert_eq!(known(&v, v.resolve(&a.word("goverened"))).unwrap().0, "govern");
    }

    #[test]
    fn numbers_and_short_words_are_never_guessed() {
        let (a, v) = vocabulary("public core 1994 law");
        assert_eq!(v.resolve(&a.word("1993")), Resolution::Unknown);
        assert_eq!(v.resolve(&a.word("lay")), Resolution::Unknown);
        assert_eq!(v.resolve(&a.word("gdpr")), Resolution::Unknown);
    }

    #[test]
    fn a_year_is_found_in_its_decade() {
        let (a, v) = vocabulary("the 1840s opium war");
        assert_eq!(known(&v, v.resolve(&a.word("1842"))), Some(("1840s".into(), 0.85)));
        assert_eq!(v.resolve(&a.word("1850")), Resolution::Unknown);
    }

    #[test]
    fn a_long_words_slip_beats_a_short_word_inside_it() {
        let (a, v) = vocabulary("microsoft micro blogging");
        assert_eq!(known(&v, v.resolve(&a.word("microsft"))).unwrap().0, "microsoft");
    }

    #[test]
    fn a_typo_as_close_to_two_words_means_the_more_used_one() {
        // "sate" is one letter from "safe" and from "state"; the knowledge says "state" more.
        let (a, v) = vocabulary("states states state safe");
        assert_eq!(known(&v, v.resolve(&a.word("sate"))).unwrap().0, "state");
    }

    #[test]
    fn a_short_word_with_another_first_letter_is_no_typo() {
        let (a, v) = vocabulary("right gain");
        assert_eq!(v.resolve(&a.word("light")), Resolution::Unknown);
        assert_eq!(v.resolve(&a.word("rain")), Resolution::Unknown);
        assert_eq!(known(&v, v.resolve(&a.word("rigth"))).unwrap().0, "right");
    }

    #[test]
    fn misspelt_stop_words_are_recognised() {
        let (a, v) = vocabulary("public core");
        assert_eq!(v.resolve(&a.word("wat")), Resolution::Stop);
        assert_eq!(v.resolve(&a.word("wich")), Resolution::Stop);
    }
}
