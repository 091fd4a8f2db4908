//! Fifty counters race "call next" while five kiosks issue, all through a real hub: every
//! ticket is called exactly once, numbers are unique, each line is called in arrival order,
//! and a display ends with exactly the hub's state.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use shared::client::{Client, ClientError};
use shared::engine::{Command, Event, EventKind, Refusal};
use shared::model::{ClerkId, CounterId, FieldCode, PriorityClass, Source, TicketId};
use shared::protocol::Role;
use tests::{TestHub, device_view, eventually, hub_device_view, mirror, office};

const COUNTERS: u16 = 50;
const KIOSKS: usize = 5;
const PER_KIOSK: usize = 60;

fn called(events: &[Event]) -> Option<TicketId> {
    events.iter().find_map(|e| match e.kind {
        EventKind::TicketCalled { ticket, .. } => Some(ticket),
        _ => None,
    })
}

async fn counter_loop(
    client: Client,
    counter: CounterId,
    issuing_done: Arc<AtomicBool>,
) -> Vec<TicketId> {
    let mut mine = Vec::new();
    loop {
        match client.command(Command::CallNext { counter }).await {
            Ok(events) => {
                mine.push(called(&events).expect("a call"));
                client
                    .command(Command::Finish { counter })
                    .await
                    .expect("finish");
            }
            Err(ClientError::Refused(Refusal::NoneWaiting { .. }))
                if issuing_done.load(Ordering::SeqCst) =>
            {
                return mine;
            }
            Err(ClientError::Refused(Refusal::NoneWaiting { .. })) => {
                tokio::time::sleep(Duration::from_millis(5)).await
            }
            Err(e) => panic!("counter {counter}: {e}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_counters_and_five_kiosks_never_share_or_skip_a_ticket() {
    let hub = TestHub::start(office(COUNTERS)).await;
    let (admin, _admin_updates) = hub.client(Role::Admin, "manager", None);
    let (_display, display_updates) = hub.client(Role::Display, "tv-hall", None);
    let display = mirror(display_updates);
    eventually("admin online", Duration::from_secs(5), || {
        admin.link() == shared::client::Link::Online
    })
    .await;
    for n in 1..=COUNTERS {
        let clerk = ClerkId::new(&format!("clerk-{n}"));
        admin
            .command(Command::OpenCounter {
                counter: CounterId(n),
                clerk,
                fields: vec![],
            })
            .await
            .expect("open counter");
    }

    let issuing_done = Arc::new(AtomicBool::new(false));
    let mut counters = Vec::new();
    for n in 1..=COUNTERS {
        let (client, _updates) = hub.client(Role::Counter, &format!("quay-{n}"), Some(n));
        eventually("counter online", Duration::from_secs(5), || {
            client.link() == shared::client::Link::Online
        })
        .await;
        counters.push(tokio::spawn(counter_loop(
            client,
            CounterId(n),
            issuing_done.clone(),
        )));
    }
    let fields: Vec<FieldCode> = hub.config.fields.iter().map(|f| f.code.clone()).collect();
    let mut kiosks = Vec::new();
    for k in 0..KIOSKS {
        let (client, _updates) = hub.client(Role::Kiosk, &format!("kiosk-{k}"), None);
        let fields = fields.clone();
        kiosks.push(tokio::spawn(async move {
            eventually("kiosk online", Duration::from_secs(5), || {
                client.link() == shared::client::Link::Online
            })
            .await;
            let mut issued = Vec::new();
            for i in 0..PER_KIOSK {
                let class = if i % 5 == 0 {
                    PriorityClass::Elderly
                } else {
                    PriorityClass::Regular
                };
                let field = fields[(i + k) % fields.len()].clone();
                let source = Source::Kiosk("ignored: the hub stamps the device".into());
                let events = client
                    .command(Command::IssueTicket {
                        field,
                        class,
                        source,
                    })
                    .await
                    .expect("issue");
                issued.extend(events.into_iter().filter_map(|e| match e.kind {
                    EventKind::TicketIssued {
                        ticket,
                        field,
                        number,
                        source,
                        ..
                    } => Some((ticket, field, number, source)),
                    _ => None,
                }));
            }
            issued
        }));
    }
    let mut issued = Vec::new();
    for k in kiosks {
        issued.extend(k.await.expect("kiosk task"));
    }
    issuing_done.store(true, Ordering::SeqCst);
    let mut calls: Vec<TicketId> = Vec::new();
    for c in counters {
        calls.extend(c.await.expect("counter task"));
    }

    assert_eq!(issued.len(), KIOSKS * PER_KIOSK);
    let numbers: HashSet<(FieldCode, u32)> =
        issued.iter().map(|(_, f, n, _)| (f.clone(), *n)).collect();
    assert_eq!(numbers.len(), issued.len(), "a number was issued twice");
    assert!(
        issued
            .iter()
            .all(|(_, _, _, s)| matches!(s, Source::Kiosk(name) if name.starts_with("kiosk-")))
    );
    let mut times: HashMap<TicketId, usize> = HashMap::new();
    for t in &calls {
        *times.entry(*t).or_default() += 1;
    }
    assert!(times.values().all(|&n| n == 1), "a ticket was called twice");
    let all: HashSet<TicketId> = issued.iter().map(|(t, ..)| *t).collect();
    assert_eq!(
        times.keys().copied().collect::<HashSet<_>>(),
        all,
        "every ticket is called"
    );

    // The display ends with exactly the hub's state, and saw each line called in order.
    let (want, seq) = hub_device_view(&hub).await;
    eventually("display caught up", Duration::from_secs(5), || {
        display.lock().expect("lock").last_seq() == Some(seq)
    })
    .await;
    let guard = display.lock().expect("lock");
    let engine = guard.engine().expect("a state");
    assert_eq!(device_view(engine.state()), want);
    let mut lines: BTreeMap<(FieldCode, bool), Vec<TicketId>> = BTreeMap::new();
    let mut by_call = engine
        .state()
        .tickets
        .values()
        .filter(|t| t.called_at.is_some())
        .collect::<Vec<_>>();
    by_call.sort_by_key(|t| (t.called_at, t.id));
    for t in &by_call {
        lines
            .entry((t.field.clone(), t.class.is_priority()))
            .or_default()
            .push(t.id);
    }
    for ((field, priority), order) in lines {
        let mut arrival = order.clone();
        arrival.sort_by_key(|id| (engine.state().tickets[id].queued_at, *id));
        assert_eq!(
            order, arrival,
            "field {field} priority={priority} called out of arrival order"
        );
    }
}
