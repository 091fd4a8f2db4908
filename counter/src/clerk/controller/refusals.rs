//! Why the hub said no, in the clerk's words: every engine refusal and client error, in
//! Vietnamese and English, with fields and clerks by name rather than by code.

use shared::client::ClientError;
use shared::config::Config;
use shared::engine::Refusal;
use shared::model::{ClerkId, FieldCode, TicketState};
use shared::protocol::ErrorCode;

use super::Language;

/// A field's name in `lang`, or its code when the office does not know it.
pub fn field_name(office: &Config, lang: Language, code: &FieldCode) -> String {
    office.field(code).map_or_else(
        || code.to_string(),
        |f| match lang {
            Language::Vi => f.name.clone(),
            Language::En => f.name_en.clone(),
        },
    )
}

/// A clerk's full name, or the login when the office does not know it.
pub fn clerk_name(office: &Config, clerk: &ClerkId) -> String {
    office
        .clerk(clerk)
        .map_or_else(|| clerk.to_string(), |c| c.name.clone())
}

fn state_words(lang: Language, state: TicketState) -> &'static str {
    match (lang, state) {
        (Language::Vi, TicketState::Waiting) => "đang chờ",
        (Language::Vi, TicketState::Called) => "đã được gọi",
        (Language::Vi, TicketState::Serving) => "đang được phục vụ",
        (Language::Vi, TicketState::Done) => "đã xong",
        (Language::Vi, TicketState::NoShow) => "đã vắng mặt",
        (Language::Vi, TicketState::Cancelled) => "đã bị hủy",
        (Language::Vi, TicketState::Expired) => "đã hết hạn",
        (Language::En, TicketState::Waiting) => "waiting",
        (Language::En, TicketState::Called) => "already called",
        (Language::En, TicketState::Serving) => "being served",
        (Language::En, TicketState::Done) => "done",
        (Language::En, TicketState::NoShow) => "a no-show",
        (Language::En, TicketState::Cancelled) => "cancelled",
        (Language::En, TicketState::Expired) => "expired",
    }
}

