//! The secrets of private collection: the facilitator's PIN, members' resume codes and the key a
//! member's page holds. PINs and codes are stored only as salted Argon2id hashes (the `argon2`
//! crate's defaults, the OWASP-recommended parameters); a page key is 256 random bits, so its
//! SHA-256 is enough to check it quickly on every saved answer.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Letters and digits nobody confuses when reading them off a screen: no 0/O, no 1/I/L.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
pub const CODE_LEN: usize = 6;

fn random<const N: usize>() -> Result<[u8; N]> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| Error::Io(format!("no source of randomness: {e}")))?;
    Ok(buf)
}

/// Checks a facilitator PIN: 4 to 8 digits, or a passphrase of at least 8 characters.
pub fn check_pin(pin: &str) -> Result<()> {
    let pin = pin.trim();
    let digits = pin.chars().all(|c| c.is_ascii_digit());
    let fine = if digits {
        (4..=8).contains(&pin.len())
    } else {
        (8..=200).contains(&pin.chars().count())
    };
    if fine {
        Ok(())
    } else {
        Err(Error::Invalid(
            "the PIN must be 4 to 8 digits, or a passphrase of 8 to 200 characters".into(),
        ))
    }
}

pub fn hash(secret: &str) -> Result<String> {
    let salt = SaltString::encode_b64(&random::<16>()?)
        .map_err(|e| Error::Io(format!("cannot make a salt: {e}")))?;
    Ok(Argon2::default()
        .hash_password(secret.trim().as_bytes(), &salt)
        .map_err(|e| Error::Io(format!("cannot hash the secret: {e}")))?
        .to_string())
}

pub fn verify(secret: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(secret.trim().as_bytes(), &h)
            .is_ok()
    })
}

/// A new resume code, e.g. "K7QX2M": about 30 bits, and wrong tries are limited.
pub fn resume_code() -> Result<String> {
    let n = CODE_ALPHABET.len();
    // Bytes at or above the largest multiple of the alphabet's size are skipped, so every
    // character is equally likely.
    let limit = (256 / n * n) as u8;
    let mut code = String::with_capacity(CODE_LEN);
    while code.len() < CODE_LEN {
        for b in random::<16>()? {
            if b < limit && code.len() < CODE_LEN {
                code.push(CODE_ALPHABET[usize::from(b) % n] as char);
            }
        }
    }
    Ok(code)
}

/// A resume code as typed: case and spaces or dashes between groups do not matter.
pub fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// A new page key (64 hex digits) and the hash kept of it.
pub fn page_key() -> Result<(String, String)> {
    let key: String = random::<32>()?.iter().map(|b| format!("{b:02x}")).collect();
    let hashed = key_hash(&key);
    Ok((key, hashed))
}

pub fn key_hash(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_four_to_eight_digits_or_a_passphrase() {
        for ok in ["1234", "12345678", "correct horse", "  2468  "] {
            assert!(check_pin(ok).is_ok(), "{ok:?} is a fine PIN");
        }
        for bad in ["123", "123456789", "short", ""] {
            assert!(check_pin(bad).is_err(), "{bad:?} is refused");
        }
    }

    #[test]
    fn a_hashed_secret_verifies_only_itself_and_never_shows_it() {
        let h = hash("2468").expect("hashes");
        assert!(!h.contains("2468"), "the hash does not hold the PIN");
        assert!(verify("2468", &h));
        assert!(!verify("2469", &h));
        assert_ne!(
            h,
            hash("2468").expect("hashes"),
            "salted: two hashes differ"
        );
    }

    #[test]
    fn resume_codes_use_only_unambiguous_characters() {
        for _ in 0..50 {
            let code = resume_code().expect("a code");
            assert_eq!(code.len(), CODE_LEN);
            assert!(
                code.chars()
                    .all(|c| c.is_ascii_alphanumeric() && !"01OIL".contains(c)),
                "{code} has only unambiguous characters"
            );
        }
        assert_eq!(normalise_code(" k7q-x2m "), "K7QX2M");
    }
}
