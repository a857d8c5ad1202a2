//! The verdict on the best entries: answered only if they give what the question asks for.
//!
//! Scoring finds the entries a question is about; [`super::agreement`] says whether one of them
//! gives what was asked (the same country, year, figure, the kind of answer). This module joins
//! the two on a [`Matcher`]: it reads a question's demands, checks the entries that would answer,
//! and turns a disagreement into "not in the paper" with what the paper gives instead.

use super::agreement::{self, Demands, Facts};
use super::analyze;
use super::gazetteer::Gazetteer;
use super::outcome::suggestions;
use super::{Candidate, Disagreement, MAX_QUESTION_WORDS, Matcher, NotGiven, Outcome, Query, QueryWord, decide};
use crate::knowledge::{CardField, Entry};

/// Words that ask for a particular the paper either gives or does not, wherever they stand:
/// who signed, who chaired, runs or funds a body, how a vote went, when someone was born, what a
/// fine, revenue, price or speed was, whether a deal was breached, what a report recommended. An
/// entry that never uses the word does not answer.
const SPECIFICS: [&str; 125] = [
    // The same in Chinese: growth rate, bandwidth, speed, budget, price, cost, head of a body,
    // chair, signed, fine, revenue, salary, violated, headcount, staff, votes.
    "增速",
    "增长率",
    "带宽",
    "速度",
    "网速",
    "预算",
    "价格",
    "费用",
    "成本",
    "组长",
    "主席",
    "签署",
    "签了",
    "罚款",
    "收入",
    "工资",
    "违反",
    "人数",
    "员工",
    // Voted, a vote for, a vote against, a vote taken.
    "投票",
    "赞成票",
    "反对票",
    "表决",
    // Market value, valuation, profit, year on year, upgraded, guests, clauses; fell, dropped,
    // rose, grew, growth, the size of a rise or a fall (a change the paper does not measure).
    "市值",
    "估值",
    "利润",
    "同比",
    "升格",
    "嘉宾",
    "条款",
    "减少",
    "下降",
    "增加",
    "上升",
    "增长",
    "增幅",
    "降幅",
    // Penalised, a penalty, chaired or hosted, chief editor, a degree's subject, the full
    // text, deaths, casualties, born, birthday, headquarters, founder, founded, funded,
    // operates, renamed, turnover, pay, population, area.
    "处罚",
    "罚",
    "主持",
    "主编",
    "专业",
    "全文",
    "死亡",
    "伤亡",
    "出生",
    "生日",
    "总部",
    "创始人",
    "创立",
    "创办",
    "资助",
    "出资",
    "运营",
    "更名",
    "改名",
    "营收",
    "薪水",
    "人口",
    "面积",
    // A vote cut from its verb (投的什么票, what vote it cast).
    "票",
    // The same in English: profit, valuation, market capitalisation, upgraded.
    "profit",
    "profits",
    "valuation",
    "capitalization",
    "capitalisation",
    "upgraded",
    "rate",
    "rates",
    "programme",
    "program",
    "cost",
    "costs",
    "price",
    "priced",
    "budget",
    "speed",
    "bandwidth",
    "violated",
    "breached",
    "signed",
    "signatories",
    "signatory",
    "ratified",
    "chaired",
    "chair",
    "chairman",
    "voted",
    "vote",
    "votes",
    "born",
    "birthday",
    "fined",
    "penalties",
    "penalty",
    "revenue",
    "salary",
    "headquartered",
    // Who runs, funds or heads a body, who edits or spoke: a role the paper gives or not.
    "chairs",
    "chairing",
    "chairperson",
    "runs",
    "manages",
    "operates",
    "oversees",
    "funds",
    "funded",
    "finances",
    "financed",
    "owns",
    "edits",
    "editor",
    "editors",
    "spoke",
    "speakers",
    "renamed",
    // Who founded a body, when the paper says only who heads it.
    "founded",
    "founder",
    "founders",
    // What a report recommended or concluded: the paper gives it for some reports only.
    "recommend",
    "recommended",
    "recommends",
    "recommendations",
    "conclude",
    "concluded",
];

