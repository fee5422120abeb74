//! The report's sections, in reading order. Each writes into the shared [`Layout`].

use govmat_core::{disagreement_first, gaps_first, strengths_first, Comparison, ItemScore};
use printpdf::XObjectId;

use super::layout::{Align, Column, Layout, BLUE, CONTENT_W, INK, MARGIN, MUTED, PAGE_H, PAGE_W};
use super::ReportData;
use crate::charts::Drawing;
use crate::flow::{ChartKey, Flow};

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

pub(crate) fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), |v| format!("{v:.1}"))
}

pub(crate) fn int(x: Option<i64>) -> String {
    x.map_or_else(|| "—".into(), |v| v.to_string())
}

pub(crate) fn col(title: &str, width: f32, align: Align) -> Column {
    Column {
        title: title.into(),
        width,
        align,
    }
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

/// The scale level closest to `mean` as it is printed (one decimal), so a table never shows two
/// equal numbers beside different levels; a tie goes to the lower level.
pub(crate) fn nearest_level<'a>(data: &'a ReportData, mean: f64) -> Option<&'a govmat_core::Level> {
    let mean = (mean * 10.0).round() / 10.0;
    data.instrument.scale.levels.iter().min_by(|a, b| {
        (a.value as f64 - mean)
            .abs()
            .total_cmp(&(b.value as f64 - mean).abs())
    })
}

