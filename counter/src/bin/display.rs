//! `display`: the waiting room's wall display. It joins the office's hub, shows the calls
//! on a TV and says them aloud.
//!
//! `display [--credential PATH] [--hub URL] [--device NAME] [--size 1920x1080]
//! [--voice-out DIR] [--lang vi|en]`. It holds no office file: the hub sends the office
//! with its welcome. With no credential file it shows a pairing code for the office
//! manager, asking the hub at `--hub` (default: the kiosk on this machine).

use std::path::PathBuf;

use clap::Parser;
use counter::display::Language;
use counter::display::app::{self, DEFAULT_HUB, Options};
use shared::client::{Credential, PairRequest};
use shared::gate::Enrolment;
use shared::protocol::Role;

#[derive(Parser)]
#[command(
    version,
    about = "Wall display: the calls on a TV, said aloud in Vietnamese"
)]
struct Cli {
    /// This device's credential file (default: $XDG_STATE_HOME/queue-office/display.json);
    /// without one the display pairs with the hub and saves it there.
    #[arg(long)]
    credential: Option<PathBuf>,
    /// The hub, http://HOST:PORT (default: the credential's, else http://127.0.0.1:8080).
    #[arg(long)]
    hub: Option<String>,
    /// The name this display asks for when it pairs.
    #[arg(long, default_value = "display-1")]
    device: String,
    /// Window size such as 1920x1080 (default: full screen).
    #[arg(long, value_parser = shared::window::parse_size)]
    size: Option<(u32, u32)>,
    /// Write each call as DIR/NNNN-A023-quay-3.wav, in playing order, instead of playing it.
    #[arg(long)]
    voice_out: Option<PathBuf>,
    /// Language of the screen: vi or en.
    #[arg(long, default_value = "vi", value_parser = parse_language)]
    lang: Language,
}

fn parse_language(text: &str) -> Result<Language, String> {
    Language::parse(text).ok_or_else(|| format!("{text:?}: the language is vi or en"))
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    app::run(Options {
        enrolment: Enrolment {
            path: cli
                .credential
                .unwrap_or_else(|| Credential::default_path("display")),
            hub: cli.hub,
            default_hub: DEFAULT_HUB.to_string(),
            request: PairRequest {
                device: cli.device,
                role: Role::Display,
                counter: None,
            },
        },
        size: cli.size,
        voice_out: cli.voice_out,
        language: cli.lang,
    })
}
