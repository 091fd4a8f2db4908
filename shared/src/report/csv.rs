//! The report's tables and the ticket-level data as CSV: UTF-8 with a byte order mark (so
//! spreadsheet programs read Vietnamese correctly), comma-separated, quoted where needed.
//! Durations are whole seconds, times the office's local time `YYYY-MM-DD HH:MM:SS`,
//! decimals with a point.

use std::io::Write;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;

use crate::config::Config;

use super::facts;
use super::figures::{Figures, Spread};
use super::names;
use super::period::Period;
use super::tables::{Dimension, Key, Report};
use super::words::Lang;

/// Byte order mark: tells spreadsheet programs the file is UTF-8.
const BOM: &str = "\u{feff}";

/// Writes one CSV line.
fn line<W: Write + ?Sized>(out: &mut W, cells: &[String]) -> std::io::Result<()> {
    let mut text = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        if cell.contains([',', '"', '\n', '\r']) {
            text.push('"');
            text.push_str(&cell.replace('"', "\"\""));
            text.push('"');
        } else {
            text.push_str(cell);
        }
    }
    text.push_str("\r\n");
    out.write_all(text.as_bytes())
}

fn headers(lang: Lang) -> [&'static str; 18] {
    match lang {
        Lang::Vi => [
            "Phát",
            "Phục vụ",
            "Vắng mặt",
            "Hủy",
            "Tồn cuối ngày",
            "Đang xử lý",
            "Chuyển lĩnh vực",
            "Được gọi",
            "Chờ trung vị (giây)",
            "Chờ P90 (giây)",
            "Chờ tối đa (giây)",
            "Phục vụ trung vị (giây)",
            "Phục vụ P90 (giây)",
            "Phục vụ tối đa (giây)",
            "Phục vụ trong mục tiêu",
            "Tỷ lệ trong mục tiêu (%)",
            "Lượt đánh giá",
            "Điểm hài lòng (1-4)",
        ],
        Lang::En => [
            "issued",
            "served",
            "no_show",
            "cancelled",
            "left_at_day_end",
            "still_open",
            "transferred",
            "called",
            "wait_median_s",
            "wait_p90_s",
            "wait_max_s",
            "service_median_s",
            "service_p90_s",
            "service_max_s",
            "served_within_target",
            "within_target_percent",
            "ratings",
            "satisfaction_score",
        ],
    }
}

/// Whole seconds, rounded.
fn secs(ms: u32) -> String {
    ((u64::from(ms) + 500) / 1000).to_string()
}

fn figure_cells(f: &Figures) -> Vec<String> {
    let spread = |s: &Option<Spread>| -> [String; 3] {
        match s {
            Some(s) => [secs(s.median_ms), secs(s.p90_ms), secs(s.max_ms)],
            None => Default::default(),
        }
    };
    let mut cells: Vec<String> = [
        f.issued,
        f.served,
        f.no_show,
        f.cancelled,
        f.expired,
        f.open,
        f.transferred,
        f.wait.map_or(0, |w| w.count),
    ]
    .iter()
    .map(u64::to_string)
    .collect();
    cells.extend(spread(&f.wait));
    cells.extend(spread(&f.service));
    cells.push(f.within_target.to_string());
    cells.push(
        f.within_target_share()
            .map_or(String::new(), |s| format!("{:.1}", s * 100.0)),
    );
    cells.push(f.satisfaction.total().to_string());
    cells.push(
        f.satisfaction
            .score()
            .map_or(String::new(), |s| format!("{s:.2}")),
    );
    cells
}

/// The columns naming a row's group: a code and a name (a field or a clerk), or one value.
fn key_headers(dimension: Dimension, lang: Lang) -> Vec<&'static str> {
    match (dimension, lang) {
        (Dimension::Field, Lang::Vi) => vec!["Mã lĩnh vực", "Lĩnh vực"],
        (Dimension::Field, Lang::En) => vec!["field", "field_name"],
        (Dimension::Clerk, Lang::Vi) => vec!["Tên đăng nhập", "Cán bộ"],
        (Dimension::Clerk, Lang::En) => vec!["clerk", "clerk_name"],
        (Dimension::Counter, Lang::Vi) => vec!["Quầy"],
        (Dimension::Counter, Lang::En) => vec!["counter"],
        (Dimension::Hour, Lang::Vi) => vec!["Giờ"],
        (Dimension::Hour, Lang::En) => vec!["hour"],
        (Dimension::Day, Lang::Vi) => vec!["Ngày"],
        (Dimension::Day, Lang::En) => vec!["day"],
    }
}

fn key_cells(key: &Key, config: &Config, lang: Lang) -> Vec<String> {
    match key {
        Key::Field(code) => vec![code.to_string(), names::field(config, code, lang)],
        Key::Clerk(Some(c)) => vec![c.to_string(), names::clerk(config, c)],
        Key::Clerk(None) => vec![String::new(), lang.words().not_called.to_string()],
        Key::Counter(Some(c)) => vec![c.to_string()],
        Key::Counter(None) => vec![String::new()],
        Key::Hour(h) => vec![h.to_string()],
        Key::Day(d) => vec![d.to_string()],
    }
}

