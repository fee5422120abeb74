//! The devices server under a room's load: 30 simulated members, each starting a ballot and then
//! answering 27 items and 5 spectrum dimensions, all at once over loopback HTTP. Prints p50/p99
//! of the save latency, answers lost (must be 0), the process's memory, and the same saves made
//! directly through the in-process `Govmat` in the same run, as a ratio.
//!
//! Then the same room again while one address holds 900 idle connections and another trickles
//! request bodies a byte a second (issue 25 §2): p50/p99 beside the clean run as a ratio, and
//! answers lost (must be 0).
//!
//! Bounded: 30 × 32 saves each way; traffic only to loopback. Each simulated member has its own
//! address in 127/8 (Linux routes all of it to `lo`), as each phone in a room has; the request
//! rate limit is raised so the clients' own pace is measured.

#[path = "../tests/http/mod.rs"]
mod http;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use govmat::{Answer, Govmat, LanOptions, LanServer, NewRound, Position, Role};
use serde_json::json;

const MEMBERS: usize = 30;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Resident memory now and at its peak, in MiB, from /proc.
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    (kib("VmRSS:"), kib("VmHWM:"))
}

fn board(dir: &std::path::Path, name: &str) -> (std::path::PathBuf, i64) {
    let db = dir.join(format!("{name}.db"));
    let mut g = Govmat::open(&db, None).expect("opens");
    let org = g.create_organisation("Bench Trust").expect("org").id;
    let round = g
        .create_round(&NewRound {
            organisation_id: org,
            name: "Away-day".into(),
            date: "2026-03-01".into(),
            questionnaire: "collaboration-checklist".into(),
            carry_actions: true,
        })
        .expect("round")
        .id;
    g.start_collection(round, "602913", 1_000)
        .expect("collects");
    (db, round)
}

fn main() {
    let dir = tempfile::tempdir().expect("a temp dir");

    // Direct: the same saves through the in-process API, one after another.
    let (db, round) = board(dir.path(), "direct");
    let mut g = Govmat::open(&db, None).expect("opens");
    let form = g.ballot_form(round).expect("form");
    let items: Vec<String> = form.instrument.items().map(|i| i.id.clone()).collect();
    let dims: Vec<String> = form
        .spectrum
        .as_ref()
        .map(|s| s.items().map(|i| i.id.clone()).collect())
        .unwrap_or_default();
    let mut direct = Vec::new();
    for m in 0..MEMBERS {
        let key = g
            .start_ballot(round, &format!("Member {m}"), Role::NonExecutive)
            .expect("starts")
            .ballot;
        for (n, item) in items.iter().enumerate() {
            let t = Instant::now();
            g.save_ballot_answer(&key, item, Answer::Level(((m + n) % 5) as i64), "")
                .expect("saves");
            direct.push(t.elapsed());
        }
        for d in &dims {
            let t = Instant::now();
            let place = Position {
                now: Some(2),
                aspiration: Some(3),
            };
            g.save_ballot_position(&key, d, place).expect("saves");
            direct.push(t.elapsed());
        }
    }
    drop(g);
    let (rss_before, _) = memory();

    // Over HTTP: all members at once, first on a quiet network, then while one address holds 900
    // idle connections and another trickles request bodies a byte a second (issue 25 §2).
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let (db, round) = board(dir.path(), "lan");
    let (mut lan, lost) = runtime.block_on(room(&db, round, &items, &dims, false));
    let (attacked_db, attacked_round) = board(dir.path(), "attacked");
    let (mut attacked, attacked_lost) =
        runtime.block_on(room(&attacked_db, attacked_round, &items, &dims, true));
    let (rss_after, peak) = memory();
    let g = Govmat::open(&db, None).expect("opens");
    let p = g.device_progress(round).expect("progress");
    let stored: usize = p.items.iter().map(|i| i.received).sum();
    let expected = MEMBERS * (items.len() + dims.len());
    let g = Govmat::open(&attacked_db, None).expect("opens");
    let attacked_stored: usize = g
        .device_progress(attacked_round)
        .expect("progress")
        .items
        .iter()
        .map(|i| i.received)
        .sum();

    direct.sort();
    lan.sort();
    attacked.sort();
    let (a50, a99) = (percentile(&attacked, 0.5), percentile(&attacked, 0.99));
    let (d50, d99) = (percentile(&direct, 0.5), percentile(&direct, 0.99));
    let (l50, l99) = (percentile(&lan, 0.5), percentile(&lan, 0.99));
    println!(
        "devices server: {MEMBERS} members × ({} items + {} dimensions) at once over loopback",
        items.len(),
        dims.len()
    );
    println!(
        "  saves sent {}, refused {lost}, stored {stored} of {expected} (lost {})",
        lan.len(),
        expected - stored.min(expected)
    );
    println!(
        "  HTTP save      p50 {:7.2} ms   p99 {:7.2} ms   max {:7.2} ms",
        ms(l50),
        ms(l99),
        ms(*lan.last().expect("saves"))
    );
    println!(
        "  direct Govmat  p50 {:7.2} ms   p99 {:7.2} ms   (one after another, same run)",
        ms(d50),
        ms(d99)
    );
    println!(
        "  ratio HTTP/direct: p50 {:.2}×, p99 {:.2}×",
        ms(l50) / ms(d50),
        ms(l99) / ms(d99)
    );
    println!(
        "  under attack (900 idle connections from one address, 16 trickled bodies from another):"
    );
    println!(
        "    saves sent {}, refused {attacked_lost}, stored {attacked_stored} of {expected} (lost {})",
        attacked.len(),
        expected - attacked_stored.min(expected)
    );
    println!(
        "    HTTP save    p50 {:7.2} ms   p99 {:7.2} ms   max {:7.2} ms",
        ms(a50),
        ms(a99),
        ms(*attacked.last().expect("saves"))
    );
    println!(
        "    ratio attacked/clean: p50 {:.2}×, p99 {:.2}×",
        ms(a50) / ms(l50),
        ms(a99) / ms(l99)
    );
    println!("  process memory: {rss_before:.1} MiB before the server, {rss_after:.1} MiB after, peak {peak:.1} MiB (server and the 30 clients share the process)");
    assert_eq!(stored, expected, "no answer may be lost");
    assert_eq!(
        attacked_stored, expected,
        "no answer may be lost under attack"
    );
}

