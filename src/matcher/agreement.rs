//! Whether an entry gives what a question asks for, beyond sharing its words.
//!
//! Word overlap finds the entry a question is about; it cannot tell "What share of China's GDP
//! is digital?" from "What share of Germany's GDP is digital?", which share every word but one.
//! An entry that states a fact about China, 2020 or Microsoft does not answer a question about
//! Germany, 2015 or Google, and a wrong fact with a source attached is worse than "the paper does
//! not say". So a question's demands are read from it (the places, organisations, people, years
//! and numbers it names, and whether it asks for a number or a date) and held against the facts
//! of the entry that would answer it. A question that names one entity where the entry gives
//! another of the same kind, or a name the paper never mentions, or asks "how many" of an entry
//! with no number, is not answered by that entry.

use rustc_hash::FxHashSet as HashSet;

mod kinds;
mod numbers;
mod pairs;
mod wants;

use super::analyze;
use super::gazetteer::{Class, EntityId, Found, Gazetteer};
pub use kinds::given as kinds_given;
use numbers::{SCALE_WORDS, decade, is_era, is_figure, is_month, may_count, year};
pub use numbers::{chinese_number, counted, counts, is_numeral, kindred_units, number, ordinal};
pub use pairs::named_pairs;
use pairs::{JOINT_ACTS, pairs};
pub use wants::Want;
use wants::wants;

/// What a question asks of its answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Demands<'q> {
    pub entities: Vec<EntityId>,
    pub years: Vec<u16>,
    /// Numbers other than years, as digits ("four" is "4").
    pub numbers: Vec<String>,
    pub wants: Option<Want>,
    /// The word right after the opening "what", "which" or "how many" ("what *budget*").
    pub focus: Option<String>,
    /// The content word after the focus, right after it or after "of": what a first word that
    /// qualifies or measures it is about ("which national *advisory* panel", "what span of
    /// *years*").
    pub focus_next: Option<String>,
    /// What a "how many" question counts ("how many *members*"), as written.
    pub unit: Option<String>,
    /// The place in a list it asks for ("the *third* norm", 第五条), from the second on.
    pub ordinal: Option<(u8, String)>,
    /// The kind of thing a Chinese "which" asks for (哪个*会议*), by its place in the list of
    /// kinds, and the noun that asks it.
    pub kind: Option<(usize, String)>,
    /// Its folded words, stop words included, borrowed from the question: a question's every
    /// word copied into a string of its own was a score of allocations a Chinese question.
    pub words: Vec<&'q str>,
    /// Places it names together as parties to one act ("when did *the UK and India* agree"):
    /// an entry must name them together too, not each with another partner.
    pub pairs: Vec<(EntityId, EntityId)>,
    /// Who the question says proposed something ("what did *the EU* propose", "the norm put
    /// forward by *the UK*"): an entry whose proposer is another does not answer it.
    pub proposer: Option<EntityId>,
    /// Whose words, views or deeds the question asks for ("what did *the EU* say about it",
    /// "*Germany's* position on it", "how did *Japan* react"): an entry that never names them
    /// does not tell them.
    pub speaker: Option<EntityId>,
}

/// What an entry states: the entities, years and numbers its texts name.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub entities: Vec<EntityId>,
    pub years: Vec<u16>,
    /// The decades it names, by their first year ("the 1990s" is 1990): each holds ten years.
    pub decades: Vec<u16>,
    pub numbers: Vec<String>,
    /// A number that is not a year nor a day of a date.
    pub has_quantity: bool,
    /// A year, a month, a decade or a century.
    pub has_date: bool,
    /// A month ("in December 2015", "21 November"): a date finer than its year.
    pub has_month: bool,
    /// The stems of the words a figure counts: the three content words after each number
    /// ("989 million Internet *users*", "six *norms*").
    pub counted: Vec<String>,
    /// It tells how someone reacted: "responded", "welcomed", "criticised", "opposed".
    pub has_reaction: bool,
    /// Names of people and bodies its answer or proposer gives, as folded words ("fred siebert",
    /// "john c nerone"): most authors the paper cites are in no list of well-known names.
    pub people: Vec<String>,
    /// The people and organisations its answer or proposer names: who did what it tells. Its
    /// comparison and China's position name others, who made other things.
    pub makers: Vec<EntityId>,
    /// Places its texts name together ("China and Britain", "the China-US understanding").
    pub pairs: Vec<(EntityId, EntityId)>,
    /// Small counts its statements give, with the stem of what they count ("six *norms*":
    /// ("6", "norm")).
    pub counts: Vec<(String, String)>,
    /// Who its card says proposed it, as entities ("The Shanghai Cooperation Organization");
    /// empty when it has no card, no proposer, or one no list names.
    pub proposers: Vec<EntityId>,
    /// The commas, semicolons and colons of its answer: how long a list it could give.
    pub list_marks: usize,
    /// The stems of what its answer counts and names again: it tells of some of them.
    pub discussed: Vec<String>,
    /// The places in a row its texts name ("the *Third* Plenary Session", "the *fourth*").
    pub ordinals: Vec<u8>,
    /// The kinds of thing its statements name (a meeting, a war, a book), as bits by their
    /// place in the list of kinds.
    pub kinds: u16,
    /// Its answer tells when something happens by a condition ("*when* the empire was weak").
    pub tells_when: bool,
}

impl Facts {
    /// Whether the entry's answer could list `n` things: it has separators for as many items,
    /// the last joined by "and". "Eight principles for saving the Internet" counts them and
    /// lists none; "three pairs: China and Britain (2015), …" lists them.
    pub fn enumerates(&self, n: usize) -> bool {
        self.list_marks + 2 >= n
    }
}

/// Why an entry does not answer a question.
#[derive(Debug, Clone, PartialEq)]
pub enum Disagreement {
    /// The question names an entity the entry does not; `given` is what the entry names in
    /// its place, if anything.
    Entity { asked: EntityId, given: Option<EntityId> },
    /// The question names a year the entry does not give; `given` holds those it does.
    Year { asked: u16, given: Vec<u16> },
    /// The question names a number the entry does not give.
    Number { asked: String },
    /// The question asks for a number or a date and the entry gives none.
    Kind(Want),
    /// The detail the question asks for ("what *budget*", "which *penalties*") is a word the
    /// entry never uses.
    Detail { asked: String },
    /// A "how many" question counts something no figure of the entry counts.
    Unit { asked: String },
    /// The question names two places as parties to one act; the entry never names them together.
    Pair { asked: (EntityId, EntityId) },
    /// The question says who proposed it; the entry was proposed by `given`.
    Proposer { asked: EntityId, given: EntityId },
}

