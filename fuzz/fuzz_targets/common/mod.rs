//! Shared by the fuzz targets: the shipped knowledge, loaded once, and the checks of what the
//! bot would post (Discord's limits, no mentions).
#![allow(dead_code)]

pub mod knowledge_load;
pub mod matcher_ask;
pub mod quiz_answer;
pub mod render_reply;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use normbot::KnowledgeBase;
use normbot::matcher::{Matcher, Thresholds};
use serde_json::Value;

/// The repository's knowledge folder (the one the bot ships), from the fuzz crate or, when
/// `tests/fuzz_regressions.rs` replays the regressions, from the main crate.
pub fn knowledge() -> std::path::PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let main = here.join("knowledge");
    if main.is_dir() { main } else { here.join("../knowledge") }
}

/// The matcher over the shipped knowledge, built once per process.
pub fn matcher() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| {
        let kb = KnowledgeBase::load(&knowledge())
            .unwrap_or_else(|e| panic!("the shipped knowledge must load: {e}: {:#?}", e.problems()));
        Matcher::new(Arc::new(kb), Thresholds::default())
    })
}

pub fn json(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).expect("a rendered message serialises to JSON")
}

pub fn chars(value: &Value) -> usize {
    value.as_str().map_or(0, |s| s.chars().count())
}

/// Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits
/// and the component and message limits).
pub const TITLE: usize = 256;
pub const DESCRIPTION: usize = 4096;
pub const FIELD_NAME: usize = 256;
pub const FIELD_VALUE: usize = 1024;
pub const FOOTER: usize = 2048;
pub const AUTHOR: usize = 256;
pub const EMBED_TOTAL: usize = 6000;
pub const FIELDS: usize = 25;
pub const CONTENT: usize = 2000;
pub const EMBEDS: usize = 10;
pub const CUSTOM_ID: usize = 100;
pub const BUTTON_LABEL: usize = 80;
pub const OPTION_TEXT: usize = 100;
pub const OPTIONS: usize = 25;
pub const ROWS: usize = 5;
pub const BUTTONS: usize = 5;

/// Mention syntax that would ping or look like a ping if it reached a message.
pub const MENTIONS: [&str; 3] = ["@everyone", "@here", "<@"];

pub fn assert_no_mention(text: &str, what: &str) {
    for m in MENTIONS {
        assert!(!text.contains(m), "{what} contains the mention {m:?}: {text:?}");
    }
}

/// Every string anywhere in a rendered value (ids, labels, texts) is free of mention syntax.
pub fn assert_no_mention_anywhere(value: &Value, path: &str) {
    match value {
        Value::String(s) => assert_no_mention(s, path),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                assert_no_mention_anywhere(v, &format!("{path}[{i}]"));
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                assert_no_mention_anywhere(v, &format!("{path}.{k}"));
            }
        }
        _ => {}
    }
}

/// One embed within Discord's limits; returns its character total.
pub fn check_embed(embed: &Value) -> usize {
    let title = chars(&embed["title"]);
    let description = chars(&embed["description"]);
    let footer = chars(&embed["footer"]["text"]);
    let author = chars(&embed["author"]["name"]);
    assert!(title <= TITLE, "embed title {title} > {TITLE}: {embed}");
    assert!(description <= DESCRIPTION, "embed description {description} > {DESCRIPTION}");
    assert!(footer <= FOOTER, "embed footer {footer} > {FOOTER}");
    assert!(author <= AUTHOR, "embed author {author} > {AUTHOR}");
    let fields = embed["fields"].as_array().cloned().unwrap_or_default();
    assert!(fields.len() <= FIELDS, "{} fields > {FIELDS}", fields.len());
    let mut total = title + description + footer + author;
    for field in &fields {
        let (name, value) = (chars(&field["name"]), chars(&field["value"]));
        assert!(name <= FIELD_NAME, "field name {name} > {FIELD_NAME}: {field}");
        assert!(value <= FIELD_VALUE, "field value {value} > {FIELD_VALUE}: {}", field["name"]);
        // Discord rejects empty field names and values.
        assert!(name > 0 && value > 0, "empty field: {field}");
        total += name + value;
    }
    assert!(total <= EMBED_TOTAL, "embed total {total} > {EMBED_TOTAL}");
    total
}

