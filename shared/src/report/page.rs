//! The reports page and its sign-in page as HTML, one self-contained document each (style
//! sheet and charts inline), Vietnamese by default and English with `lang=en`.

use std::fmt::Write;

use chrono::NaiveDate;

use crate::config::Config;

use super::names::{self, escape};
use super::page_tables;
use super::period::{Period, Preset};
use super::svg;
use super::tables::{Dimension, Report};
use super::words::{Lang, Words, duration};

/// The page's style sheet (phone first, wider screens get columns).
const STYLE: &str = include_str!("../../../assets/web/reports.css");

/// What a page needs besides the report.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The office.
    pub config: &'a Config,
    /// Language of the page.
    pub lang: Lang,
    /// The current business day (for the period picker).
    pub today: NaiveDate,
}

/// Query string naming a period and language, e.g. `from=2026-11-16&to=2026-11-22&lang=en`.
pub fn query(period: Period, lang: Lang) -> String {
    let mut q = format!("from={}&to={}", period.from, period.to);
    if lang == Lang::En {
        q.push_str("&lang=en");
    }
    q
}

fn head(out: &mut String, lang: Lang, title: &str) {
    let _ = write!(
        out,
        r#"<!doctype html><html lang="{}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{}</title><style>{STYLE}</style></head><body>"#,
        lang.code(),
        escape(title)
    );
}

fn office_name(config: &Config, lang: Lang) -> &str {
    match lang {
        Lang::Vi => &config.name,
        Lang::En => &config.name_en,
    }
}

