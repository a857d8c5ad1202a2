//! The paper's chronology, for `/timeline`: dates as the paper writes them, ordered, filtered
//! by year and cut into pages.
//!
//! Events are ordered by their date ([`crate::knowledge::When`]), which keeps the precision the
//! paper gives it: an event known only by its year sorts before the dated events of that year.

use crate::knowledge::{Event, KnowledgeBase};

/// Events on one page of `/timeline`.
pub const PAGE: usize = 8;

/// One page of the timeline between two years (both included).
#[derive(Debug, Clone)]
pub struct Page<'a> {
    pub events: &'a [Event],
    /// From 0.
    pub number: usize,
    pub pages: usize,
    /// How many events fall between the two years.
    pub total: usize,
    pub from: Option<i32>,
    pub to: Option<i32>,
}

/// The `number`th page (clamped to the last) of the events from `from` to `to`.
pub fn page(kb: &KnowledgeBase, from: Option<i32>, to: Option<i32>, number: usize) -> Page<'_> {
    let all = kb.timeline();
    let start = from.map_or(0, |from| all.partition_point(|e| e.when.year < from));
    let end = to.map_or(all.len(), |to| all.partition_point(|e| e.when.year <= to)).max(start);
    let events = &all[start..end];
    let pages = events.len().div_ceil(PAGE).max(1);
    let number = number.min(pages - 1);
    let shown = &events[(number * PAGE).min(events.len())..((number + 1) * PAGE).min(events.len())];
    Page { events: shown, number, pages, total: events.len(), from, to }
}
