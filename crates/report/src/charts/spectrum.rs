//! The spectrum profile: one row per dimension, positions along a neutral track with the
//! dimension's low and high descriptors at its ends, the members' range now (above the track) and
//! in aspiration (below it) as light bands, and the agreed positions as a circle (now) and a
//! diamond (aspiration) joined by an arrow. The nearest approaches are named in a caption.
//!
//! A spectrum is a position, not a score: blue and orange only tell now from aspiration, and
//! nothing is coloured as good or bad. Where no position was agreed the members' mean is drawn
//! instead with a hollow marker, and the legend says so.

use govmat_core::{DimensionSummary, Nearest, Scale, SpectrumSummary};
use plotters::prelude::DrawingBackend;
use plotters::style::{Color, RGBColor};

use super::canvas::{
    Align, Canvas, Font, Measure, Shape, BLUE, GRID, INK, MUTED, ORANGE, SMALL, TEXT,
};
use super::legend::{self, Entry, Sample};
use super::ChartError;

const TITLE: Font = Font::bold(TEXT);
const DESCRIPTOR: Font = Font::regular(SMALL);

fn row_h(m: Measure) -> f64 {
    m.line(TITLE) + 8.0 * m.u + 36.0 * m.u + 8.0 * m.u + 2.0 * m.line(DESCRIPTOR) + 18.0 * m.u
}

fn header_h(m: Measure) -> f64 {
    3.0 * m.line(Font::regular(SMALL)) + 8.0 * m.u
}

/// Approach titles nearest first; semicolons, because titles may contain commas and "and".
fn names(list: &[Nearest]) -> String {
    if list.is_empty() {
        return "none (no positions recorded)".to_string();
    }
    let titles: Vec<&str> = list.iter().map(|n| n.title.as_str()).collect();
    titles.join("; ")
}

fn caption(summary: &SpectrumSummary) -> String {
    format!(
        "Nearest approaches now, nearest first: {}.  In aspiration: {}.",
        names(&summary.nearest_now),
        names(&summary.nearest_aspiration)
    )
}

/// A position to draw: (value, whether it was agreed rather than the members' mean).
type Placed = Option<(f64, bool)>;

/// Now and aspiration: the agreed position, else the members' mean.
fn positions(d: &DimensionSummary) -> (Placed, Placed) {
    let pick = |agreed: Option<i64>, mean: Option<f64>| {
        agreed
            .map(|a| (a as f64, true))
            .or(mean.map(|m| (m, false)))
    };
    (
        pick(d.agreed.now, d.now.mean),
        pick(d.agreed.aspiration, d.aspiration.mean),
    )
}

/// Legend entries for what this chart actually draws: agreed (filled) markers, members' means
/// (hollow) where nothing was agreed, or both.
fn entries(summary: &SpectrumSummary) -> Vec<Entry> {
    let has =
        |f: fn(&(Placed, Placed)) -> bool| summary.dimensions.iter().map(positions).any(|p| f(&p));
    let mut out = Vec::new();
    let markers = [
        (
            has(|p| matches!(p.0, Some((_, true)))),
            Shape::Circle,
            Some(BLUE),
            BLUE,
            "Agreed now",
        ),
        (
            has(|p| matches!(p.0, Some((_, false)))),
            Shape::Circle,
            None,
            BLUE,
            "Members' mean now",
        ),
        (
            has(|p| matches!(p.1, Some((_, true)))),
            Shape::Diamond,
            Some(ORANGE),
            INK,
            "Agreed aspiration",
        ),
        (
            has(|p| matches!(p.1, Some((_, false)))),
            Shape::Diamond,
            None,
            ORANGE,
            "Members' mean, aspiration",
        ),
    ];
    for (shown, shape, fill, stroke, label) in markers {
        if shown {
            out.push(Entry {
                sample: Sample::Marker {
                    shape,
                    fill,
                    stroke,
                },
                label: label.into(),
            });
        }
    }
    out.push(Entry {
        sample: Sample::Arrow(INK),
        label: "From now to aspiration".into(),
    });
    out.push(Entry {
        sample: Sample::Box {
            fill: band(BLUE),
            stroke: BLUE,
            hatch: false,
        },
        label: "Members' range now (above the line)".into(),
    });
    out.push(Entry {
        sample: Sample::Box {
            fill: band(ORANGE),
            stroke: ORANGE,
            hatch: false,
        },
        label: "Members' range in aspiration (below)".into(),
    });
    out
}

