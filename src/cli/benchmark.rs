//! The CLI's benchmark library (issue 26): `benchmark add` files other organisations' packs,
//! `list` shows them (the consultant's own screen, so organisations are named), `remove` takes an
//! organisation's packs out, `view` places a board's round among its peers without naming any,
//! and `minimum` raises the number of other boards an organisation's figures need.

use std::path::PathBuf;

use clap::Subcommand;
use govmat::{BenchmarkView, Govmat, PackFile, Placing, RoundRef};

#[derive(Subcommand)]
pub enum Benchmark {
    /// Add other organisations' results packs (all or nothing; tampered, foreign and duplicate
    /// packs are refused). One pack per organisation and questionnaire is compared: the newest.
    Add {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Confirm that a newer pack takes the place of the one compared (kept aside), or that a
        /// re-produced pack replaces the one held for the same round.
        #[arg(long)]
        replace: bool,
    },
    /// The packs in the library, by organisation; `*` marks the pack each compares.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove every pack of an organisation (a snapshot is taken first).
    Remove {
        #[arg(long)]
        org: String,
    },
    /// Where a board's round stands among the other organisations' packs (no board named; no
    /// figure on fewer than the minimum of other boards).
    View {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        #[arg(long)]
        json: bool,
    },
    /// Show, or with --boards raise, how many other boards an organisation's figures need (at
    /// least 5; never fewer).
    Minimum {
        #[arg(long)]
        org: String,
        #[arg(long)]
        boards: Option<usize>,
    },
}

pub fn run(g: &mut Govmat, action: &Benchmark) -> anyhow::Result<()> {
    match action {
        Benchmark::Add { files, replace } => {
            let files = files
                .iter()
                .map(|f| PackFile::read(f))
                .collect::<govmat::Result<Vec<_>>>()?;
            let out = g.benchmark_add(&files, *replace)?;
            for a in &out.added {
                println!("added {a}");
            }
            for r in &out.replaced {
                println!("now compared {r} (the older pack is kept aside)");
            }
            for a in &out.aside {
                println!("kept aside {a} (the library compares a newer round)");
            }
        }
        Benchmark::List { json } => {
            let list = g.benchmark_list()?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else if list.is_empty() {
                println!("the benchmark library is empty");
            } else {
                for e in list {
                    println!(
                        "{} {}  \"{}\" ({}), {} v{}, produced {}",
                        if e.compared { '*' } else { ' ' },
                        e.organisation,
                        e.round,
                        e.round_date,
                        e.questionnaire.id,
                        e.questionnaire.version,
                        e.produced
                    );
                }
            }
        }
        Benchmark::Remove { org } => {
            let n = g.benchmark_remove(org)?;
            println!(
                "removed {} of \"{org}\" from the benchmark library",
                govmat_core::plural(n, "pack", "packs")
            );
        }
        Benchmark::View { org, round, json } => {
            let (_, r) = g.resolve(&RoundRef {
                org: org.clone(),
                round: round.clone(),
            })?;
            let v = g.benchmark_view(r.id)?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                print_view(&v);
            }
        }
        Benchmark::Minimum { org, boards } => {
            let o = g.organisation_named(org)?;
            if let Some(n) = boards {
                g.set_benchmark_minimum(o.id, *n)?;
            }
            println!(
                "{}'s benchmark figures need at least {} other boards",
                o.name,
                g.benchmark_minimum(o.id)?
            );
        }
    }
    Ok(())
}

fn num(x: f64) -> String {
    format!("{x:.2}")
}

fn row(title: &str, p: &Placing) {
    let board = p.board.map_or("–".into(), num);
    match &p.figures {
        Some(f) => {
            let q = &f.quartiles;
            println!(
                "  {title:<40} {board:>5}  {:>5} {:>5} {:>6} {:>5} {:>7}  {:>10}",
                num(q.min),
                num(q.q1),
                num(q.median),
                num(q.q3),
                num(q.max),
                f.percentile.map_or("–".into(), |p| format!("{p:.0}"))
            );
        }
        None => println!(
            "  {title:<40} {board:>5}  (shown by {}: too few to compare)",
            govmat_core::plural(p.boards, "other board", "other boards")
        ),
    }
}

fn print_view(v: &BenchmarkView) {
    let boards = govmat_core::plural(v.boards, "other board", "other boards");
    println!(
        "Compared with {boards} ({} v{}; figures need at least {})",
        v.questionnaire.id, v.questionnaire.version, v.minimum
    );
    if !v.enough() {
        println!(
            "  too few to compare: {} more needed; no figure is shown",
            v.needed
        );
        return;
    }
    println!(
        "  {:<40} {:>5}  {:>5} {:>5} {:>6} {:>5} {:>7}  {:>10}",
        "", "board", "lowest", "Q1", "median", "Q3", "highest", "percentile"
    );
    if let Some(o) = &v.overall {
        row("Overall", o);
    }
    println!("Areas");
    for a in &v.areas {
        row(&a.title, &a.placing);
    }
    if !v.items.is_empty() {
        println!("Items");
        for i in &v.items {
            row(&i.title, &i.placing);
        }
    }
}
