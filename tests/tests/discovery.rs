//! A hub advertised with mDNS on the loopback interface is found, and a device connects
//! through the address it finds.

use std::time::Duration;

use shared::client::Link;
use shared::discovery::{Advertisement, Scope, find_hub};
use shared::protocol::Role;
use tests::{TestHub, default_office, eventually, identity};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_finds_the_hub_by_mdns_and_connects() {
    let hub = TestHub::start(default_office()).await;
    let _advert = Advertisement::start(&hub.config.name, hub.hub.addr.port(), Scope::Loopback)
        .expect("advertise");
    let found = tokio::task::spawn_blocking(|| find_hub(Scope::Loopback, Duration::from_secs(10)))
        .await
        .expect("search")
        .expect("mdns works on loopback");
    assert_eq!(found.as_deref(), Some(hub.http_url().as_str()));
    let (client, _) = shared::client::Client::start(identity(
        &hub.db,
        &found.unwrap_or_default(),
        Role::Display,
        "tv",
        None,
    ));
    eventually(
        "connected through the found address",
        Duration::from_secs(5),
        || client.link() == Link::Online,
    )
    .await;
}
