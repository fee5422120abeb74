//! The drawing vocabulary every chart shares: the palette, text placed by its centre line,
//! markers, dashed lines, hatching and arrows, all in pixel coordinates.
//!
//! Charts lay themselves out by hand rather than through plotters' `ChartBuilder`, because long
//! Unicode titles must be wrapped and placed where they cannot collide, which the builder's
//! single-line labels cannot promise. Sizes are given for a chart 1,000 px wide and scaled by
//! [`Canvas::u`], so a chart rasterised at 3,000 px for print looks the same as on screen.
//! Measuring and wrapping text live in `text`. This module knows nothing about scores.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{RGBAColor, RGBColor};

use super::text::{clean, desc};
pub use super::text::{register_fonts, Align, Font, Measure, FAMILY, SMALL, TEXT};
use super::ChartError;

/// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
pub const BLACK: RGBColor = RGBColor(0, 0, 0);
pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
pub const SKY: RGBColor = RGBColor(86, 180, 233);
pub const GREEN: RGBColor = RGBColor(0, 158, 115);
pub const BLUE: RGBColor = RGBColor(0, 114, 178);
pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
pub const PURPLE: RGBColor = RGBColor(204, 121, 167);
/// Neutral greys for text, grid and bands.
pub const INK: RGBColor = RGBColor(34, 34, 34);
pub const MUTED: RGBColor = RGBColor(90, 90, 90);
pub const GRID: RGBColor = RGBColor(200, 200, 200);
pub const PALE: RGBColor = RGBColor(238, 238, 238);

/// Marker shapes, so that series differ in grey print and not by colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Square,
    Diamond,
    TriangleUp,
    TriangleDown,
}

/// One drawing surface with its scale factor; all lengths passed in are already in pixels.
pub struct Canvas<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    /// Pixels per design unit: the chart's width divided by 1,000.
    pub u: f64,
    pub width: f64,
    pub height: f64,
    /// A vertical correction, in ems, so the bitmap font's baseline sits where SVG puts it.
    nudge: f64,
    /// How much larger than usual text is set (1 normally; more for a projector).
    pub t: f64,
}

pub fn draw_err<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Drawing(e.to_string())
}

impl<'a, DB: DrawingBackend> Canvas<'a, DB> {
    pub fn new(area: &'a DrawingArea<DB, Shift>, nudge: f64, t: f64) -> Self {
        let (w, h) = area.dim_in_pixel();
        Canvas {
            area,
            u: w as f64 / 1000.0,
            width: w as f64,
            height: h as f64,
            nudge,
            t,
        }
    }

    pub fn measure(&self) -> Measure {
        Measure {
            u: self.u,
            t: self.t,
        }
    }

    /// Draws one line of text whose vertical centre (of a lower-case letter) is at `y`.
    pub fn text(
        &self,
        text: &str,
        (x, y): (f64, f64),
        font: Font,
        color: RGBColor,
        align: Align,
    ) -> Result<(), ChartError> {
        let h = match align {
            Align::Left => HPos::Left,
            Align::Centre => HPos::Center,
            Align::Right => HPos::Right,
        };
        let em = font.size * self.u * self.t / 1.24;
        let style = desc(font, self.u * self.t)
            .color(&color)
            .pos(Pos::new(h, VPos::Center));
        let y = y + self.nudge * em;
        self.area
            .draw_text(&clean(text), &style, (x.round() as i32, y.round() as i32))
            .map_err(draw_err)
    }

    /// Draws lines of text, the first centred on `y`, each following one line height below.
    pub fn lines(
        &self,
        lines: &[String],
        (x, y): (f64, f64),
        font: Font,
        color: RGBColor,
        align: Align,
    ) -> Result<(), ChartError> {
        let step = self.measure().line(font);
        for (i, line) in lines.iter().enumerate() {
            self.text(line, (x, y + i as f64 * step), font, color, align)?;
        }
        Ok(())
    }

