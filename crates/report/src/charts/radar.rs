//! The radar: one spoke per area, the board's level on each area (`AreaScore::level`: agreed
//! scores where agreed, else members' means) as a filled polygon, and optionally the
//! target (each area's mean item target) and an earlier round as outlines.
//!
//! An area without a value is not drawn at the centre, which would read as the lowest level: the
//! polygon's edges to it are left out and its label says "no scores". Earlier rounds are matched
//! to this round's areas by id, so an area the earlier round lacked simply has no point.

use govmat_core::{mean, RoundScore, Scale};
use plotters::prelude::DrawingBackend;
use plotters::style::{Color, RGBColor};

use super::canvas::{
    one_decimal, Align, Canvas, Font, Shape, BLUE, GRID, INK, MUTED, SMALL, TEXT, VERMILLION,
};
use super::legend::{self, Entry, Sample};
use super::ChartError;

struct Series {
    values: Vec<Option<f64>>,
    color: RGBColor,
    width: f64,
    dash: Option<(f64, f64)>,
    shape: Shape,
    filled_marker: bool,
    fill: bool,
}

pub fn draw<DB: DrawingBackend>(
    c: &Canvas<DB>,
    scale: &Scale,
    round: &RoundScore,
    name: &str,
    show_target: bool,
    previous: Option<(&str, &RoundScore)>,
) -> Result<(), ChartError> {
    let (u, m) = (c.u, c.measure());
    let pad = 20.0 * u;
    let current: Vec<Option<f64>> = round.areas.iter().map(|a| a.level).collect();
    let mut series = Vec::new();
    let mut entries = vec![Entry {
        sample: Sample::Line {
            color: BLUE,
            width: 3.0,
            dash: None,
            marker: Some(Shape::Circle),
            hollow: false,
        },
        label: name.to_string(),
    }];
    if let Some((prev_name, prev)) = previous {
        let values = round
            .areas
            .iter()
            .map(|a| {
                prev.areas
                    .iter()
                    .find(|p| p.id == a.id)
                    .and_then(|p| p.level)
            })
            .collect();
        series.push(Series {
            values,
            color: MUTED,
            width: 2.5,
            dash: Some((9.0, 6.0)),
            shape: Shape::Square,
            filled_marker: false,
            fill: false,
        });
        entries.push(Entry {
            sample: Sample::Line {
                color: MUTED,
                width: 2.5,
                dash: Some((9.0, 6.0)),
                marker: Some(Shape::Square),
                hollow: true,
            },
            label: prev_name.to_string(),
        });
    }
    if show_target {
        let values = round
            .areas
            .iter()
            .map(|a| mean(a.items.iter().filter_map(|i| i.target.map(|t| t as f64))))
            .collect();
        series.push(Series {
            values,
            color: VERMILLION,
            width: 2.5,
            dash: Some((3.0, 4.0)),
            shape: Shape::TriangleUp,
            filled_marker: true,
            fill: false,
        });
        entries.push(Entry {
            sample: Sample::Line {
                color: VERMILLION,
                width: 2.5,
                dash: Some((3.0, 4.0)),
                marker: Some(Shape::TriangleUp),
                hollow: false,
            },
            label: "Target (mean of item targets)".to_string(),
        });
    }
    series.push(Series {
        values: current.clone(),
        color: BLUE,
        width: 3.0,
        dash: None,
        shape: Shape::Circle,
        filled_marker: true,
        fill: true,
    });

    let inner = c.width - 2.0 * pad;
    let top = pad + legend::draw(c, &entries, (pad, pad), inner)? + 10.0 * u;
    let key = legend::scale_key(scale);
    let key_h = legend::note_height(m, &key, inner);
    legend::note(c, &key, (pad, c.height - pad - key_h), inner)?;
    let bottom = c.height - pad - key_h - 10.0 * u;

    let n = round.areas.len();
    if n == 0 {
        return legend::note(c, "No areas to draw.", (pad, top), inner).map(|_| ());
    }
    let title = Font::regular(TEXT);
    let value_font = Font::bold(TEXT);
    let label_w = 200.0 * u;
    let lh = m.line(title);
    let labels: Vec<Vec<String>> = round
        .areas
        .iter()
        .map(|a| m.fit(&a.title, title, label_w, 3))
        .collect();
    let label_h = 4.0 * lh;
    let gap = 14.0 * u;
    let radius = ((c.width - 2.0 * pad - 2.0 * (label_w + gap)) / 2.0)
        .min((bottom - top - 2.0 * (label_h + gap)) / 2.0)
        .max(20.0 * u);
    let (cx, cy) = (c.width / 2.0, (top + bottom) / 2.0);
    let angle =
        |k: usize| -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * k as f64 / n as f64;
    let (lo, hi) = (scale.min() as f64, scale.max() as f64);
    let span = (hi - lo).max(1.0);
    let at = |k: usize, v: f64| {
        let r = radius * ((v - lo) / span).clamp(0.0, 1.0);
        (cx + r * angle(k).cos(), cy + r * angle(k).sin())
    };

    // Rings at each level, spokes, and the level values up the first spoke.
    for level in &scale.levels {
        let v = level.value as f64;
        let mut ring: Vec<(f64, f64)> = (0..n).map(|k| at(k, v)).collect();
        ring.push(ring[0]);
        let color = if level.value == scale.max() {
            MUTED
        } else {
            GRID
        };
        c.path(&ring, color.to_rgba(), 1.2 * u)?;
    }
    for k in 0..n {
        c.path(&[(cx, cy), at(k, hi)], GRID.to_rgba(), 1.2 * u)?;
    }
    for level in &scale.levels {
        let (x, y) = at(0, level.value as f64);
        c.text(
            &level.value.to_string(),
            (x + 6.0 * u, y + 9.0 * u),
            Font::regular(SMALL),
            MUTED,
            Align::Left,
        )?;
    }

    for s in &series {
        draw_series(c, s, n, &at)?;
    }

    for (k, (area, lines)) in round.areas.iter().zip(&labels).enumerate() {
        let (cos, sin) = (angle(k).cos(), angle(k).sin());
        let (px, py) = (cx + (radius + gap) * cos, cy + (radius + gap) * sin);
        let align = if cos > 0.3 {
            Align::Left
        } else if cos < -0.3 {
            Align::Right
        } else {
            Align::Centre
        };
        let value = area
            .level
            .map_or_else(|| "no scores".to_string(), one_decimal);
        let block = (lines.len() + 1) as f64 * lh;
        let first = if sin < -0.3 {
            py - block + lh / 2.0
        } else if sin > 0.3 {
            py + lh / 2.0
        } else {
            py - block / 2.0 + lh / 2.0
        };
        c.lines(lines, (px, first), title, INK, align)?;
        let value_color = if area.level.is_some() { BLUE } else { MUTED };
        c.text(
            &value,
            (px, first + lines.len() as f64 * lh),
            value_font,
            value_color,
            align,
        )?;
    }
    Ok(())
}

