//! The private ballot: what a member does while a round is collecting, and nothing more.
//!
//! A member starts with a name or code and a role and is shown a resume code once. The page then
//! holds a [`BallotKey`]: every answer it saves is checked against the key's hash, the round's
//! collection state and the ballot's own state inside the write's IMMEDIATE transaction, so an id
//! sent by a page is never trusted alone. Carrying on needs the resume code; a finished ballot can
//! be neither read nor changed here, and only the facilitator (PIN) can reopen it.
//!
//! A refused start or resume says one thing ([`REFUSED`]) and costs the same work whatever the
//! reason — the name is taken, nobody has that name, the name is not on the board's roster, the
//! code is wrong: one Argon2 computation (against a dummy hash when there is no ballot to check)
//! and one write counting the refusal. So nobody on the room's network can list who has started,
//! or who is on the roster, by trying names, from the answer or from its time.
//!
//! Wrong resume codes never lock a ballot (issue 25 §1): a lock let anyone lock a colleague out
//! with five guesses, on a phone or at the laptop passed round the room. The devices server slows
//! down the device that sends them instead (`lan::guard::Guesses`); the code's 30 bits, Argon2 and
//! that wait make guessing hopeless. A ballot started over the network ([`Govmat::start_network_ballot`])
//! is held to the board: under a roster only a roster name starts, with the roster's role; without
//! one, the round takes at most twice the number of members the facilitator expects. No ballot
//! start adds anyone to the roster.
//!
//! `start_ballot` (the laptop) and `start_network_ballot` (a device) share `start_from`, whose one
//! write decides by the roster: a roster name takes the roster's spelling and role; over the
//! network any other name is refused with `REFUSED` after the same Argon2 work (against
//! `secrets::DUMMY_HASH`); without a roster a role must be chosen and a network round takes at most
//! 2 × `expected_members` ballots (`ROUND_FULL`). `discard_empty_ballot` (PIN) deletes a ballot
//! with nothing in it, checked inside the write, and records `discarded-ballot`.

use govmat_core::{Answer, Instrument, Position, Role};
use govmat_store::{self as store, BallotSecrets, RoundStatus, StoreError, Tx};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::rounds::{check_item, check_level, check_text};
use crate::secrets;
use crate::Govmat;

/// What a member's page holds while they answer: their ballot and a secret only it knows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BallotKey {
    pub respondent_id: i64,
    pub key: String,
}

/// The form a member answers: the questions and how many have taken part, never who or what.
#[derive(Debug, Clone, Serialize)]
pub struct BallotForm {
    pub organisation: String,
    pub round_id: i64,
    pub round: String,
    pub date: String,
    pub instrument: Instrument,
    pub spectrum: Option<Instrument>,
    pub started: usize,
    pub finished: usize,
    /// True when the board has a roster: a member's role is then the roster's, so the page asks
    /// for none.
    pub roles_from_roster: bool,
}

/// A ballot just started: the key for the page and the resume code, shown to the member once.
#[derive(Debug, Clone, Serialize)]
pub struct StartedBallot {
    pub ballot: BallotKey,
    pub resume_code: String,
    /// The role the ballot counts under: the roster's for a member on it, else the one chosen.
    pub role: Role,
}

/// One member's own ballot so far, for carrying on where they stopped.
#[derive(Debug, Clone, Serialize)]
pub struct OwnBallot {
    pub ballot: BallotKey,
    pub role: Role,
    pub answers: Vec<OwnAnswer>,
    pub positions: Vec<OwnPosition>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OwnAnswer {
    pub item_id: String,
    pub answer: Answer,
    pub comment: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OwnPosition {
    pub dimension: String,
    pub position: Position,
}

/// The one answer to every refused start or resume.
pub const REFUSED: &str =
    "if you have started before, carry on with your resume code; otherwise ask the facilitator";

/// The answer when a round without a roster already holds twice the expected number of ballots.
pub const ROUND_FULL: &str =
    "this round already has as many ballots as the board can have; ask the facilitator";

/// Where a ballot is started: the laptop itself (the facilitator's app, passed round the room),
/// or a member's own device over the room's network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Door {
    Laptop,
    Network,
}

impl Govmat {
    fn collecting(&self, round_id: i64) -> Result<govmat_store::RoundRow> {
        let round = self.during_collection().round(round_id)?;
        if !round.collecting {
            return Err(Error::Conflict(format!(
                "round \"{}\" is not collecting answers; the facilitator starts collection first",
                round.name
            )));
        }
        Ok(round)
    }

