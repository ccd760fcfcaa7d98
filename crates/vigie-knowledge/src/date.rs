//! Calendar dates for code validity ranges: `YYYY-MM-DD` in Vigie's data files, and PETRARCH's
//! `YYMMDD` / `YYYYMMDD` in its dictionaries.

use std::fmt;

/// A proleptic Gregorian calendar date. Ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A checked date: `None` when the month or the day does not exist (30 February…).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            _ => return None,
        };
        (day >= 1 && day <= days).then_some(Date { year, month, day })
    }

    /// Parses ISO `YYYY-MM-DD` (Vigie's data files and the CLI). `None` if malformed.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut parts = s.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Date::new(year, month, day)
    }

    /// Parses a PETRARCH/TABARI date: `YYYYMMDD`, or `YYMMDD` where `00`–`30` mean 20YY and
    /// the others 19YY (KEDS convention). Any other length or an impossible day is `None`.
    pub fn parse_petrarch(s: &str) -> Option<Date> {
        let s = s.trim();
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
        let (year, rest) = match s.len() {
            8 => (num(0..4)? as i32, 4),
            6 => {
                let yy = num(0..2)? as i32;
                (if yy <= 30 { 2000 + yy } else { 1900 + yy }, 2)
            }
            _ => return None,
        };
        Date::new(
            year,
            num(rest..rest + 2)? as u8,
            num(rest + 2..rest + 4)? as u8,
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn petrarch_dates() {
        assert_eq!(Date::parse_petrarch("080508"), Date::new(2008, 5, 8));
        assert_eq!(Date::parse_petrarch("990809"), Date::new(1999, 8, 9));
        assert_eq!(Date::parse_petrarch("19950601"), Date::new(1995, 6, 1));
        assert_eq!(Date::parse_petrarch("2004017"), None);
        assert_eq!(Date::parse_petrarch("20100931"), None);
        assert_eq!(Date::parse_iso("2024-06-19"), Date::new(2024, 6, 19));
        assert_eq!(Date::parse_iso("2024-13-01"), None);
    }
}