fn level_words(data: &ReportData, mean: f64) -> String {
    nearest_level(data, mean).map_or_else(String::new, |lv| {
        format!(
            "closest to “{}” ({})",
            lv.label,
            lv.descriptor.trim_end_matches('.')
        )
    })
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
        &format!("{} · {}", data.round, data.date),
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
        &format!("Produced {}", data.produced),
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

/// How many took part and the overall level in words: the first thing the board reads.
pub(crate) fn overall_sentence(data: &ReportData) -> String {
    let s = data.score;
    let max = data.instrument.scale.max();
    let who = govmat_core::plural(s.respondents, "board member", "board members");
    if s.respondents > 0 && s.respondents < s.min_group {
        return format!(
            "{who} took part. With fewer than {} members, only counts are shown: any figure would let each member work out the others' answers.",
            s.min_group
        );
    }
    match s.overall {
        Some(m) => format!(
            "{who} took part. The board's overall level is {m:.1} on a scale of {}–{max}, {}{}.",
            data.instrument.scale.min(),
            level_words(data, m),
            over_items(s.items_in_mean, s.items_total, s.min_group)
        ),
        None => format!("{who} took part; no scored answers have been recorded yet."),
    }
}

/// Beside a mean that leaves items out: how many it is over, and why the rest are not in it.
pub(crate) fn over_items(in_mean: usize, total: usize, min_group: usize) -> String {
    if in_mean == total {
        String::new()
    } else if in_mean == 0 {
        format!(" (no item here was scored by {min_group} or more members, so there is no figure)")
    } else {
        format!(
            " (over {in_mean} of {total} items: an item scored by fewer than {min_group} members shows no figure and counts in no mean)"
        )
    }
}

/// The items whose answers were furthest apart, widest first, only those flagged as a
/// disagreement (two or more levels apart), at most `n`.
pub(crate) fn most_contested(score: &govmat_core::RoundScore, n: usize) -> Vec<&ItemScore> {
    disagreement_first(score)
        .into_iter()
        .filter(|i| i.disagreement)
        .take(n)
        .collect()
}

/// The five items furthest below their targets, largest gap first.
pub(crate) fn five_largest_gaps(score: &govmat_core::RoundScore) -> Vec<&ItemScore> {
    gaps_first(score)
        .into_iter()
        .filter(|i| i.gap.is_some_and(|g| g > 0.0))
        .take(5)
        .collect()
}

/// The five largest gaps to target as a table, or a sentence saying there are none.
pub(crate) fn largest_gaps(l: &mut impl Flow, data: &ReportData) {
    let gaps = five_largest_gaps(data.score);
    if gaps.is_empty() {
        l.paragraph(
            "No targets have been set above the board's current position.",
            10.5,
            false,
            MUTED,
            0.0,
        );
        return;
    }
    let rows: Vec<Vec<String>> = gaps
        .iter()
        .map(|i| {
            vec![
                i.title.clone(),
                num(i.position()),
                int(i.target),
                num(i.gap),
            ]
        })
        .collect();
    l.table(
        &[
            col("Item", CONTENT_W - 210.0, Align::Left),
            col("Now", 70.0, Align::Right),
            col("Target", 70.0, Align::Right),
            col("Gap", 70.0, Align::Right),
        ],
        &rows,
        9.5,
    );
}

/// "Compared with …, the overall level moved by …", where the round compared with is
/// comparable and both have an overall level.
pub(crate) fn overall_change(data: &ReportData) -> Option<String> {
    let Some((name, Comparison::Comparable { overall, .. })) = data.comparison else {
        return None;
    };
    overall
        .change
        .map(|c| format!("Compared with {name}, the overall level moved by {c:+.1}."))
}

/// Who prepared the report, as the cover says it.
pub(crate) fn prepared_by(data: &ReportData) -> String {
    data.brand
        .prepared_by
        .clone()
        .unwrap_or_else(|| "the board's governance team".into())
}

pub fn executive_summary(l: &mut impl Flow, data: &ReportData) {
    l.heading("Executive summary", 1);
    let s = data.score;
    l.paragraph(&overall_sentence(data), 11.0, false, INK, 0.0);
    let mut areas: Vec<_> = s.areas.iter().filter(|a| a.mean.is_some()).collect();
    areas.sort_by(|a, b| b.mean.unwrap_or(0.0).total_cmp(&a.mean.unwrap_or(0.0)));
    if areas.len() >= 2 {
        let strong: Vec<String> = areas
            .iter()
            .take(2)
            .map(|a| format!("{} ({})", a.title, num(a.mean)))
            .collect();
        let weak: Vec<String> = areas
            .iter()
            .rev()
            .take(2)
            .map(|a| format!("{} ({})", a.title, num(a.mean)))
            .collect();
        l.paragraph(
            &format!("Strongest areas: {}.", strong.join("; ")),
            11.0,
            false,
            INK,
            0.0,
        );
        l.paragraph(
            &format!("Areas needing most attention: {}.", weak.join("; ")),
            11.0,
            false,
            INK,
            0.0,
        );
    }
    if let Some(change) = overall_change(data) {
        l.paragraph(&change, 11.0, false, INK, 0.0);
    }
    l.chart(ChartKey::Radar, 330.0);
    l.heading("Largest gaps to target", 2);
    largest_gaps(l, data);
    l.heading("Strengths", 2);
    let strengths: Vec<String> = strengths_first(s)
        .iter()
        .take(3)
        .map(|i| format!("{} ({})", i.title, num(i.position())))
        .collect();
    l.paragraph(&strengths.join("; "), 10.5, false, INK, 0.0);
    l.heading("Biggest disagreements", 2);
    let dis: Vec<String> = most_contested(s, 5)
        .iter()
        .map(|i| {
            format!(
                "{} (answers from {} to {})",
                i.title,
                int(i.stats.min),
                int(i.stats.max)
            )
        })
        .collect();
    let text = if dis.is_empty() {
        "Members broadly agreed on every item.".to_string()
    } else {
        dis.join("; ")
    };
    l.paragraph(&text, 10.5, false, INK, 0.0);
    if let Some((_, sp)) = data.spectrum {
        l.heading("Position on the governance spectrum", 2);
        l.paragraph(&spectrum_sentence(sp), 10.5, false, INK, 0.0);
    }
}

pub(crate) fn spectrum_sentence(sp: &govmat_core::SpectrumSummary) -> String {
    let names = |v: &[govmat_core::Nearest]| {
        v.iter()
            .take(2)
            .map(|n| n.title.clone())
            .collect::<Vec<_>>()
            .join(" and ")
    };
    if sp.nearest_now.is_empty() {
        return "No spectrum positions have been recorded.".into();
    }
    format!(
        "Today the board's arrangements sit closest to {}; its aspiration sits closest to {}. The spectrum describes a position, not a score: there is no simple good or bad position, and what matters is governance proportionate to the collaborative's nature and ambition.",
        names(&sp.nearest_now),
        names(&sp.nearest_aspiration)
    )
}

pub fn areas(l: &mut impl Flow, data: &ReportData) {
    for (i, area) in data.score.areas.iter().enumerate() {
        l.heading(&format!("{}. {}", i + 1, area.title), 1);
        l.paragraph(
            &format!(
                "Area mean: {}{}.",
                num(area.mean),
                over_items(area.items_in_mean, area.items.len(), data.score.min_group)
            ),
            11.0,
            false,
            INK,
            0.0,
        );
        l.chart(ChartKey::AreaBars(i), CONTENT_W);
        let rows: Vec<Vec<String>> = area
            .items
            .iter()
            .map(|it| {
                let range = match (it.stats.min, it.stats.max) {
                    (Some(a), Some(b)) => format!("{a}–{b}"),
                    _ => "—".into(),
                };
                let flag = if it.disagreement { "yes" } else { "" };
                vec![
                    it.title.clone(),
                    it.stats.n.to_string(),
                    num(it.stats.mean),
                    range,
                    it.dont_know.to_string(),
                    int(it.agreed),
                    int(it.target),
                    num(it.gap),
                    flag.into(),
                ]
            })
            .collect();
        l.table(
            &[
                col("Item", CONTENT_W - 334.0, Align::Left),
                col("n", 26.0, Align::Right),
                col("Mean", 38.0, Align::Right),
                col("Range", 42.0, Align::Right),
                col("Don't know", 42.0, Align::Right),
                col("Agreed", 48.0, Align::Right),
                col("Target", 46.0, Align::Right),
                col("Gap", 34.0, Align::Right),
                col("Members split", 58.0, Align::Center),
            ],
            &rows,
            9.0,
        );
        for it in &area.items {
            let d = data.decisions.get(&it.id);
            let comments = data.comments.get(&it.id).map(Vec::as_slice).unwrap_or(&[]);
            let rationale = d.map(|d| d.rationale.as_str()).unwrap_or("");
            let dissent = d.map(|d| d.dissent.as_str()).unwrap_or("");
            if comments.is_empty() && rationale.is_empty() && dissent.is_empty() {
                continue;
            }
            l.heading(&it.title, 2);
            if !rationale.is_empty() {
                l.paragraph(
                    &format!("Rationale for the agreed score: {rationale}"),
                    9.5,
                    false,
                    INK,
                    0.0,
                );
            }
            if !dissent.is_empty() {
                l.paragraph(
                    &format!("Recorded dissent: {dissent}"),
                    9.5,
                    false,
                    INK,
                    0.0,
                );
            }
            for c in comments {
                let text = match &c.group {
                    Some(g) => format!("“{}” ({g})", c.text),
                    None => format!("“{}”", c.text),
                };
                l.paragraph(&text, 9.5, false, MUTED, 12.0);
            }
        }
    }
}

pub fn disagreement(l: &mut impl Flow, data: &ReportData) {
    l.heading("Where the board disagrees", 1);
    l.paragraph(
        &format!("Each row of the chart is an item and each column a level: a cell says how many members gave that level, the darker the more. Answers are counted item by item and never followed from one item to the next, so no one's ballot can be read from the chart. An item scored by fewer than {} members shows no levels, only how many said “don't know” or did not answer. In the table below, means by role group are shown only where every group gave at least {} scores on the item; a role group with fewer than {} members is combined with its neighbour on the same side of the board (the chair with the non-executives, others with the executives).", data.min_group, data.min_group, data.min_group),
        10.0,
        false,
        MUTED,
        0.0,
    );
    l.chart(ChartKey::Heatmap, CONTENT_W);
    let items: Vec<&ItemScore> = disagreement_first(data.score)
        .into_iter()
        .filter(|i| i.disagreement)
        .collect();
    if items.is_empty() {
        l.paragraph(
            "No item had answers two or more levels apart.",
            10.5,
            false,
            INK,
            0.0,
        );
        return;
    }
    // One column per role group of the round's split; an item whose groups gave too few
    // scored answers shows a dash rather than a mean that would point at someone.
    let groups: Vec<String> = data
        .score
        .split
        .groups()
        .iter()
        .map(|g| g.label.clone())
        .collect();
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            let mut row = vec![
                i.title.clone(),
                format!("{}–{}", int(i.stats.min), int(i.stats.max)),
                num(i.stats.sd),
            ];
            for g in &groups {
                let m = i.split.groups().iter().find(|x| &x.label == g);
                row.push(m.map_or("—".to_string(), |m| num(m.mean)));
            }
            row
        })
        .collect();
    let group_w = 100.0;
    let mut cols = vec![
        col(
            "Item",
            CONTENT_W - 90.0 - group_w * groups.len() as f32,
            Align::Left,
        ),
        col("Range", 50.0, Align::Right),
        col("SD", 40.0, Align::Right),
    ];
    for g in &groups {
        cols.push(col(&format!("{g} mean"), group_w, Align::Right));
    }
    l.table(&cols, &rows, 9.0);
    if groups.is_empty() {
        l.paragraph(
            &format!(
                "Means by role are not shown: a role group would have fewer than {} members.",
                data.min_group
            ),
            9.5,
            false,
            MUTED,
            0.0,
        );
    }
}

