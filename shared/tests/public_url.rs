//! The address in the tickets' QR codes, chosen from network interfaces as `if-addrs`
//! reports them on real machines: an office PC, one with Docker, a laptop on Wi-Fi, a
//! machine whose DHCP failed, and this test machine's own.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use if_addrs::{IfAddr, IfOperStatus, Ifv4Addr, Ifv6Addr, Interface};
use shared::hub::public_url::{HubAt, PhoneProblem, Source, choose};

fn v4(name: &str, index: u32, ip: [u8; 4], prefix: u8) -> Interface {
    let ip = Ipv4Addr::from(ip);
    let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
    Interface {
        name: name.into(),
        addr: IfAddr::V4(Ifv4Addr {
            ip,
            netmask: Ipv4Addr::from(mask),
            prefixlen: prefix,
            broadcast: (!ip.is_loopback()).then(|| Ipv4Addr::from(u32::from(ip) | !mask)),
        }),
        index: Some(index),
        oper_status: if name == "lo" {
            IfOperStatus::Unknown
        } else {
            IfOperStatus::Up
        },
        is_p2p: false,
    }
}

fn v6(name: &str, index: u32, ip: &str, prefix: u8) -> Interface {
    Interface {
        name: name.into(),
        addr: IfAddr::V6(Ifv6Addr {
            ip: ip.parse::<Ipv6Addr>().expect("an IPv6 address"),
            netmask: Ipv6Addr::UNSPECIFIED,
            prefixlen: prefix,
            broadcast: None,
        }),
        index: Some(index),
        oper_status: IfOperStatus::Up,
        is_p2p: false,
    }
}

fn lo() -> Vec<Interface> {
    vec![v4("lo", 1, [127, 0, 0, 1], 8), v6("lo", 1, "::1", 128)]
}

fn every_address(port: u16) -> HubAt {
    HubAt::Hosted(SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), port))
}

#[test]
fn an_office_pc_gives_its_lan_address() {
    let mut interfaces = lo();
    interfaces.push(v4("enp3s0", 2, [192, 168, 1, 20], 24));
    interfaces.push(v6("enp3s0", 2, "fe80::a00:27ff:fe4e:66a1", 64));
    let chosen = choose(None, &every_address(8080), &interfaces);
    assert_eq!(chosen.url, "http://192.168.1.20:8080");
    assert_eq!(chosen.source, Source::Interface("enp3s0".into()));
    assert_eq!(chosen.problem, None);
}

#[test]
fn docker_and_vpn_bridges_give_way_to_the_wifi() {
    let mut interfaces = lo();
    interfaces.push(v4("docker0", 3, [172, 17, 0, 1], 16));
    interfaces.push(v4("br-5f1e2d3c4b5a", 4, [172, 18, 0, 1], 16));
    interfaces.push(v4("virbr0", 5, [192, 168, 122, 1], 24));
    interfaces.push(v4("tailscale0", 6, [100, 101, 102, 103], 32));
    interfaces.push(v4("wlp2s0", 2, [10, 0, 0, 15], 24));
    let chosen = choose(None, &every_address(8080), &interfaces);
    assert_eq!(chosen.url, "http://10.0.0.15:8080");
    assert_eq!(chosen.source, Source::Interface("wlp2s0".into()));
    // With nothing better, a bridge is still an address on some network.
    let only_docker: Vec<_> = lo()
        .into_iter()
        .chain([v4("docker0", 3, [172, 17, 0, 1], 16)])
        .collect();
    assert_eq!(
        choose(None, &every_address(8080), &only_docker).url,
        "http://172.17.0.1:8080"
    );
}