/// The detail a question asks for, and the word after it: an entry that has either answers
/// ("which national *advisory* panel", "what span of *years*"), one that has neither does not
/// ("what *budget* does the group have").
#[derive(Debug, Clone, Copy)]
struct Detail<'q> {
    word: &'q QueryWord,
    next: Option<&'q QueryWord>,
}

/// The least score of an entry that answers in place of a better-matching one that does not
/// give what was asked: above the usual answer threshold, since a question that the best entry
/// fails is often one the paper does not answer at all.
const FALLBACK_SCORE: f32 = 0.40;

/// How far behind a best entry that names another country or body the next entry may be and
/// still answer in its place: further behind, the question is the best one's with the name
/// swapped ([`Matcher::ask`]).
const SWAP_GAP: f32 = 0.1;

/// The fewest words of a question read as a swapped name: a keyword query ("Tampere") is only
/// looking for where a name comes up.
const SWAP_WORDS: usize = 3;

impl Matcher {
    /// Matches a question. An entry that does not give what the question asks for (see
    /// [`agreement`]) is not answered, however well its words match.
    pub fn ask(&self, question: &str) -> Outcome {
        let query = self.query(question);
        // Chinese is read through the English names it gives: their order is not English.
        let chinese = question.chars().any(crate::text::chinese::is_han);
        let thresholds = if chinese { self.thresholds.for_chinese() } else { self.thresholds };
        if super::chitchat::is_chitchat(&query.folded) || self.only_everyday_words(&query) {
            return Outcome::NoMatch { suggestions: Vec::new(), not_given: None };
        }
        let ranked = self.rank_query(&query);
        let demands = self.demands(&query);
        let detail = self.detail(&query, &demands);
        // What a "how many" question counts must be what a figure of the entry counts, unless
        // the question is all but one of the entry's phrasings.
        let unit = demands
            .unit
            .as_deref()
            .filter(|_| ranked.first().is_some_and(|best| best.score < thresholds.sure))
            .and_then(|unit| query.words.iter().find(|w| w.surface == unit));
        // A Chinese question's English words are mostly its aliases' meanings ("建议" reads as
        // "recommend"), looser than the word a student chose: only its Chinese specifics count.
        let specific = |w: &&QueryWord| {
            SPECIFICS.contains(&w.surface.as_str()) && (!chinese || w.surface.chars().any(crate::text::chinese::is_han))
        };
        let mut specifics: Vec<&QueryWord> = query.words.iter().filter(specific).collect();
        specifics.extend(chinese_joining(&query, &demands));
        let counts = agreement::counts(std::slice::from_ref(&demands.words), 1, |w| self.analyzer.stem(w));
        let topic = self.topic(&query, &demands);

        let compounds = if chinese { Vec::new() } else { self.compounds(&query) };
        let others = self.others(&demands).or_else(|| self.listed(&demands));
        let others = if chinese { others.or_else(|| listed_in_chinese(&query.folded)) } else { others };
        let agrees = |entry: usize| {
            self.agrees(&demands, detail, unit, entry)?;
            self.more_than_a_number(&query, entry)?;
            self.same_counts(&counts, entry)?;
            // When the best entry counts them, no other entry names them either: the paper
            // gives their number and no more.
            self.names_the_others(others.as_ref(), ranked.first().map_or(entry, |best| best.entry))?;
            self.names_the_others(others.as_ref(), entry)?;
            self.lists_as_many(others.as_ref(), entry)?;
            if let Some(word) = topic.iter().flatten().find(|w| self.word_coverage(w, entry) <= 0.0) {
                return Err(Disagreement::Detail { asked: word.surface.clone() });
            }
            // "the *cybersecurity* law" is not the entry's "marriage law".
            let covered = |w: &QueryWord| self.word_coverage(w, entry) > 0.0;
            if let Some((word, _)) = compounds.iter().find(|(word, head)| covered(head) && !covered(word)) {
                return Err(Disagreement::Detail { asked: word.surface.clone() });
            }
            // A specific must be the entry's own word: "chaired" is not a slip for "charge".
            match specifics.iter().find(|w| w.quality < 1.0 || self.word_coverage(w, entry) <= 0.0) {
                Some(word) => Err(Disagreement::Detail { asked: word.surface.clone() }),
                None => Ok(()),
            }
        };
        let outcome = decide(&ranked, &thresholds, |a, b| self.akin(a, b));
        let best_score = ranked.first().map_or(0.0, |c| c.score);
        if let Outcome::Answered { entry, .. } = outcome
            && chinese
            && self.single_characters_only(&query, entry)
        {
            return Outcome::NoMatch { suggestions: suggestions(&ranked, &thresholds), not_given: None };
        }
        match outcome {
            Outcome::Answered { entry, .. } => match agrees(entry) {
                Ok(()) => outcome,
                Err(why) => {
                    // Another entry that does give it may still answer, on its own score: the
                    // next few that agree, decided among themselves, if the first scores at
                    // least FALLBACK_SCORE.
                    let fitting: Vec<Candidate> = ranked
                        .iter()
                        .take(5)
                        .copied()
                        .filter(|c| c.entry != entry && agrees(c.entry).is_ok())
                        .collect();
                    // Not when the best entry lacks the kind of answer asked for (a figure, a
                    // date, a maker): another that has one has it for something else.
                    let kind = matches!(why, Disagreement::Kind(_));
                    // Nor when the best entry gives the fact for another country or body and
                    // the one naming the question's is well behind it: "what did the EU say
                    // about the public core at the OEWG" is China's comment with another
                    // speaker, not the norm's card, which names the EU for its own law.
                    let swapped = matches!(why, Disagreement::Entity { given: Some(_), .. })
                        && query.words.len() >= SWAP_WORDS
                        && fitting.first().is_some_and(|c| c.score + SWAP_GAP <= best_score);
                    if !kind && !swapped && fitting.first().is_some_and(|c| c.score >= FALLBACK_SCORE) {
                        let next = decide(&fitting, &thresholds, |a, b| self.akin(a, b));
                        if matches!(next, Outcome::Answered { .. }) {
                            return next;
                        }
                    }
                    let suggestions = suggestions(&ranked, &thresholds);
                    Outcome::NoMatch { suggestions, not_given: Some(NotGiven { entry, why }) }
                }
            },
            Outcome::Ambiguous { candidates } => {
                let fitting: Vec<Candidate> = candidates.iter().copied().filter(|c| agrees(c.entry).is_ok()).collect();
                if fitting.len() >= 2 {
                    Outcome::Ambiguous { candidates: fitting }
                } else {
                    let not_given = candidates
                        .iter()
                        .find_map(|c| agrees(c.entry).err().map(|why| NotGiven { entry: c.entry, why }));
                    Outcome::NoMatch { suggestions: candidates, not_given }
                }
            }
            Outcome::NoMatch { .. } => outcome,
        }
    }

