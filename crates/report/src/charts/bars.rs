//! Item bars: one horizontal bar per item, its title on the left, so long titles stay legible.
//!
//! The bar runs from the bottom of the scale to the members' mean; a whisker spans the lowest to
//! the highest answer; a black diamond marks the agreed score and a triangle above the bar the
//! target. Items where members disagree (a range of [`govmat_core::DISAGREEMENT_RANGE`] levels or
//! more) are hatched, shaded and flagged "⚑" beside their title, so the flag survives grey print.

use govmat_core::{ItemScore, RoundScore, Scale, DISAGREEMENT_RANGE};
use plotters::prelude::DrawingBackend;
use plotters::style::{Color, WHITE};

use super::axis::LevelAxis;
use super::canvas::{
    one_decimal, Align, Canvas, Font, Measure, Shape, BLACK, BLUE, INK, MUTED, PALE, SKY, SMALL,
    TEXT, VERMILLION,
};
use super::legend::{self, Entry, Sample};
use super::ChartError;

enum Row<'a> {
    Heading(&'a str),
    Item(&'a ItemScore),
}

const TITLE: Font = Font::regular(TEXT);
const HEADING: Font = Font::bold(TEXT);

fn rows<'a>(round: &'a RoundScore, area: Option<&str>) -> Result<Vec<Row<'a>>, ChartError> {
    match area {
        Some(id) => {
            let a = round
                .areas
                .iter()
                .find(|a| a.id == id)
                .ok_or_else(|| ChartError::UnknownArea(id.to_string()))?;
            Ok(a.items.iter().map(Row::Item).collect())
        }
        None => Ok(round
            .areas
            .iter()
            .flat_map(|a| {
                std::iter::once(Row::Heading(&a.title)).chain(a.items.iter().map(Row::Item))
            })
            .collect()),
    }
}

/// Legend entries for what this chart actually draws.
fn entries(rows: &[Row]) -> Vec<Entry> {
    let items = || {
        rows.iter().filter_map(|r| match r {
            Row::Item(i) => Some(*i),
            Row::Heading(_) => None,
        })
    };
    let (agreed, target, flagged) = (
        items().any(|i| i.agreed.is_some()),
        items().any(|i| i.target.is_some()),
        items().any(|i| i.disagreement),
    );
    let all = vec![
        Entry {
            sample: Sample::Box {
                fill: SKY,
                stroke: BLUE,
                hatch: false,
            },
            label: "Members' mean".into(),
        },
        Entry {
            sample: Sample::Whisker,
            label: "Lowest–highest answer".into(),
        },
        Entry {
            sample: Sample::Marker {
                shape: Shape::Diamond,
                fill: Some(BLACK),
                stroke: BLACK,
            },
            label: "Agreed score".into(),
        },
        Entry {
            sample: Sample::Marker {
                shape: Shape::TriangleDown,
                fill: Some(VERMILLION),
                stroke: INK,
            },
            label: "Target".into(),
        },
        Entry {
            sample: Sample::Box {
                fill: SKY,
                stroke: BLUE,
                hatch: true,
            },
            label: format!("⚑ Members disagree (range ≥ {DISAGREEMENT_RANGE} levels)"),
        },
    ];
    let keep = [true, true, agreed, target, flagged];
    all.into_iter()
        .zip(keep)
        .filter_map(|(e, k)| k.then_some(e))
        .collect()
}

struct Layout {
    pad: f64,
    label_w: f64,
    value_w: f64,
    line_h: f64,
    heading_h: f64,
    axis_h: f64,
}

fn layout(m: Measure) -> Layout {
    let u = m.u;
    Layout {
        pad: 20.0 * u,
        label_w: 340.0 * u,
        value_w: 64.0 * u,
        line_h: m.line(TITLE),
        heading_h: m.line(HEADING) + 20.0 * u,
        axis_h: LevelAxis::height(m),
    }
}

/// An item's title in at most two lines.
fn title_lines(m: Measure, l: &Layout, item: &ItemScore, max_lines: usize) -> Vec<String> {
    let title = if item.disagreement {
        format!("⚑ {}", item.title)
    } else {
        item.title.clone()
    };
    m.fit(&title, TITLE, l.label_w, max_lines)
}

/// Natural row heights: one- or two-line titles, and room for the target marker above a bar.
fn row_heights(m: Measure, l: &Layout, rows: &[Row]) -> Vec<f64> {
    rows.iter()
        .map(|r| match r {
            Row::Heading(_) => l.heading_h,
            Row::Item(i) => {
                let lines = title_lines(m, l, i, 2).len() as f64;
                (lines * l.line_h + 16.0 * m.u).max(46.0 * m.u)
            }
        })
        .collect()
}

