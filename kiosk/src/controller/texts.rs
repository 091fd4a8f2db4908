//! The kiosk's words that come from Rust rather than from the `.slint` files (those are
//! translated by gettext): notices, ticket notes, the date, the estimated wait and the
//! priority classes (shared with the printed ticket). Vietnamese and English.

use std::time::Duration;

use chrono::NaiveDateTime;
use shared::model::{FieldCode, PriorityClass};

use super::Language;

/// Why a ticket could not be had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The kiosk cannot reach the office system.
    Offline,
    /// The field is closed for now.
    Closed,
    /// The field has no number left today.
    Full,
    /// Anything else; staff can help.
    Other,
}

/// A short notice over the home screen; it goes away by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A ticket was just issued; wait this long before pressing again.
    CoolingDown(Duration),
    /// No ticket for this field, for this reason.
    Refused(Failure, FieldCode),
}

/// A note under the number on the confirm screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// The ticket did not print: the citizen must remember the number.
    NotPrinted,
    /// Any other text, already in the right language.
    Text(String),
}

/// The notice in `lang`; `field` is the field's name in that language.
pub fn notice(lang: Language, notice: &Notice, field: &str) -> String {
    match (lang, notice) {
        (Language::Vi, Notice::CoolingDown(left)) => {
            format!("Vừa có số. Xin chờ {} giây rồi bấm lại.", seconds(*left))
        }
        (Language::En, Notice::CoolingDown(left)) => {
            format!(
                "A ticket was just issued. Please wait {} s before pressing again.",
                seconds(*left)
            )
        }
        (Language::Vi, Notice::Refused(failure, _)) => match failure {
            Failure::Offline => {
                "Chưa lấy được số: không kết nối được hệ thống. Xin hỏi nhân viên.".into()
            }
            Failure::Closed => format!("Lĩnh vực {field} đang tạm ngừng nhận hồ sơ."),
            Failure::Full => format!("Lĩnh vực {field} đã hết số hôm nay."),
            Failure::Other => "Chưa lấy được số. Xin thử lại hoặc hỏi nhân viên.".into(),
        },
        (Language::En, Notice::Refused(failure, _)) => match failure {
            Failure::Offline => {
                "No ticket: the office system cannot be reached. Please ask staff.".into()
            }
            Failure::Closed => format!("{field} is not taking tickets at the moment."),
            Failure::Full => format!("{field} has no tickets left today."),
            Failure::Other => "Could not get a ticket. Please try again or ask staff.".into(),
        },
    }
}

/// The note in `lang`.
pub fn note(lang: Language, note: &Note) -> String {
    match (lang, note) {
        (Language::Vi, Note::NotPrinted) => {
            "Máy in đang gặp sự cố, phiếu chưa in được. Xin ghi nhớ số của bạn.".into()
        }
        (Language::En, Note::NotPrinted) => {
            "The printer has a problem and no ticket was printed. Please remember your number."
                .into()
        }
        (_, Note::Text(text)) => text.clone(),
    }
}

/// The estimated wait as the ticket and the phone page say it.
pub fn wait(lang: Language, minutes: Option<u32>) -> String {
    shared::engine::wait::words::sentence(minutes.map(u64::from), lang == Language::En)
}

/// The priority classes in the order the kiosk offers them.
pub const PRIORITY_CLASSES: [PriorityClass; 4] = [
    PriorityClass::Elderly,
    PriorityClass::Disability,
    PriorityClass::Pregnancy,
    PriorityClass::Meritorious,
];

/// A priority class as the kiosk offers it and the ticket prints it (None for regular).
pub fn class_name(lang: Language, class: PriorityClass) -> Option<&'static str> {
    let (vi, en) = match class {
        PriorityClass::Regular => return None,
        PriorityClass::Elderly => ("Người cao tuổi", "Elderly person"),
        PriorityClass::Disability => ("Người khuyết tật", "Person with a disability"),
        PriorityClass::Pregnancy => ("Phụ nữ mang thai", "Pregnant woman"),
        PriorityClass::Meritorious => (
            "Người có công với cách mạng",
            "Person with meritorious services to the revolution",
        ),
    };
    Some(if lang == Language::En { en } else { vi })
}

/// `Ưu tiên: Người cao tuổi`, as the ticket prints it (None for regular).
pub fn class_line(lang: Language, class: PriorityClass) -> Option<String> {
    let label = match lang {
        Language::Vi => "Ưu tiên:",
        Language::En => "Priority:",
    };
    class_name(lang, class).map(|name| format!("{label} {name}"))
}

/// Whole seconds, rounded up so "0 seconds" never shows while presses are still refused.
fn seconds(d: Duration) -> u64 {
    d.as_millis().div_ceil(1000) as u64
}

pub use shared::calendar::clock;

/// `Thứ Hai, 23/11/2026` or `Monday, 23/11/2026`.
pub fn date(lang: Language, t: &NaiveDateTime) -> String {
    shared::calendar::date(t, lang == Language::En)
}
