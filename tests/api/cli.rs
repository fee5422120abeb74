//! Black-box tests of the `govmat` CLI contract (issue 2, section 5), each over a fresh temp dir.
//!
//! Every command gets its own database and an empty `--questionnaires` folder, and HOME points into
//! the temp dir, so a run never reads or writes the user's real data folder. Bad inputs go through
//! one helper, [`check_import_refused`], which also proves the database content did not change.

use crate::dump;
use dump::content_of;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{json, Value};

struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("a temp dir can be created");
        std::fs::create_dir(dir.path().join("questionnaires")).unwrap();
        Sandbox { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn db(&self) -> PathBuf {
        self.path("govmat.db")
    }

    /// `govmat --questionnaires <empty temp dir> ...` with the database given by `GOVMAT_DB`.
    fn govmat(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_govmat"));
        c.current_dir(self.dir.path())
            .env("GOVMAT_DB", self.db())
            .env_remove("GOVMAT_QUESTIONNAIRES")
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.path("xdg"))
            .arg("--questionnaires")
            .arg(self.path("questionnaires"));
        c
    }

    fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.govmat().args(args).assert()
    }

    fn import(&self, file: &Path, round: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
        let file = file.to_str().unwrap();
        let mut args = vec![
            "import",
            file,
            "--org",
            "Riverside Trust",
            "--round",
            round,
            "--questionnaire",
            "collaboration-checklist",
            "--date",
            "2025-01-22",
        ];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    fn summary(&self, round: &str) -> Value {
        let out = self
            .run(&[
                "summary",
                "--org",
                "Riverside Trust",
                "--round",
                round,
                "--json",
            ])
            .success();
        serde_json::from_slice(&out.get_output().stdout).expect("summary --json prints JSON")
    }

    /// Every row of every table, so "nothing was written" can be checked exactly. Before the
    /// database exists, its content is that of a new, empty one.
    fn content(&self) -> String {
        if !self.db().exists() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("new.db");
            govmat_store::Store::open(&path).expect("a new database");
            return content_of(&path);
        }
        content_of(&self.db())
    }
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).into_owned()
}

/// Compares JSON exactly, except that numbers may differ by rounding (1e-9).
#[track_caller]
fn assert_json(actual: &Value, expected: &Value, at: &str) {
    match (actual, expected) {
        (Value::Number(a), Value::Number(e)) => {
            let (a, e) = (a.as_f64().unwrap(), e.as_f64().unwrap());
            assert!((a - e).abs() < 1e-9, "{at}: expected {e}, got {a}");
        }
        (Value::Object(a), Value::Object(e)) => {
            let mut ak: Vec<&String> = a.keys().collect();
            let mut ek: Vec<&String> = e.keys().collect();
            ak.sort();
            ek.sort();
            assert_eq!(ak, ek, "{at}: the object has exactly the contract's fields");
            for (k, v) in e {
                assert_json(&a[k], v, &format!("{at}.{k}"));
            }
        }
        (Value::Array(a), Value::Array(e)) => {
            assert_eq!(a.len(), e.len(), "{at}: list length");
            for (i, (x, y)) in a.iter().zip(e).enumerate() {
                assert_json(x, y, &format!("{at}[{i}]"));
            }
        }
        (a, e) => assert_eq!(a, e, "{at}: undefined numbers are null, never 0"),
    }
}

/// An object's field names, sorted (serde_json does not keep their order).
fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
    k
}

// ---- questionnaires and check ----------------------------------------------------------------

#[test]
fn questionnaires_json_lists_each_instrument_outline_in_document_order() {
    let s = Sandbox::new();
    let out = s.run(&["questionnaires", "--json"]).success();
    let list: Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON on stdout");
    let list = list.as_array().expect("a list of instruments");
    let ids: Vec<&str> = list.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        vec![
            "collaboration-checklist",
            "governance-spectrum",
            "system-working-principles",
            "navigating-governance",
            "case-study-lessons"
        ],
        "the five shipped instruments, and nothing from the user's data folder"
    );
    for i in list {
        assert_eq!(
            keys(i),
            ["areas", "id", "kind", "title", "version"],
            "instrument fields"
        );
        assert!(i["version"].is_u64(), "version is a number");
        assert!(
            ["maturity", "spectrum"].contains(&i["kind"].as_str().unwrap()),
            "kind is maturity or spectrum"
        );
        for a in i["areas"].as_array().unwrap() {
            assert_eq!(keys(a), ["id", "items", "title"], "area fields");
            for it in a["items"].as_array().unwrap() {
                assert_eq!(
                    keys(it),
                    ["id", "levels", "own_levels", "title"],
                    "item fields"
                );
                let values: Vec<u64> = it["levels"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|l| l["value"].as_u64().unwrap())
                    .collect();
                let expected: Vec<u64> = if i["kind"] == "spectrum" {
                    (1..=5).collect()
                } else {
                    (0..=4).collect()
                };
                assert_eq!(
                    values, expected,
                    "every item lists every level it can be given"
                );
                if i["kind"] == "maturity" {
                    assert_eq!(
                        it["own_levels"], true,
                        "every shipped maturity item describes its own levels"
                    );
                }
            }
        }
    }
    let checklist = &list[0];
    assert_eq!(checklist["kind"], "maturity", "the checklist is scored");
    let counts: Vec<usize> = checklist["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["items"].as_array().unwrap().len())
        .collect();
    assert_eq!(
        counts,
        vec![3, 6, 5, 4, 3, 6],
        "the checklist's areas in document order"
    );
    let first = &checklist["areas"][0]["items"][0];
    assert_eq!(
        (&first["id"], &first["title"]),
        (&json!("skills-capacity"), &json!("Skills and capacity")),
        "the first item, in document order"
    );
    assert_eq!(
        first["levels"][2],
        json!({"value": 2, "label": "Developing", "descriptor": "A review covering collaborative working has named the board's skill and capacity gaps, but there is no agreed plan to close them yet."}),
        "a level carries the scale's label and the item's own description"
    );
    assert_eq!(list[1]["kind"], "spectrum", "the spectrum says what it is");
}

