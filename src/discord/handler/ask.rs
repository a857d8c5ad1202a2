//! Asking: `/ask`, `@normbot` mentions and the votes on answers. A question is checked (length,
//! cooldown), answered from the knowledge current when it arrived, and logged without waiting for
//! the database, so the review queue and `/stats` can see it; the vote buttons under an answer
//! land here too. Kept apart from browsing and moderating because it alone writes students'
//! questions and votes to the state database.

use std::time::{Duration, Instant};

use serenity::all::{ComponentInteraction, Context, CreateAllowedMentions, CreateInteractionResponse, Message, UserId};

use super::state::StateWorker;
use super::{Handler, Session, render};
use crate::reply::{Language, Reply};
use crate::store::Asked;

/// Who asked, and where.
#[derive(Debug, Clone, Copy)]
pub(super) struct Asker {
    pub(super) user: UserId,
    pub(super) guild: Option<u64>,
    pub(super) channel: Option<u64>,
    /// The language the asker's Discord client is set to, when the bot speaks it (a mention
    /// carries no locale).
    pub(super) locale: Option<Language>,
}

impl Handler {
    /// Logs a question without waiting for the database: the answer carries an id handed out in
    /// memory and the question is written on the state thread. A failing store is logged (once a
    /// minute) and otherwise ignored; an answer whose question is never written gets no vote
    /// buttons if that is known in time (the queue full), else votes on it are refused as too old.
    pub(super) fn log(&self, asker: Asker, question: &str, reply: &Reply) -> Option<i64> {
        metrics::counter!(super::telemetry::QUESTIONS, "outcome" => reply.status.as_str()).increment(1);
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
                status: status.as_str(),
                score,
                entry: entry.as_deref(),
            };
            if let Err(error) = store.log_question_as(id, &asked) {
                metrics::counter!(super::telemetry::ERRORS, "kind" => "store").increment(1);
                if let Some(suppressed) = failures.allow() {
                    tracing::warn!(%error, suppressed, "could not log a question; answering anyway");
                }
            }
        });
        match queued {
            Ok(()) => Some(id),
            Err(error) => {
                metrics::counter!(super::telemetry::ERRORS, "kind" => "store").increment(1);
                if let Some(suppressed) = self.store_failures.allow() {
                    tracing::warn!(%error, suppressed, "could not log a question; answering anyway");
                }
                None
            }
        }
    }

    /// Seconds the user still has to wait, or None (and the clock restarts) when they may ask.
    /// With a shared state database (PostgreSQL) the clock lives there, so that asking through
    /// another replica does not skip it; if that database fails, this replica's clock decides.
    pub(super) async fn cooldown(&self, user: UserId) -> Option<f64> {
        let period = Duration::from_secs_f64(self.config.cooldown_seconds);
        if period.is_zero() {
            return None;
        }
        if let Some(store) = self.store.clone().filter(|s| s.is_shared()) {
            let id = user.get();
            match tokio::task::spawn_blocking(move || store.cooldown(id, crate::store::now_ms(), period)).await {
                Ok(Ok(wait)) => return wait,
                Ok(Err(error)) => {
                    metrics::counter!(super::telemetry::ERRORS, "kind" => "store").increment(1);
                    if let Some(suppressed) = self.store_failures.allow() {
                        tracing::warn!(%error, suppressed, "could not check a cooldown in the state database");
                    }
                }
                Err(_) => {}
            }
        }
        self.local_cooldown(user, period)
    }

    /// This process's own cooldown clock.
    fn local_cooldown(&self, user: UserId, period: Duration) -> Option<f64> {
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

    /// A student's vote on an answer: the `vote:` buttons under it.
    pub(super) async fn vote(
        &self,
        state: &StateWorker,
        component: &ComponentInteraction,
        id: i64,
        up: bool,
    ) -> CreateInteractionResponse {
        let voter = component.user.id.get();
        match state.run(move |store| store.vote(id, voter, up, crate::store::now())).await {
            Ok(true) => render::notice("Thanks: your vote is counted (voting again replaces it)."),
            Ok(false) => render::notice("That answer is too old to vote on."),
            Err(error) => {
                tracing::warn!(%error, "could not record a vote");
                render::notice("Your vote could not be recorded right now, sorry.")
            }
        }
    }

    /// Mention mode: `@normbot <question>` answered like `/ask`.
    pub(super) async fn mentioned(&self, ctx: &Context, message: &Message) {
        let me = ctx.cache.current_user().id;
        let question = message.content.replace(&format!("<@{me}>"), "").replace(&format!("<@!{me}>"), "");
        let wait = if question.trim().chars().count() <= render::MAX_QUESTION {
            self.cooldown(message.author.id).await
        } else {
            None
        };
        let session = self.session();
        let post = self.guarded(
            "mention",
            || {
                let asker = Asker {
                    user: message.author.id,
                    guild: message.guild_id.map(|g| g.get()),
                    channel: Some(message.channel_id.get()),
                    locale: None,
                };
                match wait {
                    Some(wait) => render::cooldown(wait, Language::for_asker(&question, asker.locale)),
                    None => session.ask(asker, question.trim(), false),
                }
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

impl Session<'_> {
    /// Answers a question whose asker may ask now (the cooldown is checked before, off this
    /// synchronous path: [`Handler::cooldown`]).
    pub(super) fn ask(&self, asker: Asker, question: &str, private: bool) -> render::Post {
        let length = question.chars().count();
        let language = Language::for_asker(question, asker.locale);
        if length > render::MAX_QUESTION {
            return render::too_long(length, language);
        }
        let mut reply = Reply::to(&self.matcher, question);
        reply.language = language;
        tracing::info!(status = reply.status.as_str(), score = reply.score, "question answered");
        let logged = self.handler.log(asker, question, &reply);
        render::ask(&reply, private, logged)
    }
}
