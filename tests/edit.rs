//! Editing the knowledge from a program: comments kept, validated before writing, atomic,
//! serialized, and never a truncated file, even when the writer is killed.

mod support;

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use normbot::KnowledgeBase;
use normbot::knowledge::edit::{Edit, EditError, Editor};

fn copy_of_shipped() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("xu-2021")).unwrap();
    support::copy_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge/xu-2021"), &dir.path().join("xu-2021"));
    dir
}

fn phrasing(n: usize) -> Edit {
    Edit::AddPhrasing { entry: "great-firewall-2003".into(), phrasing: format!("firewall launch question number {n}") }
}

#[test]
fn adding_a_phrasing_changes_one_line_and_keeps_comments() {
    let dir = copy_of_shipped();
    let editor = Editor::new(dir.path(), &dir.path().join("backups")).unwrap();
    let edited = editor.apply(&phrasing(1)).unwrap();
    let before: Vec<&str> = edited.before.lines().collect();
    let after: Vec<&str> = edited.after.lines().collect();
    assert_eq!(after.len(), before.len() + 1);
    let added: Vec<&&str> = after.iter().filter(|l| !before.contains(l)).collect();
    assert_eq!(added, [&"  \"firewall launch question number 1\","]);
    assert!(edited.after.starts_with(before[0]), "the file's opening comment is kept");
    assert_eq!(std::fs::read_to_string(&edited.backup).unwrap(), edited.before);
    let kb = KnowledgeBase::load(dir.path()).unwrap();
    assert!(kb.entry("great-firewall-2003").unwrap().phrasings.iter().any(|p| p.ends_with("number 1")));
}

