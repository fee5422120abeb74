//! The board roster: an organisation's members, carried from round to round, and the
//! facilitator's PIN that guards it. Names are matched by [`govmat_core::name_key`] (case and
//! accents set aside); every check runs inside the caller's write transaction.
//!
//! The roster PIN is kept as a hash with its wrong tries and the wait they earned, so the wait
//! survives a restart.

use crate::{Conn as _, Db, Tx};
use govmat_core::{display_name, name_key, Role};
use rusqlite::{params, OptionalExtension, Row};

use crate::{found, Result, StoreError};

/// One member of a board's roster.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RosterRow {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

/// The facilitator's roster PIN of an organisation, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgPin {
    pub pin_hash: Option<String>,
    pub pin_failures: i64,
    pub pin_retry_after: i64,
}

fn roster_row(r: &Row) -> rusqlite::Result<RosterRow> {
    let role: String = r.get(2)?;
    Ok(RosterRow {
        id: r.get(0)?,
        name: r.get(1)?,
        role: Role::parse(&role).unwrap_or(Role::Other),
    })
}

/// An organisation's roster, in name order (by key, so case does not sort).
pub fn roster(db: &impl Db, organisation_id: i64) -> Result<Vec<RosterRow>> {
    let c = db.conn();
    let mut rows: Vec<RosterRow> = c
        .prepare("SELECT id, name, role FROM roster_member WHERE organisation_id = ?1")?
        .query_map([organisation_id], roster_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.sort_by_cached_key(|r| (name_key(&r.name), r.id));
    Ok(rows)
}

pub fn roster_member(db: &impl Db, id: i64) -> Result<(i64, RosterRow)> {
    let c = db.conn();
    c.query_row(
        "SELECT id, name, role, organisation_id FROM roster_member WHERE id = ?1",
        [id],
        |r| Ok((r.get(3)?, roster_row(r)?)),
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("no member of the roster with id {id}")))
}

/// The roster member a name stands for, if any.
pub fn roster_match(db: &impl Db, organisation_id: i64, name: &str) -> Result<Option<RosterRow>> {
    let c = db.conn();
    let key = name_key(name);
    Ok(roster(&crate::Reader(c), organisation_id)?
        .into_iter()
        .find(|r| name_key(&r.name) == key))
}

/// The display form of a name, refused if empty or too long.
pub fn checked_name(name: &str) -> Result<String> {
    let name = display_name(name);
    if name.is_empty() {
        return Err(StoreError::Invalid("name or code must not be empty".into()));
    }
    if name.chars().count() > govmat_core::MAX_TEXT {
        return Err(StoreError::Invalid(format!(
            "name or code is longer than {} characters",
            govmat_core::MAX_TEXT
        )));
    }
    Ok(name)
}

/// Adds a member to a roster; a name that matches one already there is refused.
pub fn add_roster_member(tx: &Tx, organisation_id: i64, name: &str, role: Role) -> Result<i64> {
    let c = tx.conn();
    let name = checked_name(name)?;
    if let Some(there) = roster_match(&crate::Reader(c), organisation_id, &name)? {
        return Err(StoreError::Conflict(format!(
            "\"{name}\" is already on the roster as \"{}\"",
            there.name
        )));
    }
    c.execute(
        "INSERT INTO roster_member (organisation_id, name, role) VALUES (?1, ?2, ?3)",
        params![organisation_id, name, role.as_str()],
    )?;
    Ok(c.last_insert_rowid())
}

pub fn rename_roster_member(tx: &Tx, id: i64, name: &str) -> Result<()> {
    let c = tx.conn();
    let n = c.execute(
        "UPDATE roster_member SET name = ?2 WHERE id = ?1",
        params![id, name],
    )?;
    found(n, || format!("no member of the roster with id {id}"))
}

pub fn set_roster_role(tx: &Tx, id: i64, role: Role) -> Result<()> {
    let c = tx.conn();
    let n = c.execute(
        "UPDATE roster_member SET role = ?2 WHERE id = ?1",
        params![id, role.as_str()],
    )?;
    found(n, || format!("no member of the roster with id {id}"))
}

pub fn delete_roster_member(tx: &Tx, id: i64) -> Result<()> {
    let c = tx.conn();
    let n = c.execute("DELETE FROM roster_member WHERE id = ?1", [id])?;
    found(n, || format!("no member of the roster with id {id}"))
}

