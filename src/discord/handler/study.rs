//! Study mode in Discord: one quiz at a time per channel, and `/leaderboard`. The rules of the
//! game are the core's ([`crate::quiz::Game`]).
//!
//! A running quiz lives in the state database ([`crate::store::QuizRow`]), not in this process:
//! any replica of the bot takes an answer (a locked read-modify-write of the quiz's row), and
//! each replica runs a clock that claims the rounds whose time is up, reveals them, records the
//! scores and posts the next question. A round is revealed once, whichever replica started the
//! quiz and whether or not it is still alive; a quiz outlives a restart. Without a state
//! database the quizzes live in a database in memory, by the same code.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serenity::all::{
    ActionRowComponent, ChannelId, CommandInteraction, ComponentInteraction, Context, Http, Message, ModalInteraction,
    Nonce, ReactionType,
};

use super::{Handler, render};
use crate::discord::component::ComponentId;
use crate::discord::render::study as view;
use crate::live::LiveKnowledge;
use crate::quiz::{self, Game, Submitted};
use crate::store::{Advance, QuizRow, Store, StoreError};

/// How long a replica holds a round it is revealing before another may take it over.
const LEASE_MS: i64 = 30_000;
/// How often each replica looks for rounds whose time is up.
const TICK: Duration = Duration::from_millis(250);
/// A round found closed this long ago (the bot was down) is revealed, and the quiz ends there.
const STALE_MS: i64 = 10 * 60_000;

/// The table of running quizzes and this replica's clock over it.
pub(super) struct Quizzes {
    /// The state database, or one in memory; None only if even that could not be made.
    store: Option<Arc<Store>>,
    clock: AtomicBool,
}

impl Quizzes {
    /// Quizzes kept in this process only (no state database).
    pub(super) fn in_memory() -> Quizzes {
        let store = Store::in_memory()
            .inspect_err(|error| tracing::error!(%error, "no quizzes: not even a database in memory"))
            .ok()
            .map(Arc::new);
        Quizzes { store, clock: AtomicBool::new(false) }
    }

    /// Quizzes kept in the state database, shared by every replica that uses it.
    pub(super) fn on(store: Arc<Store>) -> Quizzes {
        Quizzes { store: Some(store), clock: AtomicBool::new(false) }
    }

    /// Runs a store call off the runtime's threads; None (logged) when it fails.
    async fn call<T: Send + 'static>(
        &self,
        what: &'static str,
        f: impl FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Option<T> {
        let store = self.store.clone()?;
        match tokio::task::spawn_blocking(move || f(&store)).await {
            Ok(Ok(value)) => Some(value),
            Ok(Err(error)) => {
                metrics::counter!(super::telemetry::ERRORS, "kind" => "quiz").increment(1);
                tracing::warn!(%error, what, "quiz state");
                None
            }
            Err(error) => {
                metrics::counter!(super::telemetry::ERRORS, "kind" => "panic").increment(1);
                tracing::error!(%error, what, "quiz state call panicked");
                None
            }
        }
    }

    /// An answer or a pick in the channel's open round `round` of quiz `quiz` (any round, for
    /// `None`), written back when it counts. None when no such round is open.
    async fn submit(
        &self,
        channel: u64,
        quiz: Option<(u64, usize)>,
        play: impl FnOnce(&mut Game) -> Option<Submitted> + Send + 'static,
    ) -> Option<Submitted> {
        let now = crate::store::now_ms();
        let result = self
            .call("answer", move |store| {
                store.quiz_update(channel, now, |row| {
                    let Some(mut game) = Game::from_json(&row.state) else { return (false, None) };
                    if quiz.is_some_and(|(id, round)| row.quiz != id || game.round() != round) {
                        return (false, None);
                    }
                    let result = play(&mut game);
                    let counted = result == Some(Submitted::Counted);
                    if counted {
                        row.state = game.to_json();
                    }
                    (counted, result)
                })
            })
            .await;
        result.flatten().flatten()
    }
}

/// How one answer went, as the student is told.
fn submitted_notice(result: Submitted) -> &'static str {
    match result {
        Submitted::Counted => "Your answer is in. The answer is revealed when time is up.",
        Submitted::AlreadyAnswered => "You have already answered this question: your first answer counts.",
        Submitted::NoSuchOption => "That is not one of the options.",
    }
}

const CLOSED: &str = "That question has closed; look for the current one.";

