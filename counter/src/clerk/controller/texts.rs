//! The counter app's words that come from Rust rather than from the `.slint` files (those
//! are translated by gettext): notices, pause reasons, times and dates. Vietnamese and
//! English.

use chrono::NaiveDateTime;
use shared::client::ClientError;
use shared::config::Config;
use shared::engine::Refusal;
use shared::model::FieldCode;

use super::{Language, refusals};

/// Why an action cannot be done now, found before asking the hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    /// The hub cannot be reached.
    Offline,
    /// Connected, but the office's state has not arrived yet.
    Loading,
    /// Another request is waiting for its answer.
    Busy,
    /// The counter is paused, for this reason.
    Paused(String),
    /// The counter has no ticket.
    NoTicket,
    /// This ticket was called and its citizen has not arrived: start, recall or no-show.
    Called(String),
    /// This ticket is already being served.
    Serving(String),
    /// Nobody waits in the counter's fields.
    NoneWaiting,
    /// The clerk must finish this ticket before logging out.
    HasTicket(String),
    /// No ticket with this number waits today.
    NotWaiting(String),
    /// This no-show came back too late to be called again.
    ReturnWindowPassed {
        /// The ticket as shown.
        ticket: String,
        /// When it became a no-show, `09:12`.
        at: String,
        /// The time allowed to come back.
        minutes: u32,
    },
    /// The login needs a clerk and a PIN.
    LoginIncomplete,
    /// No such counter in the office.
    UnknownCounter(u16),
    /// No field chosen at login.
    NoFields,
}

/// Something that went well and is worth a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// The ticket moved to another field.
    Transferred {
        /// The ticket as shown.
        ticket: String,
        /// The field it went to.
        to: FieldCode,
        /// It kept its place in line; false: it went to the back.
        keep_place: bool,
    },
    /// The ticket was marked a no-show by the clerk.
    NoShow(String),
    /// A no-show was put back in its old place in line (a field this counter does not
    /// serve: another counter calls it).
    BroughtBack(String),
    /// The ticket was recalls times unanswered and became a no-show.
    NoShowAfterRecalls(String, u32),
    /// The counter serves other fields now.
    FieldsChanged,
    /// The clerk logged out.
    LoggedOut,
    /// The counter was closed from elsewhere (the manager, or the day ended).
    ClosedElsewhere,
}

/// A line over the desk that goes away by itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// The action could not be done; nothing was sent.
    Blocked(Blocked),
    /// The request failed.
    Failed(ClientError),
    /// Done.
    Done(Done),
}

impl Notice {
    /// `error` for what went wrong, `info` for what went well.
    pub fn kind(&self) -> &'static str {
        match self {
            Notice::Done(_) => "info",
            Notice::Blocked(_) | Notice::Failed(_) => "error",
        }
    }

    /// Whether the notice only restated a state of the link (offline, still loading) that
    /// is over now that the hub is `online` and the office's state `loaded`. The header
    /// and the banners say the link's state; one state, one message.
    pub fn outlived(&self, online: bool, loaded: bool) -> bool {
        match self {
            Notice::Blocked(Blocked::Offline) => online,
            Notice::Blocked(Blocked::Loading) => online && loaded,
            _ => false,
        }
    }

    /// The notice in `lang`.
    pub fn text(&self, office: &Config, lang: Language) -> String {
        match self {
            Notice::Blocked(b) => blocked(office, lang, b),
            Notice::Failed(e) => refusals::client_error(office, lang, e),
            Notice::Done(d) => done(office, lang, d),
        }
    }
}

fn blocked(office: &Config, lang: Language, b: &Blocked) -> String {
    let vi = lang == Language::Vi;
    let refused = |r: Refusal| refusals::refusal(office, lang, &r);
    let counter = shared::model::CounterId(0);
    match b {
        Blocked::Offline if vi => "Chưa kết nối được hệ thống: xin chờ kết nối lại.".into(),
        Blocked::Offline => "Not connected to the office system: please wait for it.".into(),
        Blocked::Loading if vi => "Đang tải dữ liệu của bộ phận…".into(),
        Blocked::Loading => "Loading the office's queue…".into(),
        Blocked::Busy if vi => "Đang chờ hệ thống trả lời…".into(),
        Blocked::Busy => "Waiting for the office system to answer…".into(),
        Blocked::Paused(reason) => refused(Refusal::CounterPaused {
            counter,
            reason: reason.clone(),
        }),
        Blocked::NoTicket => refused(Refusal::CounterIdle { counter }),
        Blocked::Called(ticket) => refused(Refusal::CounterBusy {
            counter,
            ticket: ticket.clone(),
        }),
        Blocked::Serving(ticket) => refused(Refusal::AlreadyServing {
            counter,
            ticket: ticket.clone(),
        }),
        Blocked::NoneWaiting => refused(Refusal::NoneWaiting { counter }),
        Blocked::HasTicket(t) if vi => format!("Hãy kết thúc số {t} trước khi đăng xuất."),
        Blocked::HasTicket(t) => format!("Finish {t} before logging out."),
        Blocked::NotWaiting(t) if vi => format!("Không có số {t} đang chờ."),
        Blocked::NotWaiting(t) => format!("No ticket {t} is waiting."),
        Blocked::ReturnWindowPassed {
            ticket,
            at,
            minutes,
        } if vi => format!(
            "Số {ticket} vắng mặt lúc {at}, đã quá thời gian gọi lại ({minutes} phút): xin mời công dân lấy số mới."
        ),
        Blocked::ReturnWindowPassed {
            ticket,
            at,
            minutes,
        } => format!(
            "{ticket} missed its call at {at}, more than {minutes} minutes ago: please ask the citizen to take a new ticket."
        ),
        Blocked::LoginIncomplete if vi => "Hãy chọn cán bộ và nhập mã PIN.".into(),
        Blocked::LoginIncomplete => "Choose a clerk and type the PIN.".into(),
        Blocked::UnknownCounter(n) => refused(Refusal::UnknownCounter {
            counter: shared::model::CounterId(*n),
        }),
        Blocked::NoFields => refused(Refusal::BadFieldList),
    }
}

