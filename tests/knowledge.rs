//! The knowledge files: the shipped knowledge is complete and valid, and every kind of broken
//! file is reported with its file, line, column and entry.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use normbot::knowledge::{self, EntryKind};
use normbot::{KnowledgeBase, LoadError};

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

fn minimal() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal")
}

/// Copies the minimal fixture, applies `edits` (file, text to find, replacement) and returns
/// the problems reported, with the temporary folder's path removed.
fn problems_after(edits: &[(&str, &str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    support::copy_files(&minimal(), dir.path());
    for (file, from, to) in edits {
        let path = dir.path().join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} does not contain {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    let report = knowledge::check(dir.path()).unwrap();
    assert_eq!(report.ok, report.problems.is_empty());
    // Loading for service must refuse exactly what check reports.
    match KnowledgeBase::load(dir.path()) {
        Ok(_) => assert!(report.ok),
        Err(LoadError::Invalid(problems)) => assert_eq!(problems, report.problems),
        Err(other) => panic!("unexpected error {other}"),
    }
    let prefix = format!("{}/", dir.path().display());
    report.problems.iter().map(|p| p.to_string().replace(&prefix, "")).collect()
}

#[test]
fn the_minimal_fixture_is_valid() {
    assert_eq!(problems_after(&[]), Vec::<String>::new());
}

#[test]
fn a_syntax_error_names_file_line_and_column() {
    let problems =
        problems_after(&[("qa.toml", "answer = \"It argues that demos are useful.\"", "answer = \"It argues")]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("qa.toml:11:20: a `\"` is missing at the end of this string"),
        "in plain words, with the fix: {problems:?}"
    );
}

#[test]
fn an_unknown_key_is_an_error_not_silence() {
    let problems = problems_after(&[("qa.toml", "answer = \"It argues", "anwser = \"It argues")]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .starts_with("qa.toml:11:1 [demo-question]: `anwser` is not a key of a [[qa]]: did you mean `answer`?"),
        "{problems:?}"
    );
}

#[test]
fn a_missing_key_names_the_entry() {
    let problems = problems_after(&[("cards.toml", "summary = \"A norm that exists to be tested.\"\n", "")]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0], "cards.toml:1:1 [demo-norm]: this [[norm]] has no `summary`: add a line `summary = …`");
}

#[test]
fn a_duplicate_id_points_at_the_first_definition() {
    let problems = problems_after(&[("qa.toml", "id = \"second-question\"", "id = \"demo-question\"")]);
    assert_eq!(
        problems,
        vec![
            "qa.toml:15:6 [demo-question]: duplicate entry id `demo-question`: first defined at qa.toml:3:6".to_owned()
        ]
    );
}

#[test]
fn a_dangling_endnote_is_reported_where_it_is_cited() {
    let problems = problems_after(&[
        ("paper.toml", "endnote_count = 2", "endnote_count = 3"),
        ("qa.toml", "endnotes = [2]", "endnotes = [2, 3]"),
    ]);
    assert_eq!(
        problems,
        vec![
            "paper.toml:12:17 [paper]: no [[endnote]] for endnote 3".to_owned(),
            "qa.toml:23:16 [second-question]: endnote 3 has no [[endnote]] table".to_owned(),
        ]
    );
}

#[test]
fn an_endnote_beyond_the_paper_is_reported() {
    let problems = problems_after(&[("qa.toml", "endnotes = [2]", "endnotes = [2, 34]")]);
    assert_eq!(
        problems,
        vec!["qa.toml:23:16 [second-question]: endnote 34 does not exist: the paper's endnotes are 1 to 2".to_owned()]
    );
}

#[test]
fn endnote_34_is_outside_the_shipped_paper() {
    let dir = tempfile::tempdir().unwrap();
    let paper = knowledge::resolve_paper_dir(&shipped()).unwrap();
    support::copy_files(&paper, dir.path());
    let path = dir.path().join("qa-development.toml");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replacen("endnotes = [5]", "endnotes = [5, 34]", 1)).unwrap();
    let report = knowledge::check(dir.path()).unwrap();
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    let problem = &report.problems[0];
    assert!(problem.file.ends_with("qa-development.toml"));
    assert!(problem.line > 0 && problem.column > 0);
    assert_eq!(problem.message, "endnote 34 does not exist: the paper's endnotes are 1 to 33");
}

#[test]
fn a_dangling_related_id_is_reported() {
    let problems = problems_after(&[("qa.toml", "related = [\"demo-norm\"]", "related = [\"demo-nrom\"]")]);
    assert_eq!(
        problems,
        vec![
            "qa.toml:24:12 [second-question]: related entry `demo-nrom` does not exist: did you mean `demo-norm`?"
                .to_owned()
        ]
    );
}

#[test]
fn an_empty_answer_is_reported() {
    let problems = problems_after(&[("qa.toml", "answer = \"It argues that demos are useful.\"", "answer = \"  \"")]);
    assert_eq!(problems, vec!["qa.toml:11:10 [demo-question]: answer is empty".to_owned()]);
}

#[test]
fn an_answer_longer_than_an_embed_is_reported() {
    let long = format!("answer = \"{}\"", "é".repeat(4097));
    let problems = problems_after(&[("qa.toml", "answer = \"It argues that demos are useful.\"", &long)]);
    assert_eq!(
        problems,
        vec!["qa.toml:11:10 [demo-question]: answer is 4097 characters long; Discord shows at most 4096".to_owned()]
    );
}

#[test]
fn a_phrasing_under_two_entries_is_reported() {
    let problems = problems_after(&[("qa.toml", "\"second source\"", "\"Main claim of the demo paper?\"")]);
    assert_eq!(
        problems,
        vec![
            "qa.toml:18:3 [second-question]: \"Main claim of the demo paper?\" is also a phrasing of `demo-question` \
             (qa.toml:8:3); the same question cannot lead to two entries"
                .to_owned()
        ]
    );
}

#[test]
fn an_uncited_endnote_is_reported() {
    let problems = problems_after(&[("qa.toml", "endnotes = [2]", "endnotes = []")]);
    assert_eq!(problems, vec!["endnotes.toml:7:10 [endnote 2]: endnote 2 is cited by no entry".to_owned()]);
}

#[test]
fn too_few_or_reordered_alternates_are_reported() {
    let problems = problems_after(&[
        ("qa.toml", "  \"the other book referenced\",\n", ""),
        ("qa.toml", "\"second source\"", "\"which book is second cited\""),
    ]);
    assert_eq!(
        problems,
        vec![
            "qa.toml:18:3 [second-question]: 2 alternate phrasings: give at least 3, in other words than the question"
                .to_owned(),
            "qa.toml:18:3 [second-question]: \"which book is second cited\" only reorders the words of \
             \"Which book is cited second?\": use other words"
                .to_owned(),
        ]
    );
}

#[test]
fn single_bracket_tables_are_explained() {
    let problems = problems_after(&[("cards.toml", "[[norm]]", "[norm]")]);
    assert_eq!(
        problems,
        vec!["cards.toml:1:2: write `[[norm]]` (two brackets) before each norm, not `[norm]`".to_owned()]
    );
}

#[test]
fn every_problem_in_every_file_is_reported_at_once() {
    let problems = problems_after(&[
        ("qa.toml", "answer = \"It argues", "anwser = \"It argues"),
        ("cards.toml", "endnotes = [1]", "endnotes = [1, 1]"),
        ("endnotes.toml", "cited_for = \"The first claim.\"", "cited_for = \"\""),
        ("qa.toml", "\"second source\"", "\"\""),
    ]);
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(problems[0].starts_with("cards.toml:"));
    assert!(problems[1].starts_with("endnotes.toml:"));
    assert!(problems[2].starts_with("qa.toml:11:1"));
    assert!(problems[3].starts_with("qa.toml:18:3"));
}

#[test]
fn a_file_that_is_not_utf8_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    support::copy_files(&minimal(), dir.path());
    fs::write(dir.path().join("extra.toml"), b"# ok\nx = \"\xff\"\n").unwrap();
    let report = knowledge::check(dir.path()).unwrap();
    assert_eq!(report.problems.len(), 1);
    assert_eq!((report.problems[0].line, report.problems[0].column), (2, 6));
    assert!(report.problems[0].message.contains("not UTF-8"));
}

