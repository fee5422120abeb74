//! The consultant's deliverables, end to end: the PDF report (read back with `pdftotext`), chart
//! SVGs, and the XLSX workbook, all produced by the real binary or API over a real database.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::Command as Cmd;
use govmat::Role;
use govmat::{ActionStatus, NewAction};
use govmat::{Govmat, ImportRequest, ReportOptions, RoundRef};
use serde_json::json;

const DEMO: &str = "Demo: Riverside & Vale NHS Foundation Trust";
const HOSTILE: &[&str] = &[
    "Siôn Ŵyn",
    "Llŷr",
    "Łukasz",
    "Zoë",
    "Ørsted",
    "O'Brien & Co <b>",
];

fn govmat(dir: &Path) -> Cmd {
    let mut c = Cmd::cargo_bin("govmat").expect("the govmat binary is built");
    c.env("GOVMAT_DB", dir.join("govmat.db"))
        .env("GOVMAT_QUESTIONNAIRES", dir.join("no-extra-questionnaires"));
    c
}

fn pdftotext(pdf: &Path) -> String {
    pdftotext_with(pdf, &["-layout"])
}

/// In reading order, without `-layout`, so each table cell comes out whole rather than
/// interleaved line by line with its neighbours.
fn pdftotext_cells(pdf: &Path) -> String {
    pdftotext_with(pdf, &[])
}

fn pdftotext_with(pdf: &Path, args: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8")
}

/// A round whose members, comments and actions carry the hostile names, built through the API.
fn hostile_round(dir: &Path) -> (PathBuf, Govmat) {
    let db = dir.join("govmat.db");
    let mut g = Govmat::open(&db, None).expect("a new database opens");
    let csv = dir.join("forms.csv");
    std::fs::write(
        &csv,
        "respondent,role,skills-capacity,training,comment:skills-capacity\n\
         Siôn Ŵyn,chair,2,3,\"Evidence from Llŷr and Łukasz, see O'Brien & Co <b>\"\n\
         Zoë Ørsted,non-executive,4,1,=HYPERLINK(\"http://x\")\n\
         M3,executive,0,?,\n",
    )
    .unwrap();
    let req = ImportRequest {
        org: "O'Brien & Co <b> Trust",
        round: "Spring 2026",
        questionnaire: "collaboration-checklist",
        date: "2026-04-01",
        file: &csv,
        replace: false,
    };
    let out = g.import_csv(&req).expect("the Forms export imports");
    let action = NewAction {
        item_id: Some("training".into()),
        text: "Board session led by Łukasz with Zoë and Ørsted".into(),
        owner: "Siôn Ŵyn".into(),
        due: Some("2026-06-30".into()),
        status: ActionStatus::Open,
        carried_from: None,
    };
    g.add_action(out.round_id, &action)
        .expect("the action is valid");
    let _ = Role::Chair;
    (db, g)
}