/// The report page.
pub fn report(report: &Report, cx: &Context) -> String {
    let (config, lang) = (cx.config, cx.lang);
    let w = lang.words();
    let period = report.period;
    let q = query(period, lang);
    let mut out = String::new();
    head(
        &mut out,
        lang,
        &format!("{} – {}", w.title, office_name(config, lang)),
    );
    let other = Lang::parse(Some(if lang == Lang::Vi { "en" } else { "vi" }));
    let _ = write!(
        out,
        r#"<header class="top"><div><h1>{}</h1><p class="office">{}</p></div><div class="actions"><a href="/overview{}">{}</a><a href="/reports?{}" hreflang="{}">{}</a><form method="post" action="/reports/logout"><button type="submit">{}</button></form></div></header>"#,
        w.title,
        escape(office_name(config, lang)),
        if lang == Lang::En { "?lang=en" } else { "" },
        w.live_overview,
        escape(&query(period, other)),
        other.code(),
        w.other_language,
        w.sign_out
    );
    picker(&mut out, period, cx);
    let _ = write!(
        out,
        r#"<p class="period">{} – {}</p>"#,
        lang.date(period.from),
        lang.date(period.to)
    );
    if report.total.issued == 0 {
        let _ = write!(out, r#"<p class="empty">{}</p>"#, w.empty);
    }
    cards(&mut out, report, lang);
    charts(&mut out, report, config, lang);
    for d in Dimension::ALL {
        out.push_str(&page_tables::table(
            report,
            d,
            config,
            lang,
            &format!("/reports.csv?{q}&by={}", d.as_str()),
        ));
    }
    let _ = write!(
        out,
        r#"<p class="downloads"><a href="/reports/tickets.csv?{}">{}</a></p><footer><p>{}</p>"#,
        escape(&q),
        w.tickets_csv,
        w.definitions
    );
    if !report.first_calls_known {
        let _ = write!(out, "<p>{}</p>", w.no_first_calls);
    }
    out.push_str("</footer></body></html>");
    out
}

/// A date field written dd/mm/yyyy whatever the browser's locale (a `type="date"` field
/// shows the browser's own order, mm/dd/yyyy in an English browser); the hub reads it.
const DATE_FIELD: &str = r#"type="text" inputmode="numeric" pattern="\d{1,2}/\d{1,2}/\d{4}" placeholder="dd/mm/yyyy" title="dd/mm/yyyy" size="10" autocomplete="off" required"#;

fn picker(out: &mut String, period: Period, cx: &Context) {
    let w = cx.lang.words();
    let lang = if cx.lang == Lang::En {
        "&amp;lang=en"
    } else {
        ""
    };
    out.push_str(r#"<nav class="periods">"#);
    for (preset, label) in Preset::ALL.into_iter().zip(w.presets) {
        let current = if preset.period(cx.today) == period {
            r#" aria-current="page""#
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<a class="preset" href="/reports?period={}{lang}"{current}>{label}</a>"#,
            preset.as_str()
        );
    }
    let _ = write!(
        out,
        r#"<form class="custom" method="get" action="/reports"><label>{} <input {DATE_FIELD} name="from" value="{}"></label><label>{} <input {DATE_FIELD} name="to" value="{}"></label>{}<button type="submit">{}</button></form></nav>"#,
        w.from,
        period.from.format("%d/%m/%Y"),
        w.to,
        period.to.format("%d/%m/%Y"),
        if cx.lang == Lang::En {
            r#"<input type="hidden" name="lang" value="en">"#
        } else {
            ""
        },
        w.show
    );
}

fn card(out: &mut String, value: &str, label: &str, class: &str) {
    let _ = write!(
        out,
        r#"<div class="card {class}"><span class="value">{value}</span><span class="label">{label}</span></div>"#
    );
}

fn cards(out: &mut String, report: &Report, lang: Lang) {
    let w = lang.words();
    let t = &report.total;
    out.push_str(r#"<section class="cards">"#);
    card(out, &lang.count(t.issued), w.issued, "");
    card(out, &lang.count(t.served), w.served, "");
    card(out, &lang.count(t.no_show), w.no_show, "");
    card(out, &lang.count(t.cancelled), w.cancelled, "");
    card(out, &lang.count(t.expired), w.expired, "");
    if t.open > 0 {
        card(out, &lang.count(t.open), w.open, "");
    }
    card(out, &lang.count(t.transferred), w.transferred, "");
    let within = match t.within_target_share() {
        Some(share) => format!(
            r#"{}<small>{} / {}</small>"#,
            lang.percent(share),
            lang.count(t.within_target),
            lang.count(t.served)
        ),
        None => "–".into(),
    };
    let good = if t.within_target_share().is_some_and(|s| s >= 0.8) {
        "wide good"
    } else {
        "wide poor"
    };
    card(
        out,
        &within,
        &Words::with(w.within, report.target_minutes),
        good,
    );
    for (label, spread) in [(w.wait, &t.wait), (w.service, &t.service)] {
        let value = match spread {
            Some(s) => format!(
                r#"{}<small>{} {} · {} {}</small>"#,
                duration(s.median_ms),
                w.p90,
                duration(s.p90_ms),
                w.max,
                duration(s.max_ms)
            ),
            None => "–".into(),
        };
        card(
            out,
            &value,
            &format!("{label} ({})", w.median.to_lowercase()),
            "wide",
        );
    }
    satisfaction(out, report, lang);
    out.push_str("</section>");
}

fn satisfaction(out: &mut String, report: &Report, lang: Lang) {
    let w = lang.words();
    let s = &report.total.satisfaction;
    let value = match (s.score(), s.satisfied_share()) {
        (Some(score), Some(share)) => {
            let mut faces = String::new();
            for (label, n) in w.faces.iter().zip(s.counts) {
                let _ = write!(faces, "{label}: {} · ", lang.count(n));
            }
            format!(
                r#"{}/4<small>{} {} · {} {}</small><small>{}</small>"#,
                lang.decimal(score),
                w.satisfied,
                lang.percent(share),
                lang.count(s.total()),
                w.ratings,
                faces.trim_end_matches(" · ")
            )
        }
        _ => format!(r#"<span class="muted">{}</span>"#, w.no_ratings),
    };
    card(out, &value, w.satisfaction, "wide");
}

fn charts(out: &mut String, report: &Report, config: &Config, lang: Lang) {
    out.push_str(r#"<section class="charts"><figure>"#);
    out.push_str(&svg::wait_distribution(
        &report.wait_bins,
        report.target_minutes,
        lang,
    ));
    let _ = write!(
        out,
        "<figcaption>{}</figcaption></figure><figure>",
        lang.words().chart_wait
    );
    let hours: Vec<(u8, u64)> = report
        .rows(Dimension::Hour)
        .iter()
        .filter_map(|r| match r.key {
            super::tables::Key::Hour(h) => Some((h, r.figures.issued)),
            _ => None,
        })
        .collect();
    out.push_str(&svg::by_hour(&hours, lang));
    let _ = write!(
        out,
        "<figcaption>{}</figcaption></figure><figure>",
        lang.words().chart_hour
    );
    let fields: Vec<(String, Option<super::figures::Spread>)> = report
        .rows(Dimension::Field)
        .iter()
        .map(|r| (names::key(&r.key, config, lang), r.figures.wait))
        .collect();
    out.push_str(&svg::by_field(&fields, report.target_minutes, lang));
    let _ = write!(
        out,
        "<figcaption>{}</figcaption></figure></section>",
        lang.words().chart_field
    );
}

/// The sign-in page; `next` is the page to return to (a path of the hub already checked
/// as safe, empty for the reports), `message` why it is shown again.
pub fn login(config: &Config, lang: Lang, next: &str, message: Option<&str>) -> String {
    let w = lang.words();
    let other = if lang == Lang::Vi { Lang::En } else { Lang::Vi };
    // The other language must still lead where the reader was going once signed in.
    let mut switch = format!("/reports?lang={}", other.code());
    if !next.is_empty() {
        switch.push_str("&next=");
        switch.push_str(&query_value(&in_language(next, other)));
    }
    let mut out = String::new();
    head(
        &mut out,
        lang,
        &format!("{} – {}", w.login_title, office_name(config, lang)),
    );
    let _ = write!(
        out,
        r#"<main class="login"><h1>{}</h1><p class="office">{}</p><p>{}</p>"#,
        w.login_title,
        escape(office_name(config, lang)),
        w.login_hint
    );
    if let Some(m) = message {
        let _ = write!(out, r#"<p class="refused" role="alert">{}</p>"#, escape(m));
    }
    let _ = write!(
        out,
        r#"<form method="post" action="/reports/login"><label>{} <input name="clerk" autocomplete="username" autocapitalize="none" required maxlength="64"></label><label>{} <input name="pin" type="password" inputmode="numeric" autocomplete="current-password" required maxlength="8"></label><input type="hidden" name="next" value="{}"><input type="hidden" name="lang" value="{}"><button type="submit">{}</button></form><p class="switch"><a href="{}">{}</a></p></main></body></html>"#,
        w.login_id,
        w.pin,
        escape(next),
        lang.code(),
        w.sign_in,
        escape(&switch),
        w.other_language
    );
    out
}

/// `next` (a path with a query) asking for `lang`: its own `lang` dropped, `lang=en` added
/// for English, so switching language on the sign-in page switches the page it leads to.
fn in_language(next: &str, lang: Lang) -> String {
    let (path, query) = next.split_once('?').unwrap_or((next, ""));
    let mut pairs: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && *p != "lang" && !p.starts_with("lang="))
        .collect();
    if lang == Lang::En {
        pairs.push("lang=en");
    }
    if pairs.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", pairs.join("&"))
    }
}

/// `text` fit to stand as one value of a query string.
pub fn query_value(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'/' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b if b.is_ascii_alphanumeric() => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// A short page saying what went wrong, with a way back.
pub fn message(config: &Config, lang: Lang, title: &str, text: &str) -> String {
    let mut out = String::new();
    head(&mut out, lang, title);
    let _ = write!(
        out,
        r#"<main class="login"><h1>{}</h1><p class="office">{}</p><p class="refused" role="alert">{}</p><p><a href="/reports{}">{}</a></p></main></body></html>"#,
        escape(title),
        escape(office_name(config, lang)),
        escape(text),
        if lang == Lang::En { "?lang=en" } else { "" },
        lang.words().title
    );
    out
}
