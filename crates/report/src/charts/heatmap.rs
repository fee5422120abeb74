//! The disagreement heatmap: one row per item (titles on the left, where long text reads best)
//! and one column per level of the scale, then "don't know" and "not answered". Each cell says how
//! many members gave that answer, shaded pale to dark by the share of the board.
//!
//! It is drawn from the round's score alone, so it can show nothing that links one member's
//! answers across items: a column per member (however coded) would let anyone who knows one of a
//! colleague's answers read the rest of their ballot. An item scored by fewer members than the
//! anonymity minimum shows its counts of "don't know" and "not answered" only, and says why.

use govmat_core::{ItemScore, RoundScore, Scale};
use plotters::prelude::DrawingBackend;
use plotters::style::Color;

use super::canvas::{
    ink_on_ramp, ramp, Align, Canvas, Font, Measure, GRID, INK, MUTED, PALE, SMALL, TEXT,
};
use super::legend::{self, Entry, Sample};
use super::ChartError;

const TITLE: Font = Font::regular(TEXT);
const HEAD: Font = Font::bold(SMALL);

/// The columns: each level, then "don't know" and "not answered".
fn headings(scale: &Scale) -> Vec<String> {
    // Levels by value alone (the key below the chart names them): a level's label would break
    // mid-word in a column this narrow.
    let mut h: Vec<String> = scale.levels.iter().map(|l| l.value.to_string()).collect();
    h.push("Don't know".into());
    h.push("Not answered".into());
    h
}

/// Cell width, label width and where the grid starts, for a chart `width` pixels wide.
struct Columns {
    cell_w: f64,
    label_w: f64,
    grid0: f64,
    /// The gap between the levels and the two "no score" columns.
    gap: f64,
}

fn columns(m: Measure, width: f64, n: usize) -> Columns {
    let (u, pad) = (m.u, 20.0 * m.u);
    let inner = width - 2.0 * pad;
    let gap = 12.0 * u;
    let cell_w = ((inner - 300.0 * u - 16.0 * u - gap) / n.max(1) as f64).min(96.0 * u);
    let label_w = (inner - 16.0 * u - gap - cell_w * n as f64).min(420.0 * u);
    Columns {
        cell_w,
        label_w,
        grid0: pad + label_w + 16.0 * u,
        gap,
    }
}

/// Row height: one or two lines, as the longest title needs, all rows alike.
fn item_h(m: Measure, label_w: f64, items: &[&ItemScore]) -> f64 {
    let lines = items
        .iter()
        .map(|i| m.fit(&i.title, TITLE, label_w, 2).len())
        .max()
        .unwrap_or(1);
    (lines as f64 * m.line(TITLE) + 12.0 * m.u).max(36.0 * m.u)
}

fn header_h(m: Measure) -> f64 {
    3.0 * m.line(HEAD) + 12.0 * m.u
}

fn notes(scale: &Scale, round: &RoundScore) -> String {
    format!(
        "{}  ·  each cell: how many of the {} members gave that answer  ·  items scored by fewer than {} members show no levels  ·  no member's answers are linked across items",
        legend::scale_key(scale),
        round.respondents,
        round.min_group
    )
}

fn ramp_entries() -> Vec<Entry> {
    [("a few", 0.2), ("about half", 0.5), ("all", 1.0)]
        .into_iter()
        .map(|(label, t)| Entry {
            sample: Sample::Box {
                fill: ramp(t),
                stroke: MUTED,
                hatch: false,
            },
            label: format!("{label} of the board"),
        })
        .collect()
}

pub fn natural_height(m: Measure, scale: &Scale, round: &RoundScore) -> f64 {
    let items: Vec<&ItemScore> = round.items().collect();
    let inner = 1000.0 * m.u - 40.0 * m.u;
    let cols = columns(m, 1000.0 * m.u, headings(scale).len());
    40.0 * m.u
        + header_h(m)
        + items.len().max(1) as f64 * item_h(m, cols.label_w, &items)
        + 12.0 * m.u
        + legend::height(m, &ramp_entries(), inner)
        + legend::note_height(m, &notes(scale, round), inner)
}