#[test]
fn demo_report_has_every_section_item_and_name() {
    let dir = tempfile::tempdir().unwrap();
    govmat(dir.path()).arg("demo").assert().success();
    let pdf = dir.path().join("report.pdf");
    govmat(dir.path())
        .args([
            "report",
            "--org",
            DEMO,
            "--round",
            "Annual review 2026",
            "--compare",
            "Mid-year review 2025",
            "--out",
        ])
        .arg(&pdf)
        .assert()
        .success();
    let text = pdftotext(&pdf);
    for title in [
        "Contents",
        "Executive summary",
        "Where the board disagrees",
        "The governance spectrum",
        "Trends across rounds",
        "Action plan",
        "Appendix: the questionnaire and the method",
        "How the scores are calculated",
        "Page 3 of",
    ] {
        assert!(
            text.contains(title),
            "the report should contain the section \"{title}\""
        );
    }
    let g = Govmat::open(&dir.path().join("govmat.db"), None).unwrap();
    let (_, round) = g
        .resolve(&RoundRef {
            org: DEMO.into(),
            round: "Annual review 2026".into(),
        })
        .unwrap();
    // Page furniture (running header, footer) can fall inside a paragraph that breaks across a
    // page; leave it out so a question is found whole wherever the page breaks.
    let body: String = text
        .lines()
        .filter(|l| {
            let l = l.trim();
            !(l.starts_with(DEMO)
                || l == "Governance readiness report"
                || l.starts_with("Produced ")
                || (l.starts_with("Page ") && l.contains(" of ")))
        })
        .collect::<Vec<_>>()
        .join("\n");
    let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    for item in g.instrument_of(&round).unwrap().items() {
        assert!(
            flat.contains(&item.title),
            "every item appears; missing \"{}\"",
            item.title
        );
        assert!(
            flat.contains(
                &item
                    .question
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            "the appendix holds the question of {}",
            item.id
        );
    }
    // The appendix prints the item × level matrix: every item's own description of every level.
    let instrument = g.instrument_of(&round).unwrap();
    let squeezed = |t: &str| {
        t.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    let all = squeezed(&pdftotext_cells(&pdf));
    for item in instrument.items() {
        assert!(
            item.has_own_levels(),
            "{} describes its own levels",
            item.id
        );
        for level in &item.levels {
            assert!(
                all.contains(&squeezed(&level.descriptor)),
                "the appendix matrix holds {} at level {}: \"{}\"",
                item.id,
                level.value,
                level.descriptor
            );
        }
    }
    assert!(
        text.contains("What each level looks like: Facilitating joint decision-taking"),
        "each area's matrix is titled"
    );
    // Members are anonymised; names appear where the board wrote them (action owners, dissent).
    for name in [
        "Łukasz Nowak",
        "Zoë Whitfield",
        "Ingrid Ørsted",
        "Aoife O'Brien",
    ] {
        assert!(
            text.contains(name),
            "the non-ASCII name {name} survives into the PDF text"
        );
    }
}

#[test]
fn hostile_names_and_comments_come_back_unchanged_from_pdftotext() {
    let dir = tempfile::tempdir().unwrap();
    let (_, g) = hostile_round(dir.path());
    let (_, round) = g
        .resolve(&RoundRef {
            org: "O'Brien & Co <b> Trust".into(),
            round: "Spring 2026".into(),
        })
        .unwrap();
    let pdf = g
        .report(
            round.id,
            &ReportOptions {
                produced: "2026-04-02".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(
        pdf.missing.is_empty(),
        "DejaVu Sans covers these names, so nothing is replaced: {:?}",
        pdf.missing
    );
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let text = pdftotext(&path);
    for s in HOSTILE {
        assert!(
            text.contains(s),
            "\"{s}\" comes back unchanged from the PDF"
        );
    }
    assert!(
        text.contains("=HYPERLINK(\"http://x\")"),
        "a formula-like comment is printed literally in the PDF"
    );
}

#[test]
fn a_character_the_font_lacks_is_replaced_visibly_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut g) = hostile_round(dir.path());
    let (_, round) = g
        .resolve(&RoundRef {
            org: "O'Brien & Co <b> Trust".into(),
            round: "Spring 2026".into(),
        })
        .unwrap();
    let member = g
        .member_id(round.id, "Siôn Ŵyn")
        .unwrap()
        .expect("a hostile member");
    g.record_answer(
        round.id,
        member,
        "training",
        govmat::Answer::Level(2),
        "Agreed 漢 today",
    )
    .unwrap();
    let pdf = g
        .report(
            round.id,
            &ReportOptions {
                produced: "2026-04-02".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(pdf.missing, vec!['漢'], "the missing character is reported");
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    assert!(
        pdftotext(&path).contains("Agreed \u{FFFD} today"),
        "the character is replaced visibly, not dropped"
    );
}

#[test]
fn demo_report_text_matches_the_golden_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("govmat.db");
    let mut g = Govmat::open(&db, None).unwrap();
    let org = g.create_demo().unwrap();
    let latest = g.rounds(org).unwrap().last().unwrap().id;
    let pdf = g
        .report(
            latest,
            &ReportOptions {
                produced: "2026-01-01".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    // Whitespace runs are collapsed so the golden file pins words and their order, not columns.
    let mut text: Vec<String> = pdftotext(&path)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    // The heatmap's columns are members in a random order drawn when the demo is made, so its
    // rows are pinned as the item and its multiset of answers, which no reordering changes.
    let start = text.iter().position(|l| l.starts_with("M1 M2 M3"));
    let end = start.and_then(|a| {
        text[a..]
            .iter()
            .position(|l| l == "0 1 2 3 4")
            .map(|b| a + b)
    });
    if let (Some(a), Some(b)) = (start, end) {
        for line in &mut text[a + 1..b] {
            let words: Vec<&str> = line.split(' ').collect();
            let cut = words
                .iter()
                .rposition(|w| {
                    !(w.len() == 1 && (w == &"?" || w.chars().all(|c| c.is_ascii_digit())))
                })
                .map_or(0, |i| i + 1);
            let mut cells = words[cut..].to_vec();
            cells.sort_unstable();
            *line = format!("{} [{}]", words[..cut].join(" "), cells.join(" "));
        }
    }
    insta::assert_snapshot!("demo_report_text", text.join("\n"));
}

#[test]
fn chart_command_writes_an_svg_for_every_kind() {
    let dir = tempfile::tempdir().unwrap();
    govmat(dir.path()).arg("demo").assert().success();
    for kind in govmat::CHART_KINDS {
        let out = dir.path().join(format!("{kind}.svg"));
        govmat(dir.path())
            .args([
                "chart",
                "--org",
                DEMO,
                "--round",
                "Annual review 2026",
                "--kind",
                kind,
                "--out",
            ])
            .arg(&out)
            .assert()
            .success();
        let svg = std::fs::read_to_string(&out).unwrap();
        assert!(
            svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
            "{kind} is a whole SVG document"
        );
        assert!(
            svg.contains("DejaVu Sans"),
            "{kind} names the embedded font"
        );
    }
    govmat(dir.path())
        .args([
            "chart",
            "--org",
            DEMO,
            "--round",
            "Annual review 2026",
            "--kind",
            "pie",
            "--out",
            "x.svg",
        ])
        .assert()
        .failure();
}

#[test]
fn report_to_a_missing_folder_fails_clearly_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    govmat(dir.path()).arg("demo").assert().success();
    let out = dir.path().join("no/such/folder/report.pdf");
    let assert = govmat(dir.path())
        .args([
            "report",
            "--org",
            DEMO,
            "--round",
            "Annual review 2026",
            "--out",
        ])
        .arg(&out)
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        err.contains("could not save") && err.contains("No such file"),
        "the error names the failure: {err}"
    );
    assert!(!out.exists(), "no partial file is left behind");
}

/// Reads every sheet of a workbook back from its XML, as `{sheet name: [row: [cell or null]]}`,
/// each cell `{type, value, formula, quote, format}`: `type` is the XML's own (`s` shared string,
/// `inlineStr`, `n` number), `value` the text or number as written, `formula` whether the cell
/// has an `<f>`, `quote` whether its style carries Excel's quote prefix, `format` its custom
/// number format's code (null for a built-in one).
const READ_XLSX: &str = r#"
import json, re, sys, zipfile
import xml.etree.ElementTree as ET
M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'
z = zipfile.ZipFile(sys.argv[1])
text = lambda e: ''.join(t.text or '' for t in e.iter(M + 't'))
shared = []
if 'xl/sharedStrings.xml' in z.namelist():
    shared = [text(si) for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall(M + 'si')]
styles = ET.fromstring(z.read('xl/styles.xml'))
xfs = styles.find(M + 'cellXfs')
quoted = [xf.get('quotePrefix') == '1' for xf in xfs]
codes = {n.get('numFmtId'): n.get('formatCode') for n in styles.iter(M + 'numFmt')}
formats = [codes.get(xf.get('numFmtId', '0')) for xf in xfs]
rels = {r.get('Id'): r.get('Target') for r in ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))}
out = {}
for sheet in ET.fromstring(z.read('xl/workbook.xml')).find(M + 'sheets'):
    target = rels[sheet.get(R + 'id')]
    path = target[1:] if target.startswith('/') else 'xl/' + target
    rows = []
    for c in ET.fromstring(z.read(path)).iter(M + 'c'):
        letters, number = re.match(r'([A-Z]+)([0-9]+)', c.get('r')).groups()
        col = 0
        for ch in letters:
            col = col * 26 + ord(ch) - 64
        r, col = int(number) - 1, col - 1
        while len(rows) <= r:
            rows.append([])
        while len(rows[r]) <= col:
            rows[r].append(None)
        kind, v = c.get('t', 'n'), c.find(M + 'v')
        if kind == 's':
            value = shared[int(v.text)]
        elif kind == 'inlineStr':
            value = text(c)
        else:
            value = v.text if v is not None else None
        rows[r][col] = {'type': kind, 'value': value, 'formula': c.find(M + 'f') is not None,
                        'quote': quoted[int(c.get('s', '0'))], 'format': formats[int(c.get('s', '0'))]}
    out[sheet.get('name')] = rows
print(json.dumps(out))
"#;

fn read_xlsx(path: &Path) -> serde_json::Value {
    let out = Command::new("python3")
        .args(["-c", READ_XLSX])
        .arg(path)
        .output()
        .expect("python3 reads the workbook");
    assert!(
        out.status.success(),
        "the workbook's XML reads back: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the reader prints JSON")
}

/// The row of `sheet` whose column `col` holds the text `key`.
fn xlsx_row<'a>(
    book: &'a serde_json::Value,
    sheet: &str,
    col: usize,
    key: &str,
) -> &'a Vec<serde_json::Value> {
    book[sheet]
        .as_array()
        .unwrap_or_else(|| panic!("the workbook has a sheet {sheet}"))
        .iter()
        .filter_map(|r| r.as_array())
        .find(|r| r.get(col).is_some_and(|c| c["value"] == key))
        .unwrap_or_else(|| panic!("sheet {sheet} has a row for {key}"))
}

