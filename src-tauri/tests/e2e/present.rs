//! End to end: the reveal's presentation mode on the laptops and projectors boards have — the
//! demo board at 1366×768 and 1920×1080, in normal and large type. One item per screen in
//! disagreement order, ← / → between items, an agreed score recorded there and counted at once,
//! Esc back to the list. Screenshots go to `target/e2e-screenshots/`.
//!
//! Needs a display (run under `xvfb-run -a` with a screen of at least 1920×1080), `tauri-driver`
//! and Debian's `webkit2gtk-driver`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::*;
use fantoccini::{Client, Locator};

const ARROW_RIGHT: char = '\u{E014}';
const ARROW_LEFT: char = '\u{E012}';
const ESCAPE: char = '\u{E00C}';

fn screenshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_facilitator_presents_the_reveal_one_item_at_a_time() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = dir.path().join("board.db");
    let driver = start_driver(&[("GOVMAT_DB", &db)]);
    within(4, present(&driver)).await;
    drop(driver);
}

async fn present(driver: &Driver) {
    let c = window(driver, (1366, 768)).await;
    let shots = screenshots();
    click(&c, "#open-demo").await;
    text_when(&c, "main h1", |t| t == "Results").await;
    click(&c, "#steps a[href='#/reveal']").await;
    text_when(&c, "main h1", |t| t == "Reveal and agree").await;
    let total = c
        .find_all(Locator::Css(".reveal-item"))
        .await
        .expect("the item cards")
        .len();
    let first_title = item_title(&c, ".reveal-item").await;
    let before = agreed_count(&c, "#agreed-count").await;

    click(&c, "#present").await;
    let where_ = text_when(&c, ".present-where", |t| t.starts_with("Item 1 of")).await;
    assert_eq!(
        where_,
        format!("Item 1 of {total}"),
        "every item is presented, starting with the most disputed"
    );
    assert_eq!(
        visible_cards(&c).await,
        1,
        "one item is on screen at a time"
    );
    assert_eq!(
        item_title(&c, ".reveal-item:not([hidden])").await,
        first_title,
        "presentation follows the list's disagreement order"
    );
    assert!(
        !c.find(Locator::Css(".banner"))
            .await
            .expect("the banner")
            .is_displayed()
            .await
            .expect("displayed?"),
        "the header gives its room to the item"
    );
    screenshot(&c, &shots, "12-present-1366x768").await;

    press(&c, ARROW_RIGHT).await;
    press(&c, ARROW_RIGHT).await;
    text_when(&c, ".present-where", |t| t.starts_with("Item 3 of")).await;
    press(&c, ARROW_LEFT).await;
    text_when(&c, ".present-where", |t| t.starts_with("Item 2 of")).await;

    // The board agrees a score on the item in view, on the same screen; the count follows.
    let card = ".reveal-item:not([hidden])";
    let agreed_now = agreed_count(&c, ".present-agreed").await;
    assert_eq!(agreed_now, before, "the bar starts from the list's count");
    let already = c
        .find(Locator::Css(&format!("{card} select[name=agreed]")))
        .await
        .expect("the agreed list")
        .prop("value")
        .await
        .expect("its value")
        .unwrap_or_default();
    choose(&c, &format!("{card} select[name=agreed]"), "3").await;
    click(&c, &format!("{card} form.decision button[type=submit]")).await;
    text_when(&c, "#notice", |t| t.starts_with("Saved the decision")).await;
    let expected = if already.is_empty() {
        before + 1
    } else {
        before
    };
    let counted = text_when(&c, ".present-agreed", |t| {
        t.starts_with(&format!("{expected} of"))
    })
    .await;
    assert_eq!(
        counted,
        format!("{expected} of {total} agreed"),
        "the agreed count is always in view and up to date"
    );

    c.set_window_size(1920, 1080).await.ok();
    screenshot(&c, &shots, "13-present-1920x1080").await;
    // Large type on the projector: the same screen, larger.
    c.execute("document.getElementById('large-type').click()", vec![])
        .await
        .expect("large type on");
    screenshot(&c, &shots, "14-present-1920x1080-large-type").await;
    c.set_window_size(1366, 768).await.ok();
    screenshot(&c, &shots, "15-present-1366x768-large-type").await;
    c.execute("document.getElementById('large-type').click()", vec![])
        .await
        .expect("large type off");

    // Esc leaves the field first, then the presentation; the list is whole again.
    c.execute(
        "document.activeElement && document.activeElement.blur()",
        vec![],
    )
    .await
    .expect("blur");
    press(&c, ESCAPE).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while c.find(Locator::Css(".present-bar")).await.is_ok() {
        assert!(
            std::time::Instant::now() < deadline,
            "Esc returned to the list"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        visible_cards(&c).await,
        total,
        "back in the list, every item shows again"
    );
    let listed = agreed_count(&c, "#agreed-count").await;
    assert_eq!(
        listed, expected,
        "the list counts the decision made in presentation"
    );
    c.close().await.ok();
}

async fn visible_cards(c: &Client) -> usize {
    c.find_all(Locator::Css(".reveal-item:not([hidden])"))
        .await
        .expect("cards")
        .len()
}

async fn item_title(c: &Client, card: &str) -> String {
    find(c, &format!("{card} h2 span"))
        .await
        .text()
        .await
        .expect("the item's title")
}

/// The leading number of "N of M …".
async fn agreed_count(c: &Client, css: &str) -> usize {
    let text = text_when(c, css, |t| t.contains(" of ")).await;
    text.split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("`{css}` starts with a count: {text}"))
}
