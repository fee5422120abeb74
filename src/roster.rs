//! The board roster (issue 11): who sits on an organisation's board, carried from round to round.
//!
//! Members are entered before the day, imported from a CSV or spreadsheet, or join the roster as
//! they start a ballot. One person is one member whatever the spelling ("siân", "Siân", "SIAN":
//! [`govmat_core::name_key`]). Everything here shows names or changes who counted, so each call
//! takes the facilitator's roster PIN (set the first time, kept as a salted hash, wrong tries
//! slowed as for collection) and is refused while any round is collecting. Renames, merges, role
//! changes and removals reach the organisation's open rounds; closed rounds keep their record.
//!
//! These use cases are methods of `RosterAccess`, which `Govmat::roster_access` gives only after
//! the PIN was checked, so none can forget the check. A merge is shown first, then done.

use govmat_core::{parse_roster, Role};
use govmat_store::{self as store, RoundStatus, StoreError};
use serde::Serialize;

use crate::board::RosterAccess;
use crate::collection::{retry_after, FREE_TRIES};
use crate::error::{Error, Result};
use crate::import::read_table;
use crate::safety::{Label, Part};
use crate::secrets;
use crate::Govmat;

/// Where a roster member stands in one round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoundState {
    NotStarted,
    Started,
    Finished,
}

/// One member of the roster as the facilitator sees it, behind the PIN: who and where they stand,
/// never how many or which questions they answered (with the reveal's per-item counts, that would
/// say which named member left which question out).
#[derive(Debug, Clone, Serialize)]
pub struct RosterEntry {
    /// `None` for a member of the round who is not on the roster (shown so no one counts unseen).
    pub id: Option<i64>,
    pub name: String,
    pub role: Role,
    /// In the round asked about, if one was.
    pub state: Option<RoundState>,
}

/// A question both entries answered differently in a merge; the answer of the member merged into
/// is kept. Which answers they were is not said: the screen may be on the projector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergeConflict {
    pub round: String,
    pub item_id: String,
    pub item: String,
}

/// What a merge does (shown first, then done): the rounds it combines and every conflict.
#[derive(Debug, Clone, Serialize)]
pub struct MergePlan {
    pub from: String,
    pub into: String,
    pub rounds: Vec<String>,
    pub conflicts: Vec<MergeConflict>,
}

/// What a roster import added and what it found already there.
#[derive(Debug, Clone, Serialize)]
pub struct RosterImport {
    pub added: usize,
    pub already: usize,
}

impl Govmat {
    /// Whether the board has a facilitator PIN for its roster yet (no PIN needed to ask).
    pub fn roster_has_pin(&self, organisation_id: i64) -> Result<bool> {
        self.unlocked()?;
        Ok(store::org_pin(&self.unlocked()?.reader(), organisation_id)?
            .pin_hash
            .is_some())
    }

    /// Sets the board's roster PIN the first time; once set it cannot be replaced from here.
    pub fn set_roster_pin(&mut self, organisation_id: i64, pin: &str) -> Result<()> {
        self.unlocked()?;
        secrets::check_pin(pin)?;
        let hash = secrets::hash(pin.trim())?;
        Ok(self
            .unlocked_mut()?
            .write(|c| store::set_org_pin(c, organisation_id, &hash))?)
    }

    /// Checks the roster PIN, counting wrong ones and making later tries wait.
    pub(crate) fn check_roster_pin(
        &mut self,
        organisation_id: i64,
        pin: &str,
        now: i64,
    ) -> Result<()> {
        self.unlocked()?;
        let state = store::org_pin(&self.unlocked()?.reader(), organisation_id)?;
        let Some(hash) = state.pin_hash else {
            return Err(Error::Forbidden(
                "this board has no facilitator PIN yet: choose one to open the roster".into(),
            ));
        };
        if now < state.pin_retry_after {
            return Err(Error::Wait(format!(
                "too many wrong PINs: try again in {} seconds",
                state.pin_retry_after - now
            )));
        }
        if secrets::verify(pin.trim(), &hash) {
            if state.pin_failures > 0 {
                self.unlocked_mut()?
                    .write(|c| store::set_org_pin_failures(c, organisation_id, 0, 0))?;
            }
            return Ok(());
        }
        let failures = state.pin_failures + 1;
        let wait = retry_after(failures, now);
        self.unlocked_mut()?
            .write(|c| store::set_org_pin_failures(c, organisation_id, failures, wait))?;
        Err(Error::Forbidden(if failures >= FREE_TRIES {
            "that PIN is not right; further tries now have to wait".into()
        } else {
            "that PIN is not right".into()
        }))
    }

