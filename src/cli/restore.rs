//! `normbot restore`: list the backups `teach` and `/teach` keep, and put one back: validated
//! with the whole folder first, written atomically, the version it replaces kept as a backup in
//! turn, and recorded in the audit log of the state database when there is one.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use normbot::config::Config;
use normbot::knowledge::edit::{Edit, EditError, Editor, restored_name};
use normbot::store::{self, Store};

use super::KnowledgeArg;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    knowledge: KnowledgeArg,
    /// The backup to restore (one of those listed without it).
    backup: Option<PathBuf>,
    /// Where previous versions of the files are kept.
    #[arg(long, value_name = "DIR", default_value = "knowledge-backups")]
    backups: PathBuf,
}

pub fn run(config: &Config, args: Args) -> anyhow::Result<ExitCode> {
    let editor = Editor::new(&args.knowledge.dir(config), &args.backups)?;
    let Some(backup) = args.backup else {
        let backups = editor.backups();
        if backups.is_empty() {
            println!("no backups in {} yet: teach and /teach keep one before each edit", args.backups.display());
        }
        for backup in backups {
            let file = restored_name(&backup).unwrap_or_default();
            println!("{}  (restores {file})", backup.display());
        }
        return Ok(ExitCode::SUCCESS);
    };
    match editor.apply(&Edit::Restore { backup: backup.clone() }) {
        Ok(edited) => {
            println!(
                "restored {} from {} (the version it replaced: {})",
                edited.file.display(),
                backup.display(),
                edited.backup.display()
            );
            audit(config, &backup, &edited.before, &edited.after);
            Ok(ExitCode::SUCCESS)
        }
        Err(EditError::Invalid(problems)) => {
            Ok(super::refused(&problems, "nothing was restored: that version would make the knowledge invalid today"))
        }
        Err(error) => Err(error).context("nothing was restored"),
    }
}

/// Records the restore in the audit log (moderator 0: a terminal), if the bot has a state database.
fn audit(config: &Config, backup: &std::path::Path, before: &str, after: &str) {
    let path = &config.state.database;
    if !path.exists() {
        return;
    }
    let action = format!("restore {}", backup.display());
    match Store::open(path).and_then(|s| s.audit(store::now(), 0, &action, before, after)) {
        Ok(()) => {}
        Err(error) => eprintln!("restored, but the audit log could not be written: {error}"),
    }
}
