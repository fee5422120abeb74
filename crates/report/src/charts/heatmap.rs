//! The disagreement heatmap: one row per item (titles on the left, where long text reads best) and
//! one column per member, members grouped under a role-group heading.
//!
//! Anonymity is decided before this chart sees anything: members come as anonymous codes in a
//! random order with the role group `govmat_core::RoleGroups` allows, or none when no breakdown
//! by role may be shown (then they form one group). Cells use a sequential pale-to-dark ramp with
//! the level written in, "?" for "don't know" and nothing for unanswered.

use govmat_core::{Answer, Scale};
use plotters::prelude::DrawingBackend;
use plotters::style::Color;

use super::canvas::{
    ink_on_ramp, ramp, Align, Canvas, Font, Measure, GRID, INK, MUTED, SMALL, TEXT,
};
use super::legend::{self, Entry, Sample};
use super::ChartError;

struct Column<'a> {
    code: &'a str,
    index: usize,
}

struct Group<'a> {
    label: String,
    columns: Vec<Column<'a>>,
}

/// Consecutive members with the same group label form one group.
fn groups(members: &[(String, Option<String>)]) -> Vec<Group<'_>> {
    let mut out: Vec<(Option<&str>, Vec<Column>)> = Vec::new();
    for (index, (code, group)) in members.iter().enumerate() {
        let label = group.as_deref();
        match out.last_mut() {
            Some((l, cols)) if *l == label => cols.push(Column { code, index }),
            _ => out.push((label, vec![Column { code, index }])),
        }
    }
    out.into_iter()
        .map(|(label, columns)| Group {
            label: format!("{} ({})", label.unwrap_or("Members"), columns.len()),
            columns,
        })
        .collect()
}

const TITLE: Font = Font::regular(TEXT);
const HEAD: Font = Font::bold(SMALL);

/// Cell width, label width and where the grid starts, for a chart `width` pixels wide.
struct Columns {
    cell_w: f64,
    label_w: f64,
    grid0: f64,
    group_gap: f64,
}

fn weight(_: &Column) -> f64 {
    1.0
}

fn columns(m: Measure, width: f64, groups: &[Group]) -> Columns {
    let (u, pad) = (m.u, 20.0 * m.u);
    let inner = width - 2.0 * pad;
    let weights: f64 = groups.iter().flat_map(|g| &g.columns).map(weight).sum();
    let group_gap = 12.0 * u;
    let gaps = group_gap * groups.len().saturating_sub(1) as f64;
    let cell_w = if weights > 0.0 {
        ((inner - 220.0 * u - 16.0 * u - gaps) / weights).min(64.0 * u)
    } else {
        64.0 * u
    };
    let label_w = (inner - 16.0 * u - gaps - cell_w * weights).min(360.0 * u);
    Columns {
        cell_w,
        label_w,
        grid0: pad + label_w + 16.0 * u,
        group_gap,
    }
}

/// Row height: one or two lines, as the longest title needs, all rows alike.
fn item_h(m: Measure, label_w: f64, items: &[(String, String)]) -> f64 {
    let lines = items
        .iter()
        .map(|(_, t)| m.fit(t, TITLE, label_w, 2).len())
        .max()
        .unwrap_or(1);
    (lines as f64 * m.line(TITLE) + 12.0 * m.u).max(36.0 * m.u)
}

fn header_h(m: Measure) -> f64 {
    3.0 * m.line(HEAD) + 12.0 * m.u
}

fn notes(scale: &Scale) -> String {
    format!(
        "{}  ·  ?\u{a0}=\u{a0}don't\u{a0}know  ·  blank\u{a0}=\u{a0}not\u{a0}answered  ·  members are coded in a random order",
        legend::scale_key(scale)
    )
}

fn ramp_entries(scale: &Scale) -> Vec<Entry> {
    let (lo, span) = (
        scale.min() as f64,
        (scale.max() - scale.min()).max(1) as f64,
    );
    scale
        .levels
        .iter()
        .map(|l| Entry {
            sample: Sample::Box {
                fill: ramp((l.value as f64 - lo) / span),
                stroke: MUTED,
                hatch: false,
            },
            label: l.value.to_string(),
        })
        .collect()
}

pub fn natural_height(
    m: Measure,
    scale: &Scale,
    members: &[(String, Option<String>)],
    items: &[(String, String)],
) -> f64 {
    let groups = groups(members);
    let inner = 1000.0 * m.u - 40.0 * m.u;
    let cols = columns(m, 1000.0 * m.u, &groups);
    40.0 * m.u
        + header_h(m)
        + items.len().max(1) as f64 * item_h(m, cols.label_w, items)
        + 12.0 * m.u
        + legend::height(m, &ramp_entries(scale), inner)
        + legend::note_height(m, &notes(scale), inner)
}

