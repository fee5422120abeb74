//! End to end: the safety nets in the real window — a round deleted by mistake comes back with
//! Undo, a backup is saved, and a file that is not a govmat database is refused on restore with
//! the reason on screen and nothing changed.
//!
//! Needs a display (run under `xvfb-run -a`), `tauri-driver` and Debian's `webkit2gtk-driver`.

use std::path::Path;
use std::time::Duration;

use crate::support::*;
use fantoccini::{Client, Locator};

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_delete_is_undone_and_a_foreign_backup_is_refused() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (db, saved) = (dir.path().join("board.db"), dir.path().join("saved"));
    std::fs::create_dir_all(&saved).expect("the save folder");
    let foreign = dir.path().join("minutes.db");
    std::fs::write(&foreign, "minutes of the last board meeting").expect("a foreign file");
    let driver = start_driver(&[
        ("GOVMAT_DB", &db),
        ("GOVMAT_E2E_SAVE_DIR", &saved),
        ("GOVMAT_E2E_RESTORE", &foreign),
    ]);
    within(3, journey(&driver, &saved)).await;
    drop(driver);
}

async fn journey(driver: &Driver, saved: &Path) {
    let c = window(driver, (1366, 768)).await;
    click(&c, "#open-demo").await;
    text_when(&c, "main h1", |t| t == "Results").await;
    click(&c, "#steps a[href='#/start']").await;
    text_when(&c, "main h1", |t| t == "Start").await;
    let rounds = round_names(&c).await;
    assert_eq!(
        rounds.len(),
        3,
        "the demo board has three rounds: {rounds:?}"
    );

    // The facilitator deletes the latest round by mistake.
    let latest = rounds[0].clone();
    click(&c, &format!("button[aria-label='Delete {latest}']")).await;
    click(&c, "dialog [data-confirm]").await;
    text_when(&c, "#notice", |t| {
        t.starts_with(&format!("Deleted {latest}"))
    })
    .await;
    let undo = text_when(&c, ".undo-list li span", |t| t.contains(&latest)).await;
    assert!(
        undo.starts_with("Deleted round"),
        "the Undo list says what was deleted: {undo}"
    );
    assert_eq!(round_names(&c).await.len(), 2, "the round is gone");
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
    screenshot(&c, &shots, "16-undo-1366x768").await;

    click(&c, ".undo-list button").await;
    click(&c, "dialog [data-confirm]").await;
    text_when(&c, "#notice", |t| t.starts_with("Undone")).await;
    wait_for_rounds(&c, 3).await;
    assert_eq!(round_names(&c).await, rounds, "Undo brought the round back");
    assert!(
        c.find(Locator::Css(".undo-list")).await.is_err(),
        "nothing is left to undo"
    );

    // A backup is one file; restoring a file that is not a govmat database is refused.
    click(&c, "#backup").await;
    let said = text_when(&c, "#notice", |t| t.starts_with("Backed up")).await;
    let files: Vec<_> = std::fs::read_dir(saved)
        .expect("the save folder")
        .map(|e| e.expect("an entry").file_name())
        .collect();
    assert_eq!(files.len(), 1, "one backup file was written: {files:?}");
    assert!(
        said.contains("govmat-backup-"),
        "the notice names the file: {said}"
    );
    click(&c, "#restore").await;
    click(&c, "dialog [data-confirm]").await;
    let refused = text_when(&c, "#alert", |t| !t.is_empty()).await;
    assert!(
        refused.contains("minutes.db") && refused.contains("not a govmat database"),
        "the refusal names the file and the reason: {refused}"
    );
    assert_eq!(
        round_names(&c).await,
        rounds,
        "a refused restore changed nothing"
    );
    c.close().await.ok();
}

async fn round_names(c: &Client) -> Vec<String> {
    let mut names = Vec::new();
    for row in c
        .find_all(Locator::Css(".org table tbody th"))
        .await
        .expect("the rounds")
    {
        names.push(row.text().await.expect("a round name"));
    }
    names
}

async fn wait_for_rounds(c: &Client, n: usize) {
    let deadline = std::time::Instant::now() + PATIENCE;
    while round_names(c).await.len() != n {
        assert!(std::time::Instant::now() < deadline, "{n} rounds appeared");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Issue 29 §2: a database cut short opens on a screen that says so in plain words and offers the
/// copies govmat kept, newest first; restoring one opens the board from it, with the damaged file
/// kept aside.
#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_database_is_restored_from_a_copy_in_the_window() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = dir.path().join("board.db");
    {
        let mut g = govmat::Govmat::open(&db, None).expect("a new database");
        let org = g.create_demo().expect("the demo board");
        let first = g.rounds(org).expect("rounds")[0].id;
        g.delete_round(first).expect("a delete, so a snapshot");
    }
    let bytes = std::fs::read(&db).expect("the file");
    std::fs::write(&db, &bytes[..bytes.len() / 2]).expect("cut short");
    let driver = start_driver(&[("GOVMAT_DB", &db)]);
    within(2, async {
        let c = window(&driver, (1366, 768)).await;
        text_when(&c, "main h1", |t| t == "The board's database is damaged").await;
        let page = find(&c, "main").await.text().await.expect("text");
        assert!(
            page.contains("Nothing has been changed or deleted")
                && page.contains("Copy taken before a delete or restore"),
            "the screen says what happened and lists the snapshot: {page}"
        );
        let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
        tokio::time::sleep(Duration::from_millis(600)).await; // let the page paint
        screenshot(&c, &shots, "30-damaged-database-1366x768").await;
        click(&c, ".recovery-copies button").await;
        text_when(&c, "main h1", |t| t == "Start").await;
        text_when(&c, "#notice", |t| t.contains("The damaged file is kept as")).await;
        assert_eq!(
            round_names(&c).await.len(),
            3,
            "the snapshot was taken before the delete: three rounds"
        );
        c.close().await.expect("the session closes");
    })
    .await;
    drop(driver);
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .expect("the folder")
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("board.db.damaged-")
        })
        .collect();
    assert_eq!(kept.len(), 1, "the damaged file is kept aside");
    assert_eq!(
        std::fs::read(kept[0].path()).expect("kept"),
        bytes[..bytes.len() / 2],
        "byte for byte"
    );
}
