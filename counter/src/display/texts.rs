//! The display's words that come from Rust rather than from the `.slint` files (those are
//! translated by gettext): counter names, the link banner, the clock and the date.

use chrono::{Datelike, NaiveDateTime, Timelike, Weekday};

/// The language of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// Vietnamese, the default.
    #[default]
    Vi,
    /// English.
    En,
}

impl Language {
    /// `vi` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Vi => "vi",
            Language::En => "en",
        }
    }

    /// `vi` or `en` (anything else is refused).
    pub fn parse(code: &str) -> Option<Language> {
        match code {
            "vi" => Some(Language::Vi),
            "en" => Some(Language::En),
            _ => None,
        }
    }
}

/// `Quầy 3` or `Counter 3`.
pub fn counter(lang: Language, n: u16) -> String {
    match lang {
        Language::Vi => format!("Quầy {n}"),
        Language::En => format!("Counter {n}"),
    }
}

/// The banner while the display has not yet reached the office system.
pub fn connecting(lang: Language) -> String {
    match lang {
        Language::Vi => "Đang kết nối tới hệ thống…".into(),
        Language::En => "Connecting to the office system…".into(),
    }
}

/// The banner when the link dropped; `last` is the local time of the last update, if any.
pub fn offline(lang: Language, last: Option<&NaiveDateTime>) -> String {
    match (lang, last) {
        (Language::Vi, Some(t)) => format!(
            "Mất kết nối — đang kết nối lại… Cập nhật lần cuối lúc {}",
            clock(t)
        ),
        (Language::Vi, None) => "Mất kết nối — đang kết nối lại…".into(),
        (Language::En, Some(t)) => format!(
            "Connection lost — reconnecting… Last update at {}",
            clock(t)
        ),
        (Language::En, None) => "Connection lost — reconnecting…".into(),
    }
}

/// `08:15`.
pub fn clock(t: &NaiveDateTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// `Thứ Hai, 23/11/2026` or `Monday, 23/11/2026`.
pub fn date(lang: Language, t: &NaiveDateTime) -> String {
    let day = match (lang, t.weekday()) {
        (Language::Vi, Weekday::Mon) => "Thứ Hai",
        (Language::Vi, Weekday::Tue) => "Thứ Ba",
        (Language::Vi, Weekday::Wed) => "Thứ Tư",
        (Language::Vi, Weekday::Thu) => "Thứ Năm",
        (Language::Vi, Weekday::Fri) => "Thứ Sáu",
        (Language::Vi, Weekday::Sat) => "Thứ Bảy",
        (Language::Vi, Weekday::Sun) => "Chủ Nhật",
        (Language::En, Weekday::Mon) => "Monday",
        (Language::En, Weekday::Tue) => "Tuesday",
        (Language::En, Weekday::Wed) => "Wednesday",
        (Language::En, Weekday::Thu) => "Thursday",
        (Language::En, Weekday::Fri) => "Friday",
        (Language::En, Weekday::Sat) => "Saturday",
        (Language::En, Weekday::Sun) => "Sunday",
    };
    format!("{day}, {:02}/{:02}/{}", t.day(), t.month(), t.year())
}
