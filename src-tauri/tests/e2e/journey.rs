//! End to end: the built `govmat-desktop` in a real WebKitGTK window, driven through
//! `tauri-driver`, runs the away-day loop a board would — new round, private collection under a
//! PIN, two members answering (one whose "name" is an HTML injection attempt), a third who stops
//! and carries on with their resume code after the app is quit and started again, a wrong PIN
//! refused, the reveal (with no role shown for the lone chair), an agreed score and target, an
//! action, and the PDF report. Screenshots go to `target/e2e-screenshots/`.
//!
//! Needs a display (run under `xvfb-run -a`), `tauri-driver` and Debian's `webkit2gtk-driver`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::*;
use fantoccini::{Client, Locator};

const ORG: &str = "Riverside Test Trust";
const SNEAKY: &str = "<img src=x onerror=alert(1)>";
const PIN: &str = "602913";

fn screenshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_board_runs_the_away_day_loop_in_the_real_window() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (db, saved) = (dir.path().join("board.db"), dir.path().join("saved"));
    std::fs::create_dir_all(&saved).expect("the save folder");
    let driver = start_driver(&[("GOVMAT_DB", &db), ("GOVMAT_E2E_SAVE_DIR", &saved)]);
    // A WebDriver command can hang rather than fail; bound the whole journey so CI says so.
    within(5, journey(&driver, &saved)).await;
    drop(driver);
}

async fn journey(driver: &Driver, saved: &Path) {
    let c = window(driver, (1400, 1000)).await;
    let shots = screenshots();

    // A first run offers the demo and a form for the board's own organisation.
    find(&c, "#open-demo").await;
    screenshot(&c, &shots, "01-welcome").await;
    type_into(&c, "#org-name", ORG).await;
    click(&c, "form.stack button[type=submit]").await;

    // Start a round (the form is prefilled with a name and today's date).
    click(&c, "details.new-round summary").await;
    click(&c, "details.new-round button[type=submit]").await;
    text_when(&c, "main h1", |t| t == "Collect answers privately").await;

    // The facilitator starts collecting under a PIN; from now on only the ballot is served.
    type_into(&c, "#new-pin", PIN).await;
    type_into(&c, "#new-pin-again", PIN).await;
    click(&c, "#start-collection").await;
    find(&c, "#start-ballot").await;
    assert_no_navigation(&c, "while collecting").await;

    answer_privately(&c, "Ann Example", "chair", '3', &shots, true).await;
    answer_privately(&c, SNEAKY, "non-executive", '1', &shots, false).await;
    let code = stop_part_way(&c).await;

    // Quitting and starting the app again unlocks nothing: it opens on the private ballot.
    c.close().await.expect("the app quits");
    tokio::time::sleep(Duration::from_millis(800)).await;
    let c = window(driver, (1400, 1000)).await;
    text_when(&c, "main h1", |t| t == "Collect answers privately").await;
    find(&c, "#resume-ballot").await;
    assert_no_navigation(&c, "after a restart during collection").await;
    carry_on(&c, &code).await;

    facilitator_ends_collection(&c, &shots).await;
    reveal_and_agree(&c, &shots).await;
    add_action(&c, &shots).await;

    navigate(&c, "results").await;
    text_when(&c, "main h1", |t| t == "Results").await;
    tokio::time::sleep(Duration::from_millis(1500)).await; // let the charts draw
    screenshot(&c, &shots, "07-results").await;

    export_pdf(&c, saved, &shots).await;
    demo_board(&c, &shots).await;
    c.close().await.expect("the session closes");
}

async fn assert_no_navigation(c: &Client, when: &str) {
    assert!(
        c.find_all(Locator::Css("#steps a"))
            .await
            .expect("query")
            .is_empty(),
        "{when} the navigation stays hidden"
    );
}

