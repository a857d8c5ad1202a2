//! Every message the bot posts, built here and only here: core replies become serenity builders.
//!
//! Rendering is pure (no network), so every reply can be snapshot-tested as the JSON serenity
//! would send. Discord's limits ([`crate::limits`]: title 256, description 4096, field 1024,
//! 25 fields, 6000 characters an embed, button labels 80) are enforced here, so that no reply is
//! ever rejected, and every message is sent with no allowed mentions, so that nothing a student
//! typed can ping.

use serenity::all::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateButton, CreateEmbed, CreateEmbedFooter,
    CreateInteractionResponse, CreateInteractionResponseMessage, CreateMessage, CreateSelectMenu, CreateSelectMenuKind,
    CreateSelectMenuOption,
};

mod moderate;
pub mod study;

use super::component::ComponentId;
use crate::knowledge::{CardField, Endnote, Entry, EntryKind, KnowledgeBase};
use crate::matcher::Status;
use crate::reply::{Answer, Language, PaperLine, Reply, Source, Suggestion};
pub use moderate::{pick_entry, reload_summary, review, stats, teach_modal};

pub use crate::limits::{
    MAX_CONTENT, MAX_DESCRIPTION, MAX_EMBED, MAX_FIELD, MAX_FIELDS, MAX_INPUT, MAX_LABEL, MAX_MODAL_TITLE,
    MAX_OPTION_TEXT, MAX_OPTIONS, MAX_TITLE,
};
/// Longest question the bot answers: the bot's own rule (one thing at a time), not Discord's.
pub const MAX_QUESTION: usize = 500;

const COLOUR: u32 = 0x2f6f9f;

/// Cuts a text to at most `max` characters, at a word boundary when one is near, with "…".
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > cut.len() * 3 / 4 => cut[..i].trim_end().to_owned(),
        _ => cut,
    };
    format!("{cut}…")
}

/// Makes a student's text safe to show: no mention syntax and no markdown tricks survive.
pub fn quote_user_text(text: &str) -> String {
    // Control characters become spaces; direction overrides and isolates (which can make the
    // rest of a line read backwards) and zero-width characters go.
    let flat: String = text
        .chars()
        .filter(
            |c| !matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'),
        )
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let escaped = flat
        .replace('\\', "\\\\")
        .replace('@', "@\u{200B}")
        .replace('#', "#\u{200B}")
        .replace(['*', '_', '~', '`', '|', '>', '[', ']', '<'], " ");
    clip(escaped.trim(), 200)
}

fn footer(kb: &KnowledgeBase, score: Option<f32>) -> CreateEmbedFooter {
    CreateEmbedFooter::new(footer_text(kb, score))
}

/// The footer naming the paper (up to some 800 characters: embeds budget for it).
fn footer_text(kb: &KnowledgeBase, score: Option<f32>) -> String {
    footer_line(&PaperLine::of(kb), score)
}

fn footer_line(paper: &PaperLine, score: Option<f32>) -> String {
    let text = match score {
        Some(score) => format!("match {:.0}% · {}, {} ({})", score * 100.0, paper.author, paper.title, paper.date),
        None => format!("{}, {} ({})", paper.author, paper.title, paper.date),
    };
    clip(&text, crate::limits::MAX_FOOTER)
}

/// Sources as field text: `[n] short citation — link` a line, as many as fit.
fn sources_field(endnotes: &[&Endnote]) -> String {
    let lines: Vec<(u32, &str, Option<&str>)> =
        endnotes.iter().map(|e| (e.number, e.short_citation(), e.url.as_deref())).collect();
    source_lines(&lines)
}

/// The same for a reply's sources.
fn reply_sources_field(sources: &[Source]) -> String {
    let lines: Vec<(u32, &str, Option<&str>)> =
        sources.iter().map(|s| (s.endnote, s.short.as_str(), s.url.as_deref())).collect();
    source_lines(&lines)
}

fn source_lines(endnotes: &[(u32, &str, Option<&str>)]) -> String {
    let mut text = String::new();
    for (i, &(number, short, url)) in endnotes.iter().enumerate() {
        let line = match url {
            Some(url) => format!("[{number}] {short} — <{url}>\n"),
            None => format!("[{number}] {short}\n"),
        };
        let rest = endnotes.len() - i;
        if text.chars().count() + line.chars().count() > MAX_FIELD - 40 {
            text.push_str(&format!("… and {rest} more (see /source)"));
            break;
        }
        text.push_str(&line);
    }
    clip(text.trim_end(), MAX_FIELD)
}

/// An embed's fields, each clipped, keeping the whole embed within 6000 characters.
struct Budget {
    used: usize,
}

