//! `kiosk say` says a call as the displays say it: a recall with "Xin mời lại …", and the
//! whole sentence `[voice] repeat` times in a row after the chime.

use std::path::{Path, PathBuf};
use std::process::Command;

use shared::config::Config;
use shared::voice::{Pack, spoken, wav_bytes};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The default office with `[voice] repeat` set, written into `dir`.
fn office(dir: &Path, repeat: u8) -> PathBuf {
    let text = std::fs::read_to_string(tests::default_office_path()).expect("office file");
    let text = text.replacen("[voice]\n", &format!("[voice]\nrepeat = {repeat}\n"), 1);
    let path = dir.join(format!("office-{repeat}.toml"));
    std::fs::write(&path, text).expect("write office");
    path
}

/// Runs `kiosk say` from the repository root; its printed words and the WAV it wrote.
fn say(config: &Path, extra: &[&str], out: &Path) -> (String, Vec<u8>) {
    let run = Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .current_dir(root())
        .arg("say")
        .arg("--config")
        .arg(config)
        .args(["--number", "A023", "--counter", "3", "--out"])
        .arg(out)
        .args(extra)
        .output()
        .expect("kiosk runs");
    let stdout = String::from_utf8_lossy(&run.stdout).to_string();
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    (stdout, std::fs::read(out).expect("the WAV file"))
}

/// What a display plays for the call: the shared announcement of the shared words.
fn displayed(config: &Path, recall: bool) -> Vec<u8> {
    let config = Config::load(config).expect("office");
    let words = spoken("A023", "A", 3, recall, &config.voice);
    let pack = Pack::open(&root().join(&config.voice.pack)).expect("voice pack");
    let clips = pack
        .announcement(&words, config.voice.repeat)
        .expect("clips");
    wav_bytes(&pack.render(&clips).expect("audio")).expect("wav")
}

#[test]
fn a_recall_is_said_again_and_as_often_as_the_office_asks() {
    let dir = std::env::temp_dir().join(format!("kiosk-say-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (once, twice) = (office(&dir, 1), office(&dir, 2));
    let out = dir.join("call.wav");

    let (words, first) = say(&once, &[], &out);
    assert!(
        words.starts_with("xin mời khách hàng số a không"),
        "{words}"
    );
    assert_eq!(first, displayed(&once, false));

    let (words, recall) = say(&once, &["--recall"], &out);
    assert!(
        words.starts_with("xin mời lại khách hàng số a không"),
        "{words}"
    );
    assert_eq!(recall, displayed(&once, true));
    assert_ne!(recall, first, "a recall does not sound like a first call");

    let (_, repeated) = say(&twice, &["--recall"], &out);
    assert_eq!(repeated, displayed(&twice, true));
    // The chime once, then the sentence twice: nearly twice as long as one reading.
    assert!(
        repeated.len() as f64 > recall.len() as f64 * 1.7,
        "{} bytes said twice, {} once",
        repeated.len(),
        recall.len()
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}
