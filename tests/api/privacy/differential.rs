//! The anonymity rule, proved differentially (issue 23 §1): boards that differ only in what must
//! stay hidden give byte-identical outputs, walked through every view, chart and export.
//!
//! One board of nine (the chair, five non-executives, two executives and one other) answers all
//! 27 items by hand. Each variant changes only something the room must not learn:
//! - two non-executives swap their answers on ten items (no output may link a member's answers
//!   across items, so who gave which of two answers to an item cannot show);
//! - on an item only one executive scored, that executive and a non-executive swap scores (the
//!   item's split is withheld, so no group figure, not even the round's split, may move);
//! - the only answer on an item changes (one answer is fewer than three: nothing but the count);
//! - one of the two answers on an item changes (two are still fewer than three);
//! - one of the two members who placed a spectrum dimension moves.

use std::collections::BTreeMap;

use super::*;

/// (name, role) in the order they are added.
const BOARD: &[(&str, Role)] = &[
    ("Ann Chair", Role::Chair),
    ("Bea Other", Role::Other),
    ("Cal Exec", Role::Executive),
    ("Dot Exec", Role::Executive),
    ("Eve Ned", Role::NonExecutive),
    ("Fay Ned", Role::NonExecutive),
    ("Gus Ned", Role::NonExecutive),
    ("Hal Ned", Role::NonExecutive),
    ("Ivy Ned", Role::NonExecutive),
];

/// The item only member 0 scored (everyone else: don't know).
const LONE: usize = 3;
/// The item only members 4 and 6 scored.
const PAIR: usize = 7;
/// The item on which, of the executives' side, only member 2 (an executive) scored.
const ONE_EXEC: usize = 11;

/// Every member's answer to every item: `answers[member][item]`.
type Answers = Vec<Vec<Answer>>;

fn base(items: usize) -> Answers {
    (0..BOARD.len())
        .map(|m| {
            (0..items)
                .map(|k| match k {
                    LONE if m != 0 => Answer::DontKnow,
                    PAIR if m != 4 && m != 6 => Answer::Unanswered,
                    ONE_EXEC if matches!(m, 1 | 3) => Answer::DontKnow,
                    _ => Answer::Level(((m * 7 + k * 3 + m * k) % 5) as i64),
                })
                .collect()
        })
        .collect()
}

