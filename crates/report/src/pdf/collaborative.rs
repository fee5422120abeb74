//! The collaborative's PDF report: the partners side by side per area and item, the perception
//! gaps, the partners' spectrum positions now and aspired on one chart with its data table, how
//! far apart their aspirations are, and each partner's trend.
//!
//! Partners are numbered P1, P2, ... in alphabetical order of their names (the view's order), and
//! the chart marks each partner with its number rather than a colour alone, so ten partners stay
//! distinguishable in grey print. Nothing ranks partners or positions.

use govmat_core::{CollaborativeView, SideDimension};
use printpdf::{ParsedFont, PdfDocument, PdfPage};

use super::layout::{Align, Column, Layout, BLUE, CONTENT_W, INK, MARGIN, MUTED, PAGE_W, RULE};
use super::{fonts, save_with_language, Pdf};

const LIGHT: (f32, f32, f32) = (0.86, 0.88, 0.9);
const WHITE: (f32, f32, f32) = (1.0, 1.0, 1.0);

/// Renders the collaborative report, produced on `produced` (passed in).
pub fn render(v: &CollaborativeView, produced: &str) -> Pdf {
    let title = format!("{} — collaborative view", v.name);
    let mut doc = PdfDocument::new(&title);
    doc.metadata.info.author = "govmat".into();
    doc.metadata.info.subject = "Provider collaborative: partners side by side".into();
    let regular = ParsedFont::from_bytes(fonts::REGULAR, 0, &mut Vec::new())
        .expect("the shipped font parses");
    let bold =
        ParsedFont::from_bytes(fonts::BOLD, 0, &mut Vec::new()).expect("the shipped font parses");
    let (rid, bid) = (doc.add_font(&regular), doc.add_font(&bold));
    let mut l = Layout::new(rid, bid);

    l.heading("Collaborative view", 1);
    l.paragraph(&v.name, 14.0, true, INK, 0.0);
    l.paragraph(
        &format!(
            "Produced {produced} from the results packs the partner boards chose to share: agreed scores, targets and spread statistics, never names, individual answers or comments. Partners are listed alphabetically; nothing here ranks them."
        ),
        10.0,
        false,
        MUTED,
        0.0,
    );
    l.gap(6.0);
    let rows: Vec<Vec<String>> = v
        .partners
        .iter()
        .enumerate()
        .map(|(i, p)| {
            vec![
                format!("P{}", i + 1),
                p.organisation.clone(),
                format!("{} ({})", p.round, p.round_date),
                format!("{} v{}", p.instrument, p.instrument_version),
                num(v.overall[i]),
            ]
        })
        .collect();
    l.table(
        &[
            col("", 28.0, Align::Left),
            col("Partner", CONTENT_W - 328.0, Align::Left),
            col("Round", 140.0, Align::Left),
            col("Questionnaire", 110.0, Align::Left),
            col("Overall", 50.0, Align::Right),
        ],
        &rows,
        9.0,
    );

    gaps(&mut l, v);
    side_by_side(&mut l, v);
    spectrum(&mut l, v);
    trends(&mut l, v);
    actions(&mut l, v);

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
    Pdf {
        bytes: save_with_language(&doc, "en-GB", None),
        pages,
        missing: l.missing.into_iter().collect(),
    }
}

fn col(title: &str, width: f32, align: Align) -> Column {
    Column {
        title: title.into(),
        width,
        align,
    }
}

fn num(x: Option<f64>) -> String {
    x.map_or("—".into(), |v| format!("{v:.2}"))
}

fn int(x: Option<i64>) -> String {
    x.map_or("—".into(), |v| v.to_string())
}

/// Columns for an item or dimension name followed by one narrow column per partner.
fn partner_columns(first: &str, n: usize) -> Vec<Column> {
    let each = ((CONTENT_W - 150.0) / n.max(1) as f32).min(80.0);
    let mut cols = vec![col(first, CONTENT_W - each * n as f32, Align::Left)];
    cols.extend((1..=n).map(|i| col(&format!("P{i}"), each, Align::Right)));
    cols
}

fn side_by_side(l: &mut Layout, v: &CollaborativeView) {
    l.heading("Partners side by side", 1);
    l.paragraph(
        "Each cell is the partner's agreed score / target, with the range of members' scores in brackets where the partner's anonymity rule allows it; n/a where the partner's questionnaire lacks the item.",
        9.5,
        false,
        MUTED,
        0.0,
    );
    let n = v.partners.len();
    for a in &v.areas {
        l.heading(&a.title, 2);
        let mut rows = vec![{
            let mut r = vec!["Area mean".to_string()];
            r.extend(a.means.iter().map(|m| num(*m)));
            r
        }];
        for it in &a.items {
            let mut r = vec![it.title.clone()];
            r.extend(it.partners.iter().map(|c| match c {
                None => "n/a".into(),
                Some(c) => {
                    let range = c
                        .spread
                        .as_ref()
                        .and_then(|s| s.min.zip(s.max))
                        .map_or(String::new(), |(lo, hi)| format!(" ({lo}–{hi})"));
                    format!("{}/{}{range}", int(c.agreed), int(c.target))
                }
            }));
            rows.push(r);
        }
        l.table(&partner_columns("Item", n), &rows, 8.5);
    }
}