/// What a stop button found.
enum Stop {
    Stopping,
    NotAllowed,
    Ended,
}

impl Handler {
    /// `/quiz [topic] [rounds] [choices]`: starts a quiz in this channel.
    pub(super) async fn quiz_command(
        &self,
        http: &Arc<Http>,
        command: &CommandInteraction,
        topic: Option<String>,
        rounds: Option<usize>,
        choices: bool,
    ) -> serenity::all::CreateInteractionResponse {
        let rounds = rounds.unwrap_or(3).clamp(1, self.config.quiz_max_rounds.max(1) as usize);
        let matcher = self.live.current();
        let seed = command.id.get();
        // Drawing the questions and their options takes a few milliseconds: off the event loop.
        let drawn = tokio::task::spawn_blocking(move || {
            let pool = quiz::questions(matcher.knowledge(), topic.as_deref());
            let drawn = quiz::draw(pool, rounds, seed, choices.then_some(&*matcher));
            (!drawn.is_empty()).then(|| Game::new(drawn, choices.then_some(&*matcher), seed))
        })
        .await;
        let game = match drawn {
            Ok(Some(game)) => game,
            Ok(None) => return render::notice("There are no quiz questions on that topic yet."),
            Err(_) => return render::something_went_wrong(),
        };
        let channel = command.channel_id.get();
        let first = view::quiz_question(&game, seed, self.config.quiz_seconds, self.config.quiz_channel_answers);
        let row = QuizRow {
            channel,
            quiz: seed,
            guild: command.guild_id.map(|g| g.get()),
            starter: command.user.id.get(),
            state: game.to_json(),
            deadline_ms: crate::store::now_ms() + self.quiz_millis(),
            stopping: false,
            version: 0,
        };
        match self.quizzes.call("start", move |store| store.quiz_start(&row)).await {
            Some(true) => {}
            Some(false) => {
                return render::notice("A quiz is already running in this channel; join in, or wait for it to end.");
            }
            None => return render::notice("Quizzes are not available right now, sorry."),
        }
        tracing::info!(channel, rounds, choices, "quiz started");
        self.start_quiz_clock(http);
        first.interaction()
    }

    fn quiz_millis(&self) -> i64 {
        i64::try_from(self.config.quiz_seconds.max(1)).unwrap_or(3_600).saturating_mul(1_000)
    }

    /// Starts this replica's quiz clock, once (a quiz started through another replica, or before
    /// a restart, is revealed by whichever clock comes first).
    pub(crate) fn start_quiz_clock(&self, http: &Arc<Http>) {
        if self.quizzes.clock.swap(true, Ordering::SeqCst) {
            return;
        }
        let clock = Clock {
            http: http.clone(),
            quizzes: Arc::downgrade(&self.quizzes),
            live: self.live.clone(),
            seconds: self.config.quiz_seconds.max(1),
            millis: self.quiz_millis(),
            channel_answers: self.config.quiz_channel_answers,
        };
        tokio::spawn(clock.run());
    }

    /// The quiz's buttons: an option picked, the Answer form opened, or Stop.
    pub(super) async fn quiz_component(
        &self,
        component: &ComponentInteraction,
        id: &ComponentId,
    ) -> serenity::all::CreateInteractionResponse {
        let channel = component.channel_id.get();
        let user = component.user.id.get();
        match *id {
            ComponentId::QuizStop { quiz } => {
                let moderator = self.is_moderator(component.member.as_ref());
                self.quiz_stop(channel, quiz, user, moderator).await
            }
            ComponentId::QuizAnswer { quiz, round } => {
                let now = crate::store::now_ms();
                let open =
                    self.quizzes.call("read", move |store| store.quiz(channel)).await.flatten().and_then(|row| {
                        let game = Game::from_json(&row.state)?;
                        (row.quiz == quiz && game.round() == round && row.deadline_ms > now)
                            .then(|| game.question().prompt.clone())
                    });
                match open {
                    Some(prompt) => view::quiz_answer_form(quiz, round, &prompt),
                    None => render::notice(CLOSED),
                }
            }
            ComponentId::QuizPick { quiz, round, option } => {
                let result =
                    self.quizzes.submit(channel, Some((quiz, round)), move |g| Some(g.pick(user, option))).await;
                render::notice(result.map_or(CLOSED, submitted_notice))
            }
            _ => render::notice(CLOSED),
        }
    }

