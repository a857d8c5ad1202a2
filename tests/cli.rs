//! The `normbot` binary as a user runs it.

use assert_cmd::Command;
use serde_json::Value;

fn normbot() -> Command {
    let mut cmd = Command::cargo_bin("normbot").unwrap();
    // The entry list `check` keeps goes to this run's own folder, not the checkout's.
    let backups = std::env::temp_dir().join(format!("normbot-cli-tests-{}", std::process::id()));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).env_remove("NORMBOT_KNOWLEDGE").env("NORMBOT_BACKUPS", backups);
    cmd
}

fn json(output: &[u8]) -> Value {
    serde_json::from_slice(output).expect("valid JSON")
}

#[test]
fn check_json_on_the_shipped_knowledge_is_ok() {
    let out = normbot().args(["check", "--json"]).assert().success().get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 1, "exactly one JSON object");
    let report = json(text.as_bytes());
    assert_eq!(report["ok"], true);
    assert_eq!(report["problems"], Value::Array(vec![]));
    let stats = &report["stats"];
    for key in ["qa", "norms", "initiatives", "endnotes", "sections", "phrasings"] {
        assert!(stats[key].is_u64(), "{key}");
    }
    assert_eq!(stats["endnotes"], 33);
    assert_eq!(stats["uncited_endnotes"], Value::Array(vec![]));
    assert!(stats["qa"].as_u64().unwrap() >= 150);
    assert!(stats["phrasings"].as_u64().unwrap() >= 450);
}

#[test]
fn check_reports_problems_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let minimal = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    for entry in std::fs::read_dir(minimal).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let qa = dir.path().join("qa.toml");
    let text = std::fs::read_to_string(&qa).unwrap().replace("answer = \"It", "anwser = \"It");
    std::fs::write(&qa, text).unwrap();

    let out = normbot().args(["check", "--json", "--knowledge"]).arg(dir.path()).assert().code(1);
    let report = json(&out.get_output().stdout);
    assert_eq!(report["ok"], false);
    let problem = &report["problems"][0];
    assert_eq!(problem["line"], 11);
    assert_eq!(problem["column"], 1);
    assert_eq!(problem["entry"], "demo-question");
    assert!(problem["file"].as_str().unwrap().ends_with("qa.toml"));
    assert!(problem["message"].as_str().unwrap().contains("anwser"));

    let out = normbot().args(["check", "--knowledge"]).arg(dir.path()).assert().code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("qa.toml:11:1 [demo-question]: `anwser` is not a key of a [[qa]]: did you mean `answer`?"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("phrasings)"), "{text}");
}

/// A deleted Q&A file loads cleanly; `check` finds it by comparing with the last good
/// knowledge's entries, holds it past the configured share, and `--accept-removals` accepts it.
#[test]
fn check_names_the_entries_a_deleted_file_takes_away() {
    let dir = tempfile::tempdir().unwrap();
    let paper = dir.path().join("xu-2021");
    std::fs::create_dir(&paper).unwrap();
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge/xu-2021");
    for entry in std::fs::read_dir(shipped).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, paper.join(path.file_name().unwrap())).unwrap();
    }
    let backups = dir.path().join("backups");
    let check = |extra: &[&str]| {
        let mut cmd = normbot();
        cmd.args(["check", "--knowledge"]).arg(&paper).arg("--backups").arg(&backups).args(extra);
        cmd
    };
    check(&[]).assert().success();
    assert!(backups.join("xu-2021/last-good.json").exists(), "the first good check keeps the entry list");
    std::fs::remove_file(paper.join("qa-sources.toml")).unwrap();

    // Under the share (6 of about 200): a warning, and the check passes.
    let out = check(&[]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains(": 6 entries of the last good knowledge are gone ("), "{text}");
    assert!(
        text.contains("all of qa-sources.toml (broeders-public-core-book, digital-economy-white-paper, "),
        "{text}"
    );
    assert!(text.contains("`normbot check --accept-removals` says this is meant"), "{text}");

    // Past it: a problem, exit 1, until accepted.
    let out = check(&[]).env("NORMBOT_CONFIG", write_config(dir.path(), "max_removed_share = 0.02")).assert().code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("More than 2% of the entries would go, so the bot holds this edit"), "{text}");
    let out = check(&["--accept-removals"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("accepted: 6 entries of the last good knowledge are gone"), "{text}");
    let out = check(&[]).env("NORMBOT_CONFIG", write_config(dir.path(), "max_removed_share = 0.02")).assert().success();
    assert!(!String::from_utf8(out.get_output().stdout.clone()).unwrap().contains("gone"));
}

fn write_config(dir: &std::path::Path, text: &str) -> std::path::PathBuf {
    let path = dir.join("normbot.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn check_on_a_missing_folder_fails_clearly() {
    let out = normbot().args(["check", "--knowledge", "/nonexistent"]).assert().code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("cannot read the knowledge directory /nonexistent"), "{text}");
}

