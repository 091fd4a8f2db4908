//! The display's language and its words, all from [`shared::board::words`] (the web
//! display's too): the `.slint` files hold none of their own.

use chrono::NaiveDateTime;
use shared::board::Words;

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

impl Language {
    /// The display's words in this language, shared with the web display.
    pub fn words(self) -> Words {
        Words::of(self == Language::En)
    }
}

/// `Quầy 3` or `Counter 3`.
pub fn counter(lang: Language, n: u16) -> String {
    lang.words().counter(n)
}

/// The banner while the display has not yet reached the office system.
pub fn connecting(lang: Language) -> String {
    lang.words().connecting.into()
}

/// The banner when the link dropped; `last` is the local time of the last update, if any.
pub fn offline(lang: Language, last: Option<&NaiveDateTime>) -> String {
    let words = lang.words();
    match last {
        Some(t) => Words::fill(words.offline_since, clock(t)),
        None => words.offline.into(),
    }
}

pub use shared::calendar::clock;

/// `Thứ Hai, 23/11/2026` or `Monday, 23/11/2026`.
pub fn date(lang: Language, t: &NaiveDateTime) -> String {
    shared::calendar::date(t, lang == Language::En)
}
