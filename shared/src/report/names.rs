//! How fields, counters, clerks and row keys are named on the page and in exports, and
//! escaping for HTML and SVG text.

use crate::config::Config;
use crate::model::{ClerkId, FieldCode};

use super::tables::Key;
use super::words::{Lang, Words};

/// A field's name in `lang`, or its code if the configuration no longer has it.
pub fn field(config: &Config, code: &FieldCode, lang: Lang) -> String {
    config.field(code).map_or_else(
        || code.to_string(),
        |f| match lang {
            Lang::Vi => f.name.clone(),
            Lang::En => f.name_en.clone(),
        },
    )
}

/// A clerk's full name, or the login if the configuration no longer has it.
pub fn clerk(config: &Config, id: &ClerkId) -> String {
    config
        .clerk(id)
        .map_or_else(|| id.to_string(), |c| c.name.clone())
}

/// What a row is about, as people read it.
pub fn key(key: &Key, config: &Config, lang: Lang) -> String {
    let w = lang.words();
    match key {
        Key::Field(code) => field(config, code, lang),
        Key::Counter(Some(c)) => Words::with(w.counter, c),
        Key::Clerk(Some(c)) => clerk(config, c),
        Key::Counter(None) | Key::Clerk(None) => w.not_called.to_string(),
        Key::Hour(h) => format!("{h:02}:00–{:02}:00", h + 1),
        Key::Day(d) => lang.day(*d),
    }
}

pub use crate::html::escape;
