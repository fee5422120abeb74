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

/// `N` bytes from the operating system's source of randomness.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| Error::Io(format!("no source of randomness: {e}")))?;
    Ok(buf)
}

/// Checks a new facilitator or roster PIN, saying why one is refused. The people it keeps out are
/// in the room and may have watched the keyboard, so a PIN must not be guessable in a few tries:
/// 6 to 8 digits that are neither one digit repeated, a run with a fixed step (123456, 246802,
/// 987654, counting round past 9 as well) nor a short block repeated (121212, 123123); or a
/// passphrase of at least 8 characters that is not one character repeated (three or more words are
/// the easy way to remember one).
pub fn check_pin(pin: &str) -> Result<()> {
    pin_problem(pin.trim()).map_or(Ok(()), |why| Err(Error::Invalid(why.into())))
}

fn pin_problem(pin: &str) -> Option<&'static str> {
    let chars: Vec<char> = pin.chars().collect();
    if chars.is_empty() {
        return Some("choose a PIN of 6 to 8 digits, or a passphrase of three or more words");
    }
    if !chars.iter().all(|c| c.is_ascii_digit()) {
        return if chars.len() < 8 {
            Some("a passphrase needs at least 8 characters (three or more words are easy to remember)")
        } else if chars.len() > 200 {
            Some("a passphrase may have at most 200 characters")
        } else if chars.iter().all(|c| *c == chars[0]) {
            Some("a passphrase of one character repeated is too easy to guess")
        } else {
            None
        };
    }
    let digits: Vec<i32> = chars.iter().map(|c| *c as i32 - '0' as i32).collect();
    if digits.len() < 6 {
        return Some("a PIN needs at least 6 digits: people in the room can watch 4 being typed");
    }
    if digits.len() > 8 {
        return Some("a PIN may have at most 8 digits (or use a passphrase)");
    }
    if digits.iter().all(|d| *d == digits[0]) {
        return Some("a PIN of one digit repeated is too easy to guess");
    }
    let step = (digits[1] - digits[0]).rem_euclid(10);
    if digits
        .windows(2)
        .all(|w| (w[1] - w[0]).rem_euclid(10) == step)
    {
        return Some(
            "a PIN that counts up or down in steps (like 123456 or 246802) is too easy to guess",
        );
    }
    let repeats = |block: usize| {
        digits
            .iter()
            .enumerate()
            .all(|(i, d)| *d == digits[i % block])
    };
    if (2..=digits.len() / 2).any(repeats) {
        return Some(
            "a PIN that repeats a few digits (like 121212 or 123123) is too easy to guess",
        );
    }
    None
}

pub fn hash(secret: &str) -> Result<String> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()?)
        .map_err(|e| Error::Io(format!("cannot make a salt: {e}")))?;
    Ok(Argon2::default()
        .hash_password(secret.trim().as_bytes(), &salt)
        .map_err(|e| Error::Io(format!("cannot hash the secret: {e}")))?
        .to_string())
}

/// An Argon2id hash with [`hash`]'s parameters of a secret no resume code can be (it has spaces,
/// which codes lose when typed), checked when there is no ballot to check against, so a refusal
/// takes the same time whether or not the name exists.
pub const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$bL7ncX7CVSjz6+r7uLqJ4Q$KA9nsYJNOG317eOLRQgeQhpRbQNErQj96HZB1erjrKU";

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
        for b in random_bytes::<16>()? {
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
    let key = hex::encode(random_bytes::<32>()?);
    let hashed = key_hash(&key);
    Ok((key, hashed))
}

pub fn key_hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_six_to_eight_unguessable_digits_or_a_passphrase() {
        for ok in [
            "602913",
            "73519402",
            "correct horse battery",
            "  602913  ",
            "Tr0ub4dor&3",
        ] {
            assert!(check_pin(ok).is_ok(), "{ok:?} is a fine PIN");
        }
        for bad in ["", "1357", "24680", "123456789", "short"] {
            assert!(
                check_pin(bad).is_err(),
                "{bad:?} is refused: too short or too long"
            );
        }
        for guessable in [
            "111111", "123456", "654321", "246802", "135791", "890123", "121212", "123123",
            "12341234", "aaaaaaaa",
        ] {
            assert!(
                check_pin(guessable).is_err(),
                "{guessable:?} is refused: someone in the room would guess it"
            );
        }
    }

    #[test]
    fn a_refused_pin_says_why() {
        let why = check_pin("123456").unwrap_err().to_string();
        assert!(why.contains("steps"), "the reason names the run: {why}");
        let why = check_pin("2468").unwrap_err().to_string();
        assert!(
            why.contains("6 digits"),
            "the reason names the length: {why}"
        );
    }

    #[test]
    #[ignore = "prints a dummy hash to paste into DUMMY_HASH"]
    fn print_a_dummy_hash() {
        println!("{}", hash("not a resume code").expect("hashes"));
    }

    #[test]
    fn a_hashed_secret_verifies_only_itself_and_never_shows_it() {
        let h = hash("602913").expect("hashes");
        assert!(!h.contains("602913"), "the hash does not hold the PIN");
        assert!(verify("602913", &h));
        assert!(!verify("602914", &h));
        assert_ne!(
            h,
            hash("602913").expect("hashes"),
            "salted: two hashes differ"
        );
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_does_and_matches_no_code() {
        let real = PasswordHash::new(&hash("K7QX2M").expect("hashes"))
            .expect("a PHC string")
            .params
            .to_string();
        let dummy = PasswordHash::new(DUMMY_HASH).expect("a PHC string");
        assert_eq!(
            dummy.params.to_string(),
            real,
            "same Argon2 parameters, same work"
        );
        assert_eq!(dummy.algorithm.as_str(), "argon2id");
        assert!(!verify("K7QX2M", DUMMY_HASH));
        assert!(verify("not a resume code", DUMMY_HASH));
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
