//! Charts of scored data: the radar, item bars, the disagreement heatmap, the trend and the
//! spectrum profile, each drawn once by a function generic over plotters' `DrawingBackend` and
//! rendered as SVG text (what the UI shows), as recorded vector marks (the PDF replays them as
//! its own lines, shapes and selectable text) or as raw RGB pixels (images for Word). One drawing
//! function per chart serves all three: only the plotters backend differs.
//!
//! Every chart is a pure function of the core types it borrows: no IO, no clock, no fonts from the
//! machine (the embedded DejaVu Sans is used for measuring and for drawing, and named in the SVG).
//! Colours come from the Okabe–Ito palette and every series also differs by marker shape or dash,
//! so charts read in grey print. Charts carry no title of their own; the page or screen that
//! shows one gives it a heading. A spectrum is drawn as a position: no colour says good or bad.

mod axis;
mod bars;
// Where a board stands among its peers (issue 26).
mod boxplot;
mod canvas;
mod heatmap;
mod legend;
/// The collaborative's spectrum chart (partners now and aspired).
pub mod partners;
mod radar;
mod spectrum;
mod text;
mod trend;
mod vector;

use govmat_core::{BenchmarkView, RoundScore, Scale, SpectrumSummary, Trend};
use plotters::coord::Shift;
use plotters::prelude::{BitMapBackend, DrawingArea, DrawingBackend, IntoDrawingArea, SVGBackend};
use plotters::style::WHITE;

use canvas::{Canvas, Measure};

pub use canvas::FAMILY;
pub use text::Align;
pub use vector::{Baseline, Drawing, Mark, Rgb};

/// What to draw, borrowing the scored data it is drawn from.
#[derive(Debug, Clone, Copy)]
pub enum Chart<'a> {
    /// Area means on one axis per area, with rings at each level of the scale.
    Radar {
        scale: &'a Scale,
        round: &'a RoundScore,
        /// The legend's name for `round`.
        name: &'a str,
        /// Whether to draw the target polygon: in each area, the mean of its items' targets.
        target: bool,
        /// An earlier round to draw beneath, with its legend name; areas are matched by id.
        previous: Option<(&'a str, &'a RoundScore)>,
    },
    /// One horizontal bar per item: mean, min–max whisker, agreed and target markers, and a flag
    /// on items where members disagree.
    Bars {
        scale: &'a Scale,
        round: &'a RoundScore,
        /// Draw only this area (by id); `None` draws every item under its area's heading.
        area: Option<&'a str>,
    },
    /// How many members gave each level (and "don't know", and no answer) on each item: counts
    /// only, never one member's answers across items.
    Heatmap {
        scale: &'a Scale,
        round: &'a RoundScore,
    },
    /// Area means and the overall mean across rounds, oldest first, broken where a round is
    /// not comparable with the one before it.
    Trend { scale: &'a Scale, trend: &'a Trend },
    /// The spectrum's dimensions, now and aspiration, with the nearest approaches named.
    Spectrum {
        scale: &'a Scale,
        summary: &'a SpectrumSummary,
    },
    /// The board among its peers: per row (overall, then each area) the other boards' lowest,
    /// quartiles and highest as a box plot, and this board's level marked.
    Benchmark {
        scale: &'a Scale,
        view: &'a BenchmarkView,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("chart size {0}×{1} is too small to draw on")]
    Size(u32, u32),
    #[error("the embedded chart font could not be loaded")]
    Font,
    #[error("no area with id {0:?} in this round")]
    UnknownArea(String),
    #[error("drawing failed: {0}")]
    Drawing(String),
}

/// The chart as an SVG document `width` × `height` pixels; text is XML-escaped and set in
/// [`FAMILY`].
pub fn svg(chart: &Chart, width: u32, height: u32) -> Result<String, ChartError> {
    svg_with(chart, width, height, 1.0)
}

/// How much larger chart text is in the window's large type: the projector's chart labels grow
/// with the page's text rather than staying at desktop size.
pub const LARGE_TEXT: f64 = 1.4;

