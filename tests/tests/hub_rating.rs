//! Ratings over real HTTP and WebSocket to a real hub: the counter's tablet rates only the
//! tickets finished at its counter, the ticket page only its own ticket, each ticket once;
//! links with a wrong token change nothing; a counter device rates only as its own tablet;
//! the manager's overview opens after the manager signs in (more in `hub_reports`).

mod page_support;

use page_support::{counter, issue};
use serde_json::{Value, json};
use shared::client::{Client, ClientError};
use shared::engine::{Command, Score, Via};
use shared::hub::links::{tablet_path, ticket_path};
use shared::model::{CounterId, TicketId};
use tests::{MANAGER, OFFICE_KEY, Raw, TestHub, default_office, http, hub_state};

/// Calls the next ticket at the counter and finishes it.
async fn serve(client: &Client, n: u16) {
    let counter = CounterId(n);
    client
        .command(Command::CallNext { counter })
        .await
        .expect("called");
    client
        .command(Command::Finish { counter })
        .await
        .expect("finished");
}

/// `POST path` with a JSON body; the status and the JSON answer.
async fn post(hub: &TestHub, path: &str, body: Value) -> (u16, Value) {
    let (status, text) = http(hub, "POST", path, &[], &body.to_string()).await;
    let answer = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, answer)
}

fn refusal(answer: &Value) -> &str {
    answer["refusal"]["refusal"].as_str().unwrap_or("")
}

