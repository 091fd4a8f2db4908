//! The office's reports: tickets issued, served, no-show and cancelled; waiting and service
//! times (median, p90, max); the share served within the promised wait; by day, field,
//! counter, clerk and hour of day; and the citizens' satisfaction. Definitions are in
//! `docs/reports.md`.
//!
//! - [`period`]: the business days a report covers (today, this week, this month, custom).
//! - [`facts`]: one ticket reduced to what reports need, read from the tickets projection.
//! - [`figures`]: counts and exact nearest-rank percentiles of a group of tickets.
//! - [`tables`]: a [`Report`], the figures in total and by each [`Dimension`].
//! - [`source`]: [`Reports`], a read-only connection that keeps past days in memory.
//! - [`ratings`]: satisfaction, from the ratings table once there is one.
//! - [`csv`], [`svg`], [`page`]: the same figures as CSV, SVG charts and an HTML page, in
//!   the [`Lang`] asked for.

pub mod csv;
pub mod facts;
pub mod figures;
pub mod names;
pub mod page;
mod page_tables;
pub mod period;
pub mod ratings;
pub mod source;
pub mod svg;
pub mod tables;
pub mod words;

pub use figures::{Figures, Spread};
pub use period::{Period, PeriodError, Preset};
pub use ratings::Satisfaction;
pub use source::{ReportError, Reports, open_read_only};
pub use tables::{Dimension, Key, Report, Row};
pub use words::Lang;
