//! End to end: a board (the demo) previews and saves its own results pack from the Report step's
//! "Share with the collaborative" panel, and its two-page board summary; then the programme director of the provider
//! collaborative imports two partner boards' packs (one partner's name is an HTML injection
//! attempt) on the Collaborative screen of the real window, adds the board's own round, drops a
//! third partner's pack on the screen (a tampered copy is refused, a newer one replaces the old
//! after confirmation), sees the perception gap and the spectrum table, and saves the
//! collaborative's PDF report. The partners' packs are written through the same API a partner's
//! own app uses.
//!
//! Needs a display (run under `xvfb-run -a`), `tauri-driver` and Debian's `webkit2gtk-driver`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::*;
use fantoccini::Locator;
use govmat::{Answer, Decision, Govmat, NewRound, Position, Role};

const SNEAKY: &str = "<img src=x onerror=alert(1)> Trust";

/// One partner board in its own database, sharing a pack of its round into `dir`.
fn partner_pack(dir: &Path, file: &str, org: &str, training: i64, aspiration: i64) -> PathBuf {
    partner_pack_on(dir, file, org, training, aspiration, "2026-03-02")
}

fn partner_pack_on(
    dir: &Path,
    file: &str,
    org: &str,
    training: i64,
    aspiration: i64,
    produced: &str,
) -> PathBuf {
    let mut g = Govmat::open(&dir.join(format!("{file}.db")), None).expect("opens");
    let org_id = g.create_organisation(org).expect("an organisation").id;
    let round = g
        .create_round(&NewRound {
            organisation_id: org_id,
            name: "Spring 2026".into(),
            date: "2026-03-01".into(),
            questionnaire: "collaboration-checklist".into(),
            carry_actions: false,
        })
        .expect("a round")
        .id;
    for (i, name) in ["Ann", "Bob", "Cat"].iter().enumerate() {
        let m = g.add_member(round, name, Role::NonExecutive).unwrap();
        g.record_answer(round, m, "training", Answer::Level(1 + i as i64), "")
            .unwrap();
    }
    g.save_decision(
        round,
        "training",
        &Decision {
            agreed: Some(training),
            target: Some(4),
            ..Default::default()
        },
        1767225600,
    )
    .unwrap();
    g.save_position(
        round,
        None,
        "formality",
        Position {
            now: Some(2),
            aspiration: Some(aspiration),
        },
    )
    .unwrap();
    let out = dir.join(format!("{file}.govmat-pack"));
    g.write_share_pack(round, false, produced, &out)
        .expect("the pack is written");
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn the_director_imports_partners_packs_and_sees_where_they_differ() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let packs = [
        partner_pack(dir.path(), "avon", "Avon Trust", 1, 3),
        partner_pack(dir.path(), "sneaky", SNEAKY, 4, 5),
    ];
    let dropped = Dropped {
        first: read(&partner_pack(dir.path(), "cedar", CEDAR, 2, 1)),
        newer: read(&partner_pack_on(
            dir.path(),
            "cedar-newer",
            CEDAR,
            3,
            1,
            "2026-04-01",
        )),
    };
    let db = dir.path().join("director.db");
    {
        let mut g = Govmat::open(&db, None).expect("the director's database");
        g.create_organisation("Director's own trust").unwrap();
    }
    let saved = dir.path().join("saved");
    std::fs::create_dir_all(&saved).unwrap();
    let list = PathBuf::from(std::env::join_paths(&packs).expect("a path list"));
    let driver = start_driver(&[
        ("GOVMAT_DB", &db),
        ("GOVMAT_E2E_SAVE_DIR", &saved),
        ("GOVMAT_E2E_PACKS", &list),
    ]);
    within(4, journey(&driver, &saved, &dropped)).await;
    drop(driver);
}

const CEDAR: &str = "Cedar Ŵyn Health — Ymddiriedolaeth";

/// The third partner's pack as dropped on the window, and a newer one for the same round.
struct Dropped {
    first: String,
    newer: String,
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("a pack is UTF-8 JSON")
}

