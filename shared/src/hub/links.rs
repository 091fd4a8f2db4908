//! Links that cannot be guessed, with no table of tokens: a ticket's phone page
//! `/t/{id}.{token}` and a counter's rating tablet `/rate/{counter}?k={token}`.
//!
//! A token is the first 16 bytes (32 hex digits) of a keyed BLAKE2b of what it opens, keyed
//! by a key derived from the hub's own random secret, made on its first start and kept in
//! its database ([`crate::store::secrets`]), never in the office file (whose shipped example
//! is public, so links keyed from it could be forged). The hub sends the secret to kiosks
//! only, in their welcome, so a kiosk prints the link and the hub checks it without a
//! table; citizens never see it, so a ticket number or id does not lead to anyone else's
//! page.

use blake2::digest::consts::{U16, U32};
use blake2::digest::{KeyInit, Mac};
use blake2::{Blake2b, Blake2bMac, Digest};

use crate::model::{CounterId, TicketId};

use super::auth::key_matches;

/// Bytes of a token (printed as twice as many hex digits).
const TOKEN_BYTES: usize = 16;

/// The key of the links, derived from the hub's secret for this use alone.
fn link_key(secret: &str) -> [u8; 32] {
    let mut h = Blake2b::<U32>::new();
    h.update(b"queue-office links v1\0");
    h.update(secret.as_bytes());
    h.finalize().into()
}

fn token(secret: &str, what: &str) -> String {
    let key = link_key(secret);
    let Ok(mut mac) = <Blake2bMac<U16> as KeyInit>::new_from_slice(&key) else {
        // A 32-byte key is always accepted (BLAKE2b takes up to 64).
        return String::new();
    };
    mac.update(what.as_bytes());
    let bytes = mac.finalize().into_bytes();
    bytes[..TOKEN_BYTES]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The token of a ticket's page.
pub fn ticket_token(secret: &str, ticket: TicketId) -> String {
    token(secret, &format!("ticket:{}", ticket.0))
}

/// The token of a counter's rating tablet.
pub fn tablet_token(secret: &str, counter: CounterId) -> String {
    token(secret, &format!("tablet:{}", counter.0))
}

/// `/t/{id}.{token}`: the path of a ticket's phone page (the QR on the ticket).
pub fn ticket_path(secret: &str, ticket: TicketId) -> String {
    format!("/t/{}.{}", ticket.0, ticket_token(secret, ticket))
}

/// `/rate/{counter}?k={token}`: the path of a counter's rating tablet page.
pub fn tablet_path(secret: &str, counter: CounterId) -> String {
    format!("/rate/{}?k={}", counter.0, tablet_token(secret, counter))
}

/// The ticket a `{id}.{token}` link opens, if its token is right.
pub fn open_ticket(secret: &str, link: &str) -> Option<TicketId> {
    let (id, given) = link.split_once('.')?;
    if id.is_empty() || id.len() > 19 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let ticket = TicketId(id.parse().ok()?);
    key_matches(given, &ticket_token(secret, ticket)).then_some(ticket)
}

/// Whether `given` is the token of `counter`'s tablet.
pub fn tablet_matches(secret: &str, counter: CounterId, given: &str) -> bool {
    key_matches(given, &tablet_token(secret, counter))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "doi-khoa-nay-truoc-khi-dung";

    #[test]
    fn a_ticket_link_opens_its_ticket_and_nothing_else() {
        let path = ticket_path(KEY, TicketId(42));
        let link = path.strip_prefix("/t/").expect("a ticket path");
        assert_eq!(link.len(), "42.".len() + 32);
        assert_eq!(open_ticket(KEY, link), Some(TicketId(42)));
        let token = link.split_once('.').expect("a dot").1;
        assert_eq!(open_ticket(KEY, &format!("43.{token}")), None);
        assert_eq!(open_ticket("another-hubs-secret", link), None);
        assert_eq!(open_ticket(KEY, "42"), None);
        assert_eq!(open_ticket(KEY, "42."), None);
        assert_eq!(open_ticket(KEY, &format!("+42.{token}")), None);
    }

    #[test]
    fn tablet_tokens_differ_per_counter_and_from_tickets() {
        let one = tablet_token(KEY, CounterId(1));
        assert!(tablet_matches(KEY, CounterId(1), &one));
        assert!(!tablet_matches(KEY, CounterId(2), &one));
        assert_ne!(one, ticket_token(KEY, TicketId(1)));
        assert_eq!(
            tablet_path(KEY, CounterId(3)),
            format!("/rate/3?k={}", tablet_token(KEY, CounterId(3)))
        );
    }
}