    fn plan_merge(&self, organisation_id: i64, from: i64, into: i64) -> Result<MergePlan> {
        if from == into {
            return Err(Error::Invalid(
                "choose two different members to merge".into(),
            ));
        }
        let db = self.unlocked()?;
        let c = &db.reader();
        let a = own_member(c, organisation_id, from)?;
        let b = own_member(c, organisation_id, into)?;
        let mut plan = MergePlan {
            from: a.name.clone(),
            into: b.name.clone(),
            rounds: Vec::new(),
            conflicts: Vec::new(),
        };
        for (round_id, round) in self.open_rounds(organisation_id)? {
            let pa = store::respondent_match(c, round_id, &a.name)?;
            let pb = store::respondent_match(c, round_id, &b.name)?;
            let (Some((ida, ..)), Some((idb, ..))) = (pa, pb) else {
                continue;
            };
            // "Both answered" only where both did: a ballot with nothing in it is not an answer
            // (issue 29 §4), and its empty rows cannot conflict with anything.
            if store::ballot_is_empty(c, ida)? || store::ballot_is_empty(c, idb)? {
                continue;
            }
            plan.rounds.push(round.clone());
            let instrument = self.instrument_of(&self.unlocked()?.round(round_id)?)?;
            // In the questionnaire's order, as the merge screen lists them.
            let mut conflicts = self.unlocked()?.merge_conflicts(ida, idb)?;
            let order: Vec<&str> = instrument.items().map(|i| i.id.as_str()).collect();
            conflicts.sort_by_key(|id| order.iter().position(|o| o == id));
            for item_id in conflicts {
                plan.conflicts.push(MergeConflict {
                    round: round.clone(),
                    item: instrument
                        .item(&item_id)
                        .map(|i| i.title.clone())
                        .unwrap_or_else(|| item_id.clone()),
                    item_id,
                });
            }
        }
        Ok(plan)
    }

    /// The roster, in name order; with a round, where each member stands in it. Members of the
    /// round who are somehow not on the roster are listed too, so no one counts unseen.
    pub fn roster(
        &mut self,
        organisation_id: i64,
        pin: &str,
        now: i64,
        round_id: Option<i64>,
    ) -> Result<Vec<RosterEntry>> {
        self.roster_access(organisation_id, pin, now)?
            .entries(round_id)
    }

    /// Adds a member to the roster before the day.
    pub fn add_to_roster(
        &mut self,
        organisation_id: i64,
        pin: &str,
        now: i64,
        name: &str,
        role: Role,
    ) -> Result<i64> {
        self.roster_access(organisation_id, pin, now)?
            .add(name, role)
    }

