//! The board roster (issue 11, part 1), through the API the CLI and the desktop share: one person
//! is one member whatever the spelling; rename, merge, remove and role change need the
//! facilitator's roster PIN and are refused during collection, changing nothing; the roster
//! carries into the board's next round and shows who has not started.

use crate::board::Board;
use crate::dump;

use dump::content_of;
use govmat::{Answer, Govmat, NewRound, Role, RoundState};

const PIN: &str = "735194";
const COLLECT_PIN: &str = "602913";

fn board() -> Board {
    Board::new()
        .with_round("Spring 2026", "2026-03-01")
        .with_roster_pin(PIN)
}

fn new_round(g: &mut Govmat, org: i64, name: &str, date: &str) -> i64 {
    g.create_round(&NewRound {
        organisation_id: org,
        name: name.into(),
        date: date.into(),
        questionnaire: "collaboration-checklist".into(),
        carry_actions: false,
    })
    .expect("a round")
    .id
}

fn code<T>(r: govmat::Result<T>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

fn names(b: &mut Board) -> Vec<String> {
    b.g.roster(b.org, PIN, 0, None)
        .expect("the roster opens")
        .into_iter()
        .map(|m| m.name)
        .collect()
}

fn id_of(b: &mut Board, name: &str) -> i64 {
    b.g.roster(b.org, PIN, 0, None)
        .unwrap()
        .into_iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("{name} is on the roster"))
        .id
        .expect("on the roster, so it has an id")
}

fn answer(b: &mut Board, member: i64, item: &str, level: i64) {
    b.g.record_answer(b.round(), member, item, Answer::Level(level), "")
        .expect("an answer");
}

#[test]
fn case_and_accent_variants_are_one_member_and_no_ghost_appears() {
    let mut b = board();
    b.g.add_to_roster(b.org, PIN, 0, "Siân  Jones", Role::Chair)
        .expect("added before the day");
    for variant in ["siân jones", "SIAN JONES", "Sia\u{0302}n Jones"] {
        assert_eq!(
            code(b.g.add_to_roster(b.org, PIN, 0, variant, Role::Other)),
            "conflict",
            "{variant}"
        );
    }

    // A member typing their name their own way joins as the roster spells it, once.
    b.g.start_collection(b.round(), COLLECT_PIN, 10).unwrap();
    let started =
        b.g.start_ballot(b.round(), "sian jones", Role::Chair)
            .unwrap();
    for variant in ["Siân Jones", "SIAN  JONES "] {
        let again = b.g.start_ballot(b.round(), variant, Role::Chair);
        assert_eq!(
            code(again),
            "forbidden",
            "{variant} would be a second member: refused as any start under a taken name"
        );
    }
    let carried =
        b.g.resume_ballot(b.round(), "SIÂN JONES", &started.resume_code);
    assert_eq!(
        code(carried),
        "ok",
        "the resume matches by name whatever the case"
    );
    let progress = b.g.collection_progress(b.round(), COLLECT_PIN, 11).unwrap();
    assert_eq!(progress.len(), 1);
    assert_eq!(progress[0].name, "Siân Jones");
    b.g.end_collection(b.round(), COLLECT_PIN, 12).unwrap();

    // By hand, too.
    assert_eq!(
        code(b.g.add_member(b.round(), "SIÂN jones", Role::Chair)),
        "conflict"
    );
    // She started but gave no answer: a member of the round, not one who has answered (issue 25).
    assert_eq!(b.g.summary(b.round()).unwrap().respondents, 0);
    assert_eq!(names(&mut b), ["Siân Jones"]);
    assert_eq!(
        b.g.member_id(b.round(), "sian JONES").unwrap(),
        Some(started.ballot.respondent_id)
    );
}

