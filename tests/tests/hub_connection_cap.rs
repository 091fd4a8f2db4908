//! The cap on connections: one address may hold only so many, and the hub only so many in
//! all; beyond, a new connection is closed at once, while others' connections still work.

mod flood_support;

use std::net::IpAddr;

use flood_support::{connect_from, health_on, loopback, metric};
use shared::hub::connections::{MAX_CONNECTIONS, MAX_PER_ADDRESS};
use tests::{TestHub, default_office};
use tokio::net::TcpStream;

/// `n` connections from `from`, each shown to be served by one request on it.
async fn hold(hub: std::net::SocketAddr, from: IpAddr, n: usize) -> Vec<TcpStream> {
    let opened = futures_util::future::join_all((0..n).map(|_| async move {
        let mut stream = connect_from(hub, from).await.expect("connect");
        let status = health_on(&mut stream).await;
        (status, stream)
    }))
    .await;
    opened
        .into_iter()
        .map(|(status, stream)| {
            assert_eq!(
                status, 200,
                "a connection from {from} within the cap is served"
            );
            stream
        })
        .collect()
}

/// Whether a new connection from `from` is served.
async fn served(hub: std::net::SocketAddr, from: IpAddr) -> bool {
    let mut stream = connect_from(hub, from).await.expect("connect");
    health_on(&mut stream).await == 200
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_holds_only_its_share_of_connections() {
    let hub = TestHub::start(default_office()).await;
    let addr = hub.hub.addr;
    let phone = loopback(0, 1);
    let mut held = hold(addr, phone, MAX_PER_ADDRESS).await;
    assert!(
        !served(addr, phone).await,
        "one more from the same address is closed"
    );
    assert!(!served(addr, phone).await);
    assert!(
        served(addr, loopback(0, 2)).await,
        "another address is served"
    );
    held.pop();
    // Closing one makes room for one: the hub sees it closed when it reads its end.
    let mut room = false;
    for _ in 0..200 {
        if served(addr, phone).await {
            room = true;
            break;
        }
        tokio::task::yield_now().await;
    }
    assert!(room, "a closed connection gives its place back");
    let refused = metric(addr, "queue_connections_refused_total{limit=\"address\"}").await;
    assert!(refused >= 2, "{refused} refused for the address");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hub_holds_only_so_many_connections_in_all() {
    let hub = TestHub::start(default_office()).await;
    let addr = hub.hub.addr;
    let addresses = MAX_CONNECTIONS.div_ceil(MAX_PER_ADDRESS);
    let mut held = Vec::new();
    for n in 0..addresses {
        let from = loopback(1, u8::try_from(n + 1).expect("few addresses"));
        let want = MAX_PER_ADDRESS.min(MAX_CONNECTIONS - held.len());
        held.extend(hold(addr, from, want).await);
    }
    assert_eq!(held.len(), MAX_CONNECTIONS);
    // A newcomer from any address is closed at once, the held ones still work.
    assert!(!served(addr, loopback(2, 1)).await);
    assert!(!served(addr, loopback(2, 2)).await);
    assert_eq!(health_on(&mut held[0]).await, 200);
    let refused = metric_after_closing(addr, &mut held).await;
    assert!(refused >= 2, "{refused} refused for the total");
}

/// Closes a few held connections (so that `/metrics` itself can be asked) and reads the
/// refusals for the total.
async fn metric_after_closing(addr: std::net::SocketAddr, held: &mut Vec<TcpStream>) -> u64 {
    held.truncate(held.len() - 8);
    let mut answer = None;
    for _ in 0..200 {
        if served(addr, loopback(0, 9)).await {
            answer = Some(metric(addr, "queue_connections_refused_total{limit=\"total\"}").await);
            break;
        }
        tokio::task::yield_now().await;
    }
    answer.expect("room again once some closed")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn devices_on_machines_of_their_own_all_connect_beyond_one_addresss_share() {
    let hub = TestHub::start(default_office()).await;
    let url = hub.hub.ws_url();
    // More displays than one address may hold, each from a machine (address) of its own.
    let mut clients = Vec::new();
    for n in 0..MAX_PER_ADDRESS + 6 {
        let device = format!("tv-{n}");
        let mut identity = tests::identity(
            &hub.db,
            &url,
            shared::protocol::Role::Display,
            &device,
            None,
        );
        identity.from = Some(loopback(3, 1 + n as u8));
        let (client, _updates) = shared::client::Client::start(identity);
        clients.push(client);
    }
    for (n, client) in clients.iter().enumerate() {
        let mut link = client.watch_link();
        // A bound, so a refused one fails the test rather than hangs it.
        let waited = std::time::Duration::from_secs(30);
        let online = tokio::time::timeout(
            waited,
            link.wait_for(|l| *l == shared::client::Link::Online),
        )
        .await
        .is_ok_and(|r| r.is_ok());
        assert!(online, "display {n} from 127.0.3.{} is online", n + 1);
    }
    assert_eq!(tests::health(&hub).await["devices"], MAX_PER_ADDRESS + 6);
}
