//! The provider collaborative (issue 15): three partner boards, each in its own database, share a
//! results pack; the programme director imports them into a fourth database and sees the
//! partners side by side, the perception gaps and the spectrum positions, on screen (the view),
//! in JSON (the CLI) and in the PDF report. Bad packs are refused and change nothing.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use govmat::{
    ActionStatus, Answer, Decision, Govmat, NewAction, NewRound, PackFile, Position, Role,
};

/// A name that would break markup, quoting or a shell if anything treated it as code.
const HOSTILE: &str = "<script>alert('Weald')</script> & \"Co\"; DROP TABLE round;--";
const MEMBERS: [&str; 3] = ["Ann Hidden", "Bob Secret", "Cat Private"];

struct Partner {
    g: Govmat,
    round: i64,
}

/// A partner board: three members score "training" 1, 2, 3 (spread shown: three scores meet the
/// minimum group) and two of them "scope" (no spread: fewer than three), every answer with a
/// comment naming its author; the board agrees `training` and `scope` and its spectrum place.
fn partner(
    dir: &Path,
    org: &str,
    round: &str,
    date: &str,
    agreed: (i64, i64),
    formality: (i64, i64),
) -> Partner {
    let mut g = Govmat::open(&dir.join(format!("{}.db", slug(org))), None).expect("opens");
    let org_id = match g.organisation_named(org) {
        Ok(o) => o.id,
        Err(_) => g.create_organisation(org).expect("an organisation").id,
    };
    let round = g
        .create_round(&NewRound {
            organisation_id: org_id,
            name: round.into(),
            date: date.into(),
            questionnaire: "collaboration-checklist".into(),
            carry_actions: false,
        })
        .expect("a round")
        .id;
    for (i, name) in MEMBERS.iter().enumerate() {
        let m = g
            .add_member(round, name, Role::NonExecutive)
            .expect("a member");
        let comment = format!("private remark by {name}");
        g.record_answer(round, m, "training", Answer::Level(1 + i as i64), &comment)
            .expect("an answer");
        if i < 2 {
            g.record_answer(round, m, "scope", Answer::Level(2), &comment)
                .expect("an answer");
        }
    }
    for (item, level, target) in [("training", agreed.0, 3), ("scope", agreed.1, 4)] {
        g.save_decision(
            round,
            item,
            &Decision {
                agreed: Some(level),
                target: Some(target),
                rationale: format!("rationale written by {}", MEMBERS[0]),
                dissent: format!("dissent of {}", MEMBERS[1]),
            },
            1767225600,
        )
        .expect("a decision");
    }
    g.save_position(
        round,
        None,
        "formality",
        Position {
            now: Some(formality.0),
            aspiration: Some(formality.1),
        },
    )
    .expect("the agreed position");
    for (text, status) in [
        ("Train the board together", ActionStatus::Open),
        ("Old finished work", ActionStatus::Done),
    ] {
        g.add_action(
            round,
            &NewAction {
                item_id: None,
                text: text.into(),
                owner: "Owner Dee Named".into(),
                due: None,
                status,
                carried_from: None,
            },
        )
        .expect("an action");
    }
    Partner { g, round }
}

/// A file name for a board: its letters and digits.
fn slug(org: &str) -> String {
    org.chars()
        .filter(char::is_ascii_alphanumeric)
        .take(16)
        .collect()
}

/// The three boards, each writing its pack into `dir`; returns the pack files.
fn three_packs(dir: &Path) -> Vec<PathBuf> {
    let boards = [
        ("Avon Trust", (1, 2), (2, 4)),
        (HOSTILE, (4, 3), (3, 5)),
        ("Moor Trust", (2, 2), (1, 2)),
    ];
    boards
        .iter()
        .map(|(org, agreed, formality)| {
            let p = partner(dir, org, "Spring 2026", "2026-03-01", *agreed, *formality);
            let out = dir.join(format!("{}.govmat-pack", slug(org)));
            let preview = p.g.share_preview(p.round, true, "2026-03-02").unwrap();
            let written =
                p.g.write_share_pack(p.round, true, "2026-03-02", &out)
                    .unwrap();
            assert_eq!(preview, written, "the board sees exactly what is written");
            assert_eq!(
                std::fs::read_to_string(&out).unwrap(),
                preview.to_file_text(),
                "the file is the preview, byte for byte"
            );
            out
        })
        .collect()
}

