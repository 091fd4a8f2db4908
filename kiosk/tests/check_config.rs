//! `kiosk check-config` as an installer runs it: it names the address the tickets' QR
//! codes open, and warns when phones on the office LAN cannot open it, or when an office
//! manager's PIN has fewer than 6 digits.

use std::process::Command;

const OFFICE: &str = include_str!("../../assets/config/office.toml");

/// Runs `kiosk check-config` on the default office with `from` replaced by `to`, from a
/// file named `name`.
fn check(name: &str, from: &str, to: &str) -> String {
    assert_eq!(OFFICE.matches(from).count(), 1, "{from}");
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.toml"));
    std::fs::write(&path, OFFICE.replacen(from, to, 1)).expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .arg("check-config")
        .arg(&path)
        .output()
        .expect("kiosk runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn a_hub_listening_on_this_machine_only_is_reported() {
    let out = check(
        "loopback",
        r#"listen = "0.0.0.0:8080""#,
        r#"listen = "127.0.0.1:8080""#,
    );
    assert!(
        out.contains("ticket QR codes: http://127.0.0.1:8080/t/..."),
        "{out}"
    );
    assert!(
        out.contains(
            "warning: phones cannot open the tickets' QR codes: the hub listens on this \
             machine only (127.0.0.1:8080); set hub.listen = \"0.0.0.0:8080\" or hub.public_url"
        ),
        "{out}"
    );
}

#[test]
fn the_offices_public_address_is_what_the_qr_codes_open() {
    let out = check(
        "public",
        r#"listen = "0.0.0.0:8080""#,
        "listen = \"127.0.0.1:8080\"\npublic_url = \"http://queue.office.lan:8080/\"",
    );
    assert!(
        out.contains("ticket QR codes: http://queue.office.lan:8080/t/..."),
        "{out}"
    );
    assert!(!out.contains("warning"), "{out}");
}

#[test]
fn the_default_office_names_a_lan_address_or_says_there_is_none() {
    let out = check(
        "default",
        r#"listen = "0.0.0.0:8080""#,
        r#"listen = "0.0.0.0:8080""#,
    );
    let line = out
        .lines()
        .find(|l| l.starts_with("ticket QR codes: "))
        .expect("the QR line");
    let none = out.contains("this machine has no address on the office network");
    assert_eq!(
        line.contains("127.0.0.1") || line.contains("0.0.0.0"),
        none,
        "{out}"
    );
}

#[test]
fn the_office_key_is_said_to_open_neither_the_api_nor_the_links() {
    let out = check("office-key", "advertise = false", "advertise = false");
    assert!(
        out.contains(
            "hub.office_key: opens nothing any more: devices pair with the hub (kiosk devices), \
             the JSON API takes named keys \
             (kiosk api-keys add NAME --scope issue|call|read) and the ticket and tablet links \
             are keyed by the hub's own secret in its database"
        ),
        "{out}"
    );
}

/// The shipped manager's `pin_hash` line.
fn manager_hash_line() -> &'static str {
    OFFICE
        .lines()
        .skip_while(|l| !l.starts_with("id = \"quanly\""))
        .find(|l| l.starts_with("pin_hash"))
        .expect("the manager's hash")
}

#[test]
fn a_manager_pin_shorter_than_six_digits_is_warned_of() {
    let short = shared::config::pin::hash("2468").expect("hashed");
    let out = check(
        "short-manager",
        manager_hash_line(),
        &format!("pin_hash = \"{short}\""),
    );
    assert!(
        out.contains(
            "warning: clerk quanly (admin = true): its PIN has 4 digits; an office manager's needs at least 6: make a new one with `kiosk hash-pin`"
        ),
        "{out}"
    );
    // A hash from before the hasher recorded the length cannot be told: remake it.
    let old = "$argon2id$v=19$m=19456,t=2,p=1$SHLBNs1CNdmVJtKTa8K72w$qtg9myrYK55fjgljdO96Aj+Mj22AQ0M0/CUXKFmKRm8";
    let out = check(
        "old-manager",
        manager_hash_line(),
        &format!("pin_hash = \"{old}\""),
    );
    assert!(
        out.contains(
            "warning: clerk quanly (admin = true): its PIN hash does not say how many digits"
        ),
        "{out}"
    );
    // The office as shipped is fine, and clerks' 4-digit PINs are never warned of.
    let out = check("shipped", "[hub]", "[hub]");
    assert!(!out.contains("admin = true"), "{out}");
}
