//! The kiosk behind its screen, against a real hub and the virtual printer: a press gives a
//! printed ticket whose QR code leads to its page; a printer out of paper or unplugged
//! leaves the ticket issued, the kiosk showing that staff are needed and the counters told,
//! until the printer is back.

use std::time::{Duration, Instant};

use kiosk::controller::{KioskController, PrinterProblem, Timing};
use kiosk::station::{Issued, Station};
use shared::client::{ClientError, Link};
use shared::config::PrinterConnection;
use shared::model::{FieldCode, PriorityClass};
use shared::printer::{PrintError, PrinterStatus, VirtualPrinter};
use shared::protocol::{Role, problem_lines};
use shared::ticket::{Language, render};
use tests::{TestHub, default_office, eventually, hub_state, mirror};

async fn station(hub: &TestHub, printer: PrinterConnection) -> Station {
    let (client, updates) = hub.client(Role::Kiosk, "kiosk-sanh", None);
    let seen = mirror(updates);
    eventually("kiosk online", Duration::from_secs(5), || {
        client.link() == Link::Online
    })
    .await;
    eventually("kiosk has the state", Duration::from_secs(5), || {
        seen.lock().expect("lock").engine().is_some()
    })
    .await;
    Station::new(client, seen, hub.config.clone(), printer, hub.http_url())
}

fn read_qr(r: &shared::ticket::Raster) -> Option<String> {
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(
        r.width() as usize,
        r.height() as usize,
        |x, y| {
            if r.get(x as u32, y as u32) { 0 } else { 255 }
        },
    );
    img.detect_grids()
        .first()
        .and_then(|g| g.decode().ok())
        .map(|(_, text)| text)
}

async fn virtual_printer() -> VirtualPrinter {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    VirtualPrinter::start(listener, None).expect("virtual printer")
}

fn network(printer: &VirtualPrinter) -> PrinterConnection {
    PrinterConnection::Network {
        address: printer.address(),
    }
}

/// A citizen presses a field and a class now.
async fn take(
    kiosk: &Station,
    field: &str,
    class: PriorityClass,
    language: Language,
) -> Result<Issued, ClientError> {
    kiosk
        .issue(FieldCode::new(field), class, language, Instant::now())
        .await
}

