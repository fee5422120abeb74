//! When the board's database is damaged: the copies govmat kept that it can be restored from, and
//! the restore itself, which needs no open database.
//!
//! govmat keeps two kinds of copy beside the database file without being asked: a snapshot in
//! `<file>.snapshots/` before anything is deleted or restored (see `safety`), and a backup
//! `<file>.schema-N.bak` before a newer version upgrades the file. When the file itself can no
//! longer be read (cut short by a full disk, damaged pages), the facilitator is offered those
//! copies, newest first with their dates, and the one chosen replaces the damaged file. The
//! damaged file is never deleted: it is moved aside first, with its journal, under a name that
//! says so, so nothing that might still be saved from it is lost.
//!
//! The damaged file is moved to `<file>.damaged-<stamp>`.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};

/// A copy of the database govmat kept, that it could be restored from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecoveryCopy {
    /// The file's name (unique among the copies listed): what the window sends back to restore.
    pub name: String,
    /// "snapshot" (taken before a delete or restore) or "upgrade backup" (before a newer govmat
    /// changed the file).
    pub kind: &'static str,
    /// When the copy was written, as Unix seconds (the binaries show it as a local date).
    pub written: i64,
    /// `None` when it can be restored; else why not, in plain words.
    pub problem: Option<String>,
    #[serde(skip)]
    path: PathBuf,
}

impl RecoveryCopy {
    /// Where the copy is (for the CLI, whose user has the file system anyway).
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The copies of the database at `db` govmat knows of, newest first; each is checked (read only).
pub fn recovery_copies(db: &Path) -> Vec<RecoveryCopy> {
    let mut out = Vec::new();
    let file_name = db.file_name().map(|n| n.to_string_lossy().into_owned());
    let Some(file_name) = file_name else {
        return out;
    };
    let mut found = |path: PathBuf, kind: &'static str, name: String| {
        let written = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs() as i64);
        let problem = govmat_store::check_backup(&path)
            .err()
            .map(|e| e.to_string());
        out.push(RecoveryCopy {
            name,
            kind,
            written,
            problem,
            path,
        });
    };
    let snapshots = db.with_file_name(format!("{file_name}.snapshots"));
    if let Ok(entries) = std::fs::read_dir(&snapshots) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".db") && e.path().is_file() {
                found(e.path(), "snapshot", format!("snapshots/{name}"));
            }
        }
    }
    if let Some(dir) = db.parent().map(|p| {
        if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        }
    }) {
        if let Ok(entries) = std::fs::read_dir(dir) {
            let prefix = format!("{file_name}.schema-");
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with(&prefix) && name.ends_with(".bak") && e.path().is_file() {
                    found(e.path(), "upgrade backup", name);
                }
            }
        }
    }
    out.sort_by(|a, b| b.written.cmp(&a.written).then(b.name.cmp(&a.name)));
    out
}

/// Replaces the damaged database at `db` with the copy listed under `name` (see
/// [`recovery_copies`]). The damaged file, and its journal files, are first moved aside as
/// `<file>.damaged-<stamp>` (`stamp` is given by the caller, from the clock); their new path is
/// returned. A copy that cannot be restored is refused before anything moves.
pub fn recover(db: &Path, name: &str, stamp: &str) -> Result<PathBuf> {
    let copy = recovery_copies(db)
        .into_iter()
        .find(|c| c.name == name)
        .ok_or_else(|| Error::NotFound(format!("no copy of the database called {name:?}")))?;
    recover_from(db, &copy.path, stamp)
}

/// [`recover`] from any backup file (`govmat restore FILE` onto a damaged database).
pub fn recover_from(db: &Path, from: &Path, stamp: &str) -> Result<PathBuf> {
    govmat_store::check_backup(from)?;
    let file_name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Invalid(format!("{} is not a file", db.display())))?;
    let aside = db.with_file_name(format!("{file_name}.damaged-{stamp}"));
    if aside.exists() {
        return Err(Error::Conflict(format!(
            "{} already exists; nothing was changed",
            aside.display()
        )));
    }
    let moved = |from: &Path, to: &Path| {
        std::fs::rename(from, to)
            .map_err(|e| Error::Io(format!("cannot move {} aside: {e}", from.display())))
    };
    if db.exists() {
        moved(db, &aside)?;
    }
    // SQLite's journal belongs to the damaged file: keep it beside that, never let it meet the
    // restored one.
    for suffix in ["-wal", "-shm", "-journal"] {
        let journal = db.with_file_name(format!("{file_name}{suffix}"));
        if journal.exists() {
            moved(
                &journal,
                &db.with_file_name(format!("{file_name}.damaged-{stamp}{suffix}")),
            )?;
        }
    }
    if let Err(e) = govmat_store::copy_backup(from, db) {
        // Put the damaged file back where it was, so the state is as before the attempt.
        let _ = std::fs::rename(&aside, db);
        return Err(e.into());
    }
    Ok(aside)
}
