//! `normbot quiz`: study mode in a terminal. Questions from the knowledge, typed answers graded
//! on their key facts, the model answer and its sources shown after each.

use std::io::{BufRead, Write};
use std::process::ExitCode;

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
}

pub fn run(config: &Config, args: Args) -> anyhow::Result<ExitCode> {
    let matcher = args.knowledge.matcher(config)?;
    let kb = matcher.knowledge();
    let pool = quiz::questions(kb, args.section.as_deref());
    anyhow::ensure!(!pool.is_empty(), "no quiz questions in that section");
    let seed = args.seed.unwrap_or_else(|| normbot::store::now() as u64);
    let questions = quiz::draw(pool, args.rounds, seed);
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
        write!(out, "> ")?;
        out.flush()?;
        let mut typed = String::new();
        if input.read_line(&mut typed)? == 0 {
            break;
        }
        let typed = typed.trim();
        match game.choices() {
            Some(_) => {
                let letter = typed.chars().next().map(|c| c.to_ascii_uppercase());
                let option = letter.and_then(|l| LETTERS.find(l)).unwrap_or(usize::MAX);
                game.pick(USER, option);
            }
            None => {
                game.answer(USER, typed);
            }
        }
        let reveal = game.reveal();
        let question = &reveal.question;
        if reveal.answers.first().is_some_and(|a| a.correct) {
            writeln!(out, "Right.")?;
        } else if reveal.choices.is_some() {
            writeln!(out, "Not quite: the answer is {}.", question.short.trim_end_matches('.'))?;
        } else {
            let missing = quiz::grade_question(question, typed).missing;
            writeln!(out, "Not quite: the answer needs {}.", missing.join(", "))?;
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

/// The one player of a terminal quiz.
const USER: u64 = 0;
const LETTERS: &str = "ABCD";
