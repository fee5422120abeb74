//! The instrument model: what a questionnaire file means once it has been validated.
//!
//! Values of these types only come out of [`crate::validate`]; nothing downstream re-checks ids,
//! scale values or counts. The types carry no IO and know nothing about TOML or SQL.
//!
//! An `Item` may describe each scale level in its own words; `Item::levels_or_scale` gives those or
//! the scale's own, one per level in scale order. A `Source` says which details come from a public
//! listing, and `Source::citation` cites it the one way every output prints.

use serde::Serialize;

/// Whether an instrument is scored (a maturity scale) or records a position (a spectrum).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Maturity,
    Spectrum,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Maturity => "maturity",
            Kind::Spectrum => "spectrum",
        }
    }
}

/// A validated questionnaire. Construct it with [`crate::parse_instrument`].
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Instrument {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub kind: Kind,
    pub summary: String,
    /// Earlier versions whose item ids mean the same thing, so rounds on them can be compared.
    pub comparable_with: Vec<u32>,
    pub source: Source,
    pub scale: Scale,
    pub areas: Vec<Area>,
    pub approaches: Vec<Approach>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub document: String,
    pub publisher: String,
    pub date: String,
    pub note: Option<String>,
    /// Which of "document", "publisher" and "date" come from the document's public listing
    /// rather than from its own text.
    pub from_listing: Vec<String>,
    /// Which of them are this project's inference, found neither in the text nor in a listing.
    pub inferred: Vec<String>,
}

impl Source {
    /// The one way a source is cited wherever people read it (report cover, appendix, CLI):
    /// title, publisher and date, then where any of them came from when not from the text itself.
    pub fn citation(&self) -> String {
        let mut out = format!("{}, {}, {}", self.document, self.publisher, self.date);
        let named = |fields: &[String]| {
            let words: Vec<&str> = ["document", "publisher", "date"]
                .into_iter()
                .filter(|f| fields.iter().any(|x| x == f))
                .map(|f| if f == "document" { "title" } else { f })
                .collect();
            match words.as_slice() {
                [] => String::new(),
                [one] => one.to_string(),
                [a, b] => format!("{a} and {b}"),
                [a, b, c] => format!("{a}, {b} and {c}"),
                _ => unreachable!("three fields at most"),
            }
        };
        let mut notes = Vec::new();
        if !self.from_listing.is_empty() {
            notes.push(format!(
                "{} as given in its public listing, not in the text itself",
                named(&self.from_listing)
            ));
        }
        if !self.inferred.is_empty() {
            notes.push(format!(
                "{} inferred by this project",
                named(&self.inferred)
            ));
        }
        if !notes.is_empty() {
            out.push_str(&format!(" ({})", notes.join("; ")));
        }
        out
    }
}

/// Levels in ascending order of value; labels are unique ignoring case.
#[derive(Debug, Clone, Serialize)]
pub struct Scale {
    pub levels: Vec<Level>,
    /// Where the scale's shape comes from, for the report's method section.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Level {
    pub value: i64,
    pub label: String,
    pub descriptor: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Area {
    pub id: String,
    pub title: String,
    pub intro: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub question: String,
    pub guidance: Option<String>,
    /// Spectrum dimensions only: what the lowest and highest positions look like.
    pub low: Option<String>,
    pub high: Option<String>,
    /// What this item looks like at each level of the scale: either empty (the file gives none,
    /// so the scale's own descriptors apply) or exactly one entry per scale level, in scale order,
    /// each carrying the scale's label and this item's descriptor. Read it through
    /// [`Item::levels_or_scale`] or [`Item::level_or_scale`], which do the fallback.
    pub levels: Vec<Level>,
}

impl Item {
    /// The levels a member chooses from for this item: its own descriptions when the file gives
    /// them, otherwise the scale's generic ones. Always one entry per scale level, in scale order.
    pub fn levels_or_scale<'a>(&'a self, scale: &'a Scale) -> &'a [Level] {
        if self.levels.is_empty() {
            &scale.levels
        } else {
            &self.levels
        }
    }

    /// One level of this item (its own description, else the scale's), or `None` off the scale.
    pub fn level_or_scale<'a>(&'a self, value: i64, scale: &'a Scale) -> Option<&'a Level> {
        self.levels_or_scale(scale)
            .iter()
            .find(|l| l.value == value)
    }

    /// Whether the file describes every level of this item in the item's own terms.
    pub fn has_own_levels(&self) -> bool {
        !self.levels.is_empty()
    }
}

/// One of a spectrum's approaches, with an indicative position on every dimension.
#[derive(Debug, Clone, Serialize)]
pub struct Approach {
    pub id: String,
    pub title: String,
    pub characteristics: String,
    pub application: String,
    /// (dimension id, position), in the instrument's dimension order.
    pub profile: Vec<(String, i64)>,
    /// (dimension id, why the profile puts the approach there), in dimension order; either empty
    /// or one per dimension.
    pub reasons: Vec<(String, String)>,
}

impl Scale {
    pub fn min(&self) -> i64 {
        self.levels.first().map_or(0, |l| l.value)
    }
    pub fn max(&self) -> i64 {
        self.levels.last().map_or(0, |l| l.value)
    }
    pub fn contains(&self, value: i64) -> bool {
        self.levels.iter().any(|l| l.value == value)
    }
    pub fn level(&self, value: i64) -> Option<&Level> {
        self.levels.iter().find(|l| l.value == value)
    }
    /// Reads a level from its value or its label, ignoring case and surrounding blanks.
    pub fn parse_level(&self, text: &str) -> Option<i64> {
        let text = text.trim();
        if let Ok(v) = text.parse::<i64>() {
            return self.contains(v).then_some(v);
        }
        self.levels
            .iter()
            .find(|l| {
                l.label.eq_ignore_ascii_case(text) || l.label.to_lowercase() == text.to_lowercase()
            })
            .map(|l| l.value)
    }
}

impl Instrument {
    /// Every item in document order.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.areas.iter().flat_map(|a| a.items.iter())
    }
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items().find(|i| i.id == id)
    }
    pub fn item_count(&self) -> usize {
        self.areas.iter().map(|a| a.items.len()).sum()
    }
    /// Whether rounds on `earlier` can be compared item by item with rounds on `self`.
    pub fn comparable_to(&self, earlier: &Instrument) -> bool {
        self.id == earlier.id
            && (self.version == earlier.version
                || self.comparable_with.contains(&earlier.version)
                || earlier.comparable_with.contains(&self.version))
    }
}
