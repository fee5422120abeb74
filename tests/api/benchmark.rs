//! The benchmark library (issue 26), black-box through the CLI: boards share packs (through the
//! API's `share`), a consultant adds them to the library of a database holding their own client's
//! board, and `benchmark view` places that board among its peers. The expected quartiles and
//! percentiles are worked out by hand below; no peer is ever named in a view.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use govmat::{Answer, Govmat, NewRound, Role};
use serde_json::Value;

const CHECKLIST: &str = "collaboration-checklist";
/// The peers' names: none of them may appear in a view.
const PEERS: [&str; 6] = [
    "Alder Peer Trust",
    "Birch Peer Trust",
    "Cedar Peer Trust",
    "Damson Peer Trust",
    "Elm Peer Trust",
    "Fir Peer Trust",
];
/// Each peer's three members all score "training" this level (so the area Skills' mean is it)...
const TRAINING: [i64; 6] = [0, 1, 1, 2, 3, 4];
/// ...and "scope" 2 (so the area Purpose's mean is 2 for every peer: a tie all round).
const SCOPE: i64 = 2;
const OWN: &str = "Client Board";

/// Makes a board in `db` whose three members score `training` and `scope` (nothing else), and
/// writes its pack to `dir`; returns the pack's path.
#[allow(clippy::too_many_arguments)]
fn board_pack(
    g: &mut Govmat,
    dir: &Path,
    org: &str,
    round: &str,
    date: &str,
    questionnaire: &str,
    levels: (i64, i64),
) -> PathBuf {
    let org_id = match g.organisation_named(org) {
        Ok(o) => o.id,
        Err(_) => g.create_organisation(org).unwrap().id,
    };
    let round_id = g
        .create_round(&NewRound {
            organisation_id: org_id,
            name: round.into(),
            date: date.into(),
            questionnaire: questionnaire.into(),
            carry_actions: false,
        })
        .unwrap()
        .id;
    let items: Vec<String> = g
        .round_view(round_id)
        .unwrap()
        .instrument
        .areas
        .iter()
        .flat_map(|a| a.items.iter().map(|i| i.id.clone()))
        .collect();
    let (first, second) = if questionnaire == CHECKLIST {
        ("training".to_string(), "scope".to_string())
    } else {
        (items[0].clone(), items[1].clone())
    };
    for m in ["Member One", "Member Two", "Member Three"] {
        let id = g.add_member(round_id, m, Role::NonExecutive).unwrap();
        g.record_answer(round_id, id, &first, Answer::Level(levels.0), "")
            .unwrap();
        g.record_answer(round_id, id, &second, Answer::Level(levels.1), "")
            .unwrap();
    }
    let out = dir.join(format!(
        "{}-{}.govmat-pack",
        org.split_whitespace().next().unwrap(),
        date
    ));
    g.write_share_pack(round_id, false, "2026-04-01", &out)
        .unwrap();
    out
}

struct Setup {
    dir: tempfile::TempDir,
    /// The six peers' packs, in the order of `PEERS`.
    peers: Vec<PathBuf>,
}

/// Six peers in a database of their own, and the consultant's database with the client's board
/// (training 1, scope 2) in it.
fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let mut boards = Govmat::open(&dir.path().join("boards.db"), None).unwrap();
    let peers = PEERS
        .iter()
        .zip(TRAINING)
        .map(|(org, t)| {
            board_pack(
                &mut boards,
                dir.path(),
                org,
                "Spring 2026",
                "2026-03-01",
                CHECKLIST,
                (t, SCOPE),
            )
        })
        .collect();
    let mut consultant = Govmat::open(&dir.path().join("consultant.db"), None).unwrap();
    board_pack(
        &mut consultant,
        dir.path(),
        OWN,
        "Away day",
        "2026-05-01",
        CHECKLIST,
        (1, 2),
    );
    Setup { dir, peers }
}

fn cli(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_govmat"));
    std::fs::create_dir_all(dir.join("questionnaires")).unwrap();
    c.current_dir(dir)
        .env("GOVMAT_DB", dir.join("consultant.db"))
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("xdg"))
        .arg("--questionnaires")
        .arg(dir.join("questionnaires"));
    c
}

fn add(dir: &Path, packs: &[&PathBuf], replace: bool) -> assert_cmd::assert::Assert {
    let mut c = cli(dir);
    c.args(["benchmark", "add"]).args(packs);
    if replace {
        c.arg("--replace");
    }
    c.assert()
}

