//! A voice pack: a folder of recorded clips, one per word or phrase, listed in `clips.txt`
//! (what the clip says, a tab, its file name). A call is the chime and then the clips of its
//! words, joined with short gaps; announcements are rendered whole, so none cuts another.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// Clips are WAV at this rate, mono, 16-bit.
pub const SAMPLE_RATE: u32 = 22_050;
/// Silence between two clips.
pub const GAP: Duration = Duration::from_millis(120);
/// The clip played before every call.
pub const CHIME: &str = "chime";

/// A voice pack could not be used.
#[derive(Debug, thiserror::Error)]
pub enum VoiceError {
    /// A word has no clip in the pack.
    #[error("the voice pack has no clip for \"{0}\"")]
    MissingWord(String),
    /// A clip file is missing or unreadable.
    #[error("{path}: {reason}")]
    Clip {
        /// The clip's file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
}

/// The clip list of a pack.
#[derive(Debug, Clone)]
pub struct Pack {
    dir: PathBuf,
    clips: Vec<(String, String)>,
}

impl Pack {
    /// Opens the pack in `dir` (reads its `clips.txt`).
    pub fn open(dir: &Path) -> Result<Pack, VoiceError> {
        let list = dir.join("clips.txt");
        let text = std::fs::read_to_string(&list).map_err(|e| VoiceError::Clip {
            path: list,
            reason: e.to_string(),
        })?;
        let clips = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .map(|(w, f)| (w.trim().to_string(), f.trim().to_string()))
            .collect();
        Ok(Pack {
            dir: dir.to_path_buf(),
            clips,
        })
    }

    /// The clip files of a call's words, the chime first.
    pub fn clips_for(&self, words: &[&str]) -> Result<Vec<String>, VoiceError> {
        self.announcement(words, 1)
    }

    /// The clip files of an announcement: the chime, then the words `repeat` times in a
    /// row (`[voice] repeat`), so a citizen who missed the first reading hears the second.
    pub fn announcement(&self, words: &[&str], repeat: u8) -> Result<Vec<String>, VoiceError> {
        let mut sentence = Vec::with_capacity(words.len());
        for word in words {
            let file = self
                .clips
                .iter()
                .find(|(w, _)| w == word)
                .ok_or_else(|| VoiceError::MissingWord(word.to_string()))?;
            sentence.push(file.1.clone());
        }
        let mut out = vec![CHIME.to_string()];
        for _ in 0..repeat.max(1) {
            out.extend(sentence.iter().cloned());
        }
        Ok(out)
    }

    /// The clips joined with [`GAP`] between them, as 16-bit samples.
    pub fn render(&self, clips: &[String]) -> Result<Vec<i16>, VoiceError> {
        let gap = vec![0i16; (SAMPLE_RATE as u64 * GAP.as_millis() as u64 / 1000) as usize];
        let mut out = Vec::new();
        for (i, clip) in clips.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(&gap);
            }
            out.extend(self.samples(clip)?);
        }
        Ok(out)
    }

    fn samples(&self, clip: &str) -> Result<Vec<i16>, VoiceError> {
        let path = self.dir.join(format!("{clip}.wav"));
        let err = |reason: String| VoiceError::Clip {
            path: path.clone(),
            reason,
        };
        let reader = hound::WavReader::open(&path).map_err(|e| err(e.to_string()))?;
        let spec = reader.spec();
        if spec.sample_rate != SAMPLE_RATE || spec.channels != 1 || spec.bits_per_sample != 16 {
            return Err(err(format!(
                "{} Hz, {} channels, {} bits; clips must be {SAMPLE_RATE} Hz mono 16-bit",
                spec.sample_rate, spec.channels, spec.bits_per_sample
            )));
        }
        reader
            .into_samples::<i16>()
            .collect::<Result<_, _>>()
            .map_err(|e| err(e.to_string()))
    }
}

/// Writes samples as a WAV file.
pub fn write_wav(path: &Path, samples: &[i16]) -> Result<(), VoiceError> {
    let bytes = wav_bytes(samples)?;
    std::fs::write(path, bytes).map_err(|e| VoiceError::Clip {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

/// Samples as the bytes of a WAV file (mono, 16-bit, [`SAMPLE_RATE`]).
pub fn wav_bytes(samples: &[i16]) -> Result<Vec<u8>, VoiceError> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: SAMPLE_RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let err = |e: hound::Error| VoiceError::Clip {
        path: PathBuf::from("call.wav"),
        reason: e.to_string(),
    };
    let mut out = std::io::Cursor::new(Vec::with_capacity(44 + samples.len() * 2));
    let mut writer = hound::WavWriter::new(&mut out, spec).map_err(err)?;
    for s in samples {
        writer.write_sample(*s).map_err(err)?;
    }
    writer.finalize().map_err(err)?;
    Ok(out.into_inner())
}
