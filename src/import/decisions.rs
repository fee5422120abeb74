//! Importing the board's decisions (agreed score, target, rationale, dissent) from a CSV, all or
//! nothing, so a consultant who ran the away-day on paper can produce the report headless.

use std::path::Path;

use govmat_core::{parse_decisions, ImportProblem};
use govmat_store as store;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::Govmat;

#[derive(Debug, Clone, Serialize)]
pub struct DecisionsOutcome {
    pub saved: usize,
    /// Items whose stored decision was already exactly this.
    pub unchanged: usize,
}

impl Govmat {
    /// Records every decision in the file in one transaction, or none with every problem listed.
    /// An item that already has a different decision is refused unless `replace` is given.
    /// Each change joins the round's decision history as saved at `now`.
    pub fn import_decisions(
        &mut self,
        round_id: i64,
        file: &Path,
        replace: bool,
        now: i64,
    ) -> Result<DecisionsOutcome> {
        self.unlocked()?;
        let (shown, bytes) = super::read_import_file(file)?;
        let round = self.unlocked()?.round(round_id)?;
        if round.status == store::RoundStatus::Closed {
            return Err(Error::Conflict(format!(
                "round \"{}\" is closed; reopen it before importing",
                round.name
            )));
        }
        let instrument = self.instrument_of(&round)?;
        let table = super::read_table(&shown, &bytes)?;
        let existing = self.unlocked()?.decisions(round_id)?;
        let refuse = |ps: Vec<ImportProblem>| {
            let lines: Vec<String> = ps.iter().map(ToString::to_string).collect();
            Error::Invalid(format!(
                "{}; no decision was imported:\n{}",
                govmat_core::plural(lines.len(), "problem", "problems"),
                lines.join("\n")
            ))
        };
        let decisions = parse_decisions(&shown, &table, &instrument).map_err(refuse)?;
        let mut problems = Vec::new();
        let mut changed = Vec::new();
        for d in &decisions {
            match existing.get(&d.item_id) {
                Some(old) if *old == d.decision => {}
                Some(_) if !replace => problems.push(ImportProblem {
                    file: shown.clone(),
                    row: d.row,
                    column: 1,
                    header: "item".into(),
                    message: format!(
                        "`{}` already has a different decision; use --replace to overwrite it",
                        d.item_id
                    ),
                }),
                _ => changed.push(d),
            }
        }
        if !problems.is_empty() {
            return Err(refuse(problems));
        }
        if !changed.is_empty() {
            self.unlocked_mut()?.write(|c| {
                for d in &changed {
                    store::save_decision(c, round_id, &d.item_id, &d.decision, now)?;
                }
                Ok(())
            })?;
        }
        Ok(DecisionsOutcome {
            saved: changed.len(),
            unchanged: decisions.len() - changed.len(),
        })
    }
}