#[test]
fn a_machine_without_a_lan_address_says_so() {
    // DHCP failed: only a link-local address.
    let mut dhcp_failed = lo();
    dhcp_failed.push(v4("eth0", 2, [169, 254, 12, 7], 16));
    dhcp_failed.push(v6("eth0", 2, "fe80::fc:ff:fe00:1", 64));
    // A sandbox like this one: a documentation (TEST-NET) address and a unique local IPv6.
    let mut test_net = lo();
    test_net.push(v4("eth0", 2, [192, 0, 2, 2], 24));
    test_net.push(v6("eth0", 2, "fd00::2", 64));
    test_net.push(v6("eth0", 2, "fe80::fc:ff:fe00:1", 64));
    // A cable unplugged: the address is there but the link is down.
    let mut unplugged = lo();
    let mut down = v4("eth0", 2, [192, 168, 1, 20], 24);
    down.oper_status = IfOperStatus::Down;
    unplugged.push(down);
    for interfaces in [lo(), dhcp_failed, test_net.clone(), unplugged] {
        let chosen = choose(None, &every_address(8080), &interfaces);
        assert_eq!(
            chosen.problem,
            Some(PhoneProblem::NoLanAddress),
            "{chosen:?}"
        );
        assert_eq!(chosen.url, "http://127.0.0.1:8080");
    }
    // A hub on [::] takes IPv6 too, where this machine has a usable address.
    let dual = HubAt::Hosted("[::]:8080".parse().expect("address"));
    assert_eq!(choose(None, &dual, &test_net).url, "http://[fd00::2]:8080");
}

#[test]
fn a_hub_on_loopback_only_cannot_be_opened_by_phones() {
    let mut interfaces = lo();
    interfaces.push(v4("enp3s0", 2, [192, 168, 1, 20], 24));
    let at = "127.0.0.1:8080".parse().expect("address");
    let chosen = choose(None, &HubAt::Hosted(at), &interfaces);
    assert_eq!(chosen.url, "http://127.0.0.1:8080");
    assert_eq!(chosen.problem, Some(PhoneProblem::LoopbackOnly(at)));
    assert!(
        chosen
            .problem
            .expect("a problem")
            .to_string()
            .contains("hub.public_url")
    );
}

#[test]
fn the_office_setting_and_the_hubs_own_address_come_first() {
    let mut interfaces = lo();
    interfaces.push(v4("enp3s0", 2, [192, 168, 1, 20], 24));
    let loopback = HubAt::Hosted("127.0.0.1:8080".parse().expect("address"));
    let set = choose(Some("http://queue.office.lan/"), &loopback, &interfaces);
    assert_eq!(set.url, "http://queue.office.lan");
    assert_eq!((set.source, set.problem), (Source::Configured, None));
    let bound = HubAt::Hosted("192.168.1.20:9000".parse().expect("address"));
    assert_eq!(
        choose(None, &bound, &interfaces).url,
        "http://192.168.1.20:9000"
    );
    // A kiosk that joins a hub elsewhere prints that hub's address.
    let joined = HubAt::Joined("http://192.168.1.5:8080/".into());
    let chosen = choose(None, &joined, &interfaces);
    assert_eq!(
        (chosen.url.as_str(), chosen.source),
        ("http://192.168.1.5:8080", Source::Hub)
    );
    // A hub joined over https answers phones over plain http on the same port, so the
    // QR codes carry no certificate warning.
    for (hub, phones) in [
        ("https://192.168.1.5:8080/", "http://192.168.1.5:8080"),
        ("https://queue.office.lan", "http://queue.office.lan:443"),
    ] {
        let chosen = choose(None, &HubAt::Joined(hub.into()), &interfaces);
        assert_eq!((chosen.url.as_str(), chosen.source), (phones, Source::Hub));
    }
    // One that joins a hub on this machine prints this machine's LAN address.
    let here = HubAt::Joined("http://127.0.0.1:8081".into());
    assert_eq!(
        choose(None, &here, &interfaces).url,
        "http://192.168.1.20:8081"
    );
}

#[test]
fn this_machines_own_interfaces_never_give_an_address_phones_cannot_reach() {
    let interfaces = if_addrs::get_if_addrs().expect("interfaces");
    let chosen = choose(None, &every_address(8080), &interfaces);
    match chosen.problem {
        Some(PhoneProblem::NoLanAddress) => assert_eq!(chosen.url, "http://127.0.0.1:8080"),
        other => {
            assert_eq!(other, None);
            let host = chosen
                .url
                .trim_start_matches("http://")
                .trim_end_matches(":8080");
            let ip: IpAddr = host.parse().expect("an IP address");
            assert!(!ip.is_loopback() && !ip.is_unspecified(), "{ip}");
            assert!(interfaces.iter().any(|i| i.ip() == ip));
        }
    }
}
