//! TLS on the hub's one port, with real sockets on loopback: HTTPS and WSS with the hub's
//! own certificate (kept across restarts) or the office's, devices that pin it, staff
//! pages sent to HTTPS with `Secure` cookies, public pages on both, and a client that
//! never finishes its handshake holding up no one.

use std::time::Duration;

use shared::client::tls::{ConnectError, Trust, connect, fingerprint};
use shared::client::{Client, Link, PairRequest, Update, pair};
use shared::engine::Command;
use shared::hub::links::{tablet_path, ticket_path};
use shared::model::{CounterId, FieldCode, PriorityClass, Source, TicketId};
use shared::protocol::Role;
use shared::store::api_keys::Scope;
use tests::{
    MANAGER, TestHub, default_office, eventually, exchange, http, http_with_head, https,
    https_with_head, identity, tls_to,
};
use tokio::io::AsyncWriteExt;

/// Fails a step that hangs instead of waiting for ever (not a measure of speed).
async fn within<T>(what: &str, step: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), step)
        .await
        .unwrap_or_else(|_| panic!("{what} never finished"))
}

/// The certificate a TLS connection to `hub` is shown, as its SHA-256.
async fn shown_certificate(hub: &TestHub) -> String {
    let stream = tls_to(hub.hub.addr).await;
    let (_, connection) = stream.get_ref();
    let certificate = connection
        .peer_certificates()
        .and_then(|c| c.first())
        .expect("the hub shows a certificate");
    fingerprint(certificate)
}

