//! What a device's screen shows before it may work, the same on the kiosk, the counter app
//! and the wall display: waiting for the hub's first welcome, the pairing code for the
//! office manager to approve, and a pairing the manager withdrew. The words live here once
//! per language; each app draws [`GateView`] full screen over its own windows.

mod enrol;

pub use enrol::{Enrolment, enrol};

/// Where a device stands on its way to working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// It has its credential and waits for the hub's welcome (the office comes with it).
    Connecting,
    /// It has no credential and asks the hub to pair it.
    Pairing {
        /// The code to approve, once the hub gave one.
        code: Option<String>,
        /// Why it is pairing again, if it was paired before or a code ran out.
        because: Option<Again>,
        /// The hub could not be reached for a code (it keeps trying).
        unreachable: bool,
    },
    /// At work: the app's own screen shows.
    Open,
}

/// Why a device asks for a new pairing code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Again {
    /// The office manager withdrew this device's pairing.
    Revoked,
    /// The last code was not approved in time.
    Expired,
}

impl Gate {
    /// Pairing from the start, or again for `because`.
    pub fn pairing(because: Option<Again>) -> Gate {
        Gate::Pairing {
            code: None,
            because,
            unreachable: false,
        }
    }
}

/// Whether the hub said the office manager withdrew this device's pairing (error code
/// `revoked`, on its hello or during the session; the client reports it as such).
pub fn withdrawn(update: &crate::client::Update) -> bool {
    matches!(update, crate::client::Update::Withdrawn(_))
}

/// The gate's screen in one language: what the apps' windows copy into their adapters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GateView {
    /// Whether the gate covers the app's screen.
    pub shown: bool,
    /// The big line at the top.
    pub title: String,
    /// The pairing code, large (empty when there is none to show).
    pub code: String,
    /// What to do with it, or what is awaited.
    pub hint: String,
    /// Why this shows, when it is not the first time (a withdrawn pairing, an expired code),
    /// or that the hub cannot be reached.
    pub note: String,
    /// This device as the manager sees it in the list: `Thiết bị: quay-3 (quầy 3)`.
    pub device: String,
}

/// The words of the gate in one language.
struct Words {
    connecting: &'static str,
    connecting_hint: &'static str,
    pairing: &'static str,
    pairing_hint: &'static str,
    asking: &'static str,
    revoked: &'static str,
    expired: &'static str,
    unreachable: &'static str,
    device: &'static str,
    counter: &'static str,
}

const VI: Words = Words {
    connecting: "Đang kết nối tới máy chủ…",
    connecting_hint: "Thiết bị sẽ sẵn sàng ngay khi máy chủ của bộ phận trả lời.",
    pairing: "Mã ghép nối",
    pairing_hint: "Đưa mã này cho người quản lý văn phòng để duyệt thiết bị này.",
    asking: "Đang xin mã ghép nối từ máy chủ…",
    revoked: "Thiết bị này đã bị thu hồi quyền kết nối. Cần ghép nối lại.",
    expired: "Mã trước đã hết hạn mà chưa được duyệt; đây là mã mới.",
    unreachable: "Chưa liên lạc được với máy chủ; đang thử lại…",
    device: "Thiết bị",
    counter: "quầy",
};

const EN: Words = Words {
    connecting: "Connecting to the office server…",
    connecting_hint: "This device is ready as soon as the office server answers.",
    pairing: "Pairing code",
    pairing_hint: "Give this code to the office manager to approve this device.",
    asking: "Asking the office server for a pairing code…",
    revoked: "This device's pairing was withdrawn. It must be paired again.",
    expired: "The last code ran out before it was approved; this is a new one.",
    unreachable: "Cannot reach the office server yet; trying again…",
    device: "Device",
    counter: "counter",
};

/// The gate as the screen shows it, in English if `en`. `device` is this device's name
/// and `counter` its counter number, if it is one.
pub fn view(gate: &Gate, en: bool, device: &str, counter: Option<u16>) -> GateView {
    let w = if en { &EN } else { &VI };
    let device = match counter {
        Some(n) => format!("{}: {device} ({} {n})", w.device, w.counter),
        None => format!("{}: {device}", w.device),
    };
    match gate {
        Gate::Open => GateView::default(),
        Gate::Connecting => GateView {
            shown: true,
            title: w.connecting.into(),
            hint: w.connecting_hint.into(),
            device,
            ..GateView::default()
        },
        Gate::Pairing {
            code,
            because,
            unreachable,
        } => GateView {
            shown: true,
            title: w.pairing.into(),
            code: code.clone().unwrap_or_default(),
            hint: if code.is_some() {
                w.pairing_hint
            } else {
                w.asking
            }
            .into(),
            note: match (unreachable, because) {
                (true, _) => w.unreachable.into(),
                (false, Some(Again::Revoked)) => w.revoked.into(),
                (false, Some(Again::Expired)) => w.expired.into(),
                (false, None) => String::new(),
            },
            device,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_shows_with_what_to_do_in_both_languages() {
        let gate = Gate::Pairing {
            code: Some("4829 1735".into()),
            because: None,
            unreachable: false,
        };
        let vi = view(&gate, false, "quay-3", Some(3));
        assert!(vi.shown);
        assert_eq!(vi.code, "4829 1735");
        assert!(vi.hint.contains("người quản lý văn phòng"), "{}", vi.hint);
        assert_eq!(vi.device, "Thiết bị: quay-3 (quầy 3)");
        let en = view(&gate, true, "display-1", None);
        assert!(en.hint.contains("office manager"), "{}", en.hint);
        assert_eq!(en.device, "Device: display-1");
    }

    #[test]
    fn a_withdrawn_pairing_says_so_and_an_open_device_shows_no_gate() {
        let revoked = view(&Gate::pairing(Some(Again::Revoked)), false, "quay-3", None);
        assert!(revoked.note.contains("thu hồi"), "{}", revoked.note);
        assert!(revoked.code.is_empty());
        assert!(!view(&Gate::Open, false, "quay-3", None).shown);
        let waiting = view(&Gate::Connecting, false, "quay-3", None);
        assert_eq!(waiting.title, "Đang kết nối tới máy chủ…");
    }
}