#[test]
fn questionnaires_include_a_valid_file_from_the_questionnaire_folder() {
    let s = Sandbox::new();
    let text = std::fs::read_to_string(fixture("../../questionnaires/navigating-governance.toml"))
        .unwrap()
        .replace("id = \"navigating-governance\"", "id = \"house-style\"");
    std::fs::write(s.path("questionnaires/house-style.toml"), text).unwrap();
    let out = s.run(&["questionnaires", "--json"]).success();
    let list: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        list.as_array().unwrap().last().unwrap()["id"],
        "house-style",
        "a consultant's own file is offered after the shipped ones"
    );
}

#[test]
fn check_accepts_a_shipped_questionnaire() {
    let s = Sandbox::new();
    let file = fixture("../../questionnaires/collaboration-checklist.toml");
    let out = s.run(&["check", file.to_str().unwrap()]).success();
    assert!(
        stdout(&out).contains("ok — collaboration-checklist v3")
            && stdout(&out).contains("6 areas, 27 items")
            && stdout(&out).contains("27 of 27 items describe every level in their own words")
            && stdout(&out).contains("\nVoting (voting)\n  0 Not yet started: The board has not considered gated decision-making"),
        "check says the file is fine and what it holds: {}",
        stdout(&out)
    );
}

/// Runs `check` on `file`, expecting failure with exactly the `file:line:col` prefixes given.
#[track_caller]
fn check_toml_refused(s: &Sandbox, file: &Path, expected: &[(&str, &str)]) {
    let out = s.run(&["check", file.to_str().unwrap()]).failure();
    let err = stderr(&out);
    let name = file.file_name().unwrap().to_str().unwrap();
    let lines: Vec<&str> = err.lines().filter(|l| l.contains(name)).collect();
    assert_eq!(
        lines.len(),
        expected.len(),
        "one line per problem, all at once:\n{err}"
    );
    for (line, (at, fragment)) in lines.iter().zip(expected) {
        assert!(
            line.contains(&format!("{name}:{at}: ")) && line.contains(fragment),
            "expected `{name}:{at}: …{fragment}…`, got `{line}`"
        );
    }
    assert!(
        stdout(&out).is_empty(),
        "nothing on stdout when the file is refused"
    );
}

#[test]
fn check_lists_every_problem_of_a_bad_questionnaire_with_line_and_column() {
    let s = Sandbox::new();
    check_toml_refused(
        &s,
        &fixture("bad-questionnaire.toml"),
        &[
            ("1:6", "id `Bad Id` must be lowercase"),
            ("9:8", "source.date"),
            ("17:9", "duplicate level label"),
            ("27:1", "unknown field `areas.items.colour`"),
            ("29:6", "duplicate item id `a1`"),
            ("33:1", "area `empty` is empty"),
        ],
    );
}

#[test]
fn check_reports_malformed_toml_where_the_parser_stopped() {
    let s = Sandbox::new();
    check_toml_refused(&s, &fixture("malformed.toml"), &[("3:22", "invalid TOML")]);
}

#[test]
fn check_refuses_oversized_and_non_utf8_questionnaires() {
    let s = Sandbox::new();
    let big = s.path("big.toml");
    let mut text = std::fs::read_to_string(fixture("malformed.toml")).unwrap();
    while text.len() <= 1024 * 1024 {
        text.push_str("# padding to push the file past the one-megabyte limit\n");
    }
    std::fs::write(&big, text).unwrap();
    check_toml_refused(&s, &big, &[("1:1", "at most 1048576 bytes")]);

    let latin1 = s.path("latin1.toml");
    std::fs::write(&latin1, b"id = \"x\"\ntitle = \"Gw\xeant\"\n").unwrap();
    check_toml_refused(&s, &latin1, &[("2:12", "not valid UTF-8")]);
}

#[test]
fn an_invalid_file_in_the_questionnaire_folder_is_reported_not_skipped() {
    let s = Sandbox::new();
    std::fs::copy(
        fixture("malformed.toml"),
        s.path("questionnaires/malformed.toml"),
    )
    .unwrap();
    let out = s.run(&["questionnaires"]).failure();
    assert!(
        stderr(&out).contains("malformed.toml:3:22: invalid TOML"),
        "the consultant sees where their file is broken: {}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("collaboration-checklist"),
        "the questionnaires that could be read are still listed: {}",
        stdout(&out)
    );
    // One broken file never locks the board out: every other command works and says why the
    // file is left out.
    let out = s.run(&["demo"]).success();
    assert!(
        stderr(&out).contains("malformed.toml:3:22: invalid TOML")
            && stderr(&out).contains("left out"),
        "the board opens, and the broken file is named: {}",
        stderr(&out)
    );
    s.run(&[
        "summary",
        "--org",
        "Demo: Riverside & Vale NHS Foundation Trust",
        "--round",
        "Annual review 2026",
    ])
    .success();
}