impl Budget {
    /// A budget for an embed with this footer.
    fn with_footer(footer: &str) -> Budget {
        Budget { used: footer.chars().count() }
    }

    fn take(&mut self, text: &str, max: usize) -> Option<String> {
        let left = MAX_EMBED.saturating_sub(self.used + 100);
        if left < 20 {
            return None;
        }
        let text = clip(text, max.min(left));
        self.used += text.chars().count();
        Some(text)
    }
}

/// The full card or answer of an entry, as an embed.
pub fn entry_embed(kb: &KnowledgeBase, entry: &Entry, score: Option<f32>) -> CreateEmbed {
    answer_embed(&Answer::of(kb, entry), &PaperLine::of(kb), score)
}

/// An answer as an embed: the reply holds all it shows.
pub fn answer_embed(answer: &Answer, paper: &PaperLine, score: Option<f32>) -> CreateEmbed {
    let footer_text = footer_line(paper, score);
    let mut budget = Budget::with_footer(&footer_text);
    let title = budget.take(&answer.title, MAX_TITLE).unwrap_or_default();
    let description = budget.take(&answer.summary, MAX_DESCRIPTION).unwrap_or_default();
    let mut embed = CreateEmbed::new().title(title).description(description).colour(COLOUR);
    if let Some(card) = &answer.card {
        let kind = if answer.kind == EntryKind::Norm { "Norm" } else { "Initiative" };
        if let Some(wording) = &card.wording
            && let Some(text) = budget.take(&format!("\u{201c}{wording}\u{201d}"), MAX_FIELD)
        {
            embed = embed.field(CardField::Wording.label(), text, false);
        }
        for (field, value) in &card.fields {
            if let Some(text) = budget.take(value, MAX_FIELD) {
                embed = embed.field(field.label(), text, field.inline());
            }
        }
        embed = embed.author(serenity::all::CreateEmbedAuthor::new(kind));
    }
    if !answer.sources.is_empty()
        && let Some(text) = budget.take(&reply_sources_field(&answer.sources), MAX_FIELD)
    {
        embed = embed.field("Sources", text, false);
    }
    if !answer.related.is_empty() {
        let related: Vec<String> = answer.related.iter().map(|e| format!("• {}", e.title)).collect();
        if let Some(text) = budget.take(&related.join("\n"), MAX_FIELD) {
            embed = embed.field("Related", text, false);
        }
    }
    embed.footer(CreateEmbedFooter::new(footer_text))
}

fn message() -> CreateInteractionResponseMessage {
    CreateInteractionResponseMessage::new().allowed_mentions(CreateAllowedMentions::new())
}

/// A reply before it is known whether it answers an interaction or a message (mention mode).
#[derive(Debug, Clone, Default)]
pub struct Post {
    pub content: Option<String>,
    pub embed: Option<CreateEmbed>,
    pub components: Vec<CreateActionRow>,
    /// Only the asker sees it (interactions only; a message reply is always public).
    pub private: bool,
}

impl Post {
    fn text(text: String, private: bool) -> Post {
        Post { content: Some(clip(&text, MAX_CONTENT)), private, ..Post::default() }
    }

    /// As the reply to an interaction.
    pub fn interaction(self) -> CreateInteractionResponse {
        let mut msg = message().ephemeral(self.private).components(self.components);
        if let Some(content) = self.content {
            msg = msg.content(content);
        }
        if let Some(embed) = self.embed {
            msg = msg.embed(embed);
        }
        CreateInteractionResponse::Message(msg)
    }

    /// As a channel message (mention mode).
    pub fn message(self) -> CreateMessage {
        let mut msg = CreateMessage::new().allowed_mentions(CreateAllowedMentions::new()).components(self.components);
        if let Some(content) = self.content {
            msg = msg.content(content);
        }
        if let Some(embed) = self.embed {
            msg = msg.embed(embed);
        }
        msg
    }
}

fn open_buttons(entries: &[Suggestion]) -> Vec<CreateActionRow> {
    let buttons: Vec<CreateButton> = entries
        .iter()
        .take(5)
        .map(|e| CreateButton::new(open_id(&e.id)).label(clip(&e.title, MAX_LABEL)).style(ButtonStyle::Secondary))
        .collect();
    if buttons.is_empty() { Vec::new() } else { vec![CreateActionRow::Buttons(buttons)] }
}

