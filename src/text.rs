//! Text normalisation shared by the validator and the matcher.
//!
//! Two phrasings count as "the same" for the validator exactly when the matcher would see the
//! same words in them, so both use these functions.

use unicode_normalization::UnicodeNormalization;

pub mod chinese;
mod folds;

pub use folds::Folds;

/// Folds a text to lower-case words separated by single spaces: Unicode compatibility
/// normalisation (full-width letters, ligatures), case folding, possessives dropped
/// ("China's" -> "china"), every other non-alphanumeric character a separator. Zero-width and
/// control characters vanish.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        // Nothing to normalise: skip the (costly) Unicode passes.
        return fold_chars(text.chars().map(|c| c.to_ascii_lowercase()), text.len());
    }
    // Chinese runs are simplified and cut into words first (full-width forms are folded below).
    let text = chinese::segment(text);
    let text = text.as_ref();
    if text.chars().all(|c| plain_cjk(c).is_some()) {
        // A Chinese question: Han characters, ASCII and full-width punctuation, no table needed.
        return fold_chars(text.chars().filter_map(plain_cjk), text.len());
    }
    if unicode_normalization::is_nfkc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
        // Curly quotes, dashes and accented letters are already in normal form.
        fold_chars(text.chars().flat_map(lowercase), text.len())
    } else {
        fold_chars(text.nfkc().flat_map(lowercase), text.len())
    }
}

/// `char::to_lowercase`, without its table search for the characters that have no case and
/// fill most folded texts: ASCII, and the common Han characters of Chinese.
fn lowercase(c: char) -> impl Iterator<Item = char> {
    let caseless = c.is_ascii() || COMMON_HAN.contains(&c);
    let (own, looked_up) = if caseless { (Some(c.to_ascii_lowercase()), None) } else { (None, Some(c.to_lowercase())) };
    own.into_iter().chain(looked_up.into_iter().flatten())
}

/// The CJK Unified Ideographs block: letters without case.
const COMMON_HAN: std::ops::RangeInclusive<char> = '\u{4E00}'..='\u{9FFF}';

/// A character of the kinds Chinese questions are written in, normalised (NFKC) and lower-cased
/// as [`fold`] does, without the Unicode tables: ASCII, the common Han characters, the
/// full-width forms of ASCII ("？", "，", "（", "Ｇ": NFKC makes each the one ASCII character it
/// is wide for) and the CJK and curly punctuation NFKC leaves as it is. `None` for any other
/// character: a text holding one is folded the general way. Every one of these characters is a
/// starter (combining class 0), none has a canonical decomposition and no two of them compose,
/// so the NFKC form of a text made of them is each character's own, one by one (tested).
fn plain_cjk(c: char) -> Option<char> {
    match c {
        _ if c.is_ascii() => Some(c.to_ascii_lowercase()),
        _ if COMMON_HAN.contains(&c) => Some(c),
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).map(|a| a.to_ascii_lowercase()),
        '\u{3001}'
        | '\u{3002}'
        | '\u{3008}'..='\u{3011}'
        | '\u{2014}'
        | '\u{2018}'
        | '\u{2019}'
        | '\u{201C}'
        | '\u{201D}'
        | '\u{00B7}' => Some(c),
        _ => None,
    }
}

/// `char::is_alphanumeric`, without its table search for the common Han characters (letters,
/// every one: tested).
fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphanumeric() } else { COMMON_HAN.contains(&c) || c.is_alphanumeric() }
}

fn fold_chars(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut pending_space = false;
    let mut chars = chars.peekable();
    while let Some(c) = chars.next() {
        if is_alphanumeric(c) {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else if is_apostrophe(c) {
            // "china's" -> "china", "countries'" -> "countries"; "o'neill" -> "oneill".
            match chars.peek() {
                Some('s') => {
                    chars.next();
                    if chars.peek().is_some_and(|n| is_alphanumeric(*n)) {
                        out.push('s');
                    } else {
                        pending_space = true;
                    }
                }
                Some(n) if is_alphanumeric(*n) => {}
                _ => pending_space = true,
            }
        } else if (c == '.' || c == ',') && out.ends_with(|p: char| p.is_ascii_digit()) && !pending_space {
            // "39.2" and "38.6" stay one number; "1,000" becomes "1000".
            if chars.peek().is_some_and(|n| n.is_ascii_digit()) {
                if c == '.' {
                    out.push('.');
                }
            } else {
                pending_space = true;
            }
        } else if is_invisible(c) {
            // Zero-width joiners and friends do not split words.
        } else {
            pending_space = true;
        }
    }
    out
}

/// A folded text run together, its spaces dropped ("数字 冷战" -> "数字冷战"), as Chinese is
/// written: copied a byte at a time in one pass, since a Chinese question is run together by
/// several checks and its words are short (a split at each space cost a search and a copy a
/// word). An ASCII space is never part of another character's bytes, so what is left is UTF-8.
pub fn without_spaces(folded: &str) -> String {
    let mut bytes = Vec::with_capacity(folded.len());
    bytes.extend(folded.bytes().filter(|&b| b != b' '));
    String::from_utf8(bytes).expect("dropping ASCII spaces leaves UTF-8")
}

/// A folded text's words, split at each space exactly as `str::split(' ')` splits it (empty
/// words included), but found by a plain loop over the bytes: a folded word is a few bytes,
/// and the standard splitter's search for the next space cost a call to memchr a word, which
/// building the matcher (every word of the knowledge) and a Chinese question (a score of
/// short words) paid tens of thousands and dozens of times.
pub fn spaced(folded: &str) -> Spaced<'_> {
    Spaced { rest: Some(folded) }
}

