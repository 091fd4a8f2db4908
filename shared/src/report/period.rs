//! The business days a report covers: today, this week, this month, or any span of days.

use chrono::{Datelike, Days, NaiveDate};

/// The longest period a report may cover, in days (a year and a little).
pub const MAX_DAYS: i64 = 400;

/// Business days `from` to `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First business day.
    pub from: NaiveDate,
    /// Last business day.
    pub to: NaiveDate,
}

/// A period that cannot be reported on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// A date that is neither `DD/MM/YYYY` nor `YYYY-MM-DD`.
    #[error("{0:?} is not a date written DD/MM/YYYY")]
    BadDate(String),
    /// The end comes before the start.
    #[error("the period ends ({to}) before it starts ({from})")]
    Backwards {
        /// First day asked for.
        from: NaiveDate,
        /// Last day asked for.
        to: NaiveDate,
    },
    /// More days than [`MAX_DAYS`].
    #[error("a report covers at most {MAX_DAYS} days, not {0}")]
    TooLong(i64),
}

impl Period {
    /// The days `from` to `to`, refusing a backwards or overlong span.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, PeriodError> {
        if to < from {
            return Err(PeriodError::Backwards { from, to });
        }
        let days = (to - from).num_days() + 1;
        if days > MAX_DAYS {
            return Err(PeriodError::TooLong(days));
        }
        Ok(Period { from, to })
    }

    /// Reads dates as the page's fields write them, `DD/MM/YYYY`, or as links do,
    /// `YYYY-MM-DD`.
    pub fn parse(from: &str, to: &str) -> Result<Period, PeriodError> {
        let date = |s: &str| {
            NaiveDate::parse_from_str(s.trim(), "%d/%m/%Y")
                .or_else(|_| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d"))
                .map_err(|_| PeriodError::BadDate(s.chars().take(40).collect()))
        };
        Period::new(date(from)?, date(to)?)
    }

    /// One day.
    pub fn day(day: NaiveDate) -> Period {
        Period { from: day, to: day }
    }

    /// Monday to Sunday of the week holding `today`.
    pub fn week(today: NaiveDate) -> Period {
        let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
        Period {
            from: monday,
            to: monday + Days::new(6),
        }
    }

    /// The calendar month holding `today`.
    pub fn month(today: NaiveDate) -> Period {
        let first = today.with_day(1).unwrap_or(today);
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(first);
        Period {
            from: first,
            to: next.pred_opt().unwrap_or(today),
        }
    }

    /// How many days it covers.
    pub fn len_days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// Its days in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        self.from.iter_days().take(self.len_days().max(0) as usize)
    }

    /// Whether `day` is in it.
    pub fn contains(&self, day: NaiveDate) -> bool {
        (self.from..=self.to).contains(&day)
    }
}

/// A period named on the page's picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// The current business day.
    Today,
    /// Monday to Sunday of this week.
    Week,
    /// This calendar month.
    Month,
}

impl Preset {
    /// Every preset, in the picker's order.
    pub const ALL: [Preset; 3] = [Preset::Today, Preset::Week, Preset::Month];

    /// Its name in links (`today`, `week`, `month`).
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Today => "today",
            Preset::Week => "week",
            Preset::Month => "month",
        }
    }

    /// Reads a link's name back.
    pub fn parse(s: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The days it covers when the business day is `today`.
    pub fn period(self, today: NaiveDate) -> Period {
        match self {
            Preset::Today => Period::day(today),
            Preset::Week => Period::week(today),
            Preset::Month => Period::month(today),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn week_and_month_hold_today() {
        // 2026-11-18 is a Wednesday.
        assert_eq!(
            Period::week(d("2026-11-18")),
            Period::parse("2026-11-16", "2026-11-22").expect("valid")
        );
        assert_eq!(Period::month(d("2026-12-31")).from, d("2026-12-01"));
        assert_eq!(Period::month(d("2026-02-10")).to, d("2026-02-28"));
        assert_eq!(Period::month(d("2026-02-10")).len_days(), 28);
    }

    #[test]
    fn backwards_overlong_and_malformed_periods_are_refused() {
        assert!(matches!(
            Period::parse("2026-11-22", "2026-11-16"),
            Err(PeriodError::Backwards { .. })
        ));
        assert_eq!(
            Period::parse("2025-01-01", "2026-12-31"),
            Err(PeriodError::TooLong(730))
        );
        assert!(matches!(
            Period::parse("11/16/2026", "2026-11-22"),
            Err(PeriodError::BadDate(_))
        ));
        assert_eq!(
            Period::parse("16/11/2026", "22/11/2026"),
            Period::parse("2026-11-16", "2026-11-22"),
            "the page's dd/mm/yyyy and a link's YYYY-MM-DD"
        );
    }
}
