//! `counter`: the clerk's app at one counter.

fn main() {
    println!("counter: not yet");
}
