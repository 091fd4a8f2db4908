//! Calls announced in Vietnamese: numbers read by the standard rules, and the sentence
//! "Xin mời khách hàng số … đến quầy số …" (a recall: "Xin mời lại …") as words, and as
//! audio from a pack of clips, said `[voice] repeat` times.

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
    spoken(display, prefix, counter, false, voice)
}

/// The words of a call, or with `again` of a recall: "Xin mời lại khách hàng số …", so the
/// room hears that the number was called before.
pub fn spoken(
    display: &str,
    prefix: &str,
    counter: u16,
    again: bool,
    voice: &VoiceConfig,
) -> Vec<&'static str> {
    let r = Reading::of(voice);
    let mut out = vec![if again {
        "xin mời lại khách hàng số"
    } else {
        "xin mời khách hàng số"
    }];
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
