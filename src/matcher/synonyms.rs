//! Everyday synonyms, for a question's word that the knowledge never uses.
//!
//! Students paraphrase: "the NSA whistleblower", "the inaugural e-mail", "the merger into one
//! state". A word the paper never uses would otherwise count only against every entry; its
//! synonyms (WordNet 3.0's, for the word's first senses: `synonyms.txt`, made by
//! `tools/synonyms.py`) may be words the paper does use. The table is general English, not
//! knowledge of the paper, and is read in place: its lines are sorted, so a look-up is a binary
//! search over the embedded text, with nothing parsed or allocated when the matcher is built.

static TABLE: &str = include_str!("synonyms.txt");

/// The synonyms of a folded word, most common sense first; none when it has no entry.
pub fn synonyms(word: &str) -> impl Iterator<Item = &'static str> {
    line(word).into_iter().flat_map(|synonyms| synonyms.split(' '))
}

/// The synonyms part of `word`'s line, by binary search over the sorted lines.
fn line(word: &str) -> Option<&'static str> {
    let bytes = TABLE.as_bytes();
    let (mut low, mut high) = (0, TABLE.len());
    while low < high {
        let middle = (low + high) / 2;
        let start = bytes[..middle].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let end = bytes[start..].iter().position(|&b| b == b'\n').map_or(TABLE.len(), |i| start + i);
        let text = &TABLE[start..end];
        let (key, synonyms) = text.split_once('\t').unwrap_or((text, ""));
        match key.cmp(word) {
            std::cmp::Ordering::Equal => return Some(synonyms),
            std::cmp::Ordering::Less => low = end + 1,
            std::cmp::Ordering::Greater => high = start,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_words_synonyms_and_nothing_for_an_unknown_word() {
        assert!(synonyms("merger").any(|s| s == "unification"));
        assert!(synonyms("inaugural").any(|s| s == "first"));
        assert_eq!(synonyms("qwertyuiop").count(), 0);
        assert_eq!(synonyms("").count(), 0);
        assert_eq!(synonyms("zzzzzz").count(), 0);
    }

    #[test]
    fn the_table_is_sorted_for_binary_search() {
        let keys: Vec<&str> = TABLE.lines().map(|l| l.split('\t').next().unwrap()).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        // Every word of the table is found where it is.
        for key in keys.iter().filter(|k| !k.starts_with('#')).step_by(997) {
            assert!(line(key).is_some(), "{key}");
        }
    }
}
