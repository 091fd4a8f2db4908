//! The kiosk's work behind the screen: issue a ticket through the hub, tell the citizen
//! their place and wait, print, and look after the printer. A printer that is out of paper
//! or unplugged never stops a ticket: the number is issued and shown, staff are told through
//! the hub, and printing resumes by itself once the printer answers again.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use shared::client::{Client, ClientError, Mirror};
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
        }
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
        let ticket = self.view(&events).ok_or(ClientError::ConnectionLost)?;
        let print = self.ticket_print(&ticket, language);
        let (connection, width) = (self.printer.clone(), self.office.printer.width_dots());
        let printed = tokio::task::spawn_blocking(move || {
            printer::print(&connection, &render(&print, width))
        })
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
            // If the hub is unreachable the kiosk still shows it.
            match &problem {
                Some(e) => tracing::warn!(detail = %e, "the printer needs staff"),
                None => tracing::info!("the printer is back"),
            }
            let report = Command::ReportDevice {
                device: String::new(),
                problem: problem.as_ref().map(staff_report),
            };
            if let Err(e) = self.client.command(report).await {
                tracing::warn!(error = %e, "could not report the printer to the hub");
            }
        }
    }

    /// The issued ticket as the mirror will show it once the events arrive.
    fn view(&self, events: &[Event]) -> Option<TicketView> {
        let id = events.iter().find_map(|e| match e.kind {
            EventKind::TicketIssued { ticket, .. } => Some(ticket),
            _ => None,
        })?;
        let mirror = self.mirror.lock().ok()?;
        let mut engine = mirror.engine()?.clone();
        for e in events {
            if e.seq > engine.state().last_seq {
                engine.evolve(e);
            }
        }
        let at = events.last().map_or_else(chrono::Utc::now, |e| e.at);
        ticket_view(&engine, id, at)
    }

    fn ticket_print(&self, t: &TicketView, language: Language) -> TicketPrint {
        let field = self.office.field(&t.field);
        let field_name = match language {
            Language::Vi => field.map(|f| f.name.clone()),
            Language::En => field.map(|f| f.name_en.clone()),
        };
        let priority = class_name(
            match language {
                Language::Vi => crate::controller::Language::Vi,
                Language::En => crate::controller::Language::En,
            },
            t.class,
        );
        let now = chrono::Utc::now().with_timezone(&self.office.time_zone);
        TicketPrint {
            office: self.office.name.clone(),
            field: field_name.unwrap_or_else(|| t.field.to_string()),
            number: t.display.clone(),
            priority: priority.map(str::to_string),
            people_ahead: t.people_ahead,
            wait_minutes: t.estimated_wait_minutes,
            issued_at: now.format("%d/%m/%Y %H:%M").to_string(),
            url: format!(
                "{}{}",
                self.hub_url.trim_end_matches('/'),
                ticket_path(&self.office.hub.office_key, t.id)
            ),
            footer: self.office.ticket_footer.clone(),
            language,
        }
    }
}

/// The longest problem the hub takes, in characters.
const REPORT_CHARS: usize = 200;

/// What staff are told: on the first line what to do, in the office's language (the
/// counters show only that); on the next the printer's own error, for the manager's list.
fn staff_report(e: &PrintError) -> String {
    let report = format!("{}\n{e}", PrinterProblem::of(e).for_staff());
    report.chars().take(REPORT_CHARS).collect()
}
