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
            let (joining, token) = split_joining_word(token.word);
            if let Some(joining) = joining {
                out.push_str(joining);
                out.push(' ');
            }
            let (token, body) = split_body_word(token);
            let (asking, rest) = split_question_word(token);
            for word in asking.into_iter().chain(std::iter::once(rest)).chain(body) {
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
        simplify_run(&rest[start..end], &mut out);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Appends `simplet2s::convert` of a Han run. A run of common Han characters none of which
/// simplet2s reads with its neighbours is converted a character at a time from [`t2s_table`]
/// (simplet2s then converts each alone, by its table, and hashes each character four times to
/// do it); any other run by simplet2s itself.
fn simplify_run(run: &str, out: &mut String) {
    let table = t2s_table();
    let start = out.len();
    for c in run.chars() {
        match table.get((c as usize).wrapping_sub(FIRST_COMMON_HAN as usize)) {
            Some(&simple) if simple != BY_CONTEXT => out.push(simple),
            _ => {
                out.truncate(start);
                out.push_str(&simplet2s::convert(run));
                return;
            }
        }
    }
}

/// The first of the common Han characters (the CJK Unified Ideographs block, U+4E00 to U+9FFF),
/// which [`t2s_table`] is indexed from.
const FIRST_COMMON_HAN: char = '\u{4E00}';
const LAST_COMMON_HAN: char = '\u{9FFF}';

/// The characters simplet2s 0.2.0 (pinned in Cargo.toml) converts by the characters beside
/// them: the keys of its exclusions ("兒寬" keeps its 兒) and of its two tables of special cases
/// ("乾燥" but "乾坤").
const T2S_BY_CONTEXT: [char; 15] =
    ['兒', '覆', '夥', '藉', '瞭', '麽', '幺', '於', '著', '苧', '乾', '闔', '鍾', '讎', '畫'];

/// In [`t2s_table`], a character that simplet2s does not convert alone the way it does in a run.
const BY_CONTEXT: char = '\0';

/// `simplet2s::convert` of each common Han character alone (or [`BY_CONTEXT`]), by its offset
/// from [`FIRST_COMMON_HAN`]: built once, by asking simplet2s, so it is simplet2s's conversion.
fn t2s_table() -> &'static [char] {
    static TABLE: OnceLock<Box<[char]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut buffer = [0; 4];
        (FIRST_COMMON_HAN..=LAST_COMMON_HAN)
            .map(|c| {
                let converted = simplet2s::convert(c.encode_utf8(&mut buffer));
                let mut chars = converted.chars();
                match (chars.next(), chars.next()) {
                    (Some(simple), None) if !T2S_BY_CONTEXT.contains(&c) => simple,
                    _ => BY_CONTEXT,
                }
            })
            .collect()
    })
}

/// A name cut off the "and" or "with" that jieba's dictionary fuses with it ("和澳洲", and
/// Australia): the gazetteer finds a name only as a word of its own.
fn split_joining_word(token: &str) -> (Option<&str>, &str) {
    for joining in ["和", "与", "跟", "同", "及"] {
        if let Some(rest) = token.strip_prefix(joining).filter(|r| r.chars().count() >= 2 && is_name(r)) {
            return (Some(joining), rest);
        }
    }
    (None, token)
}

/// A name cut off the word for its government, leader or people that jieba's dictionary fuses
/// with it ("日本政府", the Japanese government; "德国外交部"): the gazetteer finds a name only
/// as a word of its own.
fn split_body_word(token: &str) -> (&str, Option<&str>) {
    const BODIES: [&str; 12] =
        ["政府", "方面", "官方", "当局", "外交部", "总统", "总理", "首相", "议会", "国会", "网民", "企业"];
    for body in BODIES {
        if let Some(name) = token.strip_suffix(body).filter(|n| n.chars().count() >= 2 && is_name(n)) {
            return (name, Some(body));
        }
    }
    (token, None)
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
    // A filler its dictionary lacks ("家人们", folks) would be cut into words that carry a
    // topic ("家", "人们"): each stop word of two characters or more is a word of its own.
    JIEBA.get_or_init(|| {
        let mut jieba = Jieba::new();
        let unknown: Vec<&str> =
            STOP_WORDS.iter().copied().filter(|w| w.chars().count() >= 2 && !jieba.has_word(w)).collect();
        for word in unknown {
            jieba.add_word(word, None, None);
        }
        jieba
    })
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
    // Fillers of a question typed in a chat: anyone know, please, I beg, what was it again.
    "有人",
    "知道",
    "求",
    "求问",
    "求解",
    "求解释",
    "来着",
    "家人们",
    "请问",
    // "Specifically" and "refers to" (网络主权具体指什么): they ask what a thing is, and an
    // entry whose phrasings happen to hold them ("具体是哪三个") is no nearer.
    "具体",
    "指",
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
    fn a_run_is_simplified_as_simplet2s_simplifies_it() {
        let table = t2s_table();
        let convertible: String =
            (FIRST_COMMON_HAN..=LAST_COMMON_HAN).filter(|c| table[*c as usize - 0x4E00] != BY_CONTEXT).collect();
        assert!(convertible.chars().count() > 20_000);
        let mut out = String::new();
        simplify_run(&convertible, &mut out);
        assert_eq!(out, simplet2s::convert(&convertible));
        for run in ["乾燥乾坤", "憑藉", "計畫", "網絡主權", "𠀀網絡", "兒寬", "什麼"] {
            let mut out = String::new();
            simplify_run(run, &mut out);
            assert_eq!(out, simplet2s::convert(run), "{run}");
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
    fn a_name_fused_with_the_and_before_it_is_cut_off() {
        // jieba's dictionary holds "和澳洲" (and Australia) as one word.
        let cut = segment("中国和澳洲在哪一年");
        assert!(cut.split(' ').any(|w| w == "澳洲") && cut.split(' ').any(|w| w == "和"), "{cut}");
        // A word that only starts like one is kept whole: "和平" (peace).
        assert!(segment("和平共处").split(' ').any(|w| w.starts_with("和平")), "{}", segment("和平共处"));
    }

    #[test]
    fn a_name_fused_with_its_government_is_cut_off() {
        let cut = segment("日本政府怎么回应");
        assert!(cut.split(' ').any(|w| w == "日本") && cut.split(' ').any(|w| w == "政府"), "{cut}");
        // Not a word whose head is too short to be a name: "市政府" (city hall).
        assert!(!segment("市政府").split(' ').any(|w| w == "市"), "{}", segment("市政府"));
    }

    #[test]
    fn a_filler_jieba_does_not_know_is_cut_whole() {
        let cut = segment("家人们 这篇是谁写的");
        assert!(cut.split(' ').any(|w| w == "家人们"), "{cut}");
    }

    #[test]
    fn question_words_are_stop_words() {
        assert!(is_stop_word("什么") && is_stop_word("谁") && !is_stop_word("主权") && !is_stop_word("what"));
    }
}
