//! The real hub binary (`kiosk hub`) as a child process on `127.0.0.1`, killed when dropped.
//!
//! Shared by the load generator and the `hub_kill` test (which includes this file with
//! `#[path]`): both need the hub in its own process, to kill it or to read its memory.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{Context, bail};

/// How long the hub may take to print its address.
const START_LIMIT: Duration = Duration::from_secs(30);

/// The `kiosk` binary beside the running executable's profile folder: `target/<profile>/kiosk`
/// for a binary in `target/<profile>/` or a test in `target/<profile>/deps/`.
pub fn kiosk_binary() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe().context("locating the running executable")?;
    let mut folder = exe.parent().context("the executable has no folder")?;
    if folder.file_name().is_some_and(|n| n == "deps") {
        folder = folder.parent().context("deps has no parent folder")?;
    }
    let kiosk = folder.join(format!("kiosk{}", std::env::consts::EXE_SUFFIX));
    if !kiosk.is_file() {
        bail!(
            "{} is missing: build it first (cargo build --workspace --bins, with --release for a release run)",
            kiosk.display()
        );
    }
    Ok(kiosk)
}

/// A running `kiosk hub` child. Dropping it kills the process (SIGKILL) and reaps it.
pub struct HubProcess {
    child: Child,
    /// Where the hub listens.
    pub addr: SocketAddr,
    log: PathBuf,
}

impl HubProcess {
    /// Starts `kiosk hub --config CONFIG --db DB --listen 127.0.0.1:0`, with its log in
    /// `log`, and waits for its `hub listening on ADDR` line.
    pub fn start(config: &Path, db: &Path, log: &Path) -> anyhow::Result<HubProcess> {
        Self::start_binary(&kiosk_binary()?, config, db, log)
    }

    /// [`HubProcess::start`] with the `kiosk` binary at `kiosk` (another build, to compare).
    pub fn start_binary(
        kiosk: &Path,
        config: &Path,
        db: &Path,
        log: &Path,
    ) -> anyhow::Result<HubProcess> {
        let log_file =
            std::fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
        let mut child = Command::new(kiosk)
            .arg("hub")
            .arg("--config")
            .arg(config)
            .arg("--db")
            .arg(db)
            .args(["--listen", "127.0.0.1:0"])
            .env(
                "RUST_LOG",
                std::env::var("HUB_LOG").unwrap_or_else(|_| "info".into()),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .with_context(|| format!("starting {}", kiosk.display()))?;
        let stdout = child.stdout.take().context("no stdout pipe")?;
        let (tx, rx) = mpsc::channel();
        // Keeps reading to the end so that the hub never writes into a closed pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(addr) = line.strip_prefix("hub listening on ") {
                    let _ = tx.send(addr.trim().to_string());
                }
            }
        });
        // From here on the guard kills the child on every early return.
        let mut hub = HubProcess {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            log: log.to_path_buf(),
        };
        let addr = match rx.recv_timeout(START_LIMIT) {
            Ok(addr) => addr,
            Err(_) => bail!(
                "the hub printed no address within {START_LIMIT:?}; its log:\n{}",
                hub.log_text()
            ),
        };
        hub.addr = addr
            .parse()
            .with_context(|| format!("hub address {addr:?}"))?;
        Ok(hub)
    }

    /// `http://127.0.0.1:PORT`, the URL clients take.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What the hub wrote to its log so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Kills the hub with SIGKILL (no chance to flush or close anything) and reaps it.
    pub fn kill(&mut self) -> anyhow::Result<()> {
        self.child.kill().context("sending SIGKILL to the hub")?;
        self.child.wait().context("reaping the hub")?;
        Ok(())
    }

    /// Whether the process has exited, with its status if so.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }
}

impl Drop for HubProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `VmRSS` and `VmHWM` (peak) of a process, in kB, from `/proc/<pid>/status`.
pub fn memory_kb(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}