// ---- import and summary --------------------------------------------------------------------------

/// What `summary --json` must say about tests/fixtures/forms-good.csv (worked out by hand).
fn expected_good_summary(s: &Sandbox) -> Value {
    let nulls = |id: &str, dont_know: usize| {
        json!({"id": id, "n": 0, "dont_know": dont_know, "withheld": false, "mean": null, "median": null,
               "min": null, "max": null, "sd": null, "agreed": null, "target": null, "gap": null})
    };
    // Fewer scored answers than three: the count and nothing else.
    let withheld = |id: &str, n: usize| {
        json!({"id": id, "n": n, "dont_know": 0, "withheld": true, "mean": null, "median": null,
               "min": null, "max": null, "sd": null, "agreed": null, "target": null, "gap": null})
    };
    let stats = |id: &str, n: usize, mean: f64, median: f64, min: i64, max: i64, sd: f64| {
        json!({"id": id, "n": n, "dont_know": 0, "withheld": false, "mean": mean, "median": median,
               "min": min, "max": max, "sd": sd, "agreed": null, "target": null, "gap": null})
    };
    // Titles come from the questionnaire; take them from `questionnaires --json`.
    let out = s.run(&["questionnaires", "--json"]).success();
    let list: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let outline = &list[0];
    let mut areas = Vec::new();
    for a in outline["areas"].as_array().unwrap() {
        let items: Vec<Value> = a["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|it| {
                let id = it["id"].as_str().unwrap();
                let mut v = match id {
                    // 3, 1, 4 and one empty cell.
                    "skills-capacity" => stats(id, 3, 8.0 / 3.0, 3.0, 1, 4, (7.0f64 / 3.0).sqrt()),
                    // "Developing" = 2, "early progress" = 1, two empty cells: two scored answers
                    // are fewer than three, so nothing but the count is shown.
                    "training" => withheld(id, 2),
                    // ?, don't know, Don't Know, ?: never scored.
                    "org-development" => nulls(id, 4),
                    // 4, EXEMPLAR = 4, 0, "not yet started" = 0.
                    "scope" => stats(id, 4, 2.0, 2.0, 0, 4, (16.0f64 / 3.0).sqrt()),
                    _ => nulls(id, 0),
                };
                v["title"] = it["title"].clone();
                v
            })
            .collect();
        // Training counts in no mean: skills is skills-capacity alone.
        let (mean, in_mean) = match a["id"].as_str().unwrap() {
            "skills" => (json!(8.0 / 3.0), 1),
            "purpose" => (json!(2.0), 1),
            _ => (Value::Null, 0),
        };
        // No score is agreed, so the board's level is the members' mean over the same items.
        areas.push(
            json!({"id": a["id"], "title": a["title"], "mean": mean, "items_in_mean": in_mean,
                          "level": mean, "items_in_level": in_mean, "items": items}),
        );
    }
    json!({
        "org": "Riverside Trust",
        "round": "Baseline",
        "questionnaire": {"id": "collaboration-checklist", "version": 3},
        "respondents": 4,
        "areas": areas,
        "overall": {"mean": (8.0 / 3.0 + 2.0) / 2.0, "items_in_mean": 2, "items": 27,
                    "level": (8.0 / 3.0 + 2.0) / 2.0, "items_in_level": 2, "items_agreed": 0},
    })
}

#[test]
fn importing_a_forms_export_gives_the_exact_summary() {
    let s = Sandbox::new();
    let out = s
        .import(&fixture("forms-good.csv"), "Baseline", &[])
        .success();
    assert!(
        stdout(&out).contains("imported 4 members"),
        "the import says how many members it recorded: {}",
        stdout(&out)
    );
    assert_json(
        &s.summary("Baseline"),
        &expected_good_summary(&s),
        "summary",
    );
}

#[test]
fn the_db_flag_works_like_the_environment_variable() {
    let s = Sandbox::new();
    let other = s.path("elsewhere/board.db");
    let mut c = s.govmat();
    c.env_remove("GOVMAT_DB")
        .arg("--db")
        .arg(&other)
        .args(["import", fixture("forms-good.csv").to_str().unwrap()])
        .args(["--org", "Riverside Trust", "--round", "Baseline"])
        .args([
            "--questionnaire",
            "collaboration-checklist",
            "--date",
            "2025-01-22",
        ]);
    c.assert().success();
    assert!(other.exists(), "--db names the database file");
    assert!(
        !s.db().exists(),
        "GOVMAT_DB was not used when --db was given"
    );
}

#[test]
fn summary_of_an_unknown_round_fails_with_a_message() {
    let s = Sandbox::new();
    s.import(&fixture("forms-good.csv"), "Baseline", &[])
        .success();
    let out = s
        .run(&["summary", "--org", "Riverside Trust", "--round", "Nope"])
        .failure();
    assert!(
        stderr(&out).starts_with("error: ") && stderr(&out).contains("no round called \"Nope\""),
        "errors go to stderr and name what is missing: {}",
        stderr(&out)
    );
}