pub fn draw<DB: DrawingBackend>(
    c: &Canvas<DB>,
    scale: &Scale,
    members: &[(String, Option<String>)],
    items: &[(String, String)],
    answers: &[Vec<Answer>],
) -> Result<(), ChartError> {
    if answers.len() != members.len() {
        return Err(ChartError::Shape(format!(
            "{} members but {} rows of answers",
            members.len(),
            answers.len()
        )));
    }
    if let Some(row) = answers.iter().find(|r| r.len() != items.len()) {
        return Err(ChartError::Shape(format!(
            "{} items but a row of {} answers",
            items.len(),
            row.len()
        )));
    }
    let (u, m) = (c.u, c.measure());
    let pad = 20.0 * u;
    let inner = c.width - 2.0 * pad;
    let groups = groups(members);

    // Legend and notes at the bottom; the grid takes the rest.
    let note = notes(scale);
    let ramp_items = ramp_entries(scale);
    let foot = legend::height(m, &ramp_items, inner) + legend::note_height(m, &note, inner);
    let foot_top = c.height - pad - foot;
    let lh_legend = legend::draw(c, &ramp_items, (pad, foot_top), inner)?;
    legend::note(c, &note, (pad, foot_top + lh_legend), inner)?;

    let Columns {
        cell_w,
        label_w,
        grid0,
        group_gap,
    } = columns(m, c.width, &groups);

    let head = header_h(m);
    let top = pad + head;
    let row_h = if items.is_empty() {
        0.0
    } else {
        ((foot_top - 12.0 * u - top) / items.len() as f64).min(item_h(m, label_w, items) * 1.4)
    };
    let lh = m.line(TITLE);
    if groups.is_empty() || items.is_empty() {
        return legend::note(c, "No members' answers can be shown.", (pad, top), inner).map(|_| ());
    }
    for (r, (_, title)) in items.iter().enumerate() {
        let cy = top + row_h * (r as f64 + 0.5);
        let max_lines = if row_h >= 2.0 * lh + 4.0 * u { 2 } else { 1 };
        let lines = m.fit(title, TITLE, label_w, max_lines);
        let first = cy - (lines.len() as f64 - 1.0) * lh / 2.0;
        c.lines(&lines, (pad, first), TITLE, INK, Align::Left)?;
    }

    let (lo, span) = (
        scale.min() as f64,
        (scale.max() - scale.min()).max(1) as f64,
    );
    let hl = m.line(HEAD);
    let mut x = grid0;
    for g in &groups {
        let span_w: f64 = g.columns.iter().map(|col| weight(col) * cell_w).sum();
        let label = m.fit(&g.label, HEAD, span_w, 2);
        let first = pad + hl * (2.5 - label.len() as f64);
        c.lines(&label, (x + span_w / 2.0, first), HEAD, INK, Align::Centre)?;
        c.path(
            &[
                (x + 2.0 * u, pad + 2.2 * hl),
                (x + span_w - 2.0 * u, pad + 2.2 * hl),
            ],
            MUTED.to_rgba(),
            1.5 * u,
        )?;
        for col in &g.columns {
            let w = weight(col) * cell_w;
            let code = m
                .fit(col.code, Font::regular(SMALL), w - 4.0 * u, 1)
                .remove(0);
            c.text(
                &code,
                (x + w / 2.0, pad + 2.9 * hl),
                Font::regular(SMALL),
                MUTED,
                Align::Centre,
            )?;
            for (r, _) in items.iter().enumerate() {
                let (y0, y1) = (top + row_h * r as f64, top + row_h * (r as f64 + 1.0));
                let (text, fill) = match answers[col.index][r] {
                    Answer::Level(v) => (v.to_string(), Some((v as f64 - lo) / span)),
                    Answer::DontKnow => ("?".to_string(), None),
                    Answer::Unanswered => (String::new(), None),
                };
                let (a, b) = ((x, y0), (x + w, y1));
                let mid = (x + w / 2.0, (y0 + y1) / 2.0);
                match fill {
                    Some(t) => {
                        // Filled short of the cell's edges: the white ground shows between
                        // cells and keeps neighbouring levels apart, at one shape per cell.
                        c.rect(
                            (a.0 + u, a.1 + u),
                            (b.0 - u, b.1 - u),
                            ramp(t).to_rgba(),
                            true,
                            1.0,
                        )?;
                        c.text(
                            &text,
                            mid,
                            Font::regular(TEXT),
                            ink_on_ramp(t),
                            Align::Centre,
                        )?;
                    }
                    None => {
                        let inset = 2.0 * u;
                        c.rect(
                            (x + inset, y0 + inset),
                            (x + w - inset, y1 - inset),
                            GRID.to_rgba(),
                            false,
                            1.0,
                        )?;
                        c.text(&text, mid, Font::regular(TEXT), MUTED, Align::Centre)?;
                    }
                }
            }
            x += w;
        }
        x += group_gap;
    }
    Ok(())
}
