//! Issue 13: real Microsoft Forms and Google Forms exports (question-text headers, option-text
//! cells, metadata columns, a "(2)" duplicate, a missing answer, a comma and a newline in an
//! answer, non-ASCII names), the mapping's dry run, refusals, re-import, the template's
//! round trip, the decisions CSV and a closed pipe. Fixtures are written here, as Forms write them.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;
use serde_json::Value;

const SKILLS: &str = "Has our board identified the skills and the capacity it needs at board level to work collaboratively, and identified where it has gaps?";
const TRAINING: &str = "Have all of our board members received the induction, training and continuing support they need to carry out their duties effectively within collaborative working arrangements?";

struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("questionnaires")).unwrap();
        Sandbox { dir }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn govmat(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_govmat"));
        c.current_dir(self.dir.path())
            .env("GOVMAT_DB", self.path("govmat.db"))
            .env("HOME", self.dir.path())
            .arg("--questionnaires")
            .arg(self.path("questionnaires"));
        c
    }
    fn import(&self, file: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
        let mut args = vec![
            "import".to_string(),
            file.display().to_string(),
            "--org".into(),
            "Riverside Trust".into(),
            "--round".into(),
            "Away-day".into(),
            "--questionnaire".into(),
            "collaboration-checklist".into(),
            "--date".into(),
            "2025-01-22".into(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        self.govmat().args(&args).assert()
    }
    fn summary(&self) -> Value {
        let out = self
            .govmat()
            .args([
                "summary",
                "--org",
                "Riverside Trust",
                "--round",
                "Away-day",
                "--json",
            ])
            .assert()
            .success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    }
    fn db_bytes(&self) -> Option<Vec<u8>> {
        std::fs::read(self.path("govmat.db")).ok()
    }
}

fn text(a: &assert_cmd::assert::Assert, err: bool) -> String {
    let o = a.get_output();
    String::from_utf8_lossy(if err { &o.stderr } else { &o.stdout }).into_owned()
}

/// The Microsoft Forms export: metadata first, then question texts as the author typed them
/// (numbered, one by short name), comments columns after two questions ("Comments (2)").
fn ms_rows() -> Vec<Vec<String>> {
    let h = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Last modified time",
        "What is your role on the board?",
        &format!("1. {SKILLS}"),
        "Comments",
        &format!("Q2 - {TRAINING}"),
        "Comments (2)",
        "Organisational development",
        "Scope",
    ];
    let rows: [[&str; 13]; 4] = [
        [
            "1",
            "1/20/25 9:01:02",
            "1/20/25 9:09:40",
            "lukasz@trust.nhs.uk",
            "Nowak, Łukasz",
            "",
            "Non-executive director",
            "3 — Established",
            "Evidence: skills review, March 2025",
            "Developing",
            "Line one\nline two",
            "Don't know",
            "Exemplar",
        ],
        [
            "2",
            "1/20/25 10:00:00",
            "1/20/25 10:05:00",
            "sion@trust.nhs.uk",
            "Siôn Ŵyn",
            "",
            "Chair",
            "Early progress — the board has made a start",
            "",
            "1. Early progress",
            "",
            "Don’t know",
            "EXEMPLAR",
        ],
        [
            "3",
            "1/21/25 8:00:00",
            "1/21/25 8:30:00",
            "priya@trust.nhs.uk",
            "Priya Raman",
            "",
            "Executive director",
            "4",
            "",
            "",
            "",
            "Don't know",
            "0 — Not yet started",
        ],
        [
            "4",
            "1/21/25 9:00:00",
            "1/21/25 9:30:00",
            "zoe@trust.nhs.uk",
            "",
            "",
            "NED",
            "2",
            "",
            "Established",
            "",
            "2",
            "3",
        ],
    ];
    let mut out = vec![h.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    out.extend(
        rows.iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect()),
    );
    out
}

