//! The server's secrets: the join code in every address, compared in constant time.

use crate::error::{Error, Result};

/// Letters and digits for the join code: lowercase, no 0/o, no 1/l, 32 of them (5 bits each).
const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
/// 26 characters of 5 bits: 130 random bits, well past guessing on a room's network.
const JOIN_CODE_LEN: usize = 26;

pub(crate) fn join_code() -> Result<String> {
    random_text(JOIN_CODE_LEN)
}

fn random_text(len: usize) -> Result<String> {
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).map_err(|e| Error::Io(format!("no source of randomness: {e}")))?;
    // 256 is a multiple of 32, so masking keeps every character equally likely.
    Ok(bytes
        .iter()
        .map(|b| ALPHABET[usize::from(b & 31)] as char)
        .collect())
}

/// Compares two secrets in time that does not depend on where they first differ.
pub(crate) fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Whether `code` could be a join code this server made: the length and the alphabet. A join code
/// remembered with the collection (issue 25 §5) is used again only if it still looks like one.
pub(crate) fn is_join_code(code: &str) -> bool {
    code.len() == JOIN_CODE_LEN && code.bytes().all(|c| ALPHABET.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_codes_are_long_random_and_from_the_alphabet() {
        let a = join_code().expect("a code");
        let b = join_code().expect("a code");
        assert_eq!(a.len(), 26, "26 characters of 5 bits are 130 bits");
        assert_ne!(a, b, "two codes differ");
        assert!(is_join_code(&a) && !is_join_code("short") && !is_join_code(&a.to_uppercase()));
        assert!(same_secret(&a, &a.clone()) && !same_secret(&a, &b));
    }
}
