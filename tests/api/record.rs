//! The board's record (issue 27): follow-through of last round's actions, worked by hand over two
//! rounds; the `actions` and `history` CLI contract; the report's "Did we do what we said?"; and
//! the decision history, which verifies untouched and names the item after an edit made with an
//! SQLite tool.

use std::path::Path;

use crate::board::Board;

use assert_cmd::Command;
use govmat::{
    ActionChange, ActionStatus, Decision, Govmat, NewAction, NewRound, Origin, ReportKind,
    ReportOptions,
};
use serde_json::{json, Value};

/// 2026-01-01 00:00 UTC, and a day later: the times decisions are saved at.
const JAN_1: i64 = 1_767_225_600;
const DAY: i64 = 86_400;

fn board() -> Board {
    Board::new()
}

fn round(g: &mut Govmat, org: i64, name: &str, date: &str) -> i64 {
    g.create_round(&NewRound {
        organisation_id: org,
        name: name.into(),
        date: date.into(),
        questionnaire: "collaboration-checklist".into(),
        carry_actions: true,
    })
    .expect("a round")
    .id
}

fn action(g: &mut Govmat, round: i64, title: &str, status: ActionStatus) -> i64 {
    g.add_action(
        round,
        &NewAction {
            item_id: Some("training".into()),
            text: title.into(),
            owner: "Company secretary".into(),
            due: Some("2025-06-30".into()),
            status,
            carried_from: None,
        },
    )
    .expect("an action")
    .id
}

fn status(s: ActionStatus) -> ActionChange {
    ActionChange {
        status: Some(s),
        ..ActionChange::default()
    }
}

const TITLES: [&str; 5] = [
    "Induction pack",
    "Risk appetite",
    "Committee terms",
    "Retire dashboard",
    "Skills audit",
];

/// Spring has five actions. Before Autumn is created, "Induction pack" is done and "Retire
/// dashboard" dropped; Autumn then carries the three still live, and "Risk appetite" is done
/// there. Autumn's review: 5 in all, 2 done, 1 in progress, 1 open, 1 dropped, so the rate is
/// 2 ÷ (5 − 1) = 0.5.
fn two_rounds(b: &mut Board) -> (i64, i64, Vec<i64>) {
    let spring = round(&mut b.g, b.org, "Spring 2025", "2025-03-01");
    let ids: Vec<i64> = TITLES
        .iter()
        .map(|t| {
            let s = if *t == "Skills audit" {
                ActionStatus::InProgress
            } else {
                ActionStatus::Open
            };
            action(&mut b.g, spring, t, s)
        })
        .collect();
    b.g.follow_up(spring, ids[0], &status(ActionStatus::Done))
        .expect("done before the next round");
    b.g.follow_up(spring, ids[3], &status(ActionStatus::Dropped))
        .expect("dropped");
    let autumn = round(&mut b.g, b.org, "Autumn 2025", "2025-10-01");
    let risk = b.g.action_review(autumn).unwrap().actions[1].id;
    b.g.follow_up(autumn, risk, &status(ActionStatus::Done))
        .expect("the carried copy is done in Autumn");
    (spring, autumn, ids)
}

#[test]
fn follow_through_counts_actions_done_before_the_next_round_and_leaves_dropped_ones_out() {
    let mut b = board();
    let (spring, autumn, ids) = two_rounds(&mut b);
    let carried = b.g.actions(autumn).unwrap();
    assert_eq!(
        carried.iter().map(|a| a.text.as_str()).collect::<Vec<_>>(),
        ["Risk appetite", "Committee terms", "Skills audit"],
        "only the live actions are carried"
    );
    let r = b.g.action_review(autumn).unwrap();
    assert_eq!(r.from_round.as_deref(), Some("Spring 2025"));
    let f = r.follow_through;
    assert_eq!(
        (f.total, f.done, f.in_progress, f.open, f.dropped),
        (5, 2, 1, 1, 1)
    );
    assert_eq!(f.rate, Some(0.5), "2 done of the 4 not dropped");
    assert_eq!(r.headline, "2 of 4 done");
    assert_eq!(
        r.actions[0].id, ids[0],
        "an action done before Autumn stands as it was left in Spring"
    );
    assert_eq!(r.actions[0].round_id, spring);
    assert!(r.actions[1].carried && r.actions[1].round_id == autumn);

    // Setting a Spring action from Autumn's review changes it where it lives.
    b.g.follow_up(
        autumn,
        ids[3],
        &ActionChange {
            status: Some(ActionStatus::Done),
            note: Some("Replaced by the new report".into()),
            ..ActionChange::default()
        },
    )
    .expect("a reviewed action of the earlier round can be set from this one");
    let r = b.g.action_review(autumn).unwrap();
    assert_eq!(r.headline, "3 of 5 done");
    assert_eq!(r.actions[3].note, "Replaced by the new report");
    assert_eq!(
        b.g.action_review(spring).unwrap().from_round,
        None,
        "the first round has nothing to look back on"
    );
}

