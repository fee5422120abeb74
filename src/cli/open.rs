//! Which database a command opens, and how: one that must exist, one made if need be (and said),
//! or a throwaway one for what writes nothing. Every way reports the consultant's broken
//! questionnaire files as warnings rather than failing.

use anyhow::Context;
use govmat::Govmat;

use super::args::Cli;

/// Opens the database a command reads or changes. It must exist: a mistyped `--db` is said as
/// such, instead of quietly becoming a new, empty database (and folders) that then has "no
/// organisation called …".
pub fn open(cli: &Cli) -> anyhow::Result<Govmat> {
    let db = cli.db.clone().unwrap_or_else(govmat::default_db_path);
    if !db.exists() {
        anyhow::bail!(
            "there is no database at {}: check --db (or GOVMAT_DB); `govmat demo` and `govmat import` create one",
            db.display()
        );
    }
    open_at(cli, &db)
}

/// Opens the database if it exists; otherwise a throwaway one in a temporary folder (removed when
/// the guard is dropped), for what needs no board's data and writes nothing: `forms-template` and
/// `import --dry-run` before any database exists, as a company secretary works before the day.
pub fn open_or_scratch(cli: &Cli) -> anyhow::Result<(Govmat, Option<tempfile::TempDir>)> {
    let db = cli.db.clone().unwrap_or_else(govmat::default_db_path);
    if db.exists() {
        return Ok((open_at(cli, &db)?, None));
    }
    let scratch = tempfile::tempdir().context("cannot make a temporary folder")?;
    let g = open_at(cli, &scratch.path().join("scratch.db"))?;
    Ok((g, Some(scratch)))
}

/// Opens the database for a command that creates data (`import`, `demo`, `restore`,
/// `collaborative import`), creating the file and its folder if need be, and saying so.
pub fn open_creating(cli: &Cli) -> anyhow::Result<Govmat> {
    let db = cli.db.clone().unwrap_or_else(govmat::default_db_path);
    let existed = db.exists();
    let g = open_at(cli, &db)?;
    if !existed {
        eprintln!("created a new database at {}", db.display());
    }
    Ok(g)
}

fn open_at(cli: &Cli, db: &std::path::Path) -> anyhow::Result<Govmat> {
    let folder = cli
        .questionnaires
        .clone()
        .unwrap_or_else(govmat::default_questionnaire_dir);
    let g = Govmat::open(db, Some(&folder)).map_err(|e| damaged_hint(e, db))?;
    // A broken questionnaire file of the consultant's is said, not fatal: the board's data and
    // the other questionnaires stay usable.
    for p in g.catalogue.problems() {
        eprintln!("warning: {p} (this questionnaire file is left out; `govmat check` it)");
    }
    Ok(g)
}

/// A damaged database's error, with the copies it can be restored from (newest first) and how.
fn damaged_hint(e: govmat::Error, db: &std::path::Path) -> anyhow::Error {
    if e.code() != "damaged" {
        return e.into();
    }
    let copies: Vec<String> = govmat::recovery_copies(db)
        .into_iter()
        .filter(|c| c.problem.is_none())
        .map(|c| {
            format!(
                "  {} ({}, written {})",
                c.path().display(),
                c.kind,
                govmat::local_date_time(c.written)
            )
        })
        .collect();
    let help = if copies.is_empty() {
        "govmat kept no copy of it; restore a backup of your own with `govmat restore FILE` (the damaged file is kept aside)".to_string()
    } else {
        format!(
            "copies govmat kept, newest first (restore one with `govmat restore FILE`; the damaged file is kept aside):\n{}",
            copies.join("\n")
        )
    };
    anyhow::anyhow!("{e}\n{help}")
}
