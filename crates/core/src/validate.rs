//! Turns the text of a questionnaire file into an [`Instrument`], or into every problem it has.
//!
//! We walk a span-preserving TOML tree by hand rather than deriving `Deserialize`, because serde
//! stops at the first fault and a consultant fixing a file wants the whole list at once, each with
//! its line and column.

use std::collections::HashSet;
use std::ops::Range;

use toml_edit::{ImDocument, Item, TableLike};

use crate::diagnostic::{line_col, Diagnostic, Diagnostics};
use crate::model::{Approach, Area, Instrument, Kind, Level, Scale, Source};

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
    let areas = cx.areas(root, kind);
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
        self.known_keys(t, &["document", "publisher", "date", "note"], "source");
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
        Some(Source {
            document: document?,
            publisher: publisher?,
            date: date?,
            note,
        })
    }

    fn scale(&mut self, root: &dyn TableLike) -> Scale {
        let mut levels = Vec::new();
        let Some((t, span)) = self.table(root, "scale") else {
            return Scale { levels };
        };
        self.known_keys(t, &["levels"], "scale");
        let Some(aot) = t.get("levels").and_then(Item::as_array_of_tables) else {
            self.at(
                Some(span),
                "`scale` needs at least two `[[scale.levels]]`".into(),
            );
            return Scale { levels };
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
        Scale { levels }
    }

    fn areas(&mut self, root: &dyn TableLike, kind: Option<Kind>) -> Vec<Area> {
        let mut out = Vec::new();
        let Some(aot) = root.get("areas").and_then(Item::as_array_of_tables) else {
            match root.get("areas") {
                Some(other) => self.at(
                    other.span(),
                    "`areas` must be written as `[[areas]]` tables".into(),
                ),
                None => self.at(
                    Some(0..0),
                    "missing `[[areas]]`: an instrument needs at least one area".into(),
                ),
            }
            return out;
        };
        let mut area_ids = HashSet::new();
        let mut item_ids = HashSet::new();
        for area in aot.iter() {
            let aspan = area.span().unwrap_or(0..0);
            self.known_keys(area, &["id", "title", "intro", "items"], "areas");
            let id = self.string(area, "id", "areas", &aspan, true);
            if let Some(id) = &id {
                if !is_id(id) {
                    self.at(
                        value_span(area, "id"),
                        format!("area id `{id}` must be lowercase letters, digits, '-' or '.'"),
                    );
                } else if !area_ids.insert(id.clone()) {
                    self.at(value_span(area, "id"), format!("duplicate area id `{id}`"));
                }
            }
            let title = self.string(area, "title", "areas", &aspan, true);
            let intro = self.string(area, "intro", "areas", &aspan, false);
            let items = match area.get("items").and_then(Item::as_array_of_tables) {
                Some(items) if !items.is_empty() => self.items(items, kind, &mut item_ids),
                _ => {
                    let name = id.clone().unwrap_or_default();
                    self.at(
                        Some(aspan.clone()),
                        format!("area `{name}` is empty: it needs at least one `[[areas.items]]`"),
                    );
                    Vec::new()
                }
            };
            if let (Some(id), Some(title)) = (id, title) {
                out.push(Area {
                    id,
                    title,
                    intro,
                    items,
                });
            }
        }
        out
    }

    fn items(
        &mut self,
        items: &toml_edit::ArrayOfTables,
        kind: Option<Kind>,
        seen: &mut HashSet<String>,
    ) -> Vec<crate::model::Item> {
        let mut out = Vec::new();
        for item in items.iter() {
            let ispan = item.span().unwrap_or(0..0);
            self.known_keys(
                item,
                &["id", "title", "question", "guidance", "low", "high"],
                "areas.items",
            );
            let id = self.string(item, "id", "areas.items", &ispan, true);
            if let Some(id) = &id {
                if !is_id(id) {
                    self.at(
                        value_span(item, "id"),
                        format!("item id `{id}` must be lowercase letters, digits, '-' or '.'"),
                    );
                } else if !seen.insert(id.clone()) {
                    self.at(value_span(item, "id"), format!("duplicate item id `{id}`"));
                }
            }
            let title = self.string(item, "title", "areas.items", &ispan, true);
            let question = self.string(item, "question", "areas.items", &ispan, true);
            let guidance = self.string(item, "guidance", "areas.items", &ispan, false);
            let spectrum = kind == Some(Kind::Spectrum);
            let low = self.string(item, "low", "areas.items", &ispan, spectrum);
            let high = self.string(item, "high", "areas.items", &ispan, spectrum);
            if !spectrum && (low.is_some() || high.is_some()) {
                self.at(
                    value_span(item, "low").or(value_span(item, "high")),
                    "`low`/`high` belong to spectrum dimensions only".into(),
                );
            }
            if let (Some(id), Some(title), Some(question)) = (id, title, question) {
                out.push(crate::model::Item {
                    id,
                    title,
                    question,
                    guidance,
                    low,
                    high,
                });
            }
        }
        out
    }

    fn approaches(
        &mut self,
        root: &dyn TableLike,
        kind: Option<Kind>,
        areas: &[Area],
        scale: &Scale,
    ) -> Vec<Approach> {
        let mut out = Vec::new();
        let Some(entry) = root.get("approaches") else {
            if kind == Some(Kind::Spectrum) {
                self.at(
                    Some(0..0),
                    "a spectrum needs at least one `[[approaches]]`".into(),
                );
            }
            return out;
        };
        if kind == Some(Kind::Maturity) {
            self.at(
                entry
                    .span()
                    .or(root.key("approaches").and_then(|k| k.span())),
                "`approaches` belong to spectrum instruments only".into(),
            );
            return out;
        }
        let Some(aot) = entry.as_array_of_tables() else {
            self.at(
                entry.span(),
                "`approaches` must be written as `[[approaches]]` tables".into(),
            );
            return out;
        };
        let dims: Vec<&str> = areas
            .iter()
            .flat_map(|a| a.items.iter().map(|i| i.id.as_str()))
            .collect();
        let mut ids = HashSet::new();
        for ap in aot.iter() {
            let span = ap.span().unwrap_or(0..0);
            self.known_keys(
                ap,
                &["id", "title", "characteristics", "application", "profile"],
                "approaches",
            );
            let id = self.string(ap, "id", "approaches", &span, true);
            if let Some(id) = &id {
                if !ids.insert(id.clone()) {
                    self.at(
                        value_span(ap, "id"),
                        format!("duplicate approach id `{id}`"),
                    );
                }
            }
            let title = self.string(ap, "title", "approaches", &span, true);
            let characteristics = self.string(ap, "characteristics", "approaches", &span, true);
            let application = self.string(ap, "application", "approaches", &span, true);
            let mut profile = Vec::new();
            match ap.get("profile").and_then(Item::as_table_like) {
                None => self.at(
                    value_span(ap, "profile").or(Some(span.clone())),
                    "approach needs a `profile` table with one position per dimension".into(),
                ),
                Some(p) => {
                    for (key, value) in p.iter() {
                        if !dims.contains(&key) {
                            self.at(
                                p.key(key).and_then(|k| k.span()),
                                format!("profile names unknown dimension `{key}`"),
                            );
                        }
                        match value.as_integer() {
                            Some(v) if scale.levels.is_empty() || scale.contains(v) => {}
                            _ => self.at(
                                value.span(),
                                format!(
                                    "profile value for `{key}` is not on the scale ({}–{})",
                                    scale.min(),
                                    scale.max()
                                ),
                            ),
                        }
                    }
                    for dim in &dims {
                        match p.get(dim).and_then(Item::as_integer) {
                            Some(v) => profile.push((dim.to_string(), v)),
                            None if p.get(dim).is_none() => self.at(
                                value_span(ap, "profile"),
                                format!("profile has no position for dimension `{dim}`"),
                            ),
                            None => {}
                        }
                    }
                }
            }
            if let (Some(id), Some(title), Some(characteristics), Some(application)) =
                (id, title, characteristics, application)
            {
                out.push(Approach {
                    id,
                    title,
                    characteristics,
                    application,
                    profile,
                });
            }
        }
        out
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
