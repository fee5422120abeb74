//! Did we do what we said: the review of last round's actions, opened before anyone votes.
//!
//! A round's review lists the actions of the round before it in the same family (same
//! organisation, same questionnaire), each with the status it has now: an action carried into
//! this round stands as its carried copy stands; one that was not carried (done or dropped before
//! this round was created, or not carried by choice) stands as it was left. Follow-through counts
//! them and gives the rate done ÷ (total − dropped). Carrying itself happens here too, so every
//! way a round is created (window, CLI, import) carries the same actions the same way.
//!
//! `previous_in_family` finds the round reviewed, `follow_up` changes how a round's own or reviewed
//! action stands, and `carry` is the one way every round creation copies live actions.

use govmat_core::{FollowThrough, Instrument};
use govmat_store::{self as store, ActionFollowUp, ActionRow, ActionStatus, NewAction, RoundRow};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::Govmat;

/// One of last round's actions as it stands now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewedAction {
    /// The action that holds its state now: the carried copy in this round, else the original.
    pub id: i64,
    /// The round that action belongs to.
    pub round_id: i64,
    pub title: String,
    pub item: Option<String>,
    pub item_title: Option<String>,
    pub owner: String,
    pub due: Option<String>,
    pub status: ActionStatus,
    pub note: String,
    pub evidence: String,
    /// Carried into the round under review (so still being worked on there).
    pub carried: bool,
}

/// The review of the actions a round inherits from the round before it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub round_id: i64,
    /// The round before this one in its family, whose actions these are.
    pub from_round: Option<String>,
    pub from_round_id: Option<i64>,
    pub from_date: Option<String>,
    pub actions: Vec<ReviewedAction>,
    pub follow_through: FollowThrough,
    /// "2 of 4 done".
    pub headline: String,
}

/// One round's follow-through of the actions it inherited, for a trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundFollowThrough {
    pub round: String,
    pub date: String,
    pub follow_through: FollowThrough,
}

/// What to change about an action when it is reviewed; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActionChange {
    #[serde(default)]
    pub status: Option<ActionStatus>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub evidence: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    /// `Some("")` clears the due date.
    #[serde(default)]
    pub due: Option<String>,
}

/// Follow-through of a list of actions by the status each has now.
pub(crate) fn count(actions: &[ReviewedAction]) -> FollowThrough {
    let n = |s: ActionStatus| actions.iter().filter(|a| a.status == s).count();
    FollowThrough::from_counts(
        n(ActionStatus::Done),
        n(ActionStatus::InProgress),
        n(ActionStatus::Open),
        n(ActionStatus::Dropped),
    )
}

/// Inside a round's creation: copies the actions to carry into it, marked as carried from
/// their originals, with their notes; an item the new questionnaire lacks becomes "whole round".
pub(crate) fn carry(
    c: &store::Tx,
    round_id: i64,
    carried: &[ActionRow],
    instrument: &Instrument,
) -> store::Result<()> {
    for a in carried {
        let new = NewAction {
            item_id: a.item_id.clone().filter(|i| instrument.item(i).is_some()),
            text: a.text.clone(),
            owner: a.owner.clone(),
            due: a.due.clone(),
            status: a.status,
            carried_from: Some(a.id),
        };
        let id = store::add_action(c, round_id, &new)?;
        if !a.note.is_empty() || !a.evidence.is_empty() {
            let f = ActionFollowUp {
                status: a.status,
                note: a.note.clone(),
                evidence: a.evidence.clone(),
                owner: a.owner.clone(),
                due: a.due.clone(),
            };
            store::follow_up_action(c, round_id, id, &f)?;
        }
    }
    Ok(())
}

impl Govmat {
    /// The open and in-progress actions a new round of `instrument_id` dated `date` carries:
    /// those of the organisation's latest round on that questionnaire dated on or before it.
    pub(crate) fn to_carry(
        &self,
        organisation_id: i64,
        instrument_id: &str,
        date: &str,
    ) -> Result<Vec<ActionRow>> {
        let earlier = self
            .unlocked()?
            .rounds(organisation_id)?
            .into_iter()
            .filter(|r| r.instrument_id == instrument_id)
            .rfind(|r| r.date.as_str() <= date);
        Ok(match earlier {
            Some(prev) => self
                .unlocked()?
                .actions(prev.id)?
                .into_iter()
                .filter(|a| a.status.is_live())
                .collect(),
            None => Vec::new(),
        })
    }

    /// The round before `round` in its family: same organisation and questionnaire, earlier by
    /// date (then by creation).
    pub(crate) fn previous_in_family(&self, round: &RoundRow) -> Result<Option<RoundRow>> {
        let rounds = self.unlocked()?.rounds(round.organisation_id)?;
        let at = rounds.iter().position(|r| r.id == round.id).unwrap_or(0);
        Ok(rounds[..at]
            .iter()
            .rfind(|r| r.instrument_id == round.instrument_id)
            .cloned())
    }

    /// The review of last round's actions, as the board opens `round_id`.
    pub fn action_review(&self, round_id: i64) -> Result<Review> {
        self.unlocked()?;
        let round = self.unlocked()?.round(round_id)?;
        self.review_of(&round)
    }

