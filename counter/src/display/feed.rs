//! The display's copy of the office, and which calls it announces.
//!
//! A call is announced when it arrives live. After a reconnect the hub replays what the
//! display missed: a call in that catch-up is announced only if it was made less than
//! [`FRESH`] before, so a network blip of a few seconds does not lose anyone's call, while
//! a long outage does not recite a backlog of citizens long gone to their counters (those
//! calls still appear in the recent list). A snapshot is never announced.
//!
//! "Before" is measured on the hub's clock, estimated from the last live event and the
//! monotonic time since, so a TV box with a wrong wall clock still announces correctly.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use shared::board::{Announcement, Board, announcement};
use shared::client::{Mirror, Update};

/// How old a call replayed after a reconnect may be and still be announced.
pub const FRESH: Duration = Duration::from_secs(30);
/// Events this soon after the hub welcomes the display back are its catch-up. The hub
/// sends the whole catch-up at once, right after the welcome; live events follow.
pub const CATCH_UP: Duration = Duration::from_secs(2);

/// What one update changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Heard {
    /// The state changed: the board must be drawn again.
    pub changed: bool,
    /// Calls to announce, in order.
    pub announcements: Vec<Announcement>,
    /// The link went up (`Some(true)`) or down (`Some(false)`).
    pub online: Option<bool>,
}

/// The office as the display knows it; see the module doc.
#[derive(Default)]
pub struct Feed {
    mirror: Mirror,
    catch_up_until: Option<Instant>,
    /// The hub's time of the last live event and when it arrived here.
    reference: Option<(DateTime<Utc>, Instant)>,
}

impl Feed {
    /// A display that has heard nothing yet.
    pub fn new() -> Feed {
        Feed::default()
    }

    /// Applies an update that arrived at `now` (`wall`: this machine's clock, used only
    /// when no live event has been heard yet to compare with).
    pub fn apply(&mut self, update: Update, now: Instant, wall: DateTime<Utc>) -> Heard {
        match update {
            Update::Connected(office) => {
                self.mirror.apply(Update::Connected(office));
                self.catch_up_until = Some(now + CATCH_UP);
                Heard {
                    online: Some(true),
                    ..Heard::default()
                }
            }
            Update::Snapshot(state) => {
                // Whatever follows a snapshot is live: the hub sends one or the other.
                self.catch_up_until = None;
                Heard {
                    changed: self.mirror.apply(Update::Snapshot(state)),
                    ..Heard::default()
                }
            }
            Update::Event(event) => {
                let copy = event.as_ref().clone();
                if !self.mirror.apply(Update::Event(event)) {
                    return Heard::default();
                }
                let live = self.is_live(copy.at, now, wall);
                let said = self
                    .mirror
                    .engine()
                    .and_then(|engine| announcement(engine, &copy));
                Heard {
                    changed: true,
                    announcements: said.filter(|_| live).into_iter().collect(),
                    online: None,
                }
            }
            // Only a kiosk is sent the links' key; a display prints nothing.
            Update::LinksKey(_) => Heard::default(),
            // A withdrawn display goes back to pairing (the app's gate sees the update first).
            lost @ (Update::Disconnected(_) | Update::Withdrawn(_)) => {
                self.mirror.apply(lost);
                self.catch_up_until = None;
                Heard {
                    online: Some(false),
                    ..Heard::default()
                }
            }
        }
    }

    /// The board of the office now, once a snapshot has arrived.
    pub fn board(&self) -> Option<Board> {
        self.mirror.engine().map(Board::of)
    }

    /// The office the hub sent with its welcome (without secrets), once it has.
    pub fn office(&self) -> Option<&std::sync::Arc<shared::config::Config>> {
        self.mirror.office()
    }

    /// Whether the link is up.
    pub fn online(&self) -> bool {
        self.mirror.online()
    }

    /// Whether an event made at `at` (hub clock) that arrived at `now` is live news.
    fn is_live(&mut self, at: DateTime<Utc>, now: Instant, wall: DateTime<Utc>) -> bool {
        let catching_up = self.catch_up_until.is_some_and(|until| now < until);
        if !catching_up {
            self.reference = Some((at, now));
            return true;
        }
        let hub_now = self
            .reference
            .and_then(|(then_at, then)| {
                let since = chrono::Duration::from_std(now.saturating_duration_since(then));
                then_at.checked_add_signed(since.ok()?)
            })
            .unwrap_or(wall);
        hub_now.signed_duration_since(at) <= chrono::Duration::from_std(FRESH).unwrap_or_default()
    }
}
