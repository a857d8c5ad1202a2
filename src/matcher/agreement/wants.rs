//! What kind of answer a question asks for: a number, a date, a reaction or a maker.
//!
//! Read from the question's opening words ("how many", "what year", "who wrote"), so that an
//! entry which gives none of that kind is not taken for the answer.

/// What kind of answer a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// "how many", "what percentage", "how much … cost": a number that is not a date.
    Quantity,
    /// "what year", "which month": a date.
    Date,
    /// "which month", "几月几号": a date to the month or the day, not only its year.
    Day,
    /// "when did …", "when was …": a date, or the condition the entry tells instead ("when did
    /// the nomads invade": when the empire was weak).
    Time,
    /// "how did … react", "what was the response": a reaction the entry must tell.
    Reaction,
    /// "who wrote / chaired / designed …": a person or organisation the question does not name.
    Agent,
    /// "which countries joined …", "which nations": places the question does not name.
    Places,
    /// "which agency runs …", "which university received …": a body the question does not name.
    Bodies,
}

/// After "which", nouns that ask for places by name.
/// (Not cities: the knowledge's cities are their countries' names.)
const PLACE_KINDS: [&str; 6] = ["countries", "country", "nations", "nation", "states", "governments"];

/// After "which", nouns that ask for bodies by name.
const BODY_KINDS: [&str; 20] = [
    "agency",
    "agencies",
    "organisation",
    "organisations",
    "organization",
    "organizations",
    "university",
    "universities",
    "company",
    "companies",
    "firm",
    "firms",
    "bank",
    "banks",
    "ministry",
    "ministries",
    "newspaper",
    "newspapers",
    "platforms",
    "websites",
];

/// The kind of name a "which" question asks for: the first noun of a kind within three words
/// after "which" ("which *countries*", "which online video *platforms*"), with no stop word
/// between ("which norm says countries" asks for a norm) and not inside a name (`named`: the
/// words that are part of a name, "which *United Nations* document").
pub(super) fn named_kind(words: &[&str], named: impl Fn(usize) -> bool) -> Option<Want> {
    if let Some(want) = chinese_named_kind(words) {
        return Some(want);
    }
    let at = words.iter().take(6).position(|w| *w == "which")? + 1;
    for (i, word) in words.iter().enumerate().skip(at).take(3) {
        if named(i) {
            continue;
        }
        if PLACE_KINDS.contains(word) {
            return Some(Want::Places);
        }
        if BODY_KINDS.contains(word) {
            return Some(Want::Bodies);
        }
        if super::analyze::is_stop_word(word) {
            return None;
        }
    }
    None
}

/// "Which" in Chinese, as jieba cuts it ("哪些 国家", "哪个 机构", "哪家 公司").
const CHINESE_WHICH: [&str; 7] = ["哪些", "哪个", "哪几个", "哪几", "哪", "哪家", "哪所"];
/// After a Chinese "which", the nouns that ask for places, and for bodies, by name.
const CHINESE_PLACE_KINDS: [&str; 2] = ["国家", "国"];
const CHINESE_BODY_KINDS: [&str; 11] =
    ["机构", "组织", "公司", "企业", "大学", "银行", "部委", "平台", "网站", "报纸", "媒体"];

/// The kind of name a Chinese "which" question asks for: a kind noun right after the question
/// word ("有哪些国家表态支持", which countries said they support it), or fused with it ("哪国").
fn chinese_named_kind(words: &[&str]) -> Option<Want> {
    let kind = |word: &str| {
        if CHINESE_PLACE_KINDS.contains(&word) {
            Some(Want::Places)
        } else if CHINESE_BODY_KINDS.contains(&word) {
            Some(Want::Bodies)
        } else {
            None
        }
    };
    words.iter().enumerate().find_map(|(i, word)| {
        if CHINESE_WHICH.contains(word) {
            words.get(i + 1).and_then(|next| kind(next))
        } else {
            word.strip_prefix('哪').and_then(kind)
        }
    })
}

/// After "how much", the words that ask for an amount ("how much did it cost") rather than a
/// degree ("how much does China depend on it").
const AMOUNT_WORDS: [&str; 14] = [
    "cost", "costs", "pay", "paid", "worth", "money", "budget", "spend", "spent", "price", "value", "valued", "fund",
    "funding",
];

/// Words that ask how someone reacted.
const REACTION_ASKED: [&str; 11] = [
    "react",
    "reacted",
    "reaction",
    "reactions",
    "respond",
    "responded",
    "response",
    "responses",
    "reply",
    "replied",
    "replies",
];

/// After "who", the verbs that ask for the maker of something ("who *wrote* the manual").
const AGENT_VERBS: [&str; 26] = [
    "wrote",
    "authored",
    "edited",
    "chaired",
    "chairs",
    "led",
    "leads",
    "heads",
    "headed",
    "designed",
    "founded",
    "runs",
    "ran",
    "built",
    "invented",
    "funded",
    "sent",
    "received",
    "drafted",
    "composed",
    "created",
    "coined",
    "established",
    "organised",
    "organized",
    "hosted",
];

