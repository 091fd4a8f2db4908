//! Checks an `OfficeFile` value by value and builds the `Config` the rest of the system uses.

use std::collections::HashSet;
use std::ops::Range;

use chrono::NaiveTime;
use toml::Spanned;

use super::file::{FileClerk, FileCounter, FileField, OfficeFile};
use super::locate::line_of;
use super::{ClerkConfig, Config, ConfigError, CounterConfig, FieldConfig, HubConfig, QueueRules};
use crate::model::{ClerkId, CounterId, FieldCode};

mod devices;
mod hours;
mod tls;

use devices::{display, printer, voice};

/// A refused value: where it is, its key and why.
pub struct Problem {
    span: Range<usize>,
    key: String,
    message: String,
}

impl Problem {
    /// Adds the file name and line.
    pub fn into_error(self, path: &str, text: &str) -> ConfigError {
        ConfigError::Invalid {
            path: path.to_string(),
            line: line_of(text, self.span.start),
            key: self.key,
            message: self.message,
        }
    }
}

/// A problem with the value at `at`.
fn problem<T>(at: &Spanned<T>, key: impl Into<String>, message: impl Into<String>) -> Problem {
    Problem {
        span: at.span(),
        key: key.into(),
        message: message.into(),
    }
}

/// Refuses with `message` unless `ok`.
fn check<T>(
    ok: bool,
    at: &Spanned<T>,
    key: &str,
    message: impl FnOnce() -> String,
) -> Result<(), Problem> {
    if ok {
        Ok(())
    } else {
        Err(problem(at, key, message()))
    }
}

/// Validates the whole file.
pub fn validate(file: OfficeFile, folder: &std::path::Path) -> Result<Config, Problem> {
    let office = &file.office;
    check(
        !office.name.get_ref().trim().is_empty(),
        &office.name,
        "office.name",
        || "the office name is empty".into(),
    )?;
    let time_zone = office.time_zone.get_ref().parse().map_err(|_| {
        problem(
            &office.time_zone,
            "office.time_zone",
            format!(
                "unknown time zone \"{}\"; use an IANA name such as \"Asia/Ho_Chi_Minh\"",
                office.time_zone.get_ref()
            ),
        )
    })?;
    let day_starts_at = NaiveTime::parse_from_str(office.day_starts_at.get_ref(), "%H:%M")
        .map_err(|_| {
            problem(
                &office.day_starts_at,
                "office.day_starts_at",
                format!(
                    "\"{}\" is not a time of day as HH:MM, e.g. \"00:00\"",
                    office.day_starts_at.get_ref()
                ),
            )
        })?;
    let breaks = hours::breaks(&office.breaks)?;
    let target = *office.target_minutes.get_ref();
    check(
        (1..=480).contains(&target),
        &office.target_minutes,
        "office.target_minutes",
        || format!("{target} is outside 1 to 480 minutes"),
    )?;

    let q = &file.queue;
    check(
        *q.max_recalls.get_ref() <= 10,
        &q.max_recalls,
        "queue.max_recalls",
        || {
            format!(
                "{} recalls is more than the 10 allowed",
                q.max_recalls.get_ref()
            )
        },
    )?;
    check(
        *q.default_service_minutes.get_ref() >= 1,
        &q.default_service_minutes,
        "queue.default_service_minutes",
        || "must be at least 1 minute".into(),
    )?;
    let rating = *q.rating_minutes.get_ref();
    check(
        (1..=1440).contains(&rating),
        &q.rating_minutes,
        "queue.rating_minutes",
        || format!("{rating} is outside 1 to 1440 minutes"),
    )?;

    let fields = fields(&file.fields)?;
    let counters = counters(&file.counters, &fields)?;
    let clerks = clerks(&file.clerks)?;
    let printer = printer(&file.printer)?;
    let voice = voice(&file.voice)?;
    let display = display(&file.display)?;
    let hub = &file.hub;
    hub.listen
        .get_ref()
        .parse::<std::net::SocketAddr>()
        .map_err(|_| {
            problem(
                &hub.listen,
                "hub.listen",
                format!(
                    "\"{}\" is not an address as IP:PORT, e.g. \"0.0.0.0:8080\"",
                    hub.listen.get_ref()
                ),
            )
        })?;
    for (url, key) in [(&hub.url, "hub.url"), (&hub.public_url, "hub.public_url")] {
        if let Some(url) = url {
            let u = url.get_ref();
            check(
                u.starts_with("http://") || u.starts_with("https://"),
                url,
                key,
                || format!("\"{u}\" must start with http:// or https://"),
            )?;
        }
    }
    let (tls_certificate, tls_key) = tls::files(hub, folder)?;
    let key_len = hub.office_key.get_ref().chars().count();
    check(key_len >= 12, &hub.office_key, "hub.office_key", || {
        format!("the office key has {key_len} characters; use at least 12")
    })?;

    Ok(Config {
        name: office.name.get_ref().trim().to_string(),
        name_en: office
            .name_en
            .clone()
            .unwrap_or_else(|| office.name.get_ref().clone()),
        ticket_footer: office.ticket_footer.clone(),
        ticket_footer_en: office
            .ticket_footer_en
            .clone()
            .unwrap_or_else(|| office.ticket_footer.clone()),
        time_zone,
        day_starts_at,
        target_minutes: target,
        breaks,
        queue: QueueRules {
            regular_per_priority: q.regular_per_priority,
            max_wait_minutes: q.max_wait_minutes,
            max_recalls: *q.max_recalls.get_ref(),
            no_show_return_minutes: q.no_show_return_minutes,
            default_service_minutes: *q.default_service_minutes.get_ref(),
            rating_minutes: rating,
        },
        fields,
        counters,
        clerks,
        printer,
        voice,
        display,
        hub: HubConfig {
            listen: hub.listen.get_ref().clone(),
            url: hub.url.as_ref().map(|u| u.get_ref().clone()),
            public_url: hub
                .public_url
                .as_ref()
                .map(|u| u.get_ref().trim_end_matches('/').to_string()),
            office_key: hub.office_key.get_ref().clone(),
            advertise: hub.advertise,
            tls_certificate,
            tls_key,
        },
    })
}

