//! The kiosk's work behind the screen: issue a ticket through the hub, tell the citizen
//! their place and wait, print, and look after the printer. A printer that is out of paper
//! or unplugged never stops a ticket: the number is issued and shown, staff are told through
//! the hub, and printing resumes by itself once the printer answers again.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use shared::client::{Client, ClientError, Link, Mirror};
use shared::config::{Config, PrinterConnection};
use shared::engine::{Command, Event, EventKind};
use shared::hub::api::{TicketView, ticket_view};
use shared::hub::links::ticket_path;
use shared::model::{FieldCode, PriorityClass, Source};
use shared::printer::{self, PrintError};
use shared::ticket::{Language, TicketPrint, render};

use crate::controller::{PrinterProblem, class_name};

/// How often a printer in trouble is asked again whether it is back.
pub const PRINTER_RECHECK: Duration = Duration::from_secs(5);

/// A ticket the citizen now holds (or will be told to remember).
#[derive(Debug, Clone, PartialEq)]
pub struct Issued {
    /// The ticket with its place and estimated wait.
    pub ticket: TicketView,
    /// What the ticket says, as sent to the printer.
    pub print: Box<TicketPrint>,
    /// Whether it was printed, and if not, why.
    pub printed: Result<(), PrintError>,
    /// From the press to the last byte handed to the printer.
    pub press_to_printer: Duration,
}

/// The kiosk's connection to the office: hub client, its mirror, the printer.
#[derive(Clone)]
pub struct Station {
    client: Client,
    mirror: Arc<Mutex<Mirror>>,
    office: Arc<Config>,
    printer: PrinterConnection,
    hub_url: String,
    problem: Arc<Mutex<Option<PrintError>>>,
    /// What staff must fix in the kiosk's set-up (QR codes phones cannot open), in
    /// Vietnamese; told to the hub with the printer's problem.
    setup: Option<String>,
}

impl Station {
    /// A station over a started client whose updates feed `mirror`.
    pub fn new(
        client: Client,
        mirror: Arc<Mutex<Mirror>>,
        office: Arc<Config>,
        printer: PrinterConnection,
        hub_url: String,
    ) -> Station {
        Station {
            client,
            mirror,
            office,
            printer,
            hub_url,
            problem: Arc::default(),
            setup: None,
        }
    }

    /// The same station, telling staff of a problem in its set-up as long as it runs.
    pub fn with_setup_problem(mut self, problem: Option<String>) -> Station {
        self.setup = problem;
        self
    }

    /// Tells the hub of the set-up problem once it is reached (nothing when there is none).
    pub async fn report_setup(&self) {
        if self.setup.is_none() {
            return;
        }
        let mut link = self.client.watch_link();
        while *link.borrow_and_update() != Link::Online {
            if link.changed().await.is_err() {
                return;
            }
        }
        self.report(self.printer_problem()).await;
    }

    /// The printer's problem, if it needs staff.
    pub fn printer_problem(&self) -> Option<PrintError> {
        self.problem.lock().ok().and_then(|p| p.clone())
    }

    /// The hub client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Issues a ticket and prints it. Fails only if the hub did not issue it.
    pub async fn issue(
        &self,
        field: FieldCode,
        class: PriorityClass,
        language: Language,
        pressed: Instant,
    ) -> Result<Issued, ClientError> {
        let command = Command::IssueTicket {
            field: field.clone(),
            class,
            source: Source::Kiosk(String::new()),
        };
        let events = self.client.command(command).await?;
        let (ticket, links) = self.view(&events).ok_or(ClientError::ConnectionLost)?;
        let at = events.last().map_or_else(chrono::Utc::now, |e| e.at);
        let print = self.ticket_print(&ticket, &links, language, at);
        let (connection, width) = (self.printer.clone(), self.office.printer.width_dots());
        let raster = render(&print, width);
        let printed = tokio::task::spawn_blocking(move || printer::print(&connection, &raster))
            .await
            .unwrap_or_else(|e| Err(PrintError::Failed(e.to_string())));
        let press_to_printer = pressed.elapsed();
        match &printed {
            Ok(()) => self.set_problem(None).await,
            Err(PrintError::NotConfigured) => {}
            Err(e) => self.set_problem(Some(e.clone())).await,
        }
        Ok(Issued {
            ticket,
            print: Box::new(print),
            printed,
            press_to_printer,
        })
    }

