//! What a consultant hands over: the PDF or Word report, the two-page board summary, chart SVGs
//! and the XLSX workbook, assembled from a round's view. Rendering itself lives in `govmat-report`; this module only gathers the data,
//! anonymises members, and reads the optional branding file.

use std::collections::BTreeMap;
use std::path::Path;

use govmat_core::{Comparison, Trend};
use govmat_report::charts::{self, Chart};
use govmat_report::document::{
    ActionLine, Brand, Charts, Comment, FollowThroughReport, Image, LateChange, ReportData,
    ReviewLine,
};
use govmat_report::docx::{self, Png, PngCharts};
use govmat_report::pdf::{self, Pdf};
use govmat_report::provenance::{Provenance, Value};
use govmat_report::xlsx::{self, Cell, Sheet};
use govmat_store::ActionStatus;

use crate::error::{Error, Result};
use crate::views::RoundView;
use crate::Govmat;

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

/// How much larger chart text is in the window's large type: the projector's chart labels grow
/// with the page's text rather than staying at desktop size.
pub const LARGE_CHART_TEXT: f64 = 1.4;

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
        let t = if large { LARGE_CHART_TEXT } else { 1.0 };
        let height = charts::natural_height_with(&chart, width, t).map_err(chart_err)?;
        charts::svg_with(&chart, width, height, t).map_err(chart_err)
    }

    /// The PDF report of a round.
    pub fn report(&self, round_id: i64, opts: &ReportOptions) -> Result<Pdf> {
        match self.render_report(round_id, opts, Target::Pdf)? {
            Rendered::Pdf(pdf) => Ok(pdf),
            Rendered::Docx(_) => unreachable!("a PDF was asked for"),
        }
    }

    /// The editable Word report of a round: the PDF's sections, with the charts as pictures.
    pub fn report_docx(&self, round_id: i64, opts: &ReportOptions) -> Result<Vec<u8>> {
        match self.render_report(round_id, opts, Target::Docx)? {
            Rendered::Docx(bytes) => Ok(bytes),
            Rendered::Pdf(_) => unreachable!("a Word file was asked for"),
        }
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

    /// Gathers a report's data once, then draws it as the file `target` asks for.
    fn render_report(
        &self,
        round_id: i64,
        opts: &ReportOptions,
        target: Target,
    ) -> Result<Rendered> {
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
        let mut comments: BTreeMap<String, Vec<Comment>> = BTreeMap::new();
        for item in &v.items {
            for c in &item.comments {
                comments.entry(item.id.clone()).or_default().push(Comment {
                    group: c.group.clone(),
                    text: c.text.clone(),
                });
            }
        }
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
            produced: &opts.produced,
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
        let word = |e: docx::DocxError| Error::Io(e.to_string());
        Ok(match (target, opts.kind) {
            (Target::Pdf, ReportKind::Full) => Rendered::Pdf(pdf::render(data)),
            (Target::Docx, ReportKind::Full) => {
                Rendered::Docx(docx::render(&data, &pngs).map_err(word)?)
            }
            (Target::Pdf, ReportKind::Summary) => Rendered::Pdf(pdf::render_summary(&data).0),
            (Target::Docx, ReportKind::Summary) => {
                let fit = pdf::summary_fit(&data);
                Rendered::Docx(docx::render_summary(&data, fit).map_err(word)?)
            }
        })
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

/// The full report's charts, drawn for `target`: vector marks for the PDF, which it replays as
/// its own content, and PNG for Word (with the brand's logo).
fn report_charts(
    v: &RoundView,
    x: &Extras,
    target: Target,
    brand: &Brand,
) -> Result<(Charts, PngCharts)> {
    let mut jobs: Vec<(Chart, u32)> = vec![
        (chart_of(v, x, "radar")?, PRINT_W),
        (chart_of(v, x, "heatmap")?, PRINT_W),
    ];
    for area in &v.score.areas {
        let chart = Chart::Bars {
            scale: &v.instrument.scale,
            round: &v.score,
            area: Some(&area.id),
        };
        jobs.push((chart, PRINT_W));
    }
    let has_spectrum = v
        .spectrum
        .as_ref()
        .is_some_and(|s| s.summary.members > 0 || !s.summary.nearest_now.is_empty());
    if has_spectrum {
        jobs.push((chart_of(v, x, "spectrum")?, PRINT_W));
    }
    let has_trend = x.trend.as_ref().is_some_and(|t| t.points.len() > 1);
    if has_trend {
        jobs.push((chart_of(v, x, "trend")?, PRINT_W));
    }
    let benchmark = x.benchmark.as_ref().filter(|b| b.enough());
    if let Some(view) = benchmark {
        let scale = &v.instrument.scale;
        jobs.push((Chart::Benchmark { scale, view }, PRINT_W));
    }
    let mut c = Charts::default();
    let mut pngs = PngCharts::default();
    match target {
        Target::Pdf => {
            let mut images = record(&jobs)?.into_iter();
            c.radar = images.next();
            c.heatmap = images.next();
            c.area_bars = v.score.areas.iter().map(|_| images.next()).collect();
            c.spectrum = if has_spectrum { images.next() } else { None };
            c.trend = if has_trend { images.next() } else { None };
            c.benchmark = benchmark.and_then(|_| images.next());
        }
        Target::Docx => {
            let mut images = rasterise(&jobs)?.into_iter();
            pngs.radar = images.next();
            pngs.heatmap = images.next();
            pngs.area_bars = v.score.areas.iter().map(|_| images.next()).collect();
            pngs.spectrum = if has_spectrum { images.next() } else { None };
            pngs.trend = if has_trend { images.next() } else { None };
            pngs.benchmark = benchmark.and_then(|_| images.next());
            pngs.logo = brand.logo.as_ref().map(|l| Png {
                bytes: encode_png(&l.rgb, l.width as u32, l.height as u32),
                width: l.width as u32,
                height: l.height as u32,
            });
        }
    }
    Ok((c, pngs))
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

enum Rendered {
    Pdf(Pdf),
    Docx(Vec<u8>),
}

/// Pixel width of a chart pictured across a Word page (483 pt): 1,350 px is just over 200 dpi.
const PICTURE_W: u32 = 1350;

/// Draws each chart as PNG for Word, with the same drawing code as the SVG and the PDF, at
/// [`PICTURE_W`] whatever width the PDF records it at. Spread over the available cores.
fn rasterise(jobs: &[(Chart, u32)]) -> Result<Vec<Png>> {
    let draw = |(chart, _): &(Chart, u32)| -> Result<Png> {
        let w = PICTURE_W;
        let h = charts::natural_height(chart, w).map_err(chart_err)?;
        let rgb = charts::rgb(chart, w, h).map_err(chart_err)?;
        Ok(Png {
            bytes: encode_png(&rgb, w, h),
            width: w,
            height: h,
        })
    };
    parallel(jobs, draw)
}

fn encode_png(rgb: &[u8], width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().expect("a PNG header writes to memory");
        w.write_image_data(rgb)
            .expect("the pixel buffer matches the PNG's size");
    }
    out
}

/// Records each (chart, pixel width) at its natural height, spread over the available cores.
fn record(jobs: &[(Chart, u32)]) -> Result<Vec<charts::Drawing>> {
    let draw = |(chart, w): &(Chart, u32)| -> Result<charts::Drawing> {
        let h = charts::natural_height(chart, *w).map_err(chart_err)?;
        charts::vector(chart, *w, h).map_err(chart_err)
    };
    parallel(jobs, draw)
}

/// Runs `draw` over `jobs` on the available cores, keeping their order.
fn parallel<T: Send>(
    jobs: &[(Chart, u32)],
    draw: impl Fn(&(Chart, u32)) -> Result<T> + Sync + Send + Copy,
) -> Result<Vec<T>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len().max(1));
    let chunk = jobs.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(draw).collect::<Result<Vec<_>>>()))
            .collect();
        let mut out = Vec::with_capacity(jobs.len());
        for h in handles {
            out.extend(h.join().expect("chart drawing does not panic")?);
        }
        Ok(out)
    })
}

