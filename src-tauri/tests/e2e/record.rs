//! End to end (issue 27): a board opening its next away-day starts on what it promised last time.
//! A new round of the demo board opens on "Did we do what we said?"; the facilitator sets an
//! action done with the arrow keys and writes a note, by keyboard, and the count on screen
//! follows ("0 of 5 done" becomes "1 of 5 done").
//!
//! Needs a display (run under `xvfb-run -a`), `tauri-driver` and Debian's `webkit2gtk-driver`.

use std::path::Path;
use std::time::Duration;

use crate::support::*;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::Client;

const TAB: char = '\u{E004}';
const LEFT: char = '\u{E012}';

#[tokio::test(flavor = "multi_thread")]
async fn a_new_round_opens_on_last_rounds_actions_and_they_are_set_by_keyboard() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = dir.path().join("board.db");
    let driver = start_driver(&[("GOVMAT_DB", &db)]);
    within(3, journey(&driver)).await;
    drop(driver);
}

/// Types text key by key into whatever has the focus.
async fn keys(c: &Client, text: &str) {
    let mut actions = KeyActions::new("keyboard".into());
    for ch in text.chars() {
        actions = actions
            .then(KeyAction::Down { value: ch })
            .then(KeyAction::Up { value: ch });
    }
    c.perform_actions(actions).await.expect("typing");
    c.release_actions().await.ok();
}

async fn focused(c: &Client) -> String {
    c.execute(
        "const el = document.activeElement; return el ? (el.id || el.name || el.tagName) : '';",
        vec![],
    )
    .await
    .expect("the focused element")
    .as_str()
    .unwrap_or_default()
    .to_string()
}

