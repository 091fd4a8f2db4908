//! The sign-in flood: hundreds of wrong sign-ins at once from one address neither swamp
//! the hub's PIN checks nor lock the real manager out; she signs in from another address
//! during the flood. The limits asserted are the documented ones (docs/sign-in.md).

mod flood_support;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use flood_support::{loopback, metric, sign_in_from};
use shared::hub::sign_in::CHECKS_AT_ONCE;
use shared::store::lockout;
use tests::{MANAGER, TestHub, default_office, eventually};

/// Guessers working at once from the flooding address.
const GUESSERS: usize = 200;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_wrong_sign_ins_from_one_address_leaves_the_manager_free_to_sign_in() {
    let hub = TestHub::start(default_office()).await;
    let addr = hub.hub.addr;
    let flooder = loopback(0, 1);
    let stop = Arc::new(AtomicBool::new(false));
    let answers = Arc::new(std::sync::Mutex::new(BTreeMap::<u16, usize>::new()));
    let mut guessers = Vec::new();
    for n in 0..GUESSERS {
        let (stop, answers) = (stop.clone(), answers.clone());
        guessers.push(tokio::spawn(async move {
            // Each guesser tries six-digit PINs, one after another, until told to stop.
            let mut guess = 100_000 + n * 1000;
            while !stop.load(Ordering::Relaxed) {
                let form = format!("clerk={}&pin={guess}", MANAGER.0);
                let answer = sign_in_from(addr, flooder, &form).await;
                *answers
                    .lock()
                    .expect("answers")
                    .entry(answer.status)
                    .or_default() += 1;
                guess += 1;
                if answer.status == 0 {
                    // Refused at the door: try again a moment later, as a script would.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        }));
    }
    // The flood is on once the hub refuses it for trying too often.
    let seen = answers.clone();
    eventually("the flood refused", Duration::from_secs(60), || {
        seen.lock()
            .expect("answers")
            .get(&429)
            .is_some_and(|n| *n >= 50)
    })
    .await;

    // The real manager, at her own desk, signs in while the flood goes on.
    let form = format!("clerk={}&pin={}", MANAGER.0, MANAGER.1);
    let manager = sign_in_from(addr, loopback(0, 2), &form).await;
    let flood_went_on = !stop.load(Ordering::Relaxed);
    stop.store(true, Ordering::Relaxed);
    for guesser in guessers {
        guesser.await.expect("guesser");
    }
    assert_eq!(
        manager.status, 303,
        "the manager is let in: {}",
        manager.body
    );
    assert!(manager.head.contains("set-cookie: reports_session="));
    assert!(flood_went_on);

    let answers = answers.lock().expect("answers").clone();
    let statuses: Vec<u16> = answers.keys().copied().collect();
    assert!(
        statuses.iter().all(|s| [0, 401, 429, 503].contains(s)),
        "the flood got only refusals: {answers:?}"
    );
    // Every wrong PIN checked was counted first: from one address, no more checks than
    // the wrong PINs that lock the manager's sign-in from there; hers is one more.
    let checks = metric(addr, "queue_pin_checks_total").await;
    assert!(
        (2..=u64::from(lockout::FAILURES) + 1).contains(&checks),
        "{checks} PIN checks for a flood from one address: {answers:?}"
    );
    let peak = metric(addr, "queue_pin_checks_peak").await;
    assert!(
        (1..=CHECKS_AT_ONCE as u64).contains(&peak),
        "{peak} PIN checks ran at once"
    );
    let refused = metric(addr, "queue_sign_ins_refused_total{reason=\"address\"}").await;
    assert!(refused >= 50, "{refused} refused for the address");

    // The flooding address stays locked out of the manager's sign-in, even with her PIN;
    // her own address is not.
    let again = sign_in_from(addr, flooder, &form).await;
    assert_eq!(again.status, 429, "{}", again.body);
    let hers = sign_in_from(addr, loopback(0, 2), &form).await;
    assert_eq!(hers.status, 303, "{}", hers.body);
}
