//! The collaboratives of a database and the partners' packs each holds.
//!
//! A pack is stored as the JSON text the partner wrote, with its hash, partner and round beside
//! it for the duplicate checks. This module neither parses nor verifies packs (the API does,
//! with `govmat-core`); it only keeps them.
//!
//! Unique constraints refuse the same pack twice (by its hash) and a second pack for a partner's
//! round.

use crate::{Conn as _, Db, Tx};
use rusqlite::{params, OptionalExtension};

use crate::{Result, StoreError};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CollaborativeRow {
    pub id: i64,
    pub name: String,
    /// How many packs it holds.
    pub packs: usize,
}

/// One pack held by a collaborative.
#[derive(Debug, Clone, PartialEq)]
pub struct PackRow {
    pub id: i64,
    pub partner: String,
    pub round: String,
    pub round_date: String,
    pub sha256: String,
    pub pack: String,
}

/// What a new pack will be filed under.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPack<'a> {
    pub partner: &'a str,
    pub round: &'a str,
    pub round_date: &'a str,
    pub sha256: &'a str,
    pub pack: &'a str,
}

pub fn collaboratives(db: &impl Db) -> Result<Vec<CollaborativeRow>> {
    let c = db.conn();
    let mut st = c.prepare_cached(
        "SELECT c.id, c.name, (SELECT COUNT(*) FROM collaborative_pack p WHERE p.collaborative_id = c.id)
         FROM collaborative c ORDER BY c.name",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok(CollaborativeRow {
                id: r.get(0)?,
                name: r.get(1)?,
                packs: r.get::<_, i64>(2)? as usize,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

pub fn find_collaborative(db: &impl Db, name: &str) -> Result<Option<i64>> {
    let c = db.conn();
    Ok(c.query_row(
        "SELECT id FROM collaborative WHERE name = ?1",
        [name],
        |r| r.get(0),
    )
    .optional()?)
}

/// The collaborative's id, creating it under `name` if there is none.
pub fn ensure_collaborative(tx: &Tx, name: &str) -> Result<i64> {
    let c = tx.conn();
    if let Some(id) = find_collaborative(&crate::Reader(c), name)? {
        return Ok(id);
    }
    c.execute("INSERT INTO collaborative (name) VALUES (?1)", [name])?;
    Ok(c.last_insert_rowid())
}

/// Every pack a collaborative holds, oldest added first.
pub fn packs(db: &impl Db, collaborative_id: i64) -> Result<Vec<PackRow>> {
    let c = db.conn();
    let mut st = c.prepare_cached(
        "SELECT id, partner, round, round_date, sha256, pack FROM collaborative_pack
         WHERE collaborative_id = ?1 ORDER BY id",
    )?;
    let rows = st
        .query_map([collaborative_id], |r| {
            Ok(PackRow {
                id: r.get(0)?,
                partner: r.get(1)?,
                round: r.get(2)?,
                round_date: r.get(3)?,
                sha256: r.get(4)?,
                pack: r.get(5)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Adds a pack; the unique constraints refuse a duplicate (the caller checks first, so this is
/// the last line of defence).
pub fn add_pack(tx: &Tx, collaborative_id: i64, p: &NewPack) -> Result<i64> {
    let c = tx.conn();
    c.execute(
        "INSERT INTO collaborative_pack (collaborative_id, partner, round, round_date, sha256, pack)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![collaborative_id, p.partner, p.round, p.round_date, p.sha256, p.pack],
    )
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            StoreError::Conflict(format!(
                "the collaborative already holds this pack or a pack for {}'s round \"{}\"",
                p.partner, p.round
            ))
        }
        other => other.into(),
    })?;
    Ok(c.last_insert_rowid())
}

pub fn delete_pack(tx: &Tx, pack_id: i64) -> Result<()> {
    let c = tx.conn();
    c.execute("DELETE FROM collaborative_pack WHERE id = ?1", [pack_id])?;
    Ok(())
}
