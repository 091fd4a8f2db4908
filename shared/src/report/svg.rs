//! The report's charts, drawn on the server as inline SVG: the waiting time distribution,
//! tickets by hour, and waiting time by field. Colours come from the page's style sheet
//! (classes `bar`, `late`, `p90`, `grid`, `target`), so the charts follow its theme.

use std::fmt::Write;

use super::figures::Spread;
use super::names::escape;
use super::tables::{WAIT_BIN_MINUTES, WAIT_BINS};
use super::words::{Lang, Words};

/// Drawing width; the page scales the chart to its column.
const WIDTH: f64 = 480.0;
const LEFT: f64 = 58.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 34.0;

/// A round step for about four grid lines up to `max`.
fn step(max: f64) -> f64 {
    let raw = (max / 4.0).max(1.0);
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
}

fn open(out: &mut String, id: &str, title: &str, height: f64) {
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{id}"><title id="{id}">{}</title>"#,
        escape(title)
    );
}

/// Counts from ten thousand up are labelled in thousands, to fit the axis.
fn in_thousands(max: f64) -> bool {
    max >= 10_000.0
}

/// Horizontal grid lines and their labels for values up to `max`, over `height`.
fn grid(out: &mut String, max: f64, plot: f64, lang: Lang) {
    let step = step(max);
    let top = (max / step).ceil().max(1.0) * step;
    let scale = if in_thousands(max) { 1000.0 } else { 1.0 };
    let mut v = 0.0;
    while v <= top + 0.5 {
        let y = TOP + plot - v / top * plot;
        let _ = write!(
            out,
            r#"<line class="grid" x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}"/><text class="tick" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            lang.count((v / scale) as u64)
        );
        v += step;
    }
}

/// Vertical bars with a label under each and a tooltip; `late[i]` draws bar `i` as over
/// the target. Returns the unit of the counts: tickets, or thousands of tickets.
fn bars(
    out: &mut String,
    values: &[u64],
    (labels, tips): (&[String], &[String]),
    late: &[bool],
    lang: Lang,
) -> &'static str {
    let plot = 260.0 - TOP - BOTTOM;
    let max = values.iter().copied().max().unwrap_or(0).max(1) as f64;
    let top = (max / step(max)).ceil().max(1.0) * step(max);
    grid(out, max, plot, lang);
    let slot = (WIDTH - LEFT - RIGHT) / values.len().max(1) as f64;
    for (i, v) in values.iter().enumerate() {
        let h = *v as f64 / top * plot;
        let x = LEFT + slot * i as f64 + slot * 0.12;
        let class = if late.get(i).copied().unwrap_or(false) {
            "bar late"
        } else {
            "bar"
        };
        let _ = write!(
            out,
            r#"<rect class="{class}" x="{x:.1}" y="{:.1}" width="{:.1}" height="{h:.1}"><title>{}: {}</title></rect>"#,
            TOP + plot - h,
            slot * 0.76,
            escape(&tips[i]),
            lang.count(*v)
        );
        let _ = write!(
            out,
            r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            x + slot * 0.38,
            TOP + plot + 16.0,
            escape(&labels[i])
        );
    }
    let w = lang.words();
    if in_thousands(max) {
        w.thousand_tickets
    } else {
        w.tickets
    }
}

/// Called tickets by waiting time in bars of five minutes, with the target marked.
pub fn wait_distribution(bins: &[u64], target_minutes: u32, lang: Lang) -> String {
    let w = lang.words();
    let mut out = String::new();
    open(&mut out, "chart-wait", w.chart_wait, 260.0);
    let labels: Vec<String> = (0..bins.len())
        .map(|i| {
            // Each bar is labelled with where it starts; the last holds everything longer.
            let from = i as u32 * WAIT_BIN_MINUTES;
            if i + 1 == WAIT_BINS {
                format!("{from}+")
            } else {
                from.to_string()
            }
        })
        .collect();
    let tips: Vec<String> = (0..bins.len())
        .map(|i| {
            let from = i as u32 * WAIT_BIN_MINUTES;
            if i + 1 == WAIT_BINS {
                format!("≥ {from} {}", w.minutes)
            } else {
                format!("{from}–{} {}", from + WAIT_BIN_MINUTES, w.minutes)
            }
        })
        .collect();
    let late: Vec<bool> = (0..bins.len())
        .map(|i| (i as u32 + 1) * WAIT_BIN_MINUTES > target_minutes)
        .collect();
    let unit = bars(&mut out, bins, (&labels, &tips), &late, lang);
    let slot = (WIDTH - LEFT - RIGHT) / bins.len().max(1) as f64;
    let x = LEFT + slot * (f64::from(target_minutes) / f64::from(WAIT_BIN_MINUTES));
    if x < WIDTH - RIGHT {
        target_line(
            &mut out,
            x,
            TOP,
            260.0 - BOTTOM,
            &Words::with(w.target, target_minutes),
        );
    }
    let _ = write!(
        out,
        r#"<text class="unit" x="{LEFT}" y="14">{unit} · {}</text></svg>"#,
        w.minutes
    );
    out
}

