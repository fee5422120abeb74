//! Accessibility, checked by tools in the real window: a board's away-day from the start screen to
//! a saved PDF report **by keyboard alone** (Tab, Shift+Tab, Enter, Space, arrows, digits and the
//! ballot's documented keys; not one click), with the focus visible after every key and never lost
//! to `<body>`; and axe-core (vendored from npm by `scripts/deps.sh`, never fetched at run time)
//! run on every screen of that journey, in normal and in large type, against the WCAG 2.2 A/AA
//! rules. Every violation of impact "serious" or "critical" fails the test, which prints each
//! one's rule, elements and help text first.
//!
//! Needs a display (run under `xvfb-run -a`), `tauri-driver` and Debian's `webkit2gtk-driver`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::*;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::Client;
use serde_json::{json, Value};

const PIN: &str = "735194";
const TAB: char = '\u{E004}';
const SHIFT: char = '\u{E008}';
const ENTER: char = '\u{E007}';
const RIGHT: char = '\u{E014}';

fn axe_source() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is not installed at {} ({e}): run `scripts/deps.sh test` (npm ci)",
            path.display()
        )
    })
}

fn screenshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_away_day_by_keyboard_alone_with_every_screen_checked_by_axe() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (db, saved) = (dir.path().join("board.db"), dir.path().join("saved"));
    std::fs::create_dir_all(&saved).expect("the save folder");
    let driver = start_driver(&[("GOVMAT_DB", &db), ("GOVMAT_E2E_SAVE_DIR", &saved)]);
    let c = window(&driver, (1366, 768)).await;
    let mut audit = Audit {
        source: axe_source(),
        found: Vec::new(),
        screens: 0,
    };
    within(7, journey(&c, &saved, &mut audit)).await;
    c.close().await.ok();
    drop(driver);
    for v in &audit.found {
        eprintln!("{v}");
    }
    assert!(
        audit.found.is_empty(),
        "{} serious or critical accessibility violations on {} screen checks (listed above)",
        audit.found.len(),
        audit.screens
    );
    assert_eq!(audit.screens, 24, "twelve screens, each in both type sizes");
}

