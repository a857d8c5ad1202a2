//! Study mode in Discord: one quiz at a time per channel, each run by a task that reveals a round
//! when its time is up (or a moderator stops it), records the scores and posts the next
//! question; and `/leaderboard`. The rules of the game are the core's ([`crate::quiz::Game`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serenity::all::{
    ActionRowComponent, ChannelId, CommandInteraction, ComponentInteraction, Context, Http, Message, ModalInteraction,
    ReactionType,
};
use tokio::sync::Notify;

use super::{Handler, render};
use crate::discord::component::ComponentId;
use crate::discord::render::study as view;
use crate::live::LiveKnowledge;
use crate::quiz::{self, Game, Submitted};
use crate::store::Store;

/// The quizzes running now, by channel.
#[derive(Default)]
pub(super) struct Quizzes {
    running: Mutex<HashMap<u64, Running>>,
}

struct Running {
    /// The interaction that started it: buttons of another quiz do not count in this one.
    id: u64,
    game: Game,
    guild: Option<u64>,
    starter: u64,
    stop: Arc<Notify>,
}

impl Running {
    /// Whether a button's or form's quiz id and round are this quiz's open round.
    fn is_current(&self, quiz: u64, round: usize) -> bool {
        self.id == quiz && self.game.round() == round
    }
}

impl Quizzes {
    fn with<T>(&self, f: impl FnOnce(&mut HashMap<u64, Running>) -> T) -> T {
        f(&mut self.running.lock().unwrap_or_else(|e| e.into_inner()))
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
        let stop = Arc::new(Notify::new());
        let started = self.quizzes.with(|running| {
            if running.contains_key(&channel) {
                return false;
            }
            let guild = command.guild_id.map(|g| g.get());
            running
                .insert(channel, Running { id: seed, game, guild, starter: command.user.id.get(), stop: stop.clone() });
            true
        });
        if !started {
            return render::notice("A quiz is already running in this channel; join in, or wait for it to end.");
        }
        tracing::info!(channel, rounds, choices, "quiz started");
        let run = Rounds {
            http: http.clone(),
            quizzes: self.quizzes.clone(),
            live: self.live.clone(),
            store: self.store.clone(),
            channel,
            stop,
            seconds: self.config.quiz_seconds.max(1),
            channel_answers: self.config.quiz_channel_answers,
        };
        tokio::spawn(run.play());
        first.interaction()
    }

    /// The quiz's buttons: an option picked, the Answer form opened, or Stop.
    pub(super) fn quiz_component(
        &self,
        component: &ComponentInteraction,
        id: &ComponentId,
    ) -> serenity::all::CreateInteractionResponse {
        let channel = component.channel_id.get();
        let user = component.user.id.get();
        if let &ComponentId::QuizStop { quiz } = id {
            let moderator = self.is_moderator(component.member.as_ref());
            let stop = self.quizzes.with(|running| match running.get(&channel) {
                Some(r) if r.id == quiz && (moderator || r.starter == user) => Ok(Some(r.stop.clone())),
                Some(r) if r.id == quiz => Err(()),
                _ => Ok(None),
            });
            return match stop {
                Ok(Some(stop)) => {
                    stop.notify_one();
                    tracing::info!(channel, user, "quiz stopped");
                    render::notice("Stopping the quiz: the answer is on its way.")
                }
                Ok(None) => render::notice("That quiz has already ended."),
                Err(()) => render::notice("Only a moderator or the student who started the quiz can stop it."),
            };
        }
        if let &ComponentId::QuizAnswer { quiz, round } = id {
            let open = self.quizzes.with(|running| {
                running.get(&channel).filter(|r| r.is_current(quiz, round)).map(|r| r.game.question().prompt.clone())
            });
            return match open {
                Some(prompt) => view::quiz_answer_form(quiz, round, &prompt),
                None => render::notice(CLOSED),
            };
        }
        let &ComponentId::QuizPick { quiz, round, option } = id else { return render::notice(CLOSED) };
        let result = self.quizzes.with(|running| {
            let r = running.get_mut(&channel).filter(|r| r.is_current(quiz, round))?;
            Some(r.game.pick(user, option))
        });
        match result {
            Some(result) => render::notice(submitted_notice(result)),
            None => render::notice(CLOSED),
        }
    }

