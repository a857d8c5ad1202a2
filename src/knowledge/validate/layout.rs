//! Layout warnings: texts that would reach students otherwise than the moderator meant, though
//! they are valid. A tab in a question or answer, or a line break followed by indentation inside
//! an answer (a `\` forgotten at the end of a line of a `"""` string), shows in Discord as written.
//! They are warned about, with the fix, and do not stop the knowledge from loading.

use super::super::load::Parsed;
use crate::problem::Problem;

/// The layout warnings of a parsed paper folder.
pub fn warnings(p: &Parsed) -> Vec<Problem> {
    let mut out = Vec::new();
    let qas = p.qas.iter().map(|q| (q.file, &q.item.id, &q.item.question, &q.item.alternates, &q.item.answer));
    for (file, id, question, alternates, answer) in qas {
        let texts = std::iter::once(("question", question))
            .chain(alternates.iter().map(|a| ("alternate", a)))
            .chain(std::iter::once(("answer", answer)));
        for (field, text) in texts {
            if let Some(message) = layout_problem(field, text.get_ref()) {
                out.push(p.problem(file, text.span().start, Some(id.get_ref()), message));
            }
        }
    }
    out
}

/// What is wrong with a text's layout, if anything.
fn layout_problem(field: &str, text: &str) -> Option<String> {
    if text.contains('\t') {
        return Some(format!("warning: this {field} holds a tab, which students see as written: use spaces"));
    }
    let indented_break = text.trim().split('\n').skip(1).any(|line| line.starts_with("  "));
    (field == "answer" && indented_break).then(|| {
        "warning: this answer keeps a line break and the next line's indentation, which students see as \
         written: end the line before with `\\` inside the \"\"\" string to join the lines"
            .to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_and_indented_line_breaks_are_warned_about() {
        assert!(layout_problem("question", "What is\tit?").is_some());
        assert!(layout_problem("answer", "One line\n    and an indented one.").is_some());
        assert!(layout_problem("answer", "One paragraph.\n\nAnother one.").is_none(), "paragraphs are meant");
        assert!(layout_problem("answer", "All on one line.").is_none());
    }
}
