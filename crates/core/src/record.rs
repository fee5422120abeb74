//! The board's record: how last round's actions were followed through, and the hash-chained
//! history of its decisions.
//!
//! Both are pure. Follow-through is arithmetic over counts the caller took from the actions; the
//! history's entries arrive with their time already set (nothing here reads the clock) and this
//! module only fixes how an entry is hashed and how a chain is checked against the decisions
//! the round holds now. It knows nothing about SQL or where the entries are kept.
//!
//! `FollowThrough` gives the rate done ÷ (total − dropped), and `None` when nothing is left to
//! count. A `HistoryEntry` is hashed by `entry_hash`: SHA-256 over the canonical JSON of `{prev,
//! entry}`. `verify_history` checks the chain, its head, and that the round's current decisions are
//! the chain's latest values, naming the first item that differs.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::{canonical_json, sha256_hex, Decision};

/// How last round's actions stand: each counted once by the status it has now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct FollowThrough {
    pub total: usize,
    pub done: usize,
    pub in_progress: usize,
    pub open: usize,
    pub dropped: usize,
    /// done ÷ (total − dropped); `None` when every action was dropped or there were none.
    pub rate: Option<f64>,
}

impl FollowThrough {
    /// Follow-through from the four counts; the total is their sum.
    pub fn from_counts(done: usize, in_progress: usize, open: usize, dropped: usize) -> Self {
        let total = done + in_progress + open + dropped;
        let kept = total - dropped;
        FollowThrough {
            total,
            done,
            in_progress,
            open,
            dropped,
            rate: (kept > 0).then(|| done as f64 / kept as f64),
        }
    }

    /// "2 of 4 done": the actions not dropped, and how many of them are done.
    pub fn headline(&self) -> String {
        format!("{} of {} done", self.done, self.total - self.dropped)
    }

    /// The rate as a whole percentage ("67%"), or "—" when there is none.
    pub fn percent(&self) -> String {
        self.rate
            .map_or_else(|| "—".into(), |r| format!("{:.0}%", r * 100.0))
    }
}

/// Why an entry was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The decision as it stood when the history began (a database from before it was kept).
    Start,
    /// A change saved through govmat.
    Change,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Start => "start",
            Origin::Change => "change",
        }
    }
    pub fn parse(s: &str) -> Option<Origin> {
        match s {
            "start" => Some(Origin::Start),
            "change" => Some(Origin::Change),
            _ => None,
        }
    }
}

/// One change to one item's decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// Position in the round's chain, from 1.
    pub seq: i64,
    /// When it was saved, in seconds since 1970 (UTC), as the caller passed it in.
    pub at: i64,
    pub item: String,
    pub origin: Origin,
    /// The decision before the change; `None` when the item had none.
    pub old: Option<Decision>,
    pub new: Decision,
}

/// The hash that starts every round's chain: the "previous hash" of its first entry.
pub const GENESIS: &str = "";

/// SHA-256 (lowercase hex) over the canonical JSON of `{"prev": prev, "entry": entry}`, so each
/// hash covers the one before it and the whole entry.
pub fn entry_hash(prev: &str, entry: &HistoryEntry) -> String {
    let v = serde_json::json!({ "prev": prev, "entry": entry });
    sha256_hex(canonical_json(&v).as_bytes())
}

/// Why a round's history does not verify; `item` names the first item concerned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryProblem {
    pub item: Option<String>,
    pub message: String,
}

