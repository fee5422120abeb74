//! A small flowing-layout engine over printpdf operations: paragraphs, tables whose rows break
//! cleanly across pages (header repeated), images, and page furniture added once the page count
//! is known. Positions are tracked from the top of the page and flipped for PDF on output.

use std::collections::BTreeSet;

use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Polygon, PolygonRing, Pt,
    Rgb, TextItem, WindingOrder, XObjectId, XObjectTransform,
};

use crate::fonts::Metrics;

pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
pub const MARGIN: f32 = 56.0;
pub const TOP: f32 = 72.0;
pub const BOTTOM: f32 = 64.0;
pub use crate::document::{Align, Column, BLUE, CONTENT_W, INK, MUTED};
// The document's content width is this page's, less its margins.
const _: () = assert!(CONTENT_W == PAGE_W - 2.0 * MARGIN);
pub const RULE: (f32, f32, f32) = (0.75, 0.78, 0.8);
pub const SHADE: (f32, f32, f32) = (0.94, 0.95, 0.96);

pub struct Layout {
    pub metrics: Metrics,
    pub(super) regular: FontId,
    pub(super) bold: FontId,
    pub pages: Vec<Vec<Op>>,
    /// Distance from the top of the current page to the next free line.
    pub y: f32,
    pub missing: BTreeSet<char>,
    /// (title, level, page index) of each heading, for the contents page.
    pub headings: Vec<(String, u8, usize)>,
    /// When set, drawing goes to this page instead of the last one (page furniture, contents).
    pub target: Option<usize>,
}

