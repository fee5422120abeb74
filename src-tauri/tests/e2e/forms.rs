//! End to end: forms that speak. WebKitGTK shows no validation bubbles, so every refusal — an
//! empty required field, a duplicate organisation, an action without text — must be said by the
//! app beside the field it is about, and a save that is not otherwise visible is confirmed.
//!
//! Needs a display (run under `xvfb-run -a`), `tauri-driver` and Debian's `webkit2gtk-driver`.

use std::time::Duration;

use crate::support::*;
use fantoccini::{Client, Locator};

#[tokio::test(flavor = "multi_thread")]
async fn every_refusal_is_said_beside_its_field() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = dir.path().join("board.db");
    let driver = start_driver(&[("GOVMAT_DB", &db)]);
    within(3, journey(&driver)).await;
    drop(driver);
}

async fn journey(driver: &Driver) {
    let c = window(driver, (1366, 768)).await;

    // An empty organisation name is refused beside the field, and nothing is added.
    click(&c, "form.stack button[type=submit]").await;
    assert_eq!(
        message_of(&c, "#org-name").await,
        "Enter the organisation name.",
        "an empty required field says so beside itself"
    );
    let invalid = find(&c, "#org-name")
        .await
        .attr("aria-invalid")
        .await
        .expect("attr");
    assert_eq!(invalid.as_deref(), Some("true"), "and is marked invalid");

    type_into(&c, "#org-name", "Vale Trust").await;
    assert_eq!(
        message_of(&c, "#org-name").await,
        "",
        "the message goes once the field is changed"
    );
    click(&c, "form.stack button[type=submit]").await;
    text_when(&c, "#notice", |t| t == "Added Vale Trust.").await;

    // The same name again: the Rust side refuses it, and the refusal is beside the name.
    text_when(&c, "main h1", |t| t == "Start").await;
    let again = "#add-org-title ~ form input";
    type_into(&c, again, "Vale Trust").await;
    click(&c, "#add-org-title ~ form button[type=submit]").await;
    let said = text_when_of(&c, again).await;
    assert!(
        said.starts_with("An organisation") || said.contains("already"),
        "a duplicate is refused beside the field, in sentence case: {said}"
    );

    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
    screenshot(&c, &shots, "17-field-message").await;

    // A new round without a name.
    click(&c, "details.new-round summary").await;
    let name = "details.new-round input[type=text]";
    find(&c, name).await.clear().await.expect("cleared");
    click(&c, "details.new-round button[type=submit]").await;
    assert_eq!(
        message_of(&c, name).await,
        "Enter the round name.",
        "a round needs a name"
    );
    type_into(&c, name, "Away day").await;
    click(&c, "details.new-round button[type=submit]").await;
    text_when(&c, "main h1", |t| t == "Collect answers privately").await;

    // An action without text; then one added, and said so.
    click(&c, "#steps a[href='#/actions']").await;
    text_when(&c, "main h1", |t| t == "Actions").await;
    click(&c, "form.action-form button[type=submit]").await;
    assert_eq!(
        message_of(&c, "form.action-form textarea[name=text]").await,
        "Enter the action.",
        "an action needs its text"
    );
    type_into(
        &c,
        "form.action-form textarea[name=text]",
        "Agree terms of reference",
    )
    .await;
    // The due date is typed as the UK writes it; a day that does not exist is said beside it.
    let due = "form.action-form input[name=due]";
    // Or picked from the calendar beside it.
    click(&c, "form.action-form .date-pick").await;
    click(&c, "dialog.calendar [data-next]").await;
    screenshot(&c, &shots, "27-date-calendar").await;
    let month = text_when(&c, "#calendar-title", |t| !t.is_empty()).await;
    let picked = find(&c, "dialog.calendar [data-day$='-15']").await;
    let iso = picked.attr("data-day").await.expect("attr").expect("a day");
    picked.click().await.expect("a day is picked");
    let shown = find(&c, due)
        .await
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default();
    let uk = format!("{}/{}/{}", &iso[8..10], &iso[5..7], &iso[0..4]);
    assert_eq!(shown, uk, "the day picked in {month} is in the field");
    type_into(&c, due, "30/02/2027").await;
    click(&c, "form.action-form button[type=submit]").await;
    let said = message_of(&c, due).await;
    assert!(
        said.contains("is not a date"),
        "an impossible day is refused: {said}"
    );
    screenshot(&c, &shots, "26-date-field").await;
    type_into(&c, due, "31/3/2027").await;
    click(&c, "form.action-form button[type=submit]").await;
    text_when(&c, "#notice", |t| {
        t == "Action added: Agree terms of reference"
    })
    .await;
    let table = text_when(&c, "#actions", |t| t.contains("Agree terms")).await;
    assert!(
        table.contains("31/03/2027"),
        "the typed due date was saved: {table}"
    );
    c.close().await.ok();
}

/// The message line under the control `css`.
async fn message_of(c: &Client, css: &str) -> String {
    let id = find(c, css)
        .await
        .attr("data-message")
        .await
        .expect("attr")
        .expect("the control has a message line");
    c.find(Locator::Id(&id))
        .await
        .expect("the message line")
        .text()
        .await
        .expect("its text")
}

/// The message under `css` once there is one.
async fn text_when_of(c: &Client, css: &str) -> String {
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let said = message_of(c, css).await;
        if !said.is_empty() {
            return said;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "`{css}` got a message"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}
