//! The consultant's PDF report: A4, embedded DejaVu Sans (subset), running headers and page
//! numbers, contents, executive summary, one section per area, spectrum, trends, action plan and
//! an appendix with the instrument and the scoring method, and last how the report was made
//! ([`crate::provenance::Provenance`]). The document carries its title, author and language (en-GB) and a bookmark
//! for every top-level section. [`render_summary`] draws the two-page board summary
//! (`summary.rs`) on the same page furniture, every section of it bookmarked.
//!
//! Input is plain data ([`ReportData`]); charts arrive as recorded vector marks
//! ([`crate::charts::Drawing`]) drawn by the caller with the same code as the screen's SVG, and
//! are replayed as PDF lines, shapes and selectable text. Every character of names and comments is kept; characters the font cannot
//! draw are replaced visibly by U+FFFD and listed in [`Pdf::missing`].
//!
//! lopdf sets only what printpdf cannot: the document's language, and the creation date with its
//! own UTC offset (printpdf 0.12 always writes `+00'00'`).
//! `render_summary` shortens the summary until it fits two pages and returns that fit
//! (`SummaryFit`), which the Word summary is handed so both say the same.

/// The provider collaborative's report (partners side by side).
pub mod collaborative;
mod figure;
// Paper ballots (issue 13).
pub mod ballot;
// The cover, the contents page and the PDF's flow.
mod cover;
mod layout;

use printpdf::{
    ParsedFont, PdfDocument, PdfPage, PdfSaveOptions, RawImage, RawImageData, RawImageFormat,
};

use layout::{Align, Layout, MARGIN, MUTED, PAGE_H, PAGE_W};

use crate::document::{
    appendix, benchmark, record, sections, summary, Image, ReportData, SummaryFit,
};
use crate::fonts;
pub use crate::fonts::REPLACEMENT;

/// The finished document and what it had to replace.
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters the font could not draw; each was shown as U+FFFD.
    pub missing: Vec<char>,
}

/// A document with its title, author (who prepared it), creator and subject set and the two
/// fonts added, and an empty layout over those fonts.
fn start(data: &ReportData, title: &str, subject: &str) -> (PdfDocument, Layout) {
    let mut doc = PdfDocument::new(title);
    doc.metadata.info.author = data
        .brand
        .prepared_by
        .clone()
        .unwrap_or_else(|| "govmat".into());
    doc.metadata.info.creator = format!("govmat {}", data.provenance.govmat_version);
    doc.metadata.info.subject = subject.into();
    let regular = ParsedFont::from_bytes(fonts::REGULAR, 0, &mut Vec::new())
        .expect("the shipped font parses");
    let bold =
        ParsedFont::from_bytes(fonts::BOLD, 0, &mut Vec::new()).expect("the shipped font parses");
    let (rid, bid) = (doc.add_font(&regular), doc.add_font(&bold));
    (doc, Layout::new(rid, bid))
}

/// Puts the laid-out pages into the document, bookmarks the headings `bookmarked` accepts (by
/// level) and serialises it with its language and dates.
fn finish(
    mut doc: PdfDocument,
    mut l: Layout,
    data: &ReportData,
    bookmarked: impl Fn(u8) -> bool,
) -> Pdf {
    let pages = l.pages.len();
    let pdf_pages = std::mem::take(&mut l.pages)
        .into_iter()
        .map(|ops| PdfPage::new(printpdf::Mm(210.0), printpdf::Mm(297.0), ops))
        .collect();
    doc.with_pages(pdf_pages);
    for (title, level, page) in &l.headings {
        if bookmarked(*level) {
            doc.add_bookmark(title, page + 1);
        }
    }
    let bytes = save_with_language(&doc, "en-GB", data.provenance.produced.pdf_date());
    Pdf {
        bytes,
        pages,
        missing: l.missing.into_iter().collect(),
    }
}

/// Takes the data by value so the logo's pixels move into the document instead of being copied.
pub fn render(mut data: ReportData) -> Pdf {
    let title = format!("{} — {}", data.organisation, data.round);
    let (mut doc, mut l) = start(&data, &title, "Governance readiness report");
    let mut add = |img: Image| {
        let raw = RawImage {
            pixels: RawImageData::U8(img.rgb),
            width: img.width,
            height: img.height,
            data_format: RawImageFormat::RGB8,
            tag: Vec::new(),
        };
        (doc.add_image(&raw), img.width, img.height)
    };
    let charts = std::mem::take(&mut data.charts);
    let images = cover::Images {
        logo: data.brand.logo.take().map(&mut add),
        radar: charts.radar,
        area_bars: charts.area_bars,
        heatmap: charts.heatmap,
        spectrum: charts.spectrum,
        trend: charts.trend,
        benchmark: charts.benchmark,
    };
    let data = &data;
    cover::cover(&mut l, data, &images);
    l.new_page(); // contents, filled in once every heading's page is known
    let contents_page = l.page_index();
    {
        let mut f = cover::Print {
            l: &mut l,
            images: &images,
        };
        sections::executive_summary(&mut f, data);
        record::follow_through(&mut f, data);
        sections::areas(&mut f, data);
        sections::disagreement(&mut f, data);
        sections::spectrum(&mut f, data);
        sections::trends(&mut f, data);
        benchmark::compares(&mut f, data);
        sections::action_plan(&mut f, data);
        appendix::appendix(&mut f, data);
        record::late_changes(&mut f, data);
        appendix::provenance(&mut f, data);
    }
    cover::contents(&mut l, contents_page);
    furniture(&mut l, data, 1, "Governance readiness report");
    finish(doc, l, data, |level| level == 1)
}

