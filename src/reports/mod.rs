//! What a consultant hands over: the PDF or Word report, the two-page board summary, chart SVGs
//! and the XLSX workbook, assembled from a round's view. Rendering itself lives in `govmat-report`; this module only gathers the data,
//! anonymises members, and reads the optional branding file.
//!
//! `ReportOptions` chooses `ReportKind::Full` or `Summary`. The summary compares with
//! `previous_comparable`, the last earlier round on the same questionnaire in a comparable version,
//! unless a round is named.

use std::collections::BTreeMap;

use govmat_core::{Comparison, Trend};
use govmat_report::charts::{self};
use govmat_report::document::{
    ActionLine, Brand, FollowThroughReport, LateChange, ReportData, ReviewLine,
};
use govmat_report::docx::{self};
use govmat_report::pdf::{self, Pdf};
use govmat_report::xlsx::{self};
use govmat_store::ActionStatus;

use crate::error::{Error, Result};
use crate::views::RoundView;
use crate::Govmat;

// Charts drawn for a report or a screen.
mod figures;
use figures::{chart_err, chart_of, report_charts};
use govmat_report::docx::PngCharts;
// The consultant's branding file.
mod brand;
pub use brand::read_brand;
// The XLSX workbook's sheets.
mod workbook;
use workbook::{provenance_sheet, workbook_sheets};

/// Chart kinds the CLI and the app ask for by name.
pub const CHART_KINDS: &[&str] = &["radar", "bars", "heatmap", "trend", "spectrum"];

/// Width of the pixel space a printed chart is recorded in. The PDF scales the vector marks to
/// the page, so this sets only how finely coordinates (whole pixels in plotters) are placed:
/// 3,000 px across 483 pt is a grid of 0.16 pt.
const PRINT_W: u32 = 3000;

/// Which document a report is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ReportKind {
    /// The consultant's full report: every section, chart and appendix.
    #[default]
    Full,
    /// The board summary: two A4 pages at most, no charts.
    Summary,
}

#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// Another round of the same organisation to compare with (radar and deltas). The summary
    /// compares with the last comparable round (see `previous_comparable`) when this is `None`.
    pub compare: Option<i64>,
    pub kind: ReportKind,
    pub brand: Brand,
    /// The date printed as "Produced"; callers pass today's date.
    pub produced: String,
}

struct Extras {
    previous: Option<RoundView>,
    comparison: Option<Comparison>,
    trend: Option<Trend>,
    /// The board among other boards' results (reports only; issue 26).
    benchmark: Option<govmat_core::BenchmarkView>,
}

impl Govmat {
    /// What charts need beyond the round itself; the trend (the one costly part on a cold start,
    /// rescoring every round not yet cached) only when asked for.
    fn extras(&self, v: &RoundView, compare: Option<i64>, with_trend: bool) -> Result<Extras> {
        let previous = match compare {
            Some(id) => Some(self.round_view(id)?),
            None => None,
        };
        if let Some(p) = &previous {
            if p.organisation.id != v.organisation.id {
                return Err(Error::Invalid(
                    "a round can only be compared with a round of the same organisation".into(),
                ));
            }
        }
        let comparison = previous
            .as_ref()
            .map(|p| govmat_core::compare(&p.instrument, &p.score, &v.instrument, &v.score));
        let trend = if with_trend {
            Some(self.trend(v.organisation.id, &v.instrument.id)?)
        } else {
            None
        };
        Ok(Extras {
            previous,
            comparison,
            trend,
            benchmark: None,
        })
    }

    /// One chart of a round as SVG, sized for the screen.
    pub fn chart_svg(&self, round_id: i64, kind: &str, compare: Option<i64>) -> Result<String> {
        self.chart_svg_with(round_id, kind, compare, false)
    }

    /// [`Govmat::chart_svg`], with `large` text for the window's large type on a projector.
    pub fn chart_svg_with(
        &self,
        round_id: i64,
        kind: &str,
        compare: Option<i64>,
        large: bool,
    ) -> Result<String> {
        let v = self.round_view(round_id)?;
        let x = self.extras(&v, compare, kind == "trend")?;
        let chart = chart_of(&v, &x, kind)?;
        let width = 1000;
        let t = if large { charts::LARGE_TEXT } else { 1.0 };
        let height = charts::natural_height_with(&chart, width, t).map_err(chart_err)?;
        charts::svg_with(&chart, width, height, t).map_err(chart_err)
    }

    /// The PDF report of a round.
    pub fn report(&self, round_id: i64, opts: &ReportOptions) -> Result<Pdf> {
        self.with_report_data(round_id, opts, Target::Pdf, |data, _| {
            Ok(match opts.kind {
                ReportKind::Full => pdf::render(data),
                ReportKind::Summary => pdf::render_summary(&data).0,
            })
        })
    }

    /// The editable Word report of a round: the PDF's sections, with the charts as pictures.
    pub fn report_docx(&self, round_id: i64, opts: &ReportOptions) -> Result<Vec<u8>> {
        let word = |e: docx::DocxError| Error::Io(e.to_string());
        self.with_report_data(round_id, opts, Target::Docx, |data, pngs| {
            match opts.kind {
                ReportKind::Full => docx::render(&data, pngs),
                ReportKind::Summary => docx::render_summary(&data, pdf::summary_fit(&data)),
            }
            .map_err(word)
        })
    }

