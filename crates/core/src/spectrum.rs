//! Where a board places itself on a spectrum, now and in aspiration, and which approaches are near.
//!
//! A spectrum is a position, not a score: nothing here ranks positions as better or worse. The
//! nearest approaches are found by plain Euclidean distance to their indicative profiles.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Instrument;
use crate::scoring::Stats;

/// One answer on one dimension; either half may be missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Position {
    pub now: Option<i64>,
    pub aspiration: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionSummary {
    pub id: String,
    pub title: String,
    pub low: String,
    pub high: String,
    pub now: Stats,
    pub aspiration: Stats,
    pub agreed: Position,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Nearest {
    pub id: String,
    pub title: String,
    pub distance: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpectrumSummary {
    pub instrument: String,
    pub members: usize,
    pub dimensions: Vec<DimensionSummary>,
    pub nearest_now: Vec<Nearest>,
    pub nearest_aspiration: Vec<Nearest>,
}

/// Summarises members' positions (each a map of dimension id → position) and the agreed one.
/// A dimension placed by fewer than `min_group` members shows how many placed it and nothing
/// else (see [`Stats::at_least`]).
pub fn summarise(
    instrument: &Instrument,
    members: &[BTreeMap<String, Position>],
    agreed: &BTreeMap<String, Position>,
    min_group: usize,
) -> SpectrumSummary {
    let dimensions: Vec<DimensionSummary> = instrument
        .items()
        .map(|dim| {
            let pick = |f: fn(&Position) -> Option<i64>| -> Vec<i64> {
                members
                    .iter()
                    .filter_map(|m| m.get(&dim.id).and_then(f))
                    .collect()
            };
            DimensionSummary {
                id: dim.id.clone(),
                title: dim.title.clone(),
                low: dim.low.clone().unwrap_or_default(),
                high: dim.high.clone().unwrap_or_default(),
                now: Stats::at_least(&pick(|p| p.now), min_group),
                aspiration: Stats::at_least(&pick(|p| p.aspiration), min_group),
                agreed: agreed.get(&dim.id).copied().unwrap_or_default(),
            }
        })
        .collect();
    let point = |f: fn(&DimensionSummary) -> Option<f64>| -> Vec<Option<f64>> {
        dimensions.iter().map(f).collect()
    };
    let now = point(|d| d.agreed.now.map(|v| v as f64).or(d.now.mean));
    let aspiration = point(|d| d.agreed.aspiration.map(|v| v as f64).or(d.aspiration.mean));
    SpectrumSummary {
        instrument: instrument.id.clone(),
        members: members.iter().filter(|m| !m.is_empty()).count(),
        nearest_now: nearest(instrument, &now, 3),
        nearest_aspiration: nearest(instrument, &aspiration, 3),
        dimensions,
    }
}

/// The `k` approaches closest to a position (one optional value per dimension, in order).
/// Dimensions without a value are left out of the distance; no values at all gives no answer.
pub fn nearest(instrument: &Instrument, position: &[Option<f64>], k: usize) -> Vec<Nearest> {
    if position.iter().all(Option::is_none) {
        return Vec::new();
    }
    let mut out: Vec<Nearest> = instrument
        .approaches
        .iter()
        .map(|a| {
            let ss: f64 = a
                .profile
                .iter()
                .zip(position)
                .filter_map(|((_, p), v)| v.map(|v| (v - *p as f64).powi(2)))
                .sum();
            Nearest {
                id: a.id.clone(),
                title: a.title.clone(),
                distance: ss.sqrt(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        a.distance
            .total_cmp(&b.distance)
            .then_with(|| a.id.cmp(&b.id))
    });
    out.truncate(k);
    out
}
