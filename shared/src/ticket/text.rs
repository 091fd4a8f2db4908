//! Text on the ticket, drawn from the bundled Noto Sans (OFL), which has every precomposed
//! Vietnamese letter, so printed diacritics never depend on the printer's code pages.

use std::collections::HashMap;

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

/// ab_glyph's scale for type `px` dots high: sizes here are the em, as type is measured
/// (capitals about 0.71 of it), while ab_glyph scales to the font's whole line height.
fn em(font: &FontRef<'static>, px: f32) -> PxScale {
    let units = font.units_per_em().unwrap_or(1000.0);
    PxScale::from(px * font.height_unscaled() / units)
}

/// Width in dots of `text` set `px` dots high.
pub fn width(text: &str, px: f32, weight: Weight) -> f32 {
    let font = font(weight);
    let scaled = font.as_scaled(em(&font, px));
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

/// Share of a dot a glyph must cover for the dot to print. Half (the usual rule) loses the
/// thin strokes of small text and Vietnamese marks, which fall across two dots and cover
/// under half of each; a third keeps them without thickening the large number noticeably.
const INK: f32 = 0.34;

/// Draws `text` with its top-left at (x, top); returns the line height used.
pub fn draw(r: &mut Raster, text: &str, x: f32, top: f32, px: f32, weight: Weight) -> f32 {
    let font = font(weight);
    let scaled = font.as_scaled(em(&font, px));
    // A whole-dot baseline puts the horizontal strokes on rows of dots instead of across
    // two rows, where neither half would print.
    let baseline = (top + scaled.ascent()).round();
    // Coverage is summed over the line before it is thresholded, so where two glyphs
    // touch (kerned pairs, marks) their parts add up instead of each falling short.
    let mut coverage: HashMap<(i64, i64), f32> = HashMap::new();
    let mut pen = x;
    let mut last = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(prev) = last {
            pen += scaled.kern(prev, id);
        }
        let glyph = id.with_scale_and_position(em(&font, px), ab_glyph::point(pen, baseline));
        if let Some(outline) = font.outline_glyph(glyph) {
            let b = outline.px_bounds();
            outline.draw(|gx, gy, c| {
                let dot = (b.min.x as i64 + gx as i64, b.min.y as i64 + gy as i64);
                *coverage.entry(dot).or_default() += c;
            });
        }
        pen += scaled.h_advance(id);
        last = Some(id);
    }
    for ((x, y), c) in coverage {
        if c >= INK {
            r.set(x, y);
        }
    }
    scaled.height() + scaled.line_gap()
}

/// Where the baseline of a line drawn at `top` falls, as [`draw`] places it.
pub fn baseline(top: f32, px: f32, weight: Weight) -> f32 {
    let font = font(weight);
    (top + font.as_scaled(em(&font, px)).ascent()).round()
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

    /// A letter as printed `px` dots high.
    fn letter(text: &str, px: f32, weight: Weight) -> Raster {
        let mut r = Raster::new(60, 60);
        draw(&mut r, text, 10.0, 10.0, px, weight);
        r
    }

    /// At the smallest ticket size every mark prints at least a 2x2 dot; at half that size
    /// (where the usual half-coverage rule lost the bar of đ and the acute of Ố) at least
    /// one dot.
    #[test]
    fn every_vietnamese_mark_prints_at_the_smallest_size() {
        let min = super::super::MIN_TEXT_DOTS;
        for (px, least, weight) in [
            (min, 4, Weight::Regular),
            (min, 4, Weight::Bold),
            (min / 2.0, 1, Weight::Regular),
            (min / 2.0, 1, Weight::Bold),
        ] {
            for (base, marked) in [
                ("a", "ạàảãáâă"),
                ("e", "ẹèẻẽéê"),
                ("o", "ọòỏõóôơ"),
                ("u", "ụùủũúư"),
                ("ı", "ịìỉĩí"),
                ("y", "ỵỳỷỹý"),
                ("d", "đ"),
                ("ô", "ộồổỗố"),
                ("ư", "ựừửữứ"),
                ("A", "ẠÀẢÃÁÂĂ"),
                ("Ô", "ỘỒỔỖỐ"),
            ] {
                let plain = letter(base, px, weight);
                for c in marked.chars() {
                    // Dots the mark adds where the plain letter has none.
                    let with = letter(&c.to_string(), px, weight);
                    let mark = (0..60)
                        .flat_map(|y| (0..60).map(move |x| (x, y)))
                        .filter(|&(x, y)| with.get(x, y) && !plain.get(x, y))
                        .count();
                    assert!(
                        mark >= least,
                        "{c} ({weight:?}, {px} dots): its mark prints {mark} dots"
                    );
                }
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
