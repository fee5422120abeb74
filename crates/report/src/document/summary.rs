//! The board summary: what a board reads in five minutes before its meeting, on two A4 pages
//! at most. The overall and per-area levels with the change since the round compared with, the
//! five largest gaps, the most contested items, the spectrum position in a sentence, the open
//! actions with their owners, and last a compact provenance block.
//!
//! It is written through [`Flow`], so the PDF and the Word summary say the same things, and it
//! reuses the full report's wording (`sections`) for every sentence the two share. What does
//! not fit is not squeezed: a list is cut short and says how many more the full report holds,
//! and [`FITS`] is the order in which lists give way until the PDF fits.

use super::sections::{
    actions_table, col, five_largest_gaps, largest_gaps, most_contested, nearest_level, num,
    overall_change, overall_sentence, prepared_by, spectrum_sentence,
};
use super::Flow;
use super::ReportData;
use super::{Align, CONTENT_W, INK, MUTED};
use govmat_core::Comparison;

/// The most pages a board summary may take.
pub const MAX_PAGES: usize = 2;

/// How many of the longer lists a summary shows; the rest are counted, not listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SummaryFit {
    pub contested: usize,
    pub actions: usize,
}

/// The fits tried in turn, fullest first: open actions give way before contested items, since
/// the full report's action plan lists every action with its owner.
pub const FITS: &[SummaryFit] = &[
    SummaryFit {
        contested: 5,
        actions: 10,
    },
    SummaryFit {
        contested: 5,
        actions: 6,
    },
    SummaryFit {
        contested: 5,
        actions: 3,
    },
    SummaryFit {
        contested: 3,
        actions: 3,
    },
    SummaryFit {
        contested: 3,
        actions: 0,
    },
    SummaryFit {
        contested: 0,
        actions: 0,
    },
];

/// The whole summary, in reading order.
pub fn board_summary(l: &mut impl Flow, data: &ReportData, fit: SummaryFit) {
    l.heading("Board summary", 1);
    l.paragraph(data.organisation, 15.0, true, INK, 0.0);
    l.paragraph(
        &format!(
            "{} · {} · {} (version {})",
            data.round,
            super::uk_date(data.date),
            data.instrument.title,
            data.instrument.version
        ),
        10.5,
        false,
        INK,
        0.0,
    );
    l.paragraph(
        &format!(
            "Prepared by {} · Produced {}",
            prepared_by(data),
            super::uk_date(data.provenance.produced.as_str())
        ),
        9.0,
        false,
        MUTED,
        0.0,
    );
    l.paragraph(&overall_sentence(data), 10.5, false, INK, 0.0);
    levels(l, data);
    l.keep(short_table(five_largest_gaps(data.score).len()));
    l.heading("The five largest gaps to target", 2);
    largest_gaps(l, data);
    contested(l, data, fit.contested);
    if let Some((_, sp)) = data.spectrum {
        l.heading("Position on the governance spectrum", 2);
        l.paragraph(&spectrum_sentence(sp), 9.5, false, INK, 0.0);
    }
    super::record::summary_line(l, data);
    super::benchmark::summary_line(l, data);
    open_actions(l, data, fit.actions);
    provenance(l, data);
}

/// The overall and per-area levels, with the change since the round compared with when the two
/// can be compared, and a sentence saying why not otherwise.
fn levels(l: &mut impl Flow, data: &ReportData) {
    l.heading("Levels by area", 2);
    let closest = |mean: Option<f64>| {
        mean.and_then(|m| nearest_level(data, m))
            .map_or_else(|| "—".to_string(), |lv| lv.label.clone())
    };
    let s = data.score;
    let mut rows: Vec<(String, Option<f64>)> =
        s.areas.iter().map(|a| (a.title.clone(), a.level)).collect();
    rows.push(("Overall".into(), s.level));
    let deltas = match data.comparison {
        Some((name, Comparison::Comparable { overall, areas, .. })) => {
            let mut d: Vec<(Option<f64>, Option<f64>)> = s
                .areas
                .iter()
                .map(|a| {
                    areas
                        .iter()
                        .find(|x| x.id == a.id)
                        .map_or((None, None), |x| (x.before, x.change))
                })
                .collect();
            d.push((overall.before, overall.change));
            Some((name, d))
        }
        _ => None,
    };
    let change = |c: Option<f64>| c.map_or_else(|| "—".into(), |c| format!("{c:+.1}"));
    match &deltas {
        Some((name, d)) => {
            let table: Vec<Vec<String>> = rows
                .iter()
                .zip(d)
                .map(|((title, mean), (before, delta))| {
                    vec![
                        title.clone(),
                        num(*mean),
                        closest(*mean),
                        num(*before),
                        change(*delta),
                    ]
                })
                .collect();
            l.table(
                &[
                    col("Area", CONTENT_W - 255.0, Align::Left),
                    col("Now", 40.0, Align::Right),
                    col("Closest level", 85.0, Align::Left),
                    col(name, 80.0, Align::Right),
                    col("Change", 50.0, Align::Right),
                ],
                &table,
                9.0,
            );
        }
        None => {
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|(title, mean)| vec![title.clone(), num(*mean), closest(*mean)])
                .collect();
            l.table(
                &[
                    col("Area", CONTENT_W - 125.0, Align::Left),
                    col("Now", 40.0, Align::Right),
                    col("Closest level", 85.0, Align::Left),
                ],
                &table,
                9.0,
            );
        }
    }
    let note = match data.comparison {
        Some((_, Comparison::Comparable { .. })) => overall_change(data),
        Some((name, Comparison::NotComparable { reason })) => {
            Some(format!("No change is shown since {name}: {reason}."))
        }
        None => Some("There is no earlier round on this questionnaire to compare with.".into()),
    };
    if let Some(note) = note {
        l.paragraph(&note, 9.0, false, MUTED, 0.0);
    }
}