#[test]
fn a_missing_folder_is_a_clear_error() {
    let error = KnowledgeBase::load(Path::new("/nonexistent/knowledge")).unwrap_err();
    assert!(error.to_string().contains("/nonexistent/knowledge"), "{error}");
}

const NORMS: &[&str] = &[
    "cyber-espionage-norm",
    "public-core-norm",
    "vulnerability-norm",
    "norm-to-avoid-tampering",
    "internal-affairs-norm",
    "electoral-infrastructure-norm",
];

const INITIATIVES: &[&str] = &[
    "microsoft-six-norms",
    "gcsc-norm-package",
    "paris-call",
    "contract-for-the-web",
    "global-initiative-on-data-security",
    "oewg-final-report",
    "un-gge-report",
    "sco-code-of-conduct",
    "eu-cybersecurity-act",
    "tallinn-manual-2",
    "iccpr-article-20",
    "clean-network-initiative",
    "internet-jurisdiction-policy-network",
];

#[test]
fn the_shipped_knowledge_is_valid_and_complete() {
    let report = knowledge::check(&shipped()).unwrap();
    assert!(report.ok, "{:#?}", report.problems);
    let stats = &report.stats;
    assert_eq!(stats.endnotes, 33);
    assert!(stats.uncited_endnotes.is_empty());
    assert!(stats.qa >= 150, "{stats:?}");
    assert!(stats.phrasings >= 450, "{stats:?}");
    assert!(stats.sections >= 10, "{stats:?}");

    let kb = KnowledgeBase::load(&shipped()).unwrap();
    for id in NORMS {
        assert_eq!(kb.entry(id).map(|e| e.kind), Some(EntryKind::Norm), "{id}");
    }
    for id in INITIATIVES {
        assert_eq!(kb.entry(id).map(|e| e.kind), Some(EntryKind::Initiative), "{id}");
    }
    assert_eq!(kb.paper().author, "Xu Peixi");
    assert_eq!(kb.paper().endnote_count, 33);
    for entry in kb.entries().iter().filter(|e| e.kind == EntryKind::Qa) {
        assert!(entry.phrasings.len() > knowledge::MIN_ALTERNATES, "{}", entry.id);
        assert!(entry.section.is_some(), "{} has no section", entry.id);
    }
}

