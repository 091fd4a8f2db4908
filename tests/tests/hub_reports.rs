//! The reports pages fetched over real HTTP from a real hub over a real database: sign-in
//! with the manager's PIN, the page in both languages, the CSV exports, refusals that
//! change nothing, and the same sign-in opening the live overview.

use std::net::SocketAddr;
use std::path::Path;

use chrono::Utc;
use shared::engine::{Command, business_day};
use shared::model::CounterId;
use tests::{MANAGER, default_office, issue_vl, on_2_november, spawn, vl_history};

/// The week the history is in, as a query.
const WEEK: &str = "from=2026-11-02&to=2026-11-08";

/// Three VL tickets at counter 1: waits 10, 15 and 19 minutes; the first two served in 9
/// and 4 minutes, the third a no-show.
fn history(db: &Path) {
    let c1 = CounterId(1);
    vl_history(
        db,
        &[
            (issue_vl(), 8, 0),
            (issue_vl(), 8, 5),
            (issue_vl(), 8, 6),
            (Command::CallNext { counter: c1 }, 8, 10),
            (Command::StartServing { counter: c1 }, 8, 11),
            (Command::Finish { counter: c1 }, 8, 20),
            (Command::CallNext { counter: c1 }, 8, 20),
            (Command::StartServing { counter: c1 }, 8, 21),
            (Command::Finish { counter: c1 }, 8, 25),
            (Command::CallNext { counter: c1 }, 8, 25),
            (Command::NoShow { counter: c1 }, 8, 27),
        ],
    );
}

/// A hub over the history.
struct Hub {
    hub: shared::hub::RunningHub,
    _dir: tempfile::TempDir,
}

async fn hub() -> Hub {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("office.db");
    history(&db);
    let hub = spawn(&db, default_office(), "127.0.0.1:0").await;
    // The hub's clock starts the current business day as it starts; wait for that, so
    // that nothing the test does is mistaken for it.
    let today = business_day(Utc::now(), &default_office()).max(on_2_november(8, 0).date_naive());
    let addr = hub.addr;
    for _ in 0..500 {
        let health = request(addr, "GET", "/health", "", "").await.body;
        let health: serde_json::Value = serde_json::from_str(&health).expect("health is JSON");
        if health["business_day"] == today.to_string() {
            return Hub { hub, _dir: dir };
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("the hub never started the business day");
}

/// An HTTP answer: status, head (lower-case) and body.
struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.head
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
    }
}

async fn request(addr: SocketAddr, method: &str, path: &str, cookie: &str, body: &str) -> Answer {
    use tokio::io::AsyncWriteExt;
    // The reports are served over TLS only.
    let mut stream = tests::tls_to(addr).await;
    let mut text = format!(
        "{method} {path} HTTP/1.1\r\nHost: hub\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !cookie.is_empty() {
        text.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    if method == "POST" {
        text.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
    }
    text.push_str("\r\n");
    text.push_str(body);
    stream.write_all(text.as_bytes()).await.expect("write");
    let raw = String::from_utf8(tests::read_all(&mut stream).await).expect("UTF-8");
    let (head, body) = raw.split_once("\r\n\r\n").expect("a head");
    let head = head.to_ascii_lowercase();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let body = if head.contains("transfer-encoding: chunked") {
        dechunk(body)
    } else {
        body.to_string()
    };
    Answer { status, head, body }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).expect("a chunk size");
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        body = &rest[n + 2..];
    }
    out
}

/// Signs in as the manager; returns the cookie to send.
async fn sign_in(addr: SocketAddr) -> String {
    let form = format!(
        "clerk={}&pin={}&next=%2Freports%3Ffrom%3D2026-11-02%26to%3D2026-11-08",
        MANAGER.0, MANAGER.1
    );
    let a = request(addr, "POST", "/reports/login", "", &form).await;
    assert_eq!(a.status, 303, "{}", a.body);
    assert_eq!(
        a.header("location"),
        Some("/reports?from=2026-11-02&to=2026-11-08")
    );
    let cookie = a.header("set-cookie").expect("a session cookie");
    assert!(cookie.contains("httponly") && cookie.contains("samesite=strict"));
    cookie.split(';').next().unwrap_or_default().to_string()
}

