//! The devices server, black-box over loopback: a whole ballot by HTTP lands in the database
//! through the same use cases as the desktop; every bad request is a 4xx `{code, message}` that
//! writes nothing; nothing but the member page and ballot endpoints is served, to no foreign
//! `Host`, and nothing after collection ends; a resent save is one answer; thirty members
//! answering at once lose nothing; and a server on its own threads answers while the caller's
//! runtime is held as native dialogs hold the desktop's.

mod http;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use govmat::{Govmat, LanOptions, LanServer, NewRound};
use serde_json::json;

const PIN: &str = "602913";

struct Room {
    _dir: tempfile::TempDir,
    db: PathBuf,
    round: i64,
    other_round: i64,
}

fn room() -> Room {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = dir.path().join("board.db");
    let mut g = Govmat::open(&db, None).expect("a new database opens");
    let org = g.create_organisation("Vale Trust").expect("org").id;
    let mk = |g: &mut Govmat, name: &str| {
        g.create_round(&NewRound {
            organisation_id: org,
            name: name.into(),
            date: "2026-03-01".into(),
            questionnaire: "collaboration-checklist".into(),
            carry_actions: true,
        })
        .expect("a round")
        .id
    };
    let other_round = mk(&mut g, "Autumn 2025");
    let round = mk(&mut g, "Spring 2026");
    g.start_collection(round, PIN, 1_000)
        .expect("collection starts");
    Room {
        _dir: dir,
        db,
        round,
        other_round,
    }
}

fn fast() -> LanOptions {
    LanOptions {
        bind: Some("127.0.0.1".parse().expect("loopback")),
        rate_per_sec: 10_000.0,
        burst: 10_000.0,
        poll: Duration::from_millis(100),
        closing_grace: Duration::from_millis(400),
        // Every simulated member here shares 127.0.0.1; tests/lan_room.rs plays separate devices.
        starts_per_device: 1_000,
        connections_per_client: 1_000,
        ..LanOptions::default()
    }
}

struct Served {
    server: LanServer,
    addr: SocketAddr,
    base: String,
}

async fn serve(room: &Room, options: LanOptions) -> Served {
    let server = LanServer::start(&room.db, room.round, options)
        .await
        .expect("the server starts on a collecting round");
    served(server)
}

fn served(server: LanServer) -> Served {
    let addr = server.addrs()[0];
    let url = server.join_urls()[0].clone();
    let base = url
        .strip_prefix(&format!("http://{addr}"))
        .expect("the join address names the address served")
        .to_string();
    Served { server, addr, base }
}

/// Everything members could have written, as one comparable text.
fn written(room: &Room) -> String {
    let c = rusqlite::Connection::open(&room.db).expect("the database opens");
    let mut out = String::new();
    for sql in [
        "SELECT respondent_id || item_id || coalesce(level, '-') || dont_know || comment FROM response ORDER BY 1",
        "SELECT coalesce(respondent_id, 0) || dimension_id || coalesce(now, '-') || coalesce(aspiration, '-') FROM spectrum_position ORDER BY 1",
        "SELECT id || name || finished FROM respondent ORDER BY 1",
    ] {
        let mut st = c.prepare(sql).expect("a query");
        let rows = st
            .query_map([], |r| r.get::<_, String>(0))
            .expect("rows")
            .collect::<Result<Vec<_>, _>>()
            .expect("rows read");
        out.push_str(&rows.join("\n"));
        out.push('|');
    }
    out
}

async fn start(s: &Served, name: &str) -> String {
    let r = http::json(
        s.addr,
        "POST",
        &format!("{}/api/start", s.base),
        None,
        &json!({"name": name, "role": "non-executive"}),
    )
    .await;
    assert_eq!(r.status, 200, "a member starts: {}", r.body);
    let set = r.header("set-cookie").expect("a cookie").to_string();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "the session cookie is out of script's reach and same-site only: {set}"
    );
    r.cookie()
}

