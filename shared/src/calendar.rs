//! The time and date as every screen of the office shows them: `08:15` and
//! `Thứ Hai, 23/11/2026` (or `Monday, 23/11/2026`), on the office's wall clock.

use chrono::{Datelike, NaiveDateTime, Timelike, Weekday};

/// `08:15`.
pub fn clock(t: &NaiveDateTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// `Thứ Hai, 23/11/2026`, or `Monday, 23/11/2026` in English.
pub fn date(t: &NaiveDateTime, english: bool) -> String {
    let day = match (english, t.weekday()) {
        (false, Weekday::Mon) => "Thứ Hai",
        (false, Weekday::Tue) => "Thứ Ba",
        (false, Weekday::Wed) => "Thứ Tư",
        (false, Weekday::Thu) => "Thứ Năm",
        (false, Weekday::Fri) => "Thứ Sáu",
        (false, Weekday::Sat) => "Thứ Bảy",
        (false, Weekday::Sun) => "Chủ Nhật",
        (true, Weekday::Mon) => "Monday",
        (true, Weekday::Tue) => "Tuesday",
        (true, Weekday::Wed) => "Wednesday",
        (true, Weekday::Thu) => "Thursday",
        (true, Weekday::Fri) => "Friday",
        (true, Weekday::Sat) => "Saturday",
        (true, Weekday::Sun) => "Sunday",
    };
    format!("{day}, {:02}/{:02}/{}", t.day(), t.month(), t.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_monday_morning_in_both_languages() {
        let t: NaiveDateTime = "2026-11-23T08:05:00".parse().expect("time");
        assert_eq!(clock(&t), "08:05");
        assert_eq!(date(&t, false), "Thứ Hai, 23/11/2026");
        assert_eq!(date(&t, true), "Monday, 23/11/2026");
        let sunday: NaiveDateTime = "2026-11-29T23:59:00".parse().expect("time");
        assert_eq!(date(&sunday, false), "Chủ Nhật, 29/11/2026");
    }
}
