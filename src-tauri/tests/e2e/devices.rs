//! End to end, issue 12's "done means" in the real window: the facilitator starts collection,
//! chooses "Collect on members' devices" and the window shows the address and QR code; a member
//! answers the whole ballot over that address by HTTP (as a phone's browser would); the window's
//! counts show them joined and finished, never an answer; the facilitator ends collection with
//! the PIN and the reveal counts the new member.
//!
//! Issue 25 §4–§6 and 29 §4 on the way: a room check stops when the facilitator stops it or goes
//! to another step; before collection, "Check the room" counts two "phones"
//! (HTTP clients on 127.0.0.2 and 127.0.0.3 asking what the page asks) on the projector; when
//! collection starts with a 12-minute time box, their pages find the ballot, and the projector
//! shows the same address without another click, the countdown on it and in "So far"; after a
//! window reload the devices panel still shows the running server; the facilitator discards an
//! empty ballot in the window (a ballot with an answer is refused).
//!
//! Needs a display (run under `xvfb-run -a`), `tauri-driver` and Debian's `webkit2gtk-driver`.

use std::net::{IpAddr, SocketAddr};
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
    // The "phones" are on this machine, so loopback is offered too (a test-hooks build only).
    let driver = start_driver(&[
        ("GOVMAT_DB", &db),
        ("GOVMAT_QUESTIONNAIRES", &folder),
        ("GOVMAT_TEST_OFFER_LOOPBACK", Path::new("1")),
    ]);
    within(3, journey(&driver, &db)).await;
    drop(driver);
}

