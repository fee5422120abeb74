//! The XLSX workbook's sheets: items, areas, actions, the answers as counts per level, and the
//! provenance block, all from the anonymised round. Dates are date cells shown as the UK writes
//! them (`Cell::date`); a time stays text, its date written the same way.

use govmat_report::provenance::{Provenance, Value};
use govmat_report::xlsx::{Cell, Sheet};

use crate::views::RoundView;

pub(super) fn workbook_sheets(v: &RoundView) -> Vec<Sheet> {
    let col = |t: &str, w: f64| (t.to_string(), w);
    let mut items = Vec::new();
    for a in &v.score.areas {
        for s in &a.items {
            let d = v
                .items
                .iter()
                .find(|i| i.id == s.id)
                .map(|i| i.decision.clone())
                .unwrap_or_default();
            items.push(vec![
                Cell::from(a.title.as_str()),
                Cell::from(s.id.as_str()),
                Cell::from(s.title.as_str()),
                Cell::Integer(s.stats.n as i64),
                Cell::Integer(s.dont_know as i64),
                Cell::from(s.stats.mean),
                Cell::from(s.stats.median),
                Cell::from(s.stats.min),
                Cell::from(s.stats.max),
                Cell::from(s.stats.sd),
                Cell::from(if s.disagreement { "yes" } else { "no" }),
                Cell::from(s.agreed),
                Cell::from(d.rationale),
                Cell::from(d.dissent),
                Cell::from(s.target),
                Cell::from(s.gap),
                Cell::from(figures_note(s, v.score.min_group)),
            ]);
        }
    }
    let mut areas: Vec<Vec<Cell>> = v
        .score
        .areas
        .iter()
        .map(|a| {
            vec![
                Cell::from(a.id.as_str()),
                Cell::from(a.title.as_str()),
                Cell::from(a.level),
                Cell::Integer(a.items_in_level as i64),
                Cell::Integer(a.items_agreed as i64),
                Cell::from(a.mean),
                Cell::Integer(a.items_in_mean as i64),
                Cell::Integer(a.items.len() as i64),
            ]
        })
        .collect();
    areas.push(vec![
        Cell::from("overall"),
        Cell::from("Overall"),
        Cell::from(v.score.level),
        Cell::Integer(v.score.items_in_level as i64),
        Cell::Integer(v.score.items_agreed as i64),
        Cell::from(v.score.overall),
        Cell::Integer(v.score.items_in_mean as i64),
        Cell::Integer(v.score.items_total as i64),
    ]);
    let actions = v
        .actions
        .iter()
        .map(|a| {
            vec![
                Cell::from(
                    a.item_id
                        .as_deref()
                        .and_then(|i| v.instrument.item(i))
                        .map_or(String::new(), |i| i.title.clone()),
                ),
                Cell::from(a.text.as_str()),
                Cell::from(a.owner.as_str()),
                Cell::date(a.due.as_deref().unwrap_or_default()),
                Cell::from(a.status.label()),
                Cell::from(if a.carried_from.is_some() {
                    "yes"
                } else {
                    "no"
                }),
            ]
        })
        .collect();
    vec![
        Sheet {
            name: "Items".into(),
            columns: vec![
                col("Area", 28.0),
                col("Item id", 18.0),
                col("Item", 30.0),
                col("n", 6.0),
                col("Don't know", 10.0),
                col("Mean", 8.0),
                col("Median", 8.0),
                col("Min", 6.0),
                col("Max", 6.0),
                col("SD", 8.0),
                col("Disagreement", 12.0),
                col("Agreed", 8.0),
                col("Rationale", 40.0),
                col("Dissent", 40.0),
                col("Target", 8.0),
                col("Gap", 8.0),
                col("Figures", 30.0),
            ],
            subheader: Vec::new(),
            rows: items,
        },
        Sheet {
            name: "Areas".into(),
            columns: vec![
                col("Area id", 14.0),
                col("Area", 50.0),
                col("Level (agreed, else members' mean)", 16.0),
                col("Items in level", 12.0),
                col("Items agreed", 12.0),
                col("Members' mean", 12.0),
                col("Items in mean", 14.0),
                col("Items", 8.0),
            ],
            subheader: Vec::new(),
            rows: areas,
        },
        Sheet {
            name: "Actions".into(),
            columns: vec![
                col("Item", 30.0),
                col("Action", 60.0),
                col("Owner", 24.0),
                col("Due", 12.0),
                col("Status", 12.0),
                col("Carried forward", 14.0),
            ],
            subheader: Vec::new(),
            rows: actions,
        },
        answers_sheet(v),
    ]
}

/// How many members gave each level, "don't know" or no answer, item by item: counts only, so no
/// row or column follows one member across items (a sheet of ballots under codes would let
/// anyone who knows one of a colleague's answers read the rest). An item scored by fewer than the
/// minimum shows no level counts.
fn answers_sheet(v: &RoundView) -> Sheet {
    let scale = &v.instrument.scale;
    let mut columns = vec![("Item id".to_string(), 18.0), ("Item".to_string(), 40.0)];
    columns.extend(
        scale
            .levels
            .iter()
            .map(|l| (format!("{} {}", l.value, l.label), 12.0)),
    );
    columns.push(("Don't know".into(), 10.0));
    columns.push(("Not answered".into(), 12.0));
    columns.push(("Figures".into(), 30.0));
    let rows = v
        .score
        .items()
        .map(|s| {
            let mut row = vec![Cell::from(s.id.as_str()), Cell::from(s.title.as_str())];
            row.extend(scale.levels.iter().map(|l| {
                if s.stats.withheld {
                    Cell::Empty
                } else {
                    let n = s.distribution.iter().find(|(v, _)| *v == l.value);
                    Cell::Integer(n.map_or(0, |(_, n)| *n) as i64)
                }
            }));
            row.push(Cell::Integer(s.dont_know as i64));
            row.push(Cell::Integer(s.unanswered as i64));
            row.push(Cell::from(figures_note(s, v.score.min_group)));
            row
        })
        .collect();
    Sheet {
        name: "Answers".into(),
        columns,
        subheader: Vec::new(),
        rows,
    }
}

/// Why an item's figures are blank, if they are.
fn figures_note(s: &govmat_core::ItemScore, min_group: usize) -> String {
    if s.stats.withheld {
        format!("not shown: fewer than {min_group} scored answers")
    } else if s.stats.n == 0 {
        "no scored answers".into()
    } else {
        String::new()
    }
}

/// The provenance lines whose value is a date (or starts with one).
const DATED: &[&str] = &["Round date", "Produced", "Decisions last changed"];

/// The provenance block as a two-column sheet, counts as number cells, dates as date cells.
pub(super) fn provenance_sheet(p: &Provenance) -> Sheet {
    let rows = p
        .lines()
        .into_iter()
        .map(|(label, value)| {
            let value = match value {
                // A date is a date cell; a time or a sentence that starts with one stays text.
                Value::Text(t) if DATED.contains(&label) => Cell::date(&t),
                Value::Text(t) => Cell::from(t),
                Value::Count(n) => Cell::Integer(n as i64),
            };
            vec![Cell::from(label), value]
        })
        .collect();
    Sheet {
        name: "Provenance".into(),
        columns: vec![("Detail".into(), 44.0), ("Value".into(), 70.0)],
        subheader: Vec::new(),
        rows,
    }
}
