//! Issue 9: the checklist, the principles and the navigating set moved to version 2 (per-item
//! level descriptions); issue 28 moved them to version 3 and the case-study lessons to version 2
//! (level 4 as leading by example, our own words). A board with years of rounds on an earlier
//! version must see one unbroken trend across each change, and a comparison of an earlier round
//! with a current one must be made item by item.
//!
//! Each earlier round is written straight through the store with the exact text the app shipped
//! then (tests/fixtures/v1/, tests/fixtures/v2/), as the app itself stored it at the time; the
//! current round is imported through the API, which takes the shipped version.

use std::path::Path;

use govmat::{Answer, Comparison, Govmat, ImportRequest, Role};
use govmat_store as store;

const ORG: &str = "Riverside Trust";

fn earlier_text(id: &str, version: u32) -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/v{version}/{id}.toml"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A round on `earlier` with three members (fewer show no figures) answering `items` at `levels`, then a round on the
/// shipped version with the same answers imported through the API; returns the board and both
/// round ids.
fn board_across_the_change(
    id: &str,
    earlier: u32,
    items: &[&str],
    levels: [i64; 3],
) -> (tempfile::TempDir, Govmat, i64, i64, i64) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("govmat.db");
    let mut g = Govmat::open(&db, None).expect("a new database opens");
    let text = earlier_text(id, earlier);
    // Straight through the store, on its own connection to the same file (the API has no door
    // for writing an old version's round).
    let (org, old) = store::Store::open(&db)
        .expect("the same file")
        .write(|c| {
            store::ensure_instrument(c, id, earlier, &text)?;
            let org = store::create_organisation(c, ORG, false)?;
            let round = store::create_round(c, org, "2024", "2024-03-01", (id, earlier))?;
            let members = [
                ("A", Role::Chair),
                ("B", Role::NonExecutive),
                ("C", Role::Executive),
            ];
            for (n, (name, role)) in members.into_iter().enumerate() {
                let member = store::add_respondent(c, round, name, role)?;
                for item in items {
                    store::save_answer(c, member, item, Answer::Level(levels[n]), "")?;
                }
                store::set_finished(c, member, true)?;
            }
            Ok((org, round))
        })
        .expect("the earlier round is written");
    let header = std::iter::once("respondent,role".to_string())
        .chain(items.iter().map(|i| i.to_string()))
        .collect::<Vec<_>>()
        .join(",");
    let row = |name: &str, role: &str, v: i64| {
        std::iter::once(format!("{name},{role}"))
            .chain(items.iter().map(|_| v.to_string()))
            .collect::<Vec<_>>()
            .join(",")
    };
    let csv = format!(
        "{header}\n{}\n{}\n{}\n",
        row("A", "chair", levels[0]),
        row("B", "ned", levels[1]),
        row("C", "executive", levels[2])
    );
    let req = ImportRequest {
        org: ORG,
        round: "2025",
        questionnaire: id,
        date: "2025-03-01",
        file: Path::new("inline.csv"),
        replace: false,
    };
    let new = g
        .import_bytes(&req, "inline.csv", csv.as_bytes())
        .expect("the current round imports")
        .round_id;
    (dir, g, org, old, new)
}

#[track_caller]
fn check_unbroken(id: &str, earlier: u32, items: &[&str]) {
    let current = govmat::Catalogue::shipped()
        .get(id)
        .expect("a shipped instrument")
        .instrument
        .version;
    let (_dir, g, org, old, new) = board_across_the_change(id, earlier, items, [1, 3, 2]);
    let versions: Vec<u32> = g
        .rounds(org)
        .unwrap()
        .iter()
        .map(|r| r.instrument_version)
        .collect();
    assert_eq!(
        versions,
        vec![earlier, current],
        "{id}: one round on each version"
    );
    // The earlier round keeps the words its members read, not the current file's.
    let rounds = g.rounds(org).unwrap();
    let top = |i: &govmat_core::Instrument| {
        let it = i.item(items[0]).expect("the item is in every version");
        it.levels_or_scale(&i.scale)[4].descriptor.clone()
    };
    let then = govmat_core::parse_instrument("fixture", &earlier_text(id, earlier)).unwrap();
    let kept = g.instrument_of(&rounds[0]).unwrap();
    let now = g.instrument_of(&rounds[1]).unwrap();
    assert_eq!(
        (kept.version, top(&kept)),
        (earlier, top(&then)),
        "{id}: the v{earlier} round is read with the text stored when it ran"
    );
    assert_ne!(
        top(&kept),
        top(&now),
        "{id}: level 4 of {} reads differently in v{current}, so the stored text matters",
        items[0]
    );
    let t = g.trend(org, id).unwrap();
    let continues: Vec<bool> = t.points.iter().map(|p| p.continues).collect();
    assert_eq!(
        continues,
        vec![false, true],
        "{id}: the line starts at v{earlier} and carries on into v{current} without a break"
    );
    assert_eq!(
        t.points[0].overall, t.points[1].overall,
        "{id}: the same answers give the same overall level on both versions"
    );
    match g.compare(old, new).unwrap() {
        Comparison::Comparable { items: deltas, .. } => {
            for item in items {
                let d = deltas.iter().find(|d| d.id == *item).unwrap();
                assert_eq!(
                    (d.before, d.after, d.change),
                    (Some(2.0), Some(2.0), Some(0.0)),
                    "{id}/{item}: compared item by item across the versions"
                );
            }
        }
        Comparison::NotComparable { reason } => {
            panic!("{id}: v{earlier} and v{current} must be comparable, but: {reason}")
        }
    }
}

#[test]
fn a_checklist_trend_runs_unbroken_from_version_1_into_the_current_version() {
    check_unbroken(
        "collaboration-checklist",
        1,
        &["skills-capacity", "voting", "staff-passporting"],
    );
}

#[test]
fn a_checklist_trend_runs_unbroken_from_version_2_into_the_current_version() {
    check_unbroken(
        "collaboration-checklist",
        2,
        &["skills-capacity", "voting", "staff-passporting"],
    );
}

#[test]
fn a_principles_trend_runs_unbroken_from_version_1_into_the_current_version() {
    check_unbroken(
        "system-working-principles",
        1,
        &["delegation-envelope", "committees-in-common"],
    );
}

#[test]
fn a_principles_trend_runs_unbroken_from_version_2_into_the_current_version() {
    check_unbroken(
        "system-working-principles",
        2,
        &["reserved-decisions", "ned-delegation"],
    );
}

#[test]
fn a_navigating_trend_runs_unbroken_from_version_1_into_the_current_version() {
    check_unbroken(
        "navigating-governance",
        1,
        &["distinct-roles", "right-people", "realistic-investment"],
    );
}

#[test]
fn a_navigating_trend_runs_unbroken_from_version_2_into_the_current_version() {
    check_unbroken(
        "navigating-governance",
        2,
        &["distinct-roles", "geography", "delivery-monitoring"],
    );
}

#[test]
fn a_case_study_trend_runs_unbroken_from_version_1_into_the_current_version() {
    check_unbroken(
        "case-study-lessons",
        1,
        &["population-trumps", "separate-audit", "two-way"],
    );
}
