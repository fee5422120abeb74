//! Issue 10, part 4: every report and export says how it was made. The PDF's last page, the
//! workbook's Provenance sheet and the JSON's `provenance` object carry the same block, and the
//! round data hash in it ties copies of one round together.

use std::path::Path;
use std::process::Command;

use govmat::{Answer, Brand, Decision, ExportFormat, Govmat, ReportOptions};
use sha2::{Digest, Sha256};

const PRODUCED: &str = "2026-01-01";

/// The demo's latest round, in a fresh database.
fn demo(dir: &Path) -> (Govmat, i64) {
    let mut g = Govmat::open(&dir.join("govmat.db"), None).expect("a new database opens");
    let org = g.create_demo().expect("the demo is created");
    let latest = g.rounds(org).unwrap().last().unwrap().id;
    (g, latest)
}

fn pdf_text(dir: &Path, bytes: &[u8]) -> String {
    let path = dir.join("r.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext reads the report");
    String::from_utf8(out.stdout).unwrap()
}

fn pdfinfo(dir: &Path, bytes: &[u8]) -> String {
    let path = dir.join("info.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo (poppler-utils) is installed");
    assert!(out.status.success(), "pdfinfo reads the report");
    String::from_utf8(out.stdout).unwrap()
}

/// One `Name: value` line of pdfinfo's output.
fn field(info: &str, name: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}:")))
        .map(str::trim)
        .unwrap_or_default()
        .to_string()
}

/// The Provenance sheet's rows as (label, value as text, XML cell type), read from the XML.
const READ_SHEET: &str = r#"
import json, re, sys, zipfile
import xml.etree.ElementTree as ET
M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'
z = zipfile.ZipFile(sys.argv[1])
text = lambda e: ''.join(t.text or '' for t in e.iter(M + 't'))
shared = [text(si) for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall(M + 'si')]
rels = {r.get('Id'): r.get('Target') for r in ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))}
sheet = [s for s in ET.fromstring(z.read('xl/workbook.xml')).find(M + 'sheets') if s.get('name') == 'Provenance'][0]
target = rels[sheet.get(R + 'id')]
path = target[1:] if target.startswith('/') else 'xl/' + target
rows = []
for row in ET.fromstring(z.read(path)).iter(M + 'row'):
    cells = []
    for c in row.iter(M + 'c'):
        kind, v = c.get('t', 'n'), c.find(M + 'v')
        cells.append([shared[int(v.text)] if kind == 's' else v.text, kind])
    rows.append(cells)
print(json.dumps(rows))
"#;

fn provenance_sheet(dir: &Path, bytes: &[u8]) -> Vec<(String, String, String)> {
    let path = dir.join("r.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("python3")
        .args(["-c", READ_SHEET])
        .arg(&path)
        .output()
        .expect("python3 reads the workbook");
    assert!(
        out.status.success(),
        "the workbook has a Provenance sheet: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<Vec<(String, String)>> = serde_json::from_slice(&out.stdout).unwrap();
    rows.into_iter()
        .skip(1)
        .map(|r| (r[0].0.clone(), r[1].0.clone(), r[1].1.clone()))
        .collect()
}

fn sheet_value<'a>(rows: &'a [(String, String, String)], label: &str) -> &'a str {
    rows.iter()
        .find(|r| r.0 == label)
        .map(|r| r.1.as_str())
        .unwrap_or_else(|| panic!("the Provenance sheet has a row \"{label}\""))
}

fn json_export(g: &Govmat, round: i64) -> serde_json::Value {
    let bytes = g.export(round, ExportFormat::Json, None, PRODUCED).unwrap();
    serde_json::from_slice(&bytes).expect("the export is JSON")
}

fn data_hash(g: &Govmat, round: i64) -> String {
    json_export(g, round)["provenance"]["data_sha256"]
        .as_str()
        .expect("the provenance names the data hash")
        .to_string()
}

