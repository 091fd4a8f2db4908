//! `kiosk report`: the office's report for a period on the terminal (one table and the
//! totals), and the same table or every ticket as CSV files. The figures are the reports
//! page's own (`shared::report`), read from the database without changing it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, bail};
use chrono::{Datelike, Days, Utc};
use shared::config::Config;
use shared::report::words::duration;
use shared::report::{Dimension, Figures, Lang, Period, Report, Reports, Spread, csv, names};

/// What `kiosk report` was asked for.
pub struct Options {
    /// The office file.
    pub config: PathBuf,
    /// The database file.
    pub db: PathBuf,
    /// First business day, `YYYY-MM-DD` (default: Monday of the last day's week).
    pub from: Option<String>,
    /// Last business day (default: today).
    pub to: Option<String>,
    /// The table printed and written: field, counter, clerk, hour or day.
    pub by: String,
    /// Write the table as CSV here.
    pub csv: Option<PathBuf>,
    /// Write every ticket of the period as CSV here.
    pub tickets_csv: Option<PathBuf>,
    /// `vi` or `en`.
    pub lang: String,
}

/// Prints the report and writes the files asked for.
pub fn run(o: Options) -> anyhow::Result<()> {
    let config = Arc::new(Config::load(&o.config)?);
    let lang = Lang::parse(Some(&o.lang));
    let Some(by) = Dimension::parse(&o.by) else {
        bail!(
            "--by is one of field, counter, clerk, hour, day (not {:?})",
            o.by
        );
    };
    if !o.db.exists() {
        bail!("{}: no such database", o.db.display());
    }
    let mut reports = Reports::open(&o.db, config.clone())
        .with_context(|| format!("opening {}", o.db.display()))?;
    let now = Utc::now();
    let today = reports.today(now);
    let to = o.to.unwrap_or_else(|| today.to_string());
    let from = match o.from {
        Some(f) => f,
        None => {
            let last: chrono::NaiveDate = to.parse().with_context(|| format!("--to {to:?}"))?;
            (last - Days::new(u64::from(last.weekday().num_days_from_monday()))).to_string()
        }
    };
    let period = Period::parse(&from, &to)?;
    let started = Instant::now();
    let report = reports.report(period, now)?;
    let took = started.elapsed();
    print!("{}", text(&report, by, &config, lang));
    std::io::Write::flush(&mut std::io::stdout())?;
    eprintln!("({} ms)", took.as_millis());
    if let Some(path) = &o.csv {
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        );
        csv::table(&report, by, &config, lang, &mut file)?;
        std::io::Write::flush(&mut file)?;
        eprintln!("{}: {} rows", path.display(), report.rows(by).len());
    }
    if let Some(path) = &o.tickets_csv {
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        );
        let n = csv::tickets(reports.connection(), &config, period, lang, &mut file)?;
        std::io::Write::flush(&mut file)?;
        eprintln!("{}: {n} tickets", path.display());
    }
    Ok(())
}

fn spread(s: &Option<Spread>) -> [String; 3] {
    match s {
        Some(s) => [
            duration(s.median_ms),
            duration(s.p90_ms),
            duration(s.max_ms),
        ],
        None => ["–".into(), "–".into(), "–".into()],
    }
}

fn cells(f: &Figures, lang: Lang) -> Vec<String> {
    let mut out: Vec<String> = [
        f.issued,
        f.served,
        f.no_show,
        f.cancelled,
        f.expired + f.open,
        f.transferred,
    ]
    .iter()
    .map(|n| lang.count(*n))
    .collect();
    out.extend(spread(&f.wait));
    out.extend(spread(&f.service));
    out.push(
        f.within_target_share()
            .map_or("–".into(), |s| lang.percent(s)),
    );
    out.push(
        f.satisfaction
            .score()
            .map_or("–".into(), |s| lang.decimal(s)),
    );
    out
}

/// The report as text: the period, the totals and the table by `by`.
pub fn text(report: &Report, by: Dimension, config: &Config, lang: Lang) -> String {
    let w = lang.words();
    let t = &report.total;
    let mut out = format!(
        "{} · {}\n{} – {}\n",
        w.title,
        match lang {
            Lang::Vi => &config.name,
            Lang::En => &config.name_en,
        },
        lang.date(report.period.from),
        lang.date(report.period.to)
    );
    out.push_str(&format!(
        "{}: {}  {}: {}  {}: {}  {}: {}  {}: {}\n",
        w.issued,
        lang.count(t.issued),
        w.served,
        lang.count(t.served),
        w.no_show,
        lang.count(t.no_show),
        w.cancelled,
        lang.count(t.cancelled),
        w.expired,
        lang.count(t.expired + t.open)
    ));
    let within = shared::report::words::Words::with(w.within, report.target_minutes);
    out.push_str(&format!(
        "{within}: {}\n",
        t.within_target_share()
            .map_or("–".into(), |s| lang.percent(s))
    ));
    let s = &report.total.satisfaction;
    out.push_str(&format!(
        "{}: {}\n\n",
        w.satisfaction,
        match s.score() {
            Some(score) => format!(
                "{}/4 ({} {})",
                lang.decimal(score),
                lang.count(s.total()),
                w.ratings
            ),
            None => w.no_ratings.to_string(),
        }
    ));
    let key = Dimension::ALL.iter().position(|d| *d == by).unwrap_or(0);
    let mut head = vec![w.keys[key].to_string()];
    head.extend(w.columns.iter().map(|c| c.to_string()));
    for group in [w.wait, w.service] {
        for part in [w.median, w.p90, w.max] {
            head.push(format!("{} {}", first_word(group), part.to_lowercase()));
        }
    }
    head.push(shared::report::words::Words::with(
        w.within_short,
        report.target_minutes,
    ));
    head.push(w.satisfaction_short.to_string());
    let mut rows = vec![head];
    for row in report.rows(by) {
        let mut line = vec![names::key(&row.key, config, lang)];
        line.extend(cells(&row.figures, lang));
        rows.push(line);
    }
    let mut total = vec![w.total.to_string()];
    total.extend(cells(t, lang));
    rows.push(total);
    out.push_str(&columns(&rows));
    out
}

/// "Thời gian chờ" → "chờ", "Waiting time" → "Waiting": short enough for a column.
fn first_word(group: &str) -> String {
    match group {
        "Thời gian chờ" => "Chờ".into(),
        "Thời gian phục vụ" => "PV".into(),
        other => other.split(' ').next().unwrap_or(other).to_string(),
    }
}

/// Lines of cells in aligned columns: the first left-aligned, the others right-aligned.
fn columns(rows: &[Vec<String>]) -> String {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        for (i, cell) in r.iter().enumerate() {
            let pad = " ".repeat(width[i].saturating_sub(cell.chars().count()));
            if i == 0 {
                out.push_str(cell);
                out.push_str(&pad);
            } else {
                out.push_str("  ");
                out.push_str(&pad);
                out.push_str(cell);
            }
        }
        out.push('\n');
    }
    out
}
