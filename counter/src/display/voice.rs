//! The voice: calls said aloud, one after another on a thread of their own.
//!
//! Each call is rendered whole from the voice pack (chime and clips) and played to its end
//! before the next starts, so no announcement cuts another off; a recall is said again as
//! "Xin mời lại …", and each call is said `[voice] repeat` times in a row.
//! A waiting call whose citizen has already reached the counter is not said: the player
//! keeps the latest board and asks it before each call, so a burst of calls faster than
//! the voice does not leave the room listening to numbers long since served.
//! With no sound device (a machine without a card, a TV unplugged) the player warns once
//! and keeps trying now and then; the screen never waits for it. For tests and installers,
//! [`Output::Folder`] writes each call as a WAV file instead, in the order it would play.

use std::collections::VecDeque;
use std::num::NonZero;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rodio::buffer::SamplesBuffer;
use rodio::{DeviceSinkBuilder, MixerDeviceSink, Player};
use shared::board::{Announcement, Board};
use shared::config::VoiceConfig;
use shared::voice::{CHIME, Pack, SAMPLE_RATE, VoiceError, write_wav};

/// How often to look for a sound device again after none opened.
const RETRY_DEVICE: Duration = Duration::from_secs(300);

/// Where the calls go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// The default sound device.
    Speakers,
    /// `DIR/0001-A023-quay-3.wav`, `DIR/0002-…`, in playing order.
    Folder(PathBuf),
}

/// What the player is told.
enum Message {
    /// A call to say.
    Say(Announcement),
    /// The office as it is now.
    Board(Box<Board>),
}

/// A queue of calls to say; see the module doc.
pub struct VoicePlayer {
    queue: Option<Sender<Message>>,
    thread: Option<JoinHandle<()>>,
}

impl VoicePlayer {
    /// Starts the player: calls are said with `pack` as `voice` configures (words, volume),
    /// or not at all when `voice.enabled` is false or there is no pack.
    pub fn start(voice: &VoiceConfig, pack: Option<Pack>, output: Output) -> VoicePlayer {
        let Some(pack) = pack.filter(|_| voice.enabled) else {
            return VoicePlayer::silent();
        };
        let (queue, calls) = channel();
        let voice = voice.clone();
        let thread = std::thread::Builder::new()
            .name("voice".into())
            .spawn(move || run(&calls, &voice, &pack, output));
        match thread {
            Ok(thread) => VoicePlayer {
                queue: Some(queue),
                thread: Some(thread),
            },
            Err(e) => {
                tracing::warn!("cannot start the voice: {e}");
                VoicePlayer::silent()
            }
        }
    }

    /// A player that says nothing.
    pub fn silent() -> VoicePlayer {
        VoicePlayer {
            queue: None,
            thread: None,
        }
    }

    /// Queues a call; returns at once.
    pub fn say(&self, call: Announcement) {
        self.send(Message::Say(call));
    }

    /// The office as it is now: calls still waiting to be said are checked against it.
    pub fn board(&self, board: Board) {
        self.send(Message::Board(Box::new(board)));
    }

    fn send(&self, message: Message) {
        if let Some(queue) = &self.queue {
            // The thread only stops when the queue closes; a send can fail only after a panic.
            let _ = queue.send(message);
        }
    }

    /// Waits until every queued call has been said, then stops.
    pub fn finish(mut self) {
        self.queue = None;
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::warn!("the voice thread panicked");
        }
    }
}

fn run(inbox: &Receiver<Message>, voice: &VoiceConfig, pack: &Pack, output: Output) {
    let mut out: Box<dyn Out> = match output {
        Output::Speakers => Box::new(Speakers::default()),
        Output::Folder(dir) => {
            let played = last_number(&dir);
            Box::new(Folder { dir, played })
        }
    };
    let mut calls = VecDeque::new();
    let mut board: Option<Box<Board>> = None;
    loop {
        // Wait only when there is nothing to say; then take all that has come in.
        if calls.is_empty() {
            match inbox.recv() {
                Ok(message) => take(message, &mut calls, &mut board),
                Err(_) => return,
            }
        }
        for message in inbox.try_iter() {
            take(message, &mut calls, &mut board);
        }
        let Some(said) = calls.pop_front() else {
            continue;
        };
        if board.as_ref().is_some_and(|b| !b.still_called(&said)) {
            tracing::info!(number = %said.display, "not said: the citizen is already at the counter");
            continue;
        }
        match render(pack, voice, &said) {
            Ok(samples) => out.play(&said, &samples),
            Err(e) => tracing::error!(number = %said.display, "cannot say the call: {e}"),
        }
    }
}