fn export_hostile_xlsx(dir: &Path, db: &Path) -> serde_json::Value {
    let out = dir.join("scores.xlsx");
    Cmd::cargo_bin("govmat")
        .unwrap()
        .arg("--db")
        .arg(db)
        .args([
            "export",
            "--org",
            "O'Brien & Co <b> Trust",
            "--round",
            "Spring 2026",
            "--format",
            "xlsx",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    read_xlsx(&out)
}

#[test]
fn xlsx_export_writes_formula_like_text_as_plain_strings_never_formulas_and_keeps_names() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut g) = hostile_round(dir.path());
    let (_, round) = g
        .resolve(&RoundRef {
            org: "O'Brien & Co <b> Trust".into(),
            round: "Spring 2026".into(),
        })
        .unwrap();
    // The member's hostile comment, carried into the board's rationale; target 2 below agreed 3.
    let decision = govmat::Decision {
        agreed: Some(3),
        rationale: "=HYPERLINK(\"http://x\")".into(),
        dissent: "-1 from me".into(),
        target: Some(2),
    };
    g.save_decision(round.id, "skills-capacity", &decision, 1767225600)
        .unwrap();
    drop(g);
    let book = export_hostile_xlsx(dir.path(), &db);

    let skills = xlsx_row(&book, "Items", 1, "skills-capacity");
    for (col, want) in [(12, "=HYPERLINK(\"http://x\")"), (13, "-1 from me")] {
        let cell = &skills[col];
        assert!(
            cell["type"] == "s" || cell["type"] == "inlineStr",
            "formula-like text is a string cell: {cell}"
        );
        assert_eq!(
            cell["value"], want,
            "the text is kept exactly, with no leading apostrophe"
        );
        assert_eq!(cell["formula"], false, "and it is not a formula: {cell}");
        assert_eq!(
            cell["quote"], true,
            "its style's quote prefix keeps it text when edited: {cell}"
        );
    }
    for (col, want) in [(11, 3.0), (14, 2.0), (15, -1.0)] {
        let cell = &skills[col];
        assert_eq!(
            cell["type"], "n",
            "agreed, target and gap are numbers: {cell}"
        );
        let value: f64 = cell["value"].as_str().unwrap().parse().unwrap();
        assert_eq!(value, want, "column {col} of skills-capacity");
    }
    let mut every_cell = book
        .as_object()
        .unwrap()
        .values()
        .flat_map(|rows| rows.as_array().unwrap())
        .flat_map(|row| row.as_array().unwrap())
        .filter(|c| !c.is_null());
    assert!(
        every_cell
            .all(|c| c["formula"] == false
                && !c["value"].as_str().is_some_and(|v| v.starts_with('\''))),
        "no cell of any sheet is a formula or shows an apostrophe"
    );
    let action = xlsx_row(
        &book,
        "Actions",
        1,
        "Board session led by Łukasz with Zoë and Ørsted",
    );
    assert_eq!(action[2]["value"], "Siôn Ŵyn", "the owner's name is kept");
    assert_eq!(
        action[2]["quote"], false,
        "text that does not start like a formula is styled as any other"
    );
    assert_eq!(
        book["Items"][0][11]["value"], "Agreed",
        "the header row is written"
    );
}

