//! Reading a Forms export (or govmat's own CSV) into ballots, all or nothing.
//!
//! A file arrives as a [`Table`] of text cells (`table.rs`; XLSX and UTF-16 files are decoded by
//! the root API). Its headers are mapped to items first (`mapping.rs`), then every row is read
//! through that mapping (`cells.rs` reads options and roles). Every problem is collected with its
//! row and column before anything is returned, so the caller can refuse the whole file at once and
//! still show the mapping. govmat's own layout (`respondent`, `role`, item ids, `comment:<item>`,
//! `now:`/`aspiration:` spectrum columns) is one case of the same mapping.
//!
//! Response ids, emails and anonymous codes are never kept as they are: each becomes an
//! HMAC-SHA-256 under the organisation's identity key (`ParseOptions::identity_key`), and a file
//! that needs one is refused without it. A response id is scoped to its form (`form_scope`), so two
//! forms' row numbers never meet. Paper ballots' codes (`paper_code`, `is_paper_code`) live here
//! too.

mod cells;
pub mod decisions;
mod mapping;
pub mod roster;
mod table;

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

use crate::answer::{Answer, Role};
use crate::model::{Instrument, Scale};
use crate::spectrum::Position;

pub use cells::{parse_option, parse_role};
pub use mapping::{
    map_headers, parse_map, ColumnUse, ItemWithoutColumn, MappedColumn, Mapping, SavedMap,
};
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
    /// A spreadsheet's cell is named as Excel names it ("row 4, column Q (Training)"); a mapping
    /// file, which has no header, by its line and character ("line 3, column 12").
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
                self.file,
                self.row,
                column_letter(self.column),
                self.header,
                self.message
            )
        }
    }
}

/// The code printed on the `n`th paper ballot of a round (from 1): P01, P02, … P100.
pub fn paper_code(n: usize) -> String {
    format!("P{n:02}")
}

/// Whether a member's name is a paper ballot's code (P01, p7, P100): such a ballot stands for a
/// sheet of paper, not a person, so it never joins the board's roster.
pub fn is_paper_code(name: &str) -> bool {
    let t = name.trim();
    let Some(digits) = t.strip_prefix(['P', 'p']) else {
        return false;
    };
    (1..=4).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
}

/// A spreadsheet column's name as Excel shows it: 1 is A, 26 is Z, 27 is AA, 703 is AAA (0,
/// which names no column, is the empty string).
pub fn column_letter(column: usize) -> String {
    let mut n = column;
    let mut letters = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        letters.push(b'A' + d as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportedBallot {
    pub row: usize,
    pub respondent: String,
    /// The column the respondent's name came from (1-based) and its header, to locate problems.
    pub respondent_column: (usize, String),
    /// A keyed hash (HMAC-SHA-256 under the board's identity key) of the member's email, else of
    /// the form's response id together with the form it came from: what identifies the member on
    /// re-import (neither is ever stored). `None` for govmat's own CSV, where the name identifies.
    pub external_id: Option<String>,
    pub role: Role,
    pub answers: BTreeMap<String, Answer>,
    pub comments: BTreeMap<String, String>,
    pub spectrum: BTreeMap<String, Position>,
}

/// What is said of a row whose member is already in the round, whatever the row's answers: the
/// import never compares a file with answers given before, so a preview cannot be used to guess
/// them one file at a time.
pub const ALREADY_IN_ROUND: &str = "a member of that name is already in this round";

/// Longest respondent name or comment we accept; longer text is almost certainly a pasting error.
pub const MAX_TEXT: usize = 4000;

/// How to read a table: a saved mapping, whether to replace names by anonymous codes, and the
/// board's identity key, which every external id and code is an HMAC under.
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions<'a> {
    pub saved: Option<&'a SavedMap>,
    pub anonymise: bool,
    /// The organisation's random identity key ([`MIN_KEY_BYTES`] or more). A file with response
    /// ids or emails, or read with `anonymise`, is refused without one: a missing key never
    /// quietly becomes the empty key, which anyone could recompute.
    pub identity_key: &'a [u8],
}

/// The shortest identity key accepted: 128 bits (the board's key is 256).
pub const MIN_KEY_BYTES: usize = 16;

/// Hex digits of an anonymous code after `M-`: 48 bits of an HMAC, so codes neither collide on a
/// board nor can be recomputed from an email list without the board's key.
pub const CODE_HEX: usize = 12;

/// A file read through its mapping: the mapping is returned whether or not the rows were good.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub mapping: Mapping,
    /// The rows read, also when some had problems (so a caller can list its own at the same time).
    pub ballots: Vec<ImportedBallot>,
    /// Empty when the file can be imported.
    pub problems: Vec<ImportProblem>,
}

