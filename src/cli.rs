//! Command-line interface: parses the arguments and hands each subcommand to its module.

mod check;
mod export;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Questions and answers about Xu Peixi, "A Chinese Perspective on the Future of Cyberspace"
/// (Cyberstability Paper Series, 2021).
#[derive(Debug, Parser)]
#[command(name = "normbot", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check the knowledge files and report every problem with its file, line and column.
    Check {
        #[command(flatten)]
        knowledge: KnowledgeArg,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print the whole validated knowledge base as one JSON document.
    Export {
        #[command(flatten)]
        knowledge: KnowledgeArg,
        /// Print JSON (the only format so far).
        #[arg(long, required = true)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct KnowledgeArg {
    /// The knowledge folder: one paper's folder, or a folder holding one paper's folder.
    #[arg(long, value_name = "DIR", env = "NORMBOT_KNOWLEDGE", default_value = "knowledge")]
    knowledge: PathBuf,
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check { knowledge, json } => check::run(&knowledge.knowledge, json),
        Command::Export { knowledge, json: _ } => export::run(&knowledge.knowledge),
    }
}
