//! The private ballot and the anonymity rule, through the API the CLI and the desktop share.
//!
//! Collection state lives in the database: while a round collects, every use case but its ballot
//! is refused with `locked`, also after a restart; ending takes the PIN, and wrong PINs are slowed
//! down. A member writes only with the key their page holds, checked inside the write's
//! transaction, and carries on only with their resume code. Then a board of one chair, one other,
//! two executives and five non-executives is walked through every view, chart and export to show
//! that no name, no respondent id and no figure of a group smaller than the minimum leaves.

use std::path::Path;

use crate::board::Board;
use std::process::Command;

use govmat::{
    Answer, BallotKey, Decision, ExportFormat, Govmat, NewAction, NewRound, Position, Role,
};

const PIN: &str = "602913";

fn board() -> Board {
    Board::new().with_round("Spring 2026", "2026-03-01")
}

fn new_round(g: &mut Govmat, org: i64, name: &str, date: &str) -> i64 {
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

fn code(r: govmat::Result<impl Sized>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

#[test]
fn while_a_round_collects_every_use_case_but_its_ballot_is_locked() {
    let mut b = board();
    let round = b.round();
    let other = new_round(&mut b.g, b.org, "Autumn 2025", "2025-10-01");
    b.g.start_collection(round, PIN, 100).expect("starts");
    let started =
        b.g.start_ballot(round, "Ann", Role::Chair)
            .expect("the ballot is served");
    b.g.save_ballot_answer(&started.ballot, "training", Answer::Level(3), "")
        .expect("answers are saved while collecting");

    let check = |g: &mut Govmat| -> Vec<(&'static str, &'static str)> {
        let (round, org) = (round, b.org);
        let decision = Decision {
            agreed: Some(2),
            ..Default::default()
        };
        let action = NewAction {
            item_id: None,
            text: "Do it".into(),
            owner: String::new(),
            due: None,
            status: govmat::ActionStatus::Open,
            carried_from: None,
        };
        vec![
            ("organisations", code(g.organisations())),
            ("rounds", code(g.rounds(org))),
            ("round_view", code(g.round_view(round))),
            ("results_view", code(g.results_view(round))),
            ("reveal_view", code(g.reveal_view(round))),
            ("spectrum_screen", code(g.spectrum_screen(round))),
            ("summary", code(g.summary(round))),
            ("summary of another round", code(g.summary(other))),
            ("compare", code(g.compare(other, round))),
            ("trend", code(g.trend(org, "collaboration-checklist"))),
            ("chart", code(g.chart_svg(round, "radar", None))),
            (
                "report",
                code(g.export(round, ExportFormat::Pdf, None, "2026-03-02")),
            ),
            (
                "xlsx",
                code(g.export(round, ExportFormat::Xlsx, None, "2026-03-02")),
            ),
            (
                "csv",
                code(g.export(other, ExportFormat::Csv, None, "2026-03-02")),
            ),
            (
                "json",
                code(g.export(round, ExportFormat::Json, None, "2026-03-02")),
            ),
            (
                "save_decision",
                code(g.save_decision(round, "training", &decision, 1767225600)),
            ),
            ("add_action", code(g.add_action(round, &action))),
            (
                "agreed position",
                code(g.save_position(round, None, "formality", Position::default())),
            ),
            (
                "add_member",
                code(g.add_member(round, "Bob", Role::Executive)),
            ),
            ("member_id", code(g.member_id(round, "Ann"))),
            ("delete_round", code(g.delete_round(round))),
            ("delete another round", code(g.delete_round(other))),
            ("delete_organisation", code(g.delete_organisation(org))),
            (
                "create_organisation",
                code(g.create_organisation("Hill Trust")),
            ),
            ("create_demo", code(g.create_demo())),
            ("set_round_open", code(g.set_round_open(round, false))),
            ("set_min_group", code(g.set_min_group(org, 4))),
        ]
    };
    for (what, got) in check(&mut b.g) {
        assert_eq!(got, "locked", "{what} must be refused while collecting");
    }
    // Quitting and opening the same file again (the app restarting, or the CLI) unlocks nothing.
    drop(b.g);
    let mut again = Govmat::open(&b.db, None).expect("reopens");
    for (what, got) in check(&mut again) {
        assert_eq!(
            got, "locked",
            "{what} must still be refused after a restart"
        );
    }
    assert_eq!(
        code(again.ballot_form(round)),
        "ok",
        "the ballot form is still served"
    );
    // The restart took nothing from the member: their page's key still writes.
    again
        .save_ballot_answer(&started.ballot, "scope", Answer::DontKnow, "")
        .expect("still answering after a restart");
    again
        .end_collection(round, PIN, 200)
        .expect("the right PIN ends it");
    assert_eq!(
        code(again.summary(round)),
        "ok",
        "the summary is served again"
    );
}

#[test]
fn a_wrong_pin_changes_nothing_and_after_five_every_try_must_wait_longer() {
    let mut b = board();
    let round = b.round();
    assert_eq!(
        code(b.g.start_collection(round, "12", 0)),
        "invalid_input",
        "a PIN of two digits is refused"
    );
    b.g.start_collection(round, PIN, 1_000).expect("starts");
    for t in 0..4 {
        assert_eq!(
            code(b.g.end_collection(round, "1111", 1_000 + t)),
            "forbidden",
            "wrong PIN {t} is refused"
        );
        assert_eq!(
            b.g.collection_status(round).unwrap().retry_after,
            0,
            "the first four wrong PINs start no wait"
        );
    }
    assert!(b.g.collection_status(round).unwrap().collecting);
    assert_eq!(code(b.g.end_collection(round, "1111", 1_010)), "forbidden");
    let wait = b.g.collection_status(round).unwrap().retry_after;
    assert!(
        wait > 1_010,
        "the fifth wrong PIN starts a wait (until {wait}), as the README says"
    );
    assert_eq!(
        code(b.g.end_collection(round, PIN, wait - 1)),
        "wait",
        "during the wait not even the right PIN is checked"
    );
    assert_eq!(code(b.g.end_collection(round, "1111", wait)), "forbidden");
    let longer = b.g.collection_status(round).unwrap().retry_after;
    assert!(
        longer - wait > wait - 1_010,
        "each further wrong PIN waits longer ({} then {})",
        wait - 1_010,
        longer - wait
    );
    assert!(
        b.g.collection_status(round).unwrap().collecting,
        "still locked"
    );
    // The count survives a restart, so restarting does not reset the wait.
    drop(b.g);
    let mut again = Govmat::open(&b.db, None).unwrap();
    assert_eq!(code(again.end_collection(round, PIN, longer - 1)), "wait");
    again.end_collection(round, PIN, longer).expect("ends");
    let events: Vec<String> = again
        .collection_status(round)
        .unwrap()
        .events
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert_eq!(events, ["started", "ended"]);
}

#[test]
fn a_forced_end_is_recorded() {
    let mut b = board();
    b.g.start_collection(b.round(), PIN, 5).unwrap();
    b.g.force_end_collection(b.round(), 9).expect("forced");
    let s = b.g.collection_status(b.round()).unwrap();
    assert!(!s.collecting);
    let last = s.events.last().expect("an event");
    assert_eq!((last.at, last.event.as_str()), (9, "forced"));
}

#[test]
fn carrying_on_needs_the_resume_code_and_a_finished_ballot_is_closed_to_everyone_but_the_facilitator(
) {
    let mut b = board();
    b.g.start_collection(b.round(), PIN, 0).unwrap();
    let ann = b.g.start_ballot(b.round(), "Ann", Role::Chair).unwrap();
    b.g.save_ballot_answer(&ann.ballot, "training", Answer::Level(3), "mine")
        .unwrap();
    assert_eq!(
        code(b.g.start_ballot(b.round(), "Ann", Role::Executive)),
        "forbidden",
        "starting again under Ann's name does not open her ballot (the one refusal)"
    );
    assert_eq!(
        code(b.g.resume_ballot(b.round(), "Ann", "AAAAAA")),
        "forbidden",
        "a wrong code reads nothing"
    );
    assert_eq!(
        code(b.g.resume_ballot(b.round(), "Nobody", &ann.resume_code)),
        "forbidden",
        "an unknown name says no more than a wrong code"
    );
    let own =
        b.g.resume_ballot(b.round(), " Ann ", &ann.resume_code.to_lowercase())
            .expect("her code, in any case, lets Ann carry on");
    assert_eq!(own.answers.len(), 1);
    assert_eq!(own.answers[0].comment, "mine");
    assert_eq!(
        code(b.g.save_ballot_answer(&ann.ballot, "scope", Answer::Level(1), "")),
        "forbidden",
        "the page that held the ballot before the resume can no longer write"
    );
    b.g.finish_ballot(&own.ballot).unwrap();
    assert_eq!(
        code(b.g.save_ballot_answer(&own.ballot, "scope", Answer::Level(1), "")),
        "forbidden",
        "a finished ballot refuses answers"
    );
    assert_eq!(
        code(b.g.resume_ballot(b.round(), "Ann", &ann.resume_code)),
        "conflict",
        "a finished ballot is not reopened by its code"
    );
    assert_eq!(
        code(b.g.reopen_ballot(b.round(), "Ann", "9999", 1)),
        "forbidden",
        "reopening takes the facilitator's PIN"
    );
    let fresh =
        b.g.reopen_ballot(b.round(), "Ann", PIN, 2)
            .expect("reopened");
    assert_eq!(
        code(b.g.resume_ballot(b.round(), "Ann", &ann.resume_code)),
        "forbidden",
        "the old code is gone"
    );
    let again =
        b.g.resume_ballot(b.round(), "Ann", &fresh)
            .expect("the new code works");
    b.g.save_ballot_answer(&again.ballot, "scope", Answer::Level(2), "")
        .expect("Ann changes her answer");
    // Wrong codes never lock a ballot (issue 25 §1): the devices server slows down the device
    // that sends them, and Bob's own code still opens his ballot.
    let bob = b.g.start_ballot(b.round(), "Bob", Role::Executive).unwrap();
    for _ in 0..govmat::FREE_TRIES {
        assert_eq!(
            code(b.g.resume_ballot(b.round(), "Bob", "ZZZZZZ")),
            "forbidden"
        );
    }
    assert_eq!(
        code(b.g.resume_ballot(b.round(), "Bob", &bob.resume_code)),
        "ok",
        "after five wrong codes by someone else, Bob carries on with his own"
    );
}

#[test]
fn ids_from_the_page_are_never_trusted_alone() {
    let mut b = board();
    let other = new_round(&mut b.g, b.org, "Autumn 2025", "2025-10-01");
    b.g.start_collection(b.round(), PIN, 0).unwrap();
    let ann = b.g.start_ballot(b.round(), "Ann", Role::Chair).unwrap();
    let bob = b.g.start_ballot(b.round(), "Bob", Role::Executive).unwrap();
    let forged = BallotKey {
        respondent_id: bob.ballot.respondent_id,
        key: ann.ballot.key.clone(),
    };
    assert_eq!(
        code(b.g.save_ballot_answer(&forged, "training", Answer::Level(0), "")),
        "forbidden",
        "Ann's key does not write Bob's ballot"
    );
    assert_eq!(
        code(b.g.save_ballot_answer(&ann.ballot, "not-an-item", Answer::Level(0), "")),
        "invalid_input"
    );
    assert_eq!(
        code(b.g.save_ballot_answer(&ann.ballot, "training", Answer::Level(9), "")),
        "invalid_input"
    );
    assert_eq!(
        code(b.g.save_ballot_position(&ann.ballot, "training", Position::default())),
        "invalid_input",
        "an item of the checklist is not a spectrum dimension"
    );
    b.g.end_collection(b.round(), PIN, 1).unwrap();
    assert_eq!(
        code(b.g.save_ballot_answer(&bob.ballot, "training", Answer::Level(1), "")),
        "forbidden",
        "after collection ends no page can write"
    );
    let action = NewAction {
        item_id: None,
        text: "Review the scheme of delegation".into(),
        owner: String::new(),
        due: None,
        status: govmat::ActionStatus::Open,
        carried_from: None,
    };
    let a = b.g.add_action(b.round(), &action).unwrap();
    assert_eq!(
        code(b.g.update_action(other, a.id, &action)),
        "not_found",
        "an action is changed only through its own round"
    );
    assert_eq!(code(b.g.delete_action(other, a.id)), "not_found");
    b.g.delete_action(b.round(), a.id)
        .expect("its own round deletes it");
}

#[test]
fn the_ballot_checks_collection_inside_the_write_transaction() {
    let mut b = board();
    b.g.start_collection(b.round(), PIN, 0).unwrap();
    let ann = b.g.start_ballot(b.round(), "Ann", Role::Chair).unwrap();
    // Another connection ends collection inside a transaction it holds open for a moment. A save
    // that checked before taking its own transaction would see "collecting" and then write.
    let (db, round) = (b.db.clone(), b.round());
    let (tx, rx) = std::sync::mpsc::channel();
    let ender = std::thread::spawn(move || {
        let mut store = govmat_store::Store::open(&db).unwrap();
        store
            .write(|c| {
                govmat_store::end_collection(c, round, 1, true)?;
                tx.send(()).unwrap();
                std::thread::sleep(std::time::Duration::from_millis(400));
                Ok(())
            })
            .unwrap();
    });
    rx.recv().unwrap();
    let refused =
        b.g.save_ballot_answer(&ann.ballot, "training", Answer::Level(2), "")
            .expect_err("the save waits for the other transaction, then sees collection ended");
    assert_eq!(refused.code(), "forbidden", "{refused}");
    ender.join().unwrap();
    // Ann's ballot holds nothing, so she is not counted as having answered (issue 25 §1).
    assert_eq!(b.g.summary(round).unwrap().respondents, 0);
    let training = b.g.summary(round).unwrap().areas[0].items[1].clone();
    assert_eq!(
        (training.id.as_str(), training.n),
        ("training", 0),
        "nothing was written"
    );
}

// ---- the anonymity rule, over every view and export ---------------------------------------------

const NAMES: [(&str, Role); 9] = [
    ("Exec Esme", Role::Executive),
    ("Ned Nia", Role::NonExecutive),
    ("Other Olu", Role::Other),
    ("Ned Noor", Role::NonExecutive),
    ("Chair Chidi", Role::Chair),
    ("Ned Nell", Role::NonExecutive),
    ("Exec Eli", Role::Executive),
    ("Ned Nye", Role::NonExecutive),
    ("Ned Nash", Role::NonExecutive),
];

/// The board above answers through the private ballot; each member gives a level and a comment
/// naming nobody, marked "z", "y", "x"... in join order, so order can be checked.
fn anonymity_board() -> (Board, Vec<i64>) {
    let mut b = board();
    b.g.start_collection(b.round(), PIN, 0).unwrap();
    let mut ids = Vec::new();
    for (i, (name, role)) in NAMES.iter().enumerate() {
        let s = b.g.start_ballot(b.round(), name, *role).unwrap();
        ids.push(s.ballot.respondent_id);
        // Join order gives 4, 3, 2, 1, 0, 4, 3, ... so sorted values differ from it.
        let level = 4 - (i as i64 % 5);
        for item in ["skills-capacity", "training", "scope"] {
            let comment = format!("comment {} on {item}", char::from(b'z' - i as u8));
            b.g.save_ballot_answer(&s.ballot, item, Answer::Level(level), &comment)
                .unwrap();
        }
        b.g.save_ballot_position(
            &s.ballot,
            "formality",
            Position {
                now: Some(1 + i as i64 % 5),
                aspiration: Some(5),
            },
        )
        .unwrap();
        b.g.finish_ballot(&s.ballot).unwrap();
    }
    b.g.end_collection(b.round(), PIN, 1).unwrap();
    b.g.save_decision(
        b.round(),
        "training",
        &Decision {
            agreed: Some(2),
            target: Some(4),
            ..Default::default()
        },
        1767225600,
    )
    .unwrap();
    (b, ids)
}

fn pdftotext(pdf: &[u8], dir: &Path) -> String {
    let path = dir.join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Every XML part of an XLSX file but its timestamped properties, read with Python's zipfile
/// (on every machine CI has).
fn xlsx_text(xlsx: &[u8], dir: &Path) -> String {
    let path = dir.join("book.xlsx");
    std::fs::write(&path, xlsx).unwrap();
    let out = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(''.join(z.read(n).decode() for n in z.namelist() if n.endswith('.xml') and n != 'docProps/core.xml'))",
        ])
        .arg(&path)
        .output()
        .expect("python3 reads the workbook");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn no_view_chart_or_export_names_a_member_or_breaks_down_a_group_below_the_minimum() {
    let (b, _) = anonymity_board();
    let dir = tempfile::tempdir().unwrap();
    let round = b.round();
    let json = |v: &dyn erased::Json| v.json();
    let outputs: Vec<(&str, String)> = vec![
        ("summary --json", json(&b.g.summary(round).unwrap())),
        ("results view", json(&b.g.results_view(round).unwrap())),
        ("reveal view", json(&b.g.reveal_view(round).unwrap())),
        (
            "round view (what reports are made from)",
            json(&b.g.round_view(round).unwrap()),
        ),
        (
            "spectrum screen",
            json(&b.g.spectrum_screen(round).unwrap()),
        ),
        (
            "collaborative results pack",
            b.g.share_preview(round, true, "2026-03-02")
                .unwrap()
                .to_file_text(),
        ),
        ("heatmap", b.g.chart_svg(round, "heatmap", None).unwrap()),
        ("bars", b.g.chart_svg(round, "bars", None).unwrap()),
        ("radar", b.g.chart_svg(round, "radar", None).unwrap()),
        (
            "spectrum chart",
            b.g.chart_svg(round, "spectrum", None).unwrap(),
        ),
        (
            "csv",
            String::from_utf8(
                b.g.export(round, ExportFormat::Csv, None, "2026-03-02")
                    .unwrap(),
            )
            .unwrap(),
        ),
        (
            "json",
            String::from_utf8(
                b.g.export(round, ExportFormat::Json, None, "2026-03-02")
                    .unwrap(),
            )
            .unwrap(),
        ),
        (
            "xlsx",
            xlsx_text(
                &b.g.export(round, ExportFormat::Xlsx, None, "2026-03-02")
                    .unwrap(),
                dir.path(),
            ),
        ),
        (
            "pdf",
            pdftotext(
                &b.g.export(round, ExportFormat::Pdf, None, "2026-03-02")
                    .unwrap(),
                dir.path(),
            ),
        ),
    ];
    // The groups this board may be broken down into: the chair counts with the non-executives
    // (six), the other with the two executives (three). No smaller group is ever named.
    let small_groups = [
        "Chair (",
        "Others (",
        "Executives (",
        "\"Chair\"",
        "\"Executives\"",
        "\"Others\"",
        "Executives mean",
        "Chair mean",
        "Others mean",
        "Executive mean",
        "non-executive\"",
        "\"chair\"",
        "\"other\"",
        "\"executive\"",
    ];
    for (what, text) in &outputs {
        for (name, _) in NAMES {
            assert!(!text.contains(name), "{what} must not name {name}");
        }
        for key in ["respondent_id", "\"respondent\"", "\"member\"", "\"role\""] {
            assert!(!text.contains(key), "{what} must not carry {key}");
        }
        for small in small_groups {
            assert!(
                !text.contains(small),
                "{what} must not show the group {small:?}"
            );
        }
    }
    let has = |what: &str, needle: &str| {
        let text = &outputs.iter().find(|(w, _)| *w == what).unwrap().1;
        assert!(
            text.contains(needle),
            "{what} shows {needle:?} (so the checks above test something)"
        );
    };
    let pack = &outputs
        .iter()
        .find(|(w, _)| *w == "collaborative results pack")
        .unwrap()
        .1;
    for absent in ["comment ", "\"values\"", "\"M1\"", "\"members\""] {
        assert!(
            !pack.contains(absent),
            "a results pack holds no comment, answer or member code ({absent})"
        );
    }
    has("reveal view", "Chair and non-executives");
    has("pdf", "Executives and others");
    has("pdf", "comment z on training");

    // Votes leave as sorted values, comments in an order unrelated to who wrote them.
    let reveal = b.g.reveal_view(round).unwrap();
    let training = reveal
        .items
        .iter()
        .find(|i| i.item.id == "training")
        .unwrap();
    let mut sorted = training.values.clone();
    sorted.sort();
    assert_eq!(training.values, sorted, "values lowest first");
    let joined: Vec<i64> = (0..9).map(|i| 4 - (i % 5)).collect();
    assert_ne!(training.values, joined, "not in the order members joined");
    let texts: Vec<&str> = training.comments.iter().map(|c| c.text.as_str()).collect();
    let mut alphabetical = texts.clone();
    alphabetical.sort();
    assert_eq!(
        texts, alphabetical,
        "comments in alphabetical order, not join order"
    );
    assert_ne!(
        texts[0], "comment z on training",
        "the first to join is not listed first"
    );

    // Nothing carries one member's answers across items: no member rows, codes or columns.
    for (what, text) in &outputs {
        for linked in ["\"members\":[", ">M1<", "\"code\""] {
            assert!(
                !text.contains(linked),
                "{what} must not carry member rows ({linked})"
            );
        }
    }
    has("heatmap", "answered");
}

#[test]
fn an_organisation_may_raise_the_minimum_group_but_not_set_it_below_three() {
    let (mut b, _) = anonymity_board();
    assert_eq!(code(b.g.set_min_group(b.org, 1)), "invalid_input");
    assert_eq!(
        code(b.g.set_min_group(b.org, 2)),
        "invalid_input",
        "in a pair each member learns the other's answer"
    );
    let before = b.g.reveal_view(b.round()).unwrap();
    assert!(
        before.items[0].item.split.groups().len() == 2,
        "two groups at the default of 3"
    );
    b.g.set_min_group(b.org, 4).unwrap();
    let after = b.g.reveal_view(b.round()).unwrap();
    assert_eq!(after.min_group, 4);
    assert!(
        after.items.iter().all(|i| i.item.split.groups().is_empty()),
        "the executives' side has three members, fewer than four: no split anywhere"
    );
    assert!(after
        .items
        .iter()
        .flat_map(|i| &i.comments)
        .all(|c| c.group.is_none()));
}

mod differential;

/// Serialising any API view to JSON text, for the table above.
mod erased {
    pub trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).expect("views serialise")
        }
    }
}