fn csv_of(rows: &[Vec<String>], sep: u8) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(sep)
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap();
    }
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(w.into_inner().unwrap());
    bytes
}

fn xlsx_of(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            // Forms write the ID as a number and everything else as text.
            if c == 0 && r > 0 {
                sheet
                    .write_number(r as u32, c as u16, cell.parse::<f64>().unwrap())
                    .unwrap();
            } else if !cell.is_empty() {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// Worked out by hand from `ms_rows`: skills 3,1,4,2; training 2,1,3 (Priya left it empty);
/// organisational development three don't knows and a 2; scope 4,4,0,3.
fn check_ms_summary(s: &Sandbox, label: &str) {
    let v = s.summary();
    assert_eq!(v["respondents"], 4, "{label}: four members answered");
    let items = &v["areas"][0]["items"];
    assert_eq!(items[0]["n"], 4, "{label}: skills n");
    assert_eq!(items[0]["mean"], 2.5, "{label}: skills mean (3+1+4+2)/4");
    assert_eq!(
        items[1]["n"], 3,
        "{label}: the missing training answer is not scored"
    );
    assert_eq!(items[1]["mean"], 2.0, "{label}: training mean (2+1+3)/3");
    assert_eq!(items[2]["dont_know"], 3, "{label}: three don't knows");
    assert_eq!(items[2]["n"], 1, "{label}: org development n");
    let scope = &v["areas"][1]["items"][0];
    assert_eq!(scope["mean"], 2.75, "{label}: scope mean (4+4+0+3)/4");
}

#[test]
fn a_microsoft_forms_csv_export_imports_with_exact_statistics_and_re_imports_as_no_change() {
    let s = Sandbox::new();
    let file = s.path("Board diagnostic(1-4).csv");
    std::fs::write(&file, csv_of(&ms_rows(), b',')).unwrap();

    let dry = s.import(&file, &["--dry-run"]).success();
    let out = text(&dry, false);
    for line in [
        "column  A \"ID\" -> response id",
        "column  B \"Start time\": ignored (form metadata)",
        "column  G \"What is your role on the board?\" -> role",
        "-> item skills-capacity (question text)",
        "column  I \"Comments\" -> comment on skills-capacity",
        "column  K \"Comments (2)\" -> comment on training",
        "column  L \"Organisational development\" -> item org-development (short name)",
        "4 responses would be imported (4 new, 0 replaced, 0 already in the round); nothing was written",
    ] {
        assert!(out.contains(line), "the dry run shows `{line}`:\n{out}");
    }
    s.govmat()
        .args(["summary", "--org", "Riverside Trust", "--round", "Away-day"])
        .assert()
        .failure(); // the dry run created neither the organisation nor the round
    s.import(&file, &[]).success();
    check_ms_summary(&s, "MS CSV");

    let before = s.db_bytes();
    let again = s.import(&file, &[]).success();
    assert!(
        text(&again, false).contains("(0 new, 0 replaced, 4 already in the round"),
        "{}",
        text(&again, false)
    );
    assert_eq!(s.db_bytes(), before, "the same export twice adds nothing");
    check_ms_summary(&s, "after re-import");
}

#[test]
fn a_microsoft_forms_xlsx_and_a_utf16_semicolon_csv_import_the_same_answers() {
    let s = Sandbox::new();
    let file = s.path("Board diagnostic.xlsx");
    std::fs::write(&file, xlsx_of(&ms_rows())).unwrap();
    s.import(&file, &[]).success();
    check_ms_summary(&s, "XLSX");

    let t = Sandbox::new();
    let utf8 = csv_of(&ms_rows(), b';');
    let text16 = String::from_utf8(utf8[3..].to_vec()).unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    for u in text16.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let file = t.path("export.csv");
    std::fs::write(&file, bytes).unwrap();
    t.import(&file, &[]).success();
    check_ms_summary(&t, "UTF-16 ;");
}

#[test]
fn a_google_forms_export_imports_by_email_when_there_is_no_name() {
    let s = Sandbox::new();
    let rows = [
        vec![
            "Timestamp",
            "Email Address",
            "Your role on the board",
            "Skills and capacity",
            "Training",
            "Comments",
        ],
        vec![
            "2025/01/20 9:01:02 am GMT",
            "anna@trust.nhs.uk",
            "Chair",
            "2 — Developing",
            "Established",
            "Fine, mostly",
        ],
        vec![
            "2025/01/20 9:05:02 am GMT",
            "ben@trust.nhs.uk",
            "Executive",
            "4",
            "?",
            "",
        ],
        vec![
            "2025/01/20 9:07:40 am GMT",
            "cai@trust.nhs.uk",
            "Non-executive",
            "3",
            "Developing",
            "",
        ],
    ];
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect();
    let file = s.path("google.csv");
    std::fs::write(&file, csv_of(&rows, b',')).unwrap();
    s.import(&file, &["--anonymise"]).success();
    let v = s.summary();
    assert_eq!(v["respondents"], 3);
    assert_eq!(
        v["areas"][0]["items"][0]["mean"], 3.0,
        "skills (2+4+3)/3: three answers, so a mean is shown"
    );
    assert_eq!(v["areas"][0]["items"][1]["dont_know"], 1, "? is don't know");
}

#[test]
fn a_header_matching_two_items_and_one_matching_none_are_refused_together_writing_nothing() {
    let s = Sandbox::new();
    // A house questionnaire where two items share a short name.
    let toml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/questionnaires/collaboration-checklist.toml"
    ))
    .unwrap()
    .replace(
        "id = \"collaboration-checklist\"",
        "id = \"house-checklist\"",
    )
    .replace("title = \"Quick wins\"", "title = \"Training\"");
    std::fs::write(s.path("questionnaires/house.toml"), toml).unwrap();
    let file = s.path("bad.csv");
    std::fs::write(
        &file,
        "Name,Role,Training,Favourite biscuit\nAnna,Chair,2,Hobnob\n",
    )
    .unwrap();
    let out = s
        .govmat()
        .args([
            "import",
            file.to_str().unwrap(),
            "--org",
            "R",
            "--round",
            "X",
            "--questionnaire",
            "house-checklist",
            "--date",
            "2025-01-22",
        ])
        .assert()
        .failure();
    let err = text(&out, true);
    assert!(err.contains("2 problems; nothing was imported"), "{err}");
    assert!(err.contains("column C (Training): matches more than one item: `training` (Training), `quick-wins` (Training)"), "{err}");
    assert!(
        err.contains("column D (Favourite biscuit): unknown column: matches no item"),
        "{err}"
    );
    assert!(s
        .govmat()
        .args(["summary", "--org", "R", "--round", "X"])
        .assert()
        .failure()
        .get_output()
        .status
        .code()
        .is_some());
}

