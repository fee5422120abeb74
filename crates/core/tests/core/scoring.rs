//! Scoring, comparison and spectrum tests: small instruments written inline, answers in tables.
//!
//! Each feature has one helper that builds the input and checks the output, so a new case is one
//! line in a table. Floats are compared to 1e-9; `None` is never treated as zero.

use std::collections::BTreeMap;

use govmat_core::{
    compare, nearest, parse_instrument, score_round, stats, trend, Answer, Ballot, Comparison,
    Decision, Instrument, Role, RoundScore,
};

const EPS: f64 = 1e-9;

/// Two areas: `a` with items a1, a2, a3 and `b` with item b1, on a 0–4 scale.
fn tiny(version: u32, comparable_with: &[u32]) -> Instrument {
    tiny_named("tiny", version, comparable_with)
}

fn tiny_named(id: &str, version: u32, comparable_with: &[u32]) -> Instrument {
    let cw: Vec<String> = comparable_with.iter().map(u32::to_string).collect();
    let text = format!(
        r#"
id = "{id}"
version = {version}
title = "Tiny"
kind = "maturity"
comparable_with = [{}]

[source]
document = "A document"
publisher = "A publisher"
date = "2024"

[[scale.levels]]
value = 0
label = "None"
descriptor = "Nothing yet."
[[scale.levels]]
value = 1
label = "Some"
descriptor = "A little."
[[scale.levels]]
value = 2
label = "Half"
descriptor = "Half way."
[[scale.levels]]
value = 3
label = "Most"
descriptor = "Nearly there."
[[scale.levels]]
value = 4
label = "All"
descriptor = "Exemplar."

[[areas]]
id = "a"
title = "Area A"
[[areas.items]]
id = "a1"
title = "A one"
question = "First?"
[[areas.items]]
id = "a2"
title = "A two"
question = "Second?"
[[areas.items]]
id = "a3"
title = "A three"
question = "Third?"

[[areas]]
id = "b"
title = "Area B"
[[areas.items]]
id = "b1"
title = "B one"
question = "Fourth?"
"#,
        cw.join(", ")
    );
    parse_instrument("tiny.toml", &text).expect("the inline test instrument is valid")
}

/// Reads one cell the way a table below writes it: "?" don't know, "" unanswered, else a level.
fn answer(cell: &str) -> Answer {
    match cell {
        "?" => Answer::DontKnow,
        "" => Answer::Unanswered,
        v => Answer::Level(v.parse().expect("table cells are levels, ? or empty")),
    }
}

/// One ballot per row: (role, [(item, cell)]). Items a row leaves out are unanswered.
fn ballots(rows: &[(Role, &[(&str, &str)])]) -> Vec<Ballot> {
    rows.iter()
        .enumerate()
        .map(|(i, (role, cells))| Ballot {
            respondent: format!("member {i}"),
            role: *role,
            answers: cells
                .iter()
                .map(|(item, cell)| (item.to_string(), answer(cell)))
                .collect(),
        })
        .collect()
}

/// The same ballots, each given by three members: the figures of a round where every answer is
/// repeated thrice have the same means as the rows alone, and rest on enough answers to be shown.
fn thrice<'a>(rows: &[(Role, &'a [(&'a str, &'a str)])]) -> Vec<(Role, &'a [(&'a str, &'a str)])> {
    rows.iter().flat_map(|r| [*r, *r, *r]).collect()
}

fn score(rows: &[(Role, &[(&str, &str)])], decisions: &[(&str, Decision)]) -> RoundScore {
    let decisions: BTreeMap<String, Decision> = decisions
        .iter()
        .map(|(id, d)| (id.to_string(), d.clone()))
        .collect();
    score_round(&tiny(1, &[]), &ballots(rows), &decisions)
}

fn item<'a>(s: &'a RoundScore, id: &str) -> &'a govmat_core::ItemScore {
    s.items()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("item {id} is scored"))
}

fn area(s: &RoundScore, id: &str) -> Option<f64> {
    s.areas
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("area {id} is scored"))
        .mean
}

#[track_caller]
fn assert_close(actual: Option<f64>, expected: Option<f64>, what: &str) {
    match (actual, expected) {
        (Some(a), Some(e)) => assert!(
            (a - e).abs() < EPS,
            "{what}: expected {e}, got {a} (the method in the README defines it)"
        ),
        (a, e) => assert_eq!(a, e, "{what}: undefined numbers must be None, never 0"),
    }
}

