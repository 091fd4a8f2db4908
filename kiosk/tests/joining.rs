//! A kiosk joining another machine's hub, from a folder with no office file: it shows a
//! pairing code until the manager approves it, then is welcomed with the hub's office
//! (without the clerks' PIN hashes); withdrawn, it shows a new code and says why.

use std::sync::Arc;
use std::time::{Duration, Instant};

use kiosk::joining::{Joining, Welcomed};
use shared::client::PairRequest;
use shared::gate::Enrolment;
use shared::protocol::Role;
use shared::store::{devices, pairing};
use tests::TestHub;

const LIMIT: Duration = Duration::from_secs(20);

/// Polls the way in as the kiosk's timer does until `done` gives something.
fn until<T>(
    what: &str,
    joining: &mut Joining,
    mut done: impl FnMut(&mut Joining) -> Option<T>,
) -> T {
    let deadline = Instant::now() + LIMIT;
    loop {
        if let Some(t) = done(joining) {
            return t;
        }
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_joining_kiosk_pairs_runs_from_the_hubs_office_and_pairs_again_when_withdrawn() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let mut office = (*tests::default_office()).clone();
    office.name = "Trung tâm Phục vụ hành chính công phường Bến Thành".into();
    let hub = runtime.block_on(TestHub::start(Arc::new(office)));
    let _enter = runtime.enter();
    let machine = tempfile::tempdir().expect("the kiosk's folder");
    std::env::set_current_dir(machine.path()).expect("no office file here");
    let credential = machine.path().join("kiosk.json");

    let mut joining = Joining::start(Enrolment {
        path: credential.clone(),
        hub: Some(hub.http_url()),
        default_hub: hub.http_url(),
        request: PairRequest {
            device: "kiosk-2".into(),
            role: Role::Kiosk,
            counter: None,
        },
    });
    let code = until("a pairing code", &mut joining, |j| {
        j.poll();
        let view = j.view(false);
        (!view.code.is_empty()).then_some(view.code)
    });
    assert!(joining.view(false).hint.contains("người quản lý văn phòng"));

    let mut conn = shared::store::open_file(&hub.db).expect("database");
    let approval = pairing::Approval {
        role: Role::Kiosk,
        counter: None,
        name: None,
    };
    pairing::approve(&mut conn, &code, &approval, chrono::Utc::now()).expect("approved");
    let welcomed: Welcomed = until("the hub's welcome", &mut joining, Joining::poll);
    assert_eq!(
        welcomed.office.name, hub.config.name,
        "the office is the hub's"
    );
    assert!(
        welcomed.office.clerks.iter().all(|c| c.pin_hash.is_empty()),
        "no PIN hash reaches the kiosk"
    );
    assert!(!joining.view(false).shown, "the kiosk's own screen shows");
    assert!(credential.exists());

    assert!(devices::revoke(&conn, "kiosk-2", chrono::Utc::now()).expect("revoke"));
    // The kiosk at work hears of it on its updates, and hands back to the way in.
    let mut updates = welcomed.updates;
    until("the withdrawal", &mut joining, |_| {
        let update = updates.try_recv().ok()?;
        shared::gate::withdrawn(&update).then_some(())
    });
    joining.revoked();
    let again = until("a new code", &mut joining, |j| {
        j.poll();
        let view = j.view(true);
        (!view.code.is_empty()).then_some(view)
    });
    assert_ne!(again.code, code);
    assert!(again.note.contains("withdrawn"), "{}", again.note);
    assert!(!credential.exists());
}
