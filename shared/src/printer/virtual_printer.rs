//! A virtual network printer for the demo and the tests: it listens on a TCP port like a
//! real one (port 9100), answers status requests from a state that tests can set (paper
//! out, cover open), keeps every ticket it receives, and can save each as the raw job and
//! as a PNG decoded from the raster it received.

use std::net::SocketAddr;
use std::path::PathBuf;
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
}

impl VirtualPrinter {
    /// Listens on `listener`; with `save`, writes `ticket-NNNN.bin` and `.png` there.
    pub fn start(listener: TcpListener, save: Option<PathBuf>) -> std::io::Result<VirtualPrinter> {
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            save,
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
    let Ok(mut all) = shared.tickets.lock() else {
        return;
    };
    for ticket in tickets {
        all.push(ticket.clone());
        if let Some(dir) = &shared.save {
            let stem = dir.join(format!("ticket-{:04}", all.len()));
            let _ = std::fs::write(stem.with_extension("png"), ticket.to_png());
            let _ = std::fs::write(stem.with_extension("bin"), &received);
        }
    }
}
