//! Interactions in, replies out: the one place that reads serenity's interaction types.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serenity::all::{
    AutocompleteChoice, CommandInteraction, CommandOptionType, ComponentInteraction, ComponentInteractionDataKind,
    Context, CreateAllowedMentions, CreateAutocompleteResponse, CreateCommand, CreateCommandOption,
    CreateInteractionResponse, EventHandler, GuildId, Interaction, Message, Permissions, Ready, ResolvedValue, UserId,
};

mod state;
mod study;

use super::render;
use super::render::study as study_view;
use crate::config;
use crate::knowledge::edit::{Edit, EditError, Editor};
use crate::knowledge::{EntryKind, KnowledgeBase};
use crate::live::{LiveKnowledge, Watch};
use crate::matcher::Matcher;
use crate::reply::Reply;
use crate::store::{Asked, Store};
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
            .default_member_permissions(Permissions::MANAGE_GUILD),
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

/// Who asked, and where.
#[derive(Debug, Clone, Copy)]
struct Asker {
    user: UserId,
    guild: Option<u64>,
    channel: Option<u64>,
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

    /// Logs a question without waiting for the database: the answer carries an id handed out in
    /// memory and the question is written on the state thread. A failing store is logged (once a
    /// minute) and otherwise ignored; an answer whose question is never written gets no vote
    /// buttons if that is known in time (the queue full), else votes on it are refused as too old.
    fn log(&self, asker: Asker, question: &str, reply: &Reply) -> Option<i64> {
        let state = self.state.as_ref()?;
        let id = state.store().reserve_question_id();
        let user = self.log_user_ids.then_some(asker.user.get());
        let (at, text, status, score) = (crate::store::now(), question.to_owned(), reply.status, reply.score);
        let entry = reply.answer.as_ref().map(|a| a.id.clone());
        let failures = self.store_failures.clone();
        let queued = state.submit(move |store| {
            let asked = Asked {
                guild: asker.guild,
                channel: asker.channel,
                user,
                at,
                text: &text,
                status,
                score,
                entry: entry.as_deref(),
            };
            if let Err(error) = store.log_question_as(id, &asked)
                && let Some(suppressed) = failures.allow()
            {
                tracing::warn!(%error, suppressed, "could not log a question; answering anyway");
            }
        });
        match queued {
            Ok(()) => Some(id),
            Err(error) => {
                if let Some(suppressed) = self.store_failures.allow() {
                    tracing::warn!(%error, suppressed, "could not log a question; answering anyway");
                }
                None
            }
        }
    }