#[test]
fn the_roster_is_behind_the_pin_and_wrong_pins_change_nothing() {
    let mut b = board();
    let ann = b.g.add_member(b.round(), "Ann", Role::Chair).unwrap();
    answer(&mut b, ann, "training", 2);
    assert_eq!(code(b.g.set_roster_pin(b.org, "905172")), "conflict");
    let id = id_of(&mut b, "Ann");
    let before = content_of(&b.db);
    let wrong = "0000";
    assert_eq!(code(b.g.roster(b.org, wrong, 0, None)), "forbidden");
    assert_eq!(
        code(b.g.rename_roster_member(b.org, wrong, 0, id, "Anne")),
        "forbidden"
    );
    assert_eq!(
        code(b.g.set_roster_role(b.org, wrong, 0, id, Role::Other)),
        "forbidden"
    );
    assert_eq!(
        code(b.g.remove_roster_member(b.org, wrong, 0, id)),
        "forbidden"
    );
    assert_eq!(
        code(b.g.add_to_roster(b.org, wrong, 0, "Bo", Role::Other)),
        "forbidden"
    );
    // Five wrong tries: the next must wait, even with the right PIN.
    assert_eq!(code(b.g.roster(b.org, PIN, 1, None)), "wait");
    let after_wrong = content_of(&b.db);
    // Everything but the organisation's row (where the wrong tries are counted) is as it was.
    let strip = |s: &str| {
        let mut out = Vec::new();
        let mut skip = false;
        for l in s.lines() {
            if l.starts_with('[') {
                skip = l == "[organisation]";
            }
            if !skip {
                out.push(l.to_string());
            }
        }
        out
    };
    assert!(
        strip(&before) == strip(&after_wrong),
        "wrong PINs change nothing but their own count"
    );
    assert_eq!(code(b.g.roster(b.org, PIN, 10_000, None)), "ok");

    // A board without a PIN yet is told to choose one.
    let other = b.g.create_organisation("Hill Trust").unwrap().id;
    assert_eq!(code(b.g.roster(other, PIN, 0, None)), "forbidden");
    assert_eq!(code(b.g.set_roster_pin(other, "12")), "invalid_input");
}

#[test]
fn rename_role_change_merge_and_remove_reach_the_open_rounds() {
    let mut b = board();
    let ghost =
        b.g.add_member(b.round(), "Sian J", Role::Executive)
            .unwrap();
    let real =
        b.g.add_member(b.round(), "Siân Jones", Role::Chair)
            .unwrap();
    let bo = b.g.add_member(b.round(), "Bo", Role::Executive).unwrap();
    // Cy and Di make each item's answers three or more, so their values are shown.
    let cy = b.g.add_member(b.round(), "Cy", Role::NonExecutive).unwrap();
    let di = b.g.add_member(b.round(), "Di", Role::NonExecutive).unwrap();
    answer(&mut b, ghost, "training", 1);
    answer(&mut b, ghost, "scope", 3);
    answer(&mut b, real, "training", 2);
    answer(&mut b, real, "objectives", 4);
    answer(&mut b, bo, "training", 3);
    answer(&mut b, cy, "training", 1);
    answer(&mut b, cy, "scope", 2);
    answer(&mut b, cy, "objectives", 3);
    answer(&mut b, di, "scope", 4);
    answer(&mut b, di, "objectives", 4);
    assert_eq!(b.g.summary(b.round()).unwrap().respondents, 5);

    // Rename: the round's member follows; another member's name is refused.
    let bo_id = id_of(&mut b, "Bo");
    assert_eq!(
        code(b.g.rename_roster_member(b.org, PIN, 0, bo_id, "siân jones")),
        "conflict"
    );
    b.g.rename_roster_member(b.org, PIN, 0, bo_id, "Bo Lindqvist")
        .unwrap();
    assert_eq!(b.g.member_id(b.round(), "bo lindqvist").unwrap(), Some(bo));

    // Role change: the round's member follows.
    b.g.set_roster_role(b.org, PIN, 0, bo_id, Role::NonExecutive)
        .unwrap();
    let roster = b.g.roster(b.org, PIN, 0, Some(b.round())).unwrap();
    let bo_entry = roster.iter().find(|m| m.id == Some(bo_id)).unwrap();
    assert_eq!(bo_entry.role, Role::NonExecutive);
    assert_eq!(bo_entry.state, Some(RoundState::Started));
    let shown = serde_json::to_string(&roster).unwrap();
    assert!(
        !shown.contains("answered") && !shown.contains("level"),
        "the roster says who and where, never how much or what anyone answered: {shown}"
    );

    // Merge: the plan shows the conflict, nothing written yet; then the answers are combined.
    let (from, into) = (id_of(&mut b, "Sian J"), id_of(&mut b, "Siân Jones"));
    let before = content_of(&b.db);
    let plan = b.g.merge_plan(b.org, PIN, 0, from, into).unwrap();
    assert_eq!(plan.rounds, ["Spring 2026"]);
    assert_eq!(plan.conflicts.len(), 1, "{plan:?}");
    assert_eq!(plan.conflicts[0].item_id, "training");
    let said = serde_json::to_value(&plan.conflicts[0]).unwrap();
    let keys: Vec<&String> = said.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["item", "item_id", "round"],
        "a conflict names the question, never either entry's answer: {said}"
    );
    assert!(content_of(&b.db) == before, "a plan writes nothing");
    b.g.merge_roster_members(b.org, PIN, 0, from, into).unwrap();
    assert_eq!(b.g.summary(b.round()).unwrap().respondents, 4);
    assert_eq!(names(&mut b), ["Bo Lindqvist", "Cy", "Di", "Siân Jones"]);
    let view = b.g.round_view(b.round()).unwrap();
    let values = |id: &str| {
        view.items
            .iter()
            .find(|i| i.id == id)
            .map(|i| i.values.clone())
            .unwrap()
    };
    assert_eq!(
        values("training"),
        [1, 2, 3],
        "one answer each (Cy's 1, Siân's 2, Bo's 3); the ghost's conflicting 1 dropped"
    );
    assert_eq!(values("scope"), [2, 3, 4], "the ghost's own answer moved");
    assert_eq!(values("objectives"), [3, 4, 4]);

    // Merge is undone exactly.
    let undo = b.g.undoable();
    b.g.undo(&undo.last().unwrap().name).unwrap();
    assert!(
        content_of(&b.db) == before,
        "Undo restores the merge exactly"
    );

    // Remove: gone from the roster and the open round, answers too.
    let ghost_id = id_of(&mut b, "Sian J");
    b.g.remove_roster_member(b.org, PIN, 0, ghost_id).unwrap();
    assert_eq!(b.g.summary(b.round()).unwrap().respondents, 4);
    assert_eq!(b.g.member_id(b.round(), "Sian J").unwrap(), None);
}

