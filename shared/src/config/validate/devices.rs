//! The devices' sections of the office file: `[printer]`, `[voice]` and `[display]`.

use toml::Spanned;

use super::super::file::{FileDisplay, FilePrinter, FileVoice};
use super::super::{DisplayConfig, NumberStyle, PrinterConfig, PrinterConnection, VoiceConfig};
use super::{Problem, check, problem};

pub(super) fn printer(p: &FilePrinter) -> Result<PrinterConfig, Problem> {
    // A missing key is reported on the `connection` line that asks for it, an empty one on
    // its own line.
    let need = |v: &Option<Spanned<String>>, key: &str| -> Result<String, Problem> {
        let kind = p.connection.get_ref();
        match v {
            None => Err(problem(
                &p.connection,
                "printer.connection",
                format!("a {kind} printer needs `{key}`"),
            )),
            Some(s) if s.get_ref().is_empty() => Err(problem(
                s,
                format!("printer.{key}"),
                format!("is empty; a {kind} printer needs one"),
            )),
            Some(s) => Ok(s.get_ref().clone()),
        }
    };
    let connection = match p.connection.get_ref().as_str() {
        "none" => PrinterConnection::None,
        "network" => {
            let address = need(&p.address, "address")?;
            let ok = address
                .rsplit_once(':')
                .is_some_and(|(h, port)| !h.is_empty() && port.parse::<u16>().is_ok());
            if !ok {
                let at = p.address.as_ref().unwrap_or(&p.connection);
                return Err(problem(
                    at,
                    "printer.address",
                    format!("\"{address}\" is not HOST:PORT, e.g. \"192.168.1.50:9100\""),
                ));
            }
            PrinterConnection::Network { address }
        }
        "usb" => PrinterConnection::Usb {
            path: need(&p.path, "path")?,
        },
        "file" => PrinterConnection::File {
            path: need(&p.path, "path")?,
        },
        "serial" => PrinterConnection::Serial {
            path: need(&p.path, "path")?,
            baud: p.baud.unwrap_or(9600),
        },
        other => {
            return Err(problem(
                &p.connection,
                "printer.connection",
                format!("\"{other}\" is not one of none, network, usb, serial, file"),
            ));
        }
    };
    let paper = *p.paper_mm.get_ref();
    check(
        paper == 58 || paper == 80,
        &p.paper_mm,
        "printer.paper_mm",
        || format!("{paper} mm paper is not supported; use 58 or 80"),
    )?;
    Ok(PrinterConfig {
        connection,
        paper_mm: paper,
    })
}

pub(super) fn voice(v: &FileVoice) -> Result<VoiceConfig, Problem> {
    let volume = *v.volume.get_ref();
    check(
        (0.0..=1.0).contains(&volume),
        &v.volume,
        "voice.volume",
        || format!("{volume} is outside 0.0 to 1.0"),
    )?;
    let number_style = match v.number_style.get_ref().as_str() {
        "digits" => NumberStyle::Digits,
        "whole" => NumberStyle::Whole,
        other => {
            return Err(problem(
                &v.number_style,
                "voice.number_style",
                format!("\"{other}\" is not one of digits, whole"),
            ));
        }
    };
    let one_of = |s: &Spanned<String>, key: &str, choices: [&str; 2]| {
        check(choices.contains(&s.get_ref().as_str()), s, key, || {
            format!(
                "\"{}\" is not one of {}, {}",
                s.get_ref(),
                choices[0],
                choices[1]
            )
        })
    };
    one_of(&v.zero_tens, "voice.zero_tens", ["linh", "lẻ"])?;
    one_of(&v.thousand, "voice.thousand", ["nghìn", "ngàn"])?;
    let repeat = *v.repeat.get_ref();
    check((1..=3).contains(&repeat), &v.repeat, "voice.repeat", || {
        format!("{repeat} is outside 1 to 3 times")
    })?;
    Ok(VoiceConfig {
        enabled: v.enabled,
        volume,
        pack: v.pack.clone(),
        number_style,
        zero_tens: v.zero_tens.get_ref().clone(),
        thousand: v.thousand.get_ref().clone(),
        repeat,
    })
}

pub(super) fn display(d: &FileDisplay) -> Result<DisplayConfig, Problem> {
    let highlight = *d.highlight_seconds.get_ref();
    check(
        (1..=60).contains(&highlight),
        &d.highlight_seconds,
        "display.highlight_seconds",
        || format!("{highlight} seconds is outside 1 to 60"),
    )?;
    let recent = *d.recent_calls.get_ref();
    check(
        (1..=20).contains(&recent),
        &d.recent_calls,
        "display.recent_calls",
        || format!("{recent} recent calls is outside 1 to 20"),
    )?;
    Ok(DisplayConfig {
        notice: d.notice.trim().to_string(),
        notice_en: d.notice_en.trim().to_string(),
        highlight_seconds: highlight,
        recent_calls: recent,
    })
}
