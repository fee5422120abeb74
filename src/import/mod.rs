//! Importing a Forms export (XLSX or CSV) or govmat's own CSV into a round, all or nothing.
//!
//! `read.rs` turns the file into a table; core maps its headers and reads its cells. Here the
//! rows are matched with the members already in the round (by the hashed response id or email,
//! else by name): a member whose answers are the same is left alone, so importing the same export
//! twice adds nothing; one whose answers differ is refused unless `replace` is given. The preview
//! shows the mapping and what would happen without writing; the import writes in one transaction.

mod decisions;
mod read;

use std::collections::BTreeMap;
use std::path::Path;

use govmat_core::{
    parse_map, parse_table, Answer, ImportedBallot, Instrument, Kind, Mapping, ParseOptions,
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
    /// Replace members who already answered in this round instead of refusing the file.
    pub replace: bool,
}

/// How to read the file: a saved mapping (its file name, for messages, and text) and whether
/// members' names are replaced by anonymous codes.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub map: Option<(String, String)>,
    pub anonymise: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportOutcome {
    pub round_id: i64,
    pub added: usize,
    pub replaced: usize,
    /// Members already in the round with the same answers: left as they were.
    pub unchanged: usize,
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
    pub unchanged: usize,
    /// The mapping as a file `--map` reads back next year.
    pub map_file: String,
}

enum Plan {
    New,
    Replace(i64),
    Unchanged,
}

struct Prepared {
    preview: ImportPreview,
    ballots: Vec<(ImportedBallot, Plan)>,
    instrument: Instrument,
    org_id: Option<i64>,
    round_id: Option<i64>,
}

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
        self.guard()?;
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
        self.guard()?;
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
        self.guard()?;
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
        self.guard()?;
        let p = self.prepare(req, opts, file_name, bytes)?;
        if !p.preview.problems.is_empty() {
            let lines = &p.preview.problems;
            let hint = if lines.iter().any(|l| l.contains("has already answered")) {
                " (members who already answered can be overwritten with --replace)"
            } else {
                ""
            };
            return Err(Error::Invalid(format!(
                "{}; nothing was imported{hint}:\n{}",
                govmat_core::plural(lines.len(), "problem", "problems"),
                lines.join("\n")
            )));
        }
        let (added, replaced, unchanged) =
            (p.preview.added, p.preview.replaced, p.preview.unchanged);
        if added + replaced == 0 {
            if let Some(round_id) = p.round_id {
                return Ok(ImportOutcome {
                    round_id,
                    added,
                    replaced,
                    unchanged,
                });
            }
        }
        let round_id = self.write_import(req, p)?;
        Ok(ImportOutcome {
            round_id,
            added,
            replaced,
            unchanged,
        })
    }

    fn prepare(
        &self,
        req: &ImportRequest,
        opts: &ImportOptions,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<Prepared> {
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
        let parsed = parse_table(
            file_name,
            &table,
            &instrument,
            spectrum.as_ref(),
            ParseOptions {
                saved: saved.as_ref(),
                anonymise: opts.anonymise,
            },
        );
        let map_file = parsed.mapping.to_toml(&instrument);
        let mut preview = ImportPreview {
            file: file_name.to_string(),
            mapping: parsed.mapping,
            problems: Vec::new(),
            added: 0,
            replaced: 0,
            unchanged: 0,
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
                Plan::Unchanged => preview.unchanged += 1,
            }
        }
        Ok(Prepared {
            preview,
            ballots: planned,
            instrument,
            org_id: org.map(|o| o.id),
            round_id: existing_round.map(|r| r.id),
        })
    }

    /// Matches each row with a member already in the round and decides what happens to it.
    fn plan(
        &self,
        round_id: i64,
        ballots: Vec<ImportedBallot>,
        replace: bool,
        file_name: &str,
        preview: &mut ImportPreview,
    ) -> Result<Vec<(ImportedBallot, Plan)>> {
        let members = self.store.respondents(round_id)?;
        let external: BTreeMap<String, i64> = self
            .store
            .external_ids(round_id)?
            .into_iter()
            .map(|(id, e)| (e, id))
            .collect();
        let mut stored: BTreeMap<i64, BTreeMap<String, (Answer, String)>> = BTreeMap::new();
        for r in self.store.responses(round_id)? {
            stored
                .entry(r.respondent_id)
                .or_default()
                .insert(r.item_id, (r.answer, r.comment));
        }
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
            let Some(id) = by_ext.or(by_name) else {
                out.push((b, Plan::New));
                continue;
            };
            let member = members.iter().find(|m| m.id == id);
            let same = member.is_some_and(|m| {
                m.role == b.role && govmat_core::same_name(&m.name, &b.respondent)
            }) && stored.get(&id).cloned().unwrap_or_default() == answers_of(&b);
            let plan = if same {
                Plan::Unchanged
            } else if replace {
                Plan::Replace(id)
            } else {
                preview.problems.push(
                    govmat_core::ImportProblem {
                        file: file_name.to_string(),
                        row: b.row,
                        column: b.respondent_column.0,
                        header: b.respondent_column.1.clone(),
                        message: format!(
                            "\"{}\" has already answered in this round, with other answers",
                            b.respondent
                        ),
                    }
                    .to_string(),
                );
                Plan::Unchanged
            };
            out.push((b, plan));
        }
        // One list for the whole file, in row order, whichever check found each problem.
        preview.problems.sort_by_key(|p| row_of(p));
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
        let round_id = self.store.write(|c| {
            let org_id = match p.org_id {
                Some(id) => id,
                None => store::create_organisation(c, req.org, false)?,
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
                    Plan::Unchanged => continue,
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

/// The row number in a problem line ("file: row N…"), to keep the list in file order.
fn row_of(line: &str) -> usize {
    line.split_once(": row ")
        .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// A row's answers as the store keeps them: only items answered or commented on.
fn answers_of(b: &ImportedBallot) -> BTreeMap<String, (Answer, String)> {
    let mut out = BTreeMap::new();
    for (id, a) in &b.answers {
        let comment = b.comments.get(id).cloned().unwrap_or_default();
        if *a != Answer::Unanswered || !comment.is_empty() {
            out.insert(id.clone(), (*a, comment));
        }
    }
    for (id, c) in &b.comments {
        out.entry(id.clone())
            .or_insert((Answer::Unanswered, c.clone()));
    }
    out
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