/// The WebSocket URL of `hub` over TLS.
fn wss(hub: &TestHub) -> String {
    format!("wss://{}/ws", hub.hub.addr)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_and_wss_answer_with_the_hubs_own_certificate_kept_across_restarts() {
    let hub = TestHub::start(default_office()).await;
    let pinned = hub.hub.certificate.clone();
    assert_eq!(pinned.len(), 64, "a SHA-256 in hex: {pinned}");
    assert_eq!(shown_certificate(&hub).await, pinned);
    let (status, body) = https(&hub, "GET", "/health", &[], "").await;
    assert_eq!(status, 200, "{body}");
    // Pairing accepts the certificate once and reports it; a pinned device gets in.
    let (_, seen) = connect(&wss(&hub), Trust::FirstUse).await.expect("WSS");
    assert_eq!(seen.as_deref(), Some(pinned.as_str()));
    let (_, seen) = connect(&wss(&hub), Trust::Pinned(&pinned.to_uppercase()))
        .await
        .expect("WSS, pinned");
    assert_eq!(seen.as_deref(), Some(pinned.as_str()));

    // The certificate is made once and kept with the office's data.
    let hub = hub.restart().await;
    assert_eq!(
        hub.hub.certificate, pinned,
        "the same certificate after a restart"
    );
    assert_eq!(shown_certificate(&hub).await, pinned);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_https_hub_url_works_end_to_end_with_the_real_client() {
    let hub = TestHub::start(default_office()).await;
    let mut kiosk = identity(
        &hub.db,
        &format!("https://{}", hub.hub.addr),
        Role::Kiosk,
        "kiosk-1",
        None,
    );
    kiosk.hub_certificate = Some(hub.hub.certificate.clone());
    let (client, _updates) = Client::start(kiosk);
    within("the kiosk online over WSS", async {
        eventually("kiosk online", Duration::from_secs(15), || {
            client.link() == Link::Online
        })
        .await
    })
    .await;
    let issued = client
        .command(Command::IssueTicket {
            field: FieldCode::new("VL"),
            class: PriorityClass::Regular,
            source: Source::Kiosk("kiosk-1".into()),
        })
        .await
        .expect("a ticket issued over WSS");
    assert!(!issued.is_empty());
    let state = tests::hub_state(&hub).await;
    assert!(
        state.to_string().contains("\"display\":\"A001\""),
        "the ticket is in the hub: {state}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_pinned_to_another_certificate_is_refused_with_a_clear_error() {
    let hub = TestHub::start(default_office()).await;
    let other = "ab".repeat(32);
    let refused = connect(&wss(&hub), Trust::Pinned(&other))
        .await
        .expect_err("refused");
    assert_eq!(
        refused,
        ConnectError::WrongCertificate {
            url: wss(&hub),
            pinned: other.clone(),
            seen: hub.hub.certificate.clone(),
        }
    );
    let words = refused.to_string();
    assert!(
        words.contains("other than the one this device was paired with")
            && words.contains("pair this device again"),
        "{words}"
    );

    // The app's client says the same, and stays offline.
    let url = format!("https://{}", hub.hub.addr);
    let mut counter = identity(&hub.db, &url, Role::Counter, "quay-1", Some(1));
    counter.hub_certificate = Some(other);
    let (client, mut updates) = Client::start(counter);
    let reason = within("the client gives up its first try", async {
        loop {
            if let Some(Update::Disconnected(reason)) = updates.recv().await {
                return reason;
            }
        }
    })
    .await;
    assert!(
        reason.contains("other than the one this device was paired with"),
        "{reason}"
    );
    assert_eq!(client.link(), Link::Offline);

    // A device with no pin cannot check who answers, so it does not try.
    let (client, mut updates) =
        Client::start(identity(&hub.db, &url, Role::Counter, "quay-2", Some(2)));
    let Some(Update::Disconnected(reason)) = updates.recv().await else {
        panic!("disconnected first")
    };
    assert!(reason.contains("no pinned certificate"), "{reason}");
    assert_eq!(client.link(), Link::Offline);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_pages_over_plain_http_are_sent_to_https_from_every_address() {
    let hub = TestHub::start(default_office()).await;
    let host = hub.hub.addr.to_string();
    for (method, path) in [
        ("GET", "/reports?period=today&lang=en"),
        ("GET", "/reports.csv?period=today&by=field"),
        ("GET", "/reports/tickets.csv"),
        ("POST", "/reports/login"),
        ("POST", "/reports/logout"),
        ("GET", "/overview"),
        ("GET", "/overview/events"),
        ("POST", "/overview/dismiss"),
    ] {
        let tcp = tokio::net::TcpStream::connect(hub.hub.addr)
            .await
            .expect("connect");
        let (status, head, _) = exchange(tcp, method, path, &[("Host", &host)], "").await;
        assert_eq!(status, 308, "{method} {path}: {head}");
        let location = format!("location: https://{host}{path}\r\n").to_ascii_lowercase();
        assert!(
            format!("{head}\r\n").contains(&location),
            "{method} {path}: {head}"
        );
        assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    }
    // Over TLS the same pages answer.
    let (status, body) = https(&hub, "GET", "/reports", &[], "").await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("name=\"pin\""), "the sign-in form");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_over_https_sets_a_secure_cookie_that_opens_the_staff_pages() {
    let hub = TestHub::start(default_office()).await;
    let form = format!("clerk={}&pin={}&next=/overview", MANAGER.0, MANAGER.1);
    let form_type = ("Content-Type", "application/x-www-form-urlencoded");
    let (status, head, _) =
        https_with_head(&hub, "POST", "/reports/login", &[form_type], &form).await;
    assert_eq!(status, 303, "{head}");
    let cookie_line = head
        .lines()
        .find(|l| l.starts_with("set-cookie: reports_session="))
        .unwrap_or_else(|| panic!("a session cookie: {head}"));
    assert!(cookie_line.ends_with("; secure"), "{cookie_line}");
    assert!(cookie_line.contains("httponly"), "{cookie_line}");
    let cookie = cookie_line
        .trim_start_matches("set-cookie: ")
        .split(';')
        .next()
        .expect("name=value")
        .to_string();
    let (status, body) = https(&hub, "GET", "/overview", &[("Cookie", &cookie)], "").await;
    assert_eq!(status, 200, "{body}");
    let (status, _, _) =
        https_with_head(&hub, "POST", "/reports/logout", &[("Cookie", &cookie)], "").await;
    assert_eq!(status, 303);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_pages_answer_over_plain_http_and_https_alike() {
    let hub = TestHub::start(default_office()).await;
    let issued = https(
        &hub,
        "POST",
        "/api/tickets",
        &[("Authorization", &hub.bearer(Scope::Issue))],
        r#"{"field":"VL"}"#,
    )
    .await;
    assert_eq!(issued.0, 201, "{}", issued.1);
    let links = hub.links_key();
    let ticket = ticket_path(&links, TicketId(1));
    let tablet = tablet_path(&links, CounterId(1));
    for path in [
        ticket.as_str(),
        tablet.as_str(),
        "/display",
        "/display/display.js",
        "/web/ticket.css",
        "/health",
    ] {
        let (plain, body) = http(&hub, "GET", path, &[], "").await;
        assert_eq!(plain, 200, "{path} over plain HTTP: {body}");
        let (secure, body) = https(&hub, "GET", path, &[], "").await;
        assert_eq!(secure, 200, "{path} over HTTPS: {body}");
    }
    // A session cookie is never set on a public page, over either.
    let (_, head, _) = http_with_head(&hub, "GET", &ticket, &[], "").await;
    assert!(!head.contains("set-cookie"), "{head}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_finishes_its_handshake_holds_up_no_one() {
    let hub = TestHub::start(default_office()).await;
    // Some that connect and say nothing, some that stop inside their ClientHello, and
    // some that send a plain request line but never end its head.
    let mut stalled = Vec::new();
    for _ in 0..4 {
        let silent = tokio::net::TcpStream::connect(hub.hub.addr)
            .await
            .expect("connect");
        let mut half_hello = tokio::net::TcpStream::connect(hub.hub.addr)
            .await
            .expect("connect");
        half_hello
            .write_all(&[
                0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03,
            ])
            .await
            .expect("part of a ClientHello");
        let mut half_request = tokio::net::TcpStream::connect(hub.hub.addr)
            .await
            .expect("connect");
        half_request
            .write_all(b"GET /health HTTP/1.1\r\n")
            .await
            .expect("half a request");
        stalled.extend([silent, half_hello, half_request]);
    }
    // Meanwhile everyone else is served, over TLS and plain, devices too.
    within("others served while twelve clients stall", async {
        for _ in 0..5 {
            assert_eq!(https(&hub, "GET", "/health", &[], "").await.0, 200);
            assert_eq!(http(&hub, "GET", "/health", &[], "").await.0, 200);
        }
        let (_, seen) = connect(&wss(&hub), Trust::Pinned(&hub.hub.certificate))
            .await
            .expect("a device over WSS");
        assert_eq!(seen, Some(hub.hub.certificate.clone()));
    })
    .await;
    for mut stream in stalled {
        stream.flush().await.expect("still open");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_offices_own_certificate_is_served_when_configured() {
    let dir = tempfile::tempdir().expect("temp dir");
    let made = rcgen::generate_simple_self_signed(vec!["queue.office.lan".to_string()])
        .expect("a certificate");
    let (cert_file, key_file) = (dir.path().join("hub.pem"), dir.path().join("hub.key"));
    std::fs::write(&cert_file, made.cert.pem()).expect("write");
    std::fs::write(&key_file, made.signing_key.serialize_pem()).expect("write");
    let expected = fingerprint(made.cert.der());

    let mut office = (*default_office()).clone();
    office.hub.tls_certificate = Some(cert_file);
    office.hub.tls_key = Some(key_file);
    let hub = TestHub::start(std::sync::Arc::new(office)).await;
    assert_eq!(hub.hub.certificate, expected);
    assert_eq!(shown_certificate(&hub).await, expected);
    let (_, seen) = connect(&wss(&hub), Trust::Pinned(&expected))
        .await
        .expect("a device pinned to the office's certificate");
    assert_eq!(seen, Some(expected));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pairing_over_https_pins_the_hubs_certificate_and_the_credential_then_works() {
    let hub = TestHub::start(default_office()).await;
    let (code_tx, mut code_rx) = tokio::sync::mpsc::unbounded_channel();
    let url = format!("https://{}", hub.hub.addr);
    let asked = PairRequest {
        device: "quay-4".into(),
        role: Role::Counter,
        counter: Some(CounterId(4)),
    };
    let pairing = tokio::spawn(async move {
        pair(&url, asked, move |code| {
            let _ = code_tx.send(code);
        })
        .await
    });
    let code = within("a pairing code", code_rx.recv())
        .await
        .expect("a code");
    // The manager approves it (as `kiosk devices approve` does).
    let mut conn = shared::store::open_file(&hub.db).expect("open the database");
    let approval = shared::store::pairing::Approval {
        role: Role::Counter,
        counter: Some(CounterId(4)),
        name: None,
    };
    shared::store::pairing::approve(&mut conn, &code, &approval, chrono::Utc::now())
        .expect("approved");
    let credential = within("paired", pairing)
        .await
        .expect("task")
        .expect("paired");
    assert_eq!(
        credential.hub_certificate.as_deref(),
        Some(hub.hub.certificate.as_str()),
        "the certificate the hub showed is pinned"
    );
    // The credential alone brings the counter online over WSS.
    let (client, _updates) = Client::start(credential.identity());
    within("the paired counter online", async {
        eventually("online", Duration::from_secs(15), || {
            client.link() == Link::Online
        })
        .await
    })
    .await;
}
