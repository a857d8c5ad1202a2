//! From text to the words the matcher weighs: folded, stop words marked, stemmed.
//!
//! The same analysis runs on the knowledge (when the matcher is built) and on every question,
//! so "sovereignty" in a phrasing and "Sovereignty?" in a question meet as one term.

use std::sync::OnceLock;

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

/// Words that carry no topic: function words, question words, chat filler and abbreviations
/// ("wat", "abt", "r", "u", "w", "bc", "tho": students type them, and a short unknown word must
/// not weigh like the rarest word of the paper).
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "abt",
    "acc",
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
    "bc",
    "bcoz",
    "bcuz",
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
    "coz",
    "cuz",
    "define",
    "definition",
    "describe",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "dude",
    "dunno",
    "during",
    "each",
    "either",
    "etc",
    "every",
    "explain",
    "for",
    "from",
    "fyi",
    "get",
    "give",
    "go",
    "going",
    "gonna",
    "got",
    "gotta",
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
    "hw",
    "i",
    "idk",
    "if",
    "im",
    "imho",
    "imo",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "k",
    "kind",
    "kinda",
    "know",
    "let",
    "like",
    "lmao",
    "lmk",
    "lol",
    "me",
    "mean",
    "meaning",
    "means",
    "meant",
    "much",
    "must",
    "my",
    "n",
    "nah",
    "nd",
    "ngl",
    "of",
    "off",
    "ok",
    "okay",
    "omg",
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
    "rn",
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
    "sorta",
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
    "tho",
    "those",
    "thru",
    "thx",
    "tldr",
    "to",
    "today",
    "too",
    "ty",
    "u",
    "ur",
    "us",
    "very",
    "vs",
    "w",
    "wait",
    "wanna",
    "was",
    "wat",
    "wats",
    "we",
    "wen",
    "were",
    "what",
    "whats",
    "when",
    "whens",
    "where",
    "which",
    "who",
    "whom",
    "whos",
    "whose",
    "wht",
    "why",
    "will",
    "with",
    "would",
    "wut",
    "y",
    "ya",
    "yea",
    "yeah",
    "yep",
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
        fold(text).split(' ').filter(|w| !w.is_empty() && !is_stop_word(w)).map(|w| self.word(w)).collect()
    }

    /// The folded content words of a text, not yet stemmed (stemming is the costly part, and
    /// most words are already known by their spelling).
    pub fn content_surfaces(&self, text: &str) -> Vec<String> {
        content_surfaces_of_folded(&fold(text)).collect()
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

/// The content words of an already folded text.
pub fn content_surfaces_of_folded(folded: &str) -> impl Iterator<Item = String> + '_ {
    folded.split(' ').filter(|w| !w.is_empty() && !is_stop_word(w)).map(|w| digits(w).unwrap_or(w).to_owned())
}

/// The number words read as digits when matching, sorted for binary search.
pub const NUMBER_WORDS: [(&str, &str); 12] = [
    ("eight", "8"),
    ("eleven", "11"),
    ("five", "5"),
    ("four", "4"),
    ("nine", "9"),
    ("seven", "7"),
    ("six", "6"),
    ("ten", "10"),
    ("three", "3"),
    ("twelve", "12"),
    ("twenty", "20"),
    ("two", "2"),
];

/// A number word as digits: "the four norms" and "the 4 norms" are one question.
pub fn digits(word: &str) -> Option<&'static str> {
    NUMBER_WORDS.binary_search_by_key(&word, |(w, _)| w).ok().map(|i| NUMBER_WORDS[i].1)
}

/// Folds a text for matching: [`text::fold`], after the acronyms that folding would lose are
/// spelt out ("US" and "U.S." are not "us", "WHO" is not "who", "IT" is not "it").
pub fn fold(text: &str) -> String {
    text::fold(&spell_out_acronyms(text))
}

