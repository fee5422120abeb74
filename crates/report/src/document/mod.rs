//! What a report says, in order, whatever the file: the data a report is made from
//! ([`ReportData`]), the sections that write it (`sections.rs`, `record.rs`, `benchmark.rs`, and the
//! two-page board summary with its fitting in `summary.rs`), and what they write into ([`Flow`]:
//! headings, paragraphs, tables and charts in reading order). The PDF (`crate::pdf`) lays a flow
//! out on pages; the Word file (`crate::docx`) turns it into styled paragraphs and real tables. One
//! set of section functions serves both, so the two documents say the same thing in the same order.
//! Nothing here knows a file format.

// The appendix and the provenance block.
pub(crate) mod appendix;
pub(crate) mod benchmark;
// Did we do what we said, and decisions changed after the away-day (issue 27).
pub(crate) mod record;
pub(crate) mod sections;
pub(crate) mod summary;

use std::collections::BTreeMap;

use govmat_core::{
    AnonymousComment, Comparison, Decision, Instrument, RoundScore, SpectrumSummary, Trend,
};

use crate::charts::Drawing;
use crate::provenance::Provenance;

pub use record::{follow_through_sentence, FollowThroughReport, LateChange, ReviewLine};
pub use summary::SummaryFit;

/// The width tables and charts are designed for, in points: an A4 page less its margins (the PDF
/// lays it out so; the Word file scales from it).
pub const CONTENT_W: f32 = 595.28 - 2.0 * 56.0;

/// A date as a UK reader writes it: `2027-03-31` (and anything after it, such as a time) becomes
/// `31/03/2027`, the rest kept; text that does not start with such a date is left as it is.
pub fn uk_date(text: &str) -> String {
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
    {
        format!(
            "{}/{}/{}{}",
            &text[8..10],
            &text[5..7],
            &text[0..4],
            &text[10..]
        )
    } else {
        text.to_string()
    }
}

/// Text colours, RGB from 0 to 1.
pub const INK: (f32, f32, f32) = (0.13, 0.16, 0.19);
pub const MUTED: (f32, f32, f32) = (0.29, 0.33, 0.37);
pub const BLUE: (f32, f32, f32) = (0.0, 0.369, 0.722);

/// How a table column's text sits.
#[derive(Clone, Copy)]
pub enum Align {
    Left,
    Right,
    Center,
}

/// The same, by the name the renderers use.
pub use Align as TextAlign;

/// A table column: its heading, width in points (of [`CONTENT_W`]) and alignment.
pub struct Column {
    pub title: String,
    pub width: f32,
    pub align: Align,
}

/// A raster image (RGB8), e.g. a consultant's logo.
#[derive(Debug, Clone)]
pub struct Image {
    pub rgb: Vec<u8>,
    pub width: usize,
    pub height: usize,
}

/// Who hands the report over: from a small branding file chosen by the consultant.
#[derive(Debug, Clone, Default)]
pub struct Brand {
    pub prepared_by: Option<String>,
    pub consultant: Option<String>,
    pub logo: Option<Image>,
}

#[derive(Debug, Clone)]
pub struct ActionLine {
    pub item: String,
    pub text: String,
    pub owner: String,
    pub due: String,
    pub status: String,
    pub carried: bool,
    /// Still to do (open or in progress), as opposed to done or dropped.
    pub open: bool,
}

/// Charts as vector marks; any may be absent.
#[derive(Debug, Clone, Default)]
pub struct Charts {
    pub radar: Option<Drawing>,
    /// One per area, in area order.
    pub area_bars: Vec<Option<Drawing>>,
    pub heatmap: Option<Drawing>,
    pub spectrum: Option<Drawing>,
    pub trend: Option<Drawing>,
    pub benchmark: Option<Drawing>,
}

pub struct ReportData<'a> {
    pub organisation: &'a str,
    pub round: &'a str,
    pub date: &'a str,
    pub instrument: &'a Instrument,
    pub score: &'a RoundScore,
    /// The smallest role group whose figures are shown (the anonymity rule in force).
    pub min_group: usize,
    pub decisions: &'a BTreeMap<String, Decision>,
    /// Comments by item id, as the anonymity rule lets them be printed: no name, no code, a role
    /// group only where that group is large enough.
    pub comments: BTreeMap<&'a str, &'a [AnonymousComment]>,
    pub actions: Vec<ActionLine>,
    pub spectrum: Option<(&'a Instrument, &'a SpectrumSummary)>,
    /// The round compared against, by name, and the comparison.
    pub comparison: Option<(&'a str, &'a Comparison)>,
    pub trend: Option<&'a Trend>,
    pub brand: Brand,
    pub charts: Charts,
    /// How this report was made, printed on its last page.
    pub provenance: &'a Provenance,
    /// Last round's actions as they stand, when this round follows one (issue 27).
    pub follow_through: Option<FollowThroughReport>,
    /// Follow-through of each round of the trend, by round name (rounds without one left out).
    pub follow_through_trend: Vec<(String, govmat_core::FollowThrough)>,
    /// Decisions changed after the round's date, oldest first.
    pub late_changes: Vec<LateChange>,
    /// The board among other boards' results, when the report compares it (issue 26).
    pub benchmark: Option<&'a govmat_core::BenchmarkView>,
}

/// The charts a report places, by role; each writer holds its own rendering of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKey {
    Radar,
    /// The item bars of the area at this index.
    AreaBars(usize),
    Heatmap,
    Spectrum,
    Trend,
    /// The board among other boards' results (issue 26).
    Benchmark,
}

/// The flowing content of a report. Sizes are in points and colours are RGB from 0 to 1, as the
/// PDF uses them; a writer may map them to its own styles.
pub trait Flow {
    /// A section heading: level 1 starts a new page in print, level 2 is a sub-heading.
    fn heading(&mut self, title: &str, level: u8);
    fn paragraph(
        &mut self,
        text: &str,
        size: f32,
        bold: bool,
        colour: (f32, f32, f32),
        indent: f32,
    );
    fn table(&mut self, columns: &[Column], rows: &[Vec<String>], size: f32);
    /// The chart, `width` points wide, if this report has one for `key`.
    fn chart(&mut self, key: ChartKey, width: f32);
    /// Keeps the next `height` points together (a page break before them in print if needed).
    fn keep(&mut self, height: f32);
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_written_as_a_uk_reader_writes_them() {
        assert_eq!(super::uk_date("2027-03-31"), "31/03/2027");
        assert_eq!(
            super::uk_date("2026-12-05 07:32 +00:00"),
            "05/12/2026 07:32 +00:00"
        );
        assert_eq!(super::uk_date("soon"), "soon", "not a date: kept as it is");
        assert_eq!(super::uk_date(""), "");
    }
}