/// Reads govmat's CSV or a Forms CSV export. `answered` names members already in the round (a row
/// for one of them is a problem like any other, whatever its answers); `identity_key` is the
/// board's key (see [`ParseOptions::identity_key`]).
pub fn parse_csv(
    file: &str,
    bytes: &[u8],
    instrument: &Instrument,
    spectrum: Option<&Instrument>,
    answered: &[&str],
    identity_key: &[u8],
) -> Result<Vec<ImportedBallot>, Vec<ImportProblem>> {
    let table = read_csv(bytes);
    let opts = ParseOptions {
        identity_key,
        ..ParseOptions::default()
    };
    let parsed = parse_table(file, &table, instrument, spectrum, opts);
    if !parsed.problems.is_empty() {
        return Err(parsed.problems);
    }
    let ballots = parsed.ballots;
    let problems: Vec<ImportProblem> = ballots
        .iter()
        .filter(|b| answered.iter().any(|n| crate::same_name(n, &b.respondent)))
        .map(|b| ImportProblem {
            file: file.to_string(),
            row: b.row,
            column: b.respondent_column.0,
            header: b.respondent_column.1.clone(),
            message: ALREADY_IN_ROUND.into(),
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
    let keyed = Keyed::new(opts.identity_key);
    let identifies = [ColumnUse::Email, ColumnUse::ResponseId];
    if keyed.is_none() && (opts.anonymise || identifies.iter().any(|u| mapping.uses(u))) {
        problems.push(problem(
            1,
            0,
            "",
            "the board's identity key is missing, so response ids, emails and codes cannot be kept private; nothing can be imported".into(),
        ));
    }
    let scope = form_scope(file);
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
        // The email names one person on every form; a response id only within its own form.
        let identity = match (present(&ColumnUse::Email), present(&ColumnUse::ResponseId)) {
            (Some((_, _, email)), _) => Some(["email", "", email.as_str()]),
            (None, Some((_, _, id))) => Some(["response-id", scope.as_str(), id.as_str()]),
            (None, None) => None,
        };
        ballot.external_id = match (identity, keyed) {
            (Some(parts), Some(key)) => Some(hex(&key.mac("govmat-member", &parts)[..16])),
            _ => None,
        };
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
                    // Without a key the file is refused above; no name stands in for the code.
                    keyed.map_or_else(String::new, |key| {
                        let named = crate::name_key(value);
                        let parts = match &ballot.external_id {
                            Some(id) => ["external-id", id.as_str()],
                            None => ["name", named.as_str()],
                        };
                        let code = hex(&key.mac("govmat-code", &parts));
                        format!("M-{}", code[..CODE_HEX].to_uppercase())
                    })
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

/// The board's identity key, checked to be long enough, as an HMAC-SHA-256 of labelled parts.
#[derive(Clone, Copy)]
struct Keyed<'a>(&'a [u8]);

impl<'a> Keyed<'a> {
    fn new(key: &'a [u8]) -> Option<Keyed<'a>> {
        (key.len() >= MIN_KEY_BYTES).then_some(Keyed(key))
    }

    /// HMAC-SHA-256 over the purpose and the parts, each length-prefixed so no two lists of
    /// parts give the same input ("ab" + "c" is not "a" + "bc").
    fn mac(&self, purpose: &str, parts: &[&str]) -> [u8; 32] {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(self.0).expect("HMAC takes any key");
        for part in std::iter::once(purpose).chain(parts.iter().copied()) {
            m.update(&(part.len() as u64).to_be_bytes());
            m.update(part.as_bytes());
        }
        m.finalize().into_bytes().into()
    }
}

fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// Which form a file's response ids belong to: the file's bare name without its extension, the
/// response range Microsoft Forms adds ("Board survey(1-12)") or a browser's copy number
/// ("… (1)"), in `name_key` form. Two forms exported under different names never share an id; the
/// same form downloaded again with more responses keeps its scope.
pub fn form_scope(file: &str) -> String {
    let bare = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let mut stem = match bare.rsplit_once('.') {
        Some((s, ext)) if !s.is_empty() && !ext.contains(' ') => s,
        _ => bare,
    }
    .trim();
    // A trailing "(1-12)" or "(3)", possibly both, innermost last: "Survey(1-12) (1)".
    while let Some(open) = stem.strip_suffix(')').and_then(|s| s.rfind('(')) {
        let inner = &stem[open + 1..stem.len() - 1];
        let numbers = !inner.is_empty()
            && inner.chars().all(|c| c.is_ascii_digit() || c == '-')
            && inner.chars().any(|c| c.is_ascii_digit());
        if !numbers {
            break;
        }
        stem = stem[..open].trim_end();
    }
    crate::name_key(stem)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_codes_are_told_from_names() {
        assert_eq!(paper_code(1), "P01");
        assert_eq!(paper_code(100), "P100");
        for code in ["P01", "p7", " P12 ", "P100"] {
            assert!(is_paper_code(code), "{code}");
        }
        for name in ["P", "Pat", "P-01", "P01a", "Priya", "01", "P12345"] {
            assert!(!is_paper_code(name), "{name}");
        }
    }

    #[test]
    fn columns_are_named_as_excel_names_them() {
        for (n, letters) in [
            (1, "A"),
            (17, "Q"),
            (26, "Z"),
            (27, "AA"),
            (52, "AZ"),
            (53, "BA"),
            (702, "ZZ"),
            (703, "AAA"),
            (16384, "XFD"),
        ] {
            assert_eq!(column_letter(n), letters, "column {n}");
        }
        assert_eq!(column_letter(0), "", "0 names no column");
    }

    #[test]
    fn a_form_keeps_its_scope_when_downloaded_again_with_more_responses() {
        for (file, scope) in [
            ("Board diagnostic(1-4).csv", "board diagnostic"),
            ("/tmp/x/Board diagnostic(1-12) (1).xlsx", "board diagnostic"),
            ("C:\\Users\\me\\Board diagnostic.xlsx", "board diagnostic"),
            ("Away-day survey (2025).csv", "away-day survey"),
            ("Survey (draft).csv", "survey (draft)"),
            ("export", "export"),
        ] {
            assert_eq!(form_scope(file), scope, "{file}");
        }
    }

    #[test]
    fn the_same_id_in_two_forms_or_under_two_keys_gives_unrelated_hashes() {
        let key = Keyed::new(&[1; 32]).expect("long enough");
        let other = Keyed::new(&[2; 32]).expect("long enough");
        let a = key.mac("govmat-member", &["response-id", "form a", "1"]);
        assert_ne!(a, key.mac("govmat-member", &["response-id", "form b", "1"]));
        assert_ne!(
            a,
            other.mac("govmat-member", &["response-id", "form a", "1"])
        );
        assert_ne!(
            key.mac("p", &["ab", "c"]),
            key.mac("p", &["a", "bc"]),
            "parts are length-prefixed"
        );
        assert!(Keyed::new(&[]).is_none(), "the empty key is never a key");
        assert!(Keyed::new(&[1; 15]).is_none(), "nor a short one");
    }
}
