//! Paper ballots for boards that answer on paper at the away-day: one set of pages per member,
//! each page carrying the member's code and the round, every item with its question, the
//! description of each level and a box to tick (and one for don't know).
//!
//! It reuses the report's fonts and layout (DejaVu, so any name prints), and draws nothing from
//! answers: a ballot is blank by construction.

use printpdf::{ParsedFont, PdfDocument, PdfPage};

use super::layout::{Align, Layout, INK, MARGIN, MUTED, RULE};
use super::{fonts, Pdf};
use govmat_core::Instrument;

/// What to print: the round's questionnaire and one code per member.
pub struct BallotSheets<'a> {
    pub organisation: &'a str,
    pub round: &'a str,
    pub instrument: &'a Instrument,
    pub codes: &'a [String],
}

const BOX: f32 = 9.0;

pub fn render_ballots(b: &BallotSheets) -> Pdf {
    let mut doc = PdfDocument::new(&format!("Paper ballots — {} — {}", b.organisation, b.round));
    let regular = ParsedFont::from_bytes(fonts::REGULAR, 0, &mut Vec::new())
        .expect("the shipped font parses");
    let bold =
        ParsedFont::from_bytes(fonts::BOLD, 0, &mut Vec::new()).expect("the shipped font parses");
    let (rid, bid) = (doc.add_font(&regular), doc.add_font(&bold));
    let mut l = Layout::new(rid, bid);
    // Which member each page belongs to, for the header drawn once the pages are known.
    let mut owner: Vec<usize> = Vec::new();
    let i = b.instrument;
    for (m, code) in b.codes.iter().enumerate() {
        l.new_page();
        l.paragraph(&i.title, 16.0, true, INK, 0.0);
        l.paragraph(
            &format!("Member code {code}. Tick one box per question; tick ? if you do not know. Hand the ballot to the facilitator: it carries no name."),
            9.5,
            false,
            MUTED,
            0.0,
        );
        for (n, item) in i.items().enumerate() {
            l.ensure(150.0);
            l.paragraph(&format!("{}. {}", n + 1, item.title), 11.0, true, INK, 0.0);
            l.paragraph(&item.question, 9.5, false, INK, 0.0);
            let mut options: Vec<(String, String)> = item
                .levels_or_scale(&i.scale)
                .iter()
                .map(|lv| (format!("{} {}", lv.value, lv.label), lv.descriptor.clone()))
                .collect();
            options.push(("? Don't know".into(), String::new()));
            for (label, desc) in options {
                l.ensure(30.0);
                let top = l.y + 1.0;
                let (x, y) = (MARGIN + 4.0, top);
                l.line(
                    &[
                        (x, y),
                        (x + BOX, y),
                        (x + BOX, y + BOX),
                        (x, y + BOX),
                        (x, y),
                    ],
                    INK,
                    0.8,
                );
                let text = if desc.is_empty() {
                    label
                } else {
                    format!("{label}: {desc}")
                };
                l.paragraph(&text, 8.5, false, INK, 20.0);
            }
            l.gap(4.0);
        }
        while owner.len() < l.pages.len() {
            owner.push(m);
        }
    }
    let total = l.pages.len();
    for (page, m) in owner.iter().enumerate() {
        l.target = Some(page);
        let head = format!(
            "{} — {} — member {} — paper ballot",
            b.organisation, b.round, b.codes[*m]
        );
        l.text_at(&head, MARGIN, 40.0, 8.5, true, MUTED, Align::Left);
        l.rule(MARGIN, 46.0, super::layout::PAGE_W - MARGIN, RULE, 0.5);
        let foot = format!("{} · page {} of {}", b.codes[*m], page + 1, total);
        l.text_at(
            &foot,
            super::layout::PAGE_W - MARGIN,
            super::layout::PAGE_H - 30.0,
            8.0,
            false,
            MUTED,
            Align::Right,
        );
    }
    l.target = None;
    let pages = l.pages.len();
    let pdf_pages = std::mem::take(&mut l.pages)
        .into_iter()
        .map(|ops| PdfPage::new(printpdf::Mm(210.0), printpdf::Mm(297.0), ops))
        .collect();
    doc.with_pages(pdf_pages);
    Pdf {
        bytes: super::save_with_language(&doc, "en-GB", None),
        pages,
        missing: l.missing.into_iter().collect(),
    }
}
