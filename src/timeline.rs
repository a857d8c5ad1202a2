//! The paper's chronology, for `/timeline`: dates as the paper writes them, ordered, filtered
//! by year and cut into pages.
//!
//! The paper dates things as precisely as it knows them ("20 April 1994", "December 2014",
//! "2003"), so a date here keeps its own precision: an event known only by its year sorts
//! before the dated events of that year.

use std::fmt;

use crate::knowledge::{Event, KnowledgeBase};

/// Events on one page of `/timeline`.
pub const PAGE: usize = 8;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A date as precise as the paper gives it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct When {
    pub year: i32,
    /// 1 to 12.
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl When {
    /// Reads "20 April 1994", "April 1994" or "1994" (years 1900 to 2100); None for anything else.
    pub fn parse(text: &str) -> Option<When> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let (day, month, year) = match words.as_slice() {
            [year] => (None, None, *year),
            [month, year] => (None, Some(*month), *year),
            [day, month, year] => (Some(*day), Some(*month), *year),
            _ => return None,
        };
        let year: i32 = year.parse().ok().filter(|y| (1900..=2100).contains(y))?;
        let month = match month {
            Some(name) => {
                let name = name.to_lowercase();
                Some(MONTHS.iter().position(|m| *m == name)? as u8 + 1)
            }
            None => None,
        };
        let day = match day {
            Some(day) => {
                let last = days_in(month?, year);
                Some(day.parse::<u8>().ok().filter(|d| (1..=last).contains(d))?)
            }
            None => None,
        };
        Some(When { year, month, day })
    }
}

fn days_in(month: u8, year: i32) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(day) = self.day {
            write!(f, "{day} ")?;
        }
        if let Some(month) = self.month {
            let name = MONTHS[usize::from(month - 1)];
            write!(f, "{}{} ", name[..1].to_uppercase(), &name[1..])?;
        }
        write!(f, "{}", self.year)
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_precision_and_order() {
        let day = When::parse("20 April 1994").unwrap();
        assert_eq!(day, When { year: 1994, month: Some(4), day: Some(20) });
        assert_eq!(day.to_string(), "20 April 1994");
        let month = When::parse("December 2014").unwrap();
        let year = When::parse("2014").unwrap();
        assert!(year < month, "a year alone comes before the dated events of that year");
        assert!(When::parse("9 January 2015").unwrap() > month);
        assert_eq!(year.to_string(), "2014");
    }

    #[test]
    fn malformed_dates_are_refused() {
        for bad in ["", "April", "31 April 1994", "29 February 2021", "20 Avril 1994", "1994 April 20", "3000", "19940"]
        {
            assert_eq!(When::parse(bad), None, "{bad}");
        }
        assert!(When::parse("29 February 2020").is_some());
    }
}
