//! The store's promises, tested on real files in a temp dir: a new file is created at the current
//! schema, an older schema is backed up then migrated with its data kept, a file that is not ours
//! (or is newer than us) is refused and left byte-for-byte as it was, and a write that fails
//! halfway leaves the content exactly as before.

use std::path::{Path, PathBuf};

use govmat_core::{Answer, Decision, Role};
use govmat_store::{self as store, Store, StoreError, APPLICATION_ID, SCHEMA_VERSION};
use rusqlite::Connection;

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temp dir can be created")
}

fn pragma(c: &Connection, name: &str) -> i64 {
    c.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("PRAGMA {name} can be read: {e}"))
}

/// Every row of every table, in a stable order: equal dumps mean equal content.
fn dump(c: &Connection) -> String {
    let mut tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables.retain(|t| !t.starts_with("sqlite_"));
    let mut out = String::new();
    for t in tables {
        let mut st = c.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let cols = st.column_count();
        let mut rows: Vec<String> = st
            .query_map([], |r| {
                let cells: Vec<String> = (0..cols)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect();
                Ok(cells.join("|"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        out.push_str(&format!("[{t}]\n{}\n", rows.join("\n")));
    }
    out
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const INSTRUMENT: &str = "id = \"tiny\"\nversion = 1\n";

/// An organisation with one round, one member, two answers and a decision; returns the round id.
/// It writes on a connection of its own (a schema-1 file's, or one beside an open store), as
/// older versions did: through the store's functions where they still write alike, by hand
/// where the store now writes more.
fn fill(c: &mut Connection) -> i64 {
    let round = store::with_tx(c, |tx| {
        let org = store::create_organisation(tx, "Riverside Trust", false)?;
        store::ensure_instrument(tx, "tiny", 1, INSTRUMENT)?;
        store::create_round(tx, org, "Baseline", "2025-01-22", ("tiny", 1))
    })
    .expect("an organisation and a round");
    // By hand, as schema 1 wrote it: `add_respondent` now also keeps the roster (schema 7).
    c.execute(
        "INSERT INTO respondent (round_id, name, role) VALUES (?1, 'Zoë Whitfield', ?2)",
        rusqlite::params![round, Role::NonExecutive.as_str()],
    )
    .expect("member");
    let who = c.last_insert_rowid();
    store::with_tx(c, |tx| {
        store::save_answer(tx, who, "a1", Answer::Level(3), "evidence: minutes")?;
        store::save_answer(tx, who, "a2", Answer::DontKnow, "")
    })
    .expect("answers");
    // By hand too: `save_decision` now also keeps the decision history (schema 8).
    c.execute(
        "INSERT INTO decision (round_id, item_id, agreed, rationale, dissent, target) VALUES (?1, 'a1', 2, 'we agreed', '', 4)",
        [round],
    )
    .expect("decision");
    round
}

/// [`fill`] on a connection of its own to the file at `path`.
fn fill_file(path: &Path) -> i64 {
    let mut c = Connection::open(path).unwrap();
    c.pragma_update(None, "foreign_keys", true).unwrap();
    fill(&mut c)
}

/// Every row of the file at `path` (see [`dump`]).
fn dump_file(path: &Path) -> String {
    dump(&Connection::open(path).unwrap())
}

fn setting(s: &Store, name: &str) -> i64 {
    s.pragma(name)
        .unwrap_or_else(|e| panic!("PRAGMA {name} can be read: {e}"))
        .parse()
        .unwrap_or_else(|e| panic!("PRAGMA {name} is a number: {e}"))
}

// ---- creating and migrating -----------------------------------------------------------------

#[test]
fn a_new_file_is_created_at_the_current_schema_with_durable_settings() {
    let dir = temp();
    let path = dir.path().join("nested/folder/govmat.db");
    let s = Store::open(&path).expect("a new database is created, folders included");
    assert_eq!(
        setting(&s, "user_version"),
        SCHEMA_VERSION,
        "every migration has run"
    );
    assert_eq!(
        setting(&s, "application_id") as i32,
        APPLICATION_ID,
        "the file is marked as ours"
    );
    assert_eq!(setting(&s, "foreign_keys"), 1, "foreign keys are enforced");
    assert_eq!(
        setting(&s, "synchronous"),
        2,
        "synchronous=FULL so an acknowledged save survives a crash"
    );
    let mode = s.pragma("journal_mode").unwrap();
    assert_eq!(mode, "wal", "the journal is WAL");
    assert_eq!(s.integrity_check().unwrap(), "ok", "a new file is sound");
    assert!(
        !files_in(path.parent().unwrap())
            .iter()
            .any(|f| f.ends_with(".bak")),
        "nothing to back up in a new file"
    );
}

#[test]
fn an_empty_file_is_treated_as_new() {
    let dir = temp();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let s = Store::open(&path).expect("a zero-byte file is a new database, not a foreign one");
    assert_eq!(
        setting(&s, "user_version"),
        SCHEMA_VERSION,
        "it was migrated"
    );
}

#[test]
fn an_older_schema_is_backed_up_then_migrated_keeping_its_data() {
    let dir = temp();
    let path = dir.path().join("board.db");
    let round = {
        let c = store::open_at(&path, 1).expect("a schema-1 file can be built");
        assert_eq!(
            pragma(&c, "user_version"),
            1,
            "the test file is at schema 1"
        );
        let mut c = c;
        fill(&mut c)
    };
    let before = dump(&Connection::open(&path).unwrap());

    let s = Store::open(&path).expect("a schema-1 file is migrated");
    assert_eq!(
        setting(&s, "user_version"),
        SCHEMA_VERSION,
        "migrated to the current schema"
    );
    let r = s.round(round).expect("the round survives the migration");
    assert_eq!(
        (r.name.as_str(), r.spectrum.clone()),
        ("Baseline", None),
        "old rounds have no spectrum"
    );
    let responses: Vec<_> = s
        .respondents(round)
        .unwrap()
        .into_iter()
        .flat_map(|m| s.own_ballot(m.id).unwrap().answers)
        .collect();
    let mut answers: Vec<(String, Answer, String)> = responses
        .into_iter()
        .map(|x| (x.item_id, x.answer, x.comment))
        .collect();
    answers.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        answers,
        vec![
            ("a1".into(), Answer::Level(3), "evidence: minutes".into()),
            ("a2".into(), Answer::DontKnow, String::new()),
        ],
        "answers and comments are kept"
    );
    assert_eq!(
        s.decisions(round).unwrap()["a1"].target,
        Some(4),
        "decisions are kept"
    );
    let history = s.decision_history(round).unwrap();
    assert_eq!(
        history.len(),
        1,
        "the history starts from the decision the file held (issue 27)"
    );
    assert_eq!(history[0].0.origin, govmat_core::Origin::Start);
    let head = s.history_head(round).unwrap();
    assert!(
        govmat_core::verify_history(&history, head.as_deref(), &s.decisions(round).unwrap())
            .is_ok(),
        "and the chain the migration hashed verifies"
    );
    assert_eq!(
        s.respondents(round).unwrap()[0].name,
        "Zoë Whitfield",
        "non-ASCII names are kept"
    );
    let org = s.round(round).unwrap().organisation_id;
    let roster = store::roster(&s.reader(), org).unwrap();
    assert_eq!(
        roster
            .iter()
            .map(|m| (m.name.as_str(), m.role))
            .collect::<Vec<_>>(),
        [("Zoë Whitfield", Role::NonExecutive)],
        "the migration puts everyone who answered on their board's roster"
    );
    assert_eq!(
        s.instrument_source("tiny", 1).unwrap().as_deref(),
        Some(INSTRUMENT),
        "the stored questionnaire text is kept"
    );

    let backup = dir.path().join("board.db.schema-1.bak");
    assert!(
        backup.exists(),
        "a backup named <file>.schema-1.bak is taken before migrating; folder holds {:?}",
        files_in(dir.path())
    );
    let b = Connection::open(&backup).unwrap();
    assert_eq!(
        pragma(&b, "user_version"),
        1,
        "the backup is the file as it was"
    );
    assert_eq!(
        dump(&b),
        before,
        "the backup holds exactly the pre-migration content"
    );
}

#[test]
fn a_current_file_is_reopened_without_a_backup_or_a_change() {
    let dir = temp();
    let path = dir.path().join("board.db");
    let before = {
        let _s = Store::open(&path).unwrap();
        fill_file(&path);
        dump_file(&path)
    };
    let _s = Store::open(&path).expect("our own current file reopens");
    assert_eq!(dump_file(&path), before, "reopening changes nothing");
    assert!(
        !files_in(dir.path()).iter().any(|f| f.ends_with(".bak")),
        "no migration, so no backup"
    );
}

// ---- refusing files that are not ours ------------------------------------------------------------

/// Opens `path` expecting a refusal, and checks the file and its folder are exactly as they were.
#[track_caller]
fn check_refused(path: &Path, expect: fn(&StoreError) -> bool) {
    let bytes = std::fs::read(path).unwrap();
    let folder = files_in(path.parent().unwrap());
    match Store::open(path) {
        Ok(_) => panic!("{} must be refused", path.display()),
        Err(e) => {
            assert!(expect(&e), "refused for the right reason, got: {e}");
            assert!(
                e.to_string().contains("left untouched"),
                "the message says the file was not touched: {e}"
            );
        }
    }
    assert!(
        std::fs::read(path).unwrap() == bytes,
        "a refused file is left byte-for-byte unchanged"
    );
    assert_eq!(
        files_in(path.parent().unwrap()),
        folder,
        "no backup, journal or other file is left beside a refused file"
    );
}

fn not_govmat(e: &StoreError) -> bool {
    matches!(e, StoreError::NotGovmat { .. })
}

fn too_new(e: &StoreError) -> bool {
    matches!(e, StoreError::TooNew { found, supported, .. } if *found == SCHEMA_VERSION + 1 && *supported == SCHEMA_VERSION)
}

/// A finished SQLite file written by `build`, in rollback-journal mode (as other apps leave them).
fn sqlite_file(dir: &Path, name: &str, build: &str) -> PathBuf {
    let path = dir.join(name);
    let c = Connection::open(&path).unwrap();
    c.execute_batch(build).unwrap();
    drop(c);
    path
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_unchanged() {
    let dir = temp();
    let path = dir.path().join("notes.db");
    let mut text = b"Board notes, not a database.\n".repeat(200);
    text.extend_from_slice(&[0, 159, 146, 150, 255]);
    std::fs::write(&path, &text).unwrap();
    check_refused(&path, not_govmat);
}

#[test]
fn a_sqlite_file_of_another_application_is_refused_and_left_unchanged() {
    let dir = temp();
    let cases = [
        (
            "plain.db",
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello');",
        ),
        (
            "other-app.db",
            "PRAGMA application_id = 305419896; CREATE TABLE t (x); INSERT INTO t VALUES (1);",
        ),
        (
            "other-app-same-version.db",
            "PRAGMA application_id = 305419896; PRAGMA user_version = 1; CREATE TABLE organisation (id INTEGER PRIMARY KEY, name TEXT);",
        ),
        (
            "lookalike.db",
            "PRAGMA user_version = 1; CREATE TABLE organisation (id INTEGER PRIMARY KEY, name TEXT);",
        ),
        (
            "foreign-wal.db",
            "PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);",
        ),
    ];
    for (name, build) in cases {
        check_refused(&sqlite_file(dir.path(), name, build), not_govmat);
    }
}

#[test]
fn a_database_from_a_newer_govmat_is_refused_and_left_unchanged() {
    let dir = temp();
    let path = dir.path().join("newer.db");
    {
        let _s = Store::open(&path).unwrap();
        fill_file(&path);
    }
    {
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    check_refused(&path, too_new);
}

// ---- one transaction per write -------------------------------------------------------------------

/// Runs a write that fails partway through and checks the content is exactly as before.
#[track_caller]
fn check_rolled_back(failing: fn(&store::Tx, i64) -> store::Result<()>) {
    let dir = temp();
    let path = dir.path().join("board.db");
    let mut s = Store::open(&path).unwrap();
    let round = fill_file(&path);
    let before = dump_file(&path);
    let err = s.write(|c| failing(c, round));
    assert!(err.is_err(), "the write fails");
    assert_eq!(
        dump_file(&path),
        before,
        "a failed write leaves nothing behind"
    );
    assert_eq!(s.integrity_check().unwrap(), "ok", "and the file is sound");
    // The connection is still usable afterwards: the transaction did not stay open.
    s.write(|c| store::create_organisation(c, "After", false))
        .expect("the next write works");
}

#[test]
fn a_write_that_fails_midway_changes_nothing() {
    let cases: &[fn(&store::Tx, i64) -> store::Result<()>] = &[
        // A constraint fails after several rows were written.
        |c, round| {
            store::create_organisation(c, "New Trust", false)?;
            let who = store::add_respondent(c, round, "Priya Raman", Role::Executive)?;
            store::save_answer(c, who, "a1", Answer::Level(1), "")?;
            store::add_respondent(c, round, "Zoë Whitfield", Role::Chair)?;
            Ok(())
        },
        // The caller gives up after writing, as an import does when it finds a problem late.
        |c, round| {
            store::rename_organisation(c, 1, "Renamed")?;
            store::delete_round(c, round)?;
            Err(StoreError::Invalid("row 7: not on the scale".into()))
        },
        // A foreign key fails after an update.
        |c, round| {
            store::set_round_status(c, round, store::RoundStatus::Closed)?;
            store::create_round(c, 999, "Orphan", "2025-02-01", ("tiny", 1))?;
            Ok(())
        },
    ];
    for failing in cases {
        check_rolled_back(*failing);
    }
}

// ---- round revisions -----------------------------------------------------------------------------

fn revision(s: &Store, org: i64, round: i64) -> i64 {
    s.revisions(org).unwrap()[&round]
}

/// The member who joined the round last.
fn newest_member(s: &Store, round: i64) -> i64 {
    s.respondents(round).unwrap().last().expect("a member").id
}

#[test]
fn every_change_a_score_depends_on_gives_its_round_a_new_revision() {
    let dir = temp();
    let path = dir.path().join("board.db");
    let mut s = Store::open(&path).unwrap();
    let round = fill_file(&path);
    let org = s.round(round).unwrap().organisation_id;
    let other = s
        .write(|c| store::create_round(c, org, "Other", "2025-06-01", ("tiny", 1)))
        .unwrap();
    // (the round, its newest member)
    type Change = fn(&store::Tx, i64, i64) -> store::Result<()>;
    let changes: &[(&str, Change)] = &[
        ("a member joins", |c, r, _| {
            store::add_respondent(c, r, "Kwame Mensah", Role::Executive).map(drop)
        }),
        ("an answer is added", |c, _, m| {
            store::save_answer(c, m, "a3", Answer::Level(1), "")
        }),
        ("an answer changes", |c, _, m| {
            store::save_answer(c, m, "a3", Answer::DontKnow, "")
        }),
        ("a decision is recorded", |c, r, _| {
            let d = Decision {
                target: Some(3),
                ..Decision::default()
            };
            store::save_decision(c, r, "a2", &d, 1767225600)
        }),
        ("a decision changes", |c, r, _| {
            let d = Decision {
                agreed: Some(1),
                target: Some(3),
                ..Decision::default()
            };
            store::save_decision(c, r, "a2", &d, 1767225600)
        }),
        ("a member finishes", |c, _, m| {
            store::set_finished(c, m, true)
        }),
        ("a member is removed with their answers", |c, _, m| {
            store::delete_respondent(c, m)
        }),
    ];
    for (what, change) in changes {
        let (before, other_before) = (revision(&s, org, round), revision(&s, org, other));
        let newest = newest_member(&s, round);
        s.write(|c| change(c, round, newest)).unwrap();
        assert!(
            revision(&s, org, round) > before,
            "{what}: the round takes a new, later revision"
        );
        assert_eq!(
            revision(&s, org, other),
            other_before,
            "{what}: other rounds keep theirs"
        );
    }
    let before = revision(&s, org, round);
    let _ = s.write(|c| {
        store::save_decision(c, round, "a1", &Decision::default(), 1767225600)?;
        Err::<(), _>(StoreError::Invalid("given up".into()))
    });
    assert_eq!(
        revision(&s, org, round),
        before,
        "a rolled-back change leaves the revision as it was"
    );
}

#[test]
fn a_round_that_reuses_a_deleted_rounds_id_never_reuses_its_revision() {
    let dir = temp();
    let path = dir.path().join("board.db");
    let mut s = Store::open(&path).unwrap();
    let round = fill_file(&path);
    let org = s.round(round).unwrap().organisation_id;
    let old = revision(&s, org, round);
    s.write(|c| store::delete_round(c, round)).unwrap();
    let again = s
        .write(|c| store::create_round(c, org, "Baseline again", "2025-02-01", ("tiny", 1)))
        .unwrap();
    assert_eq!(again, round, "SQLite hands out the deleted id again");
    assert_ne!(
        revision(&s, org, again),
        old,
        "a score kept for the deleted round is never taken for the new one"
    );
}

// ---- keyed identities (issue 23 §2, migration 009) ------------------------------------------

#[test]
fn a_schema_8_board_opens_with_a_random_identity_key_per_organisation_and_no_unkeyed_ids() {
    let dir = temp();
    let path = dir.path().join("board.db");
    let round = {
        let mut c = store::open_at(&path, 8).expect("a schema-8 file can be built");
        let round = fill(&mut c);
        store::with_tx(&mut c, |tx| {
            store::create_organisation(tx, "Vale Trust", false)
        })
        .expect("a second organisation");
        c.execute(
            "UPDATE respondent SET external_id = 'an unkeyed sha-256 of an email'",
            [],
        )
        .expect("an id as issue 13 kept it");
        round
    };
    let s = Store::open(&path).expect("the old board opens");
    let c = &s.reader();
    let r = s.round(round).expect("its round opens");
    let keys: Vec<Vec<u8>> = s
        .organisations()
        .unwrap()
        .iter()
        .map(|o| store::identity_key(c, o.id).expect("every organisation has a key"))
        .collect();
    assert_eq!(keys.len(), 2);
    assert!(
        keys.iter().all(|k| k.len() == store::IDENTITY_KEY_BYTES),
        "256-bit keys"
    );
    assert_ne!(keys[0], keys[1], "each organisation its own random key");
    assert!(
        s.external_ids(r.id).unwrap().is_empty(),
        "the unkeyed hashes are dropped"
    );
    assert_eq!(store::ballot_refusals(c, r.id).unwrap(), 0);
}

#[test]
fn a_new_organisation_gets_a_key_and_a_missing_one_is_an_error_never_the_empty_key() {
    let dir = temp();
    let path = dir.path().join("board.db");
    let mut s = Store::open(&path).unwrap();
    let org = s
        .write(|c| store::create_organisation(c, "Riverside Trust", false))
        .unwrap();
    let key = store::identity_key(&s.reader(), org).expect("a key from the insert trigger");
    assert_eq!(key.len(), store::IDENTITY_KEY_BYTES);
    // Damaged by hand, from outside govmat.
    Connection::open(&path)
        .unwrap()
        .execute("UPDATE organisation SET identity_key = NULL", [])
        .unwrap();
    assert!(
        matches!(
            store::identity_key(&s.reader(), org),
            Err(StoreError::Invalid(_))
        ),
        "a NULL key fails clearly"
    );
    assert!(
        s.write(|c| store::set_identity_key(c, org, &[])).is_err(),
        "the empty key is refused"
    );
}
