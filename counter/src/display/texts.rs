//! The display's words that come from Rust rather than from the `.slint` files (those are
//! translated by gettext): counter names, the link banner, the clock and the date.

use chrono::NaiveDateTime;

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

pub use shared::calendar::clock;

/// `Thứ Hai, 23/11/2026` or `Monday, 23/11/2026`.
pub fn date(lang: Language, t: &NaiveDateTime) -> String {
    shared::calendar::date(t, lang == Language::En)
}
