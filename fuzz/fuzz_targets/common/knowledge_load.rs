//! Any text as one knowledge file, loaded with the shipped or a minimal paper around it
//! (`KnowledgeBase::from_texts`, the in-memory loader). Loading never panics; when it fails,
//! every problem names a file that was given and a line and column inside it; when it
//! succeeds, the knowledge base is consistent and everything the bot renders from it fits
//! Discord's limits.
//!
//! Input: one byte choosing the files around the fuzzed one, then the fuzzed file's text.
use std::sync::Arc;

use super::{check_interaction, check_message_body, json};
use normbot::discord::render;
use normbot::knowledge::Export;
use normbot::matcher::{Matcher, Thresholds};
use normbot::reply::Reply;
use normbot::{KnowledgeBase, LoadError};

const PAPER: &str = include_str!("../../../knowledge/xu-2021/paper.toml");
const ENDNOTES: &str = include_str!("../../../knowledge/xu-2021/endnotes.toml");

/// The least valid paper: one section, one endnote, so that a fuzzed file with an entry citing
/// endnote 1 can load (the shipped paper needs all its 33 endnotes cited).
const MINI: &str = r#"
[paper]
id = "mini"
title = "A Paper"
author = "An Author"
affiliation = "A University"
series = "A Series"
publisher = "A Publisher"
date = "2021"
licence = "CC BY"
author_bio = "Writes papers."
endnote_count = 1

[[section]]
id = "main"
title = "The main part"
summary = "What the paper says."

[[endnote]]
number = 1
citation = "A. Author. A Book. 2020."
short = "A Book (2020)"
url = "https://example.org/book"
cited_for = "Everything."
"#;

const FUZZED: &str = "qa-fuzz.toml";

/// One input, checked as the fuzz target checks it (also replayed by `tests/fuzz_regressions.rs`).
pub fn run(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest).into_owned();
    let files: Vec<(&str, String)> = match mode % 4 {
        // The fuzzed file alone.
        0 => vec![(FUZZED, text)],
        // Beside the shipped paper and endnotes.
        1 => vec![("endnotes.toml", ENDNOTES.to_owned()), ("paper.toml", PAPER.to_owned()), (FUZZED, text)],
        // After, then before, the minimal paper.
        2 => vec![("paper.toml", MINI.to_owned()), (FUZZED, text)],
        _ => vec![("00-fuzz.toml", text), ("paper.toml", MINI.to_owned())],
    };
    let given = files.clone();
    let loaded = KnowledgeBase::from_texts(files);
    if verbose() {
        match &loaded {
            Ok(kb) => eprintln!("loaded: {:?}", kb.stats()),
            Err(error) => {
                eprintln!("{error}:\n{:#?}", error.problems().iter().map(|p| p.to_string()).collect::<Vec<_>>())
            }
        }
    }
    match loaded {
        Err(error) => check_error(&given, &error),
        Ok(kb) => check_knowledge(kb),
    }
}

/// `FUZZ_VERBOSE=1`: print what each input loaded to (to check seeds; not while fuzzing).
fn verbose() -> bool {
    static VERBOSE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *VERBOSE.get_or_init(|| std::env::var_os("FUZZ_VERBOSE").is_some())
}

fn check_error(files: &[(&str, String)], error: &LoadError) {
    let LoadError::Invalid(problems) = error else {
        panic!("from_texts failed without problems: {error}");
    };
    assert!(!problems.is_empty(), "invalid with no problem");
    assert_eq!(&error.problems(), problems);
    let _ = error.to_string();
    for pair in problems.windows(2) {
        let key = |p: &normbot::Problem| (p.file.clone(), p.line, p.column);
        assert!(key(&pair[0]) <= key(&pair[1]), "problems not sorted by file, line, column");
    }
    for p in problems {
        let name = p.file.to_str().expect("file names stay as given");
        let (_, text) = files
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("problem in a file that was not given: {p}"));
        assert!(!p.message.trim().is_empty(), "empty problem message at {p}");
        let shown = p.to_string();
        assert!(shown.starts_with(name), "{shown}");
        if p.line == 0 {
            // Only problems about a file as a whole have no position, and from memory the only
            // one is a missing [paper] table.
            assert_eq!(p.column, 0, "line 0 with a column: {p}");
            assert!(p.message.contains("no [paper] table"), "problem without a line and column: {p}");
            continue;
        }
        // The position is inside the text: line 1..=lines, column 1..=length of that line + 1.
        let lines: Vec<&str> = text.split('\n').collect();
        assert!(p.line <= lines.len(), "line {} past the {} lines of {name}: {p}", p.line, lines.len());
        let width = lines[p.line - 1].chars().count();
        assert!(
            p.column >= 1 && p.column <= width + 1,
            "column {} outside line {} ({width} chars): {p}",
            p.column,
            p.line
        );
        if let Some(entry) = &p.entry {
            assert!(shown.contains(&format!("[{entry}]")));
        }
    }
}

/// A knowledge base that loaded is consistent, and everything rendered from it fits Discord.
fn check_knowledge(kb: KnowledgeBase) {
    let stats = kb.stats();
    assert_eq!(stats.qa + stats.norms + stats.initiatives, kb.entries().len());
    assert!(stats.uncited_endnotes.is_empty(), "valid knowledge with uncited endnotes");
    for e in kb.entries() {
        assert!(std::ptr::eq(kb.entry(&e.id).expect("every entry by its id"), e), "duplicate id {}", e.id);
        assert_eq!(e.phrasings.first(), Some(&e.title));
        for n in &e.endnotes {
            assert!(kb.endnote(*n).is_some(), "{} cites a missing endnote {n}", e.id);
        }
        for r in &e.related {
            assert!(kb.entry(r).is_some(), "{} relates to a missing {r}", e.id);
        }
        if let Some(s) = &e.section {
            assert!(kb.section(s).is_some(), "{} is in a missing section {s}", e.id);
        }
    }
    serde_json::to_string(&Export::of(&kb)).expect("the export serialises");

    let m = Matcher::new(Arc::new(kb), Thresholds::default());
    let kb = m.knowledge();
    for e in kb.entries() {
        let embed = json(render::entry_embed(kb, e, Some(1.0)));
        super::check_embed(&embed);
        check_interaction(&json(render::open(kb, e)));
        // Asking an entry's own title renders as an answer (or a "did you mean").
        let reply = Reply::to(&m, &e.title);
        assert!(reply.score.is_finite() && (0.0..=1.0).contains(&reply.score));
        let post = render::ask(&reply, false, Some(1));
        check_interaction(&json(post.clone().interaction()));
        check_message_body(&json(post.message()));
    }
    for s in kb.sections() {
        check_interaction(&json(render::section(kb, &s.id).expect("a section renders")));
    }
    for n in kb.endnotes() {
        check_interaction(&json(render::source(kb, n)));
    }
    check_interaction(&json(render::topics(kb)));
    check_interaction(&json(render::about(kb)));
    check_interaction(&json(render::help(kb)));
}
