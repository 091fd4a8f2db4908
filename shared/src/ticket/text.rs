//! Text on the ticket, drawn from the bundled Noto Sans (OFL), which has every precomposed
//! Vietnamese letter, so printed diacritics never depend on the printer's code pages.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};

use super::raster::Raster;

use crate::fonts::{BOLD, REGULAR};

/// Weight of a line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// Noto Sans Regular.
    Regular,
    /// Noto Sans Bold.
    Bold,
}

fn font(weight: Weight) -> FontRef<'static> {
    let bytes = if weight == Weight::Bold {
        BOLD
    } else {
        REGULAR
    };
    // The fonts are compiled in and known to parse (a unit test checks both).
    FontRef::try_from_slice(bytes).unwrap_or_else(|e| panic!("bundled font: {e}"))
}

/// Width in dots of `text` at `px` pixels.
pub fn width(text: &str, px: f32, weight: Weight) -> f32 {
    let font = font(weight);
    let scaled = font.as_scaled(PxScale::from(px));
    let mut w = 0.0;
    let mut last = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(prev) = last {
            w += scaled.kern(prev, id);
        }
        w += scaled.h_advance(id);
        last = Some(id);
    }
    w
}

/// Splits `text` into lines no wider than `max` dots, at spaces where possible.
pub fn wrap(text: &str, px: f32, weight: Weight, max: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate, px, weight) <= max || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws `text` with its top-left at (x, top); returns the line height used.
pub fn draw(r: &mut Raster, text: &str, x: f32, top: f32, px: f32, weight: Weight) -> f32 {
    let font = font(weight);
    let scaled = font.as_scaled(PxScale::from(px));
    let baseline = top + scaled.ascent();
    let mut pen = x;
    let mut last = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(prev) = last {
            pen += scaled.kern(prev, id);
        }
        let glyph = id.with_scale_and_position(PxScale::from(px), ab_glyph::point(pen, baseline));
        if let Some(outline) = font.outline_glyph(glyph) {
            let b = outline.px_bounds();
            outline.draw(|gx, gy, coverage| {
                if coverage >= 0.5 {
                    r.set(b.min.x as i64 + gx as i64, b.min.y as i64 + gy as i64);
                }
            });
        }
        pen += scaled.h_advance(id);
        last = Some(id);
    }
    scaled.height() + scaled.line_gap()
}

/// Draws `text` centred in a line `width` dots wide; returns the line height used.
pub fn draw_centred(r: &mut Raster, text: &str, top: f32, px: f32, weight: Weight) -> f32 {
    let x = ((r.width() as f32 - width(text, px, weight)) / 2.0).max(0.0);
    draw(r, text, x, top, px, weight)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_fonts_have_every_vietnamese_letter_used_on_tickets() {
        for weight in [Weight::Regular, Weight::Bold] {
            let f = font(weight);
            for c in "ĂÂĐÊÔƠƯăâđêôơưÀẢÃÁẠẰẲẴẮẶẦẨẪẤẬÈẺẼÉẸỀỂỄẾỆÌỈĨÍỊÒỎÕÓỌỒỔỖỐỘỜỞỠỚỢÙỦŨÚỤỪỬỮỨỰỲỶỸÝỴàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ".chars() {
                assert_ne!(f.glyph_id(c).0, 0, "{c} missing from {weight:?}");
            }
        }
    }

    #[test]
    fn long_lines_wrap_at_spaces() {
        let lines = wrap(
            "Bộ phận Một cửa - Sở Lao động - Thương binh và Xã hội",
            28.0,
            Weight::Bold,
            300.0,
        );
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, 28.0, Weight::Bold) <= 300.0));
        assert_eq!(
            lines.join(" "),
            "Bộ phận Một cửa - Sở Lao động - Thương binh và Xã hội"
        );
    }
}
