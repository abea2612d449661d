//! Passwords: argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane), stored as PHC
//! strings (`$argon2id$v=19$m=19456,t=2,p=1$…`) so the parameters can be raised later while
//! old hashes still verify.
//!
//! Signing in must not tell an unknown account from a wrong password, not even by its timing:
//! [`verify_or_dummy`] spends the same work on an account without a hash.

use crate::error::{Error, Result};
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::LazyLock;

/// Shortest accepted password, in characters (NIST SP 800-63B).
pub const MIN_LEN: usize = 8;
/// Longest accepted password, in characters (bounds the hashing work per request).
pub const MAX_LEN: usize = 128;

fn argon2() -> Argon2<'static> {
    // OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1.
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Checks a new password's length.
///
/// # Errors
/// [`Error::Validation`] on `field` when shorter than [`MIN_LEN`] or longer than [`MAX_LEN`]
/// characters.
pub fn check(field: &str, password: &str) -> Result<()> {
    let n = password.chars().count();
    if n < MIN_LEN {
        return Err(Error::validation(
            field,
            format!("must be at least {MIN_LEN} characters"),
        ));
    }
    if n > MAX_LEN {
        return Err(Error::validation(
            field,
            format!("must be at most {MAX_LEN} characters"),
        ));
    }
    Ok(())
}

/// Hashes a password with a fresh random salt.
///
/// # Errors
/// [`Error::Internal`] if hashing fails (it does not for valid parameters).
pub fn hash(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Internal(format!("password hashing failed: {e}")))
}

/// Whether `password` matches `stored` (a PHC string). A malformed stored hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        // The comparison inside is constant-time.
        Ok(parsed) => argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

static DUMMY: LazyLock<String> =
    LazyLock::new(|| hash("blajarplus-dummy-password").expect("hashing works"));

/// Verifies against `stored`, or — when there is no account or no password — against a
/// dummy hash, so both cases cost the same and answer `false`.
pub fn verify_or_dummy(password: &str, stored: Option<&str>) -> bool {
    match stored {
        Some(h) => verify(password, h),
        None => {
            let _ = verify(password, &DUMMY);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash("rahasia-123").unwrap();
        let b = hash("rahasia-123").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "a fresh salt each time");
        assert!(verify("rahasia-123", &a));
        assert!(!verify("rahasia-124", &a));
        assert!(!verify("rahasia-123", "not a hash"));
        assert!(!verify_or_dummy("rahasia-123", None));
        assert!(verify_or_dummy("rahasia-123", Some(&b)));
    }

    #[test]
    fn length_rules() {
        assert_eq!(
            check("password", "1234567").unwrap_err().field(),
            Some("password")
        );
        check("password", "12345678").unwrap();
        check("password", &"é".repeat(MAX_LEN)).unwrap();
        assert!(check("password", &"x".repeat(MAX_LEN + 1)).is_err());
    }
}