    /// The form a member answers, without any member's answers or names in it.
    pub fn ballot_form(&self, round_id: i64) -> Result<BallotForm> {
        let round = self.collecting(round_id)?;
        let org = self
            .during_collection()
            .organisation(round.organisation_id)?;
        let ballots = store::round_ballots(&self.during_collection().reader(), round_id)?;
        Ok(BallotForm {
            organisation: org.name,
            round_id,
            instrument: self.instrument_of(&round)?,
            spectrum: self.spectrum_form(round_id)?,
            round: round.name,
            date: round.date,
            started: ballots.len(),
            finished: ballots.iter().filter(|b| b.finished).count(),
            roles_from_roster: !store::roster(&self.during_collection().reader(), org.id)?
                .is_empty(),
        })
    }

    /// Starts one member's private ballot on the laptop itself. The resume code in the answer is
    /// never shown again. A name on the board's roster takes the roster's spelling and role; any
    /// other name is taken as typed (the laptop is in front of the facilitator) and does not join
    /// the roster.
    pub fn start_ballot(&mut self, round_id: i64, name: &str, role: Role) -> Result<StartedBallot> {
        self.start_from(Door::Laptop, round_id, name, Some(role))
    }

    /// Starts a ballot for a member on their own device (issue 25 §1). Under a roster only a
    /// roster name starts, with the roster's role (`role` is ignored); any other name gets the one
    /// refusal, [`REFUSED`], and nothing but the refusal's count is written. Without a roster a
    /// role must be chosen and the round takes at most twice the expected number of members.
    pub fn start_network_ballot(
        &mut self,
        round_id: i64,
        name: &str,
        role: Option<Role>,
    ) -> Result<StartedBallot> {
        self.start_from(Door::Network, round_id, name, role)
    }

    fn start_from(
        &mut self,
        door: Door,
        round_id: i64,
        name: &str,
        role: Option<Role>,
    ) -> Result<StartedBallot> {
        let organisation_id = self.collecting(round_id)?.organisation_id;
        let code = secrets::resume_code()?;
        let code_hash = secrets::hash(&code)?;
        let (key, key_hash) = secrets::page_key()?;
        let started = self.during_collection_mut().write(|c| {
            let state = collecting_in(c, round_id)?;
            let roster = store::roster(c, organisation_id)?;
            let has_roster = !roster.is_empty();
            let on_roster = roster
                .into_iter()
                .find(|m| govmat_core::same_name(&m.name, name));
            let (name, role) = match (on_roster, door) {
                (Some(m), _) => (m.name, m.role),
                // Not on the roster: refused over the network exactly as a taken name is, after
                // the same Argon2 work (the code's hash above), without saying why.
                (None, Door::Network) if has_roster => {
                    store::count_ballot_refusal(c, round_id)?;
                    return Ok(None);
                }
                (None, _) => {
                    let role = role.ok_or_else(|| {
                        StoreError::Invalid("choose your role on the board first".into())
                    })?;
                    (name.to_string(), role)
                }
            };
            if door == Door::Network && !has_roster {
                let ballots = store::round_ballots(c, round_id)?.len() as i64;
                if ballots >= 2 * state.expected_members {
                    return Err(StoreError::Forbidden(ROUND_FULL.into()));
                }
            }
            match store::add_ballot(c, round_id, &name, role) {
                Ok(id) => {
                    store::set_resume_hash(c, id, &code_hash)?;
                    store::set_ballot_key(c, id, Some(&key_hash))?;
                    Ok(Some((id, role)))
                }
                // The name is taken: counted and refused as a wrong code is, after the same
                // Argon2 work (the code's hash above), without saying so.
                Err(StoreError::Conflict(_)) => {
                    store::count_ballot_refusal(c, round_id)?;
                    Ok(None)
                }
                Err(other) => Err(other),
            }
        })?;
        let (id, role) = started.ok_or_else(|| Error::Forbidden(REFUSED.into()))?;
        Ok(StartedBallot {
            ballot: BallotKey {
                respondent_id: id,
                key,
            },
            resume_code: code,
            role,
        })
    }

