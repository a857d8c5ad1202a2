//! What kind of answer a question asks for: a number, a date, a reaction or a maker.
//!
//! Read from the question's opening words ("how many", "what year", "who wrote"), so that an
//! entry which gives none of that kind is not taken for the answer.

/// What kind of answer a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// "how many", "what percentage", "how much … cost": a number that is not a date.
    Quantity,
    /// "what year", "which month": a date ("when" alone may ask for a condition).
    Date,
    /// "how did … react", "what was the response": a reaction the entry must tell.
    Reaction,
    /// "who wrote / chaired / designed …": a person or organisation the question does not name.
    Agent,
}

/// After "how much", the words that ask for an amount ("how much did it cost") rather than a
/// degree ("how much does China depend on it").
const AMOUNT_WORDS: [&str; 14] = [
    "cost", "costs", "pay", "paid", "worth", "money", "budget", "spend", "spent", "price", "value", "valued", "fund",
    "funding",
];

/// Words that ask how someone reacted.
const REACTION_ASKED: [&str; 11] = [
    "react",
    "reacted",
    "reaction",
    "reactions",
    "respond",
    "responded",
    "response",
    "responses",
    "reply",
    "replied",
    "replies",
];

/// After "who", the verbs that ask for the maker of something ("who *wrote* the manual").
const AGENT_VERBS: [&str; 19] = [
    "wrote", "authored", "edited", "chaired", "chairs", "led", "leads", "heads", "headed", "designed", "founded",
    "runs", "ran", "built", "invented", "funded", "sent", "received", "drafted",
];

/// Whether a question asks for a number, a date, a reaction or a maker, from its words.
pub(super) fn wants(words: &[&str]) -> Option<Want> {
    let opening = &words[..words.len().min(6)];
    let pair = |a: &str, bs: &[&str]| opening.windows(2).any(|w| w[0] == a && bs.contains(&w[1]));
    // "… and how much did it cost?" asks for a sum wherever it stands.
    let anywhere = |a: &str, b: &str| words.windows(2).any(|w| w[0] == a && w[1] == b);
    if anywhere("how", "many")
        || anywhere("how", "fast")
        || anywhere("how", "quickly")
        || pair("what", &["percentage", "percent", "proportion", "fraction"])
        || anywhere("how", "much") && words.iter().any(|w| AMOUNT_WORDS.contains(w))
    {
        return Some(Want::Quantity);
    }
    // "when" alone is not enough: "when did the nomads invade?" is answered by a condition.
    if pair("what", &["year", "date", "month"]) || pair("which", &["year", "month"]) {
        return Some(Want::Date);
    }
    if words.iter().any(|w| REACTION_ASKED.contains(w)) {
        return Some(Want::Reaction);
    }
    if pair("who", &AGENT_VERBS) {
        return Some(Want::Agent);
    }
    None
}
