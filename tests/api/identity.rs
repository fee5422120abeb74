//! Issue 23 §2: the import is no oracle and identities are keyed. A one-row file that guesses a
//! member's answers right and one that guesses wrong give byte-identical previews and imports
//! (API and CLI, same exit codes); Forms response ids, emails and anonymous codes are HMACs under
//! the organisation's own random key, response ids scoped to their form; a refused ballot start
//! or resume says one thing whatever the reason and costs about the same time; wrong codes never
//! lock a ballot (issue 25 §1: the devices server slows the guessing device instead).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use govmat::{Govmat, ImportOptions, ImportRequest, Role};
use sha2::{Digest, Sha256};

const PIN: &str = "602913";
const REFUSED: &str =
    "if you have started before, carry on with your resume code; otherwise ask the facilitator";

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

const HEADER: &str =
    "respondent,role,skills-capacity,training,org-development,scope,comment:skills-capacity\n";
/// Priya Raman's row of `forms-good.csv`, as she answered.
const RIGHT: &str = "Priya Raman,Exec,4,,Don't Know,0,\"She said \"\"not yet\"\"\"\n";
/// The same row with one answer guessed wrong.
const WRONG: &str = "Priya Raman,Exec,3,,Don't Know,0,\"She said \"\"not yet\"\"\"\n";

fn guess(row: &str) -> Vec<u8> {
    format!("{HEADER}{row}").into_bytes()
}

/// Everything in the database file that a member's answers could have changed.
fn answers_in(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).expect("the database opens");
    let mut st = c
        .prepare(
            "SELECT p.name || p.role || r.item_id || coalesce(r.level, '-') || r.dont_know || r.comment
             FROM response r JOIN respondent p ON p.id = r.respondent_id ORDER BY 1",
        )
        .expect("a query");
    let rows: Vec<String> = st
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows read");
    rows.join("\n")
}

fn board_with_forms_good(dir: &Path) -> (Govmat, i64) {
    let mut g = Govmat::open(&dir.join("board.db"), None).expect("a new database");
    let round = g
        .round_for(
            "Riverside Trust",
            "Away-day",
            "collaboration-checklist",
            "2025-01-22",
        )
        .expect("a round");
    g.import_into_round(round, &fixture("forms-good.csv"), false)
        .expect("four members import");
    (g, round)
}

#[test]
fn a_right_and_a_wrong_guess_give_identical_previews_and_imports_through_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let (mut g, round) = board_with_forms_good(dir.path());
    let before = answers_in(&dir.path().join("board.db"));
    for replace in [false, true] {
        let preview = |g: &Govmat, row: &str| {
            let p = g
                .preview_bytes_into_round(round, "guess.csv", &guess(row), replace)
                .expect("a preview");
            serde_json::to_string(&p).expect("JSON")
        };
        let (right, wrong) = (preview(&g, RIGHT), preview(&g, WRONG));
        assert_eq!(
            right, wrong,
            "replace {replace}: the preview says the same of a right and a wrong guess"
        );
        assert!(
            replace || right.contains("a member of that name is already in this round"),
            "{right}"
        );
    }
    let import = |g: &mut Govmat, row: &str| {
        let out = g
            .import_bytes_into_round(round, "guess.csv", &guess(row), false)
            .expect("the import leaves the member alone");
        serde_json::to_string(&out).expect("JSON")
    };
    assert_eq!(import(&mut g, RIGHT), import(&mut g, WRONG));
    let refused = |g: &mut Govmat, row: &str| {
        let e = g
            .import_bytes_into_round(round, "guess.csv", &guess(row), true)
            .expect_err("replacing takes the roster PIN");
        serde_json::to_string(&e.body()).expect("JSON")
    };
    assert_eq!(refused(&mut g, RIGHT), refused(&mut g, WRONG));
    assert_eq!(
        answers_in(&dir.path().join("board.db")),
        before,
        "no guess changed an answer"
    );
}

