//! The Discord edge: slash commands over serenity, translating interactions into core questions
//! and core replies into messages.
//!
//! Nothing of the core depends on this module. It holds no logic of its own beyond Discord's:
//! which command was used, who may ask again when, and how to send the reply that [`render`]
//! built. It runs against Discord itself, or against any Discord-compatible server given as the
//! REST base (an HTTP proxy, or the test server in `tests/`).

pub mod command;
pub mod component;
mod handler;
pub mod render;

use std::future::Future;
use std::sync::Arc;

use serenity::all::{ClientBuilder, GatewayIntents, HttpBuilder};

use crate::config::Config;
use crate::live::LiveKnowledge;
pub use command::registered as commands;
pub use handler::Handler;

/// Why the bot could not run.
#[derive(Debug, thiserror::Error)]
pub enum DiscordError {
    #[error("DISCORD_TOKEN is not set: create a bot in the Discord developer portal and export its token")]
    MissingToken,
    #[error(
        "DISCORD_TOKEN does not look like a bot token (three parts separated by dots); copy it again from the developer portal"
    )]
    MalformedToken,
    #[error(
        "the gateway URL did not come from {api_base} (got {got}): is the server at discord.api_base running and does it answer GET /api/v10/gateway?"
    )]
    GatewayNotFromApiBase { api_base: String, got: String },
    #[error("Discord client error: {0}")]
    Client(Box<serenity::Error>),
}

impl From<serenity::Error> for DiscordError {
    fn from(error: serenity::Error) -> Self {
        DiscordError::Client(Box::new(error))
    }
}

/// Checks a token's shape without revealing it.
pub fn check_token(token: Option<&str>) -> Result<String, DiscordError> {
    let token = token.map(str::trim).filter(|t| !t.is_empty()).ok_or(DiscordError::MissingToken)?;
    let token = token.strip_prefix("Bot ").unwrap_or(token);
    serenity::utils::validate_token(token).map_err(|_| DiscordError::MalformedToken)?;
    Ok(token.to_owned())
}

/// The gateway intents the bot needs: none for slash commands; messages only for mention mode
/// and for quiz answers typed in the channel.
pub fn intents(config: &Config) -> GatewayIntents {
    if config.discord.mention_mode || config.discord.quiz_channel_answers {
        GatewayIntents::GUILD_MESSAGES | GatewayIntents::MESSAGE_CONTENT
    } else {
        GatewayIntents::empty()
    }
}

/// Runs the bot until `shutdown` completes (SIGINT/SIGTERM in the binary), then closes every
/// shard cleanly. `api_base` (from the config or `NORMBOT_DISCORD_API_BASE`) points the REST
/// calls at a proxy or a test server; the gateway URL then comes from that server too.
pub async fn run(
    config: Config,
    live: Arc<LiveKnowledge>,
    token: &str,
    api_base: Option<String>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), DiscordError> {
    let http = match &api_base {
        // serenity sends to a proxy only with its own rate limiter off: the proxy limits.
        Some(base) => HttpBuilder::new(token).proxy(base.trim_end_matches('/')).ratelimiter_disabled(true).build(),
        None => HttpBuilder::new(token).build(),
    };
    let mut handler = Handler::new(live.clone(), config.discord.clone());
    match crate::store::Store::open(&config.state.database) {
        Ok(store) => {
            let store = Arc::new(store);
            tokio::spawn(purge_daily(store.clone(), config.state.retention_days));
            handler = handler.with_store(store, config.state.log_user_ids);
        }
        Err(error) => tracing::error!(%error, "running without the state database: no review queue, no statistics"),
    }
    match crate::knowledge::edit::Editor::new(live.dir(), &config.state.backups) {
        Ok(editor) => handler = handler.with_editor(Arc::new(editor)),
        Err(error) => tracing::error!(%error, "moderators cannot edit the knowledge from Discord"),
    }
    let mut client = ClientBuilder::new_with_http(http, intents(&config)).event_handler(handler).await?;
    if let Some(base) = &api_base {
        let got = client.ws_url.lock().await.clone();
        if got.contains("gateway.discord.gg") {
            return Err(DiscordError::GatewayNotFromApiBase { api_base: base.clone(), got });
        }
    }
    let _watch = config
        .discord
        .watch_knowledge
        .then(|| handler::watch_knowledge(live, client.http.clone(), config.discord.moderator_channel_id));
    let shards = client.shard_manager.clone();
    tokio::spawn(async move {
        shutdown.await;
        tracing::info!("shutting down");
        shards.shutdown_all().await;
    });
    tracing::info!(api_base = api_base.as_deref().unwrap_or("discord"), "connecting");
    client.start_autosharded().await?;
    Ok(())
}

/// Deletes questions older than the retention period, at start and then once a day.
async fn purge_daily(store: Arc<crate::store::Store>, days: u32) {
    let mut daily = tokio::time::interval(std::time::Duration::from_secs(86_400));
    loop {
        daily.tick().await;
        let store = store.clone();
        match tokio::task::spawn_blocking(move || store.purge(crate::store::now(), days)).await {
            Ok(Ok(0)) => {}
            Ok(Ok(n)) => tracing::info!(questions = n, "deleted questions past the retention period"),
            Ok(Err(error)) => tracing::warn!(%error, "could not delete old questions"),
            Err(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_checked_without_being_echoed() {
        assert!(matches!(check_token(None), Err(DiscordError::MissingToken)));
        assert!(matches!(check_token(Some("  ")), Err(DiscordError::MissingToken)));
        let error = check_token(Some("not-a-token")).unwrap_err();
        assert!(!error.to_string().contains("not-a-token"));
        let token = "MTAwMDAwMDAwMDAwMDAwMDAw.GZ4tGh.abcdefghijklmnopqrstuvwxyz0123456789ABCD";
        assert_eq!(check_token(Some(token)).unwrap(), token);
        assert_eq!(check_token(Some(&format!("Bot {token}"))).unwrap(), token);
    }
}
