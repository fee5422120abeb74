//! The large generated board: a questionnaire of 100 items in 10 areas and rounds of 30 members
//! with comments, for the report's benchmark and the tests that a summary of the largest round
//! still fits. Shared by `benches/report.rs` and `tests/api/summary.rs`.

use std::path::Path;

use govmat::{Govmat, ImportRequest};

/// The questionnaire's id.
pub const QUESTIONNAIRE: &str = "bench-100";

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

/// A database in `root` whose questionnaire folder holds the large questionnaire.
pub fn big_board(root: &Path) -> Govmat {
    let qdir = root.join("q");
    big_instrument(&qdir);
    Govmat::open(&root.join("bench.db"), Some(&qdir)).unwrap()
}

/// Imports a round of 30 members answering all 100 items (some with a comment); `shift` moves
/// every answer, so two rounds differ. Answers the round's id.
pub fn big_round(
    g: &mut Govmat,
    root: &Path,
    org: &str,
    round: &str,
    date: &str,
    shift: usize,
) -> i64 {
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
            csv.push_str(&format!(",{},\"{comment}\"", (k * 7 + m * 3 + shift) % 5));
        }
        csv.push('\n');
    }
    let file = root.join(format!("big-{shift}.csv"));
    std::fs::write(&file, csv).unwrap();
    let req = ImportRequest {
        org,
        round,
        questionnaire: QUESTIONNAIRE,
        date,
        file: &file,
        replace: false,
    };
    g.import_csv(&req).unwrap().round_id
}
