//! A spectrum's approaches: an indicative profile per approach, and why it sits there.

use std::collections::HashSet;

use toml_edit::{Item, TableLike};

use super::{value_span, Cx};
use crate::model::{Approach, Area, Kind, Scale};

impl Cx<'_> {
    pub(super) fn approaches(
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
                &[
                    "id",
                    "title",
                    "characteristics",
                    "application",
                    "profile",
                    "reasons",
                ],
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
            let reasons = self.reasons(ap, &dims);
            if let (Some(id), Some(title), Some(characteristics), Some(application)) =
                (id, title, characteristics, application)
            {
                out.push(Approach {
                    id,
                    title,
                    characteristics,
                    application,
                    profile,
                    reasons,
                });
            }
        }
        out
    }

    /// An approach's optional `[approaches.reasons]`: one line per dimension saying why its
    /// profile sits where it does.
    fn reasons(&mut self, ap: &dyn TableLike, dims: &[&str]) -> Vec<(String, String)> {
        let Some(entry) = ap.get("reasons") else {
            return Vec::new();
        };
        let at = entry
            .span()
            .or_else(|| ap.key("reasons").and_then(|k| k.span()));
        let Some(t) = entry.as_table_like() else {
            self.at(
                at,
                format!(
                    "`approaches.reasons` must be a table of one line per dimension, found {}",
                    entry.type_name()
                ),
            );
            return Vec::new();
        };
        for (key, value) in t.iter() {
            if !dims.contains(&key) {
                self.at(
                    t.key(key).and_then(|k| k.span()),
                    format!("reasons name unknown dimension `{key}`"),
                );
            } else if value.as_str().is_none_or(|s| s.trim().is_empty()) {
                self.at(
                    value.span(),
                    format!("the reason for `{key}` must be a non-empty string"),
                );
            }
        }
        let mut out = Vec::new();
        for dim in dims {
            match t.get(dim).and_then(Item::as_str) {
                Some(r) => out.push((dim.to_string(), r.trim().to_string())),
                None if t.get(dim).is_none() => self.at(
                    at.clone(),
                    format!("reasons give no line for dimension `{dim}`"),
                ),
                None => {}
            }
        }
        out
    }
}
