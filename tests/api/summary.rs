//! Issue 10, part 3: the two-page board summary. Written by the real binary (or the app's export
//! dispatch) for the demo board and for the large generated board, then read back: the PDF with
//! poppler's `pdfinfo` and `pdftotext`, the Word file as its XML.

use std::path::Path;
use std::process::Command;

use assert_cmd::Command as Cmd;
use govmat::{ActionStatus, ExportFormat, Govmat, NewAction, RoundRef, RoundView};

use crate::big_round;
use crate::docx_read;

const DEMO: &str = "Demo: Riverside & Vale NHS Foundation Trust";
const LATEST: &str = "Annual review 2026";
/// An organisation name a page must print as text, never as markup, with letters outside ASCII.
const HOSTILE_ORG: &str = "Siân <script>alert('x')</script> & Llŷr Ørsted NHS Trust";
const HOSTILE_OWNER: &str = "Łukasz O'Brien <b>";

fn govmat(dir: &Path) -> Cmd {
    let mut c = Cmd::cargo_bin("govmat").expect("the govmat binary is built");
    c.env("GOVMAT_DB", dir.join("govmat.db"))
        .env("GOVMAT_QUESTIONNAIRES", dir.join("no-extra-questionnaires"));
    c
}

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" { &["-"][..] } else { &[] })
        .output()
        .unwrap_or_else(|_| panic!("{tool} (poppler-utils) is installed"));
    assert!(
        out.status.success(),
        "{tool} reads the summary: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("poppler writes UTF-8")
}

fn pages(pdf: &Path) -> usize {
    let info = poppler("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo prints the page count")
}

fn info_field(pdf: &Path, name: &str) -> String {
    poppler("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{name}:")))
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// The text in reading order with every run of whitespace made one space, so a sentence that
/// wraps across lines (or a page) is found whole.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn data_hash(g: &Govmat, round: i64) -> String {
    let bytes = g
        .export(round, ExportFormat::Json, None, "2026-01-01")
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    json["provenance"]["data_sha256"]
        .as_str()
        .expect("the provenance names the data hash")
        .to_string()
}

/// What every summary of `v` must say, wherever it is read from: the overall level, each area,
/// the largest gaps, the spectrum sentence, an open action's owner and the data hash.
fn says_what_a_summary_says(text: &str, v: &RoundView, hash: &str, what: &str) {
    let overall = v.score.level.expect("the round is scored");
    assert!(
        text.contains(&format!("The board's overall level is {overall:.1}")),
        "{what}: the overall level {overall:.1} is stated"
    );
    for a in &v.score.areas {
        assert!(
            text.contains(&a.title),
            "{what}: the area \"{}\" is listed",
            a.title
        );
    }
    let mut gaps: Vec<(f64, &str)> = v
        .score
        .areas
        .iter()
        .flat_map(|a| &a.items)
        .filter_map(|i| i.gap.filter(|g| *g > 0.0).map(|g| (g, i.title.as_str())))
        .collect();
    gaps.sort_by(|a, b| b.0.total_cmp(&a.0));
    if let Some(&(fifth, _)) = gaps.get(4).or(gaps.last()) {
        for (gap, title) in gaps.iter().filter(|(g, _)| *g > fifth) {
            assert!(
                text.contains(title),
                "{what}: the gap of {gap:.1} on \"{title}\" is among the five largest"
            );
        }
        assert!(text.contains(gaps[0].1), "{what}: the largest gap is shown");
    } else {
        assert!(
            text.contains("No targets have been set above the board's current position."),
            "{what}: a round without gaps says so"
        );
    }
    if let Some(s) = &v.spectrum {
        let nearest = &s.summary.nearest_now[0].title;
        assert!(
            text.contains(&format!(
                "Today the board's arrangements sit closest to {nearest}"
            )),
            "{what}: the spectrum position is given in a sentence"
        );
    }
    let open = v
        .actions
        .iter()
        .find(|a| matches!(a.status, ActionStatus::Open | ActionStatus::InProgress))
        .expect("the round has an open action");
    assert!(
        text.contains(&open.owner),
        "{what}: the first open action's owner {} is named",
        open.owner
    );
    assert!(
        text.contains(hash),
        "{what}: the provenance block carries the round data SHA-256 whole"
    );
}

fn demo_round(dir: &Path) -> (Govmat, RoundView) {
    govmat(dir).arg("demo").assert().success();
    let g = Govmat::open(&dir.join("govmat.db"), None).unwrap();
    let (_, r) = g
        .resolve(&RoundRef {
            org: DEMO.into(),
            round: LATEST.into(),
        })
        .unwrap();
    let v = g.round_view(r.id).unwrap();
    (g, v)
}