    /// Stop: the round closes now and its reveal is the last.
    async fn quiz_stop(
        &self,
        channel: u64,
        quiz: u64,
        user: u64,
        moderator: bool,
    ) -> serenity::all::CreateInteractionResponse {
        let now = crate::store::now_ms();
        let stop = self
            .quizzes
            .call("stop", move |store| {
                store.quiz_update(channel, now, |row| {
                    if row.quiz != quiz {
                        return (false, Stop::Ended);
                    }
                    if !moderator && row.starter != user {
                        return (false, Stop::NotAllowed);
                    }
                    row.stopping = true;
                    row.deadline_ms = now;
                    (true, Stop::Stopping)
                })
            })
            .await;
        match stop.flatten().unwrap_or(Stop::Ended) {
            Stop::Stopping => {
                tracing::info!(channel, user, "quiz stopped");
                render::notice("Stopping the quiz: the answer is on its way.")
            }
            Stop::NotAllowed => render::notice("Only a moderator or the student who started the quiz can stop it."),
            Stop::Ended => render::notice("That quiz has already ended."),
        }
    }

    /// The Answer form, submitted.
    pub(super) async fn quiz_typed(
        &self,
        modal: &ModalInteraction,
        quiz: u64,
        round: usize,
    ) -> serenity::all::CreateInteractionResponse {
        let typed = modal
            .data
            .components
            .iter()
            .flat_map(|row| &row.components)
            .find_map(|c| match c {
                ActionRowComponent::InputText(input) if input.custom_id == "answer" => input.value.clone(),
                _ => None,
            })
            .unwrap_or_default();
        let (channel, user) = (modal.channel_id.get(), modal.user.id.get());
        let typed = clip_answer(&typed).to_owned();
        let result = self.quizzes.submit(channel, Some((quiz, round)), move |g| Some(g.answer(user, &typed))).await;
        render::notice(result.map_or(CLOSED, submitted_notice))
    }

    /// A plain message in a channel where a quiz runs: an answer, when the operator allows it
    /// (acknowledged with a reaction when it counts).
    pub(super) async fn quiz_message(&self, ctx: &Context, message: &Message) {
        if !self.config.quiz_channel_answers {
            return;
        }
        let (channel, user) = (message.channel_id.get(), message.author.id.get());
        let content = message.content.clone();
        let result = self
            .quizzes
            .submit(channel, None, move |game| {
                if game.choices().is_some() {
                    // Multiple choice: "B", "b)" or "B." is a pick; other talk is not an answer.
                    option_letter(&content).map(|option| game.pick(user, option))
                } else {
                    Some(game.answer(user, clip_answer(&content)))
                }
            })
            .await;
        if result == Some(Submitted::Counted)
            && let Err(error) = message.react(&ctx.http, ReactionType::Unicode("📝".into())).await
        {
            tracing::warn!(%error, "could not acknowledge a quiz answer");
        }
    }

    /// `/leaderboard`: the server's best quiz players.
    pub(super) async fn leaderboard(&self, command: &CommandInteraction) -> serenity::all::CreateInteractionResponse {
        let Some(guild) = command.guild_id.map(|g| g.get()) else {
            return render::notice("The leaderboard belongs to a server: use it there.");
        };
        let Some(store) = self.store.clone() else {
            return render::notice("No state database is configured, so no scores are kept.");
        };
        match tokio::task::spawn_blocking(move || store.leaderboard(guild, 10)).await {
            Ok(Ok(standings)) => view::leaderboard(&standings),
            Ok(Err(error)) => {
                tracing::warn!(%error, "could not read the leaderboard");
                render::notice("The scores are not available right now, sorry.")
            }
            Err(_) => render::something_went_wrong(),
        }
    }
}

/// The option a message names on its own ("B", "b)", "C."), from 0.
fn option_letter(text: &str) -> Option<usize> {
    let text = text.trim().trim_end_matches([')', '.']);
    let mut chars = text.chars();
    let letter = chars.next()?.to_ascii_uppercase();
    (chars.next().is_none() && ('A'..='D').contains(&letter)).then(|| usize::from(letter as u8 - b'A'))
}

/// Long answers are graded on their first 500 characters, like a form's.
fn clip_answer(typed: &str) -> &str {
    typed.char_indices().nth(500).map_or(typed, |(i, _)| &typed[..i])
}

