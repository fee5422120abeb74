//! The CLI side of the Forms import: printing the mapping for `import --dry-run`, reading a saved
//! mapping, and writing the Forms template.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use govmat::{ColumnUse, Govmat, ImportPreview};

use super::say;

pub fn read_map(path: &Path) -> anyhow::Result<(String, String)> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the mapping file", path.display()))?;
    Ok((path.display().to_string(), text))
}

fn describe(to: &ColumnUse) -> String {
    match to {
        ColumnUse::Respondent => "respondent".into(),
        ColumnUse::Name => "member's name".into(),
        ColumnUse::Email => "member's email".into(),
        ColumnUse::ResponseId => "response id".into(),
        ColumnUse::Role => "role".into(),
        ColumnUse::Item(id) => format!("item {id}"),
        ColumnUse::Comment(id) => format!("comment on {id}"),
        ColumnUse::Now(id) => format!("spectrum now: {id}"),
        ColumnUse::Aspiration(id) => format!("spectrum aspiration: {id}"),
        ColumnUse::Ignored => "ignored".into(),
    }
}

/// The mapping, the columns left out and why, every problem, and what would be imported.
/// Exits non-zero (an error) when the import would be refused.
pub fn print_preview(p: &ImportPreview) -> anyhow::Result<()> {
    say!("mapping of {}:", p.file);
    for c in &p.mapping.columns {
        match &c.to {
            Some(ColumnUse::Ignored) => {
                say!(
                    "  column {:>2} {:?}: ignored ({})",
                    c.letter,
                    c.header,
                    c.how
                )
            }
            Some(to) => say!(
                "  column {:>2} {:?} -> {} ({})",
                c.letter,
                c.header,
                describe(to),
                c.how
            ),
            None => say!(
                "  column {:>2} {:?}: NOT MAPPED: {}",
                c.letter,
                c.header,
                c.how
            ),
        }
    }
    if !p.without_column.is_empty() {
        say!(
            "no column answers {} (left unanswered; map a column to it with --map):",
            govmat_core::plural(p.without_column.len(), "question", "questions")
        );
        for q in &p.without_column {
            say!("  {}. {} ({})", q.number, q.title, q.id);
        }
    }
    if !p.already.is_empty() {
        say!(
            "already in the round, left as they are (--replace, with the roster PIN, replaces them):"
        );
        for line in &p.already {
            say!("  {line}");
        }
    }
    if p.problems.is_empty() {
        say!(
            "dry run: {} would be imported ({} new, {} replaced, {} already in the round); nothing was written",
            govmat_core::plural(p.added + p.replaced, "response", "responses"),
            p.added,
            p.replaced,
            p.already.len()
        );
        Ok(())
    } else {
        anyhow::bail!(
            "{}; the import would be refused (nothing was written):\n{}",
            govmat_core::plural(p.problems.len(), "problem", "problems"),
            p.problems.join("\n")
        )
    }
}

/// Writes the guide to `out` and the header CSV beside it (`out` with the extension `.csv`).
pub fn write_template(g: &Govmat, questionnaire: &str, out: &Path) -> anyhow::Result<()> {
    let t = g.forms_template(questionnaire)?;
    let csv = out.with_extension("csv");
    anyhow::ensure!(
        csv != out,
        "--out must not end in .csv: the CSV is written beside it"
    );
    govmat::write_atomically(out, t.guide.as_bytes())?;
    govmat::write_atomically(&csv, t.csv.as_bytes())?;
    say!(
        "wrote {} ({} questions with their options) and {} (the headers import maps)",
        out.display(),
        t.questions.len(),
        csv.display()
    );
    Ok(())
}
