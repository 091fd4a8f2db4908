//! Citizens' satisfaction: the four faces of the rating tablet and the ticket page, counted.
//!
//! Each rating is a row of the `ratings` table (one per served ticket) whose `score` is
//! `dissatisfied`, `neutral`, `satisfied` or `very_satisfied`, worth 1 to 4 points. It is
//! read with its ticket ([`super::facts`]), so it is counted in the same groups as the
//! ticket itself. A database without the table reports that there are no ratings yet.

/// How many ratings of each face: index 0 is 1 point (dissatisfied) … index 3 is 4 points
/// (very satisfied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Satisfaction {
    /// Ratings per face.
    pub counts: [u64; 4],
}

impl Satisfaction {
    /// Counts a rating of `points` (1 to 4; anything else is no rating).
    pub fn add(&mut self, points: u8) {
        if (1..=4).contains(&points) {
            self.counts[usize::from(points - 1)] += 1;
        }
    }

    /// Adds other counts.
    pub fn merge(&mut self, other: &Satisfaction) {
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
    }

    /// Ratings given.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Mean points, from 1.0 to 4.0; None without ratings.
    pub fn score(&self) -> Option<f64> {
        let total = self.total();
        let sum: u64 = self
            .counts
            .iter()
            .zip(1u64..)
            .map(|(n, points)| n * points)
            .sum();
        (total > 0).then(|| sum as f64 / total as f64)
    }

    /// Share of ratings on the two happy faces (satisfied, very satisfied), 0.0..=1.0.
    pub fn satisfied_share(&self) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| (self.counts[2] + self.counts[3]) as f64 / total as f64)
    }
}

/// Points of a stored score.
pub fn points(score: &str) -> Option<u8> {
    match score {
        "dissatisfied" => Some(1),
        "neutral" => Some(2),
        "satisfied" => Some(3),
        "very_satisfied" => Some(4),
        _ => None,
    }
}