    /// Imports a roster from a CSV or XLSX (columns "Name" and "Role"). Members already on the
    /// roster (by name, whatever the spelling) are left as they are; a file with any problem is
    /// refused whole, naming the file, row and fault.
    pub fn import_roster(
        &mut self,
        organisation_id: i64,
        pin: &str,
        now: i64,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<RosterImport> {
        self.roster_access(organisation_id, pin, now)?
            .import(file_name, bytes)
    }

    /// Renames a member on the roster and in the board's open rounds. A new name that is another
    /// member's is refused: merge them instead.
    pub fn rename_roster_member(
        &mut self,
        organisation_id: i64,
        pin: &str,
        now: i64,
        id: i64,
        name: &str,
    ) -> Result<()> {
        self.roster_access(organisation_id, pin, now)?
            .rename(id, name)
    }

    /// Changes a member's role on the roster and in the board's open rounds.
    pub fn set_roster_role(
        &mut self,
        organisation_id: i64,
        pin: &str,
        now: i64,
        id: i64,
        role: Role,
    ) -> Result<()> {
        self.roster_access(organisation_id, pin, now)?
            .set_role(id, role)
    }

    /// What merging `from` into `into` would do: the open rounds both answered in, and every
    /// item where their answers differ (the answer of `into` is kept). Nothing is written.
    pub fn merge_plan(
        &mut self,
        organisation_id: i64,
        pin: &str,
        now: i64,
        from: i64,
        into: i64,
    ) -> Result<MergePlan> {
        self.roster_access(organisation_id, pin, now)?
            .merge_plan(from, into)
    }

    /// Merges `from` into `into`: in each open round their answers are combined (where both
    /// answered, `into`'s are kept), `from` leaves the roster, and a snapshot is taken first so
    /// Undo can go back. Returns what was done, conflicts included.
    pub fn merge_roster_members(
        &mut self,
        organisation_id: i64,
        pin: &str,
        now: i64,
        from: i64,
        into: i64,
    ) -> Result<MergePlan> {
        self.roster_access(organisation_id, pin, now)?
            .merge(from, into)
    }

    /// Removes a member from the roster and, with their answers, from the board's open rounds,
    /// after a snapshot Undo can go back to. Closed rounds keep their record.
    pub fn remove_roster_member(
        &mut self,
        organisation_id: i64,
        pin: &str,
        now: i64,
        id: i64,
    ) -> Result<()> {
        self.roster_access(organisation_id, pin, now)?.remove(id)
    }

    /// The board's open rounds: (id, name).
    fn open_rounds(&self, organisation_id: i64) -> Result<Vec<(i64, String)>> {
        Ok(self
            .unlocked()?
            .rounds(organisation_id)?
            .into_iter()
            .filter(|r| r.status == RoundStatus::Open)
            .map(|r| (r.id, r.name))
            .collect())
    }
}

/// The roster's use cases, each reached through [`Govmat::roster_access`], which checked the
/// roster PIN (and the collection lock) once.
impl RosterAccess<'_> {
    fn entries(&mut self, round_id: Option<i64>) -> Result<Vec<RosterEntry>> {
        let db = self.g.unlocked()?;
        let c = &db.reader();
        let members = store::roster(c, self.organisation_id)?;
        let in_round = match round_id {
            Some(r) => {
                if self.g.unlocked()?.round(r)?.organisation_id != self.organisation_id {
                    return Err(Error::NotFound("that round is not this board's".into()));
                }
                // A ballot with nothing in it is not a member who has answered (issue 25 §1).
                let mut in_round = self.g.unlocked()?.respondents(r)?;
                in_round.retain(|p| p.answered);
                in_round
            }
            None => Vec::new(),
        };
        let state = |p: Option<&store::RespondentRow>| match p {
            None => RoundState::NotStarted,
            Some(p) if p.finished => RoundState::Finished,
            Some(_) => RoundState::Started,
        };
        let mut out: Vec<RosterEntry> = members
            .into_iter()
            .map(|m| {
                let hit = in_round
                    .iter()
                    .find(|p| govmat_core::same_name(&p.name, &m.name));
                RosterEntry {
                    id: Some(m.id),
                    name: m.name,
                    role: m.role,
                    state: round_id.map(|_| state(hit)),
                }
            })
            .collect();
        for p in &in_round {
            if !out.iter().any(|e| govmat_core::same_name(&e.name, &p.name)) {
                out.push(RosterEntry {
                    id: None,
                    name: p.name.clone(),
                    role: p.role,
                    state: Some(state(Some(p))),
                });
            }
        }
        Ok(out)
    }

    fn add(&mut self, name: &str, role: Role) -> Result<i64> {
        Ok(self
            .g
            .unlocked_mut()?
            .write(|c| store::add_roster_member(c, self.organisation_id, name, role))?)
    }

