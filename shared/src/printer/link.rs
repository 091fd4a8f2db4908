//! Reaching the configured printer: network (raw TCP 9100), USB device file, serial port or
//! a plain file. Printing asks the printer's status first where it can answer, so a printer
//! out of paper is reported rather than fed a ticket it will lose.

use std::fs::OpenOptions;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::path::Path;
use std::time::Duration;

use escpos::driver::{Driver, FileDriver, SerialPortDriver};

use crate::config::PrinterConnection;
use crate::ticket::Raster;

use super::job;
use super::status::{PrinterStatus, REQUEST};

/// Time to connect to a network printer.
const CONNECT: Duration = Duration::from_secs(2);
/// Time a printer has to answer a status request; many cheap ones never do.
const STATUS_WAIT: Duration = Duration::from_millis(400);
/// Time a write may take (the printer's buffer may be full while it prints).
const WRITE_WAIT: Duration = Duration::from_secs(10);

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
            job::send(Tcp(connect(address)?), raster).map_err(failed)
        }
        PrinterConnection::Usb { path } => {
            let driver = FileDriver::open(Path::new(path))
                .map_err(|e| PrintError::Unreachable(e.to_string()))?;
            job::send(driver, raster).map_err(failed)
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

/// The printer's status, if it answers (network and serial printers may; files never do).
pub fn status(connection: &PrinterConnection) -> Result<Option<PrinterStatus>, PrintError> {
    let mut replies = [0u8; 4];
    let got = match connection {
        PrinterConnection::None => return Err(PrintError::NotConfigured),
        PrinterConnection::Network { address } => {
            let mut stream = connect(address)?;
            stream
                .set_read_timeout(Some(STATUS_WAIT))
                .map_err(|e| PrintError::Failed(e.to_string()))?;
            stream
                .write_all(&REQUEST)
                .map_err(|e| PrintError::Failed(e.to_string()))?;
            read_up_to(&mut stream, &mut replies)
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

fn read_up_to(stream: &mut TcpStream, buf: &mut [u8]) -> usize {
    let mut n = 0;
    while n < buf.len() {
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
        TcpStream::connect_timeout(&addr, CONNECT).map_err(|e| unreachable(e.to_string()))?;
    stream
        .set_write_timeout(Some(WRITE_WAIT))
        .map_err(|e| unreachable(e.to_string()))?;
    let _ = stream.set_nodelay(true);
    Ok(stream)
}

/// A network printer's connection as an escpos driver, with its own timeouts (escpos's
/// `NetworkDriver` uses one timeout for everything and takes only IP addresses).
struct Tcp(TcpStream);

impl Driver for Tcp {
    fn name(&self) -> String {
        format!("network ({:?})", self.0.peer_addr().ok())
    }
    fn write(&self, data: &[u8]) -> escpos::errors::Result<()> {
        Ok((&self.0).write_all(data)?)
    }
    fn read(&self, buf: &mut [u8]) -> escpos::errors::Result<usize> {
        Ok((&self.0).read(buf)?)
    }
    fn flush(&self) -> escpos::errors::Result<()> {
        Ok((&self.0).flush()?)
    }
}
