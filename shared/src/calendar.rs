//! The time and date as every screen of the office shows them: `08:15` and
//! `Thứ Hai, 23/11/2026` (or `Monday, 23/11/2026`), on the office's wall clock; and spans
//! of waiting as `2 giờ 20 phút`.

use chrono::{Datelike, NaiveDateTime, Timelike};

/// `08:15`.
pub fn clock(t: &NaiveDateTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// `máy đã ngắt kết nối lúc 14:05` (`disconnected at 14:05`): a device with a problem that
/// has gone, as the counters and the manager's overview say it.
pub fn disconnected_at(t: &NaiveDateTime, english: bool) -> String {
    if english {
        format!("disconnected at {}", clock(t))
    } else {
        format!("máy đã ngắt kết nối lúc {}", clock(t))
    }
}

/// The weekdays' names, Sunday first (as JavaScript's `getDay` counts), in Vietnamese or
/// English: the one table every screen and page takes them from.
pub fn weekdays(english: bool) -> [&'static str; 7] {
    if english {
        [
            "Sunday",
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
        ]
    } else {
        [
            "Chủ Nhật",
            "Thứ Hai",
            "Thứ Ba",
            "Thứ Tư",
            "Thứ Năm",
            "Thứ Sáu",
            "Thứ Bảy",
        ]
    }
}

/// How a date reads on every screen: the weekday, then day, month and year, each filled
/// in place of its `{…}`.
pub const DATE_FORMAT: &str = "{weekday}, {dd}/{mm}/{yyyy}";

/// `Thứ Hai, 23/11/2026`, or `Monday, 23/11/2026` in English.
pub fn date(t: &NaiveDateTime, english: bool) -> String {
    let day = weekdays(english)[t.weekday().num_days_from_sunday() as usize];
    DATE_FORMAT
        .replace("{weekday}", day)
        .replace("{dd}", &format!("{:02}", t.day()))
        .replace("{mm}", &format!("{:02}", t.month()))
        .replace("{yyyy}", &t.year().to_string())
}

/// A span of minutes as a waiting citizen reads it: `20 phút`, `2 giờ`, `2 giờ 20 phút`, or
/// `20 min`, `2 h`, `2 h 20 min` in English.
pub fn minutes(m: u64, english: bool) -> String {
    let (hours, rest) = (m / 60, m % 60);
    match (english, hours, rest) {
        (false, 0, _) => format!("{m} phút"),
        (false, _, 0) => format!("{hours} giờ"),
        (false, _, _) => format!("{hours} giờ {rest} phút"),
        (true, 0, _) => format!("{m} min"),
        (true, _, 0) => format!("{hours} h"),
        (true, _, _) => format!("{hours} h {rest} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_waits_read_in_hours_and_minutes() {
        assert_eq!(minutes(0, false), "0 phút");
        assert_eq!(minutes(59, false), "59 phút");
        assert_eq!(minutes(60, false), "1 giờ");
        assert_eq!(minutes(140, false), "2 giờ 20 phút");
        assert_eq!(minutes(45, true), "45 min");
        assert_eq!(minutes(120, true), "2 h");
        assert_eq!(minutes(141, true), "2 h 21 min");
    }

    #[test]
    fn a_monday_morning_in_both_languages() {
        let t: NaiveDateTime = "2026-11-23T08:05:00".parse().expect("time");
        assert_eq!(clock(&t), "08:05");
        assert_eq!(date(&t, false), "Thứ Hai, 23/11/2026");
        assert_eq!(date(&t, true), "Monday, 23/11/2026");
        let sunday: NaiveDateTime = "2026-11-29T23:59:00".parse().expect("time");
        assert_eq!(date(&sunday, false), "Chủ Nhật, 29/11/2026");
        assert_eq!(date(&sunday, true), "Sunday, 29/11/2026");
    }
}