// ---- stats ---------------------------------------------------------------------------------

/// Expected statistics: n, mean, median, min, max, sd.
type Expect = (
    usize,
    Option<f64>,
    Option<f64>,
    Option<i64>,
    Option<i64>,
    Option<f64>,
);

#[track_caller]
fn check_stats(values: &[i64], expected: Expect) {
    let s = stats(values);
    let (n, mean, median, min, max, sd) = expected;
    let what = format!("stats of {values:?}");
    assert_eq!(s.n, n, "{what}: n counts every scored answer");
    assert_close(s.mean, mean, &format!("{what}: mean"));
    assert_close(s.median, median, &format!("{what}: median"));
    assert_eq!(s.min, min, "{what}: min is the lowest level given");
    assert_eq!(s.max, max, "{what}: max is the highest level given");
    assert_close(s.sd, sd, &format!("{what}: sample sd (n − 1)"));
}

#[test]
fn statistics_of_scored_answers_follow_the_documented_method() {
    let cases: &[(&[i64], Expect)] = &[
        (&[], (0, None, None, None, None, None)),
        (&[3], (1, Some(3.0), Some(3.0), Some(3), Some(3), None)),
        (
            &[1, 3],
            (2, Some(2.0), Some(2.0), Some(1), Some(3), Some(2f64.sqrt())),
        ),
        (
            &[4, 0, 2],
            (3, Some(2.0), Some(2.0), Some(0), Some(4), Some(2.0)),
        ),
        // Even n: the median is the mean of the middle two, even when that is not a level.
        (
            &[4, 1, 0, 3],
            (
                4,
                Some(2.0),
                Some(2.0),
                Some(0),
                Some(4),
                Some((10.0f64 / 3.0).sqrt()),
            ),
        ),
        (
            &[1, 2, 4, 4],
            (
                4,
                Some(2.75),
                Some(3.0),
                Some(1),
                Some(4),
                Some((6.75f64 / 3.0).sqrt()),
            ),
        ),
        (
            &[0, 1],
            (
                2,
                Some(0.5),
                Some(0.5),
                Some(0),
                Some(1),
                Some(0.5f64.sqrt()),
            ),
        ),
        (
            &[2, 2, 2],
            (3, Some(2.0), Some(2.0), Some(2), Some(2), Some(0.0)),
        ),
    ];
    for (values, expected) in cases {
        check_stats(values, *expected);
    }
}

// ---- score_round ---------------------------------------------------------------------------

#[test]
fn dont_know_and_unanswered_never_enter_an_items_statistics() {
    let s = score(
        &[
            (Role::Chair, &[("a1", "3")]),
            (Role::Executive, &[("a1", "?")]),
            (Role::Executive, &[("a1", "")]),
            (Role::NonExecutive, &[]),
            (Role::NonExecutive, &[("a1", "1")]),
            (Role::NonExecutive, &[("a1", "2")]),
        ],
        &[],
    );
    let a1 = item(&s, "a1");
    assert_eq!(a1.stats.n, 3, "only the three levels are scored answers");
    assert_eq!(a1.dont_know, 1, "\"?\" is counted as don't know");
    assert_eq!(
        a1.unanswered, 2,
        "an empty cell and a missing answer are both unanswered"
    );
    assert_close(a1.stats.mean, Some(2.0), "a1 mean of 3, 1 and 2");
    assert_close(
        a1.stats.sd,
        Some(1.0),
        "a1 sd of 3, 1 and 2: sqrt((1 + 1 + 0) / 2)",
    );
    assert_eq!(
        a1.distribution,
        vec![(0, 0), (1, 1), (2, 1), (3, 1), (4, 0)],
        "the distribution lists every level, counting only scored answers"
    );
    assert_eq!(s.respondents, 6, "every ballot is a respondent");
}

