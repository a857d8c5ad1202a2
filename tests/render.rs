//! What the bot posts, rendered without Discord: every entry fits Discord's limits, nothing can
//! ping, and the main replies are kept as reviewed snapshots (`tests/snapshots/`).

use std::path::Path;
use std::sync::Arc;

use normbot::KnowledgeBase;
use normbot::discord::render;
use normbot::matcher::{Matcher, Status, Thresholds};
use normbot::reply::Reply;
use serde_json::Value;

fn matcher(thresholds: Thresholds) -> Matcher {
    let kb = KnowledgeBase::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")).unwrap();
    Matcher::new(Arc::new(kb), thresholds)
}

fn json(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap()
}

fn chars(value: &Value) -> usize {
    value.as_str().map_or(0, |s| s.chars().count())
}

/// Every entry's card or answer fits an embed, however long the knowledge makes it.
#[test]
fn every_entry_fits_discords_limits() {
    let m = matcher(Thresholds::default());
    let kb = m.knowledge();
    for entry in kb.entries() {
        let embed = json(render::entry_embed(kb, entry, Some(0.9)));
        assert!(chars(&embed["title"]) <= render::MAX_TITLE, "{}", entry.id);
        assert!(chars(&embed["description"]) <= render::MAX_DESCRIPTION, "{}", entry.id);
        let fields = embed["fields"].as_array().cloned().unwrap_or_default();
        assert!(fields.len() <= 25);
        let mut total = chars(&embed["title"]) + chars(&embed["description"]) + chars(&embed["footer"]["text"]);
        for field in &fields {
            assert!(chars(&field["value"]) <= render::MAX_FIELD, "{} {}", entry.id, field["name"]);
            assert!(chars(&field["value"]) > 0);
            total += chars(&field["name"]) + chars(&field["value"]);
        }
        assert!(total <= render::MAX_EMBED, "{}: {total}", entry.id);
    }
}

#[test]
fn clipping_keeps_words_and_limits() {
    assert_eq!(render::clip("short", 10), "short");
    let clipped = render::clip(&"word ".repeat(100), 50);
    assert!(clipped.chars().count() <= 50 && clipped.ends_with('…'));
    assert!(!clipped.contains("wor…"));
    assert_eq!(render::clip(&"é".repeat(300), 256).chars().count(), 256);
}

#[test]
fn user_text_cannot_mention_or_format() {
    let quoted = render::quote_user_text("@everyone <@&1> **bold** `code` ||x|| [link](http://x)\u{0}");
    assert!(!quoted.contains("@everyone") && !quoted.contains("<@") && !quoted.contains('`'));
    assert!(!quoted.contains("**") && !quoted.contains("||") && !quoted.contains('\u{0}'));
}

#[test]
fn snapshot_answer() {
    let m = matcher(Thresholds::default());
    let reply = Reply::to(&m, "what is the public core norm?");
    insta::assert_json_snapshot!("answer_public_core", json(render::ask(&reply, false, Some(42)).interaction()));
}

#[test]
fn snapshot_qa_answer_with_sources() {
    let m = matcher(Thresholds::default());
    let reply = Reply::to(&m, "how big is china's digital economy");
    insta::assert_json_snapshot!("answer_digital_economy", json(render::ask(&reply, true, Some(43)).interaction()));
}

#[test]
fn snapshot_no_match_with_a_ping_attempt() {
    let m = matcher(Thresholds::default());
    let reply = Reply::to(&m, "@everyone what is the capital of australia?");
    insta::assert_json_snapshot!("no_match", json(render::ask(&reply, false, Some(42)).interaction()));
}

/// A question about another country than the paper's figure: "not in the paper", then what the
/// paper gives, marked as such, with its endnote; the mention in the question never pings.
#[test]
fn snapshot_not_as_asked() {
    let m = matcher(Thresholds::default());
    let reply = Reply::to(&m, "@everyone what share of Germany's GDP is the digital economy?");
    assert_eq!(reply.status, Status::NoMatch);
    let post = json(render::ask(&reply, false, Some(42)).interaction());
    let content = post["data"]["content"].as_str().unwrap();
    assert!(content.contains("**Not as asked.**") && content.contains("38.6") && content.contains("[5]"), "{content}");
    insta::assert_json_snapshot!("not_as_asked", post);
}

#[test]
fn snapshot_ambiguous() {
    let m = matcher(Thresholds { margin: 0.5, sure: 1.0, lead: 1.0, ..Thresholds::default() });
    let reply = Reply::to(&m, "internet governance china");
    assert_eq!(reply.status, Status::Ambiguous);
    insta::assert_json_snapshot!("ambiguous", json(render::ask(&reply, false, Some(42)).interaction()));
}

