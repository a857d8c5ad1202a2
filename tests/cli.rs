//! The `normbot` binary as a user runs it.

use assert_cmd::Command;
use serde_json::Value;

fn normbot() -> Command {
    let mut cmd = Command::cargo_bin("normbot").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).env_remove("NORMBOT_KNOWLEDGE");
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
    assert!(text.contains("qa.toml:11:1 [demo-question]: unknown field `anwser`"), "{text}");
    assert!(text.trim_end().ends_with("phrasings)"), "{text}");
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