/// NED-3 notes their resume code, answers one question and stops; between members the laptop
/// stays on this screen, whatever the address says. Answers the resume code.
async fn stop_part_way(c: &Client) -> String {
    type_into(c, "#member-name", "NED-3").await;
    choose(c, "#member-role", "non-executive").await;
    click(c, "#start-ballot").await;
    text_when(c, "main h1", |t| t == "Stop projecting first").await;
    click(c, "#private-continue").await;
    let code = find(c, "#resume-code-shown")
        .await
        .text()
        .await
        .expect("the resume code");
    assert_eq!(code.len(), 6, "a six-character resume code: {code}");
    click(c, "#begin-answers").await;
    text_when(c, "#progress-text", |t| t.starts_with("0 of")).await;
    // A third score on the first question (with Ann's 3 and the other's 1): three answers, so
    // the reveal may show them.
    press(c, '2').await;
    text_when(c, "#progress-text", |t| t.starts_with("1 of")).await;
    press(c, '\u{E014}').await; // → the second question
    text_when(c, ".area-name", |t| t.starts_with("Question 2 of")).await;
    press(c, '2').await;
    text_when(c, "#progress-text", |t| t.starts_with("2 of")).await;
    text_when(c, "#save-status", |t| t == "Saved").await;
    click(c, "#stop-ballot").await;
    text_when(c, "main h1", |t| t == "Your answers so far are saved").await;
    click(c, "#next-member").await;
    text_when(c, "main h1", |t| t == "Collect answers privately").await;

    assert_no_navigation(c, "between members").await;
    c.execute("location.hash = '#/reveal';", vec![])
        .await
        .expect("script runs");
    // The app answers a changed address during collection by putting the collect screen's back;
    // once it has, the screen must still be the private one.
    until(
        c,
        "return location.hash === '#/collect';",
        "the address is put back to the collect screen",
    )
    .await;
    let heading = find(c, "main h1").await.text().await.expect("text");
    assert_eq!(
        heading, "Collect answers privately",
        "changing the address must not reveal anything while members answer"
    );
    let page = find(c, "main").await.text().await.expect("text");
    assert!(
        !page.contains("Ann Example"),
        "between members the screen does not list who answered"
    );
    code
}

/// NED-3 carries on: a wrong code opens nothing, their own code brings back their answer.
async fn carry_on(c: &Client, code: &str) {
    type_into(c, "#resume-name", "NED-3").await;
    type_into(c, "#resume-code", "ZZZZZZ").await;
    click(c, "#resume-ballot").await;
    click(c, "#private-continue").await;
    text_when(c, "#alert", |t| {
        t.contains("carry on with your resume code")
    })
    .await;
    text_when(c, "main h1", |t| t == "Collect answers privately").await;
    type_into(c, "#resume-name", "NED-3").await;
    type_into(c, "#resume-code", &code.to_lowercase()).await;
    click(c, "#resume-ballot").await;
    click(c, "#private-continue").await;
    text_when(c, ".area-name", |t| t.starts_with("Question 3 of")).await;
    text_when(c, "#progress-text", |t| t.starts_with("2 of")).await;
    click(c, "#stop-ballot").await;
    text_when(c, "main h1", |t| t == "Your answers so far are saved").await;
    click(c, "#next-member").await;
    text_when(c, "main h1", |t| t == "Collect answers privately").await;
}

