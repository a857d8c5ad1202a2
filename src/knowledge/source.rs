//! The knowledge files' shape, as serde reads it.
//!
//! These types mirror the TOML that moderators write, one struct per table kind, with
//! `deny_unknown_fields` so that a mistyped key is an error rather than silently ignored. Every
//! text and number the validator may complain about keeps its position in the file
//! ([`Spanned`]), so that a problem can name its line and column. The rest of the crate never
//! sees these types: the loader turns them into the model in [`crate::knowledge`].

use serde::Deserialize;
use toml::Spanned;

pub type Text = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPaper {
    pub id: Text,
    pub title: Text,
    pub author: Text,
    pub affiliation: Text,
    pub series: Text,
    pub publisher: Text,
    pub date: Text,
    pub licence: Text,
    pub author_bio: Text,
    /// How many endnotes the paper has; endnote numbers run from 1 to this.
    pub endnote_count: Spanned<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub id: Text,
    pub title: Text,
    pub summary: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEndnote {
    pub number: Spanned<i64>,
    pub citation: Text,
    pub short: Option<Text>,
    pub url: Option<Text>,
    pub cited_for: Text,
}

/// A `[[norm]]` or an `[[initiative]]`: the two share their keys.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCard {
    pub id: Text,
    pub name: Text,
    #[serde(default)]
    pub aliases: Vec<Text>,
    #[serde(default)]
    pub questions: Vec<Text>,
    pub proposed_by: Option<Text>,
    pub date: Option<Text>,
    pub forum: Option<Text>,
    pub wording: Option<Text>,
    pub summary: Text,
    pub comparison: Option<Text>,
    pub china_position: Option<Text>,
    /// What the norm covers, for `/compare`.
    pub scope: Option<Text>,
    /// How much it forbids, as the paper judges it, for `/compare`.
    pub restrictiveness: Option<Text>,
    /// The facts a right answer to "who proposed it?" must name (see [`RawQa::key_facts`]).
    #[serde(default)]
    pub key_facts: Vec<Text>,
    pub endnotes: Vec<Spanned<i64>>,
    #[serde(default)]
    pub related: Vec<Text>,
    pub section: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQa {
    pub id: Text,
    pub section: Option<Text>,
    pub question: Text,
    #[serde(default)]
    pub alternates: Vec<Text>,
    #[serde(default)]
    pub keywords: Vec<Text>,
    pub answer: Text,
    #[serde(default)]
    pub endnotes: Vec<Spanned<i64>>,
    #[serde(default)]
    pub related: Vec<Text>,
    /// The facts a right quiz answer must contain, each as words of the answer; `|` separates
    /// other accepted forms ("GCSC | Global Commission on the Stability of Cyberspace").
    /// Without them the quiz takes the numbers and names of the answer's first sentence.
    #[serde(default)]
    pub key_facts: Vec<Text>,
}

/// An `[[event]]` of the timeline.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    /// "20 April 1994", "April 1994" or "1994", as the paper gives it.
    pub date: Text,
    pub what: Text,
    /// The entry that tells more.
    pub entry: Option<Text>,
    /// The paper's endnotes for this event. Left out: the entry's are shown; `[]`: none, where
    /// the paper gives none for the event although its entry cites some.
    #[serde(default)]
    pub endnotes: Option<Vec<Spanned<i64>>>,
}

/// An `[[alias]]`: other names students use for words of the paper ("the PRC" for China, "the
/// NSA leaker" for Snowden). A question's alias is read as the words it `means`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAlias {
    /// The paper's own words, as the entries write them.
    pub means: Text,
    pub names: Vec<Text>,
}
