//! Reading numbers, years and counts out of folded words: "four" as 4, "1990s" as a decade,
//! "221 BC" as a date, and "six bold norms" as six of what the entry counts.
//!
//! Both sides of [`super::check`] need it (an entry's facts and a question's demands), and the
//! rules for what counts as a figure, a year or a day are the fiddly part of agreement.

use rustc_hash::FxHashSet as HashSet;

use super::super::analyze;
use super::push_unique;
use crate::knowledge::MONTHS;

/// Months as students shorten them; the full names are the knowledge's ([`MONTHS`]).
const SHORT_MONTHS: [&str; 9] = ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "dec"];

/// Number words beyond those that matching reads as digits ([`analyze::digits`]): figures an
/// answer may state in words ("fifty", "a dozen", "half").
const MORE_NUMBER_WORDS: [(&str, &str); 8] = [
    ("thirteen", "13"),
    ("fourteen", "14"),
    ("fifteen", "15"),
    ("thirty", "30"),
    ("fifty", "50"),
    ("hundred", "100"),
    ("dozen", "12"),
    ("half", "0.5"),
];

/// Words that make a figure of a sum, without a number: "million", "trillion", "percent".
pub(super) const SCALE_WORDS: [&str; 7] =
    ["thousand", "million", "millions", "billion", "billions", "trillion", "percent"];

pub(super) fn year(word: &str) -> Option<u16> {
    let year: u16 = word.parse().ok().filter(|_| word.len() == 4)?;
    (1000..=2100).contains(&year).then_some(year)
}

pub(super) fn decade(word: &str) -> Option<u16> {
    word.strip_suffix('s').and_then(year).filter(|y| y % 10 == 0)
}

/// A number written in digits or as a word, as digits.
pub fn number(word: &str) -> Option<String> {
    let spelt = analyze::digits(word).or_else(|| MORE_NUMBER_WORDS.iter().find(|(w, _)| *w == word).map(|(_, d)| *d));
    if let Some(digits) = spelt {
        return Some(digits.to_owned());
    }
    let plain = word.starts_with(|c: char| c.is_ascii_digit()) && word.chars().all(|c| c.is_ascii_digit() || c == '.');
    (plain && year(word).is_none()).then(|| word.trim_end_matches('.').to_owned())
}

/// Whether a question's number is a figure the answer must give ("38.6", "989"), not a count
/// the answer may spell its own way or leave out ("which two cities", "the 4 norms"), nor a
/// year cut short ("in 94").
pub(super) fn is_figure(number: &str) -> bool {
    number.contains('.') || number.len() >= 3
}

/// Whether a word may be a year, a number, a month or a scale: most words are none, and are
/// passed over with one look-up.
pub(super) fn may_count(word: &str) -> bool {
    static WORDS: std::sync::OnceLock<HashSet<&'static str>> = std::sync::OnceLock::new();
    word.starts_with(|c: char| c.is_ascii_digit())
        || WORDS
            .get_or_init(|| {
                let mut words: HashSet<&'static str> =
                    MONTHS.iter().chain(&SHORT_MONTHS).chain(&SCALE_WORDS).copied().collect();
                words.extend(MORE_NUMBER_WORDS.iter().map(|(w, _)| *w));
                words.extend(analyze::NUMBER_WORDS.iter().map(|(w, _)| *w));
                words.extend(["century", "one"]);
                words
            })
            .contains(word)
}

pub(super) fn is_month(word: &str) -> bool {
    MONTHS.contains(&word) || SHORT_MONTHS.contains(&word)
}

/// Whether the word after a number makes it a year ("221 BC").
pub(super) fn is_era(next: Option<&str>) -> bool {
    next.is_some_and(|w| ["bc", "bce", "ad", "ce"].contains(&w))
}

/// The stems of the words the figures of some texts count (the three content words after each
/// number, "989 million Internet *users*"), for [`super::Facts::counted`]. Only statements count, not
/// phrasings: "how many people…" counts nothing.
pub fn counted<S: AsRef<str>>(texts: &[Vec<S>], stem: impl Fn(&str) -> String) -> Vec<String> {
    let mut counted = Vec::new();
    for words in texts {
        let figures = words.iter().enumerate().filter(|(_, w)| {
            let w = w.as_ref();
            may_count(w) && (number(w).is_some() || SCALE_WORDS.contains(&w) || w == "one")
        });
        for (i, _) in figures {
            let after = words[i + 1..].iter().map(AsRef::as_ref).filter(|w| !analyze::is_stop_word(w)).take(3);
            for word in after {
                push_unique(&mut counted, stem(word));
            }
        }
    }
    counted
}

/// The place an ordinal gives in a row, from the second on ("third", "3rd", 第三): "the
/// *third* norm" asks for one item of a list by its place, which only an entry that orders
/// them gives. "first" is left out: "the first email" names a thing, not a place in a list.
pub fn ordinal(word: &str) -> Option<u8> {
    const WORDS: [&str; 9] = ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
    if let Some(at) = WORDS.iter().position(|w| *w == word) {
        return Some(at as u8 + 2);
    }
    if let Some(rest) = word.strip_prefix('第') {
        return chinese_number(rest).filter(|n| *n >= 2);
    }
    let digits = word.strip_suffix("nd").or_else(|| word.strip_suffix("rd")).or_else(|| word.strip_suffix("th"))?;
    digits.parse::<u8>().ok().filter(|n| *n >= 2)
}

