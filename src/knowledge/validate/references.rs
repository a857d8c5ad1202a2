//! The checks of references between records: every endnote cited, related entries and
//! sections that exist, events whose entry exists and says the event's year.
//!
//! They need the whole folder read (a reference may point into another file), so they run last
//! and only when what they point into could be read.

use std::collections::{BTreeSet, HashMap};

use super::{Ctx, Validator, citations, paper_file};
use crate::problem::Problem;

impl Validator<'_> {
    pub(super) fn references(&mut self) {
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
                    let hint = super::super::plain::suggestion(other.get_ref(), ids.iter().copied());
                    let message = format!("related entry `{}` does not exist{hint}", other.get_ref());
                    self.report(ctx, other.span().start, message);
                }
            }
            if let Some(section) = section
                && !sections.is_empty()
                && !sections.contains(section.get_ref().as_str())
            {
                let hint = super::super::plain::suggestion(section.get_ref(), sections.iter().copied());
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
                    let hint = super::super::plain::suggestion(entry.get_ref(), answers.keys().copied());
                    self.report(ctx, entry.span().start, format!("entry `{}` does not exist{hint}", entry.get_ref()))
                }
                Some(answer) => {
                    if let Some(year) = super::super::When::parse(r.date.get_ref()).map(|when| when.year.to_string())
                        && !self.folds.words(answer).any(|w| w == year)
                    {
                        let message = format!(
                            "the year {year} is not in the answer of `{}`: check the date against the paper",
                            entry.get_ref()
                        );
                        self.report(ctx, r.date.span().start, message);
                    }
                }
            }
        }
    }
}
