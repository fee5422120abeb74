//! Honest scoring of one round: per-item statistics, area and overall means, the board's level
//! (agreed scores where agreed, else members' means), gaps, role split.
//!
//! "Don't know" and unanswered items never enter a statistic. Undefined numbers are `None` rather
//! than zero, so a chart or report can say "no scored answers" instead of drawing a false 0.
//!
//! An item scored by fewer than the minimum group keeps only its counts (`Stats::at_least`); area
//! and overall means and the round's split are taken over shown figures only. The board's level
//! (`AreaScore::level`, `RoundScore::level`: per item the agreed score where agreed, else the shown
//! mean) is the one number the reports, the Results screen, the trend and comparisons give.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::answer::{Answer, Role};
pub use crate::groups::mean;
use crate::groups::{Anonymity, GroupMean, RoleGroups, Split};
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
    /// True when there were scored answers but fewer than the minimum group: every figure above
    /// except `n` is then `None`, since with one or two answers each person who gave one could
    /// work out the others'.
    pub withheld: bool,
}

impl Stats {
    /// The statistics of `values` when at least `min_group` were given; otherwise only how many.
    pub fn at_least(values: &[i64], min_group: usize) -> Stats {
        if values.is_empty() || values.len() >= min_group {
            return stats(values);
        }
        Stats {
            n: values.len(),
            mean: None,
            median: None,
            min: None,
            max: None,
            sd: None,
            withheld: true,
        }
    }
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
            withheld: false,
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
        withheld: false,
    }
}

/// Range, in levels, at or above which members are said to disagree on an item.
pub const DISAGREEMENT_RANGE: i64 = 2;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemScore {
    pub id: String,
    pub title: String,
    #[serde(flatten)]
    pub stats: Stats,
    pub dont_know: usize,
    pub unanswered: usize,
    pub disagreement: bool,
    /// (level value, number of members who chose it), for every level of the scale; empty when
    /// the item's figures are withheld.
    pub distribution: Vec<(i64, usize)>,
    /// Means by role group, where the anonymity rule allows them.
    pub split: Split,
    pub agreed: Option<i64>,
    pub target: Option<i64>,
    /// target − (agreed score, else mean).
    pub gap: Option<f64>,
}