pub fn spectrum(l: &mut impl Flow, data: &ReportData) {
    let Some((instrument, sp)) = data.spectrum else {
        return;
    };
    l.heading("The governance spectrum", 1);
    l.paragraph(&spectrum_sentence(sp), 10.5, false, INK, 0.0);
    l.chart(ChartKey::Spectrum, CONTENT_W);
    let rows: Vec<Vec<String>> = sp
        .dimensions
        .iter()
        .map(|d| {
            let range = |s: &govmat_core::Stats| match (s.min, s.max) {
                (Some(a), Some(b)) => format!("{a}–{b}"),
                _ => "—".into(),
            };
            vec![
                d.title.clone(),
                int(d.agreed.now),
                range(&d.now),
                int(d.agreed.aspiration),
                range(&d.aspiration),
            ]
        })
        .collect();
    l.table(
        &[
            col("Dimension", CONTENT_W - 280.0, Align::Left),
            col("Now (agreed)", 65.0, Align::Right),
            col("Members' range", 65.0, Align::Right),
            col("Aspiration (agreed)", 85.0, Align::Right),
            col("Members' range", 65.0, Align::Right),
        ],
        &rows,
        9.0,
    );
    l.heading("The nearest approaches", 2);
    let mut shown = Vec::new();
    for n in sp.nearest_now.iter().chain(sp.nearest_aspiration.iter()) {
        if shown.contains(&n.id) {
            continue;
        }
        shown.push(n.id.clone());
        if let Some(a) = instrument.approaches.iter().find(|a| a.id == n.id) {
            l.paragraph(&a.title, 10.5, true, INK, 0.0);
            l.paragraph(&a.characteristics, 9.5, false, INK, 0.0);
            l.paragraph(&a.application, 9.5, false, MUTED, 0.0);
        }
    }
}

