//! The display's voice with the real voice pack, written as files the way `--voice-out`
//! does: calls made in quick succession are said one after another, each whole, in order,
//! and a recall is said again, as "Xin mời lại …"; `[voice] repeat` says each call that many
//! times; a call whose citizen is already at the counter is not said.

#[path = "display_room.rs"]
mod room;

use std::path::{Path, PathBuf};

use counter::display::{Language, Output, VoicePlayer};
use shared::board::Announcement;
use shared::config::VoiceConfig;
use shared::model::{CounterId, TicketId};
use shared::voice::{GAP, Pack, SAMPLE_RATE};

fn pack_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/voice/vi")
}

fn voice() -> VoiceConfig {
    tests::default_office().voice.clone()
}

/// An empty folder of its own for one test.
fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("folder");
    dir
}

/// The files written in `dir`, by name (which begins with the playing order).
fn written(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    files
}

fn said(seq: u64, display: &str, counter: u16, recall: u32) -> Announcement {
    Announcement {
        seq,
        ticket: TicketId(seq),
        display: display.into(),
        prefix: display[..1].into(),
        counter: CounterId(counter),
        recall,
        at: chrono::Utc::now(),
    }
}

/// The 16-bit samples of a WAV file, read by walking its RIFF chunks.
fn samples(path: &Path) -> Vec<i16> {
    let bytes = std::fs::read(path).expect("wav");
    assert_eq!(&bytes[..4], b"RIFF");
    assert_eq!(&bytes[8..12], b"WAVE");
    let mut at = 12;
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let len = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().expect("4 bytes")) as usize;
        let body = &bytes[at + 8..at + 8 + len];
        if id == b"data" {
            return body
                .chunks_exact(2)
                .map(|b| i16::from_le_bytes([b[0], b[1]]))
                .collect();
        }
        at += 8 + len + len % 2;
    }
    panic!("{}: no data chunk", path.display());
}

/// Samples a call should last when said `repeat` times: the chime and each word's clip, with
/// a gap between two.
fn expected_len(a: &Announcement, repeat: usize) -> usize {
    let pack = Pack::open(&pack_dir()).expect("pack");
    let words = a.words(&voice());
    let mut clips = pack.clips_for(&words).expect("every word has a clip");
    let sentence = clips[1..].to_vec();
    for _ in 1..repeat {
        clips.extend(sentence.iter().cloned());
    }
    let gap = (SAMPLE_RATE as u128 * GAP.as_millis() / 1000) as usize;
    let sound: usize = clips
        .iter()
        .map(|c| samples(&pack_dir().join(format!("{c}.wav"))).len())
        .sum();
    sound + gap * (clips.len() - 1)
}

fn rms(samples: &[i16]) -> f64 {
    let sum: f64 = samples.iter().map(|s| f64::from(*s).powi(2)).sum();
    (sum / samples.len() as f64).sqrt()
}

#[test]
fn quick_calls_are_said_whole_one_after_another_and_a_recall_again() {
    let dir = folder("voice-queue");
    let pack = Pack::open(&pack_dir()).expect("the shipped pack opens");
    let player = VoicePlayer::start(&voice(), Some(pack), Output::Folder(dir.clone()));
    let calls = [
        said(10, "A023", 3, 0),
        said(11, "B105", 12, 0),
        said(12, "A023", 3, 1),
    ];
    for c in &calls {
        player.say(c.clone());
    }
    player.finish();

    let files = written(&dir);
    assert_eq!(
        files,
        [
            "0001-A023-quay-3.wav",
            "0002-B105-quay-12.wav",
            "0003-A023-quay-3.wav"
        ]
    );
    for (file, c) in files.iter().zip(&calls) {
        let audio = samples(&dir.join(file));
        assert_eq!(audio.len(), expected_len(c, 1), "{file} is the whole call");
        let seconds = audio.len() as f64 / f64::from(SAMPLE_RATE);
        println!("{file}: {seconds:.2} s, RMS {:.0}", rms(&audio));
        assert!(rms(&audio) > 500.0, "{file} is not silent");
    }
    let (first, again) = (samples(&dir.join(&files[0])), samples(&dir.join(&files[2])));
    assert_ne!(first, again, "a recall does not sound like the first call");
    assert_eq!(
        calls[2].words(&voice())[0],
        "xin mời lại khách hàng số",
        "it says Mời lại"
    );
}

