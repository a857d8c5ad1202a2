//! From text to the words the matcher weighs: folded, stop words marked, stemmed.
//!
//! The same analysis runs on the knowledge (when the matcher is built) and on every question,
//! so "sovereignty" in a phrasing and "Sovereignty?" in a question meet as one term.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

use crate::text;

pub use super::words::{NUMBER_WORDS, digits, expansion, is_frame_word, is_stop_word, soft_stems, stop_words};

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The folded word as written ("governed").
    pub surface: String,
    /// Its stem ("govern"); numbers are their own stem.
    pub stem: String,
}

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

    /// Analyses one folded word.
    pub fn word(&self, surface: &str) -> Word {
        Word { surface: surface.to_owned(), stem: self.stem(surface) }
    }

    /// A word's stem. The English stemmer's rules all end in ASCII letters or apostrophes, so a
    /// word without an ASCII character (a Chinese one) is its own stem, and is not stemmed.
    pub fn stem(&self, surface: &str) -> String {
        let own_stem = !surface.bytes().any(|b| b.is_ascii()) || surface.chars().any(|c| c.is_ascii_digit());
        if own_stem {
            surface.to_owned()
        } else if let Some(american) = american_spelling(surface) {
            self.stemmer.stem(&american).into_owned()
        } else {
            self.stemmer.stem(surface).into_owned()
        }
    }
}

/// "Nationalised" is "nationalized": the knowledge spells such words both ways, and so do
/// students, and the stemmer cuts the two spellings apart. Only after a root of four letters or
/// more ("rise" and "advise" stay as they are; both spellings of a word meet either way).
fn american_spelling(surface: &str) -> Option<String> {
    const SUFFIXES: [(&str, &str); 8] = [
        ("isations", "izations"),
        ("isation", "ization"),
        ("ising", "izing"),
        ("isers", "izers"),
        ("iser", "izer"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ise", "ize"),
    ];
    SUFFIXES.iter().find_map(|(british, american)| {
        let root = surface.strip_suffix(british)?;
        (root.len() >= 4 && root.is_ascii()).then(|| format!("{root}{american}"))
    })
}

/// The content words of an already folded text.
pub fn content_surfaces_of_folded(folded: &str) -> impl Iterator<Item = String> + '_ {
    content_words_of_folded(folded).map(str::to_owned)
}

/// [`content_surfaces_of_folded`], borrowed: building the matcher reads every word of the
/// knowledge, and most are known already.
pub fn content_words_of_folded(folded: &str) -> impl Iterator<Item = &str> {
    crate::text::spaced(folded).filter(|w| !w.is_empty() && !is_stop_word(w)).map(|w| digits(w).unwrap_or(w))
}

/// How long an answer should be is no part of what is asked: "in like 2 sentences", "in a few
/// words", "in a nutshell", "briefly", "eli5". Such a request is cut from a folded question, so
/// its "sentences" and its "2" do not count against every entry.
pub fn drop_length_requests(folded: String) -> String {
    const SIZES: [&str; 14] =
        ["like", "about", "just", "only", "a", "few", "one", "two", "three", "1", "2", "3", "short", "simple"];
    const UNITS: [&str; 11] = [
        "sentence",
        "sentences",
        "words",
        "lines",
        "line",
        "points",
        "bullet",
        "bullets",
        "paragraph",
        "terms",
        "nutshell",
    ];
    // Words that ask for a length on their own.
    const ALONE: [&str; 2] = ["briefly", "eli5"];
    // Most questions ask for no length: nothing to cut, no word list to make.
    if !crate::text::spaced(&folded).any(|w| ALONE.contains(&w) || w == "in") {
        return folded;
    }
    let words: Vec<&str> = crate::text::spaced(&folded).collect();
    let mut kept = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if ALONE.contains(&words[i]) {
            i += 1;
            continue;
        }
        if words[i] == "in" {
            let sizes = words[i + 1..].iter().take_while(|w| SIZES.contains(w)).count();
            if sizes > 0 && words.get(i + 1 + sizes).is_some_and(|w| UNITS.contains(w)) {
                i += 2 + sizes + usize::from(words.get(i + 2 + sizes) == Some(&"points"));
                continue;
            }
        }
        kept.push(words[i]);
        i += 1;
    }
    if kept.len() == words.len() { folded } else { kept.join(" ") }
}

/// Folds a text for matching: [`text::fold`], after the acronyms that folding would lose are
/// spelt out ("US" and "U.S." are not "us", "WHO" is not "who", "IT" is not "it").
pub fn fold(text: &str) -> String {
    text::fold(&spell_out_acronyms(text))
}

/// The knowledge's texts folded for matching ([`fold`]) while a matcher is built: read from
/// the folds validation made ([`text::Folds`]) when the acronyms leave a text as it is (then
/// [`fold`] is [`text::fold`]), else folded once and kept (an endnote cited by many entries).
pub struct KnowledgeFolds<'a> {
    checked: &'a text::Folds,
    own: FxHashMap<&'a str, String>,
}

impl<'a> KnowledgeFolds<'a> {
    pub fn new(checked: &'a text::Folds) -> Self {
        KnowledgeFolds { checked, own: FxHashMap::default() }
    }

    /// [`fold`] of a text of the knowledge.
    pub fn fold(&mut self, text: &'a str) -> String {
        if let Some(folded) = self.own.get(text) {
            return folded.clone();
        }
        let folded = match spell_out_acronyms(text) {
            std::borrow::Cow::Borrowed(_) => match self.checked.get(text) {
                Some(folded) => return folded.to_owned(),
                None => text::fold(text),
            },
            std::borrow::Cow::Owned(spelt) => text::fold(&spelt),
        };
        self.own.insert(text, folded.clone());
        folded
    }
}

