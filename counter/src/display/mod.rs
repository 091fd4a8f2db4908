//! The wall display: calls on the TV, and said aloud.