/// Builds the board from `answers` and the spectrum placements `(member, dimension, now)`, and
/// returns every output a person in the room could see, by name.
fn outputs(answers: &Answers, spectrum: &[(usize, &str, i64)]) -> Vec<(String, String)> {
    let mut b = board();
    let items: Vec<String> =
        b.g.round_view(b.round())
            .unwrap()
            .instrument
            .items()
            .map(|i| i.id.clone())
            .collect();
    let mut ids = Vec::new();
    for (m, (name, role)) in BOARD.iter().enumerate() {
        let id = b.g.add_member(b.round(), name, *role).unwrap();
        ids.push(id);
        for (k, item) in items.iter().enumerate() {
            // A comment from a few members on a few items, never moved by a variant.
            let comment = if (m + k) % 9 == 0 {
                format!("note on {item}")
            } else {
                String::new()
            };
            b.g.record_answer(b.round(), id, item, answers[m][k], &comment)
                .unwrap();
        }
    }
    for &(m, dimension, now) in spectrum {
        b.g.save_position(
            b.round(),
            Some(ids[m]),
            dimension,
            Position {
                now: Some(now),
                aspiration: Some(3),
            },
        )
        .unwrap();
    }
    b.g.save_decision(
        b.round(),
        &items[0],
        &Decision {
            agreed: Some(2),
            target: Some(4),
            rationale: "agreed after discussion".into(),
            ..Default::default()
        },
        1_767_225_600,
    )
    .unwrap();
    // An agreed score on the item only one member scored: the board's level takes it (a board
    // decision), and no output may move with the lone answer beside it (issue 29 §4).
    b.g.save_decision(
        b.round(),
        &items[LONE],
        &Decision {
            agreed: Some(3),
            ..Default::default()
        },
        1_767_225_600,
    )
    .unwrap();
    let round = b.round();
    let dir = tempfile::tempdir().unwrap();
    let produced = "2026-03-02";
    let export = |f: ExportFormat| b.g.export(round, f, None, produced).unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    let json = |v: &dyn erased::Json| v.json();
    let mut out: Vec<(String, String)> = vec![
        ("summary --json".into(), json(&b.g.summary(round).unwrap())),
        (
            "results view".into(),
            json(&b.g.results_view(round).unwrap()),
        ),
        ("reveal view".into(), json(&b.g.reveal_view(round).unwrap())),
        ("round view".into(), json(&b.g.round_view(round).unwrap())),
        (
            "dashboard view".into(),
            json(&b.g.dashboard_view(round).unwrap()),
        ),
        (
            "spectrum screen".into(),
            json(&b.g.spectrum_screen(round).unwrap()),
        ),
        (
            "benchmark view (no peers: the board's own figures only)".into(),
            json(&b.g.benchmark_view(round).unwrap()),
        ),
        (
            "results pack".into(),
            b.g.share_preview(round, true, produced)
                .unwrap()
                .to_file_text(),
        ),
        ("csv".into(), text(export(ExportFormat::Csv))),
        ("json".into(), text(export(ExportFormat::Json))),
        (
            "xlsx".into(),
            xlsx_text(&export(ExportFormat::Xlsx), dir.path()),
        ),
        (
            "pdf".into(),
            pdftotext(&export(ExportFormat::Pdf), dir.path()),
        ),
        (
            "summary pdf".into(),
            pdftotext(&export(ExportFormat::SummaryPdf), dir.path()),
        ),
        (
            "docx".into(),
            docx_parts(&export(ExportFormat::Docx), dir.path()),
        ),
        (
            "summary docx".into(),
            docx_parts(&export(ExportFormat::SummaryDocx), dir.path()),
        ),
    ];
    for kind in govmat::CHART_KINDS {
        out.push((
            format!("{kind} chart"),
            b.g.chart_svg(round, kind, None).unwrap(),
        ));
    }
    out
}

/// Prints every part of a Word file but its timestamped properties, XML as text and pictures as
/// hex. docx-rs numbers pictures and bookmarks from counters for the whole process, so
/// two files made in one test differ in those numbers alone; they are renumbered in order.
const DOCX_PARTS: &str = r#"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
ids = {}
def renumber(m):
    kind = m.group(1)
    return ids.setdefault(m.group(0), '%s%d' % (kind, sum(k.startswith(kind) for k in ids) + 1))
marks = {}
def bookmark(m):
    return m.group(1) + marks.setdefault(m.group(2), str(len(marks) + 1))
def norm(t):
    t = re.sub(r'(<w:bookmark(?:Start|End) w:id=")(\d+)', bookmark, t)
    return re.sub(r'(rIdImage|_Toc)\d+', renumber, t)
for n in sorted(z.namelist(), key=norm):
    if n == 'docProps/core.xml':
        continue
    d = z.read(n)
    text = d.decode() if n.endswith('.xml') or n.endswith('.rels') else d.hex()
    print(norm(n), norm(text))
"#;

