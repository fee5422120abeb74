//! A board roster from a CSV: a header row naming the name column ("Name", "Member", "Name or
//! code") and the role column ("Role"), then one member per row. Problems name the row and the
//! fault; a file with any problem is refused whole.

use super::cells::parse_role;
use super::table::Table;
use crate::answer::Role;
use crate::names::{display_name, name_key};

/// One row of a roster file.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterLine {
    pub row: usize,
    pub name: String,
    pub role: Role,
}

fn header_is(cell: &Option<String>, names: &[&str]) -> bool {
    cell.as_deref()
        .map(|h| names.contains(&name_key(h).as_str()))
        .unwrap_or(false)
}

/// Reads the members of a roster table, or every problem found (row, fault).
pub fn parse_roster(table: &Table) -> Result<Vec<RosterLine>, Vec<String>> {
    let mut problems: Vec<String> = table
        .broken
        .iter()
        .map(|(row, why)| format!("row {row}: cannot be read ({why})"))
        .collect();
    let name_col = table
        .headers
        .iter()
        .position(|h| header_is(h, &["name", "member", "name or code", "code"]));
    let role_col = table.headers.iter().position(|h| header_is(h, &["role"]));
    let (Some(name_col), Some(role_col)) = (name_col, role_col) else {
        // Say what the header does hold: the usual fault is a sheet with other headings.
        let found: Vec<String> = table
            .headers
            .iter()
            .map(|h| format!("\"{}\"", h.as_deref().unwrap_or("").trim()))
            .collect();
        problems.push(format!(
            "row 1: the header must name a \"Name\" column and a \"Role\" column; this file's header is {}",
            if found.is_empty() {
                "empty".to_string()
            } else {
                found.join(", ")
            }
        ));
        return Err(problems);
    };
    let mut lines: Vec<RosterLine> = Vec::new();
    for row in &table.rows {
        let cell = |i: usize| row.cells.get(i).cloned().unwrap_or(Some(String::new()));
        let (Some(name), Some(role)) = (cell(name_col), cell(role_col)) else {
            problems.push(format!("row {}: a cell is not valid UTF-8 text", row.row));
            continue;
        };
        let name = display_name(&name);
        if name.is_empty() && role.trim().is_empty() {
            continue;
        }
        if name.is_empty() {
            problems.push(format!("row {}: the name is empty", row.row));
            continue;
        }
        if name.chars().count() > super::MAX_TEXT {
            problems.push(format!(
                "row {}: the name is longer than {} characters",
                row.row,
                super::MAX_TEXT
            ));
            continue;
        }
        if role.trim().is_empty() {
            problems.push(format!("row {}: the role of \"{name}\" is empty", row.row));
            continue;
        }
        let Some(role) = parse_role(&role) else {
            problems.push(format!(
                "row {}: \"{}\" is not a role (chair, non-executive, executive or other)",
                row.row,
                role.trim()
            ));
            continue;
        };
        if let Some(first) = lines.iter().find(|l| name_key(&l.name) == name_key(&name)) {
            problems.push(format!(
                "row {}: \"{name}\" is the same member as \"{}\" on row {}",
                row.row, first.name, first.row
            ));
            continue;
        }
        lines.push(RosterLine {
            row: row.row,
            name,
            role,
        });
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::read_csv;

    #[test]
    fn a_roster_file_gives_its_members_and_refuses_repeats_by_row() {
        let t = read_csv(
            "Name,Role\nSiân Jones,Chair\n  Ravi  Patel ,Non-executive director\n\n".as_bytes(),
        );
        let lines = parse_roster(&t).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].name, "Ravi Patel");
        assert_eq!(lines[1].role, Role::NonExecutive);

        let t = read_csv("Member;Role\nSiân;chair\nSIAN;executive\nBo;pilot\n;other\n".as_bytes());
        let problems = parse_roster(&t).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("row 3:") && problems[0].contains("row 2"));
        assert!(problems[1].starts_with("row 4:") && problems[1].contains("pilot"));
        assert!(problems[2].starts_with("row 5:"));

        let t = read_csv("Who,Job\nA,chair\n".as_bytes());
        let header = &parse_roster(&t).unwrap_err()[0];
        assert!(
            header.starts_with("row 1:")
                && header.ends_with("this file's header is \"Who\", \"Job\""),
            "a wrong header is refused and echoed, so the secretary sees what was read: {header}"
        );
    }
}
