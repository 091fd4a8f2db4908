//! The kiosk's touchscreen: the Slint UI and the controller behind it.
//!
//! - `ui/app.slint` (compiled by `build.rs`): [`KioskWindow`], the [`KioskAdapter`] global
//!   that is the UI's only door to Rust, the [`Theme`] and the [`FieldTile`] struct. Strings
//!   are Vietnamese in the source; `lang/en` holds the English catalogue.
//! - [`controller`]: what a press does, cool-downs and timeouts, with no Slint types; its
//!   [`controller::KioskController::view`] mirrors the adapter's properties.
//! - [`adapter`]: copies the controller's view into the adapter, in one place.
//! - [`joining`]: a kiosk joining another hub: its pairing code, then the hub's welcome.
//! - [`language`]: selects the bundled translation that matches the controller's language.
//! - [`station`]: issuing through the hub, printing, and looking after the printer.

pub mod adapter;
pub mod controller;
pub mod joining;
pub mod language;
pub mod station;

// Generated code: not ours to document or lint.
#[allow(missing_docs, clippy::all, clippy::unwrap_used, clippy::todo)]
mod ui {
    slint::include_modules!();
}

pub use ui::*;
