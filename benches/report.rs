//! Benchmark of the PDF report: the demo board's latest round, and a large generated round
//! (100 items in 10 areas, 30 members) whose report runs past 30 pages with 30 charts, and
//! that round's two-page board summary.

use criterion::{criterion_group, criterion_main, Criterion};
use govmat::{Govmat, ReportKind, ReportOptions};

#[path = "../tests/support/big_round.rs"]
mod big_round;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut g = big_round::big_board(dir.path());
    let id = big_round::big_round(&mut g, dir.path(), "Bench Trust", "R1", "2026-01-01", 0);
    let opts = ReportOptions {
        produced: "2026-01-01".into(),
        ..Default::default()
    };
    let pdf = g.report(id, &opts).unwrap();
    println!(
        "large report: {} pages, {} bytes",
        pdf.pages,
        pdf.bytes.len()
    );
    let docx = g.report_docx(id, &opts).unwrap();
    println!("large report docx: {} bytes", docx.len());
    // For scripts/bench-chromium.sh: the large round's PDF, to match in size and pages.
    if let Ok(path) = std::env::var("GOVMAT_BENCH_PDF_OUT") {
        std::fs::write(path, &pdf.bytes).unwrap();
    }
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function("large_round_pdf", |b| {
        b.iter(|| g.report(id, &opts).unwrap())
    });
    let summary = ReportOptions {
        kind: ReportKind::Summary,
        ..opts.clone()
    };
    group.bench_function("large_round_summary_pdf", |b| {
        b.iter(|| g.report(id, &summary).unwrap())
    });
    let demo_dir = tempfile::tempdir().unwrap();
    let mut d = Govmat::open(&demo_dir.path().join("demo.db"), None).unwrap();
    let org = d.create_demo().unwrap();
    let latest = d.rounds(org).unwrap().last().unwrap().id;
    group.bench_function("demo_round_pdf", |b| {
        b.iter(|| d.report(latest, &opts).unwrap())
    });
    group.bench_function("large_round_docx", |b| {
        b.iter(|| g.report_docx(id, &opts).unwrap())
    });
    group.bench_function("demo_round_docx", |b| {
        b.iter(|| d.report_docx(latest, &opts).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