#[test]
fn nothing_on_the_roster_changes_during_collection() {
    let mut b = board();
    b.g.add_member(b.round(), "Ann", Role::Chair).unwrap();
    b.g.add_member(b.round(), "Ann B", Role::Other).unwrap();
    let (ann, ann_b) = (id_of(&mut b, "Ann"), id_of(&mut b, "Ann B"));
    b.g.start_collection(b.round(), COLLECT_PIN, 10).unwrap();
    let before = content_of(&b.db);
    assert_eq!(code(b.g.roster(b.org, PIN, 20, None)), "locked");
    assert_eq!(
        code(b.g.rename_roster_member(b.org, PIN, 20, ann, "Anna")),
        "locked"
    );
    assert_eq!(
        code(b.g.set_roster_role(b.org, PIN, 20, ann, Role::Other)),
        "locked"
    );
    assert_eq!(code(b.g.merge_plan(b.org, PIN, 20, ann_b, ann)), "locked");
    assert_eq!(
        code(b.g.merge_roster_members(b.org, PIN, 20, ann_b, ann)),
        "locked"
    );
    assert_eq!(
        code(b.g.remove_roster_member(b.org, PIN, 20, ann)),
        "locked"
    );
    assert_eq!(
        code(b.g.add_to_roster(b.org, PIN, 20, "Cy", Role::Other)),
        "locked"
    );
    assert!(
        content_of(&b.db) == before,
        "nothing changed during collection"
    );
}

#[test]
fn the_roster_carries_into_the_next_round_and_shows_who_has_not_started() {
    let mut b = board();
    for (name, role) in [
        ("Ann", Role::Chair),
        ("Bo", Role::Executive),
        ("Cy", Role::NonExecutive),
    ] {
        b.g.add_member(b.round(), name, role).unwrap();
    }
    b.g.set_round_open(b.round(), false).unwrap();
    let next = new_round(&mut b.g, b.org, "Spring 2027", "2027-03-01");
    b.g.start_collection(next, COLLECT_PIN, 10).unwrap();
    // Each gives an answer: an empty ballot is not a member who has answered (issue 25 §1).
    let s = b.g.start_ballot(next, "bo", Role::Executive).unwrap();
    b.g.save_ballot_answer(&s.ballot, "training", Answer::Level(2), "")
        .unwrap();
    b.g.finish_ballot(&s.ballot).unwrap();
    let dee = b.g.start_ballot(next, "Dee", Role::Other).unwrap();
    b.g.save_ballot_answer(&dee.ballot, "training", Answer::Level(3), "")
        .unwrap();
    let progress = b.g.collection_progress(next, COLLECT_PIN, 11).unwrap();
    let seen: Vec<(&str, bool, bool)> = progress
        .iter()
        .map(|p| (p.name.as_str(), p.started, p.finished))
        .collect();
    assert_eq!(
        seen,
        [
            ("Ann", false, false),
            ("Bo", true, true),
            ("Cy", false, false),
            ("Dee", true, false)
        ]
    );
    b.g.end_collection(next, COLLECT_PIN, 12).unwrap();
    let roster = b.g.roster(b.org, PIN, 100, Some(next)).unwrap();
    let states: Vec<_> = roster.iter().map(|m| (m.name.as_str(), m.state)).collect();
    assert_eq!(
        states,
        [
            ("Ann", Some(RoundState::NotStarted)),
            ("Bo", Some(RoundState::Finished)),
            ("Cy", Some(RoundState::NotStarted)),
            ("Dee", Some(RoundState::Started))
        ]
    );
    // The closed round keeps its own record when a member is renamed.
    let ann = id_of(&mut b, "Ann");
    b.g.set_round_open(b.round(), true).unwrap();
    b.g.set_round_open(b.round(), false).unwrap();
    b.g.rename_roster_member(b.org, PIN, 100, ann, "Ann Okafor")
        .unwrap();
    b.g.set_round_open(b.round(), true).unwrap();
    assert!(b.g.member_id(b.round(), "Ann").unwrap().is_some());
}