pub(super) fn push_unique<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// The facts of an entry, from its texts' folded words.
pub fn facts<S: AsRef<str>>(texts: &[Vec<S>], gazetteer: &Gazetteer) -> Facts {
    let mut facts = Facts::default();
    for words in texts {
        for found in gazetteer.find(words) {
            push_unique(&mut facts.entities, found.entity);
            if let Some(place) = gazetteer.within(found.entity) {
                push_unique(&mut facts.entities, place);
            }
        }
        for (i, word) in words.iter().map(AsRef::as_ref).enumerate() {
            facts.has_reaction |= word.len() >= 5 && REACTION_TOLD.iter().any(|r| word.starts_with(r));
            if let Some(n) = ordinal(word) {
                push_unique(&mut facts.ordinals, n);
            }
            let dated = |j: Option<usize>| {
                j.and_then(|j| words.get(j)).is_some_and(|w| w.as_ref().starts_with(|c: char| c.is_ascii_digit()))
            };
            if matches!(word, "may" | "march") && (dated(i.checked_sub(1)) || dated(Some(i + 1))) {
                facts.has_month = true;
            }
            if !may_count(word) {
                continue;
            }
            let beside_month = |j: Option<usize>| j.and_then(|j| words.get(j)).is_some_and(|w| is_month(w.as_ref()));
            if let Some(y) = year(word) {
                push_unique(&mut facts.years, y);
                facts.has_date = true;
            } else if let Some(d) = decade(word) {
                push_unique(&mut facts.decades, d);
                facts.has_date = true;
            } else if is_month(word) && word != "may" && word != "march" || word == "century" {
                facts.has_date = true;
                facts.has_month |= word != "century";
            } else if let Some(n) = number(word).filter(|_| is_era(words.get(i + 1).map(AsRef::as_ref))) {
                push_unique(&mut facts.numbers, n);
                facts.has_date = true;
            } else if let Some(n) = number(word) {
                let day = n.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
                    && (beside_month(i.checked_sub(1)) || beside_month(Some(i + 1)));
                facts.has_quantity |= !day;
                push_unique(&mut facts.numbers, n);
            } else if SCALE_WORDS.contains(&word) {
                facts.has_quantity = true;
            }
        }
    }
    facts
}

/// Words a number names one of, not counts: "article *19*", "section *5*", "resolution *73*".
const NUMBERED: [&str; 6] = ["article", "section", "chapter", "clause", "paragraph", "resolution"];

/// Whether an answer's folded words tell when something happens by a condition ("*when* the
/// empire was weak", "*whenever* the centre weakened").
pub fn tells_when<S: AsRef<str>>(answer: &[S]) -> bool {
    answer.iter().any(|w| matches!(w.as_ref(), "when" | "whenever"))
}

/// What a question demands, from its folded words (stop words included).
pub fn demands<'q>(words: &[&'q str], gazetteer: &Gazetteer) -> Demands<'q> {
    let mut demands = Demands::default();
    let found = gazetteer.find(words);
    for found in &found {
        push_unique(&mut demands.entities, found.entity);
        if let Some(place) = gazetteer.within(found.entity) {
            push_unique(&mut demands.entities, place);
        }
    }
    if words.iter().any(|w| JOINT_ACTS.contains(w)) {
        demands.pairs = pairs(words, &found, gazetteer);
    }
    for word in words.iter().filter(|w| may_count(w)) {
        if let Some(y) = year(word) {
            push_unique(&mut demands.years, y);
        } else if let Some(n) = number(word).filter(|n| is_figure(n)) {
            push_unique(&mut demands.numbers, n);
        }
    }
    // "Article 19" names one article: only an entry that gives that number tells of it.
    for pair in words.windows(2) {
        if NUMBERED.contains(&pair[0])
            && let Some(n) = number(pair[1]).filter(|n| n.parse::<u32>().is_ok())
        {
            push_unique(&mut demands.numbers, n);
        }
    }
    demands.proposer = proposer(words, &found);
    demands.speaker = speaker(words, &found);
    demands.wants = wants(words);
    if demands.wants.is_none() {
        let named = |i: usize| found.iter().any(|f| (f.start..f.start + f.len).contains(&i));
        demands.wants = wants::named_kind(words, named);
    }
    demands.ordinal = ordinal_item(words);
    demands.kind = kinds::asked(words);
    demands.focus = focus(words);
    demands.focus_next = demands.focus.as_ref().and_then(|_| focus_next(words));
    demands.words = words.to_vec();
    demands.unit = words.windows(3).take(4).find_map(|w| match w {
        ["how", "many", unit] if !analyze::is_stop_word(unit) => Some((*unit).to_owned()),
        _ => None,
    });
    if demands.unit.is_none() {
        demands.unit = chinese_unit(words);
    }
    demands
}

/// What a Chinese "how many" counts: the noun after 多少 or 几 and its measure word ("多少*家*
/// *公司*", how many companies; "几位*委员*", how many members). Not 哪几 or 那几 ("which few",
/// "those few"), 几十 (tens of), 多少钱 (how much money), nor a lone character.
fn chinese_unit(words: &[&str]) -> Option<String> {
    const MEASURES: [&str; 10] = ["个", "家", "位", "名", "项", "种", "篇", "次", "部", "条"];
    words.iter().enumerate().find_map(|(i, word)| {
        let vague = i > 0 && matches!(words[i - 1], "哪" | "那" | "这" | "十" | "好");
        if !matches!(*word, "多少" | "几") || vague {
            return None;
        }
        let mut rest = words[i + 1..].iter().filter(|w| !w.is_empty());
        let next = rest.next()?;
        let noun = if MEASURES.contains(next) { rest.next()? } else { next };
        let a_word = noun.chars().count() >= 2 || noun.chars().all(|c| c.is_ascii_alphabetic());
        let not_a_thing = *noun == "钱" || noun.starts_with(['十', '百', '千', '万', '亿']);
        (a_word && !not_a_thing && !analyze::is_stop_word(noun)).then(|| (*noun).to_owned())
    })
}