/// Whitespace and hyphens vanish: the paper's text breaks lines inside words and links.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect()
}

fn superscript(n: u32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string().chars().map(|d| DIGITS[d.to_digit(10).unwrap() as usize]).collect()
}

/// The endnotes as printed must be exactly the citations, one after the other, each preceded
/// by its number (plain or superscript, or none where the paper's text lost it).
#[test]
fn every_citation_matches_the_papers_endnote() {
    let papers = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/paper");
    let Ok(entries) = fs::read_dir(&papers) else {
        eprintln!("skipped: {} is not here", papers.display());
        return;
    };
    let file = entries.flatten().map(|e| e.path()).find(|p| p.extension().is_some_and(|e| e == "txt")).unwrap();
    let text = fs::read_to_string(file).unwrap();
    let start = text.find("\nEndnotes\n").expect("an Endnotes heading") + "\nEndnotes\n".len();
    let end = text.find("About the Author").expect("an About the Author heading");
    let printed = squash(&text[start..end]);

    let kb = KnowledgeBase::load(&shipped()).unwrap();
    let mut rest = printed.as_str();
    for endnote in kb.endnotes() {
        let citation = squash(&endnote.citation);
        let label = [endnote.number.to_string(), superscript(endnote.number), String::new()]
            .into_iter()
            .find(|label| rest.strip_prefix(label.as_str()).is_some_and(|r| r.starts_with(&citation)));
        let Some(label) = label else {
            panic!(
                "endnote {} does not match the paper.\n knowledge: {}\n paper:     {}",
                endnote.number,
                citation,
                rest.chars().take(citation.chars().count() + 8).collect::<String>()
            );
        };
        rest = &rest[label.len() + citation.len()..];
        if let Some(url) = &endnote.url {
            assert!(endnote.citation.contains(url.as_str()), "endnote {}: url not in citation", endnote.number);
        }
    }
    assert!(rest.is_empty(), "text after the last endnote: {rest}");
}