    /// A question made only of everyday words ("what is the best way?") names no topic of the
    /// paper, whatever entry happens to share its words. Framing words are topics of their own
    /// here: "who is the author", "what's the conclusion".
    fn only_everyday_words(&self, query: &Query) -> bool {
        !query.words.is_empty() && query.words.iter().all(|w| w.stem.is_some_and(|s| self.soft.contains(&s)))
    }

    /// Whether the only words a Chinese question shares with an entry are single characters
    /// ("明天高数考试" shares 数 with an entry on a figure): one character is a word of too many
    /// meanings to be what a question is about.
    fn single_characters_only(&self, query: &Query, entry: usize) -> bool {
        let single = |w: &QueryWord| {
            let mut chars = w.surface.chars();
            chars.next().is_some_and(crate::text::chinese::is_han) && chars.next().is_none()
        };
        query.words.iter().filter(|w| self.word_coverage(w, entry) > 0.0).all(single)
    }

    /// What a question asks of its answer: the names, years and numbers it gives, the kind of
    /// answer it wants.
    fn demands<'q>(&self, query: &'q Query) -> Demands<'q> {
        let words: Vec<&str> = crate::text::spaced(&query.folded).take(MAX_QUESTION_WORDS * 3).collect();
        agreement::demands(&words, Gazetteer::builtin())
    }

    /// Whether an entry gives what the demands ask for.
    fn agrees(
        &self,
        demands: &Demands,
        detail: Option<Detail>,
        unit: Option<&QueryWord>,
        entry: usize,
    ) -> Result<(), Disagreement> {
        agreement::check(demands, &self.facts[entry], &self.known_entities, Gazetteer::builtin())?;
        if let Some(unit) = unit {
            let stem =
                unit.stem.map_or_else(|| self.analyzer.stem(&unit.surface), |s| self.vocabulary.stem(s).to_owned());
            let kin = agreement::kindred_units(stem, |w| self.analyzer.stem(w));
            if !kin.iter().any(|stem| self.facts[entry].counted.contains(stem)) {
                return Err(Disagreement::Unit { asked: unit.surface.clone() });
            }
        }
        let covered = |word: &QueryWord| self.word_coverage(word, entry) > 0.0;
        match detail {
            Some(Detail { word, next }) if !covered(word) && !next.is_some_and(covered) => {
                Err(Disagreement::Detail { asked: word.surface.clone() })
            }
            _ => Ok(()),
        }
    }

    /// The detail a question asks for: the word after its opening "what", "which" or "how many"
    /// ("what *budget* does the group have"). An entry that never uses it does not answer.
    fn detail<'q>(&self, query: &'q Query, demands: &Demands) -> Option<Detail<'q>> {
        // "What *budget*", "how many *members*": the thing asked for, if it may be a detail at
        // all and is a known or a longer word.
        let focus = demands.focus.as_deref()?;
        let next = demands.focus_next.as_deref().and_then(|next| query.words.iter().find(|w| w.surface == next));
        // "Which countries *joined* it": the taking part is the detail, not the countries.
        if let Some(joined) = next.filter(|w| agreement::is_joining(&w.surface)) {
            return Some(Detail { word: joined, next: None });
        }
        let word = query.words.iter().find(|w| {
            w.surface == focus && self.may_be_detail(w) && (w.stem.is_some() || w.surface.chars().count() >= 4)
        })?;
        Some(Detail { word, next })
    }

    /// An entry that shares only numbers with a question that has words of its own ("who won
    /// the *2018* world cup") is about something else that happened that year.
    fn more_than_a_number(&self, query: &Query, entry: usize) -> Result<(), Disagreement> {
        let is_number = |w: &QueryWord| w.surface.starts_with(|c: char| c.is_ascii_digit());
        let covered = |w: &QueryWord| self.word_coverage(w, entry) > 0.0;
        let words: Vec<&QueryWord> = query.words.iter().filter(|w| !is_number(w) && !self.is_everyday(w)).collect();
        if query.words.iter().any(|w| is_number(w) && covered(w))
            && !words.is_empty()
            && !words.iter().any(|w| covered(w))
        {
            return Err(Disagreement::Detail { asked: words[0].surface.clone() });
        }
        // Nor does one that shares only a name ("how many Internet users does *Canada* have?",
        // of China and Canada's agreement): the question's known words are about something else.
        let known: Vec<&QueryWord> = words.iter().copied().filter(|w| w.stem.is_some() && !is_name(w)).collect();
        let shares_more = query.words.iter().any(|w| !is_name(w) && covered(w));
        if query.words.iter().any(|w| is_name(w) && covered(w)) && !known.is_empty() && !shares_more {
            return Err(Disagreement::Detail { asked: known[0].surface.clone() });
        }
        Ok(())
    }

    /// A count the question gives ("the other *five* norms") where the entry counts the same
    /// thing with another number ("six norms") and never with this one.
    fn same_counts(&self, counts: &[(String, String)], entry: usize) -> Result<(), Disagreement> {
        let given = &self.facts[entry].counts;
        for (n, noun) in counts {
            let other = given.iter().any(|(m, thing)| thing == noun && m != n);
            if other && !given.iter().any(|(m, thing)| thing == noun && m == n) {
                return Err(Disagreement::Number { asked: n.clone() });
            }
        }
        Ok(())
    }

    /// What a question asks "the other" of ("who are the *other* authors", "the other five
    /// Microsoft *norms*"): up to four words after "other", with the count it gives.
    fn others(&self, demands: &Demands) -> Option<Asked> {
        let words = &demands.words;
        let at = words.iter().position(|w| *w == "other")? + 1;
        self.asked(&words[at..(at + 4).min(words.len())], "the other", true)
    }

    /// What a question asks to have listed ("what are the eight *principles*", "list the six
    /// norms"): the words after its opening, with the count it gives, which it must give.
    fn listed(&self, demands: &Demands) -> Option<Asked> {
        const POLITE: [&str; 6] = ["pls", "plz", "please", "can", "could", "you"];
        let words: Vec<&str> = demands.words.iter().copied().filter(|w| *w != "the").collect();
        let words = &words[words.iter().take_while(|w| POLITE.contains(w)).count()..];
        let at = match words {
            ["list" | "name" | "enumerate", ..] => 1,
            ["what" | "wat" | "which", "are" | "were" | "r", ..] => 2,
            _ => return None,
        };
        // "list *all* eight norms", "what are all nine principles, one by one": every one.
        let all = words.get(at).is_some_and(|w| matches!(*w, "all" | "every" | "each"));
        let at = at + usize::from(all);
        agreement::number(words.get(at)?).filter(|n| n != "1")?;
        let one_by_one = words.windows(3).any(|w| w == ["one", "by", "one"]);
        let mut asked = self.asked(&words[at..(at + 4).min(words.len())], "the", false)?;
        asked.every = all || one_by_one;
        Some(asked)
    }

    /// The count and the candidate nouns of some words ("five Microsoft norms"), and how a
    /// reply names them ("the other five Microsoft norms").
    fn asked<S: AsRef<str>>(&self, words: &[S], lead: &str, other: bool) -> Option<Asked> {
        let (mut count, mut stems, mut last) = (None, Vec::new(), 0);
        for (at, word) in words.iter().map(AsRef::as_ref).enumerate() {
            match agreement::number(word) {
                Some(n) if count.is_none() && stems.is_empty() => count = n.parse().ok(),
                Some(_) => break,
                None if analyze::is_stop_word(word) => {}
                None => {
                    stems.push(self.analyzer.stem(word));
                    last = at;
                    // The counted noun is the first plural: "five Microsoft *norms* besides …".
                    if word.ends_with('s') {
                        break;
                    }
                }
            }
        }
        (!stems.is_empty()).then(|| {
            let shown: Vec<&str> = words[..=last].iter().map(AsRef::as_ref).collect();
            Asked { shown: format!("{lead} {}", shown.join(" ")), stems, count, other, every: false }
        })
    }

    /// An entry that counts what the question asks "the other" of ("twelve *papers*", "six
    /// *norms*") and names fewer than it counts tells how many there are, not what they are: it
    /// does not answer "what do the other papers argue". One that lists them ("three pairs:
    /// China and Britain, …") does.
    fn names_the_others(&self, asked: Option<&Asked>, entry: usize) -> Result<(), Disagreement> {
        let facts = &self.facts[entry];
        let Some(asked) = asked.filter(|asked| !asked.tells_some(facts)) else { return Ok(()) };
        let unnamed = |n: &String| n.parse::<usize>().is_ok_and(|n| !facts.enumerates(n));
        if facts.counts.iter().any(|(n, thing)| asked.stems.contains(thing) && unnamed(n)) {
            return Err(Disagreement::Detail { asked: asked.shown.clone() });
        }
        Ok(())
    }

    /// An entry whose answer could not list as many things as the question asks for ("the other
    /// five norms", "what are the nine principles") does not name them.
    fn lists_as_many(&self, asked: Option<&Asked>, entry: usize) -> Result<(), Disagreement> {
        let facts = &self.facts[entry];
        let asked = asked.filter(|asked| !asked.tells_some(facts));
        match asked.and_then(|asked| asked.count.filter(|&n| n >= 3).map(|n| (asked, n))) {
            Some((asked, n)) if !facts.enumerates(n) => Err(Disagreement::Detail { asked: asked.shown.clone() }),
            _ => Ok(()),
        }
    }

    /// What a question asks someone's view *about* ("what does the Tallinn Manual say about
    /// *cyber espionage*"): the content words after "say about", "think about", "write about".
    /// An entry that never uses one of them does not answer.
    fn topic<'q>(&self, query: &'q Query, demands: &Demands) -> Option<Vec<&'q QueryWord>> {
        const VIEWS: [&str; 16] = [
            "say", "says", "said", "think", "thinks", "thought", "write", "writes", "wrote", "argue", "argues",
            "argued", "claim", "claims", "mention", "mentions",
        ];
        let words = &demands.words;
        let at = words.windows(2).position(|w| VIEWS.contains(&w[0]) && w[1] == "about")? + 2;
        // The words of the topic, up to the next stop word: "about *cyber espionage* in 2015".
        let start = words[at..].iter().position(|w| !analyze::is_stop_word(w))? + at;
        let topic = words[start..].iter().take_while(|w| !analyze::is_stop_word(w)).take(3);
        let known = topic.filter_map(|object| {
            query.words.iter().find(|w| &w.surface == object && w.stem.is_some_and(|s| !self.soft.contains(&s)))
        });
        Some(known.collect())
    }

    /// The names a question gives a document by the word before its kind ("the *cybersecurity*
    /// law", "the *clean network* initiative"): that word and the kind. An entry that has the
    /// kind of document but not that word tells of another one.
    fn compounds<'q>(&self, query: &'q Query) -> Vec<(&'q QueryWord, &'q QueryWord)> {
        // Not "act", "call" or "code": verbs too ("officials *call* it"), or Chinese "准则".
        const KINDS: [&str; 10] = [
            "law",
            "initiative",
            "report",
            "treaty",
            "convention",
            "manual",
            "strategy",
            "charter",
            "declaration",
            "agreement",
        ];
        // Bodies too, when the name before them is one the knowledge does not know: "the
        // *Brookings* Institution" is not the entry's Hoover Institution, but "a global commerce
        // organisation" may be the WTO.
        const BODIES: [&str; 14] = [
            "institution",
            "institute",
            "center",
            "centre",
            "council",
            "foundation",
            "forum",
            "university",
            "agency",
            "ministry",
            "commission",
            "committee",
            "organization",
            "organisation",
        ];
        // Calls and acts too, after such a name: "the *Christchurch* Call" is not the Paris Call.
        const CALLS: [&str; 2] = ["call", "act"];
        let named = |pair: &[QueryWord]| {
            let kind = pair[1].surface.as_str();
            let after_unknown = BODIES.contains(&kind) || CALLS.contains(&kind);
            KINDS.contains(&kind) || after_unknown && pair[0].stem.is_none()
        };
        query
            .words
            .windows(2)
            .filter(|pair| named(pair) && self.may_be_detail(&pair[0]))
            .map(|pair| (&pair[0], &pair[1]))
            .collect()
    }

    /// Whether a question's word may be the detail it asks for: not an everyday word, a word of
    /// the question's frame ("what *year*", "which *author*"), a name or a number (those have
    /// their own checks).
    fn may_be_detail(&self, word: &QueryWord) -> bool {
        !self.is_everyday(word) && !is_name(word) && agreement::number(&word.surface).is_none()
    }

    /// Whether a word is an everyday one ([`Weights::soft`](super::Weights::soft)) or frames the
    /// question ("which *author*"): it names no detail.
    fn is_everyday(&self, word: &QueryWord) -> bool {
        word.stem.is_some_and(|s| self.soft.contains(&s)) || analyze::is_frame_word(&word.surface)
    }

    /// Why an entry does not answer, in words for the reply.
    pub fn describe(&self, why: &Disagreement) -> String {
        why.describe(Gazetteer::builtin())
    }
}

