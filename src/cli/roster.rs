//! `govmat roster`: the board roster from the CLI, for consultants who set boards up in batches.
//! Every action takes the facilitator's roster PIN as `collect` does (GOVMAT_PIN, else one line on
//! stdin); members are named, and matched whatever the case or accents.

use std::io::Write;

use anyhow::{bail, Context};
use clap::Subcommand;
use govmat::{Govmat, Role, RoundRef};

use super::say;

#[derive(Subcommand)]
pub enum Roster {
    /// Choose the board's roster PIN (once; it cannot be replaced from here).
    SetPin {
        #[arg(long)]
        org: String,
    },
    /// The roster; with --round, where each member stands in that round.
    List {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Add a member (chair, non-executive, executive or other).
    Add {
        #[arg(long)]
        org: String,
        name: String,
        #[arg(long)]
        role: String,
    },
    /// Import a roster file (CSV or XLSX with Name and Role columns), whole or not at all.
    Import {
        #[arg(long)]
        org: String,
        file: std::path::PathBuf,
    },
    /// Rename a member on the roster and in the board's open rounds.
    Rename {
        #[arg(long)]
        org: String,
        name: String,
        new_name: String,
    },
    /// Change a member's role on the roster and in the board's open rounds.
    Role {
        #[arg(long)]
        org: String,
        name: String,
        role: String,
    },
    /// Merge one member into another: prints the conflicts, and merges only with --yes.
    Merge {
        #[arg(long)]
        org: String,
        from: String,
        into: String,
        #[arg(long)]
        yes: bool,
    },
    /// Remove a member from the roster and their answers from the board's open rounds.
    Remove {
        #[arg(long)]
        org: String,
        name: String,
    },
}

fn role(text: &str) -> anyhow::Result<Role> {
    Role::parse(text).with_context(|| {
        format!("\"{text}\" is not a role: give chair, non-executive, executive or other")
    })
}

fn member(g: &mut Govmat, org: i64, pin: &str, name: &str) -> anyhow::Result<i64> {
    g.roster(org, pin, govmat::unix_now(), None)?
        .into_iter()
        .find(|m| m.id.is_some() && govmat::same_name(&m.name, name))
        .and_then(|m| m.id)
        .with_context(|| format!("\"{name}\" is not on the roster"))
}

pub fn run(
    g: &mut Govmat,
    action: &Roster,
    read_pin: fn() -> anyhow::Result<String>,
) -> anyhow::Result<()> {
    let org_name = match action {
        Roster::SetPin { org }
        | Roster::List { org, .. }
        | Roster::Add { org, .. }
        | Roster::Import { org, .. }
        | Roster::Rename { org, .. }
        | Roster::Role { org, .. }
        | Roster::Merge { org, .. }
        | Roster::Remove { org, .. } => org,
    };
    let org = g.organisation_named(org_name)?.id;
    let pin = read_pin()?;
    let now = govmat::unix_now();
    match action {
        Roster::SetPin { .. } => {
            g.set_roster_pin(org, &pin)?;
            say!("\"{org_name}\" has a roster PIN now");
        }
        Roster::List { round, json, .. } => {
            let round_id = match round {
                Some(r) => Some(
                    g.resolve(&RoundRef {
                        org: org_name.clone(),
                        round: r.clone(),
                    })?
                    .1
                    .id,
                ),
                None => None,
            };
            let members = g.roster(org, &pin, now, round_id)?;
            if *json {
                say!("{}", serde_json::to_string_pretty(&members)?);
            } else {
                for m in &members {
                    let state = match m.state {
                        Some(govmat::RoundState::NotStarted) => "  not started".to_string(),
                        Some(govmat::RoundState::Started) => "  started".to_string(),
                        Some(govmat::RoundState::Finished) => "  finished".to_string(),
                        None => String::new(),
                    };
                    say!("{}\t{}{state}", m.name, m.role.as_str());
                }
            }
        }
        Roster::Add { name, role: r, .. } => {
            g.add_to_roster(org, &pin, now, name, role(r)?)?;
            say!("added \"{}\" to the roster", govmat::display_name(name));
        }
        Roster::Import { file, .. } => {
            let (_, bytes) = govmat::read_import_file(file)?;
            let got = g.import_roster(org, &pin, now, &file.display().to_string(), &bytes)?;
            say!(
                "imported {}: {} added, {} already on the roster",
                file.display(),
                got.added,
                got.already
            );
        }
        Roster::Rename { name, new_name, .. } => {
            let id = member(g, org, &pin, name)?;
            g.rename_roster_member(org, &pin, now, id, new_name)?;
            say!(
                "renamed \"{name}\" to \"{}\"",
                govmat::display_name(new_name)
            );
        }
        Roster::Role { name, role: r, .. } => {
            let id = member(g, org, &pin, name)?;
            g.set_roster_role(org, &pin, now, id, role(r)?)?;
            say!("\"{name}\" is now {r}");
        }
        Roster::Merge {
            from, into, yes, ..
        } => {
            let (a, b) = (member(g, org, &pin, from)?, member(g, org, &pin, into)?);
            let plan = if *yes {
                g.merge_roster_members(org, &pin, now, a, b)?
            } else {
                g.merge_plan(org, &pin, now, a, b)?
            };
            for c in &plan.conflicts {
                say!(
                    "answered differently in {}, {}: the answer of \"{}\" is kept",
                    c.round,
                    c.item,
                    plan.into
                );
            }
            if *yes {
                say!("merged \"{}\" into \"{}\"", plan.from, plan.into);
            } else {
                bail!(
                    "nothing merged yet: {} to combine, {}; run again with --yes to merge",
                    govmat_core::plural(plan.rounds.len(), "round", "rounds"),
                    govmat_core::plural(plan.conflicts.len(), "conflict", "conflicts")
                );
            }
        }
        Roster::Remove { name, .. } => {
            let id = member(g, org, &pin, name)?;
            g.remove_roster_member(org, &pin, now, id)?;
            say!("removed \"{name}\" from the roster and the open rounds");
        }
    }
    Ok(())
}
