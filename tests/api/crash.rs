//! A scripted crash test: `govmat answer` is killed with SIGKILL at random-ish points while it saves
//! answers, and after every kill the database must pass `PRAGMA integrity_check` and hold every
//! answer the process acknowledged (`saved N` means the first N lines are durable).
//!
//! The kill points come from a seed printed with every failure, so a failing run can be replayed by
//! setting `GOVMAT_CRASH_SEED`.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension};

const ORG: &str = "Crash Trust";
const ROUND: &str = "Away day";
const ITERATIONS: usize = 20;
const MEMBERS: usize = 6;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn seed() -> u64 {
    std::env::var("GOVMAT_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        })
}

fn govmat(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_govmat"));
    let questionnaires = dir.join("questionnaires");
    std::fs::create_dir_all(&questionnaires).unwrap();
    c.current_dir(dir)
        .env("GOVMAT_DB", dir.join("govmat.db"))
        .env_remove("GOVMAT_QUESTIONNAIRES")
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("xdg"))
        .arg("--questionnaires")
        .arg(questionnaires);
    c
}

fn checked(mut c: Command, what: &str) -> String {
    let out = c.output().unwrap_or_else(|e| panic!("{what} runs: {e}"));
    assert!(
        out.status.success(),
        "{what} succeeds: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The checklist's item ids, read through the CLI like any script would.
fn item_ids(dir: &Path) -> Vec<String> {
    let mut c = govmat(dir);
    c.args(["questionnaires", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&checked(c, "questionnaires")).unwrap();
    list[0]["areas"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["items"].as_array().unwrap().iter())
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

/// One line of `govmat answer` input and what the database must hold once it is acknowledged.
#[derive(Debug, Clone)]
struct Line {
    respondent: String,
    item: String,
    value: String,
    comment: String,
}

impl Line {
    fn text(&self) -> String {
        let role = ["chair", "ned", "executive", "other"][self.respondent.len() % 4];
        format!(
            "{},{role},{},{},{}\n",
            self.respondent, self.item, self.value, self.comment
        )
    }

    /// (level, don't know) as stored.
    fn stored(&self) -> (Option<i64>, bool) {
        match self.value.as_str() {
            "?" => (None, true),
            v => (Some(v.parse().unwrap()), false),
        }
    }
}

fn lines_for(iteration: usize, items: &[String]) -> Vec<Line> {
    let mut out = Vec::new();
    for m in 0..MEMBERS {
        for (i, item) in items.iter().enumerate() {
            let k = out.len();
            out.push(Line {
                respondent: format!("Member {iteration:02}-{m} Ŵyn"),
                item: item.clone(),
                value: if k % 7 == 3 {
                    "?".into()
                } else {
                    ((k + m + i) % 5).to_string()
                },
                comment: if k % 5 == 0 {
                    format!("note {k}, with a comma — and Łódź")
                } else {
                    String::new()
                },
            });
        }
    }
    out
}

/// Runs `govmat answer` on `lines`, kills it after `kill_after` acknowledgements (plus a short
/// random pause), and returns how many lines it acknowledged in all.
fn run_and_kill(dir: &Path, lines: &[Line], kill_after: usize, pause_us: u64) -> usize {
    let mut c = govmat(dir);
    c.args(["answer", "--org", ORG, "--round", ROUND])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child: Child = c.spawn().expect("govmat answer starts");
    let mut stdin = child.stdin.take().unwrap();
    let input: Vec<String> = lines.iter().map(Line::text).collect();
    let writer = std::thread::spawn(move || {
        for l in input {
            // The child may already be dead: a broken pipe just ends the writer.
            if stdin.write_all(l.as_bytes()).is_err() {
                return;
            }
        }
    });
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut acked = 0usize;
    let mut line = String::new();
    let parse = |l: &str| -> usize {
        l.trim()
            .strip_prefix("saved ")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("govmat answer prints `saved N`, got {l:?}"))
    };
    while acked < kill_after {
        line.clear();
        if reader.read_line(&mut line).unwrap() == 0 {
            break;
        }
        acked = parse(&line);
    }
    std::thread::sleep(Duration::from_micros(pause_us));
    // `Child::kill` sends SIGKILL: no destructor, no flush, no checkpoint runs in the child.
    let _ = child.kill();
    child.wait().unwrap();
    writer.join().unwrap();
    // Acknowledgements printed before the kill still count: each followed a durable commit.
    for rest in reader.lines() {
        match rest {
            Ok(l) if !l.trim().is_empty() => acked = parse(&l),
            _ => break,
        }
    }
    acked
}

/// Every acknowledged line is in the database with its exact value and comment.
fn check_database(db: &Path, acked: &[Line], seed: u64) {
    let c = Connection::open(db).expect("the database opens after a kill");
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok", "seed {seed}: the file is sound after SIGKILL");
    let mut st = c
        .prepare(
            "SELECT r.level, r.dont_know, r.comment FROM response r
             JOIN respondent p ON p.id = r.respondent_id
             JOIN round o ON o.id = p.round_id
             WHERE o.name = ?1 AND p.name = ?2 AND r.item_id = ?3",
        )
        .unwrap();
    for l in acked {
        let row: Option<(Option<i64>, bool, String)> = st
            .query_row(params![ROUND, l.respondent, l.item], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()
            .unwrap();
        let (level, dont_know) = l.stored();
        assert_eq!(
            row,
            Some((level, dont_know, l.comment.clone())),
            "seed {seed}: acknowledged answer {l:?} is present with its value and comment"
        );
    }
}

#[test]
fn every_acknowledged_answer_survives_sigkill_and_the_file_stays_sound() {
    let seed = seed();
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let db: PathBuf = dir.path().join("govmat.db");

    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crash-round.csv");
    let mut c = govmat(dir.path());
    c.args([
        "import",
        fixture.to_str().unwrap(),
        "--org",
        ORG,
        "--round",
        ROUND,
    ])
    .args([
        "--questionnaire",
        "collaboration-checklist",
        "--date",
        "2025-06-01",
    ]);
    checked(c, "creating the round");
    let items = item_ids(dir.path());

    let mut all_acked: Vec<Line> = Vec::new();
    let mut kills_mid_stream = 0;
    for iteration in 0..ITERATIONS {
        let lines = lines_for(iteration, &items);
        // Mostly kill partway through; now and then right away, or never (the run finishes).
        let kill_after = match rng.below(10) {
            0 => 0,
            1 => lines.len(),
            _ => 1 + rng.below(lines.len() as u64 - 1) as usize,
        };
        let acked = run_and_kill(dir.path(), &lines, kill_after, rng.below(3_000));
        assert!(
            acked >= kill_after.min(lines.len()),
            "seed {seed}: read {acked} acknowledgements, waited for {kill_after}"
        );
        if acked < lines.len() {
            kills_mid_stream += 1;
        }
        all_acked.extend_from_slice(&lines[..acked]);
        check_database(&db, &all_acked, seed);
    }
    eprintln!(
        "seed {seed}: {kills_mid_stream} of {ITERATIONS} runs killed mid-stream, {} answers acknowledged and checked",
        all_acked.len()
    );
    assert!(
        all_acked.len() >= ITERATIONS,
        "seed {seed}: the runs acknowledged answers to check ({})",
        all_acked.len()
    );
    assert!(
        kills_mid_stream >= ITERATIONS / 2,
        "seed {seed}: most runs were killed before they finished ({kills_mid_stream} of {ITERATIONS})"
    );

    // The app itself still opens the file and reads the round after twenty kills.
    let mut c = govmat(dir.path());
    c.args(["summary", "--org", ORG, "--round", ROUND, "--json"]);
    let summary: serde_json::Value =
        serde_json::from_str(&checked(c, "summary after the kills")).unwrap();
    assert!(
        summary["respondents"].as_u64().unwrap() >= 1,
        "seed {seed}: the round is readable"
    );
}
