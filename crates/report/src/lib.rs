//! govmat-report: what people look at — SVG charts, the PDF report, and spreadsheet-safe exports.
//!
//! Everything here is a pure function of scored data handed in by the caller; it reads no
//! database and no clock.
//!
//! `document/` is what a report says; `pdf/` and `docx.rs` are its two renderers; `charts/` sits
//! below all three. No module cycle: document uses charts and provenance; pdf and docx use
//! document, charts and fonts; charts use fonts.

pub mod cells;
pub mod charts;
pub mod document;
pub mod docx;
// The embedded fonts, for measuring and drawing charts and for the PDF.
pub(crate) mod fonts;
pub mod pdf;
pub mod provenance;
pub mod xlsx;