/// What a list is of, after an ordinal: "the third *norm*", "the 2nd *one*", 第五*条*.
/// Or what a row of them is: "the *12th* central *committee*", 第十二*届*.
const LIST_ITEMS: [&str; 24] = [
    "norm",
    "norms",
    "rule",
    "principle",
    "item",
    "point",
    "factor",
    "reason",
    "proposal",
    "one",
    "session",
    "plenary",
    "committee",
    "congress",
    "meeting",
    "edition",
    "version",
    "round",
    "条",
    "项",
    "点",
    "个",
    "届",
    "次",
];

/// The place in a list a question asks for: an ordinal with the thing listed right after it
/// ("the *third norm*", "the *fifth* GCSC *norm*", 第三条). "The second Chinese scholar cited"
/// names someone, not a place in a list.
fn ordinal_item(words: &[&str]) -> Option<(u8, String)> {
    words.iter().enumerate().find_map(|(i, word)| {
        let n = ordinal(word)?;
        let chinese_item = |w: &str| w.starts_with('第') && LIST_ITEMS.iter().any(|item| w.ends_with(item));
        // "the second *of the six norms*": the list may follow "of".
        let reach = if words.get(i + 1) == Some(&"of") { 4 } else { 2 };
        let item =
            chinese_item(word) || words[i + 1..].iter().take(reach).any(|w| LIST_ITEMS.contains(w) || chinese_item(w));
        item.then(|| (n, (*word).to_owned()))
    })
}

/// Words that tell an act of proposing, as prefixes of folded words ("proposed", "suggestion").
const PROPOSING: [&str; 4] = ["propos", "suggest", "submit", "sponsor"];

/// Words that open a question about what someone did: "what did *the EU* propose".
const AUXILIARIES: [&str; 7] = ["did", "does", "do", "has", "have", "had", "would"];

/// Whether the words from `i` on begin with a verb of proposing ("proposed", "put forward").
fn proposing_at(words: &[&str], i: usize) -> bool {
    match (words.get(i), words.get(i + 1)) {
        (Some(&("put" | "puts")), Some(&"forward")) => true,
        // A verb, not the noun: "does the EU proposal differ" names a proposal.
        (Some(w), _) => {
            PROPOSING.iter().any(|p| w.starts_with(p))
                && !w.starts_with("proposal")
                && !w.ends_with("ion")
                && !w.ends_with("ions")
        }
        _ => false,
    }
}

/// Who a question says proposed something: the entity after an auxiliary and before a verb of
/// proposing ("what did the EU propose", "has the UK formally suggested"), or the agent after "by"
/// ("the norm proposed by the EU"). "The SCO proposal" names a thing, not who proposed it: "how
/// does the SCO proposal differ from the GCSC norm" asks of both.
fn proposer(words: &[&str], found: &[Found]) -> Option<EntityId> {
    found.iter().find_map(|f| {
        let end = f.start + f.len;
        let before = match f.start.checked_sub(1).map(|i| (i, words[i])) {
            Some((i, "the")) => i.checked_sub(1).map(|j| words[j]),
            Some((_, w)) => Some(w),
            None => None,
        };
        let acts = proposing_at(words, end) || proposing_at(words, end + 1);
        let asked = before.is_some_and(|w| AUXILIARIES.contains(&w)) && acts;
        let by = before == Some("by") && (f.start.saturating_sub(4)..f.start).any(|i| proposing_at(words, i));
        (asked || by).then_some(f.entity)
    })
}

/// The people and organisations some folded words name as doing something: not those named
/// only as the owner of a thing ("the *SCO* International Code", "the *EU* Cybersecurity Act"),
/// which say what the thing is, not who made what an answer tells.
pub fn makers<S: AsRef<str>>(words: &[S], gazetteer: &Gazetteer) -> Vec<EntityId> {
    let mut makers = Vec::new();
    for found in gazetteer.find(words) {
        let end = found.start + found.len;
        let owner = words.iter().skip(end).take(2).any(|w| THING_HEADS.contains(&w.as_ref()));
        if !owner {
            push_unique(&mut makers, found.entity);
        }
    }
    makers
}

/// Verbs that ask what someone said, thought or did: "what did the EU *say*".
const SAYING: [&str; 27] = [
    "say",
    "said",
    "says",
    "think",
    "thought",
    "thinks",
    "feel",
    "felt",
    "believe",
    "believed",
    "argue",
    "argued",
    "claim",
    "claimed",
    "want",
    "wanted",
    "do",
    "did",
    "make",
    "made",
    "view",
    "see",
    "saw",
    "respond",
    "responded",
    "react",
    "reacted",
];

/// Nouns of a view or a stance: "the EU('s) *position* on it".
const STANCES: [&str; 11] =
    ["view", "views", "position", "stance", "opinion", "take", "response", "reaction", "attitude", "stand", "reply"];

/// Words between a body and its verb that still name the body ("what did the US *government*
/// say").
const SPOKESMEN: [&str; 6] = ["government", "administration", "officials", "leaders", "authorities", "side"];

/// Whose words or stance a question asks for: the entity after an auxiliary and before a verb
/// of saying ("what did the EU say", "how did Japan react"), before a noun of stance ("Germany's
/// position on"), or after "according to".
fn speaker(words: &[&str], found: &[Found]) -> Option<EntityId> {
    found
        .iter()
        .find_map(|f| {
            let before = |n: usize| f.start.checked_sub(n).map(|i| words[i]);
            let (before, earlier) = match before(1) {
                Some("the") => (before(2), before(3)),
                one => (one, before(2)),
            };
            let mut end = f.start + f.len;
            if words.get(end).is_some_and(|w| SPOKESMEN.contains(w)) {
                end += 1;
            }
            let next = words.get(end).copied();
            let asked = before.is_some_and(|w| AUXILIARIES.contains(&w)) && next.is_some_and(|w| SAYING.contains(&w));
            let stance = next.is_some_and(|w| STANCES.contains(&w)) && words.get(end + 1) == Some(&"on");
            let according = before == Some("to") && earlier == Some("according");
            (asked || stance || according).then_some(f.entity)
        })
        .or_else(|| chinese_speaker(words, found))
}

/// Chinese verbs of saying, judging or answering: "欧盟*认为*", "美国怎么*回应*".
/// Aliases put English in place of some ("看法" is "say").
const CHINESE_SAYING: [&str; 18] = [
    "认为",
    "表示",
    "回应",
    "批评",
    "反对",
    "说",
    "声称",
    "看待",
    "评价",
    "表态",
    "怎么看",
    "看",
    "反应",
    "指出",
    "主张",
    "答复",
    "谴责",
    "say",
];

