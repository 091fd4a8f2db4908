//! The kiosk: issues and prints tickets and hosts the office hub.
//!
//! `kiosk` alone runs the touchscreen, hosting the office hub (one machine is a whole
//! office), or joining one with `--hub URL` (then it needs no office file: it pairs with
//! the hub once, keeps its credential, and runs from the office the hub sends).
//! Installer commands:
//! - `kiosk check-config [PATH]`: validate an office file and summarise it, with the
//!   address the tickets' QR codes open (and a warning when phones cannot open it).
//! - `kiosk hash-pin`: read a clerk PIN on standard input and print its hash for the file
//!   (and say whether it is long enough for an office manager: 6 digits at least).
//! - `kiosk status [--db PATH]`: today's queue as the database holds it.
//! - `kiosk hub [--listen ADDR]`: the hub alone, headless, for offices that keep it on a
//!   server. It prints `hub listening on ADDR` once it accepts connections.
//! - `kiosk test-print [--number A023] [--field VL] [--to FILE]`: a sample ticket on the
//!   configured printer, or into a file with a PNG of it beside.
//! - `kiosk say --number A023 --counter 3 [--recall] [--out call.wav]`: a call's (or a
//!   recall's) words and sound, said `[voice] repeat` times as the displays say it.
//! - `kiosk virtual-printer [--listen 127.0.0.1:9100] [--out DIR]`: a network printer that
//!   saves what it receives, for demos.
//! - `kiosk report [--db office.db] [--from DAY] [--to DAY] [--by field|counter|clerk|hour|day]
//!   [--csv FILE] [--tickets-csv FILE]`: the office's report, as on the reports page.
//! - `kiosk rating-url --counter 3 [--hub URL] [--db office.db]`: the link for that
//!   counter's rating tablet, keyed by the hub's secret in its database.
//! - `kiosk clerk unlock LOGIN [--db office.db]`: the manager lifts a clerk's sign-in lock
//!   (after repeated wrong PINs; docs/sign-in.md), even while the hub runs.
//! - `kiosk api-keys add NAME --scope issue|call|read | list | revoke NAME [--db office.db]`:
//!   the JSON API's named keys (docs/routes.md), even while the hub runs.
//! - `kiosk devices list | approve CODE --role R [--counter N] [--name NAME] | revoke NAME
//!   | add NAME --role R [--counter N] --credential PATH | migrate --out DIR`: the office's
//!   paired devices (docs/devices.md), even while the hub runs.

mod api_keys;
mod app;
mod devices;
mod hub;
mod printing;
mod rating_url;
mod report;
mod say;

use std::io::BufRead;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use shared::config::{Config, pin};
use shared::hub::public_url;
use shared::store::Store;

/// What `hub.office_key` still does, said by `check-config`: integrations and links moved
/// to the JSON API's named keys and the hub's own secret (docs/routes.md).
const OFFICE_KEY_USE: &str = "hub.office_key: opens nothing any more: devices pair with the hub (kiosk devices), the JSON API \
takes named keys (kiosk api-keys add NAME --scope issue|call|read) and the ticket and tablet \
links are keyed by the hub's own secret in its database";

/// Default office file, relative to the working directory.
const DEFAULT_CONFIG: &str = "assets/config/office.toml";

