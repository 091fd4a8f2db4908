//! The office configuration: one TOML file, read once at start-up and validated whole.
//!
//! Every refusal names the file, the line and the key, e.g.
//! `office.toml:14: fields[2].prefix: "A" is already the prefix of field VL`.

mod file;
mod locate;
pub mod pin;
mod validate;

use std::path::Path;

use chrono::NaiveTime;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::model::{ClerkId, CounterId, FieldCode};

pub use file::{
    FileClerk, FileCounter, FileDisplay, FileField, FileHub, FileOffice, FilePrinter, FileQueue,
    FileVoice, OfficeFile,
};

/// A configuration that could not be used, with where the problem is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read at all.
    #[error("{path}: cannot read the configuration: {reason}")]
    Read {
        /// The file's path as given.
        path: String,
        /// What the operating system said.
        reason: String,
    },
    /// The file was read, but a value in it is wrong.
    #[error("{path}:{line}: {key}: {message}")]
    Invalid {
        /// The file's path as given.
        path: String,
        /// 1-based line of the offending key or table.
        line: usize,
        /// Dotted path of the key, e.g. `fields[2].prefix`.
        key: String,
        /// What is wrong and what is expected.
        message: String,
    },
}

/// A validated office: everything the engine, the hub and the apps need to know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// Office name in Vietnamese, shown on every screen and ticket.
    pub name: String,
    /// Office name in English.
    pub name_en: String,
    /// Short line printed at the foot of tickets.
    pub ticket_footer: String,
    /// The same for English tickets (the Vietnamese line when the office gives none).
    #[serde(default)]
    pub ticket_footer_en: String,
    /// Time zone of the office (default Asia/Ho_Chi_Minh).
    pub time_zone: Tz,
    /// Local time at which numbering starts again each day.
    pub day_starts_at: NaiveTime,
    /// Waiting time the office promises, in minutes (15 by default).
    pub target_minutes: u32,
    /// Breaks in the day when counters stop calling (lunch), in order; the estimated wait
    /// of a ticket taken before one includes it.
    #[serde(default)]
    pub breaks: Vec<Break>,
    /// Queue rules used by the engine.
    pub queue: QueueRules,
    /// Fields (services) in the order the kiosk shows them.
    pub fields: Vec<FieldConfig>,
    /// Counters of the office.
    pub counters: Vec<CounterConfig>,
    /// Clerks allowed to log in at a counter.
    pub clerks: Vec<ClerkConfig>,
    /// Ticket printer of the kiosk.
    pub printer: PrinterConfig,
    /// Voice announcements of the display.
    pub voice: VoiceConfig,
    /// The wall display.
    pub display: DisplayConfig,
    /// Where the hub listens or is found.
    pub hub: HubConfig,
}

/// The rules of calling, numbering and no-shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueRules {
    /// How many regular tickets a counter may call in a row while a priority ticket waits
    /// (0: priority tickets always first).
    pub regular_per_priority: u32,
    /// A ticket waiting this long is called before everyone else (0: never).
    pub max_wait_minutes: u32,
    /// How many recalls before a called ticket becomes a no-show.
    pub max_recalls: u32,
    /// How long after a no-show the ticket may be brought back.
    pub no_show_return_minutes: u32,
    /// Service time assumed for a field before any ticket of it has been served.
    pub default_service_minutes: u32,
    /// How long after service a citizen may still rate it.
    #[serde(default = "default_rating_minutes")]
    pub rating_minutes: u32,
}

fn default_rating_minutes() -> u32 {
    30
}

/// One field (service) of the office with its numbering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldConfig {
    /// Short code, e.g. `VL`.
    pub code: FieldCode,
    /// Vietnamese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Printed before the number: letters or a digit.
    pub prefix: String,
    /// First number of the range.
    pub start: u32,
    /// Last number of the range.
    pub end: u32,
    /// Digits the number is padded to (`A023` has 3).
    pub digits: u32,
    /// After `end`, start again at `start` (skipping numbers still in the queue).
    pub wrap: bool,
    /// At most this many tickets a day (None: no limit beyond the range).
    pub daily_limit: Option<u32>,
}

impl FieldConfig {
    /// The number as people see it: prefix and zero-padded number, e.g. `A023`.
    pub fn display(&self, number: u32) -> String {
        format!(
            "{}{:0width$}",
            self.prefix,
            number,
            width = self.digits as usize
        )
    }
}

/// One counter (desk) of the office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CounterConfig {
    /// Counter number shown to citizens.
    pub id: CounterId,
    /// Fields served by default, in order of preference.
    pub fields: Vec<FieldCode>,
}

/// A clerk who may log in at a counter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClerkConfig {
    /// Login name.
    pub id: ClerkId,
    /// Full name.
    pub name: String,
    /// Argon2 hash of the PIN (`kiosk hash-pin` makes one).
    pub pin_hash: String,
    /// May use the manager's console (the admin role).
    #[serde(default)]
    pub admin: bool,
}