async fn journey(driver: &Driver, db: &Path) {
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
    let c = window(driver, (1366, 768)).await;
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

    // A room check stops when the facilitator stops it, and when they leave it for another step
    // (nothing is left serving a page nobody watches); coming back shows "Check the room" again.
    let (addr, base) = check_room(&c).await;
    click(&c, "#stop-room-check").await;
    find(&c, "#check-room").await;
    stops(addr, &base).await;
    let (addr, base) = check_room(&c).await;
    click(&c, "#steps a[href='#/results']").await;
    text_when(&c, "main h1", |t| t == "Results").await;
    stops(addr, &base).await;
    click(&c, "#steps a[href='#/collect']").await;
    find(&c, "#check-room").await;

    // The room check before anyone votes (issue 25 §4): two phones open the join address.
    let (addr, base) = check_room(&c).await;
    let url = text_when(&c, "#devices-url", |t| t.contains("127.0.0.1")).await;
    find(&c, "img.qr").await;
    let phones: [IpAddr; 2] = ["127.0.0.2".parse().unwrap(), "127.0.0.3".parse().unwrap()];
    let status = |phone: IpAddr| {
        let path = format!("{base}/api/status");
        async move {
            crate::http::send_from(Some(phone), addr, &crate::http::Request::new("GET", &path))
                .await
                .expect("the laptop answers")
                .json()
        }
    };
    for phone in phones {
        assert_eq!(
            status(phone).await["phase"],
            "check",
            "the page says only 'connected'"
        );
        let form = crate::http::send_from(
            Some(phone),
            addr,
            &crate::http::Request::new("GET", &format!("{base}/api/form")),
        )
        .await
        .expect("an answer");
        assert_eq!(form.status, 409, "no ballot before collection starts");
    }
    text_when(&c, "#room-count", |t| {
        t == "2 devices can reach this laptop"
    })
    .await;
    c.execute(
        "const el = document.getElementById('room-check-title');
         window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 16);",
        vec![],
    )
    .await
    .expect("scrolled to the room check");
    until(
        &c,
        "return Math.abs(document.getElementById('room-check-title').getBoundingClientRect().top - 16) < 4",
        "the room check at the top of the screen",
    )
    .await;
    screenshot(&c, &shots, "25-room-check-1366x768").await;

    // Collection starts with a 12-minute time box; the phones' pages find the ballot.
    type_into(&c, "#new-pin", PIN).await;
    type_into(&c, "#new-pin-again", PIN).await;
    type_into(&c, "#time-box", "12").await;
    click(&c, "#start-collection").await;
    find(&c, "#member-name").await;
    for phone in phones {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let st = status(phone).await;
            if st["phase"] == "collecting" {
                let left = st["seconds_left"].as_i64().expect("a time box");
                assert!((660..=720).contains(&left), "about 12 minutes left: {left}");
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the page never found the ballot"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    // The projector shows the same address without another click (the panel finds the running
    // server), and the countdown; after a window reload too (issue 29 §4).
    text_when(&c, "#devices-time-box", |t| t.starts_with("Time left: 1")).await;
    text_when(&c, "#time-box-left", |t| t.starts_with("Time left: 1")).await;
    if c.find(fantoccini::Locator::Css("#devices-adapter"))
        .await
        .is_ok()
    {
        choose(&c, "#devices-adapter", "loopback").await;
    }
    assert_eq!(
        text_when(&c, "#devices-url", |t| t.contains("127.0.0.1")).await,
        url
    );
    c.execute(
        "document.getElementById('devices-title').scrollIntoView()",
        vec![],
    )
    .await
    .expect("scrolled to the panel");
    screenshot(&c, &shots, "25-time-box-1366x768").await;
    c.refresh().await.expect("the window reloads");
    assert_eq!(
        text_when(&c, "#devices-url", |t| t.contains("127.0.0.1")).await,
        url,
        "the devices panel shows the running server after a reload"
    );
    c.execute(
        "document.getElementById('devices-title').scrollIntoView()",
        vec![],
    )
    .await
    .expect("scrolled to the panel");
    screenshot(&c, &shots, "28-devices-desktop").await;

    // A mistyped start leaves an empty ballot; the facilitator discards it in the window (PIN).
    // A ballot with an answer is refused there, and stays (issue 25 §1, item 5).
    let (round, answered) = {
        let mut g = govmat::Govmat::open(db, None).expect("the same database");
        let round = g
            .collecting_round()
            .expect("reads")
            .expect("collecting")
            .round_id;
        g.start_ballot(round, "Nia Hughs", govmat::Role::Executive)
            .expect("the typo starts on the laptop");
        let answered = g
            .collection_progress(round, PIN, govmat::unix_now())
            .expect("the PIN")
            .into_iter()
            .find(|m| m.answered)
            .expect("the demo's members have answered")
            .name;
        (round, answered)
    };
    let started = |db: &Path| {
        govmat::Govmat::open(db, None)
            .expect("the same database")
            .collection_status(round)
            .expect("status")
            .started
    };
    assert_eq!(started(db), 10, "nine answered and the typo");
    click(&c, "#facilitator summary").await;
    type_into(&c, "#facilitator-pin", PIN).await;
    type_into(&c, "#discard-name", &answered).await;
    click(&c, "#discard-ballot").await;
    text_when(&c, "#facilitator-out", |t| t.contains("has answered")).await;
    assert_eq!(
        started(db),
        10,
        "a ballot with an answer is never discarded"
    );
    type_into(&c, "#facilitator-pin", PIN).await;
    type_into(&c, "#discard-name", "nia hughs").await;
    click(&c, "#discard-ballot").await;
    text_when(&c, "#notice", |t| {
        t == "The empty ballot started as “nia hughs” is discarded."
    })
    .await;
    assert_eq!(started(db), 9, "the empty ballot is gone");
    assert!(
        govmat::Govmat::open(db, None)
            .expect("the same database")
            .collection_status(round)
            .expect("status")
            .events
            .iter()
            .any(|e| e.event == "discarded-ballot"),
        "the discard is recorded"
    );

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

/// Starts the room check in the window and answers its loopback join address: the socket and the
/// path under the join code.
async fn check_room(c: &fantoccini::Client) -> (SocketAddr, String) {
    click(c, "#check-room").await;
    find(c, "#devices-url").await;
    if c.find(fantoccini::Locator::Css("#devices-adapter"))
        .await
        .is_ok()
    {
        choose(c, "#devices-adapter", "loopback").await;
    }
    let url = text_when(c, "#devices-url", |t| t.contains("127.0.0.1")).await;
    let rest = url.strip_prefix("http://").expect("plain HTTP");
    let (host, path) = rest.split_once('/').expect("a path");
    let addr: SocketAddr = host
        .parse()
        .unwrap_or_else(|e| panic!("the join address names a socket address ({host}): {e}"));
    (addr, format!("/{path}"))
}

/// Waits (10 s at most) until nothing answers at the join address any more.
async fn stops(addr: SocketAddr, base: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let path = format!("{base}/api/status");
    while crate::http::send(addr, &crate::http::Request::new("GET", &path))
        .await
        .is_ok()
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the room check at {addr} still answers"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