/// The engine's refusal for the clerk.
pub fn refusal(office: &Config, lang: Language, r: &Refusal) -> String {
    let field = |code: &FieldCode| field_name(office, lang, code);
    let vi = lang == Language::Vi;
    match r {
        Refusal::UnknownField { field: f } if vi => format!("Không có lĩnh vực {f}."),
        Refusal::UnknownField { field: f } => format!("There is no field {f}."),
        Refusal::FieldClosed { field: f } if vi => {
            format!("Lĩnh vực {} đang tạm ngừng.", field(f))
        }
        Refusal::FieldClosed { field: f } => format!("{} is closed for now.", field(f)),
        Refusal::FieldAlreadyOpen { field: f } if vi => format!("Lĩnh vực {} đã mở.", field(f)),
        Refusal::FieldAlreadyOpen { field: f } => format!("{} is already open.", field(f)),
        Refusal::RangeExhausted { field: f } if vi => {
            format!("Lĩnh vực {} đã hết số hôm nay.", field(f))
        }
        Refusal::RangeExhausted { field: f } => format!("{} has no numbers left today.", field(f)),
        Refusal::DailyLimitReached { field: f, limit } if vi => {
            format!("Lĩnh vực {} đã cấp đủ {limit} số hôm nay.", field(f))
        }
        Refusal::DailyLimitReached { field: f, limit } => {
            format!("{} has issued its {limit} tickets for today.", field(f))
        }
        Refusal::UnknownCounter { counter } if vi => {
            format!("Quầy {counter} không có trong cấu hình của bộ phận.")
        }
        Refusal::UnknownCounter { counter } => {
            format!("Counter {counter} is not in the office's configuration.")
        }
        Refusal::CounterClosed { counter } if vi => {
            format!("Quầy {counter} chưa có cán bộ đăng nhập.")
        }
        Refusal::CounterClosed { counter } => {
            format!("No clerk is logged in at counter {counter}.")
        }
        Refusal::CounterAlreadyOpen { counter, clerk } if vi => format!(
            "Quầy {counter} đang mở cho {}. Cán bộ đó cần đăng xuất trước.",
            clerk_name(office, clerk)
        ),
        Refusal::CounterAlreadyOpen { counter, clerk } => format!(
            "Counter {counter} is open for {}, who must log out first.",
            clerk_name(office, clerk)
        ),
        Refusal::CounterPaused { reason, .. } if vi => {
            format!("Quầy đang tạm dừng ({reason}). Bấm F8 để tiếp tục.")
        }
        Refusal::CounterPaused { reason, .. } => format!(
            "The counter is paused ({}). Press F8 to resume.",
            super::texts::pause_reason(lang, reason)
        ),
        Refusal::CounterNotPaused { .. } if vi => "Quầy không tạm dừng.".into(),
        Refusal::CounterNotPaused { .. } => "The counter is not paused.".into(),
        Refusal::CounterBusy { ticket, .. } if vi => format!(
            "Số {ticket} đã được gọi: hãy bắt đầu phục vụ, gọi lại hoặc báo vắng mặt trước."
        ),
        Refusal::CounterBusy { ticket, .. } => {
            format!("{ticket} has been called: start, recall or mark it a no-show first.")
        }
        Refusal::CounterIdle { .. } if vi => "Quầy chưa có số nào.".into(),
        Refusal::CounterIdle { .. } => "There is no ticket at the counter.".into(),
        Refusal::AlreadyServing { ticket, .. } if vi => {
            format!("Số {ticket} đang được phục vụ.")
        }
        Refusal::AlreadyServing { ticket, .. } => format!("{ticket} is already being served."),
        Refusal::NoneWaiting { .. } if vi => "Không có ai đang chờ ở các lĩnh vực của quầy.".into(),
        Refusal::NoneWaiting { .. } => "Nobody is waiting in this counter's fields.".into(),
        Refusal::FieldNotServed { field: f, .. } if vi => {
            format!("Quầy không phục vụ lĩnh vực {}.", field(f))
        }
        Refusal::FieldNotServed { field: f, .. } => {
            format!("This counter does not serve {}.", field(f))
        }
        Refusal::BadFieldList if vi => "Hãy chọn ít nhất một lĩnh vực.".into(),
        Refusal::BadFieldList => "Choose at least one field.".into(),
        Refusal::UnknownClerk { clerk } if vi => format!("Không có cán bộ “{clerk}”."),
        Refusal::UnknownClerk { clerk } => format!("There is no clerk “{clerk}”."),
        Refusal::ClerkElsewhere { clerk, counter } if vi => format!(
            "{} đang đăng nhập ở quầy {counter}.",
            clerk_name(office, clerk)
        ),
        Refusal::ClerkElsewhere { clerk, counter } => format!(
            "{} is logged in at counter {counter}.",
            clerk_name(office, clerk)
        ),
        Refusal::UnknownTicket { .. } if vi => "Không có số này hôm nay.".into(),
        Refusal::UnknownTicket { .. } => "There is no such ticket today.".into(),
        Refusal::WrongTicketState { ticket, state, .. } if vi => format!(
            "Số {ticket} {}, không thực hiện được.",
            state_words(lang, *state)
        ),
        Refusal::WrongTicketState { ticket, state, .. } => format!(
            "{ticket} is {}; that cannot be done now.",
            state_words(lang, *state)
        ),
        Refusal::ReturnWindowPassed { ticket, minutes } if vi => format!(
            "Số {ticket} vắng mặt đã quá thời gian gọi lại ({minutes} phút): xin mời công dân lấy số mới."
        ),
        Refusal::ReturnWindowPassed { ticket, minutes } => format!(
            "{ticket} missed its call more than {minutes} minutes ago: please ask the citizen to take a new ticket."
        ),
        Refusal::SameField { ticket, field: f } if vi => {
            format!("Số {ticket} đã ở lĩnh vực {}.", field(f))
        }
        Refusal::SameField { ticket, field: f } => format!("{ticket} is already in {}.", field(f)),
        Refusal::BadReason if vi => "Lý do tạm dừng cần từ 1 đến 200 ký tự.".into(),
        Refusal::BadReason => "A pause reason needs 1 to 200 characters.".into(),
        Refusal::KeyReused { .. } if vi => "Yêu cầu bị trùng, xin thử lại.".into(),
        Refusal::KeyReused { .. } => "Duplicate request; please try again.".into(),
        Refusal::BadReport if vi => "Báo cáo thiết bị không hợp lệ.".into(),
        Refusal::BadReport => "The device report is not valid.".into(),
        Refusal::NotServed { ticket } if vi => format!("Số {ticket} chưa được phục vụ xong."),
        Refusal::NotServed { ticket } => format!("{ticket} has not been served yet."),
        Refusal::AlreadyRated { ticket } if vi => format!("Số {ticket} đã được đánh giá."),
        Refusal::AlreadyRated { ticket } => format!("{ticket} has already been rated."),
        Refusal::RatingClosed { ticket, minutes } if vi => {
            format!("Đã quá {minutes} phút sau khi phục vụ số {ticket}.")
        }
        Refusal::RatingClosed { ticket, minutes } => {
            format!("More than {minutes} minutes have passed since {ticket} was served.")
        }
        Refusal::WrongCounter { ticket, counter } if vi => {
            format!("Số {ticket} không được phục vụ tại quầy {counter}.")
        }
        Refusal::WrongCounter { ticket, counter } => {
            format!("{ticket} was not served at counter {counter}.")
        }
        Refusal::BadRatingReason if vi => "Lý do đánh giá tối đa 300 ký tự.".into(),
        Refusal::BadRatingReason => "A rating reason has at most 300 characters.".into(),
    }
}

