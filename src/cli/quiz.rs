//! `normbot quiz`: study mode in a terminal. Questions from the knowledge, typed answers graded
//! on their key facts, the model answer and its sources shown after each.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use normbot::config::Config;
use normbot::knowledge::{Entry, EntryKind};
use normbot::quiz;
use normbot::reply;

use super::KnowledgeArg;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    knowledge: KnowledgeArg,
    /// How many questions.
    #[arg(long, default_value_t = 5)]
    rounds: usize,
    /// Only questions from this section of the paper (see /topics).
    #[arg(long)]
    section: Option<String>,
    /// The same seed gives the same questions (default: a new draw each time).
    #[arg(long)]
    seed: Option<u64>,
}

pub fn run(config: &Config, args: Args) -> anyhow::Result<ExitCode> {
    let matcher = args.knowledge.matcher(config)?;
    let kb = matcher.knowledge();
    let pool: Vec<&Entry> = kb
        .entries()
        .iter()
        .filter(|e| e.kind == EntryKind::Qa)
        .filter(|e| args.section.as_deref().is_none_or(|s| e.section.as_deref() == Some(s)))
        .filter(|e| {
            let facts = quiz::key_facts(e);
            !facts.numbers.is_empty() || !facts.names.is_empty()
        })
        .collect();
    anyhow::ensure!(!pool.is_empty(), "no quiz questions in that section");
    let mut seed = args.seed.unwrap_or_else(|| normbot::store::now() as u64) | 1;
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut out = std::io::stdout().lock();
    let mut right = 0;
    for round in 1..=args.rounds {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let entry = pool[(seed % pool.len() as u64) as usize];
        writeln!(out, "\nQuestion {round}/{}: {}", args.rounds, entry.title)?;
        write!(out, "> ")?;
        out.flush()?;
        let mut typed = String::new();
        if input.read_line(&mut typed)? == 0 {
            break;
        }
        let grade = quiz::grade(entry, typed.trim());
        if grade.correct {
            right += 1;
            writeln!(out, "Right.")?;
        } else {
            writeln!(out, "Not quite: the answer needs {}.", grade.missing.join(", "))?;
        }
        writeln!(out, "{}", entry.answer)?;
        for source in reply::sources(kb, entry) {
            writeln!(out, "  [{}] {}", source.endnote, source.citation)?;
        }
    }
    writeln!(out, "\nScore: {right}/{}", args.rounds)?;
    Ok(ExitCode::SUCCESS)
}