fn files(paths: &[PathBuf]) -> Vec<PackFile> {
    paths.iter().map(|p| PackFile::read(p).unwrap()).collect()
}

fn director(dir: &Path) -> Govmat {
    Govmat::open(&dir.join("director.db"), None).unwrap()
}

#[test]
fn a_pack_holds_no_name_code_answer_or_comment() {
    let dir = tempfile::tempdir().unwrap();
    for path in three_packs(dir.path()) {
        let text = std::fs::read_to_string(&path).unwrap();
        for name in MEMBERS {
            assert!(!text.contains(name), "no member name ({name}) in a pack");
        }
        for leak in [
            "private remark",
            "rationale",
            "dissent",
            "Owner Dee",
            "Old finished work",
            "\"values\"",
            "\"comments\"",
            "\"members\"",
            "\"code\"",
            "M1",
        ] {
            assert!(!text.contains(leak), "a pack must not carry {leak:?}");
        }
        assert!(
            text.contains("Train the board together"),
            "the ticked open action title is shared"
        );
    }
}

#[test]
fn the_director_sees_three_partners_side_by_side_with_gaps_and_aspirations() {
    let dir = tempfile::tempdir().unwrap();
    let packs = three_packs(dir.path());
    let mut d = director(dir.path());
    let out = d.import_packs("Coast", &files(&packs), false).unwrap();
    assert_eq!(out.added.len(), 3);
    let v = d.collaborative_view("Coast").unwrap();

    let names: Vec<&str> = v.partners.iter().map(|p| p.organisation.as_str()).collect();
    assert_eq!(
        names,
        [HOSTILE, "Avon Trust", "Moor Trust"],
        "alphabetical (\"<\" sorts first), the hostile name kept exactly"
    );
    let item = |id: &str| {
        v.areas
            .iter()
            .flat_map(|a| &a.items)
            .find(|i| i.id == id)
            .unwrap()
    };
    let cells = |id: &str| -> Vec<(Option<i64>, Option<i64>)> {
        item(id)
            .partners
            .iter()
            .map(|c| {
                let c = c.as_ref().unwrap();
                (c.agreed, c.target)
            })
            .collect()
    };
    assert_eq!(
        cells("training"),
        [(Some(4), Some(3)), (Some(1), Some(3)), (Some(2), Some(3))]
    );
    assert_eq!(
        cells("scope"),
        [(Some(3), Some(4)), (Some(2), Some(4)), (Some(2), Some(4))]
    );
    // Training was scored 1, 2, 3 by three members: mean 2, median 2, sd 1.
    let spread = item("training").partners[0]
        .as_ref()
        .unwrap()
        .spread
        .clone()
        .expect("three scores meet the minimum group");
    assert_eq!(
        (
            spread.n,
            spread.mean,
            spread.median,
            spread.min,
            spread.max,
            spread.sd
        ),
        (3, Some(2.0), Some(2.0), Some(1), Some(3), Some(1.0))
    );
    assert!(
        item("scope").partners[0].as_ref().unwrap().spread.is_none(),
        "two scores are fewer than the minimum group: no spread leaves"
    );

    // training: 4, 1, 2 → 3 apart; scope: 3, 2, 2 → 1 apart, not a gap.
    let gaps: Vec<(&str, i64)> = v
        .gaps
        .iter()
        .map(|g| (g.item_id.as_str(), g.difference))
        .collect();
    assert_eq!(gaps, [("training", 3)]);
    assert_eq!(v.gaps[0].lowest, ["Avon Trust"]);
    assert_eq!(v.gaps[0].highest, [HOSTILE]);

    let s = v.spectrum.as_ref().expect("every partner placed itself");
    let formality = s.dimensions.iter().find(|d| d.id == "formality").unwrap();
    assert_eq!(formality.now, [Some(3), Some(2), Some(1)]);
    assert_eq!(formality.aspiration, [Some(5), Some(4), Some(2)]);
    assert_eq!(formality.aspiration_range, Some(3));
    let distances: Vec<f64> = s.distances.iter().map(|d| d.distance).collect();
    assert_eq!(
        distances,
        [1.0, 3.0, 2.0],
        "pairs in partner order (H–A, H–M, A–M), one dimension placed"
    );
}