#[test]
fn an_item_with_only_dont_know_answers_has_no_numbers_at_all() {
    let s = score(
        &[(Role::Chair, &[("a2", "?")]), (Role::Other, &[("a2", "?")])],
        &[],
    );
    let a2 = item(&s, "a2");
    assert_eq!(a2.stats.n, 0, "don't know is never scored");
    assert_eq!(a2.dont_know, 2, "both members said don't know");
    for (what, value) in [
        ("mean", a2.stats.mean),
        ("median", a2.stats.median),
        ("sd", a2.stats.sd),
    ] {
        assert_eq!(value, None, "{what} is undefined without scored answers");
    }
    assert_eq!(
        (a2.stats.min, a2.stats.max),
        (None, None),
        "min and max are undefined"
    );
    assert!(!a2.disagreement, "nobody disagrees when nobody scored");
    assert_eq!(
        s.overall, None,
        "no scored answer anywhere: no overall mean"
    );
}

#[test]
fn members_disagree_on_an_item_when_their_answers_span_two_levels_or_more() {
    let cases: &[(&[&str], bool)] = &[
        (&[], false),
        (&["2", "2", "2"], false),
        (&["2", "3", "3"], false),
        (&["2", "3", "3", "2"], false),
        (&["1", "3", "2"], true),
        (&["0", "4", "4"], true),
        (&["2", "?", "0", "1"], true),
        (&["3", "?", "", "4", "4"], false),
        // Two answers are fewer than three: no figure, not even a flag, may rest on them.
        (&["0", "4"], false),
    ];
    for (cells, expected) in cases {
        let rows: Vec<(Role, Vec<(&str, &str)>)> = cells
            .iter()
            .map(|c| (Role::NonExecutive, vec![("b1", *c)]))
            .collect();
        let rows: Vec<(Role, &[(&str, &str)])> =
            rows.iter().map(|(r, c)| (*r, c.as_slice())).collect();
        let s = score(&rows, &[]);
        assert_eq!(
            item(&s, "b1").disagreement,
            *expected,
            "answers {cells:?}: the flag is raised exactly when max − min ≥ 2"
        );
    }
}

#[test]
fn area_mean_is_the_mean_of_item_means_leaving_out_items_nobody_scored() {
    // a1 has four answers (mean 1) and a2 three (mean 3): the area mean weighs items equally
    // (2), not answers (1.86). a3 has only don't know and must not pull the mean towards 0.
    let s = score(
        &[
            (
                Role::Chair,
                &[("a1", "1"), ("a2", "3"), ("a3", "?"), ("b1", "4")],
            ),
            (
                Role::Executive,
                &[("a1", "1"), ("a2", "3"), ("a3", "?"), ("b1", "4")],
            ),
            (Role::Executive, &[("a1", "1"), ("a2", "3"), ("b1", "4")]),
            (Role::Other, &[("a1", "1")]),
        ],
        &[],
    );
    assert_close(area(&s, "a"), Some(2.0), "area a = mean(1, 3)");
    assert_close(area(&s, "b"), Some(4.0), "area b = its only item");
    // Overall weighs areas equally: (2 + 4) / 2, not the mean of the three item means (2.67).
    assert_close(s.overall, Some(3.0), "overall = mean of area means");
}

#[test]
fn an_area_without_scored_answers_is_left_out_of_the_overall_mean() {
    let s = score(&thrice(&[(Role::Chair, &[("b1", "2"), ("a1", "?")])]), &[]);
    assert_eq!(area(&s, "a"), None, "area a has no scored answers");
    assert_close(
        s.overall,
        Some(2.0),
        "overall is area b alone, not (0 + 2) / 2",
    );
}

#[test]
fn an_item_scored_by_fewer_than_three_shows_its_count_only_and_counts_in_no_mean() {
    // a1: two answers of 4 (withheld); a2: three answers of 1. Were a1 counted, area a would be
    // 2.5 and a change to either answer on a1 would show in it.
    let s = score(
        &[
            (Role::Chair, &[("a1", "4"), ("a2", "1")]),
            (Role::NonExecutive, &[("a1", "4"), ("a2", "1")]),
            (Role::Executive, &[("a2", "1")]),
        ],
        &[],
    );
    let a1 = item(&s, "a1");
    assert!(a1.stats.withheld, "two answers are fewer than three");
    assert_eq!(a1.stats.n, 2, "the count is still given");
    for (what, v) in [
        ("mean", a1.stats.mean),
        ("median", a1.stats.median),
        ("sd", a1.stats.sd),
    ] {
        assert_eq!(v, None, "no {what} on two answers");
    }
    assert_eq!((a1.stats.min, a1.stats.max), (None, None), "no range");
    assert!(a1.distribution.is_empty(), "no count per level");
    assert_close(area(&s, "a"), Some(1.0), "area a is a2 alone");
    let a = s.areas.iter().find(|x| x.id == "a").unwrap();
    assert_eq!(a.items_in_mean, 1, "one item counts in area a's mean");
    assert_eq!(
        (s.items_in_mean, s.items_total),
        (1, a.items.len() + s.areas[1].items.len()),
        "the overall mean says how many items it is over"
    );
}

