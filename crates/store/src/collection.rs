//! The state of a round's private collection, and each member's ballot secrets.
//!
//! Only hashes are stored: the facilitator's PIN and each member's resume code as salted
//! password hashes, the key a member's page holds as its SHA-256. This module does not hash or
//! verify anything itself (the API does); it reads and writes these columns so that the API can
//! check them inside the same transaction as the write they guard.
//!
//! A ballot started on the room's laptop or a phone is added by `add_ballot`, which, unlike
//! `add_respondent`, never adds to the roster; `ballot_is_empty` lets the API discard an empty
//! ballot inside the write that deletes it. Migration 010 adds `round.expected_members` (default
//! 30) and lets `collection_event` record `discarded-ballot`; migration 012 keeps the devices
//! server's port and join code and the time box's end with the collecting round, forgotten when
//! collection ends. Migration 013's `ballot_change` keeps the newest change number a member's
//! page saved per question (`newer_change_saved`, `set_change_saved`), so a stale resend loses
//! even after a restart; forgotten on resume, finish and the end of collection.

use crate::{Conn as _, Db, Tx};
use rusqlite::{params, OptionalExtension};

use crate::{found, Result, RoundStatus, StoreError};
use govmat_core::Role;

/// Whether a round is collecting, and what guards the end of collection.
#[derive(Debug, Clone, PartialEq)]
pub struct CollectionState {
    pub round_id: i64,
    pub status: RoundStatus,
    pub collecting: bool,
    pub pin_hash: Option<String>,
    pub pin_failures: i64,
    /// Unix seconds before which no PIN is checked.
    pub pin_retry_after: i64,
    /// How many members the facilitator expects (set when collection starts); without a roster
    /// the round takes at most twice this many ballots.
    pub expected_members: i64,
    /// Unix seconds when the facilitator's time box ends, if one was set (issue 25 §6).
    pub time_box_ends: Option<i64>,
}

/// The board's expected size when the facilitator does not say (migration 010's default).
pub const DEFAULT_EXPECTED_MEMBERS: i64 = 30;

