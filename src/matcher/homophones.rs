//! Chinese typed with the wrong character of the right sound, mended.
//!
//! Chinese is typed by sound: a student types "leng zhan" and picks 冷站 for 冷战 (cold war),
//! 四诺登 for 斯诺登 (Snowden), 到家 for 道家 (Taoism). Such a slip is a homophone, not a dropped or
//! swapped letter, so the vocabulary's typo index does not see it. Here the knowledge's Chinese
//! terms (alias names, and the words of Chinese phrasings) are indexed by their sound (pinyin
//! without tones, from the `pinyin` crate), and a stretch of a question that is no word at all
//! (neither the knowledge's nor jieba's dictionary's) but sounds exactly like one term is read as
//! that term.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use pinyin::ToPinyin;

use crate::text::chinese::{is_han, is_stop_word, is_word};

/// The longest stretch, in characters, that is mended as one term.
const MAX_CHARS: usize = 8;

#[derive(Debug, Default)]
pub struct Homophones {
    /// A sound ("leng zhan") and the one term that has it (its folded words, "数字 冷战"), or
    /// `None` when two terms sound alike and a slip could mean either.
    terms: HashMap<String, Option<String>>,
    /// The sounds of the terms' first syllables, first two, … up to all of them: a stretch whose
    /// sound is none of these starts no term, however it goes on.
    prefixes: HashSet<String>,
}

impl Homophones {
    /// Indexes terms given as folded text (Chinese cut into words by spaces); terms of fewer than
    /// two characters, or with anything but Han characters, are left out (one character sounds
    /// like dozens).
    pub fn new<'a>(terms: impl IntoIterator<Item = &'a str>) -> Homophones {
        let mut homophones = Homophones::default();
        for folded in terms {
            let written = crate::text::without_spaces(folded);
            if written.chars().count() < 2 || !written.chars().all(is_han) {
                continue;
            }
            let Some(sound) = sound(&written) else { continue };
            for (end, _) in sound.match_indices(' ') {
                homophones.prefixes.insert(sound[..end].to_owned());
            }
            homophones.prefixes.insert(sound.clone());
            homophones
                .terms
                .entry(sound)
                .and_modify(|term| {
                    if term.as_deref().is_some_and(|t| t.replace(' ', "") != written) {
                        *term = None;
                    }
                })
                .or_insert_with(|| Some(folded.to_owned()));
        }
        homophones
    }

    /// The folded question with each mended stretch replaced by its term. Only whole words (as
    /// cut) are joined into a stretch, and a stretch that is a word of the knowledge or of
    /// jieba's dictionary is never mended: a real word is no slip.
    pub fn mend(&self, folded: String) -> String {
        if self.terms.is_empty() || !folded.chars().any(is_han) {
            return folded;
        }
        let words: Vec<&str> = crate::text::spaced(&folded).collect();
        let mut out: Option<Vec<&str>> = None;
        let mut sound = String::new();
        let mut i = 0;
        while i < words.len() {
            match self.mend_at(&words[i..], &mut sound) {
                Some((term, taken)) => {
                    out.get_or_insert_with(|| words[..i].to_vec()).push(term);
                    i += taken;
                }
                None => {
                    if let Some(out) = &mut out {
                        out.push(words[i]);
                    }
                    i += 1;
                }
            }
        }
        match out {
            Some(out) => out.join(" "),
            None => folded,
        }
    }

    /// The term the longest stretch of Han words starting here sounds like, and how many words
    /// it takes. The stretch grows a word at a time while its sound still starts some term.
    /// `sound` is a buffer, reused from one place of the question to the next.
    fn mend_at<'s>(&'s self, words: &[&str], sound: &mut String) -> Option<(&'s str, usize)> {
        // A question word or particle is typed as meant: "哪 年" is not a slip for "那年". The
        // run is read only as far as its sound goes.
        let run = words.iter().take_while(|w| !w.is_empty() && w.chars().all(is_han) && !is_stop_word(w));
        sound.clear();
        let (mut chars, mut best) = (0, None);
        for (taken, word) in run.enumerate() {
            chars += word.chars().count();
            if chars > MAX_CHARS || !push_sound(sound, word) || !self.prefixes.contains(sound.as_str()) {
                break;
            }
            if let Some(Some(term)) = self.terms.get(sound.as_str()).filter(|_| chars >= 2) {
                // The term itself, as written, is no slip: another term of its sound would have
                // made the sound ambiguous.
                let stretch = &words[..=taken];
                if !spelt_as(stretch, term) && !is_word(&stretch.concat()) {
                    best = Some((term.as_str(), taken + 1));
                }
            }
        }
        best
    }
}

/// Whether words, run together, are a folded term without its spaces.
fn spelt_as(words: &[&str], term: &str) -> bool {
    words.iter().flat_map(|w| w.chars()).eq(term.chars().filter(|c| *c != ' '))
}

/// Adds a text's sound to `sound` (see [`sound`]); false if a character has none.
fn push_sound(sound: &mut String, text: &str) -> bool {
    for pinyin in text.to_pinyin() {
        let Some(pinyin) = pinyin else { return false };
        if !sound.is_empty() {
            sound.push(' ');
        }
        sound.push_str(pinyin.plain());
    }
    true
}

/// A text's sound: the toneless pinyin of each character, with spaces; `None` if a character
/// has none.
fn sound(text: &str) -> Option<String> {
    let mut out = String::new();
    push_sound(&mut out, text).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn homophones() -> Homophones {
        Homophones::new(["数字 冷战", "斯诺登", "道家", "网络 主权", "儒家"])
    }

    #[test]
    fn a_slip_of_the_right_sound_is_the_term() {
        let h = homophones();
        assert_eq!(h.mend("数字 冷 站 这 说法".into()), "数字 冷战 这 说法");
        assert_eq!(h.mend("儒家 跟 到家 啥 关系".into()), "儒家 跟 道家 啥 关系");
        assert_eq!(h.mend("四 诺登 那 事".into()), "斯诺登 那 事");
        assert_eq!(h.mend("网落 主全 是 谁 提 的".into()), "网络 主权 是 谁 提 的");
    }

    #[test]
    fn real_words_and_english_are_left_alone() {
        let h = Homophones::new(["事件", "冷战"]);
        assert_eq!(h.mend("时间 是 什么".into()), "时间 是 什么", "时间 is a word, not a slip for 事件");
        assert_eq!(h.mend("what is the cold war".into()), "what is the cold war");
        assert_eq!(h.mend("冷战 是 什么".into()), "冷战 是 什么");
        let h = Homophones::new(["那年", "水灾"]);
        assert_eq!(h.mend("哪 年 出版".into()), "哪 年 出版", "a question word is typed as meant");
        assert_eq!(h.mend("谁 在 用".into()), "谁 在 用");
    }

    #[test]
    fn a_sound_two_terms_share_is_not_guessed() {
        let h = Homophones::new(["事件", "实践"]);
        assert_eq!(h.mend("是 见".into()), "是 见");
    }
}