#[test]
fn a_roster_file_is_imported_whole_or_refused_whole() {
    let mut b = board();
    b.g.add_to_roster(b.org, PIN, 0, "Siân Jones", Role::Chair)
        .unwrap();
    let good =
        "Name,Role\nSIAN JONES,Chair\nRavi Patel,Non-executive director\n\"=HYPERLINK(1)\",other\n";
    let got =
        b.g.import_roster(b.org, PIN, 0, "board.csv", good.as_bytes())
            .unwrap();
    assert_eq!((got.added, got.already), (2, 1));
    assert_eq!(names(&mut b), ["=HYPERLINK(1)", "Ravi Patel", "Siân Jones"]);

    let before = content_of(&b.db);
    let bad = "Name;Role\nZed;chair\nZED;executive\nYan;pilot\n";
    let err =
        b.g.import_roster(b.org, PIN, 0, "roster.csv", bad.as_bytes())
            .unwrap_err()
            .to_string();
    assert!(err.contains("roster.csv: row 3:"), "{err}");
    assert!(
        err.contains("roster.csv: row 4:") && err.contains("pilot"),
        "{err}"
    );
    assert!(content_of(&b.db) == before, "a refused file adds no one");
}

/// Issue 29 §4: the merge says "Both answered" only where both did. A member who started a
/// ballot and answered nothing (a saved blank included) did not answer: the round is not listed,
/// no question conflicts, and the merge keeps the other's answers rather than the blanks.
#[test]
fn both_answered_only_where_both_did_and_a_blank_ballot_keeps_none_of_its_blanks() {
    let mut b = board();
    for name in ["Ann Lee", "Anne Lee"] {
        b.g.add_to_roster(b.org, PIN, 0, name, Role::NonExecutive)
            .unwrap();
    }
    let ann =
        b.g.add_member(b.round(), "Ann Lee", Role::NonExecutive)
            .unwrap();
    b.g.record_answer(b.round(), ann, "training", Answer::Unanswered, "")
        .unwrap();
    let anne =
        b.g.add_member(b.round(), "Anne Lee", Role::NonExecutive)
            .unwrap();
    answer(&mut b, anne, "training", 3);
    answer(&mut b, anne, "scope", 1);
    let (from, into) = (id_of(&mut b, "Anne Lee"), id_of(&mut b, "Ann Lee"));
    let plan = b.g.merge_plan(b.org, PIN, 0, from, into).unwrap();
    assert!(
        plan.rounds.is_empty() && plan.conflicts.is_empty(),
        "Ann Lee answered nothing, so they did not both answer and nothing conflicts: {plan:?}"
    );
    b.g.merge_roster_members(b.org, PIN, 0, from, into).unwrap();
    assert_eq!(
        names(&mut b),
        ["Ann Lee"],
        "one member is left, by the kept name"
    );
    assert_eq!(
        b.g.member_id(b.round(), "Anne Lee").unwrap(),
        None,
        "the other spelling is gone from the round"
    );
    assert!(b.g.member_id(b.round(), "Ann Lee").unwrap().is_some());
    // Two more members answer, so the item's values may be shown (three or more).
    for (name, level) in [("Cy", 1), ("Di", 2)] {
        let id = b.g.add_member(b.round(), name, Role::Executive).unwrap();
        answer(&mut b, id, "training", level);
        answer(&mut b, id, "scope", level);
    }
    let view = b.g.round_view(b.round()).unwrap();
    let values = |id: &str| {
        view.items
            .iter()
            .find(|i| i.id == id)
            .map(|i| i.values.clone())
            .unwrap()
    };
    assert_eq!(
        (values("training"), values("scope")),
        (vec![1, 2, 3], vec![1, 1, 2]),
        "Anne Lee's answers are kept (training 3, scope 1), not Ann Lee's blank"
    );
}
