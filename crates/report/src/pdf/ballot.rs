//! Paper ballots for boards that answer on paper at the away-day: one set of pages per member,
//! each page carrying the member's code and the round, every item with its question, the
//! description of each level and a box to tick (and one for don't know).
//!
//! The first page asks for the member's role on the board, in the same words and order as the
//! window's keying screen asks the facilitator for it (issue 29 §3: a role left off the paper was
//! counted as "other"). The running header gives the code in full and shortens the organisation
//! and round to fit the page; page numbers count each member's own pages.
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

/// The role question and its boxes, in the order the keying screen lists them.
pub const ROLE_QUESTION: &str = "Your role on the board (tick one)";
pub const ROLE_BOXES: [&str; 4] = [
    "Chair",
    "Non-executive director",
    "Executive director",
    "Other",
];

fn tick_box(l: &mut Layout, x: f32, y: f32) {
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
}

/// `text` shortened with an ellipsis to fit `width` points.
fn fit(l: &Layout, text: &str, size: f32, bold: bool, width: f32) -> String {
    if l.metrics.width(text, size, bold) <= width {
        return text.to_string();
    }
    let mut s: String = text.to_string();
    while !s.is_empty() && l.metrics.width(&format!("{s}…"), size, bold) > width {
        s.pop();
    }
    format!("{}…", s.trim_end())
}

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
    let bare = |text: &str, l: &mut Layout| l.metrics.clean(text, &mut l.missing.clone());
    let i = b.instrument;
    for (m, code) in b.codes.iter().enumerate() {
        l.new_page();
        l.paragraph(&i.title, 16.0, true, INK, 0.0);
        // The whole of the organisation and round, wrapped, once: the header may shorten them.
        l.paragraph(
            &format!("{} — {}", b.organisation, b.round),
            10.0,
            false,
            INK,
            0.0,
        );
        l.paragraph(
            &format!("Member code {code}. Tick one box per question; tick ? if you do not know. Hand the ballot to the facilitator: it carries no name."),
            9.5,
            false,
            MUTED,
            0.0,
        );
        // The role: four boxes on one line, as the keying screen offers them.
        l.paragraph(ROLE_QUESTION, 11.0, true, INK, 0.0);
        let y = l.y;
        let mut x = MARGIN + 4.0;
        for role in ROLE_BOXES {
            tick_box(&mut l, x, y + 1.0);
            let text = bare(role, &mut l);
            l.text_at(&text, x + BOX + 5.0, y + 9.0, 9.5, false, INK, Align::Left);
            x += BOX + 5.0 + l.metrics.width(&text, 9.5, false) + 18.0;
        }
        l.gap(22.0);
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
                tick_box(&mut l, MARGIN + 4.0, top);
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
    let right_edge = super::layout::PAGE_W - MARGIN;
    for (page, m) in owner.iter().enumerate() {
        l.target = Some(page);
        // The code always in full at the right; the organisation and round shortened to the room
        // left, so a long name never runs off the page or into the code.
        let code = format!("Paper ballot, member {}", b.codes[*m]);
        let code = bare(&code, &mut l);
        let code_w = l.metrics.width(&code, 8.5, true);
        l.text_at(&code, right_edge, 40.0, 8.5, true, INK, Align::Right);
        let room = right_edge - MARGIN - code_w - 16.0;
        let head = bare(&format!("{} — {}", b.organisation, b.round), &mut l);
        let head = fit(&l, &head, 8.5, false, room);
        l.text_at(&head, MARGIN, 40.0, 8.5, false, MUTED, Align::Left);
        l.rule(MARGIN, 46.0, right_edge, RULE, 0.5);
        // Pages count within the member's own set, which is what is stapled and handed out.
        let first = owner.partition_point(|&o| o < *m);
        let count = owner.partition_point(|&o| o <= *m) - first;
        let foot = format!("{} · page {} of {}", b.codes[*m], page - first + 1, count);
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
