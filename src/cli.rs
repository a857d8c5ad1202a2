//! Command-line interface: parses the arguments and hands each subcommand to its module.

mod ask;
mod check;
mod edits;
mod eval;
mod export;
mod moderate;
mod quiz;
mod restore;
#[cfg(feature = "discord")]
mod run;
mod teach;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use normbot::KnowledgeBase;
use normbot::config::Config;
use normbot::matcher::Matcher;

/// Questions and answers about Xu Peixi, "A Chinese Perspective on the Future of Cyberspace"
/// (Cyberstability Paper Series, 2021).
#[derive(Debug, Parser)]
#[command(name = "normbot", version, about)]
pub struct Cli {
    /// The configuration file (a missing default file means all defaults).
    #[arg(long, global = true, value_name = "FILE", env = "NORMBOT_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Answer a question about the paper (or one question per line from standard input).
    Ask(ask::Args),
    /// Score the matcher on truth files (JSON lines: {"q": …, "expect": …}).
    Eval(eval::Args),
    /// Run the Discord bot (token from the DISCORD_TOKEN environment variable).
    #[cfg(feature = "discord")]
    Run(run::Args),
    /// Serve Discord's HTTP interactions endpoint: POST /interactions, GET /healthz, GET /metrics.
    ///
    /// Discord POSTs each interaction, signed, to the Interactions Endpoint URL set in the developer
    /// portal; any number of replicas can share one bot behind a load balancer. Needs DISCORD_TOKEN and
    /// DISCORD_PUBLIC_KEY. Mention mode and quiz answers typed in the channel need the gateway
    /// (message content): `serve` refuses a configuration that turns them on; use `run` for those.
    #[cfg(feature = "discord")]
    Serve(run::ServeArgs),
    /// Print the URL that adds the bot to a server (scopes bot and applications.commands).
    #[cfg(feature = "discord")]
    Invite(run::InviteArgs),
    /// Add a phrasing to an entry, or a new Q&A entry: validated first, written atomically.
    Teach(teach::Args),
    /// List the backups of the knowledge files, or restore one (validated, written atomically).
    Restore(restore::Args),
    /// Questions this week, answer rate, top entries and top unanswered (from the state database).
    Stats(moderate::StatsArgs),
    /// The review queue: unanswered and down-voted questions, paraphrases grouped.
    Review(moderate::ReviewArgs),
    /// Study mode: answer questions about the paper, graded on their key facts.
    Quiz(quiz::Args),
    /// The knowledge edits made from Discord (the state database's log); --apply writes them
    /// into this knowledge folder (validated, comments kept, edits already there skipped).
    Edits(edits::Args),
    /// Check the knowledge files and report every problem with its file, line and column.
    Check(check::Args),
    /// Print the whole validated knowledge base as one JSON document.
    Export {
        #[command(flatten)]
        knowledge: KnowledgeArg,
        /// Print JSON (the only format so far).
        #[arg(long, required = true)]
        json: bool,
    },
}

#[derive(Debug, Clone, clap::Args)]
pub struct KnowledgeArg {
    /// The knowledge folder: one paper's folder, or a folder holding one paper's folder
    /// [default: the configuration's, "knowledge"].
    #[arg(long, value_name = "DIR", env = "NORMBOT_KNOWLEDGE")]
    knowledge: Option<PathBuf>,
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = load_config(cli.config.as_deref())?;
    match cli.command {
        Command::Ask(args) => ask::run(&config, args),
        Command::Eval(args) => eval::run(&config, args),
        #[cfg(feature = "discord")]
        Command::Run(args) => run::run(&config, args),
        #[cfg(feature = "discord")]
        Command::Serve(args) => run::serve(&config, args),
        #[cfg(feature = "discord")]
        Command::Invite(args) => run::invite(args),
        Command::Teach(args) => teach::run(&config, args),
        Command::Restore(args) => restore::run(&config, args),
        Command::Stats(args) => moderate::stats(&config, args),
        Command::Quiz(args) => quiz::run(&config, args),
        Command::Review(args) => moderate::review(&config, args),
        Command::Check(args) => check::run(&config, args),
        Command::Edits(args) => edits::run(&config, args),
        Command::Export { knowledge, json: _ } => export::run(&knowledge.dir(&config)),
    }
}

const DEFAULT_CONFIG: &str = "config/normbot.toml";

fn load_config(path: Option<&Path>) -> anyhow::Result<Config> {
    match path {
        Some(path) => Ok(Config::load(path)?),
        None if Path::new(DEFAULT_CONFIG).exists() => Ok(Config::load(Path::new(DEFAULT_CONFIG))?),
        None => Ok(Config::default()),
    }
}

impl KnowledgeArg {
    fn dir(&self, config: &Config) -> PathBuf {
        self.knowledge.clone().unwrap_or_else(|| config.knowledge.clone())
    }

    /// Loads the knowledge and builds the matcher, or says what is wrong with the files.
    fn matcher(&self, config: &Config) -> anyhow::Result<Matcher> {
        let dir = self.dir(config);
        let kb = KnowledgeBase::load(&dir).inspect_err(|error| {
            for problem in error.problems().iter().take(20) {
                eprintln!("{problem}");
            }
        });
        let kb = kb.with_context(|| format!("cannot load the knowledge in {} (run `normbot check`)", dir.display()))?;
        Ok(Matcher::new(Arc::new(kb), config.matcher))
    }
}

/// Runs a writer to the end, treating a closed pipe (`normbot ask … | head`) as success.
fn finish_output(result: std::io::Result<()>) -> anyhow::Result<ExitCode> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        other => {
            other?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Prints the problems that made the knowledge refuse an edit, then why nothing happened; exit 1.
fn refused(problems: &[normbot::Problem], what: &str) -> ExitCode {
    for problem in problems {
        eprintln!("{problem}");
    }
    eprintln!("{what}");
    ExitCode::from(1)
}
