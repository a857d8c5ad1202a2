//! The checks of phrasings: no phrasing without words, none that leads to two entries, none
//! that only reorders another's words.
//!
//! These are the mistakes that would confuse the matcher rather than the reader.

use std::collections::HashMap;

use super::super::source::Text;
use super::{Ctx, Validator};

impl Validator<'_> {
    pub(super) fn phrasings(&mut self) {
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
                let folded = self.folds.fold(phrasing.get_ref()).to_owned();
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
