//! Property tests: thousands of random command sequences over random clocks (crossing day
//! boundaries), checked against the promises the office makes to citizens.

mod common;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use common::*;
use proptest::prelude::*;
use shared::config::Config;
use shared::engine::{Command, Engine, EventKind, Refusal, Score, Via};
use shared::model::{ClerkId, CounterId, FieldCode, PriorityClass, Ticket, TicketId, TicketState};
use shared::store::{Store, Submission};

const FIELDS: [&str; 4] = ["VL", "BHTN", "GDNN", "NCC"];
const CLERKS: [&str; 5] = ["lan", "hung", "mai", "dung", "huong"];

/// The default office with ranges so short that numbers wrap all the time (and one that
/// does not wrap), so that a number given out twice would show.
fn small_office() -> Config {
    let mut config = office();
    for (code, end, wrap) in [
        ("VL", 3, true),
        ("BHTN", 5, true),
        ("GDNN", 2, true),
        ("NCC", 4, false),
    ] {
        let field = config
            .fields
            .iter_mut()
            .find(|fc| fc.code == f(code))
            .expect("a field of the office");
        (field.start, field.end, field.wrap) = (1, end, wrap);
    }
    config
}

/// A command with its targets given as indexes, resolved against the state when applied,
/// so that most generated commands are meaningful rather than refused.
#[derive(Debug, Clone)]
enum Op {
    Issue(usize, usize),
    CallNext(u16),
    /// The clerk's usual "next": log in if the counter is closed, start the called ticket if
    /// any, then call the next one (which finishes the one being served).
    Serve(u16),
    CallTicket(u16, usize),
    Recall(u16),
    Start(u16),
    Finish(u16),
    NoShow(u16),
    BringBack(usize),
    Transfer(usize, usize, bool),
    Cancel(usize),
    Open(u16, usize, Vec<usize>),
    Close(u16),
    Pause(u16),
    Resume(u16),
    ToggleField(usize),
    Rollover,
    Report(bool),
    /// Rate the k-th served ticket with a score, from its counter's tablet or its page.
    Rate(usize, usize, bool),
}

fn op() -> impl Strategy<Value = Op> {
    let counter = 1u16..=4;
    prop_oneof![
        8 => (0..FIELDS.len(), class()).prop_map(|(f, c)| Op::Issue(f, c)),
        2 => counter.clone().prop_map(Op::CallNext),
        5 => counter.clone().prop_map(Op::Serve),
        1 => (counter.clone(), any::<usize>()).prop_map(|(c, k)| Op::CallTicket(c, k)),
        1 => counter.clone().prop_map(Op::Recall),
        2 => counter.clone().prop_map(Op::Start),
        3 => counter.clone().prop_map(Op::Finish),
        3 => counter.clone().prop_map(Op::NoShow),
        3 => any::<usize>().prop_map(Op::BringBack),
        1 => (any::<usize>(), 0..FIELDS.len(), any::<bool>()).prop_map(|(k, f, keep)| Op::Transfer(k, f, keep)),
        1 => any::<usize>().prop_map(Op::Cancel),
        2 => (counter.clone(), 0..CLERKS.len(), prop::collection::vec(0..FIELDS.len(), 0..3)).prop_map(|(c, k, f)| Op::Open(c, k, f)),
        1 => counter.clone().prop_map(Op::Close),
        1 => counter.clone().prop_map(Op::Pause),
        1 => counter.clone().prop_map(Op::Resume),
        1 => (0..FIELDS.len()).prop_map(Op::ToggleField),
        1 => Just(Op::Rollover),
        1 => any::<bool>().prop_map(Op::Report),
        2 => (any::<usize>(), 0..4usize, any::<bool>()).prop_map(|(k, s, tablet)| Op::Rate(k, s, tablet)),
    ]
}

/// Index into `PriorityClass::ALL`: most citizens are regular.
fn class() -> impl Strategy<Value = usize> {
    prop_oneof![7 => Just(0usize), 3 => 1..5usize]
}

/// Seconds to the next command: mostly seconds to minutes, sometimes hours (new days).
fn gap() -> impl Strategy<Value = i64> {
    prop_oneof![30 => 0i64..120, 5 => 120i64..1200, 1 => 1200i64..40_000]
}

/// Random sequences of (operation, seconds since the previous one).
fn script() -> impl Strategy<Value = Vec<(Op, i64)>> {
    prop::collection::vec((op(), gap()), 1..160)
}

