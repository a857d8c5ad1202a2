//! Reading a typed answer the way a teacher does before marking it: the words a student means
//! ("U.S." is the United States, "eight" is 8, "Dec." is December, "25/09/2015" is a date, "the
//! 1980's" a decade), which of them the student denies ("not 2014"), and which names are one
//! entity ("America", "the US"). Key facts are read the same way, so that both sides compare
//! word for word.

use std::sync::OnceLock;

use regex::Regex;
use rust_stemmers::{Algorithm, Stemmer};

use crate::knowledge::MONTHS;
use crate::matcher::{Gazetteer, fold_for_matching};
use crate::text;

/// One word of a reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The folded word, or `#<entity>` for a name the gazetteer knows ("#3" for every name of
    /// the United States).
    pub word: String,
    pub stem: String,
    /// Said under a negation in its clause ("not 2014", "it wasn't the US").
    pub negated: bool,
}

impl Token {
    pub fn is_number(&self) -> bool {
        self.word.chars().any(|c| c.is_ascii_digit()) && !self.is_entity()
    }

    pub fn is_entity(&self) -> bool {
        self.word.starts_with('#')
    }

    /// A year (1000 to 2100) or a decade ("1980s").
    pub fn is_year(&self) -> bool {
        is_year(&self.word)
    }
}

/// Whether a folded word is a year (1000 to 2100) or a decade ("1980s").
pub fn is_year(word: &str) -> bool {
    let digits = word.strip_suffix('s').unwrap_or(word);
    digits.len() == 4 && digits.parse::<u32>().is_ok_and(|y| (1000..=2100).contains(&y))
}

/// A text read into tokens, clause by clause.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    pub tokens: Vec<Token>,
    /// Says "or", "maybe", "either", "not sure": a hedge, if it names several candidates.
    pub hedges: bool,
}

impl Reading {
    /// The tokens that are not denied.
    pub fn affirmed(&self) -> impl Iterator<Item = &Token> {
        self.tokens.iter().filter(|t| !t.negated)
    }

    /// How many words carry content (not "the", "it was", "in").
    pub fn content_words(&self) -> usize {
        self.tokens.iter().filter(|t| !is_filler(&t.word)).count()
    }
}

/// Reads a text: see the module's documentation.
pub fn read(text: &str) -> Reading {
    let text = slashes_as_or(&normalise_dates(&without_accents(text)));
    // "2014? 2015?" asks rather than answers.
    let asks = text.matches('?').count() >= 1;
    let mut tokens = Vec::new();
    let mut hedges = false;
    for clause in clauses(&text) {
        let folded = fold_for_matching(clause);
        let words = spoken_numbers(spoken_years(folded.split(' ').filter(|w| !w.is_empty()).map(|w| (expand(w), w))));
        hedges |= words.iter().any(|w| HEDGES.contains(&w.as_str()))
            || words.windows(2).any(|w| matches!((w[0].as_str(), w[1].as_str()), ("not", "sure") | ("i", "guess")));
        tokens.extend(clause_tokens(&words));
    }
    Reading { tokens, hedges: hedges || asks }
}

/// The expanded words of a clause, with years said in words joined: "twenty eighteen" and
/// "nineteen ninety four" are 2018 and 1994 ("twenty" alone stays 20).
fn spoken_years<'a>(words: impl Iterator<Item = (Vec<String>, &'a str)>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // Whether the last word pushed was a number said in words ("twenty", "nineteen").
    let mut spoken_last = false;
    for (expanded, original) in words {
        let spoken = !original.chars().any(|c| c.is_ascii_digit());
        for word in expanded {
            let number: Option<u32> = word.parse().ok().filter(|_| word.chars().all(|c| c.is_ascii_digit()));
            let last: Option<u32> = out.last().and_then(|l| l.parse().ok());
            match (number, last) {
                // "twenty eighteen", "nineteen ninety": a century and its years.
                (Some(n @ 10..=99), Some(c @ (19 | 20))) if spoken && spoken_last => {
                    out.pop();
                    out.push((c * 100 + n).to_string());
                }
                // "twenty five", "nineteen ninety four": tens and a unit.
                (Some(n @ 1..=9), Some(t))
                    if spoken && spoken_last && t % 10 == 0 && (20..=90).contains(&(t % 100)) =>
                {
                    out.pop();
                    out.push((t + n).to_string());
                }
                _ => out.push(word),
            }
            spoken_last = spoken && number.is_some();
        }
    }
    out
}

