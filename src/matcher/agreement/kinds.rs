//! The kind of thing a Chinese "which" question asks for, in the English an entry states it.
//!
//! "习近平是在哪个会议上提出的" (at which meeting did Xi propose it) asks for a meeting; an entry
//! that tells who proposed it and when, and names no meeting, does not answer it. English
//! questions are held to the word after their "which" by the entry's own words; a Chinese one
//! cannot be, since an entry's Chinese is a few phrasings, and a Chinese word it lacks says
//! nothing of what it tells. Its answer, in English, does: so a few kinds of thing are listed
//! here with the Chinese nouns that ask for them and the English words that give them.

/// A kind of thing: the Chinese nouns (and the English an alias puts for them) that ask for
/// it after a question word, and the beginnings of the English words that name one.
struct Kind {
    asked: &'static [&'static str],
    given: &'static [&'static str],
}

const KINDS: [Kind; 11] = [
    // A meeting, a conference, a summit, a forum, an occasion.
    Kind {
        asked: &["会议", "会", "大会", "峰会", "论坛", "场合", "研讨会", "全会", "会上"],
        given: &[
            "conference",
            "summit",
            "forum",
            "meeting",
            "session",
            "plenary",
            "congress",
            "assembly",
            "seminar",
            "dialogue",
            "event",
        ],
    },
    // A war or a battle.
    Kind { asked: &["战争", "仗", "战役", "war"], given: &["war", "battle"] },
    // An emperor or a ruler.
    Kind { asked: &["皇帝", "君主", "帝王"], given: &["emperor", "king", "ruler"] },
    // A dynasty.
    Kind { asked: &["朝代", "王朝"], given: &["dynast"] },
    // A book or a work: an entry that cites one gives it.
    Kind {
        asked: &["书", "著作", "专著", "book", "books"],
        given: &["book", "volume", "encyclopedia", "theories", "cit", "press", "publish", "edit", "endnote", "source"],
    },
    // A journal, a magazine or a newspaper.
    Kind {
        asked: &["期刊", "杂志", "刊物", "academic journals"],
        given: &["journal", "magazine", "newspaper", "times", "daily"],
    },
    // An operation, a code name.
    Kind { asked: &["行动", "代号", "项目"], given: &["operation", "codename", "code", "programme", "program"] },
    // An award or a prize.
    Kind { asked: &["奖", "奖项", "荣誉"], given: &["award", "prize", "honour", "honor"] },
    // A degree.
    Kind { asked: &["学位", "degrees"], given: &["degree", "phd", "doctor", "master", "bachelor"] },
    // A language.
    Kind { asked: &["语言", "语种"], given: &["language", "english", "chinese"] },
    // A piece of software or a product.
    Kind { asked: &["软件", "产品", "应用"], given: &["software", "product", "app", "application", "phone"] },
];

/// Question words a Chinese question asks "which" or "how many" with, as jieba cuts them.
const WHICH: [&str; 10] = ["哪个", "哪", "哪些", "哪一", "什么", "啥", "哪次", "哪场", "多少", "几"];

/// Measure words that may stand between the question word and the noun (哪一*场*战争), with
/// or without the 一 before them.
const MEASURES: [&str; 9] = ["个", "场", "次", "位", "本", "部", "种", "项", "届"];

/// The kind a Chinese question asks for, with the noun that asks it: a noun of a kind right
/// after a question word, or after a question word and a measure word ("哪一场战争", 多少场仗).
pub fn asked(words: &[&str]) -> Option<(usize, String)> {
    if words.iter().all(|w| w.is_ascii()) {
        return None;
    }
    words.iter().enumerate().filter(|(_, w)| WHICH.contains(w)).find_map(|(i, _)| {
        let mut rest = words[i + 1..].iter().filter(|w| !w.is_empty()).peekable();
        let measure = |w: &str| MEASURES.contains(&w.strip_prefix('一').unwrap_or(w));
        if rest.peek().is_some_and(|w| measure(w)) {
            rest.next();
        }
        let noun = rest.next()?;
        KINDS.iter().position(|k| k.asked.contains(noun)).map(|kind| (kind, (*noun).to_owned()))
    })
}

/// The kinds an entry's statements name, as bits by their place in the list.
pub fn given<S: AsRef<str>>(statements: &[Vec<S>]) -> u16 {
    let mut bits = 0;
    for word in statements.iter().flatten().map(AsRef::as_ref) {
        for (i, kind) in KINDS.iter().enumerate() {
            if kind.given.iter().any(|g| word.starts_with(g)) {
                bits |= 1 << i;
            }
        }
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        text.split(' ').collect()
    }

    #[test]
    fn a_chinese_which_asks_for_the_kind_of_its_noun() {
        assert_eq!(asked(&words("习近平 是 在 哪个 会议 上 提出")).map(|k| k.1), Some("会议".to_owned()));
        assert_eq!(asked(&words("从 哪 一场 战争 开始")).map(|k| k.1), Some("战争".to_owned()));
        assert_eq!(asked(&words("从 哪一 场 战争 开始")).map(|k| k.1), Some("战争".to_owned()));
        assert_eq!(asked(&words("一共 打 了 多少 场 仗")).map(|k| k.1), Some("仗".to_owned()));
        // A noun of no kind listed, or no question word before it.
        assert_eq!(asked(&words("哪个 国家 提出")), None);
        assert_eq!(asked(&words("这次 会议 讨论 了 什么")), None);
        assert_eq!(asked(&words("which conference")), None);
    }

    #[test]
    fn an_entry_gives_the_kinds_its_statements_name() {
        let meeting = asked(&words("在 什么 会议 上")).unwrap().0;
        let told = given(&[words("proposed at the third plenary session in 1978")]);
        assert_ne!(told & (1 << meeting), 0);
        let untold = given(&[words("xi jinping proposed it in december 2015")]);
        assert_eq!(untold & (1 << meeting), 0);
    }
}
