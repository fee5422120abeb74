//! Comparing rounds over time: deltas between two rounds, and area series across many.
//!
//! Rounds are only compared item by item when their instrument versions are comparable (same
//! version, or the newer file declares the older in `comparable_with`). Otherwise the comparison
//! says so plainly instead of subtracting numbers that mean different things.
//!
//! What is compared is what each round's report calls the board's level: per item the agreed
//! score where the board agreed one, else the members' mean where it is shown. An item is
//! compared agreed score with agreed score where both rounds agreed one, else mean with mean, so
//! a change never mixes a decision with a members' mean; areas and the overall level are each
//! round's level as its own report gives it.

use serde::Serialize;

use crate::model::Instrument;
use crate::scoring::RoundScore;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Delta {
    pub id: String,
    pub title: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub change: Option<f64>,
    /// True where both rounds' agreed scores are compared (items only); else members' means, or
    /// for areas and overall the rounds' levels.
    pub agreed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Comparison {
    Comparable {
        overall: Delta,
        areas: Vec<Delta>,
        items: Vec<Delta>,
    },
    NotComparable {
        reason: String,
    },
}

fn delta(id: &str, title: &str, before: Option<f64>, after: Option<f64>) -> Delta {
    Delta {
        id: id.to_string(),
        title: title.to_string(),
        before,
        after,
        change: before.zip(after).map(|(b, a)| a - b),
        agreed: false,
    }
}

/// Deltas from `before` to `after`, or the reason they cannot be compared.
pub fn compare(
    before_instr: &Instrument,
    before: &RoundScore,
    after_instr: &Instrument,
    after: &RoundScore,
) -> Comparison {
    if !after_instr.comparable_to(before_instr) {
        return Comparison::NotComparable {
            reason: format!(
                "not comparable: {} v{} and {} v{} have no declared mapping",
                before_instr.id, before_instr.version, after_instr.id, after_instr.version
            ),
        };
    }
    let areas = after
        .areas
        .iter()
        .map(|a| {
            let b = before
                .areas
                .iter()
                .find(|x| x.id == a.id)
                .and_then(|x| x.level);
            delta(&a.id, &a.title, b, a.level)
        })
        .collect();
    let items = after
        .items()
        .map(|i| {
            let b = before.items().find(|x| x.id == i.id);
            match (b.and_then(|b| b.agreed), i.agreed) {
                (Some(b), Some(a)) => Delta {
                    agreed: true,
                    ..delta(&i.id, &i.title, Some(b as f64), Some(a as f64))
                },
                _ => delta(&i.id, &i.title, b.and_then(|b| b.stats.mean), i.stats.mean),
            }
        })
        .collect();
    Comparison::Comparable {
        overall: delta("overall", "Overall", before.level, after.level),
        areas,
        items,
    }
}

/// One round's place in a trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    pub round: String,
    pub date: String,
    /// False where this round cannot be compared with the one before it: the line breaks here.
    pub continues: bool,
    /// The board's overall level (see [`RoundScore::level`]).
    pub overall: Option<f64>,
    /// The board's area levels in the order of `Trend::areas`.
    pub areas: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    pub areas: Vec<(String, String)>,
    pub points: Vec<TrendPoint>,
}

/// The board's area levels across rounds given oldest first, as (name, date, instrument, score).
pub fn trend(rounds: &[(String, String, &Instrument, &RoundScore)]) -> Trend {
    let mut areas: Vec<(String, String)> = Vec::new();
    for (_, _, _, score) in rounds {
        for a in &score.areas {
            if !areas.iter().any(|(id, _)| id == &a.id) {
                areas.push((a.id.clone(), a.title.clone()));
            }
        }
    }
    let points = rounds
        .iter()
        .enumerate()
        .map(|(i, (name, date, instr, score))| TrendPoint {
            round: name.clone(),
            date: date.clone(),
            continues: i > 0 && instr.comparable_to(rounds[i - 1].2),
            overall: score.level,
            areas: areas
                .iter()
                .map(|(id, _)| {
                    score
                        .areas
                        .iter()
                        .find(|a| &a.id == id)
                        .and_then(|a| a.level)
                })
                .collect(),
        })
        .collect();
    Trend { areas, points }
}
