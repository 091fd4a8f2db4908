//! The route table: who may read or do what on a real hub on loopback. Every HTTP route the
//! hub's source declares is asked without credentials, with wrong ones, with ones that are
//! real but not enough (another scope, another kind, a link forged from the shipped office
//! key) and with the right ones, and the exact answer of each is checked; then the
//! WebSocket roles likewise. The table is the one in docs/routes.md, so the docs cannot
//! drift from the hub: a mismatch prints the table as it is now, ready to paste.

#[path = "page_support/mod.rs"]
mod page_support;
#[path = "route_table/mod.rs"]
mod route_table;

use std::collections::BTreeSet;

use page_support::{counter, issue};
use route_table::{Answer, Credentials, ROWS, Table, ask, declared_routes, hello};
use shared::engine::Command;
use shared::hub::links::{tablet_path, ticket_path};
use shared::model::CounterId;
use shared::store::api_keys::Scope;
use tests::{MANAGER, OFFICE_KEY, TestHub, default_office};

/// Counter 1 calls, serves and finishes its next ticket.
async fn serve_next(one: &shared::client::Client) {
    for command in [
        Command::CallNext {
            counter: CounterId(1),
        },
        Command::StartServing {
            counter: CounterId(1),
        },
        Command::Finish {
            counter: CounterId(1),
        },
    ] {
        one.command(command).await.expect("accepted");
    }
}

/// The table as docs/routes.md holds it, between its markers.
fn documented() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/routes.md");
    let doc = std::fs::read_to_string(&path).expect("docs/routes.md");
    let start = doc
        .find(route_table::BEGIN)
        .expect("the table's start marker")
        + route_table::BEGIN.len();
    let end = doc.find(route_table::END).expect("the table's end marker");
    doc[start..end].trim().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_and_role_answers_exactly_as_the_table_says() {
    // The office with its voice pack found from here, so the call sound is really made.
    let mut office = (*default_office()).clone();
    office.voice.pack = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../assets/voice/vi")
        .display()
        .to_string();
    let hub = TestHub::start(std::sync::Arc::new(office)).await;
    let listed: BTreeSet<String> = ROWS.iter().map(|r| r.pattern.to_string()).collect();
    assert_eq!(
        declared_routes(),
        listed,
        "every route of the hub has a row in the table"
    );

    // Counter 1 open with two tickets served and finished there (the first for its page's
    // rating, the second for the tablet's), and one waiting to be called over the API.
    let one = counter(&hub, 1, "lan", "1111").await;
    let page_ticket = issue(&hub, "VL").await;
    let tablet_ticket = issue(&hub, "VL").await;
    for _ in [page_ticket, tablet_ticket] {
        serve_next(&one).await;
    }
    issue(&hub, "VL").await;

    let links = hub.links_key();
    let signed_in = ask(
        &hub,
        "POST",
        "/reports/login",
        &["Content-Type: application/x-www-form-urlencoded".into()],
        &format!("clerk={}&pin={}", MANAGER.0, MANAGER.1),
    )
    .await;
    let cookie = signed_in.cookie.clone().expect("a session cookie");
    let doors = Credentials {
        ticket: ticket_path(&links, page_ticket),
        forged_ticket: ticket_path(OFFICE_KEY, page_ticket),
        tablet: tablet_path(&links, CounterId(1)),
        forged_tablet: tablet_path(OFFICE_KEY, CounterId(1)),
        tablet_ticket,
        keys: Scope::ALL.map(|s| (s, hub.api_key(s))).to_vec(),
        cookie,
    };

    let mut table = Table::default();
    for row in &ROWS {
        let mut answers: Vec<Option<Answer>> = Vec::new();
        for attempt in route_table::ATTEMPTS {
            answers.push(match doors.request(row, attempt) {
                Some(r) => Some(ask(&hub, row.method, &r.path, &r.headers, &r.body).await),
                None => None,
            });
        }
        table.http(row, &answers);
    }
    for role in route_table::ROLES {
        let mut answers = Vec::new();
        for attempt in route_table::ATTEMPTS {
            answers.push(hello(&hub, role, attempt).await);
        }
        table.ws(role, &answers);
    }

    let now = table.markdown();
    println!("{now}");
    assert!(
        now == documented(),
        "the hub's routes answer otherwise than docs/routes.md says; the table now:\n\n{now}\n"
    );
}

/// What a citizen typed when rating, and what a clerk said when pausing.
const RATING_REASON: &str = "cán bộ nói chuyện điện thoại riêng";
const PAUSE_REASON: &str = "họp chi bộ đột xuất";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_streams_carry_only_what_their_page_shows() {
    use tests::sse::Stream;
    let hub = TestHub::start(default_office()).await;
    let one = counter(&hub, 1, "lan", "1111").await;
    let ticket = issue(&hub, "VL").await;
    serve_next(&one).await;
    let links = hub.links_key();
    let rating = serde_json::json!({ "score": "dissatisfied", "reason": RATING_REASON });
    let (status, body) = tests::http(
        &hub,
        "POST",
        &format!("{}/rating", ticket_path(&links, ticket)),
        &[("Content-Type", "application/json")],
        &rating.to_string(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    one.command(Command::Pause {
        counter: CounterId(1),
        reason: PAUSE_REASON.into(),
    })
    .await
    .expect("paused");

    // Each public page's stream, as its page opens it: the opening view is all it knows.
    let tablet = tablet_path(&links, CounterId(1));
    let (rate, key) = tablet.split_once('?').expect("a tablet key");
    for path in [
        "/display/events".to_string(),
        format!("{}/events", ticket_path(&links, ticket)),
        format!("{rate}/events?{key}"),
    ] {
        let mut stream = Stream::open_with(&hub, &path, "").await;
        let opening = stream.until(1).await;
        let seen = format!("{:?}", opening.iter().map(|e| &e.data).collect::<Vec<_>>());
        for secret in [RATING_REASON, PAUSE_REASON, "dissatisfied", "\"lan\""] {
            assert!(!seen.contains(secret), "{path} carries {secret:?}: {seen}");
        }
    }
    // The whole state, reasons included, is for a read key only.
    let read = format!("Authorization: {}\r\n", hub.bearer(Scope::Read));
    let mut whole = Stream::open_with(&hub, "/events", &read).await;
    let seen = format!("{:?}", whole.until(1).await[0].data);
    assert!(
        seen.contains(PAUSE_REASON),
        "the read key sees the state: {seen}"
    );
}
