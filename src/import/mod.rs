//! Importing a Forms export (XLSX or CSV) or govmat's own CSV into a round, all or nothing.
//!
//! `read.rs` turns the file into a table; core maps its headers and reads its cells. Here the
//! rows are matched with the members already in the round (by the keyed hash of their email or
//! response id, else by name). A row whose member is already there is left alone and said to be
//! so, whatever its answers: neither the preview nor the import ever compares a file with answers
//! already given, so no one can learn a member's answers by previewing guesses (issue 23). Such
//! rows replace the member only with `replace` and the board's roster PIN, after a snapshot, as
//! every delete. The preview shows the mapping and what would happen without writing; the import
//! writes in one transaction.
//!
//! The window's imports into a round that exists (through a mapping's text, and its replace)
//! are in `in_round.rs`.

mod decisions;
mod in_round;
mod read;

use std::collections::BTreeMap;
use std::path::Path;

use govmat_store::IDENTITY_KEY_BYTES;

use govmat_core::{
    parse_map, parse_table, Answer, ImportProblem, ImportedBallot, Instrument, ItemWithoutColumn,
    Kind, Mapping, ParseOptions,
};
use govmat_store::{self as store};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::rounds::NewRound;
use crate::Govmat;

pub use decisions::DecisionsOutcome;

/// Largest file we read: a board of hundreds answering hundreds of items is far below this.
pub const MAX_IMPORT_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct ImportRequest<'a> {
    pub org: &'a str,
    pub round: &'a str,
    pub questionnaire: &'a str,
    pub date: &'a str,
    pub file: &'a Path,
    /// Replace the members of the file who are already in this round (which takes the roster PIN,
    /// [`ImportOptions::roster_pin`]) instead of leaving them as they are.
    pub replace: bool,
}

/// How to read the file: a saved mapping (its file name, for messages, and text), whether
/// members' names are replaced by anonymous codes, and the roster PIN with the time it is given
/// (Unix seconds), which replacing members takes.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub map: Option<(String, String)>,
    pub anonymise: bool,
    pub roster_pin: Option<(String, i64)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportOutcome {
    pub round_id: i64,
    pub added: usize,
    pub replaced: usize,
    /// Rows whose member was already in the round: left as they were, whatever their answers.
    pub already: usize,
}

/// What an import would do, shown before anything is written.
#[derive(Debug, Clone, Serialize)]
pub struct ImportPreview {
    pub file: String,
    pub mapping: Mapping,
    /// Every problem, by row and column; the import is refused unless this is empty.
    pub problems: Vec<String>,
    pub added: usize,
    pub replaced: usize,
    /// The rows whose member is already in the round, located as problems are ("file: row 2,
    /// column 1 (Name): a member of that name is already in this round"): left as they are unless
    /// replacing. Said the same whatever the row's answers.
    pub already: Vec<String>,
    /// The questions no column of the file answers (all left unanswered if imported as it is).
    pub without_column: Vec<ItemWithoutColumn>,
    /// The mapping as a file `--map` reads back next year.
    pub map_file: String,
}

enum Plan {
    New,
    Replace(i64),
    Already,
}

struct Prepared {
    preview: ImportPreview,
    ballots: Vec<(ImportedBallot, Plan)>,
    instrument: Instrument,
    org_id: Option<i64>,
    round_id: Option<i64>,
    /// The key the rows' ids and codes were made with: the organisation's, or for a new one the
    /// key it is created with.
    identity_key: Vec<u8>,
}

/// What is said of every row whose member is already in the round, whatever its answers (core's
/// `parse_csv` says the same).
const ALREADY_IN_ROUND: &str = "a member of that name is already in this round";

/// Why replacing was refused, when the board has no roster PIN to take.
const NO_ROSTER_PIN: &str = "replacing members who are already in the round takes the board's roster PIN, and this board has none yet: set one first (`govmat roster set-pin`, or the Roster screen)";

impl Govmat {
    /// Reads the file at `req.file` and records every row, or nothing at all with every problem
    /// listed. The organisation and round are created when they do not exist yet (in the same
    /// transaction).
    pub fn import_csv(&mut self, req: &ImportRequest) -> Result<ImportOutcome> {
        self.import_file(req, &ImportOptions::default())
    }

    /// As [`Govmat::import_csv`], with a saved mapping or anonymous codes.
    pub fn import_file(
        &mut self,
        req: &ImportRequest,
        opts: &ImportOptions,
    ) -> Result<ImportOutcome> {
        self.unlocked()?;
        let (shown, bytes) = read_import_file(req.file)?;
        self.import_bytes_with(req, opts, &shown, &bytes)
    }

    /// The mapping and what the import would do, writing nothing (`import --dry-run`, and the
    /// desktop's confirmation).
    pub fn preview_import(
        &self,
        req: &ImportRequest,
        opts: &ImportOptions,
    ) -> Result<ImportPreview> {
        self.unlocked()?;
        let (shown, bytes) = read_import_file(req.file)?;
        self.preview_bytes(req, opts, &shown, &bytes)
    }