    fn session(&self) -> Session<'_> {
        Session { matcher: self.live.current(), handler: self }
    }

    /// Seconds the user still has to wait, or None (and the clock restarts) when they may ask.
    fn cooldown(&self, user: UserId) -> Option<f64> {
        let period = Duration::from_secs_f64(self.config.cooldown_seconds);
        if period.is_zero() {
            return None;
        }
        let now = Instant::now();
        let mut asked = self.asked.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(last) = asked.get(&user) {
            let waited = now.duration_since(*last);
            if waited < period {
                return Some((period - waited).as_secs_f64());
            }
        }
        asked.insert(user, now);
        if asked.len() > 10_000 {
            asked.retain(|_, t| now.duration_since(*t) < period);
        }
        None
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
    /// Whether the member who used a command may moderate: one of the configured roles, or
    /// Manage Server when no role is configured.
    fn is_moderator(&self, member: Option<&serenity::all::Member>) -> bool {
        let Some(member) = member else { return false };
        if self.config.moderator_role_ids.is_empty() {
            member.permissions.is_some_and(|p| p.manage_guild())
        } else {
            member.roles.iter().any(|r| self.config.moderator_role_ids.contains(&r.get()))
        }
    }

    async fn moderator_command(&self, command: &CommandInteraction) -> CreateInteractionResponse {
        if !self.is_moderator(command.member.as_deref()) {
            return render::notice("Only moderators can see this.");
        }
        let Some(state) = &self.state else {
            return render::notice("No state database is configured, so there is nothing to show.");
        };
        let live = self.live.current();
        let name = command.data.name.clone();
        let result = state
            .run(move |store| {
                if name == "stats" {
                    store
                        .usage(crate::store::now() - 7 * 86_400)
                        .map(|usage| render::stats(live.knowledge(), &usage, 7))
                } else {
                    store.needing_review(200).map(|items| {
                        let rows = crate::review::group(&live, &items);
                        let rows: Vec<(i64, crate::review::ReviewRow)> = rows
                            .into_iter()
                            .filter_map(|row| store.question_id(&row.question).ok().flatten().map(|id| (id, row)))
                            .collect();
                        render::review(live.knowledge(), &rows)
                    })
                }
            })
            .await;
        match result {
            Ok(response) => response,
            Err(error) => {
                tracing::error!(%error, "the state database failed");
                render::notice("The state database is not available right now; answering goes on. See the log.")
            }
        }
    }

    async fn feedback_or_review(&self, component: &ComponentInteraction) -> Answered {
        let custom = component.data.custom_id.as_str();
        let Some(state) = &self.state else {
            return render::notice("Feedback is not recorded here.").into();
        };
        if let Some(vote) = custom.strip_prefix(render::VOTE) {
            let (up, id) = vote.split_once(':').unwrap_or_default();
            let Ok(id) = id.parse::<i64>() else { return render::notice("That button has expired.").into() };
            let (voter, up) = (component.user.id.get(), up == "1");
            return match state.run(move |store| store.vote(id, voter, up, crate::store::now())).await {
                Ok(true) => render::notice("Thanks: your vote is counted (voting again replaces it)."),
                Ok(false) => render::notice("That answer is too old to vote on."),
                Err(error) => {
                    tracing::warn!(%error, "could not record a vote");
                    render::notice("Your vote could not be recorded right now, sorry.")
                }
            }
            .into();
        }
        if !self.is_moderator(component.member.as_ref()) {
            tracing::warn!(user = %component.user.id, "a non-moderator pressed a review button");
            return render::notice("Only moderators can change the knowledge.").into();
        }
        let moderator = component.user.id.get();
        if let Some(rest) = custom.strip_prefix(render::REVIEW_DISMISS) {
            let Ok(id) = rest.parse::<i64>() else {
                return render::notice("That question is no longer in the queue.").into();
            };
            let dismissed = state
                .run(move |store| {
                    let Some(text) = store.question_text(id)? else { return Ok(None) };
                    let _ = store.dismiss(&text);
                    let _ = store.audit(crate::store::now(), moderator, "dismiss", &text, "");
                    Ok(Some(text))
                })
                .await;
            let Ok(Some(text)) = dismissed else {
                return render::notice("That question is no longer in the queue.").into();
            };
            return render::notice(&format!("Dismissed: {}", render::quote_user_text(&text))).into();
        }
        let question = async |id: &str| {
            let id = id.parse::<i64>().ok()?;
            state.run(move |store| store.question_text(id)).await.ok().flatten()
        };
        if let Some(rest) = custom.strip_prefix(render::REVIEW_ADD) {
            let Some((id, entry)) = rest.split_once(':') else {
                return render::notice("That button has expired.").into();
            };
            let Some(text) = question(id).await else {
                return render::notice("That question is no longer in the queue.").into();
            };
            let edit = Edit::AddPhrasing { entry: entry.to_owned(), phrasing: text.clone() };
            return self.apply_edit(moderator, edit, Some(text)).await;
        }
        if let Some(id) = custom.strip_prefix(render::REVIEW_PICK) {
            let Some(text) = question(id).await else {
                return render::notice("That question is no longer in the queue.").into();
            };
            let matcher = self.live.current();
            if let Some(owner) = crate::review::phrasing_owner(matcher.knowledge(), &text) {
                return self.already_a_phrasing(moderator, &text, &owner.id).await.into();
            }
            let closest: Vec<&crate::knowledge::Entry> =
                matcher.rank(&text).iter().take(25).map(|c| matcher.entry(c.entry)).collect();
            return render::pick_entry(id, &text, &closest).into();
        }
        if let Some(id) = custom.strip_prefix(render::REVIEW_TO) {
            let Some(text) = question(id).await else {
                return render::notice("That question is no longer in the queue.").into();
            };
            let entry = match &component.data.kind {
                ComponentInteractionDataKind::StringSelect { values } => values.first().cloned().unwrap_or_default(),
                _ => return render::notice("Pick an entry from the list.").into(),
            };
            let edit = Edit::AddPhrasing { entry, phrasing: text.clone() };
            return self.apply_edit(moderator, edit, Some(text)).await;
        }
        if let Some(id) = custom.strip_prefix(render::REVIEW_NEW) {
            let Some(text) = question(id).await else {
                return render::notice("That question is no longer in the queue.").into();
            };
            return render::teach_modal(Some(&text)).into();
        }
        render::notice("That button has expired.").into()
    }

    /// Applies a moderator's edit, reloads and records it in the audit log; the reload is reported
    /// once the moderator has their answer.
    async fn apply_edit(&self, moderator: u64, edit: Edit, answered: Option<String>) -> Answered {
        if let Edit::AddPhrasing { phrasing, .. } = &edit {
            let matcher = self.live.current();
            if let Some(owner) = crate::review::phrasing_owner(matcher.knowledge(), phrasing) {
                return self.already_a_phrasing(moderator, phrasing, &owner.id).await.into();
            }
        }
        let Some(editor) = self.editor.clone() else {
            return render::notice("Editing from Discord is not available (see the log).").into();
        };
        let live = self.live.clone();
        let what = match &edit {
            Edit::AddPhrasing { entry, phrasing } => {
                format!("added \u{201c}{}\u{201d} as a phrasing of `{entry}`", render::quote_user_text(phrasing))
            }
            Edit::NewQa { id, .. } => format!("created the entry `{id}`"),
        };
        let result = tokio::task::spawn_blocking(move || {
            let edited = editor.apply(&edit)?;
            Ok::<_, EditError>((edited, live.reload()))
        })
        .await;
        match result {
            Ok(Ok((edited, reload))) => {
                // The reply does not depend on these writes: queued, not waited for.
                if let Some(state) = &self.state {
                    let (action, before, after) = (what.clone(), edited.before.clone(), edited.after.clone());
                    let queued = state.submit(move |store| {
                        if let Some(text) = &answered {
                            let _ = store.dismiss(text);
                        }
                        if let Err(error) = store.audit(crate::store::now(), moderator, &action, &before, &after) {
                            tracing::warn!(%error, "could not write the audit log");
                        }
                    });
                    if let Err(error) = queued {
                        tracing::warn!(%error, "could not write the audit log");
                    }
                }
                tracing::info!(moderator, file = %edited.file.display(), "{what}");
                let mut reply = what;
                reply[..1].make_ascii_uppercase();
                Answered { response: render::notice(&format!("{reply}; it is live now.")), reload: Some(reload) }
            }
            Ok(Err(EditError::Invalid(problems))) => render::notice(&format!(
                "Nothing was changed: {}",
                problems.iter().map(|p| p.message.clone()).take(3).collect::<Vec<_>>().join("; ")
            ))
            .into(),
            Ok(Err(EditError::UnknownEntry(id))) => {
                render::notice(&format!("Nothing was changed: no entry `{id}`.")).into()
            }
            Ok(Err(error)) => {
                tracing::error!(%error, "an edit failed");
                render::notice("The edit failed; nothing was changed. See the log.").into()
            }
            Err(_) => render::something_went_wrong().into(),
        }
    }

    /// A question that is already `entry`'s phrasing (taught since it was asked, or asked in those
    /// very words): there is nothing to add, so it leaves the review queue, and the moderator is told.
    async fn already_a_phrasing(&self, moderator: u64, question: &str, entry: &str) -> CreateInteractionResponse {
        let removed = match &self.state {
            None => false,
            Some(state) => {
                let (text, why) = (question.to_owned(), format!("already a phrasing of `{entry}`"));
                let dismissed = state
                    .run(move |store| {
                        let removed = store.dismiss(&text)?;
                        if removed > 0
                            && let Err(error) = store.audit(crate::store::now(), moderator, "dismiss", &text, &why)
                        {
                            tracing::warn!(%error, "could not write the audit log");
                        }
                        Ok(removed)
                    })
                    .await;
                match dismissed {
                    Ok(removed) => removed > 0,
                    Err(error) => {
                        tracing::warn!(%error, "could not dismiss a question");
                        false
                    }
                }
            }
        };
        let done = if removed { "removed from the queue" } else { "nothing was changed" };
        let text = format!(
            "\u{201c}{}\u{201d} is already a phrasing of `{entry}`; {done}.",
            render::quote_user_text(question)
        );
        render::notice(&render::clip(&text, 2000))
    }

    /// `/teach` and the review queue's "New Q&A": the form's answers become an edit.
    async fn teach_submitted(&self, modal: &serenity::all::ModalInteraction) -> Answered {
        if !self.is_moderator(modal.member.as_ref()) {
            return render::notice("Only moderators can change the knowledge.").into();
        }
        let field = |name: &str| {
            modal
                .data
                .components
                .iter()
                .flat_map(|row| &row.components)
                .find_map(|c| match c {
                    serenity::all::ActionRowComponent::InputText(input) if input.custom_id == name => {
                        input.value.clone()
                    }
                    _ => None,
                })
                .unwrap_or_default()
                .trim()
                .to_owned()
        };
        let (entry, question, answer) = (field("entry"), field("question"), field("answer"));
        let exists = self.live.current().knowledge().entry(&entry).is_some();
        let edit = if exists || answer.is_empty() {
            Edit::AddPhrasing { entry, phrasing: question.clone() }
        } else {
            Edit::NewQa {
                id: entry,
                section: None,
                question: question.clone(),
                alternates: field("alternates")
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect(),
                answer,
                endnotes: field("endnotes")
                    .split(|c: char| !c.is_ascii_digit())
                    .filter_map(|n| n.parse().ok())
                    .collect(),
            }
        };
        self.apply_edit(modal.user.id.get(), edit, Some(question)).await
    }

    async fn reload_command(&self, command: &CommandInteraction) -> Answered {
        if !self.is_moderator(command.member.as_deref()) {
            tracing::warn!(user = %command.user.id, "a non-moderator tried /reload");
            return render::notice("Only moderators can reload the knowledge.").into();
        }
        let live = self.live.clone();
        let result = match tokio::task::spawn_blocking(move || live.reload()).await {
            Ok(result) => result,
            Err(_) => return render::something_went_wrong().into(),
        };
        Answered { response: render::notice(&render::reload_summary(&result)), reload: Some(result) }
    }
}

