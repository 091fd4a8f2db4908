//! A 1-bit image as thermal printers take it: rows of packed bytes, the leftmost pixel in
//! the highest bit, 1 for black (the layout of ESC/POS `GS v 0`).

/// A black-and-white image, `width` dots wide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raster {
    width: u32,
    height: u32,
    bits: Vec<u8>,
}

impl Raster {
    /// A white image.
    pub fn new(width: u32, height: u32) -> Raster {
        Raster {
            width,
            height,
            bits: vec![0; (width.div_ceil(8) * height) as usize],
        }
    }

    /// An image from packed rows (as received by a printer).
    pub fn from_rows(width: u32, height: u32, bits: Vec<u8>) -> Option<Raster> {
        (bits.len() == (width.div_ceil(8) * height) as usize).then_some(Raster {
            width,
            height,
            bits,
        })
    }

    /// Width in dots.
    pub fn width(&self) -> u32 {
        self.width
    }
    /// Height in dots.
    pub fn height(&self) -> u32 {
        self.height
    }
    /// Bytes per row.
    pub fn stride(&self) -> u32 {
        self.width.div_ceil(8)
    }
    /// The packed rows.
    pub fn bits(&self) -> &[u8] {
        &self.bits
    }

    /// Whether the dot is black (outside the image is white).
    pub fn get(&self, x: u32, y: u32) -> bool {
        x < self.width
            && y < self.height
            && self.bits[(y * self.stride() + x / 8) as usize] & (0x80 >> (x % 8)) != 0
    }

    /// Blackens a dot (outside the image is ignored).
    pub fn set(&mut self, x: i64, y: i64) {
        if x >= 0 && y >= 0 && (x as u32) < self.width && (y as u32) < self.height {
            let (x, y) = (x as u32, y as u32);
            let i = (y * self.stride() + x / 8) as usize;
            self.bits[i] |= 0x80 >> (x % 8);
        }
    }

    /// Blackens a rectangle.
    pub fn fill(&mut self, x: i64, y: i64, w: u32, h: u32) {
        for dy in 0..h as i64 {
            for dx in 0..w as i64 {
                self.set(x + dx, y + dy);
            }
        }
    }

    /// Rows `from..to` as an image of their own (for printing in bands).
    pub fn band(&self, from: u32, to: u32) -> Raster {
        let (from, to) = (from.min(self.height), to.min(self.height));
        let s = self.stride() as usize;
        Raster {
            width: self.width,
            height: to - from,
            bits: self.bits[from as usize * s..to as usize * s].to_vec(),
        }
    }

    /// Black dots in a rectangle (to tell blank paper from print).
    pub fn black_in(&self, x: u32, y: u32, w: u32, h: u32) -> usize {
        (y..y + h)
            .flat_map(|yy| (x..x + w).map(move |xx| (xx, yy)))
            .filter(|&(xx, yy)| self.get(xx, yy))
            .count()
    }

    /// The image as a PNG (8-bit grey), to look at.
    pub fn to_png(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let pixels: Vec<u8> = (0..self.height)
            .flat_map(|y| (0..self.width).map(move |x| (x, y)))
            .map(|(x, y)| if self.get(x, y) { 0 } else { 255 })
            .collect();
        if let Ok(mut writer) = encoder.write_header() {
            let _ = writer.write_image_data(&pixels);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_are_packed_leftmost_first() {
        let mut r = Raster::new(10, 2);
        r.set(0, 0);
        r.set(9, 1);
        assert_eq!(r.stride(), 2);
        assert_eq!(r.bits(), [0x80, 0x00, 0x00, 0x40]);
        assert!(r.get(0, 0) && r.get(9, 1) && !r.get(1, 0));
        assert_eq!(r.band(1, 2).bits(), [0x00, 0x40]);
    }
}
