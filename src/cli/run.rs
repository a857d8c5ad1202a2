//! `normbot run`: the Discord bot.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;

use normbot::config::Config;
use normbot::discord;
use normbot::knowledge::removals;
use normbot::live::LiveKnowledge;

use super::KnowledgeArg;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    knowledge: KnowledgeArg,
}

pub fn run(config: &Config, args: Args) -> anyhow::Result<ExitCode> {
    init_logging(&config.log_level);
    let (token, api_base) = discord_access(config)?;
    let live = load(config, &args.knowledge)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(discord::run(config.clone(), live, &token, api_base, shutdown_signal()))?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    knowledge: KnowledgeArg,
    /// Where to listen [default: the configuration's http.listen, "127.0.0.1:8080"].
    #[arg(long, value_name = "ADDRESS:PORT")]
    listen: Option<String>,
}

/// `normbot serve`: the HTTP interactions endpoint.
pub fn serve(config: &Config, args: ServeArgs) -> anyhow::Result<ExitCode> {
    init_logging(&config.log_level);
    let (token, api_base) = discord_access(config)?;
    let key = std::env::var("DISCORD_PUBLIC_KEY")
        .ok()
        .filter(|k| !k.trim().is_empty())
        .or(config.discord.public_key.clone())
        .context("DISCORD_PUBLIC_KEY is not set (nor discord.public_key): copy the application's public key from the developer portal")?;
    let key: discord::signature::PublicKey = key.parse()?;
    let listen = args.listen.unwrap_or_else(|| config.http.listen.clone());
    let live = load(config, &args.knowledge)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let listener =
            tokio::net::TcpListener::bind(&listen).await.with_context(|| format!("cannot listen on {listen}"))?;
        discord::serve(config.clone(), live, &token, api_base, key, listener, shutdown_signal()).await?;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, clap::Args)]
pub struct InviteArgs {
    /// The application's id (the developer portal's General Information page).
    #[arg(long, env = "DISCORD_APPLICATION_ID")]
    application_id: u64,
}

/// `normbot invite`: the URL that adds the bot to a server, with the scopes and permissions it uses.
pub fn invite(args: InviteArgs) -> anyhow::Result<ExitCode> {
    println!("{}", discord::invite_url(args.application_id));
    Ok(ExitCode::SUCCESS)
}

/// The token (never printed, logged or put in an error) and the REST base, if not Discord itself.
fn discord_access(config: &Config) -> anyhow::Result<(String, Option<String>)> {
    let token = discord::check_token(std::env::var("DISCORD_TOKEN").ok().as_deref())?;
    let api_base =
        std::env::var("NORMBOT_DISCORD_API_BASE").ok().filter(|b| !b.is_empty()).or(config.discord.api_base.clone());
    Ok((token, api_base))
}

/// The knowledge, validated, served live and guarded against mass removals.
fn load(config: &Config, knowledge: &KnowledgeArg) -> anyhow::Result<Arc<LiveKnowledge>> {
    let matcher = knowledge.matcher(config)?;
    tracing::info!(entries = matcher.knowledge().entries().len(), "knowledge loaded");
    let dir = knowledge.dir(config);
    let record = removals::record_path(&config.state.backups, &dir);
    let (live, removed) =
        LiveKnowledge::serving(&dir, matcher).guarding_removals(config.max_removed_share, Some(record));
    if !removed.is_empty() {
        tracing::warn!(%removed, "entries have gone since the last run");
    }
    Ok(Arc::new(live))
}

fn init_logging(level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("warn,normbot={level}")));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(term) => term,
            Err(_) => {
                let _ = interrupt.await;
                return;
            }
        };
        tokio::select! {
            _ = interrupt => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
