//! XLSX workbooks from plain tables: a bold, frozen header row (and an optional second one),
//! sensible column widths, numbers as number cells, dates as date cells shown as a UK reader
//! writes them (31/03/2027, so they sort and filter as dates) and text as string cells.
//!
//! A string cell is never a formula, whatever it starts with: `write_string` stores it in the
//! shared strings table and the sheet never gets an `<f>` element. So the text is written as it
//! is, without the apostrophe a CSV needs. Text that starts like a formula also gets Excel's
//! "quote prefix" style, which is not a character in the cell: it keeps the cell text when
//! someone opens it for editing and presses Enter, where Excel would otherwise evaluate it then.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// How a date cell is shown: as the UK writes a date.
pub const DATE_FORMAT: &str = "dd/mm/yyyy";

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A measured figure (a mean, a gap), shown to two decimals.
    Number(f64),
    /// A count or a level, shown as a whole number.
    Integer(i64),
    /// A calendar date (year, month, day), already checked to be one: a date cell shown as
    /// [`DATE_FORMAT`].
    Date(u16, u8, u8),
    Empty,
}

impl Cell {
    /// A date cell from text that is exactly an ISO date (`2027-03-31`) of a real day; other
    /// text (a time after the date, a sentence) stays text, its leading date written as the UK
    /// does (`crate::document::uk_date`); empty text is an empty cell.
    pub fn date(text: &str) -> Cell {
        if text.is_empty() {
            return Cell::Empty;
        }
        let part = |r: std::ops::Range<usize>| {
            text.get(r)
                .filter(|p| p.bytes().all(|b| b.is_ascii_digit()))
        };
        if text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-' {
            if let (Some(y), Some(m), Some(d)) = (part(0..4), part(5..7), part(8..10)) {
                let (y, m, d) = (
                    y.parse().unwrap_or(0),
                    m.parse().unwrap_or(0),
                    d.parse().unwrap_or(0),
                );
                if ExcelDateTime::from_ymd(y, m, d).is_ok() {
                    return Cell::Date(y, m, d);
                }
            }
        }
        Cell::Text(crate::document::uk_date(text))
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<Option<f64>> for Cell {
    fn from(v: Option<f64>) -> Cell {
        v.map_or(Cell::Empty, Cell::Number)
    }
}

impl From<Option<i64>> for Cell {
    fn from(v: Option<i64>) -> Cell {
        v.map_or(Cell::Empty, Cell::Integer)
    }
}

#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    /// (header, width in characters)
    pub columns: Vec<(String, f64)>,
    /// A second header row under the column titles, bold and frozen like them; empty for none.
    pub subheader: Vec<Cell>,
    pub rows: Vec<Vec<Cell>>,
}

/// The workbook as XLSX bytes.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color("#E8EDEE")
        .set_text_wrap();
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let number = Format::new()
        .set_num_format("0.00")
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let whole = Format::new()
        .set_num_format("0")
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let date = Format::new()
        .set_num_format(DATE_FORMAT)
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let formats = Formats {
        text: &wrap,
        number: &number,
        whole: &whole,
        date: &date,
    };
    let heads = Formats {
        text: &header,
        number: &header,
        whole: &header,
        date: &header,
    };
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name)?;
        for (c, (title, width)) in sheet.columns.iter().enumerate() {
            let c = c as u16;
            ws.set_column_width(c, *width)?;
            write(ws, 0, c, &Cell::from(title.as_str()), &heads)?;
        }
        let heading = if sheet.subheader.is_empty() { 1 } else { 2 };
        for (c, cell) in sheet.subheader.iter().enumerate() {
            write(ws, 1, c as u16, cell, &heads)?;
        }
        ws.set_freeze_panes(heading, 0)?;
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + heading;
            for (c, cell) in row.iter().enumerate() {
                write(ws, r, c as u16, cell, &formats)?;
            }
        }
        if !sheet.rows.is_empty() {
            // The filter sits on the last header row, so the rows it sorts are the data alone.
            ws.autofilter(
                heading - 1,
                0,
                sheet.rows.len() as u32 + heading - 1,
                sheet.columns.len().saturating_sub(1) as u16,
            )?;
        }
    }
    book.save_to_buffer()
}

/// The formats of a row's cells, by kind.
struct Formats<'a> {
    text: &'a Format,
    number: &'a Format,
    whole: &'a Format,
    date: &'a Format,
}

/// Writes one cell: text as a string cell (quote-prefixed where it starts like a formula),
/// a number as a number cell, a date as a date cell, nothing for an empty one.
fn write(ws: &mut Worksheet, r: u32, c: u16, cell: &Cell, f: &Formats) -> Result<(), XlsxError> {
    let Formats {
        text,
        number,
        whole,
        date,
    } = *f;
    match cell {
        Cell::Text(t) if crate::cells::starts_like_formula(t) => {
            ws.write_string_with_format(r, c, t, &text.clone().set_quote_prefix())?;
        }
        Cell::Text(t) => {
            ws.write_string_with_format(r, c, t, text)?;
        }
        Cell::Number(n) => {
            ws.write_number_with_format(r, c, *n, number)?;
        }
        Cell::Integer(n) => {
            ws.write_number_with_format(r, c, *n as f64, whole)?;
        }
        Cell::Date(y, m, d) => {
            ws.write_datetime_with_format(r, c, ExcelDateTime::from_ymd(*y, *m, *d)?, date)?;
        }
        Cell::Empty => {}
    }
    Ok(())
}