#[test]
fn the_demo_summary_is_two_pages_at_most_and_says_what_the_board_needs() {
    let dir = tempfile::tempdir().unwrap();
    let (g, v) = demo_round(dir.path());
    let pdf = dir.path().join("summary.pdf");
    govmat(dir.path())
        .args([
            "report",
            "--summary",
            "--org",
            DEMO,
            "--round",
            LATEST,
            "--out",
        ])
        .arg(&pdf)
        .assert()
        .success()
        .stdout(predicates::str::contains("pages)"));
    let n = pages(&pdf);
    assert!((1..=2).contains(&n), "two A4 pages at most, not {n}");
    let text = flat(&poppler("pdftotext", &[], &pdf));
    says_what_a_summary_says(&text, &v, &data_hash(&g, v.round.id), "the demo PDF");
    assert!(
        text.contains("Compared with Mid-year review 2025, the overall level moved by"),
        "without --compare the summary compares with the last earlier round on the questionnaire"
    );
    assert!(
        text.contains("How this summary was made"),
        "the provenance block closes the summary"
    );
    assert_eq!(
        info_field(&pdf, "Title"),
        format!("{DEMO} — {LATEST}: board summary"),
        "the PDF's title says it is the summary"
    );
    assert_eq!(info_field(&pdf, "Author"), "govmat", "no brand: govmat");
    let raw = String::from_utf8_lossy(&std::fs::read(&pdf).unwrap()).into_owned();
    assert!(
        raw.contains("/Lang(en-GB)"),
        "the language is British English"
    );
    let bookmarks: usize = raw
        .split("/Type/Outlines/Count ")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .and_then(|n| n.trim().parse().ok())
        .expect("the summary has an outline");
    assert!(
        bookmarks >= 7,
        "every section of the summary is bookmarked: {bookmarks}"
    );
}

#[test]
fn an_explicit_comparison_replaces_the_last_comparable_round() {
    let dir = tempfile::tempdir().unwrap();
    let _ = demo_round(dir.path());
    let pdf = dir.path().join("summary.pdf");
    govmat(dir.path())
        .args(["report", "--summary", "--org", DEMO, "--round", LATEST])
        .args(["--compare", "Baseline 2025", "--out"])
        .arg(&pdf)
        .assert()
        .success();
    let text = flat(&poppler("pdftotext", &[], &pdf));
    assert!(
        text.contains("Compared with Baseline 2025, the overall level moved by"),
        "--compare names the round the change is measured from"
    );
    // "Did we do what we said?" names the round before this one whatever is compared (issue 27).
    let text = text.replace("actions from Mid-year review 2025", "");
    assert!(
        !text.contains("Mid-year review 2025"),
        "and the automatic choice is not used"
    );
}

#[test]
fn the_demo_summary_in_word_says_the_same_under_words_heading_styles() {
    let dir = tempfile::tempdir().unwrap();
    let (g, v) = demo_round(dir.path());
    let out = dir.path().join("summary.docx");
    govmat(dir.path())
        .args(["report", "--summary", "--format", "docx"])
        .args(["--org", DEMO, "--round", LATEST, "--out"])
        .arg(&out)
        .assert()
        .success();
    let doc = docx_read::read_docx(&out);
    assert_eq!(
        doc["heading_styles"],
        serde_json::json!([true, true]),
        "Word's own Heading 1 and Heading 2 styles"
    );
    assert_eq!(
        docx_read::headings(&doc, "Heading1"),
        vec!["Board summary"],
        "one top-level heading"
    );
    let h2 = docx_read::headings(&doc, "Heading2");
    for title in [
        "Levels by area",
        "The five largest gaps to target",
        "The most contested items",
        "Position on the governance spectrum",
        "Open actions",
        "How this summary was made",
    ] {
        assert!(
            h2.iter().any(|h| h == title),
            "\"{title}\" is a Heading 2: {h2:?}"
        );
    }
    assert_eq!(
        doc["page_breaks_before"], 0,
        "the summary flows: no heading forces a new page"
    );
    assert_eq!(doc["pictures"], 0, "the summary has no charts");
    assert_eq!(
        doc["footer_fields"],
        serde_json::json!(["PAGE", "NUMPAGES"]),
        "the footer numbers the pages"
    );
    let cells: Vec<&str> = doc["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let text = flat(&format!(
        "{}\n{}",
        docx_read::all_text(&doc),
        cells.join("\n")
    ));
    says_what_a_summary_says(&text, &v, &data_hash(&g, v.round.id), "the demo Word file");
}

/// The large board: two rounds of 100 items and 30 members on the generated questionnaire with a
/// round on another questionnaire between them, 40 actions on the latest (every fifth done),
/// under a hostile organisation name. Answers the latest round.
fn large_board(dir: &Path) -> (Govmat, i64) {
    let mut g = big_round::big_board(dir);
    big_round::big_round(&mut g, dir, HOSTILE_ORG, "R1", "2025-06-01", 0);
    let csv = dir.join("checklist.csv");
    std::fs::write(
        &csv,
        "respondent,role,skills-capacity\nA,chair,2\nB,executive,3\n",
    )
    .unwrap();
    g.import_csv(&govmat::ImportRequest {
        org: HOSTILE_ORG,
        round: "Checklist autumn 2025",
        questionnaire: "collaboration-checklist",
        date: "2025-09-01",
        file: &csv,
        replace: false,
    })
    .unwrap();
    let latest = big_round::big_round(&mut g, dir, HOSTILE_ORG, "R2", "2026-01-01", 1);
    for k in 0..40 {
        let action = NewAction {
            item_id: Some(format!("a{}-i{}", k % 10, k / 10)),
            text: format!("Action number {k}: bring the evidence for this item to the board"),
            owner: if k == 0 {
                HOSTILE_OWNER.into()
            } else {
                format!("Owner {k}")
            },
            due: Some("2026-06-30".into()),
            status: if k % 5 == 4 {
                ActionStatus::Done
            } else {
                ActionStatus::Open
            },
            carried_from: None,
        };
        g.add_action(latest, &action).unwrap();
    }
    (g, latest)
}