async fn journey(driver: &Driver) {
    let c = window(driver, (1366, 900)).await;
    click(&c, "#open-demo").await;
    text_when(&c, "main h1", |t| t == "Results").await;
    click(&c, "#steps a[href='#/start']").await;
    text_when(&c, "main h1", |t| t == "Start").await;
    click(&c, "details.new-round summary").await;
    click(&c, "details.new-round button[type=submit]").await;

    // The first screen of the new round is the look back, with the count before anyone votes.
    text_when(&c, "main h1", |t| t == "Did we do what we said?").await;
    let before = text_when(&c, "#follow-through", |t| t.ends_with(" done")).await;
    let (done, kept) = count(&before);
    assert!(kept > 0, "the demo's latest round has actions: {before}");
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
    screenshot(&c, &shots, "27-look-back-before").await;
    assert_eq!(
        axe(&c).await,
        Vec::<String>::new(),
        "the look back passes axe-core"
    );

    // The first action's status by keyboard: Tab into its radio group from the heading, then
    // the left arrow until "Done" is chosen (at most three keys), and Tab on to its note.
    c.execute(
        "document.querySelector('#review .review-item h2').setAttribute('tabindex','-1');
         document.querySelector('#review .review-item h2').focus();",
        vec![],
    )
    .await
    .expect("the first action's heading has the focus");
    press(&c, TAB).await;
    assert!(
        focused(&c).await.starts_with("status-"),
        "Tab from the heading reaches the status"
    );
    for _ in 0..3 {
        let on_done: bool = c
            .execute("return document.activeElement.value === 'done';", vec![])
            .await
            .expect("the focused radio")
            .as_bool()
            .unwrap_or(false);
        if on_done {
            break;
        }
        press(&c, LEFT).await;
    }
    let checked = find(&c, "#review .review-item input[value=done]")
        .await
        .prop("checked")
        .await
        .expect("its state");
    assert_eq!(checked.as_deref(), Some("true"), "the arrows chose Done");
    press(&c, TAB).await;
    keys(&c, "Pack sent to members in May").await;
    press(&c, TAB).await;
    let after = text_when(&c, "#follow-through", |t| t != before).await;
    assert_eq!(
        count(&after),
        (done + 1, kept),
        "one more action is done: {before} → {after}"
    );
    text_when(&c, "#notice", |t| t.starts_with("Saved the note")).await;
    screenshot(&c, &shots, "27-look-back-after").await;

    // The same counts reach the next screen the facilitator moves on to, and come back.
    click(&c, "#review-continue").await;
    text_when(&c, "main h1", |t| t == "Collect answers privately").await;
    click(&c, "#steps a[href='#/review']").await;
    text_when(&c, "#follow-through", |t| t == after).await;
    let note = find(&c, "#review .review-item textarea")
        .await
        .prop("value")
        .await
        .expect("the note");
    assert_eq!(note.as_deref(), Some("Pack sent to members in May"));

    // A decision of the last away-day changed now shows on its reveal behind a "changed" mark.
    click(&c, "#steps a[href='#/start']").await;
    click(
        &c,
        "button[aria-label='Reveal and agree Annual review 2026']",
    )
    .await;
    text_when(&c, "main h1", |t| t == "Reveal and agree").await;
    let first = ".reveal-list .reveal-item:first-child";
    assert!(
        c.find(fantoccini::Locator::Css(&format!(
            "{first} details.changed"
        )))
        .await
        .is_err(),
        "a decision recorded once carries no mark"
    );
    click(&c, &format!("{first} details.decision-wrap summary")).await;
    let agreed = format!("{first} select[name=agreed]");
    let was = find(&c, &agreed)
        .await
        .prop("value")
        .await
        .expect("its value");
    let now = if was.as_deref() == Some("4") {
        "3"
    } else {
        "4"
    };
    choose(&c, &agreed, now).await;
    click(&c, &format!("{first} form.decision button[type=submit]")).await;
    text_when(&c, "#notice", |t| t.starts_with("Saved the decision")).await;
    click(&c, "#steps a[href='#/results']").await;
    text_when(&c, "main h1", |t| t == "Results").await;
    click(&c, "#steps a[href='#/reveal']").await;
    let mark = text_when(&c, &format!("{first} details.changed summary"), |t| {
        !t.is_empty()
    })
    .await;
    assert_eq!(mark, "Changed (1)");
    click(&c, &format!("{first} details.changed summary")).await;
    let change = text_when(&c, &format!("{first} details.changed li:last-child"), |t| {
        !t.is_empty()
    })
    .await;
    assert!(
        change.contains(&format!("→ {now}")),
        "the history says what changed: {change}"
    );
    screenshot(&c, &shots, "27-reveal-changed").await;
    assert_eq!(
        axe(&c).await,
        Vec::<String>::new(),
        "the open mark passes axe-core"
    );

    // The results' trend shows each round's follow-through beside its scores.
    click(&c, "#steps a[href='#/results']").await;
    text_when(&c, "main h1", |t| t == "Results").await;
    c.execute(
        "document.getElementById('trend-title').scrollIntoView();",
        vec![],
    )
    .await
    .expect("the trend is scrolled to");
    let row = text_when(&c, "table.wide tbody tr:nth-child(3)", |t| {
        t.contains("Annual review 2026")
    })
    .await;
    assert!(
        row.ends_with("20% (1 of 5)"),
        "Annual review 2026 did one of the Mid-year review's five actions: {row}"
    );
    // Charts above it are drawn as they come near and move it; let them settle first.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    c.execute(
        "[...document.querySelectorAll('caption')].find((x) => x.textContent.startsWith(\"The board's overall and area levels by round\")).scrollIntoView({ block: 'start' });",
        vec![],
    )
    .await
    .expect("the trend's table is scrolled to");
    screenshot(&c, &shots, "27-trend-follow-through").await;
    c.close().await.ok();
}

/// "2 of 4 done" as (2, 4).
fn count(text: &str) -> (usize, usize) {
    let words: Vec<&str> = text.split_whitespace().collect();
    match words[..] {
        [done, "of", kept, "done"] => (
            done.parse().expect("a number"),
            kept.parse().expect("a number"),
        ),
        _ => panic!("not a count: {text}"),
    }
}
