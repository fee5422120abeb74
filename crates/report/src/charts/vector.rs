//! A plotters backend that records what a chart draws — lines, filled shapes, circles and text
//! — instead of turning it into pixels, so the PDF can replay the same marks as vector content.
//!
//! The chart functions are generic over `DrawingBackend`: the screen's SVG, the DOCX's PNG and
//! the PDF's vector marks all come from one call of the same drawing code, with only the backend
//! differing. Text is kept as text (with its font size, weight and anchor, exactly as plotters'
//! SVG backend would place it), so a PDF reader can select and search it.

use std::convert::Infallible;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle,
};

use super::text::Align;

/// An sRGB colour, 0–255 per channel. Charts draw only opaque colours; a translucent one is
/// mixed over white, the page every chart sits on.
pub type Rgb = (u8, u8, u8);

/// Where a text's `at` point sits vertically, as SVG's `dy` places it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Baseline {
    /// `at` is the top of the em box (SVG `dy="0.76em"`).
    Top,
    /// `at` is half an x-height above the baseline (SVG `dy="0.5ex"`).
    Middle,
    /// `at` is half an x-height below the baseline (SVG `dy="-0.5ex"`).
    Bottom,
}

/// One recorded mark, in the chart's pixel coordinates (origin top left, y down).
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// An open polyline stroked `width` pixels wide.
    Line {
        points: Vec<(f32, f32)>,
        colour: Rgb,
        width: f32,
    },
    /// A filled polygon (rectangles too).
    Fill {
        points: Vec<(f32, f32)>,
        colour: Rgb,
    },
    /// A circle, filled or stroked `width` pixels wide.
    Circle {
        centre: (f32, f32),
        radius: f32,
        colour: Rgb,
        filled: bool,
        width: f32,
    },
    /// One line of text; `size` is the font size in pixels, as the SVG sets it.
    Text {
        text: String,
        at: (f32, f32),
        size: f32,
        bold: bool,
        colour: Rgb,
        align: Align,
        baseline: Baseline,
    },
}

/// A chart as recorded marks, `width` × `height` pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    pub width: u32,
    pub height: u32,
    pub marks: Vec<Mark>,
}

impl Drawing {
    /// Every text mark's string, in drawing order: what a reader finds when searching the chart.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.marks.iter().filter_map(|m| match m {
            Mark::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }
}

/// The recording backend: it writes into a [`Drawing`] the caller owns, as plotters' SVG backend
/// writes into a caller's string, because a drawing area keeps its backend to itself.
pub struct Recorder<'a> {
    drawing: &'a mut Drawing,
}

impl<'a> Recorder<'a> {
    pub fn new(drawing: &'a mut Drawing) -> Recorder<'a> {
        Recorder { drawing }
    }

    fn push(&mut self, mark: Mark) {
        self.drawing.marks.push(mark);
    }
}

fn colour(c: BackendColor) -> Option<Rgb> {
    if c.alpha <= 0.0 {
        return None;
    }
    let a = c.alpha.clamp(0.0, 1.0);
    let mix = |v: u8| (v as f64 * a + 255.0 * (1.0 - a)).round() as u8;
    Some((mix(c.rgb.0), mix(c.rgb.1), mix(c.rgb.2)))
}

fn point((x, y): BackendCoord) -> (f32, f32) {
    (x as f32, y as f32)
}

type Outcome = Result<(), DrawingErrorKind<Infallible>>;

impl DrawingBackend for Recorder<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        (self.drawing.width, self.drawing.height)
    }

    fn ensure_prepared(&mut self) -> Outcome {
        Ok(())
    }

    fn present(&mut self) -> Outcome {
        Ok(())
    }

    fn draw_pixel(&mut self, at: BackendCoord, c: BackendColor) -> Outcome {
        // Only reached through plotters' own rasterising fallbacks, none of which the charts
        // use; kept as a one-pixel square so nothing drawn is ever lost.
        if let Some(colour) = colour(c) {
            let (x, y) = point(at);
            let points = vec![(x, y), (x + 1.0, y), (x + 1.0, y + 1.0), (x, y + 1.0)];
            self.push(Mark::Fill { points, colour });
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Outcome {
        self.draw_path([from, to], style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Outcome {
        let (x0, y0) = point(a);
        let (x1, y1) = point(b);
        let Some(colour) = colour(style.color()) else {
            return Ok(());
        };
        if fill {
            // plotters' rectangles include their last pixel row and column.
            let points = vec![
                (x0, y0),
                (x1 + 1.0, y0),
                (x1 + 1.0, y1 + 1.0),
                (x0, y1 + 1.0),
            ];
            self.push(Mark::Fill { points, colour });
        } else {
            let points = vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)];
            let width = style.stroke_width().max(1) as f32;
            self.push(Mark::Line {
                points,
                colour,
                width,
            });
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Outcome {
        let Some(colour) = colour(style.color()) else {
            return Ok(());
        };
        let points: Vec<(f32, f32)> = path.into_iter().map(point).collect();
        if points.len() > 1 {
            let width = style.stroke_width().max(1) as f32;
            self.push(Mark::Line {
                points,
                colour,
                width,
            });
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        centre: BackendCoord,
        radius: u32,
        style: &S,
        filled: bool,
    ) -> Outcome {
        if let Some(colour) = colour(style.color()) {
            self.push(Mark::Circle {
                centre: point(centre),
                radius: radius as f32,
                colour,
                filled,
                width: style.stroke_width().max(1) as f32,
            });
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Outcome {
        let Some(colour) = colour(style.color()) else {
            return Ok(());
        };
        let points: Vec<(f32, f32)> = vert.into_iter().map(point).collect();
        if points.len() > 2 {
            self.push(Mark::Fill { points, colour });
        }
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        at: BackendCoord,
    ) -> Outcome {
        let Some(colour) = colour(style.color()) else {
            return Ok(());
        };
        let anchor = style.anchor();
        let align = match anchor.h_pos {
            HPos::Left => Align::Left,
            HPos::Center => Align::Centre,
            HPos::Right => Align::Right,
        };
        let baseline = match anchor.v_pos {
            VPos::Top => Baseline::Top,
            VPos::Center => Baseline::Middle,
            VPos::Bottom => Baseline::Bottom,
        };
        self.push(Mark::Text {
            text: text.to_string(),
            at: point(at),
            // The same size plotters' SVG backend writes, so the PDF matches the screen.
            size: (style.size() / 1.24) as f32,
            bold: matches!(style.style(), FontStyle::Bold),
            colour,
            align,
            baseline,
        });
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<Infallible>> {
        // Measured with the embedded font, as the other backends do.
        let ((x0, y0), (x1, y1)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        Ok(((x1 - x0).max(0) as u32, (y1 - y0).max(0) as u32))
    }
}
