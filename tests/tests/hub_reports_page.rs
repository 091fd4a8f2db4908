//! The sign-in and reports pages as the office manager's browser shows them, in headless
//! Chromium at 1366x900: the bundled Noto Sans is loaded (not a system font), the target's
//! label in "Thời gian chờ theo lĩnh vực" is whole inside its chart even when the target is
//! at the chart's right edge, and the period's date fields read dd/mm/yyyy like the heading.

mod page_support;

use std::path::Path;

use serde_json::{Value, json};
use shared::engine::Command;
use shared::model::CounterId;
use tests::{MANAGER, default_office, issue_vl, spawn, vl_history};

use page_support::Chromium;

/// Two VL tickets that waited 5 and 8 minutes, well within the 15-minute target: the
/// chart by field then ends at the target, and its label sits at the right edge.
fn short_waits(db: &Path) {
    let c1 = CounterId(1);
    let mut steps = vec![(issue_vl(), 8, 0), (issue_vl(), 8, 1)];
    for (called, done) in [(5, 9), (9, 12)] {
        steps.push((Command::CallNext { counter: c1 }, 8, called));
        steps.push((Command::StartServing { counter: c1 }, 8, called));
        steps.push((Command::Finish { counter: c1 }, 8, done));
    }
    vl_history(db, &steps);
}

/// Evaluates `expression` until it gives `want` (20 s at most); returns what it last gave.
async fn until(page: &mut Chromium, expression: &str, want: &Value) -> Value {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let got = page.eval(expression).await;
        if &got == want || tokio::time::Instant::now() > deadline {
            return got;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Whether the page's text is drawn with the bundled Noto Sans: a web font of that name is
/// loaded and the body asks for it first.
const NOTO_LOADED: &str = r#"(function () {
  var faces = Array.from(document.fonts).filter(function (f) {
    return f.family.replace(/"/g, "") === "Noto Sans" && f.status === "loaded";
  });
  var family = getComputedStyle(document.body).fontFamily;
  return faces.length > 0 && family.replace(/"/g, "").indexOf("Noto Sans") === 0;
})()"#;

/// The target label's text, and whether its box lies within the chart's drawing.
const TARGET_LABEL: &str = r#"(function () {
  var svg = document.getElementById("chart-field").closest("svg");
  var label = svg.querySelector(".target-label");
  var b = label.getBBox();
  var v = svg.viewBox.baseVal;
  var inside = b.x >= v.x && b.x + b.width <= v.x + v.width && b.y >= v.y &&
    b.y + b.height <= v.y + v.height;
  return [label.textContent, inside];
})()"#;

/// The period fields' type and values, and the period heading.
const DATES: &str = r#"(function () {
  var from = document.querySelector("input[name=from]");
  var to = document.querySelector("input[name=to]");
  return [from.type, from.value, to.value, document.querySelector(".period").textContent];
})()"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reports_pages_use_the_bundled_font_whole_labels_and_dd_mm_yyyy() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("office.db");
    short_waits(&db);
    let hub = spawn(&db, default_office(), "127.0.0.1:0").await;
    let mut page = Chromium::start().await;
    page.desktop().await;
    let week = "from=02/11/2026&to=08/11/2026";
    page.goto(&format!("http://{}/reports?{week}", hub.addr))
        .await;
    page.shows("Đăng nhập").await;
    assert_eq!(
        until(&mut page, NOTO_LOADED, &json!(true)).await,
        true,
        "the sign-in page is drawn in the bundled Noto Sans"
    );
    page.screenshot("reports-sign-in.png").await;

    page.sign_in(MANAGER.0, MANAGER.1).await;
    page.shows("Thời gian chờ theo lĩnh vực").await;
    assert_eq!(
        until(&mut page, NOTO_LOADED, &json!(true)).await,
        true,
        "the reports page is drawn in the bundled Noto Sans"
    );
    let whole = json!(["Mục tiêu 15 phút", true]);
    assert_eq!(
        until(&mut page, TARGET_LABEL, &whole).await,
        whole,
        "the target's label is whole inside the chart"
    );
    let dates = json!([
        "text",
        "02/11/2026",
        "08/11/2026",
        "02/11/2026 – 08/11/2026"
    ]);
    assert_eq!(page.eval(DATES).await, dates, "dd/mm/yyyy like the heading");
    page.screenshot("reports-page.png").await;

    // The manager types a day in the same order; the hub reads it so.
    page.eval(
        r#"document.querySelector("input[name=from]").value = "03/11/2026";
           document.querySelector("form.custom").submit(); true"#,
    )
    .await;
    page.shows("03/11/2026 – 08/11/2026").await;
    hub.stop().await.expect("hub stops");
}
