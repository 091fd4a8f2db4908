//! The printer's real-time status (ESC/POS `DLE EOT 1..4`): is it online, is the cover open,
//! is the paper out or nearly out. USB and file printers cannot answer.

/// What `DLE EOT 1`, `2`, `3` and `4` ask, in that order.
pub const REQUEST: [u8; 12] = [0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 3, 0x10, 0x04, 4];

/// The printer's state as it reported it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PrinterStatus {
    /// Offline (cover open, paper out, or an error stopped it).
    pub offline: bool,
    /// The cover is open.
    pub cover_open: bool,
    /// No paper.
    pub paper_out: bool,
    /// The roll is nearly finished.
    pub paper_near_end: bool,
    /// An error (cutter, head temperature, ...).
    pub error: bool,
}

impl PrinterStatus {
    /// Why it cannot print now, for staff; None when it can.
    pub fn problem(&self) -> Option<&'static str> {
        if self.paper_out {
            Some("out of paper")
        } else if self.cover_open {
            Some("cover open")
        } else if self.error {
            Some("printer error")
        } else if self.offline {
            Some("offline")
        } else {
            None
        }
    }

    /// The four status bytes a printer in this state answers to [`REQUEST`].
    pub fn replies(&self) -> [u8; 4] {
        let bit = |on: bool, mask: u8| if on { mask } else { 0 };
        [
            0x12 | bit(self.offline, 0x08),
            0x12 | bit(self.cover_open, 0x04) | bit(self.paper_out, 0x20) | bit(self.error, 0x40),
            0x12 | bit(self.error, 0x20),
            0x12 | bit(self.paper_near_end, 0x0C) | bit(self.paper_out, 0x60),
        ]
    }

    /// Reads the four replies; None if any byte is not a status byte (`0xx1xx10`).
    pub fn parse(replies: [u8; 4]) -> Option<PrinterStatus> {
        if replies.iter().any(|b| b & 0x93 != 0x12) {
            return None;
        }
        let [printer, offline, error, paper] = replies;
        Some(PrinterStatus {
            offline: printer & 0x08 != 0,
            cover_open: offline & 0x04 != 0,
            paper_out: offline & 0x20 != 0 || paper & 0x60 == 0x60,
            paper_near_end: paper & 0x0C == 0x0C,
            error: offline & 0x40 != 0 || error & 0x60 != 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_survives_its_own_replies() {
        for bits in 0..32u8 {
            let s = PrinterStatus {
                offline: bits & 1 != 0,
                cover_open: bits & 2 != 0,
                paper_out: bits & 4 != 0,
                paper_near_end: bits & 8 != 0,
                error: bits & 16 != 0,
            };
            assert_eq!(PrinterStatus::parse(s.replies()), Some(s));
        }
        assert_eq!(
            PrinterStatus::parse([0xFF, 0x12, 0x12, 0x12]),
            None,
            "not a status byte"
        );
    }
}