#[test]
fn a_read_command_refuses_a_database_that_does_not_exist_and_creates_nothing() {
    let s = Sandbox::new();
    let typo = s.path("boards/govmatt.db");
    let typo_text = typo.to_str().unwrap();
    for args in [
        vec![
            "--db",
            typo_text,
            "summary",
            "--org",
            "Riverside Trust",
            "--round",
            "2025",
        ],
        vec!["--db", typo_text, "backup", "--out", "copy.db"],
        vec![
            "--db", typo_text, "collect", "status", "--org", "X", "--round", "Y",
        ],
    ] {
        let out = s.run(&args).failure();
        assert!(
            stderr(&out).contains("there is no database at") && stderr(&out).contains("govmatt.db"),
            "the refusal names the path that does not exist: {}",
            stderr(&out)
        );
    }
    assert!(
        !s.path("boards").exists(),
        "a mistyped --db creates neither the file nor its folder"
    );
    let out = s.run(&["--db", typo_text, "demo"]).success();
    assert!(
        stderr(&out).contains("created a new database at") && typo.is_file(),
        "a command that creates data may create the file, and says so: {}",
        stderr(&out)
    );
}

#[test]
fn an_unknown_organisation_offers_the_names_it_was_probably_meant_to_be() {
    let s = Sandbox::new();
    s.import(&fixture("forms-good.csv"), "Baseline", &[])
        .success();
    let before = s.content();
    let out = s
        .run(&["summary", "--org", "riverside trst", "--round", "Baseline"])
        .failure();
    assert!(
        stderr(&out).contains(
            "no organisation called \"riverside trst\"; did you mean \"Riverside Trust\"?"
        ),
        "a typo is answered with the name meant: {}",
        stderr(&out)
    );
    assert_eq!(s.content(), before, "a refused read changes nothing");
}

/// What a refused import must look like: exit ≠ 0, every expected fragment on stderr, the number
/// of problems stated, and the database content exactly as it was.
#[track_caller]
fn check_import_refused(
    s: &Sandbox,
    file: &Path,
    round: &str,
    extra: &[&str],
    problems: usize,
    fragments: &[&str],
) {
    let before = s.content();
    let out = s.import(file, round, extra).failure();
    let err = stderr(&out);
    assert!(
        err.contains(&if problems == 1 {
            "1 problem; nothing was imported".to_string()
        } else {
            format!("{problems} problems; nothing was imported")
        }),
        "the count of problems is stated: {err}"
    );
    for f in fragments {
        assert!(err.contains(f), "stderr lists `{f}`:\n{err}");
    }
    assert!(
        stdout(&out).is_empty(),
        "nothing on stdout: {}",
        stdout(&out)
    );
    assert_eq!(s.content(), before, "a refused import writes nothing");
}

#[test]
fn every_bad_csv_is_refused_with_each_problem_by_row_and_column() {
    let s = Sandbox::new();
    s.import(&fixture("forms-good.csv"), "Baseline", &[])
        .success();
    let baseline = s.summary("Baseline");
    let cases: &[(&str, usize, &[&str])] = &[
        (
            "bad-unknown-column.csv",
            2,
            &[
                "row 1, column C (skils-capacity): unknown column",
                "row 1, column E (comment:nope): unknown column",
            ],
        ),
        (
            "bad-off-scale.csv",
            3,
            &[
                "row 2, column C (skills-capacity): \"5\" is not on the scale",
                "row 3, column D (training): \"Great\" is not on the scale",
                "row 3, column E (scope): \"-1\" is not on the scale",
            ],
        ),
        (
            "bad-duplicate-respondent.csv",
            1,
            &["row 4, column A (respondent): duplicate respondent \"zoë whitfield\" (also on row 2)"],
        ),
        (
            "bad-malformed-rows.csv",
            3,
            &[
                "row 3: row has 3 fields but the header has 4",
                "row 4: row has 5 fields but the header has 4",
                "row 5: row has 1 fields but the header has 4",
            ],
        ),
    ];
    for (name, problems, fragments) in cases {
        check_import_refused(&s, &fixture(name), "Later", &[], *problems, fragments);
        check_import_refused(&s, &fixture(name), "Baseline", &[], *problems, fragments);
    }
    assert_eq!(
        s.summary("Baseline"),
        baseline,
        "the existing round is untouched"
    );
    s.run(&["summary", "--org", "Riverside Trust", "--round", "Later"])
        .failure();
}

#[test]
fn a_bad_csv_for_a_new_organisation_creates_neither_organisation_nor_round() {
    let s = Sandbox::new();
    check_import_refused(
        &s,
        &fixture("bad-off-scale.csv"),
        "Baseline",
        &[],
        3,
        &["row 2, column C"],
    );
    let out = s
        .run(&["summary", "--org", "Riverside Trust", "--round", "Baseline"])
        .failure();
    assert!(
        stderr(&out).contains("no organisation called"),
        "the organisation was not created: {}",
        stderr(&out)
    );
}

#[test]
fn non_utf8_cells_are_refused_by_row_and_column() {
    let s = Sandbox::new();
    let file = s.path("latin1.csv");
    std::fs::write(
        &file,
        b"respondent,role,skills-capacity\nZo\xeb Whitfield,ned,2\nKwame Mensah,exec,\xff\xfe\n",
    )
    .unwrap();
    check_import_refused(
        &s,
        &file,
        "Baseline",
        &[],
        2,
        &[
            "row 2, column A (respondent): value is not valid UTF-8",
            "row 3, column C (skills-capacity): value is not valid UTF-8",
        ],
    );
}