#[test]
fn an_imported_round_carries_open_actions_as_a_round_created_by_hand_does() {
    let mut b = board();
    let spring = round(&mut b.g, b.org, "Spring 2025", "2025-03-01");
    action(&mut b.g, spring, "Skills audit", ActionStatus::InProgress);
    action(&mut b.g, spring, "Induction pack", ActionStatus::Done);
    drop(b.g);
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms-good.csv");
    cli(&b.db)
        .arg("import")
        .arg(&csv)
        .args(["--org", "Vale Trust", "--round", "Autumn 2025"])
        .args([
            "--questionnaire",
            "collaboration-checklist",
            "--date",
            "2025-10-01",
        ])
        .assert()
        .success();
    let list = json_of(
        &b.db,
        &[
            "actions",
            "list",
            "--org",
            "Vale Trust",
            "--round",
            "Autumn 2025",
            "--json",
        ],
    );
    let titles: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Skills audit"], "only the live action is carried");
    assert!(list[0]["carried_from"].is_i64());
}

fn cli(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_govmat"));
    let home = db.parent().unwrap();
    c.env("GOVMAT_DB", db)
        .env_remove("GOVMAT_QUESTIONNAIRES")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg"));
    c
}

fn json_of(db: &Path, args: &[&str]) -> Value {
    let out = cli(db).args(args).assert().success();
    serde_json::from_slice(&out.get_output().stdout).expect("JSON on stdout")
}

#[test]
fn the_actions_commands_keep_the_plan_between_away_days() {
    let mut b = board();
    let (_, _, _) = two_rounds(&mut b);
    drop(b.g);
    let db = &b.db;
    let at = ["--org", "Vale Trust", "--round", "Autumn 2025"];
    let add = cli(db)
        .args(["actions", "add"])
        .args(at)
        .args(["--title", "Board development plan", "--item", "training"])
        .args(["--owner", "Chair", "--due", "2026-03-31"])
        .assert()
        .success();
    let said = String::from_utf8_lossy(&add.get_output().stdout).to_string();
    assert!(said.starts_with("added action "), "{said}");

    let list = json_of(db, &[&["actions", "list"][..], &at, &["--json"]].concat());
    let added = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Board development plan")
        .expect("the added action is listed")
        .clone();
    assert_eq!(added["item"], "training");
    assert_eq!(added["owner"], "Chair");
    assert_eq!(added["due"], "2026-03-31");
    assert_eq!(added["status"], "open");

    let review = json_of(db, &[&["actions", "review"][..], &at, &["--json"]].concat());
    let skills = review["actions"][4]["id"].as_i64().unwrap().to_string();
    cli(db)
        .args(["actions", "set"])
        .args(at)
        .args([
            "--id",
            &skills,
            "--status",
            "done",
            "--note",
            "Audit reported in May",
        ])
        .assert()
        .success();
    let review = json_of(db, &[&["actions", "review"][..], &at, &["--json"]].concat());
    assert_eq!(review["from_round"], "Spring 2025");
    assert_eq!(
        review["follow_through"],
        json!({"total": 5, "done": 3, "in_progress": 0, "open": 1, "dropped": 1, "rate": 0.75}),
        "3 done of the 4 not dropped"
    );
    let keys: Vec<&str> = review["actions"][4]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["due", "id", "item", "note", "owner", "status", "title"],
        "the review's action shape is the issue's"
    );
    assert_eq!(review["actions"][4]["note"], "Audit reported in May");
    assert_eq!(
        review["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap())
            .collect::<Vec<_>>(),
        TITLES
    );

    // The JSON export carries the same follow-through, and each round's for the trend.
    let out = b.dir.path().join("autumn.json");
    cli(db)
        .args(["export", "--format", "json", "--out"])
        .arg(&out)
        .args(at)
        .assert()
        .success();
    let export: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(export["follow_through"]["from_round"], "Spring 2025");
    assert_eq!(
        export["follow_through"]["follow_through"],
        review["follow_through"]
    );
    assert_eq!(export["follow_through"]["trend"][0]["round"], "Autumn 2025");
    assert!(export["provenance"]["decision_history"]
        .as_str()
        .unwrap()
        .starts_with("verifies"));

    let refused = cli(db)
        .args(["actions", "set"])
        .args(at)
        .args(["--id", &skills, "--status", "finished"])
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&refused.get_output().stderr).to_string();
    assert!(err.contains("\"finished\" is not a status"), "{err}");
}

