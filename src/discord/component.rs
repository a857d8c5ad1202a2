//! The custom ids of the bot's buttons, menus and forms, as one type.
//!
//! Discord hands a component's custom id back when it is used, as a string of at most 100
//! characters. Every id the bot writes is a [`ComponentId`] turned into a string with
//! `Display`, and every id Discord hands back is parsed with `FromStr` in one place, so that
//! an id cannot be written one way and read another, and a new kind of button is one variant.
//! An id that does not parse (from an older version of the bot, or forged) is `Err`, and the
//! student is told the button has expired.

use std::fmt;
use std::str::FromStr;

/// What a button, menu or form does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComponentId {
    /// A button, or an option of a menu, that opens an entry.
    Open { entry: String },
    /// A menu of entries; its chosen option is an [`ComponentId::Open`].
    EntryMenu,
    /// The menu of the paper's sections (`/topics`); its option is a section id.
    Topics,
    /// A page of `/timeline`, between two years if given.
    Timeline { from: Option<i32>, to: Option<i32>, page: usize },
    /// "Helpful" or "Not helpful" under an answer to a logged question.
    Vote { question: i64, helpful: bool },
    /// Review queue: add the question as a phrasing of an entry.
    ReviewAdd { question: i64, entry: String },
    /// Review queue: choose another entry for the question (opens `ReviewTo`).
    ReviewPick { question: i64 },
    /// Review queue: the menu of entries to add the question to.
    ReviewTo { question: i64 },
    /// Review queue: a new Q&A entry for the question (the teach form, prefilled).
    ReviewNew { question: i64 },
    /// Review queue: take the question off the queue.
    ReviewDismiss { question: i64 },
    /// The teach form.
    Teach,
    /// Quiz: option `option` picked in round `round`.
    QuizPick { quiz: u64, round: usize, option: usize },
    /// Quiz: open the form to type an answer.
    QuizAnswer { quiz: u64, round: usize },
    /// Quiz: the typed answer's form.
    QuizTyped { quiz: u64, round: usize },
    /// Quiz: stop it.
    QuizStop { quiz: u64 },
}

/// An id the bot did not write, or wrote in another version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a component id of this bot: {0:?}")]
pub struct UnknownId(pub String);

impl fmt::Display for ComponentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let year = |y: &Option<i32>| y.map(|y| y.to_string()).unwrap_or_default();
        match self {
            ComponentId::Open { entry } => write!(f, "open:{entry}"),
            ComponentId::EntryMenu => write!(f, "open:menu"),
            ComponentId::Topics => write!(f, "topics"),
            ComponentId::Timeline { from, to, page } => write!(f, "timeline:{}:{}:{page}", year(from), year(to)),
            ComponentId::Vote { question, helpful } => write!(f, "vote:{}:{question}", u8::from(*helpful)),
            ComponentId::ReviewAdd { question, entry } => write!(f, "review:add:{question}:{entry}"),
            ComponentId::ReviewPick { question } => write!(f, "review:pick:{question}"),
            ComponentId::ReviewTo { question } => write!(f, "review:to:{question}"),
            ComponentId::ReviewNew { question } => write!(f, "review:new:{question}"),
            ComponentId::ReviewDismiss { question } => write!(f, "review:dismiss:{question}"),
            ComponentId::Teach => write!(f, "teach"),
            ComponentId::QuizPick { quiz, round, option } => write!(f, "quiz:pick:{quiz}:{round}:{option}"),
            ComponentId::QuizAnswer { quiz, round } => write!(f, "quiz:answer:{quiz}:{round}"),
            ComponentId::QuizTyped { quiz, round } => write!(f, "quiz:typed:{quiz}:{round}"),
            ComponentId::QuizStop { quiz } => write!(f, "quiz:stop:{quiz}"),
        }
    }
}

impl FromStr for ComponentId {
    type Err = UnknownId;

    fn from_str(id: &str) -> Result<Self, Self::Err> {
        parse(id).ok_or_else(|| UnknownId(id.to_owned()))
    }
}

