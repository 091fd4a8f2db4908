//! The printed ticket: the right width, real text where text goes, and a QR code that a
//! phone reads back as the ticket's page.

mod common;

use common::{read_qr, sample_ticket};
use shared::ticket::{Language, render};

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
