//! Which column of a Forms export becomes which item: the mapping shown before anything is written.
//!
//! A header is matched, after folding case, punctuation, spacing, numbering ("1.", "Q3 -") and a
//! trailing " (2)" away, against each item's id, short name and question text, then against them
//! by a close match that must be unambiguous. Forms' metadata columns (ID, times, email, name) are
//! recognised and kept out of the answers; a "comments" column is the comment on the item before it.
//! A saved mapping (TOML, header = use) overrides the guess for next year's form; the window's
//! choices for columns it could not match are the same kind of mapping ([`SavedMap::from_choices`]),
//! so what is chosen there is saved in the file `--map` reads.

use std::collections::BTreeMap;

use serde::Serialize;
use toml_edit::ImDocument;

use super::cells::fold;
use super::ImportProblem;
use crate::diagnostic::line_col;
use crate::model::Instrument;

/// What one column is used for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "use", content = "target", rename_all = "kebab-case")]
pub enum ColumnUse {
    /// govmat's own `respondent` column: a name or code as written.
    Respondent,
    Name,
    Email,
    /// The form's response id: with the email, what identifies a member on re-import.
    ResponseId,
    Role,
    Item(String),
    Comment(String),
    Now(String),
    Aspiration(String),
    /// Form metadata, or a column the mapping file says to ignore.
    Ignored,
}

impl ColumnUse {
    /// The spelling a mapping file uses.
    pub fn spelling(&self) -> String {
        match self {
            ColumnUse::Respondent => "respondent".into(),
            ColumnUse::Name => "name".into(),
            ColumnUse::Email => "email".into(),
            ColumnUse::ResponseId => "response-id".into(),
            ColumnUse::Role => "role".into(),
            ColumnUse::Item(id) => id.clone(),
            ColumnUse::Comment(id) => format!("comment:{id}"),
            ColumnUse::Now(id) => format!("now:{id}"),
            ColumnUse::Aspiration(id) => format!("aspiration:{id}"),
            ColumnUse::Ignored => "ignore".into(),
        }
    }
}

/// One column and what it became (`to` is `None` when it could not be mapped; `how` says why).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MappedColumn {
    pub column: usize,
    /// The column as a spreadsheet names it: A, B, … Z, AA.
    pub letter: String,
    pub header: String,
    pub to: Option<ColumnUse>,
    pub how: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Mapping {
    pub columns: Vec<MappedColumn>,
}

/// A mapping file: raw header (trimmed) → use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SavedMap {
    pub columns: BTreeMap<String, ColumnUse>,
}

/// A question of the questionnaire that no column of the file answers: its answers would all be
/// left unanswered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemWithoutColumn {
    /// Its number in the questionnaire, from 1.
    pub number: usize,
    pub id: String,
    pub title: String,
}

impl SavedMap {
    /// The uses a person chose for columns, by header (`"ignore"`, `"role"`, an item id,
    /// `"comment:<item id>"`, … as a mapping file spells them). Every choice that names no use is
    /// a problem, and then nothing is taken.
    pub fn from_choices(
        choices: &[(String, String)],
        instrument: &Instrument,
    ) -> Result<SavedMap, Vec<ImportProblem>> {
        let mut map = SavedMap::default();
        let mut problems = Vec::new();
        for (header, spelling) in choices {
            match parse_use(spelling.trim(), instrument) {
                Some(u) => {
                    map.columns.insert(header.trim().to_string(), u);
                }
                None => problems.push(ImportProblem {
                    file: "the mapping".into(),
                    row: 1,
                    column: 0,
                    header: header.clone(),
                    message: format!(
                        "column \"{header}\": `{spelling}` is not an item of {}, nor role, name, email, response-id, respondent, comment:<item id> or ignore",
                        instrument.id
                    ),
                }),
            }
        }
        if problems.is_empty() {
            Ok(map)
        } else {
            Err(problems)
        }
    }

    /// This mapping with `other`'s choices over it (a header in both takes `other`'s use).
    pub fn with(mut self, other: SavedMap) -> SavedMap {
        self.columns.extend(other.columns);
        self
    }

    /// The mapping as a file [`parse_map`] reads back.
    pub fn to_toml(&self, instrument: &Instrument) -> String {
        let mut s = toml_head(instrument);
        for (header, u) in &self.columns {
            s.push_str(&format!("{} = {}\n", quote(header), quote(&u.spelling())));
        }
        s
    }
}