#[test]
fn xlsx_answers_sheet_counts_each_level_per_item_and_never_follows_a_member() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = hostile_round(dir.path());
    let book = export_hostile_xlsx(dir.path(), &db);
    let sheet = book["Answers"].as_array().expect("an Answers sheet");
    let values = |row: &serde_json::Value| -> Vec<serde_json::Value> {
        row.as_array()
            .unwrap()
            .iter()
            .map(|c| c["value"].clone())
            .collect()
    };
    assert_eq!(
        values(&sheet[0]),
        [
            "Item id",
            "Item",
            "0 Not yet started",
            "1 Early progress",
            "2 Developing",
            "3 Established",
            "4 Exemplar",
            "Don't know",
            "Not answered",
            "Figures"
        ],
        "one column per level, then don't know and not answered: no column per member"
    );
    let cells = |item: &str| -> Vec<String> {
        xlsx_row(&book, "Answers", 0, item)[2..9]
            .iter()
            .map(|c| match c["type"].as_str() {
                Some(t) => format!("{t}:{}", c["value"].as_str().unwrap_or_default()),
                None => "-".into(),
            })
            .collect()
    };
    // Siôn (chair) 2 and 3, Zoë (non-executive) 4 and 1, the executive 0 and don't know.
    assert_eq!(
        cells("skills-capacity"),
        ["n:1", "n:0", "n:1", "n:0", "n:1", "n:0", "n:0"],
        "three scored answers: one at each of 0, 2 and 4"
    );
    assert_eq!(
        cells("training"),
        ["-", "-", "-", "-", "-", "n:1", "n:0"],
        "two scored answers are fewer than three: only the don't know and unanswered counts"
    );
    assert_eq!(
        xlsx_row(&book, "Answers", 0, "training")[9]["value"],
        "not shown: fewer than 3 scored answers",
        "the sheet says why the levels are blank"
    );
    let text = sheet.iter().map(|r| r.to_string()).collect::<String>();
    for name in ["Siôn", "Ŵyn", "Zoë", "Ørsted", "M1"] {
        assert!(
            !text.contains(name),
            "the sheet never names or codes a member ({name})"
        );
    }
}

