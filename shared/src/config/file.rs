//! The configuration file exactly as written, before validation.
//!
//! Values that validation may refuse are kept `Spanned`, so an error can point at the line.

use serde::Deserialize;
use toml::Spanned;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeFile {
    /// `[office]`
    pub office: FileOffice,
    /// `[queue]`
    #[serde(default)]
    pub queue: FileQueue,
    /// `[[fields]]`
    pub fields: Spanned<Vec<FileField>>,
    /// `[[counters]]`
    pub counters: Spanned<Vec<FileCounter>>,
    /// `[[clerks]]`
    #[serde(default)]
    pub clerks: Vec<FileClerk>,
    /// `[printer]`
    #[serde(default)]
    pub printer: FilePrinter,
    /// `[voice]`
    #[serde(default)]
    pub voice: FileVoice,
    /// `[display]`
    #[serde(default)]
    pub display: FileDisplay,
    /// `[hub]`
    pub hub: FileHub,
}

/// `[office]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileOffice {
    /// Vietnamese name.
    pub name: Spanned<String>,
    /// English name.
    pub name_en: Option<String>,
    /// Footer line of tickets.
    #[serde(default)]
    pub ticket_footer: String,
    /// Footer line of English tickets.
    pub ticket_footer_en: Option<String>,
    /// IANA time zone.
    #[serde(default = "default_time_zone")]
    pub time_zone: Spanned<String>,
    /// `HH:MM` local time of the daily reset.
    #[serde(default = "default_day_start")]
    pub day_starts_at: Spanned<String>,
    /// Promised wait in minutes.
    #[serde(default = "default_target")]
    pub target_minutes: Spanned<u32>,
    /// Breaks in the day as `HH:MM-HH:MM`.
    #[serde(default = "no_breaks")]
    pub breaks: Spanned<Vec<String>>,
}

fn default_time_zone() -> Spanned<String> {
    Spanned::new(0..0, "Asia/Ho_Chi_Minh".to_string())
}
fn default_day_start() -> Spanned<String> {
    Spanned::new(0..0, "00:00".to_string())
}
fn default_target() -> Spanned<u32> {
    Spanned::new(0..0, 15)
}
fn no_breaks() -> Spanned<Vec<String>> {
    Spanned::new(0..0, Vec::new())
}

/// `[queue]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FileQueue {
    /// Regular calls allowed in a row while a priority ticket waits.
    pub regular_per_priority: u32,
    /// Maximum wait before a ticket is lifted ahead.
    pub max_wait_minutes: u32,
    /// Recalls before a no-show.
    pub max_recalls: Spanned<u32>,
    /// Window to bring back a no-show.
    pub no_show_return_minutes: u32,
    /// Assumed service time with no history.
    pub default_service_minutes: Spanned<u32>,
    /// How long after service a citizen may rate it.
    pub rating_minutes: Spanned<u32>,
}

impl Default for FileQueue {
    fn default() -> Self {
        FileQueue {
            regular_per_priority: 3,
            max_wait_minutes: 60,
            max_recalls: Spanned::new(0..0, 3),
            no_show_return_minutes: 30,
            default_service_minutes: Spanned::new(0..0, 6),
            rating_minutes: Spanned::new(0..0, 30),
        }
    }
}

/// `[[fields]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileField {
    /// Short code.
    pub code: Spanned<String>,
    /// Vietnamese name.
    pub name: Spanned<String>,
    /// English name.
    pub name_en: Option<String>,
    /// Number prefix.
    pub prefix: Spanned<String>,
    /// First number.
    #[serde(default = "default_start")]
    pub start: Spanned<u32>,
    /// Last number.
    #[serde(default = "default_end")]
    pub end: Spanned<u32>,
    /// Padding digits.
    #[serde(default = "default_digits")]
    pub digits: Spanned<u32>,
    /// Wrap after the last number.
    #[serde(default = "default_true")]
    pub wrap: bool,
    /// Tickets a day at most.
    pub daily_limit: Option<Spanned<u32>>,
}