#[test]
fn key_facts_must_be_words_the_answer_says() {
    let problems = problems_after(&[(
        "qa.toml",
        "answer = \"It argues that demos are useful.\"",
        "answer = \"It argues that demos are useful.\"\nkey_facts = [\"demos | demonstrations\", \"tests | testing\", \" | \"]",
    )]);
    assert_eq!(
        problems,
        vec![
            "qa.toml:12:40 [demo-question]: key fact \"tests\" is not in the answer: its first form must be words the answer says"
                .to_owned(),
            "qa.toml:12:59 [demo-question]: this key fact is empty".to_owned(),
        ]
    );
}

/// Key facts must answer what the question asks, all of it and nothing else (issue 15): a
/// year where it does not ask when, and a "when" that no fact answers, are each reported at
/// the key fact at fault.
#[test]
fn key_facts_must_answer_what_the_question_asks() {
    let problems = problems_after(&[
        ("qa.toml", "question = \"What does the demo paper argue?\"", "question = \"Who wrote the demo paper?\""),
        (
            "qa.toml",
            "answer = \"It argues that demos are useful.\"",
            "answer = \"It argues that demos are useful, since 2014.\"\nkey_facts = [\"demos\", \"2014\"]",
        ),
    ]);
    assert_eq!(
        problems,
        vec![
            "qa.toml:12:23 [demo-question]: key fact \"2014\" is a date, but the question does not ask when: a \
             quiz answer would need what the question never asks"
                .to_owned()
        ]
    );
    let problems = problems_after(&[
        ("qa.toml", "question = \"What does the demo paper argue?\"", "question = \"When did the demo paper argue?\""),
        (
            "qa.toml",
            "answer = \"It argues that demos are useful.\"",
            "answer = \"It argues that demos are useful.\"\nkey_facts = [\"demos\"]",
        ),
    ]);
    assert_eq!(
        problems,
        vec![
            "qa.toml:12:14 [demo-question]: key fact \"demos\" is a name or words, but the question asks only for a \
             date or number: a quiz answer would need what the question never asks"
                .to_owned(),
            "qa.toml:12:14 [demo-question]: the question asks when, but no key fact is a date: add a key fact that \
             answers it"
                .to_owned(),
        ]
    );
}

#[test]
fn an_answer_whose_first_sentence_is_a_bare_yes_or_no_is_reported() {
    let bare = "answer = \"No. The paper argues that demos are useful.\"";
    let problems = problems_after(&[("qa.toml", "answer = \"It argues that demos are useful.\"", bare)]);
    assert_eq!(
        problems,
        vec![
            "qa.toml:11:10 [demo-question]: the answer's first sentence is only \"No\": make it answer the question \
             on its own, naming what is asked, so that it is right for every phrasing of the entry"
                .to_owned()
        ]
    );
    // A first sentence that says what is asked passes, even when it opens with the word.
    for fixed in [
        "answer = \"The demo paper argues that demos are useful.\"",
        "answer = \"No: the demo paper argues only that demos are useful.\"",
    ] {
        let problems = problems_after(&[("qa.toml", "answer = \"It argues that demos are useful.\"", fixed)]);
        assert_eq!(problems, Vec::<String>::new(), "{fixed}");
    }
}

