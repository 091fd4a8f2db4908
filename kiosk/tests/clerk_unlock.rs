//! `kiosk clerk unlock LOGIN`: the office manager lifts a clerk's sign-in lock in the
//! office's database, and the unlock is logged.

use std::process::Command;

use shared::model::ClerkId;
use shared::store::{Store, lockout};
use tests::{default_office, default_office_path};

#[test]
fn the_manager_unlocks_a_locked_clerk_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("office.db");
    let store = Store::open(&db, default_office()).expect("store");
    let mai = ClerkId::new("mai");
    let now = chrono::Utc::now();
    let desk = std::net::IpAddr::from([192, 168, 1, 31]);
    for _ in 0..lockout::FAILURES {
        lockout::attempt(store.connection(), &mai, desk, now).expect("counted");
    }
    assert!(
        lockout::locked_until(store.connection(), &mai, desk, now)
            .expect("read")
            .is_some()
    );

    let unlock = |login: &str| {
        Command::new(env!("CARGO_BIN_EXE_kiosk"))
            .args(["clerk", "unlock", login, "--db"])
            .arg(&db)
            .arg("--config")
            .arg(default_office_path())
            .output()
            .expect("kiosk runs")
    };
    let out = unlock("mai");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Đã mở khoá đăng nhập cho Lê Thị Mai (mai).\n"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("sign-in unlocked by the office manager")
    );
    assert_eq!(
        lockout::locked_until(store.connection(), &mai, desk, now).expect("read"),
        None
    );

    let again = unlock("mai");
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        "Lê Thị Mai (mai) không bị khoá đăng nhập.\n"
    );
    let unknown = unlock("nobody");
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("there is no clerk \"nobody\""));
}