fn take(message: Message, calls: &mut VecDeque<Announcement>, board: &mut Option<Box<Board>>) {
    match message {
        Message::Say(call) => calls.push_back(call),
        Message::Board(b) => *board = Some(b),
    }
}

/// The call's audio at the configured volume: "Xin mời lại …" for a recall, the sentence
/// said `[voice] repeat` times. A word missing from the pack still gets the chime, so that
/// heads turn to the screen.
pub fn render(
    pack: &Pack,
    voice: &VoiceConfig,
    said: &Announcement,
) -> Result<Vec<i16>, VoiceError> {
    let words = said.words(voice);
    let clips = match pack.announcement(&words, voice.repeat) {
        Ok(clips) => clips,
        Err(e) => {
            tracing::error!(number = %said.display, "{e}; playing the chime alone");
            vec![CHIME.to_string()]
        }
    };
    let volume = voice.volume.clamp(0.0, 1.0);
    Ok(pack
        .render(&clips)?
        .into_iter()
        .map(|s| (f32::from(s) * volume).round() as i16)
        .collect())
}

/// Where rendered calls are played.
trait Out {
    /// Plays `samples` to the end.
    fn play(&mut self, said: &Announcement, samples: &[i16]);
}

struct Folder {
    dir: PathBuf,
    played: u32,
}

impl Out for Folder {
    fn play(&mut self, said: &Announcement, samples: &[i16]) {
        self.played += 1;
        let path = self.dir.join(file_name(self.played, said));
        match write_wav(&path, samples) {
            Ok(()) => tracing::info!(file = %path.display(), "call written"),
            Err(e) => tracing::error!("cannot write the call: {e}"),
        }
    }
}

/// The highest `NNNN` of the calls already in `dir`, so that a display started again goes
/// on after them instead of writing over them.
fn last_number(dir: &Path) -> u32 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(|e| {
            let name = e.ok()?.file_name();
            let (n, _) = name.to_str()?.split_once('-')?;
            n.parse().ok()
        })
        .max()
        .unwrap_or(0)
}

/// `0001-A023-quay-3.wav`.
pub fn file_name(n: u32, said: &Announcement) -> String {
    let number: String = said
        .display
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!("{n:04}-{number}-quay-{}.wav", said.counter.0)
}

#[derive(Default)]
struct Speakers {
    sink: Option<MixerDeviceSink>,
    tried: Option<Instant>,
    warned: bool,
}

impl Speakers {
    fn open(&mut self) -> Option<&MixerDeviceSink> {
        let due = self.tried.is_none_or(|t| t.elapsed() >= RETRY_DEVICE);
        if self.sink.is_none() && due {
            self.tried = Some(Instant::now());
            match DeviceSinkBuilder::open_default_sink() {
                Ok(mut sink) => {
                    sink.log_on_drop(false);
                    tracing::info!("sound device open");
                    self.sink = Some(sink);
                }
                Err(e) if !self.warned => {
                    self.warned = true;
                    tracing::warn!("no sound device ({e}); calls are shown but not said");
                }
                Err(_) => {}
            }
        }
        self.sink.as_ref()
    }
}

impl Out for Speakers {
    fn play(&mut self, _said: &Announcement, samples: &[i16]) {
        let Some(sink) = self.open() else { return };
        let player = Player::connect_new(sink.mixer());
        let samples: Vec<f32> = samples.iter().map(|s| f32::from(*s) / 32768.0).collect();
        player.append(SamplesBuffer::new(NonZero::<u16>::MIN, RATE, samples));
        player.sleep_until_end();
    }
}

const RATE: NonZero<u32> = match NonZero::new(SAMPLE_RATE) {
    Some(rate) => rate,
    None => NonZero::<u32>::MIN,
};

/// The pack folder as configured, found from the working directory or, for a relative
/// path, from the office file's folder and its parents (a display started from elsewhere).
pub fn find_pack(configured: &str, office_file: &Path) -> Option<PathBuf> {
    let path = PathBuf::from(configured);
    if path.is_absolute() || path.join("clips.txt").is_file() {
        return Some(path);
    }
    let office_file = std::fs::canonicalize(office_file).unwrap_or(office_file.to_path_buf());
    office_file
        .ancestors()
        .skip(1)
        .map(|dir| dir.join(&path))
        .find(|p| p.join("clips.txt").is_file())
}