fn chart_err(e: charts::ChartError) -> Error {
    Error::Invalid(format!("cannot draw the chart: {e}"))
}

fn chart_of<'a>(v: &'a RoundView, x: &'a Extras, kind: &str) -> Result<Chart<'a>> {
    let scale = &v.instrument.scale;
    Ok(match kind {
        "radar" => Chart::Radar {
            scale,
            round: &v.score,
            name: &v.round.name,
            target: true,
            previous: x
                .previous
                .as_ref()
                .map(|p| (p.round.name.as_str(), &p.score)),
        },
        "bars" => Chart::Bars {
            scale,
            round: &v.score,
            area: None,
        },
        "heatmap" => Chart::Heatmap {
            scale,
            round: &v.score,
        },
        "trend" => Chart::Trend {
            scale,
            trend: x
                .trend
                .as_ref()
                .ok_or_else(|| Error::Invalid("the trend was not loaded for this chart".into()))?,
        },
        "spectrum" => {
            let s = v.spectrum.as_ref().ok_or_else(|| {
                Error::NotFound(format!(
                    "round \"{}\" has no spectrum positions yet",
                    v.round.name
                ))
            })?;
            Chart::Spectrum {
                scale: &s.instrument.scale,
                summary: &s.summary,
            }
        }
        other => {
            return Err(Error::Invalid(format!(
                "unknown chart kind \"{other}\"; use one of: {}",
                CHART_KINDS.join(", ")
            )))
        }
    })
}

