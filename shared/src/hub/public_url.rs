//! The hub's address as a citizen's phone on the office LAN opens it: what the ticket's QR
//! code and the test print carry. It is `hub.public_url` when the office sets one, else
//! the hub's own address when that is on the LAN, else this machine's best LAN address
//! among its real interfaces. When phones cannot reach the hub at all (it listens on this
//! machine only, or the machine has no LAN address) the choice says so, for the kiosk's
//! start-up and `kiosk check-config`.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use if_addrs::{IfOperStatus, Interface};

use super::peer::is_this_machine;
use crate::config::HubConfig;

/// Where the hub is, as this machine knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HubAt {
    /// Run on this machine, bound to this address.
    Hosted(SocketAddr),
    /// Run elsewhere, reached at this URL.
    Joined(String),
}

/// The address printed in QR codes, and why phones may not open it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    /// `http://HOST:PORT`, without a trailing slash.
    pub url: String,
    /// How it was found (for the log and `check-config`).
    pub source: Source,
    /// Why a phone on the LAN cannot open it, if it cannot.
    pub problem: Option<PhoneProblem>,
}

/// How the public address was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `hub.public_url` in the office file.
    Configured,
    /// The address the hub is bound to or joined at.
    Hub,
    /// This network interface's address.
    Interface(String),
    /// Nothing better: this machine only.
    Loopback,
}

/// Why phones cannot open the ticket pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneProblem {
    /// The hub listens on this machine only (e.g. `127.0.0.1:8080`).
    LoopbackOnly(SocketAddr),
    /// The machine has no address on a LAN.
    NoLanAddress,
}

impl fmt::Display for PhoneProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhoneProblem::LoopbackOnly(at) => write!(
                f,
                "phones cannot open the tickets' QR codes: the hub listens on this machine \
                 only ({at}); set hub.listen = \"0.0.0.0:{}\" or hub.public_url",
                at.port()
            ),
            PhoneProblem::NoLanAddress => f.write_str(
                "phones cannot open the tickets' QR codes: this machine has no address on \
                 the office network; connect it or set hub.public_url",
            ),
        }
    }
}

impl PhoneProblem {
    /// The same for the office's staff, in Vietnamese.
    pub fn vietnamese(&self) -> String {
        match self {
            PhoneProblem::LoopbackOnly(_) => {
                "mã QR trên vé không mở được bằng điện thoại: máy chủ chỉ nhận kết nối từ chính \
                 máy này (sửa hub.listen hoặc đặt hub.public_url)"
            }
            PhoneProblem::NoLanAddress => {
                "mã QR trên vé không mở được bằng điện thoại: máy không có địa chỉ mạng nội bộ \
                 (kết nối mạng hoặc đặt hub.public_url)"
            }
        }
        .to_string()
    }
}

/// The public address for a hub at `hub`, from the office's setting and this machine's
/// network interfaces as they are now.
pub fn for_this_machine(config: &HubConfig, hub: &HubAt) -> PublicUrl {
    let interfaces = if_addrs::get_if_addrs().unwrap_or_else(|e| {
        tracing::warn!(error = %e, "could not list the network interfaces");
        Vec::new()
    });
    choose(config.public_url.as_deref(), hub, &interfaces)
}

/// The public address of the office's hub as its file describes it (`hub.url`, else
/// `hub.listen` on this machine), for commands run before or beside the hub.
pub fn for_office(config: &HubConfig) -> PublicUrl {
    let at = match (&config.url, config.listen.parse::<SocketAddr>()) {
        (Some(url), _) => HubAt::Joined(url.clone()),
        (None, Ok(listen)) => HubAt::Hosted(listen),
        // Validation refuses such a file; read it as every address on port 8080.
        (None, Err(_)) => HubAt::Hosted(SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), 8080)),
    };
    for_this_machine(config, &at)
}

