//! The clerk's counter app and the waiting room's wall display: two binaries, one crate.
//!
//! - `ui/app.slint` (compiled by `build.rs`) exports both apps' windows and adapters:
//!   `ui/clerk/` is the counter app ([`ClerkWindow`], [`ClerkAdapter`]), `ui/display/` the
//!   wall display ([`DisplayWindow`], [`DisplayAdapter`]). Strings are Vietnamese in the
//!   source; `lang/en` holds the English catalogue.
//! - [`clerk`]: the counter app: its controller (no Slint types) and its wiring.
//! - [`display`]: the wall display: its controller, wiring and the voice player.

pub mod clerk;
pub mod display;

// Generated code: not ours to document or lint.
#[allow(missing_docs, clippy::all, clippy::unwrap_used, clippy::todo)]
mod ui {
    slint::include_modules!();
}

pub use ui::*;