async fn hub_problems(hub: &TestHub) -> serde_json::Value {
    hub_state(hub).await["device_problems"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_press_prints_a_ticket_whose_qr_leads_to_its_page() {
    let hub = TestHub::start(default_office()).await;
    let printer = virtual_printer().await;
    let kiosk = station(&hub, network(&printer)).await;
    let issued = take(&kiosk, "VL", PriorityClass::Regular, Language::Vi)
        .await
        .expect("issued");
    assert_eq!(issued.ticket.display, "A001");
    assert_eq!(issued.printed, Ok(()));
    eprintln!("press to printer: {:?}", issued.press_to_printer);
    eventually("printed", Duration::from_secs(5), || {
        printer.tickets().len() == 1
    })
    .await;
    let paper = &printer.tickets()[0];
    assert_eq!(paper.width(), 576, "80 mm paper in the default office");
    let url = format!(
        "{}{}",
        hub.http_url(),
        shared::hub::links::ticket_path(&hub.links_key(), issued.ticket.id)
    );
    assert_eq!(read_qr(paper).as_deref(), Some(url.as_str()));
    assert!(kiosk.printer_problem().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paper_out_leaves_the_ticket_issued_and_staff_told_until_it_is_back() {
    let hub = TestHub::start(default_office()).await;
    let printer = virtual_printer().await;
    printer.set_status(PrinterStatus {
        paper_out: true,
        offline: true,
        ..PrinterStatus::default()
    });
    let kiosk = station(&hub, network(&printer)).await;
    let issued = take(&kiosk, "NCC", PriorityClass::Elderly, Language::En)
        .await
        .expect("issued anyway");
    assert_eq!(issued.ticket.display, "H001");
    assert_eq!(issued.printed, Err(PrintError::NeedsStaff("out of paper")));
    assert_eq!(
        kiosk.printer_problem().map(|p| p.to_string()).as_deref(),
        Some("the printer needs staff: out of paper")
    );
    // Staff read what to do, in Vietnamese, at their counters; the manager the detail.
    assert_eq!(
        hub_problems(&hub).await["kiosk-sanh"],
        "Máy in của kiosk hết giấy — thay cuộn giấy mới\nthe printer needs staff: out of paper"
    );
    assert!(printer.tickets().is_empty());
    // Staff load paper; the kiosk notices by itself.
    printer.set_status(PrinterStatus::default());
    kiosk.recheck_printer().await;
    assert!(kiosk.printer_problem().is_none());
    assert_eq!(hub_problems(&hub).await, serde_json::json!({}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unplugged_printer_never_stops_the_line() {
    let hub = TestHub::start(default_office()).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let kiosk = station(
        &hub,
        PrinterConnection::Network {
            address: format!("127.0.0.1:{port}"),
        },
    )
    .await;
    for want in ["A001", "A002"] {
        let issued = take(&kiosk, "VL", PriorityClass::Regular, Language::Vi)
            .await
            .expect("issued");
        assert_eq!(issued.ticket.display, want);
        assert!(
            matches!(issued.printed, Err(PrintError::Unreachable(_))),
            "{:?}",
            issued.printed
        );
    }
    assert!(
        kiosk
            .printer_problem()
            .is_some_and(|p| p.to_string().contains("cannot be reached"))
    );
    // The OS's "Connection refused (os error 111)" is for the log: citizens are told the
    // printer does not answer and staff are coming, staff what to check.
    let mut screen = KioskController::new(Timing::default());
    screen.set_printer_problem(kiosk.printer_problem().as_ref().map(PrinterProblem::of));
    assert_eq!(
        screen.view().printer_problem,
        "Máy in không phản hồi — nhân viên đang được báo"
    );
    let staff = hub_problems(&hub).await["kiosk-sanh"].clone();
    let (words, detail) = staff
        .as_str()
        .and_then(|p| p.split_once('\n'))
        .expect("the words, then the detail");
    assert_eq!(
        words,
        "Máy in của kiosk không phản hồi — kiểm tra nguồn điện và dây cáp của máy in"
    );
    assert!(detail.contains("os error"), "{detail}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_english_ticket_is_english_from_the_office_name_to_the_footer() {
    let hub = TestHub::start(default_office()).await;
    let printer = virtual_printer().await;
    let kiosk = station(&hub, network(&printer)).await;
    let office = &hub.config;
    assert_eq!(
        office.ticket_footer_en,
        "Please wait for your turn. Thank you!"
    );
    let mut prints = Vec::new();
    for (language, name, field, footer) in [
        (
            Language::En,
            &office.name_en,
            "Employment",
            &office.ticket_footer_en,
        ),
        (
            Language::Vi,
            &office.name,
            "Việc làm",
            &office.ticket_footer,
        ),
    ] {
        let issued = take(&kiosk, "VL", PriorityClass::Regular, language)
            .await
            .expect("issued");
        assert_eq!(&issued.print.office, name, "{language:?}");
        assert_eq!(issued.print.field, field);
        assert_eq!(&issued.print.footer, footer, "{language:?}");
        assert_eq!(issued.printed, Ok(()));
        prints.push(issued.print);
    }
    // What reached the paper is those tickets, drawn in full.
    eventually("printed", Duration::from_secs(5), || {
        printer.tickets().len() == 2
    })
    .await;
    let width = office.printer.width_dots();
    let drawn: Vec<_> = prints.iter().map(|p| render(p, width)).collect();
    assert_eq!(printer.tickets(), drawn);
}

/// A printer that takes connections and then neither reads nor answers, as a hung one
/// does; it keeps what it accepted until dropped.
struct SilentPrinter {
    address: std::net::SocketAddr,
    stop: std::sync::mpsc::Sender<()>,
}

impl SilentPrinter {
    fn start(at: &str) -> SilentPrinter {
        let listener = std::net::TcpListener::bind(at).expect("a port");
        let address = listener.local_addr().expect("address");
        listener.set_nonblocking(true).expect("non-blocking");
        let (stop, stopped) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut held = Vec::new();
            while stopped.try_recv() == Err(std::sync::mpsc::TryRecvError::Empty) {
                if let Ok((stream, _)) = listener.accept() {
                    held.push(stream);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        SilentPrinter { address, stop }
    }
}

impl Drop for SilentPrinter {
    fn drop(&mut self) {
        let _ = self.stop.send(());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_printer_that_never_answers_is_a_problem_staff_hear_of_until_one_answers() {
    let hub = TestHub::start(default_office()).await;
    let silent = SilentPrinter::start("127.0.0.1:0");
    let address = silent.address;
    let kiosk = station(
        &hub,
        PrinterConnection::Network {
            address: address.to_string(),
        },
    )
    .await;
    let issued = take(&kiosk, "VL", PriorityClass::Regular, Language::Vi)
        .await
        .expect("issued anyway");
    assert_eq!(issued.ticket.display, "A001");
    assert!(
        matches!(issued.printed, Err(PrintError::NotResponding(_))),
        "{:?}",
        issued.printed
    );
    // It gave up within the deadline of a connection and a status request.
    let deadline = shared::printer::CONNECT_WAIT + shared::printer::STATUS_WAIT;
    assert!(
        issued.press_to_printer < deadline,
        "{:?}",
        issued.press_to_printer
    );
    let problems = hub_problems(&hub).await;
    let (words, detail) = problem_lines(problems["kiosk-sanh"].as_str().expect("a problem"));
    assert_eq!(
        words,
        "Máy in của kiosk không phản hồi — kiểm tra nguồn điện và dây cáp của máy in"
    );
    assert!(
        detail.is_some_and(|d| d.contains("did not answer")),
        "{detail:?}"
    );
    // Still silent: still a problem.
    kiosk.recheck_printer().await;
    assert!(matches!(
        kiosk.printer_problem(),
        Some(PrintError::NotResponding(_))
    ));
    // Staff restart the printer: one that answers is back at the same address.
    drop(silent);
    let mut working = None;
    eventually("the address is free again", Duration::from_secs(5), || {
        working = std::net::TcpListener::bind(address).ok();
        working.is_some()
    })
    .await;
    let listener = tokio::net::TcpListener::from_std({
        let l = working.take().expect("bound");
        l.set_nonblocking(true).expect("non-blocking");
        l
    })
    .expect("listener");
    let printer = VirtualPrinter::start(listener, None).expect("virtual printer");
    kiosk.recheck_printer().await;
    assert!(kiosk.printer_problem().is_none());
    assert_eq!(hub_problems(&hub).await, serde_json::json!({}));
    let issued = take(&kiosk, "VL", PriorityClass::Regular, Language::Vi)
        .await
        .expect("issued");
    assert_eq!(issued.printed, Ok(()));
    eventually("printed", Duration::from_secs(5), || {
        printer.tickets().len() == 1
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_hear_that_phones_cannot_open_the_qr_codes_beside_any_printer_problem() {
    let hub = TestHub::start(default_office()).await;
    let printer = virtual_printer().await;
    let at = "127.0.0.1:8080".parse().expect("address");
    let qr = shared::hub::public_url::PhoneProblem::LoopbackOnly(at).vietnamese();
    let kiosk = station(&hub, network(&printer))
        .await
        .with_setup_problem(Some(qr.clone()));
    kiosk.report_setup().await;
    assert_eq!(hub_problems(&hub).await["kiosk-sanh"], qr.as_str());
    printer.set_status(PrinterStatus {
        paper_out: true,
        ..PrinterStatus::default()
    });
    take(&kiosk, "VL", PriorityClass::Regular, Language::Vi)
        .await
        .expect("issued");
    let problems = hub_problems(&hub).await;
    let (words, _) = problem_lines(problems["kiosk-sanh"].as_str().expect("a problem"));
    assert_eq!(
        words,
        format!("Máy in của kiosk hết giấy — thay cuộn giấy mới; {qr}")
    );
    // Paper loaded: the set-up problem remains until the set-up is mended.
    printer.set_status(PrinterStatus::default());
    kiosk.recheck_printer().await;
    assert_eq!(hub_problems(&hub).await["kiosk-sanh"], qr.as_str());
}
