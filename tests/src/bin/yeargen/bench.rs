//! Times every report over the generated year: the library's report for today (live),
//! this week, this month and the whole year, first with nothing in memory and then again;
//! the CSV exports; and the same pages and downloads over HTTP from a real hub on
//! 127.0.0.1. Prints one table.

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{Days, NaiveDate, TimeZone, Utc};
use shared::config::Config;
use shared::report::{Dimension, Lang, Period, Reports, csv};

/// A measured line of the table.
struct Line {
    what: String,
    tickets: u64,
    first: Duration,
    again: Vec<Duration>,
    bytes: u64,
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn print(lines: &[Line]) {
    println!(
        "{:<34} {:>9} {:>10} {:>10} {:>10} {:>9}",
        "measurement", "tickets", "first ms", "median ms", "max ms", "kB"
    );
    for l in lines {
        let mut again = l.again.clone();
        again.sort();
        let median = again.get(again.len() / 2).copied().unwrap_or_default();
        let max = again.last().copied().unwrap_or_default();
        println!(
            "{:<34} {:>9} {:>10} {:>10} {:>10} {:>9}",
            l.what,
            l.tickets,
            ms(l.first),
            if again.is_empty() {
                "-".into()
            } else {
                ms(median)
            },
            if again.is_empty() {
                "-".into()
            } else {
                ms(max)
            },
            l.bytes / 1024
        );
    }
}

/// Counts what is written.
#[derive(Default)]
struct Counting(u64);

impl Write for Counting {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0 += b.len() as u64;
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn periods(last: NaiveDate) -> Vec<(&'static str, Period)> {
    vec![
        ("today", Period::day(last)),
        ("this week", Period::week(last)),
        ("this month", Period::month(last)),
        (
            "year",
            Period {
                from: last - Days::new(364),
                to: last,
            },
        ),
    ]
}

/// Runs every measurement `repeat` times after the first.
pub async fn run(db: &Path, config: Arc<Config>, repeat: usize) -> anyhow::Result<()> {
    let probe = Reports::open(db, config.clone())?;
    let last: String = probe
        .connection()
        .query_row("SELECT max(day) FROM tickets", [], |r| r.get(0))
        .context("the database has no tickets")?;
    let last: NaiveDate = last.parse()?;
    drop(probe);
    // "Now" is the evening of the last day: that day is live, every other one past.
    let evening = config
        .time_zone
        .from_local_datetime(&last.and_hms_opt(17, 30, 0).context("a time")?)
        .earliest()
        .context("a local time")?
        .with_timezone(&Utc);
    let mut lines = Vec::new();
    let mut warm = Reports::open(db, config.clone())?;
    for (name, period) in periods(last) {
        let mut cold = Reports::open(db, config.clone())?;
        let t = Instant::now();
        let report = cold.report(period, evening)?;
        let first = t.elapsed();
        warm.report(period, evening)?;
        let again = (0..repeat)
            .map(|_| {
                let t = Instant::now();
                warm.report(period, evening).map(|_| t.elapsed())
            })
            .collect::<Result<Vec<_>, _>>()?;
        lines.push(Line {
            what: format!("report {name}"),
            tickets: report.total.issued,
            first,
            again,
            bytes: 0,
        });
        if name == "today" {
            continue;
        }
        let t = Instant::now();
        let mut out = Counting::default();
        for d in Dimension::ALL {
            csv::table(&report, d, &config, Lang::Vi, &mut out)?;
        }
        lines.push(Line {
            what: format!("csv tables {name} (report ready)"),
            tickets: report.total.issued,
            first: t.elapsed(),
            again: vec![],
            bytes: out.0,
        });
        let t = Instant::now();
        let mut out = Counting::default();
        let n = csv::tickets(warm.connection(), &config, period, Lang::Vi, &mut out)?;
        lines.push(Line {
            what: format!("csv tickets {name}"),
            tickets: n,
            first: t.elapsed(),
            again: vec![],
            bytes: out.0,
        });
    }
    pages(db, config, last, repeat, &mut lines).await?;
    print(&lines);
    Ok(())
}

/// The same over HTTP from a hub on the database.
async fn pages(
    db: &Path,
    config: Arc<Config>,
    last: NaiveDate,
    repeat: usize,
    lines: &mut Vec<Line>,
) -> anyhow::Result<()> {
    let hub = tests::spawn(db, config.clone(), "127.0.0.1:0").await;
    let addr = hub.addr;
    let manager = config
        .clerks
        .iter()
        .find(|c| c.admin)
        .context("a manager")?;
    let (_, head, _) = http(
        addr,
        "POST",
        "/reports/login",
        "",
        &format!("clerk={}&pin={}", manager.id, tests::MANAGER.1),
    )
    .await?;
    let cookie = head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .context("signed in")?
        .to_string();
    for (name, period) in periods(last) {
        let q = format!("from={}&to={}", period.from, period.to);
        for (kind, path) in [
            ("page", format!("/reports?{q}")),
            ("csv by field", format!("/reports.csv?{q}&by=field")),
            ("csv tickets", format!("/reports/tickets.csv?{q}")),
        ] {
            if kind == "csv tickets" && name == "today" {
                continue;
            }
            let t = Instant::now();
            let (status, _, bytes) = http(addr, "GET", &path, &cookie, "").await?;
            anyhow::ensure!(status == 200, "{path}: {status}");
            let first = t.elapsed();
            let mut again = Vec::new();
            let times = if kind == "csv tickets" { 1 } else { repeat };
            for _ in 0..times {
                let t = Instant::now();
                http(addr, "GET", &path, &cookie, "").await?;
                again.push(t.elapsed());
            }
            lines.push(Line {
                what: format!("http {kind} {name}"),
                tickets: 0,
                first,
                again,
                bytes,
            });
        }
    }
    hub.stop().await?;
    Ok(())
}

/// One HTTP/1.1 request; the status, the head (lower case) and the body's size.
async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    cookie: &str,
    body: &str,
) -> anyhow::Result<(u16, String, u64)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: hub\r\nConnection: close\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .context("an HTTP answer")?;
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, head, (raw.len() - split - 4) as u64))
}
