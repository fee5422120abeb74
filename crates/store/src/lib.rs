//! govmat-store: the durable SQLite file behind govmat.
//!
//! It owns the schema and its migrations, the safety checks done before a file is touched, and
//! every read and write of board data. Each write is one transaction, the journal is WAL with
//! `synchronous=FULL`, so an acknowledged save survives a crash and a refused write changes nothing.
//! It knows the domain types of `govmat-core` but does no scoring and no rendering.

mod backup;
pub use backup::{check_backup, copy_backup};
// The benchmark library of other organisations' packs (issue 26).
mod benchmark;
mod collaborative;
mod collection;
// The decision history (issue 27): every change to a decision, hash-chained.
mod history;
// Keyed identities (issue 23 §2): each organisation's identity key, refused ballot tries.
mod identity;
mod open;
mod roster;
mod rows;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use govmat_core::{Answer, Decision, Position, RawBallot, Role};
use rusqlite::Connection;
use rusqlite::{params, OptionalExtension};

pub use benchmark::{
    add_benchmark_pack, benchmark_minimum, benchmark_packs, delete_benchmark_pack,
    newest_benchmark_packs, remove_benchmark_organisation, set_benchmark_minimum, BenchmarkRow,
    NewBenchmarkPack,
};
pub use collaborative::{
    add_pack, collaboratives, delete_pack, ensure_collaborative, find_collaborative, packs,
    CollaborativeRow, NewPack, PackRow,
};
pub use collection::{
    add_ballot, anon_key, ballot_is_empty, ballot_secrets, collecting_rounds, collection_events,
    collection_state, end_collection, record_event, round_ballots, set_ballot_key,
    set_pin_failures, set_resume_failures, set_resume_hash, start_collection, BallotSecrets,
    CollectionEvent, CollectionState, DEFAULT_EXPECTED_MEMBERS,
};
pub use history::save_decision;
pub use identity::{
    ballot_refusals, count_ballot_refusal, identity_key, set_identity_key, IDENTITY_KEY_BYTES,
};
pub use open::{open_at, APPLICATION_ID, SCHEMA_VERSION};
pub use roster::{
    add_roster_member, checked_name, delete_roster_member, merge_respondents, org_pin,
    rename_respondent, rename_roster_member, respondent_match, roster, roster_match, roster_member,
    set_org_pin, set_org_pin_failures, set_respondent_role, set_roster_role, OrgPin, RosterRow,
};
pub use rows::{
    ActionFollowUp, ActionRow, ActionStatus, NewAction, Organisation, OwnRows, RespondentRow,
    ResponseRow, RoundRow, RoundStatus,
};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path} is not a govmat database (it was left untouched)")]
    NotGovmat { path: String },
    /// A govmat database (by its header) that SQLite cannot read whole: cut short, or with
    /// damaged pages.
    #[error("{path} is a govmat database that is damaged ({detail}); it was left untouched")]
    Damaged { path: String, detail: String },
    #[error("{path} was written by a newer govmat (schema {found}, this version knows up to {supported}); it was left untouched")]
    TooNew {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Invalid(String),
    /// A round is collecting privately (checked inside a write's transaction).
    #[error("{0}")]
    Locked(String),
    /// A ballot key that does not match (checked inside a write's transaction).
    #[error("{0}")]
    Forbidden(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Io(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A write transaction. Only [`Store::write`] makes one, and every function that writes takes one,
/// so "every write is one transaction" is checked by the compiler. It gives no way to run SQL:
/// outside this crate it can only be handed to the functions here.
pub struct Tx<'a>(&'a Connection);

/// The database read outside a transaction ([`Store::reader`]); like [`Tx`], it runs no SQL of
/// its caller's.
pub struct Reader<'a>(&'a Connection);

mod sealed {
    /// The connection behind a [`super::Tx`] or [`super::Reader`], reachable only in this crate:
    /// the trait lives in a private module, so no other crate can name it or call `conn`.
    pub trait Conn {
        fn conn(&self) -> &rusqlite::Connection;
    }
}
pub(crate) use sealed::Conn;

/// What a read takes: a transaction's view or a plain reader. Sealed (see [`sealed::Conn`]).
pub trait Db: sealed::Conn {}

impl sealed::Conn for Tx<'_> {
    fn conn(&self) -> &Connection {
        self.0
    }
}