#[test]
fn the_boards_level_is_the_agreed_score_where_agreed_else_the_shown_mean() {
    // a1: three answers 1, 2, 3 (mean 2) and agreed 4; a2: three answers of 1, no agreed score;
    // a3: two answers of 0 (withheld) and no agreed score; b1: two answers of 4 (withheld) but
    // agreed 2. Area a's level is (4 + 1) / 2 = 2.5 over two of its three items; area b's is 2,
    // from the board's decision alone; the overall level is (2.5 + 2) / 2 = 2.25 over 3 of 4.
    // The members' means are unchanged beside it: area a 1.5 over 2 items, b none.
    let agreed = |v| Decision {
        agreed: Some(v),
        ..Decision::default()
    };
    let s = score(
        &[
            (
                Role::Chair,
                &[("a1", "1"), ("a2", "1"), ("a3", "0"), ("b1", "4")],
            ),
            (
                Role::NonExecutive,
                &[("a1", "2"), ("a2", "1"), ("a3", "0"), ("b1", "4")],
            ),
            (Role::Executive, &[("a1", "3"), ("a2", "1")]),
        ],
        &[("a1", agreed(4)), ("b1", agreed(2))],
    );
    let a = &s.areas[0];
    assert_close(a.level, Some(2.5), "area a: a1's agreed 4 and a2's mean 1");
    assert_eq!(
        (a.items_in_level, a.items_agreed),
        (2, 1),
        "a3, withheld and not agreed, counts in no level"
    );
    assert_close(
        a.mean,
        Some(1.5),
        "the members' mean stays the members' mean",
    );
    let b = &s.areas[1];
    assert_close(b.level, Some(2.0), "area b is the board's decision on b1");
    assert_close(
        b.mean,
        None,
        "b1's answers are withheld, so area b has no members' mean",
    );
    assert_close(
        s.level,
        Some(2.25),
        "the overall level is the mean of the area levels",
    );
    assert_eq!(
        (s.items_in_level, s.items_agreed, s.items_total),
        (3, 2, 4),
        "the overall level says how many items it is over"
    );

    // A withheld answer moves no level: the same round with a3's and b1's answers changed.
    let other = score(
        &[
            (
                Role::Chair,
                &[("a1", "1"), ("a2", "1"), ("a3", "4"), ("b1", "0")],
            ),
            (
                Role::NonExecutive,
                &[("a1", "2"), ("a2", "1"), ("a3", "3"), ("b1", "1")],
            ),
            (Role::Executive, &[("a1", "3"), ("a2", "1")]),
        ],
        &[("a1", agreed(4)), ("b1", agreed(2))],
    );
    assert_eq!(
        (other.areas[0].level, other.areas[1].level, other.level),
        (a.level, b.level, s.level),
        "a level rests on agreed scores and shown means only"
    );
}

