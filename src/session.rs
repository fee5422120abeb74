//! The away-day session as the desktop app runs it: what a member sees while answering privately,
//! the spectrum form, importing into a round that is already open, and opening or closing a round.
//!
//! These are use cases the CLI reaches by names (`--org`, `--round`) and the app reaches by ids.
//! Nothing here shows one member another member's answers: [`BallotForm`] carries the instrument and
//! who has taken part, never what anyone said.

use std::path::Path;

use govmat_core::{Answer, Instrument, Position, Role};
use govmat_store::{Organisation, RoundRow, RoundStatus};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::import::{ImportOutcome, ImportRequest};
use crate::Govmat;

/// What "pass the laptop" needs: the questions, and who has already taken part (never their answers).
#[derive(Debug, Clone, Serialize)]
pub struct BallotForm {
    pub organisation: Organisation,
    pub round: RoundRow,
    pub instrument: Instrument,
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub finished: bool,
}

/// One member's own ballot so far, for carrying on where they stopped: only ever their own
/// answers, found by the name or code they answered under.
#[derive(Debug, Clone, Serialize)]
pub struct OwnBallot {
    pub respondent_id: i64,
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

impl Govmat {
    /// The form a member answers, without any member's answers in it.
    pub fn ballot_form(&self, round_id: i64) -> Result<BallotForm> {
        let round = self.store.round(round_id)?;
        let members = self
            .store
            .respondents(round_id)?
            .into_iter()
            .map(|r| Member {
                id: r.id,
                name: r.name,
                role: r.role,
                finished: r.finished,
            })
            .collect();
        Ok(BallotForm {
            organisation: self.store.organisation(round.organisation_id)?,
            instrument: self.instrument_of(&round)?,
            round,
            members,
        })
    }

