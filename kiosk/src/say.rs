//! `kiosk say`: what the display would announce for a call or a recall, as words and as a
//! WAV file, to check the voice without a TV. It is the displays' own announcement: the
//! recall's words and `[voice] repeat` readings in a row.

use std::path::{Path, PathBuf};

use anyhow::Context;
use shared::config::Config;
use shared::voice::{Pack, SAMPLE_RATE, spoken, write_wav};

/// Prints the words of the call (or with `recall`, the recall) of `number` to `counter`
/// and writes the announcement, said `[voice] repeat` times, to `out`.
pub fn say(
    config: &Path,
    number: &str,
    counter: u16,
    recall: bool,
    out: &Path,
) -> anyhow::Result<()> {
    let config = Config::load(config)?;
    let field = config
        .fields
        .iter()
        .filter(|f| {
            number.starts_with(&f.prefix)
                && number[f.prefix.len()..].chars().all(|c| c.is_ascii_digit())
        })
        .max_by_key(|f| f.prefix.len())
        .with_context(|| format!("{number} does not start with the prefix of any field"))?;
    let words = spoken(number, &field.prefix, counter, recall, &config.voice);
    let repeat = config.voice.repeat.max(1);
    println!("{} (×{repeat})", words.join(" "));
    let pack = Pack::open(&PathBuf::from(&config.voice.pack))?;
    let audio = pack.render(&pack.announcement(&words, repeat)?)?;
    write_wav(out, &audio)?;
    println!(
        "{}: {:.2} s",
        out.display(),
        audio.len() as f64 / f64::from(SAMPLE_RATE)
    );
    Ok(())
}
