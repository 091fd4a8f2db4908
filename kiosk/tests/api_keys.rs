//! `kiosk api-keys` and `kiosk rating-url` against a running hub's database file: a key
//! made on the command line opens its routes at once, only those, and stops at once when
//! withdrawn; the tablet link printed there opens the tablet on that hub.

use std::path::Path;
use std::process::{Command, Output};

use tests::{TestHub, default_office, default_office_path, http};

fn kiosk(args: &[&str], db: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .expect("kiosk runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_made_on_the_command_line_works_for_its_scope_until_revoked() {
    let hub = TestHub::start(default_office()).await;
    let db = hub.db.clone();
    let made = kiosk(
        &["api-keys", "add", "cong-dich-vu-cong", "--scope", "read"],
        &db,
    );
    assert!(made.status.success(), "{made:?}");
    let key = text(&made.stdout).trim().to_string();
    assert!(
        key.starts_with("qo_") && key.len() == 67,
        "the key alone: {key:?}"
    );
    assert!(text(&made.stderr).contains("chỉ hiện một lần"), "{made:?}");

    let bearer = format!("Bearer {key}");
    let auth = [("Authorization", bearer.as_str())];
    let (status, body) = http(&hub, "GET", "/api/state", &auth, "").await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = http(&hub, "POST", "/api/tickets", &auth, r#"{"field":"VL"}"#).await;
    assert_eq!(status, 403, "a read key issues nothing: {body}");
    assert!(body.contains("needs a key with scope issue"), "{body}");

    let again = kiosk(
        &["api-keys", "add", "cong-dich-vu-cong", "--scope", "issue"],
        &db,
    );
    assert!(!again.status.success(), "a name is taken once");
    assert!(
        text(&again.stderr).contains("already an API key named"),
        "{again:?}"
    );

    let mut list = Command::new(env!("CARGO_BIN_EXE_kiosk"));
    list.args(["api-keys", "list", "--config"])
        .arg(default_office_path())
        .arg("--db")
        .arg(&db);
    let listed = text(&list.output().expect("kiosk runs").stdout);
    assert!(listed.starts_with("cong-dich-vu-cong"), "{listed}");
    assert!(
        listed.contains(" read ") && !listed.contains(&key),
        "{listed}"
    );

    let revoked = kiosk(&["api-keys", "revoke", "cong-dich-vu-cong"], &db);
    assert!(revoked.status.success(), "{revoked:?}");
    assert!(text(&revoked.stdout).contains("Đã thu hồi"), "{revoked:?}");
    let (status, body) = http(&hub, "GET", "/api/state", &auth, "").await;
    assert_eq!(status, 401, "a withdrawn key stops at once: {body}");
    let twice = kiosk(&["api-keys", "revoke", "cong-dich-vu-cong"], &db);
    assert!(!twice.status.success() && text(&twice.stderr).contains("kiosk api-keys list"));

    let nowhere = kiosk(&["api-keys", "list"], &hub.dir().join("elsewhere.db"));
    assert!(
        !nowhere.status.success(),
        "no new database is made by mistake"
    );
    assert!(
        text(&nowhere.stderr).contains("there is no hub database at"),
        "{nowhere:?}"
    );
    assert!(!hub.dir().join("elsewhere.db").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tablet_link_printed_on_the_command_line_opens_the_tablet() {
    let hub = TestHub::start(default_office()).await;
    let mut command = Command::new(env!("CARGO_BIN_EXE_kiosk"));
    command
        .args([
            "rating-url",
            "--counter",
            "2",
            "--hub",
            &hub.http_url(),
            "--config",
        ])
        .arg(default_office_path())
        .arg("--db")
        .arg(&hub.db);
    let out = command.output().expect("kiosk runs");
    assert!(out.status.success(), "{out:?}");
    let url = text(&out.stdout).trim().to_string();
    let path = url.strip_prefix(&hub.http_url()).expect("on the hub");
    let (status, page) = http(&hub, "GET", path, &[], "").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Quầy 2"), "the tablet of counter 2");
    // The link is not the one anyone could make from the shipped office key.
    let forged = shared::hub::links::tablet_path(tests::OFFICE_KEY, shared::model::CounterId(2));
    assert_ne!(path, forged);
    assert_eq!(http(&hub, "GET", &forged, &[], "").await.0, 404);
}
