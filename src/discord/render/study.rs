//! Study mode's messages: quiz questions and reveals, the leaderboard, `/compare` and
//! `/timeline`, within Discord's limits and with no allowed mentions like every other reply.

use serenity::all::{
    ButtonStyle, CreateActionRow, CreateButton, CreateEmbed, CreateEmbedFooter, CreateInputText,
    CreateInteractionResponse, CreateModal, CreateSelectMenu, CreateSelectMenuKind, CreateSelectMenuOption,
    InputTextStyle,
};

use super::{
    Budget, COLOUR, MAX_DESCRIPTION, MAX_FIELD, MAX_LABEL, MAX_MODAL_TITLE, MAX_OPTION_TEXT, MAX_OPTIONS, MAX_TITLE,
    Post, clip, footer_text, message, open_id, sources_field,
};
use crate::compare::Comparison;
use crate::discord::component::ComponentId;
use crate::knowledge::{Endnote, KnowledgeBase};
use crate::quiz::{self, Game, Reveal, Score};
use crate::store::Standing;
use crate::timeline::Page;

const LETTERS: [char; 4] = ['A', 'B', 'C', 'D'];

/// A quiz question, with its options (multiple choice) or an Answer button that opens a form.
pub fn quiz_question(game: &Game, quiz: u64, seconds: u64, channel_answers: bool) -> Post {
    let question = game.question();
    let round = game.round();
    let mut description = format!("**{}**", clip(&question.prompt, 1000));
    let mut buttons = Vec::new();
    let how = match game.choices() {
        Some(choices) => {
            description.push('\n');
            for (letter, option) in LETTERS.iter().zip(&choices.options) {
                description.push_str(&format!("\n**{letter})** {}", clip(option, 600)));
            }
            for (i, letter) in LETTERS.iter().enumerate().take(choices.options.len()) {
                buttons.push(
                    CreateButton::new(ComponentId::QuizPick { quiz, round, option: i }.to_string())
                        .label(letter.to_string())
                        .style(ButtonStyle::Primary),
                );
            }
            if channel_answers { "Pick an option (or type its letter in this channel)" } else { "Pick an option" }
        }
        None => {
            buttons.push(
                CreateButton::new(ComponentId::QuizAnswer { quiz, round }.to_string())
                    .label("Answer")
                    .emoji('✏')
                    .style(ButtonStyle::Primary),
            );
            if channel_answers { "Type your answer in this channel, or press Answer" } else { "Press Answer" }
        }
    };
    let stop = ComponentId::QuizStop { quiz }.to_string();
    buttons.push(CreateButton::new(stop).label("Stop quiz").style(ButtonStyle::Danger));
    let embed = CreateEmbed::new()
        .title(format!("Question {round} of {}", game.rounds()))
        .description(clip(&description, MAX_DESCRIPTION))
        .colour(COLOUR)
        .footer(CreateEmbedFooter::new(format!(
            "{how}: your first answer counts. The answer is revealed in {seconds} s."
        )));
    Post { embed: Some(embed), components: vec![CreateActionRow::Buttons(buttons)], ..Post::default() }
}

/// The form that takes a typed answer.
pub fn quiz_answer_form(quiz: u64, round: usize, prompt: &str) -> CreateInteractionResponse {
    let input = CreateInputText::new(InputTextStyle::Paragraph, "Your answer", "answer")
        .placeholder(clip(prompt, MAX_OPTION_TEXT))
        .max_length(500)
        .required(true);
    CreateInteractionResponse::Modal(
        CreateModal::new(
            ComponentId::QuizTyped { quiz, round }.to_string(),
            clip(&format!("Question {round}"), MAX_MODAL_TITLE),
        )
        .components(vec![CreateActionRow::InputText(input)]),
    )
}

/// Students as mentions (shown as names; the message allows no mention, so nobody is pinged).
fn people(users: impl Iterator<Item = u64>) -> String {
    let users: Vec<u64> = users.collect();
    let mut text: Vec<String> = users.iter().take(40).map(|u| format!("<@{u}>")).collect();
    if users.len() > 40 {
        text.push(format!("and {} more", users.len() - 40));
    }
    text.join(" ")
}

