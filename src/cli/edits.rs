//! `normbot edits`: the knowledge edits made from Discord, as the state database logs them, and
//! `--apply` to write them into this checkout's TOML files (for the repository), through the same
//! editor as `/teach`: validated, comments and layout kept, backups made, edits already there skipped.

use std::io::Write;
use std::process::ExitCode;

use normbot::config::Config;
use normbot::knowledge::KnowledgeBase;
use normbot::knowledge::edit::Editor;
use normbot::shared_edits::{self, Outcome};

use super::KnowledgeArg;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    knowledge: KnowledgeArg,
    /// Write the logged edits into the knowledge folder (those it has already are skipped).
    #[arg(long)]
    apply: bool,
    /// Only the edits logged after this id.
    #[arg(long, default_value_t = 0)]
    after: i64,
}

pub fn run(config: &Config, args: Args) -> anyhow::Result<ExitCode> {
    let store = super::moderate::open(config)?;
    let edits = store.edits_after(args.after, u32::MAX)?;
    let mut out = std::io::stdout().lock();
    if !args.apply {
        for edit in &edits {
            writeln!(out, "{}\t{}\t{}\t{}", edit.id, edit.at, edit.moderator, edit.edit)?;
        }
        if edits.is_empty() {
            writeln!(out, "no edits logged")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let dir = args.knowledge.dir(config);
    let editor = Editor::new(&dir, &config.state.backups)?;
    let (mut applied, mut skipped) = (0, 0);
    for edit in &edits {
        let kb = KnowledgeBase::load(&dir)?;
        match shared_edits::apply(&editor, &kb, edit) {
            Outcome::Applied => {
                applied += 1;
                writeln!(out, "applied {}: {}", edit.id, edit.edit)?;
            }
            Outcome::AlreadyThere => {}
            Outcome::Skipped(why) => {
                skipped += 1;
                writeln!(out, "skipped {}: {why}", edit.id)?;
            }
        }
    }
    writeln!(out, "{applied} applied, {skipped} skipped, {} already there", edits.len() - applied - skipped)?;
    Ok(if skipped == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