/// Every part of a Word file but its timestamped properties (see [`DOCX_PARTS`]).
fn docx_parts(docx: &[u8], dir: &Path) -> String {
    let path = dir.join("report.docx");
    std::fs::write(&path, docx).unwrap();
    let out = Command::new("python3")
        .args(["-c", DOCX_PARTS])
        .arg(&path)
        .output()
        .expect("python3 reads the Word file");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Asserts that two boards' outputs are identical, naming the first output and line that differ.
fn assert_same(what: &str, a: &[(String, String)], b: &[(String, String)]) {
    for ((name, x), (_, y)) in a.iter().zip(b) {
        if x != y {
            // Where they part, with a little on either side.
            let at = x
                .bytes()
                .zip(y.bytes())
                .position(|(p, q)| p != q)
                .unwrap_or(x.len().min(y.len()));
            let near = |t: &str| {
                let from = t.floor_char_boundary(at.saturating_sub(120));
                let to = t.ceil_char_boundary((at + 120).min(t.len()));
                t[from..to].to_string()
            };
            let line = format!("\n  one board: …{}…\n  the other: …{}…", near(x), near(y));
            panic!("{what}: the {name} differs, so it gives away what must stay hidden{line}");
        }
    }
}

const SPECTRUM: &[(usize, &str, i64)] = &[
    (0, "formality", 2),
    (1, "formality", 3),
    (4, "formality", 4),
    (5, "formality", 2),
    (2, "ceding", 1),
    (6, "ceding", 4),
];

#[test]
fn boards_that_differ_only_in_what_must_stay_hidden_give_identical_outputs() {
    let items = 27;
    let answers = base(items);
    let reference = outputs(&answers, SPECTRUM);

    // The reference is what the variants are compared with; make sure it shows real figures,
    // or identical outputs would prove nothing.
    let named = |n: &str| &reference.iter().find(|(w, _)| w == n).unwrap().1;
    let reveal: serde_json::Value = serde_json::from_str(named("reveal view")).unwrap();
    let shown = reveal["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["item"]["mean"].is_number())
        .count();
    assert_eq!(
        shown,
        items - 2,
        "every item but the lone and the pair has figures"
    );
    assert!(
        reveal["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["item"]["split"]["status"] == "shown"),
        "the board is large enough for role splits, so the split variant tests something"
    );

    // Two non-executives swap answers on ten items.
    let mut swapped = answers.clone();
    for k in (0..items)
        .filter(|k| ![LONE, PAIR, ONE_EXEC].contains(k))
        .take(10)
    {
        let (x, y) = (swapped[5][k], swapped[7][k]);
        swapped[5][k] = y;
        swapped[7][k] = x;
    }
    assert_ne!(swapped, answers, "the swap changes two ballots");
    assert_same(
        "two non-executives swapping answers",
        &reference,
        &outputs(&swapped, SPECTRUM),
    );

    // The lone executive and a non-executive swap scores on an item whose split is withheld.
    let mut across = answers.clone();
    let (exec, ned) = (across[2][ONE_EXEC], across[8][ONE_EXEC]);
    assert_ne!(
        exec, ned,
        "the two scores differ, so the swap moves a group mean"
    );
    across[2][ONE_EXEC] = ned;
    across[8][ONE_EXEC] = exec;
    assert_same(
        "the lone executive's score moving between groups",
        &reference,
        &outputs(&across, SPECTRUM),
    );

    // The only answer on an item changes.
    let mut lone = answers.clone();
    lone[0][LONE] = match lone[0][LONE] {
        Answer::Level(v) => Answer::Level((v + 2) % 5),
        other => panic!("member 0 scored the lone item, not {other:?}"),
    };
    assert_same(
        "the only answer on an item changing",
        &reference,
        &outputs(&lone, SPECTRUM),
    );

    // One of two answers on an item changes.
    let mut pair = answers.clone();
    pair[4][PAIR] = match pair[4][PAIR] {
        Answer::Level(v) => Answer::Level((v + 1) % 5),
        other => panic!("member 4 scored the pair item, not {other:?}"),
    };
    assert_same(
        "one of two answers on an item changing",
        &reference,
        &outputs(&pair, SPECTRUM),
    );

    // One of the two members who placed "ceding" moves.
    let mut moved = SPECTRUM.to_vec();
    moved[4].2 = 3;
    assert_same(
        "one of two spectrum placements moving",
        &reference,
        &outputs(&answers, &moved),
    );

    // And the comparison is sharp: changing a shown answer does change the outputs.
    let mut shown_change = answers.clone();
    shown_change[5][0] = Answer::Level(match shown_change[5][0] {
        Answer::Level(v) => (v + 1) % 5,
        _ => 0,
    });
    let changed = outputs(&shown_change, SPECTRUM);
    let differing: BTreeMap<&str, bool> = reference
        .iter()
        .zip(&changed)
        .map(|((n, x), (_, y))| (n.as_str(), x != y))
        .collect();
    for must in ["summary --json", "csv", "heatmap chart", "pdf", "xlsx"] {
        assert!(
            differing[must],
            "a shown answer changing moves the {must}, so the test can fail"
        );
    }
}
