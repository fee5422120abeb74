//! The editable Word report: the PDF's sections (the same section functions, through
//! [`Flow`]) as a .docx a consultant can change. Headings use Word's own "Heading 1" and
//! "Heading 2" styles, so the navigation pane and the table of contents work; tables are real
//! Word tables with a repeated, shaded header row; charts are PNG images drawn by the same chart
//! code as the screen and the PDF; the footer numbers the pages; the cover carries the branding.
//! [`render_summary`] writes the board summary the same way, without a cover or page breaks.
//!
//! Text goes in as given: docx-rs escapes it for XML, so markup in a name stays text. Characters
//! Word cannot store (control characters other than tab and line breaks) become U+FFFD, which
//! XML 1.0 has no way to hold.

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, LineSpacing, NumPages, PageMargin, PageNum,
    Paragraph, Pic, Run, RunFonts, Shading, Style, StyleType, Table, TableCell, TableOfContents,
    TableRow, WidthType,
};

use crate::document::{
    appendix, sections, summary, ChartKey, Column, Flow, ReportData, SummaryFit, TextAlign,
};

/// A chart or logo as PNG bytes with its pixel size.
#[derive(Debug, Clone)]
pub struct Png {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// The report's charts as PNG images; any may be absent.
#[derive(Debug, Clone, Default)]
pub struct PngCharts {
    pub logo: Option<Png>,
    pub radar: Option<Png>,
    /// One per area, in area order.
    pub area_bars: Vec<Option<Png>>,
    pub heatmap: Option<Png>,
    pub spectrum: Option<Png>,
    pub trend: Option<Png>,
    pub benchmark: Option<Png>,
}

#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("cannot write the Word file: {0}")]
    Write(String),
}

/// The font every run names; Word substitutes a font with the same glyphs where it is absent.
const FONT: &str = "DejaVu Sans";
/// A4 in twentieths of a point, with the PDF's margins (56 pt).
const PAGE_W: u32 = 11_906;
const PAGE_H: u32 = 16_838;
const MARGIN: i32 = 1_120;

fn hex((r, g, b): (f32, f32, f32)) -> String {
    let c = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("{:02X}{:02X}{:02X}", c(r), c(g), c(b))
}

/// Text as Word can hold it: XML 1.0 has no control characters but tab and line breaks.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if c.is_control() => crate::fonts::REPLACEMENT,
            c => c,
        })
        .collect()
}

/// Half-points, Word's unit for type size.
fn half_points(size: f32) -> usize {
    (size * 2.0).round() as usize
}

fn run(text: &str, size: f32, bold: bool, colour: (f32, f32, f32)) -> Run {
    let r = Run::new()
        .add_text(clean(text))
        .size(half_points(size))
        .color(hex(colour));
    if bold {
        r.bold()
    } else {
        r
    }
}

/// Builds the document body; [`Flow`] is how the shared sections write into it.
struct Word<'a> {
    doc: Docx,
    charts: &'a PngCharts,
    /// Whether a top-level heading starts a new page: in the report, not in the summary.
    page_breaks: bool,
}

impl Word<'_> {
    fn push(&mut self, p: Paragraph) {
        let doc = std::mem::take(&mut self.doc);
        self.doc = doc.add_paragraph(p);
    }

    fn picture(&mut self, png: &Png, width_pt: f32) {
        // EMU: 12,700 per point.
        let w = (width_pt * 12_700.0) as u32;
        let h = (width_pt * png.height as f32 / png.width.max(1) as f32 * 12_700.0) as u32;
        let pic = Pic::new_with_dimensions(png.bytes.clone(), png.width, png.height).size(w, h);
        self.push(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_image(pic)),
        );
    }
}

