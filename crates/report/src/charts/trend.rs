//! The trend: each area's mean and the overall mean across rounds, oldest on the left.
//!
//! Where a round's instrument version cannot be compared with the round before, no line joins
//! them: a dashed rule marks the break and says "not comparable", so nobody reads a change in the
//! questionnaire as a change in the board. A missing mean likewise leaves a gap, never a zero.
//! Series differ by colour, marker and dash together; the overall line is the thick black one.

use govmat_core::{Scale, Trend};
use plotters::prelude::DrawingBackend;
use plotters::style::{Color, RGBColor};

use super::canvas::{
    Align, Canvas, Font, Shape, BLACK, BLUE, GREEN, GRID, INK, MUTED, ORANGE, PURPLE, SKY, SMALL,
    VERMILLION,
};
use super::legend::{self, Entry, Sample};
use super::ChartError;

/// The narrowest room a round's name and date are given under the axis, in chart units.
const LABEL_MIN_W: f64 = 110.0;
const COLOURS: [RGBColor; 6] = [BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY];
const SHAPES: [Shape; 4] = [
    Shape::Square,
    Shape::Diamond,
    Shape::TriangleUp,
    Shape::TriangleDown,
];
const DASHES: [Option<(f64, f64)>; 3] = [None, Some((10.0, 5.0)), Some((3.0, 4.0))];

struct Series<'a> {
    label: &'a str,
    values: Vec<Option<f64>>,
    color: RGBColor,
    shape: Shape,
    dash: Option<(f64, f64)>,
    width: f64,
}

impl Series<'_> {
    fn sample(&self) -> Sample {
        Sample::Line {
            color: self.color,
            width: self.width,
            dash: self.dash,
            marker: Some(self.shape),
            hollow: false,
        }
    }
}

fn series(trend: &Trend) -> Vec<Series<'_>> {
    let mut out: Vec<Series> = trend
        .areas
        .iter()
        .enumerate()
        .map(|(j, (_, title))| Series {
            label: title,
            values: trend
                .points
                .iter()
                .map(|p| p.areas.get(j).copied().flatten())
                .collect(),
            color: COLOURS[j % COLOURS.len()],
            shape: SHAPES[j % SHAPES.len()],
            dash: DASHES[j % DASHES.len()],
            width: 2.5,
        })
        .collect();
    out.push(Series {
        label: "Overall",
        values: trend.points.iter().map(|p| p.overall).collect(),
        color: BLACK,
        shape: Shape::Circle,
        dash: None,
        width: 4.5,
    });
    out
}

pub fn draw<DB: DrawingBackend>(
    c: &Canvas<DB>,
    scale: &Scale,
    trend: &Trend,
) -> Result<(), ChartError> {
    let (u, m) = (c.u, c.measure());
    let pad = 20.0 * u;
    let inner = c.width - 2.0 * pad;
    let all = series(trend);
    let entries: Vec<Entry> = all
        .iter()
        .rev()
        .map(|s| Entry {
            sample: s.sample(),
            label: s.label.to_string(),
        })
        .collect();

    let key = legend::scale_key(scale);
    let key_h = legend::note_height(m, &key, inner);
    let legend_h = legend::height(m, &entries, inner);
    let small = Font::regular(SMALL);
    let lh = m.line(small);
    let x_labels_h = 3.0 * lh + 10.0 * u;
    let foot_top = c.height - pad - key_h - legend_h;
    legend::draw(c, &entries, (pad, foot_top), inner)?;
    legend::note(c, &key, (pad, c.height - pad - key_h), inner)?;

    let (x0, x1) = (pad + 44.0 * u, c.width - pad - 10.0 * u);
    let (y0, y1) = (pad + 2.0 * lh + 6.0 * u, foot_top - x_labels_h - 8.0 * u);
    let n = trend.points.len();
    if n == 0 {
        return legend::note(c, "No rounds yet.", (pad, y0), inner).map(|_| ());
    }
    let step = (x1 - x0) / n as f64;
    let px = |i: usize| x0 + step * (i as f64 + 0.5);
    let (lo, hi) = (scale.min() as f64, scale.max() as f64);
    let span = (hi - lo).max(1.0);
    let py = |v: f64| y1 - (y1 - y0) * ((v - lo) / span).clamp(0.0, 1.0);

    for level in &scale.levels {
        let y = py(level.value as f64);
        let color = if level.value == scale.min() {
            MUTED
        } else {
            GRID
        };
        c.path(&[(x0, y), (x1, y)], color.to_rgba(), 1.2 * u)?;
        c.text(
            &level.value.to_string(),
            (x0 - 10.0 * u, y),
            Font::bold(SMALL),
            INK,
            Align::Right,
        )?;
    }
    // A long history (ten years of quarterly rounds) has no room to name every round: name every
    // k-th, counting back from the latest, which matters most, so each name has room to be read.
    let every = ((LABEL_MIN_W * u) / step).ceil().max(1.0) as usize;
    let label_w = step * every as f64 - 8.0 * u;
    for (i, p) in trend.points.iter().enumerate() {
        if (n - 1 - i).is_multiple_of(every) {
            let name = m.fit(&p.round, Font::bold(SMALL), label_w, 2);
            let top = y1 + 10.0 * u + lh / 2.0;
            c.lines(&name, (px(i), top), Font::bold(SMALL), INK, Align::Centre)?;
            let date = m.fit(&p.date, small, label_w, 1);
            c.lines(
                &date,
                (px(i), top + name.len() as f64 * lh),
                small,
                MUTED,
                Align::Centre,
            )?;
        }
        if i > 0 && !p.continues {
            let bx = (px(i - 1) + px(i)) / 2.0;
            c.dashed(
                &[(bx, y0 - 4.0 * u), (bx, y1)],
                MUTED.to_rgba(),
                2.0 * u,
                6.0 * u,
                5.0 * u,
            )?;
            let label = m.fit("not comparable", small, step - 4.0 * u, 2);
            let first = y0 - 6.0 * u - (label.len() as f64 - 0.5) * lh;
            c.lines(&label, (bx, first), small, MUTED, Align::Centre)?;
        }
    }

    // A small sideways offset per series keeps coincident markers visible.
    let k = all.len() as f64;
    let dodge = (3.0 * u).min(step / (4.0 * k));
    for (j, s) in all.iter().enumerate() {
        let off = (j as f64 - (k - 1.0) / 2.0) * dodge;
        let at = |i: usize, v: f64| (px(i) + off, py(v));
        for i in 1..n {
            if !trend.points[i].continues {
                continue;
            }
            if let (Some(a), Some(b)) = (s.values[i - 1], s.values[i]) {
                let pts = [at(i - 1, a), at(i, b)];
                match s.dash {
                    Some((d, g)) => c.dashed(&pts, s.color.to_rgba(), s.width * u, d * u, g * u)?,
                    None => c.path(&pts, s.color.to_rgba(), s.width * u)?,
                }
            }
        }
        for (i, v) in s.values.iter().enumerate() {
            if let Some(v) = v {
                c.marker(s.shape, at(i, *v), 6.0 * u, Some(s.color), s.color)?;
            }
        }
    }
    Ok(())
}
