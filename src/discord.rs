//! The Discord edge: slash commands over serenity, translating interactions into core questions
//! and core replies into messages.
//!
//! Nothing of the core depends on this module. It holds no logic of its own beyond Discord's:
//! which command was used, who may ask again when, and how to send the reply that [`render`]
//! built. It runs against Discord itself, or against any Discord-compatible server given as the
//! REST base (an HTTP proxy, or the test server in `tests/`).

pub mod command;
pub mod component;
mod endpoint;
mod handler;
pub mod render;
pub mod signature;
pub mod telemetry;

use std::future::Future;
use std::sync::Arc;

use serenity::all::{ClientBuilder, GatewayIntents, GuildId, Http, HttpBuilder};

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
    #[error(
        "{0} needs the gateway (message content), which `normbot serve` does not use: switch it off, or use `normbot run`"
    )]
    GatewayOnly(&'static str),
    #[error("cannot serve HTTP: {0}")]
    Listen(String),
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

/// What the bot does in a channel: read it, post answers and quiz rounds with embeds, and mark a
/// typed quiz answer as received with a reaction.
pub fn permissions() -> serenity::all::Permissions {
    use serenity::all::Permissions;
    Permissions::VIEW_CHANNEL
        | Permissions::SEND_MESSAGES
        | Permissions::EMBED_LINKS
        | Permissions::ADD_REACTIONS
        | Permissions::READ_MESSAGE_HISTORY
}

/// The OAuth2 URL that adds application `id` to a server with its slash commands and [`permissions`].
pub fn invite_url(id: u64) -> String {
    use serenity::all::{CreateBotAuthParameters, Scope};
    CreateBotAuthParameters::new()
        .client_id(serenity::all::ApplicationId::new(id))
        .scopes(&[Scope::Bot, Scope::ApplicationsCommands])
        .permissions(permissions())
        .build()
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
    let http = http_client(token, api_base.as_deref());
    let (handler, store) = handler(&config, &live).await;
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
        .then(|| handler::watch_knowledge(live.clone(), client.http.clone(), config.discord.moderator_channel_id));
    let shards = client.shard_manager.clone();
    let (stopping, stopped) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        tracing::info!("shutting down");
        let _ = stopping.send(true);
        shards.shutdown_all().await;
    });
    if let Some(listen) = &config.http.metrics_listen {
        let listen = listen.parse().map_err(|_| DiscordError::Listen(listen.clone()))?;
        let health = telemetry::Health { live, store };
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let shutdown = async move {
                let _ = stopped.wait_for(|s| *s).await;
            };
            if let Err(error) = telemetry::serve_routes(listen, health, shutdown).await {
                tracing::error!(%error, %listen, "cannot serve /healthz and /metrics");
            }
        });
    }
    tracing::info!(api_base = api_base.as_deref().unwrap_or("discord"), "connecting");
    match config.discord.shard_range().ok().flatten() {
        // serenity's range end is the last shard, as `start_shards` passes it.
        Some((first, last, total)) => {
            tracing::info!(first, last, total, "running a range of the bot's shards");
            client.start_shard_range(first..last, total).await?;
        }
        None => client.start_autosharded().await?,
    }
    Ok(())
}

/// `normbot serve`: answers the interactions Discord POSTs to `listener` (the Interactions
/// Endpoint URL of the developer portal), signed with the application's `key`, until `shutdown`
/// completes; `/healthz` and `/metrics` beside them. The commands are registered at start.
pub async fn serve(
    config: Config,
    live: Arc<LiveKnowledge>,
    token: &str,
    api_base: Option<String>,
    key: signature::PublicKey,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), DiscordError> {
    if config.discord.mention_mode {
        return Err(DiscordError::GatewayOnly("discord.mention_mode"));
    }
    if config.discord.quiz_channel_answers {
        return Err(DiscordError::GatewayOnly("discord.quiz_channel_answers"));
    }
    let http = Arc::new(http_client(token, api_base.as_deref()));
    match http.get_current_application_info().await {
        Ok(application) => {
            http.set_application_id(application.id);
            register_commands(&http, &config.discord.guild_ids, live.current().knowledge()).await;
        }
        Err(error) => tracing::error!(%error, "could not read the application from Discord; commands not registered"),
    }
    let (handler, store) = handler(&config, &live).await;
    // Quizzes started through any replica (or before a restart) are revealed by whichever comes first.
    handler.start_quiz_clock(&http);
    let _watch = config
        .discord
        .watch_knowledge
        .then(|| handler::watch_knowledge(live.clone(), http.clone(), config.discord.moderator_channel_id));
    let health = telemetry::Health { live, store };
    let app = endpoint::router(endpoint::Endpoint { handler, http, key }, health);
    let address = listener.local_addr().map_err(|e| DiscordError::Listen(e.to_string()))?;
    tracing::info!(%address, "serving interactions at POST /interactions");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| DiscordError::Listen(e.to_string()))?;
    Ok(())
}