/// Things a question asks to have named: "the other five Microsoft norms".
struct Asked {
    /// How a reply names them.
    shown: String,
    /// The stems of its content words, one of which is what it counts.
    stems: Vec<String>,
    /// How many it asks for, when it says.
    count: Option<usize>,
    /// Whether it asks for the others than those an entry tells of ("the other five norms"), or
    /// for all of them ("what are the eight norms"), which an entry that tells of some answers.
    other: bool,
    /// Whether it asks for every one of them ("list all eight norms", "one by one"), which an
    /// entry that tells of only some does not answer either.
    every: bool,
}

impl Asked {
    /// Whether an entry, which tells of some of the things it counts, tells enough of them.
    fn tells_some(&self, facts: &Facts) -> bool {
        !self.other && !self.every && self.stems.iter().any(|stem| facts.discussed.contains(stem))
    }
}

/// Whether a word is a name of the gazetteer's (a country, a body, a person).
fn is_name(word: &QueryWord) -> bool {
    Gazetteer::builtin().is_name(&word.surface)
}

/// Which countries joined, backed or co-signed something, asked in Chinese ("有哪些国家加入了…",
/// "哪些国家联署的"): as in English, the taking part is the detail, a word the entry must use.
/// Only when the question asks for countries by name: "中国什么时候加入WTO" asks when, not who.
fn chinese_joining<'q>(query: &'q Query, demands: &Demands) -> Option<&'q QueryWord> {
    (demands.wants == Some(agreement::Want::Places))
        .then(|| query.words.iter().find(|w| agreement::is_joining_in_chinese(&w.surface)))?
}