pub fn trends(l: &mut impl Flow, data: &ReportData) {
    let Some(t) = data.trend.filter(|t| t.points.len() > 1) else {
        return;
    };
    l.heading("Trends across rounds", 1);
    l.chart(ChartKey::Trend, CONTENT_W);
    let mut cols = vec![col(
        "Area",
        CONTENT_W - 70.0 * t.points.len().min(4) as f32,
        Align::Left,
    )];
    let shown: Vec<_> = t.points.iter().rev().take(4).rev().collect();
    for p in &shown {
        cols.push(col(
            &format!("{} ({})", p.round, p.date),
            70.0,
            Align::Right,
        ));
    }
    let mut rows: Vec<Vec<String>> = t
        .areas
        .iter()
        .enumerate()
        .map(|(i, (_, title))| {
            std::iter::once(title.clone())
                .chain(shown.iter().map(|p| num(p.areas[i])))
                .collect()
        })
        .collect();
    rows.push(
        std::iter::once("Overall".to_string())
            .chain(shown.iter().map(|p| num(p.overall)))
            .collect(),
    );
    // Follow-through of the actions each round inherited (issue 27), where it has any.
    let follow = |round: &str| {
        data.follow_through_trend
            .iter()
            .find(|(r, _)| r == round)
            .map(|(_, f)| f)
    };
    if shown.iter().any(|p| follow(&p.round).is_some()) {
        rows.push(
            std::iter::once("Actions followed through".to_string())
                .chain(
                    shown
                        .iter()
                        .map(|p| follow(&p.round).map_or_else(|| "—".into(), |f| f.percent())),
                )
                .collect(),
        );
    }
    l.table(&cols, &rows, 9.0);
    if shown.iter().skip(1).any(|p| !p.continues) {
        l.paragraph("A break in the lines marks a questionnaire version that cannot be compared with the one before.", 9.0, false, MUTED, 0.0);
    }
}

