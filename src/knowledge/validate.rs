//! Everything that can be wrong in knowledge files that parse: ids, cross-references, endnote
//! numbers, text lengths (Discord's embed limits) and phrasings that would confuse the matcher.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use toml::Spanned;

mod alias;
mod layout;

pub(crate) use layout::warnings;

use super::load::Parsed;
use super::source::Text;
use crate::limits::{MAX_CUSTOM_ID, MAX_DESCRIPTION, MAX_FIELD, MAX_TITLE};
use crate::problem::Problem;
use crate::quiz;
use crate::text;

/// Longest id: ids travel in Discord's buttons and menus, whose custom ids hold
/// [`MAX_CUSTOM_ID`] characters, prefix included.
pub const MAX_ID: usize = 64;
const _: () = assert!(MAX_ID < MAX_CUSTOM_ID);
/// Longest event of the timeline: a sentence, so that a page of them fits an embed.
pub const MAX_EVENT: usize = 300;
/// Fewest alternate phrasings a Q&A entry needs for the matcher to know it well.
pub const MIN_ALTERNATES: usize = 3;

/// Checks a parsed paper folder and returns every problem found (the parse problems excluded).
pub(crate) fn validate(p: &Parsed) -> Vec<Problem> {
    let mut v = Validator { p, problems: Vec::new() };
    v.paper();
    v.texts();
    v.ids();
    v.endnotes();
    v.phrasings();
    v.key_facts();
    v.bare_yes_no();
    v.events();
    v.problems.extend(alias::check(p));
    // Run even when a file could not be read: a misspelt section elsewhere is still found.
    // References that may point into an unread file are left out (see `references`).
    if !p.incomplete || !p.sections.is_empty() {
        v.references();
    }
    v.problems
}

/// Where a folder-wide problem is reported: its paper.toml, or else its first file (a problem
/// always names a file that was read).
fn paper_file(p: &Parsed) -> &std::path::Path {
    let files = || p.files.iter().map(|f| f.path.as_path());
    files().find(|f| f.file_name().is_some_and(|n| n == "paper.toml")).unwrap_or(&p.files[0].path)
}

struct Validator<'a> {
    p: &'a Parsed,
    problems: Vec<Problem>,
}

/// Where an entry's own problems are placed and what they are labelled with.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    file: usize,
    entry: &'a str,
}

