//! Legends and the scale key: small samples of how each series is drawn, each with its name,
//! flowed into rows that fit the chart's width.
//!
//! A sample repeats the series' colour, marker and dash together, so a legend still reads in grey
//! print. The legend decides only its own layout; charts say where it goes.

use govmat_core::Scale;
use plotters::prelude::DrawingBackend;
use plotters::style::{Color, RGBColor};

use super::canvas::{Align, Canvas, Font, Measure, Shape, INK, MUTED, SMALL};
use super::ChartError;

/// How one legend entry is sampled.
#[derive(Debug, Clone, Copy)]
pub enum Sample {
    /// A short run of line, optionally dashed (dash, gap) and with a marker in the middle.
    Line {
        color: RGBColor,
        width: f64,
        dash: Option<(f64, f64)>,
        marker: Option<Shape>,
        /// Whether the marker is drawn unfilled, as the series draws it.
        hollow: bool,
    },
    /// A marker alone; unfilled when `fill` is `None`.
    Marker {
        shape: Shape,
        fill: Option<RGBColor>,
        stroke: RGBColor,
    },
    /// A filled box, hatched when asked.
    Box {
        fill: RGBColor,
        stroke: RGBColor,
        hatch: bool,
    },
    /// A horizontal range line with end caps.
    Whisker,
    /// An arrow pointing right.
    Arrow(RGBColor),
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub sample: Sample,
    pub label: String,
}

const FONT: Font = Font::regular(SMALL);

fn sample_width(m: Measure) -> f64 {
    40.0 * m.u
}

fn row_height(m: Measure) -> f64 {
    m.line(FONT) * 1.35
}

/// Label text for each entry, shortened only if one entry would be wider than the whole row.
fn labels(m: Measure, entries: &[Entry], max: f64) -> Vec<String> {
    let room = (max - sample_width(m) - 8.0 * m.u).max(10.0);
    entries
        .iter()
        .map(|e| m.fit(&e.label, FONT, room, 1).remove(0))
        .collect()
}

/// Rows of (entry index, x offset), flowing left to right.
fn flow(m: Measure, entries: &[Entry], max: f64) -> Vec<Vec<(usize, f64)>> {
    let texts = labels(m, entries, max);
    let gap = 26.0 * m.u;
    let mut rows: Vec<Vec<(usize, f64)>> = vec![Vec::new()];
    let mut x = 0.0;
    for (i, t) in texts.iter().enumerate() {
        let w = sample_width(m) + 8.0 * m.u + m.width(t, FONT);
        if x > 0.0 && x + w > max {
            rows.push(Vec::new());
            x = 0.0;
        }
        rows.last_mut().expect("rows start non-empty").push((i, x));
        x += w + gap;
    }
    rows
}

/// Height a legend needs at this width.
pub fn height(m: Measure, entries: &[Entry], max: f64) -> f64 {
    if entries.is_empty() {
        return 0.0;
    }
    flow(m, entries, max).len() as f64 * row_height(m)
}

/// Draws the legend with its first row centred on `top + row/2`, each row centred in `max`.
pub fn draw<DB: DrawingBackend>(
    c: &Canvas<DB>,
    entries: &[Entry],
    (left, top): (f64, f64),
    max: f64,
) -> Result<f64, ChartError> {
    let m = c.measure();
    let texts = labels(m, entries, max);
    let rows = flow(m, entries, max);
    let rh = row_height(m);
    for (r, row) in rows.iter().enumerate() {
        let Some(&(last, last_x)) = row.last() else {
            continue;
        };
        let used = last_x + sample_width(m) + 8.0 * m.u + m.width(&texts[last], FONT);
        let x0 = left + (max - used).max(0.0) / 2.0;
        let y = top + rh * (r as f64 + 0.5);
        for &(i, dx) in row {
            let x = x0 + dx;
            draw_sample(c, entries[i].sample, (x, y))?;
            c.text(
                &texts[i],
                (x + sample_width(m) + 8.0 * m.u, y),
                FONT,
                INK,
                Align::Left,
            )?;
        }
    }
    Ok(rows.len() as f64 * rh)
}

fn draw_sample<DB: DrawingBackend>(
    c: &Canvas<DB>,
    sample: Sample,
    (x, y): (f64, f64),
) -> Result<(), ChartError> {
    let u = c.u;
    let w = sample_width(c.measure());
    let mid = (x + w / 2.0, y);
    match sample {
        Sample::Line {
            color,
            width,
            dash,
            marker,
            hollow,
        } => {
            let pts = [(x, y), (x + w, y)];
            match dash {
                Some((d, g)) => c.dashed(&pts, color.to_rgba(), width * u, d * u, g * u)?,
                None => c.path(&pts, color.to_rgba(), width * u)?,
            }
            if let Some(shape) = marker {
                c.marker(shape, mid, 5.5 * u, (!hollow).then_some(color), color)?;
            }
        }
        Sample::Marker {
            shape,
            fill,
            stroke,
        } => c.marker(shape, mid, 7.0 * u, fill, stroke)?,
        Sample::Box {
            fill,
            stroke,
            hatch,
        } => {
            let (a, b) = ((x + 4.0 * u, y - 8.0 * u), (x + w - 4.0 * u, y + 8.0 * u));
            c.rect(a, b, fill.to_rgba(), true, 1.0)?;
            if hatch {
                c.hatch(a, b, stroke.to_rgba(), 6.0 * u)?;
            }
            c.rect(a, b, stroke.to_rgba(), false, 1.5 * u)?;
        }
        Sample::Whisker => {
            let (l, r) = (x + 4.0 * u, x + w - 4.0 * u);
            c.path(&[(l, y), (r, y)], INK.to_rgba(), 2.0 * u)?;
            c.path(
                &[(l, y - 7.0 * u), (l, y + 7.0 * u)],
                INK.to_rgba(),
                2.0 * u,
            )?;
            c.path(
                &[(r, y - 7.0 * u), (r, y + 7.0 * u)],
                INK.to_rgba(),
                2.0 * u,
            )?;
        }
        Sample::Arrow(color) => c.arrow((x + 2.0 * u, y), (x + w - 2.0 * u, y), color, 2.5 * u)?,
    }
    Ok(())
}

/// "0 Not yet started · 1 Early progress · …": what each level value means.
pub fn scale_key(scale: &Scale) -> String {
    let parts: Vec<String> = scale
        .levels
        .iter()
        .map(|l| format!("{}\u{a0}=\u{a0}{}", l.value, l.label))
        .collect();
    format!("Levels: {}", parts.join("  ·  "))
}

/// Height of a wrapped paragraph of small muted text.
pub fn note_height(m: Measure, text: &str, max: f64) -> f64 {
    m.wrap(text, FONT, max).len() as f64 * m.line(FONT)
}

/// Draws a wrapped, centred paragraph of small muted text; returns its height.
pub fn note<DB: DrawingBackend>(
    c: &Canvas<DB>,
    text: &str,
    (left, top): (f64, f64),
    max: f64,
) -> Result<f64, ChartError> {
    let m = c.measure();
    let lines = m.wrap(text, FONT, max);
    let lh = m.line(FONT);
    c.lines(
        &lines,
        (left + max / 2.0, top + lh / 2.0),
        FONT,
        MUTED,
        Align::Centre,
    )?;
    Ok(lines.len() as f64 * lh)
}
