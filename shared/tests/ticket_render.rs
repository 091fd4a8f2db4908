//! The printed ticket: the right width, real text where text goes, and a QR code that a
//! phone reads back as the ticket's page.

mod common;

use common::{read_qr, sample_ticket};
use shared::printer::{decode, job_bytes};
use shared::ticket::{Language, render, render_lines};

#[test]
fn tickets_fill_the_paper_width_and_their_qr_reads_back() {
    for width in [384, 576] {
        for language in [Language::Vi, Language::En] {
            let t = sample_ticket(language);
            let r = render(&t, width);
            assert_eq!(r.width(), width);
            assert!(
                r.height() > width,
                "a ticket is taller than wide: {}x{}",
                r.width(),
                r.height()
            );
            assert_eq!(
                read_qr(&r).as_deref(),
                Some(t.url.as_str()),
                "{width} dots, {language:?}"
            );
            if std::env::var_os("TICKET_PNG_DIR").is_some() {
                let dir = std::env::var("TICKET_PNG_DIR").unwrap_or_default();
                std::fs::write(format!("{dir}/ticket-{width}-{language:?}.png"), r.to_png())
                    .expect("write png");
            }
        }
    }
}

#[test]
fn the_number_is_printed_large_in_the_upper_half() {
    let r = render(&sample_ticket(Language::Vi), 576);
    // Rows with ink wider than half the paper: only the big number spans that much.
    let wide_rows = (0..r.height()).filter(|&y| {
        let xs: Vec<u32> = (0..r.width()).filter(|&x| r.get(x, y)).collect();
        xs.last()
            .zip(xs.first())
            .is_some_and(|(l, f)| l - f > r.width() / 3)
    });
    let tall = wide_rows.filter(|&y| y < r.height() / 2).count();
    assert!(
        tall > 80,
        "the number should be over 80 dots tall, found {tall} wide rows"
    );
}

/// Capitals and digits of the printer's own 24-dot font stand about 17 dots tall: the least
/// that prints legibly at 203 dpi.
const MIN_CAP_DOTS: u32 = 17;

#[test]
fn every_line_of_text_prints_at_least_as_tall_as_the_printers_own_font() {
    for width in [384, 576] {
        for language in [Language::Vi, Language::En] {
            let t = sample_ticket(language);
            let (drawn, lines) = render_lines(&t, width);
            // Measured on what the printer receives, not on what was meant.
            let printed = &decode(&job_bytes(&drawn)).tickets[0];
            assert!(
                lines.iter().any(|l| l.text == t.issued_at),
                "the date line is laid out: {lines:?}"
            );
            assert!(lines.len() >= 9, "{width} dots, {language:?}: {lines:?}");
            for line in &lines {
                // Rows with ink between the baseline and one size above it: the height of
                // capitals, digits and tall letters, without descenders.
                let top = line.baseline.saturating_sub(line.size as u32);
                let inked = (top..line.baseline)
                    .filter(|&y| printed.black_in(0, y, width, 1) > 0)
                    .count() as u32;
                assert!(
                    inked >= MIN_CAP_DOTS,
                    "{width} dots, {language:?}: {:?} stands {inked} dots tall",
                    line.text
                );
            }
        }
    }
}
