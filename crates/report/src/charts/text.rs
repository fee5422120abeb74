//! Text: the embedded font, sizes, and measuring and wrapping text to a width.
//!
//! Measuring needs no backend, so a chart can size its layout before anything is drawn, and the
//! numbers are the same whether the chart ends as SVG or as pixels. Wrapping keeps words whole
//! unless one is longer than a line, respects no-break spaces, and ends cut text with "…".

use std::sync::OnceLock;

use plotters::style::{FontDesc, FontFamily, FontStyle};

use super::ChartError;
use crate::fonts::{BOLD, REGULAR};

/// The family every piece of text is set in; the SVG names it, and the bitmap renderer draws it
/// from the embedded files, so no chart depends on the fonts of the machine that draws it.
pub const FAMILY: &str = "DejaVu Sans";

/// Registers the embedded fonts once per process; later calls return the first outcome.
pub fn register_fonts() -> Result<(), ChartError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, REGULAR).is_ok()
            && plotters::style::register_font(FAMILY, FontStyle::Bold, BOLD).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(ChartError::Font)
    }
}

/// Body text and small text (ticks, legends, notes), in plotters' size units for a chart
/// 1,000 px wide. SVG sets these at size / 1.24, so 18 gives 14.5 px text.
pub const TEXT: f64 = 19.0;
pub const SMALL: f64 = 18.0;

#[derive(Debug, Clone, Copy)]
pub struct Font {
    pub size: f64,
    pub bold: bool,
}

impl Font {
    pub const fn regular(size: f64) -> Font {
        Font { size, bold: false }
    }
    pub const fn bold(size: f64) -> Font {
        Font { size, bold: true }
    }
}

/// Whether a line reads from its left end, its centre or its right end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

pub(super) fn desc(font: Font, u: f64) -> FontDesc<'static> {
    let style = if font.bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    FontDesc::new(FontFamily::Name(FAMILY), font.size * u, style)
}

/// Replaces control characters, which no font draws, with spaces.
pub(super) fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Text measurement that needs no backend, so layouts can be sized before anything is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    pub u: f64,
    /// Text size relative to the usual (see [`super::Canvas::t`]).
    pub t: f64,
}

impl Measure {
    pub fn width(&self, text: &str, font: Font) -> f64 {
        desc(font, self.u * self.t)
            .box_size(&clean(text))
            .map_or(0.0, |(w, _)| w as f64)
    }

    /// Distance between baselines of wrapped lines.
    pub fn line(&self, font: Font) -> f64 {
        font.size * self.u * self.t * 1.02
    }

    /// Greedy word wrap to `max` pixels; a word longer than a line is broken between characters.
    pub fn wrap(&self, text: &str, font: Font, max: f64) -> Vec<String> {
        let text = clean(text);
        let mut lines: Vec<String> = Vec::new();
        let mut current = String::new();
        // No-break spaces hold phrases such as "0 = Not yet started" on one line.
        let words = text
            .split(|c: char| c.is_whitespace() && c != '\u{a0}')
            .filter(|w| !w.is_empty());
        for word in words {
            let joined = if current.is_empty() {
                word.to_string()
            } else {
                format!("{current} {word}")
            };
            if self.width(&joined, font) <= max {
                current = joined;
                continue;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            for c in word.chars() {
                let mut next = current.clone();
                next.push(c);
                if !current.is_empty() && self.width(&next, font) > max {
                    lines.push(std::mem::take(&mut current));
                    current.push(c);
                } else {
                    current = next;
                }
            }
        }
        if !current.is_empty() || lines.is_empty() {
            lines.push(current);
        }
        lines
    }

    /// Wraps to at most `max_lines`, ending the last kept line with "…" when text was dropped.
    pub fn fit(&self, text: &str, font: Font, max: f64, max_lines: usize) -> Vec<String> {
        let mut lines = self.wrap(text, font, max);
        if lines.len() > max_lines.max(1) {
            lines.truncate(max_lines.max(1));
            let last = lines.last_mut().expect("at least one line is kept");
            self.ellipsize(last, font, max);
        }
        lines
    }

    fn ellipsize(&self, line: &mut String, font: Font, max: f64) {
        loop {
            let candidate = format!("{}…", line.trim_end());
            if self.width(&candidate, font) <= max || line.is_empty() {
                *line = candidate;
                return;
            }
            line.pop();
        }
    }
}
