//! Chinese text, made into words the matcher can compare.
//!
//! Chinese is written without spaces, and in two scripts. So before a text is folded, its runs
//! of Han characters are converted to simplified characters (simplet2s) and cut into words
//! (jieba-rs, with its default dictionary, without the HMM guesser so that the same text is always
//! cut the same way): "什麼是網絡主權" becomes "什么 是 网络 主权", the same words as the
//! simplified question, and as a moderator's Chinese name for a term of the paper
//! (`[[alias]]`, `names = ["网络主权"]`), which the matcher then reads as the English term.

use std::borrow::Cow;
use std::sync::OnceLock;

use jieba_rs::Jieba;

/// Whether a character is a Han (Chinese) character.
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// The text with its Han runs simplified and cut into words separated by spaces; a text with
/// no Han character is returned as it is.
pub fn segment(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_han) {
        return Cow::Borrowed(text);
    }
    let jieba = jieba();
    let mut out = String::with_capacity(text.len() * 2);
    let mut run = String::with_capacity(text.len());
    let flush = |run: &mut String, out: &mut String| {
        if run.is_empty() {
            return;
        }
        out.push(' ');
        for token in jieba.cut(run, false) {
            let (asking, rest) = split_question_word(token.word);
            for word in asking.into_iter().chain(std::iter::once(rest)) {
                out.push_str(word);
                out.push(' ');
            }
        }
        run.clear();
    };
    for c in simplified(text).chars() {
        if is_han(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    Cow::Owned(out)
}

/// The text with its traditional characters simplified: `simplet2s::convert`, applied to the
/// Han runs only. It looks every character up in three tables, and the rest of a text (Latin
/// words, spaces, punctuation) is in none: its table holds Han characters only, and the words
/// it reads around a character are pairs of Han characters, which no other character can be
/// part of.
fn simplified(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_han) {
        let end = rest[start..].find(|c: char| !is_han(c)).map_or(rest.len(), |n| start + n);
        out.push_str(&rest[..start]);
        out.push_str(&simplet2s::convert(&rest[start..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Question words jieba sometimes fuses with the noun they ask about ("几篇", "哪些因素",
/// "多少人"), longest first.
const QUESTION_PREFIXES: [&str; 7] = ["哪几个", "哪些", "哪个", "哪位", "哪几", "多少", "几"];

/// A token cut in two when it is a question word fused with a noun, so that the noun is matched
/// and the question word read ("几篇" -> "几", "篇"); any other token whole. Words of their own
/// that start like one ("几乎", almost; "几月", which month; "多少钱") are kept whole.
fn split_question_word(token: &str) -> (Option<&str>, &str) {
    const WHOLE: [&str; 8] = ["几乎", "几月", "几个", "几项", "几条", "多少钱", "哪个月", "几何"];
    if WHOLE.contains(&token) || stop_set().contains(token) {
        return (None, token);
    }
    for prefix in QUESTION_PREFIXES {
        if let Some(rest) = token.strip_prefix(prefix).filter(|r| !r.is_empty()) {
            return (Some(prefix), rest);
        }
    }
    (None, token)
}

/// Whether jieba's dictionary tags a word as a proper name: a person (nr), a transliterated
/// foreign name (nrt), a place (ns), an organisation (nt) or another proper noun (nz).
pub fn is_name(word: &str) -> bool {
    matches!(jieba().tag(word, false).as_slice(), [tag] if tag.word == word && matches!(tag.tag, "nr" | "nrt" | "ns" | "nt" | "nz"))
}

/// Whether jieba's dictionary (a large corpus's words) holds the word.
pub fn is_word(word: &str) -> bool {
    jieba().has_word(word)
}

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Chinese words that carry no topic: question words, particles, copulas and pronouns, as
/// jieba cuts them ("什么 是 网络 主权" asks about 网络主权).
pub const STOP_WORDS: &[&str] = &[
    "一个",
    "一些",
    "为",
    "为什么",
    "么",
    "之",
    "也",
    "了",
    "什么",
    "什么时候",
    "他",
    "他们",
    "以",
    "但",
    "何",
    "何时",
    "你",
    "关于",
    "其",
    "几",
    "凭",
    "到",
    "又",
    "及",
    "哪",
    "哪一年",
    "哪个",
    "哪些",
    "哪儿",
    "哪里",
    "啊",
    "啥",
    "嘛",
    "在",
    "多少",
    "好",
    "如何",
    "它",
    "对",
    "将",
    "就",
    "怎么",
    "怎么样",
    "怎样",
    "我",
    "我们",
    "或",
    "所",
    "是",
    "是否",
    "有",
    "有没有",
    "由",
    "的",
    "相",
    "着",
    "等",
    "与",
    "被",
    "请",
    "论文",
    "谁",
    "这",
    "这个",
    "这些",
    "那",
    "那个",
    "都",
    "里",
    "问",
    "吗",
    "呢",
    "吧",
    "和",
    "说",
    "而",
    "时候",
    "以来",
    "几项",
    "几条",
    "多大",
    "多久",
    // Question words jieba keeps whole, and fillers of spoken questions.
    "啥时候",
    "哪位",
    "哪几个",
    "干什么",
    "干啥",
    "事儿",
    "没看懂",
    "跟",
    "到底",
    "过",
    "篇",
    "这篇",
    "文章",
    "文中",
    "提到",
    "一共",
    "总共",
    "懂",
    // Pieces jieba fuses from the words above ("这 篇文章", "是从 哪一年").
    "篇文章",
    "是从",
];

/// Whether a folded word is a Chinese stop word.
pub fn is_stop_word(word: &str) -> bool {
    word.chars().next().is_some_and(is_han) && stop_set().contains(word)
}

/// [`STOP_WORDS`] as a set: every Chinese word of every question and phrasing is looked up.
fn stop_set() -> &'static rustc_hash::FxHashSet<&'static str> {
    static SET: OnceLock<rustc_hash::FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().copied().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_and_simplified_cut_into_the_same_words() {
        let simplified = segment("什么是网络主权");
        let traditional = segment("什麼是網絡主權");
        assert_eq!(simplified, traditional);
        let words: Vec<&str> = simplified.split_whitespace().collect();
        assert!(words.contains(&"网络") || words.contains(&"网络主权"), "{words:?}");
        assert!(words.iter().all(|w| !w.contains(' ')));
    }

    #[test]
    fn mixed_text_keeps_its_latin_words_and_a_plain_text_is_untouched() {
        let mixed = segment("GCSC 的公共核心规范是什么");
        assert!(mixed.starts_with("GCSC "), "{mixed}");
        assert!(mixed.split_whitespace().any(|w| w == "的"), "{mixed}");
        assert!(matches!(segment("what is the public core?"), Cow::Borrowed(_)));
    }

    #[test]
    fn simplifying_the_han_runs_alone_is_simplifying_the_whole_text() {
        for text in [
            "什麼是網絡主權? GCSC 的「公共核心」規範",
            "藉口、憑藉的藉，慰藉 and 狼藉; 乾燥 乾坤 x乾燥x 計畫/企畫",
            "西漢有御史大夫兒寬 (兒寬), 樊於期",
            "only latin words here",
            "",
        ] {
            assert_eq!(simplified(text), simplet2s::convert(text), "{text}");
        }
    }

    #[test]
    fn a_question_word_fused_with_its_noun_is_cut_off() {
        assert_eq!(split_question_word("几篇"), (Some("几"), "篇"));
        assert_eq!(split_question_word("哪些因素"), (Some("哪些"), "因素"));
        assert_eq!(split_question_word("哪几个国家"), (Some("哪几个"), "国家"));
        for whole in ["几乎", "几月", "多少钱", "几个", "网络主权", "哪些"] {
            assert_eq!(split_question_word(whole), (None, whole));
        }
    }

    #[test]
    fn question_words_are_stop_words() {
        assert!(is_stop_word("什么") && is_stop_word("谁") && !is_stop_word("主权") && !is_stop_word("what"));
    }
}
