//! Which connections may carry what: the one rule of plain HTTP against TLS, applied to
//! every request by one layer.
//!
//! - **Public pages** (the citizens' ticket pages `/t/…`, the TV display `/display…`, the
//!   rating tablet `/rate/…`, their assets, `/health`, `/metrics`): over plain HTTP and
//!   TLS alike. Phones open them from a QR code and must not see a certificate warning;
//!   they carry no secret beyond their unguessable links.
//! - **Staff pages** (`/reports…`, `/overview…`, and the sign-in among them): TLS only.
//!   Over plain HTTP they answer `308 Permanent Redirect` to the same address over
//!   `https://` (same host and port: the hub serves both on one port), from every address,
//!   this machine's too: the session cookie is `Secure`, so it is only ever set and sent
//!   over TLS, and a browser on the hub's machine is treated like any other.
//! - **Credentials** (`/ws` for devices with their tokens, `/api/…` with its keys,
//!   `/events`): TLS, or plain from this machine only (loopback never crosses the LAN: the
//!   kiosk's own client of the hub it hosts, scripts on the hub's machine). From another
//!   machine over plain HTTP they are refused with `403` and words saying to use TLS; the
//!   client ([`crate::client`]) never sends a token in clear to another machine either.
//!
//! Over TLS every cookie the hub sets is marked `Secure`.

use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::peer::Peer;

/// What a request is, for the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Open to anyone over plain HTTP or TLS.
    Public,
    /// The office staff's pages: TLS only.
    Staff,
    /// Carries a credential: TLS, or plain from this machine.
    Credentials,
}

/// What the hub does with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Answer it.
    Serve,
    /// Send the browser to the same address over `https://`.
    Redirect,
    /// Refuse it: it would carry a credential across the LAN in clear.
    Refuse,
}

/// The class of a request for `path`.
pub fn class(path: &str) -> Class {
    let under = |root: &str| {
        path == root
            || path
                .strip_prefix(root)
                .is_some_and(|rest| rest.starts_with('/') || rest.starts_with('.'))
    };
    if under("/reports") || under("/overview") {
        Class::Staff
    } else if under("/ws") || under("/api") || under("/events") {
        Class::Credentials
    } else {
        Class::Public
    }
}

/// The rule: what to do with a request for `path` from `peer`.
pub fn decide(path: &str, peer: &Peer) -> Decision {
    match (class(path), peer.tls) {
        (Class::Public, _) | (_, true) => Decision::Serve,
        (Class::Staff, false) => Decision::Redirect,
        (Class::Credentials, false) if peer.is_loopback() => Decision::Serve,
        (Class::Credentials, false) => Decision::Refuse,
    }
}

/// Words for whoever sent a credential over plain HTTP from another machine.
const USE_TLS: &str = "this hub accepts credentials from other machines only over TLS: \
     use https:// (wss:// for devices) at the same address and port";

/// Applies [`decide`] to `request` (an axum middleware), and marks cookies set over TLS
/// `Secure`.
pub async fn enforce(request: Request, next: Next) -> Response {
    // A request always has its peer (the hub is served with it); without one, assume the
    // least: plain, from the LAN.
    let peer = request
        .extensions()
        .get::<ConnectInfo<Peer>>()
        .map(|c| c.0)
        .unwrap_or(Peer {
            addr: ([0, 0, 0, 0], 0).into(),
            tls: false,
        });
    match decide(request.uri().path(), &peer) {
        Decision::Serve => {}
        Decision::Redirect => return redirect(&request),
        Decision::Refuse => {
            tracing::info!(addr = %peer.addr, path = request.uri().path(), "credentials over plain HTTP from the LAN refused");
            return (StatusCode::FORBIDDEN, USE_TLS).into_response();
        }
    }
    let mut response = next.run(request).await;
    if peer.tls {
        let cookies = response.headers_mut();
        if let header::Entry::Occupied(mut set) = cookies.entry(header::SET_COOKIE) {
            for value in set.iter_mut() {
                let text = value.to_str().unwrap_or_default();
                if !text.to_ascii_lowercase().contains("; secure")
                    && let Ok(secure) = HeaderValue::from_str(&format!("{text}; Secure"))
                {
                    *value = secure;
                }
            }
        }
    }
    response
}

/// `308` to the same host, port, path and query over `https://`.
fn redirect(request: &Request) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.parse::<axum::http::uri::Authority>().ok());
    let path = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    let target = host.and_then(|host| {
        Uri::builder()
            .scheme("https")
            .authority(host)
            .path_and_query(path)
            .build()
            .ok()
    });
    match target {
        Some(target) => (
            StatusCode::PERMANENT_REDIRECT,
            [(header::LOCATION, target.to_string())],
        )
            .into_response(),
        None => (StatusCode::BAD_REQUEST, "open this page with https://").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peer(addr: &str, tls: bool) -> Peer {
        Peer {
            addr: addr.parse().unwrap_or_else(|_| unreachable!()),
            tls,
        }
    }

    #[test]
    fn the_rule_for_each_kind_of_page_and_connection() {
        let lan = peer("192.168.1.30:50000", false);
        let lan_tls = peer("192.168.1.30:50000", true);
        let here = peer("127.0.0.1:50000", false);
        let mapped = peer("[::ffff:127.0.0.1]:50000", false);
        use Decision::*;
        for (path, from_lan, over_tls, from_here) in [
            ("/t/12.abc", Serve, Serve, Serve),
            ("/rate/3", Serve, Serve, Serve),
            ("/display", Serve, Serve, Serve),
            ("/display/call.wav", Serve, Serve, Serve),
            ("/web/ticket.js", Serve, Serve, Serve),
            ("/health", Serve, Serve, Serve),
            ("/reports", Redirect, Serve, Redirect),
            ("/reports/login", Redirect, Serve, Redirect),
            ("/reports.csv", Redirect, Serve, Redirect),
            ("/reports/tickets.csv", Redirect, Serve, Redirect),
            ("/overview", Redirect, Serve, Redirect),
            ("/overview/events", Redirect, Serve, Redirect),
            ("/ws", Refuse, Serve, Serve),
            ("/api/state", Refuse, Serve, Serve),
            ("/events", Refuse, Serve, Serve),
            // Not a staff page, only a name that starts alike.
            ("/reportsx", Serve, Serve, Serve),
        ] {
            assert_eq!(decide(path, &lan), from_lan, "{path} from the LAN");
            assert_eq!(decide(path, &lan_tls), over_tls, "{path} over TLS");
            assert_eq!(decide(path, &here), from_here, "{path} from here");
            assert_eq!(
                decide(path, &mapped),
                from_here,
                "{path} from ::ffff:127.0.0.1"
            );
        }
    }
}