/// Chinese nouns of a stance: "欧盟的*立场*", "美国对它的*态度*" (an alias reads 态度 as "position").
const CHINESE_STANCES: [&str; 11] =
    ["态度", "立场", "看法", "观点", "反应", "回应", "评价", "意见", "表态", "position", "view"];

/// Words between a body and its verb that still name the body (美国*政府*, 欧盟*方面*).
const CHINESE_SPOKESMEN: [&str; 8] = ["的", "政府", "方面", "官方", "当局", "领导人", "官员", "是"];

/// Whose words or stance a Chinese question asks for: the entity before a verb of saying
/// ("美国怎么回应", how did the US respond), before a noun of stance ("欧盟的立场"), or before
/// 对 with a noun of stance later ("中国对这条规范是什么态度", China's attitude to the norm).
fn chinese_speaker(words: &[&str], found: &[Found]) -> Option<EntityId> {
    if words.iter().all(|w| w.is_ascii()) {
        return None;
    }
    found.iter().find_map(|f| {
        let mut at = f.start + f.len;
        while words.get(at).is_some_and(|w| CHINESE_SPOKESMEN.contains(w)) && at < f.start + f.len + 2 {
            at += 1;
        }
        let asked = match words.get(at..)? {
            [w, ..] if CHINESE_SAYING.contains(w) || CHINESE_STANCES.contains(w) => true,
            ["怎么" | "如何" | "怎样" | "咋", w, ..] => CHINESE_SAYING.contains(w),
            ["对", rest @ ..] => rest.iter().any(|w| CHINESE_STANCES.contains(w)),
            _ => false,
        };
        asked.then_some(f.entity)
    })
}

/// The entities some folded words name, each once ("proposed by" on a card, an answer).
pub fn named<S: AsRef<str>>(words: &[S], gazetteer: &Gazetteer) -> Vec<EntityId> {
    let mut named = Vec::new();
    for found in gazetteer.find(words) {
        push_unique(&mut named, found.entity);
    }
    named
}

/// Where the word a question asks about stands: right after its opening "what", "which", "how
/// many" or "how much"; or the "fast" of "how fast", a speed only an entry about speed gives.
fn focus_at(words: &[&str]) -> Option<usize> {
    let opening = words.len().min(5);
    let how = |follows: &[&str]| {
        (0..opening.saturating_sub(1)).find(|&i| words[i] == "how" && follows.contains(&words[i + 1]))
    };
    // "which *specific* war", "what *exact* budget": the thing asked for comes after.
    let hedged = |at: usize| {
        let hedge = matches!(words.get(at), Some(&("specific" | "exact" | "particular" | "precise")));
        if hedge { at + 1 } else { at }
    };
    (0..opening.saturating_sub(1))
        .find(|&i| matches!(words[i], "what" | "which" | "whats"))
        .map(|i| hedged(i + 1))
        .or_else(|| how(&["many", "much"]).map(|i| i + 2).filter(|&at| at < opening))
        .or_else(|| how(&["fast", "quickly", "rapidly"]).map(|i| i + 1))
}

/// The word a question asks about ("what *budget* does it have"), if it is no stop word.
fn focus(words: &[&str]) -> Option<String> {
    let after = *words.get(focus_at(words)?)?;
    (!analyze::is_stop_word(after)).then(|| after.to_owned())
}

/// The content word after the [`focus`]: the next word, or the one after "of (the)". Not a
/// verb in the past ("which dynasty *unified* China" asks for the dynasty), unless it tells of
/// taking part ("which states (have) *joined*").
fn focus_next(words: &[&str]) -> Option<String> {
    let next = match words.get(focus_at(words)? + 1..)? {
        ["have" | "has" | "had", w, ..] if is_joining(w) => w,
        ["of", "the", w, ..] | ["of", w, ..] | [w, ..] => w,
        [] => return None,
    };
    (!analyze::is_stop_word(next) && (!next.ends_with("ed") || is_joining(next))).then(|| (*next).to_owned())
}

/// Verbs of taking part in something others made ("which countries *joined* it", "*signed*"):
/// after "which countries" they ask for the parties, which an entry that tells only who made it
/// does not give.
const JOINING: [&str; 8] =
    ["joined", "signed", "ratified", "endorsed", "sponsored", "cosponsored", "backed", "acceded"];

/// Whether a question's word after its focus asks who took part ("which countries *signed*").
pub fn is_joining(word: &str) -> bool {
    JOINING.contains(&word)
}

/// The same verbs in Chinese (joined, backed, co-signed, ratified, answered the call, took part,
/// recognised), which stand anywhere after 哪些国家.
const CHINESE_JOINING: [&str; 8] = ["加入", "支持", "联署", "批准", "响应", "参加", "参与", "认可"];

/// Whether a Chinese word of a "which countries" question asks who took part (哪些国家*加入*了).
pub fn is_joining_in_chinese(word: &str) -> bool {
    CHINESE_JOINING.contains(&word)
}

/// Words that tell a reaction, as prefixes of folded words.
const REACTION_TOLD: [&str; 16] = [
    "react", "respond", "response", "welcom", "criticis", "criticiz", "condemn", "reject", "protest", "oppos",
    "object", "retaliat", "denounc", "endors", "praise", "backlash",
];

