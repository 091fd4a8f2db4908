//! The wall display: calls on the TV, and said aloud.
//!
//! - [`feed`]: the display's copy of the office (a [`shared::client::Mirror`]) and which
//!   calls to announce: live ones, and those replayed after a short outage, never a backlog.
//! - [`controller`]: what the screen shows, without Slint: the highlighted call (one at a
//!   time, in order), the board, the clock, the offline banner. [`view`] is its output.
//! - [`voice`]: the player: one queue on its own thread, each call played whole.
//! - [`adapter`] copies a view into the Slint `DisplayAdapter`; [`app`] wires it all up.

pub mod adapter;
pub mod app;
pub mod controller;
pub mod feed;
pub mod texts;
pub mod view;
pub mod voice;

pub use controller::{DisplayController, Settings};
pub use feed::{Feed, Heard};
pub use texts::Language;
pub use view::DisplayView;
pub use voice::{Output, VoicePlayer};