/// Every one of a counted list, asked in Chinese: "九项原则分别是啥 一条条说下", "八项规范全列出来".
/// A count (八项, 9条) and a word that asks for each of them one by one; an entry that could not
/// list that many does not answer.
fn listed_in_chinese(folded: &str) -> Option<Asked> {
    const EVERY: [&str; 13] = [
        "逐条",
        "一条条",
        "一条一条",
        "一一",
        "全列",
        "全部列",
        "都列",
        "分别",
        "具体是哪",
        "都有哪些",
        "都是哪些",
        "都是什么",
        "都是啥",
    ];
    let joined = crate::text::without_spaces(folded);
    if !EVERY.iter().any(|w| joined.contains(w)) {
        return None;
    }
    let chars: Vec<char> = joined.chars().collect();
    let count = chars.iter().enumerate().filter(|(_, c)| matches!(c, '条' | '项')).find_map(|(at, _)| {
        let start = chars[..at].iter().rposition(|c| !agreement::is_numeral(*c)).map_or(0, |p| p + 1);
        let digits: String = chars[start..at].iter().collect();
        agreement::chinese_number(&digits).filter(|n| *n >= 3)
    });
    // An alias may have read the count already: "九项原则" is "nine principles".
    let spelt =
        || folded.split(' ').find_map(|w| agreement::number(w)?.parse::<u8>().ok().filter(|n| (3..100).contains(n)));
    let count = count.or_else(spelt)?;
    Some(Asked {
        shown: format!("all {count} of them"),
        stems: Vec::new(),
        count: Some(count.into()),
        other: false,
        every: true,
    })
}

