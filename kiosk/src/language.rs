//! Switching the UI's fixed strings between Vietnamese (the source) and English.

use crate::controller::Language;

/// Selects the bundled translation for `language` on this thread's Slint context.
///
/// Call it after the first component exists (before that, no bundle is loaded) and on
/// every language change; without it the system locale picks.
pub fn select(language: Language) -> Result<(), slint::SelectBundledTranslationError> {
    slint::select_bundled_translation(match language {
        Language::Vi => "",
        Language::En => "en",
    })
}
