//! Charts of the shipped questionnaires, whose titles and descriptors are longer than the
//! fixtures', with made-up answers; drawn only for the PNG preview, never snapshotted, so editing
//! a questionnaire does not break a golden file.

use std::collections::BTreeMap;

use govmat_core::{
    parse_instrument, score_round, summarise_spectrum, Answer, Ballot, Instrument, Position, Role,
    RoundScore, SpectrumSummary,
};

pub struct Shipped {
    pub checklist: Instrument,
    pub real: RoundScore,
    pub spectrum: Instrument,
    pub summary: SpectrumSummary,
}

pub fn shipped() -> Shipped {
    let checklist = parse_instrument(
        "collaboration-checklist.toml",
        include_str!("../../../../questionnaires/collaboration-checklist.toml"),
    )
    .expect("the shipped checklist is valid");
    let roles = [
        Role::Chair,
        Role::NonExecutive,
        Role::NonExecutive,
        Role::NonExecutive,
        Role::NonExecutive,
        Role::Executive,
        Role::Executive,
        Role::Executive,
        Role::Executive,
        Role::Executive,
        Role::Other,
    ];
    let board: Vec<Ballot> = roles
        .iter()
        .enumerate()
        .map(|(i, role)| Ballot {
            respondent: format!("member {i}"),
            role: *role,
            answers: checklist
                .items()
                .enumerate()
                .map(|(j, item)| {
                    let a = match (i * 7 + j * 3) % 11 {
                        0 => Answer::DontKnow,
                        1 => Answer::Unanswered,
                        k => Answer::Level(((k + j) % 5) as i64),
                    };
                    (item.id.clone(), a)
                })
                .collect(),
        })
        .collect();
    let real = score_round(&checklist, &board, &BTreeMap::new());
    let spectrum = parse_instrument(
        "governance-spectrum.toml",
        include_str!("../../../../questionnaires/governance-spectrum.toml"),
    )
    .expect("the shipped spectrum is valid");
    let positions: Vec<BTreeMap<String, Position>> = (0..6)
        .map(|i| {
            spectrum
                .items()
                .enumerate()
                .map(|(j, d)| {
                    let p = Position {
                        now: Some(1 + ((i + j) % 3) as i64),
                        aspiration: Some(2 + ((i * 2 + j) % 4) as i64),
                    };
                    (d.id.clone(), p)
                })
                .collect()
        })
        .collect();
    let summary = summarise_spectrum(&spectrum, &positions, &BTreeMap::new(), 3);
    Shipped {
        checklist,
        real,
        spectrum,
        summary,
    }
}