fn fields(list: &Spanned<Vec<FileField>>) -> Result<Vec<FieldConfig>, Problem> {
    check(!list.get_ref().is_empty(), list, "fields", || {
        "the office has no fields".into()
    })?;
    let mut out: Vec<FieldConfig> = Vec::new();
    for (i, f) in list.get_ref().iter().enumerate() {
        let at = |k: &str| format!("fields[{}].{k}", i + 1);
        let code = f.code.get_ref();
        check(
            (1..=8).contains(&code.len())
                && code
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
            &f.code,
            &at("code"),
            || format!("\"{code}\" must be 1 to 8 capital letters or digits"),
        )?;
        if let Some(same) = out.iter().find(|o| o.code.as_str() == code) {
            return Err(problem(
                &f.code,
                at("code"),
                format!("field {} is defined twice", same.code),
            ));
        }
        check(
            !f.name.get_ref().trim().is_empty(),
            &f.name,
            &at("name"),
            || "the field name is empty".into(),
        )?;
        let prefix = f.prefix.get_ref();
        let letters =
            (1..=3).contains(&prefix.len()) && prefix.chars().all(|c| c.is_ascii_uppercase());
        let digit = prefix.len() == 1 && prefix.chars().all(|c| c.is_ascii_digit());
        check(letters || digit, &f.prefix, &at("prefix"), || {
            format!("\"{prefix}\" must be 1 to 3 capital letters or a single digit")
        })?;
        if let Some(same) = out.iter().find(|o| &o.prefix == prefix) {
            return Err(problem(
                &f.prefix,
                at("prefix"),
                format!("\"{prefix}\" is already the prefix of field {}", same.code),
            ));
        }
        let digits = *f.digits.get_ref();
        check((1..=5).contains(&digits), &f.digits, &at("digits"), || {
            format!("{digits} is outside 1 to 5")
        })?;
        let (start, end) = (*f.start.get_ref(), *f.end.get_ref());
        check(start >= 1, &f.start, &at("start"), || {
            "numbers start at 1 or more".into()
        })?;
        // `end` may be left out (999); then blame the key that is written in the file.
        let end_written = !f.end.span().is_empty();
        if start > end {
            return Err(if end_written {
                problem(
                    &f.end,
                    at("end"),
                    format!("the range {start} to {end} is empty"),
                )
            } else {
                problem(
                    &f.start,
                    at("start"),
                    format!("{start} is after the last number {end}; set `end`"),
                )
            });
        }
        let widest = 10u32.pow(digits) - 1;
        if end > widest {
            return Err(if end_written {
                problem(
                    &f.end,
                    at("end"),
                    format!("{end} does not fit in {digits} digits (at most {widest})"),
                )
            } else {
                problem(
                    &f.digits,
                    at("digits"),
                    format!(
                        "the last number {end} does not fit in {digits} digits; set `end` to at most {widest}"
                    ),
                )
            });
        }
        if let Some(limit) = &f.daily_limit {
            check(*limit.get_ref() >= 1, limit, &at("daily_limit"), || {
                "must be at least 1".into()
            })?;
        }
        out.push(FieldConfig {
            code: FieldCode::new(code),
            name: f.name.get_ref().trim().to_string(),
            name_en: f
                .name_en
                .clone()
                .unwrap_or_else(|| f.name.get_ref().clone()),
            prefix: prefix.clone(),
            start,
            end,
            digits,
            wrap: f.wrap,
            daily_limit: f.daily_limit.as_ref().map(|l| *l.get_ref()),
        });
    }
    Ok(out)
}