/// The end of a round: the model answer and its sources, who was right, and (at the end) the
/// scores of the game.
pub fn quiz_reveal(kb: &KnowledgeBase, reveal: &Reveal, finished: Option<&[(u64, Score)]>, stopped: bool) -> Post {
    let question = &reveal.question;
    let footer = footer_text(kb, None);
    let mut budget = Budget::with_footer(&footer);
    let title = budget.take(&format!("Answer {} of {}: {}", reveal.round, reveal.rounds, question.prompt), MAX_TITLE);
    let right = match &reveal.choices {
        Some(choices) => format!("**{}) {}**", LETTERS[choices.correct], question.short),
        None => format!("**{}**", question.short),
    };
    let description = budget.take(&format!("{right}\n\n{}", question.answer), MAX_DESCRIPTION);
    let mut embed =
        CreateEmbed::new().title(title.unwrap_or_default()).description(description.unwrap_or_default()).colour(COLOUR);
    let endnotes: Vec<&Endnote> = question.endnotes.iter().filter_map(|n| kb.endnote(*n)).collect();
    if !endnotes.is_empty()
        && let Some(text) = budget.take(&sources_field(&endnotes), MAX_FIELD)
    {
        embed = embed.field("Sources", text, false);
    }
    let group = |keep: fn(&quiz::Answered) -> bool| people(reveal.answers.iter().filter(|a| keep(a)).map(|a| a.user));
    let verdicts = [
        ("Right", group(|a| a.correct)),
        ("Partly right", group(|a| a.partly)),
        ("Not quite", group(|a| !a.correct && !a.partly)),
    ];
    for (name, list) in verdicts {
        if !list.is_empty()
            && let Some(text) = budget.take(&list, MAX_FIELD)
        {
            embed = embed.field(name, text, true);
        }
    }
    if reveal.answers.is_empty() {
        embed = embed.field("Answers", "Nobody answered this one.", false);
    }
    if let Some(scores) = finished {
        let lines: Vec<String> = scores
            .iter()
            .take(20)
            .enumerate()
            .map(|(i, (user, s))| format!("{}. <@{user}>: {} right of {}", i + 1, s.right, s.answered))
            .collect();
        let text = if lines.is_empty() { "No answers.".to_owned() } else { lines.join("\n") };
        let name = if stopped { "Quiz stopped. Scores" } else { "Quiz over. Scores" };
        if let Some(text) = budget.take(&text, MAX_FIELD) {
            embed = embed.field(name, text, false);
        }
    }
    embed = embed.footer(CreateEmbedFooter::new(footer));
    Post { embed: Some(embed), ..Post::default() }
}

/// `/leaderboard`: the server's best quiz players.
pub fn leaderboard(standings: &[Standing]) -> CreateInteractionResponse {
    let lines: Vec<String> = standings
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{}. <@{}>: {} right of {} answered", i + 1, s.user, s.right, s.answered))
        .collect();
    let description =
        if lines.is_empty() { "Nobody has played yet. Start with /quiz.".to_owned() } else { lines.join("\n") };
    let embed =
        CreateEmbed::new().title("Quiz leaderboard").description(clip(&description, MAX_DESCRIPTION)).colour(COLOUR);
    CreateInteractionResponse::Message(message().embed(embed))
}

/// `/compare`: two cards side by side, a row a question, then the paper's own comparison.
pub fn compare(kb: &KnowledgeBase, c: &Comparison<'_>) -> CreateInteractionResponse {
    let footer = footer_text(kb, None);
    let mut budget = Budget::with_footer(&footer);
    let left = clip(&c.left.title, 100);
    let right = clip(&c.right.title, 100);
    let title = budget.take(&format!("{left} \u{2194} {right}"), MAX_TITLE).unwrap_or_default();
    let description = budget.take(&format!("Left: **{left}**\nRight: **{right}**"), MAX_DESCRIPTION);
    let mut embed = CreateEmbed::new().title(title).description(description.unwrap_or_default()).colour(COLOUR);
    let silent = "the paper does not say";
    for row in &c.rows {
        if row.left.is_none() && row.right.is_none() {
            continue;
        }
        let l = budget.take(row.left.as_deref().unwrap_or(silent), 300).unwrap_or_default();
        let r = budget.take(row.right.as_deref().unwrap_or(silent), 300).unwrap_or_default();
        if l.is_empty() || r.is_empty() {
            break;
        }
        embed = embed.field(row.label, l, true).field(row.label, r, true).field("\u{200b}", "\u{200b}", true);
    }
    let paper = if c.paper.is_empty() {
        "The paper does not set these two against each other; open each for what it says of them.".to_owned()
    } else {
        c.paper.iter().map(|p| p.text.trim().to_owned()).collect::<Vec<_>>().join("\n\n")
    };
    if let Some(text) = budget.take(&paper, MAX_FIELD) {
        embed = embed.field("The paper's comparison", text, false);
    }
    let buttons = [c.left, c.right]
        .iter()
        .map(|e| CreateButton::new(open_id(&e.id)).label(clip(&e.title, MAX_LABEL)).style(ButtonStyle::Secondary))
        .collect();
    CreateInteractionResponse::Message(
        message()
            .embed(embed.footer(CreateEmbedFooter::new(footer)))
            .components(vec![CreateActionRow::Buttons(buttons)]),
    )
}

