//! Malformed and unauthorised WebSocket input to a real hub.
//!
//! One table of cases, each sent over a real connection and answered with exactly the error
//! it deserves (code, message, echoed id, refusal). Hello-level cases use a fresh connection
//! each, which the hub must then close. Afterwards nothing has changed (`/health` `last_seq`),
//! and both the old connections and a fresh client still work. A separate test floods one
//! connection with pings and expects `rate_limited` replies on a connection that stays open.

use std::time::Duration;

use serde_json::{Value, json};
use shared::protocol::{PROTOCOL_VERSION, Role};
use tests::{OFFICE_KEY, Raw, TestHub, default_office, metric, settled_seq};

/// Which connection a case is sent on.
#[derive(Clone, Copy)]
enum Conn {
    Admin,
    Display,
    Kiosk,
    /// A counter device at counter 3.
    Counter3,
    /// A new connection with no hello yet; the hub must refuse it and close it.
    Fresh,
}

/// What is sent.
enum Frame {
    Text(String),
    Binary(Vec<u8>),
}

/// How the error message must read.
#[derive(Clone, Copy)]
enum Msg {
    Exact(&'static str),
    Prefix(&'static str),
}

struct Case {
    name: &'static str,
    conn: Conn,
    frame: Frame,
    code: &'static str,
    message: Msg,
    /// The request id the reply must echo (None: the reply has no `id`).
    id: Option<u64>,
    /// The engine's refusal, for `refused`.
    refusal: Option<Value>,
}

fn text(v: Value) -> Frame {
    Frame::Text(v.to_string())
}

fn cmd(id: u64, command: Value) -> Frame {
    text(json!({"type": "command", "id": id, "command": command}))
}

fn hello(role: &str, counter: Option<u16>, token: &str, protocol: u32, device: &str) -> Frame {
    let mut h = json!({"type": "hello", "protocol": protocol, "role": role, "device": device,
        "token": token});
    if let Some(c) = counter {
        h["counter"] = c.into();
    }
    text(h)
}

/// The table. Each row: name, connection, what is sent, code, message, echoed id, refusal.
#[rustfmt::skip]
fn cases(hub: &TestHub) -> Vec<Case> {
    use {Conn::*, Msg::*};
    let c = |name, conn, frame, code, message, id, refusal| {
        Case { name, conn, frame, code, message, id, refusal }
    };
    let big = format!(r#"{{"type":"ping","id":1,"pad":"{}"}}"#, "x".repeat(64 * 1024));
    let call_next = |id, c: u16| cmd(id, json!({"command": "call_next", "counter": c}));
    let keyed = |id, key: String| text(json!({"type": "command", "id": id, "key": key,
        "command": {"command": "call_next", "counter": 1}}));
    let login = |id, clerk| text(json!({"type": "login", "id": id, "clerk": clerk, "pin": "0000"}));
    let v = PROTOCOL_VERSION;
    let admin = hub.token(Role::Admin, "fresh-1", None);
    let kiosk = hub.token(Role::Kiosk, "kiosk-1", None);
    let counter3 = hub.token(Role::Counter, "counter-3", Some(3));
    // Cases refused before the token is looked at carry the kiosk's.
    let ok_hello = |role, counter| hello(role, counter, &kiosk, v, "fresh-1");
    let admin_hello = |clerk: &str, pin: &str| text(json!({"type": "hello", "protocol": v,
        "role": "admin", "device": "fresh-1", "token": admin, "clerk": clerk, "pin": pin}));
    let bad = "bad_message";
    let closed = |n| Some(json!({"refusal": "counter_closed", "counter": n}));
    vec![
        c("not JSON", Admin, Frame::Text("hello there".into()), bad,
            Exact("not a valid message: expected value at line 1 column 1"), None, None),
        c("unknown type", Admin, text(json!({"type": "dance", "id": 5})), bad,
            Prefix("not a valid message: unknown variant `dance`"), Some(5), None),
        // An id that is not a u64 cannot be echoed.
        c("id as a string", Admin,
            text(json!({"type": "command", "id": "7", "command": {"command": "recall", "counter": 1}})),
            bad, Prefix("not a valid message: invalid type: string \"7\", expected u64"), None, None),
        c("unknown command", Admin, cmd(8, json!({"command": "fly"})), bad,
            Prefix("not a valid message: unknown variant `fly`"), Some(8), None),
        c("missing field", Admin, cmd(9, json!({"command": "call_next"})), bad,
            Prefix("not a valid message: missing field `counter`"), Some(9), None),
        c("unknown message field", Admin, text(json!({"type": "ping", "id": 10, "colour": 1})), bad,
            Prefix("not a valid message: unknown field `colour`"), Some(10), None),
        // Too large to parse, so the hub does not look for an id.
        c("over 64 KiB", Admin, Frame::Text(big.clone()), "too_large",
            Exact("message larger than 64 KiB"), None, None),
        c("binary frame", Admin, Frame::Binary(br#"{"type":"ping","id":1}"#.to_vec()), bad,
            Exact("messages are JSON text, not binary"), None, None),
        c("second hello", Admin, hello("admin", None, &admin, v, "fresh-1"), bad,
            Exact("hello was already said"), None, None),
        c("idempotency key over 64 chars", Admin, keyed(11, "k".repeat(65)), bad,
            Exact("an idempotency key has 1 to 64 characters"), Some(11), None),
        c("empty idempotency key", Admin, keyed(12, String::new()), bad,
            Exact("an idempotency key has 1 to 64 characters"), Some(12), None),
        c("display sends call_next", Display, call_next(13, 1), "forbidden",
            Exact("a display only receives; it sends no commands"), Some(13), None),
        c("kiosk sends finish", Kiosk, cmd(14, json!({"command": "finish", "counter": 1})),
            "forbidden", Exact("a kiosk may only issue tickets and report its own problems, not finish"), Some(14), None),
        c("counter 3 calls for counter 4", Counter3, call_next(15, 4), "forbidden",
            Exact("counter 3 may not call_next for counter 4"), Some(15), None),
        c("counter opens itself", Counter3,
            cmd(16, json!({"command": "open_counter", "counter": 3, "clerk": "lan", "fields": []})),
            "forbidden", Exact("a clerk opens a counter by logging in with a PIN"), Some(16), None),
        c("counter closes a field", Counter3, cmd(17, json!({"command": "close_field", "field": "VL"})),
            "forbidden", Exact("a counter may not close_field; that is for the office manager"),
            Some(17), None),
        c("display logs in", Display, login(18, "lan"), "forbidden",
            Exact("only a counter device logs a clerk in"), Some(18), None),
        c("wrong PIN", Counter3, login(19, "lan"), "wrong_pin",
            Exact("wrong PIN for lan"), Some(19), None),
        // An unknown clerk reads exactly like a wrong PIN: no clerk enumeration.
        c("unknown clerk", Counter3, login(20, "nobody"), "wrong_pin",
            Exact("wrong PIN for nobody"), Some(20), None),
        c("call_next at a closed counter", Admin, call_next(21, 1), "refused",
            Exact("counter 1 is closed"), Some(21), closed(1)),
        // Nobody is logged in at counter 3: its device may call, cancel or move nothing.
        c("counter calls with no clerk logged in", Counter3, call_next(22, 3), "forbidden",
            Exact("no clerk is logged in at counter 3: a clerk logs in with a PIN before the counter may call_next"),
            Some(22), None),
        c("counter cancels with no clerk logged in", Counter3,
            cmd(25, json!({"command": "cancel", "ticket": 1})), "forbidden",
            Exact("no clerk is logged in at counter 3: a clerk logs in with a PIN before the counter may cancel"),
            Some(25), None),
        c("counter transfers with no clerk logged in", Counter3,
            cmd(26, json!({"command": "transfer", "ticket": 1, "to": "BHTN", "keep_place": true})), "forbidden",
            Exact("no clerk is logged in at counter 3: a clerk logs in with a PIN before the counter may transfer"),
            Some(26), None),
        c("counter brings back with no clerk logged in", Counter3,
            cmd(27, json!({"command": "bring_back", "ticket": 1})), "forbidden",
            Exact("no clerk is logged in at counter 3: a clerk logs in with a PIN before the counter may bring_back"),
            Some(27), None),
        c("counter rates", Counter3, cmd(28, json!({"command": "rate_ticket", "ticket": 1,
            "score": "satisfied", "via": {"from": "tablet", "counter": 3}})), "forbidden",
            Exact("a counter may not rate tickets; ratings come from the citizen, on the ticket's page or the counter's rating tablet"),
            Some(28), None),
        c("call_next at an unknown counter", Admin, call_next(23, 99), "refused",
            Exact("unknown counter 99"), Some(23),
            Some(json!({"refusal": "unknown_counter", "counter": 99}))),
        c("kiosk issues in an unknown field", Kiosk, cmd(24, json!({"command": "issue_ticket",
            "field": "ZZ", "class": "regular", "source": {"kind": "kiosk", "name": "k"}})),
            "refused", Exact("unknown field ZZ"), Some(24),
            Some(json!({"refusal": "unknown_field", "field": "ZZ"}))),
        // Hello-level: each on a fresh connection, which the hub then closes.
        c("hello: a token that is no device's", Fresh, hello("kiosk", None, "not-a-token", v, "k"),
            "unauthorized", Exact("this device is not paired with the office; pair it again"),
            None, None),
        c("hello: no token", Fresh, hello("kiosk", None, "", v, "k"), "unauthorized",
            Exact("this device has no credential; pair it with the office first"), None, None),
        // The shared office key (the demo's is public) opens no device's connection.
        c("hello: the office key", Fresh, hello("kiosk", None, OFFICE_KEY, v, "kiosk-1"),
            "unauthorized",
            Exact("the office key no longer opens a device's connection; pair this device (docs/devices.md)"),
            None, None),
        c("hello: a kiosk's token copied to another name", Fresh,
            hello("kiosk", None, &kiosk, v, "kiosk-9"), "unauthorized",
            Exact("this token belongs to kiosk-1, not kiosk-9"), None, None),
        c("hello: a counter's token as another counter", Fresh,
            hello("counter", Some(4), &counter3, v, "counter-3"), "unauthorized",
            Exact("this token belongs to counter-3 at counter 3, not counter 4"), None, None),
        c("hello: a counter's token as a kiosk", Fresh,
            hello("kiosk", None, &counter3, v, "counter-3"), "unauthorized",
            Exact("this token belongs to counter-3, a counter, not a kiosk"), None, None),
        c("hello: wrong protocol", Fresh, hello("kiosk", None, &kiosk, 1, "kiosk-1"),
            "protocol_version",
            Exact("this hub speaks protocol 2, the device 1; update the device"), None, None),
        c("hello: first message a ping", Fresh, text(json!({"type": "ping", "id": 1})),
            "bad_hello",
            Exact("the first message must be a hello, or a pair request from a new device"),
            None, None),
        c("hello: not JSON", Fresh, Frame::Text("{".into()), "bad_hello",
            Prefix("not a valid hello: EOF while parsing"), None, None),
        c("hello: binary", Fresh, Frame::Binary(vec![1, 2, 3]), "bad_hello",
            Exact("the first message must be a hello as JSON text"), None, None),
        c("hello: admin without a manager PIN", Fresh, hello("admin", None, &admin, v, "fresh-1"),
            "unauthorized",
            Exact("the admin role needs the login and PIN of an office manager"), None, None),
        c("hello: admin with a clerk who is not a manager", Fresh,
            admin_hello("lan", "1111"), "unauthorized",
            Exact("the admin role needs the login and PIN of an office manager"), None, None),
        c("hello: admin with a wrong PIN", Fresh,
            admin_hello("quanly", "0000"), "unauthorized",
            Exact("the admin role needs the login and PIN of an office manager"), None, None),
        c("hello: unknown role", Fresh, ok_hello("boss", None), "bad_hello",
            Prefix("not a valid hello: unknown variant `boss`"), None, None),
        c("hello: counter without counter", Fresh, ok_hello("counter", None), "bad_hello",
            Exact("a counter device must say which counter it is"), None, None),
        c("hello: counter not in the office", Fresh, ok_hello("counter", Some(99)), "bad_hello",
            Exact("counter 99 is not in this office"), None, None),
        c("hello: empty device name", Fresh, hello("kiosk", None, &kiosk, v, ""), "bad_hello",
            Exact("a device name has 1 to 64 printable characters"), None, None),
        c("hello: over 64 KiB", Fresh, Frame::Text(big), "too_large",
            Exact("the hello is larger than 64 KiB"), None, None),
    ]
}

/// Issues a VL ticket from the kiosk `device` and returns its display number.
async fn issue(kiosk: &mut Raw, id: u64, device: &str) -> String {
    let command = json!({"command": "issue_ticket", "field": "VL", "class": "regular",
        "source": {"kind": "kiosk", "name": "forged"}});
    kiosk
        .send_json(&json!({"type": "command", "id": id, "command": command}))
        .await;
    let reply = kiosk.reply().await.expect("reply to issue_ticket");
    assert_eq!(
        (&reply["type"], &reply["id"]),
        (&json!("reply"), &json!(id)),
        "{reply}"
    );
    let events = reply["events"].as_array().expect("events");
    let issued = events
        .iter()
        .find(|e| e["event"] == "ticket_issued")
        .expect("ticket_issued");
    let source = json!({"kind": "kiosk", "name": device});
    assert_eq!(issued["source"], source, "the hub stamps the real source");
    issued["display"].as_str().expect("display").to_string()
}

async fn ping_pong(raw: &mut Raw, id: u64, who: &str) {
    raw.send_json(&json!({"type": "ping", "id": id})).await;
    let pong = Some(json!({"type": "pong", "id": id}));
    assert_eq!(raw.reply().await, pong, "{who} answers a ping");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gets_exact_errors_and_changes_nothing() {
    let hub = TestHub::start(default_office()).await;
    let before = settled_seq(&hub).await;
    let rejected_before = metric(&hub, "queue_rejected_messages_total").await;
    let mut admin = Raw::hello(&hub, "admin", "admin-1", None).await;
    let mut display = Raw::hello(&hub, "display", "display-1", None).await;
    let mut kiosk = Raw::hello(&hub, "kiosk", "kiosk-1", None).await;
    let mut counter = Raw::hello(&hub, "counter", "counter-3", Some(3)).await;

    let cases = cases(&hub);
    for case in &cases {
        let name = case.name;
        let mut fresh = None;
        let raw = match case.conn {
            Conn::Admin => &mut admin,
            Conn::Display => &mut display,
            Conn::Kiosk => &mut kiosk,
            Conn::Counter3 => &mut counter,
            Conn::Fresh => fresh.insert(Raw::connect(&hub).await),
        };
        match &case.frame {
            Frame::Text(t) => raw.send_text(t).await,
            Frame::Binary(b) => raw.send_binary(b.clone()).await,
        }
        let reply = raw.reply().await;
        let reply = reply.unwrap_or_else(|| panic!("{name}: no reply"));
        assert_eq!(reply["type"], "error", "{name}: {reply}");
        assert_eq!(reply["code"], case.code, "{name}: {reply}");
        let message = reply["message"]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: {reply}"));
        match case.message {
            Msg::Exact(m) => assert_eq!(message, m, "{name}: message"),
            Msg::Prefix(p) => assert!(message.starts_with(p), "{name}: {message:?} is not {p:?}…"),
        }
        let id = reply.get("id").and_then(Value::as_u64);
        assert_eq!(id, case.id, "{name}: echoed id in {reply}");
        let refusal = reply.get("refusal");
        assert_eq!(refusal, case.refusal.as_ref(), "{name}: refusal in {reply}");
        let fields = reply.as_object().map_or(0, |o| o.len());
        let expected = 3 + usize::from(id.is_some()) + usize::from(refusal.is_some());
        assert_eq!(fields, expected, "{name}: no other fields in {reply}");
        if let Some(mut raw) = fresh {
            let next = tokio::time::timeout(Duration::from_secs(2), raw.recv()).await;
            assert!(
                matches!(next, Ok(None)),
                "{name}: the hub should close, got {next:?}"
            );
        }
    }

    assert_eq!(
        settled_seq(&hub).await,
        before,
        "bad input changed the queue"
    );
    // Every case but the engine's refusals is rejected before it reaches the engine.
    let rejected = cases.iter().filter(|c| c.code != "refused").count() as u64;
    let now = metric(&hub, "queue_rejected_messages_total").await;
    assert_eq!(
        now - rejected_before,
        rejected,
        "queue_rejected_messages_total"
    );

    ping_pong(&mut admin, 100, "the admin").await;
    ping_pong(&mut display, 101, "the display").await;
    ping_pong(&mut counter, 102, "the counter").await;
    ping_pong(&mut kiosk, 103, "the kiosk").await;
    assert_eq!(
        issue(&mut kiosk, 104, "kiosk-1").await,
        "A001",
        "the same kiosk issues"
    );
    let mut fresh = Raw::hello(&hub, "kiosk", "kiosk-2", None).await;
    ping_pong(&mut fresh, 1, "a fresh kiosk").await;
    assert_eq!(
        issue(&mut fresh, 2, "kiosk-2").await,
        "A002",
        "a fresh kiosk issues"
    );
    assert_eq!(
        settled_seq(&hub).await,
        before + 2,
        "two tickets, two events"
    );
    hub.hub.stop().await.expect("hub stops");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ping_flood_is_rate_limited_and_the_connection_stays_open() {
    const FLOOD: u64 = 1000;
    let hub = TestHub::start(default_office()).await;
    let mut raw = Raw::hello(&hub, "display", "display-flood", None).await;
    for id in 0..FLOOD {
        raw.send_text(&format!(r#"{{"type":"ping","id":{id}}}"#))
            .await;
    }
    let (mut pongs, mut limited) = (0, 0);
    for id in 0..FLOOD {
        let reply = raw.reply().await;
        let reply = reply.unwrap_or_else(|| panic!("no reply to ping {id}"));
        assert_eq!(reply["id"], id, "replies come in order: {reply}");
        if reply["type"] == "pong" {
            pongs += 1;
            continue;
        }
        let limit = json!({"type": "error", "id": id, "code": "rate_limited",
            "message": "too many messages; slow down"});
        assert_eq!(reply, limit, "ping {id}");
        limited += 1;
    }
    assert!(
        limited > 0,
        "{FLOOD} pings in a burst: {pongs} pongs, none limited"
    );
    assert!(
        pongs >= 400,
        "the burst allowance of 400 holds: only {pongs} pongs"
    );
    // The bucket refills at 200 a second.
    tokio::time::sleep(Duration::from_millis(100)).await;
    ping_pong(&mut raw, FLOOD, "the flooded connection").await;
    hub.hub.stop().await.expect("hub stops");
}

/// HUB BUG (shared/src/hub/session.rs:174-177 with :253): `serve` counts every immediate
/// reply of `handle` as a rejected message, and a ping's pong is such a reply, so healthy
/// pings inflate `queue_rejected_messages_total`. Fails until only error replies count.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pings_are_not_counted_as_rejected() {
    let hub = TestHub::start(default_office()).await;
    let mut raw = Raw::hello(&hub, "display", "display-1", None).await;
    let before = metric(&hub, "queue_rejected_messages_total").await;
    for id in 0..3 {
        ping_pong(&mut raw, id, "the display").await;
    }
    let after = metric(&hub, "queue_rejected_messages_total").await;
    assert_eq!(after, before, "three good pings are not rejected messages");
    hub.hub.stop().await.expect("hub stops");
}
