//! `normbot teach`: add a phrasing or a Q&A entry from a terminal, validated and written safely.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use normbot::config::Config;
use normbot::knowledge::edit::{Edit, EditError, Editor};

use super::KnowledgeArg;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    knowledge: KnowledgeArg,
    /// Add a phrasing to this entry (with --phrasing), or create a Q&A entry with this id (with --question).
    #[arg(long, value_name = "ID")]
    entry: String,
    /// The new way of asking for the entry.
    #[arg(long, conflicts_with = "question")]
    phrasing: Option<String>,
    /// The new entry's question.
    #[arg(long, requires = "answer")]
    question: Option<String>,
    /// The new entry's alternate phrasings (at least 3).
    #[arg(long = "alternate")]
    alternates: Vec<String>,
    /// The new entry's answer.
    #[arg(long)]
    answer: Option<String>,
    /// The paper's endnotes the answer rests on.
    #[arg(long = "endnote")]
    endnotes: Vec<u32>,
    /// The section of the paper the new entry belongs to.
    #[arg(long)]
    section: Option<String>,
    /// Where previous versions of the files are kept.
    #[arg(long, value_name = "DIR", default_value = "knowledge-backups")]
    backups: PathBuf,
}

pub fn run(config: &Config, args: Args) -> anyhow::Result<ExitCode> {
    let edit = match (&args.phrasing, &args.question) {
        (Some(phrasing), None) => Edit::AddPhrasing { entry: args.entry.clone(), phrasing: phrasing.clone() },
        (None, Some(question)) => Edit::NewQa {
            id: args.entry.clone(),
            section: args.section.clone(),
            question: question.clone(),
            alternates: args.alternates.clone(),
            answer: args.answer.clone().unwrap_or_default(),
            endnotes: args.endnotes.clone(),
        },
        _ => anyhow::bail!("give --phrasing (to add a phrasing) or --question and --answer (to create an entry)"),
    };
    let editor = Editor::new(&args.knowledge.dir(config), &args.backups)?;
    match editor.apply(&edit) {
        Ok(edited) => {
            println!("written: {} (previous version: {})", edited.file.display(), edited.backup.display());
            for warning in edit.warnings() {
                println!("warning: {warning}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(EditError::Invalid(problems)) => {
            Ok(super::refused(&problems, "nothing was written: the edit would make the knowledge invalid"))
        }
        Err(error) => Err(error).context("nothing was written"),
    }
}