async fn journey(c: &Client, saved: &Path, audit: &mut Audit) {
    let shots = screenshots();
    // The start screen of a first run: the board's own organisation, by keyboard.
    text_when(c, "main h1", |t| !t.is_empty() && t != "Loading…").await;
    audit.both(c, "start").await;
    tab_to(c, "#org-name").await;
    keys(c, "Keyboard Trust").await;
    press(c, ENTER).await;
    // A new round: open the disclosure with Enter, accept its name and date, start it.
    text_when(c, "main", |t| t.contains("Keyboard Trust")).await;
    activate(c, "details.new-round summary").await;
    activate(c, "details.new-round button[type=submit]").await;
    text_when(c, "main h1", |t| t == "Collect answers privately").await;

    // The facilitator chooses the PIN and starts private collection.
    tab_to(c, "#new-pin").await;
    keys(c, PIN).await;
    tab_to(c, "#new-pin-again").await;
    keys(c, PIN).await;
    activate(c, "#start-collection").await;
    find(c, "#start-ballot").await;
    audit.both(c, "collect (ballot start)").await;

    // A member answers: name, role by typing its first letter, then the questions by key.
    tab_to(c, "#member-name").await;
    keys(c, "Kim Keys").await;
    tab_to(c, "#member-role").await;
    keys(c, "n").await; // Non-executive
    activate(c, "#start-ballot").await;
    text_when(c, "main h1", |t| t == "Stop projecting first").await;
    audit.both(c, "private step").await;
    activate(c, "#private-continue").await;
    find(c, "#resume-code-shown").await;
    activate(c, "#begin-answers").await;
    text_when(c, "#progress-text", |t| t.starts_with("0 of")).await;
    audit.both(c, "ballot question").await;
    // Back from the header's button into the ballot, where its single keys work (WCAG 2.1.4).
    tab_to(c, "input[name=answer]").await;
    press(c, '3').await;
    text_when(c, "#save-status", |t| t == "Saved").await;
    press(c, RIGHT).await;
    text_when(c, "#progress-text", |t| t.starts_with("1 of")).await;
    press(c, '2').await;
    text_when(c, "#progress-text", |t| t.starts_with("2 of")).await;
    press(c, RIGHT).await;
    // The rest left unanswered: → to the end, past the optional spectrum step.
    for _ in 0..60 {
        if c.find(fantoccini::Locator::Css("#spectrum-next"))
            .await
            .is_ok()
        {
            break;
        }
        press(c, RIGHT).await;
    }
    find(c, "#spectrum-next").await;
    audit.both(c, "ballot spectrum").await;
    activate(c, "#spectrum-next").await;
    text_when(c, "main h1", |t| t == "Check and finish").await;
    audit.both(c, "ballot check and finish").await;
    activate(c, "#finish-ballot").await;
    text_when(c, "main h1", |t| t.starts_with("Thank you")).await;
    audit.both(c, "between members").await;
    activate(c, "#next-member").await;
    text_when(c, "main h1", |t| t == "Collect answers privately").await;

    // The facilitator ends collection behind the PIN: the reveal opens.
    activate(c, "#facilitator summary").await;
    tab_to(c, "#facilitator-pin").await;
    keys(c, PIN).await;
    activate(c, "#end-collection").await;
    text_when(c, "main h1", |t| t == "Reveal and agree").await;
    audit.both(c, "reveal").await;

    // The board agrees a score for the first item: the level by its digit, then Save.
    let first = ".reveal-list .reveal-item:first-child";
    tab_to(c, &format!("{first} select[name=agreed]")).await;
    keys(c, "3").await;
    tab_to(c, &format!("{first} textarea[name=rationale]")).await;
    keys(c, "Agreed at the away day.").await;
    activate(c, &format!("{first} form.decision button[type=submit]")).await;
    text_when(c, "#notice", |t| t.starts_with("Saved the decision")).await;

    step(c, "spectrum", "Spectrum").await;
    audit.both(c, "spectrum").await;
    step(c, "results", "Results").await;
    find(c, "figure[data-chart=bars] img.chart").await;
    audit.both(c, "results").await;

    step(c, "actions", "Actions").await;
    audit.both(c, "actions").await;
    tab_to(c, "form.action-form textarea[name=text]").await;
    keys(c, "Commission a skills review").await;
    tab_to(c, "form.action-form input[name=owner]").await;
    keys(c, "Company secretary").await;
    activate(c, "form.action-form button[type=submit]").await;
    text_when(c, "#actions", |t| t.contains("Commission a skills review")).await;

    step(c, "report", "Report").await;
    audit.both(c, "report").await;
    activate(c, "#export-pdf").await;
    let status = text_when(c, "#report-status", |t| {
        t.starts_with("Saved:") || t.starts_with("Not saved")
    })
    .await;
    assert!(status.starts_with("Saved:"), "the PDF was saved: {status}");
    assert_focus_kept(c, "saving the report").await;
    let pdf = saved_file(saved, "pdf");
    let bytes = std::fs::read(&pdf).expect("the saved report");
    assert!(
        bytes.starts_with(b"%PDF"),
        "a PDF was saved by keyboard alone"
    );
    screenshot(c, &shots, "29-keyboard-report-saved").await;
}

/// Moves to another step of the away-day with the keyboard: Shift+Tab back from the screen's
/// heading (where each screen puts the focus) to the step's link in the header, then Enter.
async fn step(c: &Client, id: &str, heading: &str) {
    back_tab_to(c, &format!("#steps a[href='#/{id}']")).await;
    press(c, ENTER).await;
    text_when(c, "main h1", |t| t == heading).await;
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

async fn shift_tab(c: &Client) {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: SHIFT })
        .then(KeyAction::Down { value: TAB })
        .then(KeyAction::Up { value: TAB })
        .then(KeyAction::Up { value: SHIFT });
    c.perform_actions(keys).await.expect("Shift+Tab");
    c.release_actions().await.ok();
}

/// What has the focus now: whether it is `css`, a description, whether it is `<body>`, and
/// whether its focus indicator is drawn (an outline or a ring of box shadow).
async fn focus(c: &Client, css: &str) -> Value {
    c.execute(
        r##"const el = document.activeElement;
           if (!el || el === document.body || el === document.documentElement)
             return { body: true, desc: el ? el.tagName.toLowerCase() : "nothing" };
           const cs = getComputedStyle(el);
           const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0;
           const ring = cs.boxShadow && cs.boxShadow !== "none";
           const label = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim().slice(0, 50);
           return { body: false, matches: el.matches(arguments[0]), visible: outline || ring,
                    desc: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " “" + label + "”" };"##,
        vec![json!(css)],
    )
    .await
    .expect("the focused element")
}

/// After an action that redraws part of the screen, the focus is still on an element.
async fn assert_focus_kept(c: &Client, after: &str) {
    let f = focus(c, "*").await;
    assert!(
        f["body"] != json!(true),
        "after {after}, the focus was lost to <body>"
    );
}

