//! Comparing rounds over time: deltas between two rounds, and area series across many.
//!
//! Rounds are only compared item by item when their instrument versions are comparable (same
//! version, or the newer file declares the older in `comparable_with`). Otherwise the comparison
//! says so plainly instead of subtracting numbers that mean different things.

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
                .and_then(|x| x.mean);
            delta(&a.id, &a.title, b, a.mean)
        })
        .collect();
    let items = after
        .items()
        .map(|i| {
            let b = before
                .items()
                .find(|x| x.id == i.id)
                .and_then(|x| x.stats.mean);
            delta(&i.id, &i.title, b, i.stats.mean)
        })
        .collect();
    Comparison::Comparable {
        overall: delta("overall", "Overall", before.overall, after.overall),
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
    pub overall: Option<f64>,
    /// Area means in the order of `Trend::areas`.
    pub areas: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    pub areas: Vec<(String, String)>,
    pub points: Vec<TrendPoint>,
}

/// Area means across rounds given oldest first, as (name, date, instrument, score).
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
            overall: score.overall,
            areas: areas
                .iter()
                .map(|(id, _)| {
                    score
                        .areas
                        .iter()
                        .find(|a| &a.id == id)
                        .and_then(|a| a.mean)
                })
                .collect(),
        })
        .collect();
    Trend { areas, points }
}
