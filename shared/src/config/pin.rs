//! Clerk PINs: stored only as Argon2 hashes, checked in constant time by the argon2 crate.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Why a PIN cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a PIN is 4 to 8 digits")]
pub struct BadPin;

/// Hashes a PIN of 4 to 8 digits into a PHC string for the configuration.
pub fn hash(pin: &str) -> Result<String, BadPin> {
    if !(4..=8).contains(&pin.len()) || !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(BadPin);
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| BadPin)
}

/// Whether `pin` matches `hash`; a malformed hash never matches.
pub fn verify(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(pin.as_bytes(), &h)
            .is_ok()
    })
}

/// Whether `text` is an Argon2 PHC string.
pub fn is_hash(text: &str) -> bool {
    PasswordHash::new(text).is_ok_and(|h| h.algorithm.as_str().starts_with("argon2"))
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
    }

    #[test]
    fn pins_must_be_four_to_eight_digits() {
        assert_eq!(hash("123"), Err(BadPin));
        assert_eq!(hash("12a4"), Err(BadPin));
        assert_eq!(hash("123456789"), Err(BadPin));
    }
}
