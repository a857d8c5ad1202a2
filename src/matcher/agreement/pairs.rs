//! Places a text names together as parties to one act ("when did *the UK and India* agree").
//!
//! A question about a pair is not answered by an entry that pairs each of them with another
//! partner; finding the pairs is its own small reading of the words, apart from single entities.

use super::super::gazetteer::{Class, EntityId, Found, Gazetteer};
use super::push_unique;

/// Words of an act two parties do together: a question that names two places beside one of
/// these asks about that pair. The Chinese ones as jieba cuts them: reached, consensus,
/// understanding, confirmed, signed, concluded, agreement.
pub(super) const JOINT_ACTS: [&str; 28] = [
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
    "consensus",
    "达成",
    "共识",
    "谅解",
    "确认",
    "重申",
    "签署",
    "签订",
    "缔结",
    "协议",
    "协定",
    "默契",
];

/// Words that may stand between two places named together: "China *and* Britain", "*between*
/// the US *and* India", "China-US" (the hyphen folds away), "us *n* canada" as chat types it,
/// 中国*和*英国.
const PAIR_JOINS: [&str; 12] = ["and", "the", "with", "between", "or", "n", "nd", "和", "与", "跟", "同", "及"];

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

/// The places named side by side in some folded words, each pair in one order. Three or more
/// in a row ("Britain, India and Canada") are a list of parties, not a pair.
pub(super) fn pairs<S: AsRef<str>>(words: &[S], found: &[Found], gazetteer: &Gazetteer) -> Vec<(EntityId, EntityId)> {
    // A city acts for its place ("Beijing and Washington agreed").
    let places: Vec<Found> = found
        .iter()
        .filter_map(|f| match gazetteer.class(f.entity) {
            Class::Place => Some(*f),
            Class::City => gazetteer.within(f.entity).map(|place| Found { entity: place, ..*f }),
            _ => None,
        })
        .collect();
    let joined =
        |a: &Found, b: &Found| words[a.start + a.len..b.start].iter().all(|x| PAIR_JOINS.contains(&x.as_ref()));
    let mut out = Vec::new();
    let mut start = 0;
    for end in 1..=places.len() {
        if end < places.len() && joined(&places[end - 1], &places[end]) {
            continue;
        }
        if let [a, b] = &places[start..end]
            && a.entity != b.entity
        {
            out.push((a.entity.min(b.entity), a.entity.max(b.entity)));
        }
        start = end;
    }
    out
}