    fn import(&mut self, file_name: &str, bytes: &[u8]) -> Result<RosterImport> {
        let table = read_table(file_name, bytes)?;
        let lines = parse_roster(&table).map_err(|problems| {
            Error::Invalid(
                problems
                    .iter()
                    .map(|p| format!("{file_name}: {p}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        })?;
        Ok(self.g.unlocked_mut()?.write(|c| {
            let mut result = RosterImport {
                added: 0,
                already: 0,
            };
            for line in &lines {
                if store::roster_match(c, self.organisation_id, &line.name)?.is_some() {
                    result.already += 1;
                } else {
                    store::add_roster_member(c, self.organisation_id, &line.name, line.role)?;
                    result.added += 1;
                }
            }
            Ok(result)
        })?)
    }

    fn rename(&mut self, id: i64, name: &str) -> Result<()> {
        let rounds = self.g.open_rounds(self.organisation_id)?;
        let old = own_member(&self.g.unlocked()?.reader(), self.organisation_id, id)?.name;
        self.g.unlocked_mut()?.write(|c| {
            let old = own_member(c, self.organisation_id, id)?;
            let name = store::checked_name(name)?;
            if let Some(other) = store::roster_match(c, self.organisation_id, &name)? {
                if other.id != id {
                    return Err(StoreError::Conflict(format!(
                        "\"{}\" is already on the roster; to make them one member, merge \"{}\" into \"{}\"",
                        other.name, old.name, other.name
                    )));
                }
            }
            for (round_id, round) in &rounds {
                let Some((me, ..)) = store::respondent_match(c, *round_id, &old.name)? else {
                    continue;
                };
                if let Some((other, there, ..)) = store::respondent_match(c, *round_id, &name)? {
                    if other != me {
                        return Err(StoreError::Conflict(format!(
                            "\"{there}\" also answered in round \"{round}\"; merge the two instead"
                        )));
                    }
                }
                store::rename_respondent(c, me, &name)?;
            }
            store::rename_roster_member(c, id, &name)
        })?;
        // This session's Undo labels name the member as the roster does now.
        let now = own_member(&self.g.unlocked()?.reader(), self.organisation_id, id)?.name;
        self.g.relabel_member(self.organisation_id, &old, &now);
        Ok(())
    }

    fn set_role(&mut self, id: i64, role: Role) -> Result<()> {
        let rounds = self.g.open_rounds(self.organisation_id)?;
        Ok(self.g.unlocked_mut()?.write(|c| {
            let m = own_member(c, self.organisation_id, id)?;
            for (round_id, _) in &rounds {
                if let Some((me, ..)) = store::respondent_match(c, *round_id, &m.name)? {
                    store::set_respondent_role(c, me, role)?;
                }
            }
            store::set_roster_role(c, id, role)
        })?)
    }

    fn merge_plan(&mut self, from: i64, into: i64) -> Result<MergePlan> {
        self.g.plan_merge(self.organisation_id, from, into)
    }

    fn merge(&mut self, from: i64, into: i64) -> Result<MergePlan> {
        let plan = self.g.plan_merge(self.organisation_id, from, into)?;
        let board = self.g.unlocked()?.organisation(self.organisation_id)?.name;
        let org = self.organisation_id;
        self.g.snapshot_labelled(
            Label(vec![
                Part::Text("A roster merge in ".into()),
                Part::Organisation(org, board.clone()),
            ]),
            Some((
                org,
                Label(vec![
                    Part::Text(format!("Merged {} into ", plan.from)),
                    Part::Member(org, plan.into.clone()),
                    Part::Text(" in ".into()),
                    Part::Organisation(org, board),
                ]),
            )),
        )?;
        let rounds = self.g.open_rounds(self.organisation_id)?;
        self.g.unlocked_mut()?.write(|c| {
            let a = own_member(c, self.organisation_id, from)?;
            let b = own_member(c, self.organisation_id, into)?;
            for (round_id, _) in &rounds {
                match (
                    store::respondent_match(c, *round_id, &a.name)?,
                    store::respondent_match(c, *round_id, &b.name)?,
                ) {
                    // A ballot with nothing in it keeps nothing: its empty rows would otherwise
                    // stand in for the other's answers on those questions.
                    (Some((ida, ..)), Some((idb, ..))) if store::ballot_is_empty(c, idb)? => {
                        store::delete_respondent(c, idb)?;
                        store::rename_respondent(c, ida, &b.name)?;
                        store::set_respondent_role(c, ida, b.role)?;
                    }
                    (Some((ida, ..)), Some((idb, ..))) => store::merge_respondents(c, ida, idb)?,
                    (Some((ida, ..)), None) => {
                        store::rename_respondent(c, ida, &b.name)?;
                        store::set_respondent_role(c, ida, b.role)?;
                    }
                    _ => {}
                }
            }
            store::delete_roster_member(c, from)
        })?;
        Ok(plan)
    }

    fn remove(&mut self, id: i64) -> Result<()> {
        let m = own_member(&self.g.unlocked()?.reader(), self.organisation_id, id)?;
        let board = self.g.unlocked()?.organisation(self.organisation_id)?.name;
        let org = self.organisation_id;
        self.g.snapshot_labelled(
            Label(vec![
                Part::Text("A member removed from the roster of ".into()),
                Part::Organisation(org, board.clone()),
            ]),
            Some((
                org,
                Label(vec![
                    Part::Text(format!("Removed {} from the roster of ", m.name)),
                    Part::Organisation(org, board),
                ]),
            )),
        )?;
        let rounds = self.g.open_rounds(self.organisation_id)?;
        Ok(self.g.unlocked_mut()?.write(|c| {
            for (round_id, _) in &rounds {
                if let Some((me, ..)) = store::respondent_match(c, *round_id, &m.name)? {
                    store::delete_respondent(c, me)?;
                }
            }
            store::delete_roster_member(c, id)
        })?)
    }
}

fn own_member(
    c: &impl store::Db,
    organisation_id: i64,
    id: i64,
) -> store::Result<store::RosterRow> {
    match store::roster_member(c, id)? {
        (org, row) if org == organisation_id => Ok(row),
        _ => Err(StoreError::NotFound(format!(
            "no member of this board's roster with id {id}"
        ))),
    }
}
