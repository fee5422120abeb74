//! XLSX workbooks from plain tables: a bold, frozen header row, sensible column widths, and
//! every text cell passed through [`crate::cells::spreadsheet_text`] so nothing is evaluated.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
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
        v.map_or(Cell::Empty, |v| Cell::Number(v as f64))
    }
}

#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    /// (header, width in characters)
    pub columns: Vec<(String, f64)>,
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
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name)?;
        for (c, (title, width)) in sheet.columns.iter().enumerate() {
            let c = c as u16;
            ws.set_column_width(c, *width)?;
            ws.write_string_with_format(
                0,
                c,
                crate::cells::spreadsheet_text(title).as_ref(),
                &header,
            )?;
        }
        ws.set_freeze_panes(1, 0)?;
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(t) => {
                        ws.write_string_with_format(
                            r,
                            c,
                            crate::cells::spreadsheet_text(t).as_ref(),
                            &wrap,
                        )?;
                    }
                    Cell::Number(n) => {
                        ws.write_number_with_format(r, c, *n, &number)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        if !sheet.rows.is_empty() {
            ws.autofilter(
                0,
                0,
                sheet.rows.len() as u32,
                sheet.columns.len().saturating_sub(1) as u16,
            )?;
        }
    }
    book.save_to_buffer()
}
