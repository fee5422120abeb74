//! Writing a round: organisations, rounds, members' answers, the board's decisions, actions and
//! spectrum positions. Every value is checked against the round's own instrument before it is
//! written, so the store only ever holds answers that mean something.

use govmat_core::{Answer, Decision, Instrument, Kind, Position, Role};
use govmat_store::{self as store, ActionRow, NewAction, Organisation, RoundRow, RoundStatus};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::safety::{Label, Part};
use crate::Govmat;

/// A round named the way people name it: by organisation and round name.
#[derive(Debug, Clone, Deserialize)]
pub struct RoundRef {
    pub org: String,
    pub round: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct NewRound {
    pub organisation_id: i64,
    pub name: String,
    pub date: String,
    pub questionnaire: String,
    /// Carry open and in-progress actions from the organisation's latest earlier round.
    #[serde(default = "yes")]
    pub carry_actions: bool,
}

fn yes() -> bool {
    true
}

impl Govmat {
    pub fn organisation_named(&self, name: &str) -> Result<Organisation> {
        if let Some(org) = self.during_collection().find_organisation(name)? {
            return Ok(org);
        }
        let known: Vec<String> = self
            .during_collection()
            .organisations()?
            .into_iter()
            .map(|o| o.name)
            .collect();
        let near = govmat_core::near_names(name, &known);
        Err(Error::NotFound(match near.as_slice() {
            [] => format!("no organisation called \"{name}\""),
            [one] => format!("no organisation called \"{name}\"; did you mean \"{one}\"?"),
            more => format!(
                "no organisation called \"{name}\"; did you mean one of {}?",
                more.iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }))
    }

    pub fn resolve(&self, r: &RoundRef) -> Result<(Organisation, RoundRow)> {
        let org = self.organisation_named(&r.org)?;
        let round = self
            .during_collection()
            .find_round(org.id, &r.round)?
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "\"{}\" has no round called \"{}\"",
                    org.name, r.round
                ))
            })?;
        Ok((org, round))
    }

    /// The instrument a round was created with, read from the copy stored with it.
    pub fn instrument_of(&self, round: &RoundRow) -> Result<Instrument> {
        self.stored_instrument(&round.instrument_id, round.instrument_version)
    }

    pub fn spectrum_of(&self, round: &RoundRow) -> Result<Option<Instrument>> {
        match &round.spectrum {
            Some((id, v)) => self.stored_instrument(id, *v).map(Some),
            None => Ok(None),
        }
    }

    /// The exact questionnaire text stored with a round: what [`Govmat::instrument_of`] parses.
    pub(crate) fn questionnaire_text(&self, round: &RoundRow) -> Result<String> {
        self.stored_text(&round.instrument_id, round.instrument_version)
    }

    fn stored_text(&self, id: &str, version: u32) -> Result<String> {
        self.during_collection()
            .instrument_source(id, version)?
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "questionnaire {id} v{version} is missing from the database"
                ))
            })
    }

    fn stored_instrument(&self, id: &str, version: u32) -> Result<Instrument> {
        let text = self.stored_text(id, version)?;
        // Parsing a long questionnaire costs more than the rest of a save or a summary. The
        // catalogue has nearly always parsed this very text already, so reuse it when identical.
        if let Some(e) = self
            .catalogue
            .get_version(id, version)
            .filter(|e| e.source == text)
        {
            return Ok(e.instrument.clone());
        }
        govmat_core::parse_instrument(&format!("{id} v{version} (stored)"), &text)
            .map_err(|d| Error::Invalid(d.to_string()))
    }

    pub fn create_organisation(&mut self, name: &str) -> Result<Organisation> {
        self.unlocked()?;
        let id = self
            .unlocked_mut()?
            .write(|c| store::create_organisation(c, name, false))?;
        Ok(self.unlocked()?.organisation(id)?)
    }

    pub fn rename_organisation(&mut self, id: i64, name: &str) -> Result<()> {
        self.unlocked()?;
        self.unlocked_mut()?
            .write(|c| store::rename_organisation(c, id, name))?;
        // This session's Undo labels say the organisation by its name now.
        let name = self.unlocked()?.organisation(id)?.name;
        self.relabel_organisation(id, &name);
        Ok(())
    }

    /// Deletes an organisation with all its rounds, after a snapshot Undo can go back to.
    pub fn delete_organisation(&mut self, id: i64) -> Result<()> {
        self.unlocked()?;
        let org = self.unlocked()?.organisation(id)?;
        self.snapshot_before(format!("Deleted {}", org.name))?;
        Ok(self
            .unlocked_mut()?
            .write(|c| store::delete_organisation(c, id))?)
    }

    /// Creates a round on the newest version of a maturity questionnaire, carrying live actions.
    pub fn create_round(&mut self, req: &NewRound) -> Result<RoundRow> {
        self.unlocked()?;
        let entry = self.catalogue.require(&req.questionnaire)?.clone();
        if entry.instrument.kind != Kind::Maturity {
            return Err(Error::Invalid(format!(
                "\"{}\" is a spectrum: it is answered alongside a round, not as the round's questionnaire",
                req.questionnaire
            )));
        }
        let carried = if req.carry_actions {
            self.to_carry(req.organisation_id, &entry.instrument.id, &req.date)?
        } else {
            Vec::new()
        };
        let id = self.unlocked_mut()?.write(|c| {
            store::ensure_instrument(
                c,
                &entry.instrument.id,
                entry.instrument.version,
                &entry.source,
            )?;
            let id = store::create_round(
                c,
                req.organisation_id,
                &req.name,
                &req.date,
                (&entry.instrument.id, entry.instrument.version),
            )?;
            crate::follow_through::carry(c, id, &carried, &entry.instrument)?;
            Ok(id)
        })?;
        Ok(self.unlocked()?.round(id)?)
    }

    pub fn set_round_status(&mut self, round_id: i64, status: RoundStatus) -> Result<()> {
        self.unlocked()?;
        Ok(self
            .unlocked_mut()?
            .write(|c| store::set_round_status(c, round_id, status))?)
    }

    /// Deletes a round with everything in it, after a snapshot Undo can go back to.
    pub fn delete_round(&mut self, round_id: i64) -> Result<()> {
        self.unlocked()?;
        let round = self.unlocked()?.round(round_id)?;
        let org = self.unlocked()?.organisation(round.organisation_id)?;
        let label = Label(vec![
            Part::Text(format!("Deleted round {} of ", round.name)),
            Part::Organisation(org.id, org.name),
        ]);
        self.snapshot_labelled(label, None)?;
        Ok(self
            .unlocked_mut()?
            .write(|c| store::delete_round(c, round_id))?)
    }

    pub(crate) fn open_round(&self, round_id: i64) -> Result<RoundRow> {
        let round = self.unlocked()?.round(round_id)?;
        if round.status == RoundStatus::Closed {
            return Err(Error::Conflict(format!(
                "round \"{}\" is closed; reopen it to change answers",
                round.name
            )));
        }
        Ok(round)
    }

    /// Adds a member to a round by hand (answers given on paper, or by a script), outside
    /// private collection, and returns their id.
    pub fn add_member(&mut self, round_id: i64, name: &str, role: Role) -> Result<i64> {
        self.unlocked()?;
        self.open_round(round_id)?;
        Ok(self
            .unlocked_mut()?
            .write(|c| store::add_respondent(c, round_id, name, role))?)
    }

    pub fn mark_finished(&mut self, respondent_id: i64) -> Result<()> {
        self.unlocked()?;
        Ok(self
            .unlocked_mut()?
            .write(|c| store::set_finished(c, respondent_id, true))?)
    }

    /// Deletes a member and their answers, after a snapshot Undo can go back to.
    pub fn delete_member(&mut self, respondent_id: i64) -> Result<()> {
        self.unlocked()?;
        let round_id = self.unlocked()?.respondent_round(respondent_id)?;
        let round = self.unlocked()?.round(round_id)?;
        self.snapshot_before(format!("Deleted a member of round {}", round.name))?;
        Ok(self
            .unlocked_mut()?
            .write(|c| store::delete_respondent(c, respondent_id))?)
    }

    /// Records one answer for a member added by hand, durably: when this returns, the answer
    /// survives a crash. Members answering privately use the ballot instead.
    pub fn record_answer(
        &mut self,
        round_id: i64,
        respondent_id: i64,
        item_id: &str,
        answer: Answer,
        comment: &str,
    ) -> Result<()> {
        self.unlocked()?;
        let round = self.open_round(round_id)?;
        let instrument = self.instrument_of(&round)?;
        check_item(&instrument, item_id)?;
        if let Answer::Level(v) = answer {
            check_level(&instrument, v, item_id)?;
        }
        if !self
            .unlocked()?
            .respondents(round_id)?
            .iter()
            .any(|r| r.id == respondent_id)
        {
            return Err(Error::NotFound(format!(
                "no member with id {respondent_id} in this round"
            )));
        }
        check_text(comment, "comment")?;
        Ok(self
            .unlocked_mut()?
            .write(|c| store::save_answer(c, respondent_id, item_id, answer, comment.trim()))?)
    }

    /// Raises the smallest role group whose figures are shown for an organisation (at least 2).
    pub fn set_min_group(&mut self, organisation_id: i64, min_group: usize) -> Result<()> {
        self.unlocked()?;
        govmat_core::Anonymity::new(min_group).map_err(Error::Invalid)?;
        Ok(self
            .unlocked_mut()?
            .write(|c| store::set_min_group(c, organisation_id, min_group))?)
    }

    /// Records the board's agreed score, rationale, dissent and target for one item, saved at
    /// `now` (seconds since 1970): the change joins the round's decision history.
    pub fn save_decision(
        &mut self,
        round_id: i64,
        item_id: &str,
        decision: &Decision,
        now: i64,
    ) -> Result<()> {
        self.unlocked()?;
        let round = self.unlocked()?.round(round_id)?;
        let instrument = self.instrument_of(&round)?;
        check_item(&instrument, item_id)?;
        for v in decision.agreed.iter().chain(decision.target.iter()) {
            check_level(&instrument, *v, item_id)?;
        }
        check_text(&decision.rationale, "rationale")?;
        check_text(&decision.dissent, "dissent")?;
        Ok(self
            .unlocked_mut()?
            .write(|c| store::save_decision(c, round_id, item_id, decision, now))?)
    }

    pub fn add_action(&mut self, round_id: i64, action: &NewAction) -> Result<ActionRow> {
        self.unlocked()?;
        self.check_action(round_id, action)?;
        let id = self
            .unlocked_mut()?
            .write(|c| store::add_action(c, round_id, action))?;
        self.unlocked()?
            .actions(round_id)?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| Error::NotFound("action vanished".into()))
    }

    pub fn update_action(
        &mut self,
        round_id: i64,
        action_id: i64,
        action: &NewAction,
    ) -> Result<()> {
        self.unlocked()?;
        self.check_action(round_id, action)?;
        Ok(self
            .unlocked_mut()?
            .write(|c| store::update_action(c, round_id, action_id, action))?)
    }

    pub fn delete_action(&mut self, round_id: i64, action_id: i64) -> Result<()> {
        self.unlocked()?;
        Ok(self
            .unlocked_mut()?
            .write(|c| store::delete_action(c, round_id, action_id))?)
    }

    fn check_action(&self, round_id: i64, action: &NewAction) -> Result<()> {
        let round = self.unlocked()?.round(round_id)?;
        if let Some(item) = &action.item_id {
            check_item(&self.instrument_of(&round)?, item)?;
        }
        if let Some(due) = action.due.as_deref().filter(|d| !d.is_empty()) {
            if !govmat_core::is_iso_date(due) {
                return Err(Error::Invalid(format!(
                    "due date \"{due}\" is not a date written YYYY-MM-DD"
                )));
            }
        }
        check_text(&action.owner, "owner")
    }

    /// Saves the board's agreed spectrum position (`respondent_id` `None`), or a member's
    /// entered by hand outside private collection.
    pub fn save_position(
        &mut self,
        round_id: i64,
        respondent_id: Option<i64>,
        dimension: &str,
        position: Position,
    ) -> Result<()> {
        self.unlocked()?;
        let round = self.unlocked()?.round(round_id)?;
        let (spectrum, source) = self.round_spectrum(&round)?;
        check_item(&spectrum, dimension)?;
        for v in position.now.iter().chain(position.aspiration.iter()) {
            check_level(&spectrum, *v, dimension)?;
        }
        Ok(self.unlocked_mut()?.write(|c| {
            tie_spectrum(c, &round, &spectrum, source.as_deref())?;
            store::save_position(c, round_id, respondent_id, dimension, position)
        })?)
    }

    /// The spectrum a round's positions are recorded on, and the file text to store with the
    /// round when it is not tied to one yet.
    pub(crate) fn round_spectrum(&self, round: &RoundRow) -> Result<(Instrument, Option<String>)> {
        let spectrum = match self.spectrum_of(round)? {
            Some(s) => s,
            None => self
                .catalogue
                .spectrum()
                .ok_or_else(|| Error::NotFound("no spectrum questionnaire is installed".into()))?
                .instrument
                .clone(),
        };
        let source = self
            .catalogue
            .get_version(&spectrum.id, spectrum.version)
            .map(|e| e.source.clone());
        Ok((spectrum, source))
    }
}