#[test]
fn an_event_written_with_no_endnotes_shows_none_not_its_entrys() {
    let events = r#"related = ["demo-norm"]

[[event]]
date = "2001"
what = "The entry's endnote is shown."
entry = "second-question"

[[event]]
date = "2002"
what = "No endnote, as in the paper."
entry = "second-question"
endnotes = []

[[event]]
date = "2003"
what = "The event's own endnote."
entry = "second-question"
endnotes = [1]
"#;
    let dir = tempfile::tempdir().unwrap();
    support::copy_files(&minimal(), dir.path());
    let path = dir.path().join("qa.toml");
    let text = fs::read_to_string(&path).unwrap().replacen("related = [\"demo-norm\"]", events, 1);
    let text = text.replacen(
        "answer = \"B. Author's Another Book.\"",
        "answer = \"B. Author's Another Book (2001, 2002, 2003).\"",
        1,
    );
    fs::write(&path, text).unwrap();
    let kb = KnowledgeBase::load(dir.path()).unwrap();
    let shown: Vec<(&str, &[u32])> = kb.timeline().iter().map(|e| (e.date.as_str(), e.endnotes.as_slice())).collect();
    assert_eq!(shown, vec![("2001", &[2][..]), ("2002", &[][..]), ("2003", &[1][..])]);
}

#[test]
fn timeline_events_are_checked_for_dates_entries_years_and_endnotes() {
    let events = r#"related = ["demo-norm"]

[[event]]
date = "31 April 1994"
what = "A day that does not exist."

[[event]]
date = "1994"
what = "An entry that does not exist."
entry = "no-such-entry"

[[event]]
date = "2001"
what = "A year the entry does not say."
entry = "demo-question"
endnotes = [9]
"#;
    let problems = problems_after(&[("qa.toml", "related = [\"demo-norm\"]", events)]);
    assert_eq!(
        problems,
        vec![
            "qa.toml:27:8 [event 31 April 1994]: date must be written like \"20 April 1994\", \"April 1994\" or \"1994\""
                .to_owned(),
            "qa.toml:33:9 [event 1994]: entry `no-such-entry` does not exist".to_owned(),
            "qa.toml:36:8 [event 2001]: the year 2001 is not in the answer of `demo-question`: check the date against the paper"
                .to_owned(),
            "qa.toml:39:13 [event 2001]: endnote 9 does not exist: the paper's endnotes are 1 to 2".to_owned(),
        ]
    );
}

#[test]
fn the_shipped_timeline_is_in_order_and_every_event_opens_an_entry() {
    let kb = KnowledgeBase::load(&shipped()).unwrap();
    let timeline = kb.timeline();
    assert!(timeline.len() >= 20);
    assert!(timeline.windows(2).all(|w| w[0].when <= w[1].when));
    assert_eq!(timeline[1].date, "20 September 1987");
    for event in timeline {
        let entry = kb.entry(event.entry.as_deref().unwrap()).unwrap();
        assert!(entry.answer.contains(&event.when.year.to_string()), "{}", event.date);
    }
}

#[test]
fn an_id_too_long_for_discords_buttons_is_refused() {
    let long = "a-".repeat(40) + "b";
    let problems = problems_after(&[("qa.toml", "id = \"second-question\"", &format!("id = \"{long}\""))]);
    assert_eq!(problems, vec![format!("qa.toml:15:6 [{long}]: this id is 81 characters long; keep ids to 64")]);
}

#[test]
fn loading_no_files_is_an_error_not_a_panic() {
    assert!(matches!(KnowledgeBase::from_texts(Vec::<(&str, String)>::new()), Err(LoadError::Empty(_))));
}

