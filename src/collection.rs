//! Private collection: while a round is collecting, the database serves only its ballot.
//!
//! Starting collection sets the facilitator's PIN; the state lives in the database, so quitting
//! the app, reloading the page or opening the file from the CLI unlocks nothing. Ending it takes
//! the PIN; wrong PINs are counted in the database and, after [`FREE_TRIES`], each further try
//! must wait longer. A consultant who owns the machine can force the end from the CLI, and the
//! forced end is recorded. Every other use case calls [`Govmat::guard`] first and is refused
//! with the `locked` error while any round is collecting.
//!
//! `start_collection_expecting` takes how many members the facilitator expects; `start_collection`
//! expects `DEFAULT_EXPECTED_MEMBERS` (30). The progress shows, behind the PIN, which ballots are
//! still empty (`ProgressMember::answered`).

use govmat_store::{self as store, CollectionEvent, RoundStatus};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::secrets;
use crate::Govmat;

pub use govmat_store::DEFAULT_EXPECTED_MEMBERS;
/// The most members a board may say it expects; a board is a few dozen people at most.
pub const MAX_EXPECTED_MEMBERS: i64 = 500;
/// The longest time box a facilitator may set, in minutes: a whole away-day.
pub const MAX_TIME_BOX_MINUTES: i64 = 600;

/// Wrong PINs allowed before each further try has to wait.
pub const FREE_TRIES: i64 = 5;
/// The wait after the [`FREE_TRIES`]th wrong PIN; it doubles with every further one.
const FIRST_WAIT_SECS: i64 = 30;
const LONGEST_WAIT_SECS: i64 = 3600;

/// `collect status`: what anyone may know about a round's collection (never who or what).
#[derive(Debug, Clone, Serialize)]
pub struct CollectionStatus {
    pub org: String,
    pub round: String,
    pub round_id: i64,
    pub collecting: bool,
    pub started: usize,
    pub finished: usize,
    /// Unix seconds before which no PIN is checked (0 when there is no wait).
    pub retry_after: i64,
    /// How many members the facilitator expects (without a roster, the round takes at most
    /// twice this many ballots from members' devices).
    pub expected_members: i64,
    /// Unix seconds when the facilitator's time box ends, if one was set; when it has passed,
    /// nothing closes by itself (issue 25 §6).
    pub time_box_ends: Option<i64>,
    pub events: Vec<CollectionEvent>,
}

/// For the facilitator, behind the PIN: who has started and finished, never what they answered.
#[derive(Debug, Clone, Serialize)]
pub struct ProgressMember {
    pub name: String,
    /// False for a member of the board's roster who has not started this round's ballot.
    pub started: bool,
    pub finished: bool,
    /// False for a ballot with nothing in it yet: not counted in any figure, and the facilitator
    /// may discard it ([`Govmat::discard_empty_ballot`]).
    pub answered: bool,
}

impl Govmat {
    /// The round that is collecting now, if any: the app opens straight onto its ballot.
    pub fn collecting_round(&self) -> Result<Option<CollectionStatus>> {
        match store::collecting_rounds(&self.during_collection().reader())?.first() {
            Some(&id) => self.collection_status(id).map(Some),
            None => Ok(None),
        }
    }

    /// Whether a round is open for answers: the devices server's room check (issue 25 §4) serves
    /// only such a round, before collection starts.
    pub fn round_is_open(&self, round_id: i64) -> Result<bool> {
        Ok(self.during_collection().round(round_id)?.status == govmat_store::RoundStatus::Open)
    }

