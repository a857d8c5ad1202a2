//! Places a text names together as parties to one act ("when did *the UK and India* agree").
//!
//! A question about a pair is not answered by an entry that pairs each of them with another
//! partner; finding the pairs is its own small reading of the words, apart from single entities.

use super::super::gazetteer::{Class, EntityId, Found, Gazetteer};
use super::push_unique;

/// Words of an act two parties do together: a question that names two places beside one of
/// these asks about that pair.
pub(super) const JOINT_ACTS: [&str; 16] = [
    "agree",
    "agreed",
    "agreement",
    "agreements",
    "deal",
    "reconfirm",
    "reconfirmed",
    "reconfirmation",
    "sign",
    "signed",
    "pact",
    "treaty",
    "accord",
    "understanding",
    "summit",
    "negotiated",
];

/// Words that may stand between two places named together: "China *and* Britain", "*between*
/// the US *and* India", "China-US" (the hyphen folds away).
const PAIR_JOINS: [&str; 5] = ["and", "the", "with", "between", "or"];

/// The places some statements name side by side ("China and Britain (2015)"), for
/// [`super::Facts::pairs`]. Only statements count: a phrasing that lists names ("did the UK, India and
/// Canada agree") pairs nothing.
pub fn named_pairs<S: AsRef<str>>(texts: &[Vec<S>], gazetteer: &Gazetteer) -> Vec<(EntityId, EntityId)> {
    let mut all = Vec::new();
    for words in texts {
        for pair in pairs(words, &gazetteer.find(words), gazetteer) {
            push_unique(&mut all, pair);
        }
    }
    all
}

/// The places named side by side in some folded words, each pair in one order.
pub(super) fn pairs<S: AsRef<str>>(words: &[S], found: &[Found], gazetteer: &Gazetteer) -> Vec<(EntityId, EntityId)> {
    let places: Vec<&Found> = found.iter().filter(|f| gazetteer.class(f.entity) == Class::Place).collect();
    places
        .windows(2)
        .filter(|w| w[0].entity != w[1].entity)
        .filter(|w| words[w[0].start + w[0].len..w[1].start].iter().all(|x| PAIR_JOINS.contains(&x.as_ref())))
        .map(|w| (w[0].entity.min(w[1].entity), w[0].entity.max(w[1].entity)))
        .collect()
}