#[test]
fn the_same_provenance_is_in_the_pdf_the_workbook_and_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let (g, round) = demo(dir.path());
    let json = json_export(&g, round);
    let p = &json["provenance"];
    let hash = p["data_sha256"].as_str().unwrap();
    assert_eq!(hash.len(), 64, "a SHA-256 in hex: {hash}");
    assert_eq!(p["govmat_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        p["produced"], PRODUCED,
        "the date passed in is the one shown"
    );
    assert_eq!(p["questionnaire_id"], "collaboration-checklist");
    assert_eq!(p["questionnaire_version"], json["questionnaire"]["version"]);
    assert_eq!(p["round"], json["round"]);
    assert_eq!(p["round_date"], json["date"]);
    assert_eq!(p["members"], 9, "the demo board has nine members");
    assert_eq!(p["min_group"], 3, "the default anonymity threshold");
    let shipped = std::fs::read("questionnaires/collaboration-checklist.toml").unwrap();
    let want: String = Sha256::digest(&shipped)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        p["questionnaire_sha256"], want,
        "the demo stores the shipped questionnaire text, so their hashes agree"
    );
    for key in [
        "org",
        "round",
        "date",
        "questionnaire",
        "respondents",
        "min_group",
        "overall",
        "areas",
        "actions",
        "spectrum",
    ] {
        assert!(
            json.get(key).is_some(),
            "the existing key {key} is kept beside the provenance"
        );
    }

    let pdf = g.export(round, ExportFormat::Pdf, None, PRODUCED).unwrap();
    let text = pdf_text(dir.path(), &pdf);
    let tail = &text[text
        .rfind("How this report was made")
        .expect("the PDF has the provenance section")..];
    assert!(
        !tail.contains("The scale") && !tail.contains("How the scores are calculated"),
        "the provenance comes after the appendix"
    );
    for shown in [hash, &want, PRODUCED, env!("CARGO_PKG_VERSION"), "Members"] {
        assert!(tail.contains(shown), "the PDF's block shows {shown}");
    }

    let xlsx = g.export(round, ExportFormat::Xlsx, None, PRODUCED).unwrap();
    let rows = provenance_sheet(dir.path(), &xlsx);
    assert_eq!(
        sheet_value(&rows, "Round data SHA-256"),
        hash,
        "the workbook and the JSON give one hash for one round"
    );
    assert_eq!(sheet_value(&rows, "Questionnaire text SHA-256"), want);
    // A produced date alone is a date cell (issue 29 §4): Excel's day 46023 is 2026-01-01.
    assert_eq!(PRODUCED, "2026-01-01");
    assert_eq!(sheet_value(&rows, "Produced"), "46023");
    let members = rows.iter().find(|r| r.0 == "Members").unwrap();
    assert_eq!(
        (members.1.as_str(), members.2.as_str()),
        ("9", "n"),
        "a count is a number cell"
    );
    let block = format!("{tail}{rows:?}{p}");
    for name in ["Łukasz Nowak", "Zoë Whitfield"] {
        assert!(
            !block.contains(name),
            "the provenance counts members and never names them ({name})"
        );
    }
}

#[test]
fn the_round_data_hash_changes_with_a_decision_or_an_answer_and_only_then() {
    let dir = tempfile::tempdir().unwrap();
    let (mut g, round) = demo(dir.path());
    let first = data_hash(&g, round);
    assert_eq!(
        data_hash(&g, round),
        first,
        "reading the same round twice gives the same hash"
    );
    let json = json_export(&g, round);
    let item = json["areas"][0]["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let decision = Decision {
        agreed: Some(1),
        rationale: "Revisited after the away-day".into(),
        dissent: String::new(),
        target: Some(4),
    };
    g.save_decision(round, &item, &decision, 1767225600)
        .unwrap();
    let after_decision = data_hash(&g, round);
    assert_ne!(after_decision, first, "a changed decision changes the hash");

    let member = g
        .member_id(round, "Łukasz Nowak")
        .unwrap()
        .expect("a demo member");
    let view = g.round_view(round).unwrap();
    let before = view
        .items
        .iter()
        .find(|i| i.id == item)
        .unwrap()
        .values
        .clone();
    let new = if before.contains(&0) { 4 } else { 0 };
    g.record_answer(round, member, &item, Answer::Level(new), "")
        .unwrap();
    assert_ne!(
        data_hash(&g, round),
        after_decision,
        "a changed answer changes the hash"
    );
}

