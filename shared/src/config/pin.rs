//! Clerk PINs: stored only as Argon2 hashes, checked in constant time by the argon2 crate.
//!
//! A hash records how many digits its PIN has, as Argon2's associated data (`data=` in the
//! PHC string, e.g. `pin-digits=6`): part of what is hashed, so it cannot be edited without
//! spoiling the hash, and it lets `kiosk check-config` tell a manager's PIN that is too
//! short ([`MANAGER_DIGITS`]) without knowing the PIN.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, AssociatedData, Block, Params, ParamsBuilder, Version};

/// Digits a manager's PIN (a clerk with `admin = true`) has at least; clerks' PINs may be
/// shorter (4 digits at least).
pub const MANAGER_DIGITS: usize = 6;
/// The associated data's prefix; the number of digits follows.
const MARKER: &str = "pin-digits=";

/// Why a PIN cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a PIN is 4 to 8 digits")]
pub struct BadPin;

/// Hashes a PIN of 4 to 8 digits into a PHC string for the configuration, recording how
/// many digits it has.
pub fn hash(pin: &str) -> Result<String, BadPin> {
    if !(4..=8).contains(&pin.len()) || !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(BadPin);
    }
    let marker = format!("{MARKER}{}", pin.len());
    let data = AssociatedData::new(marker.as_bytes()).map_err(|_| BadPin)?;
    let params = ParamsBuilder::new()
        .data(data)
        .build()
        .map_err(|_| BadPin)?;
    let salt = SaltString::generate(&mut OsRng);
    Argon2::from(params)
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| BadPin)
}

/// Whether `pin` matches `hash`; a malformed hash never matches.
pub fn verify(pin: &str, hash: &str) -> bool {
    Verifier::default().verify(pin, hash)
}

/// Checks PINs in Argon2 memory (19 MiB for the default parameters) that it keeps from one
/// check to the next: the hub's few checkers so hold their memory once, instead of
/// allocating it anew on whichever thread runs each check (which left the allocator
/// holding many such blocks).
#[derive(Default)]
pub struct Verifier {
    blocks: Vec<Block>,
}

impl Verifier {
    /// Whether `pin` matches `hash`; a malformed hash never matches.
    pub fn verify(&mut self, pin: &str, hash: &str) -> bool {
        PasswordHash::new(hash).is_ok_and(|h| self.matches(pin, &h) == Some(true))
    }

    fn matches(&mut self, pin: &str, hash: &PasswordHash<'_>) -> Option<bool> {
        let params = Params::try_from(hash).ok()?;
        let algorithm = Algorithm::try_from(hash.algorithm).ok()?;
        let version = match hash.version {
            Some(v) => Version::try_from(v).ok()?,
            None => Version::default(),
        };
        let mut salt = [0u8; 64];
        let salt = hash.salt?.decode_b64(&mut salt).ok()?;
        let expected = hash.hash?;
        let blocks = params.block_count();
        if self.blocks.len() < blocks {
            self.blocks.resize(blocks, Block::default());
        }
        let mut out = vec![0u8; expected.len()];
        Argon2::new(algorithm, version, params)
            .hash_password_into_with_memory(
                pin.as_bytes(),
                salt,
                &mut out,
                &mut self.blocks[..blocks],
            )
            .ok()?;
        // Output compares in constant time.
        Some(Output::new(&out).ok()? == expected)
    }
}

/// Whether `text` is an Argon2 PHC string.
pub fn is_hash(text: &str) -> bool {
    PasswordHash::new(text).is_ok_and(|h| h.algorithm.as_str().starts_with("argon2"))
}

/// How many digits the PIN behind `hash` has, if its hasher recorded it (hashes made
/// before `kiosk hash-pin` recorded it do not say).
pub fn digits(hash: &str) -> Option<usize> {
    let parsed = PasswordHash::new(hash).ok()?;
    let data = argon2::Params::try_from(&parsed).ok()?;
    std::str::from_utf8(data.data())
        .ok()?
        .strip_prefix(MARKER)?
        .parse()
        .ok()
}

