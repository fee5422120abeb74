//! Plain row types returned by the store, and how they are read from SQL.

use govmat_core::{Answer, Position, Role};
use rusqlite::Row;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    pub is_demo: bool,
    /// The smallest role group whose figures may be shown (see `govmat_core::Anonymity`).
    pub min_group: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RoundStatus {
    Open,
    Closed,
}

impl RoundStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RoundStatus::Open => "open",
            RoundStatus::Closed => "closed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundRow {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    pub date: String,
    pub instrument_id: String,
    pub instrument_version: u32,
    pub status: RoundStatus,
    pub spectrum: Option<(String, u32)>,
    /// Members are answering privately: nothing but the ballot may be served for this round.
    pub collecting: bool,
}

/// One member's own answers and spectrum placements (dimension, position).
#[derive(Debug, Clone, PartialEq)]
pub struct OwnRows {
    pub answers: Vec<ResponseRow>,
    pub positions: Vec<(String, Position)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RespondentRow {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub finished: bool,
    /// Whether the ballot holds anything: an answer (a level or "don't know"), a comment or a
    /// spectrum place. A ballot with nothing in it is not a member who has answered (issue 25).
    pub answered: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseRow {
    pub respondent_id: i64,
    pub item_id: String,
    pub answer: Answer,
    pub comment: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionStatus {
    Open,
    InProgress,
    Done,
    Dropped,
}

impl ActionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in-progress",
            ActionStatus::Done => "done",
            ActionStatus::Dropped => "dropped",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::Open => "Open",
            ActionStatus::InProgress => "In progress",
            ActionStatus::Done => "Done",
            ActionStatus::Dropped => "Dropped",
        }
    }
    pub fn parse(s: &str) -> Option<ActionStatus> {
        match s.trim().to_lowercase().replace(' ', "-").as_str() {
            "open" => Some(ActionStatus::Open),
            "in-progress" => Some(ActionStatus::InProgress),
            "done" => Some(ActionStatus::Done),
            "dropped" => Some(ActionStatus::Dropped),
            _ => None,
        }
    }
    /// Open and in-progress actions carry into the next round.
    pub fn is_live(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionRow {
    pub id: i64,
    pub round_id: i64,
    pub item_id: Option<String>,
    pub text: String,
    pub owner: String,
    pub due: Option<String>,
    pub status: ActionStatus,
    pub carried_from: Option<i64>,
    /// What became of it, in the board's words (follow-through, issue 27).
    pub note: String,
    /// Where the evidence is: a link or a reference to a paper.
    pub evidence: String,
}

/// How an action stands when it is reviewed: everything but its text and item.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct ActionFollowUp {
    pub status: ActionStatus,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub owner: String,
    pub due: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct NewAction {
    pub item_id: Option<String>,
    pub text: String,
    #[serde(default)]
    pub owner: String,
    pub due: Option<String>,
    pub status: ActionStatus,
    #[serde(default)]
    pub carried_from: Option<i64>,
}

pub(crate) const ROUND_SELECT: &str = "SELECT id, organisation_id, name, date, instrument_id, instrument_version, status, spectrum_id, spectrum_version, collecting FROM round";
pub(crate) const ACTION_SELECT: &str =
    "SELECT id, round_id, item_id, text, owner, due, status, carried_from, note, evidence FROM action";

pub(crate) fn organisation(r: &Row) -> rusqlite::Result<Organisation> {
    Ok(Organisation {
        id: r.get(0)?,
        name: r.get(1)?,
        is_demo: r.get(2)?,
        min_group: r.get::<_, i64>(3)?.max(2) as usize,
    })
}

pub(crate) fn round(r: &Row) -> rusqlite::Result<RoundRow> {
    let status: String = r.get(6)?;
    let spectrum_id: Option<String> = r.get(7)?;
    let spectrum_version: Option<u32> = r.get(8)?;
    Ok(RoundRow {
        id: r.get(0)?,
        organisation_id: r.get(1)?,
        name: r.get(2)?,
        date: r.get(3)?,
        instrument_id: r.get(4)?,
        instrument_version: r.get(5)?,
        status: if status == "closed" {
            RoundStatus::Closed
        } else {
            RoundStatus::Open
        },
        spectrum: spectrum_id.zip(spectrum_version),
        collecting: r.get(9)?,
    })
}

pub(crate) fn respondent(r: &Row) -> rusqlite::Result<RespondentRow> {
    let role: String = r.get(2)?;
    Ok(RespondentRow {
        id: r.get(0)?,
        name: r.get(1)?,
        role: Role::parse(&role).unwrap_or(Role::Other),
        finished: r.get(3)?,
        answered: r.get(4)?,
    })
}

pub(crate) fn answer(level: Option<i64>, dont_know: bool) -> Answer {
    match (level, dont_know) {
        (Some(v), _) => Answer::Level(v),
        (None, true) => Answer::DontKnow,
        (None, false) => Answer::Unanswered,
    }
}

pub(crate) fn response(r: &Row) -> rusqlite::Result<ResponseRow> {
    Ok(ResponseRow {
        respondent_id: r.get(0)?,
        item_id: r.get(1)?,
        answer: answer(r.get(2)?, r.get(3)?),
        comment: r.get(4)?,
    })
}

pub(crate) fn action(r: &Row) -> rusqlite::Result<ActionRow> {
    let status: String = r.get(6)?;
    Ok(ActionRow {
        id: r.get(0)?,
        round_id: r.get(1)?,
        item_id: r.get(2)?,
        text: r.get(3)?,
        owner: r.get(4)?,
        due: r.get(5)?,
        status: ActionStatus::parse(&status).unwrap_or(ActionStatus::Open),
        carried_from: r.get(7)?,
        note: r.get(8)?,
        evidence: r.get(9)?,
    })
}