#[test]
fn the_forms_template_headers_round_trip_through_import_and_a_saved_map_is_reused() {
    let s = Sandbox::new();
    let out = s.path("form.txt");
    s.govmat()
        .args([
            "forms-template",
            "--questionnaire",
            "collaboration-checklist",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let guide = std::fs::read_to_string(&out).unwrap();
    assert!(guide.contains(SKILLS), "the guide lists the questions");
    assert!(guide.contains("3 — Established\n"), "options one per line");
    let header = std::fs::read_to_string(s.path("form.csv")).unwrap();
    let cols = csv::Reader::from_reader(header.as_bytes())
        .headers()
        .unwrap()
        .len();
    assert_eq!(cols, 2 + 1 + 27, "name, email, role and 27 questions");
    let mut filled = header.clone();
    // Three members, so every item's mean may be shown.
    for who in [
        "Anna Ek,anna@x.nhs.uk,Chair",
        "Ben Ode,ben@x.nhs.uk,Executive",
        "Cai Rees,cai@x.nhs.uk,Non-executive",
    ] {
        filled.push_str(who);
        for _ in 0..27 {
            filled.push_str(",\"2 — Developing\"");
        }
        filled.push('\n');
    }
    let file = s.path("filled.csv");
    std::fs::write(&file, filled).unwrap();
    let map = s.path("map.toml");
    let dry = s
        .import(&file, &["--dry-run", "--save-map", map.to_str().unwrap()])
        .success();
    assert!(
        !text(&dry, false).contains("NOT MAPPED"),
        "every template column maps"
    );
    assert_eq!(text(&dry, false).matches("(question text)").count(), 27);
    s.import(&file, &["--map", map.to_str().unwrap()]).success();
    let v = s.summary();
    assert_eq!(v["overall"]["mean"], 2.0, "every answer 2");
}

#[test]
fn decisions_import_from_a_csv_all_or_nothing() {
    let s = Sandbox::new();
    let file = s.path("ms.csv");
    std::fs::write(&file, csv_of(&ms_rows(), b',')).unwrap();
    s.import(&file, &[]).success();
    let bad = s.path("bad-decisions.csv");
    std::fs::write(
        &bad,
        "item,agreed,target,rationale,dissent\nskills-capacity,2,3,ok,\nnope,1,,,\ntraining,9,,,\n",
    )
    .unwrap();
    let out = s
        .govmat()
        .args([
            "decisions",
            bad.to_str().unwrap(),
            "--org",
            "Riverside Trust",
            "--round",
            "Away-day",
        ])
        .assert()
        .failure();
    let err = text(&out, true);
    assert!(
        err.contains("row 3, column A (item): \"nope\" is not an item"),
        "{err}"
    );
    assert!(
        err.contains("row 4, column B (agreed): \"9\" is not on the scale"),
        "{err}"
    );
    assert_eq!(
        s.summary()["areas"][0]["items"][0]["agreed"],
        Value::Null,
        "nothing recorded"
    );
    let good = s.path("decisions.csv");
    std::fs::write(&good, "item,agreed,target,rationale,dissent\nskills-capacity,2,Established,\"Skills review, March\",One NED wanted 3\nScope,Exemplar,,,\n").unwrap();
    s.govmat()
        .args([
            "decisions",
            good.to_str().unwrap(),
            "--org",
            "Riverside Trust",
            "--round",
            "Away-day",
        ])
        .assert()
        .success();
    let v = s.summary();
    assert_eq!(v["areas"][0]["items"][0]["agreed"], 2);
    assert_eq!(
        v["areas"][0]["items"][0]["target"], 3,
        "a label is read as its level"
    );
    assert_eq!(
        v["areas"][1]["items"][0]["agreed"], 4,
        "an item by its short name"
    );
}

#[test]
fn a_closed_pipe_ends_summary_quietly() {
    let s = Sandbox::new();
    s.govmat().arg("demo").assert().success();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_govmat"))
        .env("GOVMAT_DB", s.path("govmat.db"))
        .env("HOME", s.dir.path())
        .args([
            "--questionnaires",
            s.path("questionnaires").to_str().unwrap(),
            "demo",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("panicked"),
        "no backtrace when the pipe closes: {err}"
    );
    assert!(
        out.status.success(),
        "a closed pipe is not a failure: {err}"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]

    /// The XLSX and UTF-16 readers get a mutated workbook or arbitrary bytes: each file is
    /// imported or refused with a message, never a panic.
    #[test]
    fn mutated_workbooks_and_utf16_bytes_are_imported_or_refused_cleanly(
        edits in proptest::collection::vec((proptest::prelude::any::<usize>(), proptest::prelude::any::<u8>()), 0..6),
        utf16 in proptest::prelude::any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut g = govmat::Govmat::open(&dir.path().join("g.db"), None).unwrap();
        let mut bytes = if utf16 { vec![0xFF, 0xFE, b'I', 0, b'D', 0] } else { xlsx_of(&ms_rows()) };
        for (at, b) in edits {
            let i = at % bytes.len();
            bytes[i] = b;
        }
        let req = govmat::ImportRequest {
            org: "R",
            round: "X",
            questionnaire: "collaboration-checklist",
            date: "2025-01-22",
            file: Path::new("fuzz.xlsx"),
            replace: false,
        };
        if let Err(e) = g.import_bytes(&req, "fuzz.xlsx", &bytes) {
            proptest::prop_assert!(!e.to_string().is_empty());
        }
    }
}

#[test]
fn ballot_pdf_prints_one_page_set_per_member_with_the_questions() {
    let s = Sandbox::new();
    let file = s.path("ms.csv");
    std::fs::write(&file, csv_of(&ms_rows(), b',')).unwrap();
    s.import(&file, &[]).success();
    let out = s.path("ballots.pdf");
    s.govmat()
        .args([
            "ballot-pdf",
            "--org",
            "Riverside Trust",
            "--round",
            "Away-day",
            "--members",
            "3",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let txt = std::process::Command::new("pdftotext")
        .args([out.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is installed (poppler-utils)");
    let text = String::from_utf8_lossy(&txt.stdout);
    for code in ["P01", "P02", "P03"] {
        assert!(
            text.contains(&format!("member {code}")),
            "a page set for {code}"
        );
    }
    assert!(!text.contains("P04"), "three ballots, not four");
    assert_eq!(
        text.matches("Has our board identified the skills").count(),
        3,
        "the first question once per member"
    );
    assert!(
        text.contains("Riverside Trust — Away-day"),
        "the round on each page"
    );
}

#[test]
fn the_desktop_preview_of_an_existing_round_shows_the_mapping_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = govmat::Govmat::open(&dir.path().join("g.db"), None).unwrap();
    let file = dir.path().join("ms.xlsx");
    std::fs::write(&file, xlsx_of(&ms_rows())).unwrap();
    let round = g
        .round_for(
            "Riverside Trust",
            "Away-day",
            "collaboration-checklist",
            "2025-01-22",
        )
        .unwrap();
    let p = g.preview_into_round(round, &file, false).unwrap();
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.added, 4, "four new members would be added");
    let role = p.mapping.columns.iter().find(|c| c.column == 7).unwrap();
    assert_eq!(
        role.to,
        Some(govmat::ColumnUse::Role),
        "the role question is found"
    );
    assert!(
        g.member_id(round, "Priya Raman").unwrap().is_none(),
        "the preview wrote nothing"
    );
    let out = g.import_into_round(round, &file, false).unwrap();
    assert_eq!((out.added, out.already), (4, 0));
    assert!(g.member_id(round, "Priya Raman").unwrap().is_some());
}

/// A Forms export whose question headers were retyped in the form: one the import cannot match,
/// and a column it should not read.
fn retyped_export() -> Vec<u8> {
    format!(
        "Name,What is your role on the board?,Our skills (retyped),\"{TRAINING}\",Favourite biscuit\n\
         Anna Bell,Chair,3,2,Hobnob\n\
         Ben Cole,Executive director,2,1,Digestive\n\
         Cara Dunn,Other,4,Don't know,Rich tea\n"
    )
    .into_bytes()
}

#[test]
fn a_column_the_header_does_not_match_is_mapped_and_the_mapping_saved_for_next_year() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    let mut g = govmat::Govmat::open(&db, None).unwrap();
    let round = g
        .round_for(
            "Riverside Trust",
            "Away-day",
            "collaboration-checklist",
            "2025-01-22",
        )
        .unwrap();
    let bytes = retyped_export();
    let p = g
        .preview_in_round(round, "retyped.csv", &bytes, false, None)
        .unwrap();
    let letters: Vec<&str> = p
        .mapping
        .columns
        .iter()
        .map(|c| c.letter.as_str())
        .collect();
    assert_eq!(
        letters,
        ["A", "B", "C", "D", "E"],
        "columns named as Excel names them"
    );
    assert!(
        p.problems
            .iter()
            .any(|m| m.contains("row 1, column C (Our skills (retyped)): unknown column")),
        "the unmatched column is named by its letter: {:?}",
        p.problems
    );
    assert!(
        p.without_column
            .iter()
            .any(|q| q.id == "skills-capacity" && q.number == 1),
        "the question left without a column is named"
    );

    // The person maps the column and ignores the biscuits; the choices are a mapping file.
    let choices = vec![
        (
            "Our skills (retyped)".to_string(),
            "skills-capacity".to_string(),
        ),
        ("Favourite biscuit".to_string(), "ignore".to_string()),
    ];
    let text = g.import_map_with(round, None, &choices).unwrap();
    assert!(
        text.contains("\"Our skills (retyped)\" = \"skills-capacity\""),
        "{text}"
    );
    let map = ("chosen".to_string(), text.clone());
    let p = g
        .preview_in_round(round, "retyped.csv", &bytes, false, Some(&map))
        .unwrap();
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert!(
        !p.without_column.iter().any(|q| q.id == "skills-capacity"),
        "the question has its column now"
    );
    assert_eq!(p.mapping.columns[2].how, "chosen in the mapping");
    assert_eq!(p.mapping.columns[4].to, Some(govmat::ColumnUse::Ignored));
    assert!(
        p.map_file
            .contains("\"Our skills (retyped)\" = \"skills-capacity\""),
        "the mapping to save holds the choice: {}",
        p.map_file
    );

    // A second choice over the first keeps both.
    let more = vec![(
        "Favourite biscuit".to_string(),
        "comment:training".to_string(),
    )];
    let both = g.import_map_with(round, Some(&map), &more).unwrap();
    assert!(
        both.contains("\"Our skills (retyped)\" = \"skills-capacity\""),
        "{both}"
    );
    assert!(
        both.contains("\"Favourite biscuit\" = \"comment:training\""),
        "{both}"
    );

    let out = g
        .import_in_round(round, "retyped.csv", &bytes, false, Some(&map), None)
        .unwrap();
    assert_eq!(out.added, 3);

    // Next year: the saved file, read by the CLI's --map, maps the same export without help.
    let s = Sandbox::new();
    let file = s.path("retyped.csv");
    std::fs::write(&file, &bytes).unwrap();
    let saved = s.path("mapping.toml");
    std::fs::write(&saved, &p.map_file).unwrap();
    s.import(&file, &["--map", saved.to_str().unwrap()])
        .success();
    let v = s.summary();
    assert_eq!(
        v["areas"][0]["items"][0]["mean"], 3.0,
        "skills (3+2+4)/3 read from the retyped column"
    );
}

#[test]
fn a_refused_mapping_choice_changes_nothing_and_names_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    let mut g = govmat::Govmat::open(&db, None).unwrap();
    let round = g
        .round_for(
            "Riverside Trust",
            "Away-day",
            "collaboration-checklist",
            "2025-01-22",
        )
        .unwrap();
    let before = crate::dump::content_of(&db);
    let choices = vec![
        (
            "Our skills (retyped)".to_string(),
            "no-such-item".to_string(),
        ),
        ("Favourite biscuit".to_string(), "ignore".to_string()),
    ];
    let err = g
        .import_map_with(round, None, &choices)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "\"Our skills (retyped)\": `no-such-item` is not an item of collaboration-checklist"
        ),
        "{err}"
    );
    let broken = (
        "old.toml".to_string(),
        "[columns]\n\"A\" = \"nope\"\n".to_string(),
    );
    let err = g
        .preview_in_round(
            round,
            "retyped.csv",
            &retyped_export(),
            false,
            Some(&broken),
        )
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("old.toml: line 2, column 7"),
        "a saved file's fault is located: {err}"
    );
    drop(g);
    assert_eq!(crate::dump::content_of(&db), before, "nothing was written");
}