fn view_json(dir: &Path) -> Value {
    let out = cli(dir)
        .args([
            "benchmark",
            "view",
            "--org",
            OWN,
            "--round",
            "Away day",
            "--json",
        ])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

fn list_json(dir: &Path) -> Vec<Value> {
    let out = cli(dir)
        .args(["benchmark", "list", "--json"])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

fn close(v: &Value, expected: f64, why: &str) {
    let got = v
        .as_f64()
        .unwrap_or_else(|| panic!("{why}: {v} is not a number"));
    assert!(
        (got - expected).abs() < 1e-9,
        "{why}: {got} is not {expected}"
    );
}

/// Checks a placing's board, lowest, quartiles, highest and percentile.
fn check(p: &Value, board: f64, five: [f64; 5], pct: f64, what: &str) {
    close(&p["board"], board, &format!("{what}: the board's figure"));
    for (k, e) in ["min", "q1", "median", "q3", "max"].iter().zip(five) {
        close(&p[k], e, &format!("{what}: {k}"));
    }
    close(&p["percentile"], pct, &format!("{what}: percentile"));
    assert_eq!(p["boards"], 6, "{what}: six other boards");
}

fn area<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap()
}

fn assert_hand_derived(v: &Value) {
    assert_eq!(v["boards"], 6);
    assert_eq!(v["needed"], 0);
    assert_eq!(v["questionnaire"]["id"], CHECKLIST);
    // Skills (training only): peers 0, 1, 1, 2, 3, 4. QUARTILE.INC ranks 1.25, 2.5, 3.75 →
    // 1 + 0.25 × 0 = 1; 1 + 0.5 × (2 − 1) = 1.5; 2 + 0.75 × (3 − 2) = 2.75. The board's 1: one
    // peer below, two equal → 100 × (1 + 1) ÷ 6 = 33.3.
    check(
        area(v, "skills"),
        1.0,
        [0.0, 1.0, 1.5, 2.75, 4.0],
        100.0 / 3.0,
        "skills",
    );
    // Purpose (scope only): every peer 2, as the board: all tied → every quartile 2, percentile 50.
    check(area(v, "purpose"), 2.0, [2.0; 5], 50.0, "purpose");
    // Overall, the mean of the two shown areas: peers 1, 1.5, 1.5, 2, 2.5, 3; board 1.5.
    // Ranks 1.25, 2.5, 3.75 → 1.5; 1.5 + 0.5 × 0.5 = 1.75; 2 + 0.75 × 0.5 = 2.375. One below,
    // two equal → 33.3.
    check(
        &v["overall"],
        1.5,
        [1.0, 1.5, 1.75, 2.375, 3.0],
        100.0 / 3.0,
        "overall",
    );
    // Areas no peer shows have no figure.
    let other = area(v, "risks");
    assert_eq!(other["boards"], 0);
    assert!(other.get("median").is_none(), "no figure on no peers");
    let items: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        items,
        ["training", "scope"],
        "only items six peers show are placed"
    );
}

#[test]
fn a_board_is_placed_among_six_peers_with_hand_derived_quartiles_and_percentiles() {
    let s = setup();
    let d = s.dir.path();
    let packs: Vec<&PathBuf> = s.peers.iter().collect();
    add(d, &packs, false)
        .success()
        .stdout(predicates::str::contains(
            "added Alder Peer Trust: Spring 2026",
        ));
    assert_hand_derived(&view_json(d));
}

#[test]
fn no_peer_is_named_in_the_view_but_the_consultants_list_names_them() {
    let s = setup();
    let d = s.dir.path();
    add(d, &s.peers.iter().collect::<Vec<_>>(), false).success();
    let json = cli(d)
        .args([
            "benchmark",
            "view",
            "--org",
            OWN,
            "--round",
            "Away day",
            "--json",
        ])
        .output()
        .unwrap();
    let text = cli(d)
        .args(["benchmark", "view", "--org", OWN, "--round", "Away day"])
        .output()
        .unwrap();
    for out in [&json.stdout, &text.stdout] {
        let out = String::from_utf8_lossy(out);
        for name in PEERS {
            assert!(
                !out.contains(name),
                "{name} must not appear in a view:\n{out}"
            );
            let first = name.split_whitespace().next().unwrap();
            assert!(!out.contains(first), "nor any part of it ({first})");
        }
        assert!(!out.contains("Peer"), "nothing of a peer's name:\n{out}");
    }
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Compared with 6 other boards"), "{text}");
    let list =
        String::from_utf8(cli(d).args(["benchmark", "list"]).output().unwrap().stdout).unwrap();
    for name in PEERS {
        assert!(
            list.contains(name),
            "the consultant's own list names {name}"
        );
    }
}

