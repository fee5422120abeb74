//! Honest scoring of one round: per-item statistics, area and overall means, gaps, role split.
//!
//! "Don't know" and unanswered items never enter a statistic. Undefined numbers are `None` rather
//! than zero, so a chart or report can say "no scored answers" instead of drawing a false 0.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::answer::{Answer, Role};
use crate::model::Instrument;

/// A member's answers to a round, keyed by item id.
#[derive(Debug, Clone)]
pub struct Ballot {
    pub respondent: String,
    pub role: Role,
    pub answers: BTreeMap<String, Answer>,
}

/// The board's decision on one item, recorded by the facilitator.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Decision {
    pub agreed: Option<i64>,
    pub rationale: String,
    pub dissent: String,
    pub target: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub n: usize,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// Sample standard deviation (n − 1); `None` when fewer than two scored answers.
    pub sd: Option<f64>,
}

/// Statistics over scored answers; the input need not be sorted.
pub fn stats(values: &[i64]) -> Stats {
    let n = values.len();
    if n == 0 {
        return Stats {
            n,
            mean: None,
            median: None,
            min: None,
            max: None,
            sd: None,
        };
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let mean = sorted.iter().sum::<i64>() as f64 / n as f64;
    let median = if n % 2 == 1 {
        sorted[n / 2] as f64
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0
    };
    let sd = (n >= 2).then(|| {
        let ss: f64 = sorted.iter().map(|&v| (v as f64 - mean).powi(2)).sum();
        (ss / (n - 1) as f64).sqrt()
    });
    Stats {
        n,
        mean: Some(mean),
        median: Some(median),
        min: sorted.first().copied(),
        max: sorted.last().copied(),
        sd,
    }
}

/// Range, in levels, at or above which members are said to disagree on an item.
pub const DISAGREEMENT_RANGE: i64 = 2;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleMean {
    pub role: Role,
    pub n: usize,
    pub mean: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemScore {
    pub id: String,
    pub title: String,
    #[serde(flatten)]
    pub stats: Stats,
    pub dont_know: usize,
    pub unanswered: usize,
    pub disagreement: bool,
    /// (level value, number of members who chose it), for every level of the scale.
    pub distribution: Vec<(i64, usize)>,
    pub by_role: Vec<RoleMean>,
    pub agreed: Option<i64>,
    pub target: Option<i64>,
    /// target − (agreed score, else mean).
    pub gap: Option<f64>,
}

impl ItemScore {
    /// The board's position on the item: the agreed score when there is one, else the mean.
    pub fn position(&self) -> Option<f64> {
        self.agreed.map(|a| a as f64).or(self.stats.mean)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaScore {
    pub id: String,
    pub title: String,
    pub mean: Option<f64>,
    pub items: Vec<ItemScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundScore {
    pub respondents: usize,
    pub areas: Vec<AreaScore>,
    pub overall: Option<f64>,
    pub by_role: Vec<RoleMean>,
}

impl RoundScore {
    pub fn items(&self) -> impl Iterator<Item = &ItemScore> {
        self.areas.iter().flat_map(|a| a.items.iter())
    }
}

pub fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Scores one round of a maturity instrument.
pub fn score_round(
    instrument: &Instrument,
    ballots: &[Ballot],
    decisions: &BTreeMap<String, Decision>,
) -> RoundScore {
    let roles_present: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|r| ballots.iter().any(|b| b.role == *r))
        .collect();
    let mut all_by_role: BTreeMap<Role, Vec<f64>> = BTreeMap::new();
    let areas: Vec<AreaScore> = instrument
        .areas
        .iter()
        .map(|area| {
            let items: Vec<ItemScore> = area
                .items
                .iter()
                .map(|item| {
                    let mut values = Vec::with_capacity(ballots.len());
                    let mut per_role: BTreeMap<Role, Vec<i64>> = BTreeMap::new();
                    let (mut dont_know, mut unanswered) = (0, 0);
                    for b in ballots {
                        match b.answers.get(&item.id).copied().unwrap_or(Answer::Unanswered) {
                            Answer::Level(v) => {
                                values.push(v);
                                per_role.entry(b.role).or_default().push(v);
                            }
                            Answer::DontKnow => dont_know += 1,
                            Answer::Unanswered => unanswered += 1,
                        }
                    }
                    let st = stats(&values);
                    let distribution = instrument
                        .scale
                        .levels
                        .iter()
                        .map(|l| (l.value, values.iter().filter(|&&v| v == l.value).count()))
                        .collect();
                    let by_role = roles_present
                        .iter()
                        .map(|r| {
                            let vs = per_role.get(r).map(Vec::as_slice).unwrap_or(&[]);
                            RoleMean { role: *r, n: vs.len(), mean: mean(vs.iter().map(|&v| v as f64)) }
                        })
                        .collect::<Vec<_>>();
                    for rm in &by_role {
                        if let Some(m) = rm.mean {
                            all_by_role.entry(rm.role).or_default().push(m);
                        }
                    }
                    let d = decisions.get(&item.id);
                    let agreed = d.and_then(|d| d.agreed);
                    let target = d.and_then(|d| d.target);
                    let disagreement = matches!((st.min, st.max), (Some(lo), Some(hi)) if hi - lo >= DISAGREEMENT_RANGE);
                    let mut score = ItemScore {
                        id: item.id.clone(),
                        title: item.title.clone(),
                        stats: st,
                        dont_know,
                        unanswered,
                        disagreement,
                        distribution,
                        by_role,
                        agreed,
                        target,
                        gap: None,
                    };
                    score.gap = target.zip(score.position()).map(|(t, p)| t as f64 - p);
                    score
                })
                .collect();
            let area_mean = mean(items.iter().filter_map(|i| i.stats.mean));
            AreaScore { id: area.id.clone(), title: area.title.clone(), mean: area_mean, items }
        })
        .collect();
    let overall = mean(areas.iter().filter_map(|a| a.mean));
    let by_role = roles_present
        .iter()
        .map(|r| {
            let ms = all_by_role.get(r).map(Vec::as_slice).unwrap_or(&[]);
            RoleMean {
                role: *r,
                n: ballots.iter().filter(|b| b.role == *r).count(),
                mean: mean(ms.iter().copied()),
            }
        })
        .collect();
    RoundScore {
        respondents: ballots.len(),
        areas,
        overall,
        by_role,
    }
}
