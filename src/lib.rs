//! govmat: the use-case API that the CLI and the desktop shell both call.
//!
//! Each public method of [`Govmat`] is one thing a board, facilitator or consultant does: create a
//! round, record an answer, import a Forms export, agree a score, read a summary. It validates
//! input against the round's instrument, writes through `govmat-store` in one transaction, and
//! scores with `govmat-core`. It never names Tauri, and it never reads the clock: dates come in.

mod ballot;
// The benchmark library: a board among its peers' packs (issue 26).
mod benchmark;
// The open board and the doors into its database (the collection lock as a type).
mod board;
mod catalogue;
// The provider collaborative: shared results packs and the partners side by side.
mod collaborative;
mod collection;
// The results dashboard's lean view.
mod dashboard;
mod demo;
mod error;
mod export;
mod files;
// Did we do what we said: last round's actions reviewed (issue 27).
mod follow_through;
mod forms;
// The decision history, read and checked (issue 27).
mod history;
pub use history::local_text;
mod import;
// Collection on members' own devices over the room's network.
mod lan;
// Paper ballots: printed before or during collection, and a keying cancelled (issue 29 §3).
mod paper;
mod provenance;
// A damaged database: the copies govmat kept, and restoring one without opening the file.
mod recovery;
mod reports;
mod roster;
mod rounds;
mod safety;
mod secrets;
mod session;
mod views;

use std::path::PathBuf;

pub use ballot::{BallotForm, BallotKey, OwnAnswer, OwnBallot, OwnPosition, StartedBallot};
pub use benchmark::{BenchmarkAdd, BenchmarkEntry};
pub use board::{Govmat, Unlocked, UnlockedMut, DURING_COLLECTION};
pub use catalogue::{read_questionnaire, Catalogue, Entry, MAX_QUESTIONNAIRE_BYTES};
pub use collaborative::{PackFile, PackImport, MAX_PACK_BYTES};
pub use collection::{
    CollectionStatus, ProgressMember, DEFAULT_EXPECTED_MEMBERS, FREE_TRIES, MAX_EXPECTED_MEMBERS,
    MAX_TIME_BOX_MINUTES,
};
pub use dashboard::{DashboardArea, DashboardGap, DashboardView};
pub use error::{Error, ErrorBody, Result};
pub use export::ExportFormat;
pub use files::{bare_file_name, file_stem_of, write_atomically};
pub use follow_through::{ActionChange, Review, ReviewedAction, RoundFollowThrough};
pub use forms::{FormsTemplate, ROLE_QUESTION};
pub use history::{DecisionHistory, HistoryLine};
pub use import::{
    read_import_file, DecisionsOutcome, ImportOptions, ImportOutcome, ImportPreview, ImportRequest,
    MAX_IMPORT_BYTES,
};
// Forms import (issue 13): the mapping shown before an import writes anything.
pub use govmat_core::{column_letter, ColumnUse, ItemWithoutColumn, MappedColumn, Mapping};
// The board roster: one member whatever the spelling.
pub use govmat_core::{display_name, name_key, same_name};
pub use lan::{
    qr_svg, reachable_addresses, room_adapter, virtual_adapter, virtual_description,
    windows_adapters, Adapter, DeviceProgress, ItemReceived, LanOptions, LanServer, Phase,
};
pub use paper::{PaperBallots, PaperCodes, MAX_PAPER_BALLOTS};
pub use provenance::{Provenance, DATA_COVERS};
pub use recovery::{recover, recover_from, recovery_copies, RecoveryCopy};
pub use reports::{read_brand, ReportKind, ReportOptions, CHART_KINDS};
pub use roster::{MergeConflict, MergePlan, RosterEntry, RosterImport, RoundState};
pub use rounds::{NewRound, RoundRef};
pub use safety::{Snapshot, KEEP_SNAPSHOTS};
pub use views::{
    ActionView, AgreeView, InstrumentOutline, ItemView, OrganisationView, ResultsView, RevealView,
    RoundView, SpectrumView, Summary, SummaryArea, SummaryItem,
};

// The domain and row types that cross the API, named here one by one: callers never reach the
// store or the core crates themselves.
pub use govmat_core::{
    parse_answer, Answer, Comparison, Decision, Instrument, Kind, Position, Role, RoundScore, Trend,
};
pub use govmat_core::{
    AspirationDistance, Cell, CollaborativeView, Pack, PackArea, PackDimension, PackInstrument,
    PackItem, PackSpectrum, PartnerPoint, PartnerRound, PartnerTrend, PerceptionGap, SideArea,
    SideDimension, SideItem, SpectrumSideBySide, Spread, PACK_SCHEMA, PERCEPTION_GAP,
};
pub use govmat_core::{
    BenchmarkQuestionnaire, BenchmarkView, Figures, PlacedPart, Placing, Quartiles, MIN_PEERS,
};
pub use govmat_core::{FollowThrough, HistoryProblem, Origin};
pub use govmat_report::document::Brand;
pub use govmat_store::CollaborativeRow;
pub use govmat_store::{ActionRow, ActionStatus, NewAction, Organisation, RoundRow, RoundStatus};

