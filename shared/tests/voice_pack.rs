//! Announcements from a voice pack: the chime and one clip per word, joined by gaps; the
//! shipped pack covers every word a call can need.

use std::path::Path;

use shared::voice::{GAP, Pack, Reading, SAMPLE_RATE, call, spoken, ticket, words, write_wav};

const SHIPPED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/voice/vi");

fn office() -> shared::config::Config {
    shared::config::Config::parse(
        "office.toml",
        include_str!("../../assets/config/office.toml"),
    )
    .expect("office")
}

#[test]
fn the_rendered_call_is_its_clips_plus_the_gaps() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("clips.txt"), "xin mời\tmoi\nba\tba\n").unwrap();
    let lengths = [("chime", 1000), ("moi", 2205), ("ba", 777)];
    for (name, n) in lengths {
        write_wav(&dir.path().join(format!("{name}.wav")), &vec![100i16; n]).unwrap();
    }
    let pack = Pack::open(dir.path()).unwrap();
    let clips = pack.clips_for(&["xin mời", "ba", "ba"]).unwrap();
    assert_eq!(clips, ["chime", "moi", "ba", "ba"]);
    let audio = pack.render(&clips).unwrap();
    let gap = (SAMPLE_RATE as u128 * GAP.as_millis() / 1000) as usize;
    assert_eq!(audio.len(), 1000 + 2205 + 777 + 777 + 3 * gap);
    assert!(
        audio[1000..1000 + gap].iter().all(|s| *s == 0),
        "silence between clips"
    );
    let missing = pack.clips_for(&["bốn"]).unwrap_err().to_string();
    assert_eq!(missing, "the voice pack has no clip for \"bốn\"");
}

#[test]
fn the_shipped_pack_has_every_word_a_call_needs() {
    let pack = Pack::open(Path::new(SHIPPED)).unwrap();
    let readings = [
        Reading::default(),
        Reading {
            zero_tens: "lẻ",
            thousand: "ngàn",
        },
    ];
    for r in readings {
        for n in (0..=2000).chain([9_999, 10_000, 99_999, 1_000_000]) {
            pack.clips_for(&words(n, r))
                .unwrap_or_else(|e| panic!("{n}: {e}"));
        }
    }
    for letter in 'A'..='Z' {
        let display = format!("{letter}023");
        pack.clips_for(&ticket(
            &display,
            &letter.to_string(),
            true,
            Reading::default(),
        ))
        .unwrap();
    }
}

#[test]
fn a_call_renders_from_the_shipped_pack() {
    let pack = Pack::open(Path::new(SHIPPED)).unwrap();
    let words = call("A023", "A", 3, &office().voice);
    let clips = pack.clips_for(&words).unwrap();
    assert_eq!(
        clips,
        [
            "chime",
            "xin-moi-khach-hang-so",
            "chu-a",
            "khong",
            "hai",
            "muoi-ngang",
            "ba",
            "den-quay-so",
            "ba"
        ]
    );
    let audio = pack.render(&clips).unwrap();
    let seconds = audio.len() as f64 / f64::from(SAMPLE_RATE);
    assert!(
        (2.0..8.0).contains(&seconds),
        "a call lasts a few seconds, got {seconds:.2} s"
    );
    if let Some(out) = std::env::var_os("CALL_WAV") {
        write_wav(Path::new(&out), &audio).unwrap();
    }
}

/// Samples in one clip of the shipped pack.
fn clip_len(name: &str) -> usize {
    hound::WavReader::open(Path::new(SHIPPED).join(format!("{name}.wav")))
        .expect("a clip of the shipped pack")
        .len() as usize
}

#[test]
fn a_recall_says_moi_lai_and_repeat_says_the_sentence_again() {
    let pack = Pack::open(Path::new(SHIPPED)).unwrap();
    let voice = office().voice;
    assert_eq!(voice.repeat, 1, "said once unless the office asks");
    let first = spoken("A023", "A", 3, false, &voice);
    let again = spoken("A023", "A", 3, true, &voice);
    assert_eq!(first, call("A023", "A", 3, &voice));
    assert_eq!(again[0], "xin mời lại khách hàng số");
    assert_eq!(again[1..], first[1..], "the same number and counter");
    let gap = (SAMPLE_RATE as u128 * GAP.as_millis() / 1000) as usize;
    let sentence: usize = pack.clips_for(&again).unwrap()[1..]
        .iter()
        .map(|c| clip_len(c))
        .sum();
    let words = again.len();
    for repeat in 1..=3u8 {
        let clips = pack.announcement(&again, repeat).unwrap();
        assert_eq!(clips[1], "xin-moi-lai-khach-hang-so");
        let audio = pack.render(&clips).unwrap();
        let n = usize::from(repeat);
        assert_eq!(
            audio.len(),
            clip_len("chime") + n * sentence + (n * words) * gap,
            "the chime, then the recall {repeat} times, a gap between clips"
        );
    }
    let said_once = pack.render(&pack.clips_for(&first).unwrap()).unwrap();
    let recalled = pack.render(&pack.clips_for(&again).unwrap()).unwrap();
    assert_ne!(
        said_once, recalled,
        "a recall does not sound like a first call"
    );
}
