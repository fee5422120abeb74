//! The results dashboard's lean view (`Govmat::dashboard_view`): it carries what the dashboard
//! writes out (the lead, the area table, the gaps to target) with numbers worked out by hand, and
//! nothing of the members: no name, no answer, no comment. Like every other view it is refused
//! while a round collects.

use std::path::Path;

use govmat::{Decision, Govmat, ImportRequest};

const ORG: &str = "Riverside Trust";

struct Board {
    _dir: tempfile::TempDir,
    g: Govmat,
    round: i64,
}

/// Three members; skills-capacity 1, 2, 3 (mean 2), training 2, 2, 4 (mean 8/3), scope 3, ?, 1
/// (two scored answers and one "don't know": fewer than three, so no mean), every other item
/// unanswered.
fn board() -> Board {
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut g = Govmat::open(&dir.path().join("govmat.db"), None).expect("a new database opens");
    let csv = "respondent,role,skills-capacity,training,scope,comment:scope\n\
               Nowak,chair,1,2,3,Ask Nowak about the scope\n\
               Priya,ned,2,2,?,\n\
               Siôn,executive,3,4,1,\n";
    let req = ImportRequest {
        org: ORG,
        round: "Spring 2026",
        questionnaire: "collaboration-checklist",
        date: "2026-03-01",
        file: Path::new("inline.csv"),
        replace: false,
    };
    let round = g
        .import_bytes(&req, "inline.csv", csv.as_bytes())
        .expect("the inline CSV imports")
        .round_id;
    let decide = |g: &mut Govmat, item: &str, agreed: Option<i64>, target: Option<i64>| {
        let decision = Decision {
            agreed,
            target,
            ..Default::default()
        };
        g.save_decision(round, item, &decision, 1767225600)
            .expect("a decision");
    };
    // Gaps: skills-capacity 4 − 3 (agreed; the members' mean is 2) = 1; training 3 − 8/3 (mean)
    // = 1/3; scope has no mean.
    decide(&mut g, "skills-capacity", Some(3), Some(4));
    decide(&mut g, "training", None, Some(3));
    decide(&mut g, "scope", None, Some(4));
    // A target on an item nobody scored has no gap, so it is not listed.
    decide(&mut g, "objectives", None, Some(3));
    Board {
        _dir: dir,
        g,
        round,
    }
}

#[test]
fn the_dashboard_view_holds_the_lead_the_area_table_and_the_gaps_largest_first() {
    let b = board();
    let v =
        b.g.dashboard_view(b.round)
            .expect("the dashboard of a round");
    assert_eq!(
        (v.respondents, v.scale, v.date.as_str()),
        (3, (0, 4), "2026-03-01"),
        "the lead says how many answered and the scale's ends"
    );
    let first = &v.areas[0];
    assert_eq!(
        (first.title.as_str(), first.agreed, first.items),
        ("Establishing board-level skills and capacity", 1, 3),
        "the area table counts agreed items of all the area's items"
    );
    let level = first.level.expect("the skills area has scores");
    assert!(
        (level - (3.0 + 8.0 / 3.0) / 2.0).abs() < 1e-9,
        "the area's level is over its items' positions (agreed 3, not the members' 2; mean 8/3): {level}"
    );
    assert_eq!(
        (first.items_in_level, v.items_in_level, v.items_agreed),
        (2, 2, 1),
        "scope (two scored answers, no agreed score) and unscored items count in no level"
    );
    let gaps: Vec<(&str, Option<i64>, i64)> = v
        .gaps
        .iter()
        .map(|g| (g.title.as_str(), g.agreed, g.target))
        .collect();
    assert_eq!(
        gaps,
        vec![("Skills and capacity", Some(3), 4), ("Training", None, 3)],
        "largest gap first; scope (two scored answers, so no mean) and unscored items left out"
    );
    assert!(
        (v.gaps[1].gap - 1.0 / 3.0).abs() < 1e-9,
        "training's gap is its target less its mean"
    );
    let full = b.g.results_view(b.round).expect("the full results view");
    assert_eq!(
        (v.level, v.areas.len()),
        (full.score.level, full.score.areas.len()),
        "the same figures as the full view"
    );
}

#[test]
fn the_dashboard_view_names_no_member_and_carries_no_answer_or_comment() {
    let b = board();
    let v =
        b.g.dashboard_view(b.round)
            .expect("the dashboard of a round");
    let json = serde_json::to_string(&v).expect("the view serialises");
    for secret in [
        "Nowak", "Priya", "Siôn", "Ask", "values", "comments", "split",
    ] {
        assert!(
            !json.contains(secret),
            "`{secret}` must not reach the dashboard: {json}"
        );
    }
    let full = serde_json::to_string(&b.g.results_view(b.round).unwrap()).unwrap();
    assert!(
        json.len() * 5 < full.len(),
        "the dashboard's view is a small part of the full one ({} of {} bytes)",
        json.len(),
        full.len()
    );
}

#[test]
fn the_dashboard_view_is_locked_while_a_round_collects() {
    let mut b = board();
    b.g.start_collection(b.round, "602913", 100)
        .expect("collection starts");
    let err =
        b.g.dashboard_view(b.round)
            .expect_err("refused while collecting");
    assert_eq!(err.code(), "locked", "the dashboard waits for the reveal");
}