fn workbook_sheets(v: &RoundView) -> Vec<Sheet> {
    let col = |t: &str, w: f64| (t.to_string(), w);
    let mut items = Vec::new();
    for a in &v.score.areas {
        for s in &a.items {
            let d = v
                .items
                .iter()
                .find(|i| i.id == s.id)
                .map(|i| i.decision.clone())
                .unwrap_or_default();
            items.push(vec![
                Cell::from(a.title.as_str()),
                Cell::from(s.id.as_str()),
                Cell::from(s.title.as_str()),
                Cell::Integer(s.stats.n as i64),
                Cell::Integer(s.dont_know as i64),
                Cell::from(s.stats.mean),
                Cell::from(s.stats.median),
                Cell::from(s.stats.min),
                Cell::from(s.stats.max),
                Cell::from(s.stats.sd),
                Cell::from(if s.disagreement { "yes" } else { "no" }),
                Cell::from(s.agreed),
                Cell::from(d.rationale),
                Cell::from(d.dissent),
                Cell::from(s.target),
                Cell::from(s.gap),
                Cell::from(figures_note(s, v.score.min_group)),
            ]);
        }
    }
    let mut areas: Vec<Vec<Cell>> = v
        .score
        .areas
        .iter()
        .map(|a| {
            vec![
                Cell::from(a.id.as_str()),
                Cell::from(a.title.as_str()),
                Cell::from(a.mean),
                Cell::Integer(a.items_in_mean as i64),
                Cell::Integer(a.items.len() as i64),
            ]
        })
        .collect();
    areas.push(vec![
        Cell::from("overall"),
        Cell::from("Overall"),
        Cell::from(v.score.overall),
        Cell::Integer(v.score.items_in_mean as i64),
        Cell::Integer(v.score.items_total as i64),
    ]);
    let actions = v
        .actions
        .iter()
        .map(|a| {
            vec![
                Cell::from(
                    a.item_id
                        .as_deref()
                        .and_then(|i| v.instrument.item(i))
                        .map_or(String::new(), |i| i.title.clone()),
                ),
                Cell::from(a.text.as_str()),
                Cell::from(a.owner.as_str()),
                Cell::from(a.due.clone().unwrap_or_default()),
                Cell::from(a.status.label()),
                Cell::from(if a.carried_from.is_some() {
                    "yes"
                } else {
                    "no"
                }),
            ]
        })
        .collect();
    vec![
        Sheet {
            name: "Items".into(),
            columns: vec![
                col("Area", 28.0),
                col("Item id", 18.0),
                col("Item", 30.0),
                col("n", 6.0),
                col("Don't know", 10.0),
                col("Mean", 8.0),
                col("Median", 8.0),
                col("Min", 6.0),
                col("Max", 6.0),
                col("SD", 8.0),
                col("Disagreement", 12.0),
                col("Agreed", 8.0),
                col("Rationale", 40.0),
                col("Dissent", 40.0),
                col("Target", 8.0),
                col("Gap", 8.0),
                col("Figures", 30.0),
            ],
            subheader: Vec::new(),
            rows: items,
        },
        Sheet {
            name: "Areas".into(),
            columns: vec![
                col("Area id", 14.0),
                col("Area", 50.0),
                col("Mean", 10.0),
                col("Items in mean", 14.0),
                col("Items", 8.0),
            ],
            subheader: Vec::new(),
            rows: areas,
        },
        Sheet {
            name: "Actions".into(),
            columns: vec![
                col("Item", 30.0),
                col("Action", 60.0),
                col("Owner", 24.0),
                col("Due", 12.0),
                col("Status", 12.0),
                col("Carried forward", 14.0),
            ],
            subheader: Vec::new(),
            rows: actions,
        },
        answers_sheet(v),
    ]
}

