//! The wall display's behaviour, without a window: which call is lit, for how long, and
//! what the rest of the screen says.
//!
//! A call (or a recall) lights the big panel for `display.highlight_seconds`. Calls that
//! arrive together are lit one after another in the order they were made, each for the
//! full time, or for [`KEEP_PACE`] when another is waiting, so the screen keeps in step
//! with the voice (one announcement lasts about six seconds) and none flashes past unseen.
//! A waiting call whose citizen has already reached the counter is skipped, so a burst
//! faster than the voice does not leave the panel minutes behind the room. When nothing
//! is lit the panel shows the latest call, unlit. Every method that depends on time takes it, so tests run minutes
//! in microseconds; the app copies [`DisplayController::view`] into Slint in one place.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDateTime, Utc};
use shared::board::{Announcement, Board};
use shared::config::Config;

use super::texts::Language;

/// How long a lit call stays lit when another call is waiting: about one announcement.
pub const KEEP_PACE: Duration = Duration::from_secs(6);

/// How the display behaves, from the office file and the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// How long a call stays lit.
    pub highlight: Duration,
    /// The language of the screen.
    pub language: Language,
}

impl Settings {
    /// The office's settings, in `language`.
    pub fn of(office: &Config, language: Language) -> Settings {
        Settings {
            highlight: Duration::from_secs(u64::from(office.display.highlight_seconds)),
            language,
        }
    }
}

/// The state of the link to the hub, as the screen tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// Not connected yet since the display started.
    Connecting,
    /// Connected.
    Online,
    /// Was connected; the link dropped and the client is reconnecting.
    Offline,
}

/// The call in the big panel and until when it stays lit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Lit {
    pub(super) call: Announcement,
    pub(super) since: Instant,
    pub(super) until: Instant,
}

/// The display's state; see the module doc.
#[derive(Debug, Clone)]
pub struct DisplayController {
    pub(super) office: Arc<Config>,
    pub(super) settings: Settings,
    pub(super) board: Option<Board>,
    pub(super) lit: Option<Lit>,
    pub(super) queue: VecDeque<Announcement>,
    last_seq: u64,
    pub(super) link: LinkState,
    pub(super) last_update: Option<DateTime<Utc>>,
    pub(super) wall: Option<DateTime<Utc>>,
}

impl DisplayController {
    /// A display of `office` (the local office file: its names until the hub's arrive, and
    /// its time zone), connecting, with no calls yet.
    pub fn new(office: Arc<Config>, settings: Settings) -> Self {
        DisplayController {
            office,
            settings,
            board: None,
            lit: None,
            queue: VecDeque::new(),
            last_seq: 0,
            link: LinkState::Connecting,
            last_update: None,
            wall: None,
        }
    }

    /// The office as the hub last told it. A lit call the clerk has withdrawn (a no-show,
    /// a cancel, a transfer) goes dark at once: the next one is lit on the next tick.
    pub fn set_board(&mut self, board: Board) {
        if self.lit.as_ref().is_some_and(|l| board.withdrawn(&l.call)) {
            self.lit = None;
        }
        self.board = Some(board);
    }

    /// A call to light: at once if nothing is lit, else after those before it. A call
    /// already announced (same event) is ignored.
    pub fn announce(&mut self, call: Announcement, now: Instant) {
        if call.seq <= self.last_seq {
            return;
        }
        self.last_seq = call.seq;
        self.queue.push_back(call);
        self.advance(now);
    }

    /// Whether the hub is reachable (the client reconnects by itself), learnt at `wall`.
    /// The board was current until the link dropped: the banner tells since when.
    pub fn set_online(&mut self, online: bool, wall: DateTime<Utc>) {
        self.link = match (online, self.link) {
            (true, _) => LinkState::Online,
            (false, LinkState::Connecting) => LinkState::Connecting,
            (false, LinkState::Online) => {
                self.last_update = Some(wall);
                LinkState::Offline
            }
            (false, LinkState::Offline) => LinkState::Offline,
        };
    }

    /// The passing of time: the clock, and the lit call giving way to the next.
    pub fn tick(&mut self, now: Instant, wall: DateTime<Utc>) {
        self.wall = Some(wall);
        self.advance(now);
    }

    /// The call lit now, if any.
    pub fn lit(&self) -> Option<&Announcement> {
        self.lit.as_ref().map(|l| &l.call)
    }

    /// Calls waiting for their turn to be lit.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// The state of the link as shown.
    pub fn link(&self) -> LinkState {
        self.link
    }

    /// Lights the next queued call once the lit one has had its time. Each starts from
    /// `now`, not from when the last one should have ended, so a late tick never cuts one.
    fn advance(&mut self, now: Instant) {
        // In a burst, a call whose citizen has already reached the counter is not lit.
        if let Some(board) = &self.board {
            self.queue.retain(|call| {
                let due = board.still_called(call);
                if !due {
                    tracing::info!(number = %call.display, "not lit: the citizen is already at the counter");
                }
                due
            });
        }
        let pace = self.settings.highlight.min(KEEP_PACE);
        let waiting = !self.queue.is_empty();
        if self
            .lit
            .as_ref()
            .is_some_and(|l| now < l.until && !(waiting && now >= l.since + pace))
        {
            return;
        }
        self.lit = self.queue.pop_front().map(|call| Lit {
            call,
            since: now,
            until: now + self.settings.highlight,
        });
    }

    /// `utc` on the office's wall clock.
    pub(super) fn local(&self, utc: &DateTime<Utc>) -> NaiveDateTime {
        utc.with_timezone(&self.office.time_zone).naive_local()
    }
}
