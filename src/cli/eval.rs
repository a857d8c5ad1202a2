//! `normbot eval`: the matcher's accuracy on truth files, and a gate for CI.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use normbot::config::Config;
use normbot::eval;

use super::KnowledgeArg;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    knowledge: KnowledgeArg,
    /// Truth files, JSON lines: {"q": "...", "expect": {...}}.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Exit 1 when in-scope top-1 accuracy is below this.
    #[arg(long, default_value_t = 0.0)]
    min_accuracy: f64,
    /// Exit 1 when the out-of-scope rejection rate is below this.
    #[arg(long, default_value_t = 0.0)]
    min_rejection: f64,
    /// Print only the totals (and totals by kind), never a question: for held-out sets, which
    /// must not be read while the matcher is tuned.
    #[arg(long)]
    totals: bool,
}

pub fn run(config: &Config, args: Args) -> anyhow::Result<ExitCode> {
    let matcher = args.knowledge.matcher(config)?;
    let mut cases = Vec::new();
    for file in &args.files {
        let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
        cases.extend(eval::parse(&text).with_context(|| format!("{} is not a truth file", file.display()))?);
    }
    let report = eval::run(&matcher, &cases);
    let mut out = std::io::stdout().lock();
    for miss in report.misses.iter().filter(|_| !args.totals) {
        let expected = if miss.reject { "should be refused" } else { "should be answered" };
        let got = if miss.got.is_empty() { String::new() } else { format!(": {}", miss.got.join(", ")) };
        writeln!(out, "MISS ({expected}) {:?} -> {} {:.2}{got}", miss.question, miss.status, miss.score)?;
    }
    writeln!(
        out,
        "in-scope top-1 accuracy: {:.3} ({}/{})\nout-of-scope rejection: {:.3} ({}/{})",
        report.accuracy(),
        report.in_scope_passed,
        report.in_scope,
        report.rejection(),
        report.out_of_scope_passed,
        report.out_of_scope
    )?;
    for (kind, (passed, total)) in &report.by_kind {
        writeln!(out, "  {kind}: {:.3} ({passed}/{total})", eval::ratio(*passed, *total))?;
    }
    let ok = report.accuracy() >= args.min_accuracy && report.rejection() >= args.min_rejection;
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
