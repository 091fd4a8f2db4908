//! Helpers shared by the integration tests: the default office and office-local times.
#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Ho_Chi_Minh;
use rusqlite::Connection;
use shared::config::Config;
use shared::engine::{Command, Engine, Event, Refusal};
use shared::model::{ClerkId, CounterId, FieldCode, PriorityClass, Source, TicketId};
use shared::ticket::{Language, Raster, TicketPrint};

/// The default office shipped in assets.
pub fn office() -> Config {
    Config::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../assets/config/office.toml"
    )))
    .expect("default office")
}

/// `HH:MM` on 23 November 2026 in Ho Chi Minh City, as UTC.
pub fn at(h: u32, m: u32) -> DateTime<Utc> {
    on(23, h, m)
}

/// `HH:MM` on `day` November 2026 in Ho Chi Minh City, as UTC.
pub fn on(day: u32, h: u32, m: u32) -> DateTime<Utc> {
    let local = NaiveDate::from_ymd_opt(2026, 11, day)
        .and_then(|d| d.and_hms_opt(h, m, 0))
        .expect("valid time");
    Ho_Chi_Minh
        .from_local_datetime(&local)
        .single()
        .expect("unambiguous")
        .with_timezone(&Utc)
}

/// Field by code.
pub fn f(code: &str) -> FieldCode {
    FieldCode::new(code)
}

/// Issue command from the kiosk.
pub fn issue(field: &str, class: PriorityClass) -> Command {
    Command::IssueTicket {
        field: f(field),
        class,
        source: Source::Kiosk("kiosk-1".into()),
    }
}

/// Opens `counter` for `clerk` serving `fields` (empty: defaults).
pub fn open(counter: u16, clerk: &str, fields: &[&str]) -> Command {
    Command::OpenCounter {
        counter: CounterId(counter),
        clerk: ClerkId::new(clerk),
        fields: fields.iter().map(|c| f(c)).collect(),
    }
}

/// An engine over `config` with nothing in it yet.
pub fn engine(config: Config) -> Engine {
    Engine::new(Arc::new(config))
}

/// Test driver: applies commands and pulls out what tests look at.
pub trait Drive {
    /// Applies, panicking on refusal.
    fn ok(&mut self, command: Command, now: DateTime<Utc>) -> Vec<Event>;
    /// Applies, expecting a refusal.
    fn refused(&mut self, command: Command, now: DateTime<Utc>) -> Refusal;
    /// Takes a ticket (issues it) and returns its id and shown number.
    fn take(&mut self, field: &str, class: PriorityClass, now: DateTime<Utc>)
    -> (TicketId, String);
    /// Calls next at a counter and returns the shown number called.
    fn call(&mut self, counter: u16, now: DateTime<Utc>) -> String;
}

impl Drive for Engine {
    fn ok(&mut self, command: Command, now: DateTime<Utc>) -> Vec<Event> {
        self.apply(&command, now)
            .unwrap_or_else(|r| panic!("{command:?} refused: {r}"))
    }
    fn refused(&mut self, command: Command, now: DateTime<Utc>) -> Refusal {
        let before = self.state().clone();
        let refusal = self.apply(&command, now).expect_err("should be refused");
        assert_eq!(self.state(), &before, "a refusal changed the state");
        refusal
    }
    fn take(
        &mut self,
        field: &str,
        class: PriorityClass,
        now: DateTime<Utc>,
    ) -> (TicketId, String) {
        let events = self.ok(issue(field, class), now);
        match &events.last().expect("an event").kind {
            shared::engine::EventKind::TicketIssued {
                ticket, display, ..
            } => (*ticket, display.clone()),
            other => panic!("expected an issue, got {other:?}"),
        }
    }
    fn call(&mut self, counter: u16, now: DateTime<Utc>) -> String {
        let events = self.ok(
            Command::CallNext {
                counter: CounterId(counter),
            },
            now,
        );
        match &events.last().expect("an event").kind {
            shared::engine::EventKind::TicketCalled { ticket, .. } => {
                self.ticket(*ticket).expect("called").display.clone()
            }
            other => panic!("expected a call, got {other:?}"),
        }
    }
}

/// Every row of every table, in key order, as text: two equal dumps are equal databases.
pub fn dump(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).expect("open");
    let mut out = Vec::new();
    for table in [
        "office",
        "tickets",
        "counters",
        "fields",
        "device_problems",
        "requests",
        "ratings",
        "events",
    ] {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
            .expect("prepare");
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).expect("cell")))
                    .collect();
                Ok(format!("{table}: {}", cells.join(" | ")))
            })
            .expect("query");
        out.extend(rows.map(|r| r.expect("row")));
    }
    out
}

/// A ticket with every line filled, in `language`.
pub fn sample_ticket(language: Language) -> TicketPrint {
    TicketPrint {
        office: "Bộ phận Một cửa - Sở Lao động - Thương binh và Xã hội".into(),
        field: if language == Language::Vi {
            "Bảo hiểm thất nghiệp".into()
        } else {
            "Unemployment insurance".into()
        },
        number: "B023".into(),
        priority: Some(if language == Language::Vi {
            "Người cao tuổi".into()
        } else {
            "Elderly".into()
        }),
        people_ahead: 4,
        wait_minutes: Some(12),
        issued_at: "23/11/2026 08:15".into(),
        url: "http://192.168.1.20:8080/t/7Hq2xK9pLm3vR8sT".into(),
        footer: "Vui lòng chờ đến lượt. Xin cảm ơn!".into(),
        language,
    }
}

/// Reads the QR code in the raster back as text, as a phone camera would.
pub fn read_qr(r: &Raster) -> Option<String> {
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(
        r.width() as usize,
        r.height() as usize,
        |x, y| {
            if r.get(x as u32, y as u32) { 0 } else { 255 }
        },
    );
    let grids = img.detect_grids();
    grids
        .first()
        .and_then(|g| g.decode().ok())
        .map(|(_, text)| text)
}