#[test]
fn a_right_and_a_wrong_guess_give_identical_cli_output_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("questionnaires")).unwrap();
    let run = |file: &Path, extra: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_govmat"));
        c.current_dir(dir.path())
            .env("GOVMAT_DB", dir.path().join("govmat.db"))
            .env("HOME", dir.path())
            .env_remove("GOVMAT_PIN")
            .arg("--questionnaires")
            .arg(dir.path().join("questionnaires"))
            .args(["import"])
            .arg(file)
            .args([
                "--org",
                "Riverside Trust",
                "--round",
                "Away-day",
                "--questionnaire",
                "collaboration-checklist",
                "--date",
                "2025-01-22",
            ])
            .args(extra)
            .write_stdin("");
        let out = c.output().expect("govmat runs");
        (out.status.code(), out.stdout, out.stderr)
    };
    assert_eq!(run(&fixture("forms-good.csv"), &[]).0, Some(0));
    let file = dir.path().join("guess.csv");
    for extra in [&["--dry-run"][..], &[], &["--replace"]] {
        std::fs::write(&file, guess(RIGHT)).unwrap();
        let right = run(&file, extra);
        std::fs::write(&file, guess(WRONG)).unwrap();
        let wrong = run(&file, extra);
        assert_eq!(
            right,
            wrong,
            "{extra:?}: same exit code, stdout and stderr:\n{}\n{}",
            String::from_utf8_lossy(&right.1),
            String::from_utf8_lossy(&right.2)
        );
    }
    std::fs::write(&file, guess(WRONG)).unwrap();
    let (code, stdout, _) = run(&file, &["--dry-run"]);
    assert_eq!(code, Some(0));
    let stdout = String::from_utf8_lossy(&stdout);
    assert!(
        stdout.contains(
            "row 2, column A (respondent): a member of that name is already in this round"
        ),
        "{stdout}"
    );
}

/// A Microsoft Forms export with response ids and no names: each member is their id.
fn ids_only(ids: &[&str]) -> Vec<u8> {
    let mut out = String::from("ID,What is your role on the board?,skills-capacity\n");
    for id in ids {
        out.push_str(&format!("{id},Chair,3\n"));
    }
    out.into_bytes()
}

fn import_anonymised(g: &mut Govmat, org: &str, name: &str, bytes: &[u8]) -> govmat::ImportOutcome {
    let req = ImportRequest {
        org,
        round: "Away-day",
        questionnaire: "collaboration-checklist",
        date: "2025-01-22",
        file: Path::new(name),
        replace: false,
    };
    let opts = ImportOptions {
        anonymise: true,
        ..ImportOptions::default()
    };
    g.import_bytes_with(&req, &opts, name, bytes)
        .unwrap_or_else(|e| panic!("{name} imports: {e}"))
}

fn names_and_ids(db: &Path) -> Vec<(String, Option<String>)> {
    let c = rusqlite::Connection::open(db).expect("the database opens");
    let mut st = c
        .prepare("SELECT name, external_id FROM respondent ORDER BY id")
        .unwrap();
    let rows = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows
}

#[test]
fn response_id_1_of_two_forms_are_two_members_and_the_same_form_again_is_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db");
    let mut g = Govmat::open(&db, None).unwrap();
    let a = import_anonymised(
        &mut g,
        "Riverside Trust",
        "Board survey A.csv",
        &ids_only(&["1"]),
    );
    assert_eq!(a.added, 1);
    let b = import_anonymised(
        &mut g,
        "Riverside Trust",
        "Board survey B.csv",
        &ids_only(&["1"]),
    );
    assert_eq!(
        (b.added, b.already),
        (1, 0),
        "ID 1 of another form is another member"
    );
    let again = import_anonymised(
        &mut g,
        "Riverside Trust",
        "Board survey A(1-2) (1).csv",
        &ids_only(&["1", "2"]),
    );
    assert_eq!(
        (again.added, again.already),
        (1, 1),
        "form A downloaded again with one more response: ID 1 is already there"
    );
    let rows = names_and_ids(&db);
    assert_eq!(rows.len(), 3);
    for (name, id) in &rows {
        assert!(
            name.len() == 14
                && name.starts_with("M-")
                && name[2..].chars().all(|c| c.is_ascii_hexdigit()),
            "a code of 48 bits: {name}"
        );
        assert_eq!(
            id.as_deref().map(str::len),
            Some(32),
            "a keyed id for {name}"
        );
    }
    assert_ne!(rows[0], rows[1], "the two forms' ID 1 do not collide");
}