/// A wrong PIN is refused; behind the right one the facilitator sees who has finished (names as
/// the text they are), then ends collection and the reveal opens.
async fn facilitator_ends_collection(c: &Client, shots: &Path) {
    click(c, "#facilitator summary").await;
    type_into(c, "#facilitator-pin", "1111").await;
    click(c, "#end-collection").await;
    text_when(c, "#facilitator-out", |t| t.contains("PIN is not right")).await;
    assert_no_navigation(c, "after a wrong PIN").await;

    assert_eq!(
        pin_typed(c).await,
        "",
        "a PIN that was refused is not left in the field either"
    );
    type_into(c, "#facilitator-pin", PIN).await;
    click(c, "#show-progress").await;
    let list = text_when(c, "#progress-list", |t| t.contains("NED-3")).await;
    panel_closed_and_empty(c, "after the list of who has finished").await;
    assert!(list.contains(SNEAKY), "the name appears literally: {list}");
    let imgs = c
        .find_all(Locator::Css("#progress-list img"))
        .await
        .expect("query");
    assert!(imgs.is_empty(), "a member's name must never become markup");
    assert!(
        c.get_alert_text().await.is_err(),
        "no script from a name may run"
    );
    screenshot(c, shots, "04-members").await;
    click(c, "#hide-progress").await;

    member_handed_a_new_code(c, shots).await;

    click(c, "#facilitator summary").await;
    type_into(c, "#facilitator-pin", PIN).await;
    click(c, "#end-collection").await;
    text_when(c, "main h1", |t| t == "Reveal and agree").await;
    find(c, "#steps a[href='#/results']").await;
}

/// What the PIN field holds now (empty, unless someone is typing a PIN).
async fn pin_typed(c: &Client) -> String {
    find(c, "#facilitator-pin")
        .await
        .prop("value")
        .await
        .expect("the field's value")
        .unwrap_or_default()
}

/// The next member handed the laptop must find no PIN to reuse: the panel is closed and empty.
async fn panel_closed_and_empty(c: &Client, when: &str) {
    let open = find(c, "#facilitator")
        .await
        .attr("open")
        .await
        .expect("attribute");
    assert!(open.is_none(), "{when} the facilitator's panel is closed");
    assert_eq!(pin_typed(c).await, "", "{when} the PIN field is empty");
}

/// The facilitator gives NED-3 a new resume code: the panel closes at once with the PIN gone, and
/// the code appears only on a screen of its own, for NED-3, after the step that asks to stop
/// projecting; one key hides it and the laptop is back on the collecting screen, PIN-less.
async fn member_handed_a_new_code(c: &Client, shots: &Path) {
    c.set_window_size(1366, 768).await.ok();
    click(c, "#facilitator summary").await;
    type_into(c, "#facilitator-pin", PIN).await;
    type_into(c, "#reopen-name", "NED-3").await;
    click(c, "#reopen-ballot").await;
    text_when(c, "main h1", |t| t == "Stop projecting first").await;
    screenshot(c, shots, "04a-stop-projecting").await;
    let page = find(c, "main").await.text().await.expect("text");
    assert!(
        page.contains("for one member only") && !page.contains("NED-3"),
        "the step, which may still be projected, names nobody: {page}"
    );
    click(c, "#private-continue").await;
    let title = text_when(c, "main h1", |t| t.contains("only")).await;
    assert_eq!(title, "This is for NED-3 only");
    assert!(
        c.find_all(Locator::Css("#new-resume-code"))
            .await
            .expect("query")
            .is_empty(),
        "the code is not on screen until NED-3 asks for it"
    );
    click(c, "#show-new-code").await;
    let code = text_when(c, "#new-resume-code", |t| t.len() == 6).await;
    screenshot(c, shots, "04b-new-resume-code").await;
    press(c, 'x').await;
    text_when(c, "main h1", |t| t == "Collect answers privately").await;
    let page = find(c, "main").await.text().await.expect("text");
    assert!(
        !page.contains(&code),
        "one key hides the code, and the collecting screen never shows it"
    );
    panel_closed_and_empty(c, "after a new resume code").await;
    c.set_window_size(1400, 1000).await.ok();
}

/// The demo board is one click away from the start screen and opens on its results.
async fn demo_board(c: &Client, shots: &Path) {
    navigate(c, "start").await;
    click(c, "#open-demo").await;
    text_when(c, "main h1", |t| t == "Results").await;
    find(c, "figure[data-chart=radar] img.chart").await;
    find(c, "figure[data-chart=heatmap] img.chart").await;
    screenshot(c, shots, "09-demo-results").await;
    navigate(c, "reveal").await;
    text_when(c, "main h1", |t| t == "Reveal and agree").await;
    click(c, "#large-type").await;
    screenshot(c, shots, "10-demo-reveal-large-type").await;
    click(c, "#large-type").await;
    navigate(c, "spectrum").await;
    text_when(c, "main h1", |t| t == "Spectrum").await;
    find(c, "figure[data-chart=spectrum] img.chart").await;
    screenshot(c, shots, "11-demo-spectrum").await;
}

