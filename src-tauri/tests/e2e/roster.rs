//! End to end: the board roster in the real window at 1366×768. The facilitator chooses the
//! roster PIN, sees the demo board's members, is told beside the field that "siôn ŵyn" is already
//! on the roster, adds and renames a member, then starts collection and sees behind the PIN that
//! the new member has not started.
//!
//! Needs a display (run under `xvfb-run -a`), `tauri-driver` and Debian's `webkit2gtk-driver`.

use std::path::Path;

use crate::support::*;

const PIN: &str = "864205";

#[tokio::test(flavor = "multi_thread")]
async fn the_facilitator_keeps_the_roster_and_sees_who_has_not_started() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = dir.path().join("board.db");
    let driver = start_driver(&[("GOVMAT_DB", &db)]);
    within(3, journey(&driver)).await;
    drop(driver);
}

async fn journey(driver: &Driver) {
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots");
    let c = window(driver, (1366, 768)).await;
    click(&c, "#open-demo").await;
    text_when(&c, "main h1", |t| t == "Results").await;
    click(&c, "#steps a[href='#/collect']").await;
    text_when(&c, "main h1", |t| t.starts_with("Collect")).await;

    // First time: the facilitator chooses the roster PIN, twice.
    click(&c, "#roster summary").await;
    type_into(&c, "#roster-pin", PIN).await;
    type_into(&c, "#roster-pin-again", "864206").await;
    click(&c, "#roster-open").await;
    text_when(&c, "#roster-unlock", |t| t.contains("not the same")).await;
    type_into(&c, "#roster-pin-again", PIN).await;
    click(&c, "#roster-open").await;
    let summary = text_when(&c, "#roster-summary", |t| t.contains("on the roster")).await;
    assert!(
        summary.starts_with("9 members"),
        "the demo board's nine: {summary}"
    );

    // Another spelling of a member already there is refused beside the field.
    type_into(&c, "#roster-name", "siôn ŵyn").await;
    choose(&c, "#roster-role", "chair").await;
    click(&c, "#roster-add-button").await;
    let said = text_when(&c, "#roster-add", |t| t.contains("already")).await;
    assert!(said.contains("already on the roster"), "{said}");

    // A new member joins, then is renamed.
    type_into(&c, "#roster-name", "Nia Hughes").await;
    choose(&c, "#roster-role", "executive").await;
    click(&c, "#roster-add-button").await;
    text_when(&c, "#notice", |t| t == "Added Nia Hughes to the roster.").await;
    text_when(&c, "#roster-summary", |t| t.starts_with("10 members")).await;
    click(&c, "button[aria-label='Rename Nia Hughes']").await;
    type_into(&c, ".roster-rename", "Nia Hughes-Lloyd").await;
    click(&c, ".roster-tools button[type='submit']").await;
    text_when(&c, "#notice", |t| {
        t.starts_with("Renamed Nia Hughes to Nia Hughes-Lloyd")
    })
    .await;
    let table = text_when(&c, "#roster-table", |t| t.contains("Nia Hughes-Lloyd")).await;
    assert!(table.contains("Not started"), "{table}");
    screenshot(&c, &shots, "24-roster").await;

    // During collection, behind the collection PIN: who has not started.
    type_into(&c, "#new-pin", "602913").await;
    type_into(&c, "#new-pin-again", "602913").await;
    click(&c, "#start-collection").await;
    find(&c, "#member-name").await;
    click(&c, "#facilitator summary").await;
    type_into(&c, "#facilitator-pin", "602913").await;
    click(&c, "#show-progress").await;
    let progress = text_when(&c, "#progress-list", |t| t.contains("Nia Hughes-Lloyd")).await;
    let squeezed: String = progress.split_whitespace().collect();
    assert!(squeezed.contains("NiaHughes-LloydNotstarted"), "{progress}");
    assert!(squeezed.contains("SiônŴynFinished"), "{progress}");
    // The panel closed with the PIN gone: ending collection asks for it again.
    click(&c, "#facilitator summary").await;
    type_into(&c, "#facilitator-pin", "602913").await;
    click(&c, "#end-collection").await;
    text_when(&c, "main h1", |t| t != "Collect answers privately").await;
    c.close().await.ok();
}