fn nth(e: &Engine, k: usize, pick: impl Fn(TicketState) -> bool) -> Option<TicketId> {
    let ids: Vec<TicketId> = e
        .state()
        .tickets
        .values()
        .filter(|t| pick(t.state))
        .map(|t| t.id)
        .collect();
    (!ids.is_empty()).then(|| ids[k % ids.len()])
}

/// Turns an operation into the commands it stands for, against the current state.
fn commands_for(e: &Engine, op: &Op) -> Vec<Command> {
    match op {
        Op::Serve(n) => {
            let counter = CounterId(*n);
            // The clerk of counter n logs in first if the counter is closed (a new day).
            let login = Command::OpenCounter {
                counter,
                clerk: ClerkId::new(CLERKS[usize::from(*n) - 1]),
                fields: vec![],
            };
            vec![
                login,
                Command::StartServing { counter },
                Command::CallNext { counter },
            ]
        }
        other => vec![command(e, other)],
    }
}

/// Turns a single-command operation into its command.
fn command(e: &Engine, op: &Op) -> Command {
    let class = |i: usize| PriorityClass::ALL[i];
    let c = |n: u16| CounterId(n);
    let any_ticket = TicketId(u64::MAX);
    match op {
        Op::Issue(fi, ci) => issue(FIELDS[*fi], class(*ci)),
        Op::CallNext(n) | Op::Serve(n) => Command::CallNext { counter: c(*n) },
        Op::CallTicket(n, k) => Command::CallTicket {
            counter: c(*n),
            ticket: nth(e, *k, |s| s == TicketState::Waiting).unwrap_or(any_ticket),
        },
        Op::Recall(n) => Command::Recall { counter: c(*n) },
        Op::Start(n) => Command::StartServing { counter: c(*n) },
        Op::Finish(n) => Command::Finish { counter: c(*n) },
        Op::NoShow(n) => Command::NoShow { counter: c(*n) },
        Op::BringBack(k) => Command::BringBack {
            ticket: nth(e, *k, |s| s == TicketState::NoShow).unwrap_or(any_ticket),
        },
        Op::Transfer(k, fi, keep) => Command::Transfer {
            ticket: nth(e, *k, TicketState::is_active).unwrap_or(any_ticket),
            to: f(FIELDS[*fi]),
            keep_place: *keep,
        },
        Op::Cancel(k) => Command::Cancel {
            ticket: nth(e, *k, TicketState::is_active).unwrap_or(any_ticket),
        },
        Op::Open(n, k, fs) => Command::OpenCounter {
            counter: c(*n),
            clerk: ClerkId::new(CLERKS[*k]),
            fields: fs.iter().map(|i| f(FIELDS[*i])).collect(),
        },
        Op::Close(n) => Command::CloseCounter { counter: c(*n) },
        Op::Pause(n) => Command::Pause {
            counter: c(*n),
            reason: "nghỉ giải lao".into(),
        },
        Op::Resume(n) => Command::Resume { counter: c(*n) },
        Op::ToggleField(fi) => {
            let field = f(FIELDS[*fi]);
            match e.state().fields[&field].open {
                true => Command::CloseField { field },
                false => Command::OpenField { field },
            }
        }
        Op::Rollover => Command::Rollover,
        Op::Report(fixed) => Command::ReportDevice {
            device: "kiosk-1".into(),
            problem: (!fixed).then(|| "out of paper".to_string()),
        },
        Op::Rate(k, score, tablet) => {
            let ticket = nth(e, *k, |s| s == TicketState::Done).unwrap_or(any_ticket);
            let counter = e.ticket(ticket).and_then(|t| t.counter).unwrap_or(c(1));
            Command::RateTicket {
                ticket,
                score: Score::ALL[*score],
                reason: (*score == 3).then(|| "chờ lâu".to_string()),
                via: if *tablet {
                    Via::Tablet { counter }
                } else {
                    Via::TicketPage
                },
            }
        }
    }
}

/// A start time: some day in 2026 at a random second, so boundaries fall anywhere.
fn start() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..365 * 86_400)
        .prop_map(|s| DateTime::from_timestamp(1_767_225_600 + s, 0).expect("in range"))
}

