//! Reading a Microsoft/Google Forms CSV export into ballots, all or nothing.
//!
//! One row per member: `respondent`, `role`, then one column per item id (a level value or label,
//! `?`/`don't know`, or empty), optional `comment:<item>` columns and, when a spectrum is given,
//! `now:<dimension>` / `aspiration:<dimension>` columns. Every problem is collected with its row
//! and column before anything is returned, so the caller can refuse the whole file at once.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::Serialize;

use crate::answer::{Answer, Role};
use crate::model::{Instrument, Scale};
use crate::spectrum::Position;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportProblem {
    pub file: String,
    /// 1-based record number; the header is row 1.
    pub row: usize,
    /// 1-based column number, 0 when the problem is the whole row.
    pub column: usize,
    pub header: String,
    pub message: String,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.column == 0 {
            write!(f, "{}: row {}: {}", self.file, self.row, self.message)
        } else {
            write!(
                f,
                "{}: row {}, column {} ({}): {}",
                self.file, self.row, self.column, self.header, self.message
            )
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportedBallot {
    pub row: usize,
    pub respondent: String,
    pub role: Role,
    pub answers: BTreeMap<String, Answer>,
    pub comments: BTreeMap<String, String>,
    pub spectrum: BTreeMap<String, Position>,
}

enum Column {
    Respondent,
    Role,
    Item(String),
    Comment(String),
    Now(String),
    Aspiration(String),
}

/// Longest respondent name or comment we accept; longer text is almost certainly a pasting error.
pub const MAX_TEXT: usize = 4000;

/// Reads a Forms export. `answered` names members who already answered in the round and may not
/// be overwritten (empty when the caller replaces them); a row for one of them is a problem like
/// any other, so the whole list comes back at once.
pub fn parse_csv(
    file: &str,
    bytes: &[u8],
    instrument: &Instrument,
    spectrum: Option<&Instrument>,
    answered: &[&str],
) -> Result<Vec<ImportedBallot>, Vec<ImportProblem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut problems = Vec::new();
    let problem = |row: usize, column: usize, header: &str, message: String| ImportProblem {
        file: file.to_string(),
        row,
        column,
        header: header.to_string(),
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        None => {
            return Err(vec![problem(
                1,
                0,
                "",
                "the file is empty: expected a header row".into(),
            )])
        }
        Some(Err(e)) => return Err(vec![problem(1, 0, "", format!("unreadable CSV: {e}"))]),
        Some(Ok(h)) => h,
    };
    let mut columns = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, raw) in header.iter().enumerate() {
        let col = i + 1;
        let Ok(name) = std::str::from_utf8(raw) else {
            problems.push(problem(1, col, "?", "header is not valid UTF-8".into()));
            columns.push(None);
            continue;
        };
        let name = name.trim();
        let key = name.to_lowercase();
        if let Some(first) = seen.insert(key.clone(), col) {
            problems.push(problem(
                1,
                col,
                name,
                format!("duplicate column (also column {first})"),
            ));
        }
        let dim = |id: &str| spectrum.and_then(|s| s.item(id)).map(|d| d.id.clone());
        let column = if key == "respondent" {
            Some(Column::Respondent)
        } else if key == "role" {
            Some(Column::Role)
        } else if let Some(item) = instrument.item(name) {
            Some(Column::Item(item.id.clone()))
        } else if let Some(item) = key
            .strip_prefix("comment:")
            .and_then(|id| instrument.item(id.trim()))
        {
            Some(Column::Comment(item.id.clone()))
        } else if let Some(d) = key.strip_prefix("now:").and_then(|id| dim(id.trim())) {
            Some(Column::Now(d))
        } else if let Some(d) = key
            .strip_prefix("aspiration:")
            .and_then(|id| dim(id.trim()))
        {
            Some(Column::Aspiration(d))
        } else {
            problems.push(problem(
                1,
                col,
                name,
                format!("unknown column: not `respondent`, `role`, an item id of {} or `comment:<item id>`", instrument.id),
            ));
            None
        };
        columns.push(column);
    }
    for required in ["respondent", "role"] {
        if !seen.contains_key(required) {
            problems.push(problem(
                1,
                0,
                "",
                format!("missing required column `{required}`"),
            ));
        }
    }
    let headers: Vec<String> = header
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let mut ballots: Vec<ImportedBallot> = Vec::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    for (index, record) in records.enumerate() {
        let row = index + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(problem(row, 0, "", format!("malformed row: {e}")));
                continue;
            }
        };
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        if record.len() != headers.len() {
            problems.push(problem(
                row,
                0,
                "",
                format!(
                    "row has {} fields but the header has {}",
                    record.len(),
                    headers.len()
                ),
            ));
            continue;
        }
        let mut ballot = ImportedBallot {
            row,
            respondent: String::new(),
            role: Role::Other,
            answers: BTreeMap::new(),
            comments: BTreeMap::new(),
            spectrum: BTreeMap::new(),
        };
        let mut role_seen = false;
        for (i, raw) in record.iter().enumerate() {
            let (col, head) = (i + 1, headers[i].as_str());
            let Some(column) = &columns[i] else { continue };
            let Ok(text) = std::str::from_utf8(raw) else {
                problems.push(problem(
                    row,
                    col,
                    head,
                    "value is not valid UTF-8 (save the file as UTF-8)".into(),
                ));
                continue;
            };
            let value = text.trim();
            if value.chars().count() > MAX_TEXT {
                problems.push(problem(
                    row,
                    col,
                    head,
                    format!("value is longer than {MAX_TEXT} characters"),
                ));
                continue;
            }
            match column {
                Column::Respondent => {
                    if value.is_empty() {
                        problems.push(problem(row, col, head, "respondent is empty: give a name or an anonymous code".into()));
                    } else if let Some(first) = names.insert(value.to_lowercase(), row) {
                        problems.push(problem(row, col, head, format!("duplicate respondent \"{value}\" (also on row {first})")));
                    } else if answered.iter().any(|n| n.to_lowercase() == value.to_lowercase()) {
                        problems.push(problem(row, col, head, format!("\"{value}\" has already answered in this round")));
                    }
                    ballot.respondent = value.to_string();
                }
                Column::Role => match Role::parse(value) {
                    Some(r) => {
                        ballot.role = r;
                        role_seen = true;
                    }
                    None => problems.push(problem(
                        row,
                        col,
                        head,
                        format!("unknown role \"{value}\": use chair, non-executive, executive or other"),
                    )),
                },
                Column::Item(id) => match parse_answer(value, &instrument.scale) {
                    Some(a) => {
                        ballot.answers.insert(id.clone(), a);
                    }
                    None => problems.push(problem(row, col, head, off_scale(value, &instrument.scale))),
                },
                Column::Comment(id) => {
                    if !value.is_empty() {
                        ballot.comments.insert(id.clone(), value.to_string());
                    }
                }
                Column::Now(id) | Column::Aspiration(id) => {
                    let scale = &spectrum.expect("spectrum columns need a spectrum").scale;
                    let parsed = match parse_answer(value, scale) {
                        Some(Answer::Level(v)) => Some(v),
                        Some(_) => None,
                        None => {
                            problems.push(problem(row, col, head, off_scale(value, scale)));
                            None
                        }
                    };
                    let pos = ballot.spectrum.entry(id.clone()).or_default();
                    if matches!(column, Column::Now(_)) {
                        pos.now = parsed;
                    } else {
                        pos.aspiration = parsed;
                    }
                }
            }
        }
        if !role_seen
            && seen.contains_key("role")
            && problems.iter().all(|p| p.row != row || p.header != "role")
        {
            // An empty role cell is reported once, here, rather than as an unknown role.
        }
        ballots.push(ballot);
    }
    if ballots.is_empty() && problems.is_empty() {
        problems.push(problem(
            2,
            0,
            "",
            "no respondent rows after the header".into(),
        ));
    }
    if problems.is_empty() {
        Ok(ballots)
    } else {
        Err(problems)
    }
}

/// Reads one cell: empty is unanswered, `?` or "don't know" is don't know, else a level.
pub fn parse_answer(text: &str, scale: &Scale) -> Option<Answer> {
    let t = text.trim();
    if t.is_empty() {
        return Some(Answer::Unanswered);
    }
    let folded = t.to_lowercase().replace('\u{2019}', "'");
    if folded == "?"
        || folded == "don't know"
        || folded == "dont know"
        || folded == "don't know (?)"
    {
        return Some(Answer::DontKnow);
    }
    scale.parse_level(t).map(Answer::Level)
}

fn off_scale(value: &str, scale: &Scale) -> String {
    let labels: Vec<&str> = scale.levels.iter().map(|l| l.label.as_str()).collect();
    format!(
        "\"{value}\" is not on the scale: use {}–{}, a label ({}), `?` for don't know, or leave empty",
        scale.min(),
        scale.max(),
        labels.join(", ")
    )
}