#[derive(Parser)]
#[command(
    version,
    about = "Queue ticket kiosk: the touchscreen, hosting the office hub by default"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Cmd>,
    /// The office file.
    #[arg(long, default_value = DEFAULT_CONFIG)]
    config: PathBuf,
    /// The database of the hub this kiosk hosts.
    #[arg(long, default_value = "office.db")]
    db: PathBuf,
    /// Join this hub (http://HOST:PORT, or `auto` to find it on the LAN) instead of hosting
    /// one; `hub.url` in the office file does the same.
    #[arg(long)]
    hub: Option<String>,
    /// Address the hosted hub listens on (default: hub.listen).
    #[arg(long)]
    listen: Option<String>,
    /// This kiosk's name in the office (asked for when a joining kiosk pairs).
    #[arg(long, default_value = "kiosk-1")]
    device: String,
    /// A joining kiosk's credential file (default: $XDG_STATE_HOME/queue-office/kiosk.json);
    /// without one it pairs with the hub and saves it there. It needs no office file.
    #[arg(long)]
    credential: Option<PathBuf>,
    /// Print to a virtual printer run inside the kiosk that saves each ticket in this
    /// folder as .bin and .png (for demos), instead of the configured printer.
    #[arg(long)]
    virtual_printer: Option<PathBuf>,
    /// Window size such as 1080x1920 (default: full screen).
    #[arg(long, value_parser = shared::window::parse_size)]
    size: Option<(u32, u32)>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Validate an office configuration file and print a summary.
    CheckConfig {
        /// The office file.
        #[arg(default_value = DEFAULT_CONFIG)]
        path: PathBuf,
    },
    /// Hash a clerk PIN (read from standard input) for the `pin_hash` key; an office
    /// manager's needs at least 6 digits.
    HashPin,
    /// Run the hub alone (no touchscreen) until Ctrl-C or SIGTERM.
    Hub {
        /// The office file.
        #[arg(long, default_value = DEFAULT_CONFIG)]
        config: PathBuf,
        /// The database file.
        #[arg(long, default_value = "office.db")]
        db: PathBuf,
        /// Address to listen on instead of `hub.listen` (e.g. 127.0.0.1:0 for any port).
        #[arg(long)]
        listen: Option<String>,
        /// Where to advertise the hub with mDNS: lan, loopback or off (default: lan when
        /// `hub.advertise` is true, else off).
        #[arg(long)]
        mdns: Option<hub::Mdns>,
    },
    /// Print a sample ticket to check the printer (or into a file, with a PNG beside it).
    TestPrint {
        /// The office file.
        #[arg(long, default_value = DEFAULT_CONFIG)]
        config: PathBuf,
        /// Number to print.
        #[arg(long, default_value = "A023")]
        number: String,
        /// Field code whose name is printed.
        #[arg(long, default_value = "VL")]
        field: String,
        /// Write the job to this file instead of the configured printer.
        #[arg(long)]
        to: Option<PathBuf>,
    },
    /// Run a virtual network printer that saves each ticket as .bin and .png.
    VirtualPrinter {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:9100")]
        listen: String,
        /// Folder for the received tickets.
        #[arg(long, default_value = "printed")]
        out: PathBuf,
    },
    /// Say a call as the display would: print its words and write it to a WAV file.
    Say {
        /// The office file.
        #[arg(long, default_value = DEFAULT_CONFIG)]
        config: PathBuf,
        /// Ticket number, e.g. A023.
        #[arg(long)]
        number: String,
        /// Counter number.
        #[arg(long)]
        counter: u16,
        /// Say it as a recall: "Xin mời lại khách hàng số …".
        #[arg(long)]
        recall: bool,
        /// The WAV file to write.
        #[arg(long, default_value = "call.wav")]
        out: PathBuf,
    },
    /// Print the link to open on a counter's rating tablet.
    RatingUrl {
        /// The office file.
        #[arg(long, default_value = DEFAULT_CONFIG)]
        config: PathBuf,
        /// The counter.
        #[arg(long)]
        counter: u16,
        /// The hub's address as the tablet reaches it (default: as the tickets' QR codes:
        /// hub.public_url, hub.url, else this machine's LAN address and hub.listen's port).
        #[arg(long)]
        hub: Option<String>,
        /// The hub's database file, which holds the key of the links (run this on the
        /// machine that hosts the hub; it may be running).
        #[arg(long, default_value = "office.db")]
        db: PathBuf,
    },
    /// Print the office's report for a period (this week by default), or write it as CSV.
    Report {
        /// The office file.
        #[arg(long, default_value = DEFAULT_CONFIG)]
        config: PathBuf,
        /// The database file (read only).
        #[arg(long, default_value = "office.db")]
        db: PathBuf,
        /// First business day, YYYY-MM-DD (default: Monday of the last day's week).
        #[arg(long)]
        from: Option<String>,
        /// Last business day, YYYY-MM-DD (default: today).
        #[arg(long)]
        to: Option<String>,
        /// The table to print and write: field, counter, clerk, hour or day.
        #[arg(long, default_value = "field")]
        by: String,
        /// Write the table as CSV to this file.
        #[arg(long)]
        csv: Option<PathBuf>,
        /// Write every ticket of the period as CSV to this file.
        #[arg(long)]
        tickets_csv: Option<PathBuf>,
        /// Language of the text and CSV headers: vi or en.
        #[arg(long, default_value = "vi")]
        lang: String,
    },
    /// The JSON API's named keys (the manager's commands).
    ApiKeys {
        #[command(subcommand)]
        action: ApiKeyCmd,
    },
    /// The office's devices: pair, list, revoke (the manager's commands).
    Devices {
        #[command(subcommand)]
        action: devices::DevicesCmd,
    },
    /// A clerk's sign-in (the manager's commands).
    Clerk {
        #[command(subcommand)]
        action: ClerkCmd,
    },
    /// Print today's queue from the database.
    Status {
        /// The office file.
        #[arg(long, default_value = DEFAULT_CONFIG)]
        config: PathBuf,
        /// The database file.
        #[arg(long, default_value = "office.db")]
        db: PathBuf,
    },
}

