//! `display`: the waiting room's wall display. It joins the office's hub, shows the calls
//! on a TV and says them aloud.
//!
//! `display [--config PATH] [--hub URL] [--device NAME] [--size 1920x1080]
//! [--voice-out DIR] [--lang vi|en] [--credential PATH]`

use std::path::PathBuf;

use clap::Parser;
use counter::display::Language;
use counter::display::app::{self, Options};

/// Default office file, relative to the working directory.
const DEFAULT_CONFIG: &str = "assets/config/office.toml";

#[derive(Parser)]
#[command(
    version,
    about = "Wall display: the calls on a TV, said aloud in Vietnamese"
)]
struct Cli {
    /// The office file (office key, time zone, voice and display settings).
    #[arg(long, default_value = DEFAULT_CONFIG)]
    config: PathBuf,
    /// The hub, http://HOST:PORT (default: hub.url, else http://127.0.0.1:8080).
    #[arg(long)]
    hub: Option<String>,
    /// This display's name in the office.
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
    /// This device's credential from pairing (default: ~/.local/state/queue-office/display.json).
    #[arg(long)]
    credential: Option<PathBuf>,
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
        config: cli.config,
        hub: cli.hub,
        device: cli.device,
        size: cli.size,
        voice_out: cli.voice_out,
        language: cli.lang,
        credential: cli
            .credential
            .unwrap_or_else(|| shared::client::Credential::default_path("display")),
    })
}