#[test]
fn a_comparison_uses_agreed_scores_where_both_rounds_have_them() {
    let instr = tiny(1, &[]);
    let rows: &[(Role, &[(&str, &str)])] =
        &[(Role::Chair, &[("a1", "1"), ("a2", "1"), ("b1", "1")])];
    let agreed = |v| Decision {
        agreed: Some(v),
        ..Decision::default()
    };
    let decisions = |d: &[(&str, i64)]| -> BTreeMap<String, Decision> {
        d.iter()
            .map(|(id, v)| (id.to_string(), agreed(*v)))
            .collect()
    };
    // Before: a1 agreed 2, a2 agreed 3, b1 not agreed. After: a1 agreed 4, a2 not agreed, b1
    // agreed 3; every mean is 1 both times.
    let before = score_round(
        &instr,
        &ballots(&thrice(rows)),
        &decisions(&[("a1", 2), ("a2", 3)]),
    );
    let after = score_round(
        &instr,
        &ballots(&thrice(rows)),
        &decisions(&[("a1", 4), ("b1", 3)]),
    );
    let Comparison::Comparable {
        overall,
        areas,
        items,
    } = compare(&instr, &before, &instr, &after)
    else {
        panic!("the same version is always comparable");
    };
    let d = |id: &str| items.iter().find(|d| d.id == id).unwrap();
    assert_close(d("a1").change, Some(2.0), "a1: agreed 2 then agreed 4");
    assert!(d("a1").agreed, "a1 compares two agreed scores");
    assert_close(
        d("a2").change,
        Some(0.0),
        "a2: agreed only before, so mean with mean",
    );
    assert!(!d("a2").agreed, "a2 compares members' means");
    assert_close(
        d("b1").change,
        Some(0.0),
        "b1: agreed only after, so mean with mean",
    );
    // Areas and overall are each round's level: a was (2 + 3 + 1) / 3 = 2, is (4 + 1 + 1) / 3
    // = 2; b was 1, is 3; overall was 1.5, is 2.5.
    assert_close(areas[0].change, Some(0.0), "area a's level");
    assert_close(areas[1].change, Some(2.0), "area b's level");
    assert_close(overall.change, Some(1.0), "the overall level");
}

/// (agreed, target, answers to b1, expected gap)
type GapCase = (
    Option<i64>,
    Option<i64>,
    &'static [&'static str],
    Option<f64>,
);

#[test]
fn gap_is_target_minus_the_agreed_score_or_else_the_mean() {
    let cases: &[GapCase] = &[
        (None, Some(3), &["1", "2", "1", "2"], Some(1.5)),
        (Some(1), Some(3), &["2", "2", "2"], Some(2.0)),
        (Some(4), Some(3), &["0", "0", "0"], Some(-1.0)),
        (Some(2), Some(2), &[], Some(0.0)),
        (None, Some(3), &[], None),
        (None, Some(3), &["?"], None),
        (Some(2), None, &["1", "1", "1"], None),
        (None, None, &["1", "1", "1"], None),
        // Two answers show no mean, so there is no position to measure a gap from.
        (None, Some(3), &["1", "2"], None),
    ];
    for (agreed, target, cells, expected) in cases {
        let rows: Vec<Vec<(&str, &str)>> = cells.iter().map(|c| vec![("b1", *c)]).collect();
        let rows: Vec<(Role, &[(&str, &str)])> = rows
            .iter()
            .map(|c| (Role::Executive, c.as_slice()))
            .collect();
        let decision = Decision {
            agreed: *agreed,
            target: *target,
            ..Decision::default()
        };
        let s = score(&rows, &[("b1", decision)]);
        let b1 = item(&s, "b1");
        assert_eq!(b1.agreed, *agreed, "the agreed score is carried through");
        assert_eq!(b1.target, *target, "the target is carried through");
        assert_close(
            b1.gap,
            *expected,
            &format!("gap with agreed {agreed:?}, target {target:?}, answers {cells:?}"),
        );
    }
}

#[test]
fn role_split_gives_each_large_enough_group_its_own_mean() {
    use Role::*;
    let s = score(
        &[
            (Chair, &[("a1", "4"), ("b1", "2")]),
            (NonExecutive, &[("a1", "2"), ("b1", "?")]),
            (NonExecutive, &[("a1", "3"), ("b1", "3")]),
            (Executive, &[("a1", "1"), ("b1", "0")]),
            (Executive, &[("a1", "1"), ("b1", "1")]),
            (Other, &[("a1", "4"), ("b1", "2")]),
        ],
        &[],
    );
    let groups = |sp: &govmat_core::Split| -> Vec<(String, usize, Option<f64>)> {
        sp.groups()
            .iter()
            .map(|g| (g.label.clone(), g.n, g.mean))
            .collect()
    };
    assert_eq!(
        groups(&item(&s, "a1").split),
        vec![
            ("Chair and non-executives".to_string(), 3, Some(3.0)),
            ("Executives and others".to_string(), 3, Some(2.0)),
        ],
        "a1: the chair counts with the non-executives, the other with the executives"
    );
    assert!(
        matches!(item(&s, "b1").split, govmat_core::Split::Suppressed { .. }),
        "b1: one non-executive said don't know, so that group gave only two scores"
    );
    assert_eq!(
        groups(&s.split)
            .iter()
            .map(|g| (g.0.clone(), g.1))
            .collect::<Vec<_>>(),
        vec![
            ("Chair and non-executives".to_string(), 3),
            ("Executives and others".to_string(), 3)
        ],
        "the round's split counts members per group"
    );
}

