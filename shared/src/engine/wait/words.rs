//! The estimated wait in words, once per language: the ticket prints it, the kiosk shows
//! it on each field and on the issued number, and the phone page shows it (the hub sends
//! it there in both languages), so a citizen reads the same sentence on each.

use serde::Serialize;

use crate::calendar;

/// The sentence for an estimate of `minutes` (None: no open counter serves the field).
pub fn sentence(minutes: Option<u64>, english: bool) -> String {
    match (minutes, english) {
        (None, false) => "Chưa có quầy mở".into(),
        (None, true) => "No counter open yet".into(),
        (Some(0), false) => "Chờ dưới 1 phút".into(),
        (Some(0), true) => "Wait under 1 min".into(),
        (Some(m), false) => format!("Chờ khoảng {}", calendar::minutes(m, false)),
        (Some(m), true) => format!("Wait about {}", calendar::minutes(m, true)),
    }
}

/// The sentence in both languages, for a page that shows either.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InBoth {
    /// Vietnamese.
    pub vi: String,
    /// English.
    pub en: String,
}

/// [`sentence`] in both languages.
pub fn both(minutes: Option<u64>) -> InBoth {
    InBoth {
        vi: sentence(minutes, false),
        en: sentence(minutes, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_waits_read_in_hours_and_no_counter_says_so() {
        assert_eq!(sentence(Some(140), false), "Chờ khoảng 2 giờ 20 phút");
        assert_eq!(sentence(Some(12), true), "Wait about 12 min");
        assert_eq!(sentence(None, false), "Chưa có quầy mở");
    }
}