async fn form(s: &Served) -> serde_json::Value {
    let r = http::send(
        s.addr,
        &http::Request::new("GET", &format!("{}/api/form", s.base)),
    )
    .await
    .expect("the form");
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

fn item_ids(form: &serde_json::Value) -> Vec<String> {
    form["instrument"]["areas"]
        .as_array()
        .expect("areas")
        .iter()
        .flat_map(|a| a["items"].as_array().expect("items").iter())
        .map(|i| i["id"].as_str().expect("an id").to_string())
        .collect()
}

fn dimension_ids(form: &serde_json::Value) -> Vec<String> {
    form["spectrum"]["areas"]
        .as_array()
        .map(|areas| {
            areas
                .iter()
                .flat_map(|a| a["items"].as_array().expect("items").iter())
                .map(|i| i["id"].as_str().expect("an id").to_string())
                .collect()
        })
        .unwrap_or_default()
}

async fn save(s: &Served, cookie: &str, item: &str, level: i64, seq: u64) -> http::Reply {
    http::json(
        s.addr,
        "PUT",
        &format!("{}/api/answer", s.base),
        Some(cookie),
        &json!({"item_id": item, "answer": {"kind": "level", "value": level}, "comment": "", "seq": seq}),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_ballot_by_http_is_in_the_reveal_once_collection_ends() {
    let room = room();
    let s = serve(&room, fast()).await;
    let page = http::send(s.addr, &http::Request::new("GET", &format!("{}/", s.base)))
        .await
        .expect("the page");
    assert_eq!(page.status, 200);
    let csp = page.header("content-security-policy").expect("a CSP");
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert!(
        page.header("access-control-allow-origin").is_none(),
        "no CORS header: no other origin may read a response"
    );
    let f = form(&s).await;
    let items = item_ids(&f);
    let dims = dimension_ids(&f);
    assert_eq!(items.len(), 27, "the checklist has 27 items");
    let cookie = start(&s, "Ann").await;
    for (n, item) in items.iter().enumerate() {
        let r = save(&s, &cookie, item, n as i64 % 5, 1).await;
        assert_eq!(r.status, 200, "{item}: {}", r.body);
    }
    for d in &dims {
        let r = http::json(
            s.addr,
            "PUT",
            &format!("{}/api/position", s.base),
            Some(&cookie),
            &json!({"dimension": d, "now": 2, "aspiration": 3, "seq": 1}),
        )
        .await;
        assert_eq!(r.status, 200, "{d}: {}", r.body);
    }
    let r = http::json(
        s.addr,
        "POST",
        &format!("{}/api/finish", s.base),
        Some(&cookie),
        &json!({}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut g = Govmat::open(&room.db, None).expect("opens");
    let p = g.device_progress(room.round).expect("progress");
    assert_eq!((p.joined, p.finished), (1, 1));
    assert!(
        p.items.iter().all(|i| i.received == 1),
        "every item and dimension has one answer: {:?}",
        p.items
    );
    g.end_collection(room.round, PIN, 2_000)
        .expect("the PIN ends collection");
    let reveal = g.reveal_view(room.round).expect("the reveal");
    assert_eq!(
        reveal.respondents, 1,
        "the reveal counts the member who answered by HTTP"
    );
    s.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_request_is_a_4xx_json_refusal_that_writes_nothing() {
    let room = room();
    let s = serve(&room, fast()).await;
    let cookie = start(&s, "Ann").await;
    let items = item_ids(&form(&s).await);
    let ok = save(&s, &cookie, &items[0], 3, 1).await;
    assert_eq!(ok.status, 200);
    let before = written(&room);
    let answer = format!("{}/api/answer", s.base);
    let big = vec![b'a'; 20 * 1024];
    let long_name = "n".repeat(200);
    let cases: Vec<(&str, http::Request, u16, &str)> = vec![
        ("a wrong token", http::Request { cookie: Some("govmat_ballot=forged"), body: br#"{"item_id":"x","answer":{"kind":"dont_know"},"seq":1}"#, ..http::Request::new("PUT", &answer) }, 403, "forbidden"),
        ("no token", http::Request { body: br#"{"item_id":"x","answer":{"kind":"dont_know"},"seq":1}"#, ..http::Request::new("PUT", &answer) }, 403, "forbidden"),
        ("an unknown item", http::Request { cookie: Some(&cookie), body: br#"{"item_id":"no-such-item","answer":{"kind":"dont_know"},"seq":2}"#, ..http::Request::new("PUT", &answer) }, 422, "invalid_input"),
        ("a value off the scale", http::Request { cookie: Some(&cookie), body: format!(r#"{{"item_id":"{}","answer":{{"kind":"level","value":99}},"seq":2}}"#, items[0]).leak().as_bytes(), ..http::Request::new("PUT", &answer) }, 422, "invalid_input"),
        ("malformed JSON", http::Request { cookie: Some(&cookie), body: b"{\"item_id\": ", ..http::Request::new("PUT", &answer) }, 400, "invalid_json"),
        ("an unknown field", http::Request { cookie: Some(&cookie), body: format!(r#"{{"item_id":"{}","answer":{{"kind":"dont_know"}},"seq":2,"respondent_id":1}}"#, items[0]).leak().as_bytes(), ..http::Request::new("PUT", &answer) }, 400, "invalid_json"),
        ("an oversized body", http::Request { cookie: Some(&cookie), body: &big, ..http::Request::new("PUT", &answer) }, 413, "too_large"),
        ("not JSON at all", http::Request { cookie: Some(&cookie), content_type: Some("text/plain"), body: b"item=1", ..http::Request::new("PUT", &answer) }, 415, "invalid_input"),
        ("a name too long", http::Request { body: format!(r#"{{"name":"{long_name}","role":"chair"}}"#).leak().as_bytes(), ..http::Request::new("POST", format!("{}/api/start", s.base).leak()) }, 422, "invalid_input"),
        ("a name already taken", http::Request { body: br#"{"name":"Ann","role":"chair"}"#, ..http::Request::new("POST", format!("{}/api/start", s.base).leak()) }, 403, "forbidden"),
        ("a wrong resume code", http::Request { body: br#"{"name":"Ann","code":"AAAAAA"}"#, ..http::Request::new("POST", format!("{}/api/resume", s.base).leak()) }, 403, "forbidden"),
    ];
    for (what, req, status, code) in cases {
        let r = http::send(s.addr, &req).await.expect("an answer");
        assert_eq!(r.status, status, "{what}: {}", r.body);
        assert_eq!(r.json()["code"], code, "{what}: {}", r.body);
        assert!(
            r.json()["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{what} says why"
        );
    }
    assert_eq!(written(&room), before, "no bad request wrote anything");
    s.server.shutdown().await;
}

/// Issue 23 §2: a phone on the room's network cannot list who has started. A start under a taken
/// name, a resume under a name nobody has and a resume with a wrong code get the same status and
/// the same bytes back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_start_or_resume_says_the_same_whatever_the_reason() {
    let room = room();
    let s = serve(&room, fast()).await;
    start(&s, "Ann").await;
    let post = |path: &'static str, body: serde_json::Value| {
        let url = format!("{}/api/{path}", s.base);
        async move { http::json(s.addr, "POST", &url, None, &body).await }
    };
    let taken = post("start", json!({"name": "ANN", "role": "chair"})).await;
    let unknown = post("resume", json!({"name": "Nobody", "code": "K7QX2M"})).await;
    let wrong = post("resume", json!({"name": "Ann", "code": "K7QX2M"})).await;
    for (what, r) in [("unknown name", &unknown), ("wrong code", &wrong)] {
        assert_eq!(
            (r.status, &r.body),
            (taken.status, &taken.body),
            "a refusal for an {what} is the refusal for a taken name"
        );
    }
    assert_eq!(taken.status, 403);
    assert_eq!(
        taken.json()["message"],
        "if you have started before, carry on with your resume code; otherwise ask the facilitator"
    );
    s.server.shutdown().await;
}

/// Issue 23 §2: when the database cannot answer (here another connection holds its write lock),
/// a phone gets `{code, message}` in plain words, never SQLite's text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_storage_failure_reaches_a_phone_in_plain_words() {
    let room = room();
    let s = serve(&room, fast()).await;
    let blocker = rusqlite::Connection::open(&room.db).expect("the database opens");
    blocker
        .execute_batch("BEGIN EXCLUSIVE")
        .expect("another connection takes the write lock");
    let r = http::json(
        s.addr,
        "POST",
        &format!("{}/api/start", s.base),
        None,
        &json!({"name": "Bea", "role": "chair"}),
    )
    .await;
    blocker.execute_batch("ROLLBACK").expect("released");
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(r.json()["code"], "storage");
    let message = r.json()["message"].as_str().unwrap_or_default().to_string();
    for raw in ["database", "locked", "sqlite", "SQLITE", "busy"] {
        assert!(!message.contains(raw), "no storage text ({raw}): {message}");
    }
    assert!(message.contains("try again"), "plain words: {message}");
    s.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_but_the_ballot_is_served_and_only_to_the_address_served() {
    let room = room();
    let s = serve(&room, fast()).await;
    let ann = start(&s, "Ann").await;
    let items = item_ids(&form(&s).await);
    assert_eq!(save(&s, &ann, &items[0], 4, 1).await.status, 200);
    let wrong_code = "/j/aaaaaaaaaaaaaaaaaaaaaaaaaa/api/form".to_string();
    for path in [
        "/".to_string(),
        "/j".to_string(),
        wrong_code,
        format!("{}/api/results", s.base),
        format!("{}/api/reveal", s.base),
        format!("{}/api/export", s.base),
        format!("{}/api/progress", s.base),
        format!("{}/api/form?round_id={}", s.base, room.other_round)
            .replace("/api/form", "/api/round"),
        format!("{}/../index.html", s.base),
        "/ui/index.html".to_string(),
    ] {
        let r = http::send(s.addr, &http::Request::new("GET", &path))
            .await
            .expect("an answer");
        assert!(
            (400..500).contains(&r.status),
            "{path} is refused, got {}",
            r.status
        );
        assert!(!r.body.contains("Ann"), "{path} names no member");
    }
    // The form is always the served round's, whatever the query asks for.
    let f = http::send(
        s.addr,
        &http::Request::new(
            "GET",
            &format!("{}/api/form?round_id={}", s.base, room.other_round),
        ),
    )
    .await
    .expect("the form");
    assert_eq!(
        f.json()["round_id"],
        room.round,
        "another round is never served"
    );
    assert!(!f.body.contains("Ann"), "the form names nobody");
    // Bob's token writes only Bob's ballot: Ann's answer stays hers.
    let bob = start(&s, "Bob").await;
    assert_eq!(save(&s, &bob, &items[0], 1, 1).await.status, 200);
    let g = Govmat::open(&room.db, None).expect("opens");
    assert_eq!(
        g.device_progress(room.round).expect("progress").items[0].received,
        2
    );
    for host in ["evil.example:80", "192.168.1.1", "localhost.evil.example"] {
        let r = http::send(
            s.addr,
            &http::Request {
                host: Some(host),
                ..http::Request::new("GET", &format!("{}/api/form", s.base))
            },
        )
        .await
        .expect("an answer");
        assert_eq!(
            r.status, 421,
            "a foreign Host {host} is refused (DNS rebinding)"
        );
        assert_eq!(r.json()["code"], "wrong_host");
    }
    s.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resent_save_is_one_answer_and_an_older_one_never_wins() {
    let room = room();
    let s = serve(&room, fast()).await;
    let ann = start(&s, "Ann").await;
    let items = item_ids(&form(&s).await);
    for _ in 0..3 {
        let r = save(&s, &ann, &items[0], 2, 10).await;
        assert_eq!(
            (r.status, r.json()["superseded"].as_bool()),
            (200, Some(false))
        );
    }
    let once = written(&room);
    assert_eq!(
        once.matches(&items[0]).count(),
        1,
        "three copies are one answer"
    );
    assert_eq!(save(&s, &ann, &items[0], 4, 12).await.status, 200);
    let late = save(&s, &ann, &items[0], 2, 10).await;
    assert_eq!(
        late.json()["superseded"],
        true,
        "a late copy of an older change is ignored"
    );
    assert!(
        written(&room).contains(&format!("{}4", items[0])),
        "the newer answer (4) stands"
    );
    s.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn once_collection_ends_pages_are_told_and_then_the_server_stops() {
    let room = room();
    let mut s = serve(&room, fast()).await;
    let ann = start(&s, "Ann").await;
    let items = item_ids(&form(&s).await);
    let mut g = Govmat::open(&room.db, None).expect("opens");
    g.end_collection(room.round, PIN, 2_000).expect("ends");
    let before = written(&room);
    // The server notices at its next poll: until then a save is refused by the ballot itself.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let st = http::send(
            s.addr,
            &http::Request::new("GET", &format!("{}/api/status", s.base)),
        )
        .await
        .expect("an answer");
        if st.status == 410 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server never noticed the end: {}",
            st.body
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let r = save(&s, &ann, &items[1], 3, 1).await;
    assert_eq!((r.status, r.json()["code"].as_str()), (410, Some("closed")));
    let page = http::send(s.addr, &http::Request::new("GET", &format!("{}/", s.base)))
        .await
        .expect("an answer");
    assert_eq!(
        page.status, 410,
        "not even the page is served after collection ends"
    );
    tokio::time::timeout(Duration::from_secs(5), s.server.stopped())
        .await
        .expect("the server stops by itself after the grace");
    assert!(
        tokio::net::TcpStream::connect(s.addr).await.is_err(),
        "nothing listens any more"
    );
    assert_eq!(written(&room), before, "nothing was written after the end");
    let not_collecting = LanServer::start(&room.db, room.round, fast()).await;
    assert!(
        not_collecting.is_err(),
        "nothing is served before collection starts"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_past_its_rate_is_slowed_and_an_idle_connection_closed() {
    let room = room();
    let s = serve(
        &room,
        LanOptions {
            rate_per_sec: 1.0,
            burst: 5.0,
            idle_timeout: Duration::from_millis(300),
            ..fast()
        },
    )
    .await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let r = http::send(
            s.addr,
            &http::Request::new("GET", &format!("{}/api/form", s.base)),
        )
        .await
        .expect("an answer");
        statuses.push(r.status);
    }
    assert_eq!(&statuses[..5], &[200; 5], "the burst is served");
    assert_eq!(statuses[6], 429, "past it, the client waits");
    let mut idle = tokio::net::TcpStream::connect(s.addr)
        .await
        .expect("connects");
    let mut buf = [0u8; 64];
    let closed = tokio::time::timeout(
        Duration::from_secs(3),
        tokio::io::AsyncReadExt::read(&mut idle, &mut buf),
    )
    .await;
    assert!(
        matches!(closed, Ok(Ok(_)) | Ok(Err(_))),
        "an idle connection is closed by the server"
    );
    s.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_members_answering_at_once_lose_no_answer() {
    let room = room();
    let s = std::sync::Arc::new(serve(&room, fast()).await);
    let f = form(&s).await;
    let items = item_ids(&f);
    let dims = dimension_ids(&f);
    let mut tasks = tokio::task::JoinSet::new();
    for m in 0..30 {
        let (s, items, dims) = (s.clone(), items.clone(), dims.clone());
        tasks.spawn(async move {
            let cookie = start(&s, &format!("Member {m}")).await;
            for (n, item) in items.iter().enumerate() {
                let r = save(&s, &cookie, item, (m + n) as i64 % 5, 1).await;
                assert_eq!(r.status, 200, "{}", r.body);
            }
            for d in &dims {
                let r = http::json(
                    s.addr,
                    "PUT",
                    &format!("{}/api/position", s.base),
                    Some(&cookie),
                    &json!({"dimension": d, "now": 2, "aspiration": 3, "seq": 1}),
                )
                .await;
                assert_eq!(r.status, 200, "{}", r.body);
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("a member's answers all saved");
    }
    let g = Govmat::open(&room.db, None).expect("opens");
    let p = g.device_progress(room.round).expect("progress");
    assert_eq!(p.joined, 30);
    assert_eq!(p.items.len(), items.len() + dims.len());
    assert!(
        p.items.iter().all(|i| i.received == 30),
        "every answer of every member arrived: {:?}",
        p.items
    );
}

#[test]
fn collect_serve_prints_the_join_address_and_stops_when_collection_ends() {
    use std::io::{BufRead, BufReader};
    let room = room();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_govmat"))
        .args(["--db"])
        .arg(&room.db)
        .args([
            "collect",
            "serve",
            "--org",
            "Vale Trust",
            "--round",
            "Spring 2026",
            "--bind",
            "127.0.0.1",
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the CLI starts");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut text = String::new();
    while !text.contains("plain HTTP") {
        let mut line = String::new();
        assert!(
            out.read_line(&mut line).expect("reads") > 0,
            "the CLI printed: {text}"
        );
        text.push_str(&line);
    }
    assert!(
        text.contains("http://127.0.0.1:") && text.contains("/j/"),
        "the join address is printed: {text}"
    );
    let mut g = Govmat::open(&room.db, None).expect("opens");
    g.end_collection(room.round, PIN, 2_000).expect("ends");
    let deadline = std::time::Instant::now() + Duration::from_secs(40);
    let status = loop {
        if let Some(s) = child.try_wait().expect("waits") {
            break s;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the CLI stops once collection ends"
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(status.success());
}

/// Runs `f` on a phone: a thread and runtime of its own, whatever the laptop's runtime is doing.
fn on_a_phone<T: Send + 'static>(f: impl std::future::Future<Output = T> + Send + 'static) -> T {
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a phone's runtime")
            .block_on(f)
    })
    .join()
    .expect("the phone's thread")
}

/// Issue 25 §5: a native Save/Open dialog never stalls the devices server. A dialog blocks the
/// thread that opened it until the facilitator closes it; two open dialogs held both of the
/// desktop's runtime workers, and the server stopped answering phones. Here the "desktop"
/// runtime (two workers, two blocking threads) has every worker and blocking thread held; a
/// server started on it (the old way) answers nothing within a second, while one started with
/// `start_on_own_threads` (as the desktop does) serves a member the form, a start and a save,
/// each within two seconds. Once the dialogs close, the first server answers too.
#[test]
fn dialogs_holding_the_desktops_threads_never_stall_the_server_on_its_own_threads() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, RwLock};
    let desktop = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(2)
        .enable_all()
        .build()
        .expect("the desktop's runtime");
    let (old_room, room) = (room(), room());
    let old_way = served(
        desktop
            .block_on(LanServer::start(&old_room.db, old_room.round, fast()))
            .expect("starts on the desktop's runtime"),
    );
    let own = served(
        desktop
            .block_on(LanServer::start_on_own_threads(
                &room.db,
                room.round,
                fast(),
            ))
            .expect("starts on threads of its own"),
    );

    // Four "dialogs": two in async commands (a worker each), two on the blocking pool.
    let dialogs_open = Arc::new(RwLock::new(()));
    let closed = dialogs_open.write().expect("the dialogs' lock");
    let held = Arc::new(AtomicUsize::new(0));
    for n in 0..4 {
        let (open, held) = (dialogs_open.clone(), held.clone());
        let dialog = move || {
            held.fetch_add(1, Ordering::SeqCst);
            drop(open.read());
        };
        if n % 2 == 0 {
            drop(desktop.spawn(async move { dialog() }));
        } else {
            drop(desktop.spawn_blocking(dialog));
        }
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while held.load(Ordering::SeqCst) < 4 {
        assert!(
            std::time::Instant::now() < deadline,
            "the dialogs hold every thread"
        );
        std::thread::yield_now();
    }

    let request = |s: &Served, path: &str| (s.addr, format!("{}{path}", s.base));
    let (addr, path) = request(&old_way, "/api/form");
    let stalled = on_a_phone(async move {
        tokio::time::timeout(
            Duration::from_secs(1),
            http::send(addr, &http::Request::new("GET", &path)),
        )
        .await
        .is_err()
    });
    assert!(
        stalled,
        "the check bites: a server on the held runtime answers nothing"
    );

    let (addr, base) = (own.addr, own.base.clone());
    let took = on_a_phone(async move {
        let within = Duration::from_secs(2);
        let t = std::time::Instant::now();
        let form = tokio::time::timeout(
            within,
            http::send(
                addr,
                &http::Request::new("GET", &format!("{base}/api/form")),
            ),
        )
        .await
        .expect("the form within two seconds")
        .expect("the form");
        assert_eq!(form.status, 200, "{}", form.body);
        let item = item_ids(&form.json())[0].clone();
        let started = tokio::time::timeout(
            within,
            http::json(
                addr,
                "POST",
                &format!("{base}/api/start"),
                None,
                &json!({"name": "Ann", "role": "chair"}),
            ),
        )
        .await
        .expect("a start within two seconds");
        assert_eq!(started.status, 200, "{}", started.body);
        let saved = tokio::time::timeout(
            within,
            http::json(
                addr,
                "PUT",
                &format!("{base}/api/answer"),
                Some(&started.cookie()),
                &json!({"item_id": item, "answer": {"kind": "level", "value": 3}, "comment": "", "seq": 1}),
            ),
        )
        .await
        .expect("a save within two seconds");
        assert_eq!(saved.status, 200, "{}", saved.body);
        (item, t.elapsed())
    });
    assert!(
        written(&room).contains(&format!("{}3", took.0)),
        "the answer is in the database"
    );
    assert_eq!(
        held.load(Ordering::SeqCst),
        4,
        "the dialogs were open throughout"
    );

    drop(closed);
    let (addr, path) = request(&old_way, "/api/form");
    let answered = on_a_phone(async move {
        tokio::time::timeout(
            Duration::from_secs(5),
            http::send(addr, &http::Request::new("GET", &path)),
        )
        .await
        .map(|r| r.map(|r| r.status).ok())
    });
    assert_eq!(
        answered,
        Ok(Some(200)),
        "with the dialogs closed, the old way answers again"
    );
    desktop.block_on(async {
        own.server.shutdown().await;
        old_way.server.shutdown().await;
    });
    eprintln!(
        "form, start and save took {:?} with the dialogs open",
        took.1
    );
}
