//! The slash commands: as registered with Discord, and as read back from an interaction.
//!
//! A command's name and options are read in one place, [`Command::parse`], into a typed
//! [`Command`]; the handlers take its fields and never look at option names. The registration
//! ([`registered`]) sits next to it so that a new option is added to both at once.

use serenity::all::{CommandData, CommandOptionType, CreateCommand, CreateCommandOption, Permissions, ResolvedValue};

use crate::knowledge::KnowledgeBase;

/// A slash command with its options, as a student or moderator used it.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Ask {
        question: String,
        private: Option<bool>,
    },
    Norm {
        name: String,
    },
    Source {
        number: Option<u32>,
    },
    Topics {
        section: Option<String>,
    },
    Compare {
        a: String,
        b: String,
    },
    /// The years in order, whichever way round they were given.
    Timeline {
        from: Option<i32>,
        to: Option<i32>,
    },
    About,
    Help,
    Quiz {
        topic: Option<String>,
        rounds: Option<usize>,
        choices: bool,
    },
    Leaderboard,
    Stats,
    Review,
    Teach,
    Reload {
        confirm: bool,
    },
    /// A command this version does not know (registered by another version of the bot).
    Unknown {
        name: String,
    },
}

impl Command {
    /// Reads a command's name and options. A missing or mistyped option is left out (`None`,
    /// an empty text, `false`): Discord enforces the registered types and required options.
    pub fn parse(data: &CommandData) -> Command {
        let options = data.options();
        let value = |name: &str| options.iter().find(|o| o.name == name).map(|o| &o.value);
        let text = |name: &str| match value(name) {
            Some(ResolvedValue::String(s)) => Some((*s).to_owned()),
            _ => None,
        };
        let integer = |name: &str| match value(name) {
            Some(ResolvedValue::Integer(n)) => Some(*n),
            _ => None,
        };
        let boolean = |name: &str| match value(name) {
            Some(ResolvedValue::Boolean(b)) => Some(*b),
            _ => None,
        };
        match data.name.as_str() {
            "ask" => Command::Ask { question: text("question").unwrap_or_default(), private: boolean("private") },
            "norm" => Command::Norm { name: text("name").unwrap_or_default() },
            "source" => Command::Source { number: integer("number").and_then(|n| u32::try_from(n).ok()) },
            "topics" => Command::Topics { section: text("section") },
            "compare" => Command::Compare { a: text("a").unwrap_or_default(), b: text("b").unwrap_or_default() },
            "timeline" => {
                let year = |name: &str| integer(name).and_then(|n| i32::try_from(n).ok());
                let (from, to) = match (year("from"), year("to")) {
                    (Some(from), Some(to)) if from > to => (Some(to), Some(from)),
                    other => other,
                };
                Command::Timeline { from, to }
            }
            "about" => Command::About,
            "help" => Command::Help,
            "quiz" => Command::Quiz {
                topic: text("topic"),
                rounds: integer("rounds").and_then(|n| usize::try_from(n).ok()),
                choices: boolean("choices").unwrap_or(false),
            },
            "leaderboard" => Command::Leaderboard,
            "stats" => Command::Stats,
            "review" => Command::Review,
            "teach" => Command::Teach,
            "reload" => Command::Reload { confirm: boolean("confirm").unwrap_or(false) },
            other => Command::Unknown { name: other.to_owned() },
        }
    }
}

