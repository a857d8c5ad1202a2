//! Dates as the paper writes them.
//!
//! The paper dates things as precisely as it knows them ("20 April 1994", "December 2014",
//! "2003"), so a date here keeps its own precision: an event known only by its year sorts
//! before the dated events of that year.

use std::fmt;

/// The months, in order, as folded words.
pub const MONTHS: [&str; 12] = [
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
