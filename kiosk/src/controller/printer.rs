//! A printer problem as people read it: citizens at the kiosk are told what is wrong and
//! that staff are on their way, in the language shown; staff are told what to do, in
//! Vietnamese. The printer's own error (an OS error, an address) is for the log only.

use shared::printer::PrintError;

use super::Language;

/// What is wrong with the printer, in the words people need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrinterProblem {
    /// It does not answer: unplugged, switched off, or silent part way through a ticket.
    NoAnswer,
    /// Out of paper.
    PaperOut,
    /// Its cover is open.
    CoverOpen,
    /// It reports an error of its own.
    Fault,
    /// No printer is set up for this kiosk.
    NotSetUp,
}

impl PrinterProblem {
    /// The problem a failed print shows.
    pub fn of(error: &PrintError) -> PrinterProblem {
        match error {
            PrintError::NotConfigured => PrinterProblem::NotSetUp,
            PrintError::NeedsStaff("out of paper") => PrinterProblem::PaperOut,
            PrintError::NeedsStaff("cover open") => PrinterProblem::CoverOpen,
            PrintError::NeedsStaff(_) => PrinterProblem::Fault,
            // Unreachable, failed part way, or any way of not answering.
            _ => PrinterProblem::NoAnswer,
        }
    }

    /// For the citizen at the kiosk: what is wrong, and that staff are being told.
    pub fn for_citizens(self, lang: Language) -> &'static str {
        match (self, lang) {
            (PrinterProblem::NoAnswer, Language::Vi) => {
                "Máy in không phản hồi — nhân viên đang được báo"
            }
            (PrinterProblem::NoAnswer, Language::En) => {
                "The printer is not responding — staff are being told"
            }
            (PrinterProblem::PaperOut, Language::Vi) => "Máy in hết giấy — nhân viên đang được báo",
            (PrinterProblem::PaperOut, Language::En) => {
                "The printer is out of paper — staff are being told"
            }
            (PrinterProblem::CoverOpen, Language::Vi) => {
                "Nắp máy in đang mở — nhân viên đang được báo"
            }
            (PrinterProblem::CoverOpen, Language::En) => {
                "The printer's cover is open — staff are being told"
            }
            (PrinterProblem::Fault, Language::Vi) => "Máy in báo lỗi — nhân viên đang được báo",
            (PrinterProblem::Fault, Language::En) => {
                "The printer reports a fault — staff are being told"
            }
            (PrinterProblem::NotSetUp, Language::Vi) => "Chưa cài đặt máy in — xin báo nhân viên",
            (PrinterProblem::NotSetUp, Language::En) => "No printer is set up — please tell staff",
        }
    }

    /// For staff at the counters, in the office's language: what is wrong and what to do.
    pub fn for_staff(self) -> &'static str {
        match self {
            PrinterProblem::NoAnswer => {
                "Máy in của kiosk không phản hồi — kiểm tra nguồn điện và dây cáp của máy in"
            }
            PrinterProblem::PaperOut => "Máy in của kiosk hết giấy — thay cuộn giấy mới",
            PrinterProblem::CoverOpen => "Nắp máy in của kiosk đang mở — đóng nắp máy in",
            PrinterProblem::Fault => "Máy in của kiosk báo lỗi — tắt máy in rồi bật lại",
            PrinterProblem::NotSetUp => {
                "Kiosk chưa được cài đặt máy in — khai báo máy in trong tệp cấu hình"
            }
        }
    }
}
