//! `kiosk api-keys add NAME --scope issue|call|read | list | revoke NAME`: the office
//! manager's named keys of the hub's JSON API (docs/routes.md). They work on the database
//! file, even while the hub runs, and the hub reads the keys on every request: a new key
//! works at once and a withdrawn one stops at once.
//!
//! `add` prints the key alone on standard output, once (the hub keeps only its hash), so
//! that a script can take it; the words for the manager go to standard error.

use std::path::Path;

use anyhow::Context;
use shared::config::Config;
use shared::store::api_keys::{self, Scope};

/// What a key may do, as `--scope` names it.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ScopeArg {
    /// Issue tickets (POST /api/tickets).
    Issue,
    /// Call the next ticket at a counter (POST /api/counters/N/call-next).
    Call,
    /// Read the state (GET /api/state, GET /events).
    Read,
}

impl From<ScopeArg> for Scope {
    fn from(s: ScopeArg) -> Scope {
        match s {
            ScopeArg::Issue => Scope::Issue,
            ScopeArg::Call => Scope::Call,
            ScopeArg::Read => Scope::Read,
        }
    }
}

/// What a scope lets an integration do, in the manager's words.
fn allows(scope: Scope) -> &'static str {
    match scope {
        Scope::Issue => "phát số (POST /api/tickets)",
        Scope::Call => "gọi số tiếp theo ở một quầy (POST /api/counters/N/call-next)",
        Scope::Read => "đọc toàn bộ trạng thái (GET /api/state, GET /events)",
    }
}

/// `kiosk api-keys add`: makes the key and prints it once.
pub fn add(db: &Path, name: &str, scope: Scope) -> anyhow::Result<()> {
    let conn = api_keys::open_file(hub_database(db)?).with_context(|| opening(db))?;
    let key = api_keys::add(&conn, name, scope, chrono::Utc::now())?;
    tracing::info!(
        name,
        scope = scope.name(),
        "API key made by the office manager"
    );
    eprintln!(
        "Đã tạo khoá API \"{name}\", chỉ được {}. Khoá chỉ hiện một lần, dưới đây; \
         hãy lưu ngay vào hệ thống tích hợp (gửi kèm: Authorization: Bearer <khoá>):",
        allows(scope)
    );
    println!("{key}");
    Ok(())
}

/// `kiosk api-keys list`: every key's name, scope and when it was made (never the key).
pub fn list(config: &Path, db: &Path) -> anyhow::Result<()> {
    let conn = api_keys::open_file(hub_database(db)?).with_context(|| opening(db))?;
    let config = Config::load(config)?;
    let keys = api_keys::list(&conn)?;
    if keys.is_empty() {
        println!("Chưa có khoá API nào. Tạo bằng: kiosk api-keys add TÊN --scope issue|call|read");
    }
    for key in keys {
        let made = key.created.with_timezone(&config.time_zone);
        println!(
            "{:<24} {:<6} tạo lúc {}",
            key.name,
            key.scope.name(),
            made.format("%d/%m/%Y %H:%M")
        );
    }
    Ok(())
}

/// `kiosk api-keys revoke`: withdraws the key; refused for a name that has none.
pub fn revoke(db: &Path, name: &str) -> anyhow::Result<()> {
    let conn = api_keys::open_file(hub_database(db)?).with_context(|| opening(db))?;
    if !api_keys::revoke(&conn, name)? {
        anyhow::bail!("không có khoá API nào tên \"{name}\" (xem: kiosk api-keys list)");
    }
    tracing::info!(name, "API key withdrawn by the office manager");
    println!("Đã thu hồi khoá API \"{name}\": từ giờ nó không mở được gì.");
    Ok(())
}

/// The words of a database file that cannot be opened.
fn opening(db: &Path) -> String {
    format!("opening {}", db.display())
}

/// Refuses a database file that does not exist: run in the wrong folder, a manager's
/// command would otherwise make a new, empty office database whose keys no hub reads.
pub fn hub_database(db: &Path) -> anyhow::Result<&Path> {
    if !db.exists() {
        anyhow::bail!(
            "there is no hub database at {}: give the hub's database with --db PATH",
            db.display()
        );
    }
    Ok(db)
}