/// "one billion" and "a billion" are 1 billion, and "endnote one" is endnote 1. ("US dollars"
/// is the gazetteer's: one currency, not the United States.)
fn spoken_numbers(mut words: Vec<String>) -> Vec<String> {
    for i in 1..words.len() {
        if matches!(words[i - 1].as_str(), "one" | "a")
            && matches!(words[i].as_str(), "million" | "billion" | "trillion")
        {
            words[i - 1] = "1".to_owned();
        }
        // "endnote one", "note number one".
        if words[i] == "one" && matches!(words[i - 1].as_str(), "endnote" | "note" | "footnote" | "number") {
            words[i] = "1".to_owned();
        }
    }
    words
}

/// The tokens of one clause: names made entities, negations marked.
fn clause_tokens(words: &[String]) -> Vec<Token> {
    let gazetteer = Gazetteer::builtin();
    let found = gazetteer.find(words);
    let mut out = Vec::with_capacity(words.len());
    let mut denied_until = 0usize;
    let mut i = 0;
    let mut next_name = found.iter().peekable();
    while i < words.len() {
        let word = words[i].as_str();
        let next = words.get(i + 1).map(String::as_str);
        let previous = i.checked_sub(1).map(|p| words[p].as_str());
        // "rather than 2014", "instead of the US", "as opposed to …": what follows is denied.
        let setting_aside =
            matches!((previous, word), (Some("rather"), "than") | (Some("instead"), "of") | (Some("opposed"), "to"))
                || word == "unlike";
        let denies = (NEGATIONS.contains(&word) && next != Some("only")) || setting_aside;
        if matches!(word, "but" | "actually")
            || (matches!(word, "rather" | "instead") && !matches!(next, Some("than" | "of")))
        {
            denied_until = 0;
        }
        let negated = i < denied_until && !denies;
        if denies {
            // "not 2014", "never the US", "neither China nor ...": the rest of the clause is denied.
            denied_until = usize::MAX;
        }
        if let Some(name) = next_name.next_if(|f| f.start == i) {
            let entity = format!("#{}", name.entity);
            out.push(Token { stem: entity.clone(), word: entity, negated });
            i += name.len;
            continue;
        }
        out.push(Token { word: word.to_owned(), stem: stem(word), negated });
        i += 1;
    }
    out
}

const NEGATIONS: &[&str] = &[
    "not", "no", "never", "neither", "nor", "isnt", "wasnt", "arent", "werent", "didnt", "doesnt", "dont", "cannot",
    "cant", "wont", "hasnt", "havent", "hadnt", "nt",
];

/// Words that offer several candidates rather than one answer.
const HEDGES: &[&str] = &[
    "or",
    "either",
    "maybe",
    "perhaps",
    "possibly",
    "probably",
    "might",
    "could",
    "unsure",
    "uncertain",
    "idk",
    "guess",
    "whether",
    "between",
];

/// Words that say nothing on their own: a one-word answer is judged on the rest.
pub fn is_filler(word: &str) -> bool {
    crate::matcher::is_stop_word(word) || matches!(word, "was" | "were" | "is" | "it" | "its" | "the" | "a" | "an")
}

/// The stem of a folded word (numbers and entities are their own stems).
pub fn stem(word: &str) -> String {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    if word.chars().any(|c| c.is_ascii_digit()) || word.starts_with('#') {
        return word.to_owned();
    }
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English)).stem(word).into_owned()
}

/// One folded word as the words it stands for: number words as digits, month abbreviations as
/// months, ordinals as their numbers ("20th" is 20), decades as one word ("1980 s" is read by
/// [`normalise_dates`] first).
fn expand(word: &str) -> Vec<String> {
    if let Some(n) = number_word(word) {
        return vec![n.to_string()];
    }
    if let Some(month) = month(word) {
        return vec![month.to_owned()];
    }
    let magnitude = match word {
        "bn" | "bln" => Some("billion"),
        "mn" | "mln" => Some("million"),
        "tn" | "trn" => Some("trillion"),
        _ => None,
    };
    if let Some(magnitude) = magnitude {
        return vec![magnitude.to_owned()];
    }
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() && matches!(&word[digits.len()..], "st" | "nd" | "rd" | "th") {
        return vec![digits];
    }
    vec![word.to_owned()]
}

/// A month's full name from its name or abbreviation ("dec", "sept").
fn month(word: &str) -> Option<&'static str> {
    if word.len() < 3 {
        return None;
    }
    let abbreviation = word == "sept" || word.len() == 3;
    MONTHS.iter().copied().find(|m| *m == word || (abbreviation && m.starts_with(word)))
}

/// A number written in words, up to ninety-nine and the round hundreds and thousands.
fn number_word(word: &str) -> Option<u32> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    if let Some(n) = UNITS.iter().position(|u| *u == word) {
        // "one" is as often a pronoun as a number; it stays a word.
        return (n != 1).then_some(n as u32);
    }
    if let Some(n) = TENS.iter().position(|t| *t == word) {
        return Some(20 + 10 * n as u32);
    }
    // "twenty-one" folds to two words; "twentyone" is one.
    TENS.iter().enumerate().find_map(|(t, tens)| {
        let unit = word.strip_prefix(tens)?;
        let u = UNITS[1..10].iter().position(|u| *u == unit)? as u32 + 1;
        Some(20 + 10 * t as u32 + u)
    })
}