/// Whether an entry with these facts answers a question with these demands. `known` holds the
/// entities the whole knowledge names: one it never names cannot be answered about.
pub fn check(
    demands: &Demands,
    facts: &Facts,
    known: &HashSet<EntityId>,
    gazetteer: &Gazetteer,
) -> Result<(), Disagreement> {
    for &asked in &demands.entities {
        if facts.entities.contains(&asked) {
            continue;
        }
        let class = gazetteer.class(asked);
        let other =
            facts.entities.iter().copied().find(|e| gazetteer.class(*e) == class && !demands.entities.contains(e));
        if class == Class::Person {
            // Another person's words or deeds are no stand-in for this one's.
            return Err(Disagreement::Entity { asked, given: None });
        }
        if other.is_some() || !known.contains(&asked) {
            return Err(Disagreement::Entity { asked, given: other });
        }
    }
    if let Some(asked) = demands.speaker.filter(|s| !facts.entities.contains(s) && !facts.makers.contains(s)) {
        return Err(Disagreement::Entity { asked, given: None });
    }
    if let Some(asked) = demands.proposer.filter(|p| !facts.proposers.is_empty() && !facts.proposers.contains(p)) {
        return Err(Disagreement::Proposer { asked, given: facts.proposers[0] });
    }
    // Only an entry that pairs these places with others says they did not act together.
    let partnered =
        |(a, b): (EntityId, EntityId)| facts.pairs.iter().any(|p| [p.0, p.1].iter().any(|e| *e == a || *e == b));
    if let Some(&asked) = demands.pairs.iter().find(|&&p| !facts.pairs.contains(&p) && partnered(p)) {
        return Err(Disagreement::Pair { asked });
    }
    if let Some(&asked) = demands.years.iter().find(|y| !facts.years.contains(y) && !in_decade(**y, &facts.decades)) {
        return Err(Disagreement::Year { asked, given: facts.years.clone() });
    }
    if let Some(asked) = demands.numbers.iter().find(|n| !facts.numbers.contains(n)) {
        return Err(Disagreement::Number { asked: asked.clone() });
    }
    // "The third norm" is given only by an entry that orders them, or numbers it (第20条:
    // article 20).
    if let Some((n, word)) = &demands.ordinal
        && !facts.ordinals.contains(n)
        && !(word.starts_with('第') && facts.numbers.contains(&n.to_string()))
    {
        return Err(Disagreement::Detail { asked: word.clone() });
    }
    // "在哪个会议上" (at which meeting) is told only by an entry that names a meeting.
    if let Some((_, word)) = demands.kind.as_ref().filter(|(kind, _)| facts.kinds & (1 << kind) == 0) {
        return Err(Disagreement::Detail { asked: word.clone() });
    }
    match demands.wants {
        Some(Want::Quantity) if !facts.has_quantity => Err(Disagreement::Kind(Want::Quantity)),
        Some(Want::Date) if !facts.has_date => Err(Disagreement::Kind(Want::Date)),
        Some(Want::Day) if !facts.has_month => Err(Disagreement::Kind(Want::Day)),
        Some(Want::Time) if !facts.has_date && !facts.tells_when => Err(Disagreement::Kind(Want::Date)),
        Some(Want::Reaction) if !facts.has_reaction => Err(Disagreement::Kind(Want::Reaction)),
        Some(Want::Agent) if !names_a_maker(demands, facts, gazetteer) => Err(Disagreement::Kind(Want::Agent)),
        Some(Want::Places) if !names_a_place(demands, facts, gazetteer) => Err(Disagreement::Kind(Want::Places)),
        Some(Want::Bodies) if !names_a_maker(demands, facts, gazetteer) => Err(Disagreement::Kind(Want::Bodies)),
        _ => Ok(()),
    }
}

/// Whether the entry names a place the question does not.
fn names_a_place(demands: &Demands, facts: &Facts, gazetteer: &Gazetteer) -> bool {
    facts.entities.iter().any(|&e| gazetteer.class(e) == Class::Place && !demands.entities.contains(&e))
}

/// Whether the entry's answer or proposer names a person or organisation the question does not.
fn names_a_maker(demands: &Demands, facts: &Facts, gazetteer: &Gazetteer) -> bool {
    facts
        .makers
        .iter()
        .any(|&e| matches!(gazetteer.class(e), Class::Org | Class::Person) && !demands.entities.contains(&e))
        || facts.people.iter().any(|name| !name.split(' ').all(|w| demands.words.contains(&w)))
}

/// Last words that make a capitalised name a thing, not a maker: "the Great Wall", "the Tallinn
/// Manual", "the Paris Call", "the Code of Conduct for Information Security".
const THING_HEADS: [&str; 24] = [
    "wall",
    "firewall",
    "manual",
    "call",
    "initiative",
    "code",
    "report",
    "series",
    "paper",
    "web",
    "internet",
    "act",
    "law",
    "treaty",
    "convention",
    "charter",
    "declaration",
    "strategy",
    "security",
    "war",
    "dynasty",
    "sea",
    "road",
    "contract",
];

/// The names of people and bodies in some texts: capitalised words in a row ("Fred Siebert",
/// "John C. Nerone", "the Alliance of Democracies"), not at the start of a sentence, folded.
/// A name that ends in a word for a thing ("the Great Wall") is not one.
pub fn people<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<String> {
    use std::sync::OnceLock;
    static NAME: OnceLock<regex::Regex> = OnceLock::new();
    let name = NAME.get_or_init(|| {
        regex::Regex::new(
            r"[a-z,;:(] ([A-Z][a-z]+(?: [A-Z]\.)?(?: (?:of |for |on |the )?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)+)",
        )
        .unwrap()
    });
    let mut out = Vec::new();
    for text in texts {
        for found in name.captures_iter(text) {
            let folded = crate::text::fold(&found[1]);
            if folded.rsplit(' ').next().is_some_and(|last| THING_HEADS.contains(&last)) {
                continue;
            }
            push_unique(&mut out, folded);
        }
    }
    out
}

/// Whether a year falls in a decade the entry names ("the 1990s" holds 1994; the year 2020 does
/// not hold 2025).
fn in_decade(year: u16, decades: &[u16]) -> bool {
    decades.iter().any(|&d| year / 10 == d / 10)
}