pub(super) fn rgb(c: (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

pub(super) fn pt(x: f32, y_from_top: f32) -> Point {
    Point {
        x: Pt(x),
        y: Pt(PAGE_H - y_from_top),
    }
}

impl Layout {
    pub fn new(regular: FontId, bold: FontId) -> Layout {
        Layout {
            metrics: Metrics::new(),
            regular,
            bold,
            pages: Vec::new(),
            y: TOP,
            missing: BTreeSet::new(),
            headings: Vec::new(),
            target: None,
        }
    }

    pub fn page_index(&self) -> usize {
        self.pages.len().saturating_sub(1)
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Starts a new page unless `height` points still fit on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.pages.is_empty() || self.y + height > PAGE_H - BOTTOM {
            self.new_page();
        }
    }

    pub(super) fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.new_page();
        }
        let i = self.target.unwrap_or(self.pages.len() - 1);
        &mut self.pages[i]
    }

    // Position, size, weight, colour and alignment are all independent choices at every call
    // site; bundling them into a struct would only move the same list elsewhere.
    #[allow(clippy::too_many_arguments)]
    /// Draws one line of text with its baseline at `y` (from the top); `x` is the left edge,
    /// or the right edge / centre for the other alignments.
    pub fn text_at(
        &mut self,
        text: &str,
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        colour: (f32, f32, f32),
        align: Align,
    ) {
        let clean = self.metrics.clean(text, &mut self.missing);
        let w = self.metrics.width(&clean, size, bold);
        let left = match align {
            Align::Left => x,
            Align::Right => x - w,
            Align::Center => x - w / 2.0,
        };
        let font = if bold {
            self.bold.clone()
        } else {
            self.regular.clone()
        };
        self.ops().extend([
            Op::StartTextSection,
            Op::SetFillColor { col: rgb(colour) },
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size),
            },
            Op::SetTextCursor { pos: pt(left, y) },
            Op::ShowText {
                items: vec![TextItem::Text(clean)],
            },
            Op::EndTextSection,
        ]);
    }

    /// A wrapped paragraph in the flow, breaking across pages between lines.
    pub fn paragraph(
        &mut self,
        text: &str,
        size: f32,
        bold: bool,
        colour: (f32, f32, f32),
        indent: f32,
    ) {
        let lead = size * 1.4;
        let clean = self.metrics.clean(text, &mut self.missing);
        for line in self.metrics.wrap(&clean, size, bold, CONTENT_W - indent) {
            self.ensure(lead);
            self.text_at(
                &line,
                MARGIN + indent,
                self.y + size,
                size,
                bold,
                colour,
                Align::Left,
            );
            self.y += lead;
        }
        self.y += size * 0.5;
    }

    pub fn gap(&mut self, h: f32) {
        self.y += h;
    }

    /// A section heading: level 1 starts a new page; both are kept with the following lines.
    pub fn heading(&mut self, title: &str, level: u8) {
        if level == 1 {
            self.new_page();
        } else {
            self.ensure(80.0);
            self.y += 6.0;
        }
        let size = if level == 1 { 20.0 } else { 13.5 };
        self.headings
            .push((title.to_string(), level, self.page_index()));
        let colour = if level == 1 { BLUE } else { INK };
        let clean = self.metrics.clean(title, &mut self.missing);
        for line in self.metrics.wrap(&clean, size, true, CONTENT_W) {
            self.text_at(
                &line,
                MARGIN,
                self.y + size,
                size,
                true,
                colour,
                Align::Left,
            );
            self.y += size * 1.3;
        }
        if level == 1 {
            self.rule(MARGIN, self.y + 2.0, PAGE_W - MARGIN, BLUE, 1.2);
            self.y += 14.0;
        } else {
            self.y += 4.0;
        }
    }

    pub fn rule(&mut self, x1: f32, y: f32, x2: f32, colour: (f32, f32, f32), thickness: f32) {
        self.line(&[(x1, y), (x2, y)], colour, thickness);
    }

    pub fn line(&mut self, points: &[(f32, f32)], colour: (f32, f32, f32), thickness: f32) {
        let points = points
            .iter()
            .map(|&(x, y)| LinePoint {
                p: pt(x, y),
                bezier: false,
            })
            .collect();
        self.ops().extend([
            Op::SetOutlineColor { col: rgb(colour) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points,
                    is_closed: false,
                },
            },
        ]);
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: (f32, f32, f32)) {
        let ring = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
            .iter()
            .map(|&(x, y)| LinePoint {
                p: pt(x, y),
                bezier: false,
            })
            .collect();
        self.ops().extend([
            Op::SetFillColor { col: rgb(colour) },
            Op::DrawPolygon {
                polygon: Polygon {
                    rings: vec![PolygonRing { points: ring }],
                    mode: PaintMode::Fill,
                    winding_order: WindingOrder::NonZero,
                },
            },
        ]);
    }

    /// Places an image `width` points wide in the flow, keeping its aspect ratio.
    pub fn image(&mut self, id: &XObjectId, px_w: usize, px_h: usize, width: f32) {
        let height = width * px_h as f32 / px_w as f32;
        self.ensure(height + 8.0);
        let x = MARGIN + (CONTENT_W - width) / 2.0;
        let dpi = px_w as f32 * 72.0 / width;
        let bottom = PAGE_H - (self.y + height);
        self.ops().push(Op::UseXobject {
            id: id.clone(),
            transform: XObjectTransform {
                translate_x: Some(Pt(x)),
                translate_y: Some(Pt(bottom)),
                dpi: Some(dpi),
                ..Default::default()
            },
        });
        self.y += height + 10.0;
    }

    /// A table whose rows wrap inside their cells and break between rows across pages,
    /// repeating the header row on each new page.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>], size: f32) {
        let lead = size * 1.3;
        let pad = 4.0;
        let wrap_row = |m: &Metrics,
                        missing: &mut BTreeSet<char>,
                        cells: &[String],
                        bold: bool|
         -> Vec<Vec<String>> {
            columns
                .iter()
                .zip(cells)
                .map(|(c, text)| m.wrap(&m.clean(text, missing), size, bold, c.width - 2.0 * pad))
                .collect()
        };
        let header: Vec<String> = columns.iter().map(|c| c.title.clone()).collect();
        let header_lines = wrap_row(&self.metrics, &mut self.missing, &header, true);
        let header_h =
            header_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * lead + 2.0 * pad;
        let draw_header = |l: &mut Layout| {
            l.rect(MARGIN, l.y, CONTENT_W, header_h, SHADE);
            l.draw_cells(columns, &header_lines, size, true, pad);
            l.y += header_h;
            l.rule(MARGIN, l.y, PAGE_W - MARGIN, MUTED, 0.8);
        };
        let first_h = rows.first().map_or(0.0, |r| {
            wrap_row(&self.metrics, &mut self.missing, r, false)
                .iter()
                .map(Vec::len)
                .max()
                .unwrap_or(1) as f32
                * lead
        });
        self.ensure(header_h + first_h + 2.0 * pad);
        draw_header(self);
        for row in rows {
            let lines = wrap_row(&self.metrics, &mut self.missing, row, false);
            let h = lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * lead + 2.0 * pad;
            if self.y + h > PAGE_H - BOTTOM {
                self.new_page();
                draw_header(self);
            }
            self.draw_cells(columns, &lines, size, false, pad);
            self.y += h;
            self.rule(MARGIN, self.y, PAGE_W - MARGIN, RULE, 0.4);
        }
        self.y += 10.0;
    }

    fn draw_cells(
        &mut self,
        columns: &[Column],
        lines: &[Vec<String>],
        size: f32,
        bold: bool,
        pad: f32,
    ) {
        let lead = size * 1.3;
        let mut x = MARGIN;
        for (c, cell) in columns.iter().zip(lines) {
            for (i, line) in cell.iter().enumerate() {
                let y = self.y + pad + size + i as f32 * lead;
                let (tx, align) = match c.align {
                    Align::Left => (x + pad, Align::Left),
                    Align::Right => (x + c.width - pad, Align::Right),
                    Align::Center => (x + c.width / 2.0, Align::Center),
                };
                self.text_at(line, tx, y, size, bold, INK, align);
            }
            x += c.width;
        }
    }
}
