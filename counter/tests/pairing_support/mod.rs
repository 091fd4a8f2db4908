//! Helpers for the apps' pairing tests: a real hub whose office only the hub can tell (its
//! name is not the shipped file's), the manager's approval and withdrawal as the command
//! line does them, and pumping an app as its timer does.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use shared::model::CounterId;
use shared::protocol::Role;
use shared::store::{devices, pairing};
use tests::TestHub;

/// How long a step may take before the test fails.
pub const LIMIT: Duration = Duration::from_secs(20);

/// The office's name on the hub: nowhere in the shipped office file.
pub const OFFICE_NAME: &str = "Trung tâm Phục vụ hành chính công phường Bến Thành";
/// Its English name.
pub const OFFICE_NAME_EN: &str = "Ben Thanh Ward Public Administration Service Centre";

/// A hub over an office with five counters (clerk `clerk-N`, PIN 1111, for each) named
/// [`OFFICE_NAME`] ([`OFFICE_NAME_EN`]).
pub fn hub(runtime: &tokio::runtime::Runtime) -> TestHub {
    let mut office = (*tests::office(5)).clone();
    office.name = OFFICE_NAME.into();
    office.name_en = OFFICE_NAME_EN.into();
    runtime.block_on(TestHub::start(Arc::new(office)))
}

/// The machine's own folder, made the working directory: there is no office file to find.
pub fn bare_machine() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("the device's folder");
    std::env::set_current_dir(dir.path()).expect("work in it");
    assert!(!dir.path().join("assets").exists());
    dir
}

/// Calls `pump` (the app's timer) until `cond` holds.
pub fn pump_until(what: &str, mut pump: impl FnMut(), mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + LIMIT;
    loop {
        pump();
        if cond() {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The office manager approves the code, through the store function `kiosk devices
/// approve` uses, on the database the hub runs on.
pub fn approve(hub: &TestHub, code: &str, role: Role, name: &str, counter: Option<u16>) {
    let mut conn = shared::store::open_file(&hub.db).expect("open the database");
    let approval = pairing::Approval {
        role,
        counter: counter.map(CounterId),
        name: Some(name.into()),
    };
    pairing::approve(&mut conn, code, &approval, chrono::Utc::now()).expect("approved");
}

/// The office manager withdraws the device, as `kiosk devices revoke` does.
pub fn revoke(hub: &TestHub, name: &str) {
    let conn = shared::store::open_file(&hub.db).expect("open the database");
    let revoked = devices::revoke(&conn, name, chrono::Utc::now()).expect("revoke");
    assert!(revoked, "{name} was paired");
}