/// One member's ballot and the secrets that let them, and only them, write to it.
#[derive(Debug, Clone, PartialEq)]
pub struct BallotSecrets {
    pub respondent_id: i64,
    pub round_id: i64,
    pub name: String,
    pub role: Role,
    pub finished: bool,
    pub resume_hash: Option<String>,
    pub resume_failures: i64,
    /// SHA-256 (hex) of the key the member's page holds; `None` when no page may write.
    pub ballot_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CollectionEvent {
    pub at: i64,
    pub event: String,
}

pub fn collection_state(db: &impl Db, round_id: i64) -> Result<CollectionState> {
    let c = db.conn();
    c.query_row(
        "SELECT id, collecting, pin_hash, pin_failures, pin_retry_after, status, expected_members, time_box_ends FROM round WHERE id = ?1",
        [round_id],
        |r| {
            let status: String = r.get(5)?;
            Ok(CollectionState {
                round_id: r.get(0)?,
                status: if status == "closed" {
                    RoundStatus::Closed
                } else {
                    RoundStatus::Open
                },
                collecting: r.get(1)?,
                pin_hash: r.get(2)?,
                pin_failures: r.get(3)?,
                pin_retry_after: r.get(4)?,
                expected_members: r.get(6)?,
                time_box_ends: r.get(7)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("no round with id {round_id}")))
}

/// Every round of the database that is collecting now, by id.
pub fn collecting_rounds(db: &impl Db) -> Result<Vec<i64>> {
    let c = db.conn();
    let mut st = c.prepare_cached("SELECT id FROM round WHERE collecting = 1 ORDER BY id")?;
    let rows = st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(rows)
}

const SECRETS: &str = "SELECT id, round_id, name, role, finished, resume_hash, resume_failures, ballot_key FROM respondent";

fn secrets(r: &rusqlite::Row) -> rusqlite::Result<BallotSecrets> {
    let role: String = r.get(3)?;
    Ok(BallotSecrets {
        respondent_id: r.get(0)?,
        round_id: r.get(1)?,
        name: r.get(2)?,
        role: Role::parse(&role).unwrap_or(Role::Other),
        finished: r.get(4)?,
        resume_hash: r.get(5)?,
        resume_failures: r.get(6)?,
        ballot_key: r.get(7)?,
    })
}

pub fn ballot_secrets(db: &impl Db, respondent_id: i64) -> Result<Option<BallotSecrets>> {
    let c = db.conn();
    Ok(c.query_row(
        &format!("{SECRETS} WHERE id = ?1"),
        [respondent_id],
        secrets,
    )
    .optional()?)
}

/// Every member of a round with their secrets, in the order they joined.
pub fn round_ballots(db: &impl Db, round_id: i64) -> Result<Vec<BallotSecrets>> {
    let c = db.conn();
    let mut st = c.prepare_cached(&format!("{SECRETS} WHERE round_id = ?1 ORDER BY id"))?;
    let rows = st
        .query_map([round_id], secrets)?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Starts collection with the facilitator's PIN (its hash) and the number of members expected.
pub fn start_collection(
    tx: &Tx,
    round_id: i64,
    pin_hash: &str,
    expected_members: i64,
    at: i64,
) -> Result<()> {
    let c = tx.conn();
    let n = c.execute(
        "UPDATE round SET collecting = 1, pin_hash = ?2, pin_failures = 0, pin_retry_after = 0, expected_members = ?3 WHERE id = ?1",
        params![round_id, pin_hash, expected_members],
    )?;
    found(n, || format!("no round with id {round_id}"))?;
    record_event(tx, round_id, at, "started")
}

/// Sets (or with `None` clears) when the round's time box ends, in Unix seconds.
pub fn set_time_box(tx: &Tx, round_id: i64, ends: Option<i64>) -> Result<()> {
    let n = tx.conn().execute(
        "UPDATE round SET time_box_ends = ?2 WHERE id = ?1",
        params![round_id, ends],
    )?;
    found(n, || format!("no round with id {round_id}"))
}

/// The devices server's port and join code kept with a collecting round (issue 25 §5).
pub fn devices_server(db: &impl Db, round_id: i64) -> Result<Option<(u16, String)>> {
    let row: Option<(Option<i64>, Option<String>)> = db
        .conn()
        .query_row(
            "SELECT devices_port, devices_join_code FROM round WHERE id = ?1 AND collecting = 1",
            [round_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match row {
        Some((Some(port), Some(code))) => u16::try_from(port).ok().map(|p| (p, code)),
        _ => None,
    })
}

/// Keeps the devices server's port and join code with a collecting round (no-op otherwise).
pub fn set_devices_server(tx: &Tx, round_id: i64, port: u16, join_code: &str) -> Result<()> {
    tx.conn().execute(
        "UPDATE round SET devices_port = ?2, devices_join_code = ?3 WHERE id = ?1 AND collecting = 1",
        params![round_id, port, join_code],
    )?;
    Ok(())
}

/// Ends collection: the PIN is forgotten and no member's page can write any more.
pub fn end_collection(tx: &Tx, round_id: i64, at: i64, forced: bool) -> Result<()> {
    let c = tx.conn();
    let n = c.execute(
        "UPDATE round SET collecting = 0, pin_hash = NULL, pin_failures = 0, pin_retry_after = 0, devices_port = NULL, devices_join_code = NULL, time_box_ends = NULL WHERE id = ?1",
        [round_id],
    )?;
    found(n, || format!("no round with id {round_id}"))?;
    c.execute(
        "UPDATE respondent SET ballot_key = NULL WHERE round_id = ?1 AND ballot_key IS NOT NULL",
        [round_id],
    )?;
    c.execute(
        "DELETE FROM ballot_change WHERE respondent_id IN (SELECT id FROM respondent WHERE round_id = ?1)",
        [round_id],
    )?;
    record_event(tx, round_id, at, if forced { "forced" } else { "ended" })
}

/// Whether a change numbered higher than `seq` to this ballot's `question` has been saved: a
/// member's page numbers its changes, so a late copy of an older one is not saved over a newer.
pub fn newer_change_saved(tx: &Tx, respondent_id: i64, question: &str, seq: i64) -> Result<bool> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT 1 FROM ballot_change WHERE respondent_id = ?1 AND question = ?2 AND seq > ?3",
        )?
        .exists(params![respondent_id, question, seq])?)
}

/// Keeps the number of the change just saved to this ballot's `question`.
pub fn set_change_saved(tx: &Tx, respondent_id: i64, question: &str, seq: i64) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO ballot_change (respondent_id, question, seq) VALUES (?1, ?2, ?3)
             ON CONFLICT (respondent_id, question) DO UPDATE SET seq = ?3",
        )?
        .execute(params![respondent_id, question, seq])?;
    Ok(())
}

