//! `normbot check`: the moderators' gate before a knowledge edit goes live.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use normbot::knowledge::{self, Check, Stats};

pub fn run(dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let report = match knowledge::check(dir) {
        Ok(report) => report,
        Err(error) => Check { ok: false, problems: error.problems(), warnings: Vec::new(), stats: Stats::default() },
    };
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
    } else {
        for problem in report.problems.iter().chain(&report.warnings) {
            writeln!(out, "{problem}")?;
        }
        writeln!(out, "{}", summary(&report))?;
    }
    Ok(if report.ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
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