/// Case-sensitive acronyms, written as the folded words they stand for. A text mostly in
/// capitals ("WHO WROTE THIS") keeps its "WHO" and "IT": there, case says nothing.
pub fn spell_out_acronyms(text: &str) -> std::borrow::Cow<'_, str> {
    use regex::Regex;
    static DOTTED: OnceLock<Regex> = OnceLock::new();
    static CAPITALS: OnceLock<Regex> = OnceLock::new();
    static THE_US: OnceLock<Regex> = OnceLock::new();
    // Most texts hold none of them: cheap looks first, the regular expressions only when needed.
    let has_dotted = text.contains("U.") || text.contains("E.U");
    let has_capitals = text.contains("US") || text.contains("WHO") || text.contains("IT");
    let has_the_us = text.as_bytes().windows(6).any(|w| w.eq_ignore_ascii_case(b"the us"));
    if !has_dotted && !has_capitals && !has_the_us {
        return text.into();
    }
    let dotted = DOTTED.get_or_init(|| Regex::new(r"\b(?:U\.S\.(?:A\.?)?|U\.S\b|U\.K\.?|E\.U\.?|U\.N\.?)").unwrap());
    let capitals = CAPITALS.get_or_init(|| Regex::new(r"\b(?:US|USA|WHO|IT)\b").unwrap());
    let the_us = THE_US.get_or_init(|| Regex::new(r"(?i)\bthe us\b").unwrap());
    let spelt = |m: &str| match m.trim_end_matches('.') {
        "U.S" | "U.S.A" | "US" | "USA" => " usa ",
        "U.K" => " uk ",
        "E.U" => " eu ",
        "U.N" => " un ",
        "WHO" => " world health organization ",
        "IT" => " information technology ",
        _ => " ",
    };
    let mut out: std::borrow::Cow<'_, str> =
        if has_dotted { dotted.replace_all(text, |c: &regex::Captures<'_>| spelt(&c[0])) } else { text.into() };
    let mostly_lower = |t: &str| {
        let letters = t.chars().filter(|c| c.is_alphabetic()).count();
        t.chars().filter(|c| c.is_uppercase()).count() * 2 < letters
    };
    if has_capitals && mostly_lower(&out) {
        // "WHO" opening a question asks who; elsewhere it is the organisation.
        let replaced = capitals.replace_all(&out, |c: &regex::Captures<'_>| {
            let m = c.get(0).unwrap();
            if m.as_str() == "WHO" && out[..m.start()].trim().is_empty() {
                "WHO".to_owned()
            } else {
                spelt(m.as_str()).to_owned()
            }
        });
        if let std::borrow::Cow::Owned(replaced) = replaced {
            out = replaced.into();
        }
    }
    if has_the_us && let std::borrow::Cow::Owned(replaced) = the_us.replace_all(&out, "the usa") {
        out = replaced.into();
    }
    out
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

/// Nouns that frame a question rather than name the detail it asks for ("which *author*",
/// "what *year*", "which *org*"): an entry need not use them to answer it.
const FRAME_WORDS: &[&str] = &[
    "article",
    "author",
    "authors",
    "biggest",
    "body",
    "book",
    "chapter",
    "citation",
    "company",
    "compare",
    "comparison",
    "concept",
    "conclusion",
    "countries",
    "country",
    "date",
    "dates",
    "deal",
    "diff",
    "difference",
    "document",
    "endnote",
    "endnotes",
    "event",
    "events",
    "example",
    "examples",
    "factor",
    "factors",
    "firm",
    "full",
    "group",
    "idea",
    "ideas",
    "issue",
    "issues",
    "kind",
    "main",
    "name",
    "names",
    "nation",
    "nations",
    "note",
    "notes",
    "org",
    "organisation",
    "organization",
    "organizations",
    "paper",
    "part",
    "people",
    "person",
    "position",
    "problem",
    "problems",
    "reason",
    "reasons",
    "reference",
    "references",
    "report",
    "section",
    "source",
    "sources",
    "state",
    "states",
    "stuff",
    "term",
    "text",
    "thing",
    "type",
    "uni",
    "university",
    "view",
    "views",
    "word",
    "words",
    "writer",
    "year",
    "years",
];

/// Whether a word frames a question rather than names its detail.
pub fn is_frame_word(word: &str) -> bool {
    FRAME_WORDS.binary_search(&word).is_ok()
}

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
    ("org", &["organization"]),
    ("orgs", &["organizations"]),
    ("ppl", &["people"]),
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
    static SET: OnceLock<rustc_hash::FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().copied().collect()).contains(word) || crate::text::chinese::is_stop_word(word)
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
        assert!(FRAME_WORDS.windows(2).all(|w| w[0] < w[1]), "keep FRAME_WORDS sorted and unique");
        assert!(NUMBER_WORDS.windows(2).all(|w| w[0].0 < w[1].0), "keep NUMBER_WORDS sorted and unique");
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
    fn acronyms_survive_folding_as_the_names_they_are() {
        assert_eq!(fold("What share of the US economy is digital?"), "what share of the usa economy is digital");
        assert_eq!(fold("U.S. and U.K. views, the E.U."), "usa and uk views the eu");
        assert_eq!(fold("tell us about the us"), "tell us about the usa");
        assert_eq!(fold("WHO said it about IT?"), "who said it about information technology");
        assert_eq!(fold("Did the WHO say it?"), "did the world health organization say it");
        assert_eq!(fold("WHO WROTE IT"), "who wrote it");
        assert_eq!(fold("the USA and US views"), "the usa and usa views");
        assert_eq!(fold("a USB stick is not from the US"), "a usb stick is not from the usa");
    }

    #[test]
    fn numbers_are_kept_whole() {
        let a = Analyzer::default();
        let words: Vec<String> = a.content_words("38.6 percent in 2020").into_iter().map(|w| w.stem).collect();
        assert_eq!(words, ["38.6", "percent", "2020"]);
    }
}