/// The slash commands, as registered with Discord.
pub fn registered(kb: &KnowledgeBase) -> Vec<CreateCommand> {
    let mut topics = CreateCommand::new("topics").description("Browse the paper part by part");
    if !kb.sections().is_empty() {
        let option =
            CreateCommandOption::new(CommandOptionType::String, "section", "Go straight to one part of the paper");
        topics = topics.add_option(section_choices(kb, option));
    }
    vec![
        CreateCommand::new("ask")
            .description("Ask a question about the paper, in your own words")
            .add_option(
                CreateCommandOption::new(CommandOptionType::String, "question", "e.g. what is the public core norm?")
                    .required(true),
            )
            .add_option(CreateCommandOption::new(CommandOptionType::Boolean, "private", "Show the answer only to you")),
        CreateCommand::new("norm")
            .description("A norm or initiative the paper discusses: wording, proposer, sources")
            .add_option(
                CreateCommandOption::new(CommandOptionType::String, "name", "Start typing a name, e.g. public core")
                    .required(true)
                    .set_autocomplete(true),
            ),
        CreateCommand::new("source")
            .description("One of the paper's endnotes: full citation, link, what cites it")
            .add_option(
                CreateCommandOption::new(CommandOptionType::Integer, "number", "The endnote number")
                    .required(true)
                    .min_int_value(1)
                    .max_int_value(u64::from(kb.paper().endnote_count.max(1)))
                    .set_autocomplete(true),
            ),
        topics,
        quiz(kb),
        CreateCommand::new("leaderboard").description("This server's best quiz players"),
        CreateCommand::new("compare")
            .description("Two norms or initiatives side by side, with the paper's own comparison")
            .add_option(
                CreateCommandOption::new(CommandOptionType::String, "a", "A norm or initiative, e.g. vulnerability")
                    .required(true)
                    .set_autocomplete(true),
            )
            .add_option(
                CreateCommandOption::new(CommandOptionType::String, "b", "Another, e.g. tampering")
                    .required(true)
                    .set_autocomplete(true),
            ),
        CreateCommand::new("timeline")
            .description("The paper's chronology, from the first email in 1987 to the 2021 reports")
            .add_option(
                CreateCommandOption::new(CommandOptionType::Integer, "from", "First year, e.g. 2014")
                    .min_int_value(1900)
                    .max_int_value(2100),
            )
            .add_option(
                CreateCommandOption::new(CommandOptionType::Integer, "to", "Last year, e.g. 2018")
                    .min_int_value(1900)
                    .max_int_value(2100),
            ),
        CreateCommand::new("about").description("The paper, its author and the series it belongs to"),
        CreateCommand::new("help").description("What this bot can do"),
        CreateCommand::new("stats")
            .description("Moderators: questions this week, answer rate, top entries and unanswered")
            .default_member_permissions(Permissions::MANAGE_GUILD),
        CreateCommand::new("review")
            .description("Moderators: unanswered and down-voted questions, with one-click fixes")
            .default_member_permissions(Permissions::MANAGE_GUILD),
        CreateCommand::new("teach")
            .description("Moderators: add a phrasing to an entry, or a new Q&A entry")
            .default_member_permissions(Permissions::MANAGE_GUILD),
        CreateCommand::new("reload")
            .description("Moderators: load the knowledge files again (a broken edit changes nothing)")
            .default_member_permissions(Permissions::MANAGE_GUILD)
            .add_option(CreateCommandOption::new(
                CommandOptionType::Boolean,
                "confirm",
                "Accept an edit that removes many entries (a held reload)",
            )),
    ]
}

/// `option` offering the paper's sections (Discord allows 25 choices).
fn section_choices(kb: &KnowledgeBase, mut option: CreateCommandOption) -> CreateCommandOption {
    for section in kb.sections().iter().take(25) {
        option = option.add_string_choice(super::render::clip(&section.title, 100), section.id.clone());
    }
    option
}

fn quiz(kb: &KnowledgeBase) -> CreateCommand {
    let topic = section_choices(
        kb,
        CreateCommandOption::new(CommandOptionType::String, "topic", "Questions from one part of the paper"),
    );
    CreateCommand::new("quiz")
        .description("A quiz on the paper in this channel: answer before time is up")
        .add_option(topic)
        .add_option(
            CreateCommandOption::new(CommandOptionType::Integer, "rounds", "How many questions (default 3)")
                .min_int_value(1)
                .max_int_value(25),
        )
        .add_option(CreateCommandOption::new(CommandOptionType::Boolean, "choices", "Multiple choice (A to D)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str, options: serde_json::Value) -> Command {
        let data = serde_json::json!({"id": "1", "name": name, "type": 1, "options": options});
        Command::parse(&serde_json::from_value::<CommandData>(data).unwrap())
    }

    #[test]
    fn options_are_read_once_into_typed_fields() {
        let ask = serde_json::json!([{"name": "question", "type": 3, "value": "what is x?"}]);
        assert_eq!(parse("ask", ask), Command::Ask { question: "what is x?".into(), private: None });
        let years =
            serde_json::json!([{"name": "from", "type": 4, "value": 2016}, {"name": "to", "type": 4, "value": 2014}]);
        assert_eq!(parse("timeline", years), Command::Timeline { from: Some(2014), to: Some(2016) });
        let quiz = serde_json::json!([{"name": "rounds", "type": 4, "value": 5}, {"name": "choices", "type": 5, "value": true}]);
        assert_eq!(parse("quiz", quiz), Command::Quiz { topic: None, rounds: Some(5), choices: true });
        let confirm = serde_json::json!([{"name": "confirm", "type": 5, "value": true}]);
        assert_eq!(parse("reload", confirm), Command::Reload { confirm: true });
        assert_eq!(parse("reload", serde_json::json!([])), Command::Reload { confirm: false });
        assert_eq!(
            parse("source", serde_json::json!([{"name": "number", "type": 4, "value": -3}])),
            Command::Source { number: None }
        );
        assert_eq!(parse("dance", serde_json::json!([])), Command::Unknown { name: "dance".into() });
    }

    #[test]
    fn every_registered_command_is_parsed_as_itself() {
        let kb = KnowledgeBase::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge"))).unwrap();
        for command in registered(&kb) {
            let name = serde_json::to_value(&command).unwrap()["name"].as_str().unwrap().to_owned();
            assert_ne!(parse(&name, serde_json::json!([])), Command::Unknown { name: name.clone() }, "/{name}");
        }
    }
}