#[test]
fn tampered_newer_foreign_and_duplicate_packs_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let packs = three_packs(dir.path());
    let mut d = director(dir.path());
    d.import_packs("Coast", &files(&packs[..1]), false).unwrap();

    let text = std::fs::read_to_string(&packs[1]).unwrap();
    let tampered = text.replacen("\"agreed\": 4", "\"agreed\": 1", 1);
    assert_ne!(tampered, text, "one number was changed");
    let newer = text.replacen("\"schema\": 1", "\"schema\": 2", 1);
    let bad = vec![
        PackFile {
            name: "tampered.govmat-pack".into(),
            bytes: tampered.into_bytes(),
        },
        PackFile {
            name: "newer.govmat-pack".into(),
            bytes: newer.into_bytes(),
        },
        PackFile {
            name: "foreign.json".into(),
            bytes: b"{\"hello\": 1}".to_vec(),
        },
        PackFile::read(&packs[2]).unwrap(),
    ];
    let e = d.import_packs("Coast", &bad, false).unwrap_err();
    let msg = e.to_string();
    for (file, why) in [
        ("tampered.govmat-pack", "changed since it was written"),
        ("newer.govmat-pack", "newer govmat (pack schema 2"),
        ("foreign.json", "not a govmat pack"),
    ] {
        assert!(
            msg.contains(&format!("{file}: ")) && msg.contains(why),
            "{file} is named with why ({why}): {msg}"
        );
    }
    assert_eq!(e.code(), "invalid_input");
    assert_eq!(
        d.collaborative_view("Coast").unwrap().partners.len(),
        1,
        "all or nothing: the good pack in the batch was not added either"
    );

    let dup = d
        .import_packs("Coast", &files(&packs[..1]), false)
        .unwrap_err();
    assert_eq!(dup.code(), "conflict");
    assert!(dup.to_string().contains("already holds this very pack"));
    let twice = d
        .import_packs(
            "Coast",
            &files(&[packs[1].clone(), packs[1].clone()]),
            false,
        )
        .unwrap_err();
    assert!(
        twice.to_string().contains("given twice"),
        "{twice}: the same pack twice in one import"
    );
    assert_eq!(d.collaborative_view("Coast").unwrap().partners.len(), 1);
}

#[test]
fn a_newer_pack_replaces_the_older_only_when_confirmed_and_own_rounds_add_a_trend() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = partner(
        dir.path(),
        "Avon Trust",
        "Spring 2026",
        "2026-03-01",
        (1, 2),
        (2, 4),
    );
    let first = dir.path().join("first.govmat-pack");
    p.g.write_share_pack(p.round, false, "2026-03-02", &first)
        .unwrap();
    p.g.save_decision(
        p.round,
        "training",
        &Decision {
            agreed: Some(3),
            target: Some(4),
            ..Default::default()
        },
        1767225600,
    )
    .unwrap();
    let second = dir.path().join("second.govmat-pack");
    p.g.write_share_pack(p.round, false, "2026-03-09", &second)
        .unwrap();

    // The partner's own database is also the collaborative's here: its rounds go in directly.
    p.g.import_packs("Coast", &files(&[first]), false).unwrap();
    let e =
        p.g.import_packs("Coast", &files(std::slice::from_ref(&second)), false)
            .unwrap_err();
    assert!(
        e.to_string().contains("confirm to replace"),
        "a newer pack for the same round asks first: {e}"
    );
    let out = p.g.import_packs("Coast", &files(&[second]), true).unwrap();
    assert_eq!(out.replaced, ["Avon Trust: Spring 2026"]);
    let v = p.g.collaborative_view("Coast").unwrap();
    let training = v.areas[0]
        .items
        .iter()
        .chain(v.areas.iter().flat_map(|a| &a.items));
    let agreed = training
        .filter(|i| i.id == "training")
        .find_map(|i| i.partners[0].as_ref())
        .unwrap()
        .agreed;
    assert_eq!(agreed, Some(3), "the newer pack's score is shown");

    let org = p.g.organisation_named("Avon Trust").unwrap().id;
    let autumn =
        p.g.create_round(&NewRound {
            organisation_id: org,
            name: "Autumn 2026".into(),
            date: "2026-10-01".into(),
            questionnaire: "collaboration-checklist".into(),
            carry_actions: false,
        })
        .unwrap()
        .id;
    p.g.add_own_round("Coast", autumn, false, "2026-10-02", false)
        .unwrap();
    let v = p.g.collaborative_view("Coast").unwrap();
    assert_eq!(
        v.partners[0].round, "Autumn 2026",
        "the latest round is shown"
    );
    let rounds: Vec<&str> = v.trends[0]
        .points
        .iter()
        .map(|p| p.round.as_str())
        .collect();
    assert_eq!(
        rounds,
        ["Spring 2026", "Autumn 2026"],
        "the trend, oldest first"
    );
    assert_eq!(p.g.collaboratives().unwrap()[0].packs, 2);
}

