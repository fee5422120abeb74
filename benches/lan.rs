//! The devices server under a room's load: 30 simulated members, each starting a ballot and then
//! answering 27 items and 5 spectrum dimensions, all at once over loopback HTTP. Prints p50/p99
//! of the save latency, answers lost (must be 0), the process's memory, and the same saves made
//! directly through the in-process `Govmat` in the same run, as a ratio.
//!
//! Bounded: 30 × 32 saves each way; traffic only to 127.0.0.1. All simulated members share one
//! address, so the per-client rate limit is raised here (a real room has one address per device).

#[path = "../tests/http/mod.rs"]
mod http;

use std::sync::Arc;
use std::time::{Duration, Instant};

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

    // Over HTTP: all members at once.
    let (db, round) = board(dir.path(), "lan");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let (mut lan, lost) = runtime.block_on(async {
        let options = LanOptions {
            bind: Some("127.0.0.1".parse().expect("loopback")),
            rate_per_sec: 1e6,
            burst: 1e6,
            ..LanOptions::default()
        };
        let server = LanServer::start(&db, round, options).await.expect("serves");
        let addr = server.addrs()[0];
        let base = server.join_urls()[0]
            .strip_prefix(&format!("http://{addr}"))
            .expect("the address")
            .to_string();
        let shared = Arc::new((items.clone(), dims.clone(), base));
        // Everyone joins first (each start hashes a resume code with Argon2, on purpose slow), then
        // all answer at once: the save latency measured is that of a room answering together.
        let barrier = Arc::new(tokio::sync::Barrier::new(MEMBERS));
        let mut tasks = tokio::task::JoinSet::new();
        for m in 0..MEMBERS {
            let shared = shared.clone();
            let barrier = barrier.clone();
            tasks.spawn(async move {
                let (items, dims, base) = &*shared;
                let started = http::json(addr, "POST", &format!("{base}/api/start"), None,
                    &json!({"name": format!("Member {m}"), "role": "executive"})).await;
                assert_eq!(started.status, 200, "{}", started.body);
                let cookie = started.cookie();
                barrier.wait().await;
                let mut times = Vec::new();
                let mut failed = 0;
                for (n, item) in items.iter().enumerate() {
                    let t = Instant::now();
                    let r = http::json(addr, "PUT", &format!("{base}/api/answer"), Some(&cookie),
                        &json!({"item_id": item, "answer": {"kind": "level", "value": (m + n) % 5}, "seq": 1})).await;
                    times.push(t.elapsed());
                    failed += usize::from(r.status != 200);
                }
                for d in dims {
                    let t = Instant::now();
                    let r = http::json(addr, "PUT", &format!("{base}/api/position"), Some(&cookie),
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
        server.shutdown().await;
        (all, failed)
    });
    let (rss_after, peak) = memory();
    let g = Govmat::open(&db, None).expect("opens");
    let p = g.device_progress(round).expect("progress");
    let stored: usize = p.items.iter().map(|i| i.received).sum();
    let expected = MEMBERS * (items.len() + dims.len());

    direct.sort();
    lan.sort();
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
    println!("  process memory: {rss_before:.1} MiB before the server, {rss_after:.1} MiB after, peak {peak:.1} MiB (server and the 30 clients share the process)");
    assert_eq!(stored, expected, "no answer may be lost");
}
