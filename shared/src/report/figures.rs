//! The figures of a group of tickets: counts, and exact percentiles of waiting and service
//! times (nearest rank over every ticket's own duration, to the millisecond).

use super::facts::{Facts, Outcome};
use super::ratings::Satisfaction;

/// Median, 90th percentile and maximum of some durations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spread {
    /// How many durations.
    pub count: u64,
    /// Median (nearest rank: the ⌈n/2⌉-th smallest), in milliseconds.
    pub median_ms: u32,
    /// 90th percentile (the ⌈0.9·n⌉-th smallest), in milliseconds.
    pub p90_ms: u32,
    /// Longest, in milliseconds.
    pub max_ms: u32,
}

impl Spread {
    /// The spread of `values` (reordered in place), or None when there are none.
    pub fn of(values: &mut [u32]) -> Option<Spread> {
        Some(Spread {
            count: values.len() as u64,
            p90_ms: nearest_rank(values, 90)?,
            median_ms: nearest_rank(values, 50)?,
            max_ms: values.iter().copied().max()?,
        })
    }
}

/// The `percent`-th percentile by nearest rank: the smallest value with at least `percent`
/// per cent of the values at or below it. Reorders `values`; None when empty.
pub fn nearest_rank(values: &mut [u32], percent: u32) -> Option<u32> {
    if values.is_empty() {
        return None;
    }
    let n = values.len();
    let rank = (n * percent as usize).div_ceil(100).clamp(1, n);
    Some(*values.select_nth_unstable(rank - 1).1)
}

/// What a report says about one group of tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Figures {
    /// Tickets issued (each once, however often it was called or moved).
    pub issued: u64,
    /// Tickets served to the end.
    pub served: u64,
    /// Tickets that ended as no-shows.
    pub no_show: u64,
    /// Tickets cancelled.
    pub cancelled: u64,
    /// Tickets still open when their day ended.
    pub expired: u64,
    /// Tickets still open now (today).
    pub open: u64,
    /// Tickets moved to another field at least once.
    pub transferred: u64,
    /// Served tickets whose wait was at most the target.
    pub within_target: u64,
    /// Waiting times of the tickets that were called.
    pub wait: Option<Spread>,
    /// Service times of the served tickets.
    pub service: Option<Spread>,
    /// The citizens' ratings of these tickets.
    pub satisfaction: Satisfaction,
}

impl Figures {
    /// Share of served tickets that waited at most the target (0.0..=1.0).
    pub fn within_target_share(&self) -> Option<f64> {
        (self.served > 0).then(|| self.within_target as f64 / self.served as f64)
    }
}

/// Adds tickets up into [`Figures`].
#[derive(Debug, Clone, Default)]
pub struct Tally {
    figures: Figures,
    waits: Vec<u32>,
    services: Vec<u32>,
}

impl Tally {
    /// Counts one ticket; `target_ms` is the promised wait.
    pub fn add(&mut self, t: &Facts, target_ms: u32) {
        let f = &mut self.figures;
        f.issued += 1;
        f.transferred += u64::from(t.transferred);
        f.satisfaction.add(t.rating);
        match t.outcome {
            Outcome::Served => {
                f.served += 1;
                if t.wait_ms().is_some_and(|w| w <= target_ms) {
                    f.within_target += 1;
                }
            }
            Outcome::NoShow => f.no_show += 1,
            Outcome::Cancelled => f.cancelled += 1,
            Outcome::Expired => f.expired += 1,
            Outcome::Open => f.open += 1,
        }
        if let Some(w) = t.wait_ms() {
            self.waits.push(w);
        }
        if let Some(s) = t.service_ms() {
            self.services.push(s);
        }
    }

    /// Adds another tally's tickets.
    pub fn merge(&mut self, other: Tally) {
        let (a, b) = (&mut self.figures, other.figures);
        a.issued += b.issued;
        a.served += b.served;
        a.no_show += b.no_show;
        a.cancelled += b.cancelled;
        a.expired += b.expired;
        a.open += b.open;
        a.transferred += b.transferred;
        a.within_target += b.within_target;
        a.satisfaction.merge(&b.satisfaction);
        self.waits.extend(other.waits);
        self.services.extend(other.services);
    }

    /// Tickets counted so far.
    pub fn count(&self) -> u64 {
        self.figures.issued
    }

    /// The waiting times counted so far.
    pub fn waits(&self) -> &[u32] {
        &self.waits
    }

    /// The figures, with percentiles computed.
    pub fn finish(mut self) -> Figures {
        self.figures.wait = Spread::of(&mut self.waits);
        self.figures.service = Spread::of(&mut self.services);
        self.figures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_by_hand() {
        let mut v: Vec<u32> = (1..=10).rev().collect();
        assert_eq!(nearest_rank(&mut v, 50), Some(5));
        assert_eq!(nearest_rank(&mut v, 90), Some(9));
        assert_eq!(nearest_rank(&mut v, 100), Some(10));
        assert_eq!(nearest_rank(&mut [7], 90), Some(7));
        assert_eq!(nearest_rank(&mut [], 50), None);
        // Four values: the median is the 2nd, p90 the 4th.
        assert_eq!(
            Spread::of(&mut [19, 5, 18, 15]),
            Some(Spread {
                count: 4,
                median_ms: 15,
                p90_ms: 19,
                max_ms: 19
            })
        );
    }
}
