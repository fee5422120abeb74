//! The level axis that the item bars and the benchmark box plots share: where a value falls
//! between the row titles on the left and the figures column on the right, the gridlines behind
//! the rows, the column's header, and the axis under them with each level's value and label.

use govmat_core::Scale;
use plotters::prelude::DrawingBackend;
use plotters::style::Color;

use super::canvas::{Align, Canvas, Font, Measure, GRID, INK, MUTED, SMALL};
use super::ChartError;

/// A scale laid across the plot: from `plot0` (after the titles) to `plot1` (before the figures).
pub(super) struct LevelAxis<'a> {
    scale: &'a Scale,
    plot0: f64,
    plot1: f64,
    lo: f64,
    span: f64,
}

impl<'a> LevelAxis<'a> {
    /// The axis of a chart `c` with `pad` at each side, `label_w` for titles on the left and
    /// `value_w` for figures on the right.
    pub(super) fn new<DB: DrawingBackend>(
        c: &Canvas<DB>,
        scale: &'a Scale,
        (pad, label_w, value_w): (f64, f64, f64),
    ) -> Self {
        let (lo, hi) = (scale.min() as f64, scale.max() as f64);
        LevelAxis {
            scale,
            plot0: pad + label_w + 18.0 * c.u,
            plot1: c.width - pad - value_w - 14.0 * c.u,
            lo,
            span: (hi - lo).max(1.0),
        }
    }

    /// The height the axis takes under the rows: a value and two lines of label.
    pub(super) fn height(m: Measure) -> f64 {
        3.0 * m.line(Font::regular(SMALL)) + 14.0 * m.u
    }

    /// Where `v` falls, kept inside the scale.
    pub(super) fn x(&self, v: f64) -> f64 {
        self.plot0 + (self.plot1 - self.plot0) * ((v - self.lo) / self.span).clamp(0.0, 1.0)
    }

    /// The figures column's header at the right of the chart, at `y`; returns its height.
    pub(super) fn header<DB: DrawingBackend>(
        c: &Canvas<DB>,
        text: &str,
        pad: f64,
        y: f64,
    ) -> Result<f64, ChartError> {
        let small = Font::regular(SMALL);
        let h = c.measure().line(small);
        c.text(
            text,
            (c.width - pad, y + h / 2.0),
            small,
            MUTED,
            Align::Right,
        )?;
        Ok(h)
    }

    /// A gridline at each level, from `top` to `bottom`, behind the rows.
    pub(super) fn gridlines<DB: DrawingBackend>(
        &self,
        c: &Canvas<DB>,
        (top, bottom): (f64, f64),
    ) -> Result<(), ChartError> {
        for level in &self.scale.levels {
            let gx = self.x(level.value as f64);
            c.path(&[(gx, top), (gx, bottom)], GRID.to_rgba(), 1.0 * c.u)?;
        }
        Ok(())
    }

    /// The axis line at `bottom`, with a tick, the value and the label under each level.
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        c: &Canvas<DB>,
        bottom: f64,
    ) -> Result<(), ChartError> {
        let (u, m) = (c.u, c.measure());
        let small = Font::regular(SMALL);
        c.path(
            &[(self.plot0, bottom), (self.plot1, bottom)],
            MUTED.to_rgba(),
            1.2 * u,
        )?;
        let spacing = (self.plot1 - self.plot0) / (self.scale.levels.len().max(2) - 1) as f64;
        let lh = m.line(small);
        for level in &self.scale.levels {
            let gx = self.x(level.value as f64);
            c.path(
                &[(gx, bottom), (gx, bottom + 6.0 * u)],
                MUTED.to_rgba(),
                1.2 * u,
            )?;
            let at = bottom + 8.0 * u + lh / 2.0;
            c.text(
                &level.value.to_string(),
                (gx, at),
                Font::bold(SMALL),
                INK,
                Align::Centre,
            )?;
            let label = m.fit(&level.label, small, spacing - 6.0 * u, 2);
            c.lines(&label, (gx, at + lh), small, MUTED, Align::Centre)?;
        }
        Ok(())
    }
}
