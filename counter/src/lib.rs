//! The clerk's counter app and the waiting room's wall display: two binaries, one crate.
//!
//! - `ui/app.slint` (compiled by `build.rs`) exports both apps' windows and adapters:
//!   `ui/clerk/` is the counter app ([`ClerkWindow`], [`ClerkAdapter`]), `ui/display/` the
//!   wall display ([`DisplayWindow`], [`DisplayAdapter`]). The counter app's strings are
//!   Vietnamese in the source, with `lang/en` the English catalogue; the display's words
//!   come from `shared::board::words`, which the web display shares.
//! - [`clerk`]: the counter app: its controller (no Slint types) and its wiring.
//! - [`display`]: the wall display: its controller, wiring and the voice player.
//! - [`gate`]: the screen both show until the device is paired and welcomed by the hub.

pub mod clerk;
pub mod display;
pub mod gate;

// Generated code: not ours to document or lint.
#[allow(missing_docs, clippy::all, clippy::unwrap_used, clippy::todo)]
mod ui {
    slint::include_modules!();
}

pub use ui::*;