/// The public address for a hub at `hub`, given `hub.public_url` and the interfaces.
pub fn choose(configured: Option<&str>, hub: &HubAt, interfaces: &[Interface]) -> PublicUrl {
    if let Some(url) = configured {
        return found(url.trim_end_matches('/').to_string(), Source::Configured);
    }
    let bound = match hub {
        HubAt::Joined(url) => match host_port(url) {
            Some((host, port)) if is_this_machine(&host) => {
                SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), port)
            }
            // Phones open the same port over plain HTTP, without a certificate warning.
            _ => return found(plain_http(url), Source::Hub),
        },
        HubAt::Hosted(bound) => *bound,
    };
    let port = bound.port();
    if bound.ip().is_loopback() {
        return PublicUrl {
            url: http(bound.ip(), port),
            source: Source::Loopback,
            problem: Some(PhoneProblem::LoopbackOnly(bound)),
        };
    }
    if !bound.ip().is_unspecified() {
        return found(http(bound.ip(), port), Source::Hub);
    }
    // Bound to every address: a socket on 0.0.0.0 takes IPv4 only, one on [::] both.
    let v6 = bound.is_ipv6();
    let best = interfaces
        .iter()
        .filter(|i| i.oper_status != IfOperStatus::Down)
        .filter(|i| reachable(i.ip()) && (v6 || i.ip().is_ipv4()))
        .min_by_key(|i| rank(i));
    match best {
        Some(i) => found(http(i.ip(), port), Source::Interface(i.name.clone())),
        None => PublicUrl {
            url: http(IpAddr::V4(Ipv4Addr::LOCALHOST), port),
            source: Source::Loopback,
            problem: Some(PhoneProblem::NoLanAddress),
        },
    }
}

fn found(url: String, source: Source) -> PublicUrl {
    PublicUrl {
        url,
        source,
        problem: None,
    }
}

fn http(ip: IpAddr, port: u16) -> String {
    match ip {
        IpAddr::V4(ip) => format!("http://{ip}:{port}"),
        IpAddr::V6(ip) => format!("http://[{ip}]:{port}"),
    }
}

/// `url` as phones open it: an `https://` hub also answers plain HTTP on its port.
fn plain_http(url: &str) -> String {
    let url = url.trim_end_matches('/');
    let Some(rest) = url.strip_prefix("https://") else {
        return url.to_string();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    // The port stays the hub's one port (443 when the URL names none).
    match host_port(url) {
        Some((_, 443)) if !authority.ends_with(":443") => format!("http://{authority}:443{path}"),
        _ => format!("http://{rest}"),
    }
}

/// Host and port of `http(s)://HOST:PORT/...`.
fn host_port(url: &str) -> Option<(String, u16)> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split('/').next()?;
    let default = if scheme == "https" { 443 } else { 80 };
    match authority.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(':') => Some((
            host.trim_matches(['[', ']']).to_string(),
            port.parse().ok()?,
        )),
        _ => Some((authority.to_string(), default)),
    }
}

/// Whether a phone on a LAN could ever reach `ip`: not loopback, link-local, unspecified
/// or the documentation ranges (TEST-NET), which are never a real office's.
fn reachable(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => {
            let [a, b, c, _] = ip.octets();
            !(ip.is_loopback()
                || ip.is_link_local()
                || ip.is_unspecified()
                || ip.is_broadcast()
                || (a, b, c) == (192, 0, 2)
                || (a, b, c) == (198, 51, 100)
                || (a, b, c) == (203, 0, 113))
        }
        IpAddr::V6(ip) => {
            let first = ip.segments()[0];
            !(ip.is_loopback()
                || ip.is_unspecified()
                || first & 0xffc0 == 0xfe80
                || (first, ip.segments()[1]) == (0x2001, 0x0db8))
        }
    }
}

/// Lower is better: a real adapter before a container or VPN bridge, a private IPv4 LAN
/// address before any other, IPv4 before IPv6, then by name for a stable choice.
fn rank(i: &Interface) -> (bool, u8, String) {
    let class = match i.ip() {
        IpAddr::V4(ip) if ip.is_private() => 0,
        IpAddr::V4(_) => 1,
        IpAddr::V6(_) => 2,
    };
    (is_virtual(&i.name) || i.is_p2p, class, i.name.clone())
}

/// Bridges and tunnels that containers, virtual machines and VPNs add: their addresses
/// lead nowhere from a phone.
fn is_virtual(name: &str) -> bool {
    const PREFIXES: [&str; 15] = [
        "docker",
        "br-",
        "veth",
        "virbr",
        "lxcbr",
        "lxdbr",
        "cni",
        "flannel",
        "cali",
        "podman",
        "vboxnet",
        "vmnet",
        "tailscale",
        "wg",
        "tun",
    ];
    PREFIXES.iter().any(|p| name.starts_with(p))
}
