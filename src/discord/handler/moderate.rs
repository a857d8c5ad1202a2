//! Moderating: `/reload`, `/teach`, `/review` and `/stats`, the review queue's buttons, the edits
//! they make to the knowledge files (audited), and the knowledge watcher, whose reloads are
//! reported to the moderators' channel like `/reload`'s. Kept apart because everything here is
//! for moderators only and may change what the bot knows.

use std::sync::Arc;
use std::time::Duration;

use serenity::all::{
    CommandInteraction, ComponentInteraction, ComponentInteractionDataKind, CreateAllowedMentions,
    CreateInteractionResponse,
};

use super::{Handler, render};
use crate::discord::command::Command;
use crate::discord::component::ComponentId;
use crate::knowledge::edit::{Edit, EditError};
use crate::live::{LiveKnowledge, ReloadResult, Watch};

impl Handler {
    /// Whether the member who used a command may moderate: one of the configured roles, or
    /// Manage Server when no role is configured.
    pub(super) fn is_moderator(&self, member: Option<&serenity::all::Member>) -> bool {
        let Some(member) = member else { return false };
        if self.config.moderator_role_ids.is_empty() {
            member.permissions.is_some_and(|p| p.manage_guild())
        } else {
            member.roles.iter().any(|r| self.config.moderator_role_ids.contains(&r.get()))
        }
    }

    /// `/stats` or `/review`.
    pub(super) async fn moderator_command(
        &self,
        command: &CommandInteraction,
        which: &Command,
    ) -> CreateInteractionResponse {
        if !self.is_moderator(command.member.as_deref()) {
            return render::notice("Only moderators can see this.");
        }
        let Some(state) = &self.state else {
            return render::notice("No state database is configured, so there is nothing to show.");
        };
        let live = self.live.current();
        let stats = *which == Command::Stats;
        let result = state
            .run(move |store| {
                if stats {
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

    pub(super) async fn feedback_or_review(&self, component: &ComponentInteraction, id: ComponentId) -> Answered {
        let Some(state) = &self.state else {
            return render::notice("Feedback is not recorded here.").into();
        };
        if let ComponentId::Vote { question, helpful } = id {
            return self.vote(state, component, question, helpful).await.into();
        }
        if !self.is_moderator(component.member.as_ref()) {
            tracing::warn!(user = %component.user.id, "a non-moderator pressed a review button");
            return render::notice("Only moderators can change the knowledge.").into();
        }
        let moderator = component.user.id.get();
        let gone = || render::notice("That question is no longer in the queue.").into();
        if let ComponentId::ReviewDismiss { question } = id {
            let dismissed = state
                .run(move |store| {
                    let Some(text) = store.question_text(question)? else { return Ok(None) };
                    let _ = store.dismiss(&text);
                    let _ = store.audit(crate::store::now(), moderator, "dismiss", &text, "");
                    Ok(Some(text))
                })
                .await;
            let Ok(Some(text)) = dismissed else { return gone() };
            return render::notice(&format!("Dismissed: {}", render::quote_user_text(&text))).into();
        }
        let question = async |id: i64| state.run(move |store| store.question_text(id)).await.ok().flatten();
        match id {
            ComponentId::ReviewAdd { question: id, entry } => {
                let Some(text) = question(id).await else { return gone() };
                let edit = Edit::AddPhrasing { entry, phrasing: text.clone() };
                self.apply_edit(moderator, edit, Some(text)).await
            }
            ComponentId::ReviewPick { question: id } => {
                let Some(text) = question(id).await else { return gone() };
                let matcher = self.live.current();
                if let Some(owner) = crate::review::phrasing_owner(matcher.knowledge(), &text) {
                    return self.already_a_phrasing(moderator, &text, &owner.id).await.into();
                }
                let closest: Vec<&crate::knowledge::Entry> =
                    matcher.rank(&text).iter().take(25).map(|c| matcher.entry(c.entry)).collect();
                render::pick_entry(id, &text, &closest).into()
            }
            ComponentId::ReviewTo { question: id } => {
                let Some(text) = question(id).await else { return gone() };
                let entry = match &component.data.kind {
                    ComponentInteractionDataKind::StringSelect { values } => {
                        values.first().cloned().unwrap_or_default()
                    }
                    _ => return render::notice("Pick an entry from the list.").into(),
                };
                let edit = Edit::AddPhrasing { entry, phrasing: text.clone() };
                self.apply_edit(moderator, edit, Some(text)).await
            }
            ComponentId::ReviewNew { question: id } => {
                let Some(text) = question(id).await else { return gone() };
                render::teach_modal(Some(&text)).into()
            }
            _ => render::notice("That button has expired.").into(),
        }
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
            Edit::Restore { backup } => format!("restored {}", backup.display()),
        };
        let warnings = edit.warnings();
        let store = self.store.clone();
        let result = tokio::task::spawn_blocking(move || {
            let edited = editor.apply(&edit)?;
            // Into the edit log, which the other replicas follow (and `normbot edits` reads).
            if let Some(store) = store
                && let Err(error) = crate::shared_edits::record(&store, moderator, &edit)
            {
                tracing::error!(%error, "an edit was made here but not logged for the other replicas");
            }
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
                let notes: String = warnings.iter().map(|w| format!("\nNote: {w}.")).collect();
                Answered { response: render::notice(&format!("{reply}; it is live now.{notes}")), reload: Some(reload) }
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
    pub(super) async fn teach_submitted(&self, modal: &serenity::all::ModalInteraction) -> Answered {
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

    pub(super) async fn reload_command(&self, command: &CommandInteraction, confirmed: bool) -> Answered {
        if !self.is_moderator(command.member.as_deref()) {
            tracing::warn!(user = %command.user.id, "a non-moderator tried /reload");
            return render::notice("Only moderators can reload the knowledge.").into();
        }
        let live = self.live.clone();
        let reload = move || if confirmed { live.reload_confirmed() } else { live.reload() };
        let result = match tokio::task::spawn_blocking(reload).await {
            Ok(result) => result,
            Err(_) => return render::something_went_wrong().into(),
        };
        Answered { response: render::notice(&render::reload_summary(&result)), reload: Some(result) }
    }
}

/// A handler's answer to an interaction, and a reload to report to the moderators' channel once
/// that answer is sent (so a slow channel never delays it past Discord's 3 seconds).
pub(super) struct Answered {
    pub(super) response: CreateInteractionResponse,
    pub(super) reload: Option<ReloadResult>,
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
pub(super) async fn report_reload(http: &serenity::all::Http, channel: Option<u64>, result: &ReloadResult) {
    let outcome = match result {
        Ok(reloaded) if reloaded.held => "held",
        Ok(_) => "ok",
        Err(_) => "refused",
    };
    metrics::counter!(super::telemetry::RELOADS, "result" => outcome).increment(1);
    match result {
        Ok(reloaded) => {
            let lost = reloaded.removals.ids().collect::<Vec<_>>().join(", ");
            if reloaded.held {
                tracing::warn!(%lost, "knowledge reload held: it removes too many entries; /reload confirm:True accepts it");
            } else {
                let stats = &reloaded.stats;
                tracing::info!(qa = stats.qa, phrasings = stats.phrasings, %lost, "knowledge reloaded");
            }
        }
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