/// An entry's facts, from its folded phrasings and keywords (names, years, numbers) and its
/// folded statements (those and what its figures count); not from its sources' citations,
/// whose dates are of publication. Who made what it tells comes from its answer and its card's
/// proposer. `stem` is [`analyze::Analyzer::stem`], told the knowledge's stems already.
pub(super) fn entry_facts(
    entry: &Entry,
    names: &[String],
    statements: &[String],
    stem: &dyn Fn(&str) -> String,
) -> Facts {
    /// A folded text's words, in a list made as long as it needs at once (an answer has
    /// a hundred words or more; doubling up to them copied it six times).
    fn words(text: &str) -> Vec<&str> {
        let mut words = Vec::with_capacity(text.bytes().filter(|&b| b == b' ').count() + 1);
        words.extend(crate::text::spaced(text));
        words
    }
    // The answer is the first statement ([`statements`]), folded already.
    let answer = statements.first().map_or("", String::as_str);
    // Every text's words once: the statements are the texts after the names.
    let texts: Vec<Vec<&str>> = names.iter().chain(statements).map(|t| words(t)).collect();
    let statements = &texts[names.len()..];
    let answer_words: &[&str] = statements.first().map_or(&[""], Vec::as_slice);
    let gazetteer = Gazetteer::builtin();
    let mut facts = agreement::facts(&texts, gazetteer);
    facts.counted = agreement::counted(statements, stem);
    facts.counts = agreement::counts(statements, 3, stem);
    facts.pairs = agreement::named_pairs(statements, gazetteer);
    facts.kinds = agreement::kinds_given(statements);
    let proposed_by = entry.card.as_ref().and_then(|card| card.proposed_by.as_deref());
    facts.people = agreement::people(std::iter::once(entry.answer.as_str()).chain(proposed_by));
    facts.list_marks = entry.answer.matches([',', ';', ':']).count();
    facts.discussed = discussed(&facts.counts, answer, stem);
    facts.proposers = proposed_by.map(|p| agreement::named(&words(&analyze::fold(p)), gazetteer)).unwrap_or_default();
    facts.makers = agreement::makers(answer_words, gazetteer);
    // An entry whose own phrasings ask "when …" answers "when" however it tells it.
    facts.tells_when = agreement::tells_when(answer_words) || names.iter().any(|n| n.starts_with("when "));
    for &proposer in &facts.proposers {
        agreement::push_unique(&mut facts.makers, proposer);
    }
    facts
}

