//! Fixtures for the chart tests: a small maturity instrument and spectrum written inline, a board
//! of nine members with answers in a table, and rounds and a trend scored by govmat-core.
//!
//! Titles carry the non-ASCII and markup characters that must survive every chart.

pub mod png;
pub mod shipped;

use std::collections::BTreeMap;

use govmat_core::{
    parse_instrument, score_round, summarise_spectrum, trend, Answer, Ballot, Decision, Instrument,
    Position, Role, RoundScore, SpectrumSummary, Trend,
};

pub fn maturity(version: u32) -> Instrument {
    let text = format!(
        r#"
id = "fixture"
version = {version}
title = "Fixture"
kind = "maturity"

[source]
document = "A document"
publisher = "A publisher"
date = "2024"

[[scale.levels]]
value = 0
label = "Not yet started"
descriptor = "Nothing yet."
[[scale.levels]]
value = 1
label = "Early progress"
descriptor = "A little."
[[scale.levels]]
value = 2
label = "Developing"
descriptor = "Half way."
[[scale.levels]]
value = 3
label = "Established"
descriptor = "Routine."
[[scale.levels]]
value = 4
label = "Exemplar"
descriptor = "A model for others."

[[areas]]
id = "skills"
title = "Establishing board-level skills and capacity"
[[areas.items]]
id = "skills-capacity"
title = "Skills and capacity"
question = "?"
[[areas.items]]
id = "training"
title = "Training"
question = "?"
[[areas.items]]
id = "culture"
title = "Organisational development and culture change across every partner organisation"
question = "?"

[[areas]]
id = "purpose"
title = "Co-creating purpose, priorities and roles"
[[areas.items]]
id = "scope"
title = "Scope"
question = "?"
[[areas.items]]
id = "population"
title = "Outcomes for Siôn Ŵyn and Llŷr's population"
question = "?"

[[areas]]
id = "risk"
title = "Sharing risk, for O'Brien & Co <b>"
[[areas.items]]
id = "appetite"
title = "Risk appetite"
question = "?"
[[areas.items]]
id = "register"
title = "Łukasz's joint decisions register"
question = "?"

[[areas]]
id = "enablers"
title = "Enablers: data, estates and digital"
[[areas.items]]
id = "data"
title = "Data sharing"
question = "?"
[[areas.items]]
id = "budget"
title = "Zoë and Ørsted's pooled budget"
question = "?"
"#
    );
    parse_instrument("fixture.toml", &text).expect("the inline maturity instrument is valid")
}

pub const ITEMS: [&str; 9] = [
    "skills-capacity",
    "training",
    "culture",
    "scope",
    "population",
    "appetite",
    "register",
    "data",
    "budget",
];

/// One row per member: role, then a cell per item in `ITEMS` order ("?" don't know, "" none).
pub const BOARD: [(Role, [&str; 9]); 9] = [
    (Role::Chair, ["3", "2", "1", "2", "3", "2", "1", "2", "?"]),
    (
        Role::NonExecutive,
        ["2", "2", "0", "3", "3", "1", "1", "2", "1"],
    ),
    (
        Role::NonExecutive,
        ["3", "1", "1", "2", "4", "2", "?", "2", "1"],
    ),
    (
        Role::NonExecutive,
        ["2", "2", "3", "3", "3", "1", "1", "", "2"],
    ),
    (
        Role::Executive,
        ["3", "3", "2", "2", "4", "3", "2", "3", "1"],
    ),
    (
        Role::Executive,
        ["2", "2", "1", "3", "3", "2", "1", "2", "?"],
    ),
    (
        Role::Executive,
        ["3", "2", "2", "2", "4", "2", "1", "3", "2"],
    ),
    (Role::Other, ["2", "1", "4", "2", "3", "3", "0", "2", "1"]),
    (Role::Other, ["1", "2", "3", "", "3", "3", "?", "2", "0"]),
];

pub fn answer(cell: &str) -> Answer {
    match cell {
        "?" => Answer::DontKnow,
        "" => Answer::Unanswered,
        v => Answer::Level(v.parse().expect("table cells are levels, ? or empty")),
    }
}

pub fn ballots(shift: i64) -> Vec<Ballot> {
    BOARD
        .iter()
        .enumerate()
        .map(|(i, (role, cells))| Ballot {
            respondent: format!("member {i}"),
            role: *role,
            answers: ITEMS
                .iter()
                .zip(cells)
                .map(|(id, cell)| {
                    let a = match answer(cell) {
                        Answer::Level(v) => Answer::Level((v - shift).clamp(0, 4)),
                        other => other,
                    };
                    (id.to_string(), a)
                })
                .collect(),
        })
        .collect()
}

pub fn decisions() -> BTreeMap<String, Decision> {
    let d = |agreed, target| Decision {
        agreed,
        target,
        ..Decision::default()
    };
    [
        ("skills-capacity", d(Some(3), Some(4))),
        ("training", d(Some(2), Some(3))),
        ("culture", d(Some(1), Some(3))),
        ("scope", d(Some(2), Some(2))),
        ("population", d(None, Some(4))),
        ("register", d(Some(1), None)),
        ("data", d(Some(2), Some(3))),
    ]
    .into_iter()
    .map(|(id, d)| (id.to_string(), d))
    .collect()
}