/// What the manager does about a clerk's sign-in.
#[derive(Subcommand)]
enum ClerkCmd {
    /// Lift the lock on a clerk's sign-in after repeated wrong PINs, and forget them.
    Unlock {
        /// The clerk's login, e.g. `mai`.
        login: String,
        /// The office file (the clerk must be in it).
        #[arg(long, default_value = DEFAULT_CONFIG)]
        config: PathBuf,
        /// The database file (the hub may be running on it).
        #[arg(long, default_value = "office.db")]
        db: PathBuf,
    },
}

/// What the manager does about the JSON API's keys.
#[derive(Subcommand)]
enum ApiKeyCmd {
    /// Make a key for an integration; it is printed once.
    Add {
        /// The key's name, e.g. `cong-dich-vu-cong` (a-z, 0-9, - _ .).
        name: String,
        /// What it may do: issue tickets, call the next ticket, or read the state.
        #[arg(long, value_enum)]
        scope: api_keys::ScopeArg,
        /// The database file (the hub may be running on it).
        #[arg(long, default_value = "office.db")]
        db: PathBuf,
    },
    /// List the keys: name, scope, when made (never the key itself).
    List {
        /// The office file (for its time zone).
        #[arg(long, default_value = DEFAULT_CONFIG)]
        config: PathBuf,
        /// The database file.
        #[arg(long, default_value = "office.db")]
        db: PathBuf,
    },
    /// Withdraw a key: it opens nothing from the next request on.
    Revoke {
        /// The key's name.
        name: String,
        /// The database file (the hub may be running on it).
        #[arg(long, default_value = "office.db")]
        db: PathBuf,
    },
}

