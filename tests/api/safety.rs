//! Safety nets (issue 11, part 5): a snapshot before every delete of an organisation, round or
//! member, Undo of it for the rest of the session, backup and restore, and the CLI's
//! `backup --out` / `restore`. "Exactly" means every row of every table, compared.

use crate::board::Board;
use crate::dump;

use std::path::Path;

use assert_cmd::Command;
use dump::content_of;
use govmat::{Govmat, Role, KEEP_SNAPSHOTS};

/// The demo board: three rounds of a fictional trust, answered and agreed.
fn board() -> Board {
    Board::demo()
}

fn code(r: govmat::Result<impl Sized>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

/// After `setup`, deletes with `delete` (given what setup returned), checks the database changed
/// and one snapshot says what it precedes, then undoes it and checks every row is back.
fn check_undo(
    what: &str,
    setup: impl FnOnce(&mut Board) -> i64,
    delete: impl FnOnce(&mut Board, i64),
    expect_what: &str,
) {
    let mut b = board();
    let id = setup(&mut b);
    let before = content_of(&b.db);
    delete(&mut b, id);
    assert!(
        content_of(&b.db) != before,
        "{what}: the delete removed something"
    );
    let undo = b.g.undoable();
    assert_eq!(undo.len(), 1, "{what}: one delete, one thing to undo");
    assert!(
        undo[0].what.contains(expect_what),
        "{what}: the snapshot says what it precedes: {}",
        undo[0].what
    );
    assert!(
        b.g.snapshot_dir().join(&undo[0].name).is_file(),
        "{what}: the snapshot is a file beside the database"
    );
    b.g.undo(&undo[0].name).expect("undo");
    assert!(
        content_of(&b.db) == before,
        "{what}: undo restored every row exactly"
    );
    assert!(b.g.undoable().is_empty(), "{what}: nothing left to undo");
    let view =
        b.g.results_view(b.round())
            .expect("the round reads again after undo");
    assert!(view.respondents > 0, "{what}: the answers are back");
}

#[test]
fn deleting_a_round_an_organisation_or_a_member_can_be_undone_exactly() {
    check_undo(
        "round",
        |b| b.round(),
        |b, id| b.g.delete_round(id).expect("delete round"),
        "Deleted round Annual review 2026",
    );
    check_undo(
        "organisation",
        |b| b.org,
        |b, id| b.g.delete_organisation(id).expect("delete organisation"),
        "Deleted Demo: Riverside",
    );
    check_undo(
        "member",
        |b| {
            b.g.add_member(b.round(), "Siân", Role::Executive)
                .expect("add")
        },
        |b, id| b.g.delete_member(id).expect("delete member"),
        "Deleted a member of round Annual review 2026",
    );
}

#[test]
fn a_delete_of_something_missing_takes_no_snapshot() {
    let mut b = board();
    assert_eq!(code(b.g.delete_round(999_999)), "not_found");
    assert_eq!(code(b.g.delete_organisation(999_999)), "not_found");
    assert_eq!(code(b.g.delete_member(999_999)), "not_found");
    assert!(
        b.g.undoable().is_empty(),
        "nothing was deleted, so nothing to undo"
    );
    assert!(!b.g.snapshot_dir().exists(), "and no snapshot was written");
}

#[test]
fn undo_and_backup_are_refused_while_a_round_collects() {
    let mut b = board();
    b.g.delete_round(b.round()).expect("delete");
    let name = b.g.undoable()[0].name.clone();
    let other =
        b.g.create_round(&govmat::NewRound {
            organisation_id: b.org,
            name: "Away day".into(),
            date: "2026-12-01".into(),
            questionnaire: "collaboration-checklist".into(),
            carry_actions: false,
        })
        .expect("a new round")
        .id;
    b.g.start_collection(other, "602913", 100)
        .expect("collection starts");
    let before = content_of(&b.db);
    assert_eq!(
        code(b.g.undo(&name)),
        "locked",
        "undo waits for the end of collection"
    );
    let out = b.dir.path().join("copy.db");
    assert_eq!(code(b.g.backup(&out)), "locked");
    assert_eq!(code(b.g.restore(&b.db.clone())), "locked");
    assert!(!out.exists(), "no backup was written");
    assert!(content_of(&b.db) == before, "nothing changed");
}

#[test]
fn undo_refuses_a_name_that_is_not_this_sessions_snapshot() {
    let mut b = board();
    let before = content_of(&b.db);
    for name in ["000001.db", "../board.db", "/etc/passwd", ""] {
        assert_eq!(
            code(b.g.undo(name)),
            "not_found",
            "{name:?} is not undoable"
        );
    }
    assert!(content_of(&b.db) == before, "nothing changed");
}

#[test]
fn restore_refuses_a_foreign_damaged_or_newer_file_and_changes_nothing() {
    let mut b = board();
    let before = content_of(&b.db);
    let dir = b.dir.path().to_path_buf();
    let text = dir.join("notes.db");
    std::fs::write(&text, "minutes of the last board meeting\n").unwrap();
    let foreign = dir.join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    let newer = dir.join("newer.db");
    b.g.backup(&newer).expect("a backup");
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let cases: [(&Path, &str); 5] = [
        (&text, "not_govmat"),
        (&foreign, "not_govmat"),
        (&newer, "too_new"),
        (&dir.join("missing.db"), "not_found"),
        (&b.db.clone(), "invalid_input"),
    ];
    for (file, expected) in cases {
        let got = b.g.restore(file);
        let message = got
            .as_ref()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert_eq!(code(got), expected, "{}: {message}", file.display());
        assert!(
            message.contains(&file.display().to_string()) || expected == "invalid_input",
            "the message names the file: {message}"
        );
        assert_eq!(
            content_of(&b.db),
            before,
            "{}: nothing changed",
            file.display()
        );
    }
    assert!(
        b.g.undoable().is_empty(),
        "a refused restore keeps nothing aside"
    );
    assert_eq!(
        std::fs::read_to_string(&text).unwrap(),
        "minutes of the last board meeting\n",
        "the refused file is only read"
    );
}

#[test]
fn a_restore_brings_back_the_backup_and_keeps_the_present_aside() {
    let mut b = board();
    let backup = b.dir.path().join("backups/board-2026-12-01.db");
    b.g.backup(&backup).expect("backup");
    let at_backup = content_of(&b.db);
    assert!(
        content_of(&backup) == at_backup,
        "the backup holds every row"
    );
    b.g.delete_organisation(b.org).expect("delete");
    b.g.create_organisation("Hill Trust")
        .expect("a new organisation");
    let present = content_of(&b.db);

    let kept = b.g.restore(&backup).expect("restore");
    assert_eq!(
        content_of(&b.db),
        at_backup,
        "the database is the backup again"
    );
    let aside = b.g.snapshot_dir().join(&kept.name);
    assert_eq!(
        content_of(&aside),
        present,
        "the database as it was is kept aside"
    );
    let names: Vec<String> =
        b.g.organisations()
            .expect("organisations")
            .into_iter()
            .map(|o| o.organisation.name)
            .collect();
    assert!(
        names.iter().any(|n| n.starts_with("Demo:")) && !names.iter().any(|n| n == "Hill Trust"),
        "the API reads the restored data at once: {names:?}"
    );
}

#[test]
fn snapshots_are_pruned_to_the_newest_ones() {
    let mut b = board();
    let total = KEEP_SNAPSHOTS + 3;
    for i in 0..total {
        let m =
            b.g.add_member(b.round(), &format!("Member {i}"), Role::Other)
                .expect("add");
        b.g.delete_member(m).expect("delete");
    }
    let mut names: Vec<String> = std::fs::read_dir(b.g.snapshot_dir())
        .expect("the folder")
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), KEEP_SNAPSHOTS, "only the newest are kept");
    assert_eq!(
        names[0],
        format!("{:06}.db", total - KEEP_SNAPSHOTS + 1),
        "the oldest went first"
    );
    assert_eq!(
        b.g.undoable().len(),
        KEEP_SNAPSHOTS,
        "undo offers only what is kept"
    );
}