#[test]
fn the_pdf_carries_its_title_author_language_and_a_bookmark_per_section() {
    let dir = tempfile::tempdir().unwrap();
    let (g, round) = demo(dir.path());
    let opts = ReportOptions {
        produced: PRODUCED.into(),
        ..Default::default()
    };
    let pdf = g.report(round, &opts).unwrap();
    let info = pdfinfo(dir.path(), &pdf.bytes);
    assert_eq!(
        field(&info, "Title"),
        "Demo: Riverside & Vale NHS Foundation Trust — Annual review 2026",
        "the title is organisation — round"
    );
    assert_eq!(
        field(&info, "Author"),
        "govmat",
        "without a brand, govmat is the author"
    );
    let raw = String::from_utf8_lossy(&pdf.bytes);
    assert!(
        raw.contains("/Lang(en-GB)"),
        "the catalogue names the language"
    );
    let count: usize = raw
        .split("/Type/Outlines/Count ")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .and_then(|n| n.trim().parse().ok())
        .expect("the document has an outline");
    let text = pdf_text(dir.path(), &pdf.bytes);
    assert!(
        count >= 6 && text.contains("Action plan"),
        "one bookmark per top-level section: {count}"
    );

    let branded = ReportOptions {
        brand: Brand {
            prepared_by: Some("Łukasz & Co Governance".into()),
            ..Default::default()
        },
        ..opts
    };
    let pdf = g.report(round, &branded).unwrap();
    let info = pdfinfo(dir.path(), &pdf.bytes);
    assert_eq!(
        field(&info, "Author"),
        "Łukasz & Co Governance",
        "the brand's prepared_by is the author"
    );
}

#[test]
fn the_cli_prints_the_produced_time_in_local_time_and_dates_the_pdf_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("govmat.db");
    let (g, _) = demo(dir.path());
    drop(g);
    let out = dir.path().join("r.pdf");
    // A POSIX zone string needs no tz database: five and a half hours east of UTC.
    let status = Command::new(env!("CARGO_BIN_EXE_govmat"))
        .env("TZ", "IST-05:30")
        .env("GOVMAT_DB", &db)
        .env("GOVMAT_QUESTIONNAIRES", dir.path().join("none"))
        .args([
            "report",
            "--org",
            "Demo: Riverside & Vale NHS Foundation Trust",
        ])
        .args(["--round", "Annual review 2026", "--out"])
        .arg(&out)
        .status()
        .expect("the govmat binary runs");
    assert!(status.success(), "the report is written");
    let bytes = std::fs::read(&out).unwrap();
    let text = pdf_text(dir.path(), &bytes);
    // Without -layout each cell is a paragraph: the value follows its label.
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .skip_while(|l| !l.contains("How this report was made"))
        .skip_while(|l| *l != "Produced");
    let produced = lines.nth(1).unwrap_or_default().to_string();
    let shape =
        produced.len() == 23 && produced.ends_with(" +05:30") && produced.as_bytes()[10] == b' ';
    assert!(
        shape,
        "the provenance block gives the local time with its offset, got {produced:?}"
    );
    let iso = Command::new("pdfinfo")
        .arg("-isodates")
        .arg(&out)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&iso.stdout).to_string();
    let created = field(&info, "CreationDate");
    let want = format!("{}T{}:00+05:30", &produced[..10], &produced[11..16]);
    assert_eq!(
        created, want,
        "the PDF's creation date is the produced time, offset and all, not 1970"
    );
}