/// What a reload did: the knowledge's counts, or why the last good knowledge is still served.
type ReloadResult = Result<crate::knowledge::Stats, Vec<crate::problem::Problem>>;

/// A handler's answer to an interaction, and a reload to report to the moderators' channel once
/// that answer is sent (so a slow channel never delays it past Discord's 3 seconds).
struct Answered {
    response: CreateInteractionResponse,
    reload: Option<ReloadResult>,
}

impl From<CreateInteractionResponse> for Answered {
    fn from(response: CreateInteractionResponse) -> Self {
        Answered { response, reload: None }
    }
}

/// Reloads the knowledge whenever its files change, reporting each change once.
pub fn watch_knowledge(
    live: Arc<LiveKnowledge>,
    http: Arc<serenity::all::Http>,
    channel: Option<u64>,
) -> Option<Watch> {
    let runtime = tokio::runtime::Handle::current();
    let dir = live.dir().to_path_buf();
    let started = crate::live::watch(&dir, Duration::from_millis(300), move || {
        let (live, http) = (live.clone(), http.clone());
        runtime.spawn(async move {
            // Files that read as before (an edit already reloaded by /teach, a `touch`) are no change.
            if let Ok(Some(result)) = tokio::task::spawn_blocking(move || live.reload_if_changed()).await {
                report_reload(&http, channel, &result).await;
            }
        });
    });
    match started {
        Ok(watch) => Some(watch),
        Err(error) => {
            tracing::error!(%error, "edits of the knowledge will need a restart");
            None
        }
    }
}