#[test]
fn the_same_email_gives_unrelated_ids_and_codes_on_two_boards_and_no_unkeyed_hash() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db");
    let mut g = Govmat::open(&db, None).unwrap();
    let file = b"Timestamp,Email Address,Your role on the board,skills-capacity\n\
        2025/01/20 9:01:02 am GMT,anna@trust.nhs.uk,Chair,2\n";
    import_anonymised(&mut g, "Riverside Trust", "google.csv", file);
    import_anonymised(&mut g, "Vale Trust", "google.csv", file);
    let rows = names_and_ids(&db);
    assert_eq!(rows.len(), 2);
    assert_ne!(rows[0].0, rows[1].0, "each board's key gives its own code");
    assert_ne!(rows[0].1, rows[1].1, "and its own id");
    // Issue 13's unkeyed hash, which anyone with the email list could recompute.
    let mut h = Sha256::new();
    h.update(b"govmat-member\0anna@trust.nhs.uk");
    let unkeyed: String = h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(
        rows.iter()
            .all(|(_, id)| id.as_deref() != Some(unkeyed.as_str())),
        "no id is the unkeyed hash of the email"
    );
}

fn collecting_board(dir: &Path) -> (Govmat, i64) {
    let mut g = Govmat::open(&dir.join("board.db"), None).unwrap();
    let round = g
        .round_for(
            "Riverside Trust",
            "Away-day",
            "collaboration-checklist",
            "2025-01-22",
        )
        .unwrap();
    g.start_collection(round, PIN, 0).unwrap();
    (g, round)
}

fn refusal<T>(r: govmat::Result<T>) -> String {
    match r {
        Ok(_) => panic!("expected a refusal"),
        Err(e) => serde_json::to_string(&e.body()).expect("JSON"),
    }
}

#[test]
fn a_refused_start_or_resume_gives_one_answer_whatever_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (mut g, round) = collecting_board(dir.path());
    let ann = g.start_ballot(round, "Ann", Role::Chair).unwrap();
    let taken = refusal(g.start_ballot(round, "ANN", Role::Executive));
    let unknown = refusal(g.resume_ballot(round, "Nobody", "K7QX2M"));
    let wrong = refusal(g.resume_ballot(round, "Ann", "K7QX2M"));
    assert_eq!(taken, unknown, "a taken name reads as an unknown one");
    assert_eq!(wrong, unknown, "and as a wrong code");
    assert_eq!(
        taken,
        serde_json::json!({"code": "forbidden", "message": REFUSED}).to_string()
    );
    // Wrong codes never lock Ann's ballot (issue 25 §1: anyone could lock a colleague out with
    // five guesses); the devices server slows down the device that sends them instead.
    for _ in 0..5 {
        assert_eq!(refusal(g.resume_ballot(round, "Ann", "K7QX2M")), unknown);
    }
    g.resume_ballot(round, "Ann", &ann.resume_code)
        .expect("after five wrong codes, Ann's own code still opens her ballot");
    let fresh = g
        .reopen_ballot(round, "Ann", PIN, 1)
        .expect("the facilitator can still give her a new code");
    g.resume_ballot(round, "Ann", &fresh)
        .expect("the new code opens it");
    assert_eq!(
        g.ballot_refusals(round).unwrap(),
        3 + 5,
        "every refusal is counted for the round"
    );
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Each refusal does one Argon2 check (a dummy one for a name nobody has) and one write. Before,
/// an unknown name was refused without any hashing, a hundred times faster than a wrong code.
#[test]
fn a_refusal_takes_about_as_long_for_an_unknown_name_as_for_a_taken_one_or_a_wrong_code() {
    let dir = tempfile::tempdir().unwrap();
    let (mut g, round) = collecting_board(dir.path());
    g.start_ballot(round, "Ann", Role::Chair).unwrap();
    let mut time = |f: &mut dyn FnMut(&mut Govmat)| {
        median(
            (0..3)
                .map(|_| {
                    let t = Instant::now();
                    f(&mut g);
                    t.elapsed()
                })
                .collect(),
        )
    };
    let taken = time(&mut |g| {
        let _ = g.start_ballot(round, "Ann", Role::Chair);
    });
    let unknown = time(&mut |g| {
        let _ = g.resume_ballot(round, "Nobody", "K7QX2M");
    });
    let wrong = time(&mut |g| {
        let _ = g.resume_ballot(round, "Ann", "K7QX2M");
    });
    eprintln!(
        "median refusal: taken name {taken:?}, unknown name {unknown:?}, wrong code {wrong:?}"
    );
    let all = [taken, unknown, wrong];
    let (lo, hi) = (all.iter().min().unwrap(), all.iter().max().unwrap());
    assert!(
        hi.as_secs_f64() < 2.0 * lo.as_secs_f64(),
        "refusals take about the same time: {all:?}"
    );
}
