//! `display`: the waiting room's wall display.

fn main() {
    println!("display: not yet");
}
