//! Imports into a round that exists, as the window makes them: the preview and the import read
//! through a mapping file's text (a saved mapping, and the uses the person chose for columns,
//! which `import_map_with` turns into that text through core's `SavedMap::from_choices`, so the
//! window and the CLI's `--map` share one format), and the replace that takes the roster PIN.

use std::path::Path;

use govmat_core::{parse_map, ImportProblem, SavedMap};
use govmat_store as store;

use super::{ImportOptions, ImportOutcome, ImportPreview, ImportRequest};
use crate::error::{Error, Result};
use crate::Govmat;

impl Govmat {
    /// As [`Govmat::import_bytes_into_round`], replacing the members of the file who are already
    /// in the round: the desktop's import with "replace" ticked. Takes the board's roster PIN
    /// (given at `now`, Unix seconds) and snapshots the database before anything is replaced.
    pub fn replace_bytes_into_round(
        &mut self,
        round_id: i64,
        file_name: &str,
        bytes: &[u8],
        pin: &str,
        now: i64,
    ) -> Result<ImportOutcome> {
        let (org, round) = self.round_names(round_id)?;
        let req = round_request(&org, &round, file_name, true);
        let opts = ImportOptions {
            roster_pin: Some((pin.to_string(), now)),
            ..ImportOptions::default()
        };
        self.import_bytes_with(&req, &opts, file_name, bytes)
    }

    /// The window's import into an existing round, shown before it writes: as
    /// [`Govmat::preview_bytes_into_round`], read through a mapping (`map`: its name for messages
    /// and its text, a mapping file's TOML) that overrides the guess for the columns it names.
    pub fn preview_in_round(
        &self,
        round_id: i64,
        file_name: &str,
        bytes: &[u8],
        replace: bool,
        map: Option<&(String, String)>,
    ) -> Result<ImportPreview> {
        self.unlocked()?;
        let (org, round) = self.round_names(round_id)?;
        let req = round_request(&org, &round, file_name, replace);
        let opts = ImportOptions {
            map: map.cloned(),
            ..ImportOptions::default()
        };
        self.preview_bytes(&req, &opts, file_name, bytes)
    }

    /// Imports what [`Govmat::preview_in_round`] showed, all or nothing. Replacing members takes
    /// the roster PIN (`pin`, with the time it is given in Unix seconds).
    pub fn import_in_round(
        &mut self,
        round_id: i64,
        file_name: &str,
        bytes: &[u8],
        replace: bool,
        map: Option<&(String, String)>,
        pin: Option<(String, i64)>,
    ) -> Result<ImportOutcome> {
        self.unlocked()?;
        let (org, round) = self.round_names(round_id)?;
        let req = round_request(&org, &round, file_name, replace);
        let opts = ImportOptions {
            map: map.cloned(),
            roster_pin: pin,
            ..ImportOptions::default()
        };
        self.import_bytes_with(&req, &opts, file_name, bytes)
    }

    /// A mapping file's text for a round's questionnaire: `base` (a mapping file's text, or none)
    /// with the uses chosen for columns by their header over it (`"ignore"`, an item id, `"role"`,
    /// `"comment:<item id>"`, … as the file spells them). A choice that names no use refuses the
    /// whole change, every such choice listed.
    pub fn import_map_with(
        &self,
        round_id: i64,
        base: Option<&(String, String)>,
        choices: &[(String, String)],
    ) -> Result<String> {
        self.unlocked()?;
        let round = self.unlocked()?.round(round_id)?;
        let instrument = self.instrument_of(&round)?;
        let listed = |ps: Vec<ImportProblem>| {
            let lines: Vec<String> = ps.iter().map(|p| p.message.clone()).collect();
            Error::Invalid(format!(
                "{} in the mapping:\n{}",
                govmat_core::plural(lines.len(), "problem", "problems"),
                lines.join("\n")
            ))
        };
        let base = match base {
            Some((name, text)) => parse_map(name, text, &instrument).map_err(listed)?,
            None => SavedMap::default(),
        };
        let chosen = SavedMap::from_choices(choices, &instrument).map_err(listed)?;
        Ok(base.with(chosen).to_toml(&instrument))
    }

    fn round_names(&self, round_id: i64) -> Result<(String, store::RoundRow)> {
        let round = self.unlocked()?.round(round_id)?;
        let org = self.unlocked()?.organisation(round.organisation_id)?;
        Ok((org.name, round))
    }
}

/// The request for importing into a round that exists.
fn round_request<'a>(
    org: &'a str,
    round: &'a store::RoundRow,
    file_name: &'a str,
    replace: bool,
) -> ImportRequest<'a> {
    ImportRequest {
        org,
        round: &round.name,
        questionnaire: &round.instrument_id,
        date: &round.date,
        file: Path::new(file_name),
        replace,
    }
}
