//! `govmat check` and `govmat questionnaires`: a questionnaire file checked and described as a
//! member will read it, and the list of questionnaires on offer (with `--json`, their outlines and
//! levels). Neither opens the database.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::args::Cli;
use super::say;

/// `check`: whether the file is a questionnaire, what it holds, and its levels.
pub fn check(file: &Path) -> anyhow::Result<()> {
    let (i, _) = govmat::read_questionnaire(file)?;
    say!(
        "{}: ok — {} v{} \"{}\": {} areas, {} items",
        file.display(),
        i.id,
        i.version,
        i.title,
        i.areas.len(),
        i.item_count()
    );
    print_levels(&i)?;
    Ok(())
}

/// `questionnaires`: the shipped ones and the consultant's, as a table or with `--json` as outlines.
pub fn list(cli: &Cli, json: bool) -> anyhow::Result<()> {
    let folder = cli
        .questionnaires
        .clone()
        .unwrap_or_else(govmat::default_questionnaire_dir);
    let cat = govmat::Catalogue::with_folder(Some(&folder))?;
    let list: Vec<_> = cat
        .entries()
        .iter()
        .map(|e| govmat::InstrumentOutline::of(&e.instrument))
        .collect();
    if json {
        let with_levels = cat
            .entries()
            .iter()
            .zip(&list)
            .map(|(e, o)| outline_with_levels(&e.instrument, o))
            .collect::<anyhow::Result<Vec<_>>>()?;
        say!("{}", serde_json::to_string_pretty(&with_levels)?);
    } else {
        for (o, e) in list.iter().zip(cat.entries()) {
            let items: usize = o.areas.iter().map(|a| a.items.len()).sum();
            say!(
                "{:<28} v{:<3} {:<9} {:>2} areas {:>3} items  {}",
                o.id,
                o.version,
                o.kind,
                o.areas.len(),
                items,
                o.title
            );
            if e.origin != "shipped" {
                say!("{:<28} from {}", "", e.origin);
            }
        }
    }
    left_out(&cat)
}

/// `questionnaires` lists what it could read, then fails naming every file it left out, so a
/// consultant's broken file is never mistaken for a missing one.
fn left_out(cat: &govmat::Catalogue) -> anyhow::Result<()> {
    if cat.problems().is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "{} left out, each with its problems:\n{}",
        govmat_core::plural(
            cat.problems().len(),
            "questionnaire file was",
            "questionnaire files were"
        ),
        cat.problems().join("\n")
    )
}

/// `check` shows what a member will read: each item's five descriptions, or that the item falls
/// back to the scale's generic ones.
fn print_levels(i: &govmat::Instrument) -> anyhow::Result<()> {
    let own = i.items().filter(|it| it.has_own_levels()).count();
    say!(
        "{own} of {} items describe every level in their own words; the others use the scale's descriptors",
        i.item_count()
    );
    for item in i.items().filter(|it| it.has_own_levels()) {
        say!("\n{} ({})", item.title, item.id);
        for l in item.levels_or_scale(&i.scale) {
            say!("  {} {}: {}", l.value, l.label, l.descriptor);
        }
    }
    Ok(())
}

/// `questionnaires --json`: the outline the desktop app also lists, with each item's levels as a
/// member reads them (`levels`, the item's own or else the scale's) and whether they are its own.
fn outline_with_levels(
    i: &govmat::Instrument,
    outline: &govmat::InstrumentOutline,
) -> anyhow::Result<serde_json::Value> {
    let mut value = serde_json::to_value(outline)?;
    let areas = value["areas"]
        .as_array_mut()
        .context("an outline lists its areas")?;
    for (area, a) in areas.iter_mut().zip(&i.areas) {
        let items = area["items"]
            .as_array_mut()
            .context("an outline area lists its items")?;
        for (entry, it) in items.iter_mut().zip(&a.items) {
            entry["own_levels"] = it.has_own_levels().into();
            entry["levels"] = serde_json::to_value(it.levels_or_scale(&i.scale))?;
        }
    }
    Ok(value)
}
