//! The report's last pages: the appendix (the questionnaire, every area's level matrix and the
//! scoring method) and the provenance block saying how the report was made.

use super::sections::col;
use super::{Align, Flow, ReportData, CONTENT_W, INK, MUTED};

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
    "No figure rests on fewer than three scored answers (or the organisation's higher minimum): an item scored by fewer shows its counts only, and its answers count in no area or overall figure.",
    "The board's level on an item is the score the board agreed, or the members' mean where no score was agreed (and the mean is shown). An area's level is the mean of its items' levels, and the overall level the mean of the area levels; each says how many items it is over. The members' means are shown beside them, each over the items whose mean is shown.",
    "Answers are shown as counts per level, item by item: no table or chart follows one member's answers from item to item.",
    "The board agrees a score for each item after discussion. The gap is the target minus the agreed score, or minus the mean where no score was agreed.",
    "Rounds are compared item by item only when they used the same questionnaire version, or a version declared comparable: an item agreed score with agreed score where both rounds agreed one, else members' mean with members' mean; areas and the overall level as each round's level.",
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