    pub(crate) fn review_of(&self, round: &RoundRow) -> Result<Review> {
        let Some(prev) = self.previous_in_family(round)? else {
            return Ok(Review {
                round_id: round.id,
                from_round: None,
                from_round_id: None,
                from_date: None,
                actions: Vec::new(),
                follow_through: FollowThrough::default(),
                headline: FollowThrough::default().headline(),
            });
        };
        let instrument = self.instrument_of(&prev)?;
        let here = self.unlocked()?.actions(round.id)?;
        let actions: Vec<ReviewedAction> = self
            .unlocked()?
            .actions(prev.id)?
            .into_iter()
            .map(|original| {
                let copy = here.iter().find(|a| a.carried_from == Some(original.id));
                let now = copy.unwrap_or(&original);
                ReviewedAction {
                    id: now.id,
                    round_id: now.round_id,
                    title: original.text.clone(),
                    item_title: original
                        .item_id
                        .as_deref()
                        .and_then(|i| instrument.item(i))
                        .map(|i| i.title.clone()),
                    item: original.item_id.clone(),
                    owner: now.owner.clone(),
                    due: now.due.clone(),
                    status: now.status,
                    note: now.note.clone(),
                    evidence: now.evidence.clone(),
                    carried: copy.is_some(),
                }
            })
            .collect();
        let follow_through = count(&actions);
        Ok(Review {
            round_id: round.id,
            from_round: Some(prev.name.clone()),
            from_round_id: Some(prev.id),
            from_date: Some(prev.date.clone()),
            headline: follow_through.headline(),
            actions,
            follow_through,
        })
    }

    /// A round's own actions, in the order they were added.
    pub fn actions(&self, round_id: i64) -> Result<Vec<ActionRow>> {
        self.unlocked()?;
        self.unlocked()?.round(round_id)?;
        Ok(self.unlocked()?.actions(round_id)?)
    }

    /// Changes how an action stands: one of the round's own, or one of last round's in its
    /// review (the id the review gives). Returns the action as it now stands.
    pub fn follow_up(
        &mut self,
        round_id: i64,
        action_id: i64,
        change: &ActionChange,
    ) -> Result<ActionRow> {
        self.unlocked()?;
        let round = self.unlocked()?.round(round_id)?;
        let mine = self
            .unlocked()?
            .actions(round_id)?
            .into_iter()
            .find(|a| a.id == action_id);
        let (owner_round, row) = match mine {
            Some(a) => (round_id, a),
            None => {
                let reviewed = self
                    .review_of(&round)?
                    .actions
                    .into_iter()
                    .find(|a| a.id == action_id)
                    .ok_or_else(|| {
                        Error::NotFound(format!(
                            "no action with id {action_id} in round \"{}\" or its review",
                            round.name
                        ))
                    })?;
                let row = self
                    .unlocked()?
                    .actions(reviewed.round_id)?
                    .into_iter()
                    .find(|a| a.id == action_id)
                    .ok_or_else(|| Error::NotFound("action vanished".into()))?;
                (reviewed.round_id, row)
            }
        };
        let due = match &change.due {
            Some(d) if d.trim().is_empty() => None,
            Some(d) if !govmat_core::is_iso_date(d.trim()) => {
                return Err(Error::Invalid(format!(
                    "due date \"{d}\" is not a date written YYYY-MM-DD"
                )))
            }
            Some(d) => Some(d.trim().to_string()),
            None => row.due.clone(),
        };
        let f = ActionFollowUp {
            status: change.status.unwrap_or(row.status),
            note: change.note.clone().unwrap_or(row.note),
            evidence: change.evidence.clone().unwrap_or(row.evidence),
            owner: change.owner.clone().unwrap_or(row.owner),
            due,
        };
        self.unlocked_mut()?
            .write(|c| store::follow_up_action(c, owner_round, action_id, &f))?;
        self.unlocked()?
            .actions(owner_round)?
            .into_iter()
            .find(|a| a.id == action_id)
            .ok_or_else(|| Error::NotFound("action vanished".into()))
    }

    /// Follow-through per round of a questionnaire family, oldest first, for rounds whose
    /// predecessor had actions: what a trend shows beside the scores.
    pub fn follow_through_by_round(
        &self,
        organisation_id: i64,
        questionnaire: &str,
    ) -> Result<Vec<RoundFollowThrough>> {
        self.unlocked()?;
        self.follow_through_trend(organisation_id, questionnaire)
    }

    pub(crate) fn follow_through_trend(
        &self,
        organisation_id: i64,
        instrument_id: &str,
    ) -> Result<Vec<RoundFollowThrough>> {
        let mut out = Vec::new();
        for r in self.unlocked()?.rounds(organisation_id)? {
            if r.instrument_id != instrument_id {
                continue;
            }
            let review = self.review_of(&r)?;
            if review.follow_through.total > 0 {
                out.push(RoundFollowThrough {
                    round: r.name,
                    date: r.date,
                    follow_through: review.follow_through,
                });
            }
        }
        Ok(out)
    }
}
