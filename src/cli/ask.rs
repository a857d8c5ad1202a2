//! `normbot ask`: the main job, in a terminal.

use std::io::{BufRead, BufWriter, Write};
use std::process::ExitCode;

use normbot::config::Config;
use normbot::matcher::{Matcher, Status};
use normbot::reply::Reply;

use super::{KnowledgeArg, finish_output};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    knowledge: KnowledgeArg,
    /// Print one JSON object per question, one per line.
    #[arg(long)]
    json: bool,
    /// Show the 5 best candidates with their scores and the words that matched.
    #[arg(long)]
    explain: bool,
    /// The question (quotes optional). Without one, every line of standard input is a question.
    question: Vec<String>,
}

pub fn run(config: &Config, args: Args) -> anyhow::Result<ExitCode> {
    let matcher = args.knowledge.matcher(config)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = if args.question.is_empty() {
        ask_lines(&matcher, &args, &mut out)
    } else {
        answer(&matcher, &args, &args.question.join(" "), &mut out)
    };
    finish_output(result.and_then(|()| out.flush()))
}

fn ask_lines(matcher: &Matcher, args: &Args, out: &mut impl Write) -> std::io::Result<()> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        // Binary garbage is still a (strange) question: answer it, do not stop.
        let question = String::from_utf8_lossy(&line);
        answer(matcher, args, question.trim_end_matches(['\n', '\r']), out)?;
    }
}

fn answer(matcher: &Matcher, args: &Args, question: &str, out: &mut impl Write) -> std::io::Result<()> {
    let reply = Reply::to(matcher, question);
    if args.json {
        serde_json::to_writer(&mut *out, &reply)?;
        writeln!(out)?;
    } else {
        write_human(&reply, out)?;
    }
    if args.explain {
        write_explanation(matcher, question, out)?;
        writeln!(out, "{}\n", next_step(&reply))?;
    }
    Ok(())
}

fn write_human(reply: &Reply, out: &mut impl Write) -> std::io::Result<()> {
    match (&reply.answer, reply.status) {
        (Some(answer), _) => {
            if let Some(note) = reply.language.answer_note() {
                writeln!(out, "{note}")?;
            }
            writeln!(out, "{}  [{} · score {:.2}]\n", answer.title, answer.kind.as_str(), reply.score)?;
            writeln!(out, "{}", answer.text)?;
            if !answer.sources.is_empty() {
                writeln!(out, "\nSources:")?;
                for source in &answer.sources {
                    writeln!(out, "  [{}] {}", source.endnote, source.citation)?;
                }
            }
            if !reply.suggestions.is_empty() {
                let titles: Vec<&str> = reply.suggestions.iter().map(|s| s.title.as_str()).collect();
                writeln!(out, "\nSee also: {}", titles.join(" · "))?;
            }
        }
        (None, Status::Ambiguous) => {
            writeln!(out, "{}", reply.language.did_you_mean())?;
            for (i, s) in reply.suggestions.iter().enumerate() {
                writeln!(out, "  {}. {}  [{:.2}]", i + 1, s.title, s.score)?;
            }
        }
        (None, _) => {
            writeln!(out, "{}", reply.language.not_found())?;
            if let Some(instead) = &reply.instead {
                let notes: String = instead.answer.sources.iter().map(|s| format!(" [{}]", s.endnote)).collect();
                writeln!(out, "{}\n  {} {}{notes}", instead.note, instead.answer.title, instead.gist)?;
            }
            if !reply.suggestions.is_empty() {
                writeln!(out, "{}", reply.language.close_topics())?;
                for s in &reply.suggestions {
                    writeln!(out, "  - {}  [{:.2}]", s.title, s.score)?;
                }
            }
        }
    }
    writeln!(out)
}

/// What a moderator does next about a question, as the command to run.
fn next_step(reply: &Reply) -> String {
    let teach = |id: &str| format!("normbot teach --entry {id} --phrasing {:?}", reply.question);
    let add = "no entry covers this: add one (knowledge/README.md, \"Questions and answers\"), or with normbot teach \
               --entry NEW-ID --question \"…\" --alternate \"…\" --answer \"…\"";
    match (&reply.answer, reply.status, &reply.instead) {
        (Some(answer), _, _) => format!(
            "Next: if that is the right answer, nothing to do. If another entry answers it, teach that one this \
             wording:\n  {}",
            teach(&format!("<the right id, not {}>", answer.id))
        ),
        (None, Status::Ambiguous, _) => {
            let ids: Vec<&str> = reply.suggestions.iter().map(|s| s.id.as_str()).collect();
            format!(
                "Next: teach the entry that answers it this wording (one of {}):\n  {}",
                ids.join(", "),
                teach(ids[0])
            )
        }
        (None, _, Some(instead)) => format!(
            "Next: the paper does not give what is asked ({}); nothing to teach unless it does, then:\n  {}",
            instead.answer.id,
            teach(&instead.answer.id)
        ),
        (None, _, None) => match reply.suggestions.first() {
            Some(best) => {
                format!("Next: if {} answers it, teach it this wording:\n  {}\nElse {add}", best.id, teach(&best.id))
            }
            None => format!("Next: {add}"),
        },
    }
}

fn write_explanation(matcher: &Matcher, question: &str, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "Top candidates for {question:?}:")?;
    for e in matcher.explain(question, 5) {
        let entry = matcher.entry(e.entry);
        writeln!(
            out,
            "  {:.3}  {} ({})  coverage {:.2}, phrasing {:.2}: {:?}",
            e.score,
            entry.id,
            entry.kind.as_str(),
            e.coverage,
            e.phrasing,
            e.best_phrasing
        )?;
        let words: Vec<String> = e
            .words
            .iter()
            .map(|(word, matched)| match matched {
                Some(stem) => format!("{word}={stem}"),
                None => format!("{word}=∅"),
            })
            .collect();
        writeln!(out, "         words: {}", words.join(" "))?;
    }
    writeln!(out)
}
