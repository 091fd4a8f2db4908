//! Every word the wall display shows, once per language, for both faces: the native display
//! takes them from here, and the hub embeds the same table in the web page (its script
//! keeps only the formatting). Weekday names and the date's format are the calendar's.
//!
//! A `{}` in a word is filled with a number; [`Words::fill`] is how Rust does it, and the
//! page's script does the same.

use serde::Serialize;

use crate::calendar;

/// The display's words in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Words {
    /// `vi` or `en`.
    pub lang: &'static str,
    /// The window's title.
    pub title: &'static str,
    /// Over a number just called.
    pub calling: &'static str,
    /// Over a number called again.
    pub recalling: &'static str,
    /// Over the latest number once its call is no longer lit.
    pub last: &'static str,
    /// Instead of a number before the first call of the day.
    pub none: &'static str,
    /// A counter's name: `Quầy {}`.
    pub counter: &'static str,
    /// Under the big number: where to go.
    pub to_counter: &'static str,
    /// A recent call's counter.
    pub recent_counter: &'static str,
    /// The recent calls' heading.
    pub recent: &'static str,
    /// The waiting list's heading.
    pub waiting: &'static str,
    /// One person waiting.
    pub person: &'static str,
    /// Several people (or none) waiting.
    pub people: &'static str,
    /// A field that takes no more tickets today and has nobody waiting.
    pub stopped: &'static str,
    /// A counter with no clerk.
    pub closed: &'static str,
    /// A counter on a break.
    pub paused: &'static str,
    /// An open counter serving nobody.
    pub free: &'static str,
    /// A recent call whose citizen did not come.
    pub missed: &'static str,
    /// A recent call whose ticket was cancelled.
    pub cancelled: &'static str,
    /// The banner before the display first reaches the office system.
    pub connecting: &'static str,
    /// The banner when the link dropped.
    pub offline: &'static str,
    /// The banner when the link dropped after an update at `{}` (`14:05`).
    pub offline_since: &'static str,
    /// A browser that may not play sound before a touch.
    pub sound: &'static str,
    /// Weekdays, Sunday first ([`calendar::weekdays`]).
    pub weekdays: [&'static str; 7],
    /// The date's format ([`calendar::DATE_FORMAT`]).
    pub date: &'static str,
}

/// Vietnamese, the default.
const VI: Words = Words {
    lang: "vi",
    title: "Màn hình gọi số",
    calling: "Mời khách hàng số",
    recalling: "Mời lại khách hàng số",
    last: "Số vừa gọi",
    none: "Chưa gọi số nào",
    counter: "Quầy {}",
    to_counter: "đến Quầy {}",
    recent_counter: "→ Quầy {}",
    recent: "Vừa gọi",
    waiting: "Đang chờ",
    person: "{} người",
    people: "{} người",
    stopped: "Ngừng nhận",
    closed: "Đóng",
    paused: "Tạm dừng",
    free: "—",
    missed: "Vắng mặt",
    cancelled: "Đã hủy",
    connecting: "Đang kết nối tới hệ thống…",
    offline: "Mất kết nối — đang kết nối lại…",
    offline_since: "Mất kết nối — đang kết nối lại… Cập nhật lần cuối lúc {}",
    sound: "Chạm vào màn hình để bật âm thanh",
    weekdays: [""; 7],
    date: calendar::DATE_FORMAT,
};

/// English.
const EN: Words = Words {
    lang: "en",
    title: "Queue display",
    calling: "Now calling",
    recalling: "Calling again",
    last: "Last called",
    none: "No number called yet",
    counter: "Counter {}",
    to_counter: "to Counter {}",
    recent_counter: "→ Counter {}",
    recent: "Recent calls",
    waiting: "Waiting",
    person: "{} person",
    people: "{} people",
    stopped: "No more tickets",
    closed: "Closed",
    paused: "Paused",
    free: "—",
    missed: "Missed",
    cancelled: "Cancelled",
    connecting: "Connecting to the office system…",
    offline: "Connection lost — reconnecting…",
    offline_since: "Connection lost — reconnecting… Last update at {}",
    sound: "Touch the screen to turn the sound on",
    weekdays: [""; 7],
    date: calendar::DATE_FORMAT,
};

impl Words {
    /// The words in English, or else Vietnamese.
    pub fn of(english: bool) -> Words {
        let words = if english { EN } else { VI };
        Words {
            weekdays: calendar::weekdays(english),
            ..words
        }
    }

    /// `word` with its `{}` filled by `value`.
    pub fn fill(word: &str, value: impl std::fmt::Display) -> String {
        word.replacen("{}", &value.to_string(), 1)
    }

    /// A counter's name: `Quầy 3`.
    pub fn counter(&self, n: u16) -> String {
        Words::fill(self.counter, n)
    }

    /// How many wait in a field: `4 người`; `Ngừng nhận` when it takes no more tickets
    /// today and nobody is left waiting.
    pub fn waiting_count(&self, open: bool, waiting: u32) -> String {
        match (open, waiting) {
            (false, 0) => self.stopped.to_string(),
            (_, 1) => Words::fill(self.person, 1),
            (_, n) => Words::fill(self.people, n),
        }
    }

    /// The table as JSON for a web page's `<script type="application/json">`: a `<` never
    /// appears raw, so no word can close the script element.
    pub fn json(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_default()
            .replace('<', "\\u003c")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_counters_read_naturally() {
        let (vi, en) = (Words::of(false), Words::of(true));
        assert_eq!(vi.counter(3), "Quầy 3");
        assert_eq!(vi.waiting_count(true, 1), "1 người");
        assert_eq!(vi.waiting_count(false, 0), "Ngừng nhận");
        assert_eq!(vi.waiting_count(false, 2), "2 người");
        assert_eq!(en.waiting_count(true, 1), "1 person");
        assert_eq!(en.waiting_count(true, 0), "0 people");
        assert_eq!(vi.weekdays[0], "Chủ Nhật");
        assert!(!vi.json().contains('<'));
    }
}