/// The iterator of [`spaced`].
#[derive(Debug, Clone)]
pub struct Spaced<'a> {
    /// What is left to split; none once the last word is given.
    rest: Option<&'a str>,
}

impl<'a> Iterator for Spaced<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match rest.bytes().position(|b| b == b' ') {
            Some(at) => {
                self.rest = Some(&rest[at + 1..]);
                Some(&rest[..at])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// The words of a text, after [`fold`].
pub fn words(text: &str) -> Vec<String> {
    fold(text).split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{02BC}')
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
        || (c.is_control() && !c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaced_splits_as_split_does() {
        for text in ["", " ", "a", "a b", " a  b ", "数字 冷战  是 what", "what is the gdp", "  "] {
            assert_eq!(spaced(text).collect::<Vec<_>>(), text.split(' ').collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn without_spaces_runs_words_together() {
        assert_eq!(without_spaces("数字 冷战  是 what"), "数字冷战是what");
        assert_eq!(without_spaces(""), "");
    }

    #[test]
    fn folds_case_punctuation_and_possessives() {
        assert_eq!(fold("What is China's  DIGITAL economy?!"), "what is china digital economy");
        assert_eq!(fold("countries' views"), "countries views");
        assert_eq!(fold("it’s"), "it");
        assert_eq!(fold("U.S. military"), "u s military");
        assert_eq!(fold("39.2 trillion, 38.6 percent."), "39.2 trillion 38.6 percent");
        assert_eq!(fold("1,000 users in 2020."), "1000 users in 2020");
    }

    #[test]
    fn folds_compatibility_forms_and_drops_invisible_characters() {
        assert_eq!(fold("ＷＨＯ wrote it"), "who wrote it");
        assert_eq!(fold("pub\u{200B}lic core"), "public core");
        assert_eq!(fold("a\u{0}b"), "ab");
    }

    #[test]
    fn caseless_characters_lower_to_themselves() {
        for c in COMMON_HAN.chain((0..128u8).map(char::from)) {
            assert!(lowercase(c).eq(c.to_lowercase()), "{c}");
        }
    }

    #[test]
    fn plain_characters_normalise_and_lower_one_by_one() {
        use unicode_normalization::char::{canonical_combining_class, decompose_canonical};
        let mut plain = 0;
        for c in (char::MIN..=char::MAX).filter(|c| plain_cjk(*c).is_some()) {
            let general: String = c.to_string().nfkc().flat_map(lowercase).collect();
            assert_eq!(general, plain_cjk(c).unwrap().to_string(), "{c}");
            assert_eq!(canonical_combining_class(c), 0, "{c}");
            plain += 1;
        }
        assert!(plain > 21_000, "{plain}");
        // Two characters compose only into a character that decomposes into them.
        for c in char::MIN..=char::MAX {
            let mut parts = Vec::new();
            decompose_canonical(c, |d| parts.push(d));
            assert!(parts.len() < 2 || !parts.iter().all(|d| plain_cjk(*d).is_some()), "{c}");
        }
    }

    #[test]
    fn chinese_text_folds_as_the_general_way_folds_it() {
        for text in [
            "什么是网络主权？",
            "ＧＤＰ是多少，（２０２０）年“数字”《经济》、「中国」·—‘x’",
            "它’s 中国’s",
            "什么 1,000.5 美元？",
        ] {
            let segmented = chinese::segment(text);
            let general = fold_chars(segmented.nfkc().flat_map(lowercase), text.len());
            assert_eq!(fold(text), general, "{text}");
        }
    }

    #[test]
    fn common_han_characters_are_letters() {
        assert_eq!(COMMON_HAN.filter(|c| !c.is_alphanumeric() || !is_alphanumeric(*c)).count(), 0);
        assert!((char::MIN..='\u{FFFF}').all(|c| is_alphanumeric(c) == c.is_alphanumeric()));
    }

    #[test]
    fn empty_and_symbol_only_texts_fold_to_nothing() {
        assert_eq!(fold(""), "");
        assert_eq!(fold("?!... ***"), "");
        assert!(words("   ").is_empty());
    }
}
