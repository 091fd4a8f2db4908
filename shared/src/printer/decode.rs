//! Reading an ESC/POS byte stream back into the images it prints, as the virtual printer
//! does and as tests do to check what reached the printer.

use crate::ticket::Raster;

/// What a stream held: one image per cut, and whether it asked for the status.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// Each ticket's image (its bands stacked), in order; a ticket ends at a cut.
    pub tickets: Vec<Raster>,
    /// `DLE EOT n` requests, in order.
    pub status_requests: Vec<u8>,
    /// Bytes that were not understood (text, unknown commands).
    pub unknown: usize,
}

/// Decodes a whole stream. Images not followed by a cut are returned too.
pub fn decode(bytes: &[u8]) -> Decoded {
    let mut out = Decoded::default();
    let mut bands: Vec<Raster> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        match rest {
            [0x1B, 0x40, ..] => i += 2,
            [0x18, ..] => i += 1,
            [0x1B, 0x64, _, ..] | [0x1B, 0x74, _, ..] | [0x1B, 0x61, _, ..] => i += 3,
            [0x10, 0x04, n, ..] => {
                out.status_requests.push(*n);
                i += 3;
            }
            [0x1D, 0x76, 0x30, _m, xl, xh, yl, yh, ..] => {
                let stride = usize::from(*xl) + 256 * usize::from(*xh);
                let rows = usize::from(*yl) + 256 * usize::from(*yh);
                let end = 8 + stride * rows;
                if rest.len() < end {
                    out.unknown += rest.len();
                    break;
                }
                if let Some(band) =
                    Raster::from_rows(stride as u32 * 8, rows as u32, rest[8..end].to_vec())
                {
                    bands.push(band);
                }
                i += end;
            }
            [0x1D, 0x56, m, ..] => {
                i += if matches!(m, 65 | 66 | 97 | 98 | 103 | 104) {
                    4
                } else {
                    3
                };
                out.tickets.extend(stack(std::mem::take(&mut bands)));
            }
            _ => {
                out.unknown += 1;
                i += 1;
            }
        }
    }
    out.tickets.extend(stack(bands));
    out
}

/// Bands of one width stacked into one image.
fn stack(bands: Vec<Raster>) -> Option<Raster> {
    let width = bands.first()?.width();
    let height = bands.iter().map(Raster::height).sum();
    let bits = bands
        .iter()
        .flat_map(|b| b.bits().iter().copied())
        .collect();
    Raster::from_rows(width, height, bits)
}