#[tokio::test]
async fn the_manager_signs_in_and_reads_the_week() {
    let h = hub().await;
    let addr = h.hub.addr;
    let first = request(addr, "GET", &format!("/reports?{WEEK}"), "", "").await;
    assert_eq!(first.status, 200);
    assert!(
        first.body.contains("Đăng nhập xem báo cáo"),
        "{}",
        first.body
    );
    assert!(
        first
            .body
            .contains(r#"name="next" value="/reports?from=2026-11-02&amp;to=2026-11-08""#)
    );

    let cookie = sign_in(addr).await;
    let page = request(addr, "GET", &format!("/reports?{WEEK}"), &cookie, "").await;
    assert_eq!(page.status, 200);
    for text in [
        "Báo cáo phục vụ",
        "02/11/2026 – 08/11/2026",
        "Được phục vụ trong 15 phút",
        "100,0%",
        "15:00",
        "Chưa có đánh giá",
        "Nguyễn Thị Lan",
        "Quầy 1",
    ] {
        assert!(page.body.contains(text), "the page lacks {text:?}");
    }
    assert_eq!(page.body.matches("<svg").count(), 3);

    let en = request(
        addr,
        "GET",
        &format!("/reports?{WEEK}&lang=en"),
        &cookie,
        "",
    )
    .await;
    for text in [
        "Service report",
        "Served within 15 min",
        "100.0%",
        "No ratings yet",
        "Employment",
    ] {
        assert!(en.body.contains(text), "the English page lacks {text:?}");
    }
    let today = request(addr, "GET", "/reports?period=today", &cookie, "").await;
    assert_eq!(today.status, 200);
    assert!(today.body.contains(r#"aria-current="page">Hôm nay"#));
}

#[tokio::test]
async fn the_tables_and_the_tickets_download_as_csv() {
    let h = hub().await;
    let addr = h.hub.addr;
    let cookie = sign_in(addr).await;
    let table = request(
        addr,
        "GET",
        &format!("/reports.csv?{WEEK}&by=field&lang=en"),
        &cookie,
        "",
    )
    .await;
    assert_eq!(table.status, 200);
    assert_eq!(
        table.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert!(
        table
            .header("content-disposition")
            .unwrap()
            .contains("report-by-field-2026-11-02-2026-11-08.csv")
    );
    // Waits 10, 15, 19 min; services 9 and 4 min; both served within 15 minutes.
    assert!(
        table
            .body
            .contains("\r\nVL,Employment,3,2,1,0,0,0,0,3,900,1140,1140,240,540,540,2,100.0,0,\r\n"),
        "{}",
        table.body
    );
    let hours = request(
        addr,
        "GET",
        &format!("/reports.csv?{WEEK}&by=hour"),
        &cookie,
        "",
    )
    .await;
    assert!(hours.body.contains("\r\n8,3,2,1,"), "{}", hours.body);

    let tickets = request(
        addr,
        "GET",
        &format!("/reports/tickets.csv?{WEEK}&lang=en"),
        &cookie,
        "",
    )
    .await;
    assert_eq!(tickets.status, 200);
    let lines: Vec<&str> = tickets.body.lines().collect();
    assert_eq!(lines.len(), 4, "{}", tickets.body);
    assert!(lines[1].contains(",2026-11-02,A001,VL,VL,regular,done,1,lan,2026-11-02 08:00:00,"));
    assert!(lines[3].contains(",no_show,1,lan,"));
}

#[tokio::test]
async fn a_wrong_pin_is_refused_and_changes_nothing() {
    let h = hub().await;
    let addr = h.hub.addr;
    let before = request(addr, "GET", "/health", "", "").await.body;
    for form in [
        format!("clerk={}&pin=123456", MANAGER.0),
        // A clerk's right PIN is not a manager's.
        "clerk=lan&pin=1111".to_string(),
        "clerk=nobody&pin=9999".to_string(),
    ] {
        let a = request(addr, "POST", "/reports/login", "", &form).await;
        assert_eq!(a.status, 401, "{form}");
        assert!(a.header("set-cookie").is_none(), "{form}");
        assert!(a.body.contains("Không có gì thay đổi."), "{}", a.body);
    }
    for path in [
        format!("/reports.csv?{WEEK}"),
        format!("/reports/tickets.csv?{WEEK}"),
    ] {
        let a = request(addr, "GET", &path, "reports_session=guess", "").await;
        assert_eq!(a.status, 401, "{path}");
    }
    let page = request(addr, "GET", "/reports", "reports_session=guess", "").await;
    assert!(page.body.contains("Đăng nhập xem báo cáo"));
    let after = request(addr, "GET", "/health", "", "").await.body;
    let seq = |h: &str| serde_json::from_str::<serde_json::Value>(h).unwrap()["last_seq"].clone();
    assert_eq!(seq(&before), seq(&after), "no command was applied");

    // Signing out ends the session.
    let cookie = sign_in(addr).await;
    let out = request(addr, "POST", "/reports/logout", &cookie, "").await;
    assert_eq!(out.status, 303);
    let csv = request(addr, "GET", &format!("/reports.csv?{WEEK}"), &cookie, "").await;
    assert_eq!(csv.status, 401);
}

#[tokio::test]
async fn the_sign_in_form_is_read_as_browsers_send_it() {
    let h = hub().await;
    let addr = h.hub.addr;
    // Forms that cannot be read are refused before any PIN is tried, so they use up none
    // of the wrong sign-ins the hub allows: the manager still gets in afterwards.
    let long = format!("clerk={}&pin=0000&x={}", MANAGER.0, "a".repeat(5000));
    for (form, status) in [
        (format!("clerk={}&pin=0000&pin=0001", MANAGER.0), 400),
        (long, 413),
    ] {
        for _ in 0..4 {
            let a = request(addr, "POST", "/reports/login", "", &form).await;
            assert_eq!(a.status, status, "{}", a.body);
            assert!(a.header("set-cookie").is_none());
            assert!(a.body.contains("Đăng nhập xem báo cáo"), "{}", a.body);
        }
    }
    // `+` and `%20` are spaces around the login, and `next` comes back decoded.
    let form = format!(
        "clerk=+{}%20&pin={}&next=%2Foverview%3Flang%3Den",
        MANAGER.0, MANAGER.1
    );
    let a = request(addr, "POST", "/reports/login", "", &form).await;
    assert_eq!(a.status, 303, "{}", a.body);
    assert_eq!(a.header("location"), Some("/overview?lang=en"));
}

#[tokio::test]
async fn a_wrong_period_gets_a_clear_answer() {
    let h = hub().await;
    let addr = h.hub.addr;
    let cookie = sign_in(addr).await;
    let backwards = request(
        addr,
        "GET",
        "/reports?from=2026-11-08&to=2026-11-02",
        &cookie,
        "",
    )
    .await;
    assert_eq!(backwards.status, 400);
    assert!(
        backwards
            .body
            .contains("Ngày kết thúc đứng trước ngày bắt đầu.")
    );
    let long = request(
        addr,
        "GET",
        "/reports.csv?from=2020-01-01&to=2026-11-02",
        &cookie,
        "",
    )
    .await;
    assert_eq!(long.status, 400);
    let by = request(
        addr,
        "GET",
        &format!("/reports.csv?{WEEK}&by=colour"),
        &cookie,
        "",
    )
    .await;
    assert_eq!(by.status, 400);
}

#[tokio::test]
async fn one_sign_in_opens_the_reports_and_the_overview() {
    let h = hub().await;
    let addr = h.hub.addr;
    let away = request(addr, "GET", "/overview", "", "").await;
    assert_eq!(away.status, 303, "{}", away.body);
    assert_eq!(away.header("location"), Some("/reports?next=/overview"));
    let events = request(addr, "GET", "/overview/events", "reports_session=guess", "").await;
    assert_eq!(events.status, 401);
    let form = request(addr, "GET", "/reports?next=/overview", "", "").await;
    assert!(
        form.body.contains(r#"name="next" value="/overview""#),
        "{}",
        form.body
    );
    let en = request(addr, "GET", "/overview?lang=en", "", "").await;
    let to = en.header("location").expect("a way to the sign-in");
    // (The head is read in lower case.)
    assert_eq!(to, "/reports?next=/overview%3flang%3den&lang=en");
    let form = request(addr, "GET", to, "", "").await;
    assert!(form.body.contains("Sign in"), "{}", form.body);
    assert!(
        form.body
            .contains(r#"name="next" value="/overview?lang=en""#)
    );
    // Switching language keeps where the reader was going, in the new language.
    assert!(
        form.body
            .contains(r#"<a href="/reports?lang=vi&amp;next=/overview">"#),
        "{}",
        form.body
    );
    let vi = request(addr, "GET", "/reports?lang=vi&next=/overview", "", "").await;
    assert!(vi.body.contains(r#"name="next" value="/overview""#));
    assert!(
        vi.body
            .contains(r#"<a href="/reports?lang=en&amp;next=/overview%3Flang%3Den">"#),
        "{}",
        vi.body
    );

    // A clerk's right PIN opens neither page.
    let clerk = request(
        addr,
        "POST",
        "/reports/login",
        "",
        "clerk=lan&pin=1111&next=%2Foverview",
    )
    .await;
    assert_eq!(clerk.status, 401);
    let signed = request(
        addr,
        "POST",
        "/reports/login",
        "",
        &format!("clerk={}&pin={}&next=%2Foverview", MANAGER.0, MANAGER.1),
    )
    .await;
    assert_eq!(signed.status, 303, "{}", signed.body);
    assert_eq!(signed.header("location"), Some("/overview"));
    let cookie = signed.header("set-cookie").expect("a session cookie");
    let cookie = cookie.split(';').next().unwrap_or_default().to_string();
    let overview = request(addr, "GET", "/overview", &cookie, "").await;
    assert_eq!(overview.status, 200, "{}", overview.body);
    for text in [
        "Tổng quan trực tiếp",
        "Trần Thị Thu",
        r#"<a id="reports" href="/reports">Báo cáo</a>"#,
    ] {
        assert!(overview.body.contains(text), "the overview lacks {text:?}");
    }
    let report = request(addr, "GET", "/reports", &cookie, "").await;
    assert!(
        report
            .body
            .contains(r#"<a href="/overview">Tổng quan trực tiếp</a>"#),
        "{}",
        report.body
    );
    let report = request(addr, "GET", "/reports?lang=en", &cookie, "").await;
    assert!(
        report
            .body
            .contains(r#"<a href="/overview?lang=en">Live overview</a>"#)
    );

    // Only a path of this hub is returned to; anything else goes to the reports.
    for next in [
        "%2F%2Fevil.example",
        "%2F%2Fevil.example%2Foverview",
        "http%3A%2F%2Fevil.example%2F",
        "https%3Aevil.example",
        "%2F%5Cevil.example",
        "%2Foverview%0D%0ASet-Cookie%3A+x%3Dy",
    ] {
        let form = format!("clerk={}&pin={}&next={next}", MANAGER.0, MANAGER.1);
        let a = request(addr, "POST", "/reports/login", "", &form).await;
        assert_eq!(a.status, 303, "{next}");
        assert_eq!(a.header("location"), Some("/reports"), "{next}");
        let page = request(addr, "GET", &format!("/reports?next={next}"), "", "").await;
        assert!(page.body.contains(r#"name="next" value="""#), "{next}");
    }

    // Signing out closes both pages.
    request(addr, "POST", "/reports/logout", &cookie, "").await;
    let after = request(addr, "GET", "/overview", &cookie, "").await;
    assert_eq!(after.status, 303);
}