#[test]
fn an_edit_that_breaks_the_knowledge_writes_nothing() {
    let dir = copy_of_shipped();
    let editor = Editor::new(dir.path(), &dir.path().join("backups")).unwrap();
    let file = dir.path().join("xu-2021/qa-history.toml");
    let before = std::fs::read_to_string(&file).unwrap();
    // Already a phrasing of another entry: the same question cannot lead to two entries.
    let duplicate = Edit::AddPhrasing { entry: "great-firewall-2003".into(), phrasing: "Who is Xu Peixi?".into() };
    let error = editor.apply(&duplicate).unwrap_err();
    assert!(matches!(&error, EditError::Invalid(p) if p[0].message.contains("also a phrasing")), "{error}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    assert!(!dir.path().join("backups").exists());
    let unknown = Edit::AddPhrasing { entry: "no-such-entry".into(), phrasing: "x y z".into() };
    assert!(matches!(editor.apply(&unknown), Err(EditError::UnknownEntry(_))));
}

#[test]
fn a_new_entry_is_written_and_loads() {
    let dir = copy_of_shipped();
    let editor = Editor::new(dir.path(), &dir.path().join("backups")).unwrap();
    let edit = Edit::NewQa {
        id: "great-firewall-operator".into(),
        section: Some("history-sovereignty".into()),
        question: "Who runs the content filtering system described in the paper?".into(),
        alternates: vec![
            "firewall operator".into(),
            "who controls online filtering".into(),
            "filtering system owner".into(),
        ],
        answer: "The paper does not say; it only dates the Great Firewall to 2003.".into(),
        endnotes: vec![],
    };
    editor.apply(&edit).unwrap();
    let kb = KnowledgeBase::load(dir.path()).unwrap();
    assert_eq!(kb.entry("great-firewall-operator").unwrap().phrasings.len(), 4);
    // The same id again is refused.
    assert!(matches!(editor.apply(&edit), Err(EditError::Invalid(_))));
}

#[test]
fn twenty_concurrent_edits_all_land() {
    let dir = copy_of_shipped();
    let editor = Arc::new(Editor::new(dir.path(), &dir.path().join("backups")).unwrap());
    let threads: Vec<_> = (0..20)
        .map(|n| {
            let editor = editor.clone();
            std::thread::spawn(move || editor.apply(&phrasing(n)).unwrap())
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let kb = KnowledgeBase::load(dir.path()).unwrap();
    let phrasings = &kb.entry("great-firewall-2003").unwrap().phrasings;
    for n in 0..20 {
        assert!(phrasings.iter().any(|p| p == &format!("firewall launch question number {n}")), "edit {n} was lost");
    }
}

/// Kills `normbot teach` at many points of its run: the file is always the old one or the new
/// one, complete, and the knowledge always loads.
#[test]
fn a_killed_writer_never_leaves_a_truncated_file() {
    let dir = copy_of_shipped();
    let file = dir.path().join("xu-2021/qa-history.toml");
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut landed = 0;
    for n in 0..40 {
        let before = std::fs::read_to_string(&file).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_normbot"))
            .args([
                "teach",
                "--entry",
                "great-firewall-2003",
                "--phrasing",
                &format!("firewall killed writer question {n}"),
            ])
            .arg("--knowledge")
            .arg(dir.path())
            .arg("--backups")
            .arg(dir.path().join("backups"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % 25_000));
        let _ = child.kill();
        let _ = child.wait();
        let after = std::fs::read_to_string(&file).unwrap();
        assert!(after == before || after.len() > before.len(), "round {n}: the file shrank");
        KnowledgeBase::load(dir.path()).unwrap_or_else(|e| panic!("round {n}: {e}: {:?}", e.problems()));
        landed += usize::from(after != before);
    }
    eprintln!("{landed} of 40 writes landed before the kill");
}

/// `normbot teach` keeps the previous version as `<backups>/<paper>/<file>.<date-time>.toml`,
/// `normbot restore` lists it and puts it back, validated, keeping the replaced version in turn.
#[test]
fn teach_then_restore_from_the_terminal() {
    let dir = copy_of_shipped();
    let file = dir.path().join("xu-2021/qa-history.toml");
    let original = std::fs::read_to_string(&file).unwrap();
    let backups = dir.path().join("backups");
    let normbot = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_normbot"))
            .args(args)
            .arg("--knowledge")
            .arg(dir.path())
            .arg("--backups")
            .arg(&backups)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    normbot(&["teach", "--entry", "great-firewall-2003", "--phrasing", "when did the firewall go up"]);
    assert_ne!(std::fs::read_to_string(&file).unwrap(), original);
    let listed = normbot(&["restore"]);
    let backup = listed.lines().next().unwrap().split("  (").next().unwrap().to_owned();
    assert!(backup.contains("/xu-2021/qa-history.20"), "{listed}");
    assert!(listed.contains("(restores qa-history.toml)"), "{listed}");
    let restored = normbot(&["restore", &backup]);
    assert!(restored.starts_with("restored "), "{restored}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    assert_eq!(normbot(&["restore"]).lines().count(), 2, "the replaced version is kept too");
}

/// `teach` on a file full of comments (a header, section banners, comments above keys, inside
/// and after list items, after a `"""` answer, a one-line list, a trailing comment): each file
/// is compared with its golden copy, and every line the moderator wrote is still there, in
/// order. `NORMBOT_UPDATE_GOLDEN=1` rewrites the golden copies (read the diff before committing).
#[test]
fn teach_round_trips_a_commented_file_with_only_the_added_lines() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/commented");
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/commented");
    let dir = tempfile::tempdir().unwrap();
    let paper = dir.path().join("demo");
    std::fs::create_dir(&paper).unwrap();
    support::copy_files(&fixture, &paper);
    let editor = Editor::new(&paper, &dir.path().join("backups")).unwrap();
    let add = |entry: &str, phrasing: &str| Edit::AddPhrasing { entry: entry.into(), phrasing: phrasing.into() };
    editor.apply(&add("demo-question", "why are demos useful")).unwrap();
    editor.apply(&add("second-question", "which book comes second")).unwrap();
    editor.apply(&add("demo-norm", "is the demo rule any good")).unwrap();
    editor
        .apply(&Edit::NewQa {
            id: "third-question".into(),
            section: Some("norms".into()),
            question: "Who wrote the demo paper?".into(),
            alternates: vec!["author of the demo paper".into(), "demo paper writer".into(), "who is A. Author".into()],
            answer: "A. Author wrote it, for the demo series, in July 2021. ".repeat(4).trim_end().into(),
            endnotes: vec![1],
        })
        .unwrap();
    for name in ["qa.toml", "cards.toml", "qa-moderators.toml"] {
        let written = std::fs::read_to_string(paper.join(name)).unwrap();
        if std::env::var_os("NORMBOT_UPDATE_GOLDEN").is_some() {
            std::fs::create_dir_all(&golden).unwrap();
            std::fs::write(golden.join(name), &written).unwrap();
        }
        let expected = std::fs::read_to_string(golden.join(name)).unwrap();
        assert_eq!(written, expected, "{name} differs from its golden copy");
        if let Ok(original) = std::fs::read_to_string(fixture.join(name)) {
            let mut lines = written.lines();
            for line in original.lines().filter(|l| !l.contains("one line on purpose")) {
                assert!(lines.any(|l| l == line), "{name}: the line {line:?} is gone or moved");
            }
        }
    }
    KnowledgeBase::load(&paper).unwrap();
}
