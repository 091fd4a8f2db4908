//! The web display's script holds no words of its own: every word it shows comes from the
//! table the hub embeds in the page (`shared::board::words`, the native display's too).

#[path = "web_display_support/mod.rs"]
mod web_display_support;

use shared::board::Words;
use tests::{TestHub, default_office};
use web_display_support::get;

#[tokio::test]
async fn the_script_has_no_words_and_the_page_carries_the_shared_table() {
    let hub = TestHub::start(default_office()).await;
    let (status, _, script) = get(&hub, "/display/display.js").await;
    assert_eq!(status, 200);
    let script = String::from_utf8(script).expect("UTF-8");
    // Vietnamese (and the arrow, the dashes) are never ASCII: a letter of it in the script
    // is a word written twice.
    let foreign: Vec<(usize, &str)> = script
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.is_ascii())
        .map(|(i, l)| (i + 1, l.trim()))
        .collect();
    assert!(foreign.is_empty(), "lines with non-ASCII text: {foreign:?}");
    for english in [false, true] {
        let words = Words::of(english);
        let table = serde_json::to_value(words).expect("JSON");
        for word in table.as_object().expect("an object").values() {
            let Some(word) = word.as_str() else { continue };
            if word.chars().any(char::is_alphabetic) && word.len() > 2 {
                for quoted in [format!("\"{word}\""), format!("'{word}'")] {
                    assert!(!script.contains(&quoted), "the script writes {quoted}");
                }
            }
        }
        let path = if english {
            "/display?lang=en"
        } else {
            "/display"
        };
        let (status, _, page) = get(&hub, path).await;
        assert_eq!(status, 200);
        let page = String::from_utf8(page).expect("UTF-8");
        assert!(page.contains(&words.json()), "{path} embeds its words");
    }
    hub.hub.stop().await.expect("hub stops");
}
