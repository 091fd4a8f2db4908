//! Calls announced in Vietnamese: numbers read by the standard rules, and the sentence
//! "Xin mời khách hàng số … đến quầy số …" as words, and as audio from a pack of clips.

mod numbers;
mod pack;

pub use numbers::{Reading, digit, letter, ticket, words};
pub use pack::{CHIME, GAP, Pack, SAMPLE_RATE, VoiceError, wav_bytes, write_wav};

use crate::config::{NumberStyle, VoiceConfig};

impl Reading {
    /// The reading the office configured.
    pub fn of(voice: &VoiceConfig) -> Reading {
        Reading {
            zero_tens: if voice.zero_tens == "lẻ" {
                "lẻ"
            } else {
                "linh"
            },
            thousand: if voice.thousand == "ngàn" {
                "ngàn"
            } else {
                "nghìn"
            },
        }
    }
}

/// The words of a call: "Xin mời khách hàng số A không hai mươi ba đến quầy số ba".
pub fn call(display: &str, prefix: &str, counter: u16, voice: &VoiceConfig) -> Vec<&'static str> {
    let r = Reading::of(voice);
    let mut out = vec!["xin mời khách hàng số"];
    out.extend(ticket(
        display,
        prefix,
        voice.number_style == NumberStyle::Digits,
        r,
    ));
    out.push("đến quầy số");
    out.extend(words(u64::from(counter), r));
    out
}