pub fn action_plan(l: &mut impl Flow, data: &ReportData) {
    l.heading("Action plan", 1);
    if data.actions.is_empty() {
        l.paragraph(
            "No actions have been recorded for this round.",
            10.5,
            false,
            MUTED,
            0.0,
        );
        return;
    }
    actions_table(l, &data.actions.iter().collect::<Vec<_>>());
}

/// Actions as a table: item, action (marked when carried forward), owner, due date and status.
pub(crate) fn actions_table(l: &mut impl Flow, actions: &[&super::ActionLine]) {
    let rows: Vec<Vec<String>> = actions
        .iter()
        .map(|a| {
            let text = if a.carried {
                format!("{} (carried forward)", a.text)
            } else {
                a.text.clone()
            };
            vec![
                a.item.clone(),
                text,
                a.owner.clone(),
                a.due.clone(),
                a.status.clone(),
            ]
        })
        .collect();
    l.table(
        &[
            col("Item", 110.0, Align::Left),
            col("Action", CONTENT_W - 340.0, Align::Left),
            col("Owner", 95.0, Align::Left),
            col("Due", 65.0, Align::Left),
            col("Status", 70.0, Align::Left),
        ],
        &rows,
        9.0,
    );
}

pub fn appendix(l: &mut impl Flow, data: &ReportData) {
    let ins = data.instrument;
    l.heading("Appendix: the questionnaire and the method", 1);
    l.paragraph(
        &format!("{} (version {})", ins.title, ins.version),
        12.0,
        true,
        INK,
        0.0,
    );
    if !ins.summary.is_empty() {
        l.paragraph(&ins.summary, 10.0, false, INK, 0.0);
    }
    let s = &ins.source;
    let note = s
        .note
        .as_deref()
        .map(|n| format!(" {n}"))
        .unwrap_or_default();
    l.paragraph(
        &format!(
            "Source: {}. The questions are this report's own wording of that source.{note}",
            s.citation()
        ),
        9.5,
        false,
        MUTED,
        0.0,
    );
    l.heading("The scale", 2);
    let rows: Vec<Vec<String>> = ins
        .scale
        .levels
        .iter()
        .map(|lv| {
            vec![
                lv.value.to_string(),
                lv.label.clone(),
                lv.descriptor.clone(),
            ]
        })
        .collect();
    l.table(
        &[
            col("Level", 40.0, Align::Center),
            col("Label", 110.0, Align::Left),
            col("What it means", CONTENT_W - 150.0, Align::Left),
        ],
        &rows,
        9.0,
    );
    l.paragraph(
        "“Don't know” was always available; it is counted but never scored.",
        9.5,
        false,
        MUTED,
        0.0,
    );
    if let Some(note) = &ins.scale.note {
        l.paragraph(note, 9.5, false, MUTED, 0.0);
    }
    let matrix = ins.items().any(|it| it.has_own_levels());
    for area in &ins.areas {
        l.heading(&area.title, 2);
        for it in &area.items {
            l.paragraph(&it.title, 10.0, true, INK, 0.0);
            l.paragraph(&it.question, 9.5, false, INK, 8.0);
        }
        if matrix {
            level_matrix(l, data, area);
        }
    }
    l.heading("How the scores are calculated", 2);
    for line in METHOD {
        l.paragraph(line, 9.5, false, INK, 0.0);
    }
    if let Some(note) = &ins.scale.note {
        l.paragraph(
            &format!("Where the scale comes from: {note}"),
            9.5,
            false,
            INK,
            0.0,
        );
    }
}

