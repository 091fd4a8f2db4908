//! The business day: the office's local date, starting at its configured reset time.

use chrono::{DateTime, NaiveDate, Utc};

use crate::config::Config;

/// The business day `now` falls in: the local date in the office's time zone, counted from
/// `day_starts_at` (a reset at 05:00 makes 04:59 belong to the day before).
pub fn business_day(now: DateTime<Utc>, config: &Config) -> NaiveDate {
    let local = now.with_timezone(&config.time_zone).naive_local();
    let since_midnight = config.day_starts_at - chrono::NaiveTime::MIN;
    (local - since_midnight).date()
}
