//! The decision history of a round, read and checked: every change to an agreed score, target,
//! rationale or dissent, oldest first, and whether the chain still verifies and still ends at
//! the decisions the round holds now.
//!
//! Writing the history is the store's (`save_decision` appends in the same transaction as the
//! change); hashing and checking are the core's. This module turns entries into what the CLI,
//! the report and the reveal screen show, with times in the machine's local time.

use govmat_core::{verify_history, Decision, HistoryProblem, Origin};
use serde::Serialize;

use crate::error::Result;
use crate::Govmat;

/// One entry of a round's decision history, as shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryLine {
    pub seq: i64,
    /// Seconds since 1970 (UTC).
    pub at: i64,
    /// `at` in local time, as a report prints its produced time.
    pub when: String,
    pub item: String,
    pub item_title: String,
    /// "start" (the decision as it stood when the history began) or "change".
    pub origin: Origin,
    pub old: Option<Decision>,
    pub new: Decision,
    /// The change in words: "agreed 2 → 3, rationale changed".
    pub change: String,
    pub hash: String,
}

/// A round's decision history and whether it verifies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionHistory {
    pub round_id: i64,
    pub round: String,
    pub round_date: String,
    pub entries: Vec<HistoryLine>,
    /// The hash stored with the round.
    pub head: Option<String>,
    pub verified: bool,
    /// Why it does not verify, naming the first item concerned.
    pub problem: Option<HistoryProblem>,
}

impl DecisionHistory {
    /// The latest change saved through govmat (not the history's starting entries).
    pub fn last_change(&self) -> Option<&HistoryLine> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.origin == Origin::Change)
    }

    /// When the history began, if it began from an older database's decisions.
    pub fn began(&self) -> Option<&HistoryLine> {
        self.entries.iter().find(|e| e.origin == Origin::Start)
    }

    /// Changes saved on a day after the round's date (local time), oldest first.
    pub fn changed_after_the_day(&self) -> Vec<&HistoryLine> {
        self.entries
            .iter()
            .filter(|e| {
                e.origin == Origin::Change
                    && e.when
                        .get(..10)
                        .is_some_and(|d| d > self.round_date.as_str())
            })
            .collect()
    }

    /// "2026-03-05 14:02 +00:00", or what stands in for it, for the report's provenance block.
    pub fn last_changed_text(&self) -> String {
        match (self.last_change(), self.began()) {
            (Some(e), _) => e.when.clone(),
            (None, Some(b)) => format!("no change since the history began on {}", b.when),
            (None, None) => "no decision recorded".into(),
        }
    }

    /// "verifies (12 entries)", or why not.
    pub fn verdict_text(&self) -> String {
        match &self.problem {
            None => format!(
                "verifies ({})",
                govmat_core::plural(self.entries.len(), "entry", "entries")
            ),
            Some(p) => format!("does not verify: {p}"),
        }
    }
}

/// A decision's change in words.
pub(crate) fn describe(old: Option<&Decision>, new: &Decision) -> String {
    let level = |v: Option<i64>| v.map_or_else(|| "none".to_string(), |v| v.to_string());
    let Some(old) = old else {
        let mut parts = vec![format!("agreed {}", level(new.agreed))];
        if new.target.is_some() {
            parts.push(format!("target {}", level(new.target)));
        }
        if !new.rationale.is_empty() {
            parts.push("rationale".into());
        }
        if !new.dissent.is_empty() {
            parts.push("dissent".into());
        }
        return format!("recorded: {}", parts.join(", "));
    };
    let mut parts = Vec::new();
    if old.agreed != new.agreed {
        parts.push(format!(
            "agreed {} → {}",
            level(old.agreed),
            level(new.agreed)
        ));
    }
    if old.target != new.target {
        parts.push(format!(
            "target {} → {}",
            level(old.target),
            level(new.target)
        ));
    }
    if old.rationale != new.rationale {
        parts.push("rationale changed".into());
    }
    if old.dissent != new.dissent {
        parts.push("dissent changed".into());
    }
    if parts.is_empty() {
        "no change".into()
    } else {
        parts.join(", ")
    }
}

/// Seconds since 1970 in local time, written as [`crate::now_local`] writes the present.
pub fn local_text(at: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(at)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .to_offset(crate::local_offset());
    crate::local_time(t)
}

impl Govmat {
    /// A round's decision history, oldest first, checked.
    pub fn decision_history(&self, round_id: i64) -> Result<DecisionHistory> {
        self.unlocked()?;
        self.history_of(round_id)
    }

    pub(crate) fn history_of(&self, round_id: i64) -> Result<DecisionHistory> {
        let round = self.unlocked()?.round(round_id)?;
        let instrument = self.instrument_of(&round)?;
        let chain = self.unlocked()?.decision_history(round_id)?;
        let head = self.unlocked()?.history_head(round_id)?;
        let current = self.unlocked()?.decisions(round_id)?;
        let problem = verify_history(&chain, head.as_deref(), &current).err();
        let entries = chain
            .into_iter()
            .map(|(e, hash)| HistoryLine {
                seq: e.seq,
                at: e.at,
                when: local_text(e.at),
                item_title: instrument
                    .item(&e.item)
                    .map_or_else(|| e.item.clone(), |i| i.title.clone()),
                change: match e.origin {
                    Origin::Start => "as it stood when the history began".into(),
                    Origin::Change => describe(e.old.as_ref(), &e.new),
                },
                item: e.item,
                origin: e.origin,
                old: e.old,
                new: e.new,
                hash,
            })
            .collect();
        Ok(DecisionHistory {
            round_id,
            round: round.name,
            round_date: round.date,
            entries,
            head,
            verified: problem.is_none(),
            problem,
        })
    }
}
