//! The collaborative's views over the packs it holds: partners side by side per area and item,
//! the perception gaps between them, their spectrum positions and a trend per partner.
//!
//! Each partner is shown with its latest round (by round date); older rounds feed only its
//! trend. Partners are listed in alphabetical order of their names, and every per-partner list
//! follows that order, so no list ranks partners. Aspiration distances are measured, never
//! turned into better or worse.

use serde::Serialize;

use crate::collaborative::{Pack, Spread, PERCEPTION_GAP};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CollaborativeView {
    pub name: String,
    /// Each partner's latest round, in alphabetical order of the partners' names.
    pub partners: Vec<PartnerRound>,
    pub areas: Vec<SideArea>,
    /// Each partner's overall mean, in partner order.
    pub overall: Vec<Option<f64>>,
    pub gaps: Vec<PerceptionGap>,
    pub spectrum: Option<SpectrumSideBySide>,
    pub trends: Vec<PartnerTrend>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerRound {
    pub organisation: String,
    pub round: String,
    pub round_date: String,
    pub instrument: String,
    pub instrument_version: u32,
    /// The open action titles the partner chose to share, if it did.
    pub actions: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideArea {
    pub id: String,
    pub title: String,
    /// Each partner's area mean, in partner order.
    pub means: Vec<Option<f64>>,
    pub items: Vec<SideItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideItem {
    pub id: String,
    pub title: String,
    /// One cell per partner, in partner order; `None` when the partner's round lacks the item.
    pub partners: Vec<Option<Cell>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub agreed: Option<i64>,
    pub target: Option<i64>,
    pub spread: Option<Spread>,
}

/// An item whose agreed scores differ between partners by [`PERCEPTION_GAP`] levels or more.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PerceptionGap {
    pub area_id: String,
    pub item_id: String,
    pub title: String,
    /// Highest agreed score minus lowest.
    pub difference: i64,
    /// Agreed scores in partner order.
    pub scores: Vec<Option<i64>>,
    /// Partners at the lowest and at the highest agreed score.
    pub lowest: Vec<String>,
    pub highest: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpectrumSideBySide {
    pub dimensions: Vec<SideDimension>,
    /// Every pair of partners with aspirations on a common dimension, in partner order.
    pub distances: Vec<AspirationDistance>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideDimension {
    pub id: String,
    pub title: String,
    pub low: String,
    pub high: String,
    /// In partner order.
    pub now: Vec<Option<i64>>,
    pub aspiration: Vec<Option<i64>>,
    /// Highest aspiration minus lowest, with at least two partners placed.
    pub aspiration_range: Option<i64>,
}

/// How far apart two partners' aspirations are: Euclidean distance over the dimensions both
/// placed, in levels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AspirationDistance {
    pub a: String,
    pub b: String,
    pub dimensions: usize,
    pub distance: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerTrend {
    pub organisation: String,
    /// Oldest first.
    pub points: Vec<PartnerPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerPoint {
    pub round: String,
    pub round_date: String,
    pub overall: Option<f64>,
    /// (area id, mean) in the round's area order.
    pub areas: Vec<(String, Option<f64>)>,
}

/// Builds every view of a collaborative from the packs it holds (any order).
pub fn side_by_side(name: &str, packs: &[Pack]) -> CollaborativeView {
    let mut by_partner: Vec<(String, Vec<&Pack>)> = Vec::new();
    for p in packs {
        match by_partner.iter_mut().find(|(o, _)| *o == p.organisation) {
            Some((_, list)) => list.push(p),
            None => by_partner.push((p.organisation.clone(), vec![p])),
        }
    }
    by_partner.sort_by(|a, b| {
        a.0.to_lowercase()
            .cmp(&b.0.to_lowercase())
            .then(a.0.cmp(&b.0))
    });
    for (_, list) in &mut by_partner {
        list.sort_by(|a, b| {
            (&a.round_date, &a.produced, &a.round).cmp(&(&b.round_date, &b.produced, &b.round))
        });
    }
    let latest: Vec<&Pack> = by_partner
        .iter()
        .map(|(_, l)| *l.last().expect("a partner has a pack"))
        .collect();

    let areas = areas(&latest);
    let gaps = gaps(&areas, &latest);
    CollaborativeView {
        name: name.to_string(),
        partners: latest
            .iter()
            .map(|p| PartnerRound {
                organisation: p.organisation.clone(),
                round: p.round.clone(),
                round_date: p.round_date.clone(),
                instrument: p.instrument.id.clone(),
                instrument_version: p.instrument.version,
                actions: p.actions.clone(),
            })
            .collect(),
        overall: latest.iter().map(|p| p.overall).collect(),
        spectrum: spectrum(&latest),
        trends: by_partner
            .iter()
            .map(|(o, list)| PartnerTrend {
                organisation: o.clone(),
                points: list
                    .iter()
                    .map(|p| PartnerPoint {
                        round: p.round.clone(),
                        round_date: p.round_date.clone(),
                        overall: p.overall,
                        areas: p.areas.iter().map(|a| (a.id.clone(), a.mean)).collect(),
                    })
                    .collect(),
            })
            .collect(),
        areas,
        gaps,
    }
}

/// The union of the partners' areas and items, in the order they first appear.
fn areas(latest: &[&Pack]) -> Vec<SideArea> {
    let mut out: Vec<SideArea> = Vec::new();
    for p in latest {
        for a in &p.areas {
            let at = match out.iter().position(|s| s.id == a.id) {
                Some(i) => i,
                None => {
                    out.push(SideArea {
                        id: a.id.clone(),
                        title: a.title.clone(),
                        means: Vec::new(),
                        items: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            for it in &a.items {
                if !out[at].items.iter().any(|s| s.id == it.id) {
                    out[at].items.push(SideItem {
                        id: it.id.clone(),
                        title: it.title.clone(),
                        partners: Vec::new(),
                    });
                }
            }
        }
    }
    for area in &mut out {
        area.means = latest
            .iter()
            .map(|p| {
                p.areas
                    .iter()
                    .find(|a| a.id == area.id)
                    .and_then(|a| a.mean)
            })
            .collect();
        for item in &mut area.items {
            item.partners = latest
                .iter()
                .map(|p| {
                    p.items().find(|i| i.id == item.id).map(|i| Cell {
                        agreed: i.agreed,
                        target: i.target,
                        spread: i.spread.clone(),
                    })
                })
                .collect();
        }
    }
    out
}

fn gaps(areas: &[SideArea], latest: &[&Pack]) -> Vec<PerceptionGap> {
    let mut out = Vec::new();
    for area in areas {
        for item in &area.items {
            let scores: Vec<Option<i64>> = item
                .partners
                .iter()
                .map(|c| c.as_ref().and_then(|c| c.agreed))
                .collect();
            let present = scores.iter().flatten();
            let (Some(lo), Some(hi)) = (present.clone().min(), present.max()) else {
                continue;
            };
            if hi - lo < PERCEPTION_GAP {
                continue;
            }
            let at = |v: i64| -> Vec<String> {
                scores
                    .iter()
                    .zip(latest)
                    .filter(|(s, _)| **s == Some(v))
                    .map(|(_, p)| p.organisation.clone())
                    .collect()
            };
            out.push(PerceptionGap {
                area_id: area.id.clone(),
                item_id: item.id.clone(),
                title: item.title.clone(),
                difference: hi - lo,
                lowest: at(*lo),
                highest: at(*hi),
                scores,
            });
        }
    }
    // Widest gaps first; a stable sort keeps the instrument's order among equals.
    out.sort_by_key(|g| std::cmp::Reverse(g.difference));
    out
}

fn spectrum(latest: &[&Pack]) -> Option<SpectrumSideBySide> {
    let mut dimensions: Vec<SideDimension> = Vec::new();
    for p in latest {
        for d in p.spectrum.iter().flat_map(|s| &s.dimensions) {
            if !dimensions.iter().any(|s| s.id == d.id) {
                dimensions.push(SideDimension {
                    id: d.id.clone(),
                    title: d.title.clone(),
                    low: d.low.clone(),
                    high: d.high.clone(),
                    now: Vec::new(),
                    aspiration: Vec::new(),
                    aspiration_range: None,
                });
            }
        }
    }
    if dimensions.is_empty() {
        return None;
    }
    for dim in &mut dimensions {
        let place = |p: &Pack| {
            p.spectrum
                .iter()
                .flat_map(|s| &s.dimensions)
                .find(|d| d.id == dim.id)
                .map(|d| (d.now, d.aspiration))
                .unwrap_or((None, None))
        };
        dim.now = latest.iter().map(|p| place(p).0).collect();
        dim.aspiration = latest.iter().map(|p| place(p).1).collect();
        let placed: Vec<i64> = dim.aspiration.iter().flatten().copied().collect();
        dim.aspiration_range = (placed.len() >= 2).then(|| {
            placed.iter().max().expect("two values") - placed.iter().min().expect("two values")
        });
    }
    let mut distances = Vec::new();
    for i in 0..latest.len() {
        for j in i + 1..latest.len() {
            let pairs: Vec<(i64, i64)> = dimensions
                .iter()
                .filter_map(|d| d.aspiration[i].zip(d.aspiration[j]))
                .collect();
            if pairs.is_empty() {
                continue;
            }
            let ss: f64 = pairs.iter().map(|(a, b)| ((a - b) as f64).powi(2)).sum();
            distances.push(AspirationDistance {
                a: latest[i].organisation.clone(),
                b: latest[j].organisation.clone(),
                dimensions: pairs.len(),
                distance: ss.sqrt(),
            });
        }
    }
    Some(SpectrumSideBySide {
        dimensions,
        distances,
    })
}
