//! The checks of what answers say: key facts the quiz can ask from the answer's own words, and
//! no answer whose first sentence is a bare "Yes." or "No.".
//!
//! They guard the quiz and the phrasings that ask the other way round, rather than the files'
//! structure, so they live apart from the checks of ids, texts and endnotes.

use super::super::source::Text;
use super::{Ctx, Validator};
use crate::{quiz, text};

impl Validator<'_> {
    /// Key facts must be words the answer (or, for a card, the proposer) says, so that the quiz
    /// never asks for something the knowledge does not state.
    pub(super) fn key_facts(&mut self) {
        let p = self.p;
        let cards = p.cards.iter().map(|c| {
            let r = &c.item.1;
            let said = r.proposed_by.as_ref().map(|t| t.get_ref().as_str());
            (c.file, &r.id, &r.key_facts, said, "proposed_by", vec![quiz::Part::Name])
        });
        let qas = p.qas.iter().map(|q| {
            let r = &q.item;
            (
                q.file,
                &r.id,
                &r.key_facts,
                Some(r.answer.get_ref().as_str()),
                "answer",
                quiz::parts(r.question.get_ref()),
            )
        });
        for (file, id, facts, said, field, parts) in cards.chain(qas) {
            let ctx = Ctx { file, entry: id.get_ref() };
            self.fair_key_facts(ctx, facts, &parts);
            let said = format!(" {} ", self.folds.fold(said.unwrap_or_default()));
            for fact in facts {
                let forms = super::super::key_fact_forms(fact.get_ref());
                let Some(first) = forms.first() else {
                    self.report(ctx, fact.span().start, "this key fact is empty");
                    continue;
                };
                if forms.iter().any(|f| text::fold(f).is_empty()) {
                    self.report(ctx, fact.span().start, "a form of this key fact has no words");
                } else if !said.contains(&format!(" {} ", text::fold(first))) {
                    let message = format!(
                        "key fact \"{first}\" is not in the {field}: its first form must be words the {field} says"
                    );
                    self.report(ctx, fact.span().start, message);
                }
            }
        }
    }

    /// Key facts must answer what the question asks, all of it and nothing else: a year only
    /// where it asks when, a number where it asks how many, a name where it asks who.
    fn fair_key_facts(&mut self, ctx: Ctx<'_>, facts: &[Text], parts: &[quiz::Part]) {
        let Some(first) = facts.first() else { return };
        let read: Vec<quiz::Fact> =
            facts.iter().map(|f| quiz::Fact::written(&super::super::key_fact_forms(f.get_ref()))).collect();
        for (fact, spanned) in read.iter().zip(facts) {
            if let Some(problem) = quiz::unasked(fact, parts) {
                self.report(
                    ctx,
                    spanned.span().start,
                    format!("{problem}: a quiz answer would need what the question never asks"),
                );
            }
        }
        if let Some(problem) = quiz::unanswered(&read, parts) {
            self.report(ctx, first.span().start, format!("{problem}: add a key fact that answers it"));
        }
    }

    /// An answer whose first sentence is only "Yes." or "No." reads as the opposite under a
    /// phrasing asked the other way round ("Does everyone agree?" / "Do they disagree?").
    pub(super) fn bare_yes_no(&mut self) {
        let p = self.p;
        let cards = p.cards.iter().map(|c| (c.file, &c.item.1.id, &c.item.1.summary, "summary"));
        let qas = p.qas.iter().map(|q| (q.file, &q.item.id, &q.item.answer, "answer"));
        for (file, id, answer, field) in cards.chain(qas) {
            if let Some(word) = bare_yes_or_no(answer.get_ref()) {
                let ctx = Ctx { file, entry: id.get_ref() };
                let message = format!(
                    "the {field}'s first sentence is only \"{word}\": make it answer the question on its own, naming \
                     what is asked, so that it is right for every phrasing of the entry"
                );
                self.report(ctx, answer.span().start, message);
            }
        }
    }
}

/// "Yes" or "No" (as written), when it is the whole of `answer`'s first sentence: the word
/// alone, with nothing but punctuation ("No.", "Yes!", "**No.**") before the next sentence.
/// "No: the paper does not …" and "No one …" go on with the sentence and pass.
fn bare_yes_or_no(answer: &str) -> Option<&str> {
    let start = answer.trim_start_matches(|c: char| !c.is_alphanumeric());
    let word = start.split(|c: char| !c.is_alphanumeric()).next().unwrap_or_default();
    if !(word.eq_ignore_ascii_case("yes") || word.eq_ignore_ascii_case("no")) {
        return None;
    }
    let rest = &start[word.len()..];
    let marks = rest.split(char::is_whitespace).next().unwrap_or_default();
    if marks.chars().any(char::is_alphanumeric) {
        return None;
    }
    let ends_sentence = marks.contains(['.', '!', '?', '\u{2026}']);
    (ends_sentence || rest.trim().is_empty()).then_some(word)
}

#[cfg(test)]
mod tests {
    use super::bare_yes_or_no;

    #[test]
    fn a_bare_yes_or_no_as_the_first_sentence_is_found() {
        for answer in
            ["No. The paper says otherwise.", "Yes.", "yes!  It does.", "**No.** It does not.", "No", "NO?! Never."]
        {
            assert!(bare_yes_or_no(answer).is_some(), "{answer}");
        }
        for answer in [
            "Within China, too, different actors disagree.",
            "No: the paper does not discuss quantum networking.",
            "Yes, in 2014, as part of institutional reforms.",
            "No one knows.",
            "Nobody. The paper names none.",
            "Yesterday's norms.",
            "In 2014. Not yes.",
        ] {
            assert_eq!(bare_yes_or_no(answer), None, "{answer}");
        }
    }
}