/// The target's line and its label, written on the side of the line with room for it (a
/// target at the right edge of the chart has its label to its left, never cut off).
fn target_line(out: &mut String, x: f64, y1: f64, y2: f64, label: &str) {
    let (at, anchor) = if x > WIDTH / 2.0 {
        (x - 4.0, "end")
    } else {
        (x + 4.0, "start")
    };
    let _ = write!(
        out,
        r#"<line class="target" x1="{x:.1}" x2="{x:.1}" y1="{y1:.1}" y2="{y2:.1}"/><text class="target-label" x="{at:.1}" y="{:.1}" text-anchor="{anchor}">{}</text>"#,
        y1 + 10.0,
        escape(label)
    );
}

/// Tickets issued in each hour of the day that had any.
pub fn by_hour(hours: &[(u8, u64)], lang: Lang) -> String {
    let w = lang.words();
    let mut out = String::new();
    open(&mut out, "chart-hour", w.chart_hour, 260.0);
    let (Some(first), Some(last)) = (
        hours.iter().map(|h| h.0).min(),
        hours.iter().map(|h| h.0).max(),
    ) else {
        out.push_str("</svg>");
        return out;
    };
    let values: Vec<u64> = (first..=last)
        .map(|h| hours.iter().find(|x| x.0 == h).map_or(0, |x| x.1))
        .collect();
    let labels: Vec<String> = (first..=last).map(|h| format!("{h}h")).collect();
    let tips: Vec<String> = (first..=last)
        .map(|h| format!("{h:02}:00–{:02}:00", h + 1))
        .collect();
    let unit = bars(&mut out, &values, (&labels, &tips), &[], lang);
    let _ = write!(
        out,
        r#"<text class="unit" x="{LEFT}" y="14">{unit}</text></svg>"#
    );
    out
}

/// Median and 90th percentile wait of each field, with the target marked.
pub fn by_field(fields: &[(String, Option<Spread>)], target_minutes: u32, lang: Lang) -> String {
    let w = lang.words();
    let row = 40.0;
    let height = TOP + 8.0 + row * fields.len() as f64 + 22.0;
    let mut out = String::new();
    open(&mut out, "chart-field", w.chart_field, height);
    let minutes = |ms: u32| f64::from(ms) / 60_000.0;
    let longest = fields
        .iter()
        .filter_map(|(_, s)| s.map(|s| minutes(s.p90_ms)))
        .fold(f64::from(target_minutes), f64::max)
        .max(1.0);
    let step = step(longest);
    let top = (longest / step).ceil() * step;
    let (x0, span) = (12.0, WIDTH - 12.0 - RIGHT);
    let x = |m: f64| x0 + m / top * span;
    let bottom = height - 22.0;
    let mut m = 0.0;
    while m <= top + 1e-9 {
        let _ = write!(
            out,
            r#"<line class="grid" x1="{0:.1}" x2="{0:.1}" y1="{TOP}" y2="{bottom:.1}"/><text class="tick" x="{0:.1}" y="{1:.1}" text-anchor="middle">{2}</text>"#,
            x(m),
            bottom + 16.0,
            m as u64
        );
        m += step;
    }
    for (i, (name, spread)) in fields.iter().enumerate() {
        let y = TOP + 8.0 + row * i as f64;
        let _ = write!(
            out,
            r#"<text class="label" x="{x0}" y="{:.1}">{}</text>"#,
            y + 10.0,
            escape(name)
        );
        if let Some(s) = spread {
            let _ = write!(
                out,
                r#"<rect class="bar p90" x="{x0}" y="{:.1}" width="{:.1}" height="14"><title>{} {}</title></rect><rect class="bar" x="{x0}" y="{:.1}" width="{:.1}" height="14"><title>{} {}</title></rect>"#,
                y + 15.0,
                x(minutes(s.p90_ms)) - x0,
                w.p90,
                super::words::duration(s.p90_ms),
                y + 15.0,
                x(minutes(s.median_ms)) - x0,
                w.median,
                super::words::duration(s.median_ms)
            );
        }
    }
    target_line(
        &mut out,
        x(f64::from(target_minutes)),
        TOP,
        bottom,
        &Words::with(w.target, target_minutes),
    );
    let _ = write!(
        out,
        r#"<g class="legend"><rect class="bar" x="{LEFT}" y="4" width="10" height="10"/><text x="{}" y="13">{}</text><rect class="bar p90" x="{}" y="4" width="10" height="10"/><text x="{}" y="13">{} ({})</text></g></svg>"#,
        LEFT + 14.0,
        w.median,
        LEFT + 110.0,
        LEFT + 124.0,
        w.p90,
        w.minutes
    );
    out
}
