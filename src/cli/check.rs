//! `normbot check`: the moderators' gate before a knowledge edit goes live.
//!
//! Besides the files' own problems it compares the entries with the last good knowledge (the
//! list the bot keeps in the backups folder), so that a deleted file is noticed before students
//! miss its entries; `--accept-removals` makes this knowledge the last good one.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use normbot::config::Config;
use normbot::knowledge::removals::{self, Removals, Roster};
use normbot::knowledge::{self, Check, Stats};
use normbot::problem::Problem;

use super::KnowledgeArg;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    knowledge: KnowledgeArg,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// Entries were removed on purpose: make this knowledge the last good one (the bot then
    /// takes it on its next reload, `/reload`).
    #[arg(long)]
    accept_removals: bool,
    /// Where the backups and the last good knowledge's entry list are kept
    /// [default: the configuration's, "knowledge-backups"].
    #[arg(long, value_name = "DIR", env = "NORMBOT_BACKUPS")]
    backups: Option<PathBuf>,
}

pub fn run(config: &Config, args: Args) -> anyhow::Result<ExitCode> {
    let dir = args.knowledge.dir(config);
    let mut report = match knowledge::check(&dir) {
        Ok(report) => report,
        Err(error) => Check {
            ok: false,
            problems: error.problems(),
            warnings: Vec::new(),
            stats: Stats::default(),
            roster: Roster::default(),
        },
    };
    let record = removals::record_path(args.backups.as_deref().unwrap_or(&config.state.backups), &dir);
    let accepted = if report.ok { compare_with_last_good(&mut report, &dir, &record, config, &args) } else { None };
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
    } else {
        for problem in report.problems.iter().chain(&report.warnings) {
            writeln!(out, "{problem}")?;
        }
        if let Some(removals) = accepted {
            writeln!(out, "accepted: {removals}; this is now the last good knowledge")?;
        } else if args.accept_removals && !report.ok {
            writeln!(out, "nothing accepted: fix the problems first")?;
        }
        writeln!(out, "{}", summary(&report))?;
    }
    Ok(if report.ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Reports the entries gone since the last good knowledge (a problem past the configured
/// share, else a warning), or accepts them. The first check with no list kept makes one.
fn compare_with_last_good(
    report: &mut Check,
    dir: &Path,
    record: &Path,
    config: &Config,
    args: &Args,
) -> Option<Removals> {
    let paper = knowledge::resolve_paper_dir(dir).unwrap_or_else(|_| dir.to_path_buf());
    let Some(last) = Roster::read(record) else {
        keep(&report.roster, record);
        return None;
    };
    let removals = Removals::between(&last, &report.roster);
    if args.accept_removals {
        keep(&report.roster, record);
        return (!removals.is_empty()).then_some(removals);
    }
    if removals.exceeds(config.max_removed_share) {
        report.ok = false;
        report.problems.push(Problem::whole_file(
            &paper,
            format!(
                "{removals}. More than {:.0}% of the entries would go, so the bot holds this edit until a moderator \
                 confirms it: `normbot check --accept-removals` then `/reload`, or `/reload confirm:True`. If it is a \
                 mistake, put the entries back (`normbot restore` lists the backups)",
                config.max_removed_share * 100.0
            ),
        ));
    } else if !removals.is_empty() {
        report.warnings.push(Problem::whole_file(
            &paper,
            format!(
                "{removals}. Students lose them at the bot's next reload; `normbot check --accept-removals` says this \
                 is meant and stops this warning"
            ),
        ));
    }
    None
}

fn keep(roster: &Roster, record: &Path) {
    if let Err(error) = roster.write(record) {
        eprintln!("warning: cannot keep the entry list at {}: {error}", record.display());
    }
}

fn summary(report: &Check) -> String {
    let s = &report.stats;
    let counts = format!(
        "{} Q&A, {} norms, {} initiatives, {} endnotes, {} sections, {} timeline events, {} phrasings",
        s.qa, s.norms, s.initiatives, s.endnotes, s.sections, s.events, s.phrasings
    );
    if report.ok {
        format!("ok: {counts}")
    } else {
        let n = report.problems.len();
        format!("{n} problem{} ({counts})", if n == 1 { "" } else { "s" })
    }
}
