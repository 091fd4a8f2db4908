//! Whole-system tests and load generators for the queue office.
