//! The shared library of the queue office: everything the kiosk, the counter app and the
//! wall display have in common.
//!
//! Layout:
//! - [`model`]: the office's nouns (fields, counters, clerks, tickets). Plain data.
//! - [`config`]: the office's TOML configuration, validated with file, line and key in
//!   every error; clerk PIN hashing in [`config::pin`].
//! - [`engine`]: the pure, deterministic queue engine. `apply(command, now)` gives events
//!   or a typed [`engine::Refusal`]; the calling policy is in [`engine::policy`], the
//!   estimated wait in [`engine::wait`].
//! - [`store`]: the durable SQLite store. Events are appended and projections (tickets,
//!   counters, fields) updated in one transaction; batches commit many commands at once.
//!
//! Time is always passed in, so tests can run days in milliseconds.

pub mod config;
pub mod engine;
pub mod model;
pub mod store;