/// Case-sensitive acronyms, written as the folded words they stand for. A text mostly in
/// capitals ("WHO WROTE THIS") keeps its "WHO" and "IT": there, case says nothing.
pub fn spell_out_acronyms(text: &str) -> std::borrow::Cow<'_, str> {
    use regex::Regex;
    static DOTTED: OnceLock<Regex> = OnceLock::new();
    static CAPITALS: OnceLock<Regex> = OnceLock::new();
    static THE_US: OnceLock<Regex> = OnceLock::new();
    // Most texts hold none of them: cheap looks first, the regular expressions only when needed.
    let Clues { dotted: has_dotted, capitals: has_capitals, the_us: has_the_us } = Clues::of(text);
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

/// What [`spell_out_acronyms`] looks for before it runs its regular expressions, found in one
/// pass over the text's bytes (every text of the knowledge is looked at when a matcher is built).
#[derive(Debug, Default, PartialEq)]
struct Clues {
    /// "U." or "E.U".
    dotted: bool,
    /// "US", "WHO" or "IT".
    capitals: bool,
    /// "the us", in any case.
    the_us: bool,
}

impl Clues {
    fn of(text: &str) -> Clues {
        let bytes = text.as_bytes();
        let mut clues = Clues::default();
        for (i, &byte) in bytes.iter().enumerate() {
            let next = &bytes[i + 1..];
            match byte {
                b'U' => {
                    clues.dotted |= next.starts_with(b".");
                    clues.capitals |= next.starts_with(b"S");
                }
                b'E' => clues.dotted |= next.starts_with(b".U"),
                b'W' => clues.capitals |= next.starts_with(b"HO"),
                b'I' => clues.capitals |= next.starts_with(b"T"),
                b' ' => {
                    clues.the_us |= i >= 3
                        && bytes[i - 3..i].eq_ignore_ascii_case(b"the")
                        && next.get(..2).is_some_and(|us| us.eq_ignore_ascii_case(b"us"))
                }
                _ => {}
            }
        }
        clues
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_requested_length_is_no_part_of_the_question() {
        let cut = |q: &str| drop_length_requests(fold(q));
        assert_eq!(
            cut("so whats the conclusion of the paper in like 2 sentences"),
            "so whats the conclusion of the paper"
        );
        assert_eq!(cut("explain wu wei in a few words pls"), "explain wu wei pls");
        assert_eq!(cut("public core in a nutshell"), "public core");
        assert_eq!(cut("briefly, what is the public core norm"), "what is the public core norm");
        assert_eq!(cut("explain it in 3 bullet points"), "explain it");
        // A number or a "few" that is no length stays.
        assert_eq!(cut("what happened in 2 years"), "what happened in 2 years");
        assert_eq!(cut("in a few countries"), "in a few countries");
    }

    #[test]
    fn british_and_american_spellings_share_a_stem() {
        let a = Analyzer::default();
        for (british, american) in
            [("nationalised", "nationalized"), ("criticise", "criticize"), ("organisation", "organization")]
        {
            assert_eq!(a.stem(british), a.stem(american), "{british}");
        }
        assert_eq!(american_spelling("rise"), None);
        assert_eq!(american_spelling("advise"), None);
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
    fn clues_are_what_the_slow_looks_find() {
        let texts = [
            "the us",
            "THE US",
            "about The Us.",
            "xthe usa",
            "the  us",
            "the u",
            "he us",
            "tHe uS",
            "",
            " us",
            "théus",
            "U.S. and E.U",
            "E.",
            "E.u",
            "USA",
            "WHO",
            "WH",
            "IT",
            "I",
            "U",
            "a USB stick",
            "WHO WROTE IT",
            "中国 US",
        ];
        for text in texts {
            let slow = Clues {
                dotted: text.contains("U.") || text.contains("E.U"),
                capitals: text.contains("US") || text.contains("WHO") || text.contains("IT"),
                the_us: text.as_bytes().windows(6).any(|w| w.eq_ignore_ascii_case(b"the us")),
            };
            assert_eq!(Clues::of(text), slow, "{text}");
        }
    }

    #[test]
    fn a_known_stem_is_the_stemmers() {
        // Building the matcher asks the vocabulary for the stems of the knowledge's words
        // instead of the stemmer: they must be the same.
        let a = Analyzer::default();
        let words = ["governed", "sovereignty", "1994", "norms", "nationalised", "网络"];
        let mut vocabulary = super::super::vocabulary::Vocabulary::default();
        for word in words {
            vocabulary.add_surface(word, &a);
        }
        for word in words {
            assert_eq!(vocabulary.surface_stem(word), Some(a.stem(word).as_str()));
        }
        assert_eq!(vocabulary.surface_stem("unknown"), None);
    }

    #[test]
    fn a_word_without_ascii_is_its_own_stem() {
        let stemmer = Stemmer::create(Algorithm::English);
        let han = ('\u{4E00}'..='\u{9FFF}').map(String::from);
        let words = ["网络主权", "中国的", "什么时候", "ёлка", "été", "日本語ｓ", "’"].into_iter().map(String::from);
        for word in han.chain(words) {
            assert_eq!(stemmer.stem(&word), word.as_str(), "{word}");
            assert_eq!(Analyzer::default().stem(&word), word);
        }
    }

    #[test]
    fn numbers_are_kept_whole() {
        let a = Analyzer::default();
        let words: Vec<String> = a.content_words("38.6 percent in 2020").into_iter().map(|w| w.stem).collect();
        assert_eq!(words, ["38.6", "percent", "2020"]);
    }
}