impl sealed::Conn for Reader<'_> {
    fn conn(&self) -> &Connection {
        self.0
    }
}

impl Db for Tx<'_> {}
impl Db for Reader<'_> {}

/// Runs `f` in one transaction on a connection of the caller's own (one [`open_at`] built, for
/// instance): the way to use this crate's writes on a file without a [`Store`] open on it.
pub fn with_tx<T>(c: &mut Connection, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let out = f(&Tx(&tx))?;
    tx.commit()?;
    Ok(out)
}

/// An open govmat database. Not `Sync`: the desktop shell keeps it behind a mutex.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (or creates) the database at `path`, refusing foreign or newer files, and migrates
    /// an older schema after taking a backup next to it.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = open::open(path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in one transaction: all of its writes land, or none do. The transaction is
    /// IMMEDIATE, so the checks `f` makes before writing see the same data the write changes.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&Tx(&tx))?;
        tx.commit()?;
        Ok(out)
    }

    /// Reads outside a transaction, for the read functions of this crate.
    pub fn reader(&self) -> Reader<'_> {
        Reader(&self.conn)
    }

    /// The value of one of SQLite's settings (`user_version`, `synchronous`, `foreign_keys`,
    /// `application_id`, `journal_mode`...), for checks and tests; `name` is letters and `_`.
    pub fn pragma(&self, name: &str) -> Result<String> {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return Err(StoreError::Invalid(format!(
                "not a setting's name: {name:?}"
            )));
        }
        Ok(self
            .conn
            .query_row(&format!("PRAGMA {name}"), [], |r| {
                r.get::<_, rusqlite::types::Value>(0)
            })
            .map(|v| match v {
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Text(t) => t,
                other => format!("{other:?}"),
            })?)
    }

    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

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

    pub fn respondents(&self, round_id: i64) -> Result<Vec<RespondentRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT p.id, p.name, p.role, p.finished, EXISTS (SELECT 1 FROM response r WHERE r.respondent_id = p.id AND (r.level IS NOT NULL OR r.dont_know = 1 OR r.comment != '')) OR EXISTS (SELECT 1 FROM spectrum_position s WHERE s.respondent_id = p.id AND (s.now IS NOT NULL OR s.aspiration IS NOT NULL)) FROM respondent p WHERE p.round_id = ?1 ORDER BY p.id",
        )?;
        let rows = st
            .query_map([round_id], rows::respondent)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Forms import (issue 13): each imported member's id and hashed response id or email.
    pub fn external_ids(&self, round_id: i64) -> Result<Vec<(i64, String)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, external_id FROM respondent WHERE round_id = ?1 AND external_id IS NOT NULL",
        )?;
        let rows = st
            .query_map([round_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Every member's ballot in a round, sealed: only `govmat_core::anonymise` (and
    /// `anonymise_spectrum`) can read the answers, comments and placements back, with the
    /// anonymity rule applied. This and the member's own ballot ([`Store::own_ballot`]) are the
    /// only ways raw answers leave the store. A ballot with nothing in it is left out: it is not a
    /// member who has answered, so no count or statistic includes it (issue 25 §1).
    pub fn ballots(&self, round_id: i64) -> Result<Vec<RawBallot>> {
        let mut respondents = self.respondents(round_id)?;
        respondents.retain(|r| r.answered);
        let index: BTreeMap<i64, usize> = respondents
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id, i))
            .collect();
        let mut ballots: Vec<RawBallot> =
            respondents.iter().map(|r| RawBallot::new(r.role)).collect();
        for r in self.responses(round_id)? {
            if let Some(&i) = index.get(&r.respondent_id) {
                ballots[i].answer(&r.item_id, r.answer, &r.comment);
            }
        }
        for (who, dimension, position) in self.positions(round_id)? {
            if let Some(&i) = who.and_then(|w| index.get(&w)) {
                ballots[i].place(&dimension, position);
            }
        }
        Ok(ballots)
    }

    /// One member's own answers and placements, for the ballot that member holds the key to
    /// (and nothing else: every other reader gets [`Store::ballots`], sealed).
    pub fn own_ballot(&self, respondent_id: i64) -> Result<OwnRows> {
        let mut st = self.conn.prepare_cached(
            "SELECT respondent_id, item_id, level, dont_know, comment FROM response
             WHERE respondent_id = ?1",
        )?;
        let answers = st
            .query_map([respondent_id], rows::response)?
            .collect::<Result<_, _>>()?;
        let mut st = self.conn.prepare_cached(
            "SELECT dimension_id, now, aspiration FROM spectrum_position WHERE respondent_id = ?1",
        )?;
        let positions = st
            .query_map([respondent_id], |r| {
                Ok((
                    r.get(0)?,
                    Position {
                        now: r.get(1)?,
                        aspiration: r.get(2)?,
                    },
                ))
            })?
            .collect::<Result<_, _>>()?;
        Ok(OwnRows { answers, positions })
    }

    /// The board's agreed spectrum position, by dimension.
    pub fn agreed_positions(&self, round_id: i64) -> Result<BTreeMap<String, Position>> {
        Ok(self
            .positions(round_id)?
            .into_iter()
            .filter(|(who, ..)| who.is_none())
            .map(|(_, dimension, position)| (dimension, position))
            .collect())
    }

    /// How many members have answered each item (anything but unanswered) or placed each
    /// spectrum dimension: counts for the projector, never a value.
    pub fn received(&self, round_id: i64) -> Result<BTreeMap<String, usize>> {
        let mut st = self.conn.prepare_cached(
            "SELECT r.item_id, COUNT(*) FROM response r JOIN respondent p ON p.id = r.respondent_id
             WHERE p.round_id = ?1 AND (r.level IS NOT NULL OR r.dont_know = 1)
             GROUP BY r.item_id
             UNION ALL
             SELECT dimension_id, COUNT(*) FROM spectrum_position
             WHERE round_id = ?1 AND respondent_id != 0 AND (now IS NOT NULL OR aspiration IS NOT NULL)
             GROUP BY dimension_id",
        )?;
        let rows = st
            .query_map([round_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = BTreeMap::new();
        for (id, n) in rows {
            *out.entry(id).or_default() += n;
        }
        Ok(out)
    }

    /// The items two members of one round have both answered differently (in the answer or the
    /// comment), for a roster merge to ask which to keep; in item id order.
    pub fn merge_conflicts(&self, a: i64, b: i64) -> Result<Vec<String>> {
        let mut st = self.conn.prepare_cached(
            "SELECT x.item_id FROM response x JOIN response y ON y.item_id = x.item_id
             WHERE x.respondent_id = ?1 AND y.respondent_id = ?2
               AND (x.level IS NOT y.level OR x.dont_know IS NOT y.dont_know OR x.comment IS NOT y.comment)
             ORDER BY x.item_id",
        )?;
        let rows = st
            .query_map([a, b], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    fn responses(&self, round_id: i64) -> Result<Vec<ResponseRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT r.respondent_id, r.item_id, r.level, r.dont_know, r.comment
             FROM response r JOIN respondent p ON p.id = r.respondent_id
             WHERE p.round_id = ?1",
        )?;
        let rows = st
            .query_map([round_id], rows::response)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    pub fn decisions(&self, round_id: i64) -> Result<BTreeMap<String, Decision>> {
        let mut st = self.conn.prepare_cached(
            "SELECT item_id, agreed, rationale, dissent, target FROM decision WHERE round_id = ?1",
        )?;
        let rows = st
            .query_map([round_id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Decision {
                        agreed: r.get(1)?,
                        rationale: r.get(2)?,
                        dissent: r.get(3)?,
                        target: r.get(4)?,
                    },
                ))
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

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

    /// Spectrum positions of a round: (respondent id, or `None` for the agreed position, dimension, position).
    fn positions(&self, round_id: i64) -> Result<Vec<(Option<i64>, String, Position)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT respondent_id, dimension_id, now, aspiration FROM spectrum_position WHERE round_id = ?1",
        )?;
        let rows = st
            .query_map([round_id], |r| {
                let who: i64 = r.get(0)?;
                Ok((
                    (who != 0).then_some(who),
                    r.get(1)?,
                    Position {
                        now: r.get(2)?,
                        aspiration: r.get(3)?,
                    },
                ))
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

// ---- writes: free functions over a connection, so callers compose them in one transaction ------

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

/// Adds a member to a round. A name matching one already in the round (case and accents set
/// aside) is refused, so one person never counts twice; a name on the board's roster takes the
/// roster's spelling, and a new name joins the roster with the role given.
pub fn add_respondent(tx: &Tx, round_id: i64, name: &str, role: Role) -> Result<i64> {
    let c = tx.conn();
    let name = roster::checked_name(name)?;
    if let Some((_, there, _, _)) = roster::respondent_match(&crate::Reader(c), round_id, &name)? {
        return Err(StoreError::Conflict(format!(
            "\"{there}\" has already answered in this round; use another name or code"
        )));
    }
    let organisation_id: i64 = c
        .query_row(
            "SELECT organisation_id FROM round WHERE id = ?1",
            [round_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("no round with id {round_id}")))?;
    let name = match roster::roster_match(&crate::Reader(c), organisation_id, &name)? {
        Some(on_roster) => on_roster.name,
        None => {
            roster::add_roster_member(tx, organisation_id, &name, role)?;
            name
        }
    };
    c.execute(
        "INSERT INTO respondent (round_id, name, role) VALUES (?1, ?2, ?3)",
        params![round_id, name, role.as_str()],
    )
    .map_err(|e| {
        conflict(
            e,
            format!("\"{name}\" has already answered in this round; use another name or code"),
        )
    })?;
    Ok(c.last_insert_rowid())
}

/// Forms import (issue 13): ties a member to the hashed response id or email they came from.
pub fn set_external_id(tx: &Tx, respondent_id: i64, external_id: &str) -> Result<()> {
    let c = tx.conn();
    c.execute(
        "UPDATE respondent SET external_id = ?2 WHERE id = ?1",
        params![respondent_id, external_id],
    )?;
    Ok(())
}

pub fn delete_respondent(tx: &Tx, respondent_id: i64) -> Result<()> {
    let c = tx.conn();
    c.execute("DELETE FROM respondent WHERE id = ?1", [respondent_id])?;
    Ok(())
}

pub fn set_finished(tx: &Tx, respondent_id: i64, finished: bool) -> Result<()> {
    let c = tx.conn();
    let n = c.execute(
        "UPDATE respondent SET finished = ?2 WHERE id = ?1",
        params![respondent_id, finished],
    )?;
    found(n, || format!("no respondent with id {respondent_id}"))
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

pub fn save_answer(
    tx: &Tx,
    respondent_id: i64,
    item_id: &str,
    answer: Answer,
    comment: &str,
) -> Result<()> {
    let c = tx.conn();
    let (level, dont_know) = match answer {
        Answer::Level(v) => (Some(v), false),
        Answer::DontKnow => (None, true),
        Answer::Unanswered => (None, false),
    };
    c.prepare_cached(
        "INSERT INTO response (respondent_id, item_id, level, dont_know, comment) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (respondent_id, item_id) DO UPDATE SET level = ?3, dont_know = ?4, comment = ?5",
    )?
    .execute(params![respondent_id, item_id, level, dont_know, comment])?;
    Ok(())
}

/// Saves a spectrum position; `respondent_id` `None` is the board's agreed position.
pub fn save_position(
    tx: &Tx,
    round_id: i64,
    respondent_id: Option<i64>,
    dimension: &str,
    p: Position,
) -> Result<()> {
    let c = tx.conn();
    c.prepare_cached(
        "INSERT INTO spectrum_position (round_id, respondent_id, dimension_id, now, aspiration) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (round_id, respondent_id, dimension_id) DO UPDATE SET now = ?4, aspiration = ?5",
    )?
    .execute(params![round_id, respondent_id.unwrap_or(0), dimension, p.now, p.aspiration])?;
    Ok(())
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

fn non_empty<'a>(text: &'a str, what: &str) -> Result<&'a str> {
    let t = text.trim();
    if t.is_empty() {
        return Err(StoreError::Invalid(format!("{what} must not be empty")));
    }
    if t.chars().count() > govmat_core::MAX_TEXT {
        return Err(StoreError::Invalid(format!(
            "{what} is longer than {} characters",
            govmat_core::MAX_TEXT
        )));
    }
    Ok(t)
}

pub(crate) fn found(n: usize, msg: impl FnOnce() -> String) -> Result<()> {
    if n == 0 {
        Err(StoreError::NotFound(msg()))
    } else {
        Ok(())
    }
}

fn conflict(e: rusqlite::Error, msg: String) -> StoreError {
    match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            StoreError::Conflict(msg)
        }
        other => StoreError::Sqlite(other),
    }
}

pub use rusqlite::Error as SqliteError;