    /// Asks a printer in trouble whether it is back; clears the problem when it is.
    pub async fn recheck_printer(&self) {
        if self.printer_problem().is_none() {
            return;
        }
        let connection = self.printer.clone();
        let ready = tokio::task::spawn_blocking(move || match printer::status(&connection) {
            Ok(Some(s)) => s.problem().is_none(),
            // A printer that does not report status is back once it accepts a connection.
            Ok(None) => matches!(
                connection,
                PrinterConnection::Network { .. } | PrinterConnection::Serial { .. }
            ),
            Err(_) => false,
        })
        .await
        .unwrap_or(false);
        if ready {
            self.set_problem(None).await;
        }
    }

    async fn set_problem(&self, problem: Option<PrintError>) {
        let changed = match self.problem.lock() {
            Ok(mut p) if *p != problem => {
                *p = problem.clone();
                true
            }
            _ => false,
        };
        if changed {
            match &problem {
                Some(e) => tracing::warn!(detail = %e, "the printer needs staff"),
                None => tracing::info!("the printer is back"),
            }
            self.report(problem).await;
        }
    }

    /// Tells the hub what staff must see of this kiosk: the printer's problem and the
    /// set-up's, in the office's language. If the hub is unreachable the kiosk still
    /// shows the printer's.
    async fn report(&self, printer: Option<PrintError>) {
        let report = Command::ReportDevice {
            device: String::new(),
            problem: staff_report(printer.as_ref(), self.setup.as_deref()),
        };
        if let Err(e) = self.client.command(report).await {
            tracing::warn!(error = %e, "could not report the kiosk's problems to the hub");
        }
    }

    /// The issued ticket as the mirror will show it once the events arrive, and the key of
    /// its link, as the hub sent it in its welcome.
    fn view(&self, events: &[Event]) -> Option<(TicketView, String)> {
        let id = events.iter().find_map(|e| match e.kind {
            EventKind::TicketIssued { ticket, .. } => Some(ticket),
            _ => None,
        })?;
        let mirror = self.mirror.lock().ok()?;
        let links = mirror.links_key()?.to_string();
        let mut engine = mirror.engine()?.clone();
        for e in events {
            if e.seq > engine.state().last_seq {
                engine.evolve(e);
            }
        }
        let at = events.last().map_or_else(chrono::Utc::now, |e| e.at);
        Some((ticket_view(&engine, id, at)?, links))
    }

    /// The ticket as printed, issued at `at`, in the citizen's language throughout.
    fn ticket_print(
        &self,
        t: &TicketView,
        links: &str,
        language: Language,
        at: DateTime<Utc>,
    ) -> TicketPrint {
        let office = &self.office;
        let field = office.field(&t.field);
        let (name, field_name, footer) = match language {
            Language::Vi => (
                &office.name,
                field.map(|f| f.name.clone()),
                &office.ticket_footer,
            ),
            Language::En => (
                &office.name_en,
                field.map(|f| f.name_en.clone()),
                &office.ticket_footer_en,
            ),
        };
        let priority = class_name(
            match language {
                Language::Vi => crate::controller::Language::Vi,
                Language::En => crate::controller::Language::En,
            },
            t.class,
        );
        let issued = at.with_timezone(&office.time_zone);
        TicketPrint {
            office: name.clone(),
            field: field_name.unwrap_or_else(|| t.field.to_string()),
            number: t.display.clone(),
            priority: priority.map(str::to_string),
            people_ahead: t.people_ahead,
            wait_minutes: t.estimated_wait_minutes,
            issued_at: issued.format("%d/%m/%Y %H:%M").to_string(),
            url: format!(
                "{}{}",
                self.hub_url.trim_end_matches('/'),
                ticket_path(links, t.id)
            ),
            footer: footer.clone(),
            language,
        }
    }
}

/// The longest problem the hub takes, in characters.
const REPORT_CHARS: usize = 200;

/// What staff are told: on the first line what to do, in the office's language (the
/// counters show only that); on the next the printer's own error, for the manager's list.
fn staff_report(printer: Option<&PrintError>, setup: Option<&str>) -> Option<String> {
    let words: Vec<&str> = printer
        .map(|e| PrinterProblem::of(e).for_staff())
        .into_iter()
        .chain(setup)
        .collect();
    if words.is_empty() {
        return None;
    }
    // The words come whole; the detail gets what room is left.
    let mut report: String = words.join("; ").chars().take(REPORT_CHARS).collect();
    if let Some(e) = printer {
        let room = REPORT_CHARS.saturating_sub(report.chars().count() + 1);
        if room > 0 {
            report.push('\n');
            report.extend(e.to_string().chars().take(room));
        }
    }
    Some(report)
}
