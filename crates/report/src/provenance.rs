//! How a report or export was made: the block printed on the PDF's last page, written as the
//! workbook's "Provenance" sheet and as the JSON export's `provenance` object.
//!
//! It is plain data filled in by the caller, who also computes the two hashes; this module only
//! fixes the labels and their order, so every format says the same thing in the same words. It
//! holds counts, never names.

use serde::Serialize;

/// One round's provenance, as the caller computed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// The version of govmat that produced the file.
    pub govmat_version: String,
    pub questionnaire_id: String,
    pub questionnaire_version: u32,
    /// SHA-256 (64 lowercase hex digits) of the questionnaire text stored with the round.
    pub questionnaire_sha256: String,
    pub round: String,
    pub round_date: String,
    /// When the file was produced (passed in; nothing here reads the clock).
    pub produced: String,
    /// How many members the round has; never who they are.
    pub members: usize,
    /// The smallest role group whose figures are shown.
    pub min_group: usize,
    /// SHA-256 of the round's anonymised data; see `data_covers`.
    pub data_sha256: String,
    /// What `data_sha256` is computed over, in words.
    pub data_covers: String,
}

/// A value of the block: text, or a count a spreadsheet keeps as a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Count(usize),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Text(t) => f.write_str(t),
            Value::Count(n) => write!(f, "{n}"),
        }
    }
}

impl Provenance {
    /// The block as (label, value) lines, in the order every format shows them.
    pub fn lines(&self) -> Vec<(&'static str, Value)> {
        let text = |s: &str| Value::Text(s.to_string());
        vec![
            ("govmat version", text(&self.govmat_version)),
            ("Questionnaire", text(&self.questionnaire_id)),
            (
                "Questionnaire version",
                Value::Count(self.questionnaire_version as usize),
            ),
            (
                "Questionnaire text SHA-256",
                text(&self.questionnaire_sha256),
            ),
            ("Round", text(&self.round)),
            ("Round date", text(&self.round_date)),
            ("Produced", text(&self.produced)),
            ("Members", Value::Count(self.members)),
            (
                "Anonymity threshold (smallest role group shown)",
                Value::Count(self.min_group),
            ),
            ("Round data SHA-256", text(&self.data_sha256)),
            ("Round data covers", text(&self.data_covers)),
        ]
    }
}
