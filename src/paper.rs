//! Paper ballots: printing them, before collection or while it runs, and cancelling the keying in
//! of one.
//!
//! A paper ballot carries a code (P01, P02, …) and no name, so the facilitator keys it in as the
//! private ballot of that code (`ballot.rs`'s `start_ballot`, which adds no one to the roster).
//! This module is in `board::DURING_COLLECTION` because both of its use cases must work while
//! members answer: a late arrival wants paper, and the facilitator keying one may stop. Neither
//! reads an answer: the PDF is blank by construction (it holds the questionnaire, the round's
//! name and codes), and the only thing read from the round's ballots is which paper codes are
//! taken, so new ones follow them.
//!
//! Codes are made by core's `paper_code` and recognised by `is_paper_code`; the store's
//! `add_respondent` never puts a paper code on the roster. `cancel_paper_ballot` removes the ballot
//! and what was keyed from that paper, by the ballot's own key: the paper is the record.

use govmat_core::{is_paper_code, paper_code};
use govmat_store::{self as store, StoreError};
use serde::Serialize;

use crate::ballot::{own_ballot_in, BallotKey};
use crate::error::{Error, Result};
use crate::Govmat;

/// Paper ballots made for a round: the PDF and the codes it carries, first and last.
pub struct PaperBallots {
    pub pdf: govmat_report::pdf::Pdf,
    pub codes: PaperCodes,
}

/// The codes a set of paper ballots carries, for saying which were printed.
#[derive(Debug, Clone, Serialize)]
pub struct PaperCodes {
    pub first: String,
    pub last: String,
    pub count: usize,
}

/// The most ballots one print makes.
pub const MAX_PAPER_BALLOTS: usize = 500;

impl Govmat {
    /// Paper ballots for a round: `members` sets of pages (default: the round's members, else
    /// 12), coded from P`first` (default: after the highest paper code already started in the
    /// round, so ballots printed during collection do not repeat a code keyed in). The codes carry
    /// no name; the facilitator keys each ballot in under its code. Works while the round
    /// collects: nothing in it comes from an answer.
    pub fn ballot_pdf(
        &self,
        round_id: i64,
        members: Option<usize>,
    ) -> Result<govmat_report::pdf::Pdf> {
        Ok(self.paper_ballots(round_id, members, None)?.pdf)
    }

    /// [`Govmat::ballot_pdf`] with the first code's number chosen.
    pub fn paper_ballots(
        &self,
        round_id: i64,
        members: Option<usize>,
        first: Option<usize>,
    ) -> Result<PaperBallots> {
        let db = self.during_collection();
        let round = db.round(round_id)?;
        let org = db.organisation(round.organisation_id)?;
        let instrument = self.instrument_of(&round)?;
        let ballots = store::round_ballots(&db.reader(), round_id)?;
        let n = match members {
            Some(0) => return Err(Error::Invalid("--members must be at least 1".into())),
            Some(n) if n > MAX_PAPER_BALLOTS => {
                return Err(Error::Invalid(format!(
                    "--members is at most {MAX_PAPER_BALLOTS}"
                )))
            }
            Some(n) => n,
            None => match ballots.len() {
                0 => 12,
                k => k.min(MAX_PAPER_BALLOTS),
            },
        };
        let taken = ballots
            .iter()
            .filter(|b| is_paper_code(&b.name))
            .filter_map(|b| b.name.trim()[1..].parse::<usize>().ok())
            .max()
            .unwrap_or(0);
        let first = match first {
            Some(0) => return Err(Error::Invalid("the first code is at least P01".into())),
            Some(k) if k + n - 1 > 9999 => {
                return Err(Error::Invalid("paper codes go up to P9999".into()))
            }
            Some(k) => k,
            None => taken + 1,
        };
        let codes: Vec<String> = (first..first + n).map(paper_code).collect();
        let pdf =
            govmat_report::pdf::ballot::render_ballots(&govmat_report::pdf::ballot::BallotSheets {
                organisation: &org.name,
                round: &round.name,
                instrument: &instrument,
                codes: &codes,
            });
        Ok(PaperBallots {
            pdf,
            codes: PaperCodes {
                first: codes[0].clone(),
                last: codes[n - 1].clone(),
                count: n,
            },
        })
    }

    /// The facilitator stops keying in a paper ballot part-way: the ballot and whatever was keyed
    /// from that paper are removed, so its code can be keyed again from the start. The paper
    /// itself is the record, so nothing a member gave is lost; only the page holding the ballot's
    /// key can do this, and only before the ballot is finished. Recorded with the round's
    /// collection events as a discarded ballot.
    pub fn cancel_paper_ballot(&mut self, ballot: &BallotKey, now: i64) -> Result<()> {
        let round_id =
            store::ballot_secrets(&self.during_collection().reader(), ballot.respondent_id)?
                .ok_or_else(|| Error::Forbidden("this page no longer holds a ballot".into()))?
                .round_id;
        Ok(self.during_collection_mut().write(|c| {
            let me = own_ballot_in(c, ballot, round_id)?;
            if me.finished {
                return Err(StoreError::Conflict(
                    "this ballot is already finished".into(),
                ));
            }
            store::delete_respondent(c, ballot.respondent_id)?;
            store::record_event(c, round_id, now, "discarded-ballot")
        })?)
    }
}