#[test]
fn the_newest_pack_of_an_organisation_is_compared_and_an_older_one_kept_aside() {
    let s = setup();
    let d = s.dir.path();
    let mut boards = Govmat::open(&d.join("boards.db"), None).unwrap();
    // Alder's earlier round scored training 4: compared, it would move every skills figure.
    let older = board_pack(
        &mut boards,
        d,
        PEERS[0],
        "Spring 2025",
        "2025-03-01",
        CHECKLIST,
        (4, 0),
    );
    // Added first, the older pack is compared; the newer one then needs --replace.
    add(d, &[&older], false).success();
    let newer: Vec<&PathBuf> = s.peers.iter().collect();
    add(d, &newer, false)
        .failure()
        .stderr(predicates::str::contains(
            "confirm to compare this newer round",
        ));
    assert_eq!(
        list_json(d).len(),
        1,
        "a refused add writes nothing, not even the other five packs"
    );
    add(d, &newer, true)
        .success()
        .stdout(predicates::str::contains(
            "now compared Alder Peer Trust: Spring 2026",
        ));
    assert_hand_derived(&view_json(d));
    let list = list_json(d);
    let alder: Vec<(&str, bool)> = list
        .iter()
        .filter(|e| e["organisation"] == PEERS[0])
        .map(|e| {
            (
                e["round"].as_str().unwrap(),
                e["compared"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        alder,
        [("Spring 2026", true), ("Spring 2025", false)],
        "both kept; only the newest compared"
    );

    // In a fresh library, the older pack added after the newer one is kept aside at once.
    std::fs::remove_file(d.join("consultant.db")).unwrap();
    let mut consultant = Govmat::open(&d.join("consultant.db"), None).unwrap();
    board_pack(
        &mut consultant,
        d,
        OWN,
        "Away day",
        "2026-05-01",
        CHECKLIST,
        (1, 2),
    );
    drop(consultant);
    add(d, &newer, false).success();
    add(d, &[&older], false)
        .success()
        .stdout(predicates::str::contains(
            "kept aside Alder Peer Trust: Spring 2025",
        ));
    assert_hand_derived(&view_json(d));
}

#[test]
fn a_pack_of_another_questionnaire_and_the_boards_own_pack_are_held_but_never_compared() {
    let s = setup();
    let d = s.dir.path();
    let mut boards = Govmat::open(&d.join("boards.db"), None).unwrap();
    let other = board_pack(
        &mut boards,
        d,
        "Gorse Peer Trust",
        "Spring 2026",
        "2026-03-01",
        "system-working-principles",
        (1, 1),
    );
    // The client's own board, shared from elsewhere under its own name, in other case.
    let own = board_pack(
        &mut boards,
        d,
        &OWN.to_uppercase(),
        "Spring 2026",
        "2026-03-01",
        CHECKLIST,
        (4, 4),
    );
    let mut packs: Vec<&PathBuf> = s.peers.iter().collect();
    packs.push(&other);
    packs.push(&own);
    add(d, &packs, false).success();
    assert_eq!(list_json(d).len(), 8, "every pack is held");
    assert_hand_derived(&view_json(d));
}

#[test]
fn fewer_than_five_other_boards_show_no_figure_and_the_minimum_is_raised_never_lowered() {
    let s = setup();
    let d = s.dir.path();
    add(d, &s.peers[..4].iter().collect::<Vec<_>>(), false).success();
    let v = view_json(d);
    assert_eq!(
        (v["boards"].as_u64(), v["needed"].as_u64()),
        (Some(4), Some(1))
    );
    assert!(v["overall"].is_null(), "no figure on four boards: {v}");
    assert_eq!(v["areas"], Value::Array(vec![]));
    let text = cli(d)
        .args(["benchmark", "view", "--org", OWN, "--round", "Away day"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("too few to compare: 1 more needed; no figure is shown"),
        "{text}"
    );

    add(d, &s.peers[4..].iter().collect::<Vec<_>>(), false).success();
    assert_hand_derived(&view_json(d));
    cli(d)
        .args(["benchmark", "minimum", "--org", OWN, "--boards", "4"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("at least 5 other boards"));
    cli(d)
        .args(["benchmark", "minimum", "--org", OWN, "--boards", "7"])
        .assert()
        .success()
        .stdout(predicates::str::contains("need at least 7 other boards"));
    let v = view_json(d);
    assert_eq!(
        (v["boards"].as_u64(), v["needed"].as_u64()),
        (Some(6), Some(1))
    );
    assert!(v["overall"].is_null(), "the raised minimum holds six back");
}

#[test]
fn a_tampered_pack_is_refused_and_nothing_is_written() {
    let s = setup();
    let d = s.dir.path();
    let text = std::fs::read_to_string(&s.peers[2]).unwrap();
    let tampered = d.join("tampered.govmat-pack");
    let changed = text.replacen("\"mean\": 2.0", "\"mean\": 4.0", 1);
    assert_ne!(changed, text, "the test changes a number");
    std::fs::write(&tampered, changed).unwrap();
    add(d, &[&s.peers[0], &tampered, &s.peers[1]], false)
        .failure()
        .stderr(predicates::str::contains("tampered.govmat-pack"))
        .stderr(predicates::str::contains(
            "has been changed since it was written",
        ));
    assert!(list_json(d).is_empty(), "all or nothing: nothing was added");
    // The same pack twice is refused too.
    add(d, &[&s.peers[0], &s.peers[0]], false)
        .failure()
        .stderr(predicates::str::contains("given twice"));
    add(d, &[&s.peers[0]], false).success();
    add(d, &[&s.peers[0]], false)
        .failure()
        .stderr(predicates::str::contains("already holds this very pack"));
    assert_eq!(list_json(d).len(), 1);
}

#[test]
fn removing_an_organisation_takes_out_every_pack_of_it_after_a_snapshot() {
    let s = setup();
    let d = s.dir.path();
    add(d, &s.peers.iter().collect::<Vec<_>>(), false).success();
    cli(d)
        .args(["benchmark", "remove", "--org", "Alder Peer Trus"])
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "did you mean \"Alder Peer Trust\"",
        ));
    cli(d)
        .args(["benchmark", "remove", "--org", PEERS[0]])
        .assert()
        .success()
        .stdout(predicates::str::contains("removed 1 pack"));
    let v = view_json(d);
    assert_eq!(v["boards"], 5, "five left: still enough");
    // Skills over 1, 1, 2, 3, 4: ranks 1, 2, 3 → 1, 2, 3; the board's 1: two equal → 100 × 1 ÷ 5.
    let skills = area(&v, "skills");
    close(&skills["median"], 2.0, "skills median of five");
    close(&skills["percentile"], 20.0, "skills percentile of five");
    let snapshots = std::fs::read_dir(d.join("consultant.db.snapshots"))
        .map(|r| r.count())
        .unwrap_or(0);
    assert!(snapshots >= 1, "a snapshot before the delete");
}

/// Every text part of a zip file (DOCX or XLSX), tags and all: a name anywhere in it shows.
fn zip_text(path: &Path) -> String {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nfor n in z.namelist():\n    if n.endswith('.xml') or n.endswith('.rels'):\n        sys.stdout.write(z.read(n).decode())",
        ])
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
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

#[test]
fn the_reports_show_how_the_board_compares_and_name_no_peer() {
    let s = setup();
    let d = s.dir.path();
    add(d, &s.peers.iter().collect::<Vec<_>>(), false).success();
    let round = ["--org", OWN, "--round", "Away day"];
    let out = |name: &str| d.join(name);
    cli(d)
        .arg("report")
        .args(round)
        .arg("--out")
        .arg(out("report.pdf"))
        .assert()
        .success();
    cli(d)
        .arg("report")
        .args(round)
        .args(["--format", "docx", "--out"])
        .arg(out("report.docx"))
        .assert()
        .success();
    cli(d)
        .arg("report")
        .args(round)
        .args(["--summary", "--out"])
        .arg(out("summary.pdf"))
        .assert()
        .success();
    cli(d)
        .arg("export")
        .args(round)
        .args(["--format", "xlsx", "--out"])
        .arg(out("export.xlsx"))
        .assert()
        .success();
    let pdf = pdftotext(&out("report.pdf"));
    let summary = pdftotext(&out("summary.pdf"));
    let docx = zip_text(&out("report.docx"));
    let xlsx = zip_text(&out("export.xlsx"));
    assert!(
        pdf.contains("How this board compares"),
        "the section is there"
    );
    assert!(pdf.contains("Compared with 6 other boards"), "{pdf}");
    assert!(
        summary.contains("1st quartile of 6 other boards"),
        "the summary's line: the board's 1.5 is at Q1 (1.5)\n{summary}"
    );
    assert!(docx.contains("How this board compares"));
    assert!(xlsx.contains("Benchmarks"), "the XLSX has the sheet");
    for (what, text) in [
        ("PDF", &pdf),
        ("summary", &summary),
        ("DOCX", &docx),
        ("XLSX", &xlsx),
    ] {
        for name in PEERS {
            let first = name.split_whitespace().next().unwrap();
            assert!(!text.contains(first), "{what} names {name}");
        }
        assert!(!text.contains("Peer"), "{what} has part of a peer's name");
    }
    if let Some(keep) = std::env::var_os("GOVMAT_KEEP_BENCHMARK_REPORT") {
        for f in ["report.pdf", "report.docx", "summary.pdf", "export.xlsx"] {
            std::fs::copy(out(f), Path::new(&keep).join(f)).unwrap();
        }
    }
}

#[test]
fn with_too_few_boards_the_report_says_so_in_one_sentence() {
    let s = setup();
    let d = s.dir.path();
    add(d, &s.peers[..2].iter().collect::<Vec<_>>(), false).success();
    cli(d)
        .args(["report", "--org", OWN, "--round", "Away day", "--out"])
        .arg(d.join("report.pdf"))
        .assert()
        .success();
    let pdf = pdftotext(&d.join("report.pdf"));
    let flat = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("This board is not compared with others: a comparison needs the results of at least 5 other boards on this questionnaire, and the benchmark library holds 2 (3 more needed)."),
        "{flat}"
    );
    assert!(!flat.contains("Pctile"), "no table on too few boards");
}

/// The session keeps the packs it has checked (issue 26's benchmark: a view over 500 packs in
/// 50 ms); that must never change an answer. After packs are added, a newer round is compared in
/// place of an older one and an organisation is removed, a view from the same session equals one
/// from the database opened afresh, which reads and checks every pack.
#[test]
fn a_view_later_in_the_session_equals_a_fresh_one_after_every_change() {
    let s = setup();
    let db = s.dir.path().join("consultant.db");
    let mut g = Govmat::open(&db, None).unwrap();
    let round = g.organisation_named(OWN).unwrap().id;
    let round = g
        .organisations()
        .unwrap()
        .into_iter()
        .find(|o| o.organisation.id == round)
        .unwrap()
        .rounds[0]
        .id;
    let files = |paths: &[PathBuf]| -> Vec<govmat::PackFile> {
        paths
            .iter()
            .map(|p| govmat::PackFile::read(p).unwrap())
            .collect()
    };
    let same = |g: &Govmat, when: &str| {
        let later = g.benchmark_view(round).unwrap();
        let fresh = Govmat::open(&db, None)
            .unwrap()
            .benchmark_view(round)
            .unwrap();
        assert_eq!(later, fresh, "{when}: the session's view is a fresh one");
        later
    };
    g.benchmark_add(&files(&s.peers[..5]), false).unwrap();
    let five = same(&g, "five peers");
    assert_eq!(five.boards, 5);
    g.benchmark_add(&files(&s.peers[5..]), false).unwrap();
    let six = same(&g, "a sixth peer added");
    assert_eq!(six.boards, 6);

    let mut boards = Govmat::open(&s.dir.path().join("boards.db"), None).unwrap();
    let newer = board_pack(
        &mut boards,
        s.dir.path(),
        PEERS[0],
        "Autumn 2026",
        "2026-09-01",
        CHECKLIST,
        (4, SCOPE),
    );
    g.benchmark_add(&files(&[newer]), true).unwrap();
    let replaced = same(&g, "a newer round compared in place of an older");
    assert_ne!(
        replaced, six,
        "the newer round (training 4, not 0) moves the figures"
    );

    g.benchmark_remove(PEERS[1]).unwrap();
    let removed = same(&g, "an organisation removed");
    assert_eq!(removed.boards, 5);
}
