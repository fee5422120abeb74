//! How a report or export was made: the block printed on the PDF's last page, written as the
//! workbook's "Provenance" sheet and as the JSON export's `provenance` object.
//!
//! It is plain data filled in by the caller, who also computes the two hashes; this module only
//! fixes the labels and their order, so every format says the same thing in the same words. It
//! holds counts, never names.

use serde::Serialize;

/// One round's provenance, as the caller computed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// The version of govmat that produced the file.
    pub govmat_version: String,
    pub questionnaire_id: String,
    pub questionnaire_version: u32,
    /// SHA-256 (64 lowercase hex digits) of the questionnaire text stored with the round.
    pub questionnaire_sha256: String,
    pub round: String,
    pub round_date: String,
    /// When the file was produced (passed in; nothing here reads the clock).
    pub produced: Produced,
    /// How many members the round has; never who they are.
    pub members: usize,
    /// The smallest role group whose figures are shown.
    pub min_group: usize,
    /// SHA-256 of the round's anonymised data; see `data_covers`.
    pub data_sha256: String,
    /// What `data_sha256` is computed over, in words.
    pub data_covers: String,
    /// When a decision was last changed (issue 27), or why there is no such time.
    pub decisions_last_changed: String,
    /// Whether the round's decision history verifies, and if not, why.
    pub decision_history: String,
}

/// A value of the block: text, or a count a spreadsheet keeps as a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Count(usize),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Text(t) => f.write_str(t),
            Value::Count(n) => write!(f, "{n}"),
        }
    }
}

impl Provenance {
    /// The block as (label, value) lines, in the order every format shows them.
    pub fn lines(&self) -> Vec<(&'static str, Value)> {
        let text = |s: &str| Value::Text(s.to_string());
        vec![
            ("govmat version", text(&self.govmat_version)),
            ("Questionnaire", text(&self.questionnaire_id)),
            (
                "Questionnaire version",
                Value::Count(self.questionnaire_version as usize),
            ),
            (
                "Questionnaire text SHA-256",
                text(&self.questionnaire_sha256),
            ),
            ("Round", text(&self.round)),
            ("Round date", text(&self.round_date)),
            ("Produced", text(self.produced.as_str())),
            ("Members", Value::Count(self.members)),
            (
                "Anonymity threshold (smallest role group shown)",
                Value::Count(self.min_group),
            ),
            ("Round data SHA-256", text(&self.data_sha256)),
            ("Round data covers", text(&self.data_covers)),
            ("Decisions last changed", text(&self.decisions_last_changed)),
            ("Decision history", text(&self.decision_history)),
        ]
    }
}

/// When a file was produced: the text the caller gave (`YYYY-MM-DD`, optionally followed by
/// ` HH:MM` or ` HH:MM:SS` and a UTC offset `±HH:MM`), read once into its parts, so each format
/// writes the moment its own way without reading another format's text back. A date alone is
/// midnight UTC; text that is none of these is printed as given and carries no date in a file's
/// properties, so a file never claims a moment it was not given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Produced {
    text: String,
    moment: Option<Moment>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Moment {
    date: (u32, u32, u32),
    clock: (u32, u32, u32),
    /// Sign, hours and minutes of the UTC offset.
    offset: (char, u32, u32),
}

impl Produced {
    pub fn new(text: impl Into<String>) -> Produced {
        let text = text.into();
        let moment = read_moment(&text);
        Produced { text, moment }
    }

    /// The text as the caller gave it.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The moment as a PDF date, `D:YYYYMMDDHHmmSS+HH'mm'`: the wall-clock time and its offset
    /// kept, not shifted to UTC.
    pub fn pdf_date(&self) -> Option<String> {
        let Moment {
            date: (y, mo, d),
            clock: (h, mi, s),
            offset: (sign, oh, om),
        } = self.moment?;
        Some(format!(
            "D:{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}{sign}{oh:02}'{om:02}'"
        ))
    }

    /// The moment in ISO 8601 (`2026-12-02T09:05:00+01:00`), as document properties hold it.
    pub fn iso(&self) -> Option<String> {
        let Moment {
            date: (y, mo, d),
            clock: (h, mi, s),
            offset: (sign, oh, om),
        } = self.moment?;
        Some(format!(
            "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{sign}{oh:02}:{om:02}"
        ))
    }
}

impl From<&str> for Produced {
    fn from(text: &str) -> Produced {
        Produced::new(text)
    }
}

impl Serialize for Produced {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

fn read_moment(text: &str) -> Option<Moment> {
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let mut parts = text.split(' ');
    let date: Vec<&str> = parts.next()?.split('-').collect();
    let [y, mo, d] = date[..] else { return None };
    let (y, mo, d) = (num(y)?, num(mo)?, num(d)?);
    if y.to_string().len() != 4 || !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let (mut h, mut mi, mut s) = (0, 0, 0);
    let mut offset = ('+', 0, 0);
    if let Some(clock) = parts.next() {
        let t: Vec<&str> = clock.split(':').collect();
        match t[..] {
            [a, b] => (h, mi) = (num(a)?, num(b)?),
            [a, b, c] => (h, mi, s) = (num(a)?, num(b)?, num(c)?),
            _ => return None,
        }
        if h > 23 || mi > 59 || s > 60 {
            return None;
        }
        let z = parts.next()?;
        let sign = z.chars().next().filter(|c| *c == '+' || *c == '-')?;
        let (oh, om) = z[1..].split_once(':')?;
        let (oh, om) = (num(oh)?, num(om)?);
        if oh > 23 || om > 59 {
            return None;
        }
        offset = (sign, oh, om);
    }
    if parts.next().is_some() {
        return None;
    }
    Some(Moment {
        date: (y, mo, d),
        clock: (h, mi, s),
        offset,
    })
}

#[cfg(test)]
mod tests {
    use super::Produced;

    fn pdf_date(text: &str) -> Option<String> {
        Produced::new(text).pdf_date()
    }

    #[test]
    fn a_local_time_with_its_offset_becomes_a_pdf_date_with_the_same_offset() {
        assert_eq!(
            pdf_date("2026-12-02 09:05 +01:00").as_deref(),
            Some("D:20261202090500+01'00'"),
            "the wall-clock time and its offset are kept, not shifted to UTC"
        );
        assert_eq!(
            pdf_date("2026-07-01 23:59:30 -04:30").as_deref(),
            Some("D:20260701235930-04'30'")
        );
        assert_eq!(
            Produced::new("2026-07-01 23:59:30 -04:30").iso().as_deref(),
            Some("2026-07-01T23:59:30-04:30"),
            "the same moment in ISO 8601, not read back from the PDF's form"
        );
    }

    #[test]
    fn a_date_alone_is_midnight_utc_and_anything_else_gives_no_date() {
        assert_eq!(
            pdf_date("2026-01-01").as_deref(),
            Some("D:20260101000000+00'00'")
        );
        for bad in [
            "",
            "yesterday",
            "2026-13-01",
            "2026-01-01 25:00 +00:00",
            "2026-01-01 10:00",
            "2026-01-01 10:00 +01:00 x",
        ] {
            assert_eq!(pdf_date(bad), None, "{bad:?} is not a produced time");
            assert_eq!(Produced::new(bad).as_str(), bad, "printed as given");
        }
    }
}
