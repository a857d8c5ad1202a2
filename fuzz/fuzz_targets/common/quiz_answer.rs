//! Any typed answer to any quiz question, and any pick: grading never panics, only names
//! facts of the question, and says why an answer is not right; the question, the answer form and the reveal (with the scores) fit
//! Discord's limits and allow no mention; and the typed text itself never reaches a message.
//!
//! Input: two bytes choosing the question (of every question the shipped knowledge offers),
//! one byte choosing the option picked, then the typed answer.

use std::sync::OnceLock;

use normbot::discord::render::study;
use normbot::quiz::{self, Game, Question, Submitted};

use super::{check_interaction, check_message_body, json};

fn questions() -> &'static [Question] {
    static QUESTIONS: OnceLock<Vec<Question>> = OnceLock::new();
    QUESTIONS.get_or_init(|| quiz::questions(super::matcher().knowledge(), None))
}

/// One input, checked as the fuzz target checks it (also replayed by `tests/fuzz_regressions.rs`).
pub fn run(data: &[u8]) {
    let [a, b, pick, rest @ ..] = data else { return };
    let m = super::matcher();
    let kb = m.knowledge();
    let all = questions();
    let question = &all[usize::from(u16::from_le_bytes([*a, *b])) % all.len()];
    let typed = String::from_utf8_lossy(rest);

    let grade = quiz::grade_question(question, &typed);
    for missing in &grade.missing {
        assert!(question.facts.iter().any(|f| &f.label == missing), "{missing:?} is not a fact of the question");
    }
    // A grade that is not right says why: a fact missing, or a problem (a hedge, a denial, a
    // contradiction), or it is partly right.
    assert!(
        grade.correct || !grade.missing.is_empty() || grade.problem.is_some() || grade.verdict == quiz::Verdict::Partly
    );
    assert_eq!(grade.correct, grade.verdict == quiz::Verdict::Right);
    // A question asked as multiple choice has a right option that grades right.
    let choices = *pick >= 128 && quiz::choices(m, question, 0).is_some();
    if choices {
        assert!(quiz::grade_question(question, &question.short).correct, "{question:?}");
    }

    let mut game = Game::new(vec![question.clone()], choices.then_some(m), u64::from(*pick));
    check_message_body(&json(study::quiz_question(&game, u64::MAX, 30, true).message()));
    check_interaction(&json(study::quiz_answer_form(u64::MAX, game.round(), &question.prompt)));
    let mut counted = Vec::new();
    for user in 0..3u64 {
        let submitted = if choices { game.pick(user, usize::from(*pick) % 5) } else { game.answer(user, &typed) };
        assert_ne!(submitted, Submitted::AlreadyAnswered);
        counted.push(submitted == Submitted::Counted);
    }
    if counted[0] {
        assert_eq!(game.answer(0, &typed), Submitted::AlreadyAnswered, "only the first answer counts");
    }
    let scores = game.scores();
    let reveal = game.reveal();
    assert!(game.finished());
    let body = json(study::quiz_reveal(kb, &reveal, Some(&scores), false).message());
    check_message_body(&body);
    let shown = body.to_string();
    let typed = typed.trim();
    if typed.chars().count() >= 12 && !question.answer.contains(typed) && !question.short.contains(typed) {
        assert!(!shown.contains(typed), "the typed answer is echoed in the reveal");
    }
    // Players appear as <@id> (shown as names, never pinged: allowed_mentions is empty), and
    // nothing else can mention.
    let without_players = (0..3).fold(shown, |s, u| s.replace(&format!("<@{u}>"), ""));
    super::assert_no_mention(&without_players, "the reveal");
}
