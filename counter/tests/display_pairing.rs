//! The wall display as it starts on a new TV box, against a real hub on loopback: with no
//! credential and no office file it shows a pairing code (in English here); once the
//! manager approves it the board shows the hub's office; withdrawn, it shows a new code
//! and says why. The window is the real one on Slint's testing backend.

mod pairing_support;

use counter::display::Language;
use counter::display::app::{Options, Running};
use counter::{DisplayAdapter, DisplayWindow};
use pairing_support::{OFFICE_NAME_EN, approve, bare_machine, pump_until, revoke};
use shared::client::PairRequest;
use shared::gate::Enrolment;
use shared::protocol::Role;
use slint::{ComponentHandle, Model};

#[test]
fn a_new_display_pairs_shows_the_hubs_office_and_pairs_again_when_withdrawn() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let hub = pairing_support::hub(&runtime);
    let _enter = runtime.enter();
    let machine = bare_machine();
    let credential = machine.path().join("display.json");

    i_slint_backend_testing::init_no_event_loop();
    let ui = DisplayWindow::new().expect("the window builds");
    let app = Running::start(
        Options {
            enrolment: Enrolment {
                path: credential.clone(),
                hub: Some(hub.http_url()),
                default_hub: hub.http_url(),
                request: PairRequest {
                    device: "tv-sanh".into(),
                    role: Role::Display,
                    counter: None,
                },
            },
            size: None,
            voice_out: Some(machine.path().join("calls")),
            language: Language::En,
        },
        &ui,
    );
    let a = ui.global::<DisplayAdapter>();
    pump_until(
        "a pairing code",
        || app.pump(),
        || !a.get_gate().code.is_empty(),
    );
    let shown = a.get_gate();
    assert!(shown.shown);
    assert!(
        shown.hint.contains("office manager"),
        "says what to do: {}",
        shown.hint
    );
    assert_eq!(shown.device, "Device: tv-sanh");

    approve(&hub, &shown.code, Role::Display, "tv-sanh", None);
    pump_until(
        "the board with the hub's office",
        || app.pump(),
        || !a.get_gate().shown && a.get_office_name() == OFFICE_NAME_EN,
    );
    assert_eq!(a.get_link(), "online");
    pump_until(
        "the hub's five counters on the board",
        || app.pump(),
        || a.get_counters().row_count() == 5,
    );

    revoke(&hub, "tv-sanh");
    pump_until(
        "a new code after the withdrawal",
        || app.pump(),
        || a.get_gate().shown && !a.get_gate().code.is_empty(),
    );
    assert!(
        a.get_gate().note.contains("withdrawn"),
        "says why: {}",
        a.get_gate().note
    );
    assert!(!credential.exists());
}