fn pdftotext(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    // Words as they read, whatever the line breaks of the page.
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_report_says_whether_the_board_did_what_it_said_with_every_action_and_the_rate() {
    let mut b = board();
    let (_, autumn, _) = two_rounds(&mut b);
    let opts = ReportOptions {
        produced: "2026-01-02 10:00 +00:00".into(),
        ..ReportOptions::default()
    };
    let pdf = b.dir.path().join("autumn.pdf");
    std::fs::write(&pdf, b.g.report(autumn, &opts).unwrap().bytes).unwrap();
    let text = pdftotext(&pdf);
    assert!(
        text.contains("Did we do what we said?"),
        "the section heading"
    );
    for t in TITLES {
        assert!(text.contains(t), "the section lists \"{t}\"");
    }
    assert!(
        text.contains("2 of 4 actions from Spring 2025 are done (50% follow-through"),
        "the rate in words"
    );

    let summary = ReportOptions {
        kind: ReportKind::Summary,
        ..opts.clone()
    };
    let pdf = b.dir.path().join("summary.pdf");
    std::fs::write(&pdf, b.g.report(autumn, &summary).unwrap().bytes).unwrap();
    assert!(
        pdftotext(&pdf).contains("2 of 4 actions from Spring 2025 are done"),
        "the board summary has the line too"
    );
    let docx = b.g.report_docx(autumn, &opts).unwrap();
    assert!(
        String::from_utf8_lossy(&unzip_document(&docx)).contains("Did we do what we said?"),
        "the Word report has the section"
    );
}

/// The main part of a Word file, read with the `unzip` tool the machine has.
fn unzip_document(docx: &[u8]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.docx");
    std::fs::write(&file, docx).unwrap();
    std::process::Command::new("unzip")
        .args(["-p"])
        .arg(&file)
        .arg("word/document.xml")
        .output()
        .expect("unzip is installed")
        .stdout
}

fn decide(g: &mut Govmat, round: i64, agreed: i64, rationale: &str, at: i64) {
    let d = Decision {
        agreed: Some(agreed),
        target: Some(4),
        rationale: rationale.into(),
        dissent: String::new(),
    };
    g.save_decision(round, "training", &d, at).expect("saved");
}

#[test]
fn a_decision_changed_twice_has_three_entries_in_order_with_old_and_new_values() {
    let mut b = board();
    let r = round(&mut b.g, b.org, "Winter 2025", "2025-12-31");
    decide(&mut b.g, r, 2, "Agreed on the day", JAN_1 - DAY);
    decide(&mut b.g, r, 2, "Agreed on the day", JAN_1);
    decide(&mut b.g, r, 3, "Evidence came later", JAN_1 + DAY);
    decide(
        &mut b.g,
        r,
        3,
        "Evidence came later; minuted",
        JAN_1 + 2 * DAY,
    );
    let h = b.g.decision_history(r).unwrap();
    assert_eq!(
        h.entries.len(),
        3,
        "saving the same decision again records nothing"
    );
    let seqs: Vec<i64> = h.entries.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [1, 2, 3]);
    assert_eq!(h.entries[0].old, None);
    assert_eq!(h.entries[1].old.as_ref().unwrap().agreed, Some(2));
    assert_eq!(h.entries[1].new.agreed, Some(3));
    assert_eq!(h.entries[1].change, "agreed 2 → 3, rationale changed");
    assert_eq!(h.entries[2].change, "rationale changed");
    assert!(h.entries.iter().all(|e| e.origin == Origin::Change));
    assert!(h.verified, "{:?}", h.problem);
    assert_eq!(
        h.changed_after_the_day().len(),
        2,
        "the two changes saved after 31 December"
    );

    let opts = ReportOptions {
        produced: "2026-01-05 10:00 +00:00".into(),
        ..ReportOptions::default()
    };
    let pdf = b.dir.path().join("winter.pdf");
    std::fs::write(&pdf, b.g.report(r, &opts).unwrap().bytes).unwrap();
    let text = pdftotext(&pdf);
    assert!(text.contains("Appendix: decisions changed after the away-day"));
    assert!(
        text.contains("2026-01-03 00:00 +00:00"),
        "last changed, in the provenance block"
    );
    assert!(text.contains("verifies (3 entries)"));
}