/// Uses the step navigation the way a person would (a link in the header).
async fn navigate(c: &Client, step: &str) {
    click(c, &format!("#steps a[href='#/{step}']")).await;
}

async fn answer_privately(
    c: &Client,
    name: &str,
    role: &str,
    key: char,
    shots: &Path,
    first: bool,
) {
    type_into(c, "#member-name", name).await;
    choose(c, "#member-role", role).await;
    click(c, "#start-ballot").await;
    click(c, "#private-continue").await;
    find(c, "#resume-code-shown").await;
    click(c, "#begin-answers").await;
    text_when(c, "#progress-text", |t| t.starts_with("0 of")).await;
    assert_no_navigation(c, "while a member answers").await;
    // The first question by key, the second by clicking a level, the third "don't know" by key.
    press(c, key).await;
    text_when(c, "#save-status", |t| t == "Saved").await;
    if first {
        screenshot(c, shots, "02-ballot").await;
        ballot_fits_a_laptop(c, shots).await;
    }
    click(c, "#next").await;
    text_when(c, "#progress-text", |t| t.starts_with("1 of")).await;
    // A level clicked, then another chosen by key: the focus follows the choice, so no focus
    // ring is left on the first (issue 29 §4).
    click(c, "label[for='answer-0']").await;
    text_when(c, "#progress-text", |t| t.starts_with("2 of")).await;
    press(c, '2').await;
    until(
        c,
        "return document.activeElement && document.activeElement.id === 'answer-2' && document.getElementById('answer-2').checked",
        "the focus follows the level chosen by key",
    )
    .await;
    press(c, '\u{E014}').await; // → next
    press(c, '?').await;
    text_when(c, "#progress-text", |t| t.starts_with("3 of")).await;
    type_into(c, "#comment", "Evidence: the March board paper.").await;
    click(c, "#next").await; // leaving the comment box saves it
                             // Skip the rest by key, pass the optional spectrum step, and finish.
    while c.find(Locator::Css("#spectrum-next")).await.is_err() {
        press(c, '\u{E014}').await;
    }
    if first {
        screenshot(c, shots, "03-spectrum").await;
    }
    click(c, "#spectrum-next").await;
    text_when(c, "main h1", |t| t == "Check and finish").await;
    click(c, "#finish-ballot").await;
    text_when(c, "main h1", |t| t.starts_with("Thank you")).await;
    let page = find(c, "main").await.text().await.expect("text");
    assert!(
        !page.contains("March board paper"),
        "the neutral screen shows nothing of the answers"
    );
    click(c, "#next-member").await;
    text_when(c, "main h1", |t| t == "Collect answers privately").await;
}

async fn reveal_and_agree(c: &Client, shots: &Path) {
    text_when(c, "main h1", |t| t == "Reveal and agree").await;
    // Items where members disagree come first: the first item (3, 1 and 2).
    let first = ".reveal-list .reveal-item:first-child";
    text_when(c, &format!("{first} h2"), |t| {
        t.contains("Members disagree")
    })
    .await;
    let values = find(c, &format!("{first} .values"))
        .await
        .text()
        .await
        .expect("text");
    assert_eq!(
        values, "1, 2, 3",
        "the three scores, lowest first, with nobody's name or role"
    );
    // The board has one chair: nothing on the reveal may be given by role.
    let roles = c.find_all(Locator::Css(".vote-role")).await.expect("query");
    assert!(roles.is_empty(), "no comment carries a role on this board");
    let spread = find(c, &format!("{first} .spread"))
        .await
        .text()
        .await
        .expect("text");
    assert!(
        !spread.contains("Chair") && spread.contains("Not shown by role"),
        "the lone chair's score is never shown as the chair's: {spread}"
    );
    choose(c, &format!("{first} select[name=agreed]"), "2").await;
    choose(c, &format!("{first} select[name=target]"), "4").await;
    type_into(
        c,
        &format!("{first} textarea[name=rationale]"),
        "Skills review is under way.",
    )
    .await;
    screenshot(c, shots, "05-reveal").await;
    click(c, &format!("{first} form.decision button[type=submit]")).await;
    text_when(c, "#notice", |t| t.starts_with("Saved the decision")).await;
}