/// How the kiosk reaches its printer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "connection")]
pub enum PrinterConnection {
    /// No printer: numbers are only shown on screen.
    None,
    /// A network printer (raw TCP, usually port 9100).
    Network {
        /// host:port
        address: String,
    },
    /// A USB printer through its device file (e.g. `/dev/usb/lp0`).
    Usb {
        /// Device path.
        path: String,
    },
    /// A serial printer.
    Serial {
        /// Device path, e.g. `/dev/ttyUSB0`.
        path: String,
        /// Baud rate.
        baud: u32,
    },
    /// Write each job to a file (for checking a layout).
    File {
        /// File path.
        path: String,
    },
}

/// The kiosk's ticket printer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrinterConfig {
    /// How it is connected.
    pub connection: PrinterConnection,
    /// Paper width in millimetres: 58 (384 dots) or 80 (576 dots).
    pub paper_mm: u32,
}

impl PrinterConfig {
    /// Printable width in dots for the paper.
    pub fn width_dots(&self) -> u32 {
        if self.paper_mm == 58 { 384 } else { 576 }
    }
}

/// How numbers are read aloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NumberStyle {
    /// "A không hai mươi ba": the prefix, then each leading zero, then the number.
    Digits,
    /// "A hai mươi ba": the prefix and the number as a whole.
    Whole,
}

/// Voice announcements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoiceConfig {
    /// Announce calls at all.
    pub enabled: bool,
    /// Volume from 0.0 to 1.0.
    pub volume: f32,
    /// Folder of recorded clips.
    pub pack: String,
    /// How the ticket number is read.
    pub number_style: NumberStyle,
    /// Word for an empty tens place: "linh" (north) or "lẻ" (south).
    pub zero_tens: String,
    /// Word for thousand: "nghìn" (north) or "ngàn" (south).
    pub thousand: String,
    /// How many times each call is said in a row (1 to 3): a citizen who missed the first
    /// reading hears the second.
    #[serde(default = "once")]
    pub repeat: u8,
}

fn once() -> u8 {
    1
}

/// A break in the office's day, in local time: counters stop calling from `start` to `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Break {
    /// When counters stop calling.
    pub start: NaiveTime,
    /// When they call again.
    pub end: NaiveTime,
}

/// The wall display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayConfig {
    /// A notice scrolling along the bottom (empty for none).
    pub notice: String,
    /// The notice in English (empty: English displays show `notice`).
    #[serde(default)]
    pub notice_en: String,
    /// Seconds the latest call stays highlighted.
    pub highlight_seconds: u32,
    /// How many recent calls are listed.
    pub recent_calls: u32,
}

/// Where the hub listens and how devices join it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubConfig {
    /// Address the embedded or headless hub binds.
    pub listen: String,
    /// Join this hub instead of discovering one (kiosk, counter, display).
    pub url: Option<String>,
    /// The hub's address as phones on the office LAN open it, for the tickets' QR codes
    /// (default: chosen from the machine's network interfaces).
    #[serde(default)]
    pub public_url: Option<String>,
    /// Shared secret every device presents when it joins.
    pub office_key: String,
    /// Advertise the hub on the LAN with mDNS.
    pub advertise: bool,
    /// The office's own TLS certificate (PEM, the hub's first, then its chain), relative
    /// paths from the office file's folder; none: the hub makes and keeps its own.
    #[serde(default)]
    pub tls_certificate: Option<std::path::PathBuf>,
    /// The private key of `tls_certificate` (PEM).
    #[serde(default)]
    pub tls_key: Option<std::path::PathBuf>,
}

impl Config {
    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
        Config::parse(&shown, &text)
    }

    /// Validates configuration text; `path` is only used in messages.
    pub fn parse(path: &str, text: &str) -> Result<Config, ConfigError> {
        let file: OfficeFile = toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            let key = locate::key_at(text, offset);
            ConfigError::Invalid {
                path: path.to_string(),
                line: locate::line_of(text, offset),
                key: if key.is_empty() {
                    "top level".to_string()
                } else {
                    key
                },
                message: plain(e.message()),
            }
        })?;
        let folder = Path::new(path).parent().unwrap_or(Path::new(""));
        validate::validate(file, folder).map_err(|e| e.into_error(path, text))
    }

    /// The office as other devices may see it: PIN hashes and the office key removed.
    pub fn public(&self) -> Config {
        let mut public = self.clone();
        public.clerks.iter_mut().for_each(|c| c.pin_hash.clear());
        public.hub.office_key.clear();
        public
    }

    /// The field with this code.
    pub fn field(&self, code: &FieldCode) -> Option<&FieldConfig> {
        self.fields.iter().find(|f| &f.code == code)
    }

    /// The counter with this number.
    pub fn counter(&self, id: CounterId) -> Option<&CounterConfig> {
        self.counters.iter().find(|c| c.id == id)
    }

    /// The clerk with this login.
    pub fn clerk(&self, id: &ClerkId) -> Option<&ClerkConfig> {
        self.clerks.iter().find(|c| &c.id == id)
    }
}

/// A TOML message in the words of this file: what serde calls a field is a key here (a field
/// is a service of the office), and numbers are not named by their Rust types.
fn plain(message: &str) -> String {
    message
        .trim()
        .replace("unknown field `", "unknown key `")
        .replace("missing field `", "missing key `")
        .replace("expected u32", "expected a whole number of 0 or more")
        .replace("expected f32", "expected a number")
}
