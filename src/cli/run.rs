//! `normbot run`: the Discord bot.

use std::process::ExitCode;
use std::sync::Arc;

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
    // The token is read here and handed on; it is never printed, logged or put in an error.
    let token = discord::check_token(std::env::var("DISCORD_TOKEN").ok().as_deref())?;
    let api_base =
        std::env::var("NORMBOT_DISCORD_API_BASE").ok().filter(|b| !b.is_empty()).or(config.discord.api_base.clone());
    let matcher = args.knowledge.matcher(config)?;
    tracing::info!(entries = matcher.knowledge().entries().len(), "knowledge loaded");
    let dir = args.knowledge.dir(config);
    let record = removals::record_path(&config.state.backups, &dir);
    let (live, removed) =
        LiveKnowledge::serving(&dir, matcher).guarding_removals(config.max_removed_share, Some(record));
    if !removed.is_empty() {
        tracing::warn!(%removed, "entries have gone since the last run");
    }
    let live = Arc::new(live);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(discord::run(config.clone(), live, &token, api_base, shutdown_signal()))?;
    Ok(ExitCode::SUCCESS)
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
