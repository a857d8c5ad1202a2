//! Any question, through the matcher, rendered as the bot would post it on Discord: every
//! message fits Discord's limits, nothing the student typed can mention anyone, and every
//! message is sent with no allowed mentions.
//!
//! Input: one byte of flags (private, logged, thresholds), then the question.
use super::{assert_no_mention, assert_no_mention_anywhere, check_message_body, json};
use normbot::discord::render;
use normbot::matcher::{Thresholds, decide};
use normbot::reply::Reply;
use normbot::store::{Unanswered, Usage};
use serde_json::Value;

/// Threshold sets that reach every outcome: the bot's own, one that finds most questions
/// ambiguous (as tests/render.rs does), one that answers anything, one that answers nothing.
fn thresholds(i: u8) -> Thresholds {
    match i % 4 {
        0 => Thresholds::default(),
        1 => Thresholds { margin: 0.5, sure: 1.0, lead: 1.0, ..Thresholds::default() },
        2 => Thresholds { answer: 0.0, ambiguous: 0.0, suggest: 0.0, ..Thresholds::default() },
        _ => Thresholds { answer: 1.1, ambiguous: 0.0, margin: 1.0, sure: 1.1, lead: 1.1, suggest: 0.0, chinese: 0.0 },
    }
}

/// Within Discord's limits, sent with no allowed mentions, and no mention syntax anywhere (the
/// shipped knowledge has none, so any would come from the question).
fn check_interaction(response: &Value) {
    super::check_interaction(response);
    if response["type"].as_u64() != Some(9) {
        assert_no_mention_anywhere(&response["data"], "message");
    }
}

/// One input, checked as the fuzz target checks it (also replayed by `tests/fuzz_regressions.rs`).
pub fn run(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else { return };
    let m = super::matcher();
    let kb = m.knowledge();
    let question = String::from_utf8_lossy(rest);
    let question = question.as_ref();
    let private = flags & 1 != 0;
    let logged = (flags & 2 != 0).then_some(i64::from(flags) << 40 | rest.len() as i64);
    let t = thresholds(flags >> 2);

    // The reply to /ask and to a mention.
    let ranked = m.rank(question);
    let outcome = decide(&ranked, &t, |a, b| m.akin(a, b));
    let reply = Reply::from_outcome(kb, question, &outcome);
    let post = render::ask(&reply, private, logged);
    if let Some(content) = &post.content {
        assert!(content.chars().count() <= super::CONTENT);
        assert_no_mention(content, "post content");
    }
    check_interaction(&json(post.clone().interaction()));
    let message = json(post.message());
    check_message_body(&message);
    assert_no_mention_anywhere(&message, "channel message");

    // The student's text, quoted.
    let quoted = render::quote_user_text(question);
    assert!(quoted.chars().count() <= 200, "quoted question longer than 200");
    assert_no_mention(&quoted, "quoted question");
    for bad in ["`", "**", "||", "__", "~~", "](", "<"] {
        assert!(!quoted.contains(bad), "quoted question keeps {bad:?}: {quoted:?}");
    }
    assert!(!quoted.chars().any(char::is_control), "quoted question keeps a control character");

    // clip: at most `max` characters; the text itself when it fits, else a prefix and "…".
    let max = 1 + usize::from(flags) * 16;
    let clipped = render::clip(question, max);
    assert!(clipped.chars().count() <= max, "clip({max}) gave {} characters", clipped.chars().count());
    if question.chars().count() <= max {
        assert_eq!(clipped, question);
    } else {
        let cut = clipped.strip_suffix('…').expect("a clipped text ends with …");
        assert!(question.starts_with(cut), "clip is not a prefix");
    }

    // The moderators' views that show a student's question: pick an entry, the review queue,
    // /stats, and the teaching form prefilled with the question.
    let entries: Vec<_> = ranked.iter().take(25).map(|c| m.entry(c.entry)).collect();
    check_interaction(&json(render::pick_entry(rest.len() as i64, question, &entries)));
    let items: Vec<Unanswered> = question
        .split('\n')
        .take(8)
        .enumerate()
        .map(|(i, text)| Unanswered {
            text: text.to_owned(),
            status: "no_match".into(),
            asked: 1 + i as u32,
            down_votes: u32::from(flags & 3),
        })
        .collect();
    let rows = normbot::review::group(m, &items);
    check_interaction(&json(render::review(
        kb,
        &rows.iter().cloned().enumerate().map(|(i, r)| (i as i64, r)).collect::<Vec<_>>(),
    )));
    let usage = Usage {
        questions: items.len() as u32,
        answered: 0,
        top_entries: ranked.iter().take(5).map(|c| (m.entry(c.entry).id.clone(), 1)).collect(),
        top_unanswered: items.iter().map(|u| (u.text.clone(), u.asked)).collect(),
    };
    check_interaction(&json(render::stats(kb, &usage, u32::from(flags))));
    check_interaction(&json(render::teach_modal(Some(question))));
}