#[test]
fn export_prints_every_entry_and_endnote() {
    let out = normbot().args(["export", "--json"]).assert().success();
    let doc = json(&out.get_output().stdout);
    let entries = doc["entries"].as_array().unwrap();
    assert!(entries.len() >= 150 + 19);
    let public_core = entries.iter().find(|e| e["id"] == "public-core-norm").unwrap();
    assert_eq!(public_core["kind"], "norm");
    assert!(public_core["phrasings"].as_array().unwrap().len() >= 2);
    assert!(public_core["endnotes"].as_array().unwrap().contains(&Value::from(24)));
    let qa = entries.iter().find(|e| e["kind"] == "qa").unwrap();
    for key in ["id", "title", "phrasings", "answer", "endnotes"] {
        assert!(!qa[key].is_null(), "{key}");
    }
    assert_eq!(doc["endnotes"].as_array().unwrap().len(), 33);
    assert_eq!(doc["paper"]["author"], "Xu Peixi");
}

fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

#[test]
fn ask_json_follows_the_documented_format() {
    let out = normbot().args(["ask", "--json", "what", "is", "the", "public", "core", "norm?"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), 1);
    let reply = json(text.as_bytes());
    assert_eq!(keys(&reply), ["answer", "instead", "language", "question", "score", "status", "suggestions"]);
    assert_eq!(reply["language"], "english");
    assert_eq!(reply["instead"], Value::Null);
    assert_eq!(reply["question"], "what is the public core norm?");
    assert_eq!(reply["status"], "answered");
    let score = reply["score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&score));
    let answer = &reply["answer"];
    assert_eq!(keys(answer), ["id", "kind", "sources", "text", "title"]);
    assert_eq!(answer["id"], "public-core-norm");
    assert_eq!(answer["kind"], "norm");
    let sources = answer["sources"].as_array().unwrap();
    assert!(!sources.is_empty());
    for source in sources {
        assert_eq!(keys(source), ["citation", "endnote", "url"]);
        assert!((1..=33).contains(&source["endnote"].as_u64().unwrap()));
        assert!(source["url"].is_string() || source["url"].is_null());
    }
    for suggestion in reply["suggestions"].as_array().unwrap() {
        assert_eq!(keys(suggestion), ["id", "score", "title"]);
    }
}

#[test]
fn ask_json_refuses_a_question_outside_the_paper() {
    let out = normbot().args(["ask", "--json", "what is the capital of australia"]).assert().success();
    let reply = json(&out.get_output().stdout);
    assert_ne!(reply["status"], "answered");
    assert!(reply["answer"].is_null());
}

#[test]
fn ask_human_output_cites_sources_and_refuses_politely() {
    let out = normbot().args(["ask", "How big was China's digital economy in 2020?"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("39.2 trillion"), "{text}");
    assert!(text.contains("Sources:") && text.contains("[5]"), "{text}");

    let out = normbot().args(["ask", "who painted the mona lisa"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("can't find that in the paper"), "{text}");
}

#[test]
fn ask_explain_lists_candidates_and_matched_words() {
    let out = normbot().args(["ask", "--explain", "wat is the publc core norm"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("Top candidates"), "{text}");
    assert!(text.contains("publc=public"), "{text}");
    assert!(text.contains("Next: if that is the right answer, nothing to do."), "{text}");
    let out = normbot().args(["ask", "--explain", "which sheepskin did xu get in finland"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let teach = "normbot teach --entry author-degrees --phrasing \"which sheepskin did xu get in finland\"";
    assert!(text.contains(teach), "the command to run: {text}");
    let out = normbot().args(["ask", "--explain", "what is the capital of australia"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("no entry covers this: add one"), "{text}");
}

/// One process answers every line of standard input, whatever the line holds.
#[test]
fn ask_reads_ten_thousand_questions_from_stdin_without_panicking() {
    let mut input: Vec<u8> = Vec::new();
    let odd: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        "x".repeat(100_000).into_bytes(),
        vec![0xff, 0xfe, 0x00, 0x80, 0xc3],
        "😀🔥🇨🇳 public core?".as_bytes().to_vec(),
        "\u{202E}ما هو النواة العامة\u{202C}".as_bytes().to_vec(),
        b"@everyone what is the public core norm".to_vec(),
        b"\r".to_vec(),
    ];
    let questions = ["what is the public core norm", "great firewall year", "who wrote the paper", "qwertyuiop"];
    let total = 10_000;
    for i in 0..total {
        if i % 100 < odd.len() {
            input.extend_from_slice(&odd[i % 100]);
        } else {
            input.extend_from_slice(questions[i % questions.len()].as_bytes());
        }
        input.push(b'\n');
    }
    let out = normbot().args(["ask", "--json"]).write_stdin(input).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), total);
    for line in lines {
        let reply = json(line.as_bytes());
        assert!(["answered", "ambiguous", "no_match"].contains(&reply["status"].as_str().unwrap()));
    }
}

#[test]
fn stats_and_review_read_the_state_database() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("state.sqlite");
    let store = normbot::store::Store::open(&database).unwrap();
    let now = normbot::store::now();
    for text in ["what is the budapest convention", "budapest convention??", "who founded huawei"] {
        let asked = normbot::store::Asked {
            guild: None,
            channel: None,
            user: None,
            at: now,
            text,
            status: "no_match",
            score: 0.1,
            entry: None,
        };
        store.log_question(&asked).unwrap();
    }
    let config = dir.path().join("normbot.toml");
    std::fs::write(&config, format!("[state]\ndatabase = {database:?}\n")).unwrap();

    let out = normbot().args(["stats", "--config"]).arg(&config).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("3 questions, 0% answered"), "{text}");
    let out = normbot().args(["review", "--config"]).arg(&config).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("also: "), "paraphrases grouped: {text}");
    assert!(text.contains("normbot teach --entry"), "{text}");
}

#[test]
fn quiz_grades_typed_answers_and_shows_the_model_answer() {
    let out = normbot()
        .args(["quiz", "--rounds", "3", "--seed", "7", "--section", "history-sovereignty"])
        .write_stdin("no idea\nno idea\nno idea\n")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(text.matches("Question ").count(), 3, "{text}");
    assert!(text.contains("Not quite: the answer needs"), "{text}");
    assert!(text.trim_end().ends_with("Score: 0/3"), "{text}");
}

#[test]
fn quiz_with_choices_takes_letters() {
    let out = normbot()
        .args(["quiz", "--rounds", "2", "--seed", "3", "--choices", "--section", "norm-building"])
        .write_stdin("A\nZ\nB\n")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(text.matches("\n  A) ").count(), 2, "{text}");
    assert_eq!(text.matches("\n  D) ").count(), 2, "{text}");
    assert_eq!(text.matches("Pick one of the letters A to D.").count(), 1, "Z is no option, so asked again: {text}");
    let revealed = text.matches("Right.").count() + text.matches("Not quite: the answer is ").count();
    assert_eq!(revealed, 2, "the pick after Z counts: {text}");
}

/// A question in Chinese (simplified or traditional) reaches the entry through the shipped
/// Chinese alias names (aliases-zh.toml), and the reply says in Chinese that the answer is the
/// paper's English.
#[test]
fn a_chinese_question_gets_the_english_answer_with_a_chinese_note() {
    for question in ["什么是网络主权？", "什麼是網絡主權"] {
        let out = normbot().args(["ask", "--json", question]).assert().success();
        let reply = json(&out.get_output().stdout);
        assert_eq!(reply["language"], "chinese", "{question}");
        assert_eq!(reply["status"], "answered", "{question}: {reply:#}");
        assert!(reply["answer"]["text"].as_str().unwrap().contains("sovereignty"), "{reply:#}");
    }
    let out = normbot().args(["ask", "网络主权是谁提出的"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.starts_with("论文原文为英文，以下为英文回答：\n"), "{text}");
    let out = normbot().args(["ask", "量子计算是什么"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.starts_with("论文中没有找到"), "{text}");
}

#[test]
fn edits_lists_the_logged_edits_and_applies_them_once_into_a_checkout() {
    let dir = tempfile::tempdir().unwrap();
    let knowledge = dir.path().join("knowledge");
    std::fs::create_dir_all(&knowledge).unwrap();
    for file in std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge/xu-2021")).unwrap() {
        let file = file.unwrap().path();
        std::fs::copy(&file, knowledge.join(file.file_name().unwrap())).unwrap();
    }
    let database = dir.path().join("state.sqlite");
    let store = normbot::store::Store::open(&database).unwrap();
    let phrasing = "how did the xanthic ribbon of quokka code begin";
    let edit =
        normbot::knowledge::edit::Edit::AddPhrasing { entry: "great-firewall-2003".into(), phrasing: phrasing.into() };
    normbot::shared_edits::record(&store, 9, &edit).unwrap();
    let config = dir.path().join("normbot.toml");
    std::fs::write(&config, format!("[state]\ndatabase = {database:?}\nbackups = {:?}\n", dir.path().join("backups")))
        .unwrap();
    let edits = |apply: bool| {
        let mut command = assert_cmd::Command::cargo_bin("normbot").unwrap();
        command.arg("edits").arg("--config").arg(&config).arg("--knowledge").arg(&knowledge);
        if apply {
            command.arg("--apply");
        }
        let output = command.output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    assert!(edits(false).contains(phrasing));
    assert!(edits(true).contains("1 applied, 0 skipped, 0 already there"));
    let history = std::fs::read_to_string(knowledge.join("qa-history.toml")).unwrap();
    assert!(history.contains(phrasing) && history.starts_with('#'), "written with its comments kept");
    assert!(edits(true).contains("0 applied, 0 skipped, 1 already there"), "applying twice changes nothing");
}
