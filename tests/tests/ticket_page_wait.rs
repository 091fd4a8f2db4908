//! The ticket page in headless Chromium says the estimated wait in the words the ticket
//! and the kiosk use: a field that the open counter serves after its own still has an
//! estimate, and "no counter" only when no open counter serves the field.

mod page_support;

use std::sync::Arc;

use page_support::{Chromium, counter, issue};
use shared::engine::wait::words::sentence;
use shared::hub::links::ticket_path;
use tests::{TestHub, default_office};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_says_the_wait_as_the_ticket_does() {
    // No lunch break: the test may run at any time of day.
    let mut office = (*default_office()).clone();
    office.breaks.clear();
    let hub = TestHub::start(Arc::new(office)).await;
    // Counter 2 serves BHTN, then VL; two citizens wait for BHTN.
    let _two = counter(&hub, 2, "hung", "2222").await;
    issue(&hub, "BHTN").await;
    issue(&hub, "BHTN").await;
    let vl = issue(&hub, "VL").await;
    let ncc = issue(&hub, "NCC").await;
    let url = |ticket, lang: &str| {
        format!(
            "{}{}{lang}",
            hub.http_url(),
            ticket_path(&hub.links_key(), ticket)
        )
    };
    let mut page = Chromium::open(&url(vl, "")).await;
    // Two BHTN services of 6 minutes on average come first.
    page.shows(&sentence(Some(12), false)).await;
    page.goto(&url(vl, "?lang=en")).await;
    page.shows(&sentence(Some(12), true)).await;
    page.goto(&url(ncc, "")).await;
    page.shows(&sentence(None, false)).await;
    assert!(
        !page.text().await.contains("Chờ khoảng"),
        "no estimate without a counter"
    );
}
