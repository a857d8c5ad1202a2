//! The moderators' views: the teaching form, the review queue and its entry picker, `/stats`,
//! and what a reload did.
//!
//! Only moderators see these (privately, or in the moderators' channel); students' replies are
//! rendered in [`super`] and study mode's in [`super::study`].

use serenity::all::{
    ButtonStyle, CreateActionRow, CreateButton, CreateEmbed, CreateInteractionResponse, CreateSelectMenu,
    CreateSelectMenuKind, CreateSelectMenuOption,
};

use super::{
    COLOUR, MAX_CONTENT, MAX_DESCRIPTION, MAX_FIELD, MAX_INPUT, MAX_LABEL, MAX_OPTION_TEXT, MAX_OPTIONS, MAX_TITLE,
    Post, clip, notice, quote_user_text,
};
use crate::discord::component::ComponentId;
use crate::knowledge::{Entry, KnowledgeBase};

/// The teaching form: an existing entry's id adds the question as a phrasing of it; a new id
/// with an answer creates a Q&A entry.
pub fn teach_modal(question: Option<&str>) -> CreateInteractionResponse {
    use serenity::all::{CreateInputText, CreateModal, InputTextStyle};
    let input =
        |style, label: &str, id: &str, required: bool| CreateInputText::new(style, label, id).required(required);
    let mut question_input =
        input(InputTextStyle::Paragraph, "Question or new phrasing", "question", true).max_length(MAX_TITLE as u16);
    if let Some(question) = question {
        question_input = question_input.value(clip(question, MAX_TITLE));
    }
    let rows = vec![
        CreateActionRow::InputText(
            input(InputTextStyle::Short, "Entry id (existing, or a new one)", "entry", true)
                .placeholder("e.g. public-core-norm, or my-new-entry")
                .max_length(crate::knowledge::MAX_ID as u16),
        ),
        CreateActionRow::InputText(question_input),
        CreateActionRow::InputText(
            input(InputTextStyle::Paragraph, "Answer (new entries only)", "answer", false).max_length(MAX_INPUT as u16),
        ),
        CreateActionRow::InputText(
            input(InputTextStyle::Paragraph, "Other phrasings, one a line (new: 3+)", "alternates", false)
                .max_length(1000),
        ),
        CreateActionRow::InputText(
            input(InputTextStyle::Short, "Endnotes, e.g. 5, 23", "endnotes", false).max_length(100),
        ),
    ];
    CreateInteractionResponse::Modal(CreateModal::new(ComponentId::Teach.to_string(), "Teach normbot").components(rows))
}

/// "Other entry…": the closest entries for a question, to add it to one of them.
pub fn pick_entry(question_id: i64, question: &str, entries: &[&Entry]) -> CreateInteractionResponse {
    let options: Vec<CreateSelectMenuOption> = entries
        .iter()
        .take(MAX_OPTIONS)
        .map(|e| {
            CreateSelectMenuOption::new(clip(&e.title, MAX_OPTION_TEXT), e.id.clone())
                .description(clip(&e.id, MAX_OPTION_TEXT))
        })
        .collect();
    if options.is_empty() {
        return notice("No entry is close to that question; use \u{201c}New Q&A\u{201d} instead.");
    }
    let id = ComponentId::ReviewTo { question: question_id };
    let menu = CreateSelectMenu::new(id.to_string(), CreateSelectMenuKind::String { options })
        .placeholder("Add the question to…");
    Post {
        content: Some(clip(&format!("Which entry answers: {}", quote_user_text(question)), MAX_CONTENT)),
        components: vec![CreateActionRow::SelectMenu(menu)],
        private: true,
        ..Post::default()
    }
    .interaction()
}
/// `/stats`: questions this week, answer rate, top entries, top unanswered.
pub fn stats(kb: &KnowledgeBase, usage: &crate::store::Usage, days: u32) -> CreateInteractionResponse {
    let list = |items: &[(String, u32)], title: bool| {
        let lines: Vec<String> = items
            .iter()
            .map(|(text, n)| {
                let name =
                    if title { kb.entry(text).map_or(text.as_str(), |e| e.title.as_str()) } else { text.as_str() };
                format!("{n} × {}", quote_user_text(name))
            })
            .collect();
        if lines.is_empty() { "none".to_owned() } else { clip(&lines.join("\n"), MAX_FIELD) }
    };
    let embed = CreateEmbed::new()
        .title(format!("The last {days} days"))
        .description(format!("{} questions, {:.0}% answered", usage.questions, usage.answer_rate() * 100.0))
        .field("Most asked entries", list(&usage.top_entries, true), false)
        .field("Most asked without an answer", list(&usage.top_unanswered, false), false)
        .colour(COLOUR);
    Post { embed: Some(embed), private: true, ..Post::default() }.interaction()
}

