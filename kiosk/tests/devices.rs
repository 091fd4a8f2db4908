//! `kiosk devices ...` through the real binary, against a real hub on loopback: a new
//! counter pairs with the code it is shown, the manager approves it on the command line,
//! the counter works, and once revoked it is cut off and refused; enrolling without a
//! screen and the one-time migration from the shared office key write working credentials.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use chrono::Utc;
use serde_json::json;
use shared::client::{Client, Credential, Link, PairError, PairRequest, pair};
use shared::engine::{Command as Cmd, EventKind};
use shared::model::{ClerkId, CounterId, FieldCode, PriorityClass, Source};
use shared::protocol::{PROTOCOL_VERSION, Role};
use tests::{Raw, TestHub, default_office, default_office_path, eventually};

const LIMIT: Duration = Duration::from_secs(10);

/// `kiosk devices ARGS --db DB --config (the default office)`.
fn devices(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .arg("devices")
        .args(args)
        .arg("--db")
        .arg(db)
        .arg("--config")
        .arg(default_office_path())
        .output()
        .expect("kiosk runs")
}

fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A client with this credential, once it is online.
async fn online(credential: &Credential) -> Client {
    let (client, mut updates) = Client::start(credential.identity());
    tokio::spawn(async move { while updates.recv().await.is_some() {} });
    let probe = client.clone();
    eventually("the device is online", LIMIT, move || {
        probe.link() == Link::Online
    })
    .await;
    client
}

/// A raw hello with the credential's token, as the device `device` at `counter`.
async fn hello(hub: &TestHub, credential: &Credential, device: &str, counter: u16) -> Raw {
    let mut raw = Raw::connect(hub).await;
    raw.send_json(
        &json!({"type": "hello", "protocol": PROTOCOL_VERSION, "role": "counter",
        "device": device, "counter": counter, "token": credential.token}),
    )
    .await;
    raw
}

