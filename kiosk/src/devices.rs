//! `kiosk devices ...`: the office manager pairs, lists and revokes the office's devices,
//! on the database file, while the hub runs (docs/devices.md).

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::{Local, Utc};
use clap::{Subcommand, ValueEnum};
use shared::client::Credential;
use shared::config::Config;
use shared::hub::public_url;
use shared::model::CounterId;
use shared::protocol::Role;
use shared::store::pairing::{self, Approval};
use shared::store::{devices, open_file};

/// Default office file, relative to the working directory.
const DEFAULT_CONFIG: &str = "assets/config/office.toml";

/// What a device is, on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Issues tickets.
    Kiosk,
    /// A clerk's counter.
    Counter,
    /// A wall display.
    Display,
    /// The office manager's tools (the manager's login and PIN are needed as well).
    Admin,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Kiosk => Role::Kiosk,
            RoleArg::Counter => Role::Counter,
            RoleArg::Display => Role::Display,
            RoleArg::Admin => Role::Admin,
        }
    }
}

/// The office file and database every devices command works on.
#[derive(Debug, clap::Args)]
pub struct Files {
    /// The office file.
    #[arg(long, default_value = DEFAULT_CONFIG)]
    config: PathBuf,
    /// The database file (the hub may be running on it).
    #[arg(long, default_value = "office.db")]
    db: PathBuf,
}

/// The manager's commands about devices.
#[derive(Debug, Subcommand)]
pub enum DevicesCmd {
    /// List the paired devices and the codes waiting for approval.
    List {
        #[command(flatten)]
        files: Files,
    },
    /// Approve the pairing code a new device shows.
    Approve {
        /// The code on the device's screen, e.g. "4829 1735".
        code: String,
        /// What the device is (it must be what it asked to be).
        #[arg(long, value_enum)]
        role: RoleArg,
        /// For a counter: its number.
        #[arg(long)]
        counter: Option<u16>,
        /// Its name in the office (default: the name it asked for).
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        files: Files,
    },
    /// Withdraw a device's pairing: it is disconnected at once and refused after.
    Revoke {
        /// The device's name.
        name: String,
        #[command(flatten)]
        files: Files,
    },
    /// Enrol a device without a screen: write its credential file to copy onto it.
    Add {
        /// The device's name, e.g. quay-3.
        name: String,
        /// What the device is.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// For a counter: its number.
        #[arg(long)]
        counter: Option<u16>,
        /// Where to write the credential.
        #[arg(long)]
        credential: PathBuf,
        /// The hub's address as the device reaches it (default: as the tickets' QR codes).
        #[arg(long)]
        hub: Option<String>,
        #[command(flatten)]
        files: Files,
    },
    /// Once, for an office that used the shared office key: a credential file for every
    /// counter in the office file (quay-N), and for kiosk-1.. and display-1.., into a folder.
    Migrate {
        /// The folder for the credential files.
        #[arg(long)]
        out: PathBuf,
        /// How many kiosks join the hub from other machines (kiosk-1, kiosk-2, ...).
        #[arg(long, default_value_t = 0)]
        kiosks: u16,
        /// How many wall displays (display-1, display-2, ...).
        #[arg(long, default_value_t = 1)]
        displays: u16,
        /// The hub's address as the devices reach it (default: as the tickets' QR codes).
        #[arg(long)]
        hub: Option<String>,
        #[command(flatten)]
        files: Files,
    },
}

/// Runs a devices command.
pub fn run(command: DevicesCmd) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .init();
    match command {
        DevicesCmd::List { files } => list(&files),
        DevicesCmd::Approve {
            code,
            role,
            counter,
            name,
            files,
        } => {
            let config = Config::load(&files.config)?;
            let counter = counter_in(&config, role.into(), counter)?;
            let mut conn = open(&files.db)?;
            let approval = Approval {
                role: role.into(),
                counter,
                name,
            };
            let device = pairing::approve(&mut conn, &code, &approval, Utc::now())?;
            tracing::info!(device = %device.name, role = device.role.as_str(), "device pairing approved by the office manager");
            println!(
                "Đã duyệt ghép nối {}.",
                describe(&device.name, device.role, device.counter)
            );
            Ok(())
        }
        DevicesCmd::Revoke { name, files } => {
            let conn = open(&files.db)?;
            if devices::revoke(&conn, &name, Utc::now())? {
                tracing::info!(device = %name, "device pairing withdrawn by the office manager");
                println!("Đã thu hồi ghép nối của {name}; thiết bị bị ngắt kết nối ngay.");
            } else {
                bail!("no paired device is named {name:?}; `kiosk devices list` shows them");
            }
            Ok(())
        }
        DevicesCmd::Add {
            name,
            role,
            counter,
            credential,
            hub,
            files,
        } => {
            let config = Config::load(&files.config)?;
            let counter = counter_in(&config, role.into(), counter)?;
            let conn = open(&files.db)?;
            let hub = hub.unwrap_or_else(|| public_url::for_office(&config.hub).url);
            enrol(&conn, &hub, &name, role.into(), counter, &credential)?;
            println!(
                "Đã ghép nối {}; chép {} sang thiết bị.",
                describe(&name, role.into(), counter),
                credential.display()
            );
            Ok(())
        }
        DevicesCmd::Migrate {
            out,
            kiosks,
            displays,
            hub,
            files,
        } => migrate(&files, &out, kiosks, displays, hub),
    }
}

