//! What reaches the printer: the ESC/POS stream decodes back into exactly the ticket drawn,
//! through a real TCP connection to the virtual printer; and a printer that is out of paper
//! or unreachable is reported, never silently fed.

mod common;

use common::{read_qr, sample_ticket};
use shared::config::PrinterConnection;
use shared::printer::{
    BAND_ROWS, PrintError, PrinterStatus, VirtualPrinter, decode, job_bytes, print, status,
};
use shared::ticket::{Language, render};

#[test]
fn the_job_decodes_back_to_the_ticket_in_bands_and_ends_with_a_cut() {
    for width in [384, 576] {
        let ticket = render(&sample_ticket(Language::Vi), width);
        let bytes = job_bytes(&ticket);
        assert_eq!(&bytes[..2], [0x1B, 0x40], "starts with ESC @");
        let bands = bytes
            .windows(3)
            .filter(|w| *w == [0x1D, 0x76, 0x30])
            .count() as u32;
        assert_eq!(bands, ticket.height().div_ceil(BAND_ROWS));
        let decoded = decode(&bytes);
        assert_eq!(
            decoded.tickets,
            std::slice::from_ref(&ticket),
            "{width} dots"
        );
        assert_eq!(decoded.unknown, 0);
        assert_eq!(
            read_qr(&decoded.tickets[0]).as_deref(),
            Some(sample_ticket(Language::Vi).url.as_str())
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ticket_reaches_the_virtual_printer_over_the_network() {
    let printer = VirtualPrinter::start(
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
        None,
    )
    .unwrap();
    let connection = PrinterConnection::Network {
        address: printer.address(),
    };
    let ticket = render(&sample_ticket(Language::En), 576);
    let sent = ticket.clone();
    let conn = connection.clone();
    tokio::task::spawn_blocking(move || print(&conn, &sent))
        .await
        .unwrap()
        .expect("printed");
    common_wait(|| printer.tickets().len() == 1).await;
    let got = &printer.tickets()[0];
    assert_eq!(got, &ticket);
    assert!(
        got.black_in(0, 0, got.width(), got.height() / 4) > 1000,
        "the top has text"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_printer_out_of_paper_is_reported_and_gets_nothing() {
    let printer = VirtualPrinter::start(
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
        None,
    )
    .unwrap();
    printer.set_status(PrinterStatus {
        paper_out: true,
        offline: true,
        ..PrinterStatus::default()
    });
    let connection = PrinterConnection::Network {
        address: printer.address(),
    };
    let conn = connection.clone();
    let answer = tokio::task::spawn_blocking(move || status(&conn))
        .await
        .unwrap()
        .expect("answers");
    assert_eq!(answer.and_then(|s| s.problem()), Some("out of paper"));
    let ticket = render(&sample_ticket(Language::Vi), 384);
    let result = tokio::task::spawn_blocking(move || print(&connection, &ticket))
        .await
        .unwrap();
    assert_eq!(result, Err(PrintError::NeedsStaff("out of paper")));
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert!(printer.tickets().is_empty());
}

#[test]
fn a_printer_that_refuses_connections_is_unreachable() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let connection = PrinterConnection::Network {
        address: format!("127.0.0.1:{port}"),
    };
    let result = print(&connection, &render(&sample_ticket(Language::Vi), 384));
    assert!(
        matches!(result, Err(PrintError::Unreachable(_))),
        "{result:?}"
    );
}

#[test]
fn a_file_printer_collects_jobs_that_decode_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jobs.bin");
    let connection = PrinterConnection::File {
        path: path.display().to_string(),
    };
    let ticket = render(&sample_ticket(Language::Vi), 576);
    print(&connection, &ticket).unwrap();
    print(&connection, &ticket).unwrap();
    assert_eq!(
        decode(&std::fs::read(&path).unwrap()).tickets,
        [ticket.clone(), ticket]
    );
}

async fn common_wait(mut cond: impl FnMut() -> bool) {
    for _ in 0..300 {
        if cond() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("timed out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_virtual_printer_numbers_on_and_keeps_the_old_tickets() {
    let folder = tempfile::tempdir().unwrap();
    let mut kept = Vec::new();
    for (run, language) in [Language::Vi, Language::En].into_iter().enumerate() {
        // A fresh printer over the same folder, as after the demo is started again.
        let printer = VirtualPrinter::start(
            tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
            Some(folder.path().to_path_buf()),
        )
        .unwrap();
        let ticket = render(&sample_ticket(language), 384);
        let connection = PrinterConnection::Network {
            address: printer.address(),
        };
        let sent = ticket.clone();
        tokio::task::spawn_blocking(move || print(&connection, &sent))
            .await
            .unwrap()
            .expect("printed");
        let png = folder.path().join(format!("ticket-{:04}.png", run + 1));
        common_wait(|| png.exists() && folder.path().join(png.with_extension("bin")).exists())
            .await;
        kept.push((png, ticket.to_png()));
        drop(printer);
    }
    for (png, picture) in &kept {
        assert_eq!(&std::fs::read(png).unwrap(), picture, "{}", png.display());
    }
    let mut names: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "ticket-0001.bin",
            "ticket-0001.png",
            "ticket-0002.bin",
            "ticket-0002.png"
        ]
    );
}