/// Tabs to `css` and presses Enter on it, as a person at the keyboard would to press it.
async fn activate(c: &Client, css: &str) {
    tab_to(c, css).await;
    press(c, ENTER).await;
}

async fn tab_to(c: &Client, css: &str) {
    move_focus(c, css, false).await
}

async fn back_tab_to(c: &Client, css: &str) {
    move_focus(c, css, true).await
}

/// Presses Tab (or Shift+Tab) until `css` has the focus, checking before the first press (so
/// after the last action) and after every press that the focus is on an element, never `<body>`,
/// and after every press that its focus indicator is drawn.
async fn move_focus(c: &Client, css: &str, back: bool) {
    let before = focus(c, css).await;
    assert!(
        before["body"] != json!(true),
        "before tabbing to `{css}`, the focus had been lost to <body> by the key pressed before"
    );
    if before["matches"] == json!(true) {
        return;
    }
    let mut seen = Vec::new();
    for _ in 0..80 {
        if back {
            shift_tab(c).await;
        } else {
            press(c, TAB).await;
        }
        let f = focus(c, css).await;
        let desc = f["desc"].as_str().unwrap_or("?").to_string();
        assert!(
            f["body"] != json!(true),
            "the focus was lost to <body> while tabbing to `{css}`; before it: {seen:?}"
        );
        assert!(
            f["visible"] == json!(true),
            "the focus on {desc} is not visible (no outline or ring) while tabbing to `{css}`"
        );
        if f["matches"] == json!(true) {
            return;
        }
        seen.push(desc);
    }
    panic!(
        "`{css}` was never reached by {}; the focus went through {seen:?}",
        if back { "Shift+Tab" } else { "Tab" }
    );
}

/// axe-core's findings, gathered over the journey so one run lists every violation.
struct Audit {
    source: String,
    found: Vec<String>,
    screens: usize,
}

impl Audit {
    /// Checks the screen in normal type, then in large type (switched with the keyboard, from
    /// the header's button), then back; the journey then tabs on from that button.
    async fn both(&mut self, c: &Client, screen: &str) {
        self.check(c, screen).await;
        set_large_type(c, true).await;
        self.check(c, &format!("{screen}, large type")).await;
        set_large_type(c, false).await;
    }

    async fn check(&mut self, c: &Client, screen: &str) {
        self.screens += 1;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let loaded = c
            .execute("return typeof window.axe !== 'undefined';", vec![])
            .await
            .expect("a script runs");
        if loaded != json!(true) {
            c.execute(&format!("{}\nreturn true;", self.source), vec![])
                .await
                .expect("axe-core loads into the page");
        }
        let result = c
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                   axe.run(document, {
                     runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
                     resultTypes: ["violations"],
                   }).then((r) => done(r.violations
                       .filter((v) => v.impact === "serious" || v.impact === "critical")
                       .map((v) => ({ id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
                                      nodes: v.nodes.slice(0, 6).map((n) => n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\s+/g, " ")) }))))
                     .catch((e) => done({ error: String(e) }));"#,
                vec![],
            )
            .await
            .expect("axe-core runs");
        if let Some(e) = result.get("error") {
            panic!("axe-core failed on {screen}: {e}");
        }
        for v in result.as_array().cloned().unwrap_or_default() {
            let nodes: Vec<String> = v["nodes"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|n| n.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            self.found.push(format!(
                "[{screen}] {} ({}): {} — {}\n    {}",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or(""),
                v["url"].as_str().unwrap_or(""),
                nodes.join("\n    ")
            ));
        }
    }
}

/// Switches large type with the keyboard: Shift+Tab back to the header's "Large type" button,
/// then Space. Screens with charts draw again and put the focus on their heading.
async fn set_large_type(c: &Client, on: bool) {
    let pressed = find(c, "#large-type")
        .await
        .attr("aria-pressed")
        .await
        .expect("the button's state");
    if pressed.as_deref() == Some(if on { "true" } else { "false" }) {
        return;
    }
    back_tab_to(c, "#large-type").await;
    press(c, ' ').await;
    let want = if on { "true" } else { "false" };
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let now = find(c, "#large-type")
            .await
            .attr("aria-pressed")
            .await
            .ok()
            .flatten();
        if now.as_deref() == Some(want) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "large type never switched"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Screens with charts draw them again at the new size (and focus their heading).
    tokio::time::sleep(Duration::from_millis(800)).await;
    text_when(c, "main", |t| !t.starts_with("Loading")).await;
}