impl Validator<'_> {
    fn report(&mut self, ctx: Ctx<'_>, offset: usize, message: impl Into<String>) {
        let problem = self.p.problem(ctx.file, offset, Some(ctx.entry), message);
        self.problems.push(problem);
    }

    fn endnote_count(&self) -> Option<i64> {
        self.p.papers.first().map(|paper| *paper.item.endnote_count.get_ref())
    }

    fn paper(&mut self) {
        let p = self.p;
        if p.papers.is_empty() && !p.incomplete {
            let problem = Problem::whole_file(
                paper_file(p),
                "no [paper] table in this paper's folder: is paper.toml missing? (write one there)",
            );
            self.problems.push(problem);
        }
        for extra in p.papers.iter().skip(1) {
            let ctx = Ctx { file: extra.file, entry: "paper" };
            self.report(ctx, extra.span.start, "a second [paper] table: a folder holds one paper");
        }
        if let Some(paper) = p.papers.first() {
            let count = &paper.item.endnote_count;
            if !(0..=999).contains(count.get_ref()) {
                let ctx = Ctx { file: paper.file, entry: "paper" };
                self.report(ctx, count.span().start, "endnote_count must be between 0 and 999");
            }
        }
    }

    fn texts(&mut self) {
        let p = self.p;
        for paper in &p.papers {
            let ctx = Ctx { file: paper.file, entry: "paper" };
            let r = &paper.item;
            for (field, text) in [
                ("id", &r.id),
                ("title", &r.title),
                ("author", &r.author),
                ("affiliation", &r.affiliation),
                ("series", &r.series),
                ("publisher", &r.publisher),
                ("date", &r.date),
                ("licence", &r.licence),
            ] {
                self.text(ctx, field, text, MAX_TITLE);
            }
            self.text(ctx, "author_bio", &r.author_bio, MAX_FIELD);
        }
        for section in &p.sections {
            let r = &section.item;
            let ctx = Ctx { file: section.file, entry: r.id.get_ref() };
            self.text(ctx, "title", &r.title, MAX_TITLE);
            self.text(ctx, "summary", &r.summary, MAX_FIELD);
        }
        for endnote in &p.endnotes {
            let r = &endnote.item;
            let label = format!("endnote {}", r.number.get_ref());
            let ctx = Ctx { file: endnote.file, entry: &label };
            self.text(ctx, "citation", &r.citation, MAX_FIELD);
            self.text(ctx, "cited_for", &r.cited_for, MAX_FIELD);
            self.optional(ctx, "short", r.short.as_ref(), MAX_TITLE);
            self.optional(ctx, "url", r.url.as_ref(), MAX_TITLE);
            if let Some(url) = &r.url
                && !(url.get_ref().starts_with("https://") || url.get_ref().starts_with("http://"))
            {
                self.report(ctx, url.span().start, "url must start with https:// or http://");
            }
        }
        for card in &p.cards {
            let r = &card.item.1;
            let ctx = Ctx { file: card.file, entry: r.id.get_ref() };
            self.text(ctx, "name", &r.name, MAX_TITLE);
            self.text(ctx, "summary", &r.summary, MAX_DESCRIPTION);
            for (field, text) in [
                ("proposed_by", &r.proposed_by),
                ("date", &r.date),
                ("forum", &r.forum),
                ("wording", &r.wording),
                ("comparison", &r.comparison),
                ("china_position", &r.china_position),
                ("scope", &r.scope),
                ("restrictiveness", &r.restrictiveness),
            ] {
                self.optional(ctx, field, text.as_ref(), MAX_FIELD);
            }
            for alias in r.aliases.iter().chain(&r.questions) {
                self.text(ctx, "aliases/questions", alias, MAX_TITLE);
            }
        }
        for qa in &p.qas {
            let r = &qa.item;
            let ctx = Ctx { file: qa.file, entry: r.id.get_ref() };
            self.text(ctx, "question", &r.question, MAX_TITLE);
            self.text(ctx, "answer", &r.answer, MAX_DESCRIPTION);
            for alternate in &r.alternates {
                self.text(ctx, "alternate", alternate, MAX_TITLE);
            }
            for keyword in &r.keywords {
                self.text(ctx, "keyword", keyword, MAX_TITLE);
            }
            if r.alternates.len() < MIN_ALTERNATES {
                let message = format!(
                    "{} alternate phrasing{}: give at least {MIN_ALTERNATES}, in other words than the question",
                    r.alternates.len(),
                    if r.alternates.len() == 1 { "" } else { "s" }
                );
                // At the alternates, where the fix goes (at the question when there are none).
                let at = r.alternates.first().map_or(r.question.span().start, |a| a.span().start);
                self.report(ctx, at, message);
            }
        }
    }

    fn optional(&mut self, ctx: Ctx<'_>, field: &str, text: Option<&Text>, max: usize) {
        if let Some(text) = text {
            self.text(ctx, field, text, max);
        }
    }

    fn text(&mut self, ctx: Ctx<'_>, field: &str, text: &Text, max: usize) {
        let value = text.get_ref();
        let length = value.chars().count();
        if value.trim().is_empty() {
            self.report(ctx, text.span().start, format!("{field} is empty"));
        } else if length > max {
            let message = format!("{field} is {length} characters long; Discord shows at most {max}");
            self.report(ctx, text.span().start, message);
        }
    }

    fn ids(&mut self) {
        let p = self.p;
        let mut seen: HashMap<&str, (usize, usize)> = HashMap::new();
        let ids = p.cards.iter().map(|c| (c.file, &c.item.1.id)).chain(p.qas.iter().map(|q| (q.file, &q.item.id)));
        self.unique_ids(ids, &mut seen, "entry");
        let mut sections = HashMap::new();
        self.unique_ids(p.sections.iter().map(|s| (s.file, &s.item.id)), &mut sections, "section");
    }

    fn unique_ids<'a>(
        &mut self,
        ids: impl Iterator<Item = (usize, &'a Text)>,
        seen: &mut HashMap<&'a str, (usize, usize)>,
        what: &str,
    ) {
        for (file, id) in ids {
            let ctx = Ctx { file, entry: id.get_ref() };
            let value = id.get_ref().as_str();
            if !is_id(value) {
                self.report(ctx, id.span().start, "an id is lower-case letters and digits joined by hyphens");
            } else if value.len() > MAX_ID {
                let message = format!("this id is {} characters long; keep ids to {MAX_ID}", value.len());
                self.report(ctx, id.span().start, message);
            }
            if let Some(&(first_file, first_offset)) = seen.get(value) {
                let first = self.p.problem(first_file, first_offset, None, "");
                let message = format!(
                    "duplicate {what} id `{value}`: first defined at {}:{}:{}",
                    first.file.display(),
                    first.line,
                    first.column
                );
                self.report(ctx, id.span().start, message);
            } else {
                seen.insert(value, (file, id.span().start));
            }
        }
    }

    fn endnotes(&mut self) {
        let p = self.p;
        let Some(count) = self.endnote_count() else { return };
        let mut defined: BTreeMap<i64, ()> = BTreeMap::new();
        for endnote in &p.endnotes {
            let number = &endnote.item.number;
            let label = format!("endnote {}", number.get_ref());
            let ctx = Ctx { file: endnote.file, entry: &label };
            if !(1..=count).contains(number.get_ref()) {
                let message =
                    format!("endnote {} does not exist: the paper's endnotes are 1 to {count}", number.get_ref());
                self.report(ctx, number.span().start, message);
            } else if defined.insert(*number.get_ref(), ()).is_some() {
                self.report(ctx, number.span().start, format!("endnote {} is defined twice", number.get_ref()));
            }
        }
        if !p.incomplete
            && let Some(paper) = p.papers.first()
        {
            let missing: Vec<String> =
                (1..=count).filter(|n| !defined.contains_key(n)).map(|n| n.to_string()).collect();
            let ctx = Ctx { file: paper.file, entry: "paper" };
            if defined.is_empty() {
                // A missing endnotes.toml: named once, not once for each of its 160 citations.
                let message = format!(
                    "there are no [[endnote]] tables at all: is endnotes.toml missing? (the paper has {count} endnotes)"
                );
                self.report(ctx, paper.item.endnote_count.span().start, message);
            } else if !missing.is_empty() {
                let message = format!("no [[endnote]] for endnote {}", missing.join(", "));
                self.report(ctx, paper.item.endnote_count.span().start, message);
            }
        }
        for (file, id, cited) in citations(p) {
            let ctx = Ctx { file, entry: &id };
            let mut seen = BTreeSet::new();
            for number in cited {
                let n = *number.get_ref();
                if !(1..=count).contains(&n) {
                    let message = format!("endnote {n} does not exist: the paper's endnotes are 1 to {count}");
                    self.report(ctx, number.span().start, message);
                } else if !seen.insert(n) {
                    self.report(ctx, number.span().start, format!("endnote {n} is listed twice"));
                } else if !p.incomplete && !defined.is_empty() && !defined.contains_key(&n) {
                    self.report(ctx, number.span().start, format!("endnote {n} has no [[endnote]] table"));
                }
            }
        }
    }
}

