//! What a report's sections write into, whatever the file: headings, paragraphs, tables and
//! charts in reading order. The PDF lays these out on pages (`pdf::layout`); the Word file
//! turns them into styled paragraphs and real tables (`docx`). One set of section functions
//! serves both, so the two documents say the same thing in the same order.

/// A table column: its heading, width in points (on the PDF's A4 page) and alignment.
pub use crate::pdf::Column;
pub use crate::pdf::TextAlign;

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
