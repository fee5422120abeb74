//! Builds the benchmark's ten-year history: one organisation, 40 quarterly rounds, 30 members
//! each, on a 100-item questionnaire (written into the questionnaire folder given), every round
//! imported as one Forms CSV so the whole history is 40 transactions.
//!
//! Usage: `cargo run -p govmat-desktop --example history_db -- <db> <questionnaire-dir>`

use std::fmt::Write as _;
use std::path::PathBuf;

const AREAS: usize = 10;
const ITEMS_PER_AREA: usize = 10;
const ROUNDS: usize = 40;
const MEMBERS: usize = 30;

fn questionnaire() -> String {
    let mut t = String::from(
        "id = \"bench-hundred\"\nversion = 1\ntitle = \"Benchmark: one hundred items\"\n\
         kind = \"maturity\"\nsummary = \"A synthetic questionnaire for the desktop benchmark.\"\n\n\
         [source]\ndocument = \"govmat benchmark\"\npublisher = \"govmat\"\ndate = \"2026-01-01\"\n\n",
    );
    for (v, label) in ["None", "Early", "Developing", "Established", "Exemplar"]
        .iter()
        .enumerate()
    {
        let _ = write!(
            t,
            "[[scale.levels]]\nvalue = {v}\nlabel = \"{label}\"\ndescriptor = \"Level {v}.\"\n\n"
        );
    }
    for a in 0..AREAS {
        let _ = write!(t, "[[areas]]\nid = \"area-{a}\"\ntitle = \"Area {a}\"\n\n");
        for i in 0..ITEMS_PER_AREA {
            let _ = write!(
                t,
                "[[areas.items]]\nid = \"item-{a}-{i}\"\ntitle = \"Item {a}.{i}\"\n\
                 question = \"How far along is item {a}.{i}?\"\n\n"
            );
        }
    }
    t
}

fn round_csv(round: usize) -> String {
    let ids: Vec<String> = (0..AREAS)
        .flat_map(|a| (0..ITEMS_PER_AREA).map(move |i| format!("item-{a}-{i}")))
        .collect();
    let mut csv = format!("respondent,role,{}\n", ids.join(","));
    for m in 0..MEMBERS {
        let role = match m {
            0 => "chair",
            m if m % 2 == 0 => "executive",
            _ => "non-executive",
        };
        let _ = write!(csv, "Member {m},{role}");
        for (k, _) in ids.iter().enumerate() {
            let level = (round / 10 + (m * 7 + k * 3 + round) % 3).min(4);
            let _ = write!(csv, ",{level}");
        }
        csv.push('\n');
    }
    csv
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let (Some(db), Some(dir)) = (args.next(), args.next()) else {
        return Err("usage: history_db <db> <questionnaire-dir>".into());
    };
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("bench-hundred.toml"), questionnaire())?;
    let _ = std::fs::remove_file(&db);
    let mut g = govmat::Govmat::open(&db, Some(&dir)).map_err(|e| e.to_string())?;
    for r in 0..ROUNDS {
        let (year, quarter) = (2016 + r / 4, r % 4);
        let date = format!("{year}-{:02}-15", quarter * 3 + 1);
        let name = format!("{year} Q{}", quarter + 1);
        let req = govmat::ImportRequest {
            org: "Benchmark Trust",
            round: &name,
            questionnaire: "bench-hundred",
            date: &date,
            file: std::path::Path::new("history.csv"),
            replace: false,
        };
        g.import_bytes(&req, "history.csv", round_csv(r).as_bytes())
            .map_err(|e| e.to_string())?;
    }
    println!("{}", db.display());
    Ok(())
}
