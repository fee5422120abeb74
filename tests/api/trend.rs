//! The trend keeps each round's score until that round changes (see `Govmat::trend`). These tests
//! make every kind of change a board can make — through the API, straight through the store, and
//! from a second connection — and check after each that the trend equals one drawn from scratch by
//! a freshly opened `Govmat`, so a kept score is never shown once it is out of date.

use std::path::Path;

use govmat::{Answer, Decision, Role};
use govmat::{Govmat, ImportRequest};

const ORG: &str = "Riverside Trust";
const CHECKLIST: &str = "collaboration-checklist";

const ROSTER_PIN: &str = "602913";

fn import(g: &mut Govmat, round: &str, date: &str, csv: &str, replace: bool) -> i64 {
    let req = ImportRequest {
        org: ORG,
        round,
        questionnaire: CHECKLIST,
        date,
        file: Path::new("inline.csv"),
        replace,
    };
    // Replacing members takes the board's roster PIN.
    let opts = govmat::ImportOptions {
        roster_pin: replace.then(|| (ROSTER_PIN.to_string(), 0)),
        ..Default::default()
    };
    g.import_bytes_with(&req, &opts, "inline.csv", csv.as_bytes())
        .expect("the inline CSV imports")
        .round_id
}

struct Board {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    g: Govmat,
    org: i64,
    rounds: Vec<i64>,
}

fn board() -> Board {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("govmat.db");
    let mut g = Govmat::open(&db, None).expect("a new database opens");
    // Three members, so skills-capacity and training have figures (scope, with a don't know,
    // has two scored answers and shows none until a member joins).
    let csv = "respondent,role,skills-capacity,training,scope\nA,chair,1,2,3\nB,ned,2,2,?\nE,executive,3,1,2\n";
    let rounds = vec![
        import(&mut g, "2024", "2024-03-01", csv, false),
        import(&mut g, "2025", "2025-03-01", csv, false),
        import(&mut g, "2026", "2026-03-01", csv, false),
    ];
    let org = g.organisation_named(ORG).unwrap().id;
    g.set_roster_pin(org, ROSTER_PIN).unwrap();
    Board {
        _dir: dir,
        db,
        g,
        org,
        rounds,
    }
}

/// Draws the trend, makes `change`, and checks the trend drawn again equals a fresh one.
#[track_caller]
fn check_change(b: &mut Board, what: &str, change: impl FnOnce(&mut Board)) {
    let before = b.g.trend(b.org, CHECKLIST).unwrap();
    change(b);
    let after = b.g.trend(b.org, CHECKLIST).unwrap();
    let fresh = Govmat::open(&b.db, None)
        .unwrap()
        .trend(b.org, CHECKLIST)
        .unwrap();
    assert_eq!(
        after, fresh,
        "{what}: the trend equals one scored from scratch"
    );
    assert_ne!(
        before, after,
        "{what}: the change shows in the trend (so this case tests something)"
    );
}

#[test]
fn a_trend_drawn_again_after_any_change_equals_one_drawn_from_scratch() {
    let mut b = board();
    let latest = b.rounds[2];
    check_change(&mut b, "an answer changes through the API", |b| {
        let member = first_member(&b.g, latest);
        b.g.record_answer(latest, member, "skills-capacity", Answer::Level(4), "")
            .unwrap();
    });
    check_change(&mut b, "a member joins and answers", |b| {
        let member = b.g.add_member(latest, "C", Role::Executive).unwrap();
        b.g.record_answer(latest, member, "scope", Answer::Level(0), "")
            .unwrap();
    });
    check_change(&mut b, "a member is removed", |b| {
        let member = first_member(&b.g, latest);
        b.g.delete_member(member).unwrap();
    });
    check_change(&mut b, "members are replaced by an import", |b| {
        let csv = "respondent,role,skills-capacity\nB,ned,4\n";
        import(&mut b.g, "2025", "2025-03-01", csv, true);
    });
    check_change(
        &mut b,
        "an answer is written straight through the store",
        |b| {
            let round = b.rounds[0];
            let member = first_member(&b.g, round);
            let mut store = govmat_store::Store::open(&b.db).unwrap();
            store
                .write(|c| govmat_store::save_answer(c, member, "training", Answer::Level(0), ""))
                .unwrap();
        },
    );
    check_change(&mut b, "another connection changes an answer", |b| {
        let mut other = Govmat::open(&b.db, None).unwrap();
        let round = b.rounds[1];
        let member = first_member(&other, round);
        other
            .record_answer(round, member, "skills-capacity", Answer::Level(4), "")
            .unwrap();
    });
    check_change(&mut b, "a round is deleted", |b| {
        b.g.delete_round(b.rounds[0]).unwrap();
    });
    check_change(&mut b, "a new round is added", |b| {
        let csv = "respondent,role,skills-capacity\nZ,chair,0\n";
        import(&mut b.g, "2027", "2027-03-01", csv, false);
    });
}

#[test]
fn an_agreed_score_moves_the_trend_as_the_boards_level_and_the_kept_score_follows() {
    let mut b = board();
    let before = b.g.trend(b.org, CHECKLIST).unwrap();
    // The 2026 round's skills area: skills-capacity (mean 2) and training (mean 5/3) were its
    // level, (2 + 5/3) / 2; with training agreed at 4 it is (2 + 4) / 2 = 3.
    let d = Decision {
        agreed: Some(4),
        target: Some(4),
        ..Decision::default()
    };
    b.g.save_decision(b.rounds[2], "training", &d, 1767225600)
        .unwrap();
    let after = b.g.trend(b.org, CHECKLIST).unwrap();
    let skills = |t: &govmat::Trend, round: usize| t.points[round].areas[0];
    assert!(
        (skills(&before, 2).unwrap() - 11.0 / 6.0).abs() < 1e-9
            && (skills(&after, 2).unwrap() - 3.0).abs() < 1e-9,
        "the trend follows the board's level: agreed where agreed ({:?} then {:?})",
        skills(&before, 2),
        skills(&after, 2)
    );
    assert_eq!(
        (skills(&after, 0), skills(&after, 1)),
        (skills(&before, 0), skills(&before, 1)),
        "the other rounds keep their level"
    );
    let fresh = Govmat::open(&b.db, None).unwrap();
    assert_eq!(
        fresh.trend(b.org, CHECKLIST).unwrap(),
        after,
        "the kept score was scored again after the decision"
    );
    let view = b.g.results_view(b.rounds[2]).unwrap();
    assert_eq!(
        after.points[2].overall, view.score.level,
        "the trend's overall point is the level the round's results give"
    );
}

/// The first member of a round (every round of this board has one called "A" or "B").
fn first_member(g: &Govmat, round: i64) -> i64 {
    ["A", "B", "C", "Z"]
        .iter()
        .find_map(|n| g.member_id(round, n).unwrap())
        .expect("the round has a member")
}

#[test]
fn the_trend_keeps_the_organisations_own_minimum_not_the_default() {
    let mut b = board();
    let shown = b.g.trend(b.org, CHECKLIST).unwrap();
    assert!(
        shown.points.iter().all(|p| p.overall.is_some()),
        "three members reach the default minimum of three, so every round has a level"
    );
    b.g.set_min_group(b.org, 4).unwrap();
    let raised = b.g.trend(b.org, CHECKLIST).unwrap();
    assert!(
        raised.points.iter().all(|p| p.overall.is_none()),
        "with the organisation's minimum of four, three answers show nothing, in the trend as everywhere: {raised:?}"
    );
}
