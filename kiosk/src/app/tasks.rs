//! The kiosk's background tasks: following the office and the link, looking after the
//! printer, and what a failed issue means for the citizen.

use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};

use kiosk::controller::{Failure, FieldInfo, FieldState};
use kiosk::station::{PRINTER_RECHECK, Station};
use shared::client::{Client, ClientError, Link, Mirror, Update};
use shared::config::Config;
use shared::engine::Refusal;

use super::News;

/// What a failed issue means for the citizen.
pub(super) fn failure(e: &ClientError) -> Failure {
    match e {
        ClientError::Offline | ClientError::ConnectionLost | ClientError::Stopped => {
            Failure::Offline
        }
        ClientError::Refused(Refusal::FieldClosed { .. }) => Failure::Closed,
        ClientError::Refused(
            Refusal::RangeExhausted { .. } | Refusal::DailyLimitReached { .. },
        ) => Failure::Full,
        _ => Failure::Other,
    }
}

/// Keeps the mirror of the office and sends the fields as the kiosk shows them.
pub(super) async fn follow_office(
    mut updates: tokio::sync::mpsc::Receiver<Update>,
    mirror: Arc<Mutex<Mirror>>,
    office: Arc<Config>,
    news: Sender<News>,
) {
    while let Some(update) = updates.recv().await {
        if shared::gate::withdrawn(&update) {
            let _ = news.send(News::Revoked);
            return;
        }
        let fields = {
            let Ok(mut m) = mirror.lock() else { return };
            if !m.apply(update) {
                continue;
            }
            m.engine().map(|engine| fields_of(engine, &office))
        };
        if let Some(fields) = fields
            && news.send(News::Fields(fields)).is_err()
        {
            return;
        }
    }
}

/// The fields with their state, queue and estimated wait for a ticket taken now.
fn fields_of(engine: &shared::engine::Engine, office: &Config) -> Vec<FieldInfo> {
    let state = engine.state();
    let now = chrono::Utc::now();
    office
        .fields
        .iter()
        .map(|f| {
            let live = state.fields.get(&f.code);
            let full = f
                .daily_limit
                .is_some_and(|l| live.is_some_and(|s| s.issued >= l));
            FieldInfo {
                state: match live.map(|s| s.open) {
                    Some(false) => FieldState::Closed,
                    _ if full => FieldState::Full,
                    _ => FieldState::Open,
                },
                waiting: state.lines.waiting(&f.code) as u32,
                wait_minutes: engine
                    .wait_for_new(&f.code, now)
                    .map(|d| d.as_secs().div_ceil(60) as u32),
                ..FieldInfo::from_config(f)
            }
        })
        .collect()
}

/// Tells the screen whether the hub is reachable, and every change of it.
pub(super) async fn follow_link(client: Client, news: Sender<News>) {
    let mut link = client.watch_link();
    loop {
        let online = *link.borrow_and_update() == Link::Online;
        if news.send(News::Online(online)).is_err() || link.changed().await.is_err() {
            return;
        }
    }
}

/// Asks a printer in trouble again, until it is back.
pub(super) async fn watch_printer(station: Station, news: Sender<News>) {
    loop {
        tokio::time::sleep(PRINTER_RECHECK).await;
        if station.printer_problem().is_some() {
            station.recheck_printer().await;
            if news.send(News::Printer(station.printer_problem())).is_err() {
                return;
            }
        }
    }
}