#[test]
fn csv_export_guards_text_cells_a_spreadsheet_would_evaluate_and_writes_numbers_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut g) = hostile_round(dir.path());
    let (_, round) = g
        .resolve(&RoundRef {
            org: "O'Brien & Co <b> Trust".into(),
            round: "Spring 2026".into(),
        })
        .unwrap();
    // A target below the agreed level gives a negative gap: 2 - 3 = -1.
    let decision = govmat::Decision {
        agreed: Some(3),
        rationale: "=1+1".into(),
        dissent: "@SUM(A1)".into(),
        target: Some(2),
    };
    g.save_decision(round.id, "skills-capacity", &decision, 1767225600)
        .unwrap();
    let action = NewAction {
        item_id: None,
        text: "-cut the agenda".into(),
        owner: "+Company secretary".into(),
        due: None,
        status: ActionStatus::Open,
        carried_from: None,
    };
    g.add_action(round.id, &action).unwrap();
    drop(g);
    let out = dir.path().join("scores.csv");
    Cmd::cargo_bin("govmat")
        .unwrap()
        .arg("--db")
        .arg(&db)
        .args([
            "export",
            "--org",
            "O'Brien & Co <b> Trust",
            "--round",
            "Spring 2026",
            "--format",
            "csv",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    let records: Vec<csv::StringRecord> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    let row = |kind: &str, key: &str, col: usize| {
        records
            .iter()
            .find(|r| &r[0] == kind && r[col] == *key)
            .unwrap_or_else(|| panic!("a {kind} row for {key}"))
            .iter()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let skills = row("item", "skills-capacity", 2);
    assert_eq!(
        (&skills[12][..], &skills[13][..], &skills[14][..]),
        ("3", "'=1+1", "'@SUM(A1)"),
        "agreed is a number; rationale and dissent are text with the apostrophe guard"
    );
    assert_eq!(
        (&skills[15][..], &skills[16][..]),
        ("2", "-1.00"),
        "target and a negative gap are plain numbers, not text a spreadsheet shows as '-1.00"
    );
    let action = row("action", "'-cut the agenda", 3);
    assert_eq!(
        action[4], "'+Company secretary",
        "the owner is text, so it is guarded"
    );
    for record in &records {
        for cell in record {
            let first = cell.chars().next();
            assert!(
                !matches!(first, Some('=' | '+' | '@' | '\t' | '\r'))
                    && (first != Some('-') || cell.parse::<f64>().is_ok()),
                "only a number may start like a formula: {cell:?} in {record:?}"
            );
        }
    }
}

#[test]
fn pdf_charts_are_vector_with_selectable_text_and_no_images() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = Govmat::open(&dir.path().join("govmat.db"), None).unwrap();
    let org = g.create_demo().unwrap();
    let latest = g.rounds(org).unwrap().last().unwrap().id;
    let opts = ReportOptions {
        produced: "2026-01-01".into(),
        ..Default::default()
    };
    let pdf = g.report(latest, &opts).unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()
        .expect("pdfimages (poppler-utils) is installed");
    let listing = String::from_utf8_lossy(&out.stdout);
    // Two header lines, then one line per image: without a logo there must be none.
    assert_eq!(
        listing.lines().count(),
        2,
        "charts are drawn as PDF content, not embedded pictures:\n{listing}"
    );
    let text = pdftotext(&path);
    for label in [
        "Lowest–highest answer",
        "Members disagree (range ≥ 2 levels)",
        "Target (mean of item targets)",
        "Agreed aspiration",
        "linked across items",
    ] {
        assert!(
            text.contains(label),
            "the chart label {label:?} is real text a reader can find"
        );
    }
    assert!(
        pdf.bytes.len() < 400_000,
        "vector charts keep the demo report small ({} bytes)",
        pdf.bytes.len()
    );
}

/// Three members: skills-capacity 1, 1, 1 (mean 1) agreed at 4; training 2, 2, 2 (mean 2);
/// scope 3, 3 and a "don't know" (two scored answers: withheld) agreed at 1. The board's level:
/// the skills area (4 + 2) / 2 = 3 over 2 of its items, purpose 1 (scope's agreed score alone),
/// overall (3 + 1) / 2 = 2.0 over 3 of 27 items; the members' mean is 1.5 (skills alone).
fn agreed_board(dir: &Path) -> (PathBuf, Govmat, i64) {
    let db = dir.join("govmat.db");
    let mut g = Govmat::open(&db, None).expect("a new database opens");
    let csv = "respondent,role,skills-capacity,training,scope\n\
               A,chair,1,2,3\nB,ned,1,2,3\nC,executive,1,2,?\n";
    let req = ImportRequest {
        org: "Riverside Trust",
        round: "Spring 2027",
        questionnaire: "collaboration-checklist",
        date: "2027-03-31",
        file: Path::new("inline.csv"),
        replace: false,
    };
    let round = g
        .import_bytes(&req, "inline.csv", csv.as_bytes())
        .expect("the inline CSV imports")
        .round_id;
    for (item, agreed) in [("skills-capacity", 4), ("scope", 1)] {
        let d = govmat::Decision {
            agreed: Some(agreed),
            ..Default::default()
        };
        g.save_decision(round, item, &d, 1_767_225_600).unwrap();
    }
    let action = NewAction {
        item_id: Some("training".into()),
        text: "A training plan".into(),
        owner: "The chair".into(),
        due: Some("2027-06-30".into()),
        status: ActionStatus::Open,
        carried_from: None,
    };
    g.add_action(round, &action).expect("the action is valid");
    (db, g, round)
}

#[test]
fn the_boards_level_is_agreed_where_agreed_else_the_mean_in_every_report_and_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let (db, g, round) = agreed_board(dir.path());
    let v = g.results_view(round).unwrap();
    assert_eq!(
        (v.score.level, v.score.overall),
        (Some(2.0), Some(1.5)),
        "the level takes the agreed scores; the members' mean does not"
    );
    let lead = "The board's overall level is 2.0 on a scale of 0–4";
    let over = "(over 3 of 27 items: an item with no agreed score that fewer than 3 members scored has no figure)";
    let basis =
        "It takes the score the board agreed on 2 items and the members' mean on the other 1.";
    let read = |format: govmat::ExportFormat, name: &str| -> String {
        let bytes = g.export(round, format, None, "2027-04-01").unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let text = if name.ends_with(".pdf") {
            pdftotext_cells(&path)
        } else {
            crate::docx_read::all_text(&crate::docx_read::read_docx(&path))
        };
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    for (format, name) in [
        (govmat::ExportFormat::Pdf, "report.pdf"),
        (govmat::ExportFormat::SummaryPdf, "summary.pdf"),
        (govmat::ExportFormat::Docx, "report.docx"),
        (govmat::ExportFormat::SummaryDocx, "summary.docx"),
    ] {
        let text = read(format, name);
        for words in [lead, over, basis] {
            assert!(text.contains(words), "{name} says \"{words}\": {text}");
        }
    }
    let report = read(govmat::ExportFormat::Pdf, "again.pdf");
    assert!(
        report.contains("The board's level on this area: 3.0 (over 2 of 3 items), with 1 of 3 items agreed. The members' mean: 1.5 (over 2 of 3 items)."),
        "an area gives its level and the members' mean, each with what it is over: {report}"
    );

    let out = Cmd::cargo_bin("govmat")
        .unwrap()
        .arg("--db")
        .arg(&db)
        .args([
            "summary",
            "--org",
            "Riverside Trust",
            "--round",
            "Spring 2027",
        ])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("3 members; the board's overall level 2.00 (over 3 of 27 items, 2 agreed, the rest at the members' mean); members' mean 1.50 (over 2 of 27 items)"),
        "the CLI gives the level and the members' mean, each over what: {text}"
    );

    // The workbook: the Areas sheet gives both; dates are date cells shown as 31/03/2027.
    let xlsx = dir.path().join("round.xlsx");
    std::fs::write(
        &xlsx,
        g.export(round, govmat::ExportFormat::Xlsx, None, "2027-04-01")
            .unwrap(),
    )
    .unwrap();
    let book = read_xlsx(&xlsx);
    let overall = xlsx_row(&book, "Areas", 0, "overall");
    let numbers: Vec<&serde_json::Value> = overall[2..8].iter().map(|c| &c["value"]).collect();
    assert_eq!(
        numbers,
        ["2", "3", "2", "1.5", "2", "27"],
        "level, items in it, items agreed, members' mean, items in it, items"
    );
    let due = &xlsx_row(&book, "Actions", 1, "A training plan")[3];
    // Excel counts days from 1899-12-30: 30 June 2027 is day 46568.
    assert_eq!(
        (&due["type"], &due["value"], &due["format"]),
        (&json!("n"), &json!("46568"), &json!("dd/mm/yyyy")),
        "the due date is a date cell, shown as the UK writes it: {due}"
    );
    for (label, serial) in [("Round date", "46477"), ("Produced", "46478")] {
        let cell = &xlsx_row(&book, "Provenance", 0, label)[1];
        assert_eq!(
            (&cell["value"], &cell["format"]),
            (&json!(serial), &json!("dd/mm/yyyy")),
            "the provenance's {label} is a date cell: {cell}"
        );
    }
}
