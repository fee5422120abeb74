//! The embedded font: text measurement for line wrapping, and visible replacement of characters
//! the font cannot draw (collected so the caller can report them, never dropped silently).
//!
//! It is the embedded DejaVu Sans both the charts and the PDF measure with, so a chart and the page
//! around it wrap text the same way.

use std::collections::BTreeSet;

/// The font files, once in the binary: `static` (not `const`, which each use site would copy)
/// and shared with the charts' text (`charts::text`), so the installer carries 1.4 MB, not 4.4.
pub static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
pub static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Shown in place of a character the font lacks.
pub const REPLACEMENT: char = '\u{FFFD}';

pub struct Metrics {
    regular: ttf_parser::Face<'static>,
    bold: ttf_parser::Face<'static>,
}

impl Metrics {
    pub fn new() -> Metrics {
        Metrics {
            regular: ttf_parser::Face::parse(REGULAR, 0).expect("the shipped regular font parses"),
            bold: ttf_parser::Face::parse(BOLD, 0).expect("the shipped bold font parses"),
        }
    }

    fn face(&self, bold: bool) -> &ttf_parser::Face<'static> {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }

    /// The x-height as a fraction of the em, where SVG's `ex` unit comes from.
    pub fn x_height(&self, bold: bool) -> f32 {
        let face = self.face(bold);
        let xh = face.x_height().map_or(1120.0, f32::from);
        xh / f32::from(face.units_per_em())
    }

    /// Width of `text` in points at `size`.
    pub fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = self.face(bold);
        let upem = f32::from(face.units_per_em());
        let units: u32 = text
            .chars()
            .map(|c| {
                let g = face
                    .glyph_index(c)
                    .or_else(|| face.glyph_index(REPLACEMENT))
                    .unwrap_or_default();
                u32::from(face.glyph_hor_advance(g).unwrap_or(0))
            })
            .sum();
        units as f32 * size / upem
    }

    /// The text with every character the font cannot draw replaced by U+FFFD; the replaced
    /// characters are added to `missing`. Control characters become spaces.
    pub fn clean(&self, text: &str, missing: &mut BTreeSet<char>) -> String {
        text.chars()
            .map(|c| {
                if c == '\t' || c == '\r' || c == '\n' {
                    ' '
                } else if c.is_control() {
                    missing.insert(c);
                    REPLACEMENT
                } else if self.regular.glyph_index(c).is_some()
                    && self.bold.glyph_index(c).is_some()
                {
                    c
                } else {
                    missing.insert(c);
                    REPLACEMENT
                }
            })
            .collect()
    }

    /// Breaks `text` into lines no wider than `width` points, splitting over-long words.
    pub fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size, bold) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // A single word wider than the column is split by characters.
                let mut piece = String::new();
                for c in word.chars() {
                    piece.push(c);
                    if self.width(&piece, size, bold) > width && piece.chars().count() > 1 {
                        piece.pop();
                        lines.push(std::mem::take(&mut piece));
                        piece.push(c);
                    }
                }
                line = piece;
            }
            lines.push(line);
        }
        lines
    }
}
