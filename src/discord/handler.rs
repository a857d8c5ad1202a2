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
    CommandInteraction, ComponentInteraction, Context, CreateAutocompleteResponse, CreateInteractionResponse,
    EventHandler, Http, Interaction, Message, Ready, UserId,
};
use serenity::builder::Builder;

mod ask;
mod browse;
mod moderate;
mod state;
mod study;

use super::command::Command;
use super::component::ComponentId;
use super::render;
use super::render::study as study_view;
use super::telemetry;
use crate::config;
use crate::knowledge::KnowledgeBase;
use crate::knowledge::edit::Editor;
use crate::live::LiveKnowledge;
use crate::matcher::Matcher;
use crate::reply::Language;
use crate::store::Store;
pub use moderate::watch_knowledge;
use moderate::{Answered, report_reload};
use state::StateWorker;

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
            quizzes: Arc::new(study::Quizzes::in_memory()),
        }
    }

    /// Remembers questions and votes in `store` (the review queue and /stats need it).
    pub fn with_store(mut self, store: Arc<Store>, log_user_ids: bool) -> Self {
        self.state = Some(StateWorker::start(store.clone()));
        self.quizzes = Arc::new(study::Quizzes::on(store.clone()));
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
                metrics::counter!(telemetry::ERRORS, "kind" => "panic").increment(1);
                tracing::error!(interaction = what, panic = message, "handler panicked");
                fallback()
            }
        }
    }
}

impl Handler {
    /// The answer to one interaction, and a reload to report once it is sent: the one place
    /// where interactions are told apart, each custom id parsed once ([`ComponentId`]).
    async fn answer(&self, http: &Arc<Http>, interaction: &Interaction) -> Option<Answered> {
        let started = Instant::now();
        let answered = Some(match interaction {
            Interaction::Command(command) => self.command(http, command).await,
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
                // Graded off the event loop, where a panic is caught and logged (`study`).
                Ok(ComponentId::QuizTyped { quiz, round }) => self.quiz_typed(modal, quiz, round).await.into(),
                _ => render::notice(render::EXPIRED).into(),
            },
            _ => return None,
        });
        let kind = match interaction {
            Interaction::Command(_) => "command",
            Interaction::Autocomplete(_) => "autocomplete",
            Interaction::Component(_) => "component",
            _ => "modal",
        };
        metrics::histogram!(telemetry::ANSWER_SECONDS, "kind" => kind).record(started.elapsed().as_secs_f64());
        answered
    }

    /// The response to one interaction that came over HTTP (`normbot serve`), to be sent as the
    /// HTTP answer; a reload it caused is reported to the moderators' channel meanwhile. None for
    /// an interaction type the bot does not handle.
    pub async fn respond(&self, http: &Arc<Http>, interaction: &Interaction) -> Option<CreateInteractionResponse> {
        let answered = self.answer(http, interaction).await?;
        if let Some(reload) = answered.reload {
            let (http, channel) = (http.clone(), self.config.moderator_channel_id);
            tokio::spawn(async move { report_reload(&http, channel, &reload).await });
        }
        Some(answered.response)
    }

    async fn command(&self, http: &Arc<Http>, command: &CommandInteraction) -> Answered {
        let parsed = Command::parse(&command.data);
        if let Command::Ask { question, .. } = &parsed
            && question.chars().count() <= render::MAX_QUESTION
            && let Some(wait) = self.cooldown(command.user.id).await
        {
            let language = Language::for_asker(question, Language::of_locale(&command.locale));
            return render::cooldown(wait, language).interaction().into();
        }
        match parsed {
            Command::Reload { confirm } => self.reload_command(command, confirm).await,
            Command::Teach if self.is_moderator(command.member.as_deref()) => render::teach_modal(None).into(),
            Command::Teach => render::notice("Only moderators can change the knowledge.").into(),
            Command::Quiz { topic, rounds, choices } => {
                self.quiz_command(http, command, topic, rounds, choices).await.into()
            }
            Command::Leaderboard => self.leaderboard(command).await.into(),
            Command::Stats | Command::Review => self.moderator_command(command, &parsed).await.into(),
            parsed => {
                let session = self.session();
                let name = command.data.name.as_str();
                self.guarded(name, || session.command(command, parsed), render::something_went_wrong).into()
            }
        }
    }

    async fn component(&self, component: &ComponentInteraction, id: ComponentId) -> Answered {
        match id {
            ComponentId::QuizPick { .. } | ComponentId::QuizAnswer { .. } | ComponentId::QuizStop { .. } => {
                self.quiz_component(component, &id).await.into()
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
        // Rounds of quizzes left running by an earlier run (or another process) are revealed.
        self.start_quiz_clock(&ctx.http);
        super::register_commands(&ctx.http, &self.config.guild_ids, self.live.current().knowledge()).await;
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let Some(answered) = self.answer(&ctx.http, &interaction).await else { return };
        // The one place an interaction is answered; the answer is the first REST call it makes.
        let result = answered.response.execute(&ctx.http, (interaction.id(), interaction.token())).await;
        if let Err(error) = result {
            // Discord failing (500s, rate limits) fails every reply at once: log once a minute.
            metrics::counter!(telemetry::ERRORS, "kind" => "reply").increment(1);
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
