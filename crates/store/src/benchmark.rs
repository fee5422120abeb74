//! The benchmark library: other organisations' results packs, and each organisation's minimum of
//! peers (issue 26).
//!
//! Packs are stored as the JSON text their board wrote, with the hash, organisation,
//! questionnaire and round beside it so the duplicate checks and the choice of the newest need
//! no parsing. This module neither parses nor verifies packs (the API does, with `govmat-core`);
//! it keeps them and says which is the newest of each organisation and questionnaire.
//!
//! Migration 011 adds the library: each pack as its JSON text with its hash, organisation,
//! questionnaire, version and round. `newest_benchmark_packs` picks the newest round of each
//! organisation and questionnaire when it is read, so no "current" flag can go stale. An
//! organisation's raised minimum is kept here; a CHECK refuses fewer than 5.

use rusqlite::{params, OptionalExtension};

use crate::{Conn as _, Db, Result, StoreError, Tx};

/// One pack held in the library.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchmarkRow {
    pub id: i64,
    pub organisation: String,
    pub instrument: String,
    pub version: u32,
    pub round: String,
    pub round_date: String,
    pub produced: String,
    pub sha256: String,
    pub pack: String,
}

/// What a new pack is filed under.
#[derive(Debug, Clone, PartialEq)]
pub struct NewBenchmarkPack<'a> {
    pub organisation: &'a str,
    pub instrument: &'a str,
    pub version: u32,
    pub round: &'a str,
    pub round_date: &'a str,
    pub produced: &'a str,
    pub sha256: &'a str,
    pub pack: &'a str,
}

const COLUMNS: &str =
    "id, organisation, instrument, version, round, round_date, produced, sha256, pack";

fn row(r: &rusqlite::Row) -> rusqlite::Result<BenchmarkRow> {
    Ok(BenchmarkRow {
        id: r.get(0)?,
        organisation: r.get(1)?,
        instrument: r.get(2)?,
        version: r.get(3)?,
        round: r.get(4)?,
        round_date: r.get(5)?,
        produced: r.get(6)?,
        sha256: r.get(7)?,
        pack: r.get(8)?,
    })
}

/// Every pack in the library, by organisation, questionnaire and round date (newest first).
pub fn benchmark_packs(db: &impl Db) -> Result<Vec<BenchmarkRow>> {
    let c = db.conn();
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM benchmark_pack
         ORDER BY organisation, instrument, round_date DESC, produced DESC, id DESC"
    ))?;
    let rows = st.query_map([], row)?.collect::<Result<_, _>>()?;
    Ok(rows)
}

/// The newest pack (by round date, then produced date) of each organisation for the
/// questionnaire `instrument`, in no order that says anything about the organisations.
pub fn newest_benchmark_packs(db: &impl Db, instrument: &str) -> Result<Vec<BenchmarkRow>> {
    let c = db.conn();
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM benchmark_pack p WHERE instrument = ?1 AND NOT EXISTS (
             SELECT 1 FROM benchmark_pack q
             WHERE q.instrument = p.instrument AND q.organisation = p.organisation
               AND (q.round_date, q.produced, q.id) > (p.round_date, p.produced, p.id))
         ORDER BY sha256"
    ))?;
    let rows = st.query_map([instrument], row)?.collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Adds a pack; the unique constraints refuse a duplicate (the caller checks first, so this is
/// the last line of defence).
pub fn add_benchmark_pack(tx: &Tx, p: &NewBenchmarkPack) -> Result<i64> {
    let c = tx.conn();
    c.execute(
        "INSERT INTO benchmark_pack
         (organisation, instrument, version, round, round_date, produced, sha256, pack)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            p.organisation,
            p.instrument,
            p.version,
            p.round,
            p.round_date,
            p.produced,
            p.sha256,
            p.pack
        ],
    )
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            StoreError::Conflict(format!(
                "the library already holds this pack or a pack for {}'s round \"{}\"",
                p.organisation, p.round
            ))
        }
        other => other.into(),
    })?;
    Ok(c.last_insert_rowid())
}

pub fn delete_benchmark_pack(tx: &Tx, id: i64) -> Result<()> {
    tx.conn()
        .execute("DELETE FROM benchmark_pack WHERE id = ?1", [id])?;
    Ok(())
}

/// Removes every pack of `organisation` (exactly as the packs name it); returns how many.
pub fn remove_benchmark_organisation(tx: &Tx, organisation: &str) -> Result<usize> {
    Ok(tx.conn().execute(
        "DELETE FROM benchmark_pack WHERE organisation = ?1",
        [organisation],
    )?)
}

/// The fewest other boards an organisation asked for (`None`: the default).
pub fn benchmark_minimum(db: &impl Db, organisation_id: i64) -> Result<Option<usize>> {
    let c = db.conn();
    let n: Option<i64> = c
        .query_row(
            "SELECT boards FROM benchmark_minimum WHERE organisation_id = ?1",
            [organisation_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(n.map(|n| n as usize))
}

/// Sets an organisation's minimum; the schema refuses fewer than five.
pub fn set_benchmark_minimum(tx: &Tx, organisation_id: i64, boards: usize) -> Result<()> {
    tx.conn().execute(
        "INSERT INTO benchmark_minimum (organisation_id, boards) VALUES (?1, ?2)
         ON CONFLICT (organisation_id) DO UPDATE SET boards = excluded.boards",
        params![organisation_id, boards as i64],
    )?;
    Ok(())
}