    pub fn fill(&self, color: RGBColor) -> Result<(), ChartError> {
        self.area.fill(&color).map_err(draw_err)
    }

    pub fn rect(
        &self,
        (x0, y0): (f64, f64),
        (x1, y1): (f64, f64),
        color: RGBAColor,
        filled: bool,
        stroke: f64,
    ) -> Result<(), ChartError> {
        if !filled {
            // plotters' SVG rectangles ignore the stroke width, so outlines are drawn as paths.
            let ring = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)];
            return self.path(&ring, color, stroke);
        }
        let style = ShapeStyle {
            color,
            filled,
            stroke_width: px(stroke),
        };
        let r = Rectangle::new([pt(x0, y0), pt(x1, y1)], style);
        self.area.draw(&r).map_err(draw_err)
    }

    pub fn path(
        &self,
        points: &[(f64, f64)],
        color: RGBAColor,
        stroke: f64,
    ) -> Result<(), ChartError> {
        let pts: Vec<(i32, i32)> = points.iter().map(|&(x, y)| pt(x, y)).collect();
        let style = ShapeStyle {
            color,
            filled: false,
            stroke_width: px(stroke),
        };
        self.area
            .draw(&PathElement::new(pts, style))
            .map_err(draw_err)
    }

    pub fn polygon(&self, points: &[(f64, f64)], color: RGBAColor) -> Result<(), ChartError> {
        let pts: Vec<(i32, i32)> = points.iter().map(|&(x, y)| pt(x, y)).collect();
        self.area
            .draw(&Polygon::new(pts, color.filled()))
            .map_err(draw_err)
    }

    /// A line broken into dashes of `dash` pixels with `gap` pixels between them.
    pub fn dashed(
        &self,
        points: &[(f64, f64)],
        color: RGBAColor,
        stroke: f64,
        dash: f64,
        gap: f64,
    ) -> Result<(), ChartError> {
        if dash <= 0.0 || gap <= 0.0 {
            return self.path(points, color, stroke);
        }
        // Carry the dash state across corners, so a polyline dashes evenly. Each step either
        // ends a segment or uses up a whole dash or gap, so rounding cannot stall the loop.
        let (mut on, mut left) = (true, dash);
        for pair in points.windows(2) {
            let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
            let len = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt();
            let at = |d: f64| (x0 + (x1 - x0) * d / len, y0 + (y1 - y0) * d / len);
            let mut d = 0.0;
            while len - d > 1e-6 {
                let step = left.min(len - d);
                if on {
                    self.path(&[at(d), at(d + step)], color, stroke)?;
                }
                d += step;
                left -= step;
                if left <= 1e-6 {
                    on = !on;
                    left = if on { dash } else { gap };
                }
            }
        }
        Ok(())
    }

    /// Diagonal hatching inside an axis-aligned rectangle.
    pub fn hatch(
        &self,
        (x0, y0): (f64, f64),
        (x1, y1): (f64, f64),
        color: RGBAColor,
        spacing: f64,
    ) -> Result<(), ChartError> {
        let (w, h) = (x1 - x0, y1 - y0);
        if w <= 0.0 || h <= 0.0 {
            return Ok(());
        }
        // Lines x − y = c for c across the box, each clipped to it.
        let mut c = -h + spacing;
        while c < w {
            let (sx, sy) = if c >= 0.0 { (c, 0.0) } else { (0.0, -c) };
            let run = (w - sx).min(h - sy);
            self.path(
                &[(x0 + sx, y1 - sy), (x0 + sx + run, y1 - sy - run)],
                color,
                1.2 * self.u,
            )?;
            c += spacing;
        }
        Ok(())
    }

    /// A marker of radius `r`: filled with `fill` when given, always outlined in `stroke`.
    pub fn marker(
        &self,
        shape: Shape,
        (x, y): (f64, f64),
        r: f64,
        fill: Option<RGBColor>,
        stroke: RGBColor,
    ) -> Result<(), ChartError> {
        let line = 1.6 * self.u;
        if shape == Shape::Circle {
            let style = |c: RGBColor, filled| ShapeStyle {
                color: c.to_rgba(),
                filled,
                stroke_width: px(line),
            };
            if let Some(f) = fill {
                self.area
                    .draw(&Circle::new(pt(x, y), r.round() as i32, style(f, true)))
                    .map_err(draw_err)?;
            } else {
                self.area
                    .draw(&Circle::new(pt(x, y), r.round() as i32, style(WHITE, true)))
                    .map_err(draw_err)?;
            }
            return self
                .area
                .draw(&Circle::new(
                    pt(x, y),
                    r.round() as i32,
                    style(stroke, false),
                ))
                .map_err(draw_err);
        }
        let pts: Vec<(f64, f64)> = match shape {
            Shape::Square => {
                let s = r * 0.85;
                vec![
                    (x - s, y - s),
                    (x + s, y - s),
                    (x + s, y + s),
                    (x - s, y + s),
                ]
            }
            Shape::Diamond => {
                let s = r * 1.2;
                vec![(x, y - s), (x + s, y), (x, y + s), (x - s, y)]
            }
            Shape::TriangleUp => {
                let s = r * 1.15;
                vec![(x, y - s), (x + s, y + s * 0.75), (x - s, y + s * 0.75)]
            }
            Shape::TriangleDown => {
                let s = r * 1.15;
                vec![(x - s, y - s * 0.75), (x + s, y - s * 0.75), (x, y + s)]
            }
            Shape::Circle => unreachable!("circles are drawn above"),
        };
        self.polygon(&pts, fill.unwrap_or(WHITE).to_rgba())?;
        let mut closed = pts.clone();
        closed.push(pts[0]);
        self.path(&closed, stroke.to_rgba(), line)
    }

    /// A straight arrow from `a` to `b` with a filled head at `b`.
    pub fn arrow(
        &self,
        a: (f64, f64),
        b: (f64, f64),
        color: RGBColor,
        stroke: f64,
    ) -> Result<(), ChartError> {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = (dx * dx + dy * dy).sqrt();
        if len < 1.0 {
            return Ok(());
        }
        let (ux, uy) = (dx / len, dy / len);
        let head = (9.0 * self.u).min(len * 0.6);
        let base = (b.0 - ux * head, b.1 - uy * head);
        self.path(&[a, base], color.to_rgba(), stroke)?;
        let w = head * 0.55;
        self.polygon(
            &[
                b,
                (base.0 - uy * w, base.1 + ux * w),
                (base.0 + uy * w, base.1 - ux * w),
            ],
            color.to_rgba(),
        )
    }
}

fn pt(x: f64, y: f64) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

fn px(stroke: f64) -> u32 {
    stroke.round().max(1.0) as u32
}

/// A sequential ramp from pale to dark blue (ColorBrewer "Blues"): ordered by lightness, so it
/// reads correctly in grey print and with any colour-vision deficiency. `t` runs from 0 to 1.
pub fn ramp(t: f64) -> RGBColor {
    const STOPS: [(u8, u8, u8); 5] = [
        (222, 235, 247),
        (158, 202, 225),
        (66, 146, 198),
        (33, 113, 181),
        (8, 48, 107),
    ];
    let t = t.clamp(0.0, 1.0) * (STOPS.len() - 1) as f64;
    let i = (t.floor() as usize).min(STOPS.len() - 2);
    let f = t - i as f64;
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * f).round() as u8;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Text on a ramp colour: white where the cell is dark enough that black would be hard to read.
pub fn ink_on_ramp(t: f64) -> RGBColor {
    if t > 0.55 {
        WHITE
    } else {
        INK
    }
}

/// One decimal, the precision a board can act on.
pub fn one_decimal(v: f64) -> String {
    format!("{v:.1}")
}