#[test]
fn the_cli_backs_up_and_restores_and_refuses_a_foreign_file() {
    let b = board();
    let round = b.round();
    let at_backup = content_of(&b.db);
    let govmat = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_govmat"));
        c.env("GOVMAT_DB", &b.db).env("HOME", b.dir.path());
        c
    };
    let out = b.dir.path().join("copy.db");
    let ok = govmat()
        .args(["backup", "--out"])
        .arg(&out)
        .assert()
        .success();
    let said = String::from_utf8_lossy(&ok.get_output().stdout).to_string();
    assert!(
        said.contains("copy.db"),
        "says where the backup went: {said}"
    );
    assert_eq!(
        content_of(&out),
        at_backup,
        "the CLI's backup holds every row"
    );
    drop(b.g);

    let mut g = Govmat::open(&b.db, None).unwrap();
    g.delete_round(round).unwrap();
    drop(g);
    let foreign = b.dir.path().join("foreign.txt");
    std::fs::write(&foreign, "not a database").unwrap();
    let refused = govmat().arg("restore").arg(&foreign).assert().failure();
    let err = String::from_utf8_lossy(&refused.get_output().stderr).to_string();
    assert!(
        err.contains("foreign.txt") && err.contains("not a govmat database"),
        "the refusal names the file and the fault: {err}"
    );
    govmat().arg("restore").arg(&out).assert().success();
    assert!(
        content_of(&b.db) == at_backup,
        "the CLI restored the backup"
    );
}

