//! The hub's plain-HTTP side, over real HTTP to a real hub: the JSON API (issue a ticket,
//! idempotent retries, errors, call next), `/metrics`, and server-sent events at `/events`
//! (snapshot, `Last-Event-ID` replay, live events).

use serde_json::{Value, json};
use shared::store::api_keys::Scope;
use tests::sse::{Sse, Stream};
use tests::{OFFICE_KEY, Raw, TestHub, default_office, http, metric, settled_seq};

/// `POST path` with `extra` headers, and an API key of the route's scope unless they hold
/// an Authorization; returns the status and the JSON body.
async fn post(hub: &TestHub, path: &str, extra: &[(&str, &str)], body: &str) -> (u16, Value) {
    let bearer = hub.bearer(match path {
        "/api/tickets" => Scope::Issue,
        _ => Scope::Call,
    });
    let mut headers = extra.to_vec();
    if !extra.iter().any(|(name, _)| *name == "Authorization") {
        headers.push(("Authorization", &bearer));
    }
    let (status, text) = http(hub, "POST", path, &headers, body).await;
    let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text:?}"));
    (status, json)
}

/// Only the named members of a JSON object.
fn pick(v: &Value, keys: &[&str]) -> Value {
    keys.iter().map(|k| (k.to_string(), v[k].clone())).collect()
}

/// Issues a ticket over the API (`body` as JSON) and returns its display number.
async fn issue(hub: &TestHub, body: &str) -> String {
    let (status, view) = post(hub, "/api/tickets", &[], body).await;
    assert_eq!(status, 201, "{view}");
    view["display"].as_str().expect("display").to_string()
}

const VL: &str = r#"{"field":"VL"}"#;
type Headers = &'static [(&'static str, &'static str)];

