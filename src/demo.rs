//! The demo board: what a new user opens first, and what tests and benchmarks lean on.
//!
//! A fictional trust board of nine (names from several languages on purpose), three rounds of the
//! collaboration checklist over two years with comments, agreed scores, targets, actions and
//! spectrum positions. Answers come from a fixed-seed generator, so every run builds the same board.

use govmat_core::{Answer, Decision, Kind, Position, Role};
use govmat_store::{self as store, ActionStatus, NewAction, RoundStatus};

use crate::error::{Error, Result};
use crate::Govmat;

pub const DEMO_ORG: &str = "Demo: Riverside & Vale NHS Foundation Trust";

const MEMBERS: &[(&str, Role)] = &[
    ("Siôn Ŵyn", Role::Chair),
    ("Zoë Whitfield", Role::NonExecutive),
    ("Łukasz Nowak", Role::NonExecutive),
    ("Aoife O'Brien", Role::NonExecutive),
    ("Ingrid Ørsted", Role::NonExecutive),
    ("Llŷr Evans", Role::Executive),
    ("Priya Raman", Role::Executive),
    ("Kwame Mensah", Role::Executive),
    ("Mairéad Ní Bhriain", Role::Other),
];

/// (name, date, how far the board has matured by then, closed?)
const ROUNDS: &[(&str, &str, f64, bool)] = &[
    ("Baseline 2025", "2025-01-22", 1.1, true),
    ("Mid-year review 2025", "2025-09-17", 1.8, true),
    ("Annual review 2026", "2026-09-23", 2.4, false),
];

const COMMENTS: &[&str] = &[
    "We have the intent but not yet the people with time to do this well.",
    "Evidence: joint committee terms of reference agreed in March.",
    "I am not convinced the executive view matches what partners tell us.",
    "Strong in acute services; community partners feel less involved.",
    "Board papers rarely mention the collaborative's risks.",
    "This is where we disagree most as a board — worth a proper discussion.",
];

/// Each round's new actions: (item index, action, owner, due month-day).
const PLANS: [[(usize, &str, &str, &str); 3]; 3] = [
    [
        (
            1,
            "Commission a board development session on partnership working",
            "Mairéad Ní Bhriain",
            "03-31",
        ),
        (
            9,
            "Agree a shared risk register with the collaborative's partners",
            "Llŷr Evans",
            "06-30",
        ),
        (
            20,
            "Set out the delegation framework for joint committees",
            "Siôn Ŵyn",
            "09-30",
        ),
    ],
    [
        (
            4,
            "Publish the collaborative's objectives alongside the trust's own",
            "Priya Raman",
            "02-28",
        ),
        (
            13,
            "Review dispute resolution terms with each partner",
            "Aoife O'Brien",
            "05-31",
        ),
        (
            24,
            "Add collaborative risks to the board assurance framework",
            "Kwame Mensah",
            "07-31",
        ),
    ],
    [
        (
            6,
            "Map interdependencies with partners' plans before the next planning round",
            "Zoë Whitfield",
            "01-31",
        ),
        (
            16,
            "Test the voting arrangements in a joint committee simulation",
            "Łukasz Nowak",
            "04-30",
        ),
        (
            22,
            "Agree a shared dataset for joint performance reporting",
            "Ingrid Ørsted",
            "06-30",
        ),
    ],
];

/// A small deterministic generator (xorshift) so the demo is the same on every machine.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn unit(&mut self) -> f64 {
        (self.next() % 10_000) as f64 / 10_000.0
    }
}