    /// A member who stopped part-way carries on with their name and resume code: back come their
    /// own answers and positions, and a new key (the old page can no longer write). A wrong code
    /// is refused and counted, never held against the ballot: the devices server slows down the
    /// device that sent it, so nobody can lock a colleague out.
    pub fn resume_ballot(&mut self, round_id: i64, name: &str, code: &str) -> Result<OwnBallot> {
        self.collecting(round_id)?;
        let me = store::round_ballots(&self.during_collection().reader(), round_id)?
            .into_iter()
            .find(|b| govmat_core::same_name(&b.name, name));
        let code = secrets::normalise_code(code);
        // One Argon2 check whatever was found, so the time taken does not say whether the name
        // exists.
        let hash = me.as_ref().and_then(|b| b.resume_hash.as_deref());
        let good = secrets::verify(&code, hash.unwrap_or(secrets::DUMMY_HASH)) && hash.is_some();
        let Some(me) = me.filter(|_| good) else {
            return self.refuse_ballot(round_id);
        };
        if me.finished {
            return Err(Error::Conflict(
                "this ballot is finished; the facilitator can reopen it with the PIN".into(),
            ));
        }
        let (key, key_hash) = secrets::page_key()?;
        self.during_collection_mut().write(|c| {
            collecting_in(c, round_id)?;
            store::forget_changes(c, me.respondent_id)?;
            store::set_ballot_key(c, me.respondent_id, Some(&key_hash))
        })?;
        let own = self.during_collection().own_ballot(me.respondent_id)?;
        let answers = own
            .answers
            .into_iter()
            .map(|r| OwnAnswer {
                item_id: r.item_id,
                answer: r.answer,
                comment: r.comment,
            })
            .collect();
        let positions = own
            .positions
            .into_iter()
            .map(|(dimension, position)| OwnPosition {
                dimension,
                position,
            })
            .collect();
        Ok(OwnBallot {
            ballot: BallotKey {
                respondent_id: me.respondent_id,
                key,
            },
            role: me.role,
            answers,
            positions,
        })
    }

    /// Counts a refused start or resume in one write and gives the one refusal.
    fn refuse_ballot<T>(&mut self, round_id: i64) -> Result<T> {
        self.during_collection_mut()
            .write(|c| store::count_ballot_refusal(c, round_id))?;
        Err(Error::Forbidden(REFUSED.into()))
    }

    /// How many starts and resumes this round has refused (every reason counted alike); the
    /// facilitator's count of tries that may be someone probing names.
    pub fn ballot_refusals(&self, round_id: i64) -> Result<i64> {
        Ok(store::ballot_refusals(
            &self.during_collection().reader(),
            round_id,
        )?)
    }

