//! A spreadsheet as rows of text cells: what every importer reads, whatever the file was.
//!
//! The CSV reader lives here (the `csv` crate is pure); XLSX and UTF-16 files are decoded into a
//! [`Table`] by the root API, which owns file reading. A cell that was not valid UTF-8 is kept as
//! `None` so the importer can name its row and column instead of guessing at its text.
//!
//! The CSV separator (comma, semicolon or tab) is guessed from the file, as locales' exports
//! differ.

/// One sheet: the header row, then every later row with its 1-based row number in the file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub headers: Vec<Option<String>>,
    pub rows: Vec<TableRow>,
    /// Rows the reader could not read at all (a broken quote, for example), with the reason.
    pub broken: Vec<(usize, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    /// 1-based; the header is row 1.
    pub row: usize,
    pub cells: Vec<Option<String>>,
}

impl Table {
    /// Builds a table from text cells, the header first (XLSX sheets arrive this way).
    pub fn from_rows(rows: Vec<Vec<String>>) -> Table {
        let mut it = rows.into_iter();
        let headers = it
            .next()
            .map(|h| h.into_iter().map(Some).collect())
            .unwrap_or_default();
        let rows = it
            .enumerate()
            .map(|(i, cells)| TableRow {
                row: i + 2,
                cells: cells.into_iter().map(Some).collect(),
            })
            .collect();
        Table {
            headers,
            rows,
            broken: Vec::new(),
        }
    }
}

/// Reads CSV bytes (UTF-8, with or without a byte-order mark). The separator is the one the
/// header row uses most among `,`, `;` and tab, because Excel in many European locales writes `;`
/// and its "Unicode text" writes tabs.
pub fn read_csv(bytes: &[u8]) -> Table {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator(bytes))
        .from_reader(bytes);
    let mut table = Table::default();
    for (index, record) in reader.byte_records().enumerate() {
        let row = index + 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                table.broken.push((row, e.to_string()));
                continue;
            }
        };
        let cells: Vec<Option<String>> = record
            .iter()
            .map(|f| std::str::from_utf8(f).ok().map(str::to_string))
            .collect();
        if row == 1 {
            table.headers = cells;
        } else {
            table.rows.push(TableRow { row, cells });
        }
    }
    table
}

/// The separator of the first line outside quotes: the most frequent of `,`, `;` and tab, with
/// `,` winning ties (a one-column file has none of them).
fn separator(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in bytes.iter().take(64 * 1024) {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    seps[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolon_files_from_european_excel_are_split_on_semicolons() {
        let t = read_csv("Name;Q1\n\"Dupont, Anne\";3\n".as_bytes());
        assert_eq!(t.headers.len(), 2, "two columns, not one");
        assert_eq!(
            t.rows[0].cells[0].as_deref(),
            Some("Dupont, Anne"),
            "a comma inside a cell stays in the cell"
        );
    }

    #[test]
    fn a_cell_that_is_not_utf8_is_kept_as_none_for_its_row_and_column() {
        let t = read_csv(b"a,b\n1,\xff\n");
        assert_eq!(t.rows[0].row, 2);
        assert_eq!(t.rows[0].cells[1], None);
    }
}
