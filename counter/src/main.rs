//! `counter`: the clerk's app at one counter.
//!
//! `counter [--credential PATH] [--hub URL] [--counter N] [--device NAME] [--size WxH]
//! [--lang vi|en]`. It holds no office file: the hub sends the office (without secrets)
//! when it welcomes the device. With no credential file it shows a pairing code for the
//! office manager, asking the hub at `--hub` (default: the kiosk on this machine,
//! http://127.0.0.1:8080) to make it counter `--counter`.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};
use counter::clerk::app::{self, Options};
use counter::clerk::controller::Language;
use shared::client::{Credential, PairRequest};
use shared::gate::Enrolment;
use shared::model::CounterId;
use shared::protocol::Role;
/// The kiosk hosts the hub on this machine by default.
const DEFAULT_HUB: &str = "http://127.0.0.1:8080";

#[derive(Parser)]
#[command(
    version,
    about = "The clerk's counter app: call, serve and transfer tickets"
)]
struct Cli {
    /// This device's credential file (default: $XDG_STATE_HOME/queue-office/counter.json);
    /// without one the app pairs with the hub and saves it there.
    #[arg(long)]
    credential: Option<PathBuf>,
    /// The hub, http://HOST:PORT (default: the credential's, else the kiosk on this machine).
    #[arg(long)]
    hub: Option<String>,
    /// The counter this device asks to be when it pairs (the manager may give another).
    #[arg(long, default_value_t = 1)]
    counter: u16,
    /// The name this device asks for when it pairs (default: quay-N).
    #[arg(long)]
    device: Option<String>,
    /// Window size such as 1366x768 (default: maximised).
    #[arg(long, value_parser = shared::window::parse_size)]
    size: Option<(u32, u32)>,
    /// Language on start (F12 switches).
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    lang: Lang,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Lang {
    /// Vietnamese.
    Vi,
    /// English.
    En,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let counter = CounterId(cli.counter);
    app::run(Options {
        enrolment: Enrolment {
            path: cli
                .credential
                .unwrap_or_else(|| Credential::default_path("counter")),
            hub: cli.hub,
            default_hub: DEFAULT_HUB.to_string(),
            request: PairRequest {
                device: cli.device.unwrap_or_else(|| format!("quay-{counter}")),
                role: Role::Counter,
                counter: Some(counter),
            },
        },
        size: cli.size,
        language: match cli.lang {
            Lang::Vi => Language::Vi,
            Lang::En => Language::En,
        },
    })
}
