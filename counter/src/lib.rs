//! The counter app and the wall display (the clerk UI arrives with the counter issue).