    /// A member who stopped part-way carries on: their own answers and positions so far, found by
    /// the name or code they started with. A finished ballot is not reopened this way.
    pub fn resume_ballot(&self, round_id: i64, name: &str) -> Result<OwnBallot> {
        let round = self.open_round(round_id)?;
        let name = name.trim();
        let me = self
            .store
            .respondents(round.id)?
            .into_iter()
            .find(|r| r.name == name)
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "nobody has started answering as \"{name}\" in this round"
                ))
            })?;
        if me.finished {
            return Err(Error::Conflict(format!(
                "\"{name}\" has already finished answering in this round"
            )));
        }
        let answers = self
            .store
            .responses(round.id)?
            .into_iter()
            .filter(|r| r.respondent_id == me.id)
            .map(|r| OwnAnswer {
                item_id: r.item_id,
                answer: r.answer,
                comment: r.comment,
            })
            .collect();
        let positions = self
            .store
            .positions(round.id)?
            .into_iter()
            .filter(|(who, _, _)| *who == Some(me.id))
            .map(|(_, dimension, position)| OwnPosition {
                dimension,
                position,
            })
            .collect();
        Ok(OwnBallot {
            respondent_id: me.id,
            role: me.role,
            answers,
            positions,
        })
    }

    /// The spectrum a round's positions are recorded on: the one already stored with the round,
    /// else the newest installed spectrum (which the first saved position then ties to the round).
    pub fn spectrum_form(&self, round_id: i64) -> Result<Option<Instrument>> {
        let round = self.store.round(round_id)?;
        match self.spectrum_of(&round)? {
            Some(s) => Ok(Some(s)),
            None => Ok(self.catalogue.spectrum().map(|e| e.instrument.clone())),
        }
    }

    /// Imports a Forms CSV into an existing round, all or nothing.
    pub fn import_into_round(
        &mut self,
        round_id: i64,
        file: &Path,
        replace: bool,
    ) -> Result<ImportOutcome> {
        let round = self.store.round(round_id)?;
        let org = self.store.organisation(round.organisation_id)?;
        self.import_csv(&ImportRequest {
            org: &org.name,
            round: &round.name,
            questionnaire: &round.instrument_id,
            date: &round.date,
            file,
            replace,
        })
    }

    /// Opens a round for answers again, or closes it so nothing more can be answered.
    pub fn set_round_open(&mut self, round_id: i64, open: bool) -> Result<()> {
        let status = if open {
            RoundStatus::Open
        } else {
            RoundStatus::Closed
        };
        self.set_round_status(round_id, status)
    }

    /// Whether the database holds no organisation yet: a first run, when the app offers the demo.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.store.organisations()?.is_empty())
    }

    /// A file name for a round's export: organisation and round, with characters that file
    /// systems refuse replaced, so the save dialog opens with a sensible suggestion.
    pub fn export_file_name(&self, round_id: i64, extension: &str) -> Result<String> {
        let round = self.store.round(round_id)?;
        let org = self.store.organisation(round.organisation_id)?;
        let stem: String = format!("{} - {}", org.name, round.name)
            .chars()
            .map(|c| match c {
                '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
                c if c.is_control() => '-',
                c => c,
            })
            .collect();
        if extension.is_empty() || !extension.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Error::Invalid(format!(
                "\"{extension}\" is not a file extension"
            )));
        }
        Ok(format!("{}.{extension}", stem.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NewRound;

    fn board() -> (tempfile::TempDir, Govmat, i64) {
        let dir = tempfile::tempdir().expect("a temp dir");
        let mut g = Govmat::open(&dir.path().join("t.db"), None).expect("a new database opens");
        let org = g.create_organisation("Vale: <Trust>").expect("org");
        let round = g
            .create_round(&NewRound {
                organisation_id: org.id,
                name: "Q1/2026".into(),
                date: "2026-01-10".into(),
                questionnaire: "collaboration-checklist".into(),
                carry_actions: true,
            })
            .expect("round");
        (dir, g, round.id)
    }

    #[test]
    fn a_ballot_form_lists_members_but_carries_no_answers() {
        let (_dir, mut g, round) = board();
        let who = g.start_ballot(round, "Ann", Role::Chair).expect("ballot");
        g.save_answer(
            round,
            who,
            "training",
            govmat_core::Answer::Level(3),
            "secret",
        )
        .expect("answer");
        let form = g.ballot_form(round).expect("form");
        assert_eq!(form.members.len(), 1, "Ann has taken part");
        let json = serde_json::to_string(&form).expect("serialises");
        assert!(
            !json.contains("secret"),
            "a member must never see another member's comment"
        );
    }

    #[test]
    fn a_member_who_stopped_gets_back_only_their_own_answers() {
        let (_dir, mut g, round) = board();
        let ann = g.start_ballot(round, "Ann", Role::Chair).expect("ballot");
        let bob = g
            .start_ballot(round, "Bob", Role::Executive)
            .expect("ballot");
        g.save_answer(round, ann, "training", Answer::Level(3), "mine")
            .expect("answer");
        g.save_answer(round, bob, "training", Answer::Level(1), "bob's")
            .expect("answer");
        let dim = g
            .spectrum_form(round)
            .expect("reads")
            .expect("shipped")
            .areas[0]
            .items[0]
            .id
            .clone();
        let pos = Position {
            now: Some(2),
            aspiration: Some(4),
        };
        g.save_position(round, Some(ann), &dim, pos)
            .expect("position");

        let own = g.resume_ballot(round, "  Ann ").expect("Ann carries on");
        assert_eq!(own.respondent_id, ann);
        assert_eq!(own.role, Role::Chair);
        assert_eq!(own.answers.len(), 1);
        assert_eq!(own.answers[0].answer, Answer::Level(3));
        assert_eq!(own.answers[0].comment, "mine");
        assert_eq!(own.positions.len(), 1);
        assert_eq!(own.positions[0].position, pos);
        let json = serde_json::to_string(&own).expect("serialises");
        assert!(!json.contains("bob's"), "never another member's answers");

        let nobody = g.resume_ballot(round, "Cat").expect_err("never started");
        assert_eq!(nobody.code(), "not_found");
        g.finish_ballot(ann).expect("finish");
        let done = g.resume_ballot(round, "Ann").expect_err("finished");
        assert_eq!(done.code(), "conflict");
    }

    #[test]
    fn export_file_names_replace_characters_file_systems_refuse() {
        let (_dir, g, round) = board();
        assert_eq!(
            g.export_file_name(round, "pdf").expect("a name"),
            "Vale- -Trust- - Q1-2026.pdf"
        );
        assert!(g.export_file_name(round, "../x").is_err());
    }

    #[test]
    fn a_round_without_a_spectrum_offers_the_installed_one() {
        let (_dir, g, round) = board();
        let s = g
            .spectrum_form(round)
            .expect("reads")
            .expect("one is shipped");
        assert_eq!(s.kind, govmat_core::Kind::Spectrum);
    }
}
