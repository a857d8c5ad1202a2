//! Interactions in, replies out: the one place that reads serenity's interaction types.
//!
//! This root holds the [`Handler`], the commands as registered and the dispatch of each
//! interaction; what the commands do lives in one module per concern: [`ask`], [`browse`],
//! [`moderate`] and [`study`] (with [`state`], the database thread they share).

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serenity::all::{
    CommandInteraction, CommandOptionType, ComponentInteraction, Context, CreateAutocompleteResponse, CreateCommand,
    CreateCommandOption, CreateInteractionResponse, EventHandler, GuildId, Interaction, Message, Permissions, Ready,
    UserId,
};
use serenity::builder::Builder;

mod ask;
mod browse;
mod moderate;
mod state;
mod study;

use super::component::ComponentId;
use super::render;
use super::render::study as study_view;
use crate::config;
use crate::knowledge::KnowledgeBase;
use crate::knowledge::edit::Editor;
use crate::live::LiveKnowledge;
use crate::matcher::Matcher;
use crate::store::Store;
pub use moderate::watch_knowledge;
use moderate::{Answered, report_reload};
use state::StateWorker;

/// The slash commands, as registered with Discord.
pub fn commands(kb: &KnowledgeBase) -> Vec<CreateCommand> {
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
        quiz_command(kb),
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
        option = option.add_string_choice(render::clip(&section.title, 100), section.id.clone());
    }
    option
}

fn quiz_command(kb: &KnowledgeBase) -> CreateCommand {
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

/// The bot's event handler.
pub struct Handler {
    live: Arc<LiveKnowledge>,
    config: config::Discord,
    asked: Mutex<HashMap<UserId, Instant>>,
    store: Option<Arc<Store>>,
    /// Every SQLite call of the handler's own, off the runtime's threads (study's quiz scores run
    /// in `spawn_blocking`).
    state: Option<StateWorker>,
    editor: Option<Arc<Editor>>,
    log_user_ids: bool,
    store_failures: Arc<Throttle>,
    reply_failures: Throttle,
    quizzes: Arc<study::Quizzes>,
}

/// Lets a repeated failure be logged once a minute (with how many were not), not once a question.
#[derive(Debug, Default)]
struct Throttle {
    last: Mutex<Option<Instant>>,
    suppressed: std::sync::atomic::AtomicU64,
}

impl Throttle {
    /// Some(number suppressed since the last log) when this failure should be logged.
    fn allow(&self) -> Option<u64> {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if last.is_some_and(|t| now.duration_since(t) < Duration::from_secs(60)) {
            self.suppressed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return None;
        }
        *last = Some(now);
        Some(self.suppressed.swap(0, std::sync::atomic::Ordering::Relaxed))
    }
}

/// One interaction's view: the knowledge current when it arrived, kept until it is answered.
struct Session<'a> {
    matcher: Arc<Matcher>,
    handler: &'a Handler,
}

impl Handler {
    pub fn new(live: Arc<LiveKnowledge>, config: config::Discord) -> Self {
        Handler {
            live,
            config,
            asked: Mutex::new(HashMap::new()),
            store: None,
            state: None,
            editor: None,
            log_user_ids: false,
            store_failures: Arc::default(),
            reply_failures: Throttle::default(),
            quizzes: Arc::default(),
        }
    }

    /// Remembers questions and votes in `store` (the review queue and /stats need it).
    pub fn with_store(mut self, store: Arc<Store>, log_user_ids: bool) -> Self {
        self.state = Some(StateWorker::start(store.clone()));
        self.store = Some(store);
        self.log_user_ids = log_user_ids;
        self
    }

    /// Lets moderators edit the knowledge from the review queue.
    pub fn with_editor(mut self, editor: Arc<Editor>) -> Self {
        self.editor = Some(editor);
        self
    }

    fn session(&self) -> Session<'_> {
        Session { matcher: self.live.current(), handler: self }
    }

    /// Turns a panic while building a reply into "something went wrong", logged in full.
    fn guarded<T>(&self, what: &str, build: impl FnOnce() -> T, fallback: impl FnOnce() -> T) -> T {
        match std::panic::catch_unwind(AssertUnwindSafe(build)) {
            Ok(response) => response,
            Err(panic) => {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                tracing::error!(interaction = what, panic = message, "handler panicked");
                fallback()
            }
        }
    }
}