/// Inside a write: ties the round to its spectrum the first time a position is saved.
pub(crate) fn tie_spectrum(
    c: &store::Tx,
    round: &RoundRow,
    spectrum: &Instrument,
    source: Option<&str>,
) -> store::Result<()> {
    if round.spectrum.is_none() {
        let source =
            source.ok_or_else(|| store::StoreError::NotFound("spectrum source missing".into()))?;
        store::ensure_instrument(c, &spectrum.id, spectrum.version, source)?;
        store::set_round_spectrum(c, round.id, (&spectrum.id, spectrum.version))?;
    }
    Ok(())
}

pub(crate) fn check_item(instrument: &Instrument, item_id: &str) -> Result<()> {
    if instrument.item(item_id).is_none() {
        return Err(Error::Invalid(format!(
            "\"{item_id}\" is not an item of {} v{}",
            instrument.id, instrument.version
        )));
    }
    Ok(())
}

pub(crate) fn check_level(instrument: &Instrument, value: i64, item_id: &str) -> Result<()> {
    if !instrument.scale.contains(value) {
        return Err(Error::Invalid(format!(
            "{value} is not on the scale of {} ({}–{}) for \"{item_id}\"",
            instrument.id,
            instrument.scale.min(),
            instrument.scale.max()
        )));
    }
    Ok(())
}

pub(crate) fn check_text(text: &str, what: &str) -> Result<()> {
    if text.chars().count() > govmat_core::MAX_TEXT {
        return Err(Error::Invalid(format!(
            "{what} is longer than {} characters",
            govmat_core::MAX_TEXT
        )));
    }
    Ok(())
}
