//! Announcements from a voice pack: the chime and one clip per word, joined by gaps; the
//! shipped pack covers every word a call can need.

use std::path::Path;

use shared::voice::{GAP, Pack, Reading, SAMPLE_RATE, call, ticket, words, write_wav};

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