/// How many members gave each level, "don't know" or no answer, item by item: counts only, so no
/// row or column follows one member across items (a sheet of ballots under codes would let
/// anyone who knows one of a colleague's answers read the rest). An item scored by fewer than the
/// minimum shows no level counts.
fn answers_sheet(v: &RoundView) -> Sheet {
    let scale = &v.instrument.scale;
    let mut columns = vec![("Item id".to_string(), 18.0), ("Item".to_string(), 40.0)];
    columns.extend(
        scale
            .levels
            .iter()
            .map(|l| (format!("{} {}", l.value, l.label), 12.0)),
    );
    columns.push(("Don't know".into(), 10.0));
    columns.push(("Not answered".into(), 12.0));
    columns.push(("Figures".into(), 30.0));
    let rows = v
        .score
        .items()
        .map(|s| {
            let mut row = vec![Cell::from(s.id.as_str()), Cell::from(s.title.as_str())];
            row.extend(scale.levels.iter().map(|l| {
                if s.stats.withheld {
                    Cell::Empty
                } else {
                    let n = s.distribution.iter().find(|(v, _)| *v == l.value);
                    Cell::Integer(n.map_or(0, |(_, n)| *n) as i64)
                }
            }));
            row.push(Cell::Integer(s.dont_know as i64));
            row.push(Cell::Integer(s.unanswered as i64));
            row.push(Cell::from(figures_note(s, v.score.min_group)));
            row
        })
        .collect();
    Sheet {
        name: "Answers".into(),
        columns,
        subheader: Vec::new(),
        rows,
    }
}

/// Why an item's figures are blank, if they are.
fn figures_note(s: &govmat_core::ItemScore, min_group: usize) -> String {
    if s.stats.withheld {
        format!("not shown: fewer than {min_group} scored answers")
    } else if s.stats.n == 0 {
        "no scored answers".into()
    } else {
        String::new()
    }
}

/// The provenance block as a two-column sheet, counts as number cells.
fn provenance_sheet(p: &Provenance) -> Sheet {
    let rows = p
        .lines()
        .into_iter()
        .map(|(label, value)| {
            let value = match value {
                Value::Text(t) => Cell::from(t),
                Value::Count(n) => Cell::Integer(n as i64),
            };
            vec![Cell::from(label), value]
        })
        .collect();
    Sheet {
        name: "Provenance".into(),
        columns: vec![("Detail".into(), 44.0), ("Value".into(), 70.0)],
        subheader: Vec::new(),
        rows,
    }
}

/// Reads a branding file: `prepared_by`, `consultant` and `logo` (a PNG path, relative to the file).
pub fn read_brand(path: &Path) -> Result<Brand> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Io(format!("{shown}: cannot read: {e}")))?;
    let doc = toml_edit::ImDocument::parse(text.as_str()).map_err(|e| {
        let (line, col) = govmat_core::line_col(&text, e.span().map_or(0, |s| s.start));
        Error::Invalid(format!(
            "{shown}:{line}:{col}: invalid TOML: {}",
            e.message().trim()
        ))
    })?;
    let mut brand = Brand::default();
    for (key, item) in doc.as_table().iter() {
        let (line, col) = govmat_core::line_col(&text, item.span().map_or(0, |s| s.start));
        let value = item.as_str().ok_or_else(|| {
            Error::Invalid(format!("{shown}:{line}:{col}: `{key}` must be a string"))
        })?;
        match key {
            "prepared_by" => brand.prepared_by = Some(value.to_string()),
            "consultant" => brand.consultant = Some(value.to_string()),
            "logo" => {
                let logo = path.parent().unwrap_or(Path::new(".")).join(value);
                brand.logo = Some(read_png(&logo).map_err(|e| Error::Invalid(format!("{shown}:{line}:{col}: logo {}: {e}", logo.display())))?);
            }
            other => {
                return Err(Error::Invalid(format!("{shown}:{line}:{col}: unknown field `{other}`; expected prepared_by, consultant or logo")))
            }
        }
    }
    Ok(brand)
}

/// Decodes a PNG to RGB8, compositing any transparency onto white.
fn read_png(path: &Path) -> std::result::Result<Image, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    let (w, h) = (info.width as usize, info.height as usize);
    let px = &buf[..info.buffer_size()];
    let rgb: Vec<u8> = match info.color_type {
        png::ColorType::Rgb => px.to_vec(),
        png::ColorType::Rgba => px
            .chunks(4)
            .flat_map(|p| over_white(&p[..3], p[3]))
            .collect(),
        png::ColorType::Grayscale => px.iter().flat_map(|&g| [g, g, g]).collect(),
        png::ColorType::GrayscaleAlpha => px
            .chunks(2)
            .flat_map(|p| over_white(&[p[0], p[0], p[0]], p[1]))
            .collect(),
        png::ColorType::Indexed => return Err("indexed PNG could not be expanded".into()),
    };
    Ok(Image {
        rgb,
        width: w,
        height: h,
    })
}

fn over_white(rgb: &[u8], alpha: u8) -> [u8; 3] {
    let a = u16::from(alpha);
    let mix = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
    [mix(rgb[0]), mix(rgb[1]), mix(rgb[2])]
}