/// Action rows: at most 5, buttons at most 5 a row, labels 80, custom ids 100, menus 25 options.
pub fn check_components(components: &Value) {
    let rows = components.as_array().cloned().unwrap_or_default();
    assert!(rows.len() <= ROWS, "{} action rows > {ROWS}", rows.len());
    for row in &rows {
        let items = row["components"].as_array().cloned().unwrap_or_default();
        assert!(!items.is_empty(), "empty action row");
        assert!(items.len() <= BUTTONS, "{} components in a row > {BUTTONS}", items.len());
        for item in &items {
            let id = chars(&item["custom_id"]);
            assert!(id <= CUSTOM_ID, "custom_id of {id} characters > {CUSTOM_ID}: {}", item["custom_id"]);
            assert!(chars(&item["label"]) <= BUTTON_LABEL, "button label > {BUTTON_LABEL}: {}", item["label"]);
            assert!(chars(&item["placeholder"]) <= 150, "placeholder > 150");
            if let Some(options) = item["options"].as_array() {
                assert!(!options.is_empty() && options.len() <= OPTIONS, "{} menu options", options.len());
                for o in options {
                    assert!(chars(&o["label"]) <= OPTION_TEXT, "option label > {OPTION_TEXT}: {}", o["label"]);
                    assert!(chars(&o["value"]) <= OPTION_TEXT, "option value > {OPTION_TEXT}: {}", o["value"]);
                    assert!(chars(&o["description"]) <= OPTION_TEXT, "option description > {OPTION_TEXT}");
                }
            }
            // Text inputs of a modal.
            if let Some(max) = item["max_length"].as_u64() {
                assert!(chars(&item["value"]) as u64 <= max, "text input value longer than its max_length");
                assert!(chars(&item["label"]) <= 45, "text input label > 45");
            }
        }
    }
}

/// The body of a message (a channel message, or an interaction response's `data`): Discord's
/// limits and no allowed mentions. (Mention syntax in the text is checked by the targets whose
/// text comes from a student, with [`assert_no_mention_anywhere`]; the knowledge is written by
/// moderators.)
pub fn check_message_body(body: &Value) {
    assert!(chars(&body["content"]) <= CONTENT, "content {} > {CONTENT}", chars(&body["content"]));
    let embeds = body["embeds"].as_array().cloned().unwrap_or_default();
    assert!(embeds.len() <= EMBEDS);
    // Discord counts the 6000 characters over all the embeds of a message.
    let total: usize = embeds.iter().map(check_embed).sum();
    assert!(total <= EMBED_TOTAL, "embeds total {total} > {EMBED_TOTAL}");
    check_components(&body["components"]);
    check_no_allowed_mentions(&body["allowed_mentions"]);
}

/// `allowed_mentions` present and empty: nothing in the message can ping.
pub fn check_no_allowed_mentions(am: &Value) {
    assert!(am.is_object(), "no allowed_mentions: Discord would parse mentions in the content");
    let empty = |v: &Value| v.is_null() || v.as_array().is_some_and(|a| a.is_empty());
    assert!(empty(&am["parse"]), "allowed_mentions.parse not empty: {am}");
    assert!(empty(&am["users"]) && empty(&am["roles"]), "allowed_mentions lists users/roles: {am}");
    assert!(am["replied_user"].as_bool() != Some(true), "replied_user would ping: {am}");
}

/// A rendered interaction response: a message (type 4/7) or a modal (type 9).
pub fn check_interaction(response: &Value) {
    let data = &response["data"];
    match response["type"].as_u64() {
        Some(9) => {
            assert!(chars(&data["custom_id"]) <= CUSTOM_ID);
            assert!(chars(&data["title"]) <= 45, "modal title > 45");
            // A modal's inputs may hold the student's own text: it is shown to the moderator
            // who opened it, in an input, and cannot ping, so only the limits are checked.
            check_components(&data["components"]);
        }
        _ => check_message_body(data),
    }
}
