//! Making hostile text safe in spreadsheets.
//!
//! A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to
//! Excel, LibreOffice and Google Sheets. We prefix such text with an apostrophe, the convention
//! those programs show as literal text, so names and comments are never evaluated.

/// Returns the text unchanged unless a spreadsheet would treat it as a formula.
pub fn spreadsheet_text(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
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