/// Logs a reload's outcome (each problem once) and posts it to the moderators' channel.
async fn report_reload(http: &serenity::all::Http, channel: Option<u64>, result: &ReloadResult) {
    match result {
        Ok(stats) => tracing::info!(qa = stats.qa, phrasings = stats.phrasings, "knowledge reloaded"),
        Err(problems) => {
            for problem in problems {
                tracing::warn!(%problem, "knowledge problem; still serving the last good knowledge");
            }
        }
    }
    if let Some(channel) = channel {
        let message = serenity::all::CreateMessage::new()
            .content(render::reload_summary(result))
            .allowed_mentions(CreateAllowedMentions::new());
        if let Err(error) = serenity::all::ChannelId::new(channel).send_message(http, message).await {
            tracing::error!(%error, "could not post to the moderators' channel");
        }
    }
}

impl Session<'_> {
    fn kb(&self) -> &KnowledgeBase {
        self.matcher.knowledge()
    }

    fn ask(&self, asker: Asker, question: &str, private: bool) -> render::Post {
        let user = asker.user;
        let length = question.chars().count();
        if length > render::MAX_QUESTION {
            return render::too_long(length);
        }
        if let Some(wait) = self.handler.cooldown(user) {
            return render::cooldown(wait);
        }
        let reply = Reply::to(&self.matcher, question);
        tracing::info!(status = reply.status, score = reply.score, "question answered");
        let logged = self.handler.log(asker, question, &reply);
        render::ask(self.kb(), &reply, private, logged)
    }

    fn command(&self, command: &CommandInteraction) -> CreateInteractionResponse {
        let options = command.data.options();
        let string = |name: &str| {
            options.iter().find(|o| o.name == name).and_then(|o| match o.value {
                ResolvedValue::String(s) => Some(s),
                _ => None,
            })
        };
        match command.data.name.as_str() {
            "ask" => {
                let private = options
                    .iter()
                    .find(|o| o.name == "private")
                    .and_then(|o| match o.value {
                        ResolvedValue::Boolean(b) => Some(b),
                        _ => None,
                    })
                    .unwrap_or(self.handler.config.private_by_default);
                let asker = Asker {
                    user: command.user.id,
                    guild: command.guild_id.map(|g| g.get()),
                    channel: Some(command.channel_id.get()),
                };
                self.ask(asker, string("question").unwrap_or_default(), private).interaction()
            }
            "norm" => {
                let name = string("name").unwrap_or_default();
                match self.find_card(name) {
                    Some(id) => self.open(&id),
                    None => render::notice("I don't know that norm or initiative. Pick one from the list as you type."),
                }
            }
            "source" => {
                let number = options.iter().find_map(|o| match o.value {
                    ResolvedValue::Integer(n) => u32::try_from(n).ok(),
                    _ => None,
                });
                match number.and_then(|n| self.kb().endnote(n)) {
                    Some(endnote) => render::source(self.kb(), endnote),
                    None => {
                        render::notice(&format!("The paper's endnotes run from 1 to {}.", self.kb().endnotes().len()))
                    }
                }
            }
            "topics" => match string("section") {
                Some(id) => render::section(self.kb(), id).unwrap_or_else(|| render::topics(self.kb())),
                None => render::topics(self.kb()),
            },
            "compare" => {
                let (a, b) = (string("a").unwrap_or_default(), string("b").unwrap_or_default());
                let found = |name| self.find_card(name).and_then(|id| self.kb().entry(&id));
                match (found(a), found(b)) {
                    (Some(a), Some(b)) if a.id == b.id => render::notice("Pick two different norms or initiatives."),
                    (Some(a), Some(b)) => study_view::compare(self.kb(), &crate::compare::compare(self.kb(), a, b)),
                    _ => render::notice(
                        "I don't know one of those. Pick norms or initiatives from the list as you type.",
                    ),
                }
            }
            "timeline" => {
                let year = |name: &str| {
                    options.iter().find(|o| o.name == name).and_then(|o| match o.value {
                        ResolvedValue::Integer(n) => i32::try_from(n).ok(),
                        _ => None,
                    })
                };
                let (from, to) = match (year("from"), year("to")) {
                    (Some(from), Some(to)) if from > to => (Some(to), Some(from)),
                    other => other,
                };
                study_view::timeline(self.kb(), &crate::timeline::page(self.kb(), from, to, 0), false)
            }
            "about" => render::about(self.kb()),
            "help" => render::help(self.kb()),
            other => render::notice(&format!("I don't know the command /{}.", render::quote_user_text(other))),
        }
    }

    /// A card's id from what the student picked or typed (an id from the list, or a name).
    fn find_card(&self, name: &str) -> Option<String> {
        let cards = |e: &&crate::knowledge::Entry| e.kind != EntryKind::Qa;
        if let Some(entry) = self.kb().entry(name).filter(cards) {
            return Some(entry.id.clone());
        }
        self.matcher.rank(name).into_iter().map(|c| self.matcher.entry(c.entry)).find(cards).map(|e| e.id.clone())
    }

    fn open(&self, id: &str) -> CreateInteractionResponse {
        match self.kb().entry(id) {
            Some(entry) => render::open(self.kb(), entry),
            None => render::notice("That entry is no longer in the knowledge base; please ask again."),
        }
    }

    fn autocomplete(&self, command: &CommandInteraction) -> CreateInteractionResponse {
        let Some(focused) = command.data.autocomplete() else {
            return CreateInteractionResponse::Autocomplete(CreateAutocompleteResponse::new());
        };
        let typed = crate::text::fold(focused.value);
        let choices: Vec<AutocompleteChoice> = match command.data.name.as_str() {
            "norm" | "compare" => self
                .kb()
                .entries()
                .iter()
                .filter(|e| e.kind != EntryKind::Qa)
                .filter(|e| typed.is_empty() || e.phrasings.iter().any(|p| crate::text::fold(p).contains(&typed)))
                .take(25)
                .map(|e| AutocompleteChoice::new(render::clip(&e.title, 100), e.id.clone()))
                .collect(),
            "source" => self
                .kb()
                .endnotes()
                .iter()
                .filter(|e| {
                    typed.is_empty()
                        || e.number.to_string().starts_with(&typed)
                        || crate::text::fold(&e.citation).contains(&typed)
                })
                .take(25)
                .map(|e| {
                    AutocompleteChoice::new(
                        render::clip(&format!("{}. {}", e.number, e.short_citation()), 100),
                        e.number,
                    )
                })
                .collect(),
            _ => Vec::new(),
        };
        CreateInteractionResponse::Autocomplete(CreateAutocompleteResponse::new().set_choices(choices))
    }

    fn component(&self, component: &ComponentInteraction) -> CreateInteractionResponse {
        let id = match &component.data.kind {
            ComponentInteractionDataKind::StringSelect { values } => values.first().cloned().unwrap_or_default(),
            _ => component.data.custom_id.clone(),
        };
        if component.data.custom_id == render::TOPICS {
            return render::section(self.kb(), &id).unwrap_or_else(|| render::topics(self.kb()));
        }
        if let Some((from, to, page)) = study_view::timeline_page(&component.data.custom_id) {
            return study_view::timeline(self.kb(), &crate::timeline::page(self.kb(), from, to, page), true);
        }
        match id.strip_prefix(render::OPEN) {
            Some(entry) => self.open(entry),
            None => render::notice("That button has expired; please ask again."),
        }
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
        // A reload to report once the interaction is answered: the answer is the first REST call.
        let mut reload = None;
        let result = match &interaction {
            Interaction::Command(command) if command.data.name == "reload" => {
                let answered = self.reload_command(command).await;
                reload = answered.reload;
                command.create_response(&ctx.http, answered.response).await
            }
            Interaction::Command(command) if command.data.name == "teach" => {
                let response = if self.is_moderator(command.member.as_deref()) {
                    render::teach_modal(None)
                } else {
                    render::notice("Only moderators can change the knowledge.")
                };
                command.create_response(&ctx.http, response).await
            }
            Interaction::Modal(modal) if modal.data.custom_id == render::TEACH => {
                let answered = self.teach_submitted(modal).await;
                reload = answered.reload;
                modal.create_response(&ctx.http, answered.response).await
            }
            Interaction::Command(command) if command.data.name == "quiz" => {
                let response = self.quiz_command(&ctx, command).await;
                command.create_response(&ctx.http, response).await
            }
            Interaction::Command(command) if command.data.name == "leaderboard" => {
                let response = self.leaderboard(command).await;
                command.create_response(&ctx.http, response).await
            }
            Interaction::Component(component) if component.data.custom_id.starts_with("quiz:") => {
                let response = self.guarded("quiz", || self.quiz_component(component), render::something_went_wrong);
                component.create_response(&ctx.http, response).await
            }
            Interaction::Modal(modal) if modal.data.custom_id.starts_with(study_view::QUIZ_TYPED) => {
                let response = self.guarded("quiz answer", || self.quiz_typed(modal), render::something_went_wrong);
                modal.create_response(&ctx.http, response).await
            }
            Interaction::Command(command) if ["stats", "review"].contains(&command.data.name.as_str()) => {
                let response = self.moderator_command(command).await;
                command.create_response(&ctx.http, response).await
            }
            Interaction::Component(component)
                if component.data.custom_id.starts_with(render::VOTE)
                    || component.data.custom_id.starts_with("review:") =>
            {
                let answered = self.feedback_or_review(component).await;
                reload = answered.reload;
                component.create_response(&ctx.http, answered.response).await
            }
            Interaction::Command(command) => {
                let session = self.session();
                let response =
                    self.guarded(&command.data.name, || session.command(command), render::something_went_wrong);
                command.create_response(&ctx.http, response).await
            }
            Interaction::Autocomplete(command) => {
                let session = self.session();
                let response = self.guarded(
                    "autocomplete",
                    || session.autocomplete(command),
                    || CreateInteractionResponse::Autocomplete(CreateAutocompleteResponse::new()),
                );
                command.create_response(&ctx.http, response).await
            }
            Interaction::Component(component) => {
                let session = self.session();
                let response = self.guarded("component", || session.component(component), render::something_went_wrong);
                component.create_response(&ctx.http, response).await
            }
            _ => return,
        };
        if let Err(error) = result {
            // Discord failing (500s, rate limits) fails every reply at once: log once a minute.
            if let Some(suppressed) = self.reply_failures.allow() {
                tracing::error!(%error, suppressed, "could not send a reply");
            }
        }
        if let Some(reload) = reload {
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

impl Handler {
    /// Mention mode: `@normbot <question>` answered like `/ask`.
    async fn mentioned(&self, ctx: &Context, message: &Message) {
        let me = ctx.cache.current_user().id;
        let question = message.content.replace(&format!("<@{me}>"), "").replace(&format!("<@!{me}>"), "");
        let session = self.session();
        let post = self.guarded(
            "mention",
            || {
                let asker = Asker {
                    user: message.author.id,
                    guild: message.guild_id.map(|g| g.get()),
                    channel: Some(message.channel_id.get()),
                };
                session.ask(asker, question.trim(), false)
            },
            || render::Post {
                content: Some("Something went wrong on my side; please try again.".into()),
                ..Default::default()
            },
        );
        let builder = post.message().reference_message(message).allowed_mentions(CreateAllowedMentions::new());
        if let Err(error) = message.channel_id.send_message(&ctx.http, builder).await {
            tracing::error!(%error, "could not answer a mention");
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