fn gaps(l: &mut Layout, v: &CollaborativeView) {
    l.heading("Perception gaps", 2);
    // Items every partner scored: the ones where agreement or difference can be said at all.
    let common = v
        .areas
        .iter()
        .flat_map(|a| &a.items)
        .filter(|i| {
            i.partners
                .iter()
                .all(|c| c.as_ref().is_some_and(|c| c.agreed.is_some()))
        })
        .count();
    l.paragraph(
        &format!(
            "{} an agreed score from every partner; {} by {} levels or more between partners.",
            govmat_core::plural(common, "item has", "items have"),
            govmat_core::plural(v.gaps.len(), "differs", "differ"),
            govmat_core::PERCEPTION_GAP
        ),
        10.0,
        true,
        INK,
        0.0,
    );
    l.paragraph(
        &format!(
            "Items where the partners' agreed scores differ by {} levels or more: the boards see the same arrangement differently, which is worth talking through together.",
            govmat_core::PERCEPTION_GAP
        ),
        10.0,
        false,
        INK,
        0.0,
    );
    if v.gaps.is_empty() {
        l.paragraph(
            "No item differs by that much: the partners broadly agree.",
            10.0,
            false,
            MUTED,
            0.0,
        );
        return;
    }
    let rows: Vec<Vec<String>> = v
        .gaps
        .iter()
        .map(|g| {
            vec![
                g.title.clone(),
                g.difference.to_string(),
                g.lowest.join(", "),
                g.highest.join(", "),
            ]
        })
        .collect();
    l.table(
        &[
            col("Item", CONTENT_W - 290.0, Align::Left),
            col("Levels apart", 60.0, Align::Right),
            col("Lowest", 115.0, Align::Left),
            col("Highest", 115.0, Align::Left),
        ],
        &rows,
        9.0,
    );
}

fn spectrum(l: &mut Layout, v: &CollaborativeView) {
    let Some(s) = &v.spectrum else {
        return;
    };
    l.heading("Where each partner is and wants to be", 1);
    l.paragraph(
        "Each dimension's track runs from its low end (1) to its high end (5). Light boxes above the track mark where each partner places itself now; dark boxes below it mark its aspiration. A position is not a score: neither end is better.",
        9.5,
        false,
        MUTED,
        0.0,
    );
    l.gap(4.0);
    legend(l);
    // A dimension no partner has placed would be an empty track; the table still lists it.
    for d in s
        .dimensions
        .iter()
        .filter(|d| d.now.iter().chain(&d.aspiration).any(Option::is_some))
    {
        track(l, d);
    }
    let n = v.partners.len();
    let mut cols = partner_columns("Dimension (now → aspiration)", n);
    cols[0].width -= 70.0;
    cols.push(col("Levels apart", 70.0, Align::Right));
    let rows: Vec<Vec<String>> = s
        .dimensions
        .iter()
        .map(|d| {
            let mut r = vec![d.title.clone()];
            r.extend(
                d.now
                    .iter()
                    .zip(&d.aspiration)
                    .map(|(a, b)| format!("{} → {}", int(*a), int(*b))),
            );
            r.push(int(d.aspiration_range));
            r
        })
        .collect();
    l.heading("The chart's data", 2);
    l.table(&cols, &rows, 8.5);
    if !s.distances.is_empty() {
        l.heading("How far apart the aspirations are", 2);
        l.paragraph(
            "The distance between two partners' aspirations, in levels, over the dimensions both placed (straight-line distance). It measures difference, not merit.",
            9.5,
            false,
            MUTED,
            0.0,
        );
        let rows: Vec<Vec<String>> = s
            .distances
            .iter()
            .map(|d| {
                vec![
                    format!("{} and {}", d.a, d.b),
                    d.dimensions.to_string(),
                    format!("{:.2}", d.distance),
                ]
            })
            .collect();
        l.table(
            &[
                col("Partners", CONTENT_W - 160.0, Align::Left),
                col("Dimensions", 80.0, Align::Right),
                col("Distance", 80.0, Align::Right),
            ],
            &rows,
            9.0,
        );
    }
}