async fn rated(hub: &TestHub) -> Vec<Value> {
    hub_state(hub).await["rated"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tablet_rates_the_ticket_just_served_at_its_counter_once() {
    let hub = TestHub::start(default_office()).await;
    let one = counter(&hub, 1, "lan", "1111").await;
    let _two = counter(&hub, 2, "hung", "2222").await;
    let ticket = issue(&hub, "VL").await;
    serve(&one, 1).await;

    let tablet = |n: u16| tablet_path(OFFICE_KEY, CounterId(n));
    let rating = |n: u16| tablet(n).replacen('?', "/rating?", 1);
    let (status, page) = http(&hub, "GET", &tablet(1), &[], "").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Quầy 1") && page.contains("\"number\":\"A001\""),
        "{page}"
    );

    let vote = json!({ "ticket": ticket.0, "score": "very_satisfied", "reason": "Nhanh gọn" });
    let (status, answer) = post(&hub, &rating(2), vote.clone()).await;
    assert_eq!(
        (status, refusal(&answer)),
        (409, "wrong_counter"),
        "{answer}"
    );

    let wrong_token = format!("/rate/1/rating?k={}", "0".repeat(32));
    let (status, answer) = post(&hub, &wrong_token, vote.clone()).await;
    assert_eq!(status, 404, "{answer}");
    assert!(
        answer
            .as_str()
            .unwrap_or("")
            .contains("Không tìm thấy phiếu")
    );
    let (status, _) = http(&hub, "GET", "/rate/1?k=abc", &[], "").await;
    assert_eq!(status, 404);
    let (status, _) = http(&hub, "GET", &tablet(1).replacen("/1?", "/9?", 1), &[], "").await;
    assert_eq!(status, 404, "no counter 9");
    assert!(
        rated(&hub).await.is_empty(),
        "refused ratings change nothing"
    );

    let (status, answer) = post(&hub, &rating(1), vote.clone()).await;
    assert_eq!((status, &answer), (200, &json!({ "ok": true })));
    assert_eq!(rated(&hub).await, [json!(ticket.0)]);

    let (status, answer) = post(&hub, &rating(1), vote).await;
    assert_eq!(
        (status, refusal(&answer)),
        (409, "already_rated"),
        "{answer}"
    );
    let page_rating = format!("{}/rating", ticket_path(OFFICE_KEY, ticket));
    let (status, answer) = post(&hub, &page_rating, json!({ "score": "neutral" })).await;
    assert_eq!(
        (status, refusal(&answer)),
        (409, "already_rated"),
        "{answer}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ticket_page_rates_its_own_ticket_once_it_is_served() {
    let hub = TestHub::start(default_office()).await;
    let one = counter(&hub, 1, "lan", "1111").await;
    let ticket = issue(&hub, "VL").await;
    let other = issue(&hub, "VL").await;
    let rating = |t: TicketId| format!("{}/rating", ticket_path(OFFICE_KEY, t));

    let (status, answer) = post(&hub, &rating(ticket), json!({ "score": "satisfied" })).await;
    assert_eq!((status, refusal(&answer)), (409, "not_served"), "{answer}");
    serve(&one, 1).await;

    // A page's token opens only its own ticket: another id with it is not found.
    let token = ticket_path(OFFICE_KEY, ticket)
        .rsplit_once('.')
        .expect("a token")
        .1
        .to_string();
    let forged = format!("/t/{}.{token}/rating", other.0);
    let (status, _) = post(&hub, &forged, json!({ "score": "satisfied" })).await;
    assert_eq!(status, 404);

    let (status, answer) = post(
        &hub,
        &rating(ticket),
        json!({ "score": "satisfied", "colour": 1 }),
    )
    .await;
    assert_eq!(
        (status, answer["error"].as_str()),
        (400, Some("bad_message"))
    );
    let long = "x".repeat(301);
    let (status, answer) = post(
        &hub,
        &rating(ticket),
        json!({ "score": "satisfied", "reason": long }),
    )
    .await;
    assert_eq!(
        (status, refusal(&answer)),
        (409, "bad_rating_reason"),
        "{answer}"
    );
    // Whatever the page claims, it rates its own ticket.
    let (status, answer) = post(
        &hub,
        &rating(ticket),
        json!({ "score": "dissatisfied", "ticket": other.0, "reason": " Chờ lâu " }),
    )
    .await;
    assert_eq!((status, &answer), (200, &json!({ "ok": true })));
    assert_eq!(rated(&hub).await, [json!(ticket.0)]);
    let (status, answer) = post(&hub, &rating(ticket), json!({ "score": "satisfied" })).await;
    assert_eq!(
        (status, refusal(&answer)),
        (409, "already_rated"),
        "{answer}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_counter_device_cannot_rate_its_own_tickets() {
    let hub = TestHub::start(default_office()).await;
    let one = counter(&hub, 1, "lan", "1111").await;
    let ticket = issue(&hub, "VL").await;
    serve(&one, 1).await;
    let rate = |via| Command::RateTicket {
        ticket,
        score: Score::Satisfied,
        reason: None,
        via,
    };
    // Neither as its own tablet nor as the ticket's page: ratings are the citizen's.
    for via in [
        Via::Tablet {
            counter: CounterId(1),
        },
        Via::TicketPage,
    ] {
        match one.command(rate(via)).await {
            Err(ClientError::Rejected { code, message }) => {
                assert_eq!(code, shared::protocol::ErrorCode::Forbidden);
                assert_eq!(
                    message,
                    "a counter may not rate tickets; ratings come from the citizen, on the ticket's page or the counter's rating tablet"
                );
            }
            other => panic!("counter 1 rated its own ticket as {via:?}: {other:?}"),
        }
    }
    let mut kiosk = Raw::hello(&hub, "kiosk", "kiosk-1", None).await;
    kiosk
        .send_json(&json!({ "type": "command", "id": 1, "command": {
            "command": "rate_ticket", "ticket": ticket.0, "score": "satisfied",
            "via": { "from": "ticket_page" } } }))
        .await;
    let reply = kiosk.reply().await.expect("a reply");
    assert_eq!(reply["code"], "forbidden", "{reply}");
    assert!(rated(&hub).await.is_empty());
    // The counter's rating tablet still rates the ticket just served there.
    let tablet = tablet_path(OFFICE_KEY, CounterId(1)).replacen('?', "/rating?", 1);
    let vote = json!({ "ticket": ticket.0, "score": "satisfied" });
    let (status, answer) = post(&hub, &tablet, vote).await;
    assert_eq!((status, &answer), (200, &json!({ "ok": true })));
    assert_eq!(rated(&hub).await, [json!(ticket.0)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_follows_the_office_live() {
    let hub = TestHub::start(default_office()).await;
    let mut page = page_support::Chromium::start().await;
    page.goto(&format!("{}/overview", hub.http_url())).await;
    // No session yet: the sign-in, which comes back to the overview.
    page.sign_in(MANAGER.0, MANAGER.1).await;
    page.shows("Tổng quan trực tiếp").await;
    assert_eq!(page.eval("location.pathname").await, "/overview");
    page.shows("Báo cáo").await;
    page.shows("Đóng").await;
    page.eval("window.notReloaded = true").await;

    let five = counter(&hub, 5, "huong", "5555").await;
    page.shows("Võ Thu Hương").await;
    five.command(Command::Pause {
        counter: CounterId(5),
        reason: "Họp giao ban".into(),
    })
    .await
    .expect("paused");
    page.shows("Tạm dừng: Họp giao ban").await;
    issue(&hub, "NCC").await;
    page.shows("không có quầy").await;
    assert_eq!(page.eval("window.notReloaded === true").await, true);
}