impl ItemScore {
    /// The board's position on the item: the agreed score when there is one, else the mean
    /// (which is `None` when withheld, so a withheld figure never stands in for a position).
    pub fn position(&self) -> Option<f64> {
        self.agreed.map(|a| a as f64).or(self.stats.mean)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaScore {
    pub id: String,
    pub title: String,
    /// The mean of the item means that are shown (never of a withheld one).
    pub mean: Option<f64>,
    /// How many of the area's items have a mean shown, and so count in `mean`.
    pub items_in_mean: usize,
    /// The board's level on the area, as the reports' words say it: the mean, over the area's
    /// items, of the agreed score where the board agreed one, else the members' mean where that
    /// is shown. A withheld mean never enters it, so it rests only on board decisions and shown
    /// figures.
    pub level: Option<f64>,
    /// How many of the area's items count in `level` (an agreed score or a shown mean).
    pub items_in_level: usize,
    /// How many of the area's items have an agreed score.
    pub items_agreed: usize,
    pub items: Vec<ItemScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundScore {
    pub respondents: usize,
    /// The fewest scored answers from which any figure is shown.
    pub min_group: usize,
    pub areas: Vec<AreaScore>,
    /// The mean of the area means, each over its shown items only.
    pub overall: Option<f64>,
    /// How many items have a mean shown (and so count in the area and overall means), of all.
    pub items_in_mean: usize,
    pub items_total: usize,
    /// The board's overall level: the mean of the area levels (see [`AreaScore::level`]).
    pub level: Option<f64>,
    /// How many items count in the level (an agreed score or a shown mean), of `items_total`.
    pub items_in_level: usize,
    /// How many items have an agreed score.
    pub items_agreed: usize,
    /// Means by role group of the item means of the items whose own split is shown, where the
    /// anonymity rule allows a split at all.
    pub split: Split,
}

impl RoundScore {
    pub fn items(&self) -> impl Iterator<Item = &ItemScore> {
        self.areas.iter().flat_map(|a| a.items.iter())
    }
}

/// Scores one round of a maturity instrument, with role splits under the default anonymity rule.
pub fn score_round(
    instrument: &Instrument,
    ballots: &[Ballot],
    decisions: &BTreeMap<String, Decision>,
) -> RoundScore {
    let roles: Vec<Role> = ballots.iter().map(|b| b.role).collect();
    score_round_with(
        instrument,
        ballots,
        decisions,
        &Anonymity::default().groups(&roles),
    )
}

/// Scores one round, breaking figures down by the given role groups.
pub fn score_round_with(
    instrument: &Instrument,
    ballots: &[Ballot],
    decisions: &BTreeMap<String, Decision>,
    groups: &RoleGroups,
) -> RoundScore {
    // Per role group, the item means of that group: the round's split is their mean.
    let mut item_means: Vec<(Role, f64)> = Vec::new();
    let areas: Vec<AreaScore> = instrument
        .areas
        .iter()
        .map(|area| {
            let items: Vec<ItemScore> = area
                .items
                .iter()
                .map(|item| {
                    let mut values = Vec::with_capacity(ballots.len());
                    let mut by_role: Vec<(Role, f64)> = Vec::new();
                    let (mut dont_know, mut unanswered) = (0, 0);
                    for b in ballots {
                        match b.answers.get(&item.id).copied().unwrap_or(Answer::Unanswered) {
                            Answer::Level(v) => {
                                values.push(v);
                                by_role.push((b.role, v as f64));
                            }
                            Answer::DontKnow => dont_know += 1,
                            Answer::Unanswered => unanswered += 1,
                        }
                    }
                    let st = Stats::at_least(&values, groups.min_group);
                    let distribution = if st.withheld {
                        Vec::new()
                    } else {
                        instrument
                            .scale
                            .levels
                            .iter()
                            .map(|l| (l.value, values.iter().filter(|&&v| v == l.value).count()))
                            .collect()
                    };
                    let split = if st.withheld {
                        Split::Suppressed {
                            reason: format!(
                                "Not shown: fewer than {} scored answers",
                                groups.min_group
                            ),
                        }
                    } else {
                        groups.split(by_role.iter().copied())
                    };
                    // Only items whose own split is shown count in the round's split: a withheld
                    // item's group means would otherwise be read back by subtraction.
                    if matches!(split, Split::Shown { .. }) {
                        for (gi, g) in groups.groups.iter().enumerate() {
                            let vs: Vec<f64> = by_role
                                .iter()
                                .filter(|(r, _)| groups.of(*r) == Some(gi))
                                .map(|(_, v)| *v)
                                .collect();
                            if let (Some(m), Some(&r)) = (mean(vs), g.roles.first()) {
                                item_means.push((r, m));
                            }
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
                        split,
                        agreed,
                        target,
                        gap: None,
                    };
                    score.gap = target.zip(score.position()).map(|(t, p)| t as f64 - p);
                    score
                })
                .collect();
            let area_mean = mean(items.iter().filter_map(|i| i.stats.mean));
            let items_in_mean = items.iter().filter(|i| i.stats.mean.is_some()).count();
            AreaScore {
                id: area.id.clone(),
                title: area.title.clone(),
                mean: area_mean,
                items_in_mean,
                level: mean(items.iter().filter_map(ItemScore::position)),
                items_in_level: items.iter().filter(|i| i.position().is_some()).count(),
                items_agreed: items.iter().filter(|i| i.agreed.is_some()).count(),
                items,
            }
        })
        .collect();
    let overall = mean(areas.iter().filter_map(|a| a.mean));
    // The round's split is over members, so it is shown whenever the groups themselves are
    // large enough; `n` is the number of members in each group.
    let split = if groups.split {
        Split::Shown {
            groups: groups
                .groups
                .iter()
                .enumerate()
                .map(|(gi, g)| GroupMean {
                    label: g.label.clone(),
                    n: g.members,
                    mean: mean(
                        item_means
                            .iter()
                            .filter(|(r, _)| groups.of(*r) == Some(gi))
                            .map(|(_, m)| *m),
                    ),
                })
                .collect(),
        }
    } else {
        groups.split(std::iter::empty())
    };
    RoundScore {
        respondents: ballots.len(),
        min_group: groups.min_group,
        items_in_mean: areas.iter().map(|a| a.items_in_mean).sum(),
        items_total: areas.iter().map(|a| a.items.len()).sum(),
        level: mean(areas.iter().filter_map(|a| a.level)),
        items_in_level: areas.iter().map(|a| a.items_in_level).sum(),
        items_agreed: areas.iter().map(|a| a.items_agreed).sum(),
        areas,
        overall,
        split,
    }
}
