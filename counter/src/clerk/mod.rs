//! The counter app: what a clerk does at the desk.
//!
//! - [`controller`]: the login, the desk's actions and shortcuts, the dialogs and what the
//!   hub's answers mean, with no Slint types; [`controller::ClerkController::view`] mirrors
//!   the adapter's properties.
//! - [`adapter`]: copies the view into the `ClerkAdapter` global and turns Slint's key
//!   events into the controller's keys.
//! - [`desk`]: the counter's connection to the hub: the client, the mirrored office, and
//!   carrying out the controller's actions.
//! - [`app`]: the window wired to all of that.

pub mod adapter;
pub mod app;
pub mod controller;
pub mod desk;
