//! An office manager's PIN has at least 6 digits: the hub refuses a manager's sign-in with
//! a shorter one, without checking it, and says what to do; clerks' 4-digit PINs still work.

use std::sync::Arc;

use shared::config::{Config, pin};
use shared::protocol::Role;
use tests::{TestHub, default_office_path, https, metric};

/// The default office as an older file had it: the manager's PIN 9999.
fn office_with_short_manager_pin() -> Arc<Config> {
    let mut config = Config::load(&default_office_path()).expect("default office");
    let manager = config
        .clerks
        .iter_mut()
        .find(|c| c.admin)
        .expect("a manager");
    manager.pin_hash = pin::hash("9999").expect("hashed");
    Arc::new(config)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_pin_shorter_than_six_digits_is_refused_with_what_to_do() {
    let hub = TestHub::start(office_with_short_manager_pin()).await;
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    let (status, page) = https(
        &hub,
        "POST",
        "/reports/login",
        &form,
        "clerk=quanly&pin=9999",
    )
    .await;
    assert_eq!(status, 401, "{page}");
    assert!(
        page.contains("Mã PIN của người quản lý phải có ít nhất 6 chữ số.")
            && page.contains("kiosk hash-pin"),
        "{page}"
    );
    let (status, page) = https(
        &hub,
        "POST",
        "/reports/login",
        &form,
        "clerk=quanly&pin=9999&lang=en",
    )
    .await;
    assert_eq!(status, 401);
    assert!(
        page.contains("An office manager&#39;s PIN has at least 6 digits.")
            || page.contains("An office manager's PIN has at least 6 digits."),
        "{page}"
    );
    assert_eq!(
        metric(&hub, "queue_pin_checks_total").await,
        0,
        "never checked"
    );

    // A clerk's 4-digit PIN still opens a counter.
    let (lan, _updates) = hub.client(Role::Counter, "quay-1", Some(1));
    let mut opened = None;
    for _ in 0..100 {
        match lan
            .login(shared::model::ClerkId::new("lan"), "1111".into(), vec![])
            .await
        {
            Ok(events) => {
                opened = Some(events);
                break;
            }
            Err(shared::client::ClientError::Offline) => {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            Err(e) => panic!("lan's login: {e}"),
        }
    }
    assert!(opened.is_some_and(|events| !events.is_empty()));
}
