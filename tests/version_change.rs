//! Issue 9: the checklist, the principles and the navigating set moved to version 2 (per-item
//! level descriptions). A board with years of rounds on version 1 must see one unbroken trend
//! across the change, and a comparison of a v1 round with a v2 round must be made item by item.
//!
//! Each v1 round is written straight through the store with the exact v1 text the app shipped
//! (tests/fixtures/v1/), as the app itself stored it at the time; the v2 round is imported
//! through the API, which takes the shipped version.

use std::path::Path;

use govmat::{Answer, Comparison, Govmat, ImportRequest, Role};
use govmat_store as store;

const ORG: &str = "Riverside Trust";

fn v1_text(id: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/v1/{id}.toml"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A v1 round with two members answering `items` at `levels`, then a v2 round with the same
/// answers imported through the API; returns the board and both round ids.
fn board_across_the_change(
    id: &str,
    items: &[&str],
    levels: [i64; 2],
) -> (tempfile::TempDir, Govmat, i64, i64, i64) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("govmat.db");
    let mut g = Govmat::open(&db, None).expect("a new database opens");
    let text = v1_text(id);
    // Straight through the store, on its own connection to the same file (the API has no door
    // for writing an old version's round).
    let (org, old) = store::Store::open(&db)
        .expect("the same file")
        .write(|c| {
            store::ensure_instrument(c, id, 1, &text)?;
            let org = store::create_organisation(c, ORG, false)?;
            let round = store::create_round(c, org, "2024", "2024-03-01", (id, 1))?;
            for (n, (name, role)) in [("A", Role::Chair), ("B", Role::NonExecutive)]
                .into_iter()
                .enumerate()
            {
                let member = store::add_respondent(c, round, name, role)?;
                for item in items {
                    store::save_answer(c, member, item, Answer::Level(levels[n]), "")?;
                }
                store::set_finished(c, member, true)?;
            }
            Ok((org, round))
        })
        .expect("the v1 round is written");
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
        "{header}\n{}\n{}\n",
        row("A", "chair", levels[0]),
        row("B", "ned", levels[1])
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
        .expect("the v2 round imports")
        .round_id;
    (dir, g, org, old, new)
}

#[track_caller]
fn check_unbroken(id: &str, items: &[&str]) {
    let (_dir, g, org, old, new) = board_across_the_change(id, items, [1, 3]);
    let versions: Vec<u32> = g
        .rounds(org)
        .unwrap()
        .iter()
        .map(|r| r.instrument_version)
        .collect();
    assert_eq!(versions, vec![1, 2], "{id}: one round on each version");
    let t = g.trend(org, id).unwrap();
    let continues: Vec<bool> = t.points.iter().map(|p| p.continues).collect();
    assert_eq!(
        continues,
        vec![false, true],
        "{id}: the line starts at v1 and carries on into v2 without a break"
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
            panic!("{id}: v1 and v2 must be comparable, but: {reason}")
        }
    }
}

#[test]
fn a_checklist_trend_runs_unbroken_from_version_1_into_version_2() {
    check_unbroken(
        "collaboration-checklist",
        &["skills-capacity", "voting", "staff-passporting"],
    );
}

#[test]
fn a_principles_trend_runs_unbroken_from_version_1_into_version_2() {
    check_unbroken(
        "system-working-principles",
        &["delegation-envelope", "committees-in-common"],
    );
}

#[test]
fn a_navigating_trend_runs_unbroken_from_version_1_into_version_2() {
    check_unbroken(
        "navigating-governance",
        &["distinct-roles", "right-people", "realistic-investment"],
    );
}