fn counters(
    list: &Spanned<Vec<FileCounter>>,
    fields: &[FieldConfig],
) -> Result<Vec<CounterConfig>, Problem> {
    check(!list.get_ref().is_empty(), list, "counters", || {
        "the office has no counters".into()
    })?;
    let mut out: Vec<CounterConfig> = Vec::new();
    for (i, c) in list.get_ref().iter().enumerate() {
        let at = |k: &str| format!("counters[{}].{k}", i + 1);
        let n = *c.number.get_ref();
        check((1..=999).contains(&n), &c.number, &at("number"), || {
            format!("{n} is outside 1 to 999")
        })?;
        if out.iter().any(|o| o.id.0 == n as u16) {
            return Err(problem(
                &c.number,
                at("number"),
                format!("counter {n} is defined twice"),
            ));
        }
        check(
            !c.fields.get_ref().is_empty(),
            &c.fields,
            &at("fields"),
            || "the counter serves no field".into(),
        )?;
        let mut served: Vec<FieldCode> = Vec::new();
        for code in c.fields.get_ref() {
            let known = fields
                .iter()
                .find(|f| f.code.as_str() == code.get_ref())
                .ok_or_else(|| {
                    problem(
                        code,
                        at("fields"),
                        format!("unknown field \"{}\"", code.get_ref()),
                    )
                })?;
            if served.contains(&known.code) {
                return Err(problem(
                    code,
                    at("fields"),
                    format!("field {} is listed twice", known.code),
                ));
            }
            served.push(known.code.clone());
        }
        out.push(CounterConfig {
            id: CounterId(n as u16),
            fields: served,
        });
    }
    Ok(out)
}

fn clerks(list: &[FileClerk]) -> Result<Vec<ClerkConfig>, Problem> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, c) in list.iter().enumerate() {
        let at = |k: &str| format!("clerks[{}].{k}", i + 1);
        let id = c.id.get_ref();
        check(
            !id.is_empty()
                && id.len() <= 32
                && id
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || "._-".contains(ch)),
            &c.id,
            &at("id"),
            || format!("\"{id}\" must be 1 to 32 of a-z, 0-9, '.', '_' or '-'"),
        )?;
        check(seen.insert(id.clone()), &c.id, &at("id"), || {
            format!("clerk \"{id}\" is defined twice")
        })?;
        check(
            super::pin::is_hash(c.pin_hash.get_ref()),
            &c.pin_hash,
            &at("pin_hash"),
            || "not an Argon2 PIN hash; make one with `kiosk hash-pin`".into(),
        )?;
        out.push(ClerkConfig {
            id: ClerkId::new(id),
            name: c.name.clone(),
            pin_hash: c.pin_hash.get_ref().clone(),
            admin: c.admin,
        });
    }
    Ok(out)
}