fn draw_series<DB: DrawingBackend>(
    c: &Canvas<DB>,
    s: &Series,
    n: usize,
    at: &impl Fn(usize, f64) -> (f64, f64),
) -> Result<(), ChartError> {
    let u = c.u;
    let points: Vec<Option<(f64, f64)>> = (0..n).map(|k| s.values[k].map(|v| at(k, v))).collect();
    if s.fill && points.iter().all(Option::is_some) && n >= 3 {
        let poly: Vec<(f64, f64)> = points.iter().flatten().copied().collect();
        c.polygon(&poly, s.color.mix(0.14))?;
    }
    // Edges only between neighbouring areas that both have a value.
    let edges = if n >= 3 { n } else { n.saturating_sub(1) };
    for k in 0..edges {
        if let (Some(a), Some(b)) = (points[k], points[(k + 1) % n]) {
            match s.dash {
                Some((d, g)) => c.dashed(&[a, b], s.color.to_rgba(), s.width * u, d * u, g * u)?,
                None => c.path(&[a, b], s.color.to_rgba(), s.width * u)?,
            }
        }
    }
    for p in points.iter().flatten() {
        let fill = s.filled_marker.then_some(s.color);
        c.marker(s.shape, *p, 6.0 * u, fill, s.color)?;
    }
    Ok(())
}
