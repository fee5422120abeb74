//! Copies of the whole database: a consistent file written beside or away from the live one
//! (`VACUUM INTO`, which also compacts it), and a restore that checks a file the way opening one
//! does before copying it over the live database through SQLite's backup API.
//!
//! The live connection stays open through a restore, so the desktop keeps working on the same
//! handle; the file it restores from is only ever read.
//!
//! A copy out is written beside its destination, synced, then renamed into place. A restore is
//! migrated after it is copied in, so an older backup comes back at the current schema.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::open::{migrate_live, APPLICATION_ID, SCHEMA_VERSION};
use crate::{Result, Store, StoreError};

impl Store {
    /// Writes a consistent copy of the database to `out`, replacing it only once the copy is
    /// whole: written to a temporary file in the same folder, synced, then renamed.
    pub fn copy_to(&self, out: &Path) -> Result<()> {
        let shown = out.display();
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| {
                StoreError::Io(format!("cannot create folder {}: {e}", parent.display()))
            })?;
        }
        let mut tmp_name = out
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        tmp_name.push(format!(".partial-{}", std::process::id()));
        let tmp = out.with_file_name(tmp_name);
        let _ = std::fs::remove_file(&tmp); // VACUUM INTO refuses an existing file
        let tmp_text = tmp
            .to_str()
            .ok_or_else(|| StoreError::Io(format!("{shown}: the path is not valid UTF-8")))?;
        self.conn.execute("VACUUM INTO ?1", [tmp_text])?;
        let synced = std::fs::File::open(&tmp).and_then(|f| f.sync_all());
        let renamed = synced.and_then(|()| std::fs::rename(&tmp, out));
        if let Err(e) = renamed {
            let _ = std::fs::remove_file(&tmp);
            return Err(StoreError::Io(format!("cannot write {shown}: {e}")));
        }
        Ok(())
    }

    /// Replaces the live database's contents with the govmat database at `from`, after checking
    /// it is ours, not newer than this build and not damaged; then migrates it if it is older.
    /// A refused file changes nothing.
    pub fn restore_from(&mut self, from: &Path) -> Result<()> {
        let shown = from.display().to_string();
        let src = check(from, &shown)?;
        let backup = rusqlite::backup::Backup::new(&src, &mut self.conn)?;
        backup.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
        drop(backup);
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        migrate_live(&self.conn, version, SCHEMA_VERSION)?;
        Ok(())
    }
}

/// Writes a checked copy of the backup at `from` as a new database file at `to` (which must not
/// exist): for recovering a database that can no longer be opened, so there is no live
/// connection to restore into. Written beside `to`, synced, then renamed into place.
pub fn copy_backup(from: &Path, to: &Path) -> Result<()> {
    let shown = from.display().to_string();
    let src = check(from, &shown)?;
    if to.exists() {
        return Err(StoreError::Conflict(format!(
            "{} already exists; nothing was restored",
            to.display()
        )));
    }
    let mut tmp_name = to.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    tmp_name.push(format!(".partial-{}", std::process::id()));
    let tmp = to.with_file_name(tmp_name);
    let _ = std::fs::remove_file(&tmp);
    let copied = (|| -> Result<()> {
        let mut dst = Connection::open(&tmp)?;
        let b = rusqlite::backup::Backup::new(&src, &mut dst)?;
        b.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
        drop(b);
        drop(dst);
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .and_then(|()| std::fs::rename(&tmp, to))
            .map_err(|e| StoreError::Io(format!("cannot write {}: {e}", to.display())))
    })();
    if copied.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    copied
}

/// Checks that `from` could be restored (ours, not newer, not damaged), reading it only.
pub fn check_backup(from: &Path) -> Result<()> {
    check(from, &from.display().to_string()).map(drop)
}

/// Opens `from` read-only and says why it cannot be restored, if it cannot.
fn check(from: &Path, shown: &str) -> Result<Connection> {
    if !from.is_file() {
        return Err(StoreError::NotFound(format!("{shown} does not exist")));
    }
    let not_ours = || StoreError::NotGovmat {
        path: shown.to_string(),
    };
    let src = Connection::open_with_flags(
        from,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let app_id: i32 = src
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|_| not_ours())?;
    if app_id != APPLICATION_ID {
        return Err(not_ours());
    }
    let version: i64 = src.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: shown.to_string(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let check: String = src.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(StoreError::Invalid(format!(
            "{shown} is damaged ({check}); nothing was restored"
        )));
    }
    Ok(src)
}
