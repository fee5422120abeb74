//! Charts as vector content: the marks a chart recorded (`charts::Drawing`) replayed as PDF
//! lines, filled shapes and text in the embedded font, so a chart stays sharp at any zoom and
//! its labels can be selected and searched like the rest of the page.
//!
//! Text is placed as plotters' SVG backend places it (size, anchor and the `dy` offsets it
//! writes), measured with the same font, so the printed chart matches the one on screen.

use crate::charts::{Align as ChartAlign, Baseline, Drawing, Mark, Rgb};
use printpdf::{
    Color, Line, LinePoint, Op, PaintMode, PdfFontHandle, Polygon, PolygonRing, Pt, TextItem,
    WindingOrder,
};

use super::layout::{pt, Layout, CONTENT_W, MARGIN};

/// The cubic Bézier handle length that draws a quarter circle of radius 1.
const KAPPA: f32 = 0.552_284_8;

/// Colour and stroke already set in the content stream, so runs of alike marks (hatching, grid
/// lines) do not repeat them.
#[derive(Default)]
struct State {
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
    width: Option<f32>,
}

fn colour(c: Rgb) -> Color {
    super::layout::rgb((
        f32::from(c.0) / 255.0,
        f32::from(c.1) / 255.0,
        f32::from(c.2) / 255.0,
    ))
}

impl Layout {
    /// Places a recorded chart `width` points wide in the flow, centred, keeping its aspect
    /// ratio; it moves to a new page whole if it does not fit on this one.
    pub fn drawing(&mut self, d: &Drawing, width: f32) {
        let s = width / d.width as f32;
        let height = d.height as f32 * s;
        self.ensure(height + 8.0);
        let origin = (MARGIN + (CONTENT_W - width) / 2.0, self.y);
        self.draw_marks(d, origin, s);
        self.y += height + 10.0;
    }

    /// Replays `d` with its top left at `origin` (points from the page's top left), `s` points
    /// per chart pixel.
    pub fn draw_marks(&mut self, d: &Drawing, origin: (f32, f32), s: f32) {
        let at = |(x, y): (f32, f32)| pt(origin.0 + x * s, origin.1 + y * s);
        let plain = |p: (f32, f32)| LinePoint {
            p: at(p),
            bezier: false,
        };
        let mut st = State::default();
        let mut ops: Vec<Op> = vec![Op::SaveGraphicsState];
        for mark in &d.marks {
            match mark {
                Mark::Line {
                    points,
                    colour: c,
                    width,
                } => {
                    stroke(&mut ops, &mut st, *c, width * s);
                    ops.push(Op::DrawLine {
                        line: Line {
                            points: points.iter().copied().map(plain).collect(),
                            is_closed: false,
                        },
                    });
                }
                Mark::Fill { points, colour: c } => {
                    fill(&mut ops, &mut st, *c);
                    let ring = points.iter().copied().map(plain).collect();
                    ops.push(polygon(ring, PaintMode::Fill));
                }
                Mark::Circle {
                    centre,
                    radius,
                    colour: c,
                    filled,
                    width,
                } => {
                    let ring = circle(*centre, *radius)
                        .into_iter()
                        .map(|(p, bezier)| LinePoint { p: at(p), bezier })
                        .collect();
                    if *filled {
                        fill(&mut ops, &mut st, *c);
                        ops.push(polygon(ring, PaintMode::Fill));
                    } else {
                        stroke(&mut ops, &mut st, *c, width * s);
                        ops.push(polygon(ring, PaintMode::Stroke));
                    }
                }
                Mark::Text {
                    text,
                    at: (x, y),
                    size,
                    bold,
                    colour: c,
                    align,
                    baseline,
                } => {
                    let size = size * s;
                    let clean = self.metrics.clean(text, &mut self.missing);
                    let w = self.metrics.width(&clean, size, *bold);
                    let left = origin.0 + x * s
                        - match align {
                            ChartAlign::Left => 0.0,
                            ChartAlign::Centre => w / 2.0,
                            ChartAlign::Right => w,
                        };
                    let ex = self.metrics.x_height(*bold) * size;
                    let down = match baseline {
                        Baseline::Top => 0.76 * size,
                        Baseline::Middle => 0.5 * ex,
                        Baseline::Bottom => -0.5 * ex,
                    };
                    let font = if *bold {
                        self.bold.clone()
                    } else {
                        self.regular.clone()
                    };
                    // Text sets the fill colour; forget it so the next shape sets its own.
                    st.fill = None;
                    ops.extend([
                        Op::StartTextSection,
                        Op::SetFillColor { col: colour(*c) },
                        Op::SetFont {
                            font: PdfFontHandle::External(font),
                            size: Pt(size),
                        },
                        Op::SetTextCursor {
                            pos: pt(left, origin.1 + y * s + down),
                        },
                        Op::ShowText {
                            items: vec![TextItem::Text(clean)],
                        },
                        Op::EndTextSection,
                    ]);
                }
            }
        }
        ops.push(Op::RestoreGraphicsState);
        self.ops().extend(ops);
    }
}

fn stroke(ops: &mut Vec<Op>, st: &mut State, c: Rgb, width: f32) {
    if st.stroke != Some(c) {
        ops.push(Op::SetOutlineColor { col: colour(c) });
        st.stroke = Some(c);
    }
    if st.width != Some(width) {
        ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        st.width = Some(width);
    }
}

fn fill(ops: &mut Vec<Op>, st: &mut State, c: Rgb) {
    if st.fill != Some(c) {
        ops.push(Op::SetFillColor { col: colour(c) });
        st.fill = Some(c);
    }
}

fn polygon(points: Vec<LinePoint>, mode: PaintMode) -> Op {
    Op::DrawPolygon {
        polygon: Polygon {
            rings: vec![PolygonRing { points }],
            mode,
            winding_order: WindingOrder::NonZero,
        },
    }
}

/// A circle as four cubic Bézier arcs: (point, is a control point), starting and ending at the
/// rightmost point.
fn circle((cx, cy): (f32, f32), r: f32) -> Vec<((f32, f32), bool)> {
    let k = KAPPA * r;
    vec![
        ((cx + r, cy), false),
        ((cx + r, cy + k), true),
        ((cx + k, cy + r), true),
        ((cx, cy + r), false),
        ((cx - k, cy + r), true),
        ((cx - r, cy + k), true),
        ((cx - r, cy), false),
        ((cx - r, cy - k), true),
        ((cx - k, cy - r), true),
        ((cx, cy - r), false),
        ((cx + k, cy - r), true),
        ((cx + r, cy - k), true),
        ((cx + r, cy), false),
    ]
}