/// The reply to `/ask` (and to a mention), from the reply alone.
pub fn ask(reply: &Reply, private: bool, logged: Option<i64>) -> Post {
    match (&reply.answer, reply.status) {
        (Some(answer), _) => Post {
            // A Chinese question hears, in Chinese, that the answer is the paper's English.
            content: reply.language.answer_note().map(str::to_owned),
            embed: Some(answer_embed(answer, &reply.paper, Some(reply.score))),
            components: logged.map(vote_buttons).into_iter().collect(),
            private,
        },
        (None, Status::Ambiguous) => Post {
            components: open_buttons(&reply.suggestions),
            ..Post::text(
                match reply.language {
                    Language::English => {
                        format!("Did you mean one of these? (you asked: {})", quote_user_text(&reply.question))
                    }
                    Language::Chinese => {
                        format!("{}（您的问题：{}）", reply.language.did_you_mean(), quote_user_text(&reply.question))
                    }
                },
                private,
            )
        },
        (None, _) => {
            let mut text = match reply.language {
                Language::English => format!(
                    "I couldn't find that in {}'s paper (you asked: {}).\nTry naming a norm, an initiative, a person, a year or a part of the paper, for example *what is the public core norm?*, or browse with `/topics`.",
                    reply.paper.author,
                    quote_user_text(&reply.question)
                ),
                Language::Chinese => format!(
                    "{}（您的问题：{}）\n也可以用 `/topics` 按章节浏览。",
                    reply.language.not_found(),
                    quote_user_text(&reply.question)
                ),
            };
            if let Some(instead) = &reply.instead {
                text.push_str(&not_as_asked(instead));
            }
            if !reply.suggestions.is_empty() {
                text.push('\n');
                text.push_str(reply.language.close_topics());
            }
            Post { components: open_buttons(&reply.suggestions), ..Post::text(text, private) }
        }
    }
}

/// What the paper gives in place of what was asked, marked as such, with its endnotes.
fn not_as_asked(instead: &crate::reply::Instead) -> String {
    let notes: String = instead.answer.sources.iter().map(|s| format!(" [{}]", s.endnote)).collect();
    let title = clip(&instead.answer.title, MAX_LABEL);
    format!("\n**Not as asked.** {}\n> *{title}* {}{notes}", instead.note, clip(&instead.gist, 600))
}

/// What a student hears when a button or form of an older message no longer works.
pub const EXPIRED: &str = "That button has expired; please ask again.";

/// The custom id of a button or menu option that opens an entry.
pub fn open_id(entry: &str) -> String {
    ComponentId::Open { entry: entry.to_owned() }.to_string()
}

fn vote_buttons(question: i64) -> CreateActionRow {
    CreateActionRow::Buttons(vec![
        CreateButton::new(ComponentId::Vote { question, helpful: true }.to_string())
            .label("Helpful")
            .emoji('👍')
            .style(ButtonStyle::Secondary),
        CreateButton::new(ComponentId::Vote { question, helpful: false }.to_string())
            .label("Not what I asked")
            .emoji('👎')
            .style(ButtonStyle::Secondary),
    ])
}

/// An entry opened from a button or a menu.
pub fn open(kb: &KnowledgeBase, entry: &Entry) -> CreateInteractionResponse {
    CreateInteractionResponse::Message(message().embed(entry_embed(kb, entry, None)))
}

/// A short notice only the student sees.
pub fn notice(text: &str) -> CreateInteractionResponse {
    Post::text(text.to_owned(), true).interaction()
}

pub fn too_long(length: usize, language: Language) -> Post {
    Post::text(language.too_long(length, MAX_QUESTION), true)
}

pub fn cooldown(seconds: f64, language: Language) -> Post {
    Post::text(language.cooldown(seconds.ceil().max(1.0) as u64), true)
}

pub fn something_went_wrong() -> CreateInteractionResponse {
    notice("Something went wrong on my side. It has been logged; please try again in a moment.")
}

/// `/source`: an endnote's full citation, link and the entries that cite it.
pub fn source(kb: &KnowledgeBase, endnote: &Endnote) -> CreateInteractionResponse {
    let footer_text = footer_text(kb, None);
    let mut budget = Budget::with_footer(&footer_text);
    let title = format!("Endnote {}", endnote.number);
    budget.used += title.len();
    let description = budget.take(&endnote.citation, MAX_DESCRIPTION).unwrap_or_default();
    let mut embed = CreateEmbed::new().title(title).description(description).colour(COLOUR);
    if let Some(text) = budget.take(&endnote.cited_for, MAX_FIELD) {
        embed = embed.field("Cited for", text, false);
    }
    if let Some(url) = &endnote.url {
        embed = embed.url(url.clone());
    }
    let citing: Vec<String> = kb.citing(endnote.number).map(|e| format!("• {}", e.title)).collect();
    if !citing.is_empty()
        && let Some(text) = budget.take(&citing.join("\n"), MAX_FIELD)
    {
        embed = embed.field("Entries that cite it", text, false);
    }
    CreateInteractionResponse::Message(message().embed(embed.footer(CreateEmbedFooter::new(footer_text))))
}

