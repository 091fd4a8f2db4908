//! Ticket printers: the ESC/POS job for a ticket raster, sending it through the escpos
//! crate's drivers, the printer's real-time status, decoding a byte stream back into
//! images, and a virtual network printer for the demo and the tests.

mod decode;
mod job;
mod link;
mod status;
mod virtual_printer;

pub use decode::{Decoded, decode};
pub use job::{BAND_ROWS, job_bytes};
pub use link::{CONNECT_WAIT, PrintError, STATUS_WAIT, WRITE_WAIT, print, status};
pub use status::{PrinterStatus, REQUEST};
pub use virtual_printer::VirtualPrinter;