    /// The organisation's latest round before this one (by date, then by creation) on the same
    /// questionnaire in a version comparable with this round's; `None` when there is none.
    fn previous_comparable(&self, v: &RoundView) -> Result<Option<i64>> {
        let rounds = self.rounds(v.organisation.id)?;
        let before = rounds
            .iter()
            .position(|r| r.id == v.round.id)
            .map_or(&rounds[..], |i| &rounds[..i]);
        for r in before
            .iter()
            .rev()
            .filter(|r| r.instrument_id == v.instrument.id)
        {
            if v.instrument.comparable_to(&self.instrument_of(r)?) {
                return Ok(Some(r.id));
            }
        }
        Ok(None)
    }

    /// Gathers a report's data once, with its charts drawn for `target`, and hands it to `draw`.
    fn with_report_data<T>(
        &self,
        round_id: i64,
        opts: &ReportOptions,
        target: Target,
        draw: impl FnOnce(ReportData, &PngCharts) -> Result<T>,
    ) -> Result<T> {
        let v = self.round_view(round_id)?;
        let summary = opts.kind == ReportKind::Summary;
        let compare = match opts.compare {
            None if summary => self.previous_comparable(&v)?,
            c => c,
        };
        let mut x = self.extras(&v, compare, !summary)?;
        x.benchmark = Some(self.benchmark_of(&v)?);
        // The summary has no charts.
        let (c, pngs) = if summary {
            Default::default()
        } else {
            report_charts(&v, &x, target, &opts.brand)?
        };
        let comments = v
            .items
            .iter()
            .filter(|i| !i.comments.is_empty())
            .map(|i| (i.id.as_str(), i.comments.as_slice()))
            .collect();
        let decisions: BTreeMap<String, govmat_core::Decision> = v
            .items
            .iter()
            .map(|i| (i.id.clone(), i.decision.clone()))
            .collect();
        let actions = v
            .actions
            .iter()
            .map(|a| ActionLine {
                item: a
                    .item_id
                    .as_deref()
                    .and_then(|i| v.instrument.item(i))
                    .map(|i| i.title.clone())
                    .unwrap_or_default(),
                text: a.text.clone(),
                owner: a.owner.clone(),
                due: a.due.clone().unwrap_or_default(),
                status: a.status.label().into(),
                carried: a.carried_from.is_some(),
                open: matches!(a.status, ActionStatus::Open | ActionStatus::InProgress),
            })
            .collect();
        let provenance = self.provenance(&v, &opts.produced)?;
        let kept = self.record_lines(&v, !summary)?;
        let data = ReportData {
            organisation: &v.organisation.name,
            round: &v.round.name,
            date: &v.round.date,
            instrument: &v.instrument,
            score: &v.score,
            min_group: v.groups.min_group,
            decisions: &decisions,
            comments,
            actions,
            spectrum: v.spectrum.as_ref().map(|s| (&s.instrument, &s.summary)),
            comparison: x
                .previous
                .as_ref()
                .zip(x.comparison.as_ref())
                .map(|(p, c)| (p.round.name.as_str(), c)),
            trend: x.trend.as_ref(),
            brand: opts.brand.clone(),
            charts: c,
            provenance: &provenance,
            follow_through: kept.follow_through,
            follow_through_trend: kept.trend,
            late_changes: kept.late,
            benchmark: x.benchmark.as_ref(),
        };
        draw(data, &pngs)
    }

    /// The board's record for a report: last round's actions as they stand, follow-through per
    /// round of the family (only for the full report's trend table), and the decisions changed
    /// after the round's date.
    fn record_lines(&self, v: &RoundView, with_trend: bool) -> Result<Record> {
        let review = self.review_of(&v.round)?;
        let follow = review.from_round.clone().map(|from| FollowThroughReport {
            from_round: from,
            from_date: review.from_date.clone().unwrap_or_default(),
            counts: review.follow_through,
            actions: review
                .actions
                .iter()
                .map(|a| ReviewLine {
                    item: a.item_title.clone().unwrap_or_else(|| "Whole round".into()),
                    title: a.title.clone(),
                    owner: a.owner.clone(),
                    due: a.due.clone().unwrap_or_default(),
                    status: a.status.label().into(),
                    note: a.note.clone(),
                    evidence: a.evidence.clone(),
                })
                .collect(),
        });
        let trend = if with_trend {
            self.follow_through_trend(v.organisation.id, &v.instrument.id)?
                .into_iter()
                .map(|r| (r.round, r.follow_through))
                .collect()
        } else {
            Vec::new()
        };
        let history = self.history_of(v.round.id)?;
        let late = history
            .changed_after_the_day()
            .into_iter()
            .map(|e| LateChange {
                when: e.when.clone(),
                item: e.item_title.clone(),
                change: e.change.clone(),
            })
            .collect();
        Ok(Record {
            follow_through: follow,
            trend,
            late,
        })
    }

    /// The XLSX workbook: items with scores and decisions, areas, actions, every answer by
    /// anonymous member code, and how it was made (produced on `produced`).
    pub fn export_xlsx(&self, round_id: i64, produced: &str) -> Result<Vec<u8>> {
        let v = self.round_view(round_id)?;
        let mut sheets = workbook_sheets(&v);
        sheets.push(crate::benchmark::sheet(&self.benchmark_of(&v)?));
        sheets.push(provenance_sheet(&self.provenance(&v, produced)?));
        xlsx::workbook(&sheets).map_err(|e| Error::Io(format!("cannot build the workbook: {e}")))
    }
}

#[derive(Clone, Copy)]
enum Target {
    Pdf,
    Docx,
}

/// The board's record as a report prints it (issue 27).
struct Record {
    follow_through: Option<FollowThroughReport>,
    trend: Vec<(String, govmat_core::FollowThrough)>,
    late: Vec<LateChange>,
}
