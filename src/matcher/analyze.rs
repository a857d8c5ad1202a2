//! From text to the words the matcher weighs: folded, stop words marked, stemmed.
//!
//! The same analysis runs on the knowledge (when the matcher is built) and on every question,
//! so "sovereignty" in a phrasing and "Sovereignty?" in a question meet as one term.

use rust_stemmers::{Algorithm, Stemmer};

use crate::text;

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The folded word as written ("governed").
    pub surface: String,
    /// Its stem ("govern"); numbers are their own stem.
    pub stem: String,
}

/// Words that carry no topic: function words, question words, chat filler.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "according",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "anything",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "bot",
    "both",
    "btw",
    "but",
    "by",
    "can",
    "could",
    "define",
    "definition",
    "describe",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "dude",
    "during",
    "each",
    "either",
    "etc",
    "every",
    "explain",
    "for",
    "from",
    "get",
    "give",
    "go",
    "going",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "hello",
    "her",
    "here",
    "hey",
    "hi",
    "him",
    "his",
    "hmm",
    "how",
    "hows",
    "i",
    "idk",
    "if",
    "im",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "kind",
    "know",
    "let",
    "like",
    "lmao",
    "lol",
    "me",
    "mean",
    "meaning",
    "means",
    "meant",
    "much",
    "must",
    "my",
    "ngl",
    "of",
    "off",
    "ok",
    "okay",
    "on",
    "one",
    "or",
    "other",
    "our",
    "out",
    "over",
    "please",
    "pls",
    "plz",
    "r",
    "really",
    "said",
    "say",
    "says",
    "she",
    "should",
    "show",
    "so",
    "some",
    "something",
    "sort",
    "such",
    "tbh",
    "tell",
    "than",
    "thank",
    "thanks",
    "that",
    "thats",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "this",
    "those",
    "thx",
    "tldr",
    "to",
    "today",
    "too",
    "u",
    "ur",
    "us",
    "very",
    "vs",
    "wait",
    "was",
    "we",
    "were",
    "what",
    "whats",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "whos",
    "whose",
    "why",
    "will",
    "with",
    "would",
    "ya",
    "yo",
    "you",
    "your",
];

/// Splits texts into [`Word`]s. Holds the stemmer, so build one and reuse it.
pub struct Analyzer {
    stemmer: Stemmer,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analyzer")
    }
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer { stemmer: Stemmer::create(Algorithm::English) }
    }
}

impl Analyzer {
    /// The content words of a text, in order, stop words left out.
    #[cfg(test)]
    pub fn content_words(&self, text: &str) -> Vec<Word> {
        text::fold(text).split(' ').filter(|w| !w.is_empty() && !is_stop_word(w)).map(|w| self.word(w)).collect()
    }

    /// The folded content words of a text, not yet stemmed (stemming is the costly part, and
    /// most words are already known by their spelling).
    pub fn content_surfaces(&self, text: &str) -> Vec<String> {
        text::fold(text).split(' ').filter(|w| !w.is_empty() && !is_stop_word(w)).map(str::to_owned).collect()
    }

    /// Analyses one folded word.
    pub fn word(&self, surface: &str) -> Word {
        Word { surface: surface.to_owned(), stem: self.stem(surface) }
    }

    pub fn stem(&self, surface: &str) -> String {
        if surface.chars().any(|c| c.is_ascii_digit()) {
            surface.to_owned()
        } else {
            self.stemmer.stem(surface).into_owned()
        }
    }
}

/// Everyday words that say little about which part of the paper a question is about, however
/// rare they are in the knowledge ("what *happened* *between* …"): they count for less.
const SOFT_WORDS: &[&str] = &[
    "actually",
    "among",
    "argue",
    "argues",
    "basically",
    "become",
    "became",
    "between",
    "call",
    "called",
    "come",
    "comes",
    "concept",
    "exactly",
    "general",
    "generally",
    "happen",
    "happened",
    "happening",
    "happens",
    "idea",
    "important",
    "key",
    "look",
    "main",
    "mainly",
    "make",
    "makes",
    "mention",
    "mentioned",
    "mentions",
    "need",
    "part",
    "play",
    "plays",
    "point",
    "put",
    "regarding",
    "related",
    "role",
    "see",
    "seem",
    "seems",
    "talk",
    "talks",
    "term",
    "think",
    "thinks",
    "use",
    "used",
    "view",
    "want",
    "wants",
    "way",
    "work",
    "works",
    "write",
    "writes",
    "written",
    "wrote",
];

/// The stems of [`SOFT_WORDS`].
pub fn soft_stems(analyzer: &Analyzer) -> Vec<String> {
    SOFT_WORDS.iter().map(|w| analyzer.stem(w)).collect()
}

/// Abbreviations and everyday names students use for words the paper spells out. Only used for
/// a question's word that the knowledge does not know as it is.
const EXPANSIONS: &[(&str, &[&str])] = &[
    ("america", &["united", "states"]),
    ("american", &["united", "states"]),
    ("cctld", &["country", "code", "top", "level", "domain"]),
    ("cctlds", &["country", "code", "top", "level", "domains"]),
    ("gfw", &["great", "firewall"]),
    ("gov", &["government"]),
    ("govt", &["government"]),
    ("info", &["information"]),
    ("intl", &["international"]),
    ("ip", &["intellectual", "property"]),
    ("mfa", &["ministry", "foreign", "affairs"]),
    ("prc", &["china"]),
    ("prez", &["president"]),
    ("tech", &["technology"]),
    ("uk", &["britain"]),
    ("uni", &["university"]),
    ("univ", &["university"]),
    ("usa", &["united", "states"]),
    ("yr", &["year"]),
    ("yrs", &["years"]),
];

/// The words an abbreviation stands for.
pub fn expansion(surface: &str) -> Option<&'static [&'static str]> {
    EXPANSIONS.binary_search_by_key(&surface, |(a, _)| a).ok().map(|i| EXPANSIONS[i].1)
}

pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

pub fn stop_words() -> &'static [&'static str] {
    STOP_WORDS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]), "keep STOP_WORDS sorted and unique");
        assert!(EXPANSIONS.windows(2).all(|w| w[0].0 < w[1].0), "keep EXPANSIONS sorted and unique");
        assert_eq!(expansion("usa"), Some(&["united", "states"][..]));
    }

    #[test]
    fn content_words_are_stemmed_and_stop_words_dropped() {
        let a = Analyzer::default();
        let words: Vec<String> = a
            .content_words("How was the Internet governed in China's early days?")
            .into_iter()
            .map(|w| w.stem)
            .collect();
        assert_eq!(words, ["internet", "govern", "china", "earli", "day"]);
    }

    #[test]
    fn numbers_are_kept_whole() {
        let a = Analyzer::default();
        let words: Vec<String> = a.content_words("38.6 percent in 2020").into_iter().map(|w| w.stem).collect();
        assert_eq!(words, ["38.6", "percent", "2020"]);
    }
}
