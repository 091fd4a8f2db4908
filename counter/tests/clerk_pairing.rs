//! The counter app as it starts on a new machine, against a real hub on loopback: with no
//! credential and no office file it shows a pairing code; the office manager approves it
//! and the login appears with the hub's office; a clerk logs in (only the hub checks the
//! PIN); the manager withdraws the device and the app shows a new code, saying why. The
//! window is the real one on Slint's testing backend, pumped as the app's timer does.

mod clerk_support;
mod pairing_support;

use counter::ClerkAdapter;
use counter::clerk::app::{Options, Running};
use counter::clerk::controller::Language;
use pairing_support::{OFFICE_NAME, approve, bare_machine, pump_until, revoke};
use shared::client::PairRequest;
use shared::gate::Enrolment;
use shared::model::CounterId;
use shared::protocol::Role;
use slint::ComponentHandle;

#[test]
fn a_new_counter_pairs_works_once_approved_and_pairs_again_when_withdrawn() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let hub = pairing_support::hub(&runtime);
    let _enter = runtime.enter();
    let machine = bare_machine();
    let credential = machine.path().join("counter.json");

    let ui = clerk_support::window();
    let app = Running::start(
        Options {
            enrolment: Enrolment {
                path: credential.clone(),
                hub: Some(hub.http_url()),
                default_hub: hub.http_url(),
                request: PairRequest {
                    device: "quay-4".into(),
                    role: Role::Counter,
                    counter: Some(CounterId(4)),
                },
            },
            size: None,
            language: Language::Vi,
        },
        &ui,
    );
    let a = ui.global::<ClerkAdapter>();
    pump_until(
        "a pairing code",
        || app.pump(),
        || !a.get_gate().code.is_empty(),
    );
    let shown = a.get_gate();
    assert!(shown.shown, "the code covers the login");
    assert!(
        shown.hint.contains("người quản lý văn phòng"),
        "says what to do: {}",
        shown.hint
    );
    assert_eq!(shown.device, "Thiết bị: quay-4 (quầy 4)");
    assert!(!credential.exists(), "nothing saved before approval");

    approve(&hub, &shown.code, Role::Counter, "quay-4", Some(4));
    pump_until(
        "the login with the hub's office",
        || app.pump(),
        || !a.get_gate().shown && a.get_screen() == "login",
    );
    assert_eq!(a.get_office_name(), OFFICE_NAME, "the office is the hub's");
    assert!(
        credential.exists(),
        "the credential is kept for the next start"
    );

    // The clerk types the login, Tab, the PIN and Enter: only the hub can check it.
    for key in "lan\t1111\n".chars() {
        a.invoke_key(key.to_string().into(), false, false);
    }
    pump_until("the desk", || app.pump(), || a.get_screen() == "desk");

    revoke(&hub, "quay-4");
    pump_until(
        "a new code after the withdrawal",
        || app.pump(),
        || a.get_gate().shown && !a.get_gate().code.is_empty(),
    );
    let again = a.get_gate();
    assert!(again.note.contains("thu hồi"), "says why: {}", again.note);
    assert_ne!(again.code, shown.code, "a new code");
    assert!(!credential.exists(), "the withdrawn credential is gone");
}