pub fn round(shift: i64) -> RoundScore {
    score_round(&maturity(1), &ballots(shift), &decisions())
}

pub fn spectrum() -> (Instrument, SpectrumSummary) {
    let dims = [
        ("priority", "Priority given to governance", "Governance has come later or been secondary, with arrangements left to emerge as joint work proceeds.", "Governance was addressed early and has been a main focus of leaders' attention from the outset."),
        ("formality", "How formally governance is defined", "Arrangements rest mainly on shared understanding and convention, with little written down.", "Arrangements are set out in detailed, formally adopted documents."),
        ("ceding", "Ceding of decisions to the collaborative", "Each partner keeps its own decisions; the collaborative discusses and recommends.", "Partners have formally delegated significant decisions, budgets or functions to the collaborative."),
        ("breadth", "Breadth of areas covered", "Governance covers a narrow set of specific areas or a single programme.", "Governance spans a broad range of services, functions and programmes."),
        ("framework", "Activity inside a governed framework", "Much joint activity happens outside any agreed framework.", "Nearly all joint activity sits inside an agreed, governed framework."),
    ];
    let mut text = String::from(
        r#"
id = "spectrum"
version = 1
title = "Spectrum"
kind = "spectrum"

[source]
document = "A briefing"
publisher = "A publisher"
date = "2022"
"#,
    );
    for (v, label) in [
        (1, "Very light"),
        (2, "Light"),
        (3, "Moderate"),
        (4, "Substantial"),
        (5, "Extensive"),
    ] {
        text.push_str(&format!(
            "[[scale.levels]]\nvalue = {v}\nlabel = \"{label}\"\ndescriptor = \"d\"\n"
        ));
    }
    text.push_str("[[areas]]\nid = \"dimensions\"\ntitle = \"Dimensions\"\n");
    for (id, title, low, high) in dims {
        text.push_str(&format!(
            "[[areas.items]]\nid = \"{id}\"\ntitle = \"{title}\"\nquestion = \"?\"\nlow = \"{low}\"\nhigh = \"{high}\"\n"
        ));
    }
    for (id, title, p) in [
        ("lead-provider", "Lead provider", [4, 5, 5, 3, 5]),
        ("shared-leadership", "Shared leadership", [4, 4, 3, 4, 4]),
        ("informal-network", "Informal network", [1, 1, 1, 2, 1]),
        ("joint-committee", "Joint committee", [4, 5, 4, 3, 5]),
    ] {
        text.push_str(&format!(
            "[[approaches]]\nid = \"{id}\"\ntitle = \"{title}\"\ncharacteristics = \"c\"\napplication = \"a\"\n\
             profile = {{ priority = {}, formality = {}, ceding = {}, breadth = {}, framework = {} }}\n",
            p[0], p[1], p[2], p[3], p[4]
        ));
    }
    let instrument =
        parse_instrument("spectrum.toml", &text).expect("the inline spectrum is valid");
    let pos = |now, aspiration| Position {
        now: Some(now),
        aspiration: Some(aspiration),
    };
    let member = |p: [(i64, i64); 5]| -> BTreeMap<String, Position> {
        dims.iter()
            .zip(p)
            .map(|((id, ..), (n, a))| (id.to_string(), pos(n, a)))
            .collect()
    };
    let members = [
        member([(2, 4), (1, 3), (1, 2), (2, 3), (2, 4)]),
        member([(3, 4), (2, 3), (1, 3), (2, 2), (1, 4)]),
        member([(2, 5), (2, 4), (2, 3), (3, 3), (2, 5)]),
    ];
    let mut agreed = member([(2, 4), (2, 3), (1, 3), (2, 2), (2, 4)]);
    // No agreed aspiration on one dimension: the chart falls back to the members' mean.
    agreed
        .get_mut("framework")
        .expect("dimension exists")
        .aspiration = None;
    let summary = summarise_spectrum(&instrument, &members, &agreed, 3);
    (instrument, summary)
}

pub fn trend_fixture() -> Trend {
    let (v1, v2) = (maturity(1), maturity(2));
    let scores = [round(2), round(1), round(0), round(-1)];
    trend(&[
        ("Baseline".into(), "2023-03-01".into(), &v1, &scores[0]),
        (
            "Away-day, Caerdydd".into(),
            "2023-09-14".into(),
            &v1,
            &scores[1],
        ),
        (
            "Year two (new questionnaire)".into(),
            "2024-03-20".into(),
            &v2,
            &scores[2],
        ),
        (
            "Year two review".into(),
            "2024-10-02".into(),
            &v2,
            &scores[3],
        ),
    ])
}

pub fn answers(roles: &[Role]) -> Vec<Vec<Answer>> {
    roles
        .iter()
        .enumerate()
        .map(|(i, _)| BOARD[i % BOARD.len()].1.iter().map(|c| answer(c)).collect())
        .collect()
}
