//! The counter app: what a clerk does at the desk.
