//! What the projector may show while members answer on their own devices: how many have joined,
//! how many have finished, and how many answers each item has received. Counts only, never an
//! answer, a name or which member is where, so no PIN is needed to show them.

use govmat_store as store;
use serde::Serialize;

use crate::error::Result;
use crate::Govmat;

#[derive(Debug, Clone, Serialize)]
pub struct DeviceProgress {
    pub collecting: bool,
    pub joined: usize,
    pub finished: usize,
    /// How many are on the board's roster (0 without one), and how many of them have finished.
    pub roster: usize,
    pub roster_finished: usize,
    /// True once every member of a roster has finished: the projector says so and offers to end
    /// collection (issue 25 §6). A count, never who.
    pub everyone_finished: bool,
    /// Seconds left in the facilitator's time box, if one was set; 0 once it is up, and then
    /// nothing closes by itself: the projector says so (issue 25 §6).
    pub seconds_left: Option<i64>,
    /// In the instrument's order, spectrum dimensions after the items.
    pub items: Vec<ItemReceived>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemReceived {
    pub item_id: String,
    pub received: usize,
}

impl Govmat {
    /// Counts for the projector during collection. It reads no answer's value: an answer counts
    /// as received once it is anything but unanswered.
    pub fn device_progress(&self, round_id: i64) -> Result<DeviceProgress> {
        let round = self.during_collection().round(round_id)?;
        let state = store::collection_state(&self.during_collection().reader(), round_id)?;
        let ballots = store::round_ballots(&self.during_collection().reader(), round_id)?;
        let counts = self.during_collection().received(round_id)?;
        let instrument = self.instrument_of(&round)?;
        let mut ids: Vec<String> = instrument.items().map(|i| i.id.clone()).collect();
        if let Some(spectrum) = self.spectrum_form(round_id)? {
            ids.extend(spectrum.items().map(|i| i.id.clone()));
        }
        let roster = store::roster(&self.during_collection().reader(), round.organisation_id)?;
        let roster_finished = roster
            .iter()
            .filter(|m| {
                ballots
                    .iter()
                    .any(|b| b.finished && govmat_core::same_name(&b.name, &m.name))
            })
            .count();
        Ok(DeviceProgress {
            roster: roster.len(),
            roster_finished,
            everyone_finished: !roster.is_empty() && roster_finished == roster.len(),
            collecting: state.collecting,
            seconds_left: state
                .time_box_ends
                .filter(|_| state.collecting)
                .map(|end| (end - crate::unix_now()).max(0)),
            joined: ballots.len(),
            finished: ballots.iter().filter(|b| b.finished).count(),
            items: ids
                .into_iter()
                .map(|item_id| ItemReceived {
                    received: counts.get(&item_id).copied().unwrap_or(0),
                    item_id,
                })
                .collect(),
        })
    }
}
