//! Turning an export file into a table of text cells: XLSX (Microsoft Forms), or CSV in UTF-8
//! (with or without a byte-order mark) or UTF-16 (Excel's "Unicode text" and some locales' CSV).
//!
//! This is the IO side of the import; the mapping and the reading of cells are pure, in core.
//!
//! The kind is told by the file's first bytes, not its name: XLSX through calamine, UTF-16 through
//! encoding_rs.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use govmat_core::{read_csv, Table};

use crate::error::{Error, Result};

/// Reads `bytes` as the kind of file they are, by their first bytes rather than the file's name
/// (a Forms download renamed by a browser keeps its contents).
pub fn read_table(file_name: &str, bytes: &[u8]) -> Result<Table> {
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(file_name, bytes);
    }
    if let Some(text) = utf16(bytes) {
        return Ok(read_csv(text.as_bytes()));
    }
    Ok(read_csv(bytes))
}

/// UTF-16 text by its byte-order mark, or by the zero bytes every other byte of ASCII text has.
fn utf16(bytes: &[u8]) -> Option<String> {
    let encoding = if bytes.starts_with(b"\xFF\xFE") {
        encoding_rs::UTF_16LE
    } else if bytes.starts_with(b"\xFE\xFF") {
        encoding_rs::UTF_16BE
    } else if bytes.len() >= 4 && bytes[0] != 0 && bytes[1] == 0 && bytes[3] == 0 {
        encoding_rs::UTF_16LE
    } else if bytes.len() >= 4 && bytes[0] == 0 && bytes[2] == 0 && bytes[1] != 0 {
        encoding_rs::UTF_16BE
    } else {
        return None;
    };
    // Malformed sequences become U+FFFD, which the mapping then reports as an unknown column or
    // an off-scale value with its row and column.
    let (text, _, _) = encoding.decode(bytes);
    Some(text.into_owned())
}

/// The first sheet of a workbook, every cell as the text a member would see.
fn read_xlsx(file_name: &str, bytes: &[u8]) -> Result<Table> {
    let bad = |e: String| Error::Invalid(format!("{file_name}: not a readable XLSX workbook: {e}"));
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| bad("it has no sheet".into()))?
        .map_err(|e| bad(e.to_string()))?;
    // Forms write from A1; a sheet that starts lower is numbered from its first used row.
    let left = range.start().map_or(0, |(_, left)| left);
    let mut rows: Vec<Vec<String>> = Vec::new();
    for r in range.rows() {
        let mut cells: Vec<String> = (0..left).map(|_| String::new()).collect();
        cells.extend(r.iter().map(text));
        rows.push(cells);
    }
    Ok(Table::from_rows(rows))
}

fn text(d: &Data) -> String {
    match d {
        Data::Int(i) => i.to_string(),
        // A level typed as a number arrives as a float: 3.0 is the option "3".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(e) => format!("#{e}"),
        Data::Empty => String::new(),
    }
}