    /// The facilitator reopens a member's ballot (finished, or with a lost code) with the PIN:
    /// the member gets a new resume code and carries on with it.
    pub fn reopen_ballot(
        &mut self,
        round_id: i64,
        name: &str,
        pin: &str,
        now: i64,
    ) -> Result<String> {
        self.check_pin(round_id, pin, now)?;
        let me = store::round_ballots(&self.during_collection().reader(), round_id)?
            .into_iter()
            .find(|b| govmat_core::same_name(&b.name, name))
            .ok_or_else(|| {
                Error::NotFound(format!("nobody has started as \"{name}\" in this round"))
            })?;
        let code = secrets::resume_code()?;
        let hash = secrets::hash(&code)?;
        self.during_collection_mut().write(|c| {
            store::set_finished(c, me.respondent_id, false)?;
            store::set_resume_hash(c, me.respondent_id, &hash)?;
            store::set_ballot_key(c, me.respondent_id, None)?;
            store::record_event(c, round_id, now, "reopened-ballot")
        })?;
        Ok(code)
    }

    /// The facilitator discards a ballot that holds nothing (a mistyped name, a second try) with
    /// the PIN. A ballot with any answer, comment or spectrum place is refused: answers are never
    /// thrown away here. The discard is recorded with the round's collection events.
    pub fn discard_empty_ballot(
        &mut self,
        round_id: i64,
        name: &str,
        pin: &str,
        now: i64,
    ) -> Result<()> {
        self.check_pin(round_id, pin, now)?;
        let me = store::round_ballots(&self.during_collection().reader(), round_id)?
            .into_iter()
            .find(|b| govmat_core::same_name(&b.name, name))
            .ok_or_else(|| {
                Error::NotFound(format!("nobody has started as \"{name}\" in this round"))
            })?;
        Ok(self.during_collection_mut().write(|c| {
            if !store::ballot_is_empty(c, me.respondent_id)? {
                return Err(StoreError::Conflict(format!(
                    "\"{}\" has answered; only a ballot with no answer can be discarded",
                    me.name
                )));
            }
            store::delete_respondent(c, me.respondent_id)?;
            store::record_event(c, round_id, now, "discarded-ballot")
        })?)
    }

    /// Saves one of the member's own answers durably: when this returns, it survives a crash.
    pub fn save_ballot_answer(
        &mut self,
        ballot: &BallotKey,
        item_id: &str,
        answer: Answer,
        comment: &str,
    ) -> Result<()> {
        self.save_numbered_answer(ballot, item_id, answer, comment, None)
            .map(|_| ())
    }

    /// Saves one of the member's own answers as [`Govmat::save_ballot_answer`] does, numbered by
    /// the member's page (`seq`, rising with every change it makes): a change numbered lower than
    /// one already saved to the same question is a late copy and is not saved (`Ok(false)`). The
    /// numbers are kept in the database with the save, so this holds across a restart of the
    /// devices server (issue 25 §5); they are forgotten on resume, finish and the end of
    /// collection.
    pub fn save_numbered_answer(
        &mut self,
        ballot: &BallotKey,
        item_id: &str,
        answer: Answer,
        comment: &str,
        seq: Option<i64>,
    ) -> Result<bool> {
        let round = self.ballot_round(ballot)?;
        let instrument = self.instrument_of(&round)?;
        check_item(&instrument, item_id)?;
        if let Answer::Level(v) = answer {
            check_level(&instrument, v, item_id)?;
        }
        check_text(comment, "comment")?;
        let question = format!("item:{item_id}");
        Ok(self.during_collection_mut().write(|c| {
            own_ballot_in(c, ballot, round.id)?;
            numbered(c, ballot, &question, seq, |c| {
                store::save_answer(c, ballot.respondent_id, item_id, answer, comment.trim())
            })
        })?)
    }

    /// Saves the member's own place on one spectrum dimension.
    pub fn save_ballot_position(
        &mut self,
        ballot: &BallotKey,
        dimension: &str,
        position: Position,
    ) -> Result<()> {
        self.save_numbered_position(ballot, dimension, position, None)
            .map(|_| ())
    }

