//! A round's actions: reads on [`Store`], writes as free functions taking a [`Tx`].

use rusqlite::{params, OptionalExtension};

use crate::{found, non_empty, rows, Conn as _, Db, Result, Store, StoreError, Tx};
use crate::{ActionFollowUp, ActionRow, NewAction};

impl Store {
    pub fn actions(&self, round_id: i64) -> Result<Vec<ActionRow>> {
        let mut st = self.conn.prepare_cached(&format!(
            "{} WHERE round_id = ?1 ORDER BY id",
            rows::ACTION_SELECT
        ))?;
        let rows = st
            .query_map([round_id], rows::action)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

/// One action by id.
pub fn action(db: &impl Db, id: i64) -> Result<ActionRow> {
    db.conn()
        .query_row(
            &format!("{} WHERE id = ?1", rows::ACTION_SELECT),
            [id],
            rows::action,
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("no action with id {id}")))
}

pub fn add_action(tx: &Tx, round_id: i64, a: &NewAction) -> Result<i64> {
    let c = tx.conn();
    let text = non_empty(&a.text, "action text")?;
    c.execute(
        "INSERT INTO action (round_id, item_id, text, owner, due, status, carried_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![round_id, a.item_id, text, a.owner.trim(), a.due, a.status.as_str(), a.carried_from],
    )?;
    Ok(c.last_insert_rowid())
}

/// Updates an action of `round_id`; an action of another round is "not found", never changed.
pub fn update_action(tx: &Tx, round_id: i64, id: i64, a: &NewAction) -> Result<()> {
    let c = tx.conn();
    let text = non_empty(&a.text, "action text")?;
    let n = c.execute(
        "UPDATE action SET item_id = ?3, text = ?4, owner = ?5, due = ?6, status = ?7 WHERE id = ?1 AND round_id = ?2",
        params![id, round_id, a.item_id, text, a.owner.trim(), a.due, a.status.as_str()],
    )?;
    found(n, || format!("no action with id {id} in this round"))
}

/// Records how an action of `round_id` stands (status, note, evidence, owner, due date),
/// leaving its text and item as they are; an action of another round is "not found".
pub fn follow_up_action(tx: &Tx, round_id: i64, id: i64, f: &ActionFollowUp) -> Result<()> {
    let c = tx.conn();
    for (text, what) in [
        (&f.note, "note"),
        (&f.evidence, "evidence"),
        (&f.owner, "owner"),
    ] {
        if text.chars().count() > govmat_core::MAX_TEXT {
            return Err(StoreError::Invalid(format!(
                "{what} is longer than {} characters",
                govmat_core::MAX_TEXT
            )));
        }
    }
    let n = c.execute(
        "UPDATE action SET status = ?3, note = ?4, evidence = ?5, owner = ?6, due = ?7 WHERE id = ?1 AND round_id = ?2",
        params![id, round_id, f.status.as_str(), f.note.trim(), f.evidence.trim(), f.owner.trim(), f.due],
    )?;
    found(n, || format!("no action with id {id} in this round"))
}

/// Deletes an action of `round_id`; an action of another round is "not found", never deleted.
pub fn delete_action(tx: &Tx, round_id: i64, id: i64) -> Result<()> {
    let c = tx.conn();
    let n = c.execute(
        "DELETE FROM action WHERE id = ?1 AND round_id = ?2",
        [id, round_id],
    )?;
    found(n, || format!("no action with id {id} in this round"))
}
