//! Importing a Forms CSV export into a round, all or nothing.

use std::path::Path;

use govmat_core::{parse_csv, Answer, Kind};
use govmat_store::{self as store};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::rounds::NewRound;
use crate::Govmat;

/// Largest CSV we read: a board of hundreds answering hundreds of items is far below this.
pub const MAX_IMPORT_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct ImportRequest<'a> {
    pub org: &'a str,
    pub round: &'a str,
    pub questionnaire: &'a str,
    pub date: &'a str,
    pub file: &'a Path,
    /// Replace members who already answered in this round instead of refusing the file.
    pub replace: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportOutcome {
    pub round_id: i64,
    pub added: usize,
    pub replaced: usize,
}

impl Govmat {
    /// Reads the CSV at `req.file` and records every row, or nothing at all with every problem listed.
    /// The organisation and round are created when they do not exist yet (in the same transaction).
    pub fn import_csv(&mut self, req: &ImportRequest) -> Result<ImportOutcome> {
        self.guard()?;
        let shown = req.file.display().to_string();
        let meta = std::fs::metadata(req.file)
            .map_err(|e| Error::Io(format!("{shown}: cannot read: {e}")))?;
        if meta.len() > MAX_IMPORT_BYTES {
            return Err(Error::Invalid(format!(
                "{shown}: file is {} bytes; the limit is {MAX_IMPORT_BYTES}",
                meta.len()
            )));
        }
        let bytes =
            std::fs::read(req.file).map_err(|e| Error::Io(format!("{shown}: cannot read: {e}")))?;
        self.import_bytes(req, &shown, &bytes)
    }

    pub fn import_bytes(
        &mut self,
        req: &ImportRequest,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<ImportOutcome> {
        self.guard()?;
        let org = self.store.find_organisation(req.org)?;
        let existing_round = match &org {
            Some(o) => self.store.find_round(o.id, req.round)?,
            None => None,
        };
        let instrument = match &existing_round {
            Some(r) => {
                if r.instrument_id != req.questionnaire {
                    return Err(Error::Conflict(format!(
                        "round \"{}\" uses questionnaire \"{}\", not \"{}\"",
                        r.name, r.instrument_id, req.questionnaire
                    )));
                }
                if r.status == store::RoundStatus::Closed {
                    return Err(Error::Conflict(format!(
                        "round \"{}\" is closed; reopen it before importing",
                        r.name
                    )));
                }
                self.instrument_of(r)?
            }
            None => {
                let e = self.catalogue.require(req.questionnaire)?;
                if e.instrument.kind != Kind::Maturity {
                    return Err(Error::Invalid(format!(
                        "\"{}\" is a spectrum; import into a maturity questionnaire",
                        req.questionnaire
                    )));
                }
                if !govmat_core::is_iso_date(req.date) {
                    return Err(Error::Invalid(format!(
                        "date \"{}\" is not a date written YYYY-MM-DD",
                        req.date
                    )));
                }
                e.instrument.clone()
            }
        };
        let spectrum = self.catalogue.spectrum().map(|e| e.instrument.clone());
        let existing = match &existing_round {
            Some(r) => self.store.respondents(r.id)?,
            None => Vec::new(),
        };
        // Members who already answered are refused along with every other problem in the file,
        // so one run lists them all; with `replace` they are overwritten instead.
        let answered: Vec<&str> = if req.replace {
            Vec::new()
        } else {
            existing.iter().map(|e| e.name.as_str()).collect()
        };
        let ballots = parse_csv(file_name, bytes, &instrument, spectrum.as_ref(), &answered)
            .map_err(|problems| {
                let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
                let hint = if answered.is_empty() {
                    ""
                } else {
                    " (members who already answered can be overwritten with --replace)"
                };
                Error::Invalid(format!(
                    "{} problem(s); nothing was imported{hint}:\n{}",
                    lines.len(),
                    lines.join("\n")
                ))
            })?;
        let spectrum_entry = self.catalogue.spectrum().cloned();
        let needs_spectrum = ballots.iter().any(|b| !b.spectrum.is_empty());
        let new_org = org.is_none().then(|| req.org.to_string());
        let (org_id, round_exists) = (
            org.as_ref().map(|o| o.id),
            existing_round.as_ref().map(|r| r.id),
        );
        let entry = self
            .catalogue
            .get_version(&instrument.id, instrument.version)
            .cloned();
        let (round_id, replaced) = self.store.write(|c| {
            let org_id = match (org_id, &new_org) {
                (Some(id), _) => id,
                (None, Some(name)) => store::create_organisation(c, name, false)?,
                (None, None) => unreachable!("an organisation is either found or named"),
            };
            let round_id = match round_exists {
                Some(id) => id,
                None => {
                    let e = entry.as_ref().ok_or_else(|| {
                        store::StoreError::NotFound("questionnaire source missing".into())
                    })?;
                    store::ensure_instrument(c, &e.instrument.id, e.instrument.version, &e.source)?;
                    store::create_round(
                        c,
                        org_id,
                        req.round,
                        req.date,
                        (&e.instrument.id, e.instrument.version),
                    )?
                }
            };
            if needs_spectrum {
                if let Some(s) = &spectrum_entry {
                    store::ensure_instrument(c, &s.instrument.id, s.instrument.version, &s.source)?;
                    store::set_round_spectrum(
                        c,
                        round_id,
                        (&s.instrument.id, s.instrument.version),
                    )?;
                }
            }
            let mut replaced = 0;
            for b in &ballots {
                if let Some(old) = existing
                    .iter()
                    .find(|e| e.name.to_lowercase() == b.respondent.to_lowercase())
                {
                    store::delete_respondent(c, old.id)?;
                    replaced += 1;
                }
                let id = store::add_respondent(c, round_id, &b.respondent, b.role)?;
                for item in instrument.items() {
                    let answer = b
                        .answers
                        .get(&item.id)
                        .copied()
                        .unwrap_or(Answer::Unanswered);
                    let comment = b.comments.get(&item.id).map(String::as_str).unwrap_or("");
                    if answer != Answer::Unanswered || !comment.is_empty() {
                        store::save_answer(c, id, &item.id, answer, comment)?;
                    }
                }
                for (dim, pos) in &b.spectrum {
                    store::save_position(c, round_id, Some(id), dim, *pos)?;
                }
                store::set_finished(c, id, true)?;
            }
            Ok((round_id, replaced))
        })?;
        Ok(ImportOutcome {
            round_id,
            added: ballots.len() - replaced,
            replaced,
        })
    }

    /// Convenience for the CLI: find or create the round a request names.
    pub fn round_for(
        &mut self,
        org: &str,
        round: &str,
        questionnaire: &str,
        date: &str,
    ) -> Result<i64> {
        let org = match self.store.find_organisation(org)? {
            Some(o) => o,
            None => self.create_organisation(org)?,
        };
        if let Some(r) = self.store.find_round(org.id, round)? {
            return Ok(r.id);
        }
        let r = self.create_round(&NewRound {
            organisation_id: org.id,
            name: round.to_string(),
            date: date.to_string(),
            questionnaire: questionnaire.to_string(),
            carry_actions: true,
        })?;
        Ok(r.id)
    }
}