/// A light tint of a colour, opaque so bands look the same in SVG and in pixels.
fn band(c: RGBColor) -> RGBColor {
    let mix = |v: u8| (255.0 - (255.0 - v as f64) * 0.22).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

pub fn natural_height(m: Measure, summary: &SpectrumSummary) -> f64 {
    let inner = 1000.0 * m.u - 40.0 * m.u;
    40.0 * m.u
        + legend::height(m, &entries(summary), inner)
        + 10.0 * m.u
        + header_h(m)
        + summary.dimensions.len().max(1) as f64 * row_h(m)
        + m.wrap(&caption(summary), Font::regular(TEXT), inner).len() as f64
            * m.line(Font::regular(TEXT))
}

pub fn draw<DB: DrawingBackend>(
    c: &Canvas<DB>,
    scale: &Scale,
    summary: &SpectrumSummary,
) -> Result<(), ChartError> {
    let (u, m) = (c.u, c.measure());
    let pad = 20.0 * u;
    let inner = c.width - 2.0 * pad;
    let mut y = pad + legend::draw(c, &entries(summary), (pad, pad), inner)? + 10.0 * u;

    let body = Font::regular(TEXT);
    let cap = m.wrap(&caption(summary), body, inner);
    let cap_h = cap.len() as f64 * m.line(body);
    c.lines(
        &cap,
        (pad, c.height - pad - cap_h + m.line(body) / 2.0),
        body,
        INK,
        Align::Left,
    )?;

    let (tx0, tx1) = (pad + 70.0 * u, c.width - pad - 70.0 * u);
    let (lo, hi) = (scale.min() as f64, scale.max() as f64);
    let span = (hi - lo).max(1.0);
    let x = |v: f64| tx0 + (tx1 - tx0) * ((v - lo) / span).clamp(0.0, 1.0);

    // Position numbers and their neutral labels, once, above the first row.
    let small = Font::regular(SMALL);
    let lh = m.line(small);
    let step = (tx1 - tx0) / (scale.levels.len().max(2) - 1) as f64;
    for level in &scale.levels {
        let gx = x(level.value as f64);
        c.text(
            &level.value.to_string(),
            (gx, y + lh / 2.0),
            Font::bold(SMALL),
            INK,
            Align::Centre,
        )?;
        let label = m.fit(&level.label, small, step - 8.0 * u, 2);
        c.lines(&label, (gx, y + 1.5 * lh), small, MUTED, Align::Centre)?;
    }
    y += header_h(m);

    let avail = c.height - pad - cap_h - 8.0 * u - y;
    let n = summary.dimensions.len().max(1) as f64;
    let rh = (avail / n).min(row_h(m) * 1.3);
    let squeeze = (rh / row_h(m)).min(1.0);
    for d in &summary.dimensions {
        draw_row(c, d, y, squeeze, &x, (lo, hi))?;
        y += rh;
    }
    Ok(())
}

fn draw_row<DB: DrawingBackend>(
    c: &Canvas<DB>,
    d: &DimensionSummary,
    top: f64,
    squeeze: f64,
    x: &impl Fn(f64) -> f64,
    (lo, hi): (f64, f64),
) -> Result<(), ChartError> {
    let (u, m) = (c.u, c.measure());
    let pad = 20.0 * u;
    let inner = c.width - 2.0 * pad;
    let title = m.fit(&d.title, TITLE, inner, 1);
    c.lines(
        &title,
        (pad, top + m.line(TITLE) / 2.0),
        TITLE,
        INK,
        Align::Left,
    )?;
    let band_h = 18.0 * u * squeeze;
    let ty = top + m.line(TITLE) + 8.0 * u * squeeze + band_h;

    // Member ranges: now above the track, aspiration below, so they part in grey print too.
    let widen = 5.0 * u;
    if let (Some(a), Some(b)) = (d.now.min, d.now.max) {
        c.rect(
            (x(a as f64) - widen, ty - band_h),
            (x(b as f64) + widen, ty),
            band(BLUE).to_rgba(),
            true,
            1.0,
        )?;
    }
    if let (Some(a), Some(b)) = (d.aspiration.min, d.aspiration.max) {
        c.rect(
            (x(a as f64) - widen, ty),
            (x(b as f64) + widen, ty + band_h),
            band(ORANGE).to_rgba(),
            true,
            1.0,
        )?;
    }
    c.path(&[(x(lo), ty), (x(hi), ty)], MUTED.to_rgba(), 1.5 * u)?;
    let mut v = lo;
    while v <= hi {
        c.path(
            &[(x(v), ty - band_h * 0.5), (x(v), ty + band_h * 0.5)],
            GRID.to_rgba(),
            1.2 * u,
        )?;
        v += 1.0;
    }

    let (now, asp) = positions(d);
    let (r_now, r_asp) = (7.5 * u, 8.5 * u);
    if let (Some((a, _)), Some((b, _))) = (now, asp) {
        let (xa, xb) = (x(a), x(b));
        if (xb - xa).abs() > r_now + r_asp + 4.0 * u {
            let dir = (xb - xa).signum();
            c.arrow(
                (xa + dir * r_now, ty),
                (xb - dir * (r_asp * 1.25 + 2.0 * u), ty),
                INK,
                2.5 * u,
            )?;
        }
    }
    // The aspiration first, larger, so an unchanged position shows both markers.
    if let Some((v, agreed)) = asp {
        let fill = agreed.then_some(ORANGE);
        c.marker(
            Shape::Diamond,
            (x(v), ty),
            r_asp,
            fill,
            if agreed { INK } else { ORANGE },
        )?;
    }
    if let Some((v, agreed)) = now {
        let fill = agreed.then_some(BLUE);
        // Inside an unchanged aspiration's diamond the circle shrinks, so both stay visible.
        let same = asp.is_some_and(|(a, _)| (x(a) - x(v)).abs() < r_now);
        let r = if same { r_now * 0.6 } else { r_now };
        c.marker(Shape::Circle, (x(v), ty), r, fill, BLUE)?;
    }

    let desc_w = inner * 0.47;
    let small = DESCRIPTOR;
    let lines = if squeeze > 0.8 { 2 } else { 1 };
    let dy = ty + band_h + 6.0 * u + m.line(small) / 2.0;
    let low = m.fit(&format!("{}: {}", lo, d.low), small, desc_w, lines);
    c.lines(&low, (pad, dy), small, MUTED, Align::Left)?;
    let high = m.fit(&format!("{}: {}", hi, d.high), small, desc_w, lines);
    c.lines(&high, (c.width - pad, dy), small, MUTED, Align::Right)?;
    Ok(())
}
