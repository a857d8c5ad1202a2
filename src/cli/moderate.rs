//! `normbot stats` and `normbot review`: the moderators' views, in a terminal.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use normbot::config::Config;
use normbot::store::{self, Store};

use super::KnowledgeArg;

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// How many days back to count.
    #[arg(long, default_value_t = 7)]
    days: u32,
}

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    knowledge: KnowledgeArg,
    /// How many rows to show.
    #[arg(long, default_value_t = 10)]
    limit: usize,
}

pub(super) fn open(config: &Config) -> anyhow::Result<Store> {
    let path = &config.state.database;
    anyhow::ensure!(
        store::is_postgres(path) || path.exists(),
        "no state database at {} yet: it is created when the bot runs",
        path.display()
    );
    Store::open(path).context("cannot read the state database")
}

pub fn stats(config: &Config, args: StatsArgs) -> anyhow::Result<ExitCode> {
    let usage = open(config)?.usage(store::now() - i64::from(args.days) * 86_400)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "last {} days: {} questions, {:.0}% answered",
        args.days,
        usage.questions,
        usage.answer_rate() * 100.0
    )?;
    writeln!(out, "most asked entries:")?;
    for (entry, n) in &usage.top_entries {
        writeln!(out, "  {n:>4}  {entry}")?;
    }
    writeln!(out, "most asked without an answer:")?;
    for (text, n) in &usage.top_unanswered {
        writeln!(out, "  {n:>4}  {text}")?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn review(config: &Config, args: ReviewArgs) -> anyhow::Result<ExitCode> {
    let items = open(config)?.needing_review(500)?;
    let matcher = args.knowledge.matcher(config)?;
    let rows = normbot::review::group(&matcher, &items);
    let mut out = std::io::stdout().lock();
    if rows.is_empty() {
        writeln!(out, "the review queue is empty")?;
    }
    for row in rows.iter().take(args.limit) {
        writeln!(out, "{:>4}× {:>3}👎  {}", row.asked, row.down_votes, row.question)?;
        for other in row.wordings.iter().skip(1) {
            writeln!(out, "            also: {other}")?;
        }
        if let Some((entry, score)) = &row.candidate {
            writeln!(
                out,
                "            closest: {entry} ({score:.2}); add it with: normbot teach --entry {entry} --phrasing {:?}",
                row.question
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
