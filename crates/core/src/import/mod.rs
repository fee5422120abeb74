//! Reading a Forms export (or govmat's own CSV) into ballots, all or nothing.
//!
//! A file arrives as a [`Table`] of text cells (`table.rs`; XLSX and UTF-16 files are decoded by
//! the root API). Its headers are mapped to items first (`mapping.rs`), then every row is read
//! through that mapping (`cells.rs` reads options and roles). Every problem is collected with its
//! row and column before anything is returned, so the caller can refuse the whole file at once and
//! still show the mapping. govmat's own layout (`respondent`, `role`, item ids, `comment:<item>`,
//! `now:`/`aspiration:` spectrum columns) is one case of the same mapping.

mod cells;
pub mod decisions;
mod mapping;
pub mod roster;
mod table;

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::answer::{Answer, Role};
use crate::model::{Instrument, Scale};
use crate::spectrum::Position;

pub use cells::{parse_option, parse_role};
pub use mapping::{map_headers, parse_map, ColumnUse, MappedColumn, Mapping, SavedMap};
pub use table::{read_csv, Table, TableRow};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportProblem {
    pub file: String,
    /// 1-based record number; the header is row 1 (a line number for mapping files).
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
        } else if self.header.is_empty() {
            write!(
                f,
                "{}: line {}, column {}: {}",
                self.file, self.row, self.column, self.message
            )
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
    /// The column the respondent's name came from (1-based) and its header, to locate problems.
    pub respondent_column: (usize, String),
    /// A hash of the form's response id or email: what identifies the member on re-import
    /// (the id itself is never stored). `None` for govmat's own CSV, where the name identifies.
    pub external_id: Option<String>,
    pub role: Role,
    pub answers: BTreeMap<String, Answer>,
    pub comments: BTreeMap<String, String>,
    pub spectrum: BTreeMap<String, Position>,
}

/// Longest respondent name or comment we accept; longer text is almost certainly a pasting error.
pub const MAX_TEXT: usize = 4000;

/// How to read a table: a saved mapping, and whether to replace names by anonymous codes.
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions<'a> {
    pub saved: Option<&'a SavedMap>,
    pub anonymise: bool,
}

/// A file read through its mapping: the mapping is returned whether or not the rows were good.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub mapping: Mapping,
    /// The rows read, also when some had problems (so a caller can list its own at the same time).
    pub ballots: Vec<ImportedBallot>,
    /// Empty when the file can be imported.
    pub problems: Vec<ImportProblem>,
}

/// Reads govmat's CSV or a Forms CSV export. `answered` names members who may not be overwritten
/// (a row for one of them is a problem like any other).
pub fn parse_csv(
    file: &str,
    bytes: &[u8],
    instrument: &Instrument,
    spectrum: Option<&Instrument>,
    answered: &[&str],
) -> Result<Vec<ImportedBallot>, Vec<ImportProblem>> {
    let table = read_csv(bytes);
    let parsed = parse_table(file, &table, instrument, spectrum, ParseOptions::default());
    if !parsed.problems.is_empty() {
        return Err(parsed.problems);
    }
    let ballots = parsed.ballots;
    let problems: Vec<ImportProblem> = ballots
        .iter()
        .filter(|b| {
            answered
                .iter()
                .any(|n| n.to_lowercase() == b.respondent.to_lowercase())
        })
        .map(|b| ImportProblem {
            file: file.to_string(),
            row: b.row,
            column: b.respondent_column.0,
            header: b.respondent_column.1.clone(),
            message: format!("\"{}\" has already answered in this round", b.respondent),
        })
        .collect();
    if problems.is_empty() {
        Ok(ballots)
    } else {
        Err(problems)
    }
}