/// One replica's quiz clock: claims the rounds whose time is up, reveals each, posts the next
/// question and writes the quiz back.
struct Clock {
    http: Arc<Http>,
    /// Weak: the clock stops when its handler goes (`serve` returned, the client shut down).
    quizzes: std::sync::Weak<Quizzes>,
    live: Arc<LiveKnowledge>,
    seconds: u64,
    millis: i64,
    channel_answers: bool,
}

impl Clock {
    async fn run(self) {
        let mut every = tokio::time::interval(TICK);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let Some(quizzes) = self.quizzes.upgrade() else { return };
            let now = crate::store::now_ms();
            let claimed = quizzes.call("claim", move |store| store.quiz_claim(now, LEASE_MS, 16)).await;
            for row in claimed.unwrap_or_default() {
                self.reveal(&quizzes, row).await;
            }
        }
    }

    /// Reveals a claimed round, and starts the next one or ends the quiz.
    async fn reveal(&self, quizzes: &Quizzes, row: QuizRow) {
        let now = crate::store::now_ms();
        let Some(mut game) = Game::from_json(&row.state) else {
            tracing::error!(channel = row.channel, "a quiz this version cannot read was ended");
            let end = Advance { next: None, answers: &[], at: crate::store::now() };
            quizzes.call("end", move |store| store.quiz_advance(&row, end)).await;
            return;
        };
        let reveal = game.reveal();
        let stale = now - row.deadline_ms > STALE_MS;
        let over = row.stopping || stale || game.finished();
        let scores = over.then(|| game.scores());
        let kb = self.live.current();
        let post = view::quiz_reveal(kb.knowledge(), &reveal, scores.as_deref(), row.stopping || stale);
        // Posted before the row is written: a replica that dies in between leaves the round to be
        // claimed again, and the same nonces let Discord drop the second copies.
        self.send(row.channel, post, nonce('r', row.quiz, reveal.round)).await;
        let next = (!over).then(|| game.to_json());
        if next.is_some() {
            let question = view::quiz_question(&game, row.quiz, self.seconds, self.channel_answers);
            self.send(row.channel, question, nonce('q', row.quiz, game.round())).await;
        } else {
            tracing::info!(channel = row.channel, stopped = row.stopping, "quiz over");
        }
        metrics::counter!(super::telemetry::QUIZ_ROUNDS).increment(1);
        let answers: Vec<(u64, bool)> = reveal.answers.iter().map(|a| (a.user, a.correct)).collect();
        let deadline = crate::store::now_ms() + self.millis;
        let channel = row.channel;
        let advanced = quizzes
            .call("advance", move |store| {
                let next = next.as_deref().map(|state| (state, deadline));
                store.quiz_advance(&row, Advance { next, answers: &answers, at: crate::store::now() })
            })
            .await;
        if advanced == Some(false) {
            tracing::warn!(channel, "a quiz round took longer than its lease; another replica took it over");
        }
    }

    async fn send(&self, channel: u64, post: render::Post, nonce: String) {
        let message = post.message().nonce(Nonce::String(nonce)).enforce_nonce(true);
        if let Err(error) = ChannelId::new(channel).send_message(&self.http, message).await {
            tracing::error!(%error, channel, "could not post to the quiz's channel");
        }
    }
}

/// The nonce of a quiz's post ("r" a reveal, "q" a question): the same whichever replica sends
/// it, so that Discord keeps one copy. At most 25 characters.
fn nonce(kind: char, quiz: u64, round: usize) -> String {
    format!("{kind}{quiz:x}.{round}")
}

#[cfg(test)]
mod tests {
    use super::{nonce, option_letter};

    #[test]
    fn a_message_names_an_option_only_on_its_own() {
        assert_eq!(option_letter("b"), Some(1));
        assert_eq!(option_letter(" D) "), Some(3));
        assert_eq!(option_letter("A."), Some(0));
        assert_eq!(option_letter("E"), None);
        assert_eq!(option_letter("B is right"), None);
        assert_eq!(option_letter(""), None);
    }

    #[test]
    fn a_post_nonce_fits_discord_and_names_its_round() {
        let longest = nonce('r', u64::MAX, 25);
        assert!(longest.len() <= 25, "{longest}");
        assert_ne!(nonce('r', 1, 1), nonce('q', 1, 1));
        assert_ne!(nonce('r', 1, 1), nonce('r', 1, 2));
    }
}