    /// The Answer form, submitted.
    pub(super) fn quiz_typed(
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
        let channel = modal.channel_id.get();
        let user = modal.user.id.get();
        let result = self.quizzes.with(|running| {
            let r = running.get_mut(&channel).filter(|r| r.is_current(quiz, round))?;
            Some(r.game.answer(user, clip_answer(&typed)))
        });
        match result {
            Some(result) => render::notice(submitted_notice(result)),
            None => render::notice(CLOSED),
        }
    }

    /// A plain message in a channel where a quiz runs: an answer, when the operator allows it
    /// (acknowledged with a reaction when it counts).
    pub(super) async fn quiz_message(&self, ctx: &Context, message: &Message) {
        if !self.config.quiz_channel_answers {
            return;
        }
        let channel = message.channel_id.get();
        let user = message.author.id.get();
        let result = self.quizzes.with(|running| {
            let game = &mut running.get_mut(&channel)?.game;
            if game.choices().is_some() {
                // Multiple choice: "B", "b)" or "B." is a pick; other talk is not an answer.
                option_letter(&message.content).map(|option| game.pick(user, option))
            } else {
                Some(game.answer(user, clip_answer(&message.content)))
            }
        });
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

/// One quiz's clock: reveal, record, next question, until the last round or a stop.
struct Rounds {
    http: Arc<Http>,
    quizzes: Arc<Quizzes>,
    live: Arc<LiveKnowledge>,
    store: Option<Arc<Store>>,
    channel: u64,
    stop: Arc<Notify>,
    seconds: u64,
    channel_answers: bool,
}

impl Rounds {
    async fn play(self) {
        loop {
            let stopped = tokio::select! {
                () = tokio::time::sleep(Duration::from_secs(self.seconds)) => false,
                () = self.stop.notified() => true,
            };
            let Some(step) = self.quizzes.with(|running| {
                let r = running.get_mut(&self.channel)?;
                let reveal = r.game.reveal();
                let over = stopped || r.game.finished();
                let scores = over.then(|| r.game.scores());
                let next = (!over).then(|| view::quiz_question(&r.game, r.id, self.seconds, self.channel_answers));
                let guild = r.guild;
                if over {
                    running.remove(&self.channel);
                }
                Some((reveal, scores, next, guild))
            }) else {
                return;
            };
            let (reveal, scores, next, guild) = step;
            metrics::counter!(super::telemetry::QUIZ_ROUNDS).increment(1);
            if let (Some(store), Some(guild)) = (&self.store, guild) {
                let answers: Vec<(u64, bool)> = reveal.answers.iter().map(|a| (a.user, a.correct)).collect();
                let store = store.clone();
                let recorded =
                    tokio::task::spawn_blocking(move || store.record_quiz(guild, &answers, crate::store::now()));
                if let Ok(Err(error)) = recorded.await {
                    tracing::warn!(%error, "could not record quiz scores");
                }
            }
            let kb = self.live.current();
            let post = view::quiz_reveal(kb.knowledge(), &reveal, scores.as_deref(), stopped);
            self.send(post).await;
            match next {
                Some(question) => self.send(question).await,
                None => {
                    tracing::info!(channel = self.channel, stopped, "quiz over");
                    return;
                }
            }
        }
    }

    async fn send(&self, post: render::Post) {
        if let Err(error) = ChannelId::new(self.channel).send_message(&self.http, post.message()).await {
            tracing::error!(%error, channel = self.channel, "could not post to the quiz's channel");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::option_letter;

    #[test]
    fn a_message_names_an_option_only_on_its_own() {
        assert_eq!(option_letter("b"), Some(1));
        assert_eq!(option_letter(" D) "), Some(3));
        assert_eq!(option_letter("A."), Some(0));
        assert_eq!(option_letter("E"), None);
        assert_eq!(option_letter("B is right"), None);
        assert_eq!(option_letter(""), None);
    }
}
