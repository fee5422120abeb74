//! govmat-report: what people look at — SVG charts, the PDF report, and spreadsheet-safe exports.
//!
//! Everything here is a pure function of scored data handed in by the caller; it reads no
//! database and no clock.

pub mod cells;
pub mod charts;
pub mod docx;
pub mod flow;
pub mod pdf;
pub mod provenance;
pub mod xlsx;
