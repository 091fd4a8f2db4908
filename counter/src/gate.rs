//! The device gate of both apps in this crate (waiting for the hub, the pairing code): the
//! shared [`shared::gate::GateView`] as the Slint struct both windows draw.

/// The gate's view as the Slint struct.
pub fn slint_view(view: &shared::gate::GateView) -> crate::GateView {
    crate::GateView {
        shown: view.shown,
        title: view.title.as_str().into(),
        code: view.code.as_str().into(),
        hint: view.hint.as_str().into(),
        note: view.note.as_str().into(),
        device: view.device.as_str().into(),
    }
}
