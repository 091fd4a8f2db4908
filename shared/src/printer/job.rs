//! A ticket as an ESC/POS job: initialise, the raster in bands of `GS v 0`, feed, cut.
//! Bands keep each command within what small printer buffers accept.

use std::sync::{Arc, Mutex};

use escpos::driver::Driver;
use escpos::errors::Result;
use escpos::printer::Printer;
use escpos::utils::Protocol;

use crate::ticket::Raster;

/// Rows of dots per `GS v 0` command.
pub const BAND_ROWS: u32 = 128;

/// Sends the ticket through `driver`.
pub fn send<D: Driver>(driver: D, raster: &Raster) -> Result<()> {
    let mut printer = Printer::new(driver, Protocol::default(), None);
    printer.init()?;
    for top in (0..raster.height()).step_by(BAND_ROWS as usize) {
        printer.custom(&gs_v0(&raster.band(top, top + BAND_ROWS)))?;
    }
    printer.feeds(4)?.print_cut()?;
    Ok(())
}

/// `GS v 0 0 xL xH yL yH` and the rows.
fn gs_v0(band: &Raster) -> Vec<u8> {
    let (w, h) = (band.stride(), band.height());
    let mut out = vec![
        0x1D,
        0x76,
        0x30,
        0x00,
        (w & 0xFF) as u8,
        (w >> 8) as u8,
        (h & 0xFF) as u8,
        (h >> 8) as u8,
    ];
    out.extend_from_slice(band.bits());
    out
}

/// The job's bytes, as a printer would receive them.
pub fn job_bytes(raster: &Raster) -> Vec<u8> {
    let sink = Memory::default();
    // Writing to memory cannot fail.
    let _ = send(sink.clone(), raster);
    sink.0.lock().map(|b| b.clone()).unwrap_or_default()
}

/// A driver that keeps what is written.
#[derive(Clone, Default)]
struct Memory(Arc<Mutex<Vec<u8>>>);

impl Driver for Memory {
    fn name(&self) -> String {
        "memory".into()
    }
    fn write(&self, data: &[u8]) -> Result<()> {
        self.0.lock()?.extend_from_slice(data);
        Ok(())
    }
    fn read(&self, _buf: &mut [u8]) -> Result<usize> {
        Ok(0)
    }
    fn flush(&self) -> Result<()> {
        Ok(())
    }
}