/// One area's items against every level of the scale, each cell saying what that item looks
/// like at that level: the matrix a consultant hands over with the report. An item without its
/// own descriptions shows the scale's, which is what its members read.
fn level_matrix(l: &mut impl Flow, data: &ReportData, area: &govmat_core::Area) {
    let scale = &data.instrument.scale;
    let item_w = 78.0;
    let level_w = (CONTENT_W - item_w) / scale.levels.len().max(1) as f32;
    let mut columns = vec![col("Item", item_w, Align::Left)];
    columns.extend(
        scale
            .levels
            .iter()
            .map(|lv| col(&format!("{} {}", lv.value, lv.label), level_w, Align::Left)),
    );
    let rows: Vec<Vec<String>> = area
        .items
        .iter()
        .map(|it| {
            std::iter::once(it.title.clone())
                .chain(
                    it.levels_or_scale(scale)
                        .iter()
                        .map(|lv| lv.descriptor.clone()),
                )
                .collect()
        })
        .collect();
    // Keep the matrix's title with its header row and first item.
    l.keep(120.0);
    l.paragraph(
        &format!("What each level looks like: {}", area.title),
        9.5,
        true,
        INK,
        0.0,
    );
    l.table(&columns, &rows, 7.0);
}

const METHOD: &[&str] = &[
    "Each member answers privately. “Don't know” and unanswered items are counted but never enter a score.",
    "For each item: n is the number of scored answers; the mean and median (the mean of the middle two when n is even), the lowest and highest answer, and the sample standard deviation (n − 1, shown only when n is at least 2).",
    "An item is flagged as a disagreement when members' answers are two or more levels apart.",
    "No figure rests on fewer than three scored answers (or the organisation's higher minimum): an item scored by fewer shows its counts only, and counts in no area or overall mean.",
    "An area's mean is the mean of its shown items' means; the overall level is the mean of the area means.",
    "Answers are shown as counts per level, item by item: no table or chart follows one member's answers from item to item.",
    "The board agrees a score for each item after discussion. The gap is the target minus the agreed score, or minus the mean where no score was agreed.",
    "Rounds are compared item by item only when they used the same questionnaire version, or a version declared comparable.",
    "Spectrum positions are summarised by the members' range and the board's agreed position; the nearest approaches are those whose indicative profiles are closest (straight-line distance across the five dimensions).",
];

/// The last block of the report: which software, questionnaire and data it was made from, kept
/// on one page so the hashes are read together. A hash is one word of 64 hex digits, so the
/// value column is sized for it at this type size and never breaks it.
pub fn provenance(l: &mut impl Flow, data: &ReportData) {
    let size = 8.0;
    let rows: Vec<Vec<String>> = data
        .provenance
        .lines()
        .into_iter()
        .map(|(label, value)| vec![label.to_string(), value.to_string()])
        .collect();
    l.keep(330.0);
    l.heading("How this report was made", 2);
    l.paragraph(
        "Copies of this round's report, workbook (sheet Provenance) and JSON export hold the same data when their round data SHA-256 are equal; any change to an answer, comment, decision or action changes it.",
        9.0,
        false,
        MUTED,
        0.0,
    );
    l.table(
        &[
            col("Detail", 130.0, Align::Left),
            col("Value", CONTENT_W - 130.0, Align::Left),
        ],
        &rows,
        size,
    );
}