#[test]
fn an_empty_csv_is_refused() {
    let s = Sandbox::new();
    let file = s.path("empty.csv");
    std::fs::write(&file, b"").unwrap();
    check_import_refused(&s, &file, "Baseline", &[], 1, &["row 1: the file is empty"]);
}

#[test]
fn an_oversized_csv_is_refused_before_it_is_read() {
    let s = Sandbox::new();
    s.import(&fixture("forms-good.csv"), "Baseline", &[])
        .success();
    let file = s.path("huge.csv");
    std::fs::File::create(&file)
        .unwrap()
        .set_len(8 * 1024 * 1024 + 1)
        .unwrap();
    let before = s.content();
    let out = s.import(&file, "Baseline", &[]).failure();
    assert!(
        stderr(&out).contains("file is 8388609 bytes; the limit is 8388608"),
        "the size and the limit are stated: {}",
        stderr(&out)
    );
    assert_eq!(s.content(), before, "nothing was written");
}

#[test]
fn members_already_in_the_round_are_left_alone_and_replaced_only_with_the_roster_pin() {
    let s = Sandbox::new();
    s.import(&fixture("forms-good.csv"), "Baseline", &[])
        .success();
    let baseline = s.summary("Baseline");
    let before = s.content();

    // Issue 13: the same export imported twice adds nothing and changes nothing.
    let again = s
        .import(&fixture("forms-good.csv"), "Baseline", &[])
        .success();
    assert!(
        stdout(&again)
            .contains("(0 new, 0 replaced, 4 already in the round and left as they were)"),
        "a re-import says every member was already there: {}",
        stdout(&again)
    );
    assert_eq!(s.content(), before, "a re-import writes nothing");
    // Issue 23: a member already in the round is never compared with the file, whatever the
    // answers, so problems elsewhere are listed and that row is not one of them.
    check_import_refused(
        &s,
        &fixture("bad-mixed.csv"),
        "Baseline",
        &[],
        2,
        &[
            "row 1, column D (scpoe): unknown column",
            "row 3, column C (skills-capacity): \"6\" is not on the scale",
        ],
    );

    let import_with_pin = |pin: &str, extra: &[&str]| {
        let file = fixture("forms-one-new.csv");
        let mut args = vec![
            "import",
            file.to_str().unwrap(),
            "--org",
            "Riverside Trust",
            "--round",
            "Baseline",
            "--questionnaire",
            "collaboration-checklist",
        ];
        args.extend_from_slice(extra);
        s.govmat().args(args).env("GOVMAT_PIN", pin).assert()
    };
    let refused = import_with_pin("864205", &["--replace"]).failure();
    assert!(
        stderr(&refused).contains("this board has none yet: set one first"),
        "replacing takes a roster PIN the board must set first: {}",
        stderr(&refused)
    );
    assert_eq!(s.content(), before, "a refused replace writes nothing");
    s.govmat()
        .args(["roster", "set-pin", "--org", "Riverside Trust"])
        .env("GOVMAT_PIN", "864205")
        .assert()
        .success();
    let wrong = import_with_pin("864206", &["--replace"]).failure();
    assert!(
        stderr(&wrong).contains("that PIN is not right"),
        "{}",
        stderr(&wrong)
    );
    assert_eq!(
        s.summary("Baseline"),
        baseline,
        "a wrong PIN replaces no one"
    );

    let out = import_with_pin("864205", &["--replace"]).success();
    assert!(
        stdout(&out).contains("(1 new, 1 replaced, 0 already in the round"),
        "{}",
        stdout(&out)
    );
    let snapshots = std::fs::read_dir(s.path("govmat.db.snapshots"))
        .expect("replacing took a snapshot first, as every delete")
        .count();
    assert_eq!(snapshots, 1, "one snapshot before the replace");
    let after = s.summary("Baseline");
    assert_eq!(after["respondents"], 5, "four members plus Kwame");
    let skills = &after["areas"][0]["items"][0];
    // Siôn's 1 became 4 and Kwame added 2: 3, 4, 4, 2.
    assert_json(&skills["mean"], &json!(13.0 / 4.0), "skills-capacity mean");
    assert_json(&skills["n"], &json!(4), "skills-capacity n");
}

// ---- export and demo ---------------------------------------------------------------------------

