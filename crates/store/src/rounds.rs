//! Organisations, their rounds and the questionnaire texts rounds were run on: reads on
//! [`Store`], writes as free functions taking a [`Tx`].
use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension};

use crate::{conflict, found, non_empty, rows, Conn as _, Result, Store, StoreError, Tx};
use crate::{Organisation, RoundRow, RoundStatus};

impl Store {
    // ---- instruments -------------------------------------------------------------------------

    pub fn instrument_source(&self, id: &str, version: u32) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT source FROM instrument WHERE id = ?1 AND version = ?2",
                params![id, version],
                |r| r.get(0),
            )
            .optional()?)
    }

    // ---- organisations -----------------------------------------------------------------------

    pub fn organisations(&self) -> Result<Vec<Organisation>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, name, is_demo, min_group FROM organisation ORDER BY is_demo, name",
        )?;
        let rows = st
            .query_map([], rows::organisation)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    pub fn find_organisation(&self, name: &str) -> Result<Option<Organisation>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, name, is_demo, min_group FROM organisation WHERE name = ?1",
                [name],
                rows::organisation,
            )
            .optional()?)
    }

    pub fn organisation(&self, id: i64) -> Result<Organisation> {
        self.conn
            .query_row(
                "SELECT id, name, is_demo, min_group FROM organisation WHERE id = ?1",
                [id],
                rows::organisation,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("no organisation with id {id}")))
    }

    pub fn rounds(&self, organisation_id: i64) -> Result<Vec<RoundRow>> {
        let mut st = self.conn.prepare_cached(&format!(
            "{} WHERE organisation_id = ?1 ORDER BY date, id",
            rows::ROUND_SELECT
        ))?;
        let rows = st
            .query_map([organisation_id], rows::round)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The round a member belongs to.
    pub fn respondent_round(&self, respondent_id: i64) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT round_id FROM respondent WHERE id = ?1",
                [respondent_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("no member with id {respondent_id}")))
    }

    pub fn round(&self, id: i64) -> Result<RoundRow> {
        self.conn
            .query_row(
                &format!("{} WHERE id = ?1", rows::ROUND_SELECT),
                [id],
                rows::round,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("no round with id {id}")))
    }

    pub fn find_round(&self, organisation_id: i64, name: &str) -> Result<Option<RoundRow>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "{} WHERE organisation_id = ?1 AND name = ?2",
                    rows::ROUND_SELECT
                ),
                params![organisation_id, name],
                rows::round,
            )
            .optional()?)
    }

    /// Each round's revision, by round id. A round takes a new revision in the same transaction
    /// as any change to its members, answers or decisions, so a score computed at one revision
    /// holds until the round's revision changes.
    pub fn revisions(&self, organisation_id: i64) -> Result<BTreeMap<i64, i64>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, revision FROM round WHERE organisation_id = ?1")?;
        let rows = st
            .query_map([organisation_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

pub fn create_organisation(tx: &Tx, name: &str, is_demo: bool) -> Result<i64> {
    let c = tx.conn();
    let name = non_empty(name, "organisation name")?;
    c.execute(
        "INSERT INTO organisation (name, is_demo) VALUES (?1, ?2)",
        params![name, is_demo],
    )
    .map_err(|e| {
        conflict(
            e,
            format!("an organisation called \"{name}\" already exists"),
        )
    })?;
    Ok(c.last_insert_rowid())
}

pub fn delete_organisation(tx: &Tx, id: i64) -> Result<()> {
    let c = tx.conn();
    let n = c.execute("DELETE FROM organisation WHERE id = ?1", [id])?;
    found(n, || format!("no organisation with id {id}"))
}

/// Raises (or lowers, never below 2) the smallest role group whose figures are shown.
pub fn set_min_group(tx: &Tx, id: i64, min_group: usize) -> Result<()> {
    let c = tx.conn();
    let n = c.execute(
        "UPDATE organisation SET min_group = ?2 WHERE id = ?1",
        params![id, min_group as i64],
    )?;
    found(n, || format!("no organisation with id {id}"))
}

pub fn rename_organisation(tx: &Tx, id: i64, name: &str) -> Result<()> {
    let c = tx.conn();
    let name = non_empty(name, "organisation name")?;
    let n = c
        .execute(
            "UPDATE organisation SET name = ?2 WHERE id = ?1",
            params![id, name],
        )
        .map_err(|e| {
            conflict(
                e,
                format!("an organisation called \"{name}\" already exists"),
            )
        })?;
    found(n, || format!("no organisation with id {id}"))
}

/// Records an instrument's file text the first time a round uses that id and version.
pub fn ensure_instrument(tx: &Tx, id: &str, version: u32, source: &str) -> Result<()> {
    let c = tx.conn();
    c.execute(
        "INSERT OR IGNORE INTO instrument (id, version, source) VALUES (?1, ?2, ?3)",
        params![id, version, source],
    )?;
    Ok(())
}

pub fn create_round(
    tx: &Tx,
    organisation_id: i64,
    name: &str,
    date: &str,
    instrument: (&str, u32),
) -> Result<i64> {
    let c = tx.conn();
    let name = non_empty(name, "round name")?;
    if !govmat_core::is_iso_date(date) {
        return Err(StoreError::Invalid(format!(
            "round date \"{date}\" is not a date written YYYY-MM-DD"
        )));
    }
    c.execute(
        "INSERT INTO round (organisation_id, name, date, instrument_id, instrument_version) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![organisation_id, name, date, instrument.0, instrument.1],
    )
    .map_err(|e| conflict(e, format!("this organisation already has a round called \"{name}\"")))?;
    Ok(c.last_insert_rowid())
}

pub fn set_round_status(tx: &Tx, round_id: i64, status: RoundStatus) -> Result<()> {
    let c = tx.conn();
    let n = c.execute(
        "UPDATE round SET status = ?2 WHERE id = ?1",
        params![round_id, status.as_str()],
    )?;
    found(n, || format!("no round with id {round_id}"))
}

pub fn set_round_spectrum(tx: &Tx, round_id: i64, spectrum: (&str, u32)) -> Result<()> {
    let c = tx.conn();
    c.execute(
        "UPDATE round SET spectrum_id = ?2, spectrum_version = ?3 WHERE id = ?1",
        params![round_id, spectrum.0, spectrum.1],
    )?;
    Ok(())
}

pub fn delete_round(tx: &Tx, round_id: i64) -> Result<()> {
    let c = tx.conn();
    let n = c.execute("DELETE FROM round WHERE id = ?1", [round_id])?;
    found(n, || format!("no round with id {round_id}"))
}