#[test]
fn snapshot_source_topics_about_help() {
    let m = matcher(Thresholds::default());
    let kb = m.knowledge();
    insta::assert_json_snapshot!("source_5", json(render::source(kb, kb.endnote(5).unwrap())));
    insta::assert_json_snapshot!("topics", json(render::topics(kb)));
    insta::assert_json_snapshot!("section_development", json(render::section(kb, "development").unwrap()));
    insta::assert_json_snapshot!("about", json(render::about(kb)));
    insta::assert_json_snapshot!("help", json(render::help(kb)));
    insta::assert_json_snapshot!(
        "too_long",
        json(render::too_long(612, normbot::reply::Language::English).interaction())
    );
}

/// Discord's limits on one embed (as JSON), with its total.
fn assert_fits(embed: &Value, what: &str) {
    assert!(chars(&embed["title"]) <= render::MAX_TITLE, "{what}");
    assert!(chars(&embed["description"]) <= render::MAX_DESCRIPTION, "{what}");
    let fields = embed["fields"].as_array().cloned().unwrap_or_default();
    assert!(fields.len() <= 25, "{what}: {} fields", fields.len());
    let mut total = chars(&embed["title"]) + chars(&embed["description"]) + chars(&embed["footer"]["text"]);
    for field in &fields {
        assert!(chars(&field["name"]) <= render::MAX_TITLE && chars(&field["value"]) <= render::MAX_FIELD, "{what}");
        assert!(chars(&field["value"]) > 0, "{what}: empty field {}", field["name"]);
        total += chars(&field["name"]) + chars(&field["value"]);
    }
    assert!(total <= render::MAX_EMBED, "{what}: {total}");
}

/// Every quiz question (typed and multiple choice) and its reveal, every pair of cards compared
/// and every page of the timeline fit Discord's limits and allow no mention.
#[test]
fn study_mode_fits_discords_limits() {
    use normbot::discord::render::study;
    use normbot::quiz::{self, Game};
    let m = matcher(Thresholds::default());
    let kb = m.knowledge();
    let questions = quiz::questions(kb, None);
    assert!(questions.len() >= 100, "{}", questions.len());
    for choices in [false, true] {
        let mut game = Game::new(questions.clone(), choices.then_some(&m), 7);
        while !game.finished() {
            let post = json(study::quiz_question(&game, 1, 30, true).message());
            assert_fits(&post["embeds"][0], &game.question().entry);
            assert_eq!(post["allowed_mentions"]["parse"], serde_json::json!([]));
            for (user, answer) in (0..60u64).map(|u| (u, if u % 2 == 0 { "x" } else { "1994" })) {
                game.answer(1_000_000_000_000_000_000 + user, answer);
            }
            let scores = game.scores();
            let reveal = game.reveal();
            let post = json(study::quiz_reveal(kb, &reveal, Some(&scores), false).message());
            assert_fits(&post["embeds"][0], &reveal.question.entry);
            assert_eq!(post["allowed_mentions"]["parse"], serde_json::json!([]));
        }
    }
    let cards: Vec<_> = kb.entries().iter().filter(|e| e.card.is_some()).collect();
    for a in &cards {
        for b in &cards {
            let reply = json(study::compare(kb, &normbot::compare::compare(kb, a, b)));
            assert_fits(&reply["data"]["embeds"][0], &format!("{} vs {}", a.id, b.id));
        }
    }
    for page in 0..5 {
        let reply = json(study::timeline(kb, &normbot::timeline::page(kb, None, None, page), page > 0));
        assert_fits(&reply["data"]["embeds"][0], "timeline");
    }
}

#[test]
fn snapshot_compare_and_timeline() {
    use normbot::discord::render::study;
    let m = matcher(Thresholds::default());
    let kb = m.knowledge();
    let (a, b) = (kb.entry("cyber-espionage-norm").unwrap(), kb.entry("public-core-norm").unwrap());
    insta::assert_json_snapshot!(
        "compare_espionage_public_core",
        json(study::compare(kb, &normbot::compare::compare(kb, a, b)))
    );
    insta::assert_json_snapshot!(
        "timeline_2014_2016",
        json(study::timeline(kb, &normbot::timeline::page(kb, Some(2014), Some(2016), 0), false))
    );
}

#[test]
fn user_text_loses_direction_overrides_and_clip_to_nothing_is_nothing() {
    let quoted = render::quote_user_text("abc\u{202E}fed\u{2066}x\u{200F}y\u{FEFF}");
    assert_eq!(quoted, "abcfedxy");
    assert_eq!(render::clip("anything", 0), "");
}