/// Writes the table by `dimension`, then a total line.
pub fn table<W: Write + ?Sized>(
    report: &Report,
    dimension: Dimension,
    config: &Config,
    lang: Lang,
    out: &mut W,
) -> std::io::Result<()> {
    out.write_all(BOM.as_bytes())?;
    let keys = key_headers(dimension, lang);
    let mut head: Vec<String> = keys.iter().map(|s| s.to_string()).collect();
    head.extend(headers(lang).iter().map(|s| s.to_string()));
    line(out, &head)?;
    for row in report.rows(dimension) {
        let mut cells = key_cells(&row.key, config, lang);
        cells.extend(figure_cells(&row.figures));
        line(out, &cells)?;
    }
    let mut cells = vec![lang.words().total.to_string()];
    cells.resize(keys.len(), String::new());
    cells.extend(figure_cells(&report.total));
    line(out, &cells)
}

fn ticket_headers(lang: Lang) -> [&'static str; 19] {
    match lang {
        Lang::Vi => [
            "Mã phiếu",
            "Ngày",
            "Số",
            "Lĩnh vực lúc lấy",
            "Lĩnh vực cuối",
            "Ưu tiên",
            "Trạng thái",
            "Quầy",
            "Cán bộ",
            "Lấy phiếu",
            "Gọi lần đầu",
            "Gọi lần cuối",
            "Bắt đầu phục vụ",
            "Kết thúc",
            "Chờ (giây)",
            "Phục vụ (giây)",
            "Gọi lại",
            "Chuyển lĩnh vực",
            "Đánh giá",
        ],
        Lang::En => [
            "ticket",
            "day",
            "number",
            "issued_field",
            "field",
            "class",
            "state",
            "counter",
            "clerk",
            "issued_at",
            "first_called_at",
            "called_at",
            "started_at",
            "ended_at",
            "wait_s",
            "service_s",
            "recalls",
            "transfers",
            "rating",
        ],
    }
}

fn local(ms: Option<i64>, zone: Tz) -> String {
    ms.and_then(DateTime::<Utc>::from_timestamp_millis)
        .map(|t| {
            t.with_timezone(&zone)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_default()
}

/// Writes every ticket of `period`, day by day in issue order; returns how many.
pub fn tickets<W: Write + ?Sized>(
    conn: &Connection,
    config: &Config,
    period: Period,
    lang: Lang,
    out: &mut W,
) -> Result<u64, super::ReportError> {
    let (columns, joins) = facts::Tables::of(conn)?.extra();
    let sql = format!(
        "SELECT t.id, t.day, t.display, t.issued_field, t.field, t.class, t.state, t.counter,
                t.clerk, t.issued_at, t.called_at, t.started_at, t.ended_at, t.recalls,
                t.transfers, {columns} FROM tickets t {joins} WHERE t.day = ?1 ORDER BY t.id"
    );
    out.write_all(BOM.as_bytes())?;
    line(out, &ticket_headers(lang).map(str::to_string))?;
    conn.execute_batch("BEGIN")?;
    let result = (|| {
        let mut stmt = conn.prepare(&sql)?;
        let mut n = 0;
        let zone = config.time_zone;
        for day in period.days() {
            let mut rows = stmt.query([day.to_string()])?;
            while let Some(r) = rows.next()? {
                let issued: i64 = r.get(9)?;
                let called: Option<i64> = r.get(10)?;
                let started: Option<i64> = r.get(11)?;
                let ended: Option<i64> = r.get(12)?;
                let first: Option<i64> = r.get(15)?;
                let state: String = r.get(6)?;
                let wait = first.map(|c| secs_between(issued, c));
                let service = match (state.as_str(), started.or(called), ended) {
                    ("done", Some(b), Some(e)) => Some(secs_between(b, e)),
                    _ => None,
                };
                let text = |i: usize| -> rusqlite::Result<String> {
                    Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
                };
                let cells = [
                    r.get::<_, i64>(0)?.to_string(),
                    text(1)?,
                    text(2)?,
                    text(3)?,
                    text(4)?,
                    text(5)?,
                    state.clone(),
                    r.get::<_, Option<i64>>(7)?
                        .map_or(String::new(), |c| c.to_string()),
                    text(8)?,
                    local(Some(issued), zone),
                    local(first, zone),
                    local(called, zone),
                    local(started, zone),
                    local(ended, zone),
                    wait.unwrap_or_default(),
                    service.unwrap_or_default(),
                    r.get::<_, i64>(13)?.to_string(),
                    r.get::<_, i64>(14)?.to_string(),
                    text(16)?,
                ];
                line(out, &cells)?;
                n += 1;
            }
        }
        Ok::<u64, super::ReportError>(n)
    })();
    let ended = conn.execute_batch("COMMIT");
    let n = result?;
    ended?;
    Ok(n)
}

fn secs_between(a: i64, b: i64) -> String {
    ((b - a).max(0) + 500).div_euclid(1000).to_string()
}
