//! XLSX workbooks from plain tables: a bold, frozen header row (and an optional second one),
//! sensible column widths, numbers as number cells and text as string cells.
//!
//! A string cell is never a formula, whatever it starts with: `write_string` stores it in the
//! shared strings table and the sheet never gets an `<f>` element. So the text is written as it
//! is, without the apostrophe a CSV needs. Text that starts like a formula also gets Excel's
//! "quote prefix" style, which is not a character in the cell: it keeps the cell text when
//! someone opens it for editing and presses Enter, where Excel would otherwise evaluate it then.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A measured figure (a mean, a gap), shown to two decimals.
    Number(f64),
    /// A count or a level, shown as a whole number.
    Integer(i64),
    Empty,
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
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name)?;
        for (c, (title, width)) in sheet.columns.iter().enumerate() {
            let c = c as u16;
            ws.set_column_width(c, *width)?;
            write(
                ws,
                0,
                c,
                &Cell::from(title.as_str()),
                &header,
                &header,
                &header,
            )?;
        }
        let heading = if sheet.subheader.is_empty() { 1 } else { 2 };
        for (c, cell) in sheet.subheader.iter().enumerate() {
            write(ws, 1, c as u16, cell, &header, &header, &header)?;
        }
        ws.set_freeze_panes(heading, 0)?;
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + heading;
            for (c, cell) in row.iter().enumerate() {
                write(ws, r, c as u16, cell, &wrap, &number, &whole)?;
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

/// Writes one cell: text as a string cell (quote-prefixed where it starts like a formula),
/// a number as a number cell, nothing for an empty one.
fn write(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    cell: &Cell,
    text: &Format,
    number: &Format,
    whole: &Format,
) -> Result<(), XlsxError> {
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
        Cell::Empty => {}
    }
    Ok(())
}
