//! The report's sections, in reading order, each written into a [`Flow`]; the PDF's cover and
//! contents page, which only print has, are in `crate::pdf::cover`.

use govmat_core::{disagreement_first, gaps_first, strengths_first, Comparison, ItemScore};

use super::{Align, ChartKey, Column, Flow, ReportData, CONTENT_W, INK, MUTED};

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
    match s.level {
        Some(m) => format!(
            "{who} took part. The board's overall level is {m:.1} on a scale of {}–{max}, {}{}. {}",
            data.instrument.scale.min(),
            level_words(data, m),
            over_level(s.items_in_level, s.items_total, s.min_group),
            level_basis(s.items_agreed, s.items_in_level)
        ),
        None => format!("{who} took part; no scored answers have been recorded yet."),
    }
}

/// Beside a level that leaves items out: how many it is over, and why the rest are not in it.
pub(crate) fn over_level(in_level: usize, total: usize, min_group: usize) -> String {
    if in_level == total {
        String::new()
    } else {
        format!(
            " (over {in_level} of {total} items: an item with no agreed score that fewer than {min_group} members scored has no figure)"
        )
    }
}

/// What a level is made of, as a sentence: the board's agreed scores, the members' means, or
/// which items are which.
pub(crate) fn level_basis(agreed: usize, in_level: usize) -> String {
    if agreed == 0 {
        "No score has been agreed yet, so each item counts at the members' mean.".into()
    } else if agreed >= in_level {
        format!(
            "Each of its {} counts at the score the board agreed.",
            govmat_core::plural(in_level, "item", "items")
        )
    } else {
        format!(
            "It takes the score the board agreed on {} and the members' mean on the other {}.",
            govmat_core::plural(agreed, "item", "items"),
            in_level - agreed
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
    let mut areas: Vec<_> = s.areas.iter().filter(|a| a.level.is_some()).collect();
    areas.sort_by(|a, b| b.level.unwrap_or(0.0).total_cmp(&a.level.unwrap_or(0.0)));
    if areas.len() >= 2 {
        let strong: Vec<String> = areas
            .iter()
            .take(2)
            .map(|a| format!("{} ({})", a.title, num(a.level)))
            .collect();
        let weak: Vec<String> = areas
            .iter()
            .rev()
            .take(2)
            .map(|a| format!("{} ({})", a.title, num(a.level)))
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

/// " (over 4 of 5 items)" where a figure leaves items out; the overall sentence says why.
fn over(counted: usize, total: usize) -> String {
    if counted == total {
        String::new()
    } else {
        format!(" (over {counted} of {total} items)")
    }
}

pub fn areas(l: &mut impl Flow, data: &ReportData) {
    for (i, area) in data.score.areas.iter().enumerate() {
        l.heading(&format!("{}. {}", i + 1, area.title), 1);
        l.paragraph(
            &format!(
                "The board's level on this area: {}{}, with {} of {} items agreed. The members' mean: {}{}.",
                num(area.level),
                over(area.items_in_level, area.items.len()),
                area.items_agreed,
                area.items.len(),
                num(area.mean),
                over(area.items_in_mean, area.items.len()),
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
                col("Answers 2+ apart", 58.0, Align::Center),
            ],
            &rows,
            9.0,
        );
        for it in &area.items {
            let d = data.decisions.get(&it.id);
            let comments = data.comments.get(it.id.as_str()).copied().unwrap_or(&[]);
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
    l.paragraph(
        "The board's level by area in each round: the agreed score where the board agreed one, else the members' mean.",
        10.0,
        false,
        INK,
        0.0,
    );
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
                super::uk_date(&a.due),
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
