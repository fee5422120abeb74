//! The foundation benchmark (issue 2): a board's ten-year history — 40 quarterly rounds of 30
//! members answering a 100-item questionnaire, with agreed scores and targets — in a real SQLite
//! file, then the three things a board feels: opening a round's summary, drawing the trend over
//! all 40 rounds, and saving one answer durably.
//!
//! Targets: summary and trend ≤ 20 ms; one durable save p99 ≤ 2 ms. Criterion reports the means;
//! the save percentiles come from 1,000 individual saves timed with `Instant`, printed first.
//! Results and the machine they came from are kept in docs/benchmarks.md.

use std::cell::RefCell;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion};
use govmat::{Answer, BallotKey, Decision, Govmat, ImportRequest, Role};

const QUESTIONNAIRE: &str = "bench-hundred";
const ROUNDS: usize = 40;
const MEMBERS: usize = 30;
const AREAS: usize = 10;
const ITEMS_PER_AREA: usize = 10;

/// A 100-item maturity questionnaire: ten areas of ten items on a 0–4 scale.
fn questionnaire() -> String {
    let mut t = String::from(
        r#"id = "bench-hundred"
version = 1
title = "Benchmark: one hundred items"
kind = "maturity"
summary = "A generated questionnaire the size of a long board self-assessment."

[source]
document = "Generated for the govmat benchmark"
publisher = "govmat"
date = "2026"
"#,
    );
    for (v, label) in [
        "Not yet started",
        "Early progress",
        "Developing",
        "Established",
        "Exemplar",
    ]
    .iter()
    .enumerate()
    {
        t.push_str(&format!(
            "\n[[scale.levels]]\nvalue = {v}\nlabel = \"{label}\"\ndescriptor = \"The board is at level {v} on this item.\"\n"
        ));
    }
    for a in 0..AREAS {
        t.push_str(&format!(
            "\n[[areas]]\nid = \"area-{a}\"\ntitle = \"Area {a}\"\nintro = \"Items {a}0 to {a}9.\"\n"
        ));
        for i in 0..ITEMS_PER_AREA {
            t.push_str(&format!(
                "\n[[areas.items]]\nid = \"item-{a}{i}\"\ntitle = \"Item {a}{i}\"\nquestion = \"How far has the board got with item {a}{i}, in its own judgement?\"\nguidance = \"Evidence the board would point to for item {a}{i}.\"\n"
            ));
        }
    }
    t
}

fn item_ids() -> Vec<String> {
    (0..AREAS)
        .flat_map(|a| (0..ITEMS_PER_AREA).map(move |i| format!("item-{a}{i}")))
        .collect()
}

/// A fixed-seed xorshift so every run benchmarks the same history.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

struct History {
    _dir: tempfile::TempDir,
    db: PathBuf,
    folder: PathBuf,
    g: Govmat,
    org: i64,
    latest: i64,
    member: i64,
}

/// Builds the history through the API (Forms imports) and the store (decisions, one transaction
/// per round), as a consultant's scripts would over ten years.
fn generate() -> History {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("a temp dir");
    let folder = dir.path().join("questionnaires");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("bench-hundred.toml"), questionnaire()).unwrap();
    let db = dir.path().join("history.db");
    let mut g = Govmat::open(&db, Some(&folder)).expect("open");
    let items = item_ids();
    let mut dice = Dice(0x2545_F491_4F6C_DD1D);
    let roles = ["chair", "non-executive", "executive", "other"];
    let mut latest = 0;
    for r in 0..ROUNDS {
        let name = format!("Q{} {}", r % 4 + 1, 2016 + r / 4);
        let date = format!("{}-{:02}-15", 2016 + r / 4, 1 + 3 * (r % 4));
        let mut csv = format!("respondent,role,{}\n", items.join(","));
        for m in 0..MEMBERS {
            let role = roles[if m == 0 { 0 } else { 1 + m % 3 }];
            csv.push_str(&format!("Member {m:02},{role}"));
            for _ in &items {
                let roll = dice.next() % 100;
                let cell = match roll {
                    0..=4 => "?".to_string(),
                    5..=7 => String::new(),
                    _ => ((roll as usize + r / 8) % 5).to_string(),
                };
                csv.push(',');
                csv.push_str(&cell);
            }
            csv.push('\n');
        }
        let req = ImportRequest {
            org: "Bench Trust",
            round: &name,
            questionnaire: QUESTIONNAIRE,
            date: &date,
            file: Path::new("generated.csv"),
            replace: false,
        };
        let out = g
            .import_bytes(&req, "generated.csv", csv.as_bytes())
            .expect("a generated round imports");
        latest = out.round_id;
        // Straight through the store, in one transaction: the API would take 100 durable
        // transactions per round, which only slows the set-up down.
        let mut store = govmat_store::Store::open(&db).expect("the same file");
        store
            .write(|c| {
                for (i, item) in items.iter().enumerate() {
                    let agreed = ((i + r) % 5) as i64;
                    let d = Decision {
                        agreed: (i % 4 != 0).then_some(agreed),
                        rationale: "Agreed at the away-day.".into(),
                        dissent: String::new(),
                        target: Some((agreed + 1).min(4)),
                    };
                    govmat_store::save_decision(c, latest, item, &d, 1767225600)?;
                }
                Ok(())
            })
            .expect("decisions");
    }
    let org = g.organisation_named("Bench Trust").unwrap().id;
    let member = g
        .add_member(latest, "Late joiner", Role::NonExecutive)
        .unwrap();
    eprintln!(
        "generated {ROUNDS} rounds × {MEMBERS} members × {} items in {:.1?}",
        items.len(),
        started.elapsed()
    );
    History {
        _dir: dir,
        db,
        folder,
        g,
        org,
        latest,
        member,
    }
}

