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
pub fn is_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| text[r].parse::<u32>().ok();
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    if !text[0..4].chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}
