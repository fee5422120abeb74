//! The results dashboard's data: what its first screen writes out as text, and nothing else.
//!
//! The dashboard draws its charts in Rust (`chart_svg`), so the page itself only needs the lead
//! sentence, the area table and the gaps to target. Sending it the whole round (every item's
//! statistics, spreads and role splits, the instrument's level descriptions) cost the window a
//! third of a megabyte of JSON on a 100-item round before anything was shown. It is made from
//! the anonymised round like every other view, so it can hold no more than that does: no name,
//! no answer, no comment, and no figure by role. Its figures are the board's level, as the lead
//! sentence says: the agreed score where the board agreed one, else the members' mean.

use serde::Serialize;

use crate::error::Result;
use crate::Govmat;

/// One round's results dashboard, as small as what the screen writes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DashboardView {
    pub organisation_id: i64,
    pub round_id: i64,
    /// The round's date, to put two compared rounds in order.
    pub date: String,
    /// The questionnaire's id, for the trend of the organisation's rounds of it.
    pub questionnaire: String,
    /// How many members took part.
    pub respondents: usize,
    /// The lowest and highest level of the scale.
    pub scale: (i64, i64),
    /// The board's overall level: per item the agreed score where the board agreed one, else the
    /// members' mean where it is shown (`govmat_core::RoundScore::level`).
    pub level: Option<f64>,
    /// How many items count in the level (an agreed score, or a mean scored by at least
    /// `min_group` members), of all.
    pub items_in_level: usize,
    /// How many items have an agreed score.
    pub items_agreed: usize,
    pub items_total: usize,
    /// The fewest scored answers any figure rests on.
    pub min_group: usize,
    pub areas: Vec<DashboardArea>,
    /// Items with a gap to their target, largest gap first (ties in questionnaire order).
    pub gaps: Vec<DashboardGap>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DashboardArea {
    pub title: String,
    /// The board's level on the area (see `DashboardView::level`).
    pub level: Option<f64>,
    /// How many of the area's items count in its level.
    pub items_in_level: usize,
    /// How many of the area's items have an agreed score, of how many.
    pub agreed: usize,
    pub items: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DashboardGap {
    pub title: String,
    /// The agreed score when there is one; else the mean is where the board stands.
    pub agreed: Option<i64>,
    pub mean: Option<f64>,
    pub target: i64,
    pub gap: f64,
}

impl Govmat {
    /// The results dashboard of a round (see [`DashboardView`]).
    pub fn dashboard_view(&self, round_id: i64) -> Result<DashboardView> {
        let v = self.round_view(round_id)?;
        let levels = &v.instrument.scale.levels;
        let scale = (
            levels.first().map_or(0, |l| l.value),
            levels.last().map_or(0, |l| l.value),
        );
        let areas = v
            .score
            .areas
            .iter()
            .map(|a| DashboardArea {
                title: a.title.clone(),
                level: a.level,
                items_in_level: a.items_in_level,
                agreed: a.items_agreed,
                items: a.items.len(),
            })
            .collect();
        let mut gaps: Vec<DashboardGap> = v
            .score
            .items()
            .filter_map(|i| {
                Some(DashboardGap {
                    title: i.title.clone(),
                    agreed: i.agreed,
                    mean: i.stats.mean,
                    target: i.target?,
                    gap: i.gap?,
                })
            })
            .collect();
        // A stable sort keeps items with equal gaps in the questionnaire's order.
        gaps.sort_by(|a, b| b.gap.total_cmp(&a.gap));
        Ok(DashboardView {
            organisation_id: v.organisation.id,
            round_id: v.round.id,
            date: v.round.date,
            questionnaire: v.instrument.id,
            respondents: v.respondents,
            scale,
            level: v.score.level,
            items_in_level: v.score.items_in_level,
            items_agreed: v.score.items_agreed,
            items_total: v.score.items_total,
            min_group: v.score.min_group,
            areas,
            gaps,
        })
    }
}