/// The items members disagreed about most, with the range of their answers.
fn contested(l: &mut impl Flow, data: &ReportData, shown: usize) {
    let all = most_contested(data.score, usize::MAX);
    l.keep(short_table(shown.min(all.len())));
    l.heading("The most contested items", 2);
    if all.is_empty() {
        l.paragraph(
            "Members broadly agreed on every item: no answers were two or more levels apart.",
            9.5,
            false,
            INK,
            0.0,
        );
        return;
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .take(shown)
        .map(|i| {
            let range = match (i.stats.min, i.stats.max) {
                (Some(a), Some(b)) => format!("{a}–{b}"),
                _ => "—".into(),
            };
            vec![i.title.clone(), range, num(i.stats.sd), num(i.position())]
        })
        .collect();
    if !rows.is_empty() {
        l.table(
            &[
                col("Item", CONTENT_W - 210.0, Align::Left),
                col("Answers from–to", 80.0, Align::Right),
                col("SD", 50.0, Align::Right),
                col("Now", 80.0, Align::Right),
            ],
            &rows,
            9.0,
        );
    }
    if let Some(more) = more(all.len(), rows.len(), "item", "items") {
        l.paragraph(
            &format!("{more} where members' answers were two or more levels apart; the full report's section \u{201c}Where the board disagrees\u{201d} lists every one."),
            9.0,
            false,
            MUTED,
            0.0,
        );
    }
}

/// The actions still to do (open or in progress), with their owners.
fn open_actions(l: &mut impl Flow, data: &ReportData, shown: usize) {
    l.heading("Open actions", 2);
    let open: Vec<_> = data.actions.iter().filter(|a| a.open).collect();
    if open.is_empty() {
        l.paragraph(
            "No actions are open for this round.",
            9.5,
            false,
            MUTED,
            0.0,
        );
        return;
    }
    let listed = &open[..shown.min(open.len())];
    if !listed.is_empty() {
        actions_table(l, listed);
    }
    if let Some(more) = more(open.len(), listed.len(), "open action", "open actions") {
        l.paragraph(
            &format!("{more}, listed with their owners in the full report's action plan."),
            9.0,
            false,
            MUTED,
            0.0,
        );
    }
}

/// Room for a sub-heading and a short table of one-line rows with a two-line header (or the
/// sentence that stands for an empty table), asked for before the table so that it is never
/// split from its heading or across the page.
fn short_table(rows: usize) -> f32 {
    match rows {
        0 => 36.0 + 20.0,
        n => 36.0 + 32.0 + n as f32 * 21.0,
    }
}

/// "And 7 more items" when some of `total` were not shown, or "12 open actions" when none were.
fn more(total: usize, shown: usize, one: &str, many: &str) -> Option<String> {
    let rest = total - shown;
    let noun = |n: usize| if n == 1 { one } else { many };
    match (shown, rest) {
        (_, 0) => None,
        (0, n) => Some(format!("{n} {}", noun(n))),
        (_, n) => Some(format!("And {n} more {}", noun(n))),
    }
}

/// The provenance block, compactly: the short details on one run of lines, each hash on a line
/// of its own so it is read (and copied) whole. Kept together on the last page.
fn provenance(l: &mut impl Flow, data: &ReportData) {
    let size = 7.5;
    let lines = data.provenance.lines();
    l.keep(120.0);
    l.heading("How this summary was made", 2);
    let (hashes, short): (Vec<_>, Vec<_>) = lines
        .iter()
        .filter(|(label, _)| !label.ends_with("covers"))
        .partition(|(label, _)| label.ends_with("SHA-256"));
    let short: Vec<String> = short
        .iter()
        .map(|(label, value)| format!("{label}: {value}"))
        .collect();
    l.paragraph(&short.join(" · "), size, false, MUTED, 0.0);
    for (label, value) in hashes {
        l.paragraph(&format!("{label}: {value}"), size, false, MUTED, 0.0);
    }
    if let Some((label, value)) = lines.iter().find(|(label, _)| label.ends_with("covers")) {
        l.paragraph(&format!("{label}: {value}."), size, false, MUTED, 0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::more;

    #[test]
    fn a_cut_list_says_how_many_more_there_are_in_the_singular_and_plural() {
        assert_eq!(more(5, 5, "item", "items"), None, "nothing was left out");
        assert_eq!(
            more(6, 5, "item", "items").as_deref(),
            Some("And 1 more item")
        );
        assert_eq!(
            more(40, 10, "open action", "open actions").as_deref(),
            Some("And 30 more open actions")
        );
        assert_eq!(
            more(12, 0, "open action", "open actions").as_deref(),
            Some("12 open actions"),
            "when none are listed the sentence counts them all"
        );
    }
}
