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

/// The smallest type on a ticket, in dots (the em; capitals stand about 17 dots, as in
/// the printer's own 12x24 font), which prints legibly at 203 dpi. No line is smaller,
/// on 58 mm paper either.
pub const MIN_TEXT_DOTS: f32 = 24.0;
/// Type under this size is drawn bold: regular strokes of small type are two dots wide
/// and break up on thermal paper.
const BOLD_BELOW: f32 = 30.0;

/// A line of text as laid out on a ticket, to check what was printed.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    /// The text of the line.
    pub text: String,
    /// Type size in dots (the em).
    pub size: f32,
    /// Row of dots the letters stand on.
    pub baseline: u32,
    /// Whether it is drawn in Noto Sans Bold.
    pub bold: bool,
}

/// Draws the ticket `width` dots wide.
pub fn render(t: &TicketPrint, width: u32) -> Raster {
    render_lines(t, width).0
}

/// The paper being drawn: where the next line goes and what was drawn so far.
struct Page {
    r: Raster,
    lines: Vec<TextLine>,
    y: f32,
    /// Width over 80 mm paper's 576 dots: sizes below are given for 80 mm.
    scale: f32,
    inner: f32,
}

impl Page {
    /// Draws `text` centred, wrapped to the paper, at `size` dots on 80 mm paper (never
    /// under [`MIN_TEXT_DOTS`]); small text is bold. Narrower paper shrinks text less than
    /// its width: a line wraps rather than shrinking out of reach of the eye.
    fn text(&mut self, text: &str, size: f32, weight: Weight) {
        let px = (size * self.scale.max(0.85)).max(MIN_TEXT_DOTS);
        let weight = if px < BOLD_BELOW {
            Weight::Bold
        } else {
            weight
        };
        for line in text::wrap(text, px, weight, self.inner) {
            self.line(&line, px, weight, 1.0);
        }
    }

    /// Draws one line at `px` dots and moves down by `advance` of its height.
    fn line(&mut self, line: &str, px: f32, weight: Weight, advance: f32) {
        self.lines.push(TextLine {
            text: line.to_string(),
            size: px,
            baseline: text::baseline(self.y, px, weight) as u32,
            bold: weight == Weight::Bold,
        });
        self.y += text::draw_centred(&mut self.r, line, self.y, px, weight) * advance;
    }

    fn space(&mut self, dots: f32) {
        self.y += dots * self.scale;
    }
}

/// Draws the ticket and tells where each line of text went.
pub fn render_lines(t: &TicketPrint, width: u32) -> (Raster, Vec<TextLine>) {
    let scale = width as f32 / 576.0;
    let margin = (24.0 * scale).round();
    let inner = width as f32 - 2.0 * margin;
    let mut p = Page {
        r: Raster::new(width, (3000.0 * scale) as u32),
        lines: Vec::new(),
        y: margin,
        scale,
        inner,
    };
    let l = labels(t.language);
    p.text(&t.office, 24.0, Weight::Bold);
    p.space(8.0);
    let rule = (3.0 * scale).max(2.0) as u32;
    p.r.fill(margin as i64, p.y as i64, inner as u32, rule);
    p.space(16.0);
    p.text(&t.field, 30.0, Weight::Bold);
    p.space(6.0);
    p.text(l.number, 24.0, Weight::Regular);
    // The number as large as fits: it is what the citizen looks for on the wall.
    let mut px = 125.0;
    while text::width(&t.number, px, Weight::Bold) > inner && px > MIN_TEXT_DOTS {
        px -= 4.0;
    }
    p.line(&t.number, px, Weight::Bold, 0.92);
    if let Some(c) = &t.priority {
        p.text(&format!("{} {c}", l.priority), 26.0, Weight::Bold);
    }
    p.space(6.0);
    p.text(
        &format!("{} {}", l.ahead, t.people_ahead),
        24.0,
        Weight::Regular,
    );
    let wait = crate::engine::wait::words::sentence(t.wait_minutes, t.language == Language::En);
    p.text(&wait, 24.0, Weight::Regular);
    p.text(&t.issued_at, 24.0, Weight::Regular);
    p.space(12.0);
    p.y += draw_qr(&mut p.r, &t.url, p.y, (width as f32 * 0.42) as u32);
    p.space(6.0);
    p.text(l.scan, 24.0, Weight::Regular);
    if !t.footer.is_empty() {
        p.space(8.0);
        p.text(&t.footer, 24.0, Weight::Regular);
    }
    let height = (p.y + margin) as u32;
    (p.r.band(0, height), p.lines)
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