/// What `kiosk hash-pin` says of a PIN of `digits` digits: whether a manager may use it.
pub fn hash_note(digits: usize) -> String {
    if digits >= MANAGER_DIGITS {
        format!("a {digits}-digit PIN: good for a clerk or an office manager (admin = true)")
    } else {
        format!(
            "a {digits}-digit PIN: good for a clerk only; an office manager (admin = true) needs at least {MANAGER_DIGITS} digits"
        )
    }
}

/// What is wrong with a manager's PIN hash, if anything: too short, or of unknown length.
pub fn manager_problem(hash: &str) -> Option<String> {
    match digits(hash) {
        Some(n) if n >= MANAGER_DIGITS => None,
        Some(n) => Some(format!(
            "its PIN has {n} digits; an office manager's needs at least {MANAGER_DIGITS}: make a new one with `kiosk hash-pin`"
        )),
        None => Some(format!(
            "its PIN hash does not say how many digits the PIN has (it was made before `kiosk hash-pin` recorded it); an office manager's PIN needs at least {MANAGER_DIGITS}: make a new hash with `kiosk hash-pin`"
        )),
    }
}

/// A warning for each office manager (`admin = true`) whose PIN is, or may be, shorter than
/// [`MANAGER_DIGITS`]: said by `kiosk check-config` and logged when the hub starts.
pub fn manager_warnings(clerks: &[super::ClerkConfig]) -> Vec<String> {
    clerks
        .iter()
        .filter(|c| c.admin)
        .filter_map(|c| {
            let problem = manager_problem(&c.pin_hash)?;
            Some(format!("clerk {} (admin = true): {problem}", c.id))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_pin_verifies_and_others_do_not() {
        let h = hash("2468").expect("a good PIN hashes");
        assert!(is_hash(&h));
        assert!(verify("2468", &h));
        assert!(!verify("2469", &h));
        assert!(!verify("2468", "not a hash"));
        // One verifier, its memory kept, checks one hash after another alike.
        let mut verifier = Verifier::default();
        let other = hash("135790").expect("hashed");
        assert!(verifier.verify("2468", &h));
        assert!(verifier.verify("135790", &other));
        assert!(!verifier.verify("135791", &other));
        assert!(verifier.verify("2468", &h));
    }

    #[test]
    fn pins_must_be_four_to_eight_digits() {
        assert_eq!(hash("123"), Err(BadPin));
        assert_eq!(hash("12a4"), Err(BadPin));
        assert_eq!(hash("123456789"), Err(BadPin));
    }

    #[test]
    fn a_hash_tells_how_many_digits_its_pin_has_and_cannot_be_made_to_lie() {
        let clerk = hash("2468").expect("hashed");
        let manager = hash("135790").expect("hashed");
        assert_eq!((digits(&clerk), digits(&manager)), (Some(4), Some(6)));
        assert!(manager_problem(&manager).is_none());
        assert!(manager_problem(&clerk).is_some_and(|p| p.contains("4 digits")));
        // A hash from before the marker does not say.
        let old = "$argon2id$v=19$m=19456,t=2,p=1$SHLBNs1CNdmVJtKTa8K72w$qtg9myrYK55fjgljdO96Aj+Mj22AQ0M0/CUXKFmKRm8";
        assert_eq!(digits(old), None);
        assert!(verify("9999", old), "old hashes still verify");
        // The marker is hashed with the PIN: claiming 6 digits for a 4-digit PIN spoils it.
        let marker = |n: usize| {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD_NO_PAD.encode(format!("{MARKER}{n}"))
        };
        let forged = clerk.replace(&marker(4), &marker(6));
        assert_ne!(forged, clerk);
        assert_eq!(digits(&forged), Some(6));
        assert!(!verify("2468", &forged));
    }
}