#[test]
fn the_large_rounds_summary_still_fits_two_pages_by_cutting_its_lists_and_saying_so() {
    let dir = tempfile::tempdir().unwrap();
    let (g, round) = large_board(dir.path());
    let v = g.round_view(round).unwrap();
    let pdf = dir.path().join("large.pdf");
    let bytes = g
        .export(
            round,
            ExportFormat::SummaryPdf,
            None,
            "2026-01-02 09:30 +00:00",
        )
        .unwrap();
    std::fs::write(&pdf, &bytes).unwrap();
    let n = pages(&pdf);
    assert!(
        n <= 2,
        "100 items, 30 members and 40 actions in two pages, not {n}"
    );
    let text = flat(&poppler("pdftotext", &[], &pdf));
    says_what_a_summary_says(&text, &v, &data_hash(&g, round), "the large PDF");
    assert!(
        text.contains(HOSTILE_ORG),
        "the hostile organisation name comes back character for character"
    );
    assert!(
        text.contains("Compared with R1, the overall level moved by"),
        "the change is measured from the last round on the same questionnaire, skipping the \
         checklist round between them"
    );
    let shown: Vec<usize> = (0..40)
        .filter(|k| text.contains(&format!("Action number {k}:")))
        .collect();
    assert!(
        shown.iter().all(|k| k % 5 != 4),
        "done actions are not open actions: {shown:?}"
    );
    let more = format!("And {} more open actions", 32 - shown.len());
    assert!(
        !shown.is_empty() && text.contains(&more),
        "the first open actions are listed and the rest counted: expected \"{more}\", listed {shown:?}"
    );
    assert!(
        text.contains("And 95 more items where members' answers were two or more levels apart"),
        "every item is contested; five are listed and the other 95 counted"
    );
}

#[test]
fn the_large_rounds_word_summary_lists_what_the_pdf_lists() {
    let dir = tempfile::tempdir().unwrap();
    let (g, round) = large_board(dir.path());
    let v = g.round_view(round).unwrap();
    let pdf_text = {
        let pdf = dir.path().join("large.pdf");
        let bytes = g
            .export(round, ExportFormat::SummaryPdf, None, "2026-01-02")
            .unwrap();
        std::fs::write(&pdf, bytes).unwrap();
        flat(&poppler("pdftotext", &[], &pdf))
    };
    let out = dir.path().join("large.docx");
    let bytes = g
        .export(round, ExportFormat::SummaryDocx, None, "2026-01-02")
        .unwrap();
    std::fs::write(&out, bytes).unwrap();
    let doc = docx_read::read_docx(&out);
    let cells: Vec<&str> = doc["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let text = flat(&format!(
        "{}\n{}",
        docx_read::all_text(&doc),
        cells.join("\n")
    ));
    says_what_a_summary_says(&text, &v, &data_hash(&g, round), "the large Word file");
    assert!(
        text.contains(HOSTILE_ORG) && cells.contains(&HOSTILE_OWNER),
        "hostile names stay text in the Word file"
    );
    for k in 0..40 {
        let action = format!("Action number {k}:");
        assert_eq!(
            text.contains(&action),
            pdf_text.contains(&action),
            "the Word summary lists the same actions as the PDF ({action})"
        );
    }
}

#[test]
fn the_app_saves_the_summary_under_a_name_that_says_summary() {
    let dir = tempfile::tempdir().unwrap();
    let (g, v) = demo_round(dir.path());
    let format: ExportFormat =
        serde_json::from_str("\"summary-pdf\"").expect("the page names the summary format");
    assert_eq!(format, ExportFormat::SummaryPdf);
    assert_eq!(
        g.export_name(v.round.id, format).unwrap(),
        "Demo Riverside & Vale NHS Foundation Trust - Annual review 2026 - board summary.pdf"
    );
    assert_eq!(
        g.export_name(v.round.id, ExportFormat::SummaryDocx)
            .unwrap(),
        "Demo Riverside & Vale NHS Foundation Trust - Annual review 2026 - board summary.docx"
    );
    assert_eq!(
        g.export_name(v.round.id, ExportFormat::Pdf).unwrap(),
        "Demo Riverside & Vale NHS Foundation Trust - Annual review 2026.pdf",
        "the full report keeps its name"
    );
}
