//! What the bot says back: the matched entry's full answer with its sources, the "did you mean"
//! list, or the polite "not in the paper", as plain data that every edge renders its own way
//! (the CLI as text or JSON, the Discord adapter as embeds).

use serde::Serialize;

use crate::knowledge::{CardField, Entry, EntryKind, KnowledgeBase};
use crate::matcher::{Candidate, Matcher, Outcome, Status};

/// The language a question was asked in: it chooses the bot's own fixed texts ("not in the
/// paper", "did you mean"); the answers stay the curated English, with their endnotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    English,
    Chinese,
}

impl Language {
    /// Chinese when the question has a Chinese character.
    pub fn of(question: &str) -> Language {
        if question.chars().any(crate::text::chinese::is_han) { Language::Chinese } else { Language::English }
    }

    /// The language of a Discord client set to this locale ("zh-CN", "zh-TW"), when the bot
    /// has its fixed texts in it.
    pub fn of_locale(locale: &str) -> Option<Language> {
        locale.starts_with("zh").then_some(Language::Chinese)
    }

    /// For a question asked from a client set to `locale`: Chinese when the question is written in
    /// Chinese, or when the asker reads Discord in Chinese (the answer stays the paper's English;
    /// the lines around it follow the asker).
    pub fn for_asker(question: &str, locale: Option<Language>) -> Language {
        match Language::of(question) {
            Language::English => locale.unwrap_or(Language::English),
            chinese => chinese,
        }
    }

    /// Said before an answer: the paper, and so the answer, is in English.
    pub fn answer_note(self) -> Option<&'static str> {
        match self {
            Language::English => None,
            Language::Chinese => Some("论文原文为英文，以下为英文回答："),
        }
    }

    pub fn did_you_mean(self) -> &'static str {
        match self {
            Language::English => "Did you mean one of these?",
            Language::Chinese => "您是想问以下哪一个？",
        }
    }

    pub fn not_found(self) -> &'static str {
        match self {
            Language::English => {
                "I can't find that in the paper. Try naming a norm, an initiative, a person or a year."
            }
            Language::Chinese => "论文中没有找到这个问题的答案。可以试试提到某项规范、倡议、人物或年份。",
        }
    }

    /// A question over the length limit.
    pub fn too_long(self, length: usize, limit: usize) -> String {
        match self {
            Language::English => format!(
                "That question is {length} characters long; please keep it under {limit}. Ask about one thing at a time."
            ),
            Language::Chinese => format!("这个问题有 {length} 个字符，请控制在 {limit} 个以内，一次只问一件事。"),
        }
    }

    /// The cooldown between two questions of one student.
    pub fn cooldown(self, seconds: u64) -> String {
        match self {
            Language::English => format!("One moment: you can ask again in {seconds} s."),
            Language::Chinese => format!("请稍候：{seconds} 秒后可以再次提问。"),
        }
    }

    pub fn close_topics(self) -> &'static str {
        match self {
            Language::English => "Close topics:",
            Language::Chinese => "相关主题：",
        }
    }
}

/// The reply to one question (`normbot ask --json` prints exactly this).
#[derive(Debug, Clone, Serialize)]
pub struct Reply {
    pub question: String,
    /// The question's language, for the fixed texts around the answer.
    pub language: Language,
    pub status: Status,
    pub score: f32,
    pub answer: Option<Answer>,
    pub suggestions: Vec<Suggestion>,
    /// When the closest entry gives its fact for something else than asked (another country,
    /// year or number) or not the kind asked for: what the paper does give, marked as such.
    pub instead: Option<Instead>,
    /// The paper, for the lines of a reply that name it.
    #[serde(skip)]
    pub paper: PaperLine,
}

/// The paper as a reply names it: "Xu Peixi, A Chinese Perspective … (July 2021)".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PaperLine {
    pub author: String,
    pub title: String,
    pub date: String,
}

impl PaperLine {
    pub fn of(kb: &KnowledgeBase) -> PaperLine {
        let paper = kb.paper();
        PaperLine { author: paper.author.clone(), title: paper.title.clone(), date: paper.date.clone() }
    }
}

/// What the paper gives in place of what was asked.
#[derive(Debug, Clone, Serialize)]
pub struct Instead {
    /// Why the entry is no answer ("The paper does not give this for Germany. What it gives is
    /// about China:").
    pub note: String,
    /// The first sentence of the entry's answer: what the paper does give.
    pub gist: String,
    pub answer: Answer,
}

#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    pub id: String,
    pub kind: EntryKind,
    pub title: String,
    /// The full answer shown to the user.
    pub text: String,
    pub sources: Vec<Source>,
    /// The answer (Q&A) or summary (cards) alone, without the card's details.
    #[serde(skip)]
    pub summary: String,
    /// A card's details, for edges that show them apart (an embed's fields).
    #[serde(skip)]
    pub card: Option<CardDetails>,
    /// The entries it names as related, as ids and titles.
    #[serde(skip)]
    pub related: Vec<Suggestion>,
}

