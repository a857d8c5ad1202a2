//! The knowledge's `[[alias]]` tables, applied to a question before it is matched.
//!
//! Students call things by names the paper does not use ("the PRC", "the NSA leaker",
//! "e-mail"). Moderators declare such names in the knowledge; a question's name is then read
//! as the paper's words it stands for, everywhere after: in matching, and in the check that a
//! country or person asked about is the one an entry speaks of.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::analyze;
use crate::knowledge::Alias;

/// Folded names and the folded words they stand for.
#[derive(Debug, Default)]
pub struct Aliases {
    names: HashMap<String, String>,
    first_words: HashSet<String>,
    longest: usize,
}

impl Aliases {
    pub fn new(aliases: &[Alias]) -> Aliases {
        let mut table = Aliases::default();
        for alias in aliases {
            let means = analyze::fold(&alias.means);
            for name in &alias.names {
                let name = analyze::fold(name);
                let Some(first) = name.split(' ').next().filter(|w| !w.is_empty()) else { continue };
                table.longest = table.longest.max(name.split(' ').count());
                table.first_words.insert(first.to_owned());
                table.names.entry(name).or_insert_with(|| means.clone());
            }
        }
        table
    }

    /// A folded question with each name (leftmost, longest first) replaced by what it means.
    pub fn apply(&self, folded: String) -> String {
        if self.names.is_empty() || !folded.split(' ').any(|w| self.first_words.contains(w)) {
            return folded;
        }
        let words: Vec<&str> = folded.split(' ').collect();
        let mut out: Vec<&str> = Vec::with_capacity(words.len());
        let mut start = 0;
        let mut key = String::new();
        while start < words.len() {
            let mut matched: Option<(usize, &str)> = None;
            if self.first_words.contains(words[start]) {
                key.clear();
                for (offset, word) in words[start..].iter().take(self.longest).enumerate() {
                    if offset > 0 {
                        key.push(' ');
                    }
                    key.push_str(word);
                    if let Some(means) = self.names.get(&key) {
                        matched = Some((offset + 1, means));
                    }
                }
            }
            match matched {
                Some((len, means)) => {
                    out.push(means);
                    start += len;
                }
                None => {
                    out.push(words[start]);
                    start += 1;
                }
            }
        }
        out.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aliases() -> Aliases {
        Aliases::new(&[
            Alias { means: "Snowden".into(), names: vec!["the NSA leaker".into(), "NSA whistleblower".into()] },
            Alias { means: "email".into(), names: vec!["e-mail".into()] },
            Alias { means: "China".into(), names: vec!["PRC".into()] },
        ])
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
