//! The shared library of the queue office: everything the kiosk, the counter app and the
//! wall display have in common.
//!
//! Layout:
//! - [`model`]: the office's nouns (fields, counters, clerks, tickets). Plain data.
//! - [`config`]: the office's TOML configuration, validated with file, line and key in
//!   every error; clerk PIN hashing in [`config::pin`].
//! - [`engine`]: the pure, deterministic queue engine. `apply(command, now)` gives events
//!   or a typed [`engine::Refusal`]; the calling policy is in [`engine::policy`], numbers
//!   (a no-show's kept while it may come back) in `engine::numbering`, the estimated wait
//!   (lunch breaks included) and its words in [`engine::wait`].
//! - [`store`]: the durable SQLite store. Events are appended and projections (tickets,
//!   counters, fields) updated in one transaction; batches commit many commands at once;
//!   sign-in locks in `store::lockout`; the JSON API's named keys in `store::api_keys` and
//!   the hub's own secrets (the links' key) in `store::secrets`.
//!   sign-in locks in `store::lockout`; paired devices and their hashed tokens in
//!   [`store::devices`], pairing requests in [`store::pairing`].
//! - [`protocol`]: the JSON messages between the hub and devices; a device problem's words
//!   for staff and its technical detail ([`protocol::problem_lines`]).
//! - [`hub`]: the office's one writer, served over HTTP (WebSocket, server-sent events,
//!   JSON API, health, metrics); a writer thread owns the store and group-commits, and the
//!   hub stops when it cannot save. Who may read or do what on each route: docs/routes.md. One check of clerk PINs with lockouts ([`hub::sign_in`]),
//!   one layer of security headers, and the address phones open ([`hub::public_url`]).
//!   Each device says hello with its own token; new devices pair with a code the manager
//!   approves ([`hub::pairing`]), and the hub follows approvals and revocations made in
//!   the file by another process ([`hub::registry`]).
//!   Plain HTTP and TLS share its port ([`hub::listener`], certificate in [`hub::tls`]);
//!   [`hub::transport`] is the one rule of which requests need TLS.
//! - [`client`]: the apps' connection to the hub: reconnects, resyncs, fails fast offline;
//!   a device's own credential file ([`client::Credential`]) and pairing ([`client::pair`]);
//!   [`client::Mirror`] keeps a device's copy of the state with the engine's own code;
//!   [`client::tls`] trusts exactly the hub certificate pinned at pairing.
//! - [`gate`]: what a device's screen shows before it may work (waiting for the hub, its
//!   pairing code, a withdrawn pairing) in both languages, and how it obtains its credential.
//! - [`ticket`]: the printed ticket drawn as a 1-bit raster with a bundled font and a QR code.
//! - [`printer`]: ESC/POS jobs sent through the escpos crate's drivers, printer status, a
//!   decoder of printer byte streams, and a virtual network printer.
//! - [`fonts`], [`html`]: the bundled Noto Sans, and escaping text for the web pages.
//! - [`calendar`]: the time and date as the screens show them, in both languages.
//! - [`window`]: the apps' `--size WIDTHxHEIGHT`.
//! - [`board`]: what a wall display shows (counters, recent calls, waiting counts) and the
//!   announcement an event causes, what happened to each call (`board::call`), and the
//!   displays' words in both languages ([`board::words`]); the native and web displays
//!   both draw it.
//! - [`voice`]: calls as Vietnamese words (numbers by the standard rules, prefix letters).
//! - [`discovery`]: the hub advertises itself with mDNS; devices find it (LAN or loopback).
//! - [`report`]: the office's reports (waits, service, within-target share, by field,
//!   counter, clerk, hour and day) as tables, SVG charts, an HTML page and CSV.
//!
//! Time is always passed in, so tests can run days in milliseconds.

pub mod board;
pub mod calendar;
pub mod client;
pub mod config;
pub mod discovery;
pub mod engine;
pub mod fonts;
pub mod gate;
pub mod html;
pub mod hub;
pub mod model;
pub mod printer;
pub mod protocol;
pub mod report;
pub mod store;
pub mod ticket;
pub mod voice;
pub mod window;
