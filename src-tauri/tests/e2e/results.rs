//! End to end: the results dashboard asks for each chart when it is about to be seen (issue 14).
//! The first screen comes with its chart; the charts below it and the trend (with its table of
//! numbers) follow without any scrolling, so a board that scrolls down finds them drawn, and each
//! keeps its text alternative. Screenshots go to `target/e2e-screenshots/`.
//!
//! Needs a display (run under `xvfb-run -a`), `tauri-driver` and Debian's `webkit2gtk-driver`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::*;
use fantoccini::Locator;

fn screenshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots")
}

#[tokio::test(flavor = "multi_thread")]
async fn every_chart_below_the_first_screen_arrives_with_its_table_without_scrolling() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = dir.path().join("board.db");
    let driver = start_driver(&[("GOVMAT_DB", &db)]);
    within(3, journey(&driver)).await;
    drop(driver);
}

async fn journey(driver: &Driver) {
    let c = window(driver, (1400, 1000)).await;
    let shots = screenshots();
    click(&c, "#open-demo").await;
    text_when(&c, "main h1", |t| t == "Results").await;

    // Nothing is scrolled: the trend, far below the first screen, is drawn all the same.
    for kind in ["radar", "bars", "heatmap", "trend"] {
        let img = find(&c, &format!("figure[data-chart={kind}] img.chart")).await;
        let alt = img
            .attr("alt")
            .await
            .expect("an attribute")
            .unwrap_or_default();
        assert!(
            !alt.is_empty(),
            "the {kind} chart keeps its text alternative"
        );
    }
    let rows = c
        .find_all(Locator::Css(
            "section[aria-labelledby=trend-title] table tbody tr",
        ))
        .await
        .expect("query");
    assert!(
        rows.len() >= 2,
        "the trend's table gives every round's numbers ({} rows)",
        rows.len()
    );
    assert!(
        c.find_all(Locator::Css("main .hint"))
            .await
            .expect("query")
            .is_empty(),
        "no part is left saying it is drawing or loading"
    );

    // Scrolled to the heatmap, and to the trend, as a board would.
    for (css, name) in [
        ("figure[data-chart=heatmap]", "29-results-heatmap"),
        ("section[aria-labelledby=trend-title]", "30-results-trend"),
    ] {
        let el = find(&c, css).await;
        c.execute(
            "arguments[0].scrollIntoView({block: 'start'});",
            vec![serde_json::to_value(&el).expect("an element reference")],
        )
        .await
        .expect("scrolls");
        tokio::time::sleep(Duration::from_millis(300)).await;
        screenshot(&c, &shots, name).await;
    }

    // Issue 29 §4: the lead says what its figure is, the board's level (agreed scores where
    // agreed, else members' means), and the area table gives the same.
    c.set_window_size(1366, 768).await.ok();
    c.execute("window.scrollTo(0, 0);", vec![])
        .await
        .expect("scrolls");
    let lead = text_when(&c, "#results-lead", |t| !t.is_empty()).await;
    assert!(
        lead.contains("The board's overall level is")
            && lead.contains("It takes the score the board agreed on")
            && !lead.contains("Overall mean"),
        "the lead names the level and what it is made of: {lead}"
    );
    let caption = text_when(&c, "#area-levels caption", |t| !t.is_empty()).await;
    assert!(
        caption.contains("agreed scores where agreed, else members' means"),
        "{caption}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    screenshot(&c, &shots, "31-results-level-1366x768").await;

    // The start screen: starting a round is the panel's main action, in a box of its own;
    // deleting the organisation a small link at its foot.
    click(&c, "#steps a[href='#/start']").await;
    text_when(&c, "main h1", |t| t == "Start").await;
    let sizes: Vec<f64> = serde_json::from_value(
        c.execute(
            "const start = document.querySelector('.new-round button[type=submit]');
             const del = document.querySelector('[id^=delete-org-]');
             const area = (e) => { const r = e.getBoundingClientRect(); return r.width * r.height; };
             return [area(start), area(del), del.classList.contains('link-button') ? 1 : 0];",
            vec![],
        )
        .await
        .expect("measures"),
    )
    .expect("numbers");
    assert!(
        sizes[2] == 1.0 && sizes[1] > 0.0 && sizes[1] * 2.0 < sizes[0],
        "'Delete' is a link smaller than 'Start a new round' (areas {sizes:?})"
    );
    click(&c, "details.new-round summary").await;
    let form = find(&c, "details.new-round").await;
    c.execute(
        "arguments[0].scrollIntoView({block: 'center'});",
        vec![serde_json::to_value(&form).expect("an element reference")],
    )
    .await
    .expect("scrolls");
    tokio::time::sleep(Duration::from_millis(300)).await;
    screenshot(&c, &shots, "32-start-new-round-1366x768").await;
}