    /// As [`Govmat::preview_import`], for a file already read.
    pub fn preview_bytes(
        &self,
        req: &ImportRequest,
        opts: &ImportOptions,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<ImportPreview> {
        self.unlocked()?;
        Ok(self.prepare(req, opts, file_name, bytes)?.preview)
    }

    pub fn import_bytes(
        &mut self,
        req: &ImportRequest,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<ImportOutcome> {
        self.import_bytes_with(req, &ImportOptions::default(), file_name, bytes)
    }

    pub fn import_bytes_with(
        &mut self,
        req: &ImportRequest,
        opts: &ImportOptions,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<ImportOutcome> {
        self.unlocked()?;
        let p = self.prepare(req, opts, file_name, bytes)?;
        if !p.preview.problems.is_empty() {
            let lines = &p.preview.problems;
            return Err(Error::Invalid(format!(
                "{}; nothing was imported:\n{}",
                govmat_core::plural(lines.len(), "problem", "problems"),
                lines.join("\n")
            )));
        }
        let (added, replaced, already) =
            (p.preview.added, p.preview.replaced, p.preview.already.len());
        if added + replaced == 0 {
            if let Some(round_id) = p.round_id {
                return Ok(ImportOutcome {
                    round_id,
                    added,
                    replaced,
                    already,
                });
            }
        }
        if replaced > 0 {
            // Replacing deletes answers: the roster PIN first, then a snapshot, as every delete.
            let org_id = p
                .org_id
                .ok_or_else(|| Error::NotFound("no organisation".into()))?;
            self.check_replace_pin(org_id, opts.roster_pin.as_ref())?;
            let names: Vec<&str> = p
                .ballots
                .iter()
                .filter(|(_, plan)| matches!(plan, Plan::Replace(_)))
                .map(|(b, _)| b.respondent.as_str())
                .collect();
            self.snapshot_naming(
                format!(
                    "An import replacing {} in round {}",
                    govmat_core::plural(replaced, "member", "members"),
                    req.round
                ),
                Some((
                    org_id,
                    format!(
                        "An import replacing {} in round {}",
                        names.join(", "),
                        req.round
                    ),
                )),
            )?;
        }
        let round_id = self.write_import(req, p)?;
        Ok(ImportOutcome {
            round_id,
            added,
            replaced,
            already,
        })
    }

    /// Replacing members takes the roster PIN; a board without one is told to set it first.
    fn check_replace_pin(&mut self, org_id: i64, pin: Option<&(String, i64)>) -> Result<()> {
        if !self.roster_has_pin(org_id)? {
            return Err(Error::Forbidden(NO_ROSTER_PIN.into()));
        }
        let Some((pin, now)) = pin else {
            return Err(Error::Forbidden(
                "replacing members who are already in the round takes the board's roster PIN"
                    .into(),
            ));
        };
        self.check_roster_pin(org_id, pin, *now)
    }

    fn prepare(
        &self,
        req: &ImportRequest,
        opts: &ImportOptions,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<Prepared> {
        let org = self.unlocked()?.find_organisation(req.org)?;
        let existing_round = match &org {
            Some(o) => self.unlocked()?.find_round(o.id, req.round)?,
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
        let saved = match &opts.map {
            Some((name, text)) => Some(parse_map(name, text, &instrument).map_err(|ps| {
                let lines: Vec<String> = ps.iter().map(ToString::to_string).collect();
                Error::Invalid(format!(
                    "{} in the mapping file:\n{}",
                    govmat_core::plural(lines.len(), "problem", "problems"),
                    lines.join("\n")
                ))
            })?),
            None => None,
        };
        let spectrum = self.catalogue.spectrum().map(|e| e.instrument.clone());
        let table = read::read_table(file_name, bytes)?;
        // A board's own key; a board this import creates gets a new one, stored with it.
        let identity_key = match &org {
            Some(o) => store::identity_key(&self.unlocked()?.reader(), o.id)?,
            None => crate::secrets::random_bytes::<IDENTITY_KEY_BYTES>()?.to_vec(),
        };
        let parsed = parse_table(
            file_name,
            &table,
            &instrument,
            spectrum.as_ref(),
            ParseOptions {
                saved: saved.as_ref(),
                anonymise: opts.anonymise,
                identity_key: &identity_key,
            },
        );
        let map_file = parsed.mapping.to_toml(&instrument);
        let without_column = parsed.mapping.items_without_column(&instrument);
        let mut preview = ImportPreview {
            file: file_name.to_string(),
            without_column,
            mapping: parsed.mapping,
            problems: Vec::new(),
            added: 0,
            replaced: 0,
            already: Vec::new(),
            map_file,
        };
        preview.problems = parsed.problems.iter().map(ToString::to_string).collect();
        let ballots = parsed.ballots;
        let planned = match &existing_round {
            Some(r) => self.plan(r.id, ballots, req.replace, file_name, &mut preview)?,
            None => ballots.into_iter().map(|b| (b, Plan::New)).collect(),
        };
        for (_, plan) in &planned {
            match plan {
                Plan::New => preview.added += 1,
                Plan::Replace(_) => preview.replaced += 1,
                Plan::Already => {}
            }
        }
        Ok(Prepared {
            preview,
            ballots: planned,
            instrument,
            org_id: org.map(|o| o.id),
            round_id: existing_round.map(|r| r.id),
            identity_key,
        })
    }

    /// Matches each row with a member already in the round (by keyed external id, else name) and
    /// decides what happens to it. Members' answers are never read here: what happens to a row
    /// depends only on whether its member is in the round, never on what they answered.
    fn plan(
        &self,
        round_id: i64,
        ballots: Vec<ImportedBallot>,
        replace: bool,
        file_name: &str,
        preview: &mut ImportPreview,
    ) -> Result<Vec<(ImportedBallot, Plan)>> {
        let members = self.unlocked()?.respondents(round_id)?;
        let external: BTreeMap<String, i64> = self
            .unlocked()?
            .external_ids(round_id)?
            .into_iter()
            .map(|(id, e)| (e, id))
            .collect();
        let mut out = Vec::new();
        for b in ballots {
            let by_ext = b
                .external_id
                .as_ref()
                .and_then(|e| external.get(e))
                .copied();
            let by_name = members
                .iter()
                .find(|m| govmat_core::same_name(&m.name, &b.respondent))
                .map(|m| m.id);
            let plan = match by_ext.or(by_name) {
                None => Plan::New,
                Some(id) if replace => Plan::Replace(id),
                Some(_) => {
                    preview.already.push(
                        ImportProblem {
                            file: file_name.to_string(),
                            row: b.row,
                            column: b.respondent_column.0,
                            header: b.respondent_column.1.clone(),
                            message: ALREADY_IN_ROUND.into(),
                        }
                        .to_string(),
                    );
                    Plan::Already
                }
            };
            out.push((b, plan));
        }
        Ok(out)
    }

    fn write_import(&mut self, req: &ImportRequest, p: Prepared) -> Result<i64> {
        let spectrum_entry = self.catalogue.spectrum().cloned();
        let needs_spectrum = p.ballots.iter().any(|(b, _)| !b.spectrum.is_empty());
        let entry = self
            .catalogue
            .get_version(&p.instrument.id, p.instrument.version)
            .cloned();
        let instrument = &p.instrument;
        // A new round in an existing organisation carries open actions as every new round does.
        let carried = match (p.org_id, p.round_id) {
            (Some(org), None) => self.to_carry(org, &instrument.id, req.date)?,
            _ => Vec::new(),
        };
        let round_id = self.unlocked_mut()?.write(|c| {
            let org_id = match p.org_id {
                Some(id) => id,
                None => {
                    let id = store::create_organisation(c, req.org, false)?;
                    store::set_identity_key(c, id, &p.identity_key)?;
                    id
                }
            };
            let round_id = match p.round_id {
                Some(id) => id,
                None => {
                    let e = entry.as_ref().ok_or_else(|| {
                        store::StoreError::NotFound("questionnaire source missing".into())
                    })?;
                    store::ensure_instrument(c, &e.instrument.id, e.instrument.version, &e.source)?;
                    let id = store::create_round(
                        c,
                        org_id,
                        req.round,
                        req.date,
                        (&e.instrument.id, e.instrument.version),
                    )?;
                    crate::follow_through::carry(c, id, &carried, instrument)?;
                    id
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
            for (b, plan) in &p.ballots {
                match plan {
                    Plan::Already => continue,
                    Plan::Replace(old) => store::delete_respondent(c, *old)?,
                    Plan::New => {}
                }
                let id = store::add_respondent(c, round_id, &b.respondent, b.role)?;
                if let Some(e) = &b.external_id {
                    store::set_external_id(c, id, e)?;
                }
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
            Ok(round_id)
        })?;
        Ok(round_id)
    }

    /// Convenience for the CLI: find or create the round a request names.
    pub fn round_for(
        &mut self,
        org: &str,
        round: &str,
        questionnaire: &str,
        date: &str,
    ) -> Result<i64> {
        let org = match self.unlocked()?.find_organisation(org)? {
            Some(o) => o,
            None => self.create_organisation(org)?,
        };
        if let Some(r) = self.unlocked()?.find_round(org.id, round)? {
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

/// The file's name as shown in messages, and its bytes, refusing a file over
/// [`MAX_IMPORT_BYTES`] before reading it.
pub fn read_import_file(path: &Path) -> Result<(String, Vec<u8>)> {
    let shown = path.display().to_string();
    let meta =
        std::fs::metadata(path).map_err(|e| Error::Io(format!("{shown}: cannot read: {e}")))?;
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(Error::Invalid(format!(
            "{shown}: file is {} bytes; the limit is {MAX_IMPORT_BYTES}",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::Io(format!("{shown}: cannot read: {e}")))?;
    Ok((shown, bytes))
}

pub(crate) use read::read_table;