/// One dimension of the chart: a track with five ticks, partners' numbers above (now) and below
/// (aspiration), boxes side by side where partners share a level.
fn track(l: &mut Layout, d: &SideDimension) {
    const BOX: f32 = 15.0;
    let (x0, x1) = (MARGIN + 150.0, PAGE_W - MARGIN - 20.0);
    let at = |v: i64| x0 + (x1 - x0) * ((v.clamp(1, 5) - 1) as f32 / 4.0);
    let rows_of = |vals: &[Option<i64>]| -> usize {
        (1..=5)
            .map(|lv| vals.iter().filter(|x| **x == Some(lv)).count().div_ceil(5))
            .max()
            .unwrap_or(0)
            .max(1)
    };
    let (up, down) = (rows_of(&d.now), rows_of(&d.aspiration));
    let half = (x1 - x0) / 2.0 - 8.0;
    let low = l
        .metrics
        .wrap(&l.metrics.clean(&d.low, &mut l.missing), 7.5, false, half);
    let high = l
        .metrics
        .wrap(&l.metrics.clean(&d.high, &mut l.missing), 7.5, false, half);
    let ends = low.len().max(high.len()) as f32 * 9.5;
    let height = (up + down) as f32 * (BOX + 2.0) + 24.0 + ends;
    l.ensure(height + 8.0);
    let top = l.y;
    let mid = top + up as f32 * (BOX + 2.0) + 6.0;
    let title = l.metrics.wrap(&d.title, 9.0, true, 140.0);
    for (i, line) in title.iter().enumerate() {
        l.text_at(
            line,
            MARGIN,
            mid + 3.0 + i as f32 * 11.0,
            9.0,
            true,
            INK,
            Align::Left,
        );
    }
    l.rule(x0, mid, x1, RULE, 1.2);
    for lv in 1..=5 {
        l.line(&[(at(lv), mid - 3.0), (at(lv), mid + 3.0)], MUTED, 0.8);
    }
    let mut place = |vals: &[Option<i64>], above: bool| {
        for lv in 1..=5 {
            let who: Vec<usize> = (0..vals.len()).filter(|i| vals[*i] == Some(lv)).collect();
            for (k, p) in who.iter().enumerate() {
                let (row, colm) = (k / 5, k % 5);
                let in_row = (who.len() - row * 5).min(5);
                let x = at(lv) - in_row as f32 * (BOX + 1.0) / 2.0 + colm as f32 * (BOX + 1.0);
                let y = if above {
                    mid - 5.0 - (row + 1) as f32 * (BOX + 2.0)
                } else {
                    mid + 7.0 + row as f32 * (BOX + 2.0)
                };
                let (fill, ink) = if above { (LIGHT, INK) } else { (BLUE, WHITE) };
                l.rect(x, y, BOX, BOX, fill);
                l.text_at(
                    &format!("{}", p + 1),
                    x + BOX / 2.0,
                    y + BOX - 4.0,
                    7.5,
                    true,
                    ink,
                    Align::Center,
                );
            }
        }
    };
    place(&d.now, true);
    place(&d.aspiration, false);
    let bottom = mid + 7.0 + down as f32 * (BOX + 2.0) + 9.0;
    for (i, line) in low.iter().enumerate() {
        let y = bottom + i as f32 * 9.5;
        l.text_at(line, x0, y, 7.5, false, MUTED, Align::Left);
    }
    for (i, line) in high.iter().enumerate() {
        let y = bottom + i as f32 * 9.5;
        l.text_at(line, x1, y, 7.5, false, MUTED, Align::Right);
    }
    l.y = top + height;
}

/// The chart's key: what a light and a dark numbered box mean.
fn legend(l: &mut Layout) {
    l.ensure(24.0);
    let y = l.y;
    l.rect(MARGIN, y, 12.0, 12.0, LIGHT);
    l.text_at("n", MARGIN + 6.0, y + 9.0, 7.5, true, INK, Align::Center);
    l.text_at(
        "Now (partner number)",
        MARGIN + 18.0,
        y + 9.5,
        8.5,
        false,
        INK,
        Align::Left,
    );
    l.rect(MARGIN + 160.0, y, 12.0, 12.0, BLUE);
    l.text_at(
        "n",
        MARGIN + 166.0,
        y + 9.0,
        7.5,
        true,
        WHITE,
        Align::Center,
    );
    l.text_at(
        "Aspiration (partner number)",
        MARGIN + 178.0,
        y + 9.5,
        8.5,
        false,
        INK,
        Align::Left,
    );
    l.y = y + 22.0;
}

fn trends(l: &mut Layout, v: &CollaborativeView) {
    if v.trends.iter().all(|t| t.points.len() < 2) {
        return;
    }
    l.heading("Each partner over time", 1);
    let rows: Vec<Vec<String>> = v
        .trends
        .iter()
        .flat_map(|t| {
            t.points.iter().map(move |p| {
                vec![
                    t.organisation.clone(),
                    p.round.clone(),
                    p.round_date.clone(),
                    num(p.overall),
                ]
            })
        })
        .collect();
    l.table(
        &[
            col("Partner", CONTENT_W - 290.0, Align::Left),
            col("Round", 150.0, Align::Left),
            col("Date", 80.0, Align::Left),
            col("Overall", 60.0, Align::Right),
        ],
        &rows,
        9.0,
    );
}

fn actions(l: &mut Layout, v: &CollaborativeView) {
    if v.partners.iter().all(|p| p.actions.is_none()) {
        return;
    }
    l.heading("Open actions the partners shared", 1);
    for p in &v.partners {
        let Some(list) = &p.actions else {
            continue;
        };
        l.heading(&p.organisation, 2);
        if list.is_empty() {
            l.paragraph("No open actions.", 9.5, false, MUTED, 0.0);
        }
        for a in list {
            l.paragraph(&format!("• {a}"), 9.5, false, INK, 8.0);
        }
    }
}