fn done(office: &Config, lang: Language, d: &Done) -> String {
    let vi = lang == Language::Vi;
    match d {
        Done::Transferred {
            ticket,
            to,
            keep_place,
        } => {
            let field = refusals::field_name(office, lang, to);
            match (vi, keep_place) {
                (true, true) => {
                    format!(
                        "Đã chuyển số {ticket} sang lĩnh vực {field}, giữ thứ tự theo giờ lấy số."
                    )
                }
                (true, false) => {
                    format!("Đã chuyển số {ticket} sang lĩnh vực {field}, xếp cuối hàng.")
                }
                (false, true) => format!("{ticket} moved to {field}, keeping its place in line."),
                (false, false) => format!("{ticket} moved to {field}, at the back of the line."),
            }
        }
        Done::NoShow(t) if vi => format!("Đã ghi nhận số {t} vắng mặt."),
        Done::NoShow(t) => format!("{t} marked a no-show."),
        Done::BroughtBack(t) if vi => {
            format!(
                "Đã đưa số {t} trở lại hàng chờ, ở vị trí cũ: quầy phục vụ lĩnh vực này sẽ gọi."
            )
        }
        Done::BroughtBack(t) => {
            format!("{t} is back in line, in its old place: a counter serving its field calls it.")
        }
        Done::NoShowAfterRecalls(t, n) if vi => {
            format!("Số {t} đã được gọi lại {n} lần mà không đến: đã ghi nhận vắng mặt.")
        }
        Done::NoShowAfterRecalls(t, n) => {
            format!("{t} did not come after {n} recalls: marked a no-show.")
        }
        Done::FieldsChanged if vi => "Đã đổi lĩnh vực phục vụ.".into(),
        Done::FieldsChanged => "Fields served changed.".into(),
        Done::LoggedOut if vi => "Đã đăng xuất.".into(),
        Done::LoggedOut => "Logged out.".into(),
        Done::ClosedElsewhere if vi => "Quầy đã được đóng từ nơi khác. Xin đăng nhập lại.".into(),
        Done::ClosedElsewhere => "The counter was closed elsewhere. Please log in again.".into(),
    }
}

/// The reasons offered for a pause, in Vietnamese (what the hub stores and the manager
/// reads) and English (what an English screen shows).
pub const PAUSE_REASONS: [(&str, &str); 3] = [
    ("Nghỉ giải lao", "Break"),
    ("Họp", "Meeting"),
    ("Hỗ trợ hồ sơ", "Helping with a dossier"),
];

/// A stored pause reason in `lang`: an offered one is translated, a typed one kept.
pub fn pause_reason(lang: Language, reason: &str) -> String {
    match lang {
        Language::Vi => reason.to_string(),
        Language::En => PAUSE_REASONS
            .iter()
            .find(|(vi, _)| *vi == reason)
            .map_or_else(|| reason.to_string(), |(_, en)| en.to_string()),
    }
}

pub use shared::calendar::clock;

/// `máy đã ngắt kết nối lúc 14:05` or `disconnected at 14:05`: a device with a problem
/// that has gone (its alert clears by itself after a while).
pub fn disconnected_at(lang: Language, t: &NaiveDateTime) -> String {
    shared::calendar::disconnected_at(t, lang == Language::En)
}

/// `Thứ Hai, 23/11/2026` or `Monday, 23/11/2026`.
pub fn date(lang: Language, t: &NaiveDateTime) -> String {
    shared::calendar::date(t, lang == Language::En)
}

/// `04:07` for minutes and seconds; `1:04:07` past an hour. A negative span (clocks of
/// two machines a little apart) shows as zero.
pub fn span(d: chrono::Duration) -> String {
    let secs = d.num_seconds().max(0);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// A device's problem as staff read it on the counter: the words the device sent, without
/// the technical detail some carry after them (an address, an operating system's error
/// such as "Connection refused (os error 111)"), which is in the device's log. The detail
/// is what follows a `: ` and has no Vietnamese in it.
pub fn device_problem(lang: Language, problem: &str) -> String {
    let technical = |part: &str| part.is_ascii();
    let mut parts = problem.split(": ");
    let first = parts.next().unwrap_or_default().trim();
    if first.is_empty() || technical(first) {
        return match lang {
            Language::Vi => "thiết bị báo lỗi, xin kiểm tra thiết bị".into(),
            Language::En => "the device reports a fault; please check it".into(),
        };
    }
    std::iter::once(first)
        .chain(parts.take_while(|p| !technical(p)))
        .collect::<Vec<_>>()
        .join(": ")
}
