//! `counter`: the clerk's app at one counter.
//!
//! `counter [--config PATH] [--hub URL] [--counter N] [--device NAME] [--size WxH]
//! [--lang vi|en] [--credential PATH]`. The hub is `--hub`, else `hub.url` of the office
//! file, else the one the device's credential names.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, ValueEnum};
use counter::clerk::app::{self, Options};
use counter::clerk::controller::Language;
use shared::client::Credential;
use shared::config::Config;
use shared::model::CounterId;

/// Default office file, relative to the working directory.
const DEFAULT_CONFIG: &str = "assets/config/office.toml";

#[derive(Parser)]
#[command(
    version,
    about = "The clerk's counter app: call, serve and transfer tickets"
)]
struct Cli {
    /// The office file.
    #[arg(long, default_value = DEFAULT_CONFIG)]
    config: PathBuf,
    /// The hub, http://HOST:PORT (default: hub.url of the office file, else the kiosk on
    /// this machine).
    #[arg(long)]
    hub: Option<String>,
    /// The counter number the login offers first.
    #[arg(long, default_value_t = 1)]
    counter: u16,
    /// This device's name in the office (default: quay-N).
    #[arg(long)]
    device: Option<String>,
    /// Window size such as 1366x768 (default: maximised).
    #[arg(long, value_parser = shared::window::parse_size)]
    size: Option<(u32, u32)>,
    /// Language on start (F12 switches).
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    lang: Lang,
    /// This device's credential from pairing (default: ~/.local/state/queue-office/counter.json).
    #[arg(long)]
    credential: Option<PathBuf>,
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
    let office = Config::load(&cli.config)
        .with_context(|| format!("reading the office file {}", cli.config.display()))?;
    let path = cli
        .credential
        .unwrap_or_else(|| Credential::default_path("counter"));
    let credential = Credential::load(&path)?.with_context(|| {
        format!(
            "this counter is not paired with the office: no credential at {}; on the hub's machine run `kiosk devices add quay-N --role counter --counter N --credential FILE` and copy FILE here (docs/devices.md)",
            path.display()
        )
    })?;
    let hub = cli
        .hub
        .or(office.hub.url.clone())
        .unwrap_or_else(|| credential.hub.clone());
    app::run(Options {
        office: Arc::new(office),
        hub,
        counter: credential.counter.unwrap_or(CounterId(cli.counter)),
        device: cli.device.or(Some(credential.device.clone())),
        token: credential.token,
        hub_certificate: credential.hub_certificate,
        size: cli.size,
        language: match cli.lang {
            Lang::Vi => Language::Vi,
            Lang::En => Language::En,
        },
    })
}
