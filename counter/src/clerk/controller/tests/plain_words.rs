//! What clerks read never carries an operating system's or the hub's technical words
//! ("Connection refused (os error 111)"): a sentence in their language that says what to
//! do; the detail is in the log.

use shared::engine::Command;

use super::*;

/// Whether `s` shows raw technical detail.
fn technical(s: &str) -> bool {
    [
        "os error",
        "Connection refused",
        "127.0.0.1",
        "counter 3 may not",
    ]
    .iter()
    .any(|raw| s.contains(raw))
}

#[test]
fn a_printer_the_kiosk_cannot_reach_reads_without_the_os_error() {
    let mut b = Bench::desk(3, "mai", "3333");
    b.elsewhere(Command::ReportDevice {
        device: "kiosk-1".into(),
        problem: Some(
            "không kết nối được máy in: 127.0.0.1:9100: Connection refused (os error 111)".into(),
        ),
    });
    b.elsewhere(Command::ReportDevice {
        device: "kiosk-2".into(),
        problem: Some("máy in cần nhân viên: hết giấy".into()),
    });
    assert_eq!(
        b.view().staff_alert,
        "kiosk-1: không kết nối được máy in · kiosk-2: máy in cần nhân viên: hết giấy"
    );
    b.elsewhere(Command::ReportDevice {
        device: "kiosk-1".into(),
        problem: Some("Broken pipe (os error 32)".into()),
    });
    b.c.toggle_language();
    let alert = b.view().staff_alert;
    assert!(
        alert.starts_with("kiosk-1: the device reports a fault; please check it"),
        "{alert}"
    );
    assert!(!technical(&alert), "{alert}");
}

#[test]
fn what_the_hub_refused_is_said_as_what_to_do() {
    let mut b = Bench::desk(3, "mai", "3333");
    b.issue("GDNN", PriorityClass::Regular);
    for (code, vi, en) in [
        (
            ErrorCode::Forbidden,
            "Quầy này không được làm việc đó; nếu cần, xin báo người quản lý.",
            "This counter may not do that; tell the office manager if it is needed.",
        ),
        (
            ErrorCode::BadMessage,
            "Hệ thống không nhận yêu cầu này: xin thử lại; nếu vẫn không được, báo người quản lý.",
            "The office system did not take this request: try again, and tell the office manager if it keeps failing.",
        ),
    ] {
        assert!(b.key(Key::F(1)).is_some());
        let raw = ClientError::Rejected {
            code,
            message: "counter 3 may not call_next for counter 4: Connection refused (os error 111)"
                .into(),
        };
        b.c.answered(Err(raw), b.at);
        assert_eq!(b.message(), vi);
        b.c.toggle_language();
        assert_eq!(b.message(), en);
        b.c.toggle_language();
    }
}
