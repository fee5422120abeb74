//! A provider collaborative's view: the results pack one partner board chooses to share, and
//! what the collaborative sees when it puts the partners' packs side by side.
//!
//! A [`Pack`] holds only what a board agrees to share: its name, the round, the questionnaire,
//! agreed scores and targets, area and overall means, spread statistics where the anonymity rule
//! allows them, the agreed spectrum position and, if the board ticks the box, open action titles.
//! It has no field for a name, a member code, an answer or a comment, and a pack read back is
//! refused if it carries any field this schema does not define.
//!
//! The pack's hash is SHA-256 over its canonical JSON: the pack without its `sha256` field,
//! compact, every object's keys sorted, numbers as serde_json writes them (shortest round-trip),
//! so reading a pack and writing it again gives the same text and one changed number changes the
//! hash. Nothing here reads files or the clock: the caller passes bytes and dates in.
//!
//! Side by side, partners appear in alphabetical order of their names; nothing here ranks
//! partners or spectrum positions, it only measures how far apart they are.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// What every pack's `format` field says, so a foreign JSON file is told apart from a pack.
pub const PACK_FORMAT: &str = "govmat-pack";
/// The pack schema this build writes and the newest it reads.
pub const PACK_SCHEMA: u32 = 1;
/// Agreed scores this many levels or more apart are a perception gap.
pub const PERCEPTION_GAP: i64 = 2;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    pub format: String,
    pub schema: u32,
    pub organisation: String,
    pub round: String,
    pub round_date: String,
    /// When the board produced the pack (passed in).
    pub produced: String,
    pub instrument: PackInstrument,
    /// The smallest group whose spread is shown; items answered by fewer have no `spread`.
    pub min_group: usize,
    pub areas: Vec<PackArea>,
    pub overall: Option<f64>,
    pub spectrum: Option<PackSpectrum>,
    /// Open action titles, or `None` when the board chose not to share them.
    pub actions: Option<Vec<String>>,
    /// SHA-256 of the canonical content (see the module documentation).
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackInstrument {
    pub id: String,
    pub version: u32,
    pub title: String,
    /// SHA-256 of the questionnaire text the round was scored against.
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackArea {
    pub id: String,
    pub title: String,
    pub mean: Option<f64>,
    pub items: Vec<PackItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackItem {
    pub id: String,
    pub title: String,
    pub agreed: Option<i64>,
    pub target: Option<i64>,
    pub spread: Option<Spread>,
}

/// How members' scores spread on an item: counts and statistics, never the values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spread {
    pub n: usize,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub sd: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackSpectrum {
    pub instrument: String,
    pub dimensions: Vec<PackDimension>,
}

/// The board's agreed place on one spectrum dimension, now and in aspiration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackDimension {
    pub id: String,
    pub title: String,
    pub low: String,
    pub high: String,
    pub now: Option<i64>,
    pub aspiration: Option<i64>,
}

/// Why bytes are not a pack this build can hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackError {
    #[error("not a govmat pack: {0}")]
    Foreign(String),
    #[error(
        "written by a newer govmat (pack schema {found}; this version reads up to {PACK_SCHEMA})"
    )]
    TooNew { found: u64 },
    #[error(
        "the pack has been changed since it was written: its SHA-256 does not match its content"
    )]
    Tampered,
}

impl Pack {
    /// The canonical JSON the hash is computed over: the pack without `sha256`.
    pub fn canonical_content(&self) -> String {
        let mut v = serde_json::to_value(self).expect("a pack is plain data");
        if let Value::Object(m) = &mut v {
            m.remove("sha256");
        }
        canonical_json(&v)
    }

    /// SHA-256 (lowercase hex) of the canonical content.
    pub fn content_sha256(&self) -> String {
        sha256_hex(self.canonical_content().as_bytes())
    }

    /// Sets `sha256` from the content; the last step before a pack is written.
    pub fn seal(mut self) -> Pack {
        self.sha256 = self.content_sha256();
        self
    }

    /// Reads a pack, refusing foreign JSON, a newer schema, unknown fields and a changed content.
    pub fn parse(bytes: &[u8]) -> Result<Pack, PackError> {
        // The usual case, a well-formed pack of a schema this version knows, in one pass; anything
        // else goes the slower way below, which says exactly what is wrong with it.
        if let Ok(pack) = serde_json::from_slice::<Pack>(bytes) {
            if pack.format == PACK_FORMAT && (1..=PACK_SCHEMA).contains(&pack.schema) {
                if pack.content_sha256() != pack.sha256 {
                    return Err(PackError::Tampered);
                }
                return Ok(pack);
            }
        }
        let v: Value =
            serde_json::from_slice(bytes).map_err(|e| PackError::Foreign(e.to_string()))?;
        if v.get("format").and_then(Value::as_str) != Some(PACK_FORMAT) {
            return Err(PackError::Foreign(format!(
                "its \"format\" is not \"{PACK_FORMAT}\""
            )));
        }
        match v.get("schema").and_then(Value::as_u64) {
            Some(s) if s > u64::from(PACK_SCHEMA) => return Err(PackError::TooNew { found: s }),
            Some(s) if s >= 1 => {}
            _ => return Err(PackError::Foreign("it has no valid \"schema\"".into())),
        }
        let pack: Pack =
            serde_json::from_value(v).map_err(|e| PackError::Foreign(e.to_string()))?;
        if pack.content_sha256() != pack.sha256 {
            return Err(PackError::Tampered);
        }
        Ok(pack)
    }

    /// The pack as the file holds it: indented JSON, readable with any tool.
    pub fn to_file_text(&self) -> String {
        serde_json::to_string_pretty(self).expect("a pack is plain data") + "\n"
    }

    pub fn items(&self) -> impl Iterator<Item = &PackItem> {
        self.areas.iter().flat_map(|a| &a.items)
    }
}

/// Compact JSON with every object's keys in sorted order, whatever map type serde_json was
/// built with (another crate in the build may turn on `preserve_order`).
pub fn canonical_json(v: &Value) -> String {
    fn write(v: &Value, out: &mut String) {
        match v {
            Value::Object(m) => {
                let sorted: BTreeMap<&String, &Value> = m.iter().collect();
                out.push('{');
                for (i, (k, v)) in sorted.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String(k.clone()).to_string());
                    out.push(':');
                    write(v, out);
                }
                out.push('}');
            }
            Value::Array(a) => {
                out.push('[');
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(v, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    write(v, &mut out);
    out
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}
