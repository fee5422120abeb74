//! Issue 10, part 2: the editable Word report. Each file is written by the real binary and read
//! back as Word would read it: its XML parts, through Python's zipfile and ElementTree.

use std::path::Path;

use assert_cmd::Command as Cmd;

use crate::docx_read;
use docx_read::{all_text, headings, read_docx};

const DEMO: &str = "Demo: Riverside & Vale NHS Foundation Trust";

fn govmat(dir: &Path) -> Cmd {
    let mut c = Cmd::cargo_bin("govmat").expect("the govmat binary is built");
    c.env("GOVMAT_DB", dir.join("govmat.db"))
        .env("GOVMAT_QUESTIONNAIRES", dir.join("no-extra-questionnaires"));
    c
}

#[test]
fn the_word_report_has_the_pdfs_sections_as_real_headings_tables_pictures_and_page_numbers() {
    let dir = tempfile::tempdir().unwrap();
    govmat(dir.path()).arg("demo").assert().success();
    let out = dir.path().join("report.docx");
    govmat(dir.path())
        .args(["report", "--org", DEMO, "--round", "Annual review 2026"])
        .args([
            "--compare",
            "Mid-year review 2025",
            "--format",
            "docx",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let doc = read_docx(&out);
    assert_eq!(
        doc["heading_styles"],
        serde_json::json!([true, true]),
        "Word's own Heading 1 and Heading 2 styles, so the navigation pane works"
    );
    assert_eq!(
        doc["toc"], true,
        "a table of contents field over the headings"
    );
    let h1 = headings(&doc, "Heading1");
    for title in [
        "Executive summary",
        "1. Establishing board-level skills and capacity",
        "Where the board disagrees",
        "The governance spectrum",
        "Trends across rounds",
        "Action plan",
        "Appendix: the questionnaire and the method",
    ] {
        assert!(
            h1.iter().any(|h| h == title),
            "\"{title}\" is a Heading 1: {h1:?}"
        );
    }
    let h2 = headings(&doc, "Heading2");
    for title in ["Largest gaps to target", "How this report was made"] {
        assert!(h2.iter().any(|h| h == title), "\"{title}\" is a Heading 2");
    }
    assert!(
        doc["tables"].as_u64().unwrap() >= 10,
        "item, gap, action and provenance tables are Word tables"
    );
    let cells: Vec<&str> = doc["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for item in [
        "Skills and capacity",
        "Staff passporting",
        "Delegation and commissioning",
    ] {
        assert!(cells.contains(&item), "the item \"{item}\" is a table cell");
    }
    assert!(
        doc["pictures"].as_u64().unwrap() >= 9,
        "radar, six area charts, heatmap, spectrum and trend as pictures"
    );
    assert_eq!(
        doc["footer_fields"],
        serde_json::json!(["PAGE", "NUMPAGES"]),
        "the footer numbers the pages with Word's own fields"
    );
    let text = all_text(&doc);
    assert!(
        text.contains(DEMO),
        "the organisation's name is on the cover"
    );
    assert!(
        text.contains("Prepared by the board's governance team"),
        "the branding line is on the cover"
    );
}

#[test]
fn hostile_names_come_back_unchanged_from_the_word_file_and_its_properties() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("forms.csv");
    std::fs::write(
        &csv,
        "respondent,role,skills-capacity,training,comment:skills-capacity\n\
         Siôn Ŵyn,chair,2,3,\"Evidence from Llŷr and Łukasz, see O'Brien & Co <b>\"\n\
         Zoë Ørsted,non-executive,4,1,=HYPERLINK(\"http://x\")\n\
         M3,executive,0,?,\n",
    )
    .unwrap();
    let org = "O'Brien & Co <b> Trust — Zoë";
    govmat(dir.path())
        .args(["import", "--org", org, "--round", "Spring 2026"])
        .args([
            "--questionnaire",
            "collaboration-checklist",
            "--date",
            "2026-04-01",
        ])
        .arg(&csv)
        .assert()
        .success();
    let brand = dir.path().join("brand.toml");
    std::fs::write(
        &brand,
        "prepared_by = \"Łukasz & Siôn <i>\"\nconsultant = \"Ørsted Advisory\"\n",
    )
    .unwrap();
    let out = dir.path().join("r.docx");
    govmat(dir.path())
        .args([
            "report",
            "--org",
            org,
            "--round",
            "Spring 2026",
            "--format",
            "docx",
        ])
        .arg("--brand")
        .arg(&brand)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let doc = read_docx(&out);
    let text = all_text(&doc);
    for s in [
        org,
        "Evidence from Llŷr and Łukasz, see O'Brien & Co <b>",
        "=HYPERLINK(\"http://x\")",
        "Prepared by Łukasz & Siôn <i>",
        "Ørsted Advisory",
    ] {
        assert!(
            text.contains(s),
            "\"{s}\" comes back from the Word file character for character"
        );
    }
    for name in ["Siôn Ŵyn", "Zoë Ørsted"] {
        assert!(
            !text.contains(name),
            "members' names never reach the report: {name}"
        );
    }

    // Word's File › Info (docProps/core.xml): title, author and subject, the hostile names as
    // text, for the report and the board summary alike (issue 29 §4).
    let summary = dir.path().join("s.docx");
    govmat(dir.path())
        .args(["report", "--org", org, "--round", "Spring 2026"])
        .args(["--summary", "--format", "docx", "--brand"])
        .arg(&brand)
        .arg("--out")
        .arg(&summary)
        .assert()
        .success();
    for (file, title, subject) in [
        (
            &out,
            format!("{org} — Spring 2026"),
            "Governance readiness report",
        ),
        (
            &summary,
            format!("{org} — Spring 2026: board summary"),
            "Board summary of governance readiness",
        ),
    ] {
        let props = core_properties(file);
        assert_eq!(
            (
                props["title"].as_str(),
                props["creator"].as_str(),
                props["subject"].as_str(),
                props["language"].as_str()
            ),
            (
                Some(title.as_str()),
                Some("Łukasz & Siôn <i>"),
                Some(subject),
                Some("en-GB")
            ),
            "{}: the document's properties name it and who prepared it",
            file.display()
        );
    }
}

/// The Dublin Core fields of a Word file's docProps/core.xml, by local name.
fn core_properties(path: &Path) -> serde_json::Value {
    const READ: &str = r#"
import json, sys, zipfile
import xml.etree.ElementTree as ET
root = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read('docProps/core.xml'))
print(json.dumps({e.tag.split('}')[1]: e.text for e in root}))
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", READ])
        .arg(path)
        .output()
        .expect("python3 reads the Word file");
    assert!(
        out.status.success(),
        "core.xml is well-formed XML: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the reader prints JSON")
}