fn toml_head(instrument: &Instrument) -> String {
    format!(
        "# Column mapping for `govmat import --map` and the window's import ({} v{}).\n# header = an item id, \"role\", \"name\", \"email\", \"response-id\", \"respondent\", \"comment:<item id>\" or \"ignore\".\n[columns]\n",
        instrument.id, instrument.version
    )
}

/// A close match must be at least this similar (normalised Levenshtein of the folded texts) and
/// clearly better than the next item's, or the column is left for the user to map.
const CLOSE: f64 = 0.85;
const MARGIN: f64 = 0.05;

impl Mapping {
    /// Every column that could not be mapped, and every target two columns share.
    pub fn problems(&self, file: &str) -> Vec<ImportProblem> {
        let mut out = Vec::new();
        let mut first: BTreeMap<String, usize> = BTreeMap::new();
        for c in &self.columns {
            let problem = |message: String| ImportProblem {
                file: file.to_string(),
                row: 1,
                column: c.column,
                header: c.header.clone(),
                message,
            };
            match &c.to {
                None => out.push(problem(c.how.clone())),
                Some(ColumnUse::Ignored) => {}
                Some(u) => {
                    if let Some(col) = first.insert(u.spelling(), c.column) {
                        out.push(problem(format!(
                            "duplicate column: `{}` is also column {}",
                            u.spelling(),
                            super::column_letter(col)
                        )));
                    }
                }
            }
        }
        out
    }

    pub fn uses(&self, u: &ColumnUse) -> bool {
        self.columns.iter().any(|c| c.to.as_ref() == Some(u))
    }

    /// The questions no column answers, in the questionnaire's order.
    pub fn items_without_column(&self, instrument: &Instrument) -> Vec<ItemWithoutColumn> {
        instrument
            .items()
            .enumerate()
            .filter(|(_, item)| !self.uses(&ColumnUse::Item(item.id.clone())))
            .map(|(n, item)| ItemWithoutColumn {
                number: n + 1,
                id: item.id.clone(),
                title: item.title.clone(),
            })
            .collect()
    }

    /// The mapping as a file `--map` reads back, so next year's form needs no guessing.
    pub fn to_toml(&self, instrument: &Instrument) -> String {
        let mut s = toml_head(instrument);
        for c in &self.columns {
            if let Some(u) = &c.to {
                s.push_str(&format!(
                    "{} = {}\n",
                    quote(&c.header),
                    quote(&u.spelling())
                ));
            }
        }
        s
    }
}

