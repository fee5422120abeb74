//! Areas and their items, including each item's own level descriptions.

use std::collections::HashSet;

use toml_edit::{Item, TableLike};

use super::{is_id, value_span, Cx, Span};
use crate::model::{Area, Kind, Level, Scale};

impl Cx<'_> {
    pub(super) fn areas(
        &mut self,
        root: &dyn TableLike,
        kind: Option<Kind>,
        scale: &Scale,
    ) -> Vec<Area> {
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
                Some(items) if !items.is_empty() => self.items(items, kind, scale, &mut item_ids),
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
        scale: &Scale,
        seen: &mut HashSet<String>,
    ) -> Vec<crate::model::Item> {
        let mut out = Vec::new();
        for item in items.iter() {
            let ispan = item.span().unwrap_or(0..0);
            self.known_keys(
                item,
                &[
                    "id", "title", "question", "guidance", "low", "high", "levels",
                ],
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
            let levels = self.item_levels(item, id.as_deref(), &ispan, spectrum, scale);
            if let (Some(id), Some(title), Some(question)) = (id, title, question) {
                out.push(crate::model::Item {
                    id,
                    title,
                    question,
                    guidance,
                    low,
                    high,
                    levels,
                });
            }
        }
        out
    }

    /// An item's own `[[areas.items.levels]]`: every level of the scale described exactly once.
    /// Returns them in scale order, labelled as the scale labels them, or empty when absent.
    fn item_levels(
        &mut self,
        item: &dyn TableLike,
        id: Option<&str>,
        ispan: &Span,
        spectrum: bool,
        scale: &Scale,
    ) -> Vec<Level> {
        let Some(entry) = item.get("levels") else {
            return Vec::new();
        };
        let at = entry
            .span()
            .or_else(|| item.key("levels").and_then(|k| k.span()));
        let name = id.unwrap_or("?");
        if spectrum {
            self.at(
                at,
                "`levels` belong to maturity items; a spectrum dimension describes its ends with `low` and `high`".into(),
            );
            return Vec::new();
        }
        let Some(aot) = entry.as_array_of_tables() else {
            self.at(
                at,
                format!(
                    "`areas.items.levels` must be written as `[[areas.items.levels]]` tables, found {}",
                    entry.type_name()
                ),
            );
            return Vec::new();
        };
        let on_scale: Vec<String> = scale.levels.iter().map(|l| l.value.to_string()).collect();
        let mut given: Vec<(i64, String)> = Vec::new();
        let mut unreadable = false;
        for lv in aot.iter() {
            let lspan = lv.span().unwrap_or(ispan.clone());
            self.known_keys(lv, &["value", "descriptor"], "areas.items.levels");
            let value = self.integer(lv, "value", "areas.items.levels", &lspan, true);
            let descriptor = self.string(lv, "descriptor", "areas.items.levels", &lspan, true);
            let Some(v) = value else {
                unreadable = true;
                continue;
            };
            if !scale.levels.is_empty() && !scale.contains(v) {
                self.at(
                    value_span(lv, "value"),
                    format!(
                        "item `{name}` describes level {v}, which is not on the scale ({})",
                        on_scale.join(", ")
                    ),
                );
            } else if given.iter().any(|(g, _)| *g == v) {
                self.at(
                    value_span(lv, "value"),
                    format!("item `{name}` describes level {v} more than once"),
                );
            } else {
                // A level with an unreadable descriptor still counts as described: its own
                // problem is already reported, and "missing" would point at the wrong fix.
                given.push((v, descriptor.unwrap_or_default()));
            }
        }
        // A level whose value could not be read may be the one that looks missing; report the
        // unreadable value alone so the fix is not hidden behind a second, misleading message.
        if !unreadable {
            for l in &scale.levels {
                if !given.iter().any(|(v, _)| *v == l.value) {
                    self.at(
                        Some(ispan.clone()),
                        format!(
                            "item `{name}` has no description for level {} (\"{}\"): describe every level of the scale, or none",
                            l.value, l.label
                        ),
                    );
                }
            }
        }
        scale
            .levels
            .iter()
            .filter_map(|l| {
                given
                    .iter()
                    .find(|(v, _)| *v == l.value)
                    .map(|(_, d)| Level {
                        value: l.value,
                        label: l.label.clone(),
                        descriptor: d.clone(),
                    })
            })
            .collect()
    }
}
