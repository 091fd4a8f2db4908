//! Latency percentiles and the call-to-display join.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use shared::model::TicketId;

/// Percentiles of a set of latencies.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    /// How many.
    pub n: usize,
    /// Median.
    pub p50: Duration,
    /// 90th percentile.
    pub p90: Duration,
    /// 99th percentile.
    pub p99: Duration,
    /// Largest.
    pub max: Duration,
}

impl Summary {
    /// Nearest-rank percentiles (all zero for an empty set).
    pub fn of(mut samples: Vec<Duration>) -> Summary {
        if samples.is_empty() {
            return Summary::default();
        }
        samples.sort_unstable();
        let at = |p: f64| {
            samples[((p * samples.len() as f64).ceil() as usize).clamp(1, samples.len()) - 1]
        };
        Summary {
            n: samples.len(),
            p50: at(0.50),
            p90: at(0.90),
            p99: at(0.99),
            max: at(1.0),
        }
    }
}

/// Milliseconds with a fraction.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// For every call (ticket, when its `call_next` was sent) and every display's receipts
/// (ticket, when its `ticket_called` event reached the display): the delays of the pairs that
/// met, and how many pairs never did.
pub fn call_to_display(
    calls: &[(TicketId, Instant)],
    displays: &[Vec<(TicketId, Instant)>],
) -> (Vec<Duration>, usize) {
    let sent: HashMap<TicketId, Instant> = calls.iter().copied().collect();
    let mut delays = Vec::with_capacity(calls.len() * displays.len());
    for receipts in displays {
        delays.extend(
            receipts
                .iter()
                .filter_map(|(t, at)| sent.get(t).map(|s| at.saturating_duration_since(*s))),
        );
    }
    let missing = (calls.len() * displays.len()).saturating_sub(delays.len());
    (delays, missing)
}
