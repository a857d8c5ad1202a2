//! The checks of `[[alias]]` tables: an alias must lead from a name students use to words the
//! entries use, and one name may lead to one place only.

use std::collections::{HashMap, HashSet};

use super::super::load::Parsed;
use crate::problem::Problem;
use crate::text::Folds;

/// Every problem of the aliases of a parsed paper; what it folds is kept in `folds`.
pub fn check(p: &Parsed, folds: &mut Folds) -> Vec<Problem> {
    fold_all(p, folds);
    let folds = &*folds;
    let fold_of = |text: &str| folds.get(text).expect("every text is folded first");
    let vocabulary = vocabulary(p, folds);
    let mut problems = Vec::new();
    // folded name -> (what it means, file, offset)
    let mut names: HashMap<&str, (&str, usize, usize)> = HashMap::new();
    for alias in &p.aliases {
        let means = &alias.item.means;
        let label = Some(means.get_ref().as_str());
        let mut report = |offset: usize, message: String| problems.push(p.problem(alias.file, offset, label, message));
        let meant = fold_of(means.get_ref());
        if meant.is_empty() {
            report(
                means.span().start,
                "`means` has no words: write the paper's own words, e.g. means = \"China\"".into(),
            );
            continue;
        }
        // With a file unread, its words are unknown: the check would blame the alias.
        if let Some(unused) = meant.split(' ').find(|w| !p.incomplete && !vocabulary.contains(*w)) {
            report(
                means.span().start,
                format!(
                    "\u{201c}{unused}\u{201d} is not a word any entry uses: an alias must lead to the entries' own words"
                ),
            );
        }
        if alias.item.names.is_empty() {
            report(alias.span.start, "this alias has no names: list them, e.g. names = [\"PRC\"]".into());
        }
        for name in &alias.item.names {
            let folded = fold_of(name.get_ref());
            let at = name.span().start;
            if folded.is_empty() {
                report(at, "this name has no words".into());
            } else if folded == meant {
                report(at, format!("\u{201c}{}\u{201d} is what it means already: leave it out", name.get_ref()));
            } else if let Some(&(other, file, offset)) = names.get(folded) {
                let first = p.problem(file, offset, None, "");
                if other == means.get_ref() {
                    let message = format!(
                        "\u{201c}{}\u{201d} is written twice here (as {}:{}:{}): names are compared as words, without case or hyphens",
                        name.get_ref(),
                        first.file.display(),
                        first.line,
                        first.column
                    );
                    report(at, message);
                    continue;
                }
                report(
                    at,
                    format!(
                        "\u{201c}{}\u{201d} is already a name for \u{201c}{other}\u{201d} ({}:{}:{}); one name can mean one thing only",
                        name.get_ref(),
                        first.file.display(),
                        first.line,
                        first.column
                    ),
                );
            } else {
                names.insert(folded, (means.get_ref(), alias.file, at));
            }
        }
    }
    problems
}

/// Every entry's phrasings, keywords, answers and cards: the texts the matcher reads.
fn entry_texts(p: &Parsed) -> impl Iterator<Item = &str> {
    let qas = p.qas.iter().flat_map(|qa| {
        let r = &qa.item;
        std::iter::once(&r.question).chain(&r.alternates).chain(&r.keywords).chain([&r.answer])
    });
    let cards = p.cards.iter().flat_map(|card| {
        let r = &card.item.1;
        let fields = [&r.proposed_by, &r.date, &r.forum, &r.wording, &r.comparison, &r.china_position];
        std::iter::once(&r.name)
            .chain(&r.aliases)
            .chain(&r.questions)
            .chain([&r.summary])
            .chain(fields.into_iter().flatten())
    });
    qas.chain(cards).map(|t| t.get_ref().as_str())
}

/// Folds every entry's texts and every alias's.
fn fold_all(p: &Parsed, folds: &mut Folds) {
    let aliases = p.aliases.iter().flat_map(|a| std::iter::once(&a.item.means).chain(&a.item.names));
    for text in entry_texts(p).chain(aliases.map(|t| t.get_ref().as_str())) {
        folds.fold(text);
    }
}

/// The folded words of every entry's phrasings, keywords, answers and cards (folded already).
fn vocabulary<'a>(p: &Parsed, folds: &'a Folds) -> HashSet<&'a str> {
    entry_texts(p)
        .filter_map(|text| folds.get(text))
        .flat_map(|folded| folded.split(' ').filter(|w| !w.is_empty()))
        .collect()
}
