//! Benchmark of the benchmark library (issue 26): a library of 500 packs of the demo board's
//! 27-item round, one from each of 500 other organisations (their area means varied so the
//! quartiles are not all one number), all compared with the demo board's own round.
//!
//! - `view`: the board's own round placed among the 500 (the target is 50 ms): the first view of
//!   a session (the database just opened, every pack read and checked) and a view after it.
//! - `add` of the 500 packs to an empty library, and the collaborative import of the same 500
//!   packs into a new collaborative, in the same run: the ratio is what the library's own checks
//!   (one pack compared per organisation and questionnaire) cost on top of the shared checks.
//!
//! Each `add` and import starts from a copy of the same database with an empty library, made
//! outside the timing.

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use govmat::{Govmat, PackFile};

const PEERS: usize = 500;

fn packs(g: &Govmat, round: i64) -> Vec<PackFile> {
    let template = g.share_preview(round, false, "2026-10-01").unwrap();
    (0..PEERS)
        .map(|p| {
            let mut pack = template.clone();
            pack.organisation = format!("Peer trust {p}");
            pack.round = "Spring 2026".into();
            pack.round_date = "2026-03-01".into();
            let shift = (p % 9) as f64 * 0.25 - 1.0;
            for a in &mut pack.areas {
                a.mean = a.mean.map(|m| (m + shift).clamp(0.0, 4.0));
            }
            pack.overall = pack.overall.map(|m| (m + shift).clamp(0.0, 4.0));
            let pack = pack.seal();
            PackFile {
                name: format!("peer-{p}.govmat-pack"),
                bytes: pack.to_file_text().into_bytes(),
            }
        })
        .collect()
}

/// A fresh copy of the database with the demo board and nothing in the library.
fn copy(from: &Path, dir: &Path, n: &mut usize) -> Govmat {
    *n += 1;
    let to = dir.join(format!("copy-{n}.db"));
    std::fs::copy(from, &to).unwrap();
    Govmat::open(&to, None).unwrap()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.db");
    let round = {
        let mut g = Govmat::open(&empty, None).unwrap();
        g.create_demo().unwrap();
        g.organisations().unwrap()[0].rounds.last().unwrap().id
    };
    let files = packs(&Govmat::open(&empty, None).unwrap(), round);
    let full = dir.path().join("library.db");
    std::fs::copy(&empty, &full).unwrap();
    Govmat::open(&full, None)
        .unwrap()
        .benchmark_add(&files, false)
        .unwrap();

    let mut group = c.benchmark_group("benchmark library, 500 packs");
    group.sample_size(20);
    group.bench_function("view, first of the session", |b| {
        b.iter_batched(
            || Govmat::open(&full, None).unwrap(),
            |g| {
                let v = g.benchmark_view(round).unwrap();
                assert_eq!(v.boards, PEERS, "every peer compared");
                (g, v)
            },
            BatchSize::PerIteration,
        )
    });
    let g = Govmat::open(&full, None).unwrap();
    g.benchmark_view(round).unwrap();
    group.bench_function("view, again in the session", |b| {
        b.iter(|| g.benchmark_view(round).unwrap())
    });
    drop(g);

    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    let mut n = 0;
    group.bench_function("add 500 packs to an empty library", |b| {
        b.iter_batched(
            || copy(&empty, dir.path(), &mut n),
            |mut g| {
                g.benchmark_add(&files, false).unwrap();
                g
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("collaborative import of the same 500 packs", |b| {
        b.iter_batched(
            || copy(&empty, dir.path(), &mut n),
            |mut g| {
                g.import_packs("Bench", &files, false).unwrap();
                g
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
