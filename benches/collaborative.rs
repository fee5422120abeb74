//! Benchmark of the provider collaborative: ten partners with four rounds each (40 packs of the
//! demo board's 27-item round). It times the view as the app builds it (every stored pack read,
//! its hash checked, then side by side) against the side-by-side step alone over packs already in
//! memory, so the ratio is what re-checking every pack on every read costs; and one import of ten
//! packs (all checked, then one transaction).

use criterion::{criterion_group, criterion_main, Criterion};
use govmat::{Govmat, Pack, PackFile};

fn packs(g: &Govmat) -> Vec<Pack> {
    let org = g.organisations().unwrap().remove(0);
    let round = org.rounds.last().unwrap().id;
    let template = g.share_preview(round, true, "2026-10-01").unwrap();
    let mut out = Vec::new();
    for p in 0..10 {
        for r in 0..4 {
            let mut pack = template.clone();
            pack.organisation = format!("Partner trust {p}");
            pack.round = format!("Round {r}");
            pack.round_date = format!("202{r}-03-01");
            out.push(pack.seal());
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut g = Govmat::open(&dir.path().join("bench.db"), None).unwrap();
    g.create_demo().unwrap();
    let packs = packs(&g);
    let files: Vec<PackFile> = packs
        .iter()
        .map(|p| PackFile {
            name: format!("{} {}.govmat-pack", p.organisation, p.round),
            bytes: p.to_file_text().into_bytes(),
        })
        .collect();
    g.import_packs("Bench", &files, false).unwrap();
    c.bench_function("collaborative view, 40 packs read and checked", |b| {
        b.iter(|| g.collaborative_view("Bench").unwrap())
    });
    c.bench_function("side by side alone, 40 packs in memory", |b| {
        b.iter(|| govmat_core::side_by_side("Bench", &packs))
    });
    let mut n = 0;
    c.bench_function("import 10 packs into a new collaborative", |b| {
        b.iter(|| {
            n += 1;
            g.import_packs(&format!("Import {n}"), &files[..10], false)
                .unwrap()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
