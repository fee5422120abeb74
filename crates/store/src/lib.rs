//! govmat-store: the durable SQLite file behind govmat.
//!
//! It owns the schema and its migrations, the safety checks done before a file is touched, and
//! every read and write of board data. Each write is one transaction, the journal is WAL with
//! `synchronous=FULL`, so an acknowledged save survives a crash and a refused write changes nothing.
//! It knows the domain types of `govmat-core` but does no scoring and no rendering.
//!
//! The doors: reads on `Store`; writes as free functions taking a `Tx`, which only `Store::write`
//! makes (one IMMEDIATE transaction), so callers compose them into one write; other reads as free
//! functions over a sealed `Db` (a `Tx` or `Store::reader`). Neither gives its holder a connection,
//! so no SQL runs outside this crate. Migrations are the embedded SQL files in `migrations/`, run
//! by `open.rs`.

mod actions;
pub use actions::*;
mod answers;
pub use answers::*;
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
mod rounds;
pub use rounds::*;
mod rows;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

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
    collection_state, devices_server, end_collection, forget_changes, newer_change_saved,
    record_event, round_ballots, set_ballot_key, set_change_saved, set_devices_server,
    set_pin_failures, set_resume_failures, set_resume_hash, set_time_box, start_collection,
    BallotSecrets, CollectionEvent, CollectionState, DEFAULT_EXPECTED_MEMBERS,
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
}

pub(crate) fn non_empty<'a>(text: &'a str, what: &str) -> Result<&'a str> {
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

pub(crate) fn conflict(e: rusqlite::Error, msg: String) -> StoreError {
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
