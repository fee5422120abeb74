//! End to end: a company secretary meets the board where its answers already are. In the Collect
//! step of the real window they save the questions for the form, import the form's export (a file
//! with a column govmat cannot map is shown and refused; a good one is shown, then imported
//! exactly as shown even though the file changes on disk before the confirmation), and save paper
//! ballots, and drop the next export on the panel (only the new member is added); once
//! collection starts, the facilitator keys a paper ballot in with the keyboard
//! alone, and it counts like any other member's answers.
//!
//! Issue 29 §3: the column the header does not match is ignored in the window (named by its
//! letter, AE) and the mapping saved for next year; more paper is printed during collection from a
//! chosen code; keying asks for the ticked role and keeps it; a keying cancelled leaves nothing.
//!
//! Needs a display (run under `xvfb-run -a`), `tauri-driver` and Debian's `webkit2gtk-driver`.

use std::path::{Path, PathBuf};

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
    within(4, journey(&driver, &saved, &export)).await;
    drop(driver);

    // The answers are in the database: two imported members and the keyed paper ballot.
    let g = Govmat::open(&db, None).expect("the database opens");
    let org = &g.organisations().expect("organisations")[0];
    let round = org.rounds[0].id;
    let org_id = org.organisation.id;
    let view = g.round_view(round).expect("the round");
    assert_eq!(view.respondents, 4, "three from the form and one on paper");
    assert!(
        g.member_id(round, "P02").unwrap().is_none(),
        "the cancelled keying left nothing"
    );
    drop(g);
    let mut g = Govmat::open(&db, None).expect("the database opens");
    g.set_roster_pin(org_id, "729135")
        .expect("a roster PIN, to read the round's roles");
    let p01 = g
        .roster(org_id, "729135", govmat::unix_now(), Some(round))
        .expect("the round's members")
        .into_iter()
        .find(|e| e.name == "P01")
        .expect("P01 is a member of the round");
    assert_eq!(
        p01.role,
        govmat::Role::NonExecutive,
        "the role ticked on the paper"
    );
    assert_eq!(
        p01.id, None,
        "and the paper code is not on the board's roster"
    );
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
    // The laptop's usual screen, at which the screenshots are looked at.
    let c = window(driver, (1366, 768)).await;
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
    // The last question's header was retyped in the form, so the import cannot match it.
    const LAST: &str = "Do we have processes that help us decide how functions should be delegated or commissioned, and to whom?";
    assert!(
        header.contains(LAST),
        "the template's last header: {header:.200}"
    );
    let retyped = header.replace(LAST, "Delegation (retyped)");
    std::fs::write(
        export,
        export_of(&retyped, &members, Some("Favourite biscuit")),
    )
    .unwrap();
    click(&c, "#import-choose").await;
    let problems = text_when(&c, "#import-problems", |t| !t.is_empty()).await;
    assert!(
        problems.contains("Favourite biscuit"),
        "the column is named: {problems}"
    );
    let heading = find(&c, "#import-preview h3").await.text().await.unwrap();
    let folder = export.parent().unwrap().display().to_string();
    assert!(
        heading.starts_with("What Board survey") && !heading.contains(&folder),
        "the file is named as the person knows it, without its folder: {heading}"
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
    // The window maps what the header does not: column AE (31st) is ignored, and the same file
    // can then be imported; the mapping is saved for next year's form (issue 29 §3).
    let mapping = text_when(&c, "#import-mapping", |t| t.contains("Favourite biscuit")).await;
    assert!(
        mapping.contains("AE"),
        "columns by their letters: {mapping:.200}"
    );
    assert!(
        problems.contains("column AD (Delegation (retyped)): unknown column"),
        "{problems}"
    );
    let without = text_when(&c, "#import-without", |t| !t.is_empty()).await;
    assert!(
        without.contains("27. Delegation and commissioning"),
        "the question left without a column is named: {without}"
    );
    scroll_to(&c, "#import-without").await;
    screenshot(&c, &screenshots(), "24-import-unmatched").await;
    choose(&c, "#import-use-30", "delegation-commissioning").await;
    text_when(&c, "#import-status", |t| {
        t == "Column AD now becomes 27. Delegation and commissioning."
    })
    .await;
    choose(&c, "#import-use-31", "ignore").await;
    let summary = text_when(&c, "#import-summary", |t| !t.is_empty()).await;
    assert_eq!(
        summary, "Would add 2 members.",
        "ignored, the column blocks nothing"
    );
    text_when(&c, "#import-status", |t| {
        t.starts_with("Column AE now becomes nothing")
    })
    .await;
    scroll_to(&c, "#import-use-31").await;
    screenshot(&c, &screenshots(), "24-import-column-ignored").await;
    click(&c, "#import-save-map").await;
    text_when(&c, "#import-status", |t| {
        t.starts_with("Mapping saved for next year:")
    })
    .await;
    let map = std::fs::read_to_string(saved_file(saved, "toml")).expect("the mapping");
    assert!(
        map.contains("\"Favourite biscuit\" = \"ignore\"")
            && map.contains("\"Delegation (retyped)\" = \"delegation-commissioning\"")
            && map.contains("= \"role\""),
        "the file --map reads: {map}"
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
    text_when(&c, "#paper-print-status", |t| {
        t.starts_with("Saved ballots P01 to P03:")
    })
    .await;
    let pdf = std::fs::read(saved_file(saved, "pdf")).expect("the ballots");
    assert!(pdf.starts_with(b"%PDF"));
    std::fs::remove_file(saved_file(saved, "pdf")).unwrap();

    // Collection starts; the facilitator keys in paper ballot P01 from the keyboard.
    type_into(&c, "#new-pin", PIN).await;
    type_into(&c, "#new-pin-again", PIN).await;
    click(&c, "#start-collection").await;

    // A late arrival wants paper: one more ballot, after the three printed (issue 29 §3).
    find(&c, "#paper-code").await;
    type_into(&c, "#paper-first", "4").await;
    click(&c, "#save-paper").await;
    text_when(&c, "#paper-print-status", |t| {
        t.starts_with("Saved ballot P04:")
    })
    .await;
    assert!(std::fs::read(saved_file(saved, "pdf"))
        .unwrap()
        .starts_with(b"%PDF"));
    scroll_to(&c, "#save-paper").await;
    screenshot(&c, &screenshots(), "25-paper-print-collecting").await;

    // No role is assumed: keying waits for the box ticked on the paper.
    type_into(&c, "#paper-code", "P02").await;
    click(&c, "#paper-start").await;
    text_when(&c, "#paper-error", |t| t.contains("role box ticked")).await;
    scroll_to(&c, "#paper-title").await;
    screenshot(&c, &screenshots(), "25-paper-panel-collecting").await;
    choose(&c, "#paper-role", "executive").await;
    click(&c, "#paper-start").await;
    click(&c, "#private-continue").await;
    text_when(&c, "main h1", |t| t == "Keying in paper ballot P02").await;
    press(&c, '2').await;
    text_when(&c, "#paper-status", |t| t == "Saved").await;
    // Cancel: after a confirmation, nothing keyed from P02 is kept and the code is free again.
    click(&c, "#paper-cancel").await;
    let asked = text_when(&c, "dialog", |t| !t.is_empty()).await;
    assert!(
        asked.contains("The 1 answer keyed from this paper will be removed"),
        "{asked}"
    );
    screenshot(&c, &screenshots(), "26-paper-cancel").await;
    click(&c, "dialog [data-confirm]").await;
    text_when(&c, "#notice", |t| {
        t.starts_with("Paper ballot P02 cancelled")
    })
    .await;

    type_into(&c, "#paper-code", "P01").await;
    choose(&c, "#paper-role", "non-executive").await;
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

/// Brings an element to the middle of the window, for a screenshot of it.
async fn scroll_to(c: &Client, css: &str) {
    let block = if css == "#paper-title" {
        "start"
    } else {
        "center"
    };
    let js = format!(
        "const e = document.querySelector('{css}'); e.scrollIntoView({{ block: '{block}' }}); const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;"
    );
    until(c, &js, &format!("{css} is in view")).await;
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