/// A failed request for the clerk.
pub fn client_error(office: &Config, lang: Language, e: &ClientError) -> String {
    let vi = lang == Language::Vi;
    match e {
        ClientError::Refused(r) => refusal(office, lang, r),
        ClientError::Offline | ClientError::Stopped if vi => {
            "Lệnh chưa được gửi vì mất kết nối với hệ thống: xin làm lại khi đã kết nối.".into()
        }
        ClientError::Offline | ClientError::Stopped => {
            "Nothing was sent: the link to the office system was down. Try again once connected."
                .into()
        }
        ClientError::SignInLocked { retry_after } => {
            shared::hub::sign_in::locked_text(!vi, retry_after.as_secs())
        }
        ClientError::ConnectionLost if vi => {
            "Kết nối bị gián đoạn trước khi hệ thống trả lời: màn hình cho biết lệnh đã thực hiện hay chưa."
                .into()
        }
        ClientError::ConnectionLost => {
            "The link dropped before the answer: the screen shows whether it was done.".into()
        }
        ClientError::Rejected { code, .. } => match (code, vi) {
            (ErrorCode::WrongPin, true) => "Sai mã PIN.".into(),
            (ErrorCode::WrongPin, false) => "Wrong PIN.".into(),
            (ErrorCode::RateLimited, true) => "Thao tác quá nhanh, xin chờ một chút.".into(),
            (ErrorCode::RateLimited, false) => "Too fast; please wait a moment.".into(),
            (ErrorCode::Unavailable, true) => {
                "Hệ thống tạm thời không lưu được, xin thử lại.".into()
            }
            (ErrorCode::Unavailable, false) => {
                "The office system cannot save right now; please try again.".into()
            }
            // What the hub said is technical (and English): it is in the log, where the
            // desk writes every failed request; the clerk reads what to do.
            (ErrorCode::Unauthorized | ErrorCode::BadHello | ErrorCode::ProtocolVersion, true) => {
                "Quầy này chưa được phép kết nối với hệ thống: xin báo người quản lý.".into()
            }
            (ErrorCode::Unauthorized | ErrorCode::BadHello | ErrorCode::ProtocolVersion, false) => {
                "This counter may not connect to the office system: please tell the office manager."
                    .into()
            }
            (ErrorCode::Forbidden, true) => {
                "Quầy này không được làm việc đó; nếu cần, xin báo người quản lý.".into()
            }
            (ErrorCode::Forbidden, false) => {
                "This counter may not do that; tell the office manager if it is needed.".into()
            }
            (_, true) => {
                "Hệ thống không nhận yêu cầu này: xin thử lại; nếu vẫn không được, báo người quản lý."
                    .into()
            }
            (_, false) => {
                "The office system did not take this request: try again, and tell the office manager if it keeps failing."
                    .into()
            }
        },
    }
}
