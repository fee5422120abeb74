//! End to end: the programme director of a provider collaborative imports two partner boards'
//! results packs (one partner's name is an HTML injection attempt) on the Collaborative screen of
//! the real window, sees the perception gap and the spectrum table, and saves the collaborative's
//! PDF report. The packs are written through the same API a partner's own app uses.
//!
//! Needs a display (run under `xvfb-run -a`), `tauri-driver` and Debian's `webkit2gtk-driver`.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::Locator;
use govmat::{Answer, Decision, Govmat, NewRound, Position, Role};
use support::*;

const SNEAKY: &str = "<img src=x onerror=alert(1)> Trust";

/// One partner board in its own database, sharing a pack of its round into `dir`.
fn partner_pack(dir: &Path, file: &str, org: &str, training: i64, aspiration: i64) -> PathBuf {
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
    g.write_share_pack(round, false, "2026-03-02", &out)
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
    tokio::time::timeout(Duration::from_secs(180), journey(&driver, &saved))
        .await
        .expect("the journey finished within three minutes");
    drop(driver);
}

async fn journey(driver: &Driver, saved: &Path) {
    let c = connect(driver, env!("CARGO_BIN_EXE_govmat-desktop")).await;
    c.set_window_size(1400, 1000).await.ok();
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
    screenshot(&c, &screenshots(), "20-collaborative").await;

    click(&c, "#collab-report").await;
    text_when(&c, "#collab-status", |t| t.starts_with("Saved:")).await;
    let pdf = std::fs::read_dir(saved)
        .expect("the save folder")
        .filter_map(|e| e.ok())
        .find(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .expect("the collaborative report was saved");
    assert!(std::fs::read(pdf.path()).unwrap().starts_with(b"%PDF"));
    c.close().await.ok();
}

fn screenshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots")
}