#[test]
fn export_writes_the_round_as_csv_and_json_without_member_names() {
    let s = Sandbox::new();
    s.import(&fixture("forms-good.csv"), "Baseline", &[])
        .success();
    let base = ["export", "--org", "Riverside Trust", "--round", "Baseline"];

    let csv_path = s.path("round.csv");
    let mut args = base.to_vec();
    args.extend(["--format", "csv", "--out", csv_path.to_str().unwrap()]);
    s.run(&args).success();
    let text = std::fs::read_to_string(&csv_path).expect("the CSV was written");
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[..7],
        ["record", "area", "item", "title", "n", "dont_know", "mean"],
        "the CSV header"
    );
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    let find = |kind: &str, key: &str| {
        records
            .iter()
            .find(|r| &r[0] == kind && (&r[2] == key || &r[1] == key || key.is_empty()))
            .unwrap_or_else(|| panic!("a {kind} row for {key}"))
            .iter()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let skills = find("item", "skills-capacity");
    assert_eq!(
        skills[4..11],
        ["3", "0", "2.67", "3.00", "1", "4", "1.53"],
        "item statistics, two decimals"
    );
    assert_eq!(
        find("item", "org-development")[4..11],
        ["0", "4", "", "", "", "", ""],
        "undefined numbers are empty cells, never 0"
    );
    assert_eq!(
        find("area", "skills")[4..7],
        ["1", "", "2.67"],
        "the area mean is over its one shown item (training had two answers), and says so in n"
    );
    assert_eq!(
        find("overall", "")[6],
        "2.33",
        "overall mean: (2.67 + 2) / 2"
    );
    assert_eq!(
        records.iter().filter(|r| &r[0] == "item").count(),
        27,
        "one row per item"
    );

    let json_path = s.path("round.json");
    let mut args = base.to_vec();
    args.extend(["--format", "json", "--out", json_path.to_str().unwrap()]);
    s.run(&args).success();
    let text = std::fs::read_to_string(&json_path).expect("the JSON was written");
    let v: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(
        (&v["org"], &v["round"], &v["respondents"]),
        (&json!("Riverside Trust"), &json!("Baseline"), &json!(4)),
        "the export names its round"
    );
    let scope = v["areas"][1]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "scope")
        .unwrap();
    assert_eq!(
        scope["comments"],
        json!([{"group": null, "comment": "Line one\nline two"}]),
        "comments keep their line breaks, and with four members no role group may be named"
    );
    for name in ["Nowak", "Siôn", "Priya", "ANON-7"] {
        assert!(
            !text.contains(name),
            "the export never names a member ({name})"
        );
    }
}

#[test]
fn demo_creates_a_board_whose_summary_is_consistent() {
    let s = Sandbox::new();
    let out = s.run(&["demo"]).success();
    assert!(
        stdout(&out).contains("Demo board created"),
        "demo says what it did: {}",
        stdout(&out)
    );
    let org = "Demo: Riverside & Vale NHS Foundation Trust";
    let summary = |round: &str| -> Value {
        let out = s
            .run(&["summary", "--org", org, "--round", round, "--json"])
            .success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    };
    let latest = summary("Annual review 2026");
    assert_eq!(latest["respondents"], 9, "nine board members");
    assert_eq!(
        latest["questionnaire"],
        json!({"id": "collaboration-checklist", "version": 3}),
        "the demo uses the checklist"
    );
    assert!(
        latest["overall"]["mean"].is_f64(),
        "the demo round has an overall mean"
    );
    let items: Vec<&Value> = latest["areas"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["items"].as_array().unwrap())
        .collect();
    assert_eq!(items.len(), 27, "every checklist item is summarised");
    for it in &items {
        let n = it["n"].as_u64().unwrap() + it["dont_know"].as_u64().unwrap();
        assert!(n <= 9, "{}: answers never exceed members", it["id"]);
        if let (Some(t), Some(p)) = (
            it["target"].as_f64(),
            it["agreed"].as_f64().or(it["mean"].as_f64()),
        ) {
            assert_json(&it["gap"], &json!(t - p), &format!("{} gap", it["id"]));
        }
    }
    assert!(
        items.iter().any(|i| i["agreed"].is_null()) && items.iter().any(|i| i["agreed"].is_i64()),
        "the latest demo round is part-way through agreeing scores"
    );
    assert_eq!(
        summary("Mid-year review 2025")["respondents"],
        8,
        "one member missed the mid-year round"
    );

    let again = s.run(&["demo"]).success();
    assert_eq!(
        stdout(&again),
        stdout(&out),
        "the demo is the same on every run"
    );
    assert_eq!(
        summary("Annual review 2026"),
        latest,
        "recreating the demo replaces it"
    );
}

#[test]
fn collect_locks_the_round_until_the_pin_ends_it_and_a_forced_end_is_recorded() {
    let s = Sandbox::new();
    s.import(&fixture("forms-good.csv"), "Baseline", &[])
        .success();
    let round = ["--org", "Riverside Trust", "--round", "Baseline"];
    let collect = |what: &'static str| {
        let mut args = vec!["collect", what];
        args.extend(round);
        args
    };
    s.govmat()
        .args(collect("start"))
        .write_stdin("602913\n")
        .assert()
        .success();
    for args in [
        vec![
            "summary",
            "--org",
            "Riverside Trust",
            "--round",
            "Baseline",
            "--json",
        ],
        vec![
            "export",
            "--org",
            "Riverside Trust",
            "--round",
            "Baseline",
            "--format",
            "csv",
            "--out",
            "x.csv",
        ],
        vec![
            "report",
            "--org",
            "Riverside Trust",
            "--round",
            "Baseline",
            "--out",
            "x.pdf",
        ],
        vec![
            "chart",
            "--org",
            "Riverside Trust",
            "--round",
            "Baseline",
            "--kind",
            "radar",
            "--out",
            "x.svg",
        ],
    ] {
        let a = s.run(&args).failure();
        let err = stderr(&a);
        assert!(
            err.contains("\"Baseline\"") && err.contains("collecting"),
            "{} names the locked round: {err}",
            args[0]
        );
    }
    let a = s
        .import(&fixture("forms-good.csv"), "Baseline", &["--replace"])
        .failure();
    assert!(stderr(&a).contains("collecting"), "import is refused too");
    for f in ["x.csv", "x.pdf", "x.svg"] {
        assert!(!s.path(f).exists(), "nothing was written: {f}");
    }
    let wrong = s
        .govmat()
        .args(collect("end"))
        .env("GOVMAT_PIN", "735194")
        .assert()
        .failure();
    assert!(
        stderr(&wrong).contains("PIN is not right"),
        "{}",
        stderr(&wrong)
    );
    let mut status = collect("status");
    status.push("--json");
    let st: Value = serde_json::from_slice(&s.run(&status).success().get_output().stdout).unwrap();
    assert_eq!(st["collecting"], true, "a wrong PIN changes nothing");
    assert_eq!(st["started"], 4, "the imported members count as started");
    assert!(!st.to_string().contains("Nowak"), "status names nobody");
    // Read by a person, the events' times are dates and clock times, never Unix seconds.
    let text = stdout(&s.run(&collect("status")).success());
    let event = text
        .lines()
        .find(|l| l.trim_end().ends_with("started"))
        .unwrap_or_else(|| panic!("the start is listed: {text}"));
    let when: Vec<&str> = event.split_whitespace().take(2).collect();
    assert!(
        when.len() == 2
            && when[0].len() == 10
            && when[0].as_bytes()[4] == b'-'
            && when[1].len() == 5
            && when[1].as_bytes()[2] == b':',
        "an event's time is a date and a clock time: {event}"
    );
    assert!(
        !text
            .split(|c: char| !c.is_ascii_digit())
            .any(|n| n.len() >= 9),
        "no Unix seconds: {text}"
    );
    let mut force = collect("end");
    force.push("--force");
    s.run(&force).success();
    let st: Value = serde_json::from_slice(&s.run(&status).success().get_output().stdout).unwrap();
    assert_eq!(st["collecting"], false);
    assert_eq!(
        st["events"][1]["event"], "forced",
        "the forced end is recorded: {st}"
    );
    s.summary("Baseline");
}

