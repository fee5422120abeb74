//! The consultant's PDF report: A4, embedded DejaVu Sans (subset), running headers and page
//! numbers, contents, executive summary, one section per area, spectrum, trends, action plan and
//! an appendix with the instrument and the scoring method, and last how the report was made
//! ([`Provenance`]). The document carries its title, author and language (en-GB) and a bookmark
//! for every top-level section.
//!
//! Input is plain data ([`ReportData`]); charts arrive as RGB pixel buffers rendered by the caller
//! at print resolution. Every character of names and comments is kept; characters the font cannot
//! draw are replaced visibly by U+FFFD and listed in [`Pdf::missing`].

// Paper ballots (issue 13).
pub mod ballot;
mod fonts;
mod layout;
mod sections;

use std::collections::BTreeMap;

use govmat_core::{Comparison, Decision, Instrument, RoundScore, SpectrumSummary, Trend};
use printpdf::{
    ParsedFont, PdfDocument, PdfPage, PdfSaveOptions, RawImage, RawImageData, RawImageFormat,
};

use crate::provenance::Provenance;
use layout::{Align, Layout, MARGIN, MUTED, PAGE_H, PAGE_W};

pub use fonts::REPLACEMENT;

/// A raster image (RGB8), e.g. a chart rendered at ≥ 200 dpi or a consultant's logo.
#[derive(Debug, Clone)]
pub struct Image {
    pub rgb: Vec<u8>,
    pub width: usize,
    pub height: usize,
}

/// Who hands the report over: from a small branding file chosen by the consultant.
#[derive(Debug, Clone, Default)]
pub struct Brand {
    pub prepared_by: Option<String>,
    pub consultant: Option<String>,
    pub logo: Option<Image>,
}

#[derive(Debug, Clone)]
pub struct ActionLine {
    pub item: String,
    pub text: String,
    pub owner: String,
    pub due: String,
    pub status: String,
    pub carried: bool,
}

/// A comment as the anonymity rule lets it be printed: no name, no code, a role group only
/// where that group is large enough.
#[derive(Debug, Clone)]
pub struct Comment {
    pub group: Option<String>,
    pub text: String,
}

/// Charts at print resolution; any may be absent.
#[derive(Debug, Clone, Default)]
pub struct Charts {
    pub radar: Option<Image>,
    /// One per area, in area order.
    pub area_bars: Vec<Option<Image>>,
    pub heatmap: Option<Image>,
    pub spectrum: Option<Image>,
    pub trend: Option<Image>,
}

pub struct ReportData<'a> {
    pub organisation: &'a str,
    pub round: &'a str,
    pub date: &'a str,
    /// The date the report is produced (passed in; nothing here reads the clock).
    pub produced: &'a str,
    pub instrument: &'a Instrument,
    pub score: &'a RoundScore,
    /// The smallest role group whose figures are shown (the anonymity rule in force).
    pub min_group: usize,
    pub decisions: &'a BTreeMap<String, Decision>,
    /// Anonymised comments by item id.
    pub comments: BTreeMap<String, Vec<Comment>>,
    pub actions: Vec<ActionLine>,
    pub spectrum: Option<(&'a Instrument, &'a SpectrumSummary)>,
    /// The round compared against, by name, and the comparison.
    pub comparison: Option<(&'a str, &'a Comparison)>,
    pub trend: Option<&'a Trend>,
    pub brand: Brand,
    pub charts: Charts,
    /// How this report was made, printed on its last page.
    pub provenance: &'a Provenance,
}

/// The finished document and what it had to replace.
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters the font could not draw; each was shown as U+FFFD.
    pub missing: Vec<char>,
}

/// Takes the data by value so chart pixels move into the document instead of being copied:
/// at print resolution they are most of a report's memory.
pub fn render(mut data: ReportData) -> Pdf {
    let title = format!("{} — {}", data.organisation, data.round);
    let mut doc = PdfDocument::new(&title);
    doc.metadata.info.author = data
        .brand
        .prepared_by
        .clone()
        .unwrap_or_else(|| "govmat".into());
    doc.metadata.info.creator = format!("govmat {}", data.provenance.govmat_version);
    doc.metadata.info.subject = "Governance readiness report".into();
    let regular = ParsedFont::from_bytes(fonts::REGULAR, 0, &mut Vec::new())
        .expect("the shipped font parses");
    let bold =
        ParsedFont::from_bytes(fonts::BOLD, 0, &mut Vec::new()).expect("the shipped font parses");
    let (rid, bid) = (doc.add_font(&regular), doc.add_font(&bold));
    let mut l = Layout::new(rid, bid);
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
    let images = sections::Images {
        logo: data.brand.logo.take().map(&mut add),
        radar: charts.radar.map(&mut add),
        area_bars: charts
            .area_bars
            .into_iter()
            .map(|i| i.map(&mut add))
            .collect(),
        heatmap: charts.heatmap.map(&mut add),
        spectrum: charts.spectrum.map(&mut add),
        trend: charts.trend.map(&mut add),
    };
    let data = &data;
    sections::cover(&mut l, data, &images);
    l.new_page(); // contents, filled in once every heading's page is known
    let contents_page = l.page_index();
    sections::executive_summary(&mut l, data, &images);
    sections::areas(&mut l, data, &images);
    sections::disagreement(&mut l, data, &images);
    sections::spectrum(&mut l, data, &images);
    sections::trends(&mut l, data, &images);
    sections::action_plan(&mut l, data);
    sections::appendix(&mut l, data);
    sections::provenance(&mut l, data);
    sections::contents(&mut l, contents_page);
    furniture(&mut l, data);

    let pages = l.pages.len();
    let pdf_pages = std::mem::take(&mut l.pages)
        .into_iter()
        .map(|ops| PdfPage::new(printpdf::Mm(210.0), printpdf::Mm(297.0), ops))
        .collect();
    let headings = l.headings.clone();
    doc.with_pages(pdf_pages);
    for (title, level, page) in headings {
        if level == 1 {
            doc.add_bookmark(&title, page + 1);
        }
    }
    let bytes = save_with_language(&doc, "en-GB");
    Pdf {
        bytes,
        pages,
        missing: l.missing.into_iter().collect(),
    }
}

/// Serialises as `PdfDocument::save` does (streams compressed, fonts subset), with the
/// catalogue's `/Lang` set: printpdf 0.12 has no field for it, and screen readers and
/// hyphenation read the document's language from there.
fn save_with_language(doc: &PdfDocument, lang: &str) -> Vec<u8> {
    let opts = PdfSaveOptions {
        subset_fonts: true,
        ..Default::default()
    };
    let mut lo = doc.to_lopdf_document(&opts, &mut Vec::new());
    lo.catalog_mut()
        .expect("printpdf always writes a catalogue")
        .set("Lang", lopdf::Object::string_literal(lang));
    if opts.optimize {
        lo.compress();
    }
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .expect("writing a PDF to memory cannot fail");
    bytes
}

/// Running header and "Page n of N" on every page but the cover.
fn furniture(l: &mut Layout, data: &ReportData) {
    let total = l.pages.len();
    let header = format!("{} · {}", data.organisation, data.round);
    for i in 1..total {
        l.target = Some(i);
        let clipped = fit(&l.metrics, &header, 8.5, PAGE_W - 2.0 * MARGIN - 130.0);
        l.text_at(&clipped, MARGIN, 40.0, 8.5, false, MUTED, Align::Left);
        l.text_at(
            "Governance readiness report",
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
            &format!("Produced {}", data.produced),
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
