//! Screenshots of the wall display for people to look at, on a real hub with a busy
//! morning (a no-show among the calls): the native window and the web page in English and
//! Vietnamese, then the native window with the link down:
//! `Xvfb :12 &` then `DISPLAY=:12 SCREENSHOTS=dir cargo test --workspace --test
//! display_screens -- --ignored`.

#[path = "../../tests/tests/page_support/mod.rs"]
mod page_support;

use std::path::PathBuf;
use std::process::{Child, Command as Process};
use std::time::Duration;

use page_support::Chromium;
use serde_json::json;
use shared::engine::Command;
use shared::model::CounterId;
use tests::{TestHub, default_office, default_office_path};

/// The display binary, killed when dropped.
struct Display(Child);

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The X screen as a PNG in `dir`.
fn shoot(dir: &std::path::Path, name: &str) {
    let file = dir.join(name);
    let status = Process::new("import")
        .args(["-window", "root"])
        .arg(&file)
        .status()
        .expect("import (imagemagick) runs");
    assert!(status.success(), "screenshot {}", file.display());
    eprintln!("{}", file.display());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs an X screen; writes screenshots for people to look at"]
async fn screenshots() {
    let dir =
        PathBuf::from(std::env::var("SCREENSHOTS").unwrap_or_else(|_| "target/screenshots".into()));
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    let hub = TestHub::start(default_office()).await;
    for field in [
        "VL", "VL", "VL", "BHTN", "BHTN", "GDNN", "ATLD", "ATLD", "LDTL", "NCC", "PCTNXH", "VL",
        "BTXH", "TE",
    ] {
        page_support::issue(&hub, field).await;
    }
    let mut desks = Vec::new();
    for &(n, clerk, pin) in &page_support::CLERKS[..4] {
        desks.push((n, page_support::counter(&hub, n, clerk, pin).await));
    }
    for (n, desk) in &desks {
        desk.command(Command::CallNext {
            counter: CounterId(*n),
        })
        .await
        .expect("call");
    }
    let (n, desk) = &desks[1];
    desk.command(Command::NoShow {
        counter: CounterId(*n),
    })
    .await
    .expect("no-show");
    // Each face in each language on the same board, the native window beside the page.
    let mut display = None;
    for lang in ["en", "vi"] {
        drop(display.take());
        display = Some(Display(
            Process::new(env!("CARGO_BIN_EXE_display"))
                .arg("--config")
                .arg(default_office_path())
                .args(["--hub", &hub.http_url(), "--size", "1920x1080"])
                .args(["--lang", lang])
                .env("SLINT_BACKEND", "winit-software")
                .spawn()
                .expect("the display starts"),
        ));
        tokio::time::sleep(Duration::from_secs(12)).await;
        shoot(&dir, &format!("native-display-{lang}-1920x1080.png"));
        let mut page = Chromium::start().await;
        page.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": false}),
        )
        .await;
        page.goto(&format!("{}/display?lang={lang}", hub.http_url()))
            .await;
        page.shows("A001").await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        let shot = page
            .call("Page.captureScreenshot", json!({ "format": "png" }))
            .await;
        let file = dir.join(format!("web-display-{lang}-1920x1080.png"));
        let data = shot["data"]
            .as_str()
            .expect("image data")
            .as_bytes()
            .to_vec();
        let mut decode = Process::new("base64")
            .arg("-d")
            .stdin(std::process::Stdio::piped())
            .stdout(std::fs::File::create(&file).expect("screenshot file"))
            .spawn()
            .expect("base64 runs");
        use std::io::Write as _;
        decode
            .stdin
            .take()
            .expect("stdin")
            .write_all(&data)
            .expect("write");
        assert!(decode.wait().expect("base64 ends").success());
        eprintln!("{}", file.display());
    }
    let _stopped = hub.stop().await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    shoot(&dir, "native-display-offline-1920x1080.png");
}