    pub fn collection_status(&self, round_id: i64) -> Result<CollectionStatus> {
        let round = self.during_collection().round(round_id)?;
        let org = self
            .during_collection()
            .organisation(round.organisation_id)?;
        let state = store::collection_state(&self.during_collection().reader(), round_id)?;
        let ballots = store::round_ballots(&self.during_collection().reader(), round_id)?;
        Ok(CollectionStatus {
            org: org.name,
            round: round.name,
            round_id,
            collecting: state.collecting,
            started: ballots.len(),
            finished: ballots.iter().filter(|b| b.finished).count(),
            expected_members: state.expected_members,
            time_box_ends: state.time_box_ends.filter(|_| state.collecting),
            retry_after: if state.collecting {
                state.pin_retry_after
            } else {
                0
            },
            events: store::collection_events(&self.during_collection().reader(), round_id)?,
        })
    }

    /// Starts private collection on an open round, guarded by the facilitator's PIN, expecting
    /// the default number of members ([`DEFAULT_EXPECTED_MEMBERS`]).
    pub fn start_collection(&mut self, round_id: i64, pin: &str, now: i64) -> Result<()> {
        self.start_collection_expecting(round_id, pin, DEFAULT_EXPECTED_MEMBERS, now)
    }

    /// Starts private collection expecting `expected` members: without a roster, members' own
    /// devices may start at most twice that many ballots in the round (issue 25 §1).
    pub fn start_collection_expecting(
        &mut self,
        round_id: i64,
        pin: &str,
        expected: i64,
        now: i64,
    ) -> Result<()> {
        self.start_collection_timed(round_id, pin, expected, None, now)
    }

    /// Starts private collection expecting `expected` members, with an optional time box of
    /// `minutes`: the projector and members' pages count down to it, and when it is up the
    /// projector says so; nothing closes by itself (issue 25 §6).
    pub fn start_collection_timed(
        &mut self,
        round_id: i64,
        pin: &str,
        expected: i64,
        minutes: Option<i64>,
        now: i64,
    ) -> Result<()> {
        self.unlocked()?;
        secrets::check_pin(pin)?;
        if !(1..=MAX_EXPECTED_MEMBERS).contains(&expected) {
            return Err(Error::Invalid(format!(
                "the number of members expected must be between 1 and {MAX_EXPECTED_MEMBERS}"
            )));
        }
        if minutes.is_some_and(|m| !(1..=MAX_TIME_BOX_MINUTES).contains(&m)) {
            return Err(Error::Invalid(format!(
                "a time box must be between 1 and {MAX_TIME_BOX_MINUTES} minutes"
            )));
        }
        let round = self.during_collection().round(round_id)?;
        if round.status == RoundStatus::Closed {
            return Err(Error::Conflict(format!(
                "round \"{}\" is closed; reopen it before collecting answers",
                round.name
            )));
        }
        let hash = secrets::hash(pin)?;
        Ok(self.during_collection_mut().write(|c| {
            if !store::collecting_rounds(c)?.is_empty() {
                return Err(store::StoreError::Conflict(
                    "another round is already collecting".into(),
                ));
            }
            store::start_collection(c, round_id, &hash, expected, now)?;
            store::set_time_box(c, round_id, minutes.map(|m| now + m * 60))
        })?)
    }

    /// Whether the collecting round keeps a devices server's address (port and join code) from
    /// before a restart: the desktop then serves it again at once, so the QR code on the wall and
    /// members' open pages carry on (issue 25 §5).
    pub fn devices_server_remembered(&self, round_id: i64) -> Result<bool> {
        Ok(store::devices_server(&self.during_collection().reader(), round_id)?.is_some())
    }

    /// The port and join code kept with the collecting round, for the devices server only.
    pub(crate) fn remembered_devices_server(&self, round_id: i64) -> Result<Option<(u16, String)>> {
        Ok(store::devices_server(
            &self.during_collection().reader(),
            round_id,
        )?)
    }

    /// Keeps the devices server's port and join code with the collecting round.
    pub(crate) fn remember_devices_server(
        &mut self,
        round_id: i64,
        port: u16,
        join_code: &str,
    ) -> Result<()> {
        Ok(self
            .during_collection_mut()
            .write(|c| store::set_devices_server(c, round_id, port, join_code))?)
    }

