//! Reconnect delays: doubling from 200 ms to 5 s, each jittered so that a room of devices
//! does not reconnect in step after the hub restarts.

use std::time::Duration;

/// Delay before attempt `n` (0-based) of reconnecting.
pub fn delay(attempt: u32) -> Duration {
    let base = 200u64.saturating_mul(1 << attempt.min(5)).min(5_000);
    let jitter = rand::random_range(0.5..1.0);
    Duration::from_millis((base as f64 * jitter) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_then_stay_under_five_seconds() {
        for _ in 0..100 {
            assert!(
                delay(0) >= Duration::from_millis(100) && delay(0) < Duration::from_millis(200)
            );
            assert!(
                delay(3) >= Duration::from_millis(800) && delay(3) < Duration::from_millis(1600)
            );
            assert!(delay(30) < Duration::from_secs(5));
        }
    }
}