/// `kiosk clerk unlock`: lifts the lock and logs that the manager did.
fn unlock(login: &str, config: &std::path::Path, db: &std::path::Path) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .init();
    let config = Config::load(config)?;
    let id = shared::model::ClerkId::new(login);
    let clerk = config
        .clerk(&id)
        .with_context(|| format!("there is no clerk \"{login}\" in the office file"))?;
    let unlocked = shared::store::lockout::unlock_file(db, &id)
        .with_context(|| format!("opening {}", db.display()))?;
    if unlocked {
        tracing::info!(clerk = %id, "sign-in unlocked by the office manager");
        println!("Đã mở khoá đăng nhập cho {} ({login}).", clerk.name);
    } else {
        println!("{} ({login}) không bị khoá đăng nhập.", clerk.name);
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let Some(command) = cli.command else {
        tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| "info".into()),
            )
            .init();
        return app::run(app::Options {
            config: cli.config,
            db: cli.db,
            hub: cli.hub,
            listen: cli.listen,
            device: cli.device,
            size: cli.size,
            virtual_printer: cli.virtual_printer,
            credential: cli
                .credential
                .unwrap_or_else(|| shared::client::Credential::default_path("kiosk")),
        });
    };
    match command {
        Cmd::CheckConfig { path } => {
            let config = Config::load(&path)?;
            println!("{}: valid", path.display());
            println!("office: {} ({})", config.name, config.time_zone);
            for f in &config.fields {
                println!(
                    "  {:<7} {}{:0w$}..{}{:0w$}  {}",
                    f.code,
                    f.prefix,
                    f.start,
                    f.prefix,
                    f.end,
                    f.name,
                    w = f.digits as usize
                );
            }
            println!(
                "counters: {}, clerks: {}",
                config.counters.len(),
                config.clerks.len()
            );
            let public = public_url::for_office(&config.hub);
            println!("ticket QR codes: {}/t/...", public.url);
            if let Some(problem) = &public.problem {
                println!("warning: {problem}");
            }
            println!("{OFFICE_KEY_USE}");
            for warning in pin::manager_warnings(&config.clerks) {
                println!("warning: {warning}");
            }
        }
        Cmd::HashPin => {
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .context("reading the PIN")?;
            let typed = line.trim();
            println!("{}", pin::hash(typed)?);
            // Beside the hash, on the error stream, so `$(kiosk hash-pin)` holds the hash only.
            eprintln!("{}", pin::hash_note(typed.len()));
        }
        Cmd::Say {
            config,
            number,
            counter,
            recall,
            out,
        } => say::say(&config, &number, counter, recall, &out)?,
        Cmd::TestPrint {
            config,
            number,
            field,
            to,
        } => printing::test_print(&config, &number, &field, to)?,
        Cmd::VirtualPrinter { listen, out } => printing::virtual_printer(&listen, &out)?,
        Cmd::RatingUrl {
            config,
            counter,
            hub,
            db,
        } => rating_url::print(&config, &db, counter, hub.as_deref())?,
        Cmd::Hub {
            config,
            db,
            listen,
            mdns,
        } => hub::run(&config, &db, listen, mdns)?,
        Cmd::Report {
            config,
            db,
            from,
            to,
            by,
            csv,
            tickets_csv,
            lang,
        } => report::run(report::Options {
            config,
            db,
            from,
            to,
            by,
            csv,
            tickets_csv,
            lang,
        })?,
        Cmd::Clerk {
            action: ClerkCmd::Unlock { login, config, db },
        } => unlock(&login, &config, &db)?,
        Cmd::ApiKeys { action } => {
            tracing_subscriber::fmt()
                .with_writer(std::io::stderr)
                .init();
            match action {
                ApiKeyCmd::Add { name, scope, db } => api_keys::add(&db, &name, scope.into())?,
                ApiKeyCmd::List { config, db } => api_keys::list(&config, &db)?,
                ApiKeyCmd::Revoke { name, db } => api_keys::revoke(&db, &name)?,
            }
        }
        Cmd::Devices { action } => devices::run(action)?,
        Cmd::Status { config, db } => {
            let config = Arc::new(Config::load(&config)?);
            let store = Store::open(&db, config.clone())
                .with_context(|| format!("opening {}", db.display()))?;
            let state = store.engine().state();
            println!(
                "business day: {}",
                state.day.map_or("not started".into(), |d| d.to_string())
            );
            for f in &config.fields {
                let issued = state.fields.get(&f.code).map_or(0, |s| s.issued);
                println!(
                    "  {:<7} issued {:>4}  waiting {:>4}",
                    f.code,
                    issued,
                    state.lines.waiting(&f.code)
                );
            }
        }
    }
    Ok(())
}
