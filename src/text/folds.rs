//! Texts folded once per load, for the validator and the matcher both.
//!
//! Loading the knowledge folds every phrasing, keyword, answer and alias name to check it, and
//! building the matcher folds the same texts again to index them; folding Chinese, which jieba
//! cuts into words, is the costliest step of both. A [`Folds`] keeps each distinct text's fold:
//! the validator fills it, the knowledge base keeps it, and the matcher reads from it.

use rustc_hash::FxHashMap;

/// Each distinct text's [`super::fold`].
#[derive(Clone, Default)]
pub struct Folds {
    folded: FxHashMap<Box<str>, Box<str>>,
}

impl Folds {
    /// The text folded, folding it only the first time it is asked for.
    pub fn fold(&mut self, text: &str) -> &str {
        if !self.folded.contains_key(text) {
            self.folded.insert(text.into(), super::fold(text).into());
        }
        &self.folded[text]
    }

    /// The words of a text, as [`super::words`] gives them, without a string each.
    pub fn words(&mut self, text: &str) -> impl Iterator<Item = &str> {
        self.fold(text).split(' ').filter(|w| !w.is_empty())
    }

    /// The fold of a text already folded.
    pub fn get(&self, text: &str) -> Option<&str> {
        self.folded.get(text).map(|folded| &**folded)
    }
}

impl std::fmt::Debug for Folds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Folds({} texts)", self.folded.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_folded_as_fold_folds_it() {
        let mut folds = Folds::default();
        for text in ["What is China's  DIGITAL economy?!", "什麼是網絡主權", "", "U.S. 1,000"] {
            assert_eq!(folds.fold(text), super::super::fold(text));
            assert!(folds.words(text).map(str::to_owned).eq(super::super::words(text)));
            assert_eq!(folds.get(text), Some(super::super::fold(text).as_str()));
        }
        assert_eq!(folds.get("never folded"), None);
    }
}
