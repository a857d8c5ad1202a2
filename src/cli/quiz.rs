//! `normbot quiz`: study mode in a terminal. Questions from the knowledge, typed answers graded
//! on their key facts, the model answer and its sources shown after each.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use normbot::config::Config;
use normbot::quiz;

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
    /// Multiple choice: pick one of four options (A to D) instead of typing an answer.
    #[arg(long)]
    choices: bool,
    /// Grade the answers of grading truth files (JSON lines: {"q", "a", "expect", "kind"})
    /// instead of playing, and print the grader's figures.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    eval: Vec<PathBuf>,
    /// With --eval: print only the totals, never a question or answer (for held-out sets).
    #[arg(long, requires = "eval")]
    totals: bool,
    /// List every question the quiz can ask, with the key facts a right answer needs and
    /// whether it can be multiple choice, then the count per kind.
    #[arg(long, conflicts_with = "eval")]
    list: bool,
}

pub fn run(config: &Config, args: Args) -> anyhow::Result<ExitCode> {
    let matcher = args.knowledge.matcher(config)?;
    let kb = matcher.knowledge();
    if !args.eval.is_empty() {
        return grading_figures(kb, &args.eval, args.totals);
    }
    if args.list {
        return list(&matcher, args.section.as_deref());
    }
    let pool = quiz::questions(kb, args.section.as_deref());
    anyhow::ensure!(!pool.is_empty(), "no quiz questions in that section");
    let seed = args.seed.unwrap_or_else(|| normbot::store::now() as u64);
    let questions = quiz::draw(pool, args.rounds, seed, args.choices.then_some(&matcher));
    anyhow::ensure!(!questions.is_empty(), "no multiple-choice questions in that section");
    let mut game = quiz::Game::new(questions, args.choices.then_some(&matcher), seed);
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut out = std::io::stdout().lock();
    while !game.finished() {
        writeln!(out, "\nQuestion {}/{}: {}", game.round(), game.rounds(), game.question().prompt)?;
        if let Some(choices) = game.choices() {
            for (letter, option) in LETTERS.chars().zip(&choices.options) {
                writeln!(out, "  {letter}) {option}")?;
            }
        }
        let Some(typed) = read_answer(&mut input, &mut out, &mut game)? else { break };
        let reveal = game.reveal();
        let question = &reveal.question;
        if reveal.choices.is_some() {
            match reveal.answers.first().is_some_and(|a| a.correct) {
                true => writeln!(out, "Right.")?,
                false => writeln!(out, "Not quite: the answer is {}.", question.short.trim_end_matches('.'))?,
            }
        } else {
            writeln!(out, "{}", quiz::grade_question(question, &typed).summary())?;
        }
        writeln!(out, "{}", question.answer)?;
        for number in &question.endnotes {
            if let Some(endnote) = kb.endnote(*number) {
                writeln!(out, "  [{}] {}", endnote.number, endnote.citation)?;
            }
        }
    }
    let right = game.scores().first().map_or(0, |(_, s)| s.right);
    writeln!(out, "\nScore: {right}/{}", game.rounds())?;
    Ok(ExitCode::SUCCESS)
}

/// Reads the player's answer to the current question: a typed answer, or a pick, asked again
/// until it is one of the options. None at the end of input.
fn read_answer(
    input: &mut impl BufRead,
    out: &mut impl Write,
    game: &mut quiz::Game,
) -> anyhow::Result<Option<String>> {
    loop {
        write!(out, "> ")?;
        out.flush()?;
        let mut typed = String::new();
        if input.read_line(&mut typed)? == 0 {
            return Ok(None);
        }
        let typed = typed.trim().to_owned();
        if game.choices().is_none() {
            game.answer(USER, &typed);
            return Ok(Some(typed));
        }
        let letter = typed.chars().next().map(|c| c.to_ascii_uppercase()).filter(|_| typed.chars().count() <= 2);
        let option = letter.and_then(|l| LETTERS.find(l)).unwrap_or(usize::MAX);
        match game.pick(USER, option) {
            quiz::Submitted::NoSuchOption => writeln!(out, "Pick one of the letters A to D.")?,
            _ => return Ok(Some(typed)),
        }
    }
}

/// The one player of a terminal quiz.
const USER: u64 = 0;
const LETTERS: &str = "ABCD";

/// `--list`: every question, its key facts, and the count per kind.
fn list(matcher: &normbot::matcher::Matcher, section: Option<&str>) -> anyhow::Result<ExitCode> {
    let questions = quiz::questions(matcher.knowledge(), section);
    let mut out = std::io::stdout().lock();
    let mut counts: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for q in &questions {
        let multiple = quiz::wrong_options(matcher, q).len() >= quiz::OPTIONS - 1;
        let facts: Vec<String> = q.facts.iter().map(|f| f.label.clone()).collect();
        let kind = format!("{:?}", q.asks).to_lowercase();
        writeln!(
            out,
            "[{kind}{}] {} ({}): needs {}",
            if multiple { ", choices" } else { "" },
            q.prompt,
            q.entry,
            facts.join(" + ")
        )?;
        let count = counts.entry(kind).or_default();
        count.0 += 1;
        count.1 += usize::from(multiple);
    }
    for (kind, (all, multiple)) in &counts {
        writeln!(out, "{kind}: {all} questions, {multiple} of them multiple choice")?;
    }
    writeln!(out, "in all: {} questions", questions.len())?;
    Ok(ExitCode::SUCCESS)
}

/// `--eval`: the grader's figures on grading truth files.
fn grading_figures(kb: &normbot::KnowledgeBase, files: &[PathBuf], totals: bool) -> anyhow::Result<ExitCode> {
    let mut cases = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
        cases.extend(
            quiz::eval::parse(&text).with_context(|| format!("{} is not a grading truth file", file.display()))?,
        );
    }
    let started = std::time::Instant::now();
    let report = quiz::eval::run(&quiz::questions(kb, None), &cases);
    let elapsed = started.elapsed();
    let mut out = std::io::stdout().lock();
    if !totals {
        for miss in &report.misses {
            writeln!(
                out,
                "MISS expected {:?}, got {:?}: {}\n  answer: {}\n  {}",
                miss.expected, miss.got, miss.question, miss.answer, miss.why
            )?;
        }
    }
    writeln!(
        out,
        "graded {} answers to {} questions ({} answers to {} questions the quiz does not ask left out)",
        report.graded, report.questions, report.not_asked, report.questions_not_asked
    )?;
    writeln!(
        out,
        "false rejections {}/{} = {:.3}; false acceptances {}/{} = {:.3}; hedges and negations accepted {}/{}; grades agreeing {}/{}",
        report.false_rejections,
        report.right,
        report.false_rejection_rate(),
        report.false_acceptances,
        report.not_right,
        report.false_acceptance_rate(),
        report.hedges_and_negations_accepted,
        report.hedges_and_negations,
        report.all.agreed,
        report.all.cases
    )?;
    for (kind, tally) in &report.by_kind {
        writeln!(out, "  {kind}: {}/{}", tally.agreed, tally.cases)?;
    }
    writeln!(
        out,
        "grading time: {:.1} µs an answer (whole run, one thread)",
        elapsed.as_secs_f64() * 1e6 / report.graded.max(1) as f64
    )?;
    Ok(ExitCode::SUCCESS)
}
