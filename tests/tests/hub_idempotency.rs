//! A command resent with the same idempotency key gets the first answer, refusals included,
//! however the two frames race and whatever changed in between: a refused "call next" never
//! turns into a call on its resend.

use serde_json::{Value, json};
use tests::{Raw, TestHub, office};

const ROUNDS: u64 = 200;

/// The answer without its request id, for comparing a command's two answers.
fn answer(mut reply: Value) -> Value {
    if let Some(o) = reply.as_object_mut() {
        o.remove("id");
    }
    reply
}

/// Reads messages until the answers to requests `a` and `b` have both come.
async fn answers(raw: &mut Raw, a: u64, b: u64) -> (Value, Value) {
    let (mut first, mut second) = (None, None);
    while first.is_none() || second.is_none() {
        let reply = raw.reply().await.expect("an answer");
        match reply["id"].as_u64() {
            Some(id) if id == a => first = Some(reply),
            Some(id) if id == b => second = Some(reply),
            _ => panic!("unexpected message {reply}"),
        }
    }
    (
        answer(first.expect("first")),
        answer(second.expect("second")),
    )
}

async fn command(raw: &mut Raw, id: u64, key: Option<&str>, command: Value) {
    let mut frame = json!({"type": "command", "id": id, "command": command});
    if let Some(k) = key {
        frame["key"] = k.into();
    }
    raw.send_json(&frame).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resent_key_gets_the_first_answer_even_a_refusal() {
    let hub = TestHub::start(office(1)).await;
    let mut manager = Raw::hello(&hub, "admin", "manager", None).await;
    let mut kiosk = Raw::hello(&hub, "kiosk", "kiosk-1", None).await;
    let open = json!({"command": "open_counter", "counter": 1, "clerk": "clerk-1", "fields": []});
    command(&mut manager, 1, None, open).await;
    assert_eq!(manager.reply().await.expect("opened")["type"], "reply");
    let call = json!({"command": "call_next", "counter": 1});
    let issue = json!({"command": "issue_ticket", "field": "VL", "class": "regular", "source": {"kind": "kiosk", "name": "x"}});
    let (mut id, mut calls, mut refusals, mut issued) = (10, 0, 0, 0);
    for round in 0..ROUNDS {
        if round % 50 == 49 {
            // A fresh session now and then keeps the test under the per-session rate limit.
            manager = Raw::hello(&hub, "admin", &format!("manager-{round}"), None).await;
        }
        let key = format!("call-{round}");
        let (a, b) = (id, id + 1);
        id += 2;
        match round % 3 {
            // Both frames at once while a kiosk issues a ticket at the same moment.
            0 => {
                command(&mut manager, a, Some(&key), call.clone()).await;
                command(&mut kiosk, id, None, issue.clone()).await;
                command(&mut manager, b, Some(&key), call.clone()).await;
                issued += expect_reply(&mut kiosk).await;
            }
            // Refused while nobody waits, then a ticket is issued, then the resend.
            1 => {
                calls += drain(&mut manager, &mut id).await;
                command(&mut manager, a, Some(&key), call.clone()).await;
                let first = manager.reply().await.expect("first answer");
                assert_eq!(first["refusal"]["refusal"], "none_waiting", "{first}");
                command(&mut kiosk, id, None, issue.clone()).await;
                issued += expect_reply(&mut kiosk).await;
                command(&mut manager, b, Some(&key), call.clone()).await;
                let second = manager.reply().await.expect("second answer");
                assert_eq!(
                    answer(second),
                    answer(first),
                    "round {round}: the resend was decided again"
                );
                id += 1;
                if let Some(n) = finish_if_called(&mut manager, &mut id, &key, None).await {
                    calls += n;
                } else {
                    refusals += 1;
                }
                continue;
            }
            // Both frames at once with nothing else happening.
            _ => {
                command(&mut manager, a, Some(&key), call.clone()).await;
                command(&mut manager, b, Some(&key), call.clone()).await;
            }
        }
        id += 1;
        let (first, second) = answers(&mut manager, a, b).await;
        assert_eq!(second, first, "round {round}: two answers to one key");
        match finish_if_called(&mut manager, &mut id, &key, Some(&first)).await {
            Some(n) => calls += n,
            None => refusals += 1,
        }
    }
    assert!(
        refusals >= ROUNDS / 3 && calls >= ROUNDS / 6,
        "both outcomes were tried: {calls} calls, {refusals} refusals"
    );
    let path = hub.db.clone();
    let _stopped = hub.stop().await;
    let db = rusqlite::Connection::open(path).expect("database");
    let logged: u64 = db
        .query_row(
            "SELECT count(*) FROM events WHERE kind = 'ticket_called'",
            [],
            |r| r.get::<_, i64>(0).map(|n| n as u64),
        )
        .expect("count");
    assert_eq!(
        logged, calls,
        "one call per key that was answered with a call"
    );
    assert!(calls <= issued, "no call without a ticket");
}

/// Calls and finishes every waiting ticket (without keys); returns how many.
async fn drain(manager: &mut Raw, id: &mut u64) -> u64 {
    let mut n = 0;
    while call_and_finish(manager, id, None).await {
        n += 1;
    }
    n
}

/// If the round's first answer was a call, finishes it and returns 1; None for a refusal.
async fn finish_if_called(
    manager: &mut Raw,
    id: &mut u64,
    key: &str,
    first: Option<&Value>,
) -> Option<u64> {
    let called = match first {
        Some(f) => f["type"] == "reply" && finish(manager, id).await,
        // Asked again with the same key, the answer is the round's first one.
        None => call_and_finish(manager, id, Some(key)).await,
    };
    called.then_some(1)
}

/// Calls next (with `key`, if any) and finishes the call; false if nobody was waiting.
async fn call_and_finish(manager: &mut Raw, id: &mut u64, key: Option<&str>) -> bool {
    let call = json!({"command": "call_next", "counter": 1});
    command(manager, *id, key, call).await;
    *id += 1;
    let reply = manager.reply().await.expect("call");
    if reply["type"] != "reply" {
        assert_eq!(reply["refusal"]["refusal"], "none_waiting", "{reply}");
        return false;
    }
    finish(manager, id).await
}

/// Finishes counter 1's ticket; true.
async fn finish(manager: &mut Raw, id: &mut u64) -> bool {
    command(
        manager,
        *id,
        None,
        json!({"command": "finish", "counter": 1}),
    )
    .await;
    *id += 1;
    expect_reply(manager).await == 1
}

/// Reads the answer of a command that must succeed; returns 1.
async fn expect_reply(raw: &mut Raw) -> u64 {
    let reply = raw.reply().await.expect("an answer");
    assert_eq!(reply["type"], "reply", "{reply}");
    1
}