#[test]
fn history_verify_passes_untouched_and_names_the_item_after_an_sql_edit() {
    let mut b = board();
    let r = round(&mut b.g, b.org, "Winter 2025", "2025-12-31");
    decide(&mut b.g, r, 2, "Agreed on the day", JAN_1);
    decide(&mut b.g, r, 3, "Evidence came later", JAN_1 + DAY);
    drop(b.g);
    let db = &b.db;
    let at = ["--org", "Vale Trust", "--round", "Winter 2025"];
    let ok = cli(db)
        .arg("history")
        .args(at)
        .arg("--verify")
        .assert()
        .success();
    let out = String::from_utf8_lossy(&ok.get_output().stdout).to_string();
    assert!(out.contains("verifies"), "{out}");
    let listed = json_of(db, &[&["history"][..], &at, &["--json"]].concat());
    assert_eq!(listed["entries"].as_array().unwrap().len(), 2);
    assert_eq!(listed["entries"][1]["new"]["agreed"], 3);

    let sql = rusqlite::Connection::open(db).unwrap();
    sql.execute(
        "UPDATE decision SET agreed = 4 WHERE round_id = ?1 AND item_id = 'training'",
        [r],
    )
    .unwrap();
    let refused = cli(db)
        .arg("history")
        .args(at)
        .arg("--verify")
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&refused.get_output().stderr).to_string();
    assert!(
        err.contains("item \"training\": the agreed score is 4, but the history's latest is 3"),
        "{err}"
    );

    sql.execute(
        "UPDATE decision SET agreed = 3 WHERE round_id = ?1 AND item_id = 'training'",
        [r],
    )
    .unwrap();
    cli(db)
        .arg("history")
        .args(at)
        .arg("--verify")
        .assert()
        .success();
    sql.execute(
        "UPDATE decision_history SET new_agreed = 1 WHERE round_id = ?1 AND seq = 1",
        [r],
    )
    .unwrap();
    let refused = cli(db)
        .arg("history")
        .args(at)
        .arg("--verify")
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&refused.get_output().stderr).to_string();
    assert!(
        err.contains("history entry 1 (item \"training\") does not match its hash"),
        "{err}"
    );
}

#[test]
fn an_older_database_starts_each_rounds_history_from_its_decisions_and_backups_keep_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    {
        // Schema 7, before the history (and what schemas 9 to 13 added), with a decision written
        // as that version wrote it.
        let mut g = Govmat::open(&db, None).unwrap();
        let org = g.create_organisation("Vale Trust").unwrap().id;
        let r = round(&mut g, org, "Winter 2025", "2025-12-31");
        decide(&mut g, r, 2, "Agreed on the day", JAN_1);
        drop(g);
        let sql = rusqlite::Connection::open(&db).unwrap();
        sql.execute_batch(
            "DELETE FROM decision_history; UPDATE round SET history_head = NULL;
             ALTER TABLE round DROP COLUMN history_head; DROP TABLE decision_history;
             ALTER TABLE action DROP COLUMN note; ALTER TABLE action DROP COLUMN evidence;
             DROP TRIGGER organisation_gets_an_identity_key;
             ALTER TABLE organisation DROP COLUMN identity_key;
             ALTER TABLE round DROP COLUMN ballot_refusals;
             ALTER TABLE round DROP COLUMN expected_members;
             ALTER TABLE round DROP COLUMN devices_port; ALTER TABLE round DROP COLUMN devices_join_code;
             ALTER TABLE round DROP COLUMN time_box_ends;
             DROP TABLE benchmark_minimum; DROP TABLE benchmark_pack;
             DROP TABLE ballot_change;
             PRAGMA user_version = 7;",
        )
        .unwrap();
    }
    let mut g = Govmat::open(&db, None).expect("an older database migrates");
    let org = g.organisation_named("Vale Trust").unwrap();
    let r = g.rounds(org.id).unwrap()[0].id;
    let h = g.decision_history(r).unwrap();
    assert_eq!(h.entries.len(), 1);
    assert_eq!(
        h.entries[0].origin,
        Origin::Start,
        "recorded as the starting point"
    );
    assert_eq!(h.entries[0].new.agreed, Some(2));
    assert!(h.verified, "{:?}", h.problem);

    decide(&mut g, r, 3, "Evidence came later", JAN_1 + DAY);
    let copy = dir.path().join("copy.db");
    g.backup(&copy).unwrap();
    decide(&mut g, r, 1, "A mistake", JAN_1 + 2 * DAY);
    g.restore(&copy).unwrap();
    let h = g.decision_history(r).unwrap();
    assert_eq!(
        h.entries.len(),
        2,
        "the restored chain is the backed-up one"
    );
    assert!(h.verified, "and it verifies: {:?}", h.problem);
}

#[test]
fn the_record_is_locked_while_a_round_collects_privately() {
    let mut b = board();
    let (spring, autumn, ids) = two_rounds(&mut b);
    b.g.start_collection(autumn, "602913", 100).expect("starts");
    let code = |r: govmat::Result<()>| r.err().map(|e| e.code());
    assert_eq!(code(b.g.action_review(spring).map(drop)), Some("locked"));
    assert_eq!(code(b.g.actions(spring).map(drop)), Some("locked"));
    assert_eq!(
        code(
            b.g.follow_up(autumn, ids[0], &status(ActionStatus::Done))
                .map(drop)
        ),
        Some("locked")
    );
    assert_eq!(code(b.g.decision_history(spring).map(drop)), Some("locked"));
}