pub fn draw<DB: DrawingBackend>(
    c: &Canvas<DB>,
    scale: &Scale,
    round: &RoundScore,
) -> Result<(), ChartError> {
    let (u, m) = (c.u, c.measure());
    let pad = 20.0 * u;
    let inner = c.width - 2.0 * pad;
    let items: Vec<&ItemScore> = round.items().collect();
    let heads = headings(scale);
    let levels = scale.levels.len();

    // Legend and notes at the bottom; the grid takes the rest.
    let note = notes(scale, round);
    let ramp_items = ramp_entries();
    let foot = legend::height(m, &ramp_items, inner) + legend::note_height(m, &note, inner);
    let foot_top = c.height - pad - foot;
    let lh_legend = legend::draw(c, &ramp_items, (pad, foot_top), inner)?;
    legend::note(c, &note, (pad, foot_top + lh_legend), inner)?;

    let Columns {
        cell_w,
        label_w,
        grid0,
        gap,
    } = columns(m, c.width, heads.len());
    let x_of = |col: usize| grid0 + cell_w * col as f64 + if col >= levels { gap } else { 0.0 };

    let head = header_h(m);
    let top = pad + head;
    if items.is_empty() || round.respondents == 0 {
        return legend::note(c, "No members' answers yet.", (pad, top), inner).map(|_| ());
    }
    let row_h =
        ((foot_top - 12.0 * u - top) / items.len() as f64).min(item_h(m, label_w, &items) * 1.4);
    let lh = m.line(TITLE);
    let hl = m.line(HEAD);
    for (col, text) in heads.iter().enumerate() {
        let x = x_of(col);
        let label = m.fit(text, HEAD, cell_w - 4.0 * u, 3);
        let first = pad + hl * (3.0 - label.len() as f64);
        c.lines(&label, (x + cell_w / 2.0, first), HEAD, INK, Align::Centre)?;
    }
    let share = |n: usize| n as f64 / round.respondents.max(1) as f64;
    for (r, item) in items.iter().enumerate() {
        let (y0, y1) = (top + row_h * r as f64, top + row_h * (r as f64 + 1.0));
        let cy = (y0 + y1) / 2.0;
        let max_lines = if row_h >= 2.0 * lh + 4.0 * u { 2 } else { 1 };
        let lines = m.fit(&item.title, TITLE, label_w, max_lines);
        let first = cy - (lines.len() as f64 - 1.0) * lh / 2.0;
        c.lines(&lines, (pad, first), TITLE, INK, Align::Left)?;

        let mut counts: Vec<Option<usize>> = if item.stats.withheld {
            vec![None; levels]
        } else {
            scale
                .levels
                .iter()
                .map(|l| {
                    let n = item.distribution.iter().find(|(v, _)| *v == l.value);
                    Some(n.map_or(0, |(_, n)| *n))
                })
                .collect()
        };
        counts.push(Some(item.dont_know));
        counts.push(Some(item.unanswered));
        if item.stats.withheld {
            // One pale band across the levels, saying why they are not shown.
            let (x0, x1) = (x_of(0), x_of(levels - 1) + cell_w);
            c.rect(
                (x0 + u, y0 + u),
                (x1 - u, y1 - u),
                PALE.to_rgba(),
                true,
                1.0,
            )?;
            c.hatch((x0 + u, y0 + u), (x1 - u, y1 - u), GRID.to_rgba(), 8.0 * u)?;
            let why = format!("fewer than {} scored answers", round.min_group);
            let why = m
                .fit(&why, Font::regular(SMALL), x1 - x0 - 8.0 * u, 1)
                .remove(0);
            c.text(
                &why,
                ((x0 + x1) / 2.0, cy),
                Font::regular(SMALL),
                INK,
                Align::Centre,
            )?;
        }
        for (col, n) in counts.iter().enumerate() {
            let Some(n) = *n else { continue };
            let x = x_of(col);
            let mid = (x + cell_w / 2.0, cy);
            if n == 0 {
                let inset = 2.0 * u;
                c.rect(
                    (x + inset, y0 + inset),
                    (x + cell_w - inset, y1 - inset),
                    GRID.to_rgba(),
                    false,
                    1.0,
                )?;
                continue;
            }
            let t = share(n);
            // Filled short of the cell's edges: the white ground shows between cells and keeps
            // neighbouring counts apart, at one shape per cell.
            c.rect(
                (x + u, y0 + u),
                (x + cell_w - u, y1 - u),
                ramp(t).to_rgba(),
                true,
                1.0,
            )?;
            c.text(
                &n.to_string(),
                mid,
                Font::regular(TEXT),
                ink_on_ramp(t),
                Align::Centre,
            )?;
        }
    }
    Ok(())
}
