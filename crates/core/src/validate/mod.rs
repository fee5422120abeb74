//! Turns the text of a questionnaire file into an [`Instrument`], or into every problem it has.
//!
//! We walk a span-preserving TOML tree by hand rather than deriving `Deserialize`, because serde
//! stops at the first fault and a consultant fixing a file wants the whole list at once, each with
//! its line and column. This module reads the file's top level, its source and its scale;
//! `items` reads areas and items (with each item's own level descriptions) and `spectrum` a
//! spectrum's approaches.

use std::collections::HashSet;
use std::ops::Range;

use toml_edit::{ImDocument, Item, TableLike};

mod items;
mod spectrum;

use crate::diagnostic::{line_col, Diagnostic, Diagnostics};
use crate::model::{Instrument, Kind, Level, Scale, Source};

type Span = Range<usize>;

/// Parses and validates one questionnaire file; `file` is only used to label problems.
pub fn parse_instrument(file: &str, text: &str) -> Result<Instrument, Diagnostics> {
    let mut cx = Cx {
        file,
        text,
        diags: Vec::new(),
    };
    let doc = match ImDocument::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let msg = e.message().trim().to_string();
            cx.at(e.span(), format!("invalid TOML: {msg}"));
            return Err(Diagnostics(cx.diags));
        }
    };
    let root: &dyn TableLike = doc.as_table();
    let whole = 0..0;
    cx.known_keys(
        root,
        &[
            "id",
            "version",
            "title",
            "kind",
            "summary",
            "comparable_with",
            "source",
            "scale",
            "areas",
            "approaches",
        ],
        "",
    );
    let id = cx.string(root, "id", "", &whole, true).unwrap_or_default();
    if !id.is_empty() && !is_id(&id) {
        cx.at(
            value_span(root, "id"),
            format!("id `{id}` must be lowercase letters, digits, '-' or '.'"),
        );
    }
    let version = match cx.integer(root, "version", "", &whole, true) {
        Some(v) if (1..=i64::from(u32::MAX)).contains(&v) => v as u32,
        Some(v) => {
            cx.at(
                value_span(root, "version"),
                format!("version must be a whole number of at least 1, found {v}"),
            );
            0
        }
        None => 0,
    };
    let title = cx
        .string(root, "title", "", &whole, true)
        .unwrap_or_default();
    let kind = match cx.string(root, "kind", "", &whole, true).as_deref() {
        Some("maturity") => Some(Kind::Maturity),
        Some("spectrum") => Some(Kind::Spectrum),
        Some(other) => {
            cx.at(
                value_span(root, "kind"),
                format!("kind must be \"maturity\" or \"spectrum\", found \"{other}\""),
            );
            None
        }
        None => None,
    };
    let summary = cx
        .string(root, "summary", "", &whole, false)
        .unwrap_or_default();
    let comparable_with = cx.comparable_with(root, version);
    let source = cx.source(root);
    let scale = cx.scale(root);
    let areas = cx.areas(root, kind, &scale);
    let approaches = cx.approaches(root, kind, &areas, &scale);

    if cx.diags.is_empty() {
        Ok(Instrument {
            id,
            version,
            title,
            kind: kind.expect("checked above"),
            summary,
            comparable_with,
            source: source.expect("checked above"),
            scale,
            areas,
            approaches,
        })
    } else {
        cx.diags.sort_by_key(|d| (d.line, d.column));
        Err(Diagnostics(cx.diags))
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
}

fn value_span(t: &dyn TableLike, key: &str) -> Option<Span> {
    t.get(key)
        .and_then(Item::span)
        .or_else(|| t.key(key).and_then(|k| k.span()))
}

struct Cx<'a> {
    file: &'a str,
    text: &'a str,
    diags: Vec<Diagnostic>,
}