/// Issue 23 §2: the start screen's Undo list may be on the projector, so it says what kind of
/// change each snapshot precedes, never whom; the names are given only with the roster PIN.
#[test]
fn undo_labels_name_the_kind_of_change_and_members_only_behind_the_roster_pin() {
    const PIN: &str = "602913";
    let mut b = board();
    b.g.set_roster_pin(b.org, PIN).expect("a roster PIN");
    let from =
        b.g.add_to_roster(b.org, PIN, 1, "Siân Prydderch", Role::Executive)
            .expect("added");
    let into =
        b.g.add_to_roster(b.org, PIN, 1, "Gwenllian Rhys", Role::Executive)
            .expect("added");
    let gone =
        b.g.add_to_roster(b.org, PIN, 1, "Tomos Vaughan", Role::Chair)
            .expect("added");
    b.g.merge_roster_members(b.org, PIN, 2, from, into)
        .expect("merged");
    b.g.remove_roster_member(b.org, PIN, 3, gone)
        .expect("removed");
    let shown: Vec<String> = b.g.undoable().into_iter().map(|s| s.what).collect();
    assert_eq!(
        shown,
        [
            "A member removed from the roster of Demo: Riverside & Vale NHS Foundation Trust",
            "A roster merge in Demo: Riverside & Vale NHS Foundation Trust"
        ],
        "the kinds of change, newest first"
    );
    let json = serde_json::to_string(&b.g.undoable()).expect("JSON");
    for name in ["Siân", "Gwenllian", "Tomos"] {
        assert!(
            !json.contains(name),
            "{name} is not in what the page receives: {json}"
        );
    }
    assert_eq!(
        b.g.undoable_named(b.org, "602914", 4)
            .expect_err("a wrong PIN")
            .code(),
        "forbidden"
    );
    let named: Vec<String> =
        b.g.undoable_named(b.org, PIN, 5)
            .expect("the roster PIN")
            .into_iter()
            .map(|s| s.what)
            .collect();
    assert_eq!(
        named,
        [
            "Removed Tomos Vaughan from the roster of Demo: Riverside & Vale NHS Foundation Trust",
            "Merged Siân Prydderch into Gwenllian Rhys in Demo: Riverside & Vale NHS Foundation Trust"
        ]
    );

    // Issue 29 §4: the labels follow renames made later in the session, so none shows an old
    // name: the member merged into and the organisation are renamed, then a round is deleted.
    b.g.rename_roster_member(b.org, PIN, 6, into, "Gwen Rhys-Owen")
        .expect("renamed");
    b.g.rename_organisation(b.org, "Vale Trust")
        .expect("renamed");
    let round = b.g.rounds(b.org).unwrap()[0].clone();
    b.g.delete_round(round.id).expect("deleted");
    let shown: Vec<String> = b.g.undoable().into_iter().map(|s| s.what).collect();
    assert_eq!(
        shown,
        [
            format!("Deleted round {} of Vale Trust", round.name),
            "A member removed from the roster of Vale Trust".into(),
            "A roster merge in Vale Trust".into(),
        ],
        "the organisation's name as it is now, in every label"
    );
    let named: Vec<String> =
        b.g.undoable_named(b.org, PIN, 7)
            .expect("the roster PIN")
            .into_iter()
            .map(|s| s.what)
            .collect();
    assert_eq!(
        named[1..],
        [
            "Removed Tomos Vaughan from the roster of Vale Trust",
            "Merged Siân Prydderch into Gwen Rhys-Owen in Vale Trust"
        ],
        "the member merged into is named as the roster names them now"
    );
    let json = serde_json::to_string(&b.g.undoable()).expect("JSON");
    for name in ["Gwen", "Riverside"] {
        assert!(
            !json.contains(name),
            "no old or member name in what the page receives: {json}"
        );
    }
}

