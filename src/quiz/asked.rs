//! What a quiz question asks for, read from its wording: a name ("who", "which country"), a
//! date ("when", "in which year"), a number ("how many", "what share"), an endnote, or the
//! substance of an explanation ("what", "why", "how"). A fair question's key facts answer
//! every part it asks and nothing else: "who wrote it?" never needs the year.

use serde::{Deserialize, Serialize};

use crate::text;

/// One part of what a question asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// A person, an organisation, a place, a book: "who", "where", "which country".
    Name,
    /// "when", "in which year".
    Date,
    /// "how many", "how much", "what share".
    Number,
    /// "which endnote".
    Endnote,
    /// What, why or how: an explanation, graded only on facts a moderator chose.
    Substance,
}

/// The parts a question asks, in a stable order; `Substance` alone when no wording asks for
/// a name, a date, a number or an endnote.
pub fn parts(prompt: &str) -> Vec<Part> {
    let words = text::words(prompt);
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let mut parts = Vec::new();
    for (i, word) in w.iter().enumerate() {
        let next = w.get(i + 1).copied().unwrap_or_default();
        let part = match *word {
            "who" | "whom" | "whose" | "where" => Some(Part::Name),
            // "What happened when …" uses "when" as a conjunction.
            "when" if i == 0 || matches!(w[i - 1], "and" | "but" | "or" | "since" | "until" | "exactly") => {
                Some(Part::Date)
            }
            "how" => match next {
                "many" | "much" | "big" | "large" | "old" => Some(Part::Number),
                _ => None,
            },
            "what" | "which" => asked_by_noun(next),
            _ => None,
        };
        // "How many principles …, and how does it relate …?" asks an explanation as well.
        let explains = matches!(*word, "why" | "what" | "how") && part.is_none() && i > 0 && !parts.is_empty();
        if explains && !parts.contains(&Part::Substance) {
            parts.push(Part::Substance);
        }
        if let Some(part) = part
            && !parts.contains(&part)
        {
            parts.push(part);
        }
    }
    if parts.is_empty() {
        parts.push(Part::Substance);
    }
    parts.sort();
    parts
}

/// The part a "what …" or "which …" asks by the noun that follows it.
fn asked_by_noun(noun: &str) -> Option<Part> {
    match noun {
        "year" | "years" | "date" | "month" | "decade" | "day" => Some(Part::Date),
        "percentage" | "percent" | "share" | "proportion" | "number" | "amount" | "size" | "figure" => {
            Some(Part::Number)
        }
        "endnote" | "endnotes" | "note" | "notes" => Some(Part::Endnote),
        "country" | "countries" | "nation" | "nations" | "state" | "states" | "organisation" | "organization"
        | "organisations" | "organizations" | "company" | "companies" | "body" | "bodies" | "group" | "groups"
        | "person" | "people" | "book" | "books" | "article" | "articles" | "journal" | "journals" | "author"
        | "authors" | "city" | "cities" | "forum" | "institution" | "institutions" | "agency" | "agencies"
        | "publisher" | "publishers" | "president" | "leader" | "leaders" | "scholar" | "scholars" | "source"
        | "sources" => Some(Part::Name),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_ask_what_their_words_ask() {
        assert_eq!(parts("Who wrote The Public Core of the Internet?"), [Part::Name]);
        assert_eq!(parts("In which year was the norm put forward?"), [Part::Date]);
        assert_eq!(parts("When and where was the conference held?"), [Part::Name, Part::Date]);
        assert_eq!(parts("How many articles has Xu published, and in which journals?"), [Part::Name, Part::Number]);
        assert_eq!(parts("What share of China's GDP is digital?"), [Part::Number]);
        assert_eq!(parts("What did the Snowden leaks make China aware of?"), [Part::Substance]);
        assert_eq!(parts("Why does China favour sovereignty?"), [Part::Substance]);
        assert_eq!(parts("What happened when the Internet met China's market?"), [Part::Substance]);
        assert_eq!(parts("Which endnote does the paper cite for this?"), [Part::Endnote]);
        assert_eq!(
            parts("How many principles does the Paris Call contain, and how does it relate to the norms?"),
            [Part::Number, Part::Substance]
        );
    }
}
