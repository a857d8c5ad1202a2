//! Everything that can be wrong in knowledge files that parse: ids, cross-references, endnote
//! numbers, text lengths (Discord's embed limits) and phrasings that would confuse the matcher.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use toml::Spanned;

mod alias;
mod answers;
mod layout;
mod phrasings;
mod references;

pub(crate) use layout::warnings;

use super::load::Parsed;
use super::source::Text;
use crate::limits::{MAX_CUSTOM_ID, MAX_DESCRIPTION, MAX_FIELD, MAX_TITLE};
use crate::problem::Problem;
use crate::text::Folds;

/// Longest id: ids travel in Discord's buttons and menus, whose custom ids hold
/// [`MAX_CUSTOM_ID`] characters, prefix included.
pub const MAX_ID: usize = 64;
const _: () = assert!(MAX_ID < MAX_CUSTOM_ID);
/// Longest event of the timeline: a sentence, so that a page of them fits an embed.
pub const MAX_EVENT: usize = 300;
/// Fewest alternate phrasings a Q&A entry needs for the matcher to know it well.
pub const MIN_ALTERNATES: usize = 3;

/// Checks a parsed paper folder and returns every problem found (the parse problems excluded),
/// with the folds of the texts it read, which the matcher reads them again from.
pub(crate) fn validate(p: &Parsed) -> (Vec<Problem>, Folds) {
    let mut v = Validator { p, problems: Vec::new(), folds: Folds::default() };
    v.paper();
    v.texts();
    v.ids();
    v.endnotes();
    v.phrasings();
    v.key_facts();
    v.bare_yes_no();
    v.events();
    let problems = alias::check(p, &mut v.folds);
    v.problems.extend(problems);
    // Run even when a file could not be read: a misspelt section elsewhere is still found.
    // References that may point into an unread file are left out (see `references`).
    if !p.incomplete || !p.sections.is_empty() {
        v.references();
    }
    (v.problems, v.folds)
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
    /// The texts folded so far.
    folds: Folds,
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

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::is_id;

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
