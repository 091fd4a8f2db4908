//! Reaching the configured printer: network (raw TCP 9100), USB device file, serial port or
//! a plain file. Printing asks the printer's status first where it can answer, so a printer
//! out of paper is reported rather than fed a ticket it will lose. Every step has a
//! deadline: a printer that takes the connection and then says nothing is a printer
//! problem like paper out, never a kiosk waiting forever or a ticket lost unnoticed.

use std::fs::OpenOptions;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::path::Path;
use std::time::{Duration, Instant};

use escpos::driver::{Driver, FileDriver, SerialPortDriver};

use crate::config::PrinterConnection;
use crate::ticket::Raster;

use super::job;
use super::status::{PrinterStatus, REQUEST};

/// Time to connect to a network printer.
pub const CONNECT_WAIT: Duration = Duration::from_secs(2);
/// Time a network or serial printer has to answer a status request (ESC/POS printers
/// answer `DLE EOT` at once, even while printing).
pub const STATUS_WAIT: Duration = Duration::from_secs(1);
/// Time a whole ticket may take to hand over (the printer's buffer may fill while it
/// prints; a ticket prints in two or three seconds).
pub const WRITE_WAIT: Duration = Duration::from_secs(10);

/// Why a ticket was not printed. The ticket itself is issued all the same.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrintError {
    /// No printer is configured.
    #[error("no printer is configured")]
    NotConfigured,
    /// The printer could not be reached (unplugged, switched off, wrong address).
    #[error("the printer cannot be reached: {0}")]
    Unreachable(String),
    /// The printer answered that it cannot print.
    #[error("the printer needs staff: {0}")]
    NeedsStaff(&'static str),
    /// The printer took the connection but did not answer or take the ticket in time.
    #[error("the printer does not respond: {0}")]
    NotResponding(String),
    /// The printer stopped taking data part way.
    #[error("printing failed: {0}")]
    Failed(String),
}

impl PrintError {
    /// The same for the office's staff, in Vietnamese.
    pub fn vietnamese(&self) -> String {
        match self {
            PrintError::NotConfigured => "chưa cấu hình máy in".into(),
            PrintError::Unreachable(why) => format!("không kết nối được máy in: {why}"),
            PrintError::NeedsStaff(problem) => format!(
                "máy in cần nhân viên: {}",
                match *problem {
                    "out of paper" => "hết giấy",
                    "cover open" => "nắp máy đang mở",
                    "printer error" => "máy in báo lỗi",
                    "offline" => "máy in ngừng hoạt động",
                    other => other,
                }
            ),
            PrintError::NotResponding(_) => "máy in không phản hồi".into(),
            PrintError::Failed(why) => format!("in bị lỗi giữa chừng: {why}"),
        }
    }
}

/// Prints a ticket on the configured printer.
pub fn print(connection: &PrinterConnection, raster: &Raster) -> Result<(), PrintError> {
    if let Some(problem) = status(connection)?.and_then(|s| s.problem()) {
        return Err(PrintError::NeedsStaff(problem));
    }
    let failed = |e: escpos::errors::PrinterError| PrintError::Failed(e.to_string());
    match connection {
        PrinterConnection::None => Err(PrintError::NotConfigured),
        PrinterConnection::Network { address } => {
            let deadline = Instant::now() + WRITE_WAIT;
            let tcp = Tcp {
                stream: connect(address)?,
                deadline,
            };
            job::send(tcp, raster).map_err(|e| {
                if Instant::now() >= deadline {
                    not_responding(address, "did not take the ticket", WRITE_WAIT)
                } else {
                    failed(e)
                }
            })
        }
        PrinterConnection::Usb { path } => {
            // A device file has no timeout of its own: the job is written on a thread of
            // its own, which a hung printer may keep, and the kiosk goes on without it.
            let (file, raster) = (path.clone(), raster.clone());
            let (done, outcome) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let sent = FileDriver::open(Path::new(&file))
                    .map_err(|e| PrintError::Unreachable(e.to_string()))
                    .and_then(|driver| job::send(driver, &raster).map_err(failed));
                let _ = done.send(sent);
            });
            outcome.recv_timeout(WRITE_WAIT).unwrap_or_else(|_| {
                Err(not_responding(path, "did not take the ticket", WRITE_WAIT))
            })
        }
        PrinterConnection::File { path } => {
            let mut file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| PrintError::Unreachable(format!("{path}: {e}")))?;
            file.write_all(&job::job_bytes(raster))
                .map_err(|e| PrintError::Failed(e.to_string()))
        }
        PrinterConnection::Serial { path, baud } => {
            let driver = SerialPortDriver::open(path, *baud, Some(WRITE_WAIT))
                .map_err(|e| PrintError::Unreachable(e.to_string()))?;
            job::send(driver, raster).map_err(failed)
        }
    }
}

