//! An office manager's PIN has at least 6 digits: `kiosk hash-pin` says which a PIN is
//! good for (`check_config.rs` has the warning for a manager's PIN already in a file).

use std::io::Write;
use std::process::{Command, Stdio};

use shared::config::pin;

/// `kiosk hash-pin` with `typed` on standard input: the hash and what it says beside.
fn hash_pin(typed: &str) -> (String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .arg("hash-pin")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kiosk runs");
    let mut stdin = child.stdin.take().expect("stdin");
    writeln!(stdin, "{typed}").expect("PIN written");
    drop(stdin);
    let out = child.wait_with_output().expect("kiosk ends");
    assert!(out.status.success(), "{out:?}");
    (
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
        String::from_utf8_lossy(&out.stderr).trim().to_string(),
    )
}

#[test]
fn hash_pin_says_whether_a_pin_is_long_enough_for_a_manager() {
    let (clerk, note) = hash_pin("2468");
    assert!(pin::verify("2468", &clerk));
    assert_eq!(pin::digits(&clerk), Some(4));
    assert_eq!(
        note,
        "a 4-digit PIN: good for a clerk only; an office manager (admin = true) needs at least 6 digits"
    );
    let (manager, note) = hash_pin("135790");
    assert!(pin::verify("135790", &manager));
    assert_eq!(
        note,
        "a 6-digit PIN: good for a clerk or an office manager (admin = true)"
    );
}
