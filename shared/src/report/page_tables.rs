//! The report's tables as HTML: one per dimension, with a total line and a CSV link.

use std::fmt::Write;

use crate::config::Config;

use super::figures::{Figures, Spread};
use super::names::{self, escape};
use super::tables::{Dimension, Report};
use super::words::{Lang, Words, duration};

fn index(d: Dimension) -> usize {
    match d {
        Dimension::Field => 0,
        Dimension::Counter => 1,
        Dimension::Clerk => 2,
        Dimension::Hour => 3,
        Dimension::Day => 4,
    }
}

fn spread_cells(out: &mut String, s: &Option<Spread>) {
    match s {
        Some(s) => {
            for ms in [s.median_ms, s.p90_ms, s.max_ms] {
                let _ = write!(out, "<td>{}</td>", duration(ms));
            }
        }
        None => {
            out.push_str(r#"<td class="none">–</td><td class="none">–</td><td class="none">–</td>"#)
        }
    }
}

fn figure_cells(out: &mut String, f: &Figures, lang: Lang, open: bool, target: u32) {
    let mut counts = vec![f.issued, f.served, f.no_show, f.cancelled, f.expired];
    if open {
        counts.push(f.open);
    }
    counts.push(f.transferred);
    for n in counts {
        let _ = write!(out, "<td>{}</td>", lang.count(n));
    }
    spread_cells(out, &f.wait);
    spread_cells(out, &f.service);
    match f.within_target_share() {
        Some(share) => {
            let class = if share >= 0.8 { "good" } else { "poor" };
            let _ = write!(
                out,
                r#"<td class="{class}" title="{} / {}">{}</td>"#,
                lang.count(f.within_target),
                lang.count(f.served),
                lang.percent(share)
            );
        }
        None => {
            let _ = write!(out, r#"<td class="none" title="{target}">–</td>"#);
        }
    }
    match f.satisfaction.score() {
        Some(score) => {
            let _ = write!(
                out,
                "<td>{} <small>({})</small></td>",
                lang.decimal(score),
                lang.count(f.satisfaction.total())
            );
        }
        None => out.push_str(r#"<td class="none">–</td>"#),
    }
}

/// The table by `dimension`; `csv` is the link to the same table as CSV.
pub fn table(
    report: &Report,
    dimension: Dimension,
    config: &Config,
    lang: Lang,
    csv: &str,
) -> String {
    let w = lang.words();
    let open = report.total.open > 0;
    let i = index(dimension);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<section class="table" id="by-{}"><h2>{} <a class="csv" href="{}">{}</a></h2><div class="scroll"><table><thead><tr><th rowspan="2" class="key">{}</th>"#,
        dimension.as_str(),
        w.tables[i],
        escape(csv),
        w.csv,
        w.keys[i]
    );
    let mut columns: Vec<&str> = w.columns[..5].to_vec();
    if open {
        columns.push(w.open);
    }
    columns.push(w.columns[5]);
    for c in &columns {
        let _ = write!(out, r#"<th rowspan="2">{c}</th>"#);
    }
    let _ = write!(
        out,
        r#"<th colspan="3" class="group">{} <small>({})</small></th><th colspan="3" class="group">{} <small>({})</small></th><th rowspan="2">{}</th><th rowspan="2">{} <small>(1–4)</small></th></tr><tr>"#,
        w.wait,
        w.min_sec,
        w.service,
        w.min_sec,
        Words::with(w.within_short, report.target_minutes),
        w.satisfaction_short
    );
    for _ in 0..2 {
        let _ = write!(
            out,
            "<th>{}</th><th>{}</th><th>{}</th>",
            w.median, w.p90, w.max
        );
    }
    out.push_str("</tr></thead><tbody>");
    for row in report.rows(dimension) {
        let _ = write!(
            out,
            r#"<tr><th class="key">{}</th>"#,
            escape(&names::key(&row.key, config, lang))
        );
        figure_cells(&mut out, &row.figures, lang, open, report.target_minutes);
        out.push_str("</tr>");
    }
    let _ = write!(
        out,
        r#"</tbody><tfoot><tr><th class="key">{}</th>"#,
        w.total
    );
    figure_cells(&mut out, &report.total, lang, open, report.target_minutes);
    out.push_str("</tr></tfoot></table></div></section>");
    out
}