impl Govmat {
    /// An organisation's rounds, oldest first.
    pub fn rounds(&self, organisation_id: i64) -> Result<Vec<RoundRow>> {
        self.unlocked()?;
        Ok(self.unlocked()?.rounds(organisation_id)?)
    }

    /// The id of the member who answered under `name` in a round, for data entered by hand.
    pub fn member_id(&self, round_id: i64, name: &str) -> Result<Option<i64>> {
        self.unlocked()?;
        Ok(self
            .unlocked()?
            .respondents(round_id)?
            .into_iter()
            .find(|r| govmat_core::same_name(&r.name, name))
            .map(|r| r.id))
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

/// Seconds since 1970 by the system clock. Only the binaries call this; the API takes time as input.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Today's date as YYYY-MM-DD (UTC). Only the binaries call this; the API takes dates as input.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    civil_from_days(secs.div_euclid(86_400))
}

/// The machine's UTC offset, read once by [`capture_local_offset`].
static LOCAL_OFFSET: std::sync::OnceLock<time::UtcOffset> = std::sync::OnceLock::new();

/// Reads the machine's time zone offset and keeps it for [`now_local`]. Call it first thing in
/// `main`, before any thread starts: on Unix, `time` reads the zone only while the process has
/// one thread (another thread could be changing the environment under `localtime_r`), and
/// refuses otherwise. Where it cannot be read the offset is UTC, and `now_local` says `+00:00`,
/// which is still true of the instant it prints. Returns the offset kept.
pub fn capture_local_offset() -> time::UtcOffset {
    *LOCAL_OFFSET
        .get_or_init(|| time::UtcOffset::current_local_offset().unwrap_or(time::UtcOffset::UTC))
}

/// The offset [`capture_local_offset`] kept (UTC if it was never called).
pub(crate) fn local_offset() -> time::UtcOffset {
    LOCAL_OFFSET.get().copied().unwrap_or(time::UtcOffset::UTC)
}

/// Now as `YYYY-MM-DD HH:MM ±HH:MM` in local time (the offset [`capture_local_offset`] kept;
/// UTC if it was never called): what a report prints as its produced time. Only the binaries
/// call this; the API takes time as input.
pub fn now_local() -> String {
    let offset = LOCAL_OFFSET.get().copied().unwrap_or(time::UtcOffset::UTC);
    local_time(time::OffsetDateTime::now_utc().to_offset(offset))
}

/// A moment written as [`now_local`] writes it.
pub fn local_time(t: time::OffsetDateTime) -> String {
    let o = t.offset();
    let sign = if o.is_negative() { '-' } else { '+' };
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} {sign}{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        o.whole_hours().unsigned_abs(),
        o.minutes_past_hour().unsigned_abs()
    )
}

/// Now as `YYYYMMDD-HHMMSS` in local time, for a file name (a damaged database kept aside). Only
/// the binaries call this; the API takes it as input.
pub fn file_stamp() -> String {
    let t = time::OffsetDateTime::now_utc().to_offset(local_offset());
    format!(
        "{:04}{:02}{:02}-{:02}{:02}{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Unix seconds as `DD/MM/YYYY HH:MM` in local time, as a UK reader writes them.
pub fn local_date_time(secs: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(secs)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .to_offset(local_offset());
    format!(
        "{:02}/{:02}/{:04} {:02}:{:02}",
        t.day(),
        u8::from(t.month()),
        t.year(),
        t.hour(),
        t.minute()
    )
}

/// Noon (UTC) of a `YYYY-MM-DD` date in seconds since 1970; 0 when the text is not such a date.
pub(crate) fn noon_utc(date: &str) -> i64 {
    let part = |r: std::ops::Range<usize>| date.get(r).and_then(|p| p.parse::<i32>().ok());
    let (Some(y), Some(m), Some(d)) = (part(0..4), part(5..7), part(8..10)) else {
        return 0;
    };
    let day = u8::try_from(m)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok())
        .zip(u8::try_from(d).ok())
        .and_then(|(m, d)| time::Date::from_calendar_date(y, m, d).ok());
    day.map_or(0, |day| {
        day.with_hms(12, 0, 0)
            .map_or(0, |t| t.assume_utc().unix_timestamp())
    })
}

/// The UTC date `days` days after 1970-01-01, as `YYYY-MM-DD`.
fn civil_from_days(days: i64) -> String {
    let d = time::OffsetDateTime::from_unix_timestamp(days * 86_400)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

#[cfg(test)]
mod tests {
    #[test]
    fn noon_of_a_date_is_the_inverse_of_civil_from_days() {
        for days in [0, 11_016, 20_517] {
            let date = super::civil_from_days(days);
            assert_eq!(super::noon_utc(&date), days * 86_400 + 43_200, "{date}");
        }
        assert_eq!(super::noon_utc("not a date"), 0);
        assert_eq!(super::noon_utc("2026-02-30"), 0, "no such day");
    }

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
