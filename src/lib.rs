//! govmat: the use-case API that the CLI and the desktop shell both call.
//!
//! Each public method of [`Govmat`] is one thing a board, facilitator or consultant does: create a
//! round, record an answer, import a Forms export, agree a score, read a summary. It validates
//! input against the round's instrument, writes through `govmat-store` in one transaction, and
//! scores with `govmat-core`. It never names Tauri, and it never reads the clock: dates come in.

mod catalogue;
mod demo;
mod error;
mod export;
mod import;
mod reports;
mod rounds;
pub mod session;
mod views;

use std::path::{Path, PathBuf};

pub use catalogue::{read_questionnaire, Catalogue, Entry, MAX_QUESTIONNAIRE_BYTES};
pub use error::{Error, ErrorBody, Result};
pub use export::{export_csv, export_json, member_codes};
pub use import::{ImportOutcome, ImportRequest, MAX_IMPORT_BYTES};
pub use reports::{read_brand, ReportOptions, CHART_KINDS};
pub use rounds::{NewRound, RoundRef};
pub use views::{
    ActionView, AgreeView, InstrumentOutline, ItemView, OrganisationView, RoundView, Summary,
    SummaryArea, SummaryItem,
};

pub use govmat_core as core;
pub use govmat_report as report;
pub use govmat_store as store;

/// The open database and the instruments on offer.
pub struct Govmat {
    pub store: govmat_store::Store,
    pub catalogue: Catalogue,
    /// Round scores already computed, so a trend rescores only the rounds that changed.
    scores: std::cell::RefCell<views::ScoreCache>,
}

impl Govmat {
    pub fn open(db: &Path, questionnaires: Option<&Path>) -> Result<Govmat> {
        let catalogue = Catalogue::with_folder(questionnaires)?;
        let store = govmat_store::Store::open(db)?;
        Ok(Govmat {
            store,
            catalogue,
            scores: Default::default(),
        })
    }
}

/// Where the database lives unless `--db`/`GOVMAT_DB` say otherwise.
pub fn default_db_path() -> PathBuf {
    data_dir().join("govmat.db")
}

/// The consultant's own questionnaire folder.
pub fn default_questionnaire_dir() -> PathBuf {
    data_dir().join("questionnaires")
}

fn data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("govmat")
}

/// Today's date as YYYY-MM-DD (UTC). Only the binaries call this; the API takes dates as input.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    civil_from_days(secs.div_euclid(86_400))
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's well-known method).
fn civil_from_days(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates_match_known_days() {
        assert_eq!(super::civil_from_days(0), "1970-01-01");
        assert_eq!(
            super::civil_from_days(20_517),
            "2026-03-05",
            "a recent date after a leap year"
        );
        assert_eq!(
            super::civil_from_days(11_016),
            "2000-02-29",
            "the 2000 leap day"
        );
    }
}