impl Flow for Word<'_> {
    fn heading(&mut self, title: &str, level: u8) {
        let style = if level == 1 { "Heading1" } else { "Heading2" };
        // A top-level section starts a page, as in the PDF; every heading keeps with its text.
        let p = Paragraph::new()
            .style(style)
            .page_break_before(self.page_breaks && level == 1)
            .keep_next(true)
            .add_run(Run::new().add_text(clean(title)));
        self.push(p);
    }

    fn paragraph(
        &mut self,
        text: &str,
        size: f32,
        bold: bool,
        colour: (f32, f32, f32),
        indent: f32,
    ) {
        let mut p = Paragraph::new().add_run(run(text, size, bold, colour));
        if indent > 0.0 {
            p = p.indent(Some((indent * 20.0) as i32), None, None, None);
        }
        self.push(p);
    }

    fn table(&mut self, columns: &[Column], rows: &[Vec<String>], size: f32) {
        let total: f32 = columns.iter().map(|c| c.width).sum();
        // Scale the PDF's column widths to the Word page's text width.
        let text_w = (PAGE_W as i32 - 2 * MARGIN) as f32;
        let widths: Vec<usize> = columns
            .iter()
            .map(|c| (c.width / total.max(1.0) * text_w) as usize)
            .collect();
        let cell = |text: &str, w: usize, align: TextAlign, bold: bool| {
            let a = match align {
                TextAlign::Left => AlignmentType::Left,
                TextAlign::Right => AlignmentType::Right,
                TextAlign::Center => AlignmentType::Center,
            };
            TableCell::new().width(w, WidthType::Dxa).add_paragraph(
                Paragraph::new()
                    .align(a)
                    .add_run(run(text, size, bold, crate::document::INK)),
            )
        };
        let header: Vec<TableCell> = columns
            .iter()
            .zip(&widths)
            .map(|(c, &w)| cell(&c.title, w, c.align, true).shading(Shading::new().fill("F0F2F4")))
            .collect();
        let mut table_rows = vec![TableRow::new(header).cant_split()];
        for r in rows {
            let cells: Vec<TableCell> = columns
                .iter()
                .zip(&widths)
                .zip(r)
                .map(|((c, &w), text)| cell(text, w, c.align, false))
                .collect();
            table_rows.push(TableRow::new(cells).cant_split());
        }
        let t = Table::new(table_rows)
            .set_grid(widths)
            .width(text_w as usize, WidthType::Dxa);
        let doc = std::mem::take(&mut self.doc);
        self.doc = doc.add_table(t).add_paragraph(Paragraph::new());
    }

    fn chart(&mut self, key: ChartKey, width: f32) {
        let c = self.charts;
        let png = match key {
            ChartKey::Radar => &c.radar,
            ChartKey::AreaBars(n) => c.area_bars.get(n).unwrap_or(&None),
            ChartKey::Heatmap => &c.heatmap,
            ChartKey::Spectrum => &c.spectrum,
            ChartKey::Trend => &c.trend,
            ChartKey::Benchmark => &c.benchmark,
        };
        if let Some(png) = png {
            self.picture(png, width);
        }
    }

    fn keep(&mut self, _height: f32) {
        // Word keeps headings with what follows through the heading styles' keep-with-next.
    }
}

fn styles(doc: Docx) -> Docx {
    let blue = hex(crate::document::BLUE);
    let ink = hex(crate::document::INK);
    doc.add_style(
        Style::new("Heading1", StyleType::Paragraph)
            .name("Heading 1")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .outline_lvl(0)
            .size(40)
            .bold()
            .color(blue)
            .fonts(
                RunFonts::new()
                    .ascii(FONT)
                    .hi_ansi(FONT)
                    .cs(FONT)
                    .east_asia(FONT),
            ),
    )
    .add_style(
        Style::new("Heading2", StyleType::Paragraph)
            .name("Heading 2")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .outline_lvl(1)
            .size(27)
            .bold()
            .color(ink)
            .fonts(
                RunFonts::new()
                    .ascii(FONT)
                    .hi_ansi(FONT)
                    .cs(FONT)
                    .east_asia(FONT),
            ),
    )
}

/// The Word report of `data`, with `charts` as its pictures. The contents is a Word table of
/// contents field over Heading 1 and 2, which Word fills in when the document is opened (it
/// asks to update fields) or on "Update table".
pub fn render(data: &ReportData, charts: &PngCharts) -> Result<Vec<u8>, DocxError> {
    let mut w = Word {
        doc: document(data, "Governance readiness report"),
        charts,
        page_breaks: true,
    };
    cover(&mut w, data);
    w.doc = std::mem::take(&mut w.doc)
        .add_table_of_contents(TableOfContents::new().heading_styles_range(1, 2).auto());
    sections::executive_summary(&mut w, data);
    crate::document::record::follow_through(&mut w, data);
    sections::areas(&mut w, data);
    sections::disagreement(&mut w, data);
    sections::spectrum(&mut w, data);
    sections::trends(&mut w, data);
    crate::document::benchmark::compares(&mut w, data);
    sections::action_plan(&mut w, data);
    appendix::appendix(&mut w, data);
    crate::document::record::late_changes(&mut w, data);
    appendix::provenance(&mut w, data);
    let title = format!("{} — {}", data.organisation, data.round);
    pack(
        w.doc,
        &core_properties(data, &title, "Governance readiness report"),
    )
}