/// A new device asking the hub to be paired with the real client, in the background; the
/// code it is shown, and the pairing's outcome to come.
async fn start_pairing(
    hub: &TestHub,
    asked: PairRequest,
) -> (
    String,
    tokio::task::JoinHandle<Result<Credential, PairError>>,
) {
    let (code_tx, mut code_rx) = tokio::sync::mpsc::unbounded_channel();
    let url = hub.http_url();
    let pairing = tokio::spawn(async move {
        pair(&url, asked, move |code| {
            let _ = code_tx.send(code);
        })
        .await
    });
    let code = tokio::time::timeout(LIMIT, code_rx.recv())
        .await
        .expect("a code in time")
        .expect("a code");
    (code, pairing)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_counter_pairs_with_its_code_works_and_is_cut_off_when_revoked() {
    let hub = TestHub::start(default_office()).await;
    let asked = PairRequest {
        device: "quay-3".into(),
        role: Role::Counter,
        counter: Some(CounterId(3)),
    };
    let (code, pairing) = start_pairing(&hub, asked).await;
    assert!(
        code.len() == 9 && code.as_bytes()[4] == b' ',
        "{code:?} reads as two groups of four digits"
    );
    let listed = stdout(&devices(&hub.db, &["list"]));
    let waiting = listed.split_once("Đang chờ duyệt:\n").map(|(_, w)| w);
    assert!(
        waiting.is_some_and(|w| w.starts_with(&format!("  {code}  quay-3 (quầy 3) "))
            && w.contains("từ 127.0.0.1, còn 10 phút")),
        "{listed}"
    );

    // Approved as what it did not ask to be, nothing happens.
    let wrong = devices(&hub.db, &["approve", &code, "--role", "kiosk"]);
    assert!(!wrong.status.success());
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("asked to be a counter, not a kiosk"),
        "{wrong:?}"
    );
    let approved = stdout(&devices(
        &hub.db,
        &["approve", &code, "--role", "counter", "--counter", "3"],
    ));
    assert_eq!(approved, "Đã duyệt ghép nối quay-3 (quầy 3).\n");
    let credential = tokio::time::timeout(LIMIT, pairing)
        .await
        .expect("paired in time")
        .expect("task")
        .expect("paired");
    assert_eq!(
        (
            credential.device.as_str(),
            credential.role,
            credential.counter
        ),
        ("quay-3", Role::Counter, Some(CounterId(3)))
    );
    let file = hub.dir().join("counter.json");
    credential.save(&file).expect("saved");
    let credential = Credential::load(&file).expect("read").expect("there");

    // The paired counter works: a clerk logs in and calls.
    let kiosk = hub.client(Role::Kiosk, "kiosk-1", None).0;
    let issue = Cmd::IssueTicket {
        field: FieldCode::new("LDNN"),
        class: PriorityClass::Regular,
        source: Source::Kiosk(String::new()),
    };
    let quay3 = online(&credential).await;
    eventually("the kiosk is online", LIMIT, || {
        kiosk.link() == Link::Online
    })
    .await;
    kiosk.command(issue).await.expect("issued");
    quay3
        .login(ClerkId::new("mai"), "3333".into(), vec![])
        .await
        .expect("mai logs in at counter 3");
    let called = quay3
        .command(Cmd::CallNext {
            counter: CounterId(3),
        })
        .await
        .expect("called");
    assert!(
        called
            .iter()
            .any(|e| matches!(e.kind, EventKind::TicketCalled { .. })),
        "{called:?}"
    );

    // Its token, copied to another machine, cannot act as another counter or name.
    let mut copied = hello(&hub, &credential, "quay-3", 4).await;
    let refused = copied.recv().await.expect("an answer");
    assert_eq!(
        (&refused["code"], &refused["message"]),
        (
            &json!("unauthorized"),
            &json!("this token belongs to quay-3 at counter 3, not counter 4")
        )
    );
    let mut renamed = hello(&hub, &credential, "quay-9", 3).await;
    let refused = renamed.recv().await.expect("an answer");
    assert_eq!(
        refused["message"],
        "this token belongs to quay-3, not quay-9"
    );

    // Revoked, a connected device is told and cut off at once, and refused after.
    let mut watching = hello(&hub, &credential, "quay-3", 3).await;
    assert_eq!(watching.recv().await.expect("welcome")["type"], "welcome");
    let revoked_at = Instant::now();
    let revoked = stdout(&devices(&hub.db, &["revoke", "quay-3"]));
    assert_eq!(
        revoked,
        "Đã thu hồi ghép nối của quay-3; thiết bị bị ngắt kết nối ngay.\n"
    );
    let told = loop {
        let message = watching.recv().await.expect("told before closing");
        if message["type"] == "error" {
            break message;
        }
    };
    println!(
        "cut off {} ms after the revoke command ended",
        revoked_at.elapsed().as_millis()
    );
    assert_eq!(told["code"], "revoked", "{told}");
    assert_eq!(watching.recv().await, None, "and closed");
    let probe = quay3.clone();
    eventually("the revoked client is offline", LIMIT, move || {
        probe.link() == Link::Offline
    })
    .await;
    let mut again = hello(&hub, &credential, "quay-3", 3).await;
    let refused = again.recv().await.expect("an answer");
    assert_eq!(
        (&refused["code"], &refused["message"]),
        (
            &json!("revoked"),
            &json!("this device's pairing was withdrawn; pair it again")
        )
    );
    let listed = stdout(&devices(&hub.db, &["list"]));
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("  quay-3 (quầy 3) ") && l.contains(" đã thu hồi ")),
        "{listed}"
    );
    let unknown = devices(&hub.db, &["revoke", "quay-77"]);
    assert!(!unknown.status.success());
}