impl Cx<'_> {
    fn at(&mut self, span: Option<Span>, message: String) {
        let (line, column) = line_col(self.text, span.map_or(0, |s| s.start));
        self.diags.push(Diagnostic {
            file: self.file.to_string(),
            line,
            column,
            message,
        });
    }

    fn known_keys(&mut self, t: &dyn TableLike, allowed: &[&str], path: &str) {
        for (key, _) in t.iter() {
            if !allowed.contains(&key) {
                let span = t.key(key).and_then(|k| k.span());
                self.at(
                    span,
                    format!(
                        "unknown field `{}{key}`; expected one of: {}",
                        prefix(path),
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    /// A string field; `where_` is the table's own span, used when the field is missing.
    fn string(
        &mut self,
        t: &dyn TableLike,
        key: &str,
        path: &str,
        where_: &Span,
        required: bool,
    ) -> Option<String> {
        match t.get(key) {
            None => {
                if required {
                    self.at(
                        Some(where_.clone()),
                        format!("missing field `{}{key}`", prefix(path)),
                    );
                }
                None
            }
            Some(item) => match item.as_str() {
                Some(s) if s.trim().is_empty() => {
                    self.at(
                        item.span(),
                        format!("`{}{key}` must not be empty", prefix(path)),
                    );
                    None
                }
                Some(s) => Some(s.trim().to_string()),
                None => {
                    self.at(
                        item.span(),
                        format!(
                            "`{}{key}` must be a string, found {}",
                            prefix(path),
                            item.type_name()
                        ),
                    );
                    None
                }
            },
        }
    }

    fn integer(
        &mut self,
        t: &dyn TableLike,
        key: &str,
        path: &str,
        where_: &Span,
        required: bool,
    ) -> Option<i64> {
        match t.get(key) {
            None => {
                if required {
                    self.at(
                        Some(where_.clone()),
                        format!("missing field `{}{key}`", prefix(path)),
                    );
                }
                None
            }
            Some(item) => match item.as_integer() {
                Some(v) => Some(v),
                None => {
                    self.at(
                        item.span(),
                        format!(
                            "`{}{key}` must be an integer, found {}",
                            prefix(path),
                            item.type_name()
                        ),
                    );
                    None
                }
            },
        }
    }

    fn comparable_with(&mut self, root: &dyn TableLike, version: u32) -> Vec<u32> {
        let Some(item) = root.get("comparable_with") else {
            return Vec::new();
        };
        let Some(array) = item.as_array() else {
            self.at(
                item.span(),
                "`comparable_with` must be a list of earlier version numbers".into(),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for v in array.iter() {
            match v.as_integer() {
                Some(n) if n >= 1 && (version == 0 || n < i64::from(version)) => out.push(n as u32),
                _ => self.at(
                    v.span(),
                    format!("`comparable_with` entries must be earlier versions (below {version})"),
                ),
            }
        }
        out
    }

    fn table<'t>(
        &mut self,
        root: &'t dyn TableLike,
        key: &str,
    ) -> Option<(&'t dyn TableLike, Span)> {
        match root.get(key) {
            None => {
                self.at(Some(0..0), format!("missing table `[{key}]`"));
                None
            }
            Some(item) => match item.as_table_like() {
                Some(t) => Some((
                    t,
                    item.span()
                        .or_else(|| root.key(key).and_then(|k| k.span()))
                        .unwrap_or(0..0),
                )),
                None => {
                    self.at(
                        item.span(),
                        format!("`{key}` must be a table, found {}", item.type_name()),
                    );
                    None
                }
            },
        }
    }

    fn source(&mut self, root: &dyn TableLike) -> Option<Source> {
        let (t, span) = self.table(root, "source")?;
        self.known_keys(
            t,
            &[
                "document",
                "publisher",
                "date",
                "note",
                "from_listing",
                "inferred",
            ],
            "source",
        );
        let document = self.string(t, "document", "source", &span, true);
        let publisher = self.string(t, "publisher", "source", &span, true);
        let date = self.string(t, "date", "source", &span, true);
        if let Some(d) = &date {
            if !is_partial_date(d) {
                self.at(
                    value_span(t, "date"),
                    format!("`source.date` must be YYYY-MM-DD, YYYY-MM or YYYY, found \"{d}\""),
                );
            }
        }
        let note = self.string(t, "note", "source", &span, false);
        let from_listing = self.source_fields(t, "from_listing");
        let inferred = self.source_fields(t, "inferred");
        for both in from_listing.iter().filter(|f| inferred.contains(f)) {
            self.at(
                value_span(t, "inferred"),
                format!("`source.{both}` cannot come both from the listing and from inference"),
            );
        }
        Some(Source {
            document: document?,
            publisher: publisher?,
            date: date?,
            note,
            from_listing,
            inferred,
        })
    }

    /// `source.from_listing` / `source.inferred`: a list naming some of document, publisher, date.
    fn source_fields(&mut self, t: &dyn TableLike, key: &str) -> Vec<String> {
        const FIELDS: [&str; 3] = ["document", "publisher", "date"];
        let Some(item) = t.get(key) else {
            return Vec::new();
        };
        let Some(array) = item.as_array() else {
            self.at(
                item.span(),
                format!(
                    "`source.{key}` must be a list naming some of: {}",
                    FIELDS.join(", ")
                ),
            );
            return Vec::new();
        };
        let mut out: Vec<String> = Vec::new();
        for v in array.iter() {
            match v.as_str() {
                Some(f) if FIELDS.contains(&f) && !out.iter().any(|o| o == f) => {
                    out.push(f.to_string())
                }
                Some(f) if FIELDS.contains(&f) => {
                    self.at(v.span(), format!("`source.{key}` names `{f}` twice"))
                }
                _ => self.at(
                    v.span(),
                    format!(
                        "`source.{key}` entries must be one of: {}",
                        FIELDS.join(", ")
                    ),
                ),
            }
        }
        out
    }

    fn scale(&mut self, root: &dyn TableLike) -> Scale {
        let mut levels = Vec::new();
        let Some((t, span)) = self.table(root, "scale") else {
            return Scale { levels, note: None };
        };
        self.known_keys(t, &["note", "levels"], "scale");
        let note = self.string(t, "note", "scale", &span, false);
        let Some(aot) = t.get("levels").and_then(Item::as_array_of_tables) else {
            self.at(
                Some(span),
                "`scale` needs at least two `[[scale.levels]]`".into(),
            );
            return Scale { levels, note };
        };
        let mut labels = HashSet::new();
        for level in aot.iter() {
            let lspan = level.span().unwrap_or(span.clone());
            self.known_keys(level, &["value", "label", "descriptor"], "scale.levels");
            let value = self.integer(level, "value", "scale.levels", &lspan, true);
            let label = self.string(level, "label", "scale.levels", &lspan, true);
            let descriptor = self.string(level, "descriptor", "scale.levels", &lspan, true);
            if let Some(l) = &label {
                let folded = l.to_lowercase();
                if folded == "?"
                    || folded == "don't know"
                    || folded == "dont know"
                    || l.parse::<i64>().is_ok()
                {
                    self.at(
                        value_span(level, "label"),
                        format!("level label \"{l}\" is reserved or numeric"),
                    );
                } else if !labels.insert(folded) {
                    self.at(
                        value_span(level, "label"),
                        format!("duplicate level label \"{l}\""),
                    );
                }
            }
            if let Some(v) = value {
                if let Some(prev) = levels.last().map(|l: &Level| l.value) {
                    if v <= prev {
                        self.at(
                            value_span(level, "value"),
                            format!("level values must ascend without repeats: {v} follows {prev}"),
                        );
                    }
                }
            }
            if let (Some(value), Some(label), Some(descriptor)) = (value, label, descriptor) {
                levels.push(Level {
                    value,
                    label,
                    descriptor,
                });
            }
        }
        if aot.len() < 2 {
            self.at(Some(span), "`scale` needs at least two levels".into());
        }
        Scale { levels, note }
    }
}

fn prefix(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}.")
    }
}

fn is_partial_date(d: &str) -> bool {
    let parts: Vec<&str> = d.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && (1..=12).contains(&m.parse::<u32>().unwrap_or(0)),
        [y, m, day] => {
            digits(y, 4)
                && digits(m, 2)
                && digits(day, 2)
                && (1..=12).contains(&m.parse::<u32>().unwrap_or(0))
                && (1..=31).contains(&day.parse::<u32>().unwrap_or(0))
        }
        _ => false,
    }
}