/// Every entry's (and event's) cited endnotes, with its file and label.
fn citations(p: &Parsed) -> Vec<(usize, String, &[Spanned<i64>])> {
    p.cards
        .iter()
        .map(|c| (c.file, c.item.1.id.get_ref().clone(), c.item.1.endnotes.as_slice()))
        .chain(p.qas.iter().map(|q| (q.file, q.item.id.get_ref().clone(), q.item.endnotes.as_slice())))
        .chain(p.events.iter().map(|e| {
            (e.file, format!("event {}", e.item.date.get_ref()), e.item.endnotes.as_deref().unwrap_or_default())
        }))
        .collect()
}

impl Validator<'_> {
    /// Key facts must be words the answer (or, for a card, the proposer) says, so that the quiz
    /// never asks for something the knowledge does not state.
    fn key_facts(&mut self) {
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
            let said = format!(" {} ", text::fold(said.unwrap_or_default()));
            for fact in facts {
                let forms = super::key_fact_forms(fact.get_ref());
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
            facts.iter().map(|f| quiz::Fact::written(&super::key_fact_forms(f.get_ref()))).collect();
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
    fn bare_yes_no(&mut self) {
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

    fn events(&mut self) {
        let p = self.p;
        for event in &p.events {
            let r = &event.item;
            let label = format!("event {}", r.date.get_ref());
            let ctx = Ctx { file: event.file, entry: &label };
            self.text(ctx, "what", &r.what, MAX_EVENT);
            if super::When::parse(r.date.get_ref()).is_none() {
                let message = "date must be written like \"20 April 1994\", \"April 1994\" or \"1994\"";
                self.report(ctx, r.date.span().start, message);
            }
        }
    }
}

impl Validator<'_> {
    fn references(&mut self) {
        let p = self.p;
        let cited: BTreeSet<i64> =
            citations(p).iter().flat_map(|(_, _, numbers)| numbers.iter().map(|n| *n.get_ref())).collect();
        for endnote in &p.endnotes {
            let number = &endnote.item.number;
            if !cited.contains(number.get_ref()) && !p.incomplete {
                let label = format!("endnote {}", number.get_ref());
                let ctx = Ctx { file: endnote.file, entry: &label };
                let message = format!("endnote {} is cited by no entry", number.get_ref());
                self.report(ctx, number.span().start, message);
            }
        }
        let ids: BTreeSet<&str> = p
            .cards
            .iter()
            .map(|c| c.item.1.id.get_ref().as_str())
            .chain(p.qas.iter().map(|q| q.item.id.get_ref().as_str()))
            .collect();
        self.event_entries();
        let sections: BTreeSet<&str> = p.sections.iter().map(|s| s.item.id.get_ref().as_str()).collect();
        let sectioned = p.qas.iter().filter(|q| q.item.section.is_some()).count();
        if sections.is_empty() && sectioned > 0 && !p.incomplete {
            // A missing paper.toml (or its sections): named once, not once for each entry.
            let problem = Problem::whole_file(
                paper_file(p),
                format!(
                    "there are no [[section]] tables, but {sectioned} {} a section: is paper.toml missing?",
                    if sectioned == 1 { "entry names" } else { "entries name" }
                ),
            );
            self.problems.push(problem);
        }
        let entries = p
            .cards
            .iter()
            .map(|c| (c.file, &c.item.1.id, &c.item.1.related, &c.item.1.section))
            .chain(p.qas.iter().map(|q| (q.file, &q.item.id, &q.item.related, &q.item.section)));
        for (file, id, related, section) in entries {
            let ctx = Ctx { file, entry: id.get_ref() };
            for other in related {
                if other.get_ref() == id.get_ref() {
                    self.report(ctx, other.span().start, "an entry cannot be related to itself");
                } else if !ids.contains(other.get_ref().as_str()) && !p.incomplete {
                    // With a file unread, the entry may be in it: that problem is already reported.
                    let hint = super::plain::suggestion(other.get_ref(), ids.iter().copied());
                    let message = format!("related entry `{}` does not exist{hint}", other.get_ref());
                    self.report(ctx, other.span().start, message);
                }
            }
            if let Some(section) = section
                && !sections.is_empty()
                && !sections.contains(section.get_ref().as_str())
            {
                let hint = super::plain::suggestion(section.get_ref(), sections.iter().copied());
                let message =
                    format!("section `{}` does not exist{hint} (see [[section]] in paper.toml)", section.get_ref());
                self.report(ctx, section.span().start, message);
            }
        }
    }

    /// An event's entry exists and says the event's year, so the two cannot drift apart.
    fn event_entries(&mut self) {
        let p = self.p;
        let answers: HashMap<&str, &str> = p
            .cards
            .iter()
            .map(|c| (c.item.1.id.get_ref().as_str(), c.item.1.summary.get_ref().as_str()))
            .chain(p.qas.iter().map(|q| (q.item.id.get_ref().as_str(), q.item.answer.get_ref().as_str())))
            .collect();
        for event in &p.events {
            let r = &event.item;
            let Some(entry) = &r.entry else { continue };
            let label = format!("event {}", r.date.get_ref());
            let ctx = Ctx { file: event.file, entry: &label };
            match answers.get(entry.get_ref().as_str()) {
                None if p.incomplete => {}
                None => {
                    let hint = super::plain::suggestion(entry.get_ref(), answers.keys().copied());
                    self.report(ctx, entry.span().start, format!("entry `{}` does not exist{hint}", entry.get_ref()))
                }
                Some(answer) => {
                    if let Some(when) = super::When::parse(r.date.get_ref())
                        && !text::words(answer).contains(&when.year.to_string())
                    {
                        let message = format!(
                            "the year {} is not in the answer of `{}`: check the date against the paper",
                            when.year,
                            entry.get_ref()
                        );
                        self.report(ctx, r.date.span().start, message);
                    }
                }
            }
        }
    }

    fn phrasings(&mut self) {
        let p = self.p;
        // folded phrasing -> (entry id, file, offset)
        let mut owners: HashMap<String, (&str, usize, usize)> = HashMap::new();
        let entries = p
            .cards
            .iter()
            .map(|c| {
                let r = &c.item.1;
                let phrasings: Vec<&Text> = std::iter::once(&r.name).chain(&r.aliases).chain(&r.questions).collect();
                (c.file, &r.id, phrasings, false)
            })
            .chain(p.qas.iter().map(|q| {
                let r = &q.item;
                (q.file, &r.id, std::iter::once(&r.question).chain(&r.alternates).collect(), true)
            }));
        for (file, id, phrasings, check_reorders) in entries {
            let ctx = Ctx { file, entry: id.get_ref() };
            let mut bags: Vec<(Vec<String>, &str)> = Vec::new();
            for phrasing in phrasings {
                let folded = text::fold(phrasing.get_ref());
                if folded.is_empty() {
                    if !phrasing.get_ref().trim().is_empty() {
                        self.report(ctx, phrasing.span().start, "this phrasing has no words");
                    }
                    continue;
                }
                if let Some(&(owner, owner_file, owner_offset)) = owners.get(&folded) {
                    let message = if owner == id.get_ref() {
                        format!("\"{}\" is written twice in this entry", phrasing.get_ref())
                    } else {
                        let first = self.p.problem(owner_file, owner_offset, None, "");
                        format!(
                            "\"{}\" is also a phrasing of `{owner}` ({}:{}:{}); the same question cannot lead to two entries",
                            phrasing.get_ref(),
                            first.file.display(),
                            first.line,
                            first.column
                        )
                    };
                    self.report(ctx, phrasing.span().start, message);
                    continue;
                }
                owners.insert(folded.clone(), (id.get_ref(), file, phrasing.span().start));
                if check_reorders {
                    let mut bag: Vec<String> = folded.split(' ').map(str::to_owned).collect();
                    bag.sort();
                    if let Some((_, earlier)) = bags.iter().find(|(b, _)| *b == bag) {
                        let message = format!(
                            "\"{}\" only reorders the words of \"{earlier}\": use other words",
                            phrasing.get_ref()
                        );
                        self.report(ctx, phrasing.span().start, message);
                    }
                    bags.push((bag, phrasing.get_ref()));
                }
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

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::{bare_yes_or_no, is_id};

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

    #[test]
    fn ids_are_lower_case_words_joined_by_hyphens() {
        assert!(is_id("public-core-norm"));
        assert!(is_id("g20-2015"));
        assert!(!is_id("Public-Core"));
        assert!(!is_id("public core"));
        assert!(!is_id("-x"));
        assert!(!is_id("a--b"));
        assert!(!is_id(""));
    }
}