/// The board summary: at most two A4 pages (see [`summary`]), every section bookmarked. Lists
/// are shortened until the summary fits; the fit it settled on is returned so the Word summary
/// can show the same lines.
pub fn render_summary(data: &ReportData) -> (Pdf, SummaryFit) {
    let title = format!("{} — {}: board summary", data.organisation, data.round);
    let (doc, blank) = start(data, &title, "Board summary of governance readiness");
    let (mut l, fit) = lay_out_summary(data, &blank);
    furniture(&mut l, data, 0, "Board summary");
    (finish(doc, l, data, |_| true), fit)
}

/// The fit the PDF summary settles on, without writing the PDF: the Word summary shows the
/// same lines.
pub fn summary_fit(data: &ReportData) -> SummaryFit {
    let (_, blank) = start(data, "", "");
    lay_out_summary(data, &blank).1
}

/// Lays the summary out with each of [`summary::FITS`] in turn until it takes at most
/// [`summary::MAX_PAGES`]; the last, emptiest fit is kept if none does.
fn lay_out_summary(data: &ReportData, fonts: &Layout) -> (Layout, SummaryFit) {
    let mut tried = None;
    for &fit in summary::FITS {
        let mut l = Layout::new(fonts.regular.clone(), fonts.bold.clone());
        summary::board_summary(
            &mut cover::Print {
                l: &mut l,
                images: &cover::Images::default(),
            },
            data,
            fit,
        );
        let fits = l.pages.len() <= summary::MAX_PAGES;
        tried = Some((l, fit));
        if fits {
            break;
        }
    }
    tried.expect("there is at least one fit to try")
}

/// Serialises as `PdfDocument::save` does (streams compressed, fonts subset), with the
/// catalogue's `/Lang` set: printpdf 0.12 has no field for it, and screen readers and
/// hyphenation read the document's language from there. The information dictionary's creation
/// and modification dates are set to the produced time with its UTC offset: printpdf 0.12 always
/// writes `+00'00'` after whatever time it is given, so it would misstate a local time.
pub(crate) fn save_with_language(doc: &PdfDocument, lang: &str, date: Option<String>) -> Vec<u8> {
    let opts = PdfSaveOptions {
        subset_fonts: true,
        ..Default::default()
    };
    let mut lo = doc.to_lopdf_document(&opts, &mut Vec::new());
    lo.catalog_mut()
        .expect("printpdf always writes a catalogue")
        .set("Lang", lopdf::Object::string_literal(lang));
    if let Some(date) = date {
        let info = lo
            .trailer
            .get(b"Info")
            .and_then(lopdf::Object::as_reference)
            .ok();
        if let Some(Ok(lopdf::Object::Dictionary(d))) = info.map(|id| lo.get_object_mut(id)) {
            d.set("CreationDate", lopdf::Object::string_literal(date.as_str()));
            d.set("ModDate", lopdf::Object::string_literal(date.as_str()));
        }
    }
    if opts.optimize {
        lo.compress();
    }
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .expect("writing a PDF to memory cannot fail");
    bytes
}

/// Running header (`label` on the right) and "Page n of N" on every page from `first` (the
/// report's cover has none).
fn furniture(l: &mut Layout, data: &ReportData, first: usize, label: &str) {
    let total = l.pages.len();
    let header = format!("{} · {}", data.organisation, data.round);
    for i in first..total {
        l.target = Some(i);
        let clipped = fit(&l.metrics, &header, 8.5, PAGE_W - 2.0 * MARGIN - 130.0);
        l.text_at(&clipped, MARGIN, 40.0, 8.5, false, MUTED, Align::Left);
        l.text_at(
            label,
            PAGE_W - MARGIN,
            40.0,
            8.5,
            false,
            MUTED,
            Align::Right,
        );
        l.rule(MARGIN, 46.0, PAGE_W - MARGIN, layout::RULE, 0.5);
        l.text_at(
            &format!("Page {} of {}", i + 1, total),
            PAGE_W - MARGIN,
            PAGE_H - 36.0,
            8.5,
            false,
            MUTED,
            Align::Right,
        );
        l.text_at(
            &format!(
                "Produced {}",
                crate::document::uk_date(data.provenance.produced.as_str())
            ),
            MARGIN,
            PAGE_H - 36.0,
            8.5,
            false,
            MUTED,
            Align::Left,
        );
    }
    l.target = None;
}

/// Shortens text with an ellipsis to fit `width` points.
fn fit(m: &fonts::Metrics, text: &str, size: f32, width: f32) -> String {
    if m.width(text, size, false) <= width {
        return text.to_string();
    }
    let mut s: String = text.to_string();
    while !s.is_empty() && m.width(&format!("{s}…"), size, false) > width {
        s.pop();
    }
    format!("{s}…")
}