async fn journey(driver: &Driver, saved: &Path, dropped: &Dropped) {
    let c = window(driver, (1400, 1000)).await;

    // The board's own pack: the preview says exactly what is shared, and the file holds it.
    click(&c, "#open-demo").await;
    text_when(&c, "main h1", |t| t == "Results").await;
    click(&c, "#steps a[href='#/report']").await;
    text_when(&c, "main h1", |t| t == "Report").await;
    let preview = text_when(&c, "#share-preview", |t| t.contains("Never shared")).await;
    assert!(
        preview.contains("No actions are shared."),
        "actions are left out until the box is ticked: {preview}"
    );
    click(&c, "#share-actions").await;
    text_when(&c, "#share-action-list", |t| !t.trim().is_empty()).await;
    let first_action = find(&c, "#share-action-list li")
        .await
        .text()
        .await
        .expect("an action title");
    let first_action = first_action.trim();
    click(&c, "#share-save").await;
    text_when(&c, "#share-status", |t| t.starts_with("Saved:")).await;
    let pack = saved_file(saved, "govmat-pack");
    let text = std::fs::read_to_string(&pack).expect("the pack is text");
    let json: serde_json::Value = serde_json::from_str(&text).expect("the pack is JSON");
    assert!(
        json["actions"]
            .as_array()
            .is_some_and(|a| a.iter().any(|t| t == first_action)),
        "the ticked box shares the open action titles shown: {first_action}"
    );
    for never in [
        "Siôn Ŵyn",
        "Priya Raman",
        "Kwame Mensah",
        "Zoë Whitfield",
        "people with time to do this well",
        "joint committee terms of reference",
        "owner",
        "comment",
    ] {
        assert!(
            !text.contains(never),
            "the pack holds no name, owner or comment: found {never}"
        );
    }
    std::fs::remove_file(&pack).unwrap();

    // The two-page board summary from the same step.
    click(&c, "#export-summary-pdf").await;
    text_when(&c, "#report-status", |t| t.starts_with("Saved:")).await;
    let summary = saved_file(saved, "pdf");
    assert!(
        summary
            .file_name()
            .is_some_and(|n| n.to_string_lossy().ends_with("board summary.pdf")),
        "the file's name says what it is: {}",
        summary.display()
    );
    assert!(std::fs::read(&summary).unwrap().starts_with(b"%PDF"));
    std::fs::remove_file(&summary).unwrap();

    click(&c, "#steps a[href='#/collaborative']").await;
    text_when(&c, "main h1", |t| t == "Collaborative").await;
    type_into(&c, "#collab-name", "Coast collaborative").await;
    click(&c, "#collab-import").await;

    let partners = text_when(&c, "#collab-partners", |t| t.contains("Avon Trust")).await;
    assert!(
        partners.contains(SNEAKY),
        "the hostile name is shown as text: {partners}"
    );
    assert!(
        c.find_all(Locator::Css("main img[src='x']"))
            .await
            .expect("query")
            .is_empty(),
        "no markup from a partner's name enters the page"
    );
    let gaps = text_when(&c, "#collab-gaps", |t| t.contains("Training")).await;
    assert!(
        gaps.contains('3'),
        "training: 1 against 4, three levels apart: {gaps}"
    );
    let spectrum = text_when(&c, "#collab-spectrum", |t| t.contains("formally")).await;
    assert!(
        spectrum.contains("2 → 3") && spectrum.contains("2 → 5"),
        "each partner's now and aspiration: {spectrum}"
    );
    find(&c, "#collab-chart img.chart").await;

    // The board's own round, added directly.
    click(&c, "#collab-add-round").await;
    text_when(&c, "#notice", |t| t.starts_with("Added ")).await;
    text_when(&c, "#collab-partners", |t| t.contains("Demo")).await;

    // A third partner's pack dropped on the screen; a tampered copy changes nothing.
    let tampered = dropped.first.replacen("\"agreed\": 2", "\"agreed\": 4", 1);
    assert_ne!(
        tampered, dropped.first,
        "the test changed a number in the pack"
    );
    drop_files(
        &c,
        "#collab-drop",
        &[("cedar-tampered.govmat-pack", &tampered)],
    )
    .await;
    let refused = text_when(&c, "#collab-status", |t| t.starts_with("Nothing imported")).await;
    assert!(
        refused.contains("cedar-tampered.govmat-pack"),
        "the refusal names the dropped file: {refused}"
    );
    let partners = text_when(&c, "#collab-partners", |t| t.contains("Avon Trust")).await;
    assert!(!partners.contains(CEDAR), "a refused drop adds nothing");

    drop_files(&c, "#collab-drop", &[("cedar.govmat-pack", &dropped.first)]).await;
    let partners = text_when(&c, "#collab-partners", |t| t.contains(CEDAR)).await;
    assert!(
        partners.contains("Avon Trust") && partners.contains(SNEAKY) && partners.contains("Demo"),
        "the dropped partner joins the others: {partners}"
    );
    screenshot(&c, &screenshots(), "20-collaborative").await;

    drop_files(
        &c,
        "#collab-drop",
        &[("cedar-april.govmat-pack", &dropped.newer)],
    )
    .await;
    click(&c, "dialog [data-confirm]").await;
    text_when(&c, "#notice", |t| t == "Replaced 1 pack.").await;
    // The screen is drawn again with the partners held now: still four, one of them replaced.
    let mut rows = 0;
    for _ in 0..50 {
        rows = c
            .find_all(Locator::Css("#collab-partners tbody tr"))
            .await
            .expect("the partner rows")
            .len();
        if rows == 4 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        rows, 4,
        "the newer pack replaced the older one: four partners"
    );

    click(&c, "#collab-report").await;
    text_when(&c, "#collab-status", |t| t.starts_with("Saved:")).await;
    let pdf = saved_file(saved, "pdf");
    assert!(std::fs::read(pdf).unwrap().starts_with(b"%PDF"));
    c.close().await.ok();
}

fn screenshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots")
}