/// The printer's status: network and serial printers must answer within [`STATUS_WAIT`]
/// (silence is [`PrintError::NotResponding`]); USB device files and plain files cannot.
pub fn status(connection: &PrinterConnection) -> Result<Option<PrinterStatus>, PrintError> {
    let mut replies = [0u8; 4];
    let got = match connection {
        PrinterConnection::None => return Err(PrintError::NotConfigured),
        PrinterConnection::Network { address } => {
            let mut stream = connect(address)?;
            stream
                .set_write_timeout(Some(STATUS_WAIT))
                .map_err(|e| PrintError::Failed(e.to_string()))?;
            stream
                .write_all(&REQUEST)
                .map_err(|_| not_responding(address, "took no status request", STATUS_WAIT))?;
            let got = read_up_to(&mut stream, &mut replies, Instant::now() + STATUS_WAIT);
            if got < replies.len() {
                return Err(not_responding(address, "did not answer", STATUS_WAIT));
            }
            got
        }
        PrinterConnection::Serial { path, baud } => {
            let driver = SerialPortDriver::open(path, *baud, Some(STATUS_WAIT))
                .map_err(|e| PrintError::Unreachable(e.to_string()))?;
            driver
                .write(&REQUEST)
                .map_err(|e| PrintError::Failed(e.to_string()))?;
            let mut n = 0;
            while n < replies.len() {
                match driver.read(&mut replies[n..]) {
                    Ok(0) | Err(_) => break,
                    Ok(k) => n += k,
                }
            }
            if n < replies.len() {
                return Err(not_responding(path, "did not answer", STATUS_WAIT));
            }
            n
        }
        PrinterConnection::Usb { .. } | PrinterConnection::File { .. } => 0,
    };
    Ok(if got == replies.len() {
        PrinterStatus::parse(replies)
    } else {
        None
    })
}

/// A printer that kept silent for `waited` while it should have `what`.
fn not_responding(printer: &str, what: &str, waited: Duration) -> PrintError {
    PrintError::NotResponding(format!("{printer} {what} within {waited:?}"))
}

/// Reads until `buf` is full, the printer closes, or `deadline` passes.
fn read_up_to(stream: &mut TcpStream, buf: &mut [u8], deadline: Instant) -> usize {
    let mut n = 0;
    while n < buf.len() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match stream.read(&mut buf[n..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    n
}

fn connect(address: &str) -> Result<TcpStream, PrintError> {
    let unreachable = |e: String| PrintError::Unreachable(format!("{address}: {e}"));
    let addr: SocketAddr = address
        .to_socket_addrs()
        .map_err(|e| unreachable(e.to_string()))?
        .next()
        .ok_or_else(|| unreachable("no address".into()))?;
    let stream =
        TcpStream::connect_timeout(&addr, CONNECT_WAIT).map_err(|e| unreachable(e.to_string()))?;
    let _ = stream.set_nodelay(true);
    Ok(stream)
}

/// A network printer's connection as an escpos driver, whose writes all end by one
/// deadline (escpos's `NetworkDriver` gives each call its own timeout and takes only IP
/// addresses).
struct Tcp {
    stream: TcpStream,
    deadline: Instant,
}

impl Driver for Tcp {
    fn name(&self) -> String {
        format!("network ({:?})", self.stream.peer_addr().ok())
    }
    fn write(&self, mut data: &[u8]) -> escpos::errors::Result<()> {
        while !data.is_empty() {
            let left = self.deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(std::io::Error::from(std::io::ErrorKind::TimedOut).into());
            }
            self.stream.set_write_timeout(Some(left))?;
            match (&self.stream).write(data) {
                Ok(0) => return Err(std::io::Error::from(std::io::ErrorKind::WriteZero).into()),
                Ok(n) => data = &data[n..],
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }
    fn read(&self, buf: &mut [u8]) -> escpos::errors::Result<usize> {
        Ok((&self.stream).read(buf)?)
    }
    fn flush(&self) -> escpos::errors::Result<()> {
        Ok((&self.stream).flush()?)
    }
}
