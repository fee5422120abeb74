//! Where a board stands among its peers (issue 26): one box plot per row (overall, then each
//! area), on the scale's levels.
//!
//! A whisker spans the lowest to the highest of the other boards' levels, a box the middle half
//! (lower to upper quartile) with a heavy line at the median, and a black diamond marks this
//! board's level. The box is a pale fill with a blue outline and the board is a black diamond
//! with a white edge, so every part reads in grey print; the numbers are in the table the report
//! sets beside the chart. A row with too few boards says so instead. Nothing here knows which
//! boards the figures came from.

use govmat_core::{BenchmarkView, Placing, Scale};
use plotters::prelude::DrawingBackend;
use plotters::style::{Color, WHITE};

use super::axis::LevelAxis;
use super::canvas::{
    one_decimal, Align, Canvas, Font, Measure, Shape, BLACK, BLUE, INK, MUTED, SKY, SMALL, TEXT,
};
use super::legend::{self, Entry, Sample};
use super::ChartError;

const TITLE: Font = Font::regular(TEXT);
const OVERALL: Font = Font::bold(TEXT);

/// The rows drawn: the overall level first, then each area, in the questionnaire's order.
fn rows(view: &BenchmarkView) -> Vec<(&str, &Placing)> {
    view.overall
        .iter()
        .map(|p| ("Overall", p))
        .chain(view.areas.iter().map(|a| (a.title.as_str(), &a.placing)))
        .collect()
}

fn entries() -> Vec<Entry> {
    vec![
        Entry {
            sample: Sample::Whisker,
            label: "Lowest–highest of the other boards".into(),
        },
        Entry {
            sample: Sample::Box {
                fill: SKY,
                stroke: BLUE,
                hatch: false,
            },
            label: "Middle half (Q1–Q3), line at the median".into(),
        },
        Entry {
            sample: Sample::Marker {
                shape: Shape::Diamond,
                fill: Some(BLACK),
                stroke: BLACK,
            },
            label: "This board".into(),
        },
    ]
}

struct Layout {
    pad: f64,
    label_w: f64,
    value_w: f64,
    row_h: f64,
    axis_h: f64,
}

fn layout(m: Measure) -> Layout {
    let u = m.u;
    Layout {
        pad: 20.0 * u,
        label_w: 300.0 * u,
        value_w: 64.0 * u,
        row_h: (2.0 * m.line(TITLE) + 14.0 * u).max(50.0 * u),
        axis_h: LevelAxis::height(m),
    }
}

pub fn natural_height(m: Measure, view: &BenchmarkView) -> f64 {
    let l = layout(m);
    let inner = 1000.0 * m.u - 2.0 * l.pad;
    let head = legend::height(m, &entries(), inner) + 10.0 * m.u + m.line(Font::regular(SMALL));
    l.pad * 2.0 + head + rows(view).len().max(1) as f64 * l.row_h + l.axis_h
}

pub fn draw<DB: DrawingBackend>(
    c: &Canvas<DB>,
    scale: &Scale,
    view: &BenchmarkView,
) -> Result<(), ChartError> {
    let (u, m) = (c.u, c.measure());
    let l = layout(m);
    let inner = c.width - 2.0 * l.pad;
    let mut y = l.pad + legend::draw(c, &entries(), (l.pad, l.pad), inner)? + 10.0 * u;
    let axis = LevelAxis::new(c, scale, (l.pad, l.label_w, l.value_w));
    let x = |v: f64| axis.x(v);
    y += LevelAxis::header(c, "This board", l.pad, y)?;

    let rows = rows(view);
    let avail = c.height - y - l.pad - l.axis_h;
    let h = (avail / rows.len().max(1) as f64).max(0.3 * l.row_h);
    let (top, bottom) = (y, y + h * rows.len() as f64);
    axis.gridlines(c, (top, bottom))?;
    for (i, (title, p)) in rows.iter().enumerate() {
        let font = if i == 0 && view.overall.is_some() {
            OVERALL
        } else {
            TITLE
        };
        draw_row(c, (title, p), (y, h), font, &l, &x)?;
        y += h;
    }

    axis.draw(c, bottom)?;
    Ok(())
}

fn draw_row<DB: DrawingBackend>(
    c: &Canvas<DB>,
    (title, p): (&str, &Placing),
    (top, h): (f64, f64),
    font: Font,
    l: &Layout,
    x: &impl Fn(f64) -> f64,
) -> Result<(), ChartError> {
    let (u, m) = (c.u, c.measure());
    let cy = top + h / 2.0;
    let lh = m.line(font);
    let max_lines = if h >= 2.0 * lh + 4.0 * u { 2 } else { 1 };
    let lines = m.fit(title, font, l.label_w, max_lines);
    let first = cy - (lines.len() as f64 - 1.0) * lh / 2.0;
    c.lines(&lines, (l.pad, first), font, INK, Align::Left)?;
    if let Some(b) = p.board {
        c.text(
            &one_decimal(b),
            (c.width - l.pad, cy),
            Font::bold(TEXT),
            INK,
            Align::Right,
        )?;
    }
    let Some(f) = &p.figures else {
        c.text(
            "too few boards show this area to compare",
            (x(f64::MIN), cy),
            Font::regular(SMALL),
            MUTED,
            Align::Left,
        )?;
        return Ok(());
    };
    let q = &f.quartiles;
    let bh = (h * 0.46).min(28.0 * u);
    let cap = bh * 0.4;
    let ink = INK.to_rgba();
    // Whisker first, so the box covers its middle.
    let (x0, x1) = (x(q.min), x(q.max));
    c.path(&[(x0, cy), (x1, cy)], ink, 2.0 * u)?;
    c.path(&[(x0, cy - cap), (x0, cy + cap)], ink, 2.0 * u)?;
    c.path(&[(x1, cy - cap), (x1, cy + cap)], ink, 2.0 * u)?;
    let (b0, b1) = ((x(q.q1), cy - bh / 2.0), (x(q.q3), cy + bh / 2.0));
    c.rect(b0, b1, SKY.to_rgba(), true, 1.0)?;
    c.rect(b0, b1, BLUE.to_rgba(), false, 1.8 * u)?;
    let xm = x(q.median);
    c.path(&[(xm, b0.1), (xm, b1.1)], ink, 4.0 * u)?;
    if let Some(b) = p.board {
        c.marker(Shape::Diamond, (x(b), cy), 8.0 * u, Some(BLACK), WHITE)?;
    }
    Ok(())
}
