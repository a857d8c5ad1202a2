//! Problems in a moderator's words. The TOML reader and serde speak of sequences, fields and
//! `1..=33`; a moderator editing a file at midnight needs what is wrong, where, and the fix:
//! "`endnotes` must be a list of numbers, like `endnotes = [5]`", "did you mean `answer`?".

/// A closest candidate to a misspelt word, if one is close enough to be what was meant.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, c)| *score >= 0.8 && *c != word)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// ", did you mean `x`?" for a misspelt word, or nothing.
pub fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(word, candidates).map_or_else(String::new, |c| format!(": did you mean `{c}`?"))
}

/// A serde error on one table, in plain words: `key` is the key whose value is at fault (when
/// the error points at a value), `kind` the table's kind ("qa", "endnote").
pub fn deserialize_error(message: &str, key: Option<&str>, kind: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (unknown, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let keys: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let hint = suggestion(unknown, keys.iter().copied());
        return format!("`{unknown}` is not a key of a [[{kind}]]{hint} (its keys are {})", keys.join(", "));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let missing = rest.split('`').next().unwrap_or_default();
        return format!("this [[{kind}]] has no `{missing}`: add a line `{missing} = …`");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let key = key.unwrap_or("this value");
        let example = |value: &str| format!("`{key} = {value}`");
        return match expected {
            e if e.contains("sequence") => {
                let inside = found.strip_prefix("string ").or_else(|| found.strip_prefix("integer ")).unwrap_or("…");
                let numbers = inside.trim_matches('"').chars().all(|c| c.is_ascii_digit());
                let inside = if numbers { inside.trim_matches('"') } else { inside };
                format!("`{key}` must be a list in square brackets, like {}", example(&format!("[{inside}]")))
            }
            e if e.contains("string") => format!("`{key}` must be text in quotes, like {}", example("\"…\"")),
            e if e.contains("integer") || e.contains("u32") || e.contains("u16") || e.contains("i64") => {
                format!("`{key}` must be a whole number, like {}", example("5"))
            }
            e if e.contains("bool") => format!("`{key}` must be true or false, like {}", example("true")),
            _ => format!("`{key}` has the wrong kind of value ({found}; expected {expected})"),
        };
    }
    message.to_owned()
}

/// A TOML syntax error in plain words, with the usual fix.
pub fn syntax_error(message: &str) -> String {
    let message = message.trim();
    let plain = if message.contains("invalid basic string") || message.contains("unterminated") {
        "a `\"` is missing at the end of this string (or a `\"` inside it needs a `\\` before it)"
    } else if message.contains("missing comma between array elements") {
        "a `,` is missing between two items of this list"
    } else if message.contains("string values must be quoted") {
        "text must be in quotes: `key = \"…\"`"
    } else if message.contains("in array") || message.contains("unclosed array") {
        "a list above is not closed: a `]` is missing before this line"
    } else if message.contains("duplicate key") {
        "this key is written twice in the same table"
    } else {
        return format!("TOML syntax: {message}");
    };
    format!("{plain} (TOML syntax: {message})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_speaks_like_a_moderator() {
        assert_eq!(
            deserialize_error("invalid type: string \"5\", expected a sequence", Some("endnotes"), "qa"),
            "`endnotes` must be a list in square brackets, like `endnotes = [5]`"
        );
        assert_eq!(
            deserialize_error("unknown field `anwser`, expected one of `id`, `question`, `answer`", None, "qa"),
            "`anwser` is not a key of a [[qa]]: did you mean `answer`? (its keys are id, question, answer)"
        );
        assert_eq!(
            deserialize_error("missing field `answer`", None, "qa"),
            "this [[qa]] has no `answer`: add a line `answer = …`"
        );
        assert_eq!(
            deserialize_error("invalid type: sequence, expected a string", Some("answer"), "qa"),
            "`answer` must be text in quotes, like `answer = \"…\"`"
        );
    }

    #[test]
    fn a_misspelt_word_finds_what_was_meant_and_nothing_far() {
        assert_eq!(did_you_mean("nomad-invasion", ["nomad-invasions", "unification-221-bc"]), Some("nomad-invasions"));
        assert_eq!(did_you_mean("intro", ["introduction", "norms"]), Some("introduction"));
        assert_eq!(did_you_mean("zzz", ["introduction", "norms"]), None);
    }
}