/// What an answer counts and then names again ("an eight-norm package … GCSC norms on the public
/// core"): it says more of them than their number.
fn discussed(counts: &[(String, String)], folded_answer: &str, stem: &dyn Fn(&str) -> String) -> Vec<String> {
    if counts.is_empty() {
        return Vec::new();
    }
    let stems: Vec<String> = crate::text::spaced(folded_answer).map(stem).collect();
    let mut discussed: Vec<String> = Vec::new();
    for (_, thing) in counts {
        if stems.iter().filter(|s| *s == thing).count() >= 2 && !discussed.contains(thing) {
            discussed.push(thing.clone());
        }
    }
    discussed
}

/// What an entry states: its answer and its card's fields.
pub(super) fn statements(entry: &Entry) -> impl Iterator<Item = &str> {
    let card = entry.card.iter().flat_map(|card| card.values(&CardField::STATEMENTS).map(|(_, value)| value));
    std::iter::once(entry.answer.as_str()).chain(card)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_one_of_a_list_asked_in_chinese_needs_that_many() {
        let count = |folded: &str| listed_in_chinese(folded).and_then(|asked| asked.count);
        assert_eq!(count("paris call 的 九项 原则 分别 是 啥"), Some(9));
        assert_eq!(count("gcsc 的 eight norms 具体 是 哪 八条 全 列出来"), Some(8));
        assert_eq!(count("paris call 的 nine principles 逐条 说"), Some(9));
        // Without a word for "each of them", or with too few to be a list, it asks for none.
        assert_eq!(count("paris call 的 九项 原则 是 什么"), None);
        assert_eq!(count("两条 原则 分别 是 什么"), None);
    }
}