/// serenity's HTTP client, pointed at `api_base` when there is one.
fn http_client(token: &str, api_base: Option<&str>) -> Http {
    match api_base {
        // serenity sends to a proxy only with its own rate limiter off: the proxy limits.
        Some(base) => HttpBuilder::new(token).proxy(base.trim_end_matches('/')).ratelimiter_disabled(true).build(),
        None => HttpBuilder::new(token).build(),
    }
}

/// The handler with the state database and the moderators' editor, when they can be opened;
/// the bot answers without them otherwise.
async fn handler(config: &Config, live: &Arc<LiveKnowledge>) -> (Handler, Option<Arc<crate::store::Store>>) {
    let mut handler = Handler::new(live.clone(), config.discord.clone());
    // Opening may connect to PostgreSQL, whose sync client must not run on the runtime's threads.
    let database = config.state.database.clone();
    let opened = tokio::task::spawn_blocking(move || crate::store::Store::open(&database)).await;
    let store = match opened.unwrap_or(Err(crate::store::StoreError::Panicked)) {
        Ok(store) => {
            let store = Arc::new(store);
            tokio::spawn(purge_daily(store.clone(), config.state.retention_days));
            handler = handler.with_store(store.clone(), config.state.log_user_ids);
            Some(store)
        }
        Err(error) => {
            tracing::error!(%error, "running without the state database: no review queue, no statistics");
            None
        }
    };
    match crate::knowledge::edit::Editor::new(live.dir(), &config.state.backups) {
        Ok(editor) => {
            let editor = Arc::new(editor);
            if let Some(store) = store.clone().filter(|s| s.is_shared()) {
                tokio::spawn(follow_edits(store, editor.clone(), live.clone()));
            }
            handler = handler.with_editor(editor);
        }
        Err(error) => tracing::error!(%error, "moderators cannot edit the knowledge from Discord"),
    }
    (handler, store)
}

/// With a shared state database, applies the knowledge edits made through other replicas: the
/// log is read twice a second, so an edit is live everywhere within about a second (a reload of the
/// shipped knowledge takes tens of milliseconds in release).
async fn follow_edits(
    store: Arc<crate::store::Store>,
    editor: Arc<crate::knowledge::edit::Editor>,
    live: Arc<LiveKnowledge>,
) {
    let follower = Arc::new(std::sync::Mutex::new(crate::shared_edits::Follower::default()));
    let mut every = tokio::time::interval(std::time::Duration::from_millis(500));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        let (store, editor, live, follower) = (store.clone(), editor.clone(), live.clone(), follower.clone());
        let pass = tokio::task::spawn_blocking(move || {
            let mut follower = follower.lock().unwrap_or_else(|e| e.into_inner());
            follower.catch_up(&store, &editor, &live)
        });
        if let Ok(Err(error)) = pass.await {
            tracing::warn!(%error, "could not read the shared edit log");
        }
    }
}

/// Registers the slash commands: in each of `guilds` (instant), or globally when there are none.
async fn register_commands(http: &Http, guilds: &[u64], knowledge: &crate::knowledge::KnowledgeBase) {
    let commands = command::registered(knowledge);
    if guilds.is_empty() {
        if let Err(error) = serenity::all::Command::set_global_commands(http, commands).await {
            tracing::error!(%error, "could not register the global commands");
        }
        return;
    }
    for &guild in guilds {
        if let Err(error) = GuildId::new(guild).set_commands(http, commands.clone()).await {
            tracing::error!(%error, guild, "could not register the commands in a server");
        }
    }
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
