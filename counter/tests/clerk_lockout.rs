//! Guessing a PIN locks the clerk's sign-in, on the hub, whatever the way in: five wrong
//! PINs at one counter lock the clerk at every counter, across a hub restart, and on the
//! manager's pages; the manager's unlock (`kiosk clerk unlock`) lifts it.

mod clerk_support;

use clerk_support::hub::Counter;
use counter::clerk::controller::{ClerkView, Key};
use shared::model::ClerkId;
use shared::store::lockout;
use tests::{TestHub, default_office, https};

const WRONG: &str = "Sai mã PIN.";

/// Types `pin` (after the clerk's login if given) and waits for the hub's answer.
async fn try_pin(counter: &mut Counter, clerk: Option<&str>, pin: &str) -> ClerkView {
    if let Some(clerk) = clerk {
        counter.keys(clerk);
    }
    counter.keys(pin);
    counter.key(Key::Enter);
    counter.until("the hub's answer", |v| !v.busy).await;
    counter.view()
}

fn locked(v: &ClerkView) -> bool {
    v.screen == "login"
        && v.message
            .starts_with("Tạm khoá đăng nhập vì nhập sai mã PIN nhiều lần — thử lại sau ")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_wrong_pins_lock_the_clerk_everywhere_until_the_manager_unlocks() {
    let hub = TestHub::start(default_office()).await;
    let mut two = Counter::start(&hub, 2);
    two.until("online", |v| v.online && !v.loading).await;
    let v = try_pin(&mut two, Some("mai"), "1234").await;
    assert_eq!(v.message, WRONG);
    for _ in 0..3 {
        assert_eq!(try_pin(&mut two, None, "1234").await.message, WRONG);
    }
    let v = try_pin(&mut two, None, "1234").await;
    assert!(locked(&v), "the fifth wrong PIN locks: {:?}", v.message);
    assert!(
        v.message.contains("thử lại sau 4:5") || v.message.contains("thử lại sau 5:00"),
        "five minutes: {}",
        v.message
    );
    assert!(!v.can_login, "no login while it lasts");

    // The right PIN at another counter: still locked, and the PIN is not even looked at.
    let mut three = Counter::start(&hub, 3);
    three.until("online", |v| v.online && !v.loading).await;
    let v = try_pin(&mut three, Some("mai"), "3333").await;
    assert!(locked(&v), "{:?}", v.message);

    // The hub restarts: the lock is in the database.
    let hub = hub.restart().await;
    three.until("back online", |v| v.online && !v.loading).await;
    let v = try_pin(&mut three, None, "3333").await;
    assert!(locked(&v), "after the restart: {:?}", v.message);

    // The manager unlocks (what `kiosk clerk unlock mai` does, on the hub's live database).
    assert!(lockout::unlock_file(&hub.db, &ClerkId::new("mai")).expect("unlocked"));
    let v = try_pin(&mut three, None, "3333").await;
    assert_eq!((v.screen, v.clerk_name.as_str()), ("desk", "Lê Thị Mai"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_pins_on_the_reports_page_lock_the_manager_at_the_counters_too() {
    let hub = TestHub::start(default_office()).await;
    let headers = [("Content-Type", "application/x-www-form-urlencoded")];
    let mut answers = Vec::new();
    for _ in 0..5 {
        let (status, page) = https(
            &hub,
            "POST",
            "/reports/login",
            &headers,
            "clerk=quanly&pin=123456",
        )
        .await;
        answers.push((status, page.contains("Tạm khoá đăng nhập")));
    }
    assert_eq!(
        answers,
        [
            (401, false),
            (401, false),
            (401, false),
            (401, false),
            (429, true)
        ]
    );
    let mut one = Counter::start(&hub, 1);
    one.until("online", |v| v.online && !v.loading).await;
    let v = try_pin(&mut one, Some("quanly"), "999999").await;
    assert!(locked(&v), "{:?}", v.message);
}
