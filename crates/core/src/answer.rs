//! What a board member can say about one item, and who they are.

use serde::{Deserialize, Serialize};

/// One member's answer to one item. "Don't know" is a real answer but is never scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Answer {
    Level(i64),
    DontKnow,
    Unanswered,
}

/// Board roles, used for the role split and to group members in charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Chair,
    NonExecutive,
    Executive,
    Other,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Chair,
        Role::NonExecutive,
        Role::Executive,
        Role::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Chair => "chair",
            Role::NonExecutive => "non-executive",
            Role::Executive => "executive",
            Role::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Chair => "Chair",
            Role::NonExecutive => "Non-executive",
            Role::Executive => "Executive",
            Role::Other => "Other",
        }
    }

    /// Accepts the spellings people type into forms ("NED", "Non executive director", "Exec").
    pub fn parse(text: &str) -> Option<Role> {
        let t: String = text
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c == '_' || c == ' ' { '-' } else { c })
            .collect();
        match t.as_str() {
            "chair" | "chairman" | "chairwoman" | "chairperson" | "chair-person" => {
                Some(Role::Chair)
            }
            "non-executive" | "nonexecutive" | "non-exec" | "ned" | "non-executive-director" => {
                Some(Role::NonExecutive)
            }
            "executive" | "exec" | "executive-director" | "ed" => Some(Role::Executive),
            "other" | "company-secretary" | "associate" | "observer" => Some(Role::Other),
            _ => None,
        }
    }
}

/// Whether a string is a calendar date written YYYY-MM-DD.
///
/// The shape is checked by hand, byte by byte, because a number parser is too forgiving: it would
/// read `+1` as a month. Whether the day exists (month lengths, leap years) is left to the `time`
/// crate, already built for the PDF, with its default features off so nothing here can read the
/// clock.
pub fn is_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shape {
        return false;
    }
    // At most four digits, so every part fits the narrow types `time` asks for.
    let digits =
        |r: std::ops::Range<usize>| b[r].iter().fold(0u16, |n, c| n * 10 + u16::from(c - b'0'));
    let Ok(month) = time::Month::try_from(digits(5..7) as u8) else {
        return false;
    };
    time::Date::from_calendar_date(i32::from(digits(0..4)), month, digits(8..10) as u8).is_ok()
}

#[cfg(test)]
mod tests {
    use super::is_iso_date;

    fn check(text: &str, want: bool) {
        assert_eq!(is_iso_date(text), want, "is {text:?} a calendar date?");
    }

    #[test]
    fn real_calendar_dates_are_accepted() {
        for text in [
            "2026-04-01",
            "2026-01-31",
            "2026-12-31",
            "2024-02-29",
            "2000-02-29",
            "2026-02-28",
            "2026-04-30",
            "0001-01-01",
        ] {
            check(text, true);
        }
    }

    #[test]
    fn impossible_or_misshapen_dates_are_refused() {
        for text in [
            "2026-+1-+5",
            "+026-01-05",
            "2026-1-05x",
            "2026-02-30",
            "2026-02-29",
            "1900-02-29",
            "2026-04-31",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "2026-01-32",
            "2026/01/05",
            "2026-01-5",
            "2026-01-05 ",
            " 2026-01-05",
            "2026-0١-05",
            "",
        ] {
            check(text, false);
        }
    }
}