/// Requests to `/api/tickets` that fail: name, headers, body, status, error and the start of
/// the message.
#[rustfmt::skip]
const API_ERRORS: &[(&str, Headers, &str, u16, &str, &str)] = &[
    ("wrong key", &[("Authorization", "Bearer wrong")], VL, 401, "unauthorized",
        "this API key is not one of the office's"),
    ("the office key", &[("Authorization", concat!("Bearer ", "doi-khoa-nay-truoc-khi-dung"))],
        VL, 401, "unauthorized", "this API key is not one of the office's"),
    ("key without Bearer", &[("Authorization", OFFICE_KEY)], VL, 401, "unauthorized",
        "send Authorization: Bearer <API key>"),
    ("bad JSON", &[], "{field", 400, "bad_message", "not a valid ticket request: key must"),
    ("unknown JSON key", &[], r#"{"field":"VL","colour":"red"}"#, 400, "bad_message",
        "not a valid ticket request: unknown field `colour`"),
    ("key over 64 chars", &[("Idempotency-Key", LONG_KEY)], VL, 400, "bad_message",
        "Idempotency-Key has 1 to 64 characters"),
    ("unknown field", &[], r#"{"field":"XX"}"#, 409, "refused", "unknown field XX"),
];
const LONG_KEY: &str = "0123456789012345678901234567890123456789012345678901234567890123456789";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_issues_calls_and_refuses() {
    let hub = TestHub::start(default_office()).await;
    let day = settled_seq(&hub).await;
    let key = [("Idempotency-Key", "req-1")];
    let (status, first) = post(&hub, "/api/tickets", &key, VL).await;
    assert_eq!(status, 201, "{first}");
    assert!(first["id"].is_u64(), "{first}");
    let id = shared::model::TicketId(first["id"].as_u64().expect("id"));
    let link = shared::hub::links::ticket_path(&hub.links_key(), id);
    let expected = json!({"id": first["id"], "display": "A001", "field": "VL", "class": "regular",
        "state": "waiting", "people_ahead": 0, "estimated_wait_minutes": null, "counter": null,
        "link": link});
    assert_eq!(first, expected);
    // The link is the ticket's phone page, for the integration to print or send.
    let (status, page) = http(&hub, "GET", &link, &[], "").await;
    assert!(status == 200 && page.contains("A001"), "{status}: {page}");
    assert_eq!(settled_seq(&hub).await, day + 1, "one ticket, one event");
    let (status, again) = post(&hub, "/api/tickets", &key, VL).await;
    assert_eq!(
        (status, &again),
        (201, &first),
        "a keyed retry: the same ticket"
    );
    assert_eq!(
        settled_seq(&hub).await,
        day + 1,
        "a keyed retry issues nothing"
    );

    for &(name, headers, body, code, error, message) in API_ERRORS {
        let (status, reply) = post(&hub, "/api/tickets", headers, body).await;
        assert_eq!(
            (status, &reply["error"]),
            (code, &json!(error)),
            "{name}: {reply}"
        );
        let text = reply["message"].as_str().unwrap_or_default();
        assert!(
            text.starts_with(message),
            "{name}: {text:?} is not {message:?}…"
        );
    }
    let (_, refused) = post(&hub, "/api/tickets", &[], r#"{"field":"XX"}"#).await;
    let unknown_field = json!({"refusal": "unknown_field", "field": "XX"});
    assert_eq!(refused["refusal"], unknown_field, "{refused}");
    let (status, _) = http(&hub, "POST", "/api/tickets", &[], VL).await;
    assert_eq!(status, 401, "no Authorization header");
    let huge = format!(r#"{{"field":"VL","class":"{}"}}"#, "x".repeat(70 * 1024));
    let (status, too_large) = post(&hub, "/api/tickets", &[], &huge).await;
    assert_eq!((status, &too_large["error"]), (413, &json!("too_large")));
    assert_eq!(settled_seq(&hub).await, day + 1, "errors issue nothing");

    // The retry used no number: the next are A002 (priority, nobody ahead) and A003.
    let elderly = r#"{"field":"VL","class":"elderly"}"#;
    let (_, a002) = post(&hub, "/api/tickets", &[], elderly).await;
    let (_, a003) = post(&hub, "/api/tickets", &[], VL).await;
    let keys = ["display", "class", "people_ahead"];
    let want = json!({"display": "A002", "class": "elderly", "people_ahead": 0});
    assert_eq!(pick(&a002, &keys), want);
    let want = json!({"display": "A003", "class": "regular", "people_ahead": 2});
    assert_eq!(pick(&a003, &keys), want, "A002 and A001 are ahead of A003");

    let call_next = "/api/counters/1/call-next";
    let (status, closed) = post(&hub, call_next, &[], "").await;
    let counter_closed = json!({"refusal": "counter_closed", "counter": 1});
    assert_eq!(
        (status, &closed["refusal"]),
        (409, &counter_closed),
        "{closed}"
    );
    let mut admin = Raw::hello(&hub, "admin", "manager", None).await;
    let open = json!({"command": "open_counter", "counter": 1, "clerk": "lan", "fields": []});
    admin
        .send_json(&json!({"type": "command", "id": 1, "command": open}))
        .await;
    let opened = admin.reply().await.expect("reply to open_counter");
    assert_eq!(
        pick(&opened, &["type", "id"]),
        json!({"type": "reply", "id": 1}),
        "{opened}"
    );
    let (status, called) = post(&hub, call_next, &[], "").await;
    assert_eq!(status, 200, "{called}");
    let keys = ["display", "state", "counter", "people_ahead"];
    let want = json!({"display": "A002", "state": "called", "counter": 1, "people_ahead": 0});
    assert_eq!(pick(&called, &keys), want, "priority first");
    let (status, _) = http(&hub, "POST", call_next, &[], "").await;
    assert_eq!(status, 401, "call-next needs the key");
    let (status, unknown) = post(&hub, "/api/counters/99/call-next", &[], "").await;
    let unknown_counter = json!({"refusal": "unknown_counter", "counter": 99});
    assert_eq!(
        (status, &unknown["refusal"]),
        (409, &unknown_counter),
        "{unknown}"
    );

    // Applied: the clock's start of the day, A001, A002, A003, open_counter and call-next.
    // The keyed retry of A001 is answered from the log and counted as repeated.
    let applied = metric(&hub, r#"queue_commands_total{result="applied"}"#).await;
    assert_eq!(applied, 6, "applied commands");
    let repeated = metric(&hub, r#"queue_commands_total{result="repeated"}"#).await;
    assert_eq!(repeated, 1, "repeated commands");
    // Refused: field XX twice, call-next at closed counter 1 and at unknown counter 99.
    let refused = metric(&hub, r#"queue_commands_total{result="refused"}"#).await;
    assert_eq!(refused, 4, "refused commands");
    let failed = metric(&hub, r#"queue_commands_total{result="failed"}"#).await;
    assert_eq!(failed, 0, "failed commands");
    let all = metric(&hub, "queue_batched_commands_total").await;
    assert_eq!(
        all,
        applied + repeated + refused,
        "every submission has one result"
    );
    assert_eq!(metric(&hub, "queue_last_event_seq").await, day + 5);
    hub.hub.stop().await.expect("hub stops");
}

/// Each event's name and id.
fn ids(events: &[Sse]) -> Vec<(&str, u64)> {
    events
        .iter()
        .map(|e| (e.event.as_str(), e.id.unwrap_or(0)))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_snapshot_replay_and_live() {
    let hub = TestHub::start(default_office()).await;
    let day = settled_seq(&hub).await;
    for _ in 0..3 {
        issue(&hub, VL).await;
    }
    let last = day + 3;
    // The stream carries the whole state: only for an API key with scope read.
    let read = format!("Authorization: {}\r\n", hub.bearer(Scope::Read));

    // Opening checks the answer is `200` with `content-type: text/event-stream`.
    let mut fresh = Stream::open_with(&hub, "/events", &read).await;
    let opening = fresh.until(1).await;
    let snapshot = [("snapshot", last)];
    assert_eq!(
        ids(&opening),
        snapshot,
        "a new stream starts with a snapshot"
    );
    let state = &opening[0].data;
    assert_eq!(state["last_seq"], last, "{state}");

    let header = format!("Last-Event-ID: {}\r\n", day + 1);
    let mut resumed = Stream::open_with(&hub, "/events", &format!("{read}{header}")).await;
    let replay = resumed.until(2).await;
    assert_eq!(
        ids(&replay),
        [("queue", day + 2), ("queue", day + 3)],
        "the two after"
    );
    for (e, display) in replay.iter().zip(["A002", "A003"]) {
        let want = json!({"seq": e.id, "event": "ticket_issued", "display": display});
        assert_eq!(pick(&e.data, &["seq", "event", "display"]), want);
    }
    let mut from_zero =
        Stream::open_with(&hub, "/events", &format!("{read}Last-Event-ID: 0\r\n")).await;
    let all = from_zero.until(4).await;
    let seqs: Vec<u64> = all.iter().filter_map(|e| e.id).collect();
    assert_eq!(
        seqs,
        (1..=last).collect::<Vec<_>>(),
        "from 0: the whole log"
    );
    assert_eq!(all[0].data["event"], "day_started", "{:?}", all[0]);
    // Up to date, by query string (for clients that cannot set headers): nothing to replay.
    let mut current = Stream::open_with(&hub, &format!("/events?last={last}"), &read).await;
    // An id from the future (say, the hub's database was reset): a snapshot instead.
    let mut ahead =
        Stream::open_with(&hub, "/events", &format!("{read}Last-Event-ID: 999\r\n")).await;
    assert_eq!(ids(&ahead.until(1).await), snapshot, "ahead of the hub");

    // A new ticket reaches every open stream once, as `event: queue`.
    assert_eq!(issue(&hub, VL).await, "A004");
    let live = ("queue", last + 1);
    let got = fresh.until(2).await;
    assert_eq!(ids(&got), [snapshot[0], live], "fresh stream");
    let got = resumed.until(3).await;
    let want = [("queue", day + 2), ("queue", day + 3), live];
    assert_eq!(
        ids(&got),
        want,
        "exactly the events after Last-Event-ID, then live"
    );
    assert_eq!(got[2].data["display"], "A004", "{:?}", got[2]);
    assert_eq!(ids(&current.until(1).await), [live], "up-to-date stream");
    assert_eq!(
        ids(&ahead.until(2).await),
        [snapshot[0], live],
        "stream from a snapshot"
    );
    assert_eq!(from_zero.until(5).await.len(), 5, "stream from 0");
    hub.hub.stop().await.expect("hub stops");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreadable_last_event_id_is_a_clear_400() {
    let hub = TestHub::start(default_office()).await;
    for (path, header) in [
        ("/events", "Last-Event-ID: yesterday\r\n"),
        ("/events?last=-3", ""),
    ] {
        let read = hub.bearer(Scope::Read);
        let mut request: Vec<(&str, &str)> = header
            .strip_suffix("\r\n")
            .and_then(|h| h.split_once(": "))
            .into_iter()
            .collect();
        request.push(("Authorization", &read));
        let (status, body) = http(&hub, "GET", path, &request, "").await;
        assert_eq!(status, 400, "{path} {header}: {body}");
        assert!(
            body.contains("must be the number of the last event received"),
            "{body}"
        );
    }
    hub.hub.stop().await.expect("hub stops");
}