/// The Chinese digits, by their value.
const CHINESE_DIGITS: &str = "〇一二三四五六七八九";

/// Whether a character may be part of a number [`chinese_number`] reads: a digit, Chinese or
/// not, or 十.
pub fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || c == '十' || CHINESE_DIGITS.contains(c)
}

/// The number a Chinese count starts with, up to 99: "三条" is 3, "二十一" is 21, "20条" is 20.
pub fn chinese_number(text: &str) -> Option<u8> {
    let digit = |c: char| CHINESE_DIGITS.chars().position(|d| d == c).map(|d| d as u8);
    let leading: String = text.chars().take_while(char::is_ascii_digit).collect();
    if !leading.is_empty() {
        return leading.parse().ok();
    }
    let mut chars = text.chars().peekable();
    let first = *chars.peek()?;
    let tens = match (digit(first), first) {
        (_, '十') => 1,
        (Some(d), _) => {
            chars.next();
            if chars.peek() != Some(&'十') {
                return Some(d);
            }
            d
        }
        _ => return None,
    };
    chars.next();
    Some(tens * 10 + chars.next().and_then(digit).unwrap_or(0))
}

/// Words that count the same things: "how many *rules*" is asked of "six *norms*", "how many
/// *essays*" of "twelve *papers*". A student rarely uses the paper's own noun.
const KINDRED_UNITS: [&[&str]; 9] = [
    &["norm", "rule", "principle", "guideline", "standard"],
    &["paper", "essay", "article", "publication", "piece"],
    &["country", "state", "nation"],
    &["book", "volume", "monograph"],
    &["factor", "reason", "cause"],
    &["author", "writer", "expert", "contributor"],
    &["event", "landmark", "milestone"],
    &["initiative", "proposal", "plan"],
    &["theory", "model", "framework"],
];

/// The stems of the words that count what the unit of stem `mine` counts, itself first.
pub fn kindred_units(mine: String, stem: impl Fn(&str) -> String) -> Vec<String> {
    let group = KINDRED_UNITS.iter().find(|group| group.iter().any(|w| stem(w) == mine));
    let mut kin = vec![mine];
    for word in group.into_iter().flat_map(|group| group.iter()) {
        push_unique(&mut kin, stem(word));
    }
    kin
}

/// Small counts and what they count ("six bold norms", "the 4 proposals"): each number below
/// 100 that is no year, with the stems of the first `reach` content words after it (a statement
/// may put adjectives first; a question's count is read from the word right after it).
pub fn counts<S: AsRef<str>>(texts: &[Vec<S>], reach: usize, stem: impl Fn(&str) -> String) -> Vec<(String, String)> {
    let mut counts = Vec::new();
    for words in texts {
        for (i, word) in words.iter().map(AsRef::as_ref).enumerate() {
            let Some(n) = number(word).filter(|n| n.len() <= 2 && !n.contains('.')) else { continue };
            let after = words[i + 1..].iter().map(AsRef::as_ref).filter(|w| !analyze::is_stop_word(w) && *w != "other");
            for next in
                after.take(reach).take_while(|w| number(w).is_none() && !SCALE_WORDS.contains(w) && year(w).is_none())
            {
                push_unique(&mut counts, (n.clone(), stem(next)));
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        crate::text::words(&super::super::super::analyze::spell_out_acronyms(text))
    }

    #[test]
    fn counts_pair_a_small_number_with_what_it_counts() {
        let entry = words("Microsoft proposed six bold cybersecurity norms in 2014, and 989 million users.");
        let counts = counts(&[entry], 3, str::to_owned);
        assert!(counts.contains(&("6".into(), "norms".into())), "{counts:?}");
        assert!(!counts.iter().any(|(n, _)| n == "989" || n == "2014"), "years and figures are no counts");
        let asked = counts_of("what were the other five norms");
        assert_eq!(asked, [("5".to_owned(), "norms".to_owned())]);
    }

    #[test]
    fn ordinals_give_a_place_from_the_second_on() {
        assert_eq!(ordinal("third"), Some(3));
        assert_eq!(ordinal("5th"), Some(5));
        assert_eq!(ordinal("11th"), Some(11));
        assert_eq!(ordinal("第三条"), Some(3));
        assert_eq!(ordinal("第二十一条"), Some(21));
        assert_eq!(ordinal("第十"), Some(10));
        assert_eq!(ordinal("第20条"), Some(20));
        for word in ["first", "1st", "第一", "month", "second-hand", "第", "north"] {
            assert_eq!(ordinal(word), None, "{word}");
        }
    }

    #[test]
    fn kindred_units_count_the_same_things() {
        let plain = |w: &str| w.trim_end_matches('s').to_owned();
        let kin = kindred_units("rule".into(), plain);
        assert_eq!(kin[0], "rule");
        assert!(kin.contains(&"norm".to_owned()) && kin.contains(&"principle".to_owned()));
        assert!(!kin.contains(&"paper".to_owned()));
        assert_eq!(kindred_units("user".into(), plain), ["user"]);
    }

    fn counts_of(question: &str) -> Vec<(String, String)> {
        counts(&[words(question)], 1, str::to_owned)
    }
}