impl Govmat {
    /// Creates the demo board, replacing an earlier demo board of the same name.
    pub fn create_demo(&mut self) -> Result<i64> {
        self.unlocked()?;
        let checklist = self.catalogue.require("collaboration-checklist")?.clone();
        let spectrum = self.catalogue.spectrum().cloned();
        let mut dice = Dice(0x9E37_79B9_7F4A_7C15);
        let existing = self.unlocked()?.find_organisation(DEMO_ORG)?;
        let org_id = self.unlocked_mut()?.write(|c| {
            if let Some(old) = existing {
                store::delete_organisation(c, old.id)?;
            }
            let org_id = store::create_organisation(c, DEMO_ORG, true)?;
            let ins = &checklist.instrument;
            store::ensure_instrument(c, &ins.id, ins.version, &checklist.source)?;
            if let Some(s) = &spectrum {
                store::ensure_instrument(c, &s.instrument.id, s.instrument.version, &s.source)?;
            }
            let mut previous_actions: Vec<i64> = Vec::new();
            for (r, &(name, date, maturity, closed)) in ROUNDS.iter().enumerate() {
                let round_id = store::create_round(c, org_id, name, date, (&ins.id, ins.version))?;
                let mut member_ids = Vec::new();
                for (m, &(member, role)) in MEMBERS.iter().enumerate() {
                    // One member misses the mid-year round, as happens.
                    if r == 1 && m == 8 {
                        continue;
                    }
                    let id = store::add_respondent(c, round_id, member, role)?;
                    member_ids.push((m, id));
                    // Executives rate the board a little higher than non-executives do.
                    let lean = match role {
                        Role::Executive => 0.5,
                        Role::NonExecutive => -0.3,
                        _ => 0.0,
                    };
                    for (i, item) in ins.items().enumerate() {
                        let item_bias = ((i * 7) % 5) as f64 * 0.3 - 0.6;
                        let answer = if dice.unit() < 0.05 {
                            Answer::DontKnow
                        } else {
                            let raw = maturity + lean + item_bias + (dice.unit() - 0.5) * 1.6;
                            Answer::Level(raw.round().clamp(0.0, 4.0) as i64)
                        };
                        let comment = if (i + m + r) % 11 == 0 {
                            COMMENTS[(i * 7 + m * 3 + r) % COMMENTS.len()]
                        } else {
                            ""
                        };
                        store::save_answer(c, id, &item.id, answer, comment)?;
                    }
                    store::set_finished(c, id, true)?;
                }
                for (i, item) in ins.items().enumerate() {
                    let agreed = (maturity + ((i * 7) % 5) as f64 * 0.3 - 0.6)
                        .round()
                        .clamp(0.0, 4.0) as i64;
                    let decision = Decision {
                        agreed: (r < 2 || i % 3 != 2).then_some(agreed),
                        rationale: if i % 4 == 0 {
                            format!(
                                "Agreed after discussion; evidence reviewed at the {name} session."
                            )
                        } else {
                            String::new()
                        },
                        dissent: if i % 9 == 4 {
                            "Ingrid Ørsted and Łukasz Nowak felt one level lower was fairer.".into()
                        } else {
                            String::new()
                        },
                        target: Some((agreed + 1 + (i % 2) as i64).min(4)),
                    };
                    // Agreed at noon on the day of the round, so the demo's history is the same every time.
                    store::save_decision(c, round_id, &item.id, &decision, crate::noon_utc(date))?;
                }
                // Carry live actions forward, then add this round's own.
                for prev in &previous_actions {
                    let prior = store::action(c, *prev)?;
                    let row = (prior.item_id, prior.text, prior.owner, prior.due);
                    let status = if r == 2 {
                        ActionStatus::InProgress
                    } else {
                        ActionStatus::Open
                    };
                    let new = NewAction {
                        item_id: row.0,
                        text: row.1,
                        owner: row.2,
                        due: row.3,
                        status,
                        carried_from: Some(*prev),
                    };
                    store::add_action(c, round_id, &new)?;
                }
                let items: Vec<&govmat_core::Item> = ins.items().collect();
                let plans = PLANS[r];
                let year: i32 = date[..4].parse().unwrap_or(2025) + 1;
                let mut own = Vec::new();
                for (k, (idx, text, owner, due)) in plans.iter().enumerate() {
                    let new = NewAction {
                        item_id: items.get(*idx % items.len()).map(|i| i.id.clone()),
                        text: (*text).into(),
                        owner: (*owner).into(),
                        due: Some(format!("{year}-{due}")),
                        status: if r < 2 && k == 0 {
                            ActionStatus::Done
                        } else {
                            ActionStatus::Open
                        },
                        carried_from: None,
                    };
                    own.push((store::add_action(c, round_id, &new)?, new.status));
                }
                previous_actions = own
                    .into_iter()
                    .filter(|(_, s)| s.is_live())
                    .map(|(id, _)| id)
                    .collect();
                if let Some(s) = &spectrum {
                    store::set_round_spectrum(
                        c,
                        round_id,
                        (&s.instrument.id, s.instrument.version),
                    )?;
                    let dims: Vec<&str> = s.instrument.items().map(|d| d.id.as_str()).collect();
                    for (d, dim) in dims.iter().enumerate() {
                        let base = 1.5 + r as f64 * 0.5 + (d % 3) as f64 * 0.4;
                        for &(_, id) in &member_ids {
                            let now =
                                (base + (dice.unit() - 0.5) * 2.0).round().clamp(1.0, 5.0) as i64;
                            let aspiration =
                                (now as f64 + 1.0 + dice.unit()).round().clamp(1.0, 5.0) as i64;
                            store::save_position(
                                c,
                                round_id,
                                Some(id),
                                dim,
                                Position {
                                    now: Some(now),
                                    aspiration: Some(aspiration),
                                },
                            )?;
                        }
                        let now = base.round().clamp(1.0, 5.0) as i64;
                        store::save_position(
                            c,
                            round_id,
                            None,
                            dim,
                            Position {
                                now: Some(now),
                                aspiration: Some((now + 1).min(5)),
                            },
                        )?;
                    }
                }
                if closed {
                    store::set_round_status(c, round_id, RoundStatus::Closed)?;
                }
            }
            Ok(org_id)
        })?;
        if checklist.instrument.kind != Kind::Maturity {
            return Err(Error::Invalid(
                "the checklist must be a maturity questionnaire".into(),
            ));
        }
        Ok(org_id)
    }
}