pub fn natural_height(
    m: Measure,
    round: &RoundScore,
    area: Option<&str>,
) -> Result<f64, ChartError> {
    let l = layout(m);
    let rows = rows(round, area)?;
    let inner = 1000.0 * m.u - 2.0 * l.pad;
    let head =
        legend::height(m, &entries(&rows), inner) + 10.0 * m.u + m.line(Font::regular(SMALL));
    Ok(l.pad * 2.0 + head + row_heights(m, &l, &rows).iter().sum::<f64>() + l.axis_h)
}

pub fn draw<DB: DrawingBackend>(
    c: &Canvas<DB>,
    scale: &Scale,
    round: &RoundScore,
    area: Option<&str>,
) -> Result<(), ChartError> {
    let (u, m) = (c.u, c.measure());
    let l = layout(m);
    let rows = rows(round, area)?;
    let inner = c.width - 2.0 * l.pad;
    let mut y = l.pad + legend::draw(c, &entries(&rows), (l.pad, l.pad), inner)? + 10.0 * u;

    let axis = LevelAxis::new(c, scale, (l.pad, l.label_w, l.value_w));
    let x = |v: f64| axis.x(v);
    y += LevelAxis::header(c, "Mean", l.pad, y)?;

    // Rows share whatever height is left in proportion to their natural heights.
    let heights = row_heights(m, &l, &rows);
    let natural: f64 = heights.iter().sum();
    let avail = c.height - y - l.pad - l.axis_h;
    let k = (avail / natural.max(1.0)).max(0.3);
    let body_top = y;
    let body_bottom = y + natural * k;
    axis.gridlines(c, (body_top, body_bottom))?;

    for (row, natural_h) in rows.iter().zip(&heights) {
        let h = natural_h * k;
        match row {
            Row::Heading(title) => {
                let line = m.fit(title, HEADING, c.width - 2.0 * l.pad, 1);
                c.lines(&line, (l.pad, y + h * 0.6), HEADING, INK, Align::Left)?;
                y += h;
            }
            Row::Item(item) => {
                draw_item(c, item, (y, h), &l, &x)?;
                y += h;
            }
        }
    }

    // The level axis: value and label under each gridline.
    axis.draw(c, body_bottom)?;
    Ok(())
}

fn draw_item<DB: DrawingBackend>(
    c: &Canvas<DB>,
    item: &ItemScore,
    (top, h): (f64, f64),
    l: &Layout,
    x: &impl Fn(f64) -> f64,
) -> Result<(), ChartError> {
    let (u, m) = (c.u, c.measure());
    let cy = top + h / 2.0;
    let lh = m.line(TITLE);
    if item.disagreement {
        c.rect(
            (l.pad, top + 2.0 * u),
            (c.width - l.pad, top + h - 2.0 * u),
            PALE.to_rgba(),
            true,
            1.0,
        )?;
    }
    let max_lines = if h >= 2.0 * lh + 4.0 * u { 2 } else { 1 };
    let lines = title_lines(m, l, item, max_lines);
    let first = cy - (lines.len() as f64 - 1.0) * lh / 2.0;
    c.lines(&lines, (l.pad, first), TITLE, INK, Align::Left)?;

    let bh = (h * 0.42).min(26.0 * u);
    let Some(mean) = item.stats.mean else {
        c.text(
            "no scored answers",
            (x(f64::MIN), cy),
            Font::regular(SMALL),
            MUTED,
            Align::Left,
        )?;
        return Ok(());
    };
    let (b0, b1) = ((x(f64::MIN), cy - bh / 2.0), (x(mean), cy + bh / 2.0));
    c.rect(b0, b1, SKY.to_rgba(), true, 1.0)?;
    if item.disagreement {
        c.hatch(b0, b1, BLUE.to_rgba(), 7.0 * u)?;
        c.rect(b0, b1, INK.to_rgba(), false, 2.5 * u)?;
    } else {
        c.rect(b0, b1, BLUE.to_rgba(), false, 1.5 * u)?;
    }
    if let (Some(lo), Some(hi)) = (item.stats.min, item.stats.max) {
        let (x0, x1) = (x(lo as f64), x(hi as f64));
        let cap = bh * 0.4;
        c.path(&[(x0, cy), (x1, cy)], INK.to_rgba(), 2.0 * u)?;
        c.path(&[(x0, cy - cap), (x0, cy + cap)], INK.to_rgba(), 2.0 * u)?;
        c.path(&[(x1, cy - cap), (x1, cy + cap)], INK.to_rgba(), 2.0 * u)?;
    }
    if let Some(agreed) = item.agreed {
        c.marker(
            Shape::Diamond,
            (x(agreed as f64), cy),
            7.0 * u,
            Some(BLACK),
            WHITE,
        )?;
    }
    if let Some(target) = item.target {
        let r = 7.0 * u;
        c.marker(
            Shape::TriangleDown,
            (x(target as f64), cy - bh / 2.0 - r * 0.9),
            r,
            Some(VERMILLION),
            INK,
        )?;
    }
    let value = one_decimal(mean);
    c.text(
        &value,
        (c.width - l.pad, cy),
        Font::bold(TEXT),
        INK,
        Align::Right,
    )?;
    Ok(())
}