#[test]
fn roster_sets_its_pin_imports_lists_and_merges_only_when_told() {
    let s = Sandbox::new();
    s.import(&fixture("forms-good.csv"), "Baseline", &[])
        .success();
    let org = ["--org", "Riverside Trust"];
    let roster = |what: &'static str, extra: &[&'static str]| {
        let mut args = vec!["roster", what];
        args.extend(org);
        args.extend_from_slice(extra);
        args
    };
    let pin = |args: Vec<&str>| s.govmat().args(args).env("GOVMAT_PIN", "864205").assert();
    let refused = pin(roster("list", &[])).failure();
    assert!(
        stderr(&refused).contains("no facilitator PIN"),
        "{}",
        stderr(&refused)
    );
    pin(roster("set-pin", &[])).success();

    std::fs::write(
        s.path("board.csv"),
        "Name,Role\nZoë Adebayo,Chair\nZOE ADEBAYO,other\n",
    )
    .unwrap();
    let bad = pin(roster("import", &["board.csv"])).failure();
    assert!(
        stderr(&bad).contains("board.csv: row 3:"),
        "{}",
        stderr(&bad)
    );
    std::fs::write(s.path("board.csv"), "Name,Role\nZoë Adebayo,Chair\n").unwrap();
    pin(roster("import", &["board.csv"])).success();

    let list = pin(roster("list", &["--round", "Baseline", "--json"])).success();
    let members: Value = serde_json::from_slice(&list.get_output().stdout).unwrap();
    let members = members.as_array().unwrap();
    let zoe = members.iter().find(|m| m["name"] == "Zoë Adebayo").unwrap();
    assert_eq!(zoe["state"], "not-started");
    let started: Vec<&Value> = members
        .iter()
        .filter(|m| m["state"] == "started" || m["state"] == "finished")
        .collect();
    assert!(
        started.len() >= 2,
        "the imported members are on the roster: {members:?}"
    );
    let (a, b) = (
        started[0]["name"].as_str().unwrap(),
        started[1]["name"].as_str().unwrap(),
    );
    let before = s.summary("Baseline")["respondents"].as_u64().unwrap();
    let told = pin(vec!["roster", "merge", "--org", "Riverside Trust", a, b]).failure();
    assert!(stderr(&told).contains("--yes"), "{}", stderr(&told));
    assert_eq!(
        s.summary("Baseline")["respondents"].as_u64().unwrap(),
        before
    );
    pin(vec![
        "roster",
        "merge",
        "--org",
        "Riverside Trust",
        a,
        b,
        "--yes",
    ])
    .success();
    assert_eq!(
        s.summary("Baseline")["respondents"].as_u64().unwrap(),
        before - 1
    );
    let wrong = s
        .govmat()
        .args(roster("list", &[]))
        .env("GOVMAT_PIN", "1111")
        .assert()
        .failure();
    assert!(
        stderr(&wrong).contains("PIN is not right"),
        "{}",
        stderr(&wrong)
    );
}