/// The board summary as Word: the PDF summary's sections with the lists cut where `fit` (the
/// PDF's) cut them, so both files show the same lines.
pub fn render_summary(data: &ReportData, fit: SummaryFit) -> Result<Vec<u8>, DocxError> {
    let charts = PngCharts::default();
    let mut w = Word {
        doc: document(data, "Board summary"),
        charts: &charts,
        page_breaks: false,
    };
    summary::board_summary(&mut w, data, fit);
    let title = format!("{} — {}: board summary", data.organisation, data.round);
    pack(
        w.doc,
        &core_properties(data, &title, "Board summary of governance readiness"),
    )
}

/// Packs the document with `core` as its `docProps/core.xml`. docx-rs writes that part with
/// only the dates settable, so the title, author and subject (what Word's File › Info and a
/// document list show) are written here, as the PDF's metadata says them.
fn pack(doc: Docx, core: &str) -> Result<Vec<u8>, DocxError> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut xml = doc.build();
    xml.doc_props.core = core.as_bytes().to_vec();
    xml.pack(&mut out)
        .map_err(|e| DocxError::Write(e.to_string()))?;
    Ok(out.into_inner())
}

/// The document's core properties: title, author (the brand's `prepared_by`, else "govmat", as
/// in the PDF), subject, language and the produced time as created and modified.
fn core_properties(data: &ReportData, title: &str, subject: &str) -> String {
    let author = data.brand.prepared_by.as_deref().unwrap_or("govmat");
    let when = data
        .provenance
        .produced
        .iso()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject><dc:creator>{author}</dc:creator>",
            "<cp:lastModifiedBy>{author}</cp:lastModifiedBy><dc:language>en-GB</dc:language>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>"#,
            "<cp:revision>1</cp:revision></cp:coreProperties>"
        ),
        title = xml_text(title),
        subject = xml_text(subject),
        author = xml_text(author),
        when = when,
    )
}

/// Text as XML character data: markup in a name stays text, and a character XML 1.0 cannot
/// hold becomes U+FFFD (see [`clean`]).
fn xml_text(text: &str) -> String {
    clean(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// An empty A4 document with the report's fonts, heading styles, dates, running header (naming
/// the round and `label`) and numbered footer.
fn document(data: &ReportData, label: &str) -> Docx {
    let header_text = format!("{} · {}", data.organisation, data.round);
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Right)
            .add_run(run(
                &format!(
                    "Produced {}   ·   Page ",
                    crate::document::uk_date(data.provenance.produced.as_str())
                ),
                8.5,
                false,
                crate::document::MUTED,
            ))
            .add_page_num(PageNum::new())
            .add_run(run(" of ", 8.5, false, crate::document::MUTED))
            .add_num_pages(NumPages::new()),
    );
    let header = Header::new().add_paragraph(Paragraph::new().add_run(run(
        &format!("{header_text} — {label}"),
        8.5,
        false,
        crate::document::MUTED,
    )));
    let doc = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN),
        )
        .default_fonts(
            RunFonts::new()
                .ascii(FONT)
                .hi_ansi(FONT)
                .cs(FONT)
                .east_asia(FONT),
        )
        .default_size(21)
        .default_line_spacing(LineSpacing::new().after(120))
        .header(header)
        .footer(footer);
    styles(doc)
}

fn page_break(w: &mut Word) {
    w.push(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
}

/// The cover page: title band, branding, organisation, round and who prepared it.
fn cover(w: &mut Word, data: &ReportData) {
    let blue = crate::document::BLUE;
    w.paragraph(
        "Governance readiness for collaborative working",
        13.0,
        true,
        blue,
        0.0,
    );
    w.paragraph(
        &data.instrument.title,
        11.0,
        false,
        crate::document::MUTED,
        0.0,
    );
    if let Some(logo) = &w.charts.logo {
        w.picture(&logo.clone(), 120.0);
    }
    w.paragraph(data.organisation, 26.0, true, crate::document::INK, 0.0);
    w.paragraph(
        &format!("{} · {}", data.round, crate::document::uk_date(data.date)),
        15.0,
        false,
        crate::document::INK,
        0.0,
    );
    w.paragraph(
        &format!("Prepared by {}", sections::prepared_by(data)),
        12.0,
        false,
        crate::document::MUTED,
        0.0,
    );
    if let Some(c) = &data.brand.consultant {
        w.paragraph(c, 12.0, false, crate::document::MUTED, 0.0);
    }
    w.paragraph(
        &format!(
            "Produced {}",
            crate::document::uk_date(data.provenance.produced.as_str())
        ),
        12.0,
        false,
        crate::document::MUTED,
        0.0,
    );
    w.paragraph(
        &format!(
            "Based on: {}. Individual members' answers are anonymised throughout this report.",
            data.instrument.source.citation()
        ),
        9.0,
        false,
        crate::document::MUTED,
        0.0,
    );
    page_break(w);
}