/// `/review`: the most asked unanswered or down-voted questions, paraphrases grouped, each with
/// one-click buttons: add it as a phrasing of the closest entry, or dismiss it.
pub fn review(kb: &KnowledgeBase, rows: &[(i64, crate::review::ReviewRow)]) -> CreateInteractionResponse {
    if rows.is_empty() {
        return notice("The review queue is empty: every question asked lately was answered.");
    }
    let mut lines = Vec::new();
    let mut components = Vec::new();
    for (i, &(id, ref row)) in rows.iter().take(5).enumerate() {
        let candidate = row.candidate.as_ref().and_then(|(entry, _)| kb.entry(entry));
        let others = if row.wordings.len() > 1 {
            format!(" (+{} other wordings)", row.wordings.len() - 1)
        } else {
            String::new()
        };
        lines.push(format!(
            "**{}.** {} — asked {}×, {} 👎{}\n  closest: {}",
            i + 1,
            quote_user_text(&row.question),
            row.asked,
            row.down_votes,
            others,
            candidate.map_or("nothing".to_owned(), |e| e.title.clone())
        ));
        let mut buttons = Vec::new();
        if let Some(entry) = candidate {
            let custom = ComponentId::ReviewAdd { question: id, entry: entry.id.clone() }.to_string();
            if custom.len() <= crate::limits::MAX_CUSTOM_ID {
                let label = clip(&format!("{}. Add to: {}", i + 1, entry.title), MAX_LABEL);
                buttons.push(CreateButton::new(custom).label(label).style(ButtonStyle::Primary));
            }
        }
        let button = |id: ComponentId| CreateButton::new(id.to_string());
        buttons
            .push(button(ComponentId::ReviewPick { question: id }).label("Other entry…").style(ButtonStyle::Secondary));
        buttons.push(button(ComponentId::ReviewNew { question: id }).label("New Q&A").style(ButtonStyle::Secondary));
        buttons.push(
            button(ComponentId::ReviewDismiss { question: id })
                .label(format!("{}. Dismiss", i + 1))
                .style(ButtonStyle::Secondary),
        );
        components.push(CreateActionRow::Buttons(buttons));
    }
    let embed =
        CreateEmbed::new().title("Review queue").description(clip(&lines.join("\n"), MAX_DESCRIPTION)).colour(COLOUR);
    Post { embed: Some(embed), components, private: true, ..Post::default() }.interaction()
}
/// What a reload did, for the moderator who asked and the moderators' channel.
pub fn reload_summary(result: &crate::live::ReloadResult) -> String {
    match result {
        Ok(reloaded) if reloaded.held => format!(
            "Reload held: {}. Still serving the last good knowledge. If this is meant, accept it with \
             `/reload confirm:True` (or `normbot check --accept-removals` on the server, then `/reload`); \
             if not, put the entries back (`normbot restore` lists the backups).",
            quote_user_text(&reloaded.removals.to_string())
        ),
        Ok(reloaded) => {
            let s = &reloaded.stats;
            let mut text = format!(
                "Knowledge reloaded: {} Q&A, {} norms, {} initiatives, {} endnotes, {} phrasings.",
                s.qa, s.norms, s.initiatives, s.endnotes, s.phrasings
            );
            if !reloaded.removals.is_empty() {
                text.push_str(&format!("\nNote: {}.", quote_user_text(&reloaded.removals.to_string())));
            }
            text
        }
        Err(problems) => {
            let mut text = format!(
                "The knowledge edit has {} problem{}; still serving the last good knowledge. Run `normbot check` to see them all.\n```\n",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            );
            for problem in problems {
                let line = format!("{}\n", problem.to_string().replace('`', "'"));
                if text.chars().count() + line.chars().count() > MAX_CONTENT - 100 {
                    text.push_str("…\n");
                    break;
                }
                text.push_str(&line);
            }
            text.push_str("```");
            text
        }
    }
}