impl Disagreement {
    /// What the reply says instead of the answer, before what the entry gives.
    pub fn describe(&self, gazetteer: &Gazetteer) -> String {
        match self {
            Disagreement::Entity { asked, given: Some(given) } => format!(
                "The paper does not give this for {}. What it gives is about {}:",
                gazetteer.shown(*asked),
                gazetteer.shown(*given)
            ),
            Disagreement::Entity { asked, given: None } => {
                format!("The paper does not say this of {}. The closest it comes:", gazetteer.shown(*asked))
            }
            Disagreement::Year { asked, given } if !given.is_empty() => {
                let years: Vec<String> = given.iter().map(u16::to_string).collect();
                format!("The paper does not give this for {asked}. What it gives is for {}:", years.join(", "))
            }
            Disagreement::Year { asked, .. } => {
                format!("The paper does not give this for {asked}. The closest it comes:")
            }
            Disagreement::Number { asked } => {
                format!("The paper does not speak of {asked} here. The closest it comes:")
            }
            Disagreement::Kind(Want::Quantity) => {
                "The paper gives no figure for this. The closest it comes:".to_owned()
            }
            Disagreement::Kind(Want::Date | Want::Time) => {
                "The paper gives no date for this. The closest it comes:".to_owned()
            }
            Disagreement::Kind(Want::Day) => {
                "The paper gives no month or day for this. The closest it comes:".to_owned()
            }
            Disagreement::Kind(Want::Reaction) => {
                "The paper does not say how anyone reacted to this. The closest it comes:".to_owned()
            }
            Disagreement::Kind(Want::Agent) => "The paper does not say who did this. The closest it comes:".to_owned(),
            Disagreement::Kind(Want::Places) => {
                "The paper does not name the places asked for. The closest it comes:".to_owned()
            }
            Disagreement::Kind(Want::Bodies) => {
                "The paper does not name the body asked for. The closest it comes:".to_owned()
            }
            Disagreement::Unit { asked } => {
                format!("The paper gives no count of \u{201c}{asked}\u{201d} here. The closest it comes:")
            }
            Disagreement::Detail { asked } => {
                format!("The paper does not go into \u{201c}{asked}\u{201d} here. The closest it comes:")
            }
            Disagreement::Pair { asked: (a, b) } => format!(
                "The paper does not say this of {} and {} together. The closest it comes:",
                gazetteer.shown(*a),
                gazetteer.shown(*b)
            ),
            Disagreement::Proposer { asked, given } => format!(
                "The paper does not say {} proposed this. What it tells is {}'s proposal:",
                gazetteer.shown(*asked),
                gazetteer.shown(*given)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_how_many_counts_the_noun_after_its_measure_word() {
        let unit = |text: &str| chinese_unit(&text.split(' ').collect::<Vec<_>>());
        assert_eq!(unit("有 几 家 公司 签署").as_deref(), Some("公司"));
        assert_eq!(unit("有 多少 委员").as_deref(), Some("委员"));
        // Which few, tens of, how much money, a lone character: no count of a thing.
        assert_eq!(unit("分成 哪 几 类"), None);
        assert_eq!(unit("此前 几 十年"), None);
        assert_eq!(unit("值 多少 钱"), None);
        assert_eq!(unit("经历 几 重 转型"), None);
    }

    fn words(text: &str) -> Vec<String> {
        crate::text::words(&super::super::analyze::spell_out_acronyms(text))
    }

    /// [`demands`] of a question's words.
    fn asked<'a>(words: &'a [String], g: &Gazetteer) -> Demands<'a> {
        demands(&words.iter().map(String::as_str).collect::<Vec<_>>(), g)
    }

    fn verdict(question: &str, entry: &str) -> Result<(), Disagreement> {
        let g = Gazetteer::builtin();
        let mut facts = facts(&[words(entry)], g);
        facts.counted = counted(&[words(entry)], str::to_owned);
        facts.pairs = named_pairs(&[words(entry)], g);
        facts.tells_when = tells_when(&words(entry));
        let known: HashSet<EntityId> = facts.entities.iter().copied().collect();
        check(&asked(&words(question), g), &facts, &known, g)
    }

    const GDP: &str = "The digital economy was 38.6 percent of China's GDP in 2020.";

    const PAIRS: &str = "Three pairs reconfirmed it: China and Britain (2015), the United States and India (2016), \
                         and China and Canada (2017), after the China-US understanding.";

    #[test]
    fn three_places_in_a_row_are_a_list_not_a_pair() {
        assert_eq!(verdict("Did Britain, India and Canada sign similar deals?", PAIRS), Ok(()));
        assert!(matches!(verdict("Did Britain and India sign a deal?", PAIRS), Err(Disagreement::Pair { .. })));
    }

    #[test]
    fn two_places_acting_together_must_be_named_together() {
        for asked in [
            "When did China and Britain agree on it?",
            "when did the us and india reconfirm the norm",
            "what did china and the us agree",
            "Did Canada and China sign it?",
        ] {
            assert!(verdict(asked, PAIRS).is_ok(), "{asked}");
        }
        for asked in [
            "When did the UK and India agree on the norm?",
            "When did Canada and the United States agree?",
            "when did the us n canada agree on it",
            "英国和印度是哪一年达成共识的",
        ] {
            assert!(matches!(verdict(asked, PAIRS), Err(Disagreement::Pair { .. })), "{asked}");
        }
        // An entry that pairs nobody ("the two countries agreed") is not judged on pairs.
        assert!(
            verdict("When did the UK and India agree?", "In 2016 the two countries agreed, said India and the UK.")
                .is_ok()
        );
        // Without an act of two, two places are just two places.
        assert!(verdict("What do Britain and India say about it?", PAIRS).is_ok());
    }

    #[test]
    fn a_proposal_is_not_answered_by_anothers() {
        let g = Gazetteer::builtin();
        let entry = "The GCSC norm asks states and non-state actors not to harm the public core. The EU Cybersecurity \
                     Act brings back its global public good phrase; China was hesitant at the OEWG.";
        let mut facts = facts(&[words(entry)], g);
        facts.proposers = named(&words("The Global Commission on the Stability of Cyberspace (GCSC)"), g);
        let known: HashSet<EntityId> = facts.entities.iter().copied().collect();
        let verdict = |question: &str| check(&asked(&words(question), g), &facts, &known, g);
        for asked in [
            "What did the EU propose at the OEWG?",
            "what has china suggested about the public core",
            "Which norm was put forward by the EU?",
        ] {
            assert!(matches!(verdict(asked), Err(Disagreement::Proposer { .. })), "{asked}");
        }
        for asked in [
            "What did the GCSC propose?",
            "What did the Global Commission on the Stability of Cyberspace put forward?",
            "What did China say about the public core at the OEWG?",
            "What does the EU Cybersecurity Act add to the norm?",
            "How does the EU proposal differ from the GCSC norm?",
        ] {
            assert!(verdict(asked).is_ok(), "{asked}");
        }
        // An entry whose card names no proposer is not judged on who proposed it.
        let facts = Facts { proposers: Vec::new(), ..facts.clone() };
        assert!(check(&asked(&words("What did the EU propose at the OEWG?"), g), &facts, &known, g).is_ok());
    }

    #[test]
    fn what_someone_said_is_not_told_by_an_entry_that_never_names_them() {
        // Japan is known elsewhere in the knowledge: only its absence from this entry refuses.
        let g = Gazetteer::builtin();
        let entry = "The Paris Call of 2018 asks for a safer cyberspace; its backers include firms and states.";
        let facts = facts(&[words(entry)], g);
        let mut known: HashSet<EntityId> = facts.entities.iter().copied().collect();
        known.extend(named(&words("japan the united states the european union"), g));
        let verdict = |question: &str| check(&asked(&words(question), g), &facts, &known, g);
        for asked in [
            "What did Japan say about the Paris Call?",
            "how did the us government react to the paris call",
            "What is the EU position on the Paris Call?",
            "According to Japan, what is the Paris Call?",
        ] {
            assert!(matches!(verdict(asked), Err(Disagreement::Entity { given: None, .. })), "{asked}");
        }
        for asked in ["What does the Paris Call say about Japan?", "Does the Paris Call matter to the EU?"] {
            assert!(verdict(asked).is_ok(), "{asked}");
        }
        // The same in Chinese, as cut into words (an alias may have put English in its place).
        let verdict = |question: &str| {
            let words: Vec<&str> = question.split(' ').collect();
            check(&demands(&words, g), &facts, &known, g)
        };
        for asked in [
            "日本 怎么 回应 paris call",
            "欧盟 对 paris call 是 什么 态度",
            "美国 政府 对 paris call 的 立场",
            "european union 对 paris call 是 什么 position",
        ] {
            assert!(matches!(verdict(asked), Err(Disagreement::Entity { given: None, .. })), "{asked}");
        }
        for asked in ["paris call 对 日本 有 什么 影响", "paris call 和 欧盟 有 关系 吗"] {
            assert!(verdict(asked).is_ok(), "{asked}");
        }
    }

    #[test]
    fn dollars_are_no_country_and_a_bare_possessive_is_one() {
        let entry = "It was valued at 39.2 trillion Yuan, approximately 6 trillion USD, in China.";
        assert!(matches!(
            verdict("What was the value of the US digital economy?", entry),
            Err(Disagreement::Entity { .. })
        ));
        assert!(verdict("how much was china's digital economy worth in US dollars", entry).is_ok());
        assert!(matches!(verdict("what share of indias gdp is digital", GDP), Err(Disagreement::Entity { .. })));
        assert!(verdict("what share of chinas gdp is digital", GDP).is_ok());
    }

    #[test]
    fn a_maker_is_named_in_the_answer_and_a_thing_is_no_maker() {
        let answer = "It was written by Fred Siebert and the Alliance of Democracies; the Great Wall and the Tallinn Manual were not.";
        assert_eq!(people(std::iter::once(answer)), ["fred siebert", "alliance of democracies"]);
    }

    #[test]
    fn a_body_named_as_a_things_owner_is_no_maker() {
        let g = Gazetteer::builtin();
        let told = "xu says the sco international code of conduct tilts to content and microsoft proposed six norms";
        assert_eq!(makers(&words(told), g), named(&words("microsoft"), g));
        let entry = "Xu says the SCO's International Code of Conduct tilts toward content.";
        let facts = Facts { makers: makers(&words(&crate::text::fold(entry)), g), ..facts(&[words(entry)], g) };
        let question = words("who actually wrote the international code of conduct");
        let asked = asked(&question, g);
        assert_eq!(asked.wants, Some(Want::Agent), "a word between who and the verb");
        let known: HashSet<EntityId> = facts.entities.iter().copied().collect();
        assert_eq!(check(&asked, &facts, &known, g), Err(Disagreement::Kind(Want::Agent)));
    }

    #[test]
    fn which_countries_or_bodies_asks_for_names_the_question_does_not_give() {
        let email = "China sent its first email on 20 September 1987 to Germany.";
        let banks = "Internet finance firms competed with the state-controlled banks for savers.";
        assert_eq!(verdict("Which German university received it?", email), Err(Disagreement::Kind(Want::Bodies)));
        assert_eq!(verdict("which state controlled banks lost savers", banks), Err(Disagreement::Kind(Want::Bodies)));
        assert_eq!(verdict("Which countries endorsed China's email?", email), Ok(()), "Germany is named");
        assert_eq!(
            verdict("Which countries joined the internet finance firms?", banks),
            Err(Disagreement::Kind(Want::Places))
        );
        let g = Gazetteer::builtin();
        let microsoft = "Microsoft proposed six norms in December 2014.";
        let facts = Facts { makers: makers(&words(&crate::text::fold(microsoft)), g), ..facts(&[words(microsoft)], g) };
        let known: HashSet<EntityId> = facts.entities.iter().copied().collect();
        assert_eq!(check(&asked(&words("which company proposed six norms"), g), &facts, &known, g), Ok(()));
        // A kind inside a name, or after a stop word, asks for no name.
        let un = "The paper cites a report of the United Nations General Assembly.";
        assert_eq!(verdict("Which United Nations document is cited?", un), Ok(()));
        assert_eq!(verdict("Which norm says countries should not steal?", banks), Ok(()));
    }

    #[test]
    fn chinese_how_much_asks_for_an_amount_but_not_of_an_address() {
        assert_eq!(wants(&["数字经济", "规模", "多少"]), Some(Want::Quantity));
        assert_eq!(wants(&["oewg", "报告", "几条", "规范"]), Some(Want::Quantity));
        assert_eq!(wants(&["作者", "邮箱", "多少"]), None);
        // "Name a few" asks for some of them, not how many.
        assert_eq!(wants(&["支持", "谁", "的", "规范", "举", "几个", "名字"]), None);
        assert_eq!(wants(&["列举", "几", "条"]), None);
        assert_eq!(wants(&["gcsc", "提", "了", "几", "条"]), Some(Want::Quantity));
        assert_eq!(wants(&["author", "email", "多少"]), None);
    }

    #[test]
    fn the_focus_is_the_thing_asked_for() {
        let focus_of = |q: &str| focus(&q.split(' ').collect::<Vec<_>>());
        assert_eq!(focus_of("what budget does it have").as_deref(), Some("budget"));
        assert_eq!(focus_of("how many members").as_deref(), Some("members"));
        assert_eq!(focus_of("how fast did the digital economy grow").as_deref(), Some("fast"));
        assert_eq!(focus_of("how did the economy grow"), None);
        assert_eq!(focus_of("how many"), None);
        assert_eq!(focus_of("which specific war started it").as_deref(), Some("war"));
        let next_of = |q: &str| focus_next(&q.split(' ').collect::<Vec<_>>());
        assert_eq!(next_of("which countries joined the initiative").as_deref(), Some("joined"));
        assert_eq!(next_of("which states have signed it").as_deref(), Some("signed"));
        assert_eq!(next_of("which dynasty unified china"), None, "a past verb asks for the dynasty");
    }

    #[test]
    fn how_fast_asks_for_a_figure() {
        let entry = "On 20 April 1994 China opened a line through Sprint.";
        assert_eq!(verdict("How fast was the Sprint line in 1994?", entry), Err(Disagreement::Kind(Want::Quantity)));
        assert_eq!(
            verdict("who sent China's first email", "China sent it to Germany."),
            Err(Disagreement::Kind(Want::Agent))
        );
    }

    #[test]
    fn another_country_year_or_number_is_another_fact() {
        assert!(verdict("What share of China's GDP is digital?", GDP).is_ok());
        assert!(verdict("what share of the PRC's gdp is digital", GDP).is_ok());
        for question in ["What share of Germany's GDP is digital?", "what share of the US economy is digital?"] {
            let Err(Disagreement::Entity { given: Some(given), .. }) = verdict(question, GDP) else {
                panic!("{question}")
            };
            assert_eq!(Gazetteer::builtin().shown(given), "China");
        }
        assert!(matches!(
            verdict("China's digital share of GDP in 2015?", GDP),
            Err(Disagreement::Year { asked: 2015, .. })
        ));
        // A year is no decade: the 2020 figure is not the one expected for 2025.
        assert!(matches!(
            verdict("What share of China's GDP will be digital by 2025?", GDP),
            Err(Disagreement::Year { asked: 2025, .. })
        ));
        assert!(verdict("what happened in 1994", "In the 1990s China went online.").is_ok());
        assert!(verdict("What were the 4 norms?", "The four norms are …").is_ok());
        assert!(verdict("Which two cities?", "Beijing and Shenzhen.").is_ok(), "a count may go unsaid");
        assert!(matches!(verdict("Was it 39.2 percent?", GDP), Err(Disagreement::Number { .. })));
        // The EU is a polity, as a country is: its figure is not China's.
        assert!(matches!(verdict("What share of the EU's GDP is digital?", GDP), Err(Disagreement::Entity { .. })));
        // A number that names an article is the article asked for.
        let article = "Article 20 of the ICCPR prohibits propaganda for war.";
        assert!(matches!(verdict("What does Article 19 prohibit?", article), Err(Disagreement::Number { .. })));
        assert!(verdict("What does article 20 prohibit?", article).is_ok());
    }

    #[test]
    fn a_name_the_knowledge_never_uses_is_not_answered_about() {
        // Only China is named in this one-entry knowledge: Obama is unknown to it.
        assert!(matches!(
            verdict("what did Obama say about China's GDP", GDP),
            Err(Disagreement::Entity { given: None, .. })
        ));
        // A question naming both sides of a comparison is not a swap.
        assert!(verdict("Did the US and China agree?", "China and the United States agreed in 2015.").is_ok());
    }

    #[test]
    fn a_place_in_a_list_is_given_only_by_an_entry_that_orders_the_list() {
        let six = "Microsoft proposed six norms; the first is against backdoors.";
        for asked in
            ["What is the third norm Microsoft proposed?", "微软六条规范里第三条是啥", "第二到第六条分别是什么"]
        {
            assert!(matches!(verdict(asked, six), Err(Disagreement::Detail { .. })), "{asked}");
        }
        assert!(verdict("What is the third norm?", "The third norm protects the public core.").is_ok());
        let second = "What was the second of the six norms Microsoft proposed?";
        assert!(matches!(verdict(second, six), Err(Disagreement::Detail { .. })));
        // Article 20 is numbered, not ordered; a session is named by its place.
        assert!(verdict("ICCPR 第20条禁止什么", "Article 20 of the ICCPR bans propaganda for war.").is_ok());
        let plenary = "The Third Plenary Session of the 11th Central Committee met in 1978.";
        assert!(verdict("What did the 12th Central Committee decide?", plenary).is_err());
        // An ordinal that names someone is no place in a list.
        let chen = "Chen Guying, a scholar from China, says the two schools differ.";
        assert!(verdict("What does the second Chinese scholar cited say?", chen).is_ok());
    }

    #[test]
    fn how_many_and_when_need_a_number_and_a_date() {
        let group = "The Leading Small Group was set up in 2014 to steer cybersecurity.";
        assert!(matches!(
            verdict("How many members does the Leading Small Group have?", group),
            Err(Disagreement::Kind(Want::Quantity))
        ));
        assert!(verdict("What year was the Leading Small Group set up?", group).is_ok());
        let undated = "Cyber sovereignty means each state governs its own cyberspace.";
        assert!(matches!(
            verdict("in what year did cyber sovereignty begin", undated),
            Err(Disagreement::Kind(Want::Date))
        ));
        assert!(verdict("what year was China unified", "China was unified in 221 BC.").is_ok());
        assert!(verdict("when did nomads invade", "When the empire was weak.").is_ok());
        // "When did …" asks for a date, or a condition.
        let wto = "The WTO is the paper's example of the trade regimes China's innovations joined.";
        assert!(matches!(verdict("When did China join the WTO?", wto), Err(Disagreement::Kind(Want::Date))));
        assert!(verdict("When did China join the WTO?", "China joined the WTO in 2001.").is_ok());
        // "Which month" is not answered by a year alone; a month, even "March", answers it.
        assert!(matches!(
            verdict("Which month was the Leading Small Group set up?", group),
            Err(Disagreement::Kind(Want::Day))
        ));
        assert!(verdict("which month was it submitted", "It was submitted in March 2015.").is_ok());
        // A day of a month is a date, not a quantity.
        let email = "It was sent on 20 September 1987.";
        assert!(matches!(verdict("How much did the email cost?", email), Err(Disagreement::Kind(Want::Quantity))));
        assert!(verdict("How much does China depend on the Internet?", "China is dependent.").is_ok());
        let firewall = "China's Great Firewall began filtering content in 2003.";
        assert!(matches!(
            verdict("who built the great firewall in China and how much did it cost", firewall),
            Err(Disagreement::Kind(Want::Quantity))
        ));
    }
}