/// Saves answer `k`, always a change: SQLite skips writing (and syncing) a row that is rewritten
/// with the same values, which would flatter the figures.
fn save(h: &mut History, k: usize, items: &[String]) {
    let item = &items[k % items.len()];
    let level = ((k + k / items.len()) % 5) as i64;
    h.g.record_answer(h.latest, h.member, item, Answer::Level(level), "")
        .expect("a durable save");
}

/// The same save as a member makes it in private collection: the page's key, the ballot and
/// the round's collection state checked inside the write's transaction.
fn save_in_ballot(h: &mut History, ballot: &BallotKey, k: usize, items: &[String]) {
    let item = &items[k % items.len()];
    let level = ((k + k / items.len()) % 5) as i64;
    h.g.save_ballot_answer(ballot, item, Answer::Level(level), "")
        .expect("a durable ballot save");
}

fn percentiles(mut times: Vec<Duration>) -> (Duration, Duration, Duration) {
    times.sort();
    let pct = |p: usize| times[(times.len() * p / 100).min(times.len() - 1)];
    (pct(50), pct(99), times[times.len() - 1])
}

/// 1,000 saves, each timed on its own: the percentiles a member feels when clicking through.
/// Measured twice in the same run, interleaved in blocks of 100 so machine noise falls on both
/// alike: a save entered by hand, and a save through the private ballot (key, ballot and
/// collection state checked inside the transaction). The ratio is the cost of those checks.
fn save_percentiles(h: &mut History) {
    let items = item_ids();
    let latest = h.latest;
    h.g.start_collection(latest, "602913", 0)
        .expect("collection starts");
    let code =
        h.g.start_ballot(latest, "Bench member", Role::Executive)
            .expect("a ballot")
            .resume_code;
    h.g.force_end_collection(latest, 0).expect("ends");
    let (mut plain, mut in_ballot) = (Vec::new(), Vec::new());
    for block in 0..10 {
        // Ending collection takes every page's key away, so the member carries on with their
        // resume code, as they would after a break (untimed).
        h.g.start_collection(latest, "602913", 0)
            .expect("collection starts");
        let ballot =
            h.g.resume_ballot(latest, "Bench member", &code)
                .expect("the member carries on")
                .ballot;
        for k in block * 100..(block + 1) * 100 {
            let t = Instant::now();
            save_in_ballot(h, &ballot, k, &items);
            in_ballot.push(t.elapsed());
        }
        h.g.force_end_collection(latest, 0).expect("ends");
        for k in block * 100..(block + 1) * 100 {
            let t = Instant::now();
            save(h, k, &items);
            plain.push(t.elapsed());
        }
    }
    let (p50, p99, max) = percentiles(plain);
    let (b50, b99, bmax) = percentiles(in_ballot);
    println!(
        "save_answer entered by hand, 1000 durable saves: p50 {p50:.3?}  p99 {p99:.3?}  max {max:.3?}  (target p99 ≤ 2 ms)"
    );
    println!(
        "save_answer in the private ballot, 1000 durable saves: p50 {b50:.3?}  p99 {b99:.3?}  max {bmax:.3?}  (ratio of p50s {:.2})",
        b50.as_secs_f64() / p50.as_secs_f64()
    );
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(30)
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    let mut h = generate();
    save_percentiles(&mut h);

    c.bench_function(
        "summary of the latest round (30 members × 100 items)",
        |b| b.iter(|| black_box(h.g.summary(h.latest).expect("summary"))),
    );
    // The trend keeps each round's score until the round changes, so it is measured three ways:
    // as a board uses it (an answer was just saved in the current round, so one round is scored
    // again), with nothing changed, and cold (a freshly opened database: every round scored).
    let items = item_ids();
    let mut k = 1_000_000;
    // The untimed setup saves and the timed routine reads: both need the one `Govmat`.
    let shared = RefCell::new(h);
    c.bench_function(
        "trend over 40 rounds, just after an answer changed in the latest",
        |b| {
            b.iter_batched(
                || {
                    save(&mut shared.borrow_mut(), k, &items);
                    k += 1;
                },
                |()| {
                    let h = shared.borrow();
                    black_box(h.g.trend(h.org, QUESTIONNAIRE).expect("trend"))
                },
                BatchSize::PerIteration,
            )
        },
    );
    let mut h = shared.into_inner();
    c.bench_function("trend over 40 rounds, nothing changed", |b| {
        b.iter(|| black_box(h.g.trend(h.org, QUESTIONNAIRE).expect("trend")))
    });
    c.bench_function("trend over 40 rounds, cold (every round scored)", |b| {
        b.iter_batched(
            || Govmat::open(&h.db, Some(&h.folder)).expect("reopen"),
            |g| black_box(g.trend(h.org, QUESTIONNAIRE).expect("trend")),
            BatchSize::PerIteration,
        )
    });
    c.bench_function("save one answer durably", |b| {
        b.iter(|| {
            save(&mut h, k, &items);
            k += 1;
        })
    });
    c.final_summary();
}
