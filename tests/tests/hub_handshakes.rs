//! Connections that start and never finish (no byte, or half a TLS handshake) are held
//! only a few per address: one phone opening hundreds of silent connections cannot take
//! every place the hub keeps for connections starting, so others are still served.

mod flood_support;

use flood_support::{connect_from, loopback};
use shared::hub::listener::{MAX_HANDSHAKES, MAX_HANDSHAKES_PER_ADDRESS};
use tests::{TestHub, default_office, https};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_with_hundreds_of_silent_connections_leaves_room_for_others() {
    let hub = TestHub::start(default_office()).await;
    let phone = loopback(0, 3);
    // As many as the hub has places for in all, from one address, each saying nothing.
    let mut silent = Vec::new();
    for _ in 0..MAX_HANDSHAKES {
        silent.push(connect_from(hub.hub.addr, phone).await.expect("connect"));
    }
    // Another machine (127.0.0.1 to the hub) is still served, over TLS and plain.
    let (status, body) = https(&hub, "GET", "/health", &[], "").await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = tests::http(&hub, "GET", "/health", &[], "").await;
    assert_eq!(status, 200, "{body}");
    drop(silent);
    // One address alone never holds every place.
    const { assert!(MAX_HANDSHAKES_PER_ADDRESS < MAX_HANDSHAKES) };
}
