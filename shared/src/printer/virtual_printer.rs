//! A virtual network printer for the demo and the tests: it listens on a TCP port like a
//! real one (port 9100), answers status requests from a state that tests can set (paper
//! out, cover open), keeps every ticket it receives, and can save each as the raw job and
//! as a PNG decoded from the raster it received.

use std::fs::OpenOptions;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::ticket::Raster;

use super::decode::decode;
use super::status::PrinterStatus;

/// A running virtual printer; it stops when dropped.
pub struct VirtualPrinter {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

#[derive(Default)]
struct Shared {
    status: Mutex<PrinterStatus>,
    tickets: Mutex<Vec<Raster>>,
    save: Option<PathBuf>,
    /// The number of the last ticket saved in `save`, by this run or an earlier one.
    saved: Mutex<u32>,
}

impl VirtualPrinter {
    /// Listens on `listener`; with `save`, writes `ticket-NNNN.bin` and `.png` there,
    /// numbering on from the tickets already in the folder (a restart never overwrites).
    pub fn start(listener: TcpListener, save: Option<PathBuf>) -> std::io::Result<VirtualPrinter> {
        let addr = listener.local_addr()?;
        let saved = save.as_deref().map_or(0, last_saved);
        let shared = Arc::new(Shared {
            save,
            saved: Mutex::new(saved),
            ..Shared::default()
        });
        let serving = shared.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(job(stream, serving.clone()));
            }
        });
        Ok(VirtualPrinter { addr, shared, task })
    }

    /// Where it listens, as `host:port` for `printer.address`.
    pub fn address(&self) -> String {
        self.addr.to_string()
    }

    /// Sets what it answers to status requests (e.g. paper out).
    pub fn set_status(&self, status: PrinterStatus) {
        if let Ok(mut s) = self.shared.status.lock() {
            *s = status;
        }
    }

    /// The tickets received so far, decoded.
    pub fn tickets(&self) -> Vec<Raster> {
        self.shared
            .tickets
            .lock()
            .map(|t| t.clone())
            .unwrap_or_default()
    }
}

impl Drop for VirtualPrinter {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One connection: answer status requests as they come, decode what was printed at the end.
async fn job(mut stream: tokio::net::TcpStream, shared: Arc<Shared>) {
    let mut received = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut answered = 0;
    loop {
        let n = match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        received.extend_from_slice(&buf[..n]);
        let requests = decode(&received).status_requests;
        let status = shared.status.lock().map(|s| *s).unwrap_or_default();
        for n in requests.iter().skip(answered) {
            let reply = status
                .replies()
                .get(usize::from(n.saturating_sub(1)))
                .copied()
                .unwrap_or(0x12);
            if stream.write_all(&[reply]).await.is_err() {
                return;
            }
        }
        answered = requests.len();
    }
    let tickets = decode(&received).tickets;
    let (Ok(mut all), Ok(mut saved)) = (shared.tickets.lock(), shared.saved.lock()) else {
        return;
    };
    for ticket in tickets {
        all.push(ticket.clone());
        if let Some(dir) = &shared.save
            && let Err(e) = save(dir, &mut saved, &ticket, &received)
        {
            tracing::warn!(error = %e, folder = %dir.display(), "virtual printer could not save a ticket");
        }
    }
}

/// Saves a ticket as the next `ticket-NNNN.png` and `.bin` in `dir`; a name already taken
/// (another printer on the same folder) is skipped, never written over.
fn save(dir: &Path, saved: &mut u32, ticket: &Raster, job: &[u8]) -> std::io::Result<()> {
    loop {
        *saved += 1;
        let stem = dir.join(format!("ticket-{:04}", *saved));
        let png = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(stem.with_extension("png"));
        match png {
            Ok(mut file) => {
                file.write_all(&ticket.to_png())?;
                return std::fs::write(stem.with_extension("bin"), job);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// The highest `NNNN` of the `ticket-NNNN.png` or `.bin` files in `dir` (0 if none).
fn last_saved(dir: &Path) -> u32 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(|e| {
            let name = e.ok()?.file_name();
            let name = name.to_str()?;
            let number = name.strip_prefix("ticket-")?;
            let number = number
                .strip_suffix(".png")
                .or_else(|| number.strip_suffix(".bin"))?;
            number.parse::<u32>().ok()
        })
        .max()
        .unwrap_or(0)
}