/// `/topics`: the paper's sections, with a menu to open one.
pub fn topics(kb: &KnowledgeBase) -> CreateInteractionResponse {
    if kb.sections().is_empty() {
        return notice("This paper's knowledge has no parts to browse yet; ask a question with /ask.");
    }
    let lines: Vec<String> = kb.sections().iter().map(|s| format!("**{}**", s.title)).collect();
    let embed = CreateEmbed::new()
        .title(clip(&format!("The parts of \u{201c}{}\u{201d}", kb.paper().title), MAX_TITLE))
        .description(clip(&lines.join("\n"), MAX_DESCRIPTION))
        .colour(COLOUR)
        .footer(CreateEmbedFooter::new("Pick a part below to see its summary and questions."));
    let options: Vec<CreateSelectMenuOption> = kb
        .sections()
        .iter()
        .take(MAX_OPTIONS)
        .map(|s| CreateSelectMenuOption::new(clip(&s.title, MAX_OPTION_TEXT), s.id.clone()))
        .collect();
    let menu = CreateSelectMenu::new(ComponentId::Topics.to_string(), CreateSelectMenuKind::String { options })
        .placeholder("Choose a part of the paper");
    CreateInteractionResponse::Message(message().embed(embed).components(vec![CreateActionRow::SelectMenu(menu)]))
}

/// One section: its summary, its questions, and a menu to open one.
pub fn section(kb: &KnowledgeBase, id: &str) -> Option<CreateInteractionResponse> {
    let section = kb.section(id)?;
    let entries: Vec<&Entry> = kb.entries().iter().filter(|e| e.section.as_deref() == Some(id)).collect();
    let questions: Vec<String> = entries.iter().map(|e| format!("• {}", e.title)).collect();
    let mut embed = CreateEmbed::new()
        .title(clip(&section.title, MAX_TITLE))
        .description(clip(&section.summary, MAX_DESCRIPTION))
        .colour(COLOUR);
    if !questions.is_empty() {
        embed = embed.field("Questions", clip(&questions.join("\n"), MAX_FIELD), false);
    }
    let mut msg = message().embed(embed.footer(footer(kb, None)));
    let options: Vec<CreateSelectMenuOption> = entries
        .iter()
        .take(MAX_OPTIONS)
        .map(|e| CreateSelectMenuOption::new(clip(&e.title, MAX_OPTION_TEXT), open_id(&e.id)))
        .collect();
    if !options.is_empty() {
        let menu = CreateSelectMenu::new(ComponentId::EntryMenu.to_string(), CreateSelectMenuKind::String { options })
            .placeholder("Open a question");
        msg = msg.components(vec![CreateActionRow::SelectMenu(menu)]);
    }
    Some(CreateInteractionResponse::Message(msg))
}

/// `/about`: the paper, the author, the series, credit and licence.
pub fn about(kb: &KnowledgeBase) -> CreateInteractionResponse {
    let p = kb.paper();
    let embed = CreateEmbed::new()
        .title(clip(&p.title, MAX_TITLE))
        .description(clip(&format!("by **{}**, {}", p.author, p.affiliation), MAX_DESCRIPTION))
        .colour(COLOUR)
        .field("The author", clip(&p.author_bio, MAX_FIELD), false)
        .field("Series", clip(&p.series, MAX_FIELD), false)
        .field("Published", clip(&format!("{}, {}", p.publisher, p.date), MAX_FIELD), false)
        .field("Licence", clip(&p.licence, MAX_FIELD), false)
        .footer(CreateEmbedFooter::new(
            "normbot answers from a knowledge base curated from the paper, in its own words; the paper's endnotes are its sources.",
        ));
    CreateInteractionResponse::Message(message().embed(embed))
}

/// `/help`: what the bot can do.
pub fn help(kb: &KnowledgeBase) -> CreateInteractionResponse {
    let text = format!(
        "I answer questions about **{}** by {}.\n\n\
         `/ask question:` ask anything about the paper, in your own words (typos are fine)\n\
         `/norm name:` a norm or initiative the paper discusses, with its wording and sources\n\
         `/source number:` one of the paper's {} endnotes and what cites it\n\
         `/topics` browse the paper part by part\n\
         `/about` the paper, the author and the series\n\n\
         **Study together**\n\
         `/quiz` a quiz in this channel (pick a topic, rounds, or multiple choice); `/leaderboard` the scores\n\
         `/compare a: b:` two norms or initiatives side by side\n\
         `/timeline` the paper's chronology, from 1987 to 2021",
        kb.paper().title,
        kb.paper().author,
        kb.endnotes().len()
    );
    notice(&text)
}
