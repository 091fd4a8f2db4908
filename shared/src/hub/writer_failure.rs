//! A writer thread that dies takes the hub down with it, rather than leaving pages and
//! sockets up over a hub that can no longer answer a single command.

use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;

use crate::config::Config;
use crate::engine::Command;
use crate::store::Store;

use super::{HubError, Writer, serve_with};

/// Longest the test waits for the hub to stop: only a hang guard, far above the real time.
const HANG: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_on_the_writer_thread_stops_the_hub_with_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let office = concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/config/office.toml");
    let config = Arc::new(Config::load(std::path::Path::new(office)).expect("default office"));
    let store = Store::open(&dir.path().join("office.db"), config).expect("open");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let (handed, writer) = tokio::sync::oneshot::channel::<Writer>();
    let hub = tokio::spawn(serve_with(
        listener,
        store,
        std::future::pending(),
        move |writer| _ = handed.send(writer),
    ));
    let writer = writer.await.expect("the hub hands over its writer");
    let before = writer.submit(Command::Rollover, None).await;
    assert!(matches!(before, Ok(Ok(_))), "before the panic: {before:?}");

    let read = writer
        .read(|_| -> () { panic!("a bug on the writer thread") })
        .await;
    assert!(matches!(read, Err(HubError::Stopped)), "{read:?}");
    let after = writer.submit(Command::Rollover, None).await;
    assert!(matches!(after, Err(HubError::Stopped)), "{after:?}");
    drop(writer);
    let served = tokio::time::timeout(HANG, hub)
        .await
        .expect("the hub stops once its writer is gone")
        .expect("the hub task");
    let error = served.expect_err("a hub whose writer died must end with an error");
    assert!(
        error.to_string().contains("a bug on the writer thread"),
        "the error says why: {error}"
    );
}
