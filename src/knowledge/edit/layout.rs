//! Entries written into a knowledge file's TOML as a moderator would write them by hand: a
//! phrasing added in the layout of its list, a new entry in the guide's layout.
//!
//! toml_edit keeps the moderators' comments and layout; this module decides where new items go
//! and how they look, apart from the checks and the file handling of [`super::Editor`].

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value, value};

use super::Edit;

/// Where an entry is: its table kind and index.
pub(super) fn find_entry(text: &str, id: &str) -> Option<(&'static str, usize)> {
    let doc: DocumentMut = text.parse().ok()?;
    for kind in ["qa", "norm", "initiative"] {
        if let Some(tables) = doc.get(kind).and_then(Item::as_array_of_tables)
            && let Some(i) = tables.iter().position(|t| t.get("id").and_then(Item::as_str) == Some(id))
        {
            return Some((kind, i));
        }
    }
    None
}

pub(super) fn add_phrasing(text: &str, id: &str, phrasing: &str) -> Result<String, String> {
    let (kind, index) = find_entry(text, id).ok_or_else(|| format!("no entry `{id}`"))?;
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| e.to_string())?;
    let table = doc[kind].as_array_of_tables_mut().and_then(|t| t.get_mut(index)).ok_or("entry vanished")?;
    let key = if kind == "qa" { "alternates" } else { "questions" };
    if table.get(key).is_none() {
        table.insert(key, value(Array::new()));
    }
    let array = table[key].as_array_mut().ok_or_else(|| format!("`{key}` is not a list"))?;
    push_like_the_others(array, phrasing);
    Ok(doc.to_string())
}

/// Appends to an array in the layout of its last element (one per line stays one per line),
/// each comment staying with its item: the comment after the last item (`"c", # last one`) is
/// kept in the array's trailing text, which now goes before the new item, not after it.
fn push_like_the_others(array: &mut Array, text: &str) {
    let decor = array.iter().last().map(|v| v.decor().clone());
    let trailing = array.trailing().as_str().unwrap_or_default().to_owned();
    array.push(text);
    let Some(decor) = decor else { return };
    let prefix = decor.prefix().and_then(|p| p.as_str()).unwrap_or_default();
    let Some(last) = array.iter_mut().last() else { return };
    *last.decor_mut() = decor.clone();
    // One item a line: the new item opens with the old trailing text (the last item's comment
    // and its line break) and the indentation of the others; "]" gets a line of its own.
    if let (Some(break_at), Some(indent_at)) = (trailing.rfind('\n'), prefix.rfind('\n')) {
        let indentation = &prefix[indent_at + 1..];
        last.decor_mut().set_prefix(format!("{}{indentation}", &trailing[..=break_at]));
        array.set_trailing(format!("\n{}", &trailing[break_at + 1..]));
    }
}

pub(super) fn new_qa(text: &str, edit: &Edit) -> Result<String, String> {
    let Edit::NewQa { id, section, question, alternates, answer, endnotes } = edit else {
        return Err("not a new entry".into());
    };
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| e.to_string())?;
    let mut table = Table::new();
    table.insert("id", value(id.as_str()));
    if let Some(section) = section {
        table.insert("section", value(section.as_str()));
    }
    table.insert("question", value(question.as_str()));
    // The guide's layout: one alternate a line, the answer wrapped near 100 columns.
    let mut list = Array::new();
    for alternate in alternates {
        list.push(alternate.as_str());
    }
    for item in list.iter_mut() {
        item.decor_mut().set_prefix("\n  ");
    }
    list.set_trailing_comma(true);
    list.set_trailing("\n");
    table.insert("alternates", value(list));
    table.insert("answer", Item::Value(wrapped(answer)));
    let mut numbers = Array::new();
    for n in endnotes {
        numbers.push(i64::from(*n));
    }
    table.insert("endnotes", Item::Value(Value::Array(numbers)));
    if doc.get("qa").is_none() {
        // The file's header comment stays on top, before the first entry.
        let header = doc.trailing().as_str().unwrap_or_default().to_owned();
        table.decor_mut().set_prefix(header);
        doc.set_trailing("");
        doc.insert("qa", Item::ArrayOfTables(ArrayOfTables::new()));
    } else {
        table.decor_mut().set_prefix("\n");
    }
    doc["qa"].as_array_of_tables_mut().ok_or("`qa` is not a list of tables")?.push(table);
    Ok(doc.to_string())
}

/// A long text as a `"""` string wrapped near 100 columns, each line ending in `\` so that the
/// text stays one paragraph (as the guide writes answers); a short one as a plain string.
fn wrapped(text: &str) -> Value {
    const WIDTH: usize = 96;
    if text.chars().count() <= WIDTH || text.contains('\n') {
        return Value::from(text);
    }
    let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
    let mut lines: Vec<String> = vec![String::new()];
    for word in escaped.split(' ') {
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WIDTH {
            line.push(' ');
            lines.push(word.to_owned());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    // Each line's trailing space is kept before the `\`, which joins the next line to it.
    let source = format!("\"\"\"\n{}\"\"\"", lines.join("\\\n"));
    match source.parse::<Value>() {
        Ok(value) if value.as_str() == Some(text) => value,
        _ => Value::from(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_entry_is_written_in_the_guides_layout_under_the_header() {
        let answer = "It argues that demos are useful, and it says so at length, in a sentence long enough to need \
                      wrapping, with \"quotes\" and a backslash \\ too.";
        let edit = Edit::NewQa {
            id: "x".into(),
            section: Some("norms".into()),
            question: "Why demos?".into(),
            alternates: vec!["a".into(), "b".into()],
            answer: answer.into(),
            endnotes: vec![1],
        };
        let text = new_qa("# Entries added by moderators.\n", &edit).unwrap();
        assert!(text.starts_with("# Entries added by moderators.\n[[qa]]\n"), "{text}");
        assert!(text.contains("alternates = [\n  \"a\",\n  \"b\",\n]\n"), "{text}");
        assert!(text.contains("answer = \"\"\"\n"), "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
        let doc: DocumentMut = text.parse().unwrap();
        assert_eq!(doc["qa"][0]["answer"].as_str(), Some(answer), "the same text, wrapped only in the file");
        let Edit::NewQa { section, question, alternates, answer, endnotes, .. } = edit else { unreachable!() };
        let second =
            new_qa(&text, &Edit::NewQa { id: "y".into(), section, question, alternates, answer, endnotes }).unwrap();
        assert!(second.starts_with("# Entries added by moderators.\n[[qa]]\n"), "{second}");
        assert!(second.contains("\n\n[[qa]]\nid = \"y\""), "a blank line between entries: {second}");
    }

    #[test]
    fn a_comment_stays_with_its_item_when_a_phrasing_is_added() {
        let text = "[[qa]]\nid = \"x\"\nalternates = [\n  \"a\",\n  \"b\", # terse\n  \"c\", # last one\n]\n";
        let edited = add_phrasing(text, "x", "d").unwrap();
        assert_eq!(
            edited,
            "[[qa]]\nid = \"x\"\nalternates = [\n  \"a\",\n  \"b\", # terse\n  \"c\", # last one\n  \"d\",\n]\n"
        );
        let single = add_phrasing("[[qa]]\nid = \"x\"\nalternates = [\"a\", \"b\"]\n", "x", "c").unwrap();
        assert_eq!(single, "[[qa]]\nid = \"x\"\nalternates = [\"a\", \"b\", \"c\"]\n");
    }
}