/// Cuts the file at `db` to half its length, as a full disk or a pulled USB stick leaves it.
fn cut_short(db: &Path) -> Vec<u8> {
    let bytes = std::fs::read(db).unwrap();
    let half = bytes[..bytes.len() / 2].to_vec();
    std::fs::write(db, &half).unwrap();
    half
}

/// Issue 29 §2: a govmat file cut short is damaged (not "not a govmat database"), left as it is,
/// and offered the copies govmat kept, newest first; the one chosen replaces it, and the damaged
/// file is kept aside, byte for byte.
#[test]
fn a_damaged_database_is_named_so_and_restored_from_a_copy_govmat_kept_which_keeps_it_aside() {
    let mut b = board();
    let rounds = b.g.rounds(b.org).unwrap();
    b.g.delete_round(rounds[0].id).unwrap(); // snapshot 1: three rounds
    b.g.delete_round(rounds[1].id).unwrap(); // snapshot 2: two rounds
    drop(b.g);
    let damaged = cut_short(&b.db);

    let err = match Govmat::open(&b.db, None) {
        Ok(_) => panic!("a database cut in half does not open"),
        Err(e) => e,
    };
    assert_eq!(err.code(), "damaged", "{err}");
    assert!(
        err.to_string().contains("damaged") && err.to_string().contains("board.db"),
        "the message says what happened to which file: {err}"
    );
    assert_eq!(
        std::fs::read(&b.db).unwrap(),
        damaged,
        "the damaged file is left exactly as it was"
    );

    let copies = govmat::recovery_copies(&b.db);
    let names: Vec<&str> = copies.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["snapshots/000002.db", "snapshots/000001.db"],
        "the snapshots, newest first"
    );
    assert!(copies.iter().all(|c| c.problem.is_none()), "{copies:?}");
    assert_eq!(
        code(govmat::recover(&b.db, "../../etc/passwd", "x").map(drop)),
        "not_found",
        "only a copy that was listed can be restored"
    );

    let aside = govmat::recover(&b.db, "snapshots/000002.db", "20261205-101500").unwrap();
    assert_eq!(
        aside.file_name().unwrap().to_string_lossy(),
        "board.db.damaged-20261205-101500"
    );
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        damaged,
        "the damaged file is kept aside, never deleted"
    );
    let g = Govmat::open(&b.db, None).expect("the restored database opens");
    assert_eq!(
        g.rounds(b.org).unwrap().len(),
        2,
        "the newest snapshot: taken before the second delete"
    );
}

#[test]
fn the_cli_names_a_damaged_database_lists_its_copies_and_restores_onto_it() {
    let mut b = board();
    let copy = b.dir.path().join("copy.db");
    b.g.backup(&copy).unwrap();
    let rounds = b.g.rounds(b.org).unwrap();
    b.g.delete_round(rounds[0].id).unwrap();
    drop(b.g);
    let damaged = cut_short(&b.db);
    let govmat = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_govmat"));
        c.env("GOVMAT_DB", &b.db).env("HOME", b.dir.path());
        c
    };
    let refused = govmat()
        .args(["summary", "--json"])
        .args(["--org", "x", "--round", "y"])
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&refused.get_output().stderr).to_string();
    assert!(
        err.contains("is a govmat database that is damaged") && err.contains("000001.db"),
        "the CLI says the file is damaged and lists the snapshot to restore: {err}"
    );
    assert_eq!(
        std::fs::read(&b.db).unwrap(),
        damaged,
        "and touches nothing"
    );

    let ok = govmat().arg("restore").arg(&copy).assert().success();
    let said = String::from_utf8_lossy(&ok.get_output().stdout).to_string();
    assert!(
        said.contains("the damaged database is kept as") && said.contains("board.db.damaged-"),
        "{said}"
    );
    let kept: Vec<_> = std::fs::read_dir(b.dir.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("board.db.damaged-")
        })
        .collect();
    assert_eq!(kept.len(), 1, "one damaged file kept aside");
    assert_eq!(std::fs::read(kept[0].path()).unwrap(), damaged);
    assert_eq!(
        content_of(&b.db),
        content_of(&copy),
        "the database is now the backup, every row"
    );
}
