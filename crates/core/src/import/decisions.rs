//! Reading the board's decisions from a CSV: `item, agreed, target, rationale, dissent`.
//!
//! For a consultant who ran the away-day on paper and writes the report headless. The item is
//! named by its id, short name or question text (folded as column headers are); agreed and target
//! are a level's value or label, or empty. All or nothing: every problem by row and column.

use std::collections::HashMap;

use super::cells::fold;
use super::{ImportProblem, Table, MAX_TEXT};
use crate::model::Instrument;
use crate::scoring::Decision;

const COLUMNS: [&str; 5] = ["item", "agreed", "target", "rationale", "dissent"];

/// One decision and the row it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedDecision {
    pub row: usize,
    pub item_id: String,
    pub decision: Decision,
}

pub fn parse_decisions(
    file: &str,
    table: &Table,
    instrument: &Instrument,
) -> Result<Vec<ImportedDecision>, Vec<ImportProblem>> {
    let problem = |row: usize, column: usize, header: &str, message: String| ImportProblem {
        file: file.to_string(),
        row,
        column,
        header: header.to_string(),
        message,
    };
    let mut problems = Vec::new();
    for (row, e) in &table.broken {
        problems.push(problem(*row, 0, "", format!("malformed row: {e}")));
    }
    let mut index: [Option<usize>; 5] = [None; 5];
    for (i, h) in table.headers.iter().enumerate() {
        let name = h.as_deref().unwrap_or("").trim().to_lowercase();
        match COLUMNS.iter().position(|c| *c == name) {
            Some(k) if index[k].is_some() => {
                problems.push(problem(1, i + 1, &name, "duplicate column".into()))
            }
            Some(k) => index[k] = Some(i),
            None => problems.push(problem(
                1,
                i + 1,
                h.as_deref().unwrap_or("?"),
                "unknown column: expected item, agreed, target, rationale or dissent".into(),
            )),
        }
    }
    if index[0].is_none() {
        problems.push(problem(1, 0, "", "missing required column `item`".into()));
    }
    let mut out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in &table.rows {
        if r.cells
            .iter()
            .all(|c| c.as_deref().is_some_and(|t| t.trim().is_empty()))
        {
            continue;
        }
        let cell = |k: usize| -> Result<&str, (usize, String)> {
            let Some(i) = index[k] else { return Ok("") };
            match r.cells.get(i) {
                None => Ok(""),
                Some(None) => Err((i + 1, "value is not valid UTF-8".to_string())),
                Some(Some(t)) if t.chars().count() > MAX_TEXT => {
                    Err((i + 1, format!("value is longer than {MAX_TEXT} characters")))
                }
                Some(Some(t)) => Ok(t.trim()),
            }
        };
        let mut texts = [""; 5];
        let mut bad = false;
        for (k, slot) in texts.iter_mut().enumerate() {
            match cell(k) {
                Ok(t) => *slot = t,
                Err((col, m)) => {
                    problems.push(problem(r.row, col, COLUMNS[k], m));
                    bad = true;
                }
            }
        }
        if bad || index[0].is_none() {
            continue;
        }
        let col = |k: usize| index[k].map_or(0, |i| i + 1);
        let Some(item) = find_item(texts[0], instrument) else {
            problems.push(problem(
                r.row,
                col(0),
                "item",
                format!("\"{}\" is not an item of {}", texts[0], instrument.id),
            ));
            continue;
        };
        if let Some(first) = seen.insert(item.clone(), r.row) {
            problems.push(problem(
                r.row,
                col(0),
                "item",
                format!("`{item}` is also on row {first}"),
            ));
        }
        let mut level = |k: usize| -> Option<i64> {
            let t = texts[k];
            if t.is_empty() {
                return None;
            }
            let v = instrument.scale.parse_level(t);
            if v.is_none() {
                problems.push(problem(
                    r.row,
                    col(k),
                    COLUMNS[k],
                    format!(
                        "\"{t}\" is not on the scale: use {}–{}, a label, or leave empty",
                        instrument.scale.min(),
                        instrument.scale.max()
                    ),
                ));
            }
            v
        };
        let (agreed, target) = (level(1), level(2));
        out.push(ImportedDecision {
            row: r.row,
            item_id: item,
            decision: Decision {
                agreed,
                target,
                rationale: texts[3].to_string(),
                dissent: texts[4].to_string(),
            },
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        problems.sort_by_key(|p| (p.row, p.column));
        Err(problems)
    }
}

/// An item by its id, or by its short name or question text folded as headers are.
fn find_item(text: &str, instrument: &Instrument) -> Option<String> {
    if let Some(i) = instrument.item(text) {
        return Some(i.id.clone());
    }
    let f = fold(text);
    let hits: Vec<&str> = instrument
        .items()
        .filter(|i| fold(&i.title) == f || fold(&i.question) == f)
        .map(|i| i.id.as_str())
        .collect();
    match hits.as_slice() {
        [one] => Some(one.to_string()),
        _ => None,
    }
}