async fn add_action(c: &Client, shots: &Path) {
    navigate(c, "actions").await;
    text_when(c, "main h1", |t| t == "Actions").await;
    type_into(
        c,
        "form.action-form textarea[name=text]",
        "Commission a board skills review",
    )
    .await;
    type_into(c, "form.action-form input[name=owner]", "Chair").await;
    // Moving away with the action typed but not added asks first; staying keeps every word.
    navigate(c, "results").await;
    click(c, "dialog [data-cancel]").await;
    text_when(c, "main h1", |t| t == "Actions").await;
    let kept = find(c, "form.action-form textarea[name=text]")
        .await
        .prop("value")
        .await
        .expect("the value");
    assert_eq!(kept.as_deref(), Some("Commission a board skills review"));
    click(c, "form.action-form button[type=submit]").await;
    text_when(c, "#actions", |t| {
        t.contains("Commission a board skills review")
    })
    .await;
    screenshot(c, shots, "06-actions").await;
}

async fn export_pdf(c: &Client, saved: &Path, shots: &Path) {
    navigate(c, "report").await;
    text_when(c, "main h1", |t| t == "Report").await;
    click(c, "#export-pdf").await;
    let status = text_when(c, "#report-status", |t| {
        t.starts_with("Saved:") || t.starts_with("Not saved")
    })
    .await;
    screenshot(c, shots, "08-report").await;
    assert!(status.starts_with("Saved:"), "the PDF was saved: {status}");
    let pdf = std::fs::read_dir(saved)
        .expect("the save folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("a PDF in the save folder");
    let out = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(ORG), "the report names the organisation");
}

/// On a 1366×768 laptop in normal type, every answer choice (none under the Next / Saved bar)
/// and that bar are on the screen together, without scrolling.
async fn ballot_fits_a_laptop(c: &Client, shots: &Path) {
    c.set_window_size(1366, 768).await.ok();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let fits = c
        .execute(
            "const h = window.innerHeight; \
             const out = (el) => el.getBoundingClientRect().bottom > h || el.getBoundingClientRect().top < 0; \
             const bar = document.querySelector('.ballot-bar').getBoundingClientRect().top; \
             const covered = (el) => el.getBoundingClientRect().bottom > bar || el.getBoundingClientRect().top < 0; \
             const choices = [...document.querySelectorAll('.levels .level label')]; \
             return { height: h, scrolled: window.scrollY, \
                      hidden: choices.filter(covered).map((l) => l.textContent.slice(0, 20)), \
                      next: out(document.getElementById('next')), \
                      saved: out(document.getElementById('save-status')), \
                      wide: document.documentElement.scrollWidth > window.innerWidth };",
            vec![],
        )
        .await
        .expect("the layout is measured");
    screenshot(c, shots, "02-ballot-1366x768").await;
    assert_eq!(fits["scrolled"], 0, "nothing scrolled: {fits}");
    assert_eq!(
        fits["hidden"],
        serde_json::json!([]),
        "every choice is in view: {fits}"
    );
    assert_eq!(fits["next"], false, "Next is in view: {fits}");
    assert_eq!(fits["saved"], false, "Saved is in view: {fits}");
    assert_eq!(fits["wide"], false, "no horizontal scrolling: {fits}");
    c.set_window_size(1400, 1000).await.ok();
}