/// A round's member whose name matches, if any: (id, name, role, finished).
pub fn respondent_match(
    db: &impl Db,
    round_id: i64,
    name: &str,
) -> Result<Option<(i64, String, Role, bool)>> {
    let c = db.conn();
    let key = name_key(name);
    let mut stmt =
        c.prepare("SELECT id, name, role, finished FROM respondent WHERE round_id = ?1")?;
    let rows = stmt.query_map([round_id], |r| {
        let role: String = r.get(2)?;
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            Role::parse(&role).unwrap_or(Role::Other),
            r.get::<_, bool>(3)?,
        ))
    })?;
    for row in rows {
        let row = row?;
        if name_key(&row.1) == key {
            return Ok(Some(row));
        }
    }
    Ok(None)
}

pub fn rename_respondent(tx: &Tx, respondent_id: i64, name: &str) -> Result<()> {
    let c = tx.conn();
    let n = c.execute(
        "UPDATE respondent SET name = ?2 WHERE id = ?1",
        params![respondent_id, name],
    )?;
    found(n, || format!("no member with id {respondent_id}"))
}

pub fn set_respondent_role(tx: &Tx, respondent_id: i64, role: Role) -> Result<()> {
    let c = tx.conn();
    let n = c.execute(
        "UPDATE respondent SET role = ?2 WHERE id = ?1",
        params![respondent_id, role.as_str()],
    )?;
    found(n, || format!("no member with id {respondent_id}"))
}

/// Moves into `into` every answer and spectrum place of `from` that `into` has not given, keeps
/// `into`'s own where both answered, carries "finished" over, and deletes `from`.
pub fn merge_respondents(tx: &Tx, from: i64, into: i64) -> Result<()> {
    let c = tx.conn();
    c.execute(
        "INSERT INTO response (respondent_id, item_id, level, dont_know, comment)
         SELECT ?2, item_id, level, dont_know, comment FROM response
         WHERE respondent_id = ?1
           AND item_id NOT IN (SELECT item_id FROM response WHERE respondent_id = ?2)",
        params![from, into],
    )?;
    c.execute(
        "INSERT INTO spectrum_position (round_id, respondent_id, dimension_id, now, aspiration)
         SELECT round_id, ?2, dimension_id, now, aspiration FROM spectrum_position
         WHERE respondent_id = ?1
           AND dimension_id NOT IN (SELECT dimension_id FROM spectrum_position WHERE respondent_id = ?2)",
        params![from, into],
    )?;
    c.execute(
        "UPDATE respondent SET finished = max(finished, (SELECT finished FROM respondent WHERE id = ?1))
         WHERE id = ?2",
        params![from, into],
    )?;
    c.execute("DELETE FROM respondent WHERE id = ?1", [from])?;
    Ok(())
}

pub fn org_pin(db: &impl Db, organisation_id: i64) -> Result<OrgPin> {
    let c = db.conn();
    c.query_row(
        "SELECT pin_hash, pin_failures, pin_retry_after FROM organisation WHERE id = ?1",
        [organisation_id],
        |r| {
            Ok(OrgPin {
                pin_hash: r.get(0)?,
                pin_failures: r.get(1)?,
                pin_retry_after: r.get(2)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("no organisation with id {organisation_id}")))
}

/// Sets the roster PIN the first time; refused once one is set (it is changed only with itself).
pub fn set_org_pin(tx: &Tx, organisation_id: i64, hash: &str) -> Result<()> {
    let c = tx.conn();
    let n = c.execute(
        "UPDATE organisation SET pin_hash = ?2, pin_failures = 0, pin_retry_after = 0
         WHERE id = ?1 AND pin_hash IS NULL",
        params![organisation_id, hash],
    )?;
    if n == 0 {
        return Err(StoreError::Conflict(
            "this board already has a facilitator PIN; give it to open the roster".into(),
        ));
    }
    Ok(())
}

pub fn set_org_pin_failures(
    tx: &Tx,
    organisation_id: i64,
    failures: i64,
    retry_after: i64,
) -> Result<()> {
    let c = tx.conn();
    c.execute(
        "UPDATE organisation SET pin_failures = ?2, pin_retry_after = ?3 WHERE id = ?1",
        params![organisation_id, failures, retry_after],
    )?;
    Ok(())
}