/// Whether a question asks for a number, a date, a reaction or a maker, from its words.
/// The same asked in Chinese, as jieba cuts it: "多少" (how many, how much), "哪一年" (which
/// year), "反应" (reaction), "谁" with a verb of making ("谁写的", who wrote it).
const CHINESE_QUANTITY: [&str; 8] = ["多少", "几个", "几条", "几项", "几", "多少钱", "百分之几", "多大"];
/// Verbs that ask for a few of something when 几 follows them (举几个例子, give a few examples).
const CHINESE_LISTING: [&str; 6] = ["举", "列", "列举", "说", "讲", "给"];
/// Things "多少" asks the address or number of, not an amount ("电话多少", what is the phone number);
/// an alias may have put the English word in the Chinese one's place ("email").
const CHINESE_ADDRESSES: [&str; 12] =
    ["邮箱", "邮件地址", "邮箱地址", "电话", "电话号码", "号码", "手机号", "地址", "网址", "账号", "email", "address"];
const CHINESE_DATE: [&str; 3] = ["哪一年", "哪年", "何年"];
/// Which month or day in Chinese (几月几号): a year does not answer it. Not 哪天, which is as
/// often "some day" (担心哪天被抹掉, afraid it is wiped out some day).
const CHINESE_DAY: [&str; 9] = ["几月", "哪一天", "哪个月", "哪月", "几号", "几月份", "几日", "哪一日", "哪年哪月"];
/// "When" in Chinese: 什么时候, 啥时候, 何时.
const CHINESE_TIME: [&str; 4] = ["什么时候", "啥时候", "何时", "啥时"];
const CHINESE_REACTION: [&str; 4] = ["反应", "回应", "回复", "反响"];
const CHINESE_AGENT_VERBS: [&str; 19] = [
    "写", "撰写", "发", "发送", "领导", "主持", "签署", "创办", "设计", "资助", "起草", "发明", "编写", "编撰", "编纂",
    "发起", "编", "主编", "编辑",
];
/// With "谁", nouns for the maker of something ("作词人是谁", who wrote the lyrics; jieba may cut
/// it "作词 人").
const CHINESE_AGENT_NOUNS: [&str; 14] = [
    "作词",
    "作曲",
    "作词人",
    "作曲人",
    "发起人",
    "创始人",
    "提出者",
    "起草人",
    "设计者",
    "发明人",
    "发明者",
    "创建者",
    "撰写者",
    "撰稿人",
];

pub(super) fn wants(words: &[&str]) -> Option<Want> {
    let opening = &words[..words.len().min(6)];
    let pair = |a: &str, bs: &[&str]| opening.windows(2).any(|w| w[0] == a && bs.contains(&w[1]));
    // "… and how much did it cost?" asks for a sum wherever it stands.
    let anywhere = |a: &str, b: &str| words.windows(2).any(|w| w[0] == a && w[1] == b);
    // Jieba may cut a Chinese question word in two ("哪 年"): two words together count too.
    // The lists are Chinese, so a question of ASCII words alone matches none of them.
    let written_in_chinese = !words.iter().all(|w| w.is_ascii());
    let chinese = |list: &[&str]| {
        written_in_chinese
            && (words.iter().any(|w| list.contains(w))
                || words.windows(2).any(|w| list.iter().any(|l| l.strip_prefix(w[0]) == Some(w[1]))))
    };
    // "邮箱多少" (what is the email address) asks for an address, not an amount.
    let address = words.windows(2).any(|w| CHINESE_ADDRESSES.contains(&w[0]) && w[1] == "多少");
    // "举几个名字" (name a few) asks for a few of them, not how many.
    let a_few = |i: usize| i > 0 && CHINESE_LISTING.contains(&words[i - 1]) && words[i].starts_with('几');
    let counted = written_in_chinese
        && words.iter().enumerate().any(|(i, w)| CHINESE_QUANTITY.contains(w) && !a_few(i))
        || chinese(&CHINESE_QUANTITY) && !words.iter().any(|w| CHINESE_QUANTITY.contains(w));
    if counted && !address
        || anywhere("how", "many")
        || anywhere("how", "fast")
        || anywhere("how", "quickly")
        || pair("what", &["percentage", "percent", "proportion", "fraction", "portion", "share"])
        || anywhere("how", "much") && words.iter().any(|w| AMOUNT_WORDS.contains(w))
    {
        return Some(Want::Quantity);
    }
    if pair("what", &["month", "day"]) || pair("which", &["month", "day"]) || chinese(&CHINESE_DAY) {
        return Some(Want::Day);
    }
    // "when" alone is not enough: "when did the nomads invade?" is answered by a condition.
    if pair("what", &["year", "date", "month"]) || pair("which", &["year", "month"]) || chinese(&CHINESE_DATE) {
        return Some(Want::Date);
    }
    // "When did China join the WTO?" asks for a time; "when is it legitimate" for a condition.
    if matches!(words, ["when", "did" | "was" | "were", ..]) || chinese(&CHINESE_TIME) {
        return Some(Want::Time);
    }
    if words.iter().any(|w| REACTION_ASKED.contains(w)) || chinese(&CHINESE_REACTION) {
        return Some(Want::Reaction);
    }
    // "who *actually* sent", "who first wrote": a word may stand between.
    let who_did = opening.windows(3).any(|w| w[0] == "who" && AGENT_VERBS.contains(&w[2]));
    if pair("who", &AGENT_VERBS)
        || who_did
        || chinese(&["谁"]) && (chinese(&CHINESE_AGENT_VERBS) || chinese(&CHINESE_AGENT_NOUNS))
        // 哪位 is "which person".
        || chinese(&["哪位"])
    {
        return Some(Want::Agent);
    }
    None
}