/// Whether a citizen holding `t` may still be called or come back at `now`: waiting, called,
/// being served, or a no-show still inside the return window.
fn live_or_returnable(e: &Engine, t: &Ticket, now: DateTime<Utc>) -> bool {
    let window = Duration::minutes(i64::from(e.config().queue.no_show_return_minutes));
    t.state.is_active()
        || (t.state == TicketState::NoShow && t.ended_at.is_some_and(|at| now - at <= window))
}

/// No two tickets a citizen may still use share a shown number, so "call A023" names one.
fn no_number_twice(e: &Engine, now: DateTime<Utc>) -> Result<(), TestCaseError> {
    let mut seen = HashMap::new();
    for t in e
        .state()
        .tickets
        .values()
        .filter(|t| live_or_returnable(e, t, now))
    {
        if let Some(other) = seen.insert(t.display.clone(), t) {
            prop_assert!(
                false,
                "{} is held twice: {:?} and {:?}",
                t.display,
                other,
                t
            );
        }
    }
    Ok(())
}

/// A wrapping field is refused as full only when every number of its range is held.
fn full_means_full(e: &Engine, field: &FieldCode, now: DateTime<Utc>) -> Result<(), TestCaseError> {
    let Some(fc) = e.config().field(field).filter(|fc| fc.wrap) else {
        return Ok(());
    };
    let held: HashSet<u32> = e
        .state()
        .tickets
        .values()
        .filter(|t| &t.issued_field == field && live_or_returnable(e, t, now))
        .map(|t| t.number)
        .collect();
    let free: Vec<u32> = (fc.start..=fc.end).filter(|n| !held.contains(n)).collect();
    prop_assert!(
        free.is_empty(),
        "{} refused as full with {:?} free",
        field,
        free
    );
    Ok(())
}

