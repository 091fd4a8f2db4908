//! The real hub binary as a child process, for the tests that must kill it or watch it
//! exit: `kiosk hub` from this test's own target folder, built first.
#![allow(dead_code)]

#[path = "../../src/bin/loadgen/hub_process.rs"]
mod hub_process;

use std::path::Path;

pub use hub_process::HubProcess;

/// Builds the kiosk binary with this test's profile into this test's target folder.
pub fn build_kiosk() {
    let exe = std::env::current_exe().expect("the test's path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>");
    let profile = match profile_dir.file_name().and_then(|n| n.to_str()) {
        Some("debug") | None => "dev",
        Some(other) => other,
    };
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "-p",
            "kiosk",
            "--bin",
            "kiosk",
            "--profile",
            profile,
        ])
        .arg("--target-dir")
        .arg(profile_dir.parent().expect("the target folder"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("running cargo build for the kiosk binary");
    assert!(status.success(), "building the kiosk binary failed");
}
