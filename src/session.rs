//! The away-day session around the ballot: the spectrum form, importing into a round that is
//! already open, opening or closing a round, and names for exported files.
//!
//! These are use cases the CLI reaches by names (`--org`, `--round`) and the app reaches by ids.
//! The private ballot itself lives in `ballot.rs`.

use std::path::Path;

use govmat_core::Instrument;
use govmat_store::RoundStatus;

use crate::error::{Error, Result};
use crate::files::file_stem_of;
use crate::import::{read_import_file, ImportOptions, ImportOutcome, ImportPreview, ImportRequest};
use crate::Govmat;

impl Govmat {
    /// The spectrum a round's positions are recorded on: the one already stored with the round,
    /// else the newest installed spectrum (which the first saved position then ties to the round).
    pub fn spectrum_form(&self, round_id: i64) -> Result<Option<Instrument>> {
        let round = self.during_collection().round(round_id)?;
        match self.spectrum_of(&round)? {
            Some(s) => Ok(Some(s)),
            None => Ok(self.catalogue.spectrum().map(|e| e.instrument.clone())),
        }
    }

    /// Imports a Forms export (CSV or XLSX) into an existing round, all or nothing.
    pub fn import_into_round(
        &mut self,
        round_id: i64,
        file: &Path,
        replace: bool,
    ) -> Result<ImportOutcome> {
        self.unlocked()?;
        let (shown, bytes) = read_import_file(file)?;
        self.import_bytes_into_round(round_id, &shown, &bytes, replace)
    }

    /// The mapping and what importing `file` into the round would do, writing nothing.
    pub fn preview_into_round(
        &self,
        round_id: i64,
        file: &Path,
        replace: bool,
    ) -> Result<ImportPreview> {
        self.unlocked()?;
        let (shown, bytes) = read_import_file(file)?;
        self.preview_bytes_into_round(round_id, &shown, &bytes, replace)
    }

    /// What the desktop shows for confirmation: the mapping and what importing these bytes (the
    /// file as read once, named `file_name` in messages) would do, writing nothing. The same bytes
    /// go to [`Govmat::import_bytes_into_round`] when the person confirms, so what was shown is
    /// what is imported even if the file changes on disk in between.
    pub fn preview_bytes_into_round(
        &self,
        round_id: i64,
        file_name: &str,
        bytes: &[u8],
        replace: bool,
    ) -> Result<ImportPreview> {
        self.unlocked()?;
        let round = self.unlocked()?.round(round_id)?;
        let org = self.unlocked()?.organisation(round.organisation_id)?;
        let req = ImportRequest {
            org: &org.name,
            round: &round.name,
            questionnaire: &round.instrument_id,
            date: &round.date,
            file: Path::new(file_name),
            replace,
        };
        self.preview_bytes(&req, &ImportOptions::default(), file_name, bytes)
    }

    /// Imports a Forms export's bytes into an existing round, all or nothing.
    pub fn import_bytes_into_round(
        &mut self,
        round_id: i64,
        file_name: &str,
        bytes: &[u8],
        replace: bool,
    ) -> Result<ImportOutcome> {
        self.unlocked()?;
        let round = self.unlocked()?.round(round_id)?;
        let org = self.unlocked()?.organisation(round.organisation_id)?;
        let req = ImportRequest {
            org: &org.name,
            round: &round.name,
            questionnaire: &round.instrument_id,
            date: &round.date,
            file: Path::new(file_name),
            replace,
        };
        self.import_bytes(&req, file_name, bytes)
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
        Ok(self.during_collection().organisations()?.is_empty())
    }

    /// A file name for a round's export: organisation and round, with characters that file
    /// systems refuse replaced, so the save dialog opens with a sensible suggestion.
    pub fn export_file_name(&self, round_id: i64, extension: &str) -> Result<String> {
        self.round_file_name(round_id, "", extension)
    }

    /// A file name for something made from a round: "Organisation - Round - what.extension"
    /// ("Organisation - Round.extension" when `what` is empty), every part through
    /// [`crate::files::file_stem_of`].
    pub fn round_file_name(&self, round_id: i64, what: &str, extension: &str) -> Result<String> {
        // Letters and digits, with inner hyphens (`govmat-pack`): never a path or a second dot.
        let plain = extension
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !extension.starts_with('-')
            && !extension.ends_with('-');
        if extension.is_empty() || !plain {
            return Err(Error::Invalid(format!(
                "\"{extension}\" is not a file extension"
            )));
        }
        let stem = self.file_stem(round_id)?;
        Ok(match file_stem_of(what) {
            what if what.is_empty() => format!("{stem}.{extension}"),
            what => format!("{stem} - {what}.{extension}"),
        })
    }

    /// "Organisation - Round" with the characters file systems refuse replaced.
    fn file_stem(&self, round_id: i64) -> Result<String> {
        let round = self.during_collection().round(round_id)?;
        let org = self
            .during_collection()
            .organisation(round.organisation_id)?;
        Ok(file_stem_of(&format!("{} - {}", org.name, round.name)))
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
    fn export_file_names_replace_characters_file_systems_refuse() {
        let (_dir, g, round) = board();
        assert_eq!(
            g.export_file_name(round, "pdf").expect("a name"),
            "Vale -Trust- - Q1-2026.pdf"
        );
        assert_eq!(
            g.export_file_name(round, "govmat-pack").expect("a name"),
            "Vale -Trust- - Q1-2026.govmat-pack"
        );
        for bad in ["../x", "", "-pdf", "pdf-", "tar.gz", "a/b"] {
            assert!(g.export_file_name(round, bad).is_err(), "{bad:?}");
        }
        // Paper ballots, the form's questions and the summary name what they are, by one rule.
        assert_eq!(
            g.round_file_name(round, "paper ballots", "pdf")
                .expect("a name"),
            "Vale -Trust- - Q1-2026 - paper ballots.pdf"
        );
        assert_eq!(
            g.round_file_name(round, " a/b: ", "txt").expect("a name"),
            "Vale -Trust- - Q1-2026 - a-b.txt"
        );
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