/// Who holds which ticket must agree both ways: a counter's current ticket is called or
/// served there, and every called or served ticket is exactly one counter's current.
fn one_counter_per_ticket(e: &Engine) -> Result<(), TestCaseError> {
    let mut held = HashSet::new();
    for (id, c) in &e.state().counters {
        if let Some(t) = c.current {
            prop_assert!(held.insert(t), "ticket {t} is current at two counters");
            let ticket = &e.state().tickets[&t];
            prop_assert!(matches!(
                ticket.state,
                TicketState::Called | TicketState::Serving
            ));
            prop_assert_eq!(ticket.counter, Some(*id));
        }
    }
    for t in e.state().tickets.values() {
        if matches!(t.state, TicketState::Called | TicketState::Serving) {
            prop_assert!(
                held.contains(&t.id),
                "{} is {:?} but no counter holds it",
                t.display,
                t.state
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn the_engine_keeps_its_promises(script in script(), t0 in start()) {
        let mut e = engine(small_office());
        let ratio = e.config().queue.regular_per_priority;
        let max_wait = Duration::minutes(i64::from(e.config().queue.max_wait_minutes));
        let mut now = t0;
        // Regular calls per counter since its last priority call (None: none yet since it opened).
        let mut regular_run: HashMap<CounterId, Option<u32>> = HashMap::new();
        for (op, dt) in &script {
            now += Duration::seconds(*dt);
            for cmd in commands_for(&e, op) {
                let before = e.clone();
                match e.apply(&cmd, now) {
                    Err(refusal) => {
                        prop_assert_eq!(e.state(), before.state(), "a refusal changed the state");
                        if let Refusal::RangeExhausted { field } = refusal {
                            full_means_full(&e, &field, now)?;
                        }
                    }
                    Ok(events) => {
                        for ev in &events {
                            match &ev.kind {
                                EventKind::CounterOpened { counter, .. } => { regular_run.insert(*counter, None); }
                                EventKind::TicketCalled { ticket, counter, specific: false, .. } => {
                                    check_call(&before, &e, *ticket, *counter, now, max_wait, ratio, &mut regular_run)?;
                                }
                                EventKind::TicketCalled { ticket, counter, specific: true, .. } => {
                                    let run = regular_run.entry(*counter).or_default();
                                    *run = after_call(*run, e.state().tickets[ticket].class.is_priority());
                                }
                                _ => {}
                            }
                        }
                    }
                }
            }
            one_counter_per_ticket(&e)?;
            no_number_twice(&e, now)?;
        }
    }
}

/// The run of regular calls after one more call.
fn after_call(run: Option<u32>, priority: bool) -> Option<u32> {
    if priority {
        Some(0)
    } else {
        run.map(|k| k + 1)
    }
}

/// A policy call: first in its line (arrival order), fields in the counter's order, and the
/// priority ratio, unless the ticket had waited past the maximum.
#[allow(clippy::too_many_arguments)]
fn check_call(
    before: &Engine,
    after: &Engine,
    id: TicketId,
    counter: CounterId,
    now: DateTime<Utc>,
    max_wait: Duration,
    ratio: u32,
    regular_run: &mut HashMap<CounterId, Option<u32>>,
) -> Result<(), TestCaseError> {
    let t = &after.state().tickets[&id];
    let run = regular_run.entry(counter).or_default();
    let overdue = t.queued_at + max_wait <= now;
    let fields = &before.state().counters[&counter].fields;
    let waiting: Vec<_> = before
        .state()
        .tickets
        .values()
        .filter(|w| {
            w.state == TicketState::Waiting
                && w.day == t.day
                && fields.contains(&w.field)
                && w.id != id
        })
        .collect();
    let priority_waits = waiting.iter().any(|w| w.class.is_priority());
    let regular_waits = waiting.iter().any(|w| !w.class.is_priority());
    if !overdue {
        let rank = |w: &shared::model::Ticket| fields.iter().position(|f| f == &w.field);
        for w in waiting
            .iter()
            .filter(|w| w.class.is_priority() == t.class.is_priority())
        {
            let ahead = (rank(w), w.queued_at, w.id) < (rank(t), t.queued_at, t.id);
            prop_assert!(
                !ahead,
                "{} called before {} of the same line",
                t.display,
                w.display
            );
        }
        let since = run.unwrap_or(u32::MAX);
        if !t.class.is_priority() && priority_waits {
            prop_assert!(
                since < ratio,
                "counter {} called {} regular tickets in a row past a priority one",
                counter,
                since.saturating_add(1)
            );
        }
        if t.class.is_priority() && regular_waits {
            prop_assert!(
                since >= ratio,
                "counter {} called priority {} after only {} regular",
                counter,
                t.display,
                since
            );
        }
    }
    *run = after_call(*run, t.class.is_priority());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    /// Commands committed in random batches: reopening the file gives the same engine
    /// state, and replaying its log into an empty file gives identical projections.
    #[test]
    fn reopening_and_replaying_reproduce_the_state(script in script(), t0 in start(), batch in 1usize..12) {
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
        let config = std::sync::Arc::new(small_office());
        let mut store = Store::open(&a, config.clone()).expect("open");
        let mut now = t0;
        for chunk in script.chunks(batch) {
            let mut commands = Vec::new();
            for (op, dt) in chunk {
                now += Duration::seconds(*dt);
                commands.extend(commands_for(store.engine(), op).into_iter().map(|c| (c, now)));
            }
            store.apply_batch(commands.iter().map(|(c, t)| Submission::new(c, *t))).expect("commit");
        }
        let live = store.engine().state().clone();
        drop(store);
        let reopened = Store::open(&a, config.clone()).expect("reopen");
        prop_assert_eq!(reopened.engine().state(), &live);
        let log = reopened.events_after(0, usize::MAX).expect("log");
        let mut replayed = Store::open(&b, config).expect("open b");
        replayed.import(&log).expect("import");
        prop_assert_eq!(replayed.engine().state(), &live);
        drop((reopened, replayed));
        prop_assert_eq!(dump(&a), dump(&b));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// A device that starts from the hub's device view at any point and then applies every
    /// later event ends with exactly the hub's device view.
    #[test]
    fn a_device_starting_from_a_snapshot_stays_exact(script in script(), t0 in start(), cut in any::<prop::sample::Index>(), ended in 0usize..4) {
        let config = std::sync::Arc::new(small_office());
        let mut hub = Engine::new(config.clone());
        let cut = cut.index(script.len());
        let mut now = t0;
        let mut device: Option<Engine> = None;
        for (i, (op, dt)) in script.iter().enumerate() {
            if i == cut {
                device = Some(Engine::from_state(config.clone(), hub.state().for_devices(ended)));
            }
            now += Duration::seconds(*dt);
            for cmd in commands_for(&hub, op) {
                for event in hub.apply(&cmd, now).unwrap_or_default() {
                    if let Some(d) = device.as_mut() {
                        d.evolve(&event);
                    }
                }
            }
        }
        let device = device.unwrap_or_else(|| Engine::from_state(config.clone(), hub.state().for_devices(ended)));
        prop_assert_eq!(device.state().for_devices(ended), hub.state().for_devices(ended));
    }
}