/// A new device's pair request, and the hub's first answer.
async fn ask(hub: &TestHub, n: usize, role: &str) -> (serde_json::Value, Raw) {
    let mut raw = Raw::connect(hub).await;
    raw.send_json(&json!({"type": "pair", "device": format!("may-{n}"), "role": role}))
        .await;
    (raw.recv().await.expect("an answer"), raw)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_cannot_fill_the_list_of_codes_nor_pair_as_the_manager() {
    let hub = TestHub::start(default_office()).await;
    let mut open = Vec::new();
    for n in 0..shared::hub::pairing::MAX_PER_ADDRESS {
        let (answer, raw) = ask(&hub, n, "display").await;
        assert_eq!(answer["type"], "pairing", "{answer}");
        open.push(raw);
    }
    let (answer, _) = ask(&hub, 99, "display").await;
    assert_eq!(
        (&answer["code"], &answer["message"]),
        (
            &json!("rate_limited"),
            &json!("too many devices from this address are waiting to be paired; try again later")
        )
    );
    // A device that leaves frees its place.
    drop(open.pop());
    let mut freed = None;
    for _ in 0..100 {
        let (answer, raw) = ask(&hub, 100, "display").await;
        if answer["type"] == "pairing" {
            freed = Some(raw);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(freed.is_some(), "the place was freed");
    let (answer, _) = ask(&hub, 101, "admin").await;
    assert_eq!(answer["code"], "bad_hello", "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("the admin role is not paired from the network")),
        "{answer}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrolling_without_a_screen_and_migrating_from_the_office_key_write_working_credentials() {
    let hub = TestHub::start(default_office()).await;
    let file = hub.dir().join("creds").join("tv.json");
    let added = stdout(&devices(
        &hub.db,
        &[
            "add",
            "tv-sanh",
            "--role",
            "display",
            "--credential",
            file.to_str().expect("path"),
            "--hub",
            &hub.http_url(),
        ],
    ));
    assert!(
        added.starts_with("Đã ghép nối tv-sanh (màn hình); chép "),
        "{added}"
    );
    let tv = Credential::load(&file).expect("read").expect("written");
    online(&tv).await;
    // It pins the hub's certificate, so it works over TLS too, as from another machine.
    assert_eq!(
        tv.hub_certificate.as_deref(),
        Some(hub.hub.certificate.as_str())
    );
    let over_tls = Credential {
        hub: format!("https://{}", hub.hub.addr),
        ..tv.clone()
    };
    online(&over_tls).await;
    let taken = devices(
        &hub.db,
        &[
            "add",
            "tv-sanh",
            "--role",
            "display",
            "--credential",
            "/dev/null/x",
        ],
    );
    assert!(
        String::from_utf8_lossy(&taken.stderr).contains("already paired"),
        "{taken:?}"
    );

    // An office that used the shared key: one command, a file per device.
    let out = hub.dir().join("migration");
    let args = [
        "migrate",
        "--out",
        out.to_str().expect("path"),
        "--kiosks",
        "1",
        "--hub",
    ];
    let mut with_hub: Vec<&str> = args.to_vec();
    let url = hub.http_url();
    with_hub.push(&url);
    let migrated = stdout(&devices(&hub.db, &with_hub));
    let counters = hub.config.counters.len();
    for n in 1..=counters {
        assert!(
            migrated.contains(&format!("quay-{n} (quầy {n}): ")),
            "{migrated}"
        );
    }
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("written")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = (1..=counters).map(|n| format!("quay-{n}.json")).collect();
    expected.extend(["display-1.json".into(), "kiosk-1.json".into()]);
    expected.sort();
    assert_eq!(names, expected);
    let quay2 = Credential::load(&out.join("quay-2.json"))
        .expect("read")
        .expect("written");
    assert_eq!(quay2.counter, Some(CounterId(2)));
    online(&quay2).await;
    online(
        &Credential::load(&out.join("display-1.json"))
            .expect("read")
            .expect("written"),
    )
    .await;
    // Run again, it enrols nobody twice.
    let again = stdout(&devices(&hub.db, &with_hub));
    assert!(again.contains("quay-2: đã ghép nối, bỏ qua"), "{again}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_not_approved_in_time_expires_and_cannot_be_approved_after() {
    let hub = TestHub::start(default_office()).await;
    let asked = PairRequest {
        device: "tv-sanh".into(),
        role: Role::Display,
        counter: None,
    };
    let (code, pairing) = start_pairing(&hub, asked).await;
    // The clock moves past the code's ten minutes: its expiry, in the file, is now.
    let conn = shared::store::open_file(&hub.db).expect("db");
    let changed = conn
        .execute(
            "UPDATE pairing_requests SET expires_at = ?1",
            [Utc::now().timestamp_millis()],
        )
        .expect("aged");
    assert_eq!(changed, 1);
    let ended = tokio::time::timeout(LIMIT, pairing)
        .await
        .expect("told in time")
        .expect("task");
    assert_eq!(ended, Err(PairError::Expired));
    let late = devices(&hub.db, &["approve", &code, "--role", "display"]);
    assert!(!late.status.success());
    assert!(
        String::from_utf8_lossy(&late.stderr).contains(&format!(
            "no device is waiting with the code {code}; check the code on its screen, or have it ask again"
        )),
        "{late:?}"
    );
    assert!(!stdout(&devices(&hub.db, &["list"])).contains("Đang chờ duyệt"));
}
