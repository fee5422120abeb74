//! Making hostile text safe in spreadsheets.
//!
//! A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to
//! Excel, LibreOffice and Google Sheets when it is typed or read from a CSV. A CSV has no cell
//! types, so [`spreadsheet_text`] prefixes such text with an apostrophe, the convention those
//! programs show as literal text. An XLSX cell has a type: the workbook writes text as a string
//! cell, which no program evaluates, and needs no apostrophe (see `xlsx.rs`).
//!
//! Only text goes through here: a number such as `-0.50` is a number, not an attack.

/// Whether a spreadsheet would read this text as the start of a formula.
pub fn starts_like_formula(text: &str) -> bool {
    matches!(
        text.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    )
}

/// Returns the text unchanged unless a spreadsheet would treat it as a formula, for a CSV cell.
pub fn spreadsheet_text(text: &str) -> std::borrow::Cow<'_, str> {
    if starts_like_formula(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_text;

    #[test]
    fn formula_starts_are_neutralised_and_plain_text_is_not() {
        for (input, want) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Siôn Ŵyn", "Siôn Ŵyn"),
            ("O'Brien & Co <b>", "O'Brien & Co <b>"),
            ("", ""),
        ] {
            assert_eq!(spreadsheet_text(input), want, "cell {input:?}");
        }
    }
}
