//! Benchmark of the PDF report: the demo board's latest round, and a large generated round
//! (100 items in 10 areas, 30 members) whose report runs past 30 pages with 30 charts.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use govmat::{Govmat, ImportRequest, ReportOptions};

fn big_instrument(dir: &Path) {
    let mut toml = String::from(
        "id = \"bench-100\"\nversion = 1\ntitle = \"Benchmark set\"\nkind = \"maturity\"\n\
         [source]\ndocument = \"Generated\"\npublisher = \"govmat\"\ndate = \"2026\"\n",
    );
    for (v, l) in [
        "Not yet started",
        "Early progress",
        "Developing",
        "Established",
        "Exemplar",
    ]
    .iter()
    .enumerate()
    {
        toml.push_str(&format!(
            "[[scale.levels]]\nvalue = {v}\nlabel = \"{l}\"\ndescriptor = \"Level {v}.\"\n"
        ));
    }
    for a in 0..10 {
        toml.push_str(&format!("[[areas]]\nid = \"a{a}\"\ntitle = \"Area number {a} of the benchmark questionnaire\"\n"));
        for i in 0..10 {
            toml.push_str(&format!(
                "[[areas.items]]\nid = \"a{a}-i{i}\"\ntitle = \"Item {i} of area {a}\"\nquestion = \"How far does the board meet expectation {i} in area {a}?\"\n"
            ));
        }
    }
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("bench-100.toml"), toml).unwrap();
}

fn big_round(root: &Path) -> (Govmat, i64) {
    let qdir = root.join("q");
    big_instrument(&qdir);
    let mut g = Govmat::open(&root.join("bench.db"), Some(&qdir)).unwrap();
    let mut csv = String::from("respondent,role");
    for a in 0..10 {
        for i in 0..10 {
            csv.push_str(&format!(",a{a}-i{i},comment:a{a}-i{i}"));
        }
    }
    csv.push('\n');
    for m in 0..30 {
        let role = ["chair", "non-executive", "executive", "other"]
            [usize::from(m > 0) + usize::from(m > 12) + usize::from(m > 26)];
        csv.push_str(&format!("Member {m},{role}"));
        for k in 0..100 {
            let comment = if (k + m) % 17 == 0 {
                "A comment long enough to wrap across a line of the report table, as board members write."
            } else {
                ""
            };
            csv.push_str(&format!(",{},\"{comment}\"", (k * 7 + m * 3) % 5));
        }
        csv.push('\n');
    }
    let file = root.join("big.csv");
    std::fs::write(&file, csv).unwrap();
    let req = ImportRequest {
        org: "Bench Trust",
        round: "R1",
        questionnaire: "bench-100",
        date: "2026-01-01",
        file: &file,
        replace: false,
    };
    let id = g.import_csv(&req).unwrap().round_id;
    (g, id)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (g, id) = big_round(dir.path());
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