fn default_start() -> Spanned<u32> {
    Spanned::new(0..0, 1)
}
fn default_end() -> Spanned<u32> {
    Spanned::new(0..0, 999)
}
fn default_digits() -> Spanned<u32> {
    Spanned::new(0..0, 3)
}
fn default_true() -> bool {
    true
}

/// `[[counters]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileCounter {
    /// Counter number.
    pub number: Spanned<u32>,
    /// Default fields in order of preference.
    pub fields: Spanned<Vec<Spanned<String>>>,
}

/// `[[clerks]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileClerk {
    /// Login.
    pub id: Spanned<String>,
    /// Full name.
    pub name: String,
    /// May use the manager's console.
    #[serde(default)]
    pub admin: bool,
    /// Argon2 PHC string.
    pub pin_hash: Spanned<String>,
}

/// `[printer]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilePrinter {
    /// none, network, usb, serial or file.
    #[serde(default = "default_connection")]
    pub connection: Spanned<String>,
    /// host:port for a network printer.
    pub address: Option<Spanned<String>>,
    /// Device or file path.
    pub path: Option<Spanned<String>>,
    /// Serial speed.
    pub baud: Option<u32>,
    /// 58 or 80.
    #[serde(default = "default_paper")]
    pub paper_mm: Spanned<u32>,
}

fn default_connection() -> Spanned<String> {
    Spanned::new(0..0, "none".to_string())
}
fn default_paper() -> Spanned<u32> {
    Spanned::new(0..0, 80)
}

impl Default for FilePrinter {
    fn default() -> Self {
        FilePrinter {
            connection: default_connection(),
            address: None,
            path: None,
            baud: None,
            paper_mm: default_paper(),
        }
    }
}

/// `[voice]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FileVoice {
    /// Announce calls.
    pub enabled: bool,
    /// 0.0 to 1.0.
    pub volume: Spanned<f32>,
    /// Clip folder.
    pub pack: String,
    /// digits or whole.
    pub number_style: Spanned<String>,
    /// linh or lẻ.
    pub zero_tens: Spanned<String>,
    /// nghìn or ngàn.
    pub thousand: Spanned<String>,
    /// Times each call is said, 1 to 3.
    pub repeat: Spanned<u8>,
}

impl Default for FileVoice {
    fn default() -> Self {
        FileVoice {
            enabled: true,
            volume: Spanned::new(0..0, 1.0),
            pack: "assets/voice/vi".to_string(),
            number_style: Spanned::new(0..0, "digits".to_string()),
            zero_tens: Spanned::new(0..0, "linh".to_string()),
            thousand: Spanned::new(0..0, "nghìn".to_string()),
            repeat: Spanned::new(0..0, 1),
        }
    }
}

/// `[display]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FileDisplay {
    /// The scrolling notice line.
    pub notice: String,
    /// The notice in English; empty to show `notice` on English displays too.
    pub notice_en: String,
    /// Seconds the latest call stays highlighted.
    pub highlight_seconds: Spanned<u32>,
    /// Recent calls listed.
    pub recent_calls: Spanned<u32>,
}

impl Default for FileDisplay {
    fn default() -> Self {
        FileDisplay {
            notice: String::new(),
            notice_en: String::new(),
            highlight_seconds: Spanned::new(0..0, 8),
            recent_calls: Spanned::new(0..0, 8),
        }
    }
}

/// `[hub]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileHub {
    /// Bind address.
    #[serde(default = "default_listen")]
    pub listen: Spanned<String>,
    /// Hub to join.
    pub url: Option<Spanned<String>>,
    /// The hub's address as phones open it.
    pub public_url: Option<Spanned<String>>,
    /// Shared secret.
    pub office_key: Spanned<String>,
    /// mDNS advertising.
    #[serde(default = "default_true")]
    pub advertise: bool,
    /// The office's own TLS certificate file (PEM).
    pub tls_certificate: Option<Spanned<String>>,
    /// Its private key file (PEM).
    pub tls_key: Option<Spanned<String>>,
}

fn default_listen() -> Spanned<String> {
    Spanned::new(0..0, "0.0.0.0:8080".to_string())
}