/// A TOML basic string.
fn quote(text: &str) -> String {
    let mut s = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            c if c.is_control() => s.push_str(&format!("\\u{:04X}", c as u32)),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// Reads a mapping file; every problem names its line and column (as `row` and `column`).
pub fn parse_map(
    file: &str,
    text: &str,
    instrument: &Instrument,
) -> Result<SavedMap, Vec<ImportProblem>> {
    let at = |offset: usize, message: String| {
        let (line, col) = line_col(text, offset);
        ImportProblem {
            file: file.to_string(),
            row: line,
            column: col,
            header: String::new(),
            message,
        }
    };
    let doc = ImDocument::parse(text).map_err(|e| {
        vec![at(
            e.span().map_or(0, |s| s.start),
            format!("invalid TOML: {}", e.message().trim()),
        )]
    })?;
    let Some(table) = doc.get("columns").and_then(|c| c.as_table_like()) else {
        return Err(vec![at(0, "expected a [columns] table".into())]);
    };
    let mut map = SavedMap::default();
    let mut problems = Vec::new();
    for (key, value) in table.iter() {
        let offset = value.span().map_or(0, |s| s.start);
        let Some(v) = value.as_str() else {
            problems.push(at(offset, format!("`{key}` must be a string")));
            continue;
        };
        match parse_use(v.trim(), instrument) {
            Some(u) => {
                map.columns.insert(key.trim().to_string(), u);
            }
            None => problems.push(at(
                offset,
                format!("`{v}` is not an item of {}, nor role, name, email, response-id, respondent, comment:<item id> or ignore", instrument.id),
            )),
        }
    }
    if problems.is_empty() {
        Ok(map)
    } else {
        Err(problems)
    }
}

fn parse_use(v: &str, instrument: &Instrument) -> Option<ColumnUse> {
    let item = |id: &str| instrument.item(id.trim()).map(|i| i.id.clone());
    Some(match v.to_lowercase().as_str() {
        "respondent" => ColumnUse::Respondent,
        "name" => ColumnUse::Name,
        "email" => ColumnUse::Email,
        "response-id" | "id" => ColumnUse::ResponseId,
        "role" => ColumnUse::Role,
        "ignore" => ColumnUse::Ignored,
        _ => match v.split_once(':') {
            Some((k, id)) if k.eq_ignore_ascii_case("comment") => ColumnUse::Comment(item(id)?),
            _ => ColumnUse::Item(item(v)?),
        },
    })
}

/// Maps every header. `spectrum` is consulted only for govmat's `now:`/`aspiration:` columns.
pub fn map_headers(
    headers: &[Option<String>],
    instrument: &Instrument,
    spectrum: Option<&Instrument>,
    saved: Option<&SavedMap>,
) -> Mapping {
    let mut columns = Vec::new();
    let mut last_item: Option<String> = None;
    for (i, raw) in headers.iter().enumerate() {
        let column = i + 1;
        let (to, how) = match raw {
            None => (None, "header is not valid UTF-8".to_string()),
            Some(h) => map_one(h.trim(), instrument, spectrum, saved, last_item.as_deref()),
        };
        if let Some(ColumnUse::Item(id)) = &to {
            last_item = Some(id.clone());
        }
        columns.push(MappedColumn {
            column,
            letter: super::column_letter(column),
            header: raw.as_deref().unwrap_or("?").trim().to_string(),
            to,
            how,
        });
    }
    Mapping { columns }
}

fn map_one(
    header: &str,
    instrument: &Instrument,
    spectrum: Option<&Instrument>,
    saved: Option<&SavedMap>,
    last_item: Option<&str>,
) -> (Option<ColumnUse>, String) {
    if let Some(u) = saved.and_then(|s| s.columns.get(header)) {
        return (Some(u.clone()), "chosen in the mapping".into());
    }
    if header.is_empty() {
        return (Some(ColumnUse::Ignored), "column has no header".into());
    }
    // govmat's own headers first, exactly as earlier versions read them.
    let key = header.to_lowercase();
    let dim = |id: &str| {
        spectrum
            .and_then(|s| s.item(id.trim()))
            .map(|d| d.id.clone())
    };
    if key == "respondent" {
        return (Some(ColumnUse::Respondent), "govmat header".into());
    }
    if let Some(item) = instrument.item(header) {
        return (Some(ColumnUse::Item(item.id.clone())), "item id".into());
    }
    if let Some(item) = key
        .strip_prefix("comment:")
        .and_then(|id| instrument.item(id.trim()))
    {
        return (
            Some(ColumnUse::Comment(item.id.clone())),
            "govmat header".into(),
        );
    }
    if let Some(d) = key.strip_prefix("now:").and_then(dim) {
        return (Some(ColumnUse::Now(d)), "govmat header".into());
    }
    if let Some(d) = key.strip_prefix("aspiration:").and_then(dim) {
        return (Some(ColumnUse::Aspiration(d)), "govmat header".into());
    }
    if ["comment:", "now:", "aspiration:"]
        .iter()
        .any(|p| key.starts_with(p))
    {
        return (
            None,
            format!(
                "unknown column: `{header}` names no item of {}",
                instrument.id
            ),
        );
    }
    let folded = fold(strip_numbering(strip_duplicate(header)));
    if let Some(u) = metadata(&folded) {
        let how = match u {
            ColumnUse::Ignored => "form metadata",
            ColumnUse::ResponseId => "the form's response id (identifies the member on re-import)",
            _ => "who answered",
        };
        return (Some(u), how.into());
    }
    // Exact matches of the folded text.
    let mut exact: Vec<(&str, &str)> = Vec::new();
    for item in instrument.items() {
        let how = if fold(&item.id.replace('-', " ")) == folded {
            Some("item id")
        } else if fold(&item.title) == folded {
            Some("short name")
        } else if fold(&item.question) == folded {
            Some("question text")
        } else {
            None
        };
        if let Some(how) = how {
            exact.push((&item.id, how));
        }
    }
    if exact.len() == 1 {
        return (
            Some(ColumnUse::Item(exact[0].0.to_string())),
            exact[0].1.into(),
        );
    }
    if exact.len() > 1 {
        return (None, ambiguous(exact.iter().map(|e| e.0), instrument));
    }
    if folded == "role"
        || folded.contains("your role")
        || folded.contains("role on the board")
        || folded.contains("board role")
    {
        return (Some(ColumnUse::Role), "role question".into());
    }
    if folded.starts_with("comment")
        || folded.starts_with("any comment")
        || folded.starts_with("other comment")
        || folded.starts_with("any other comment")
    {
        return match last_item {
            Some(id) => (
                Some(ColumnUse::Comment(id.to_string())),
                format!("comments on the question before it ({id})"),
            ),
            None => (None, "a comments column with no question before it".into()),
        };
    }
    // An unambiguous close match (a typo fixed, a word added in the form).
    let mut scored: Vec<(f64, &str)> = instrument
        .items()
        .map(|item| {
            let s = [&item.title, &item.question]
                .iter()
                .map(|t| strsim::normalized_levenshtein(&fold(t), &folded))
                .fold(0.0, f64::max);
            (s, item.id.as_str())
        })
        .filter(|(s, _)| *s >= CLOSE)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    match scored.as_slice() {
        [] => (
            None,
            format!("unknown column: matches no item of {}", instrument.id),
        ),
        [(s, id)] => (
            Some(ColumnUse::Item(id.to_string())),
            format!("close match ({:.0}%)", s * 100.0),
        ),
        [(s, id), (t, _), ..] if s - t >= MARGIN => (
            Some(ColumnUse::Item(id.to_string())),
            format!("close match ({:.0}%)", s * 100.0),
        ),
        [(s, _), ..] => {
            let near = scored.iter().filter(|(t, _)| s - t < MARGIN).map(|e| e.1);
            (None, ambiguous(near, instrument))
        }
    }
}

fn ambiguous<'a>(ids: impl Iterator<Item = &'a str>, instrument: &Instrument) -> String {
    let list: Vec<String> = ids
        .map(|id| {
            let title = instrument.item(id).map_or("", |i| i.title.as_str());
            format!("`{id}` ({title})")
        })
        .collect();
    format!(
        "matches more than one item: {}; choose which (below the preview, or with --map)",
        list.join(", ")
    )
}

