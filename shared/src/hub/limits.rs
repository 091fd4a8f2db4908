//! Bounds on what one device may ask of the hub.

use std::time::{Duration, Instant};

/// Time a new connection has to say hello.
pub const HELLO_TIMEOUT: Duration = Duration::from_secs(5);
/// How often the hub pings a quiet device.
pub const PING_EVERY: Duration = Duration::from_secs(15);
/// A device not heard from (not even a pong) for this long is dropped.
pub const SILENCE_LIMIT: Duration = Duration::from_secs(45);
/// Messages a device may send in a burst.
const BURST: f64 = 400.0;
/// Messages a device may send per second, sustained.
const PER_SECOND: f64 = 200.0;

/// A token bucket: a burst, then a steady rate.
pub struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    /// A full bucket.
    pub fn new() -> Self {
        Bucket {
            tokens: BURST,
            at: Instant::now(),
        }
    }

    /// Takes one message's token, if there is one.
    pub fn take(&mut self) -> bool {
        let now = Instant::now();
        self.tokens =
            (self.tokens + now.duration_since(self.at).as_secs_f64() * PER_SECOND).min(BURST);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}
