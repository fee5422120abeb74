//! End to end, issue 12's "done means" in the real window: the facilitator starts collection,
//! chooses "Collect on members' devices" and the window shows the address and QR code; a member
//! answers the whole ballot over that address by HTTP (as a phone's browser would); the window's
//! counts show them joined and finished, never an answer; the facilitator ends collection with
//! the PIN and the reveal counts the new member.
//!
//! Needs a display (run under `xvfb-run -a`), `tauri-driver` and Debian's `webkit2gtk-driver`.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use crate::support::*;
use serde_json::json;

const PIN: &str = "602913";

#[tokio::test(flavor = "multi_thread")]
async fn a_member_answers_on_their_own_device_and_the_window_shows_only_counts() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = dir.path().join("board.db");
    // A consultant's broken questionnaire file: the board opens all the same (issue 29).
    let folder = dir.path().join("questionnaires");
    std::fs::create_dir(&folder).expect("the questionnaire folder");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/malformed.toml"),
        folder.join("malformed.toml"),
    )
    .expect("the broken file");
    let driver = start_driver(&[("GOVMAT_DB", &db), ("GOVMAT_QUESTIONNAIRES", &folder)]);
    tokio::time::timeout(Duration::from_secs(180), journey(&driver, &db))
        .await
        .expect("the journey finished within three minutes");
    drop(driver);
}

async fn journey(driver: &Driver, db: &Path) {
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
    let c = connect(driver, env!("CARGO_BIN_EXE_govmat-desktop")).await;
    c.set_window_size(1366, 768).await.ok();
    let problems = text_when(&c, "#questionnaire-problems", |t| {
        t.contains("malformed.toml")
    })
    .await;
    assert!(
        problems.contains("malformed.toml:3:22: invalid TOML"),
        "the start screen names the file left out at its line and column: {problems}"
    );
    screenshot(&c, &shots, "29-questionnaire-left-out-1366x768").await;
    click(&c, "#open-demo").await;
    text_when(&c, "main h1", |t| t == "Results").await;
    // The demo board has a roster, and under a roster only its members may vote from a device
    // (issue 25 §1): the facilitator adds the newcomer first, behind the roster PIN.
    {
        let mut g = govmat::Govmat::open(db, None).expect("the same database");
        let org = g
            .organisation_named("Demo: Riverside & Vale NHS Foundation Trust")
            .expect("the demo board")
            .id;
        g.set_roster_pin(org, "864205").expect("a roster PIN");
        g.add_to_roster(org, "864205", 0, "Nia Hughes", govmat::Role::Executive)
            .expect("the newcomer on the roster");
    }
    click(&c, "#steps a[href='#/collect']").await;
    text_when(&c, "main h1", |t| t.starts_with("Collect")).await;
    type_into(&c, "#new-pin", PIN).await;
    type_into(&c, "#new-pin-again", PIN).await;
    click(&c, "#start-collection").await;
    find(&c, "#member-name").await;

    // The projector shows the address to type (and its QR code).
    click(&c, "#start-devices").await;
    let url = text_when(&c, "#devices-url", |t| t.starts_with("http://")).await;
    find(&c, "img.qr").await;
    let rest = url.strip_prefix("http://").expect("plain HTTP");
    let (host, path) = rest.split_once('/').expect("a path");
    let addr: SocketAddr = host
        .parse()
        .unwrap_or_else(|e| panic!("the join address names a socket address ({host}): {e}"));
    let base = format!("/{path}");
    c.execute(
        "document.getElementById('devices-title').scrollIntoView()",
        vec![],
    )
    .await
    .expect("scrolled to the panel");
    screenshot(&c, &shots, "28-devices-desktop").await;

    // A member answers every question on their own device.
    let started = crate::http::json(
        addr,
        "POST",
        &format!("{base}/api/start"),
        None,
        &json!({"name": "Nia Hughes", "role": "executive"}),
    )
    .await;
    assert_eq!(started.status, 200, "the member starts: {}", started.body);
    let cookie = started.cookie();
    let form = crate::http::send(
        addr,
        &crate::http::Request {
            cookie: Some(&cookie),
            ..crate::http::Request::new("GET", &format!("{base}/api/form"))
        },
    )
    .await
    .expect("the form")
    .json();
    let items: Vec<String> = form["instrument"]["areas"]
        .as_array()
        .expect("areas")
        .iter()
        .flat_map(|a| a["items"].as_array().expect("items").iter())
        .map(|i| i["id"].as_str().expect("an id").to_string())
        .collect();
    assert_eq!(items.len(), 27);
    for (seq, item) in items.iter().enumerate() {
        let r = crate::http::json(
            addr,
            "PUT",
            &format!("{base}/api/answer"),
            Some(&cookie),
            &json!({"item_id": item, "answer": {"kind": "level", "value": 4}, "comment": "", "seq": seq + 1}),
        )
        .await;
        assert_eq!(r.status, 200, "{item} is saved: {}", r.body);
    }
    let done = crate::http::json(
        addr,
        "POST",
        &format!("{base}/api/finish"),
        Some(&cookie),
        &json!({}),
    )
    .await;
    assert_eq!(done.status, 200, "the member finishes: {}", done.body);

    // The window shows counts, never an answer.
    // The demo's nine answered on the laptop before; the tenth, on the roster now, on a device.
    // With every roster member finished, the projector says so and offers to end (issue 25 §6).
    text_when(&c, "#devices-counts", |t| {
        t.starts_with("Everyone has finished: all 10 on the roster")
    })
    .await;
    let page = find(&c, "main")
        .await
        .text()
        .await
        .expect("the page's text");
    assert!(
        !page.contains("Nia Hughes"),
        "no member's name is on the projector"
    );

    // The facilitator ends collection; the reveal counts the new member; the pages are told.
    click(&c, "#facilitator summary").await;
    type_into(&c, "#facilitator-pin", PIN).await;
    click(&c, "#end-collection").await;
    text_when(&c, "main h1", |t| t.starts_with("Reveal")).await;
    text_when(&c, "main .lead", |t| {
        t.starts_with("10 members have answered")
    })
    .await;
    let after = crate::http::send(
        addr,
        &crate::http::Request::new("GET", &format!("{base}/api/form")),
    )
    .await;
    assert!(
        after.map(|r| r.status >= 400).unwrap_or(true),
        "nothing is served once collection has ended"
    );
    c.close().await.ok();
}