/// Forgets a ballot's change numbers: it is resumed on a new page (which numbers afresh, perhaps
/// by another device's clock) or finished.
pub fn forget_changes(tx: &Tx, respondent_id: i64) -> Result<()> {
    tx.conn()
        .prepare_cached("DELETE FROM ballot_change WHERE respondent_id = ?1")?
        .execute([respondent_id])?;
    Ok(())
}

/// Adds a member's ballot to a round, as the member typed the name (or as the caller found it
/// on the roster), without touching the roster: a ballot started by a member never adds anyone to
/// the board's roster; newcomers are added by the facilitator (issue 25 §1). A name matching one
/// already in the round (case and accents set aside) is refused with `Conflict`.
pub fn add_ballot(tx: &Tx, round_id: i64, name: &str, role: Role) -> Result<i64> {
    let c = tx.conn();
    let name = crate::roster::checked_name(name)?;
    if crate::roster::respondent_match(tx, round_id, &name)?.is_some() {
        return Err(StoreError::Conflict(
            "that name has already started in this round".into(),
        ));
    }
    c.execute(
        "INSERT INTO respondent (round_id, name, role) VALUES (?1, ?2, ?3)",
        params![round_id, name, role.as_str()],
    )?;
    Ok(c.last_insert_rowid())
}

/// Whether a member's ballot holds nothing: no level, no "don't know", no comment and no
/// spectrum place. Read inside the write that discards it, so nothing saved in between is lost.
pub fn ballot_is_empty(db: &impl Db, respondent_id: i64) -> Result<bool> {
    let c = db.conn();
    let any: bool = c.query_row(
        "SELECT EXISTS (SELECT 1 FROM response WHERE respondent_id = ?1
                          AND (level IS NOT NULL OR dont_know = 1 OR comment != ''))
             OR EXISTS (SELECT 1 FROM spectrum_position WHERE respondent_id = ?1
                          AND (now IS NOT NULL OR aspiration IS NOT NULL))",
        [respondent_id],
        |r| r.get(0),
    )?;
    Ok(!any)
}

pub fn set_pin_failures(tx: &Tx, round_id: i64, failures: i64, retry_after: i64) -> Result<()> {
    let c = tx.conn();
    c.execute(
        "UPDATE round SET pin_failures = ?2, pin_retry_after = ?3 WHERE id = ?1",
        params![round_id, failures, retry_after],
    )?;
    Ok(())
}

pub fn set_ballot_key(tx: &Tx, respondent_id: i64, key_hash: Option<&str>) -> Result<()> {
    let c = tx.conn();
    let n = c.execute(
        "UPDATE respondent SET ballot_key = ?2 WHERE id = ?1",
        params![respondent_id, key_hash],
    )?;
    found(n, || format!("no member with id {respondent_id}"))
}

pub fn set_resume_hash(tx: &Tx, respondent_id: i64, hash: &str) -> Result<()> {
    let c = tx.conn();
    let n = c.execute(
        "UPDATE respondent SET resume_hash = ?2, resume_failures = 0 WHERE id = ?1",
        params![respondent_id, hash],
    )?;
    found(n, || format!("no member with id {respondent_id}"))
}

pub fn set_resume_failures(tx: &Tx, respondent_id: i64, failures: i64) -> Result<()> {
    let c = tx.conn();
    c.execute(
        "UPDATE respondent SET resume_failures = ?2 WHERE id = ?1",
        params![respondent_id, failures],
    )?;
    Ok(())
}

pub fn record_event(tx: &Tx, round_id: i64, at: i64, event: &str) -> Result<()> {
    let c = tx.conn();
    c.execute(
        "INSERT INTO collection_event (round_id, at, event) VALUES (?1, ?2, ?3)",
        params![round_id, at, event],
    )?;
    Ok(())
}

pub fn collection_events(db: &impl Db, round_id: i64) -> Result<Vec<CollectionEvent>> {
    let c = db.conn();
    let mut st =
        c.prepare_cached("SELECT at, event FROM collection_event WHERE round_id = ?1 ORDER BY id")?;
    let rows = st
        .query_map([round_id], |r| {
            Ok(CollectionEvent {
                at: r.get(0)?,
                event: r.get(1)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// The round's random anonymity key (see migration 004).
pub fn anon_key(db: &impl Db, round_id: i64) -> Result<Vec<u8>> {
    let c = db.conn();
    let key: Option<Vec<u8>> = c
        .query_row(
            "SELECT anon_key FROM round WHERE id = ?1",
            [round_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("no round with id {round_id}")))?;
    Ok(key.unwrap_or_default())
}
