//! End to end: a company secretary meets the board where its answers already are. In the Collect
//! step of the real window they save the questions for the form, import the form's export (a file
//! with a column govmat cannot map is shown and refused; a good one is shown, then imported
//! exactly as shown even though the file changes on disk before the confirmation), and save paper
//! ballots, and drop the next export on the panel (only the new member is added); once
//! collection starts, the facilitator keys a paper ballot in with the keyboard
//! alone, and it counts like any other member's answers.
//!
//! Needs a display (run under `xvfb-run -a`), `tauri-driver` and Debian's `webkit2gtk-driver`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::*;
use fantoccini::{Client, Locator};
use govmat::Govmat;

const PIN: &str = "482619";
const ENTER: char = '\u{E007}';
const UP: char = '\u{E013}';
const END: char = '\u{E010}';

#[tokio::test(flavor = "multi_thread")]
async fn forms_exports_and_paper_ballots_reach_the_round() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = dir.path().join("board.db");
    let saved = dir.path().join("saved");
    std::fs::create_dir_all(&saved).unwrap();
    let export = dir.path().join("Board survey (1-3).csv");
    let driver = start_driver(&[
        ("GOVMAT_DB", &db),
        ("GOVMAT_E2E_SAVE_DIR", &saved),
        ("GOVMAT_E2E_IMPORT", &export),
    ]);
    tokio::time::timeout(Duration::from_secs(240), journey(&driver, &saved, &export))
        .await
        .expect("the journey finished within four minutes");
    drop(driver);

    // The answers are in the database: two imported members and the keyed paper ballot.
    let g = Govmat::open(&db, None).expect("the database opens");
    let org = &g.organisations().expect("organisations")[0];
    let round = org.rounds[0].id;
    let view = g.round_view(round).expect("the round");
    assert_eq!(view.respondents, 4, "three from the form and one on paper");
    let items = &view.items;
    let sorted = |i: usize| {
        let mut v = items[i].values.clone();
        v.sort();
        v
    };
    // The form gave 3, 2 and 0 to every question.
    assert_eq!(
        sorted(0),
        [0, 2, 3, 3],
        "the paper's 3 on the first question"
    );
    assert_eq!(
        (sorted(1), items[1].dont_know),
        (vec![0, 2, 3], 1),
        "its ? on the second"
    );
    assert_eq!(sorted(2), [0, 2, 3], "the third left blank");
    assert_eq!(sorted(3), [0, 1, 2, 3], "the 1 on the fourth");
    assert_eq!(sorted(items.len() - 1), [0, 2, 3, 4], "the 4 on the last");
}

/// The collaboration checklist's questions, each a column of the form after name, email, role.
const QUESTIONS: usize = 27;

/// The export as Forms writes it: the template's headers, then one row per member.
fn export_of(header: &str, rows: &[(&str, &str, &str, &str)], extra: Option<&str>) -> String {
    let mut out = header.trim_end().to_string();
    if let Some(x) = extra {
        out.push_str(&format!(",{x}"));
    }
    out.push('\n');
    for (name, email, role, option) in rows {
        out.push_str(&format!("{name},{email},{role}"));
        for _ in 0..QUESTIONS {
            out.push_str(&format!(",\"{option}\""));
        }
        if extra.is_some() {
            out.push_str(",Ginger nuts");
        }
        out.push('\n');
    }
    out
}

