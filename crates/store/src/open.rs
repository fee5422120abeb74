//! Opening a database file safely: identify it, refuse what is not ours, back up, then migrate.
//!
//! Nothing is written to a file until it is known to be empty or a govmat database of a schema we
//! understand. Even `journal_mode=WAL` writes to the header, so it is set only after the checks.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::{Result, StoreError};

/// "GOVM" in ASCII: marks a SQLite file as ours.
pub const APPLICATION_ID: i32 = 0x474F_564D;

const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/001_base.sql"),
    include_str!("../migrations/002_spectrum.sql"),
    include_str!("../migrations/003_revision.sql"),
    include_str!("../migrations/004_collection.sql"),
    include_str!("../migrations/005_collaborative.sql"),
    include_str!("../migrations/006_import.sql"),
    include_str!("../migrations/007_roster.sql"),
    include_str!("../migrations/008_record.sql"),
    include_str!("../migrations/009_identity.sql"),
    include_str!("../migrations/010_room.sql"),
    include_str!("../migrations/011_benchmark.sql"),
    include_str!("../migrations/012_devices.sql"),
    include_str!("../migrations/013_ballot_change.sql"),
];

/// The schema that added the decision history (008_record.sql).
const HISTORY_SCHEMA: i64 = 8;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn open(path: &Path) -> Result<Connection> {
    open_at(path, SCHEMA_VERSION)
}

/// Opens and migrates up to `target`; tests use a lower target to build an older schema.
#[doc(hidden)]
pub fn open_at(path: &Path, target: i64) -> Result<Connection> {
    let shown = path.display().to_string();
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| {
            StoreError::Io(format!("cannot create folder {}: {e}", parent.display()))
        })?;
    }
    let existed = path.exists()
        && std::fs::metadata(path)
            .map(|m| m.len() > 0)
            .unwrap_or(false);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let damaged = |detail: String| StoreError::Damaged {
        path: shown.clone(),
        detail,
    };
    let (app_id, version, tables) = match identify(&conn) {
        Ok(v) => v,
        // A file whose header says it is ours but which SQLite cannot read is damaged, not
        // someone else's: it gets the recovery it needs, not "not a govmat database".
        Err(e) if existed && header_is_ours(path) => return Err(damaged(plain(&e))),
        Err(_) => return Err(StoreError::NotGovmat { path: shown }),
    };
    let fresh = !existed || (app_id == 0 && version == 0 && tables == 0);
    if !fresh && app_id != APPLICATION_ID {
        return Err(StoreError::NotGovmat { path: shown });
    }
    if !fresh {
        // Cut short or with damaged pages: found here, before anything is written to it.
        let check: rusqlite::Result<String> =
            conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0));
        match check {
            Ok(ok) if ok == "ok" => {}
            Ok(problem) => return Err(damaged(problem)),
            Err(e) => return Err(damaged(plain(&e))),
        }
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: shown,
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    if version < target {
        if !fresh && version > 0 {
            backup(&conn, path, version)?;
        }
        migrate(&conn, version, target)?;
    }
    Ok(conn)
}

/// Whether the file's first bytes are an SQLite header carrying govmat's application id (or as
/// much of the header as a file cut short still has, if it says SQLite).
fn header_is_ours(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path).map(|b| b.into_iter().take(100).collect::<Vec<u8>>())
    else {
        return false;
    };
    const MAGIC: &[u8] = b"SQLite format 3\0";
    if bytes.len() < MAGIC.len() {
        return !bytes.is_empty() && MAGIC.starts_with(&bytes);
    }
    if &bytes[..MAGIC.len()] != MAGIC {
        return false;
    }
    match bytes.get(68..72) {
        Some(id) => i32::from_be_bytes([id[0], id[1], id[2], id[3]]) == APPLICATION_ID,
        // Cut short inside the header: an SQLite file, and only govmat keeps files here.
        None => true,
    }
}

/// SQLite's complaint in a few plain words.
fn plain(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => "its pages are damaged".into(),
        Some(rusqlite::ErrorCode::NotADatabase) => "it is cut short or overwritten".into(),
        _ => e.to_string(),
    }
}

fn identify(conn: &Connection) -> rusqlite::Result<(i32, i64, i64)> {
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    Ok((app_id, version, tables))
}

/// Copies the whole database beside itself with the SQLite backup API before a migration.
fn backup(conn: &Connection, path: &Path, version: i64) -> Result<()> {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".schema-{version}.bak"));
    let target = path.with_file_name(name);
    let mut dst = Connection::open(&target)?;
    let b = rusqlite::backup::Backup::new(conn, &mut dst)?;
    b.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
    Ok(())
}

/// Migrates the open database after a restore brought in an older schema.
pub(crate) fn migrate_live(conn: &Connection, from: i64, to: i64) -> Result<()> {
    if from < to {
        migrate(conn, from, to)?;
    }
    Ok(())
}

fn migrate(conn: &Connection, from: i64, to: i64) -> Result<()> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let run = || -> Result<()> {
        for (i, sql) in MIGRATIONS
            .iter()
            .enumerate()
            .take(to as usize)
            .skip(from as usize)
        {
            conn.execute_batch(sql)?;
            conn.pragma_update(None, "user_version", i as i64 + 1)?;
        }
        // The history's starting entries are written by SQL and hashed here (SQLite has no
        // SHA-256), in the same transaction, so no chain is ever left half made.
        if to >= HISTORY_SCHEMA {
            crate::history::seal(conn)?;
        }
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        Ok(())
    };
    match run() {
        Ok(()) => {
            conn.execute_batch("COMMIT")?;
            Ok(())
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}
