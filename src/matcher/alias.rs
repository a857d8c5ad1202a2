//! The knowledge's `[[alias]]` tables, applied to a question before it is matched.
//!
//! Students call things by names the paper does not use ("the PRC", "the NSA leaker",
//! "e-mail"). Moderators declare such names in the knowledge; a question's name is then read
//! as the paper's words it stands for, everywhere after: in matching, and in the check that a
//! country or person asked about is the one an entry speaks of.

use super::phrases::PhraseTable;
use crate::knowledge::Alias;

/// Folded names and the folded words they stand for.
#[derive(Debug, Default)]
pub struct Aliases {
    names: PhraseTable<String>,
}

impl Aliases {
    /// The table of names already folded by [`fold`], which the matcher also reads them from.
    pub fn new(folded: &[(String, String)]) -> Aliases {
        let mut names = PhraseTable::default();
        for (name, means) in folded {
            names.insert(name, means.clone());
        }
        Aliases { names }
    }

    /// A folded question with each name (leftmost, longest first) replaced by what it means.
    pub fn apply(&self, folded: String) -> String {
        if self.names.is_empty() || !crate::text::spaced(&folded).any(|w| self.names.starts_a_name(w)) {
            return folded;
        }
        let words: Vec<&str> = crate::text::spaced(&folded).collect();
        let mut out: Vec<&str> = Vec::with_capacity(words.len());
        let mut next = 0;
        for found in self.names.find(&words) {
            out.extend(&words[next..found.start]);
            out.push(found.value);
            next = found.start + found.len;
        }
        out.extend(&words[next..]);
        out.join(" ")
    }
}

/// Every name of every alias, folded, with what it means, folded: folding cuts Chinese with jieba,
/// so it is done once per reload (`fold` is [`super::analyze::fold`], or reads what validation folded).
pub fn fold<'a>(aliases: &'a [Alias], mut fold: impl FnMut(&'a str) -> String) -> Vec<(String, String)> {
    let mut folded = Vec::new();
    for alias in aliases {
        let means = fold(&alias.means);
        folded.extend(alias.names.iter().map(|name| (fold(name), means.clone())));
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::super::analyze;
    use super::*;

    fn aliases() -> Aliases {
        Aliases::new(&fold(
            &[
                Alias { means: "Snowden".into(), names: vec!["the NSA leaker".into(), "NSA whistleblower".into()] },
                Alias { means: "email".into(), names: vec!["e-mail".into()] },
                Alias { means: "China".into(), names: vec!["PRC".into()] },
            ],
            analyze::fold,
        ))
    }

    #[test]
    fn names_are_read_as_what_they_mean_longest_first() {
        let a = aliases();
        assert_eq!(a.apply(analyze::fold("What did the NSA leaker show?")), "what did snowden show");
        assert_eq!(a.apply(analyze::fold("the PRC's first e-mail")), "the china first email");
        assert_eq!(
            a.apply(analyze::fold("the NSA's budget")),
            "the nsa budget",
            "a name's first word alone is nothing"
        );
        assert_eq!(Aliases::default().apply("as it was".into()), "as it was");
    }
}