impl Handler {
    /// The answer to one interaction, and a reload to report once it is sent: the one place
    /// where interactions are told apart, each custom id parsed once ([`ComponentId`]).
    async fn answer(&self, ctx: &Context, interaction: &Interaction) -> Option<Answered> {
        Some(match interaction {
            Interaction::Command(command) => self.command(ctx, command).await,
            Interaction::Autocomplete(command) => {
                let session = self.session();
                let empty = || CreateInteractionResponse::Autocomplete(CreateAutocompleteResponse::new());
                self.guarded("autocomplete", || session.autocomplete(command), empty).into()
            }
            Interaction::Component(component) => match component.data.custom_id.parse::<ComponentId>() {
                Ok(id) => self.component(component, id).await,
                Err(_) => render::notice(render::EXPIRED).into(),
            },
            Interaction::Modal(modal) => match modal.data.custom_id.parse::<ComponentId>() {
                Ok(ComponentId::Teach) => self.teach_submitted(modal).await,
                Ok(ComponentId::QuizTyped { quiz, round }) => {
                    let typed = || self.quiz_typed(modal, quiz, round);
                    self.guarded("quiz answer", typed, render::something_went_wrong).into()
                }
                _ => render::notice(render::EXPIRED).into(),
            },
            _ => return None,
        })
    }

    async fn command(&self, ctx: &Context, command: &CommandInteraction) -> Answered {
        match command.data.name.as_str() {
            "reload" => self.reload_command(command).await,
            "teach" if self.is_moderator(command.member.as_deref()) => render::teach_modal(None).into(),
            "teach" => render::notice("Only moderators can change the knowledge.").into(),
            "quiz" => self.quiz_command(ctx, command).await.into(),
            "leaderboard" => self.leaderboard(command).await.into(),
            "stats" | "review" => self.moderator_command(command).await.into(),
            name => {
                let session = self.session();
                self.guarded(name, || session.command(command), render::something_went_wrong).into()
            }
        }
    }

    async fn component(&self, component: &ComponentInteraction, id: ComponentId) -> Answered {
        match id {
            ComponentId::QuizPick { .. } | ComponentId::QuizAnswer { .. } | ComponentId::QuizStop { .. } => {
                self.guarded("quiz", || self.quiz_component(component, &id), render::something_went_wrong).into()
            }
            ComponentId::Vote { .. }
            | ComponentId::ReviewAdd { .. }
            | ComponentId::ReviewPick { .. }
            | ComponentId::ReviewTo { .. }
            | ComponentId::ReviewNew { .. }
            | ComponentId::ReviewDismiss { .. } => self.feedback_or_review(component, id).await,
            ComponentId::Open { .. } | ComponentId::EntryMenu | ComponentId::Topics | ComponentId::Timeline { .. } => {
                let session = self.session();
                self.guarded("component", || session.component(component, id.clone()), render::something_went_wrong)
                    .into()
            }
            // Forms are modals, never components.
            ComponentId::Teach | ComponentId::QuizTyped { .. } => render::notice(render::EXPIRED).into(),
        }
    }
}

impl Session<'_> {
    fn kb(&self) -> &KnowledgeBase {
        self.matcher.knowledge()
    }
}

#[serenity::async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        tracing::info!(user = %ready.user.name, guilds = ready.guilds.len(), "connected");
        let commands = commands(self.live.current().knowledge());
        if self.config.guild_ids.is_empty() {
            if let Err(error) = serenity::all::Command::set_global_commands(&ctx.http, commands).await {
                tracing::error!(%error, "could not register the global commands");
            }
        } else {
            for &guild in &self.config.guild_ids {
                if let Err(error) = GuildId::new(guild).set_commands(&ctx.http, commands.clone()).await {
                    tracing::error!(%error, guild, "could not register the commands in a server");
                }
            }
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let Some(answered) = self.answer(&ctx, &interaction).await else { return };
        // The one place an interaction is answered; the answer is the first REST call it makes.
        let result = answered.response.execute(&ctx.http, (interaction.id(), interaction.token())).await;
        if let Err(error) = result {
            // Discord failing (500s, rate limits) fails every reply at once: log once a minute.
            if let Some(suppressed) = self.reply_failures.allow() {
                tracing::error!(%error, suppressed, "could not send a reply");
            }
        }
        if let Some(reload) = answered.reload {
            report_reload(&ctx.http, self.config.moderator_channel_id, &reload).await;
        }
    }

    async fn message(&self, ctx: Context, message: Message) {
        if message.author.bot {
            return;
        }
        let me = ctx.cache.current_user().id;
        if self.config.mention_mode && message.mentions_user_id(me) {
            self.mentioned(&ctx, &message).await;
        } else {
            self.quiz_message(&ctx, &message).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Throttle;

    #[test]
    fn a_repeated_failure_is_logged_once_a_minute() {
        let throttle = Throttle::default();
        assert_eq!(throttle.allow(), Some(0));
        assert_eq!(throttle.allow(), None);
        assert_eq!(throttle.allow(), None);
        assert_eq!(throttle.suppressed.load(std::sync::atomic::Ordering::Relaxed), 2);
    }
}