/// Reads every row of `table` through the mapping of its headers.
pub fn parse_table(
    file: &str,
    table: &Table,
    instrument: &Instrument,
    spectrum: Option<&Instrument>,
    opts: ParseOptions,
) -> Parsed {
    let problem = |row: usize, column: usize, header: &str, message: String| ImportProblem {
        file: file.to_string(),
        row,
        column,
        header: header.to_string(),
        message,
    };
    if table.headers.is_empty() && table.rows.is_empty() && table.broken.is_empty() {
        return Parsed {
            mapping: Mapping::default(),
            ballots: Vec::new(),
            problems: (vec![problem(
                1,
                0,
                "",
                "the file is empty: expected a header row".into(),
            )]),
        };
    }
    let mapping = map_headers(&table.headers, instrument, spectrum, opts.saved);
    let mut problems = mapping.problems(file);
    for (row, e) in &table.broken {
        problems.push(problem(*row, 0, "", format!("malformed row: {e}")));
    }
    let govmat_layout = mapping.uses(&ColumnUse::Respondent);
    let who = [
        ColumnUse::Respondent,
        ColumnUse::Name,
        ColumnUse::Email,
        ColumnUse::ResponseId,
    ];
    if !who.iter().any(|u| mapping.uses(u)) {
        problems.push(problem(
            1,
            0,
            "",
            "missing required column `respondent` (or the form's Name, Email or ID)".into(),
        ));
    }
    if govmat_layout && !mapping.uses(&ColumnUse::Role) {
        problems.push(problem(1, 0, "", "missing required column `role`".into()));
    }
    let width = table.headers.len();
    let mut ballots = Vec::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for r in &table.rows {
        let row = r.row;
        if r.cells
            .iter()
            .all(|c| c.as_deref().is_some_and(|t| t.trim().is_empty()))
        {
            continue;
        }
        if r.cells.len() != width {
            problems.push(problem(
                row,
                0,
                "",
                format!(
                    "row has {} fields but the header has {width}",
                    r.cells.len()
                ),
            ));
            continue;
        }
        let mut ballot = ImportedBallot {
            row,
            respondent: String::new(),
            respondent_column: (0, String::new()),
            external_id: None,
            role: Role::Other,
            answers: BTreeMap::new(),
            comments: BTreeMap::new(),
            spectrum: BTreeMap::new(),
        };
        // Who answered: govmat's respondent, else the Name, else the Email, else the response id.
        let mut who_cells: Vec<(usize, &ColumnUse, String)> = Vec::new();
        let mut unreadable_who = false;
        for (c, raw) in mapping.columns.iter().zip(&r.cells) {
            let Some(to) = &c.to else { continue };
            let head = c.header.as_str();
            let Some(text) = raw.as_deref() else {
                unreadable_who |= who.contains(to);
                problems.push(problem(
                    row,
                    c.column,
                    head,
                    "value is not valid UTF-8 (save the file as UTF-8)".into(),
                ));
                continue;
            };
            let value = text.trim();
            if value.chars().count() > MAX_TEXT {
                problems.push(problem(
                    row,
                    c.column,
                    head,
                    format!("value is longer than {MAX_TEXT} characters"),
                ));
                continue;
            }
            match to {
                ColumnUse::Ignored => {}
                ColumnUse::Respondent | ColumnUse::Name | ColumnUse::Email | ColumnUse::ResponseId => {
                    who_cells.push((c.column, to, value.to_string()))
                }
                ColumnUse::Role => match parse_role(value) {
                    Some(role) => ballot.role = role,
                    None => problems.push(problem(
                        row,
                        c.column,
                        head,
                        format!("unknown role \"{value}\": use chair, non-executive, executive or other"),
                    )),
                },
                ColumnUse::Item(id) => {
                    let item = instrument.item(id).expect("mapped items exist");
                    match parse_option(value, item, &instrument.scale) {
                        Some(a) => {
                            ballot.answers.insert(id.clone(), a);
                        }
                        None => problems.push(problem(
                            row,
                            c.column,
                            head,
                            off_scale(value, &instrument.scale),
                        )),
                    }
                }
                ColumnUse::Comment(id) => {
                    if !value.is_empty() {
                        ballot.comments.insert(id.clone(), value.to_string());
                    }
                }
                ColumnUse::Now(id) | ColumnUse::Aspiration(id) => {
                    let Some(scale) = spectrum.map(|s| &s.scale) else { continue };
                    let parsed = match parse_answer(value, scale) {
                        Some(Answer::Level(v)) => Some(v),
                        Some(_) => None,
                        None => {
                            problems.push(problem(row, c.column, head, off_scale(value, scale)));
                            None
                        }
                    };
                    let pos = ballot.spectrum.entry(id.clone()).or_default();
                    if matches!(to, ColumnUse::Now(_)) {
                        pos.now = parsed;
                    } else {
                        pos.aspiration = parsed;
                    }
                }
            }
        }
        let present = |u: &ColumnUse| {
            who_cells
                .iter()
                .find(|(_, w, v)| *w == u && !v.is_empty() && !v.eq_ignore_ascii_case("anonymous"))
        };
        let chosen = who.iter().find_map(&present);
        let identity = present(&ColumnUse::ResponseId).or_else(|| present(&ColumnUse::Email));
        ballot.external_id = identity.map(|(_, _, v)| digest("govmat-member", &v.to_lowercase()));
        match chosen {
            None if unreadable_who => {}
            None => {
                let (col, head) = who_cells.first().map_or((0, ""), |(c, _, _)| {
                    (*c, mapping.columns[*c - 1].header.as_str())
                });
                problems.push(problem(
                    row,
                    col,
                    head,
                    "respondent is empty: give a name or an anonymous code".into(),
                ));
            }
            Some((col, _, value)) => {
                let head = mapping.columns[*col - 1].header.clone();
                ballot.respondent = if opts.anonymise {
                    let key = ballot
                        .external_id
                        .clone()
                        .unwrap_or_else(|| value.to_lowercase());
                    format!("M-{}", &digest("govmat-code", &key)[..6].to_uppercase())
                } else {
                    value.clone()
                };
                if let Some(first) = names.insert(ballot.respondent.to_lowercase(), row) {
                    problems.push(problem(
                        row,
                        *col,
                        &head,
                        format!(
                            "duplicate respondent \"{}\" (also on row {first})",
                            ballot.respondent
                        ),
                    ));
                }
                if let Some(first) = ballot
                    .external_id
                    .as_ref()
                    .and_then(|e| ids.insert(e.clone(), row))
                {
                    problems.push(problem(
                        row,
                        *col,
                        &head,
                        format!("the same response id or email as row {first}"),
                    ));
                }
                ballot.respondent_column = (*col, head);
            }
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
    problems.sort_by_key(|p| (p.row, p.column));
    Parsed {
        mapping,
        ballots,
        problems,
    }
}

/// A short hex digest with a purpose label, so the same email gives unrelated values per use.
fn digest(purpose: &str, text: &str) -> String {
    let mut h = Sha256::new();
    h.update(purpose.as_bytes());
    h.update([0]);
    h.update(text.as_bytes());
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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