fn parse(id: &str) -> Option<ComponentId> {
    let parts: Vec<&str> = id.split(':').collect();
    fn field<T: FromStr>(parts: &[&str], i: usize) -> Option<T> {
        parts.get(i)?.parse().ok()
    }
    let year = |i: usize| -> Option<Option<i32>> {
        let text = *parts.get(i)?;
        if text.is_empty() { Some(None) } else { text.parse().ok().map(Some) }
    };
    let exactly = |n: usize| parts.len() == n;
    Some(match parts.as_slice() {
        ["open", "menu"] => ComponentId::EntryMenu,
        ["open", entry] if !entry.is_empty() => ComponentId::Open { entry: (*entry).to_owned() },
        ["topics"] => ComponentId::Topics,
        ["timeline", ..] if exactly(4) => {
            ComponentId::Timeline { from: year(1)?, to: year(2)?, page: field(&parts, 3)? }
        }
        ["vote", helpful @ ("0" | "1"), _] => {
            ComponentId::Vote { question: field(&parts, 2)?, helpful: *helpful == "1" }
        }
        ["review", "add", _, entry] if !entry.is_empty() => {
            ComponentId::ReviewAdd { question: field(&parts, 2)?, entry: (*entry).to_owned() }
        }
        ["review", "pick", _] => ComponentId::ReviewPick { question: field(&parts, 2)? },
        ["review", "to", _] => ComponentId::ReviewTo { question: field(&parts, 2)? },
        ["review", "new", _] => ComponentId::ReviewNew { question: field(&parts, 2)? },
        ["review", "dismiss", _] => ComponentId::ReviewDismiss { question: field(&parts, 2)? },
        ["teach"] => ComponentId::Teach,
        ["quiz", "pick", ..] if exactly(5) => {
            ComponentId::QuizPick { quiz: field(&parts, 2)?, round: field(&parts, 3)?, option: field(&parts, 4)? }
        }
        ["quiz", "answer", ..] if exactly(4) => {
            ComponentId::QuizAnswer { quiz: field(&parts, 2)?, round: field(&parts, 3)? }
        }
        ["quiz", "typed", ..] if exactly(4) => {
            ComponentId::QuizTyped { quiz: field(&parts, 2)?, round: field(&parts, 3)? }
        }
        ["quiz", "stop", _] => ComponentId::QuizStop { quiz: field(&parts, 2)? },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every variant, with the largest values it takes: the longest entry id `normbot check`
    /// allows, the largest numbers.
    fn every_variant() -> Vec<ComponentId> {
        let entry = "e".repeat(crate::knowledge::MAX_ID);
        vec![
            ComponentId::Open { entry: entry.clone() },
            ComponentId::EntryMenu,
            ComponentId::Topics,
            ComponentId::Timeline { from: Some(-221), to: Some(2021), page: usize::MAX },
            ComponentId::Timeline { from: None, to: None, page: 0 },
            ComponentId::Vote { question: i64::MAX, helpful: true },
            ComponentId::Vote { question: 1, helpful: false },
            ComponentId::ReviewAdd { question: i64::MAX, entry },
            ComponentId::ReviewPick { question: i64::MAX },
            ComponentId::ReviewTo { question: i64::MAX },
            ComponentId::ReviewNew { question: i64::MAX },
            ComponentId::ReviewDismiss { question: i64::MAX },
            ComponentId::Teach,
            ComponentId::QuizPick { quiz: u64::MAX, round: usize::MAX, option: 3 },
            ComponentId::QuizAnswer { quiz: u64::MAX, round: usize::MAX },
            ComponentId::QuizTyped { quiz: u64::MAX, round: usize::MAX },
            ComponentId::QuizStop { quiz: u64::MAX },
        ]
    }

    #[test]
    fn every_variant_round_trips_within_discords_limit() {
        for id in every_variant() {
            let text = id.to_string();
            assert!(text.chars().count() <= crate::limits::MAX_CUSTOM_ID, "{text} is {} characters", text.len());
            assert_eq!(text.parse::<ComponentId>(), Ok(id), "{text}");
        }
    }

    #[test]
    fn ids_it_did_not_write_are_refused() {
        for id in [
            "",
            "open:",
            "vote:2:5",
            "vote:1:x",
            "review:add:5:",
            "review:add:5",
            "quiz:pick:1:2",
            "quiz:pick:1:2:3:4",
            "timeline:x::1",
            "topics:1",
            "teach:me",
            "something",
        ] {
            assert!(id.parse::<ComponentId>().is_err(), "{id:?}");
        }
    }
}
