//! "How this board compares" (issue 26): the board among other boards' results, in the full
//! report (box plots with their numbers in a table) and as one line of the board summary. Written
//! through the [`Flow`], so the PDF and the Word report say the same. Other boards are only ever
//! "N other boards": the data handed in has no name to print.

use govmat_core::{quartile_of, BenchmarkView, Placing};

use super::sections::col;
use super::ReportData;
use super::{Align, CONTENT_W, INK, MUTED};
use super::{ChartKey, Flow};

fn ordinal(n: u8) -> &'static str {
    match n {
        1 => "1st",
        2 => "2nd",
        3 => "3rd",
        _ => "4th",
    }
}

fn boards(n: usize) -> String {
    govmat_core::plural(n, "other board", "other boards")
}

/// The one sentence said when there are too few boards to compare with.
pub fn too_few_sentence(v: &BenchmarkView) -> String {
    let held = match v.boards {
        0 => "none".to_string(),
        n => format!("{n} ({} more needed)", v.needed),
    };
    format!(
        "This board is not compared with others: a comparison needs the results of at least {} other boards on this questionnaire, and the benchmark library holds {held}.",
        v.minimum
    )
}

/// "Overall, this board is in the 3rd quartile of 23 other boards (percentile 62; 1st is the
/// lowest)", or `None` when there is no overall figure to place.
pub fn overall_line(v: &BenchmarkView) -> Option<String> {
    let o = v.overall.as_ref()?;
    let (b, f) = (o.board?, o.figures.as_ref()?);
    Some(format!(
        "Overall, this board's members' mean ({b:.1}) is in the {} quartile of {} (the 1st is the lowest; percentile {:.0}).",
        ordinal(quartile_of(b, &f.quartiles)),
        boards(o.boards),
        f.percentile.unwrap_or(0.0)
    ))
}

fn cells(title: &str, p: &Placing) -> Vec<String> {
    let n = |x: f64| format!("{x:.1}");
    let board = p.board.map_or_else(|| "—".into(), n);
    match &p.figures {
        Some(f) => {
            let q = &f.quartiles;
            vec![
                title.to_string(),
                board,
                p.boards.to_string(),
                n(q.min),
                n(q.q1),
                n(q.median),
                n(q.q3),
                n(q.max),
                f.percentile
                    .map_or_else(|| "—".into(), |x| format!("{x:.0}")),
            ]
        }
        None => {
            let mut row = vec![title.to_string(), board, p.boards.to_string()];
            row.extend(std::iter::repeat_n("—".to_string(), 6));
            row
        }
    }
}

fn table(l: &mut impl Flow, first: &str, rows: Vec<Vec<String>>) {
    let r = |t: &str, w: f32| col(t, w, Align::Right);
    l.table(
        &[
            col(first, CONTENT_W - 328.0, Align::Left),
            r("Board", 40.0),
            r("Boards", 42.0),
            r("Lowest", 44.0),
            r("Q1", 30.0),
            r("Median", 44.0),
            r("Q3", 30.0),
            r("Highest", 48.0),
            r("Pctile", 50.0),
        ],
        &rows,
        8.5,
    );
}

/// The full report's section: the chart and its numbers, or one sentence.
pub fn compares(l: &mut impl Flow, data: &ReportData) {
    let Some(v) = data.benchmark else {
        return;
    };
    l.heading("How this board compares", 1);
    if !v.enough() {
        l.paragraph(&too_few_sentence(v), 10.5, false, INK, 0.0);
        return;
    }
    l.paragraph(
        &format!(
            "Compared with {} that used this questionnaire in a comparable version, each with its latest results. Every board is compared on its members' means, the one figure every board's results carry, so this board's figures here may differ from its level above. For each area, the whisker spans the lowest to the highest of their means and the box the middle half of them (Q1 to Q3), with a line at the median; the diamond is this board. The percentile is the share of those boards below this board (a tie counts half). No other board is named, and a figure needs at least {} boards.",
            boards(v.boards),
            v.minimum
        ),
        9.5,
        false,
        INK,
        0.0,
    );
    if let Some(line) = overall_line(v) {
        l.paragraph(&line, 10.5, true, INK, 0.0);
    }
    l.chart(ChartKey::Benchmark, CONTENT_W);
    let mut rows: Vec<Vec<String>> = v.overall.iter().map(|o| cells("Overall", o)).collect();
    rows.extend(v.areas.iter().map(|a| cells(&a.title, &a.placing)));
    table(l, "Area", rows);
    if !v.items.is_empty() {
        l.heading("Items most boards show", 2);
        l.paragraph(
            &format!(
                "Items that at least {} other boards scored with enough members to show a figure; their members' mean.",
                v.minimum
            ),
            9.0,
            false,
            MUTED,
            0.0,
        );
        let rows = v
            .items
            .iter()
            .map(|i| cells(&i.title, &i.placing))
            .collect();
        table(l, "Item", rows);
    }
}

/// The board summary's line, only when there is an overall figure to place.
pub fn summary_line(l: &mut impl Flow, data: &ReportData) {
    let Some(line) = data.benchmark.and_then(overall_line) else {
        return;
    };
    l.heading("How this board compares", 2);
    l.paragraph(&line, 9.5, false, INK, 0.0);
}