/// Three mistakes in three files, one of them unreadable as TOML, are all reported in one run,
/// each in plain words with the fix, and nothing they cause is reported besides (issue 16).
#[test]
fn three_mistakes_in_three_files_are_reported_in_one_run() {
    let problems = problems_after(&[
        ("qa.toml", "answer = \"It argues", "anwser = \"It argues"),
        ("cards.toml", "endnotes = [1]", "endnotes = \"1\""),
        ("paper.toml", "licence = \"CC BY-NC-ND\"", "licence = \"CC BY-NC-ND"),
    ]);
    assert_eq!(problems.len(), 3, "one each, no knock-on errors: {problems:#?}");
    assert!(problems.iter().any(|p| p.contains("`anwser` is not a key of a [[qa]]: did you mean `answer`?")));
    assert!(problems.iter().any(|p| p.contains("`endnotes` must be a list in square brackets, like `endnotes = [1]`")));
    assert!(problems.iter().any(|p| p.contains("a `\"` is missing at the end of this string")));
}

/// A misspelt section is reported with what was meant.
#[test]
fn a_misspelt_section_is_found_with_what_was_meant() {
    let problems = problems_after(&[("qa.toml", "section = \"norms\"", "section = \"nroms\"")]);
    assert_eq!(
        problems,
        vec![
            "qa.toml:4:11 [demo-question]: section `nroms` does not exist: did you mean `norms`? (see [[section]] in \
             paper.toml)"
                .to_owned()
        ]
    );
}

/// The problems of the minimal fixture with one file deleted.
fn problems_without(file: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    support::copy_files(&minimal(), dir.path());
    fs::remove_file(dir.path().join(file)).unwrap();
    let report = knowledge::check(dir.path()).unwrap();
    let prefix = format!("{}/", dir.path().display());
    report.problems.iter().map(|p| p.to_string().replace(&prefix, "")).collect()
}

/// A missing file is named once, not once for each reference into it (issue 16).
#[test]
fn a_missing_file_is_named_once() {
    assert_eq!(
        problems_without("endnotes.toml"),
        vec![
            "paper.toml:12:17 [paper]: there are no [[endnote]] tables at all: is endnotes.toml missing? (the paper \
             has 2 endnotes)"
                .to_owned()
        ]
    );
    assert_eq!(
        problems_without("paper.toml"),
        vec![
            "cards.toml: no [paper] table in this paper's folder: is paper.toml missing? (write one there)".to_owned(),
            "cards.toml: there are no [[section]] tables, but 1 entry names a section: is paper.toml missing?"
                .to_owned(),
        ]
    );
}

/// A tab in a question and an indented line break in an answer load, but are warned about with
/// the fix (issue 16).
#[test]
fn layout_mistakes_are_warned_about_not_refused() {
    let dir = tempfile::tempdir().unwrap();
    support::copy_files(&minimal(), dir.path());
    let path = dir.path().join("qa.toml");
    let text = fs::read_to_string(&path).unwrap();
    let text = text
        .replacen(
            "question = \"What does the demo paper argue?\"",
            "question = \"What does the demo\\tpaper argue?\"",
            1,
        )
        .replacen(
            "answer = \"It argues that demos are useful.\"",
            "answer = \"\"\"\nIt argues that demos\n    are useful.\"\"\"",
            1,
        );
    fs::write(&path, text).unwrap();
    let report = knowledge::check(dir.path()).unwrap();
    assert!(report.ok, "{:?}", report.problems);
    let prefix = format!("{}/", dir.path().display());
    let warnings: Vec<String> = report.warnings.iter().map(|w| w.to_string().replace(&prefix, "")).collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("qa.toml:5:12 [demo-question]: warning: this question holds a tab"),
        "{warnings:#?}"
    );
    assert!(warnings[1].contains("end the line before with `\\` inside the \"\"\" string"), "{warnings:#?}");
}
