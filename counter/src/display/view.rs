//! What the screen shows, as plain data mirroring the Slint `DisplayAdapter` property by
//! property, so the app copies it across in one place.

use shared::board::{Outcome, Words};
use shared::model::CounterId;

use super::controller::{DisplayController, LinkState};
use super::texts::{self, Language};

/// The big panel: the call lit now, or else the latest call.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallView {
    /// `A023`; empty before the first call of the day.
    pub number: String,
    /// `đến Quầy 3`.
    pub counter: String,
    /// Lit: just called (or called again).
    pub lit: bool,
    /// The lit call is a recall.
    pub recall: bool,
}

/// One counter in the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterView {
    /// `Quầy 3`.
    pub label: String,
    /// The number called or served there; empty for none.
    pub number: String,
    /// `open`, `paused` or `closed`.
    pub state: &'static str,
    /// Its call is the lit one.
    pub lit: bool,
}

/// One line of the recent calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentView {
    /// `A023`.
    pub number: String,
    /// `→ Quầy 3`.
    pub counter: String,
    /// It is the lit call.
    pub lit: bool,
    /// What became of it when it did not stand: `missed`, `cancelled`; empty otherwise.
    pub mark: &'static str,
}

/// How many wait in one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingView {
    /// The field's name in the shown language.
    pub name: String,
    /// Tickets waiting.
    pub waiting: i32,
    /// `4 người`, or `Ngừng nhận` for a field closed with nobody left.
    pub count: String,
    /// Taking tickets today.
    pub open: bool,
}

/// Every adapter property (see `ui/display/adapter.slint`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DisplayView {
    /// Office name in the shown language.
    pub office: String,
    /// `14:05`; empty before the first tick.
    pub clock: String,
    /// `Thứ Hai, 23/11/2026`; empty before the first tick.
    pub date: String,
    /// The scrolling notice; empty for none.
    pub notice: String,
    /// The big panel.
    pub call: CallView,
    /// Every counter, in number order.
    pub counters: Vec<CounterView>,
    /// Recent calls, newest first, one line per ticket.
    pub recent: Vec<RecentView>,
    /// Waiting per field, in the office's order.
    pub waiting: Vec<WaitingView>,
    /// `online`, `connecting` or `offline`.
    pub link: &'static str,
    /// What the banner says when not online; empty when online.
    pub link_message: String,
    /// `vi` or `en`.
    pub language: &'static str,
}

fn count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl DisplayController {
    /// What the screen shows now.
    pub fn view(&self) -> DisplayView {
        let lang = self.settings.language;
        let pick = |vi: &str, en: &str| match lang {
            Language::Vi => vi.to_string(),
            Language::En => en.to_string(),
        };
        let board = self.board.as_ref();
        let words = lang.words();
        let label = |c: CounterId| words.counter(c.0);
        let to = |c: CounterId| Words::fill(words.to_counter, c.0);
        let lit = self.lit();
        let call = match (lit, board.and_then(|b| b.panel.as_ref())) {
            (Some(l), _) => CallView {
                number: l.display.clone(),
                counter: to(l.counter),
                lit: true,
                recall: l.recall > 0,
            },
            (None, Some(c)) => CallView {
                number: c.display.clone(),
                counter: to(c.counter),
                lit: false,
                recall: false,
            },
            (None, None) => CallView::default(),
        };
        let counters = board
            .map(|b| {
                b.counters
                    .iter()
                    .map(|c| CounterView {
                        label: label(c.counter),
                        number: c.current.clone().unwrap_or_default(),
                        state: match (c.open, c.paused) {
                            (false, _) => "closed",
                            (true, true) => "paused",
                            (true, false) => "open",
                        },
                        lit: lit.is_some_and(|l| l.counter == c.counter),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let recent = board
            .map(|b| {
                b.recent
                    .iter()
                    .map(|c| RecentView {
                        number: c.display.clone(),
                        counter: Words::fill(words.recent_counter, c.counter.0),
                        lit: lit.is_some_and(|l| l.ticket == c.ticket),
                        mark: match c.outcome {
                            Outcome::Missed => "missed",
                            Outcome::Cancelled => "cancelled",
                            Outcome::Calling | Outcome::Came => "",
                        },
                    })
                    .collect()
            })
            .unwrap_or_default();
        let waiting = board
            .map(|b| {
                b.waiting
                    .iter()
                    .map(|f| WaitingView {
                        name: pick(&f.name, &f.name_en),
                        waiting: count(f.waiting),
                        count: words.waiting_count(f.open, f.waiting),
                        open: f.open,
                    })
                    .collect()
            })
            .unwrap_or_default();
        // An office may leave the English notice out; English displays then show the
        // Vietnamese one rather than nothing.
        let notice_in = |vi: &str, en: &str| match lang {
            Language::En if !en.is_empty() => en.to_string(),
            _ => vi.to_string(),
        };
        let (office, notice) = match board {
            Some(b) => (
                pick(&b.office, &b.office_en),
                notice_in(&b.notice, &b.notice_en),
            ),
            None => (
                pick(&self.office.name, &self.office.name_en),
                notice_in(&self.office.display.notice, &self.office.display.notice_en),
            ),
        };
        let wall = self.wall.as_ref().map(|w| self.local(w));
        let last = self.last_update.as_ref().map(|w| self.local(w));
        DisplayView {
            office,
            clock: wall.as_ref().map(texts::clock).unwrap_or_default(),
            date: wall
                .as_ref()
                .map(|t| texts::date(lang, t))
                .unwrap_or_default(),
            notice,
            call,
            counters,
            recent,
            waiting,
            link: match self.link {
                LinkState::Online => "online",
                LinkState::Connecting => "connecting",
                LinkState::Offline => "offline",
            },
            link_message: match self.link {
                LinkState::Online => String::new(),
                LinkState::Connecting => texts::connecting(lang),
                LinkState::Offline => texts::offline(lang, last.as_ref()),
            },
            language: lang.code(),
        }
    }
}