/// Forms' own columns: who answered, and the bookkeeping that is never an answer.
fn metadata(folded: &str) -> Option<ColumnUse> {
    Some(match folded {
        "id" | "response id" | "responseid" => ColumnUse::ResponseId,
        "name" | "full name" | "your name" | "respondent name" => ColumnUse::Name,
        "email" | "email address" | "e mail" | "e mail address" | "username" => ColumnUse::Email,
        "start time"
        | "completion time"
        | "last modified time"
        | "timestamp"
        | "total points"
        | "quiz feedback"
        | "grade posted to learners"
        | "points"
        | "feedback"
        | "score" => ColumnUse::Ignored,
        f if f.starts_with("points ") || f.starts_with("feedback ") => ColumnUse::Ignored,
        _ => return None,
    })
}

/// "Question text (2)" → "Question text": Forms' disambiguator for a repeated question.
fn strip_duplicate(h: &str) -> &str {
    let t = h.trim_end();
    if let Some(open) = t.strip_suffix(')').and_then(|s| s.rfind('(')) {
        let inner = &t[open + 1..t.len() - 1];
        if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) {
            return t[..open].trim_end();
        }
    }
    t
}

/// "1. Text", "Q3 - Text", "Question 4: Text", "(2) Text" → "Text". A bare leading number
/// without a separator is kept: it may be part of the question.
fn strip_numbering(h: &str) -> &str {
    let t = h.trim_start();
    let lower = t.to_lowercase();
    let (prefixed, rest) = if lower.starts_with("question") {
        (true, &t["question".len()..])
    } else if lower.starts_with('q')
        && t[1..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit())
    {
        (true, &t[1..])
    } else {
        (false, t)
    };
    let rest = rest.trim_start().trim_start_matches('(');
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return t;
    }
    let after = &rest[digits..];
    let sep = after.trim_start();
    if let Some(c) = sep.chars().next().filter(|c| ".):-–—".contains(*c)) {
        return sep[c.len_utf8()..].trim_start();
    }
    if prefixed && after.starts_with(' ') {
        return sep;
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_and_duplicate_markers_are_stripped() {
        for (raw, want) in [
            ("1. How skilled", "How skilled"),
            ("Q3 - How skilled", "How skilled"),
            ("Question 4: How skilled", "How skilled"),
            ("3 year plans", "3 year plans"),
        ] {
            assert_eq!(strip_numbering(raw), want, "{raw}");
        }
        assert_eq!(strip_duplicate("Comments (2)"), "Comments");
        assert_eq!(strip_duplicate("Plans (draft)"), "Plans (draft)");
    }
}