async fn journey(driver: &Driver, saved: &Path, export: &Path) {
    let c = connect(driver, env!("CARGO_BIN_EXE_govmat-desktop")).await;
    c.set_window_size(1400, 1000).await.ok();
    find(&c, "#open-demo").await;
    type_into(&c, "#org-name", "Hafod Community Trust").await;
    click(&c, "form.stack button[type=submit]").await;
    click(&c, "details.new-round summary").await;
    click(&c, "details.new-round button[type=submit]").await;
    text_when(&c, "main h1", |t| t == "Collect answers privately").await;

    // The questions for the form, and the CSV of headers the import maps.
    click(&c, "#save-template").await;
    text_when(&c, "#import-status", |t| t.starts_with("Saved:")).await;
    let guide = std::fs::read_to_string(saved_file(saved, "txt")).expect("the guide");
    assert!(
        guide.contains("3 — Established"),
        "options ready to paste: {guide:.300}"
    );
    let header = std::fs::read_to_string(saved_file(saved, "csv")).expect("the headers");

    // An export with a column govmat cannot place is shown, and cannot be imported.
    let members = [
        (
            "Siân Jones",
            "sian@hafod.nhs.uk",
            "Chair",
            "3 — Established",
        ),
        (
            "Owain Hughes",
            "owain@hafod.nhs.uk",
            "Non-executive director",
            "2 — Developing",
        ),
    ];
    std::fs::write(
        export,
        export_of(&header, &members, Some("Favourite biscuit")),
    )
    .unwrap();
    click(&c, "#import-choose").await;
    let problems = text_when(&c, "#import-problems", |t| !t.is_empty()).await;
    assert!(
        problems.contains("Favourite biscuit"),
        "the column is named: {problems}"
    );
    assert!(
        find(&c, "#import-confirm")
            .await
            .prop("disabled")
            .await
            .unwrap()
            == Some("true".into()),
        "a refused import cannot be confirmed"
    );
    click(&c, "#import-cancel").await;
    text_when(&c, "#import-status", |t| t == "Nothing imported.").await;

    // A good export: the mapping first, then exactly what was shown is imported.
    std::fs::write(export, export_of(&header, &members, None)).unwrap();
    click(&c, "#import-choose").await;
    let summary = text_when(&c, "#import-summary", |t| !t.is_empty()).await;
    assert_eq!(summary, "Would add 2 members.");
    let mapping = text_when(&c, "#import-mapping", |t| t.contains("the member's role")).await;
    assert!(
        mapping.contains("the member's name") && mapping.contains("the member's email"),
        "the metadata columns are shown for what they are: {mapping:.400}"
    );
    screenshot(&c, &screenshots(), "22-import-mapping").await;
    let third = (
        "Gwen Price",
        "gwen@hafod.nhs.uk",
        "Executive director",
        "0 — Not yet started",
    );
    std::fs::write(
        export,
        export_of(&header, &[members[0], members[1], third], None),
    )
    .unwrap();
    click(&c, "#import-confirm").await;
    text_when(&c, "#notice", |t| t.ends_with(": 2 members added.")).await;
    text_when(&c, "#members-count", |t| t.starts_with("2 members have")).await;

    // The next export dropped on the panel: those already imported are left as they are.
    let all = export_of(&header, &[members[0], members[1], third], None);
    drop_files(&c, "#import-drop", &[("Board survey (1-4).csv", &all)]).await;
    let summary = text_when(&c, "#import-summary", |t| !t.is_empty()).await;
    assert_eq!(
        summary,
        "Would add 1 member; 2 already in this round are left as they are."
    );
    click(&c, "#import-confirm").await;
    text_when(&c, "#notice", |t| {
        t.starts_with(
            "Imported from Board survey (1-4).csv: 1 member added; 2 already in this round left as they were",
        )
    })
    .await;

    // Replacing them takes the roster PIN, which this board has not chosen yet (issue 23 §2).
    click(&c, "#import-replace").await;
    drop_files(&c, "#import-drop", &[("Board survey (1-4).csv", &all)]).await;
    text_when(&c, "#import-no-pin", |t| t.contains("has none yet")).await;
    assert!(
        find(&c, "#import-confirm")
            .await
            .prop("disabled")
            .await
            .unwrap()
            == Some("true".into()),
        "replacing without a roster PIN cannot be confirmed"
    );
    click(&c, "#import-cancel").await;
    click(&c, "#import-replace").await;

    // Paper ballots, one per member with its own code.
    type_into(&c, "#paper-members", "3").await;
    click(&c, "#save-paper").await;
    text_when(&c, "#import-status", |t| t.starts_with("Saved:")).await;
    let pdf = std::fs::read(saved_file(saved, "pdf")).expect("the ballots");
    assert!(pdf.starts_with(b"%PDF"));

    // Collection starts; the facilitator keys in paper ballot P01 from the keyboard.
    type_into(&c, "#new-pin", PIN).await;
    type_into(&c, "#new-pin-again", PIN).await;
    click(&c, "#start-collection").await;
    type_into(&c, "#paper-code", "P01").await;
    click(&c, "#paper-start").await;
    click(&c, "#private-continue").await;
    text_when(&c, "main h1", |t| t == "Keying in paper ballot P01").await;
    for key in ['3', '?', ENTER, '1', UP, END, '4'] {
        press(&c, key).await;
    }
    let values = paper_values(&c).await;
    assert_eq!(&values[..4], ["3", "?", "", "1"], "one key per question");
    assert_eq!(
        values.last().map(String::as_str),
        Some("4"),
        "End jumps to the last"
    );
    text_when(&c, "#paper-count", |t| t == "4 of 27 keyed in.").await;
    text_when(&c, "#paper-status", |t| t == "Saved").await;
    screenshot(&c, &screenshots(), "23-paper-entry").await;
    click(&c, "#paper-finish").await;
    let done = text_when(&c, "#paper-done", |t| t.contains("keyed in")).await;
    assert!(
        done.contains("4 answers saved; 23 questions were left blank"),
        "{done}"
    );
    click(&c, "#paper-next").await;

    // The facilitator ends collection: the round holds three members.
    click(&c, "#facilitator summary").await;
    type_into(&c, "#facilitator-pin", PIN).await;
    click(&c, "#end-collection").await;
    text_when(&c, "main h1", |t| t == "Reveal and agree").await;
    c.close().await.ok();
}

async fn paper_values(c: &Client) -> Vec<String> {
    let mut out = Vec::new();
    for input in c
        .find_all(Locator::Css("#paper-table input"))
        .await
        .expect("the rows")
    {
        out.push(input.prop("value").await.unwrap().unwrap_or_default());
    }
    out
}

fn screenshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots")
}