/// "5/6", "2013-2015" and "Taoism/Confucianism" offer two answers, as "or" does (numeric dates
/// are read before); whether an "or" hedges is the grader's to judge.
fn slashes_as_or(text: &str) -> String {
    static SLASH: OnceLock<Regex> = OnceLock::new();
    static RANGE: OnceLock<Regex> = OnceLock::new();
    let slash = SLASH.get_or_init(|| Regex::new(r"\b([A-Za-z]+|\d{1,2})\s*/\s*([A-Za-z]+|\d{1,2})\b").unwrap());
    // "2013-2015" and "2013 to 2015" are ranges, which hedge a year.
    let range = RANGE.get_or_init(|| Regex::new(r"\b(\d{4})\s*(?:-|\u{2013}|to)\s*(\d{4})\b").unwrap());
    range.replace_all(&slash.replace_all(text, "$1 or $2"), "$1 or $2").into_owned()
}

/// "Kleinwächter" as "Kleinwachter": students type without accents.
fn without_accents(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    if text.is_ascii() {
        return text.into();
    }
    text.nfd().filter(|c| !is_combining_mark(*c)).nfc().collect::<String>().into()
}

/// Dates written with numbers as words: "25/09/2015" and "2015-09-25" as "25 september 2015"
/// (either way round when the day could be the month), and "1980's" or "1980 s" as "1980s".
fn normalise_dates(text: &str) -> String {
    static NUMERIC: OnceLock<Regex> = OnceLock::new();
    static ISO: OnceLock<Regex> = OnceLock::new();
    static MONTH_YEAR: OnceLock<Regex> = OnceLock::new();
    static SHORT_YEAR: OnceLock<Regex> = OnceLock::new();
    static DECADE: OnceLock<Regex> = OnceLock::new();
    static MONTH_DAY_YY: OnceLock<Regex> = OnceLock::new();
    let month_day_yy = MONTH_DAY_YY
        .get_or_init(|| Regex::new(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{2})\b").unwrap());
    let numeric = NUMERIC.get_or_init(|| Regex::new(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b").unwrap());
    let iso = ISO.get_or_init(|| Regex::new(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b").unwrap());
    let month_year = MONTH_YEAR.get_or_init(|| Regex::new(r"\b(\d{1,2})/(\d{4})\b").unwrap());
    let short_year = SHORT_YEAR.get_or_init(|| Regex::new(r"['\u{2018}\u{2019}](\d{2})\b").unwrap());
    let decade = DECADE.get_or_init(|| Regex::new(r"\b(\d{3}0)\s?['\u{2019}]?\s?s\b").unwrap());
    let month_name = |m: &str| m.parse::<usize>().ok().filter(|m| (1..=12).contains(m)).map(|m| MONTHS[m - 1]);
    // The day is left out: "09/01/2015" may be either, and a date question asks for the year.
    let text = iso.replace_all(text, |c: &regex::Captures| match month_name(&c[2]) {
        Some(month) => format!("{month} {}", &c[1]),
        None => c[0].to_owned(),
    });
    let text = numeric.replace_all(&text, |c: &regex::Captures| {
        let months: Vec<&str> = [&c[2], &c[1]].into_iter().filter_map(month_name).collect();
        if months.is_empty() { c[0].to_owned() } else { format!("{} {}", months.join(" "), &c[3]) }
    });
    let text = month_year.replace_all(&text, |c: &regex::Captures| match month_name(&c[1]) {
        Some(month) => format!("{month} {}", &c[2]),
        None => c[0].to_owned(),
    });
    let text = decade.replace_all(&text, "${1}s");
    // "B.C." and "A.D." as one word each.
    let text = text.replace("B.C.E.", "BCE").replace("B.C.", "BC").replace("A.D.", "AD");
    // "April 20th 94", "Sept. 20, 87": a year of two digits after a month and a day.
    let text = month_day_yy.replace_all(&text, |c: &regex::Captures| {
        let yy: u32 = c[3].parse().unwrap_or(0);
        match month(&text::fold(&c[1])) {
            Some(_) => format!("{} {} {}{}", &c[1], &c[2], if yy <= 30 { 20 } else { 19 }, &c[3]),
            None => c[0].to_owned(),
        }
    });
    // "'03" is 2003, "'98" 1998.
    short_year
        .replace_all(&text, |c: &regex::Captures| {
            let yy: u32 = c[1].parse().unwrap_or(0);
            format!(" {}{}", if yy <= 30 { 20 } else { 19 }, &c[1])
        })
        .into_owned()
}

/// The clauses of a text: split at sentence and clause punctuation, which a negation does not
/// reach across ("No, it was 2014" affirms 2014). Decimal points and "U.S." stay inside.
fn clauses(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let next = chars.get(k + 1).map(|&(_, n)| n);
        let ends = match c {
            ';' | ':' | '!' | '?' | '\u{2013}' | '\u{2014}' | '\n' => true,
            '.' | ',' => next.is_none_or(char::is_whitespace),
            '-' => next.is_some_and(char::is_whitespace) && i > 0 && text[..i].ends_with(' '),
            _ => false,
        };
        if ends {
            out.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&text[start..]);
    out.retain(|c| !c.trim().is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        read(text).tokens.into_iter().map(|t| if t.negated { format!("!{}", t.word) } else { t.word }).collect()
    }

    #[test]
    fn numbers_months_and_dates_are_read_as_meant() {
        assert_eq!(words("fifty"), ["50"]);
        assert_eq!(words("endnote three"), ["endnote", "3"]);
        assert_eq!(words("Dec. 2015"), ["december", "2015"]);
        assert_eq!(words("Sept 2015"), ["september", "2015"]);
        assert_eq!(words("25/09/2015"), ["september", "2015"]);
        assert_eq!(words("2015-09-25"), ["september", "2015"]);
        assert_eq!(words("07/2019"), ["july", "2019"]);
        assert_eq!(words("in '03"), ["in", "2003"]);
        assert_eq!(words("twenty eighteen"), ["2018"]);
        assert_eq!(words("nineteen ninety four"), ["1994"]);
        assert_eq!(words("twenty norms"), ["20", "norms"]);
        assert_eq!(words("twenty five"), ["25"]);
        assert_eq!(words("twenty-seven"), ["27"]);
        assert_eq!(words("april 20th 94"), ["april", "20", "1994"]);
        assert_eq!(words("sept 20 1987"), ["september", "20", "1987"]);
        assert_eq!(words("Regulation 2019/881"), ["regulation", "2019", "881"]);
        assert_eq!(words("almost 1 bn"), ["almost", "1", "billion"]);
        assert_eq!(words("nearly one billion"), ["nearly", "1", "billion"]);
        assert_eq!(words("endnote one"), ["endnote", "1"]);
        assert_eq!(words("221 B.C."), ["221", "bc"]);
        assert_eq!(words("6 trillion US dollars"), words("6 trillion USD"));
        assert_eq!(words("6 trillion US dollars")[..2], ["6", "trillion"]);
        assert_eq!(words("5/6"), ["5", "or", "6"]);
        assert_eq!(words("the 1980's"), ["the", "1980s"]);
        assert_eq!(words("the 1980s"), ["the", "1980s"]);
        assert_eq!(words("20th April"), ["20", "april"]);
        assert_eq!(words("Kleinwächter"), words("Kleinwachter"), "accents are dropped");
        assert_eq!(words("Müller"), ["muller"]);
    }

    #[test]
    fn names_of_one_entity_are_one_token() {
        let us = words("the United States");
        assert_eq!(words("the U.S."), us);
        assert_eq!(words("the US"), us);
        assert_eq!(words("America"), us[1..]);
        assert_ne!(words("the UK"), us);
        assert_eq!(words("PRC"), words("China"));
    }

    #[test]
    fn negations_reach_to_the_end_of_their_clause_only() {
        assert_eq!(words("Not 2014 - it was 2013"), ["not", "!2014", "it", "was", "2013"]);
        assert_eq!(words("No, it was 2014"), ["no", "it", "was", "2014"]);
        assert_eq!(words("it wasn't 2014 but 2013"), ["it", "wasnt", "!2014", "but", "2013"]);
        assert_eq!(words("Not eight like the GCSC")[1..4], ["!8", "!like", "!the"]);
        assert!(words("Not eight like the GCSC")[4].starts_with("!#"), "the name is denied too");
        assert_eq!(words("not only 2014"), ["not", "only", "2014"]);
        assert!(read("2013 or 2014").hedges);
        assert!(read("2013-2015").hedges);
        assert!(read("2014? 2015?").hedges);
        assert_eq!(words("2015 rather than 2014"), ["2015", "rather", "than", "!2014"]);
        assert_eq!(words("not 2014 rather 2015"), ["not", "!2014", "rather", "2015"]);
        assert_eq!(words("2015 instead of 2014"), ["2015", "instead", "of", "!2014"]);
        assert_eq!(words("not 2014, rather 2015"), ["not", "!2014", "rather", "2015"]);
        assert!(!read("in 2014").hedges);
    }

    #[test]
    fn decimals_stay_whole() {
        assert_eq!(words("39.2 trillion. Then"), ["39.2", "trillion", "then"]);
    }
}
