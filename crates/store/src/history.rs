//! The board's decisions and their history: a decision is only ever written together with the
//! history entry that records the change, in the same transaction, so no path through govmat can
//! change a decision without it showing.
//!
//! How an entry is hashed and how a chain is checked belong to `govmat_core` (`entry_hash`,
//! `verify_history`); this module keeps the entries, their hashes and each round's head.
//!
//! `save_decision` takes the time it was saved; saving what is already there records nothing. Each
//! round keeps its chain's head in `round.history_head`. Migration 008 added the history table (and
//! actions' `note` and `evidence`) and started existing rounds' chains from their decisions:
//! written by SQL without a hash, then hashed in order by `seal` inside the same migration
//! transaction, since SQLite has no SHA-256.

use govmat_core::{entry_hash, Decision, HistoryEntry, Origin, GENESIS};
use rusqlite::{params, OptionalExtension, Row};

use crate::{Conn as _, Connection, Result, Store, Tx};

const SELECT: &str = "SELECT seq, at, item_id, origin, had_old, old_agreed, old_target, old_rationale, old_dissent, new_agreed, new_target, new_rationale, new_dissent, hash FROM decision_history";

fn entry(r: &Row) -> rusqlite::Result<(HistoryEntry, Option<String>)> {
    let origin: String = r.get(3)?;
    let had_old: bool = r.get(4)?;
    let old = if had_old {
        Some(Decision {
            agreed: r.get(5)?,
            target: r.get(6)?,
            rationale: r.get(7)?,
            dissent: r.get(8)?,
        })
    } else {
        None
    };
    Ok((
        HistoryEntry {
            seq: r.get(0)?,
            at: r.get(1)?,
            item: r.get(2)?,
            // An origin this build does not know is read as a change; its hash then fails.
            origin: Origin::parse(&origin).unwrap_or(Origin::Change),
            old,
            new: Decision {
                agreed: r.get(9)?,
                target: r.get(10)?,
                rationale: r.get(11)?,
                dissent: r.get(12)?,
            },
        },
        r.get(13)?,
    ))
}

impl Store {
    /// A round's history, oldest first, each entry with its stored hash ("" where none is).
    pub fn decision_history(&self, round_id: i64) -> Result<Vec<(HistoryEntry, String)>> {
        let mut st = self
            .conn
            .prepare_cached(&format!("{SELECT} WHERE round_id = ?1 ORDER BY seq"))?;
        let rows = st
            .query_map([round_id], entry)?
            .map(|r| r.map(|(e, h)| (e, h.unwrap_or_default())))
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The hash of the round's last history entry as stored with the round.
    pub fn history_head(&self, round_id: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT history_head FROM round WHERE id = ?1",
                [round_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }
}

/// Records the board's agreed score, rationale, dissent and target for one item, and appends
/// the change to the round's history, saved at `at` (seconds since 1970). Saving what the item
/// already holds changes nothing and records nothing.
pub fn save_decision(tx: &Tx, round_id: i64, item_id: &str, d: &Decision, at: i64) -> Result<()> {
    let c = tx.conn();
    let old: Option<Decision> = c
        .query_row(
            "SELECT agreed, rationale, dissent, target FROM decision WHERE round_id = ?1 AND item_id = ?2",
            params![round_id, item_id],
            |r| {
                Ok(Decision {
                    agreed: r.get(0)?,
                    rationale: r.get(1)?,
                    dissent: r.get(2)?,
                    target: r.get(3)?,
                })
            },
        )
        .optional()?;
    c.prepare_cached(
        "INSERT INTO decision (round_id, item_id, agreed, rationale, dissent, target) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (round_id, item_id) DO UPDATE SET agreed = ?3, rationale = ?4, dissent = ?5, target = ?6",
    )?
    .execute(params![round_id, item_id, d.agreed, d.rationale, d.dissent, d.target])?;
    if old.clone().unwrap_or_default() == *d {
        return Ok(());
    }
    let (seq, prev) = last_link(c, round_id)?;
    let e = HistoryEntry {
        seq: seq + 1,
        at,
        item: item_id.to_string(),
        origin: Origin::Change,
        old,
        new: d.clone(),
    };
    append(c, round_id, &e, &prev)
}

/// The last entry's number and hash in a round's chain (0 and the genesis hash when empty).
fn last_link(c: &Connection, round_id: i64) -> Result<(i64, String)> {
    Ok(c.query_row(
        "SELECT seq, hash FROM decision_history WHERE round_id = ?1 ORDER BY seq DESC LIMIT 1",
        [round_id],
        |r| {
            Ok((
                r.get(0)?,
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            ))
        },
    )
    .optional()?
    .unwrap_or((0, GENESIS.to_string())))
}

fn append(c: &Connection, round_id: i64, e: &HistoryEntry, prev: &str) -> Result<()> {
    let hash = entry_hash(prev, e);
    let old = e.old.clone().unwrap_or_default();
    c.prepare_cached(
        "INSERT INTO decision_history (round_id, seq, at, item_id, origin, had_old, old_agreed, old_target, old_rationale, old_dissent, new_agreed, new_target, new_rationale, new_dissent, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        round_id,
        e.seq,
        e.at,
        e.item,
        e.origin.as_str(),
        e.old.is_some(),
        old.agreed,
        old.target,
        old.rationale,
        old.dissent,
        e.new.agreed,
        e.new.target,
        e.new.rationale,
        e.new.dissent,
        hash
    ])?;
    c.execute(
        "UPDATE round SET history_head = ?2 WHERE id = ?1",
        params![round_id, hash],
    )?;
    Ok(())
}

/// Hashes, in order, the entries a migration wrote without a hash (each round's starting
/// decisions), and sets each round's head. Runs inside the migration's transaction.
pub(crate) fn seal(c: &Connection) -> Result<()> {
    let rounds: Vec<i64> = c
        .prepare("SELECT DISTINCT round_id FROM decision_history WHERE hash IS NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for round_id in rounds {
        let entries: Vec<(HistoryEntry, Option<String>)> = c
            .prepare(&format!("{SELECT} WHERE round_id = ?1 ORDER BY seq"))?
            .query_map([round_id], entry)?
            .collect::<Result<_, _>>()?;
        let mut prev = GENESIS.to_string();
        for (e, stored) in entries {
            let hash = match stored {
                Some(h) => h,
                None => {
                    let h = entry_hash(&prev, &e);
                    c.execute(
                        "UPDATE decision_history SET hash = ?3 WHERE round_id = ?1 AND seq = ?2",
                        params![round_id, e.seq, h],
                    )?;
                    h
                }
            };
            prev = hash;
        }
        c.execute(
            "UPDATE round SET history_head = ?2 WHERE id = ?1",
            params![round_id, prev],
        )?;
    }
    Ok(())
}