impl std::fmt::Display for HistoryProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Checks a round's chain (entries in order, each with its stored hash), that it ends at the
/// stored `head`, and that the decisions the round holds now are the chain's latest values. An
/// item with no decision counts as the empty decision, so saving nothing records nothing.
pub fn verify_history(
    entries: &[(HistoryEntry, String)],
    head: Option<&str>,
    current: &BTreeMap<String, Decision>,
) -> Result<(), HistoryProblem> {
    let mut prev = GENESIS.to_string();
    let mut latest: BTreeMap<&str, &Decision> = BTreeMap::new();
    for (i, (e, stored)) in entries.iter().enumerate() {
        if e.seq != i as i64 + 1 {
            return Err(HistoryProblem {
                item: Some(e.item.clone()),
                message: format!(
                    "history entry {} is missing or out of order (found {} in its place, item \"{}\")",
                    i + 1,
                    e.seq,
                    e.item
                ),
            });
        }
        if entry_hash(&prev, e) != *stored {
            return Err(HistoryProblem {
                item: Some(e.item.clone()),
                message: format!(
                    "history entry {} (item \"{}\") does not match its hash: it was changed outside govmat",
                    e.seq, e.item
                ),
            });
        }
        latest.insert(&e.item, &e.new);
        prev = stored.clone();
    }
    let last = entries.last().map(|(_, h)| h.as_str());
    if last != head {
        return Err(HistoryProblem {
            item: entries.last().map(|(e, _)| e.item.clone()),
            message: "the history's last entry is not the head stored with the round: entries were removed or added outside govmat".into(),
        });
    }
    let empty = Decision::default();
    let items: std::collections::BTreeSet<&str> = current
        .keys()
        .map(String::as_str)
        .chain(latest.keys().copied())
        .collect();
    for item in items {
        let now = current.get(item).unwrap_or(&empty);
        let recorded = latest.get(item).copied().unwrap_or(&empty);
        if let Some(what) = difference(recorded, now) {
            return Err(HistoryProblem {
                item: Some(item.to_string()),
                message: format!("item \"{item}\": {what}"),
            });
        }
    }
    Ok(())
}

/// The first field in which the decision held now differs from the history's, in words.
fn difference(recorded: &Decision, now: &Decision) -> Option<String> {
    let level = |v: Option<i64>| v.map_or_else(|| "none".to_string(), |v| v.to_string());
    if recorded.agreed != now.agreed {
        return Some(format!(
            "the agreed score is {}, but the history's latest is {}",
            level(now.agreed),
            level(recorded.agreed)
        ));
    }
    if recorded.target != now.target {
        return Some(format!(
            "the target is {}, but the history's latest is {}",
            level(now.target),
            level(recorded.target)
        ));
    }
    if recorded.rationale != now.rationale {
        return Some("the rationale differs from the history's latest".into());
    }
    if recorded.dissent != now.dissent {
        return Some("the dissent differs from the history's latest".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: i64, item: &str, agreed: i64) -> HistoryEntry {
        HistoryEntry {
            seq,
            at: 1_700_000_000 + seq,
            item: item.into(),
            origin: Origin::Change,
            old: None,
            new: Decision {
                agreed: Some(agreed),
                ..Decision::default()
            },
        }
    }

    fn chain(entries: Vec<HistoryEntry>) -> Vec<(HistoryEntry, String)> {
        let mut prev = GENESIS.to_string();
        entries
            .into_iter()
            .map(|e| {
                let h = entry_hash(&prev, &e);
                prev = h.clone();
                (e, h)
            })
            .collect()
    }

    #[test]
    fn follow_through_leaves_dropped_actions_out_of_the_rate() {
        let f = FollowThrough::from_counts(2, 1, 1, 1);
        assert_eq!(f.total, 5);
        assert_eq!(f.rate, Some(0.5), "2 done of the 4 not dropped");
        assert_eq!(f.headline(), "2 of 4 done");
        assert_eq!(f.percent(), "50%");
        assert_eq!(
            FollowThrough::from_counts(0, 0, 0, 2).rate,
            None,
            "all dropped: no rate, not 0"
        );
    }

    #[test]
    fn a_chain_verifies_and_a_changed_entry_or_decision_does_not() {
        let c = chain(vec![entry(1, "a", 2), entry(2, "b", 3), entry(3, "a", 4)]);
        let head = c.last().map(|(_, h)| h.clone());
        let mut now = BTreeMap::new();
        now.insert("a".to_string(), c[2].0.new.clone());
        now.insert("b".to_string(), c[1].0.new.clone());
        assert_eq!(verify_history(&c, head.as_deref(), &now), Ok(()));

        let mut edited = now.clone();
        edited.get_mut("b").unwrap().agreed = Some(1);
        let p = verify_history(&c, head.as_deref(), &edited).unwrap_err();
        assert_eq!(p.item.as_deref(), Some("b"), "the edited item is named");

        let mut forged = c.clone();
        forged[1].0.new.agreed = Some(4);
        let p = verify_history(&forged, head.as_deref(), &now).unwrap_err();
        assert!(p.message.contains("entry 2"), "{p}");

        assert!(
            verify_history(&c[..2], head.as_deref(), &now).is_err(),
            "a removed last entry no longer reaches the head"
        );
    }
}