fn open(db: &Path) -> anyhow::Result<shared::store::Connection> {
    open_file(db).with_context(|| format!("opening {}", db.display()))
}

/// The counter, checked against the office file; none for other roles.
fn counter_in(
    config: &Config,
    role: Role,
    counter: Option<u16>,
) -> anyhow::Result<Option<CounterId>> {
    let counter = counter.map(CounterId);
    devices::check_shape(role, counter)?;
    if let Some(c) = counter
        && config.counter(c).is_none()
    {
        bail!("counter {c} is not in the office file");
    }
    Ok(counter)
}

/// Adds the device and writes its credential file.
fn enrol(
    conn: &shared::store::Connection,
    hub: &str,
    name: &str,
    role: Role,
    counter: Option<CounterId>,
    path: &Path,
) -> anyhow::Result<()> {
    let token = devices::add(conn, name, role, counter, Utc::now())?;
    let credential = Credential {
        hub: hub.to_string(),
        device: name.to_string(),
        role,
        counter,
        token,
        hub_certificate: None,
    };
    if let Err(e) = credential.save(path) {
        // A token nobody holds is no use: take it back.
        let _ = devices::revoke(conn, name, Utc::now());
        return Err(e).with_context(|| format!("writing {}", path.display()));
    }
    tracing::info!(device = %name, role = role.as_str(), "device enrolled by the office manager");
    Ok(())
}

fn describe(name: &str, role: Role, counter: Option<CounterId>) -> String {
    let what = match role {
        Role::Kiosk => "máy phát số".to_string(),
        Role::Counter => format!("quầy {}", counter.map_or(0, |c| c.0)),
        Role::Display => "màn hình".to_string(),
        Role::Admin => "công cụ quản lý".to_string(),
    };
    format!("{name} ({what})")
}

fn list(files: &Files) -> anyhow::Result<()> {
    let conn = open(&files.db)?;
    let now = Utc::now();
    let time =
        |t: chrono::DateTime<Utc>| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string();
    println!("Thiết bị đã ghép nối:");
    let paired = devices::list(&conn)?;
    if paired.is_empty() {
        println!("  (chưa có)");
    }
    for d in paired {
        let state = match d.revoked_at {
            Some(at) => format!("đã thu hồi {}", time(at)),
            None => format!("từ {}", time(d.approved_at)),
        };
        println!("  {:<24} {}", describe(&d.name, d.role, d.counter), state);
    }
    let waiting = pairing::waiting(&conn, now)?;
    if !waiting.is_empty() {
        println!("Đang chờ duyệt:");
    }
    for r in waiting {
        let left = (r.expires_at - now).num_minutes() + 1;
        println!(
            "  {}  {:<24} từ {}, còn {left} phút",
            pairing::shown(&r.code),
            describe(&r.asked.device, r.asked.role, r.asked.counter),
            r.address
        );
    }
    Ok(())
}

/// Credential files for the devices of an office that used the shared key: one per counter
/// of the office file, kiosk and display, named as the apps name themselves by default.
fn migrate(
    files: &Files,
    out: &Path,
    kiosks: u16,
    displays: u16,
    hub: Option<String>,
) -> anyhow::Result<()> {
    let config = Config::load(&files.config)?;
    let conn = open(&files.db)?;
    let hub = hub.unwrap_or_else(|| public_url::for_office(&config.hub).url);
    let wanted = config
        .counters
        .iter()
        .map(|c| (format!("quay-{}", c.id), Role::Counter, Some(c.id)))
        .chain((1..=kiosks).map(|n| (format!("kiosk-{n}"), Role::Kiosk, None)))
        .chain((1..=displays).map(|n| (format!("display-{n}"), Role::Display, None)));
    let paired: Vec<String> = devices::list(&conn)?
        .into_iter()
        .filter(|d| d.revoked_at.is_none())
        .map(|d| d.name)
        .collect();
    for (name, role, counter) in wanted {
        if paired.contains(&name) {
            println!("  {name}: đã ghép nối, bỏ qua");
            continue;
        }
        let path = out.join(format!("{name}.json"));
        enrol(&conn, &hub, &name, role, counter, &path)?;
        println!(
            "  {}: {} → chép sang thiết bị, --credential {}",
            describe(&name, role, counter),
            path.display(),
            path.file_name()
                .map_or(String::new(), |f| f.to_string_lossy().into_owned())
        );
    }
    println!("Xong. Khoá chung của văn phòng không còn mở được kết nối của thiết bị nào.");
    Ok(())
}
