//! Keyed identities (migration 009): each organisation's random identity key, under which the
//! import keeps response ids, emails and anonymous codes as HMACs, and the count of refused ballot
//! starts and resumes that makes every refusal cost one write.
//!
//! A key is read as it is stored or not at all: a missing or short key is an error, never the
//! empty key (an HMAC under the empty key is a hash anyone can recompute).
//!
//! The key is 256 random bits.

use crate::{Conn as _, Db, Tx};
use rusqlite::{params, OptionalExtension};

use crate::{Result, StoreError};

/// Length of the key migration 009 and the insert trigger give every organisation.
pub const IDENTITY_KEY_BYTES: usize = 32;

/// The organisation's identity key.
pub fn identity_key(db: &impl Db, organisation_id: i64) -> Result<Vec<u8>> {
    let c = db.conn();
    let key: Option<Vec<u8>> = c
        .query_row(
            "SELECT identity_key FROM organisation WHERE id = ?1",
            [organisation_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| {
            StoreError::NotFound(format!("no organisation with id {organisation_id}"))
        })?;
    match key {
        Some(k) if k.len() == IDENTITY_KEY_BYTES => Ok(k),
        _ => Err(StoreError::Invalid(
            "this board's identity key is missing or damaged (the database was changed outside govmat): restore a backup".into(),
        )),
    }
}

/// Gives a new organisation the key an import already used for its rows (inside the import's
/// write), so what was shown is what is stored.
pub fn set_identity_key(tx: &Tx, organisation_id: i64, key: &[u8]) -> Result<()> {
    let c = tx.conn();
    if key.len() != IDENTITY_KEY_BYTES {
        return Err(StoreError::Invalid(format!(
            "an identity key has {IDENTITY_KEY_BYTES} bytes, not {}",
            key.len()
        )));
    }
    let n = c.execute(
        "UPDATE organisation SET identity_key = ?2 WHERE id = ?1",
        params![organisation_id, key],
    )?;
    if n == 0 {
        return Err(StoreError::NotFound(format!(
            "no organisation with id {organisation_id}"
        )));
    }
    Ok(())
}

/// Counts one refused start or resume in the round.
pub fn count_ballot_refusal(tx: &Tx, round_id: i64) -> Result<()> {
    let c = tx.conn();
    c.execute(
        "UPDATE round SET ballot_refusals = ballot_refusals + 1 WHERE id = ?1",
        [round_id],
    )?;
    Ok(())
}

/// How many starts and resumes the round has refused.
pub fn ballot_refusals(db: &impl Db, round_id: i64) -> Result<i64> {
    let c = db.conn();
    c.query_row(
        "SELECT ballot_refusals FROM round WHERE id = ?1",
        [round_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("no round with id {round_id}")))
}