// ---- compare and trend -----------------------------------------------------------------------

fn one_answer_round(instr: &Instrument, level: &str) -> RoundScore {
    let rows = ballots(&thrice(&[(Role::Chair, &[("a1", level), ("b1", level)])]));
    score_round(instr, &rows, &BTreeMap::new())
}

/// (before id, before version, after id, after version, after comparable_with, comparable?)
type CompareCase = (&'static str, u32, &'static str, u32, &'static [u32], bool);

#[test]
fn rounds_compare_only_on_the_same_or_a_declared_comparable_version() {
    let cases: &[CompareCase] = &[
        ("tiny", 1, "tiny", 1, &[], true),
        ("tiny", 1, "tiny", 2, &[], false),
        ("tiny", 1, "tiny", 2, &[1], true),
        ("tiny", 1, "tiny", 3, &[2], false),
        ("tiny", 2, "tiny", 3, &[1, 2], true),
        ("tiny", 1, "other", 1, &[], false),
        ("tiny", 1, "other", 2, &[1], false),
    ];
    for (bid, bv, aid, av, cw, expected) in cases {
        let before = tiny_named(bid, *bv, &[]);
        let after = tiny_named(aid, *av, cw);
        let c = compare(
            &before,
            &one_answer_round(&before, "1"),
            &after,
            &one_answer_round(&after, "3"),
        );
        match (&c, expected) {
            (Comparison::Comparable { overall, .. }, true) => {
                assert_close(overall.change, Some(2.0), "overall moved from 1 to 3")
            }
            (Comparison::NotComparable { reason }, false) => assert!(
                reason.contains("not comparable"),
                "the reason says so plainly: {reason}"
            ),
            (other, _) => panic!(
                "{bid} v{bv} → {aid} v{av} (comparable_with {cw:?}): expected comparable = {expected}, got {other:?}"
            ),
        }
    }
}

#[test]
fn comparison_deltas_are_undefined_where_either_round_has_no_score() {
    let instr = tiny(1, &[]);
    let before = score_round(
        &instr,
        &ballots(&thrice(&[(Role::Chair, &[("a1", "1"), ("a2", "2")])])),
        &BTreeMap::new(),
    );
    let after = score_round(
        &instr,
        &ballots(&thrice(&[(Role::Chair, &[("a1", "4"), ("b1", "3")])])),
        &BTreeMap::new(),
    );
    let Comparison::Comparable { areas, items, .. } = compare(&instr, &before, &instr, &after)
    else {
        panic!("the same version is always comparable");
    };
    let change = |list: &[govmat_core::Delta], id: &str| {
        list.iter()
            .find(|d| d.id == id)
            .unwrap_or_else(|| panic!("{id} has a delta"))
            .change
    };
    assert_close(change(&items, "a1"), Some(3.0), "a1 went from 1 to 4");
    assert_close(change(&items, "a2"), None, "a2 has no score after");
    assert_close(change(&items, "b1"), None, "b1 had no score before");
    assert_close(change(&areas, "a"), Some(2.5), "area a went from 1.5 to 4");
    assert_close(change(&areas, "b"), None, "area b had no score before");
}

#[test]
fn a_trend_breaks_its_line_where_versions_are_not_comparable() {
    let (v1, v2, v3) = (tiny(1, &[]), tiny(2, &[1]), tiny(3, &[]));
    let scores = [
        one_answer_round(&v1, "1"),
        one_answer_round(&v2, "2"),
        one_answer_round(&v3, "3"),
    ];
    let rows: Vec<(String, String, &Instrument, &RoundScore)> = [&v1, &v2, &v3]
        .iter()
        .zip(&scores)
        .enumerate()
        .map(|(i, (instr, s))| (format!("r{i}"), format!("202{i}-01-01"), *instr, s))
        .collect();
    let t = trend(&rows);
    let continues: Vec<bool> = t.points.iter().map(|p| p.continues).collect();
    assert_eq!(
        continues,
        vec![false, true, false],
        "the first point starts the line; v3 declares no mapping from v2"
    );
    assert_eq!(
        t.areas
            .iter()
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>(),
        vec!["a", "b"],
        "areas in document order"
    );
    let overall: Vec<Option<f64>> = t.points.iter().map(|p| p.overall).collect();
    assert_eq!(
        overall,
        vec![Some(1.0), Some(2.0), Some(3.0)],
        "one overall mean per round, oldest first"
    );
}

// ---- nearest approaches ------------------------------------------------------------------------

fn spectrum() -> Instrument {
    let text = r#"
id = "mini-spectrum"
version = 1
title = "Mini spectrum"
kind = "spectrum"

[source]
document = "A briefing"
publisher = "A publisher"
date = "2022"

[[scale.levels]]
value = 1
label = "Low"
descriptor = "Low."
[[scale.levels]]
value = 2
label = "Middle"
descriptor = "Middle."
[[scale.levels]]
value = 3
label = "High"
descriptor = "High."

[[areas]]
id = "dimensions"
title = "Dimensions"
[[areas.items]]
id = "x"
title = "X"
question = "How much x?"
low = "Little x."
high = "Much x."
[[areas.items]]
id = "y"
title = "Y"
question = "How much y?"
low = "Little y."
high = "Much y."

[[approaches]]
id = "corner"
title = "Corner"
characteristics = "Low on both."
application = "Early."
profile = { x = 1, y = 1 }

[[approaches]]
id = "middle"
title = "Middle"
characteristics = "Middling."
application = "Common."
profile = { x = 2, y = 2 }

[[approaches]]
id = "far"
title = "Far"
characteristics = "High on both."
application = "Rare."
profile = { x = 3, y = 3 }

[[approaches]]
id = "across"
title = "Across"
characteristics = "High x, low y."
application = "Sometimes."
profile = { x = 3, y = 1 }
"#;
    parse_instrument("mini-spectrum.toml", text).expect("the inline spectrum is valid")
}

#[track_caller]
fn check_nearest(position: &[Option<f64>], k: usize, expected: &[(&str, f64)]) {
    let got = nearest(&spectrum(), position, k);
    let got: Vec<(&str, f64)> = got.iter().map(|n| (n.id.as_str(), n.distance)).collect();
    assert_eq!(
        got.len(),
        expected.len(),
        "position {position:?}, k {k}: got {got:?}"
    );
    for ((gid, gd), (eid, ed)) in got.iter().zip(expected) {
        assert_eq!(
            gid, eid,
            "position {position:?}: nearest first, ties by id; got {got:?}"
        );
        assert!(
            (gd - ed).abs() < EPS,
            "position {position:?}: {gid} is at Euclidean distance {ed}, got {gd}"
        );
    }
}

#[test]
fn nearest_approaches_are_ordered_by_euclidean_distance_to_their_profiles() {
    let r2 = 2f64.sqrt();
    check_nearest(
        &[Some(1.0), Some(1.0)],
        3,
        &[("corner", 0.0), ("middle", r2), ("across", 2.0)],
    );
    check_nearest(&[Some(2.0), Some(2.0)], 1, &[("middle", 0.0)]);
    // From (2, 2), corner, far and across are all √2 away: the tie is broken by id.
    check_nearest(
        &[Some(2.0), Some(2.0)],
        4,
        &[("middle", 0.0), ("across", r2), ("corner", r2), ("far", r2)],
    );
    // A mean need not be a whole position.
    check_nearest(
        &[Some(2.5), Some(1.0)],
        2,
        &[("across", 0.5), ("middle", 1.25f64.sqrt())],
    );
    // A dimension without a value is left out of the distance.
    check_nearest(
        &[Some(3.0), None],
        3,
        &[("across", 0.0), ("far", 0.0), ("middle", 1.0)],
    );
    check_nearest(&[None, None], 3, &[]);
    check_nearest(&[Some(1.0), Some(1.0)], 0, &[]);
}
