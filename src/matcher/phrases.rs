//! Names of one or more words, found in a text's folded words, leftmost first and each the
//! longest that starts there. The gazetteer (entities) and the knowledge's aliases both look
//! names up this way.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// A name found in a text: what it stands for, its first word and how many words it has.
#[derive(Debug)]
pub struct Found<'a, T> {
    pub value: &'a T,
    pub start: usize,
    pub len: usize,
}

/// Folded names (words separated by single spaces) and what each stands for.
#[derive(Debug)]
pub struct PhraseTable<T> {
    names: HashMap<String, T>,
    /// The first words of every name: most words of a text start none.
    first_words: HashSet<String>,
    /// The first words of every name of two or more, all but its last word ("shanghai",
    /// "shanghai cooperation"): a stretch that is none of these goes on into no name, so the
    /// search stops growing it.
    going_on: HashSet<String>,
    longest: usize,
}

impl<T> Default for PhraseTable<T> {
    fn default() -> Self {
        PhraseTable {
            names: HashMap::default(),
            first_words: HashSet::default(),
            going_on: HashSet::default(),
            longest: 0,
        }
    }
}

impl<T> PhraseTable<T> {
    /// Adds a folded name; the first value given for a name is kept.
    pub fn insert(&mut self, name: &str, value: T) {
        let words: Vec<&str> = name.split(' ').filter(|w| !w.is_empty()).collect();
        let Some(first) = words.first() else { return };
        self.longest = self.longest.max(words.len());
        self.first_words.insert((*first).to_owned());
        for end in 1..words.len() {
            self.going_on.insert(words[..end].join(" "));
        }
        self.names.entry(words.join(" ")).or_insert(value);
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Whether a text is a name itself (as [`PhraseTable::find`] would find it whole), looked
    /// up without building a key.
    pub fn is_name(&self, text: &str) -> bool {
        self.starts_a_name(text) && self.names.contains_key(text)
    }

    /// Whether a word starts some name.
    pub fn starts_a_name(&self, word: &str) -> bool {
        self.first_words.contains(word)
    }

    /// The names in a text's folded words, leftmost first, each the longest that starts there.
    pub fn find<S: AsRef<str>>(&self, words: &[S]) -> Vec<Found<'_, T>> {
        let mut found = Vec::new();
        let mut start = 0;
        let mut key = String::new();
        while start < words.len() {
            let mut matched = None;
            if self.starts_a_name(words[start].as_ref()) {
                key.clear();
                for (offset, word) in words[start..].iter().take(self.longest).enumerate() {
                    if offset > 0 {
                        key.push(' ');
                    }
                    key.push_str(word.as_ref());
                    if let Some(value) = self.names.get(&key) {
                        matched = Some(Found { value, start, len: offset + 1 });
                    }
                    if !self.going_on.contains(&key) {
                        break;
                    }
                }
            }
            match matched {
                Some(m) => {
                    start += m.len;
                    found.push(m);
                }
                None => start += 1,
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_name_starting_leftmost_wins() {
        let mut table = PhraseTable::default();
        table.insert("shanghai", 1);
        table.insert("shanghai cooperation organization", 2);
        table.insert("organization", 3);
        let words = ["the", "shanghai", "cooperation", "organization", "and", "shanghai"];
        let found: Vec<(i32, usize, usize)> = table.find(&words).iter().map(|f| (*f.value, f.start, f.len)).collect();
        assert_eq!(found, [(2, 1, 3), (1, 5, 1)]);
        assert!(table.is_name("shanghai") && !table.is_name("cooperation") && !table.is_name("the"));
        table.insert("shanghai", 9);
        assert_eq!(*table.find(&["shanghai"])[0].value, 1, "the first value of a name is kept");
    }
}