    /// Ends collection with the facilitator's PIN; the reveal and every other screen come back.
    pub fn end_collection(&mut self, round_id: i64, pin: &str, now: i64) -> Result<()> {
        self.check_pin(round_id, pin, now)?;
        Ok(self
            .during_collection_mut()
            .write(|c| store::end_collection(c, round_id, now, false))?)
    }

    /// Ends collection without the PIN (the CLI's `--force`, for whoever owns the machine). The
    /// forced end is recorded with the round.
    pub fn force_end_collection(&mut self, round_id: i64, now: i64) -> Result<()> {
        let state = store::collection_state(&self.during_collection().reader(), round_id)?;
        if !state.collecting {
            return Err(Error::Conflict("this round is not collecting".into()));
        }
        Ok(self
            .during_collection_mut()
            .write(|c| store::end_collection(c, round_id, now, true))?)
    }

    /// Who has not started, who has started and who has finished (the board's roster and this
    /// round's ballots), for the facilitator (PIN), sorted by name so the list says nothing about
    /// who answered first. Never what anyone answered.
    pub fn collection_progress(
        &mut self,
        round_id: i64,
        pin: &str,
        now: i64,
    ) -> Result<Vec<ProgressMember>> {
        self.check_pin(round_id, pin, now)?;
        let collecting = self.during_collection();
        let reader = collecting.reader();
        let mut out: Vec<ProgressMember> = Vec::new();
        for b in store::round_ballots(&reader, round_id)? {
            out.push(ProgressMember {
                answered: !store::ballot_is_empty(&reader, b.respondent_id)?,
                name: b.name,
                started: true,
                finished: b.finished,
            });
        }
        let organisation_id = self.during_collection().round(round_id)?.organisation_id;
        for m in store::roster(&self.during_collection().reader(), organisation_id)? {
            if !out.iter().any(|p| govmat_core::same_name(&p.name, &m.name)) {
                out.push(ProgressMember {
                    name: m.name,
                    started: false,
                    finished: false,
                    answered: false,
                });
            }
        }
        out.sort_by_cached_key(|m| govmat_core::name_key(&m.name));
        Ok(out)
    }

    /// Checks the facilitator's PIN for a collecting round. A wrong PIN is counted; past
    /// [`FREE_TRIES`] no PIN is even checked until the wait is over, and each wrong one doubles it.
    pub(crate) fn check_pin(&mut self, round_id: i64, pin: &str, now: i64) -> Result<()> {
        let state = store::collection_state(&self.during_collection().reader(), round_id)?;
        if !state.collecting {
            return Err(Error::Conflict("this round is not collecting".into()));
        }
        if now < state.pin_retry_after {
            return Err(Error::Wait(format!(
                "too many wrong PINs: try again in {} seconds",
                state.pin_retry_after - now
            )));
        }
        let good = state
            .pin_hash
            .as_deref()
            .is_some_and(|h| secrets::verify(pin, h));
        if good {
            if state.pin_failures > 0 {
                self.during_collection_mut()
                    .write(|c| store::set_pin_failures(c, round_id, 0, 0))?;
            }
            return Ok(());
        }
        let failures = state.pin_failures + 1;
        let retry_after = retry_after(failures, now);
        self.during_collection_mut()
            .write(|c| store::set_pin_failures(c, round_id, failures, retry_after))?;
        Err(Error::Forbidden("that PIN is not right".into()))
    }
}

/// When the next PIN may be tried after `failures` wrong ones: at once after fewer than
/// [`FREE_TRIES`], then after a wait (from the fifth wrong one on) that doubles with every further
/// wrong PIN.
pub(crate) fn retry_after(failures: i64, now: i64) -> i64 {
    match failures - FREE_TRIES + 1 {
        past if past > 0 => {
            let wait = FIRST_WAIT_SECS
                .saturating_mul(1 << (past - 1).min(20))
                .min(LONGEST_WAIT_SECS);
            now + wait
        }
        _ => 0,
    }
}