#[test]
fn repeat_two_says_each_call_twice_in_a_row() {
    let dir = folder("voice-twice");
    let twice = VoiceConfig {
        repeat: 2,
        ..voice()
    };
    let pack = Pack::open(&pack_dir()).expect("pack");
    let player = VoicePlayer::start(&twice, Some(pack), Output::Folder(dir.clone()));
    let calls = [said(1, "A001", 1, 0), said(2, "A001", 1, 1)];
    for c in &calls {
        player.say(c.clone());
    }
    player.finish();
    let files = written(&dir);
    assert_eq!(files.len(), 2);
    for (file, c) in files.iter().zip(&calls) {
        let audio = samples(&dir.join(file));
        assert_eq!(
            audio.len(),
            expected_len(c, 2),
            "{file}: the sentence twice"
        );
        assert!(audio.len() > expected_len(c, 1) + expected_len(c, 1) / 2);
    }
}

#[test]
fn a_waiting_call_whose_citizen_already_arrived_is_not_said() {
    let mut room = room::Room::new(Language::Vi, 3, 3);
    for counter in 1..=3 {
        room.call(counter);
    }
    // The display heard the three calls and, in the same batch, that A002 has arrived.
    room.arrive(2);
    let dir = folder("voice-arrived");
    let pack = Pack::open(&pack_dir()).expect("the shipped pack opens");
    let player = VoicePlayer::start(&voice(), Some(pack), Output::Folder(dir.clone()));
    player.board(room.feed.board().expect("board"));
    for call in &room.said {
        player.say(call.clone());
    }
    player.finish();
    let files = written(&dir);
    assert_eq!(files, ["0001-A001-quay-1.wav", "0002-A003-quay-3.wav"]);
}

#[test]
fn a_display_started_again_numbers_after_the_calls_already_written() {
    let dir = folder("voice-again");
    for n in 1..=2 {
        let pack = Pack::open(&pack_dir()).expect("pack");
        let player = VoicePlayer::start(&voice(), Some(pack), Output::Folder(dir.clone()));
        player.say(said(n, "A001", 1, 0));
        player.finish();
    }
    let files = written(&dir);
    assert_eq!(files, ["0001-A001-quay-1.wav", "0002-A001-quay-1.wav"]);
}

#[test]
fn the_volume_of_the_office_file_scales_the_sound() {
    let loud = folder("voice-loud");
    let soft = folder("voice-soft");
    let a = said(1, "A001", 1, 0);
    for (dir, volume) in [(&loud, 1.0), (&soft, 0.5)] {
        let v = VoiceConfig { volume, ..voice() };
        let pack = Pack::open(&pack_dir()).expect("pack");
        let player = VoicePlayer::start(&v, Some(pack), Output::Folder(dir.clone()));
        player.say(a.clone());
        player.finish();
    }
    let loud = samples(&loud.join("0001-A001-quay-1.wav"));
    let soft = samples(&soft.join("0001-A001-quay-1.wav"));
    let ratio = rms(&soft) / rms(&loud);
    assert!(
        (ratio - 0.5).abs() < 0.01,
        "half the volume, RMS ratio {ratio:.3}"
    );
}

#[test]
fn voice_off_in_the_office_file_says_nothing() {
    let dir = folder("voice-off");
    let off = VoiceConfig {
        enabled: false,
        ..voice()
    };
    let pack = Pack::open(&pack_dir()).expect("pack");
    let player = VoicePlayer::start(&off, Some(pack), Output::Folder(dir.clone()));
    player.say(said(1, "A001", 1, 0));
    player.finish();
    assert_eq!(std::fs::read_dir(&dir).expect("folder").count(), 0);
}