/// Issue 29 §4: no "(s)" plural in anything the program says. Every string literal in the root
/// crate's source is read (a `"…(s)"` inside quotes), so a new message cannot bring one back.
#[test]
fn no_message_says_a_count_with_an_s_in_brackets() {
    fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (n, line) in text.lines().enumerate() {
                    let code = line.split("//").next().unwrap_or("");
                    for (at, _) in code.match_indices("(s)") {
                        let quotes = code[..at].matches('"').count();
                        let letter = code[..at].chars().last().is_some_and(char::is_alphabetic);
                        if quotes % 2 == 1 && letter {
                            found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                        }
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    assert!(
        found.is_empty(),
        "say \"1 member\" and \"2 members\" (govmat_core::plural), never \"member(s)\": {found:#?}"
    );
}

/// The database's content with the round's wrong-PIN count and wait set aside: a refused call
/// that checked a PIN writes those (so repeated guesses slow down), and nothing else.
fn content_but_pin_tries(s: &Sandbox) -> String {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    let c = rusqlite::Connection::open(s.db()).unwrap();
    c.execute("VACUUM INTO ?1", [copy.to_str().unwrap()])
        .unwrap();
    drop(c);
    rusqlite::Connection::open(&copy)
        .unwrap()
        .execute("UPDATE round SET pin_failures = 0, pin_retry_after = 0", [])
        .unwrap();
    content_of(&copy)
}

/// Issue 25 §6 and the facilitator's controls: `collect start --expected N --minutes M` keeps the
/// expected size and the time box; 0 or 601 minutes (or 0 members) is refused and changes nothing.
/// `collect discard` deletes an empty ballot with the PIN and records it; a wrong PIN, a ballot
/// with an answer or a name nobody started under is refused, and nothing else changes.
#[test]
fn collect_start_takes_a_time_box_and_discard_removes_only_an_empty_ballot() {
    let s = Sandbox::new();
    s.import(&fixture("forms-good.csv"), "Baseline", &[])
        .success();
    let round = ["--org", "Riverside Trust", "--round", "Baseline"];
    let with = |what: &'static str, extra: &[&'static str]| {
        let mut args = vec!["collect", what];
        args.extend(round);
        args.extend(extra);
        args
    };
    let before = s.content();
    for extra in [
        ["--minutes", "0"],
        ["--minutes", "601"],
        ["--minutes", "-5"],
        ["--expected", "0"],
    ] {
        let refused = s
            .govmat()
            .args(with("start", &extra))
            .env("GOVMAT_PIN", "602913")
            .assert()
            .failure();
        let err = stderr(&refused);
        assert!(
            err.contains("between 1 and") || err.contains("unexpected argument"),
            "{extra:?} is refused with the range: {err}"
        );
        assert_eq!(s.content(), before, "{extra:?} changes nothing");
    }
    let started = s
        .govmat()
        .args(with("start", &["--expected", "9", "--minutes", "12"]))
        .env("GOVMAT_PIN", "602913")
        .assert()
        .success();
    assert!(
        stdout(&started).contains("with a time box of 12 minutes"),
        "{}",
        stdout(&started)
    );
    let status = || -> Value {
        serde_json::from_slice(
            &s.run(&with("status", &["--json"]))
                .success()
                .get_output()
                .stdout,
        )
        .unwrap()
    };
    let st = status();
    assert_eq!(st["collecting"], true);
    assert_eq!(st["expected_members"], 9, "{st}");
    let ends = st["time_box_ends"].as_i64().expect("a time box is kept");
    let left = ends - govmat::unix_now();
    assert!(
        (12 * 60 - 120..=12 * 60).contains(&left),
        "the box ends 12 minutes after the start: {left} s left"
    );

    // Two members start on the laptop; one answers, one leaves an empty ballot (a typo).
    let mut g = govmat::Govmat::open(&s.db(), Some(&s.path("questionnaires"))).expect("opens");
    let round_id = st["round_id"].as_i64().unwrap();
    g.start_ballot(round_id, "Zed Typo", govmat::Role::Executive)
        .expect("starts");
    let bo = g
        .start_ballot(round_id, "Bo Answered", govmat::Role::Chair)
        .expect("starts");
    g.save_ballot_answer(&bo.ballot, "skills-capacity", govmat::Answer::Level(3), "")
        .expect("saves");
    drop(g);
    assert_eq!(status()["started"], 6);

    let discard = |name: &'static str, pin: &'static str| {
        s.govmat()
            .args(with("discard", &["--name", name]))
            .env("GOVMAT_PIN", pin)
            .assert()
    };
    let before = s.content();
    let wrong = discard("Zed Typo", "735194").failure();
    assert!(
        stderr(&wrong).contains("PIN is not right"),
        "{}",
        stderr(&wrong)
    );
    assert_ne!(s.content(), before, "the wrong PIN is counted");
    assert_eq!(
        content_but_pin_tries(&s),
        before,
        "a wrong PIN discards nothing and changes nothing else"
    );
    let before = content_but_pin_tries(&s);
    let answered = discard("bo answered", "602913").failure();
    assert!(
        stderr(&answered).contains("has answered"),
        "{}",
        stderr(&answered)
    );
    let nobody = discard("Nobody Jones", "602913").failure();
    assert!(
        stderr(&nobody).contains("nobody has started as \"Nobody Jones\""),
        "{}",
        stderr(&nobody)
    );
    assert_eq!(
        s.content(),
        before,
        "a ballot with an answer, or a name nobody started under, discards nothing"
    );
    let gone = discard("zed typo", "602913").success();
    assert!(
        stdout(&gone).contains("\"zed typo\" is discarded"),
        "{}",
        stdout(&gone)
    );
    let st = status();
    assert_eq!(st["started"], 5, "only the empty ballot is gone: {st}");
    assert!(
        st["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["event"] == "discarded-ballot"),
        "the discard is recorded: {st}"
    );
    assert!(!st.to_string().contains("Zed"), "status names nobody");
    let again = discard("Zed Typo", "602913").failure();
    assert!(
        stderr(&again).contains("nobody has started"),
        "{}",
        stderr(&again)
    );
}