#[test]
fn while_a_round_collects_nothing_collaborative_is_served() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = partner(
        dir.path(),
        "Avon Trust",
        "Spring 2026",
        "2026-03-01",
        (1, 2),
        (2, 4),
    );
    p.g.add_own_round("Coast", p.round, false, "2026-03-02", false)
        .unwrap();
    p.g.start_collection(p.round, "602913", 0).unwrap();
    let code = |r: govmat::Result<()>| r.err().map(|e| e.code());
    assert_eq!(
        code(p.g.collaborative_view("Coast").map(|_| ())),
        Some("locked")
    );
    assert_eq!(code(p.g.collaboratives().map(|_| ())), Some("locked"));
    assert_eq!(
        code(p.g.share_preview(p.round, false, "x").map(|_| ())),
        Some("locked")
    );
    assert_eq!(
        code(p.g.import_packs("Coast", &[], false).map(|_| ())),
        Some("locked")
    );
}

fn pdftotext(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn cli(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_govmat"));
    std::fs::create_dir_all(dir.join("questionnaires")).unwrap();
    c.current_dir(dir)
        .env("GOVMAT_DB", dir.join("director.db"))
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("xdg"))
        .arg("--questionnaires")
        .arg(dir.join("questionnaires"));
    c
}

#[test]
fn the_cli_shares_imports_views_and_reports_the_collaborative() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let packs = three_packs(d);
    let partner_db = d.join(format!("{}.db", slug("Avon Trust")));
    let shared = d.join("avon-cli.govmat-pack");
    let out = cli(d)
        .env("GOVMAT_DB", &partner_db)
        .args([
            "share",
            "--org",
            "Avon Trust",
            "--round",
            "Spring 2026",
            "--out",
        ])
        .arg(&shared)
        .assert()
        .success();
    let said = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        said.contains("never names, member codes, individual answers or comments"),
        "{said}"
    );
    assert!(shared.exists());

    cli(d)
        .args(["collaborative", "import", "--name", "Coast"])
        .args(&packs)
        .assert()
        .success();
    let again = cli(d)
        .args(["collaborative", "import", "--name", "Coast"])
        .arg(&packs[0])
        .assert()
        .failure();
    let err = String::from_utf8(again.get_output().stderr.clone()).unwrap();
    assert!(err.contains("already holds this very pack"), "{err}");

    let json = cli(d)
        .args(["collaborative", "view", "--name", "Coast", "--json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    assert_eq!(v["partners"][0]["organisation"], HOSTILE);
    assert_eq!(v["gaps"][0]["item_id"], "training");
    assert_eq!(v["gaps"][0]["difference"], 3);

    let list = cli(d).args(["collaborative", "list"]).assert().success();
    assert!(String::from_utf8(list.get_output().stdout.clone())
        .unwrap()
        .contains("Coast  (3 packs)"));

    let pdf = d.join("coast.pdf");
    cli(d)
        .args(["collaborative", "report", "--name", "Coast", "--out"])
        .arg(&pdf)
        .assert()
        .success();
    let text = pdftotext(&pdf);
    for needle in [
        "Collaborative view",
        "Partners side by side",
        "Perception gaps",
        "Where each partner is and wants to be",
        "Avon Trust",
        "<script>alert('Weald')</script>",
        "Train the board together",
    ] {
        assert!(text.contains(needle), "the report shows {needle:?}");
    }
    for name in MEMBERS {
        assert!(!text.contains(name), "the report names no member");
    }
}
