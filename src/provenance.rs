//! The provenance of a report or export: which govmat, which questionnaire text and which data
//! it was made from, so two copies of a round can be checked against each other.
//!
//! The round data hash is SHA-256 over one canonical JSON document (compact, object keys sorted,
//! numbers as serde_json writes them) built from the anonymised [`RoundView`] only:
//! `{"actions": [{item_id, text, owner, due, status, carried}], "items": [{id, values, dont_know,
//! comments, decision}], "score": the round's score (every item's statistics, distribution,
//! agreed level, target and gap, area and overall means and the board's levels, role-group means where shown),
//! "spectrum": the spectrum summary or null}`. It leaves out what does not belong to the
//! round's content or is not the same in every copy: database ids, the organisation and round
//! names (they are printed beside it). Members are never in it by name or id; their answers enter
//! only as each item's sorted values and counts, and not at all for an item scored by fewer than
//! the minimum, so the hash cannot confirm a guess at a hidden answer.

use govmat_core::sha256_hex;
use serde_json::json;

pub use govmat_report::provenance::Provenance;

use crate::error::Result;
use crate::views::RoundView;
use crate::Govmat;

/// What the round data hash covers, as printed beside it.
pub const DATA_COVERS: &str = "every item's answers (sorted values and don't-know counts), anonymised comments, statistics, agreed level, rationale, dissent, target and gap; area and overall means and the board's levels; actions; the spectrum summary";

impl Govmat {
    /// The provenance block of a round's view, produced on `produced`.
    pub(crate) fn provenance(&self, v: &RoundView, produced: &str) -> Result<Provenance> {
        let text = self.questionnaire_text(&v.round)?;
        let history = self.history_of(v.round.id)?;
        Ok(Provenance {
            govmat_version: env!("CARGO_PKG_VERSION").to_string(),
            questionnaire_id: v.instrument.id.clone(),
            questionnaire_version: v.instrument.version,
            questionnaire_sha256: sha256_hex(text.as_bytes()),
            round: v.round.name.clone(),
            round_date: v.round.date.clone(),
            produced: produced.into(),
            members: v.respondents,
            min_group: v.groups.min_group,
            data_sha256: data_sha256(v),
            data_covers: DATA_COVERS.to_string(),
            decisions_last_changed: history.last_changed_text(),
            decision_history: history.verdict_text(),
        })
    }
}

/// SHA-256 of the round's anonymised data, as the module documentation describes.
pub(crate) fn data_sha256(v: &RoundView) -> String {
    let actions: Vec<_> = v
        .actions
        .iter()
        .map(|a| {
            json!({
                "item_id": a.item_id, "text": a.text, "owner": a.owner, "due": a.due,
                "status": a.status, "carried": a.carried_from.is_some(),
            })
        })
        .collect();
    let doc = json!({
        "actions": actions,
        "items": v.items,
        "score": v.score,
        "spectrum": v.spectrum.as_ref().map(|s| &s.summary),
    });
    // serde_json's maps are sorted by key (no `preserve_order`), so `to_string` of a `Value`
    // is canonical.
    sha256_hex(doc.to_string().as_bytes())
}
