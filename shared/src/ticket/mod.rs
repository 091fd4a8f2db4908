//! The printed ticket, rendered by us as a 1-bit raster at the printer's width (58 mm = 384
//! dots, 80 mm = 576 dots) with a bundled font, so Vietnamese prints right on any printer.

mod raster;
mod text;

use qrcode::{Color, EcLevel, QrCode};

pub use raster::Raster;
use text::Weight;

/// Language the ticket is printed in: the one the citizen chose on the kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// Tiếng Việt.
    Vi,
    /// English.
    En,
}

/// Everything printed on a ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketPrint {
    /// Office name.
    pub office: String,
    /// Field name, in the ticket's language.
    pub field: String,
    /// The number, e.g. `A023`.
    pub number: String,
    /// The priority class, in the ticket's language, if any.
    pub priority: Option<String>,
    /// People who will be called first.
    pub people_ahead: u32,
    /// Estimated wait in minutes (None: no counter serves the field now).
    pub wait_minutes: Option<u64>,
    /// Date and time of issue, local, as printed (e.g. `23/11/2026 08:15`).
    pub issued_at: String,
    /// The ticket's page on the hub, encoded in the QR code.
    pub url: String,
    /// Footer line from the configuration.
    pub footer: String,
    /// Language of the fixed texts.
    pub language: Language,
}

struct Labels {
    number: &'static str,
    ahead: &'static str,
    priority: &'static str,
    scan: &'static str,
}

fn labels(language: Language) -> Labels {
    match language {
        Language::Vi => Labels {
            number: "SỐ THỨ TỰ CỦA BẠN",
            ahead: "Số người chờ trước bạn:",
            priority: "Ưu tiên:",
            scan: "Quét mã để theo dõi lượt của bạn trên điện thoại",
        },
        Language::En => Labels {
            number: "YOUR NUMBER",
            ahead: "People ahead of you:",
            priority: "Priority:",
            scan: "Scan to follow your turn on your phone",
        },
    }
}

/// Draws the ticket `width` dots wide.
pub fn render(t: &TicketPrint, width: u32) -> Raster {
    let s = width as f32 / 576.0;
    let margin = (24.0 * s).round();
    let mut r = Raster::new(width, (2200.0 * s) as u32);
    let inner = width as f32 - 2.0 * margin;
    let l = labels(t.language);
    let mut y = margin;
    let centred = |r: &mut Raster, y: &mut f32, text: &str, px: f32, weight: Weight| {
        for line in text::wrap(text, px * s, weight, inner) {
            *y += text::draw_centred(r, &line, *y, px * s, weight);
        }
    };
    centred(&mut r, &mut y, &t.office, 24.0, Weight::Bold);
    y += 8.0 * s;
    r.fill(
        margin as i64,
        y as i64,
        inner as u32,
        (3.0 * s).max(2.0) as u32,
    );
    y += 16.0 * s;
    centred(&mut r, &mut y, &t.field, 32.0, Weight::Bold);
    y += 6.0 * s;
    centred(&mut r, &mut y, l.number, 22.0, Weight::Regular);
    // The number as large as fits: it is what the citizen looks for on the wall.
    let mut px = 170.0 * s;
    while text::width(&t.number, px, Weight::Bold) > inner && px > 20.0 {
        px -= 4.0;
    }
    y += text::draw_centred(&mut r, &t.number, y, px, Weight::Bold) * 0.92;
    if let Some(p) = &t.priority {
        centred(
            &mut r,
            &mut y,
            &format!("{} {p}", l.priority),
            26.0,
            Weight::Bold,
        );
    }
    y += 6.0 * s;
    centred(
        &mut r,
        &mut y,
        &format!("{} {}", l.ahead, t.people_ahead),
        26.0,
        Weight::Regular,
    );
    let wait = crate::engine::wait::words::sentence(t.wait_minutes, t.language == Language::En);
    centred(&mut r, &mut y, &wait, 26.0, Weight::Regular);
    centred(&mut r, &mut y, &t.issued_at, 22.0, Weight::Regular);
    y += 12.0 * s;
    y += draw_qr(&mut r, &t.url, y, (width as f32 * 0.42) as u32);
    y += 6.0 * s;
    centred(&mut r, &mut y, l.scan, 20.0, Weight::Regular);
    if !t.footer.is_empty() {
        y += 8.0 * s;
        centred(&mut r, &mut y, &t.footer, 22.0, Weight::Regular);
    }
    r.band(0, (y + margin) as u32)
}

/// Draws a QR code of `data`, centred, about `size` dots wide; returns the height used.
fn draw_qr(r: &mut Raster, data: &str, top: f32, size: u32) -> f32 {
    let Ok(code) = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M) else {
        return 0.0;
    };
    let modules = code.width() as u32;
    let dot = (size / (modules + 8)).max(2);
    let side = dot * modules;
    let left = (r.width().saturating_sub(side) / 2) as i64;
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == Color::Dark {
            let (mx, my) = (i as u32 % modules, i as u32 / modules);
            r.fill(
                left + (mx * dot) as i64,
                top as i64 + (my * dot) as i64,
                dot,
                dot,
            );
        }
    }
    side as f32
}
