//! The CLI's collaborative commands: `share` writes a board's results pack, `collaborative`
//! imports packs, adds a round of this database, lists collaboratives, prints the views and
//! writes the collaborative report.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;
use govmat::{CollaborativeView, Govmat, Pack, PackFile, PackImport, RoundRef};

#[derive(Subcommand)]
pub enum Collaborative {
    /// Add partners' packs (all or nothing; tampered, foreign and duplicate packs are refused).
    Import {
        #[arg(long)]
        name: String,
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Confirm that a newer pack replaces the one held for the same partner and round.
        #[arg(long)]
        replace: bool,
    },
    /// Add a round of this database, as the pack it would share.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        /// Include the round's open action titles.
        #[arg(long)]
        actions: bool,
        #[arg(long)]
        replace: bool,
    },
    /// The collaboratives in this database.
    List,
    /// Partners side by side, perception gaps, spectrum positions and trends.
    View {
        #[arg(long)]
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Write the collaborative's PDF report.
    Report {
        #[arg(long)]
        name: String,
        #[arg(long)]
        out: PathBuf,
    },
}

/// `share`: shows exactly what the pack holds, then writes it (unless `--dry-run`).
pub fn share(
    g: &Govmat,
    org: &str,
    round: &str,
    actions: bool,
    out: &Path,
    dry_run: bool,
) -> anyhow::Result<()> {
    let (_, r) = g.resolve(&RoundRef {
        org: org.to_string(),
        round: round.to_string(),
    })?;
    let today = govmat::today();
    if dry_run {
        print!("{}", g.share_preview(r.id, actions, &today)?.to_file_text());
        return Ok(());
    }
    let pack = g.write_share_pack(r.id, actions, &today, out)?;
    print_shared(&pack);
    println!("wrote {} (SHA-256 {})", out.display(), pack.sha256);
    Ok(())
}

fn print_shared(p: &Pack) {
    println!(
        "shared with the collaborative: {} — round \"{}\" dated {}, {} v{}",
        p.organisation, p.round, p.round_date, p.instrument.id, p.instrument.version
    );
    let items = p.items().count();
    let agreed = p.items().filter(|i| i.agreed.is_some()).count();
    let spread = p.items().filter(|i| i.spread.is_some()).count();
    println!(
        "  {items} items: {agreed} agreed scores, targets, and spread statistics for {spread} items scored by at least {} members",
        p.min_group
    );
    println!(
        "  area and overall means; spectrum position: {}",
        if p.spectrum.is_some() { "yes" } else { "none" }
    );
    match &p.actions {
        Some(a) => println!(
            "  {}",
            govmat_core::plural(a.len(), "open action title", "open action titles")
        ),
        None => println!("  no actions"),
    }
    println!("  never names, member codes, individual answers or comments");
}

pub fn run(g: &mut Govmat, action: &Collaborative) -> anyhow::Result<()> {
    match action {
        Collaborative::Import {
            name,
            files,
            replace,
        } => {
            let files = files
                .iter()
                .map(|f| PackFile::read(f))
                .collect::<govmat::Result<Vec<_>>>()?;
            print_import(&g.import_packs(name, &files, *replace)?, name);
        }
        Collaborative::Add {
            name,
            org,
            round,
            actions,
            replace,
        } => {
            let (_, r) = g.resolve(&RoundRef {
                org: org.clone(),
                round: round.clone(),
            })?;
            let out = g.add_own_round(name, r.id, *actions, &govmat::today(), *replace)?;
            print_import(&out, name);
        }
        Collaborative::List => {
            for c in g.collaboratives()? {
                println!(
                    "{}  ({})",
                    c.name,
                    govmat_core::plural(c.packs, "pack", "packs")
                );
            }
        }
        Collaborative::View { name, json } => {
            let v = g.collaborative_view(name)?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                print_view(&v);
            }
        }
        Collaborative::Report { name, out } => {
            let pdf = g
                .collaborative_report(name, &govmat::today())
                .with_context(|| format!("the report of \"{name}\""))?;
            govmat::write_atomically(out, &pdf)?;
            println!("wrote {}", out.display());
        }
    }
    Ok(())
}

fn print_import(out: &PackImport, name: &str) {
    for a in &out.added {
        println!("added {a} to \"{name}\"");
    }
    for r in &out.replaced {
        println!("replaced {r} in \"{name}\"");
    }
}

fn level(x: Option<i64>) -> String {
    x.map_or("–".into(), |v| v.to_string())
}

fn mean(x: Option<f64>) -> String {
    x.map_or("–".into(), |v| format!("{v:.2}"))
}

fn print_view(v: &CollaborativeView) {
    println!(
        "Collaborative \"{}\": {}",
        v.name,
        govmat_core::plural(v.partners.len(), "partner", "partners")
    );
    for (i, p) in v.partners.iter().enumerate() {
        println!(
            "  P{} {} — \"{}\" ({}), {} v{}, overall {}",
            i + 1,
            p.organisation,
            p.round,
            p.round_date,
            p.instrument,
            p.instrument_version,
            mean(v.overall[i])
        );
    }
    println!("\nSide by side (agreed/target per partner P1, P2, ...)");
    for a in &v.areas {
        let means: Vec<String> = a.means.iter().map(|m| mean(*m)).collect();
        println!("{}  means {}", a.title, means.join("  "));
        for it in &a.items {
            let cells: Vec<String> = it
                .partners
                .iter()
                .map(|c| match c {
                    Some(c) => format!("{}/{}", level(c.agreed), level(c.target)),
                    None => "n/a".into(),
                })
                .collect();
            println!("  {:<44} {}", it.title, cells.join("  "));
        }
    }
    println!(
        "\nPerception gaps (agreed scores {}+ levels apart)",
        govmat::PERCEPTION_GAP
    );
    if v.gaps.is_empty() {
        println!("  none");
    }
    for g in &v.gaps {
        println!(
            "  {} — {} levels: lowest {}, highest {}",
            g.title,
            g.difference,
            g.lowest.join(", "),
            g.highest.join(", ")
        );
    }
    if let Some(s) = &v.spectrum {
        println!("\nSpectrum (now → aspiration per partner)");
        for d in &s.dimensions {
            let cells: Vec<String> = d
                .now
                .iter()
                .zip(&d.aspiration)
                .map(|(n, a)| format!("{}→{}", level(*n), level(*a)))
                .collect();
            println!(
                "  {:<30} {}  (aspirations {} apart)",
                d.title,
                cells.join("  "),
                level(d.aspiration_range)
            );
        }
        for d in &s.distances {
            println!(
                "  {} and {}: aspirations {:.2} apart over {}",
                d.a,
                d.b,
                d.distance,
                govmat_core::plural(d.dimensions, "dimension", "dimensions")
            );
        }
    }
    println!("\nTrends (overall mean by round)");
    for t in &v.trends {
        let points: Vec<String> = t
            .points
            .iter()
            .map(|p| format!("{} {}", p.round_date, mean(p.overall)))
            .collect();
        println!("  {}: {}", t.organisation, points.join(", "));
    }
}