/// `/timeline`: one page of the chronology, each event with its endnotes and a menu to open
/// its entry, and buttons to turn the page (`turned`: the page replaces the one shown).
pub fn timeline(kb: &KnowledgeBase, page: &Page<'_>, turned: bool) -> CreateInteractionResponse {
    let year = |y: Option<i32>| y.map(|y| y.to_string()).unwrap_or_default();
    let span = match (page.from, page.to) {
        (None, None) => String::new(),
        (from, to) => format!(", {}\u{2013}{}", year(from), year(to)),
    };
    let mut lines = Vec::new();
    for event in page.events {
        let notes: Vec<String> = event
            .endnotes
            .iter()
            .filter_map(|n| kb.endnote(*n))
            .map(|e| match &e.url {
                Some(url) => format!("[[{}]](<{url}>)", e.number),
                None => format!("[{}]", e.number),
            })
            .collect();
        let notes = if notes.is_empty() { String::new() } else { format!(" {}", notes.join(" ")) };
        lines.push(format!("**{}** \u{2014} {}{notes}", event.date, clip(&event.what, 300)));
    }
    let description = if lines.is_empty() {
        "No event of the paper falls in those years. The paper's dates run from 1978 to 2021.".to_owned()
    } else {
        lines.join("\n\n")
    };
    let embed = CreateEmbed::new()
        .title(format!("Timeline{span}"))
        .description(clip(&description, MAX_DESCRIPTION))
        .colour(COLOUR)
        .footer(CreateEmbedFooter::new(format!(
            "Page {} of {} \u{b7} {} events \u{b7} {}",
            page.number + 1,
            page.pages,
            page.total,
            kb.paper().title
        )));
    let mut components = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut options: Vec<CreateSelectMenuOption> = Vec::new();
    for event in page.events {
        let Some(entry) = event.entry.as_deref().and_then(|id| kb.entry(id)) else { continue };
        if seen.contains(&entry.id.as_str()) || options.len() == MAX_OPTIONS {
            continue;
        }
        seen.push(&entry.id);
        options.push(
            CreateSelectMenuOption::new(
                clip(&format!("{}: {}", event.date, entry.title), MAX_OPTION_TEXT),
                open_id(&entry.id),
            )
            .description(clip(&event.what, MAX_OPTION_TEXT)),
        );
    }
    if !options.is_empty() {
        let menu = CreateSelectMenu::new(ComponentId::EntryMenu.to_string(), CreateSelectMenuKind::String { options })
            .placeholder("Read more about…");
        components.push(CreateActionRow::SelectMenu(menu));
    }
    if page.pages > 1 {
        let id = |n: usize| ComponentId::Timeline { from: page.from, to: page.to, page: n }.to_string();
        components.push(CreateActionRow::Buttons(vec![
            CreateButton::new(id(page.number.saturating_sub(1)))
                .label("Earlier")
                .style(ButtonStyle::Secondary)
                .disabled(page.number == 0),
            CreateButton::new(id(page.number + 1))
                .label("Later")
                .style(ButtonStyle::Secondary)
                .disabled(page.number + 1 >= page.pages),
        ]));
    }
    let reply = message().embed(embed).components(components);
    if turned { CreateInteractionResponse::UpdateMessage(reply) } else { CreateInteractionResponse::Message(reply) }
}
