//! The one anonymity rule applied to a round: what may be shown of members' answers.
//!
//! Breakdowns by role follow the role groups of `groups.rs` ([`RoleGroups`]).
//! [`AnonymousRound`] is what views and exports receive: statistics, votes as counts per level and
//! sorted values, and comments without names or ids in an order unrelated to who answered. It
//! holds nothing that links one member's answers across items (no per-member rows, however
//! coded): on a board of nine, one remark heard in the room ("I was the only don't know") would
//! otherwise unlock the rest of that member's ballot. And no figure rests on fewer than the
//! minimum group of answers: an item with fewer shows its counts only (see [`Stats::at_least`]).
//!
//! The store hands members' answers out only as sealed `RawBallot`s, whose fields only this module
//! reads, so no other code can reach a raw answer. Spectrum placements go through
//! `anonymise_spectrum` the same way.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::answer::{Answer, Role};
use crate::groups::{Anonymity, RoleGroups};
use crate::model::Instrument;
#[cfg(doc)]
use crate::scoring::Stats;
use crate::scoring::{score_round_with, Ballot, Decision, RoundScore};
use crate::spectrum::{summarise, Position, SpectrumSummary};

/// One member's ballot as the store holds it: role, answers, comments and spectrum placements.
///
/// Sealed: anything may build one (the store does, from its rows), but only this module can read
/// it back, so raw answers reach the rest of the program only through [`anonymise`] and
/// [`anonymise_spectrum`], with the anonymity rule applied. Its `Debug` shows counts, never an
/// answer, so a ballot cannot leak through a log line either.
#[derive(Clone)]
pub struct RawBallot {
    role: Role,
    answers: BTreeMap<String, Answer>,
    comments: BTreeMap<String, String>,
    positions: BTreeMap<String, Position>,
}

impl RawBallot {
    pub fn new(role: Role) -> RawBallot {
        RawBallot {
            role,
            answers: BTreeMap::new(),
            comments: BTreeMap::new(),
            positions: BTreeMap::new(),
        }
    }

    /// Records the member's answer to an item, with a comment (empty for none).
    pub fn answer(&mut self, item: &str, answer: Answer, comment: &str) {
        self.answers.insert(item.to_string(), answer);
        if !comment.is_empty() {
            self.comments.insert(item.to_string(), comment.to_string());
        }
    }

    /// Records the member's placement on a spectrum dimension.
    pub fn place(&mut self, dimension: &str, position: Position) {
        self.positions.insert(dimension.to_string(), position);
    }
}

impl std::fmt::Debug for RawBallot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "RawBallot {{ {} answers, {} comments, {} placements }}",
            self.answers.len(),
            self.comments.len(),
            self.positions.len()
        )
    }
}

/// What may be shown of one item's answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnonymousItem {
    pub id: String,
    /// Every scored answer, lowest first: never in the order members answered. Empty when fewer
    /// than the minimum group scored the item.
    pub values: Vec<i64>,
    pub dont_know: usize,
    pub comments: Vec<AnonymousComment>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnonymousComment {
    pub text: String,
    /// The commenter's role group, only where breakdowns by role may be shown.
    pub group: Option<String>,
}

/// A round with the anonymity rule applied: the only form in which answers leave the API.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct AnonymousRound {
    pub score: RoundScore,
    pub groups: RoleGroups,
    pub items: Vec<AnonymousItem>,
}

/// Applies the anonymity rule to a round.
pub fn anonymise(
    instrument: &Instrument,
    ballots: &[RawBallot],
    decisions: &BTreeMap<String, Decision>,
    anonymity: Anonymity,
) -> AnonymousRound {
    let roles: Vec<Role> = ballots.iter().map(|b| b.role).collect();
    let groups = anonymity.groups(&roles);
    let scoring: Vec<Ballot> = ballots
        .iter()
        .map(|b| Ballot {
            respondent: String::new(),
            role: b.role,
            answers: b.answers.clone(),
        })
        .collect();
    let score = score_round_with(instrument, &scoring, decisions, &groups);
    let items = instrument
        .items()
        .map(|item| {
            let mut values = Vec::new();
            let mut dont_know = 0;
            let mut comments = Vec::new();
            for b in ballots {
                match b.answers.get(&item.id) {
                    Some(Answer::Level(v)) => values.push(*v),
                    Some(Answer::DontKnow) => dont_know += 1,
                    _ => {}
                }
                if let Some(text) = b.comments.get(&item.id).filter(|t| !t.trim().is_empty()) {
                    comments.push(AnonymousComment {
                        text: text.clone(),
                        group: groups.label_of(b.role).map(str::to_string),
                    });
                }
            }
            values.sort_unstable();
            if values.len() < groups.min_group {
                values.clear();
            }
            // Alphabetical order says nothing about who wrote what.
            comments.sort_by(|a, b| {
                a.text
                    .to_lowercase()
                    .cmp(&b.text.to_lowercase())
                    .then(a.text.cmp(&b.text))
            });
            AnonymousItem {
                id: item.id.clone(),
                values,
                dont_know,
                comments,
            }
        })
        .collect();
    AnonymousRound {
        score,
        groups,
        items,
    }
}

/// Summarises members' spectrum placements (and the board's agreed position) under the anonymity
/// rule: a dimension placed by fewer than the minimum shows only how many placed it.
pub fn anonymise_spectrum(
    spectrum: &Instrument,
    ballots: &[RawBallot],
    agreed: &BTreeMap<String, Position>,
    anonymity: Anonymity,
) -> SpectrumSummary {
    let placed: Vec<BTreeMap<String, Position>> = ballots
        .iter()
        .filter(|b| !b.positions.is_empty())
        .map(|b| b.positions.clone())
        .collect();
    summarise(spectrum, &placed, agreed, anonymity.min_group())
}