/// [`svg`] with text `t` times its usual size (the window's large type, for a projector); use
/// the height [`natural_height_with`] gives for the same `t`.
pub fn svg_with(chart: &Chart, width: u32, height: u32, t: f64) -> Result<String, ChartError> {
    check_size(width, height)?;
    canvas::register_fonts()?;
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        draw(&area, chart, 0.0, t)?;
        area.present().map_err(canvas::draw_err)?;
    }
    Ok(out)
}

/// The chart as vector marks in a `width` × `height` pixel space, for a page to scale as it
/// likes: the same marks, at the same places, as [`svg`] writes.
pub fn vector(chart: &Chart, width: u32, height: u32) -> Result<Drawing, ChartError> {
    check_size(width, height)?;
    canvas::register_fonts()?;
    let mut drawing = Drawing {
        width,
        height,
        marks: Vec::new(),
    };
    {
        let area = vector::Recorder::new(&mut drawing).into_drawing_area();
        draw(&area, chart, 0.0, 1.0)?;
        area.present().map_err(canvas::draw_err)?;
    }
    Ok(drawing)
}

/// The chart as raw RGB8 pixels, row by row from the top left: `width * height * 3` bytes.
/// Pick the pixel size for the print size, e.g. 1,654 px for 21 cm at 200 dpi.
pub fn rgb(chart: &Chart, width: u32, height: u32) -> Result<Vec<u8>, ChartError> {
    check_size(width, height)?;
    canvas::register_fonts()?;
    let mut buf = vec![255u8; width as usize * height as usize * 3];
    {
        let area = BitMapBackend::with_buffer(&mut buf, (width, height)).into_drawing_area();
        // The bitmap font sits its baseline about 0.16 em higher than SVG's `dy` does.
        draw(&area, chart, 0.16, 1.0)?;
        area.present().map_err(canvas::draw_err)?;
    }
    Ok(buf)
}

/// The height at which the chart fits `width` without crowding: enough rows for its items,
/// members or dimensions and room for wrapped labels. Drawing at another height still works;
/// rows are squeezed or spread to fit.
pub fn natural_height(chart: &Chart, width: u32) -> Result<u32, ChartError> {
    natural_height_with(chart, width, 1.0)
}

/// [`natural_height`] with text `t` times its usual size (large type on a projector).
pub fn natural_height_with(chart: &Chart, width: u32, t: f64) -> Result<u32, ChartError> {
    canvas::register_fonts()?;
    let m = Measure {
        u: width as f64 / 1000.0,
        t,
    };
    let h = match *chart {
        Chart::Radar { .. } => width as f64 * 0.8,
        Chart::Bars { round, area, .. } => bars::natural_height(m, round, area)?,
        Chart::Heatmap { scale, round } => heatmap::natural_height(m, scale, round),
        Chart::Trend { .. } => width as f64 * 0.62,
        Chart::Spectrum { summary, .. } => spectrum::natural_height(m, summary),
        Chart::Benchmark { view, .. } => boxplot::natural_height(m, view),
    };
    Ok(h.ceil() as u32)
}

fn check_size(width: u32, height: u32) -> Result<(), ChartError> {
    if width < 200 || height < 120 {
        return Err(ChartError::Size(width, height));
    }
    Ok(())
}

fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
    nudge: f64,
    t: f64,
) -> Result<(), ChartError> {
    let c = Canvas::new(area, nudge, t);
    c.fill(WHITE)?;
    match *chart {
        Chart::Radar {
            scale,
            round,
            name,
            target,
            previous,
        } => radar::draw(&c, scale, round, name, target, previous),
        Chart::Bars { scale, round, area } => bars::draw(&c, scale, round, area),
        Chart::Heatmap { scale, round } => heatmap::draw(&c, scale, round),
        Chart::Trend { scale, trend } => trend::draw(&c, scale, trend),
        Chart::Spectrum { scale, summary } => spectrum::draw(&c, scale, summary),
        Chart::Benchmark { scale, view } => boxplot::draw(&c, scale, view),
    }
}
