//! `normbot export --json`: the validated knowledge as one JSON document, for other tools.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use normbot::KnowledgeBase;
use normbot::knowledge::Export;

pub fn run(dir: &Path) -> anyhow::Result<ExitCode> {
    let kb = match KnowledgeBase::load(dir) {
        Ok(kb) => kb,
        Err(error) => {
            for problem in error.problems() {
                eprintln!("{problem}");
            }
            return Err(error).with_context(|| format!("cannot export {}: run `normbot check`", dir.display()));
        }
    };
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &Export::of(&kb))?;
    writeln!(out)?;
    Ok(ExitCode::SUCCESS)
}