/// A norm's or initiative's details: its own words, and the fields a reply shows.
#[derive(Debug, Clone, Default)]
pub struct CardDetails {
    pub wording: Option<String>,
    pub fields: Vec<(CardField, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub endnote: u32,
    pub citation: String,
    pub url: Option<String>,
    /// The short form of the citation (the citation itself when there is none).
    #[serde(skip)]
    pub short: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub id: String,
    pub title: String,
    pub score: f32,
}

impl Reply {
    /// Asks the matcher and builds the reply.
    pub fn to(matcher: &Matcher, question: &str) -> Reply {
        let outcome = matcher.ask(question);
        let mut reply = Reply::from_outcome(matcher.knowledge(), question, &outcome);
        if let Outcome::NoMatch { not_given: Some(not_given), .. } = &outcome {
            let kb = matcher.knowledge();
            let answer = Answer::of(kb, &kb.entries()[not_given.entry]);
            reply.instead = Some(Instead {
                note: matcher.describe(&not_given.why),
                gist: crate::quiz::first_sentence(&answer.text),
                answer,
            });
        }
        reply
    }

    pub fn from_outcome(kb: &KnowledgeBase, question: &str, outcome: &Outcome) -> Reply {
        let suggest = |list: &[Candidate]| list.iter().map(|c| suggestion(kb, c)).collect();
        let (answer, suggestions) = match outcome {
            Outcome::Answered { entry, runners_up, .. } => {
                (Some(Answer::of(kb, &kb.entries()[*entry])), suggest(runners_up))
            }
            Outcome::Ambiguous { candidates } => (None, suggest(candidates)),
            Outcome::NoMatch { suggestions, .. } => (None, suggest(suggestions)),
        };
        Reply {
            question: question.to_owned(),
            language: Language::of(question),
            status: outcome.status(),
            score: round(outcome.score()),
            answer,
            suggestions,
            instead: None,
            paper: PaperLine::of(kb),
        }
    }
}

impl Answer {
    pub fn of(kb: &KnowledgeBase, entry: &Entry) -> Answer {
        let card = entry.card.as_ref().map(|card| CardDetails {
            wording: card.wording.clone(),
            fields: card.values(&CardField::SHOWN).map(|(f, v)| (f, v.to_owned())).collect(),
        });
        Answer {
            id: entry.id.clone(),
            kind: entry.kind,
            title: entry.title.clone(),
            text: card.as_ref().map_or_else(|| entry.answer.clone(), |card| card.text_after(&entry.answer)),
            sources: sources(kb, entry),
            summary: entry.answer.clone(),
            card,
            related: entry
                .related
                .iter()
                .filter_map(|id| kb.entry(id))
                .map(|e| Suggestion { id: e.id.clone(), title: e.title.clone(), score: 0.0 })
                .collect(),
        }
    }
}

fn suggestion(kb: &KnowledgeBase, candidate: &Candidate) -> Suggestion {
    let entry = &kb.entries()[candidate.entry];
    Suggestion { id: entry.id.clone(), title: entry.title.clone(), score: round(candidate.score) }
}

/// An entry's endnotes as sources, in the paper's order.
pub fn sources(kb: &KnowledgeBase, entry: &Entry) -> Vec<Source> {
    let mut numbers = entry.endnotes.clone();
    numbers.sort_unstable();
    numbers
        .into_iter()
        .filter_map(|n| kb.endnote(n))
        .map(|e| Source {
            endnote: e.number,
            citation: e.citation.clone(),
            url: e.url.clone(),
            short: e.short_citation().to_owned(),
        })
        .collect()
}

impl CardDetails {
    /// A card as text, after its summary: its own words, then each field, a paragraph each.
    fn text_after(&self, summary: &str) -> String {
        let mut text = summary.to_owned();
        if let Some(wording) = &self.wording {
            text.push_str(&format!("\n\n{}: \u{201c}{wording}\u{201d}", CardField::Wording.label()));
        }
        for (field, value) in &self.fields {
            text.push_str(&format!("\n\n{}: {value}", field.label()));
        }
        text
    }
}

fn round(score: f32) -> f32 {
    (score * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn a_chinese_question_or_a_chinese_client_gets_the_chinese_texts() {
        let chinese = Language::of_locale("zh-CN");
        assert_eq!(chinese, Some(Language::Chinese));
        assert_eq!(Language::of_locale("zh-TW"), Some(Language::Chinese));
        assert_eq!(Language::of_locale("en-GB"), None);
        assert_eq!(Language::for_asker("what is the public core?", chinese), Language::Chinese);
        assert_eq!(Language::for_asker("什么是网络主权", None), Language::Chinese);
        assert_eq!(Language::for_asker("什么是网络主权", Language::of_locale("de")), Language::Chinese);
        assert_eq!(Language::for_asker("what is the public core?", None), Language::English);
    }
}
