//! The web display's sound (`/display/call.wav`) from the shipped voice pack: a recall says
//! "Xin mời lại khách hàng số …", and `[voice] repeat` says each call that many times.

#[path = "web_display_support/mod.rs"]
mod web_display_support;

use shared::voice::{GAP, Pack, SAMPLE_RATE, spoken};
use tests::TestHub;
use tests::sse::Stream;
use web_display_support::{Counter, get, issue, office_with, pack_dir, wav_samples};

/// Samples a call of `words` said `repeat` times should last: the chime, then the words'
/// clips `repeat` times, with a gap between two clips.
fn expected(words: &[&str], repeat: usize) -> usize {
    let pack = Pack::open(&pack_dir()).expect("the shipped pack");
    let clips = pack.clips_for(words).expect("every word has a clip");
    let len = |c: &String| {
        wav_samples(&std::fs::read(pack_dir().join(format!("{c}.wav"))).expect("clip"))
    };
    let chime = len(&clips[0]);
    let sentence: usize = clips[1..].iter().map(len).sum();
    let gap = (SAMPLE_RATE as u128 * GAP.as_millis() / 1000) as usize;
    chime + repeat * sentence + repeat * (clips.len() - 1) * gap
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recall_sounds_different_and_repeat_says_the_call_twice() {
    for repeat in [1u8, 2] {
        let config = office_with(|v| v.repeat = repeat);
        let hub = TestHub::start(config.clone()).await;
        let mut tv = Stream::open(&hub).await;
        issue(&hub).await;
        let mut lan = Counter::login(&hub, 1, "lan", "1111").await;
        lan.command("call_next").await;
        assert_eq!(
            tv.call().await.1["display"],
            "A001",
            "only a called number is said"
        );
        for again in [false, true] {
            let query = if again { "&recall=1" } else { "" };
            let path = format!("/display/call.wav?number=A001&counter=1{query}");
            let (status, head, wav) = get(&hub, &path).await;
            assert_eq!(status, 200, "{path}: {head}");
            let words = spoken("A001", "A", 1, again, &config.voice);
            assert_eq!(
                words[0],
                ["xin mời khách hàng số", "xin mời lại khách hàng số"][usize::from(again)]
            );
            assert_eq!(
                wav_samples(&wav),
                expected(&words, usize::from(repeat)),
                "{path} said {repeat} times"
            );
        }
        hub.hub.stop().await.expect("hub stops");
    }
}