    /// Saves the member's own place on one spectrum dimension, numbered by the member's page as
    /// [`Govmat::save_numbered_answer`] is.
    pub fn save_numbered_position(
        &mut self,
        ballot: &BallotKey,
        dimension: &str,
        position: Position,
        seq: Option<i64>,
    ) -> Result<bool> {
        let round = self.ballot_round(ballot)?;
        let (spectrum, source) = self.round_spectrum(&round)?;
        check_item(&spectrum, dimension)?;
        for v in position.now.iter().chain(position.aspiration.iter()) {
            check_level(&spectrum, *v, dimension)?;
        }
        let question = format!("dimension:{dimension}");
        Ok(self.during_collection_mut().write(|c| {
            own_ballot_in(c, ballot, round.id)?;
            numbered(c, ballot, &question, seq, |c| {
                crate::rounds::tie_spectrum(c, &round, &spectrum, source.as_deref())?;
                store::save_position(c, round.id, Some(ballot.respondent_id), dimension, position)
            })
        })?)
    }

    /// Finishes the member's ballot: from now on nobody can read or change it here.
    pub fn finish_ballot(&mut self, ballot: &BallotKey) -> Result<()> {
        let round = self.ballot_round(ballot)?;
        Ok(self.during_collection_mut().write(|c| {
            own_ballot_in(c, ballot, round.id)?;
            store::set_finished(c, ballot.respondent_id, true)?;
            store::forget_changes(c, ballot.respondent_id)?;
            store::set_ballot_key(c, ballot.respondent_id, None)
        })?)
    }

    /// The round a ballot belongs to (checked again, with the key, inside each write).
    fn ballot_round(&self, ballot: &BallotKey) -> Result<govmat_store::RoundRow> {
        let secrets =
            store::ballot_secrets(&self.during_collection().reader(), ballot.respondent_id)?
                .ok_or_else(|| Error::Forbidden("this page no longer holds a ballot".into()))?;
        Ok(self.during_collection().round(secrets.round_id)?)
    }
}

/// Inside a write, after the ballot's key was checked: saves a change unless one numbered higher
/// to the same question was saved already (then `false`, nothing written), and keeps its number.
fn numbered(
    c: &Tx,
    ballot: &BallotKey,
    question: &str,
    seq: Option<i64>,
    save: impl FnOnce(&Tx) -> store::Result<()>,
) -> store::Result<bool> {
    if let Some(seq) = seq {
        if store::newer_change_saved(c, ballot.respondent_id, question, seq)? {
            return Ok(false);
        }
    }
    save(c)?;
    if let Some(seq) = seq {
        store::set_change_saved(c, ballot.respondent_id, question, seq)?;
    }
    Ok(true)
}

/// Inside a write: the round is open and collecting (its collection state comes back).
fn collecting_in(c: &Tx, round_id: i64) -> store::Result<store::CollectionState> {
    let state = store::collection_state(c, round_id)?;
    if !state.collecting {
        return Err(StoreError::Locked(
            "collection has ended for this round; no more answers can be given".into(),
        ));
    }
    if state.status != RoundStatus::Open {
        return Err(StoreError::Conflict("this round is closed".into()));
    }
    Ok(state)
}

/// Inside a write: the key is this ballot's, the ballot belongs to the round, is not finished,
/// and the round is still collecting.
pub(crate) fn own_ballot_in(
    c: &Tx,
    ballot: &BallotKey,
    round_id: i64,
) -> store::Result<BallotSecrets> {
    let me = store::ballot_secrets(c, ballot.respondent_id)?
        .ok_or_else(|| StoreError::Forbidden("this page no longer holds a ballot".into()))?;
    let hash = secrets::key_hash(&ballot.key);
    if me.round_id != round_id || me.ballot_key.as_deref() != Some(hash.as_str()) {
        return Err(StoreError::Forbidden(
            "this page no longer holds this ballot; carry on with your resume code".into(),
        ));
    }
    if me.finished {
        return Err(StoreError::Conflict(
            "this ballot is already finished".into(),
        ));
    }
    collecting_in(c, round_id)?;
    Ok(me)
}
