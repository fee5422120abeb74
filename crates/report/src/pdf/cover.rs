//! What only the printed report has: its cover, its contents page, and the [`Flow`] that lays the
//! document's sections out on the PDF's pages ([`Print`]).

use printpdf::XObjectId;

use super::layout::{Align, Layout, BLUE, CONTENT_W, INK, MARGIN, MUTED, PAGE_H, PAGE_W};
use crate::charts::Drawing;
use crate::document::sections::prepared_by;
use crate::document::{ChartKey, Column, Flow, ReportData};

/// The logo as a placed image, and the charts as vector drawings.
#[derive(Default)]
pub struct Images {
    pub logo: Option<(XObjectId, usize, usize)>,
    pub radar: Option<Drawing>,
    pub area_bars: Vec<Option<Drawing>>,
    pub heatmap: Option<Drawing>,
    pub spectrum: Option<Drawing>,
    pub trend: Option<Drawing>,
    pub benchmark: Option<Drawing>,
}

/// The PDF's flow: the page layout and the charts it places.
pub struct Print<'a> {
    pub l: &'a mut Layout,
    pub images: &'a Images,
}

impl Flow for Print<'_> {
    fn heading(&mut self, title: &str, level: u8) {
        self.l.heading(title, level);
    }
    fn paragraph(
        &mut self,
        text: &str,
        size: f32,
        bold: bool,
        colour: (f32, f32, f32),
        indent: f32,
    ) {
        self.l.paragraph(text, size, bold, colour, indent);
    }
    fn table(&mut self, columns: &[Column], rows: &[Vec<String>], size: f32) {
        self.l.table(columns, rows, size);
    }
    fn chart(&mut self, key: ChartKey, width: f32) {
        let i = self.images;
        let d = match key {
            ChartKey::Radar => &i.radar,
            ChartKey::AreaBars(n) => i.area_bars.get(n).unwrap_or(&None),
            ChartKey::Heatmap => &i.heatmap,
            ChartKey::Spectrum => &i.spectrum,
            ChartKey::Trend => &i.trend,
            ChartKey::Benchmark => &i.benchmark,
        };
        if let Some(d) = d {
            self.l.drawing(d, width);
        }
    }
    fn keep(&mut self, height: f32) {
        self.l.ensure(height);
    }
}

pub fn cover(l: &mut Layout, data: &ReportData, images: &Images) {
    l.new_page();
    l.rect(0.0, 0.0, PAGE_W, 190.0, BLUE);
    l.text_at(
        "Governance readiness for collaborative working",
        MARGIN,
        92.0,
        13.0,
        true,
        (1.0, 1.0, 1.0),
        Align::Left,
    );
    l.text_at(
        &data.instrument.title,
        MARGIN,
        116.0,
        11.0,
        false,
        (1.0, 1.0, 1.0),
        Align::Left,
    );
    if let Some((id, w, h)) = &images.logo {
        let (lw, lh) = (120.0, 120.0 * *h as f32 / *w as f32);
        l.y = 210.0;
        let _ = (lw, lh);
        l.image(id, *w, *h, 120.0);
    }
    l.y = 300.0;
    l.paragraph(data.organisation, 26.0, true, INK, 0.0);
    l.gap(6.0);
    l.paragraph(
        &format!("{} · {}", data.round, crate::document::uk_date(data.date)),
        15.0,
        false,
        INK,
        0.0,
    );
    l.gap(40.0);
    l.paragraph(
        &format!("Prepared by {}", prepared_by(data)),
        12.0,
        false,
        MUTED,
        0.0,
    );
    if let Some(c) = &data.brand.consultant {
        l.paragraph(c, 12.0, false, MUTED, 0.0);
    }
    l.paragraph(
        &format!(
            "Produced {}",
            crate::document::uk_date(data.provenance.produced.as_str())
        ),
        12.0,
        false,
        MUTED,
        0.0,
    );
    l.y = PAGE_H - 110.0;
    l.paragraph(
        &format!(
            "Based on: {}. Individual members' answers are anonymised throughout this report.",
            data.instrument.source.citation()
        ),
        9.0,
        false,
        MUTED,
        0.0,
    );
}

pub fn contents(l: &mut Layout, page: usize) {
    l.target = Some(page);
    let mut y = super::layout::TOP + 20.0;
    l.text_at("Contents", MARGIN, y, 20.0, true, BLUE, Align::Left);
    l.rule(MARGIN, y + 8.0, PAGE_W - MARGIN, BLUE, 1.2);
    y += 36.0;
    let entries: Vec<(String, u8, usize)> =
        l.headings.iter().filter(|h| h.1 == 1).cloned().collect();
    for (title, _, p) in entries {
        let title = super::fit(&l.metrics, &title, 11.5, CONTENT_W - 50.0);
        l.text_at(&title, MARGIN, y, 11.5, false, INK, Align::Left);
        l.text_at(
            &(p + 1).to_string(),
            PAGE_W - MARGIN,
            y,
            11.5,
            false,
            INK,
            Align::Right,
        );
        y += 20.0;
    }
    l.target = None;
}