/// Each member's own address: 127.0.0.10 onwards (Linux routes all of 127/8 to loopback).
fn member_address(m: usize) -> Option<IpAddr> {
    Some(IpAddr::from([127, 0, 0, 10 + m as u8]))
}

/// One room's run: every member starts a ballot, then all answer at once. Under `attack`, one
/// address keeps 900 idle connections open (reopening what the server closes) and another keeps
/// 16 connections trickling bodies a byte a second. The save latencies and the saves refused.
async fn room(
    db: &std::path::Path,
    round: i64,
    items: &[String],
    dims: &[String],
    attack: bool,
) -> (Vec<Duration>, usize) {
    let options = LanOptions {
        bind: Some("127.0.0.1".parse().expect("loopback")),
        rate_per_sec: 1e6,
        burst: 1e6,
        ..LanOptions::default()
    };
    let server = LanServer::start(db, round, options).await.expect("serves");
    let addr = server.addrs()[0];
    let base = server.join_urls()[0]
        .strip_prefix(&format!("http://{addr}"))
        .expect("the address")
        .to_string();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut attackers = tokio::task::JoinSet::new();
    if attack {
        attackers.spawn(hold_idle(addr, stop.clone()));
        for _ in 0..16 {
            attackers.spawn(trickle(addr, base.clone(), stop.clone()));
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let shared = Arc::new((items.to_vec(), dims.to_vec(), base));
    // Everyone joins first (each start hashes a resume code with Argon2, on purpose slow), then
    // all answer at once: the save latency measured is that of a room answering together.
    let barrier = Arc::new(tokio::sync::Barrier::new(MEMBERS));
    let mut tasks = tokio::task::JoinSet::new();
    for m in 0..MEMBERS {
        let shared = shared.clone();
        let barrier = barrier.clone();
        tasks.spawn(async move {
            let (items, dims, base) = &*shared;
            let me = member_address(m);
            let started = http::json_from(me, addr, "POST", &format!("{base}/api/start"), None,
                &json!({"name": format!("Member {m}"), "role": "executive"})).await;
            assert_eq!(started.status, 200, "{}", started.body);
            let cookie = started.cookie();
            barrier.wait().await;
            let mut times = Vec::new();
            let mut failed = 0;
            for (n, item) in items.iter().enumerate() {
                let t = Instant::now();
                let r = http::json_from(me, addr, "PUT", &format!("{base}/api/answer"), Some(&cookie),
                    &json!({"item_id": item, "answer": {"kind": "level", "value": (m + n) % 5}, "seq": 1})).await;
                times.push(t.elapsed());
                failed += usize::from(r.status != 200);
            }
            for d in dims {
                let t = Instant::now();
                let r = http::json_from(me, addr, "PUT", &format!("{base}/api/position"), Some(&cookie),
                    &json!({"dimension": d, "now": 2, "aspiration": 3, "seq": 1})).await;
                times.push(t.elapsed());
                failed += usize::from(r.status != 200);
            }
            (times, failed)
        });
    }
    let mut all = Vec::new();
    let mut failed = 0;
    while let Some(done) = tasks.join_next().await {
        let (times, f) = done.expect("a member finished");
        all.extend(times);
        failed += f;
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    attackers.shutdown().await;
    server.shutdown().await;
    (all, failed)
}

const IDLE: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 200)));
const TRICKLER: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 201)));

/// Keeps 900 connections from one address open, sending nothing, reopening any the server closes.
async fn hold_idle(addr: SocketAddr, stop: Arc<std::sync::atomic::AtomicBool>) {
    let mut held: Vec<tokio::net::TcpStream> = Vec::new();
    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
        // Drop the ones the server has closed or refused.
        let mut open = Vec::with_capacity(held.len());
        for mut c in held.drain(..) {
            let mut buf = [0u8; 512];
            let answered = tokio::time::timeout(Duration::from_millis(1), c.read(&mut buf)).await;
            if answered.is_err() {
                // Nothing to read: the server still holds it.
                open.push(c);
            }
        }
        held = open;
        while held.len() < 900 {
            match http::connect_from(IDLE, addr).await {
                Ok(c) => held.push(c),
                Err(_) => break,
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// One connection after another, each sending a save's head and then its body a byte a second.
async fn trickle(addr: SocketAddr, base: String, stop: Arc<std::sync::atomic::AtomicBool>) {
    let body = br#"{"item_id":"x","answer":{"kind":"dont_know"},"seq":1,"comment":"slowly"}"#;
    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
        let Ok(mut c) = http::connect_from(TRICKLER, addr).await else {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        let head = format!(
            "PUT {base}/api/answer HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        if c.write_all(head.as_bytes()).await.is_err() {
            continue;
        }
        for b in body {
            if stop.load(std::sync::atomic::Ordering::SeqCst) || c.write_all(&[*b]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
}
