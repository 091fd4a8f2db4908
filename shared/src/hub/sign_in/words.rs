//! What a person reads when a sign-in is refused before its PIN is looked at, in English or
//! Vietnamese: the one sentence of each for the counters and the manager's pages.

use crate::config::pin::MANAGER_DIGITS;

/// `seconds` as `m:ss`.
fn minutes(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The clerk's sign-in is locked for `seconds` more after repeated wrong PINs.
pub fn locked_text(english: bool, seconds: u64) -> String {
    let left = minutes(seconds);
    if english {
        format!(
            "Sign-in locked after repeated wrong PINs — try again in {left}, or ask the office manager to unlock it."
        )
    } else {
        format!(
            "Tạm khoá đăng nhập vì nhập sai mã PIN nhiều lần — thử lại sau {left}, hoặc nhờ người quản lý mở khoá."
        )
    }
}

/// This device tried to sign in too often; the next try in `seconds`.
pub fn too_many_text(english: bool, seconds: u64) -> String {
    let left = minutes(seconds);
    if english {
        format!("Too many sign-in attempts from this device — try again in {left}.")
    } else {
        format!("Máy này đã thử đăng nhập quá nhiều lần — thử lại sau {left}.")
    }
}

/// The hub has too many sign-ins waiting to be checked.
pub fn busy_text(english: bool) -> &'static str {
    if english {
        "The office system is busy checking sign-ins — please try again in a few seconds."
    } else {
        "Hệ thống đang bận kiểm tra đăng nhập — xin thử lại sau vài giây."
    }
}

/// A manager signed in with a PIN shorter than a manager's must be.
pub fn short_manager_pin_text(english: bool) -> String {
    if english {
        format!(
            "An office manager's PIN has at least {MANAGER_DIGITS} digits. If yours is shorter, make a new one with `kiosk hash-pin` on the hub's machine and put it in the office file."
        )
    } else {
        format!(
            "Mã PIN của người quản lý phải có ít nhất {MANAGER_DIGITS} chữ số. Nếu mã của bạn ngắn hơn, hãy tạo mã mới bằng lệnh `kiosk hash-pin` trên máy chạy hệ thống và ghi vào tệp cấu hình văn phòng."
        )
    }
}
